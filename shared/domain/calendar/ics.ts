/**
 * iCalendar (RFC 5545) output for the plan: VCALENDAR with VEVENTs, text escaped (§3.3.11), lines folded at 75
 * octets of UTF-8 (§3.1) and ended with CRLF. Groups on China time (UTC+8) are written with TZID=Asia/Shanghai and
 * its VTIMEZONE, other offsets in UTC. A series becomes one VEVENT with an RRULE and EXDATEs, and each of its edited
 * occurrences a VEVENT with the same UID and a RECURRENCE-ID (§3.8.4.4).
 */
import { formatMinutes, toInstant, toLocal, type LocalDate, type Weekday } from './localTime';
import type { Recurrence } from './recurrence';

export const shanghaiZone = 'Asia/Shanghai';
const shanghaiOffsetMinutes = 480;
const maxLineOctets = 75;

/** TEXT values: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** One content line folded so that no physical line exceeds 75 octets; a multi-byte character is never split. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Continuation lines start with a space, which counts.
    const limit = parts.length === 0 ? maxLineOctets : maxLineOctets - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function compactDate(date: LocalDate): string {
  return date.replace(/-/g, '');
}

/** '20261125T140000Z' */
export function formatUtc(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Whether a group's times go out on the Asia/Shanghai clock (else in UTC). */
export function usesShanghaiZone(utcOffsetMinutes: number): boolean {
  return utcOffsetMinutes === shanghaiOffsetMinutes;
}

/** A DATE-TIME property: `NAME;TZID=Asia/Shanghai:20261125T140000` or `NAME:20261125T060000Z`. */
export function dateTimeProperty(name: string, instant: number, utcOffsetMinutes: number): string {
  if (!usesShanghaiZone(utcOffsetMinutes)) return `${name}:${formatUtc(instant)}`;
  const local = toLocal(instant, utcOffsetMinutes);
  return `${name};TZID=${shanghaiZone}:${compactDate(local.date)}T${formatMinutes(local.minutes).replace(':', '')}00`;
}

/**
 * A series maps onto an RRULE when its weekdays and dates are the same on the clock the file uses: always on the
 * Shanghai clock, and in UTC only when its start falls on the same date in UTC as locally.
 */
export function rruleMapsCleanly(startsAt: number, utcOffsetMinutes: number): boolean {
  return (
    usesShanghaiZone(utcOffsetMinutes) ||
    toLocal(startsAt, utcOffsetMinutes).date === toLocal(startsAt, 0).date
  );
}

const weekdayCodes: Record<Weekday, string> = {
  1: 'MO',
  2: 'TU',
  3: 'WE',
  4: 'TH',
  5: 'FR',
  6: 'SA',
  7: 'SU',
};

/** The RRULE value of a series starting at `startsAt`; UNTIL is the last day's start, in UTC as §3.3.10 asks. */
export function formatRrule(recurrence: Recurrence, startsAt: number, utcOffsetMinutes: number): string {
  const parts = [`FREQ=${recurrence.freq.toUpperCase()}`];
  if (recurrence.interval > 1) parts.push(`INTERVAL=${recurrence.interval}`);
  if (recurrence.freq === 'weekly') {
    if (recurrence.byWeekday.length > 0) {
      const days = [...new Set(recurrence.byWeekday)].sort((a, b) => a - b);
      parts.push(`BYDAY=${days.map((day) => weekdayCodes[day]).join(',')}`);
    }
    parts.push('WKST=MO');
  }
  if (recurrence.end.kind === 'count') parts.push(`COUNT=${recurrence.end.count}`);
  if (recurrence.end.kind === 'until') {
    const startMinutes = toLocal(startsAt, utcOffsetMinutes).minutes;
    parts.push(`UNTIL=${formatUtc(toInstant(recurrence.end.until, startMinutes, utcOffsetMinutes))}`);
  }
  return parts.join(';');
}

export const icsStatuses = ['TENTATIVE', 'CONFIRMED', 'CANCELLED'] as const;

export interface IcsEvent {
  uid: string;
  startsAt: number;
  endsAt: number;
  utcOffsetMinutes: number;
  summary: string;
  description?: string;
  location?: string;
  categories?: string[];
  status?: (typeof icsStatuses)[number];
  createdAt?: number;
  updatedAt?: number;
  /** A series: its rule and skipped dates (each at the series' start time). */
  recurrence?: { rule: Recurrence; exceptions: LocalDate[] };
  /** An edited occurrence of a series: the start it replaces. */
  recurrenceId?: number;
}

export interface IcsCalendar {
  name: string;
  /** DTSTAMP of every event: when the file was made. */
  stamp: number;
  events: IcsEvent[];
}

const vtimezone = [
  'BEGIN:VTIMEZONE',
  `TZID:${shanghaiZone}`,
  `X-LIC-LOCATION:${shanghaiZone}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function eventLines(event: IcsEvent, stamp: number): string[] {
  const offset = event.utcOffsetMinutes;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${formatUtc(stamp)}`,
    dateTimeProperty('DTSTART', event.startsAt, offset),
    dateTimeProperty('DTEND', Math.max(event.endsAt, event.startsAt), offset),
  ];
  if (event.recurrenceId !== undefined)
    lines.push(dateTimeProperty('RECURRENCE-ID', event.recurrenceId, offset));
  if (event.recurrence) {
    lines.push(`RRULE:${formatRrule(event.recurrence.rule, event.startsAt, offset)}`);
    const startMinutes = toLocal(event.startsAt, offset).minutes;
    for (const date of [...event.recurrence.exceptions].sort())
      lines.push(dateTimeProperty('EXDATE', toInstant(date, startMinutes, offset), offset));
  }
  lines.push(`SUMMARY:${escapeText(event.summary)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
  if (event.status) lines.push(`STATUS:${event.status}`);
  if (event.createdAt !== undefined) lines.push(`CREATED:${formatUtc(event.createdAt)}`);
  if (event.updatedAt !== undefined) lines.push(`LAST-MODIFIED:${formatUtc(event.updatedAt)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The whole file, CRLF line ends included. */
export function buildIcs(calendar: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//QunDesk//Content Calendar//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
  ];
  if (calendar.events.some((event) => usesShanghaiZone(event.utcOffsetMinutes))) {
    lines.push(`X-WR-TIMEZONE:${shanghaiZone}`, ...vtimezone);
  }
  for (const event of calendar.events) lines.push(...eventLines(event, calendar.stamp));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
