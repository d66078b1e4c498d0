import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  cadencePeriods,
  eligibleDays,
  expandRule,
  operationsTemplate,
  planningExtent,
  rule,
  type CadenceRule,
} from '../../../shared/domain/calendar/cadence';
import { activitiesTemplate } from '../../../shared/domain/calendar/activities';
import { contentTypes } from '../../../shared/domain/calendar/contentTypes';
import {
  addDays,
  fromDayNumber,
  toDayNumber,
  toLocal,
  weekdayOf,
  type Weekday,
} from '../../../shared/domain/calendar/localTime';

const beijing = 480;
const week = { from: '2026-11-23', to: '2026-11-29' };
const withIds = (rules: readonly Omit<CadenceRule, 'id'>[]): CadenceRule[] =>
  rules.map((each, id) => ({ ...each, id }));

describe('cadence buckets', () => {
  it.each([
    ['day', '2026-11-25', '2026-11-25', '2026-11-25'],
    ['week', '2026-11-25', '2026-11-23', '2026-11-29'],
    ['week', '2027-01-01', '2026-12-28', '2027-01-03'],
    ['month', '2028-02-10', '2028-02-01', '2028-02-29'],
    ['month', '2026-02-10', '2026-02-01', '2026-02-28'],
    ['quarter', '2026-11-25', '2026-10-01', '2026-12-31'],
    ['quarter', '2026-01-01', '2026-01-01', '2026-03-31'],
  ] as const)('a %s holding %s runs %s..%s', (period, date, start, end) => {
    const bucket = bucketOf(period, date);
    expect([bucket.start, bucket.end]).toEqual([start, end]);
  });

  it('restricts eligible days to the allowed weekdays and the last days of the period', () => {
    const monthEnd = rule('points_redemption', 'month', 1, 0, 1440, { lastDays: 3 });
    expect(eligibleDays(monthEnd, bucketOf('month', '2028-02-05'))).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
    ]);
    const weekdaysOnly = rule('tutorial', 'week', 3, 600, 660, { weekdays: [1, 2, 3, 4, 5] });
    expect(eligibleDays(weekdaysOnly, bucketOf('week', '2026-11-25'))).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
  });
});

describe('expanding the operations guide template over a week', () => {
  const rules = withIds(operationsTemplate);
  const slotsOf = (index: number) => expandRule(rules[index]!, week, beijing);

  it('expects 7 morning briefs, 3 tutorials, 14 interactive topics and 1 limited-time event', () => {
    expect([0, 1, 2, 3].map((index) => slotsOf(index).length)).toEqual([7, 3, 14, 1]);
  });

  it('places the slots inside the guide windows on the Beijing clock', () => {
    const times = (index: number) =>
      slotsOf(index).map((slot) => `${slot.date} ${toLocal(slot.startsAt, beijing).minutes}`);
    expect(times(0)[0]).toBe('2026-11-23 450'); // 07:30
    // Three tutorials spread over the week: Monday, Wednesday, Friday at 10:00.
    expect(times(1)).toEqual(['2026-11-23 600', '2026-11-25 600', '2026-11-27 600']);
    // Two interactive topics share 14:00-15:00: 14:00 and 14:30.
    expect(times(2).slice(0, 2)).toEqual(['2026-11-23 840', '2026-11-23 870']);
    expect(times(3)).toEqual(['2026-11-23 1200']);
    expect(slotsOf(1).every((slot) => !slot.pinned)).toBe(true);
    expect(slotsOf(2).every((slot) => slot.pinned)).toBe(true);
  });

  it('stores 07:30 Beijing as 23:30 UTC the day before', () => {
    expect(new Date(slotsOf(0)[0]!.startsAt).toISOString()).toBe('2026-11-22T23:30:00.000Z');
  });

  it('covers whole periods when planning a range that cuts them', () => {
    const all = withIds([...operationsTemplate, ...activitiesTemplate]);
    expect(planningExtent(all, { from: '2026-11-25', to: '2026-11-26' })).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(planningExtent(withIds(operationsTemplate), { from: '2026-11-25', to: '2026-12-01' })).toEqual({
      from: '2026-11-23',
      to: '2026-12-06',
    });
  });

  it('activity template: a monthly quiz, two flash sales a week, a quarterly salon, points at month end', () => {
    const activityRules = withIds(activitiesTemplate);
    const quarter = { from: '2026-10-01', to: '2026-12-31' };
    const counts = activityRules.map((each) => [each.contentType, expandRule(each, quarter, beijing).length]);
    expect(counts).toEqual([
      ['quiz', 3],
      // 14 weeks touch Q4 2026; the first starts Mon 28 Sep, so only its Thursday sale (1 Oct) is in the quarter.
      ['flash_sale', 2 * 14 - 1],
      ['salon', 1],
      ['points_redemption', 3],
    ]);
    const points = expandRule(activityRules[3]!, quarter, beijing).map((slot) => slot.date);
    expect(points).toEqual(['2026-10-29', '2026-11-28', '2026-12-29']);
  });
});

