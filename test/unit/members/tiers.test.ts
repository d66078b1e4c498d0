import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyMember,
  defaultTierRules,
  localDayNumber,
  rankedTiers,
  tierDistribution,
  tierMetrics,
  tierRank,
  tierRulesSchema,
  tiers,
  type ActivityMetrics,
  type TierRules,
} from '../../../shared/domain/tiers';
import { translate } from '../../../shared/i18n';

const none: ActivityMetrics = { messages: 0, activeDays: 0, checkIns: 0, points: 0, activities: 0 };
const metrics = (partial: Partial<ActivityMetrics>): ActivityMetrics => ({ ...none, ...partial });

describe('classifyMember with the default rules', () => {
  // [case, activity, expected tier, the metric the reason cites, its value, its threshold]
  const cases: [string, Partial<ActivityMetrics>, string, string, number, number][] = [
    ['no activity at all', {}, 'silent', 'messages', 0, 1],
    ['one message', { messages: 1 }, 'potential', 'messages', 1, 1],
    ['one check-in only', { checkIns: 1 }, 'potential', 'checkIns', 1, 1],
    ['8 messages', { messages: 8, activeDays: 2 }, 'active', 'messages', 8, 8],
    ['4 active days, few messages', { messages: 5, activeDays: 4 }, 'active', 'activeDays', 4, 4],
    ['many messages on few days is not core', { messages: 200, activeDays: 3 }, 'active', 'messages', 200, 8],
    ['30 messages over 10 days', { messages: 30, activeDays: 10 }, 'core', 'messages', 30, 30],
  ];
  it.each(cases)('%s → %s', (_label, input, tier, metric, value, threshold) => {
    const result = classifyMember(metrics(input), defaultTierRules);
    expect(result.tier).toBe(tier);
    expect(result.reason).toEqual({
      key: `tiers.reasons.${tier}.${metric}`,
      params: { days: 30, value, threshold },
    });
  });

  it('gives a reason that reads like the operations guide', () => {
    const { reason } = classifyMember(metrics({}), defaultTierRules);
    expect(translate('zh-CN', reason.key, reason.params)).toBe('近30天发言 0 次（门槛 1）→ 沉默');
    expect(translate('en', reason.key, reason.params)).toContain('0 messages in the last 30 days');
  });

  it('cites the missed threshold of an "all" potential criterion', () => {
    const rules: TierRules = {
      ...defaultTierRules,
      criteria: {
        ...defaultTierRules.criteria,
        potential: { match: 'all', thresholds: { messages: 2, checkIns: 1 } },
      },
    };
    expect(classifyMember(metrics({ messages: 5 }), rules).reason.key).toBe('tiers.reasons.silent.checkIns');
  });
});

/** One arbitrary per metric, as a record. */
const perMetric = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.record(
    Object.fromEntries(tierMetrics.map((metric) => [metric, arbitrary])) as Record<
      keyof ActivityMetrics,
      fc.Arbitrary<T>
    >,
  );
const metricsArbitrary = perMetric(fc.nat(200));
const thresholdsArbitrary = perMetric(fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }))
  .filter((thresholds) => Object.values(thresholds).some((value) => value !== undefined))
  .map((thresholds) =>
    Object.fromEntries(Object.entries(thresholds).filter(([, value]) => value !== undefined)),
  );
const criterionArbitrary = fc.record({
  match: fc.constantFrom('any' as const, 'all' as const),
  thresholds: thresholdsArbitrary,
});
const rulesArbitrary: fc.Arbitrary<TierRules> = fc
  .record({
    windowDays: fc.integer({ min: 1, max: 365 }),
    core: criterionArbitrary,
    active: criterionArbitrary,
    potential: criterionArbitrary,
  })
  .map(({ windowDays, core, active, potential }) =>
    tierRulesSchema.parse({ ...defaultTierRules, windowDays, criteria: { core, active, potential } }),
  );

