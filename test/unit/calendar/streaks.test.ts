import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../../shared/domain/calendar/localTime';
import { checkInDates, computeStreak } from '../../../shared/domain/calendar/streaks';

const days = (start: string, count: number) =>
  Array.from({ length: count }, (_, index) => addDays(start, index));

describe('check-in streaks', () => {
  it('unlocks the reward on the 7th day in a row', () => {
    const six = computeStreak(days('2026-11-01', 6), '2026-11-06');
    expect(six).toMatchObject({
      current: 6,
      longest: 6,
      unlocked: [],
      nextThreshold: 7,
      daysToNext: 1,
      checkedInOnAsOf: true,
    });
    const seven = computeStreak(days('2026-11-01', 7), '2026-11-07');
    expect(seven.unlocked).toEqual([{ threshold: 7, on: '2026-11-07' }]);
    expect(seven.nextThreshold).toBeNull();
  });

  it('resets after a missed day', () => {
    const dates = [...days('2026-11-01', 6), ...days('2026-11-08', 3)];
    const result = computeStreak(dates, '2026-11-10');
    expect(result).toMatchObject({ current: 3, longest: 6, unlocked: [], checkInDays: 9 });
  });

  it('keeps a streak alive until the day is over, and drops it the day after', () => {
    const dates = days('2026-11-01', 5);
    expect(computeStreak(dates, '2026-11-06')).toMatchObject({ current: 5, checkedInOnAsOf: false });
    expect(computeStreak(dates, '2026-11-07')).toMatchObject({
      current: 0,
      longest: 5,
      nextThreshold: 7,
      daysToNext: 7,
    });
  });

  it('counts several check-ins on one day once and ignores days after asOf', () => {
    const dates = ['2026-11-01', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-20'];
    expect(computeStreak(dates, '2026-11-03')).toMatchObject({
      current: 3,
      checkInDays: 3,
      lastCheckIn: '2026-11-03',
    });
  });

  it('walks a ladder of rewards, once per streak', () => {
    const dates = [...days('2026-11-01', 8), ...days('2026-11-10', 3)];
    const result = computeStreak(dates, '2026-11-12', [3, 7, 21]);
    expect(result.unlocked).toEqual([
      { threshold: 3, on: '2026-11-03' },
      { threshold: 7, on: '2026-11-07' },
      { threshold: 3, on: '2026-11-12' },
    ]);
    expect(result).toMatchObject({ current: 3, nextThreshold: 7, daysToNext: 4 });
  });

  it('reads check-in days on the group clock: 23:30 Beijing is 15:30 UTC of the same day', () => {
    const instants = [
      Date.parse('2026-11-01T15:30:00Z'), // 1 Nov 23:30 Beijing
      Date.parse('2026-11-01T16:10:00Z'), // 2 Nov 00:10 Beijing
      Date.parse('2026-11-03T01:00:00Z'), // 3 Nov 09:00 Beijing
    ];
    expect(checkInDates(instants, 480)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(computeStreak(checkInDates(instants, 480), '2026-11-03').current).toBe(3);
    // Read in UTC the first two fall on 1 Nov and the streak has a hole on the 2nd.
    expect(computeStreak(checkInDates(instants, 0), '2026-11-03').current).toBe(1);
  });

  it('matches a direct count for random check-in sets', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 45 }),
        (offsets, asOfOffset) => {
          const base = toDayNumber('2026-11-01');
          const dates = offsets.map((offset) => fromDayNumber(base + offset));
          const asOf = fromDayNumber(base + asOfOffset);
          const result = computeStreak(dates, asOf);
          const has = new Set(offsets.filter((offset) => offset <= asOfOffset));
          let expected = 0;
          let day = has.has(asOfOffset) ? asOfOffset : asOfOffset - 1;
          while (has.has(day)) {
            expected += 1;
            day -= 1;
          }
          expect(result.current).toBe(expected);
          expect(result.longest).toBeGreaterThanOrEqual(result.current);
          expect(result.unlocked.length > 0).toBe(result.longest >= 7);
        },
      ),
    );
  });
});
