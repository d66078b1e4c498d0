/** The recompute's classifiers (JavaScript and SQL) give every member the tier and reason the rules define. */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tierDecisionSql } from '../../../electron/main/db/repositories/tiers';
import {
  defaultTierRules,
  encodeReason,
  rankedTiers,
  tierClassifier,
  tierMetrics,
  type ActivityMetrics,
  type TierCriterion,
  type TierResult,
  type TierRules,
} from '../../../shared/domain/tiers';

/** The rules read literally: the first ranked tier whose criterion holds, reasoned by its first threshold met. */
function reference(metrics: ActivityMetrics, rules: TierRules): TierResult {
  const entries = (criterion: TierCriterion) =>
    tierMetrics.flatMap((metric) => {
      const min = criterion.thresholds[metric];
      return min === undefined ? [] : [[metric, min] as const];
    });
  const params = (metric: (typeof tierMetrics)[number], min: number) => ({
    days: rules.windowDays,
    value: metrics[metric],
    threshold: min,
  });
  for (const tier of rankedTiers) {
    const all = entries(rules.criteria[tier]);
    const met = all.filter(([metric, min]) => metrics[metric] >= min);
    const holds = rules.criteria[tier].match === 'any' ? met.length > 0 : met.length === all.length;
    if (holds)
      return { tier, reason: { key: `tiers.reasons.${tier}.${met[0]![0]}`, params: params(...met[0]!) } };
  }
  const potential = entries(rules.criteria.potential);
  const [metric, min] = potential.find(([m, t]) => metrics[m] < t) ?? potential[0]!;
  return { tier: 'silent', reason: { key: `tiers.reasons.silent.${metric}`, params: params(metric, min) } };
}

const criterion = fc.record({
  match: fc.constantFrom('any' as const, 'all' as const),
  thresholds: fc
    .record(
      Object.fromEntries(
        tierMetrics.map((metric) => [metric, fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined })]),
      ),
    )
    .filter((thresholds) => Object.values(thresholds).some((value) => value !== undefined)),
}) as fc.Arbitrary<TierCriterion>;

describe('tier classifier', () => {
  it('agrees with the rules read literally, for any rules and activity', () => {
    fc.assert(
      fc.property(
        fc.record({ core: criterion, active: criterion, potential: criterion }),
        fc.record(Object.fromEntries(tierMetrics.map((metric) => [metric, fc.integer({ min: 0, max: 50 })]))),
        (criteria, metrics) => {
          const rules: TierRules = { ...defaultTierRules, criteria };
          const classify = tierClassifier(rules);
          expect(classify(metrics as ActivityMetrics)).toEqual(reference(metrics as ActivityMetrics, rules));
        },
      ),
      { numRuns: 2000 },
    );
  });

  describe('in SQL', () => {
    const db = new Database(':memory:');
    afterAll(() => db.close());

    it('gives the tier and stored reason of the JavaScript classifier, for any rules and activity', () => {
      fc.assert(
        fc.property(
          fc.record({ core: criterion, active: criterion, potential: criterion }),
          fc.integer({ min: 1, max: 365 }),
          fc.record(
            Object.fromEntries(tierMetrics.map((metric) => [metric, fc.integer({ min: 0, max: 50 })])),
          ),
          (criteria, windowDays, metrics) => {
            const rules: TierRules = { ...defaultTierRules, windowDays, criteria };
            const { decision, tier, reason } = tierDecisionSql(rules);
            const m = metrics as ActivityMetrics;
            // Integers, as the recompute's aggregates give them (a bound JS number is a REAL to SQLite).
            const fromSql = db
              .prepare(
                `SELECT ${tier} AS tier, ${reason} AS reason FROM (SELECT *, ${decision} AS decision FROM (
                   SELECT CAST(? AS INTEGER) AS messages, CAST(? AS INTEGER) AS active_days,
                     CAST(? AS INTEGER) AS check_ins, CAST(? AS INTEGER) AS points, CAST(? AS INTEGER) AS activities))`,
              )
              .get(m.messages, m.activeDays, m.checkIns, m.points, m.activities);
            const expected = tierClassifier(rules)(m);
            expect(fromSql).toEqual({ tier: expected.tier, reason: encodeReason(expected.reason) });
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
