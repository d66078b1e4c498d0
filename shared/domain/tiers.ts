/**
 * Member tiers (成员分层): core / active / potential / silent, computed from activity over a window.
 * Pure: the recompute job feeds it SQL aggregates, the UI and tests call it directly.
 *
 * A tier's criterion is a set of minimum thresholds matched with `any` or `all`; tiers are tried from the best
 * down and the first match wins, so more activity can never lower a member's tier.
 */
import { z } from 'zod';

/** Best first. */
export const tiers = ['core', 'active', 'potential', 'silent'] as const;
export type Tier = (typeof tiers)[number];
/** Tiers that have a criterion; everyone matching none of them is silent. */
export const rankedTiers = ['core', 'active', 'potential'] as const;
export type RankedTier = (typeof rankedTiers)[number];

/** Measured over the rules' window: messages sent, distinct days with a message, check-ins, points earned, activities joined. */
export const tierMetrics = ['messages', 'activeDays', 'checkIns', 'points', 'activities'] as const;
export type TierMetric = (typeof tierMetrics)[number];
export type ActivityMetrics = Record<TierMetric, number>;

const threshold = z.number().int().min(1).max(1_000_000);

export const tierCriterionSchema = z
  .object({
    match: z.enum(['any', 'all']),
    thresholds: z
      .object(
        Object.fromEntries(tierMetrics.map((metric) => [metric, threshold.optional()])) as Record<
          TierMetric,
          z.ZodOptional<typeof threshold>
        >,
      )
      .strict()
      .refine((thresholds) => Object.values(thresholds).some((value) => value !== undefined), {
        message: 'at least one threshold',
      }),
  })
  .strict();
export type TierCriterion = z.infer<typeof tierCriterionSchema>;

const targetRange = z
  .object({ min: z.number().min(0).max(100), max: z.number().min(0).max(100) })
  .strict()
  .refine((range) => range.min <= range.max, { message: 'min must not exceed max' });
export type TargetRange = z.infer<typeof targetRange>;

export const tierRulesSchema = z
  .object({
    windowDays: z.number().int().min(1).max(365),
    /** Offset of local time from UTC, for counting active days (China: +480). */
    utcOffsetMinutes: z.number().int().min(-720).max(840),
    criteria: z
      .object({ core: tierCriterionSchema, active: tierCriterionSchema, potential: tierCriterionSchema })
      .strict(),
    /** Target share of each tier in a group, in percent. */
    targets: z
      .object({ core: targetRange, active: targetRange, potential: targetRange, silent: targetRange })
      .strict(),
  })
  .strict();
export type TierRules = z.infer<typeof tierRulesSchema>;

/** Target ranges from the operations guide; thresholds sized so a typical group lands near them. */
export const defaultTierRules: TierRules = {
  windowDays: 30,
  utcOffsetMinutes: 480,
  criteria: {
    core: { match: 'all', thresholds: { messages: 30, activeDays: 10 } },
    active: { match: 'any', thresholds: { messages: 8, activeDays: 4, checkIns: 4, activities: 2 } },
    potential: { match: 'any', thresholds: { messages: 1, checkIns: 1, points: 1, activities: 1 } },
  },
  targets: {
    core: { min: 10, max: 20 },
    active: { min: 20, max: 35 },
    potential: { min: 30, max: 50 },
    silent: { min: 10, max: 20 },
  },
};

/** An i18n key with its placeholder values, e.g. `tiers.reasons.silent.messages` + {days: 30, value: 0, threshold: 1}. */
export interface TierReason {
  key: string;
  params: Record<string, number>;
}

export interface TierResult {
  tier: Tier;
  reason: TierReason;
}

const reasonPattern = /^tiers\.reasons\.(core|active|potential|silent)\.(\w+)$/;

/**
 * Compact storage form of a reason, `metric:days:value:threshold` (the tier is stored beside it): a fifth of the
 * JSON's size, which matters on 200,000 member rows.
 */
export function encodeReason(reason: TierReason): string {
  const metric = reasonPattern.exec(reason.key)?.[2] ?? 'unknown';
  const { days = 0, value = 0, threshold = 0 } = reason.params;
  return `${metric}:${days}:${value}:${threshold}`;
}

export function decodeReason(tier: Tier | null, stored: string | null): TierReason | null {
  if (tier === null || !stored) return null;
  const [metric, days, value, threshold] = stored.split(':');
  if (!metric || !(tierMetrics as readonly string[]).includes(metric)) return null;
  return {
    key: `tiers.reasons.${tier}.${metric}`,
    params: { days: Number(days), value: Number(value), threshold: Number(threshold) },
  };
}

export function tierRank(tier: Tier): number {
  return tiers.indexOf(tier);
}

