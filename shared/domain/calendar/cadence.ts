/**
 * Cadence rules: "this kind of content, N times per day/week/month/quarter, inside this time window, on these
 * weekdays". A rule expands into slots: where the plan expects an entry. Periods are calendar periods in the
 * group's zone (weeks start on Monday); every period is expanded whole, then cut to the asked range, so a slot
 * never moves when the range does.
 */
import type { ContentType } from './contentTypes';
import {
  addDays,
  allWeekdays,
  daysInMonth,
  formatMinutes,
  fromDayNumber,
  localDateOf,
  rangeContains,
  startOfWeek,
  toDayNumber,
  toInstant,
  weekdayOf,
  yearMonthOf,
  type DateRange,
  type LocalDate,
  type Weekday,
} from './localTime';

export const cadencePeriods = ['day', 'week', 'month', 'quarter'] as const;
export type CadencePeriod = (typeof cadencePeriods)[number];

export const maxTimesPerPeriod = 48;

export interface CadenceRuleFields {
  contentType: ContentType;
  period: CadencePeriod;
  timesPerPeriod: number;
  /** Minutes after local midnight; the window is [windowStart, windowEnd). */
  windowStart: number;
  /** windowStart < windowEnd <= 1440. */
  windowEnd: number;
  /** Days the content may go out on; at least one. */
  weekdays: Weekday[];
  /** Only the last N days of each period count (e.g. 3 for "at month end"); null = the whole period. */
  lastDays: number | null;
  enabled: boolean;
}

export interface CadenceRule extends CadenceRuleFields {
  id: number;
}

const hours = (h: number, m = 0) => h * 60 + m;

/** The operations guide's content rhythm (内容运营策略矩阵). */
export const operationsTemplate: readonly CadenceRuleFields[] = [
  rule('morning_brief', 'day', 1, hours(7, 30), hours(8, 30)),
  rule('tutorial', 'week', 3, hours(10), hours(11)),
  rule('interactive_topic', 'day', 2, hours(14), hours(15)),
  rule('limited_event', 'week', 1, hours(20), hours(21)),
];

export function rule(
  contentType: ContentType,
  period: CadencePeriod,
  timesPerPeriod: number,
  windowStart: number,
  windowEnd: number,
  extra: Partial<Pick<CadenceRuleFields, 'weekdays' | 'lastDays'>> = {},
): CadenceRuleFields {
  return {
    contentType,
    period,
    timesPerPeriod,
    windowStart,
    windowEnd,
    weekdays: extra.weekdays ?? [...allWeekdays],
    lastDays: extra.lastDays ?? null,
    enabled: true,
  };
}

/** One calendar period of a rule: a day, a week (Mon-Sun), a month or a quarter. */
export interface Bucket {
  period: CadencePeriod;
  /** e.g. 'week:2026-11-23'. */
  key: string;
  start: LocalDate;
  end: LocalDate;
  year: number;
  month: number;
  quarter: number;
}

export function bucketOf(period: CadencePeriod, date: LocalDate): Bucket {
  const { year, month } = yearMonthOf(date);
  let start: LocalDate;
  let end: LocalDate;
  if (period === 'day') {
    start = date;
    end = date;
  } else if (period === 'week') {
    start = startOfWeek(date);
    end = addDays(start, 6);
  } else {
    const firstMonth = period === 'month' ? month : Math.floor((month - 1) / 3) * 3 + 1;
    const lastMonth = period === 'month' ? month : firstMonth + 2;
    start = localDateOf(year, firstMonth, 1);
    end = localDateOf(year, lastMonth, daysInMonth(year, lastMonth));
  }
  const bucketMonth = yearMonthOf(start);
  return {
    period,
    key: `${period}:${start}`,
    start,
    end,
    year: bucketMonth.year,
    month: bucketMonth.month,
    quarter: Math.floor((bucketMonth.month - 1) / 3) + 1,
  };
}

/** The buckets of a period that overlap a range, in order. */
export function bucketsOverlapping(period: CadencePeriod, range: DateRange): Bucket[] {
  const buckets: Bucket[] = [];
  let bucket = bucketOf(period, range.from);
  while (bucket.start <= range.to) {
    buckets.push(bucket);
    bucket = bucketOf(period, addDays(bucket.end, 1));
  }
  return buckets;
}

/** Days of a bucket on which the rule's content may go out. */
export function eligibleDays(ruleFields: CadenceRuleFields, bucket: Bucket): LocalDate[] {
  const allowed = new Set<number>(ruleFields.weekdays);
  const first = toDayNumber(bucket.start);
  const last = toDayNumber(bucket.end);
  const from = ruleFields.lastDays === null ? first : Math.max(first, last - ruleFields.lastDays + 1);
  const days: LocalDate[] = [];
  for (let day = from; day <= last; day += 1) {
    const date = fromDayNumber(day);
    if (allowed.has(weekdayOf(date))) days.push(date);
  }
  return days;
}