describe('tier properties', () => {
  it('every member gets exactly one known tier and a reason with the window', () => {
    fc.assert(
      fc.property(metricsArbitrary, rulesArbitrary, (input, rules) => {
        const result = classifyMember(input, rules);
        expect(tiers).toContain(result.tier);
        expect(result.reason.key.startsWith(`tiers.reasons.${result.tier}.`)).toBe(true);
        expect(result.reason.params.days).toBe(rules.windowDays);
      }),
      { numRuns: 500 },
    );
  });

  it('is monotonic: more activity never lowers the tier', () => {
    // Per metric two values among 0, just under and at the thresholds the rules set for it, or anything: the lower
    // one before, the higher one after. Activity drawn up to 200 against thresholds up to 100, plus a little more,
    // changed the tier in about one run in ten; the rest compared a tier with itself.
    const beforeAndAfter = (rules: TierRules) =>
      fc.record(
        Object.fromEntries(
          tierMetrics.map((metric) => {
            const thresholds = rankedTiers.flatMap((tier) => rules.criteria[tier].thresholds[metric] ?? []);
            const value =
              thresholds.length === 0
                ? fc.nat(200)
                : fc.oneof(
                    { weight: 2, arbitrary: fc.constant(0) },
                    {
                      weight: 2,
                      arbitrary: fc.constantFrom(...thresholds).map((threshold) => threshold - 1),
                    },
                    { weight: 2, arbitrary: fc.constantFrom(...thresholds) },
                    { weight: 1, arbitrary: fc.nat(200) },
                  );
            return [
              metric,
              fc.tuple(value, value).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
            ];
          }),
        ) as Record<keyof ActivityMetrics, fc.Arbitrary<readonly [number, number]>>,
      );
    const numRuns = 500;
    let raised = 0;
    fc.assert(
      fc.property(
        rulesArbitrary.chain((rules) => fc.tuple(fc.constant(rules), beforeAndAfter(rules))),
        ([rules, values]) => {
          const base = Object.fromEntries(tierMetrics.map((m) => [m, values[m][0]])) as ActivityMetrics;
          const more = Object.fromEntries(tierMetrics.map((m) => [m, values[m][1]])) as ActivityMetrics;
          const before = tierRank(classifyMember(base, rules).tier);
          const after = tierRank(classifyMember(more, rules).tier);
          expect(after).toBeLessThanOrEqual(before);
          if (after < before) raised += 1;
        },
      ),
      { numRuns },
    );
    // The extra activity moves the member up a tier in many runs.
    expect(raised).toBeGreaterThan(numRuns * 0.3);
  });
});

describe('tier rules schema', () => {
  it('accepts the defaults and refuses empty criteria, inverted ranges and zero thresholds', () => {
    expect(tierRulesSchema.safeParse(defaultTierRules).success).toBe(true);
    const empty = {
      ...defaultTierRules,
      criteria: { ...defaultTierRules.criteria, core: { match: 'any', thresholds: {} } },
    };
    expect(tierRulesSchema.safeParse(empty).success).toBe(false);
    const inverted = {
      ...defaultTierRules,
      targets: { ...defaultTierRules.targets, core: { min: 30, max: 10 } },
    };
    expect(tierRulesSchema.safeParse(inverted).success).toBe(false);
    const zero = {
      ...defaultTierRules,
      criteria: { ...defaultTierRules.criteria, potential: { match: 'any', thresholds: { messages: 0 } } },
    };
    expect(tierRulesSchema.safeParse(zero).success).toBe(false);
  });
});

describe('tierDistribution', () => {
  it('flags tiers outside their target ranges', () => {
    const result = tierDistribution(
      { core: 15, active: 30, potential: 40, silent: 15 },
      defaultTierRules.targets,
    );
    expect(result.total).toBe(100);
    expect(result.outOfRange).toBe(false);
    expect(result.shares.map((share) => share.status)).toEqual(['within', 'within', 'within', 'within']);

    const skewed = tierDistribution(
      { core: 2, active: 10, potential: 20, silent: 68 },
      defaultTierRules.targets,
    );
    expect(skewed.outOfRange).toBe(true);
    expect(Object.fromEntries(skewed.shares.map((share) => [share.tier, share.status]))).toEqual({
      core: 'below',
      active: 'below',
      potential: 'below',
      silent: 'above',
    });
    expect(skewed.shares.find((share) => share.tier === 'silent')?.percent).toBe(68);
  });

  it('treats the range bounds as inside and an empty group as in range', () => {
    const bounds = tierDistribution(
      { core: 10, active: 35, potential: 35, silent: 20 },
      defaultTierRules.targets,
    );
    expect(bounds.outOfRange).toBe(false);
    const empty = tierDistribution({}, defaultTierRules.targets);
    expect(empty).toMatchObject({ total: 0, outOfRange: false });
  });

  it('shares always add up to the total', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.nat(1000),
        fc.nat(1000),
        fc.nat(1000),
        (core, active, potential, silent) => {
          const result = tierDistribution({ core, active, potential, silent }, defaultTierRules.targets);
          expect(result.shares.reduce((sum, share) => sum + share.count, 0)).toBe(result.total);
          if (result.total > 0)
            expect(Math.abs(result.shares.reduce((sum, s) => sum + s.percent, 0) - 100)).toBeLessThan(0.3);
        },
      ),
    );
  });
});

describe('localDayNumber', () => {
  it('counts days in local time: 23:30 and 00:30 Beijing time are different days', () => {
    const lateEvening = Date.parse('2024-05-01T23:30:00+08:00');
    const afterMidnight = Date.parse('2024-05-02T00:30:00+08:00');
    expect(localDayNumber(afterMidnight, 480) - localDayNumber(lateEvening, 480)).toBe(1);
    expect(localDayNumber(afterMidnight, 0)).toBe(localDayNumber(lateEvening, 0));
  });
});
