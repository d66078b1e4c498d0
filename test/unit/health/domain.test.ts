import { describe, expect, it } from 'vitest';
import {
  dateOfDay,
  dayOfDate,
  dayOfInstant,
  daysOf,
  firstDayOfMonth,
  instantOfDay,
  labelOfMonth,
  monthOfDay,
  previousRange,
} from '../../../shared/domain/health/days';
import { describeChanges, ragOf, trendOf, worstRag, type Rag } from '../../../shared/domain/health/evaluate';
import { bucketActiveDays, MembershipTimeline } from '../../../shared/domain/health/membership';
import {
  bandedMetricIds,
  bandsProblem,
  metricDefinitions,
  type HealthMetricId,
} from '../../../shared/domain/health/metrics';
import {
  bigramSplitter,
  defaultWordSplitter,
  WordCounter,
  wordsOfMessage,
} from '../../../shared/domain/health/words';
import { dictionaries, translate } from '../../../shared/i18n';

describe('UTC+8 days', () => {
  it.each([
    ['2024-03-01T00:00:00+08:00', '2024-03-01'],
    ['2024-02-29T23:59:59.999+08:00', '2024-02-29'],
    // 16:00 UTC is already the next day in China.
    ['2024-03-04T16:10:00Z', '2024-03-05'],
    ['2024-03-04T15:59:59Z', '2024-03-04'],
    ['1970-01-01T00:00:00+08:00', '1970-01-01'],
  ])('%s falls on %s', (iso, date) => {
    expect(dateOfDay(dayOfInstant(Date.parse(iso)))).toBe(date);
  });

  it('starts a day at local midnight and round-trips dates', () => {
    const day = dayOfDate('2024-03-01');
    expect(new Date(instantOfDay(day)).toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(dateOfDay(day)).toBe('2024-03-01');
  });

  it('compares with the previous period of the same length', () => {
    const range = { fromDay: dayOfDate('2024-03-01'), toDay: dayOfDate('2024-03-07') };
    const previous = previousRange(range);
    expect([dateOfDay(previous.fromDay), dateOfDay(previous.toDay)]).toEqual(['2024-02-23', '2024-02-29']);
    expect(daysOf(range)).toHaveLength(7);
  });

  it('counts months across a year end', () => {
    const december = monthOfDay(dayOfDate('2023-12-31'));
    expect(monthOfDay(dayOfDate('2024-01-01'))).toBe(december + 1);
    expect(labelOfMonth(december + 2)).toBe('2024-02');
    expect(dateOfDay(firstDayOfMonth(december + 3))).toBe('2024-03-01');
  });
});

describe('RAG bands', () => {
  const daily = metricDefinitions.dailyActivityRate.defaultBands;
  const complaints = metricDefinitions.complaintRate.defaultBands;
  it.each<[HealthMetricId, number | null, Rag | null]>([
    ['dailyActivityRate', 0.2, 'green'],
    ['dailyActivityRate', 0.1, 'green'],
    ['dailyActivityRate', 0.0999, 'amber'],
    ['dailyActivityRate', 0.05, 'amber'],
    ['dailyActivityRate', 0.0499, 'red'],
    ['dailyActivityRate', 0, 'red'],
    ['dailyActivityRate', null, null],
  ])('%s %s → %s (red < 5 %, amber < 10 %)', (metric, value, rag) => {
    expect(ragOf(metric, value, daily)).toBe(rag);
  });

  it.each<[number, Rag]>([
    [0, 'green'],
    [0.003, 'green'],
    [0.004, 'amber'],
    [0.01, 'amber'],
    [0.0101, 'red'],
  ])('complaint rate %s → %s (lower is better)', (value, rag) => {
    expect(ragOf('complaintRate', value, complaints)).toBe(rag);
  });

  it('has no band for context metrics', () => {
    expect(ragOf('messagesPerDay', 120, { amber: 1, red: 0 })).toBeNull();
  });

  it('picks the worst band', () => {
    expect(worstRag(['green', null, 'amber'])).toBe('amber');
    expect(worstRag(['green', 'red', 'amber'])).toBe('red');
    expect(worstRag([null, null])).toBeNull();
  });

  it('ships defaults that pass its own validation, for every banded metric', () => {
    for (const metric of bandedMetricIds) {
      expect(bandsProblem(metric, metricDefinitions[metric].defaultBands!), metric).toBeNull();
    }
  });

  it.each([
    ['dailyActivityRate', { amber: 0.05, red: 0.1 }, 'order'],
    ['complaintRate', { amber: 0.01, red: 0.003 }, 'order'],
    ['dailyActivityRate', { amber: 1.5, red: 0.1 }, 'outOfRange'],
    ['dailyActivityRate', { amber: Number.NaN, red: 0.1 }, 'outOfRange'],
    ['messagesPerDay', { amber: 10, red: 5 }, 'noBands'],
    ['dailyActivityRate', { amber: 0.1, red: 0.1 }, null],
  ] as const)('%s %o → %s', (metric, bands, problem) => {
    expect(bandsProblem(metric, bands)).toBe(problem);
  });
});

describe('trend against the previous period', () => {
  it.each<[HealthMetricId, number | null, number | null, string, string]>([
    ['dailyActivityRate', 0.12, 0.1, 'up', 'better'],
    ['dailyActivityRate', 0.08, 0.1, 'down', 'worse'],
    // Within half a percentage point: flat.
    ['dailyActivityRate', 0.104, 0.1, 'flat', 'neutral'],
    ['complaintRate', 0.02, 0.01, 'up', 'worse'],
    ['complaintRate', 0.001, 0.01, 'down', 'better'],
    // Counts move relative to their size (members within 1 %, messages within 5 %), neither good nor bad.
    ['memberCount', 1008, 1000, 'flat', 'neutral'],
    ['memberCount', 1040, 1000, 'up', 'neutral'],
    ['messagesPerDay', 104, 100, 'flat', 'neutral'],
    ['messagesPerDay', 110, 100, 'up', 'neutral'],
    ['dailyActivityRate', null, 0.1, 'unknown', 'neutral'],
    ['dailyActivityRate', 0.1, null, 'unknown', 'neutral'],
  ])('%s %s vs %s → %s / %s', (metric, current, previous, direction, verdict) => {
    const trend = trendOf(metric, current, previous);
    expect([trend.direction, trend.verdict]).toEqual([direction, verdict]);
  });
});

describe('what changed', () => {
  const bands = (metric: HealthMetricId) => metricDefinitions[metric].defaultBands;
  it('puts band changes first (worse before better), then the largest moves, and skips flat ones', () => {
    const changes = describeChanges(
      [
        { metric: 'messagesPerDay', current: 200, previous: 100, bands: null },
        { metric: 'dailyActivityRate', current: 0.04, previous: 0.12, bands: bands('dailyActivityRate') },
        { metric: 'retention30', current: 0.85, previous: 0.7, bands: bands('retention30') },
        { metric: 'memberCount', current: 1001, previous: 1000, bands: null },
        { metric: 'weeklyActivityRate', current: null, previous: 0.3, bands: bands('weeklyActivityRate') },
      ],
      5,
    );
    expect(changes.map((change) => [change.metric, change.kind, change.fromRag, change.toRag])).toEqual([
      ['dailyActivityRate', 'bandWorse', 'green', 'red'],
      ['retention30', 'bandBetter', 'amber', 'green'],
      ['messagesPerDay', 'moved', null, null],
    ]);
    expect(changes[0]).toMatchObject({ from: 0.12, to: 0.04, verdict: 'worse' });
  });

  it('ranks a health metric that moved above a context figure that moved more', () => {
    const changes = describeChanges([
      { metric: 'netGrowth', current: -7, previous: 5, bands: null },
      { metric: 'weeklyActivityRate', current: 0.475, previous: 0.596, bands: bands('weeklyActivityRate') },
    ]);
    expect(changes.map((change) => [change.metric, change.verdict])).toEqual([
      ['weeklyActivityRate', 'worse'],
      ['netGrowth', 'neutral'],
    ]);
  });

  it('keeps to the limit', () => {
    const readings = (['messagesPerDay', 'memberCount', 'activeDaysPerMember'] as const).map(
      (metric, index) => ({
        metric,
        current: 100 + 50 * (index + 1),
        previous: 100,
        bands: null,
      }),
    );
    expect(describeChanges(readings, 2).map((change) => change.metric)).toEqual([
      'activeDaysPerMember',
      'memberCount',
    ]);
  });
});

describe('membership timeline', () => {
  // Day 10..14: 3 members before, 1 of them left before; joins on 11 and 12, a leave on 13.
  const timeline = new MembershipTimeline(
    {
      firstDay: 10,
      joinedBefore: 3,
      leftBefore: 1,
      joinsByDay: new Map([
        [11, 1],
        [12, 1],
      ]),
      leavesByDay: new Map([[13, 1]]),
    },
    14,
  );
  it.each([
    [10, 10, 2],
    [11, 11, 3],
    [12, 12, 4],
    // The member leaving on 13 was there that day.
    [13, 13, 4],
    [14, 14, 3],
    [10, 14, 4],
    [13, 14, 4],
  ])('present during %i..%i: %i', (from, to, present) => {
    expect(timeline.presentDuring(from, to)).toBe(present);
  });

  it('tracks the size at the end of each day', () => {
    expect([10, 11, 12, 13, 14].map((day) => timeline.sizeAtEndOf(day))).toEqual([2, 3, 4, 3, 3]);
    expect(timeline.sizeAtEndOf(9)).toBe(2);
  });

  it('buckets members by active days, silent members in the first bucket', () => {
    const buckets = bucketActiveDays(
      new Map([
        [1, 4],
        [3, 2],
        [9, 1],
        [40, 1],
      ]),
      10,
    );
    expect(buckets.map((bucket) => bucket.members)).toEqual([2, 4, 2, 0, 1, 1]);
  });
});

describe('top words', () => {
  it('counts each word once per message, drops stop words, numbers and single characters', () => {
    const counter = new WordCounter(bigramSplitter);
    counter.add('打卡打卡');
    counter.add('今天打卡 2024 ok');
    counter.add('Python python 课程');
    const top = counter.top(3);
    expect(top[0]).toEqual({ word: '打卡', messages: 2 });
    expect(top.map((entry) => entry.word)).toContain('python');
    expect(top.find((entry) => entry.word === 'python')?.messages).toBe(1);
    expect(top.map((entry) => entry.word)).not.toContain('2024');
  });

  it('splits Chinese into 2-character n-grams without Intl.Segmenter', () => {
    expect(bigramSplitter('读书会，hello')).toEqual(['读书', '书会', 'hello']);
  });

  it('uses Intl.Segmenter in Node 24 and removes the stop words', () => {
    expect(typeof Intl.Segmenter).toBe('function');
    const words = wordsOfMessage('我们今天的早报大家看了吗？这个课程非常有用', defaultWordSplitter());
    expect(words.has('课程')).toBe(true);
    expect(words.has('早报')).toBe(true);
    expect(words.has('我们')).toBe(false);
    expect(words.has('大家')).toBe(false);
  });
});

describe('dictionary', () => {
  it('names and defines every metric in both languages', () => {
    for (const metric of Object.keys(metricDefinitions)) {
      for (const locale of ['zh-CN', 'en'] as const) {
        for (const part of ['name', 'definition']) {
          const key = `health.metrics.${metric}.${part}`;
          expect(translate(locale, key), `${locale} ${key}`).not.toBe(key);
        }
      }
    }
    expect(translate('zh-CN', 'nav.health')).toBe('健康度');
    expect(dictionaries.en.nav).toMatchObject({ health: 'Health' });
  });
});
