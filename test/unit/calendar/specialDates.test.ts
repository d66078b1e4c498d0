/**
 * The team's special-dates data (resources/calendar): it parses, its dates agree with the calendar rules they come
 * from (weekday rules, lunar festivals, statutory day counts, 清明 on its solar term), and a range lists the
 * entries and solar terms it touches.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, weekdayOf, type LocalDate } from '../../../shared/domain/calendar/localTime';
import { solarTerm } from '../../../shared/domain/calendar/solarTerms';
import {
  specialDatesBetween,
  specialDatesOn,
  type SpecialDatesFile,
} from '../../../shared/domain/calendar/specialDates';
import {
  loadSpecialDatesFiles,
  parseSpecialDatesFile,
} from '../../../electron/main/services/calendarSpecialDates';
import { AppError } from '../../../shared/ipc/errors';

const dataDir = join(new URL('../../../', import.meta.url).pathname, 'resources', 'calendar');

function loadData(): SpecialDatesFile[] {
  return loadSpecialDatesFiles(dataDir);
}

function entry(files: SpecialDatesFile[], id: string) {
  const found = files.flatMap((file) => file.dates).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
}

/** The n-th given weekday (1 = Monday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): LocalDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

describe('special dates data', () => {
  it('parses, covers Nov 2026 – Dec 2027 and has topics in both languages for every entry and term', () => {
    const files = loadData();
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file!.covers).toEqual({ from: '2026-11-01', to: '2027-12-31' });
    for (const date of file!.dates) {
      expect(date.topics['zh-CN'].length, date.id).toBeGreaterThan(0);
      expect(date.topics.en.length, date.id).toBe(date.topics['zh-CN'].length);
      expect(date.from >= file!.covers.from && date.to <= file!.covers.to, date.id).toBe(true);
    }
    expect(Object.keys(file!.solarTermTopics)).toHaveLength(24);
  });

  it('has the statutory days off of 2027 and the commerce dates on their days', () => {
    const files = loadData();
    const span = (id: string) => {
      const { from, to } = entry(files, id);
      return datesBetween(from, to);
    };
    expect(span('2027-new-year')).toEqual(['2027-01-01']);
    // 春节: 除夕 to 初三; 正月初一 2027 is 6 February.
    expect(span('2027-spring-festival')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(entry(files, '2027-lantern-festival').from).toBe(addDays('2027-02-06', 14));
    expect(span('2027-qingming')).toEqual([solarTerm(2027, 'qingming').date]);
    expect(span('2027-labour-day')).toEqual(['2027-05-01', '2027-05-02']);
    expect(span('2027-national-day')).toEqual(['2027-10-01', '2027-10-02', '2027-10-03']);
    // 中秋 (八月十五) comes 38 days after 七夕 (七月初七) when 七月 has 30 days, as in 2027.
    expect(addDays(entry(files, '2027-qixi').from, 38)).toBe(entry(files, '2027-mid-autumn').from);
    for (const [id, monthDay] of [
      ['2026-double-11', '11-11'],
      ['2026-double-12', '12-12'],
      ['2027-520', '05-20'],
      ['2027-618', '06-18'],
      ['2027-double-11', '11-11'],
      ['2027-double-12', '12-12'],
    ] as const) {
      expect(entry(files, id).from.slice(5), id).toBe(monthDay);
    }
    expect(entry(files, '2027-mothers-day').from).toBe(nthWeekday(2027, 5, 7, 2));
    expect(entry(files, '2027-fathers-day').from).toBe(nthWeekday(2027, 6, 7, 3));
    expect(entry(files, '2026-thanksgiving').from).toBe(nthWeekday(2026, 11, 4, 4));
    expect(entry(files, '2027-thanksgiving').from).toBe(nthWeekday(2027, 11, 4, 4));
    expect(entry(files, '2027-black-friday').from).toBe(addDays(entry(files, '2027-thanksgiving').from, 1));
    // Adjusted working days are added once announced; any listed must be a weekend day outside the holidays.
    const holidays = new Set(
      files
        .flatMap((file) => file.dates.filter((date) => date.kind === 'holiday'))
        .flatMap((date) => datesBetween(date.from, date.to)),
    );
    for (const workday of files.flatMap((file) => file.dates.filter((date) => date.kind === 'workday'))) {
      for (const day of datesBetween(workday.from, workday.to)) {
        expect(weekdayOf(day)).toBeGreaterThanOrEqual(6);
        expect(holidays.has(day)).toBe(false);
      }
    }
  });

  it('lists the entries and solar terms a week touches, in date order', () => {
    const files = loadData();
    const week = specialDatesBetween(files, { from: '2026-12-21', to: '2026-12-27' });
    expect(week.map((special) => [special.kind, special.from, special.name['zh-CN']])).toEqual([
      ['solar_term', '2026-12-22', '冬至'],
      ['festival', '2026-12-24', '平安夜'],
      ['festival', '2026-12-25', '圣诞节'],
    ]);
    const dongzhi = week[0]!;
    expect(dongzhi.id).toBe('2026-dongzhi');
    expect(dongzhi.topics['zh-CN']).toContain('冬至饺子还是汤圆');
    expect(dongzhi.solarTerm?.at.startsWith('2026-12-21T20:')).toBe(true);

    const springWeek = specialDatesBetween(files, { from: '2027-02-01', to: '2027-02-07' });
    expect(specialDatesOn(springWeek, '2027-02-06').map((special) => special.name.en)).toEqual([
      'Spring Festival',
    ]);
    expect(specialDatesOn(springWeek, '2027-02-04').map((special) => special.name['zh-CN'])).toEqual([
      '立春',
    ]);
    // A span that starts before the range still shows.
    expect(
      specialDatesBetween(files, { from: '2027-01-20', to: '2027-01-21' }).map((special) => special.id),
    ).toEqual(['2027-new-year-goods', '2027-dahan']);
  });

  it('refuses a broken data file, naming it and the problem', () => {
    const expectBroken = (content: string, problem: RegExp) => {
      try {
        parseSpecialDatesFile('special-dates-test.json', content);
        throw new Error('expected a failure');
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).messageKey).toBe('calendar.errors.specialDatesFile');
        expect((error as AppError).params?.file).toBe('special-dates-test.json');
        expect(String((error as AppError).params?.problem)).toMatch(problem);
      }
    };
    expectBroken('{ not json', /JSON|property/i);
    const covers = { from: '2027-01-01', to: '2027-12-31' };
    const name = { 'zh-CN': '测试', en: 'Test' };
    expectBroken(
      JSON.stringify({
        covers,
        dates: [{ id: 'x-1', kind: 'holiday', from: '2027-02-30', to: '2027-02-30', name }],
      }),
      /^dates\.0\.from/,
    );
    expectBroken(
      JSON.stringify({
        covers,
        dates: [
          { id: 'x-1', kind: 'festival', from: '2027-03-01', to: '2027-03-01', name },
          { id: 'x-1', kind: 'festival', from: '2027-03-02', to: '2027-03-02', name },
        ],
      }),
      /duplicate id/,
    );
    expectBroken(
      JSON.stringify({
        covers,
        dates: [{ id: 'x-2', kind: 'festival', from: '2027-03-02', to: '2027-03-01', name }],
      }),
      /^dates\.0\.to/,
    );
  });
});
