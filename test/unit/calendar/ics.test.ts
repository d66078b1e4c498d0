/**
 * The ICS export: escaping and folding by hand, then the exported file of a real workspace parsed back with ical.js
 * (an independent RFC 5545 parser): single entries, a series with a skipped and an edited date, a group off China
 * time (expanded), an activity; the parser's occurrences must be the calendar's own.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine, formatRrule } from '../../../shared/domain/calendar/ics';
import type { CalendarEntry, CalendarItem } from '../../../shared/domain/calendar/types';
import type { ExportedFile } from '../../../shared/domain/crisis/views';
import type { Group } from '../../../shared/domain/types';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { beijingTime as at, callerOf } from './fixtures';

const octets = (text: string) => new TextEncoder().encode(text).length;
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  location: string;
  start: string;
  recurrenceId: string | null;
  event: ICAL.Event;
}

function parse(content: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(content));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      start: event.startDate.toJSDate().toISOString(),
      recurrenceId: event.recurrenceId ? event.recurrenceId.toJSDate().toISOString() : null,
      event,
    };
  });
  return { calendar, events };
}

/** Occurrence starts of a master event with its exceptions related, as a calendar app would show them. */
function occurrences(master: ParsedEvent, exceptions: ParsedEvent[], until: string): string[] {
  for (const exception of exceptions) master.event.relateException(exception.event);
  const iterator = master.event.iterator();
  const starts: string[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = master.event.getOccurrenceDetails(next);
    const start = details.startDate.toJSDate().toISOString();
    if (start > until) break;
    starts.push(start);
  }
  return starts;
}

describe('ICS text rules', () => {
  it('escapes backslashes, semicolons, commas and every kind of line break', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf\rg')).toBe('a\\,b\\;c\\\\d\\ne\\nf\\ng');
  });

  it('folds at 75 octets without splitting a character, and unfolds to the same line', () => {
    const line = `DESCRIPTION:${'早报：今天聊聊社群运营里的三件小事🎉，'.repeat(8)}end`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(5);
    for (const [index, part] of physical.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (index > 0) expect(part.startsWith(' ')).toBe(true);
      // Every piece is whole UTF-8: decoding and encoding gives the same bytes.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(part))).toBe(part);
    }
    // Lines of 4-byte emoji and ASCII: the first line fills up to exactly 75 octets.
    expect(octets(foldLine('X'.repeat(75)))).toBe(75);
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
    expect(unfold(folded)).toBe(line);
  });

  it('writes RRULEs for daily, weekly and monthly rules with their ends', () => {
    const start = Date.parse('2026-11-23T14:00:00+08:00');
    expect(
      formatRrule(
        { freq: 'weekly', interval: 1, byWeekday: [3, 1], end: { kind: 'count', count: 6 } },
        start,
        480,
      ),
    ).toBe('FREQ=WEEKLY;BYDAY=MO,WE;WKST=MO;COUNT=6');
    // UNTIL is the last day at the series' time, in UTC.
    expect(
      formatRrule(
        { freq: 'daily', interval: 2, byWeekday: [], end: { kind: 'until', until: '2026-12-31' } },
        start,
        480,
      ),
    ).toBe('FREQ=DAILY;INTERVAL=2;UNTIL=20261231T060000Z');
    expect(
      formatRrule({ freq: 'monthly', interval: 1, byWeekday: [], end: { kind: 'never' } }, start, 480),
    ).toBe('FREQ=MONTHLY');
  });

  it('ends every line with CRLF and parses back with ical.js', () => {
    const content = buildIcs({
      name: '测试, 日历; 一',
      stamp: Date.parse('2026-11-25T04:00:00Z'),
      events: [
        {
          uid: 'a@test',
          startsAt: Date.parse('2026-11-25T14:00:00+08:00'),
          endsAt: Date.parse('2026-11-25T14:30:00+08:00'),
          utcOffsetMinutes: 480,
          summary: '互动话题：你选 A, 还是 B; 还是都要？',
          description: '第一行\n第二行 \\ 反斜杠',
          categories: ['互动话题', 'a,b'],
        },
      ],
    });
    expect(content.endsWith('\r\n')).toBe(true);
    expect(content.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const { calendar, events } = parse(content);
    // An X- property is TEXT by default (RFC 5545 §3.8.8.2); ical.js hands it back as written.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('测试\\, 日历\\; 一');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      summary: '互动话题：你选 A, 还是 B; 还是都要？',
      description: '第一行\n第二行 \\ 反斜杠',
      start: '2026-11-25T06:00:00.000Z',
    });
    expect(events[0]!.event.component.getFirstProperty('categories')!.getValues()).toEqual([
      '互动话题',
      'a,b',
    ]);
  });
});

