/**
 * WeCom mass-send caps. Each customer receives at most one enterprise mass message a day (企业群发), and each
 * group at most as many group mass messages a month as the month has days (客户群群发). Both limits are
 * configurable because the platform changes them. Audiences are not modelled, so the customer cap is checked
 * across the whole workspace per local day: two customer mass sends on one day may reach the same customer.
 */
import type { SendChannel } from './contentTypes';
import type { DomainMessage } from './messages';
import { daysInMonth, localDateOf, toLocal, yearMonthOf, type DateRange, type LocalDate } from './localTime';

export interface CapSettings {
  /** Customer mass messages per customer per day. */
  customerMassPerDay: number;
  /** Group mass messages per group per month; null = as many as the month has days. */
  groupMassPerMonth: number | null;
}

export const defaultCapSettings: CapSettings = { customerMassPerDay: 1, groupMassPerMonth: null };

export interface CapEntry {
  key: string;
  groupId: number;
  channel: SendChannel;
  startsAt: number;
  utcOffsetMinutes: number;
}

export type CapWarning = DomainMessage & {
  kind: 'customerDaily' | 'groupMonthly';
  /** The group (monthly cap) or null (the customer cap spans groups). */
  groupId: number | null;
  /** The day (customer cap) or the month's first day (group cap). */
  date: LocalDate;
  planned: number;
  cap: number;
  /** Keys of the entries counted, in time order. */
  entryKeys: string[];
};

export function groupMassCapFor(settings: CapSettings, year: number, month: number): number {
  return settings.groupMassPerMonth ?? daysInMonth(year, month);
}

/** Whole months around a range: what the entries must cover for the monthly cap to be counted right. */
export function capExtent(range: DateRange): DateRange {
  const first = yearMonthOf(range.from);
  const last = yearMonthOf(range.to);
  return {
    from: localDateOf(first.year, first.month, 1),
    to: localDateOf(last.year, last.month, daysInMonth(last.year, last.month)),
  };
}

export function capWarnings(
  entries: readonly CapEntry[],
  settings: CapSettings,
  range: DateRange,
  groupNames: ReadonlyMap<number, string> = new Map(),
): CapWarning[] {
  const sorted = [...entries].sort((a, b) => a.startsAt - b.startsAt || a.key.localeCompare(b.key));
  const perDay = new Map<LocalDate, string[]>();
  const perGroupMonth = new Map<string, { groupId: number; month: LocalDate; keys: string[] }>();
  for (const entry of sorted) {
    const { date } = toLocal(entry.startsAt, entry.utcOffsetMinutes);
    if (entry.channel === 'wecom_customer_mass') {
      perDay.set(date, [...(perDay.get(date) ?? []), entry.key]);
    } else if (entry.channel === 'wecom_group_mass') {
      const month = `${date.slice(0, 8)}01`;
      const id = `${entry.groupId}|${month}`;
      const bucket = perGroupMonth.get(id) ?? { groupId: entry.groupId, month, keys: [] };
      bucket.keys.push(entry.key);
      perGroupMonth.set(id, bucket);
    }
  }
  const warnings: CapWarning[] = [];
  for (const [date, keys] of perDay) {
    if (date < range.from || date > range.to || keys.length <= settings.customerMassPerDay) continue;
    warnings.push({
      kind: 'customerDaily',
      groupId: null,
      date,
      planned: keys.length,
      cap: settings.customerMassPerDay,
      entryKeys: keys,
      messageKey: 'calendar.caps.customerDaily',
      params: { date, planned: keys.length, cap: settings.customerMassPerDay },
    });
  }
  const monthsInRange = capExtent(range);
  for (const { groupId, month, keys } of perGroupMonth.values()) {
    const { year, month: monthNumber } = yearMonthOf(month);
    const cap = groupMassCapFor(settings, year, monthNumber);
    if (month < monthsInRange.from || month > monthsInRange.to || keys.length <= cap) continue;
    warnings.push({
      kind: 'groupMonthly',
      groupId,
      date: month,
      planned: keys.length,
      cap,
      entryKeys: keys,
      messageKey: 'calendar.caps.groupMonthly',
      params: {
        group: groupNames.get(groupId) ?? `#${groupId}`,
        year,
        month: monthNumber,
        planned: keys.length,
        cap,
      },
    });
  }
  return warnings.sort((a, b) => a.date.localeCompare(b.date) || (a.groupId ?? 0) - (b.groupId ?? 0));
}