export interface Slot {
  ruleId: number;
  contentType: ContentType;
  period: CadencePeriod;
  bucketKey: string;
  /** 0-based position of the slot in its bucket. */
  ordinal: number;
  date: LocalDate;
  weekday: Weekday;
  /** Suggested local time, minutes after midnight. */
  minutes: number;
  /** Suggested instant (epoch ms). */
  startsAt: number;
  /** The rule's window on the slot's date (epoch ms, end exclusive). */
  windowStartsAt: number;
  windowEndsAt: number;
  /**
   * True when the slot stands for one particular day (daily rules, or as many slots as eligible days);
   * false when an entry anywhere in the period fills it ("本周缺 1 篇" rather than "周三未安排").
   */
  pinned: boolean;
}

/**
 * The slots of one bucket: spread evenly over the eligible days (3 a week over Mon-Sun lands on Mon, Wed, Fri);
 * slots sharing a day split the window evenly (2 a day in 14:00-15:00 suggest 14:00 and 14:30).
 */
export function expandBucket(ruleFields: CadenceRule, bucket: Bucket, utcOffsetMinutes: number): Slot[] {
  const days = eligibleDays(ruleFields, bucket);
  const times = ruleFields.timesPerPeriod;
  if (days.length === 0 || times < 1 || !ruleFields.enabled) return [];
  const dayIndexOf = (ordinal: number) => Math.floor((ordinal * days.length) / times);
  const perDay = new Map<number, number>();
  for (let ordinal = 0; ordinal < times; ordinal += 1) {
    const index = dayIndexOf(ordinal);
    perDay.set(index, (perDay.get(index) ?? 0) + 1);
  }
  const pinned = ruleFields.period === 'day' || days.length <= times;
  const width = ruleFields.windowEnd - ruleFields.windowStart;
  const slots: Slot[] = [];
  const seenOnDay = new Map<number, number>();
  for (let ordinal = 0; ordinal < times; ordinal += 1) {
    const index = dayIndexOf(ordinal);
    const date = days[index]!;
    const position = seenOnDay.get(index) ?? 0;
    seenOnDay.set(index, position + 1);
    const minutes = ruleFields.windowStart + Math.floor((position * width) / (perDay.get(index) ?? 1));
    slots.push({
      ruleId: ruleFields.id,
      contentType: ruleFields.contentType,
      period: ruleFields.period,
      bucketKey: bucket.key,
      ordinal,
      date,
      weekday: weekdayOf(date),
      minutes,
      startsAt: toInstant(date, minutes, utcOffsetMinutes),
      windowStartsAt: toInstant(date, ruleFields.windowStart, utcOffsetMinutes),
      windowEndsAt: toInstant(date, ruleFields.windowEnd, utcOffsetMinutes),
      pinned,
    });
  }
  return slots;
}

/** Every slot of a rule whose date lies in the range (periods are expanded whole, then cut). */
export function expandRule(ruleFields: CadenceRule, range: DateRange, utcOffsetMinutes: number): Slot[] {
  return bucketsOverlapping(ruleFields.period, range)
    .flatMap((bucket) => expandBucket(ruleFields, bucket, utcOffsetMinutes))
    .filter((slot) => rangeContains(range, slot.date));
}

/** The dates whose entries decide the slots of a range: the union of the rules' periods overlapping it. */
export function planningExtent(rules: readonly CadenceRuleFields[], range: DateRange): DateRange {
  let { from, to } = range;
  for (const each of rules) {
    if (!each.enabled) continue;
    const first = bucketOf(each.period, range.from);
    const last = bucketOf(each.period, range.to);
    if (first.start < from) from = first.start;
    if (last.end > to) to = last.end;
  }
  return { from, to };
}

/** Is a local time inside the rule's window, on an eligible day of the bucket? */
export function fitsRule(
  ruleFields: CadenceRuleFields,
  bucket: Bucket,
  date: LocalDate,
  minutes: number,
): boolean {
  if (minutes < ruleFields.windowStart || minutes >= ruleFields.windowEnd) return false;
  return eligibleDays(ruleFields, bucket).includes(date);
}

export function describeWindow(ruleFields: Pick<CadenceRuleFields, 'windowStart' | 'windowEnd'>): string {
  return `${formatMinutes(ruleFields.windowStart)}-${formatMinutes(ruleFields.windowEnd)}`;
}