const ruleArbitrary = fc
  .record({
    contentType: fc.constantFrom(...contentTypes),
    period: fc.constantFrom(...cadencePeriods),
    timesPerPeriod: fc.integer({ min: 1, max: 12 }),
    windowStart: fc.integer({ min: 0, max: 1439 }),
    width: fc.integer({ min: 1, max: 1440 }),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    lastDays: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  })
  .map(({ width, weekdays, ...fields }): CadenceRule => ({
    ...fields,
    id: 1,
    windowEnd: Math.min(1440, fields.windowStart + width),
    weekdays: weekdays as Weekday[],
    enabled: true,
  }));

describe('expansion properties', () => {
  it('never yields a slot outside its window, its day rules or the range', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        fc.integer({ min: 19_000, max: 22_000 }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: -720, max: 840 }),
        (each, firstDay, length, offset) => {
          const range = { from: fromDayNumber(firstDay), to: fromDayNumber(firstDay + length) };
          for (const slot of expandRule(each, range, offset)) {
            const local = toLocal(slot.startsAt, offset);
            expect(local.date).toBe(slot.date);
            expect(slot.date >= range.from && slot.date <= range.to).toBe(true);
            expect(local.minutes).toBeGreaterThanOrEqual(each.windowStart);
            expect(local.minutes).toBeLessThan(each.windowEnd);
            expect(slot.startsAt).toBeGreaterThanOrEqual(slot.windowStartsAt);
            expect(slot.startsAt).toBeLessThan(slot.windowEndsAt);
            expect(each.weekdays).toContain(weekdayOf(slot.date));
            const bucket = bucketOf(each.period, slot.date);
            expect(slot.bucketKey).toBe(bucket.key);
            if (each.lastDays !== null)
              expect(toDayNumber(bucket.end) - toDayNumber(slot.date)).toBeLessThan(each.lastDays);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('yields exactly timesPerPeriod slots for every whole period with an eligible day', () => {
    fc.assert(
      fc.property(ruleArbitrary, fc.integer({ min: 19_000, max: 22_000 }), (each, day) => {
        const bucket = bucketOf(each.period, fromDayNumber(day));
        const slots = expandRule(each, { from: bucket.start, to: bucket.end }, beijing);
        const expected = eligibleDays(each, bucket).length > 0 ? each.timesPerPeriod : 0;
        expect(slots).toHaveLength(expected);
        expect(new Set(slots.map((slot) => slot.ordinal)).size).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('does not move slots when the asked range moves', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        fc.integer({ min: 19_000, max: 22_000 }),
        fc.integer({ min: 1, max: 60 }),
        (each, day, cut) => {
          const whole = { from: fromDayNumber(day), to: fromDayNumber(day + 90) };
          const part = { from: addDays(whole.from, cut), to: whole.to };
          const inPart = expandRule(each, whole, beijing).filter((slot) => slot.date >= part.from);
          expect(expandRule(each, part, beijing)).toEqual(inPart);
        },
      ),
      { numRuns: 200 },
    );
  });
});
