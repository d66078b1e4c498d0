/**
 * Calendar arithmetic in a group's zone. Groups live in fixed-offset zones (China: UTC+8, no DST), so a local
 * day is plain arithmetic on epoch milliseconds: no tz database, identical in Node and the browser.
 * Instants are epoch ms (UTC); local dates are 'YYYY-MM-DD'; local times are minutes after midnight.
 */

export const minuteMs = 60_000;
export const dayMs = 86_400_000;
const dayMinutes = 1440;

/** China Standard Time, the default for every group. */
export const defaultUtcOffsetMinutes = 480;
/** UTC-12:00 .. UTC+14:00, the offsets in use anywhere. */
export const minUtcOffsetMinutes = -720;
export const maxUtcOffsetMinutes = 840;

/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;
/** ISO weekday: 1 = Monday ... 7 = Sunday (weeks start on Monday, as in China). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const allWeekdays: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function floorMod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

export function isLocalDate(text: string): boolean {
  const match = localDatePattern.exec(text);
  if (!match) return false;
  return fromDayNumber(toDayNumber(text)) === text;
}

/** Days since 1970-01-01 of a local date (negative before it). */
export function toDayNumber(date: LocalDate): number {
  const match = localDatePattern.exec(date);
  if (!match) throw new RangeError(`not a local date: ${date}`);
  return Math.floor(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / dayMs);
}

export function fromDayNumber(dayNumber: number): LocalDate {
  return new Date(dayNumber * dayMs).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function weekdayOfDayNumber(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return (floorMod(dayNumber + 3, 7) + 1) as Weekday;
}

export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfDayNumber(toDayNumber(date));
}

/** The Monday starting the week that holds `date`. */
export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekdayOf(date));
}

export function yearMonthOf(date: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** 28..31; February has 29 days in leap years (Gregorian rules). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function localDateOf(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Where an instant falls on the wall clock of a zone. */
export function toLocal(instant: number, utcOffsetMinutes: number): { date: LocalDate; minutes: number } {
  const shifted = instant + utcOffsetMinutes * minuteMs;
  const dayNumber = Math.floor(shifted / dayMs);
  return { date: fromDayNumber(dayNumber), minutes: Math.floor(floorMod(shifted, dayMs) / minuteMs) };
}

/** The instant of a wall-clock time in a zone; `minutes` may be 1440 (the end of the day). */
export function toInstant(date: LocalDate, minutes: number, utcOffsetMinutes: number): number {
  return toDayNumber(date) * dayMs + (minutes - utcOffsetMinutes) * minuteMs;
}

export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** 'HH:MM' (00:00..24:00) to minutes after midnight, or null. */
export function parseMinutes(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= dayMinutes ? minutes : null;
}

/** '+08:00' style text for an offset. */
export function formatUtcOffset(utcOffsetMinutes: number): string {
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  return `${sign}${formatMinutes(Math.abs(utcOffsetMinutes))}`;
}

/** '+08:00', '-05:30' or 'Z' to minutes, or null. */
export function parseUtcOffset(text: string): number | null {
  if (text === 'Z') return 0;
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const minutes = (Number(match[2]) * 60 + Number(match[3])) * (match[1] === '-' ? -1 : 1);
  return Number(match[3]) < 60 && minutes >= minUtcOffsetMinutes && minutes <= maxUtcOffsetMinutes
    ? minutes
    : null;
}

/** An instant as ISO text on the group's wall clock, e.g. '2026-11-25T14:00:00+08:00'. */
export function formatLocalIso(instant: number, utcOffsetMinutes: number): string {
  const local = toLocal(instant, utcOffsetMinutes);
  return `${local.date}T${formatMinutes(local.minutes)}:00${formatUtcOffset(utcOffsetMinutes)}`;
}

/** Every local date from `from` to `to`, both included. */
export function datesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let day = toDayNumber(from); day <= toDayNumber(to); day += 1) dates.push(fromDayNumber(day));
  return dates;
}

/** Inclusive local-date range. */
export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

export function rangeContains(range: DateRange, date: LocalDate): boolean {
  return date >= range.from && date <= range.to;
}

/** Instants covering a local-date range in a zone: [start of `from`, start of the day after `to`). */
export function rangeInstants(range: DateRange, utcOffsetMinutes: number): { start: number; end: number } {
  return {
    start: toInstant(range.from, 0, utcOffsetMinutes),
    end: toInstant(range.to, dayMinutes, utcOffsetMinutes),
  };
}

/** Instants that cover a local-date range in every zone, for a coarse SQL filter before exact local checks. */
export function rangeInstantsAnyZone(range: DateRange): { start: number; end: number } {
  return {
    start: toInstant(range.from, 0, maxUtcOffsetMinutes),
    end: toInstant(range.to, dayMinutes, minUtcOffsetMinutes),
  };
}
