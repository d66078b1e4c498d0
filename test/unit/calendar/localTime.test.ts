import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  formatLocalIso,
  fromDayNumber,
  isLocalDate,
  parseMinutes,
  parseUtcOffset,
  startOfWeek,
  toDayNumber,
  toInstant,
  toLocal,
  weekdayOf,
} from '../../../shared/domain/calendar/localTime';

const beijing = 480;

describe('local time in a fixed-offset zone', () => {
  it.each([
    // [UTC instant, Beijing date, Beijing time]
    ['2026-11-22T15:59:59Z', '2026-11-22', 23 * 60 + 59],
    ['2026-11-22T16:00:00Z', '2026-11-23', 0],
    ['2026-11-23T00:30:00Z', '2026-11-23', 8 * 60 + 30],
    ['2026-12-31T16:00:00Z', '2027-01-01', 0],
    ['1970-01-01T00:00:00Z', '1970-01-01', 8 * 60],
  ])('%s is %s on the Beijing clock', (utc, date, minutes) => {
    expect(toLocal(Date.parse(utc), beijing)).toEqual({ date, minutes });
  });

  it('puts the Monday boundary of a Beijing week at Sunday 16:00 UTC', () => {
    const sundayLate = toLocal(Date.parse('2026-11-22T15:59:00Z'), beijing).date;
    const mondayEarly = toLocal(Date.parse('2026-11-22T16:00:00Z'), beijing).date;
    expect(startOfWeek(sundayLate)).toBe('2026-11-16');
    expect(startOfWeek(mondayEarly)).toBe('2026-11-23');
    // The same instants in UTC fall in the same (earlier) week: the zone decides.
    expect(startOfWeek(toLocal(Date.parse('2026-11-22T16:00:00Z'), 0).date)).toBe('2026-11-16');
  });

  it('knows weekdays (ISO, Monday first) and month lengths including leap years', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2026-11-29')).toBe(7);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('1969-12-29')).toBe(1);
    expect([daysInMonth(2026, 2), daysInMonth(2028, 2), daysInMonth(2100, 2), daysInMonth(2000, 2)]).toEqual([
      28, 29, 28, 29,
    ]);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('validates dates, times and offsets', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
    expect(parseMinutes('14:30')).toBe(870);
    expect(parseMinutes('24:00')).toBe(1440);
    expect(parseMinutes('24:01')).toBeNull();
    expect(parseMinutes('10:60')).toBeNull();
    expect(parseUtcOffset('+08:00')).toBe(480);
    expect(parseUtcOffset('-05:30')).toBe(-330);
    expect(parseUtcOffset('+15:00')).toBeNull();
    expect(formatLocalIso(Date.parse('2026-11-25T06:00:00Z'), beijing)).toBe('2026-11-25T14:00:00+08:00');
  });

  it('round-trips instants and local clocks in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7_000_000_000_000 }),
        fc.integer({ min: -720, max: 840 }),
        (instant, offset) => {
          const minuteInstant = instant - (instant % 60_000);
          const local = toLocal(minuteInstant, offset);
          expect(toInstant(local.date, local.minutes, offset)).toBe(minuteInstant);
          expect(local.minutes).toBeGreaterThanOrEqual(0);
          expect(local.minutes).toBeLessThan(1440);
        },
      ),
    );
  });

  it('day numbers, weekdays and week starts agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000, max: 80_000 }),
        fc.integer({ min: -400, max: 400 }),
        (day, delta) => {
          const date = fromDayNumber(day);
          expect(toDayNumber(date)).toBe(day);
          expect(toDayNumber(addDays(date, delta)) - day).toBe(delta);
          const monday = startOfWeek(date);
          expect(weekdayOf(monday)).toBe(1);
          expect(toDayNumber(date) - toDayNumber(monday)).toBe(weekdayOf(date) - 1);
        },
      ),
    );
  });
});
