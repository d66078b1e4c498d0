/**
 * Times in exports: naive local strings of the exporting computer (the usual case), epoch seconds, ISO UTC or
 * RFC 3339 with an offset. Local strings are turned into epoch ms with a fixed offset the user can change.
 */
import { timeZonePattern } from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';

/** `+08:00` -> 480. */
export function parseOffset(timeZone: string): number {
  if (!timeZonePattern.test(timeZone))
    throw new AppError('VALIDATION', 'import.errors.badTimeZone', { timeZone });
  if (timeZone === 'Z') return 0;
  const sign = timeZone.startsWith('-') ? -1 : 1;
  return sign * (Number(timeZone.slice(1, 3)) * 60 + Number(timeZone.slice(4, 6)));
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** The computer's current UTC offset, as the default for exports made on this machine. */
export function localTimeZone(at = new Date()): string {
  return formatOffset(-at.getTimezoneOffset());
}

/** Exports before WeChat existed or far in the future are misread columns, not messages. */
const earliest = Date.UTC(2000, 0, 1);
const latest = Date.UTC(2100, 0, 1);

function validParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function epochFromParts(parts: readonly number[], offsetMinutes: number): number {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0] = parts;
  if (!validParts(year, month, day, hour, minute, second)) return Number.NaN;
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return epoch >= earliest && epoch < latest ? epoch : Number.NaN;
}

/**
 * Local date-times: `2024-03-01 09:00:05`, Excel's `2024/3/1 9:00` (seconds dropped), microseconds
 * (`…:05.123000`), a `T` separator. An explicit `Z` or `±HH:MM` suffix wins over `offsetMinutes`.
 * Returns NaN when the text is not a valid time.
 */
const localDateTime =
  /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/;

export function parseLocalDateTime(text: string, offsetMinutes: number): number {
  const match = localDateTime.exec(text);
  if (!match) return Number.NaN;
  const fraction = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0;
  let offset = offsetMinutes;
  const zone = match[8];
  if (zone) {
    const normalised = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    if (!timeZonePattern.test(normalised)) return Number.NaN;
    offset = parseOffset(normalised);
  }
  return epochFromParts(
    [
      Number(match[1]),
      Number(match[2]),
      Number(match[3]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6] ?? 0),
      fraction,
    ],
    offset,
  );
}

/**
 * Fast path for the canonical `YYYY-MM-DD HH:MM:SS` (19 characters), the bulk of every CSV and TXT export;
 * falls back to the general parser for anything else.
 */
export function parseExportTime(text: string, offsetMinutes: number): number {
  if (
    text.length === 19 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
      return epochFromParts([year, month, day, hour, minute, second], offsetMinutes);
    }
  }
  return parseLocalDateTime(text, offsetMinutes);
}

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Epoch seconds (or milliseconds, when the number is too large to be seconds) as epoch ms; NaN otherwise. */
export function parseEpoch(value: unknown): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(number)) return Number.NaN;
  const millis = number > 1e11 ? Math.round(number) : Math.round(number * 1000);
  return millis >= earliest && millis < latest ? millis : Number.NaN;
}

/**
 * chatlog text prints `15:04:05` within one day and `01-02 15:04:05` within one year: `date` (YYYY-MM-DD)
 * supplies what is missing. Returns NaN for an invalid time; throws when the date is needed and absent.
 */
export function parsePartialTime(text: string, offsetMinutes: number, date: string | undefined): number {
  if (/^\d{4}-/.test(text)) return parseExportTime(text, offsetMinutes);
  if (!date) throw new AppError('VALIDATION', 'import.errors.dateRequired');
  const year = date.slice(0, 4);
  if (/^\d{2}-\d{2} /.test(text)) return parseExportTime(`${year}-${text}`, offsetMinutes);
  if (/^\d{2}:\d{2}:\d{2}$/.test(text)) return parseExportTime(`${date} ${text}`, offsetMinutes);
  return Number.NaN;
}
