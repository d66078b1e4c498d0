/**
 * Date arithmetic of the calendar screen, on the shared domain's local dates ('YYYY-MM-DD', weeks from Monday):
 * the same rules the backend uses for gaps and recurrences, so a day on screen is the day the backend means.
 */
import {
  addDays,
  daysInMonth,
  formatUtcOffset,
  localDateOf,
  startOfWeek,
  toDayNumber,
  weekdayOf,
  yearMonthOf,
  type DateRange,
  type LocalDate,
} from '../../../../shared/domain/calendar/localTime';

export const calendarViews = ['month', 'week', 'agenda'] as const;
export type CalendarView = (typeof calendarViews)[number];

/** The agenda lists four weeks from the Monday of the anchor's week. */
const agendaDays = 28;
/** A month grid always shows six whole weeks, so it does not jump in height from month to month. */
const monthGridDays = 42;

/** Today on this computer's clock (the operator plans in the zone they sit in). */
export function todayLocal(now: Date = new Date()): LocalDate {
  return localDateOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export function firstOfMonth(date: LocalDate): LocalDate {
  const { year, month } = yearMonthOf(date);
  return localDateOf(year, month, 1);
}

export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = yearMonthOf(date);
  const index = year * 12 + month - 1 + months;
  const nextYear = Math.floor(index / 12);
  const nextMonth = (index % 12) + 1;
  return localDateOf(nextYear, nextMonth, Math.min(day, daysInMonth(nextYear, nextMonth)));
}

export function weekOf(date: LocalDate): DateRange {
  const from = startOfWeek(date);
  return { from, to: addDays(from, 6) };
}

export function visibleRange(view: CalendarView, anchor: LocalDate): DateRange {
  if (view === 'week') return weekOf(anchor);
  if (view === 'agenda') {
    const from = startOfWeek(anchor);
    return { from, to: addDays(from, agendaDays - 1) };
  }
  const from = startOfWeek(firstOfMonth(anchor));
  return { from, to: addDays(from, monthGridDays - 1) };
}

/** The anchor one page earlier (-1) or later (+1) in a view. */
export function shiftAnchor(view: CalendarView, anchor: LocalDate, direction: 1 | -1): LocalDate {
  if (view === 'month') return addMonths(firstOfMonth(anchor), direction);
  return addDays(anchor, direction * (view === 'week' ? 7 : agendaDays));
}

export function daysOf(range: DateRange): LocalDate[] {
  const days: LocalDate[] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1)) days.push(date);
  return days;
}

/** A local date as a JS Date at UTC midnight, for Intl formatting with `timeZone: 'UTC'`. */
function asUtcDate(date: LocalDate): Date {
  return new Date(toDayNumber(date) * 86_400_000);
}

export function formatLocalDate(
  date: LocalDate,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(asUtcDate(date));
}

/** The heading of a view: "2026年11月" for a month, "11月23日 – 29日" for a week or the agenda. */
export function rangeTitle(view: CalendarView, anchor: LocalDate, locale: string): string {
  if (view === 'month') return formatLocalDate(anchor, locale, { year: 'numeric', month: 'long' });
  const { from, to } = visibleRange(view, anchor);
  const format = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  return format.formatRange(asUtcDate(from), asUtcDate(to));
}

/** An instant as the backend takes it: a wall-clock time in the group's zone with the zone's offset. */
export function instantAt(date: LocalDate, time: string, utcOffsetMinutes: number): string {
  return `${date}T${time}:00${formatUtcOffset(utcOffsetMinutes)}`;
}

export function isWeekend(date: LocalDate): boolean {
  return weekdayOf(date) >= 6;
}

export { weekdayOf };
