/** Every number here is worked out by hand from the fixture described in fixtures.ts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { HealthCard } from '../../../shared/domain/health/types';
import type { HealthMetricId } from '../../../shared/domain/health/metrics';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { at, range, seedHealth, type Fixture } from './fixtures';

describe('health metrics on a hand-made workspace', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let fixture: Fixture;

  beforeAll(() => {
    // "Today" is well after the data, so the default range ends on the last day with messages.
    backend = makeTestBackend({ now: () => at('2024-06-01') });
    dispatch = backend.createDispatch(trustAppOrigin);
    fixture = seedHealth(backend.context.db);
  });
  afterAll(async () => backend.dispose());

  async function call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as ChannelOutput<K>;
  }
  const series = async (name: ChannelInput<'health.metric'>['series'], groupId?: number) => {
    const output = await call('health.metric', { series: name, groupId, days: range.days, to: range.to });
    return Object.fromEntries(output.lines.map((line) => [line.key, line.values]));
  };
  const metricOf = (card: HealthCard, metric: HealthMetricId) =>
    card.metrics.find((item) => item.metric === metric)!;

  it('buckets messages per UTC+8 day: a message at 00:10 belongs to that day, system notices are not counted', async () => {
    expect((await series('messages', fixture.groups.reading)).messages).toEqual([2, 1, 2, 0, 2, 1, 0]);
  });

  it('divides active members by members present each day (joined that day and left that day both count)', async () => {
    const rates = (await series('dailyActivityRate', fixture.groups.reading)).rate;
    // present 5,5,6,6,6,5,5 (A C D E G, B from 03-03, C until 03-05); active 1,1,2,0,2,1,0
    expect(rates).toEqual([1 / 5, 1 / 5, 2 / 6, 0, 2 / 6, 1 / 5, 0]);
  });

  it('counts memberships across groups: A in both groups counts twice', async () => {
    const rates = (await series('dailyActivityRate')).rate!;
    // 03-01: A in 读书会 and A in 夜跑团 active; present 5 + 2 (A, H).
    expect(rates[0]).toBeCloseTo(2 / 7, 10);
  });

  it('computes the rolling 7-day activity rate', async () => {
    const rates = (await series('weeklyActivityRate', fixture.groups.reading)).rate!;
    // 03-01: 02-24..03-01 active A (02-25, 03-01) = 1 of 5 present (A C D E G; F left 02-20).
    expect(rates[0]).toBeCloseTo(1 / 5, 10);
    // 03-07: 03-01..03-07 active A B C D = 4 of 6 present (A B C D E G).
    expect(rates[6]).toBeCloseTo(4 / 6, 10);
  });

  it('splits speakers into first-time and returning', async () => {
    const speakers = await series('speakers', fixture.groups.reading);
    expect(speakers.new).toEqual([0, 0, 1, 0, 0, 0, 0]);
    expect(speakers.returning).toEqual([1, 1, 1, 0, 2, 1, 0]);
  });

  it('tracks joins, leaves and size', async () => {
    const growth = await series('growth', fixture.groups.reading);
    expect(growth.joins).toEqual([0, 0, 1, 0, 0, 0, 0]);
    expect(growth.leaves).toEqual([0, 0, 0, 0, 1, 0, 0]);
    expect(growth.size).toEqual([5, 5, 6, 6, 5, 5, 5]);
  });

  it('counts no wake-up without a targeted action: D spoke again after 50 days, but nothing reached D', async () => {
    expect((await series('wakeUps', fixture.groups.reading)).wakeUps).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('builds a card per group with RAG, trend and what changed', async () => {
    const overview = await call('health.overview', { days: 7, to: range.to });
    expect(overview.range).toEqual(range);
    expect(overview.previous).toEqual({ from: '2024-02-23', to: '2024-02-29', days: 7 });
    expect(overview.cards.map((card) => card.groupName)).toEqual(['读书会', '夜跑团']);
    const card = overview.cards[0]!;

    // 7 active member-days of 38 present member-days; before: 1 of 35 (A on 02-25).
    const daily = metricOf(card, 'dailyActivityRate');
    expect(daily.current).toEqual({ value: 7 / 38, status: 'ok', numerator: 7, denominator: 38 });
    expect(daily.previous.value).toBeCloseTo(1 / 35, 10);
    expect(daily.rag).toBe('green');
    expect(daily.trend).toMatchObject({ direction: 'up', verdict: 'better' });

    expect(metricOf(card, 'weeklyActivityRate').current.value).toBeCloseTo(4 / 6, 10);
    // Joined 01-31..02-06: F (left after 18 days) and G (still there).
    expect(metricOf(card, 'retention30').current).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(metricOf(card, 'retention30').rag).toBe('red');
    expect(metricOf(card, 'retention30').previous.status).toBe('noData');
    // D spoke again after 50 days of silence, but no activity or outreach reached anyone: nothing to divide by.
    expect(metricOf(card, 'silentWakeUpRate').current).toEqual({ value: null, status: 'noData' });
    expect(metricOf(card, 'messagesPerDay').current.value).toBeCloseTo(8 / 7, 10);
    expect(metricOf(card, 'memberCount').current.value).toBe(5);
    expect(metricOf(card, 'netGrowth').current.value).toBe(0);
    expect(metricOf(card, 'activeDaysPerMember').current.value).toBeCloseTo(7 / 6, 10);

    // Unknown, not zero: no scan yet, and no activity in the range.
    expect(metricOf(card, 'complaintRate')).toMatchObject({
      current: { value: null, status: 'noScan' },
      rag: null,
    });
    expect(metricOf(card, 'conversionRate').current.status).toBe('noData');

    expect(card.status).toBe('red');
    expect(card.changes[0]).toMatchObject({
      metric: 'dailyActivityRate',
      kind: 'bandBetter',
      fromRag: 'red',
      toRag: 'green',
    });
  });

  it('ends the default range on the last day with messages, not today', async () => {
    const overview = await call('health.overview', { days: 7 });
    expect(overview.dataEndsOn).toBe('2024-03-06');
    expect(overview.range).toEqual({ from: '2024-02-29', to: '2024-03-06', days: 7 });
  });

  it('counts message figures only over the days the archive covers', async () => {
    // 读书会's archive starts 01-15 (D). Range 01-10..01-16: only 01-15 and 01-16 count.
    const overview = await call('health.overview', { days: 7, to: '2024-01-16' });
    const card = overview.cards[0]!;
    // A C D (joined 01-01) and E present on both days; D active on 01-15.
    expect(metricOf(card, 'dailyActivityRate').current).toMatchObject({
      value: 1 / 8,
      numerator: 1,
      denominator: 8,
    });
    expect(metricOf(card, 'messagesPerDay').current.value).toBe(1 / 2);
    // The archive does not reach 30 days before the range: silence cannot be known.
    expect(metricOf(card, 'silentWakeUpRate').current.status).toBe('noData');
    // The previous period (01-03..01-09) lies before the archive: no trend rather than "up from 0 %".
    expect(metricOf(card, 'dailyActivityRate').previous.status).toBe('noData');
    expect(metricOf(card, 'dailyActivityRate').trend.direction).toBe('unknown');

    const daily = (
      await call('health.metric', {
        series: 'dailyActivityRate',
        groupId: fixture.groups.reading,
        days: 7,
        to: '2024-01-16',
      })
    ).lines[0]!.values;
    expect(daily).toEqual([null, null, null, null, null, 1 / 4, 0]);
    const weekly = (
      await call('health.metric', {
        series: 'weeklyActivityRate',
        groupId: fixture.groups.reading,
        days: 7,
        to: '2024-01-21',
      })
    ).lines[0]!.values;
    // The rolling week is known from 01-21 on (01-15..01-21).
    expect(weekly.map((value) => value === null)).toEqual([true, true, true, true, true, true, false]);
  });

  it('draws a weekday × hour heatmap in UTC+8', async () => {
    const heatmap = await call('health.heatmap', { groupId: fixture.groups.reading, days: 7, to: range.to });
    expect(heatmap.total).toBe(8);
    // 03-01 is a Friday (5): 08:00 and 20:30; 03-02 Saturday 23:30; 03-05 Tuesday 00:10 and 15:00.
    expect(heatmap.cells[4]![8]).toBe(1);
    expect(heatmap.cells[4]![20]).toBe(1);
    expect(heatmap.cells[5]![23]).toBe(1);
    expect(heatmap.cells[1]![0]).toBe(1);
    expect(heatmap.cells[1]![15]).toBe(1);
    expect(heatmap.cells[6]![10]).toBe(1);
    expect(heatmap.max).toBe(1);
  });

  it('follows monthly join cohorts: still present and still speaking', async () => {
    const report = await call('health.cohorts', { groupId: fixture.groups.reading, months: 3, to: range.to });
    expect(report.through).toBe('2024-03');
    const shape = report.cohorts.map((row) => [
      row.month,
      row.joined,
      row.cells.map((cell) => [cell.offset, cell.present, cell.speaking, cell.partial]),
    ]);
    expect(shape).toEqual([
      // A C D joined in January (E has no join date); C left in March. D spoke in Jan; A, C in Feb; A C D in Mar.
      [
        '2024-01',
        3,
        [
          [0, 3, 1, false],
          [1, 3, 2, false],
          [2, 2, 3, true],
        ],
      ],
      // F left in February; G stays silent.
      [
        '2024-02',
        2,
        [
          [0, 1, 0, false],
          [1, 1, 0, true],
        ],
      ],
      ['2024-03', 1, [[0, 1, 1, true]]],
    ]);
  });

  it('lists top members, words, kinds and members by active days', async () => {
    const top = await call('health.top', {
      groupId: fixture.groups.reading,
      days: 7,
      to: range.to,
      limit: 3,
    });
    expect(top.members.map((member) => [member.memberId, member.messages, member.activeDays])).toEqual([
      [fixture.members.A, 3, 2],
      [fixture.members.B, 2, 2],
      [fixture.members.C, 2, 2],
    ]);
    expect(top.members[0]!.name).toBe('成员A');
    expect(top.kinds).toEqual([
      { kind: 'text', messages: 7 },
      { kind: 'image', messages: 1 },
    ]);
    // A B C on 2 days, D on 1, E and G silent among the 6 present.
    expect(top.activeDays.map((bucket) => bucket.members)).toEqual([2, 1, 3, 0, 0, 0]);
    expect(top.wordSample).toBe(7);
    expect(top.words.find((word) => word.word === '打卡')?.messages).toBe(3);
  });

  it('is empty but well-formed for a range with no data', async () => {
    const overview = await call('health.overview', { days: 7, to: '2020-01-07' });
    // Before the archive begins, activity is unknown, not zero (even though E, join time unknown, was there).
    for (const card of overview.cards) {
      expect(metricOf(card, 'dailyActivityRate').current.status).toBe('noData');
      expect(metricOf(card, 'messagesPerDay').current.status).toBe('noData');
      expect(card.status).toBeNull();
    }
    expect(metricOf(overview.cards[0]!, 'memberCount').current.value).toBe(1);
    expect((await series('messages')).messages).toHaveLength(7);
    const heatmap = await call('health.heatmap', { days: 7, to: '2020-01-07' });
    expect(heatmap.total).toBe(0);
    const top = await call('health.top', { days: 7, to: '2020-01-07' });
    expect(top.members).toEqual([]);
    expect(top.words).toEqual([]);
  });

  it('refuses an unknown group', async () => {
    const result = await dispatch('health.metric', { series: 'messages', groupId: 999 }, trustedSender);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'groups.errors.notFound' },
    });
  });
});
