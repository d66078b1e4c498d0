/**
 * Check-in streaks: consecutive local days with at least one check-in. A missed day resets the streak; a streak
 * reaching a rung of the reward ladder (7 days by default) unlocks that reward once per streak. Days are local to
 * the group's zone, so a check-in at 23:30 Beijing time counts for that day even though it is 15:30 UTC.
 */
import { fromDayNumber, toDayNumber, toLocal, type LocalDate } from './localTime';

export const defaultRewardLadder: readonly number[] = [7];

export interface StreakUnlock {
  /** Days in a row. */
  threshold: number;
  /** The day the streak reached it. */
  on: LocalDate;
}

export interface StreakResult {
  /** Distinct days with a check-in, up to `asOf`. */
  checkInDays: number;
  /** The streak still alive on `asOf` (it may end yesterday: today's check-in can still come). */
  current: number;
  longest: number;
  lastCheckIn: LocalDate | null;
  checkedInOnAsOf: boolean;
  unlocked: StreakUnlock[];
  /** The next rung the current streak can reach, and how many more days it takes. */
  nextThreshold: number | null;
  daysToNext: number | null;
}

export function computeStreak(
  dates: Iterable<LocalDate>,
  asOf: LocalDate,
  ladder: readonly number[] = defaultRewardLadder,
): StreakResult {
  const asOfDay = toDayNumber(asOf);
  const days = [...new Set([...dates].map(toDayNumber))]
    .filter((day) => day <= asOfDay)
    .sort((a, b) => a - b);
  const rungs = [...new Set(ladder)].filter((rung) => rung > 0).sort((a, b) => a - b);
  const unlocked: StreakUnlock[] = [];
  let run = 0;
  let longest = 0;
  let previous: number | null = null;
  for (const day of days) {
    run = previous !== null && day === previous + 1 ? run + 1 : 1;
    previous = day;
    longest = Math.max(longest, run);
    if (rungs.includes(run)) unlocked.push({ threshold: run, on: fromDayNumber(day) });
  }
  const alive = previous !== null && previous >= asOfDay - 1;
  const current = alive ? run : 0;
  const nextThreshold = rungs.find((rung) => rung > current) ?? null;
  return {
    checkInDays: days.length,
    current,
    longest,
    lastCheckIn: previous === null ? null : fromDayNumber(previous),
    checkedInOnAsOf: previous === asOfDay,
    unlocked,
    nextThreshold,
    daysToNext: nextThreshold === null ? null : nextThreshold - current,
  };
}

/** Local dates of check-in instants in a zone. */
export function checkInDates(instants: Iterable<number>, utcOffsetMinutes: number): LocalDate[] {
  return [...instants].map((instant) => toLocal(instant, utcOffsetMinutes).date);
}
