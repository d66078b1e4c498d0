/**
 * Gap report: the slots the cadence rules expect against what is planned. Planned entries fill the nearest free
 * slot of their rule's period (same content type, inside the window, on an eligible day); what stays empty becomes
 * a gap: "本周缺 1 篇干货教程" for a period-wide slot, "周三 14:00 互动话题未安排" for a slot tied to a day.
 */
import {
  bucketsOverlapping,
  expandBucket,
  fitsRule,
  type Bucket,
  type CadencePeriod,
  type CadenceRule,
  type Slot,
} from './cadence';
import type { ContentType } from './contentTypes';
import type { DomainMessage } from './messages';
import {
  formatMinutes,
  rangeContains,
  startOfWeek,
  toLocal,
  type DateRange,
  type LocalDate,
} from './localTime';

export interface PlannedEntry {
  /** Identifies the entry in the report (e.g. a calendar entry's key). */
  key: string;
  contentType: ContentType;
  startsAt: number;
}

export interface FilledSlot extends Slot {
  /** Key of the planned entry filling the slot, or null when it is still empty. */
  filledBy: string | null;
}

export type Gap = DomainMessage & {
  kind: 'period' | 'slot';
  ruleId: number;
  contentType: ContentType;
  period: CadencePeriod;
  bucketKey: string;
  /** The slot's date, or the period's first day for a period gap. */
  date: LocalDate;
  /** How many entries are missing (1 for a slot gap). */
  missing: number;
  /** Suggested instant of the (first) empty slot. */
  startsAt: number;
};

export interface GapReport {
  range: DateRange;
  /** Slots dated inside the range, in time order. */
  slots: FilledSlot[];
  gaps: Gap[];
  expected: number;
  filled: number;
}

export interface GapInput {
  rules: readonly CadenceRule[];
  utcOffsetMinutes: number;
  range: DateRange;
  /** Entries of the group over at least `planningExtent(rules, range)`; others are ignored. */
  planned: readonly PlannedEntry[];
}

/** Unit word per content type, for "缺 1 篇干货教程" / "缺 2 条互动话题". */
const unitKeyOf = (contentType: ContentType) => `calendar.units.${contentType}`;
const contentTypeKeyOf = (contentType: ContentType) => `calendar.contentTypes.${contentType}`;

export function gapReport(input: GapInput): GapReport {
  const { range, utcOffsetMinutes } = input;
  const used = new Set<string>();
  const slots: FilledSlot[] = [];
  const gaps: Gap[] = [];
  const planned = [...input.planned]
    .sort((a, b) => a.startsAt - b.startsAt || a.key.localeCompare(b.key))
    .map((entry) => ({ entry, local: toLocal(entry.startsAt, utcOffsetMinutes) }));
  const withinOneWeek = startOfWeek(range.from) === startOfWeek(range.to);

  for (const rule of input.rules) {
    if (!rule.enabled) continue;
    for (const bucket of bucketsOverlapping(rule.period, range)) {
      const bucketSlots: FilledSlot[] = expandBucket(rule, bucket, utcOffsetMinutes).map((slot) => ({
        ...slot,
        filledBy: null,
      }));
      if (bucketSlots.length === 0) continue;
      for (const { entry, local } of planned) {
        if (used.has(entry.key) || entry.contentType !== rule.contentType) continue;
        if (local.date < bucket.start || local.date > bucket.end) continue;
        if (!fitsRule(rule, bucket, local.date, local.minutes)) continue;
        const nearest = nearestFreeSlot(bucketSlots, entry.startsAt);
        if (!nearest) break;
        nearest.filledBy = entry.key;
        used.add(entry.key);
      }
      const inRange = bucketSlots.filter((slot) => rangeContains(range, slot.date));
      slots.push(...inRange);
      const empty = inRange.filter((slot) => slot.filledBy === null);
      if (empty.length === 0) continue;
      if (empty[0]!.pinned) {
        for (const slot of empty) gaps.push(slotGap(rule, slot, withinOneWeek));
      } else {
        gaps.push(periodGap(rule, bucket, empty, range));
      }
    }
  }
  slots.sort((a, b) => a.startsAt - b.startsAt || a.ruleId - b.ruleId || a.ordinal - b.ordinal);
  gaps.sort((a, b) => a.startsAt - b.startsAt || a.ruleId - b.ruleId);
  return {
    range,
    slots,
    gaps,
    expected: slots.length,
    filled: slots.filter((slot) => slot.filledBy !== null).length,
  };
}

/** The free slot closest in time; ties go to the earlier slot. */
function nearestFreeSlot(slots: FilledSlot[], startsAt: number): FilledSlot | undefined {
  let best: FilledSlot | undefined;
  for (const slot of slots) {
    if (slot.filledBy !== null) continue;
    if (!best || Math.abs(slot.startsAt - startsAt) < Math.abs(best.startsAt - startsAt)) best = slot;
  }
  return best;
}

function slotGap(rule: CadenceRule, slot: FilledSlot, withinOneWeek: boolean): Gap {
  return {
    kind: 'slot',
    ruleId: rule.id,
    contentType: rule.contentType,
    period: rule.period,
    bucketKey: slot.bucketKey,
    date: slot.date,
    missing: 1,
    startsAt: slot.startsAt,
    // Inside one week the weekday says which day; across weeks the date is needed too.
    messageKey: withinOneWeek ? 'calendar.gaps.slotEmpty' : 'calendar.gaps.slotEmptyOnDate',
    params: {
      date: slot.date,
      weekdayKey: `calendar.weekdays.${slot.weekday}`,
      time: formatMinutes(slot.minutes),
      contentTypeKey: contentTypeKeyOf(rule.contentType),
    },
  };
}

function periodGap(rule: CadenceRule, bucket: Bucket, empty: FilledSlot[], range: DateRange): Gap {
  // "本周" when the report looks at (part of) this one period; otherwise the period is named.
  const rangeInsideBucket = range.from >= bucket.start && range.to <= bucket.end;
  return {
    kind: 'period',
    ruleId: rule.id,
    contentType: rule.contentType,
    period: rule.period,
    bucketKey: bucket.key,
    date: bucket.start,
    missing: empty.length,
    startsAt: empty[0]!.startsAt,
    messageKey: 'calendar.gaps.periodShort',
    params: {
      count: empty.length,
      periodKey: `calendar.periods.${rangeInsideBucket ? 'this' : 'named'}.${bucket.period}`,
      bucketStart: bucket.start,
      year: bucket.year,
      month: bucket.month,
      quarter: bucket.quarter,
      unitKey: unitKeyOf(rule.contentType),
      contentTypeKey: contentTypeKeyOf(rule.contentType),
    },
  };
}