/** The thresholds a criterion sets, in the fixed metric order (so reasons are stable). */
function thresholdsOf(criterion: TierCriterion): [TierMetric, number][] {
  const entries: [TierMetric, number][] = [];
  for (const metric of tierMetrics) {
    const value = criterion.thresholds[metric];
    if (value !== undefined) entries.push([metric, value]);
  }
  return entries;
}

function reason(tier: Tier, metric: TierMetric, value: number, threshold: number, days: number): TierReason {
  return { key: `tiers.reasons.${tier}.${metric}`, params: { days, value, threshold } };
}

/** The member's tier, with the one measurement that decided it ("近30天发言 0 次 → 沉默"). */
export function classifyMember(metrics: ActivityMetrics, rules: TierRules): TierResult {
  return tierClassifier(rules)(metrics);
}

/**
 * What decides a member's tier: the tier and the one threshold its reason cites. Built once per rule set (see
 * `tierDecisionTable`), numbered in the order they are tried.
 */
export interface TierDecision {
  index: number;
  tier: Tier;
  metric: TierMetric;
  threshold: number;
  /** `metric:days:` and `:threshold`: the stored reason (see `encodeReason`) is these around the member's value. */
  storedBefore: string;
  storedAfter: string;
}

/**
 * The rules as the ordered decisions a member is tried against. Ranked tiers from the best down: with `any`, the
 * first threshold met decides (and is cited); with `all`, every threshold must be met and the first is cited. A
 * member matching no ranked tier is silent, citing the first threshold of the potential tier they missed (the first
 * one when they missed none, which only an `all` potential criterion allows).
 */
export interface TierDecisionTable {
  ranked: { all: boolean; decisions: TierDecision[] }[];
  silent: TierDecision[];
}

export function tierDecisionTable(rules: TierRules): TierDecisionTable {
  let index = 0;
  const decision = (tier: Tier, [metric, threshold]: [TierMetric, number]): TierDecision => ({
    index: index++,
    tier,
    metric,
    threshold,
    storedBefore: `${metric}:${rules.windowDays}:`,
    storedAfter: `:${threshold}`,
  });
  const ranked = rankedTiers.map((tier) => ({
    all: rules.criteria[tier].match === 'all',
    decisions: thresholdsOf(rules.criteria[tier]).map((entry) => decision(tier, entry)),
  }));
  return { ranked, silent: thresholdsOf(rules.criteria.potential).map((entry) => decision('silent', entry)) };
}

/** The decision table as a function of a member's activity. */
function tierDecider(rules: TierRules): (metrics: ActivityMetrics) => TierDecision {
  const { ranked, silent } = tierDecisionTable(rules);
  return (metrics) => {
    for (const { all, decisions } of ranked) {
      let first: TierDecision | undefined;
      let missed = false;
      for (const entry of decisions) {
        if (metrics[entry.metric] >= entry.threshold) first ??= entry;
        else missed = true;
      }
      if (first && (!all || !missed)) return first;
    }
    return silent.find((entry) => metrics[entry.metric] < entry.threshold) ?? silent[0]!;
  };
}

/**
 * `classifyMember` for one set of rules, with the criteria's thresholds laid out once: the recompute classifies
 * 200,000 memberships with a handful of rule sets.
 */
export function tierClassifier(rules: TierRules): (metrics: ActivityMetrics) => TierResult {
  const decide = tierDecider(rules);
  return (metrics) => {
    const { tier, metric, threshold } = decide(metrics);
    return { tier, reason: reason(tier, metric, metrics[metric], threshold, rules.windowDays) };
  };
}

export type RangeStatus = 'below' | 'within' | 'above';

export interface TierShare {
  tier: Tier;
  count: number;
  /** Percent of the group, 0..100, one decimal. */
  percent: number;
  target: TargetRange;
  status: RangeStatus;
}

export interface TierDistribution {
  total: number;
  shares: TierShare[];
  /** True when any tier lies outside its target range (never for an empty group). */
  outOfRange: boolean;
}

/** Actual shares against the target ranges; an empty group is within range by definition. */
export function tierDistribution(
  counts: Partial<Record<Tier, number>>,
  targets: TierRules['targets'],
): TierDistribution {
  const total = tiers.reduce((sum, tier) => sum + (counts[tier] ?? 0), 0);
  const shares = tiers.map((tier): TierShare => {
    const count = counts[tier] ?? 0;
    const exact = total === 0 ? 0 : (count / total) * 100;
    const target = targets[tier];
    const status: RangeStatus =
      total === 0 ? 'within' : exact < target.min ? 'below' : exact > target.max ? 'above' : 'within';
    return { tier, count, percent: Math.round(exact * 10) / 10, target, status };
  });
  return { total, shares, outOfRange: shares.some((share) => share.status !== 'within') };
}

/** Local calendar day number of an epoch-ms instant, for counting active days. */
export function localDayNumber(epochMs: number, utcOffsetMinutes: number): number {
  return Math.floor((epochMs + utcOffsetMinutes * 60_000) / 86_400_000);
}