describe('ICS export of a workspace', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let groupId: number;
  let series: CalendarItem;
  let single: CalendarItem;
  const range = { from: '2026-11-23', to: '2026-12-20' };
  // Reads `dispatch` when called: it is set in beforeAll.
  const call = <T>(channel: string, input?: unknown) => callerOf(dispatch)<T>(channel, input);

  beforeAll(async () => {
    backend = makeTestBackend({ now: () => Date.parse('2026-11-25T04:00:00Z') });
    dispatch = backend.createDispatch(trustAppOrigin);
    groupId = (await call<Group>('groups.create', { name: '读书会, 一群', type: 'content' })).id;
    single = await call<CalendarItem>('calendar.save', {
      groupId,
      title: '干货；三步写好群公告, 第一篇',
      contentType: 'tutorial',
      startsAt: at('2026-11-24', '10:00'),
      durationMinutes: 45,
      body: `第一步：说清楚为什么。\n第二步：${'写清楚规则，'.repeat(20)}\n第三步：置顶 🎉`,
      attachments: ['海报.png', '规则说明.pdf'],
    });
    series = await call<CalendarItem>('calendar.save', {
      groupId,
      title: '每周答疑',
      contentType: 'interactive_topic',
      startsAt: at('2026-11-23', '14:00'),
      body: '本周答疑开始啦',
      recurrence: { freq: 'weekly', byWeekday: [1, 3], end: { kind: 'count', count: 6 } },
    });
    await call('calendar.skipOccurrence', { id: series.id, occurrenceDate: '2026-11-25' });
    // 30 Nov moves to 16:00 on its own.
    await call('calendar.move', {
      id: series.id,
      occurrenceDate: '2026-11-30',
      startsAt: at('2026-11-30', '16:00'),
    });
    await call('activities.save', {
      groupId,
      kind: 'quiz',
      title: '月度知识竞赛',
      startsAt: at('2026-11-28', '20:00'),
      runSheet: [{ task: '提前一天发预告', owner: '小周' }],
    });
  });
  afterAll(async () => backend.dispose());

  it('exports single entries, the series as RRULE with EXDATE and RECURRENCE-ID, and activities', async () => {
    const file = await call<ExportedFile>('calendar.export', { ...range, format: 'ics' });
    expect(file).toMatchObject({
      fileName: 'qundesk-calendar-2026-11-23-2026-12-20.ics',
      mimeType: 'text/calendar',
    });
    for (const line of file.content.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(unfold(file.content)).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO,WE;WKST=MO;COUNT=6');
    expect(unfold(file.content)).toContain('EXDATE;TZID=Asia/Shanghai:20261125T140000');
    expect(unfold(file.content)).toContain('LOCATION:读书会\\, 一群');

    const { calendar, events } = parse(file.content);
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    const [tutorial] = events.filter((event) => event.summary.startsWith('干货'));
    expect(tutorial).toMatchObject({
      summary: '干货；三步写好群公告, 第一篇',
      location: '读书会, 一群',
      start: '2026-11-24T02:00:00.000Z',
    });
    expect(tutorial!.description).toContain('第三步：置顶 🎉');
    expect(tutorial!.description).toContain('附件：海报.png、规则说明.pdf');
    expect(tutorial!.description).toContain('状态：草稿');
    expect(tutorial!.event.endDate.toJSDate().toISOString()).toBe('2026-11-24T02:45:00.000Z');

    // The series: one master and one exception with the same UID.
    const seriesEvents = events.filter((event) => event.uid.startsWith(`calendar-item-${series.id}@`));
    expect(new Set(seriesEvents.map((event) => event.uid)).size).toBe(1);
    expect(seriesEvents).toHaveLength(2);
    const master = seriesEvents.find((event) => event.recurrenceId === null)!;
    const edited = seriesEvents.filter((event) => event.recurrenceId !== null);
    expect(edited[0]).toMatchObject({
      recurrenceId: '2026-11-30T06:00:00.000Z',
      start: '2026-11-30T08:00:00.000Z',
    });
    // What ical.js expands is exactly what the calendar shows.
    const shown = await call<CalendarEntry[]>('calendar.items', { ...range, groupId });
    const shownStarts = shown.filter((entry) => entry.title === '每周答疑').map((entry) => entry.startsAt);
    expect(occurrences(master, edited, `${range.to}T23:59:59Z`)).toEqual(shownStarts);
    expect(shownStarts).toHaveLength(5);

    const [quiz] = events.filter((event) => event.summary === '月度知识竞赛');
    expect(quiz!.uid).toMatch(/^activity-\d+@qundesk-/);
    expect(quiz!.description).toContain('提前一天发预告 · 小周');

    // UIDs stay the same from one export to the next.
    const again = parse((await call<ExportedFile>('calendar.export', { ...range, format: 'ics' })).content);
    expect(again.events.map((event) => event.uid).sort()).toEqual(events.map((event) => event.uid).sort());
    expect(single.id).toBeGreaterThan(0);
  });

  it('expands a series whose weekdays would shift in UTC, one event per occurrence of the range', async () => {
    const far = await call<Group>('groups.create', { name: 'Toronto readers', type: 'content' });
    await call('cadence.update', { groupId: far.id, utcOffsetMinutes: -300, rules: [] });
    // 21:00 at UTC−5 is 02:00 the next day in UTC: BYDAY=MO would mean Tuesday on the UTC clock.
    await call('calendar.save', {
      groupId: far.id,
      title: 'Monday recap',
      contentType: 'other',
      startsAt: '2026-11-23T21:00:00-05:00',
      recurrence: { freq: 'weekly', byWeekday: [1], end: { kind: 'never' } },
    });
    const file = await call<ExportedFile>('calendar.export', { ...range, groupId: far.id, format: 'ics' });
    expect(file.content).not.toContain('RRULE');
    expect(file.content).not.toContain('VTIMEZONE');
    const { events } = parse(file.content);
    expect(
      events.map((event) => [event.start, event.uid.split('@')[0]!.replace(/^calendar-item-\d+-/, '')]),
    ).toEqual([
      ['2026-11-24T02:00:00.000Z', '20261123'],
      ['2026-12-01T02:00:00.000Z', '20261130'],
      ['2026-12-08T02:00:00.000Z', '20261207'],
      ['2026-12-15T02:00:00.000Z', '20261214'],
    ]);
    expect(unfold(file.content)).toContain('DTSTART:20261124T020000Z');
  });

  it('exports the weekly plan as Markdown with festivals, activities and the open gaps', async () => {
    await call('cadence.applyTemplate', { groupId, template: 'operations', mode: 'replace' });
    const file = await call<ExportedFile>('calendar.export', {
      from: '2026-11-23',
      to: '2026-11-29',
      groupId,
      format: 'markdown',
    });
    expect(file).toMatchObject({
      fileName: 'qundesk-plan-2026-11-23-2026-11-29.md',
      mimeType: 'text/markdown',
    });
    const lines = file.content.split('\n');
    expect(lines[0]).toBe('# 内容周计划 · 2026-11-23 至 2026-11-29');
    expect(lines).toContain('范围：读书会, 一群');
    expect(lines).toContain('## 2026-11-24 周二');
    // The clock stands at Wednesday noon: Tuesday's draft is overdue.
    expect(lines).toContain(
      '| 10:00 | 读书会, 一群 | 干货教程 | 干货；三步写好群公告, 第一篇 | 草稿 · 已逾期 | 海报.png、规则说明.pdf |',
    );
    expect(lines).toContain('| 20:00 | 读书会, 一群 | 知识竞赛 | 月度知识竞赛 | 活动 |   |');
    // Wednesday's occurrence was skipped; Thursday is Thanksgiving.
    const day = (heading: string, next: string) => lines.slice(lines.indexOf(heading), lines.indexOf(next));
    expect(day('## 2026-11-25 周三', '## 2026-11-26 周四')).toContain('（没有安排）');
    expect(day('## 2026-11-26 周四', '## 2026-11-27 周五')).toContain('节日节气：感恩节');
    expect(lines).toContain('## 待补的缺口');
    expect(lines).toContain('- 本周缺 2 篇干货教程');
  });

  it('refuses a range that is too long or upside down', async () => {
    const result = await dispatch(
      'calendar.export',
      { from: '2026-12-01', to: '2026-11-01', format: 'ics' },
      trustedSender,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
