/** Locale-aware formatting of numbers, dates and durations for the current UI language. */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2024-05-01 20:15`: the same shape in both languages, easy to scan in tables. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `YYYY-MM-DDTHH:mm` in local time, what a DateTimeField holds. */
export function dateTimeInputValue(epochMs: number): string {
  return formatDateTime(new Date(epochMs).toISOString()).replace(' ', 'T');
}

export function formatDate(iso: string | null): string {
  return formatDateTime(iso).slice(0, 10);
}

/** "3 天前" / "3 days ago"; under a minute reads "刚刚". */
export function formatRelative(iso: string, locale: string, t: TFunction, now: number = Date.now()): string {
  const elapsed = new Date(iso).getTime() - now;
  const size = Math.abs(elapsed);
  if (size < minute) return t('common.justNow');
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (size < hour) return format.format(Math.round(elapsed / minute), 'minute');
  if (size < day) return format.format(Math.round(elapsed / hour), 'hour');
  if (size < 30 * day) return format.format(Math.round(elapsed / day), 'day');
  if (size < 365 * day) return format.format(Math.round(elapsed / (30 * day)), 'month');
  return format.format(Math.round(elapsed / (365 * day)), 'year');
}

/** Time left for a job, e.g. "约剩 12 秒" / "about 12 s left". */
export function formatEta(etaMs: number | null, t: TFunction): string {
  if (etaMs === null) return t('jobs.etaEstimating');
  const seconds = Math.max(1, Math.ceil(etaMs / 1000));
  if (seconds < 60) return t('jobs.etaSeconds', { seconds });
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return t('jobs.etaMinutes', { minutes });
  return t('jobs.etaHours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** A finished job's duration, e.g. "4.2 秒" / "4.2 s", via Intl units. */
export function formatDuration(ms: number, locale: string): string {
  const unitFormat = (value: number, unit: 'second' | 'minute', digits: number) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(value);
  return ms < minute ? unitFormat(ms / 1000, 'second', 1) : unitFormat(ms / minute, 'minute', 1);
}

/** Formatters bound to the current language. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    t,
    locale,
    number: (value: number) => numberFormat.format(value),
    dateTime: formatDateTime,
    date: formatDate,
    relative: (iso: string) => formatRelative(iso, locale, t),
    eta: (etaMs: number | null) => formatEta(etaMs, t),
    duration: (ms: number) => formatDuration(ms, locale),
  };
}
