/**
 * Day arithmetic for the dashboard. Every bucket is a calendar day in UTC+8, the moderators' zone (China has no
 * DST), so a day is plain integer arithmetic on epoch milliseconds, identical in SQL, Node and the browser.
 * A "day number" counts days since 1970-01-01 in that zone; dates cross IPC as 'YYYY-MM-DD'.
 */

export const moderatorUtcOffsetMs = 8 * 3_600_000;
export const dayMs = 86_400_000;

/** An inclusive range of day numbers. */
export interface DayRange {
  fromDay: number;
  toDay: number;
}

export function dayOfInstant(instant: number): number {
  return Math.floor((instant + moderatorUtcOffsetMs) / dayMs);
}

/** The epoch ms at which a day starts (00:00 in UTC+8). */
export function instantOfDay(day: number): number {
  return day * dayMs - moderatorUtcOffsetMs;
}

export function dateOfDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

export function dayOfDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / dayMs);
}

export function rangeLength(range: DayRange): number {
  return range.toDay - range.fromDay + 1;
}

/** The range of the same length just before `range`: what a trend compares with. */
export function previousRange(range: DayRange): DayRange {
  const length = rangeLength(range);
  return { fromDay: range.fromDay - length, toDay: range.fromDay - 1 };
}

/** Every day number of a range, in order. */
export function daysOf(range: DayRange): number[] {
  return Array.from({ length: Math.max(0, rangeLength(range)) }, (_, index) => range.fromDay + index);
}

/** Months counted from year 0 (year * 12 + month - 1): consecutive months differ by one. */
export function monthOfDay(day: number): number {
  const date = new Date(day * dayMs);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function firstDayOfMonth(month: number): number {
  return Math.floor(Date.UTC(Math.floor(month / 12), month % 12, 1) / dayMs);
}

/** 'YYYY-MM' */
export function labelOfMonth(month: number): string {
  return dateOfDay(firstDayOfMonth(month)).slice(0, 7);
}
