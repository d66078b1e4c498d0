/**
 * Recurring entries: the small part of RFC 5545 RRULE/EXDATE a content plan needs. FREQ=DAILY|WEEKLY|MONTHLY with
 * INTERVAL, BYDAY for weekly rules (weeks start on Monday, WKST=MO), and an end: UNTIL a date or COUNT times.
 * As in RFC 5545, COUNT counts the generated occurrences before exceptions (EXDATE) remove some, and a monthly
 * rule on the 31st skips months without one. Occurrences are local dates in the group's zone; each keeps the
 * series' local start time.
 */
import {
  addDays,
  allWeekdays,
  daysInMonth,
  localDateOf,
  startOfWeek,
  toDayNumber,
  weekdayOf,
  yearMonthOf,
  type DateRange,
  type LocalDate,
  type Weekday,
} from './localTime';

export const recurrenceFrequencies = ['daily', 'weekly', 'monthly'] as const;
export type RecurrenceFrequency = (typeof recurrenceFrequencies)[number];

export type RecurrenceEnd =
  { kind: 'never' } | { kind: 'until'; until: LocalDate } | { kind: 'count'; count: number };

export interface Recurrence {
  freq: RecurrenceFrequency;
  /** Every `interval` days / weeks / months; at least 1. */
  interval: number;
  /** Weekly only: the weekdays of each week; empty means the first occurrence's weekday. */
  byWeekday: Weekday[];
  end: RecurrenceEnd;
}

export const maxRecurrenceCount = 1000;
export const maxRecurrenceInterval = 99;

/** Occurrence dates in order, starting at the first date on or after `start` that the rule allows. */
function* generate(start: LocalDate, recurrence: Recurrence, notBefore: LocalDate): Generator<LocalDate> {
  const interval = Math.max(1, Math.floor(recurrence.interval));
  // Jumping ahead is only allowed when nothing is counted.
  const canSkip = recurrence.end.kind !== 'count';
  const skipUnits = (unitDays: number) =>
    canSkip
      ? Math.max(0, Math.floor((toDayNumber(notBefore) - toDayNumber(start)) / (unitDays * interval)) - 1)
      : 0;

  if (recurrence.freq === 'daily') {
    for (let step = skipUnits(1); ; step += 1) yield addDays(start, step * interval);
  }
  if (recurrence.freq === 'weekly') {
    const days = [...new Set(recurrence.byWeekday.length > 0 ? recurrence.byWeekday : [weekdayOf(start)])]
      .filter((day) => allWeekdays.includes(day))
      .sort((a, b) => a - b);
    const firstWeek = startOfWeek(start);
    for (let week = skipUnits(7); ; week += 1) {
      const monday = addDays(firstWeek, week * 7 * interval);
      for (const day of days) {
        const date = addDays(monday, day - 1);
        if (date >= start) yield date;
      }
    }
  }
  const { year, month, day } = yearMonthOf(start);
  const monthsBetween = canSkip
    ? Math.max(
        0,
        Math.floor(
          ((yearMonthOf(notBefore).year - year) * 12 + yearMonthOf(notBefore).month - month) / interval,
        ) - 1,
      )
    : 0;
  for (let step = monthsBetween; ; step += 1) {
    const index = month - 1 + step * interval;
    const occurrenceYear = year + Math.floor(index / 12);
    const occurrenceMonth = (index % 12) + 1;
    if (day <= daysInMonth(occurrenceYear, occurrenceMonth))
      yield localDateOf(occurrenceYear, occurrenceMonth, day);
  }
}

function endsBefore(recurrence: Recurrence, date: LocalDate, produced: number): boolean {
  if (recurrence.end.kind === 'until') return date > recurrence.end.until;
  if (recurrence.end.kind === 'count') return produced >= Math.min(recurrence.end.count, maxRecurrenceCount);
  return false;
}

/** Occurrence dates inside the range, without the exceptions. */
export function occurrencesBetween(
  start: LocalDate,
  recurrence: Recurrence,
  range: DateRange,
  exceptions: ReadonlySet<LocalDate> = new Set(),
): LocalDate[] {
  const found: LocalDate[] = [];
  let produced = 0;
  for (const date of generate(start, recurrence, range.from)) {
    if (date > range.to || endsBefore(recurrence, date, produced)) break;
    produced += 1;
    if (date >= range.from && !exceptions.has(date)) found.push(date);
  }
  return found;
}

/** The last occurrence date (exceptions included), or null when the series never ends. */
export function lastOccurrence(start: LocalDate, recurrence: Recurrence): LocalDate | null {
  if (recurrence.end.kind === 'never') return null;
  // A rule that allows no date at all still has its start as the last moment worth looking at.
  let last: LocalDate = start;
  let produced = 0;
  const farEnd = recurrence.end.kind === 'until' ? recurrence.end.until : '9999-12-31';
  for (const date of generate(start, recurrence, start)) {
    if (date > farEnd || endsBefore(recurrence, date, produced)) break;
    produced += 1;
    last = date;
  }
  return last;
}

/** Is `date` one of the series' occurrences (exceptions aside)? */
export function isOccurrence(start: LocalDate, recurrence: Recurrence, date: LocalDate): boolean {
  return occurrencesBetween(start, recurrence, { from: date, to: date }).length === 1 && date >= start;
}
