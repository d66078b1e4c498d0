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
    // Check-ins as runs of consecutive days with holes between them, run lengths around the 7-day rung: uniformly
    // drawn day sets almost never hold 7 days in a row, and then the unlock went unchecked.
    const runs = fc.array(
      fc.record({
        hole: fc.integer({ min: 1, max: 4 }),
        length: fc.oneof(fc.integer({ min: 5, max: 9 }), fc.integer({ min: 1, max: 12 })),
      }),
      { minLength: 1, maxLength: 5 },
    );
    let reached = 0;
    let missed = 0;
    let currentReached = 0;
    fc.assert(
      fc.property(
        runs,
        // asOf near the end of the check-ins (on the last day, the day after, later), or anywhere.
        fc.oneof(fc.integer({ min: -2, max: 3 }), fc.integer({ min: -60, max: 10 })),
        (shape, asOfFromEnd) => {
          const offsets: number[] = [];
          let next = 0;
          for (const { hole, length } of shape) {
            next += hole - 1;
            for (let day = 0; day < length; day += 1) offsets.push(next++);
          }
          const asOfOffset = Math.max(0, offsets.at(-1)! + asOfFromEnd);
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
          // Runs up to asOf, counted directly: the longest, and the streaks that reached the rung.
          let longest = 0;
          let unlocks = 0;
          let run = 0;
          for (let offset = 0; offset <= asOfOffset; offset += 1) {
            run = has.has(offset) ? run + 1 : 0;
            longest = Math.max(longest, run);
            if (run === 7) unlocks += 1;
          }
          expect(result.current).toBe(expected);
          expect(result.longest).toBe(longest);
          expect(result.unlocked).toHaveLength(unlocks);
          expect(result.unlocked.length > 0).toBe(result.longest >= 7);
          if (longest >= 7) reached += 1;
          else missed += 1;
          if (expected >= 7) currentReached += 1;
        },
      ),
      { numRuns: 100 },
    );
    // Both sides of the rung are checked in most runs, and a live streak past it in some.
    expect(reached).toBeGreaterThan(30);
    expect(missed).toBeGreaterThan(10);
    expect(currentReached).toBeGreaterThan(10);
  });
});
