/** The SQL behind the dashboard: index use (EXPLAIN QUERY PLAN), thresholds, and consistency on the demo. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { healthSql, rollingActive } from '../../../electron/main/db/repositories/health';
import { refreshHealthRollups } from '../../../electron/main/db/repositories/healthRollups';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import { dayOfDate, instantOfDay } from '../../../shared/domain/health/days';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { seriesIds } from '../../../shared/domain/health/metrics';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { at, range, seedAnnotations, seedHealth, type Fixture } from './fixtures';

type TestBackend = ReturnType<typeof makeTestBackend>;

function caller(dispatch: Dispatch) {
  return async <K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> => {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as ChannelOutput<K>;
  };
}

/** A plan step reading a whole big table (or an alias of one) instead of searching an index. */
const fullScan =
  /^SCAN (messages|group_members|members|imports|membership_events|health_\w+|m|p|q|gm|mem)( |$)/;

describe('health queries', () => {
  let backend: TestBackend;
  let dispatch: Dispatch;
  let fixture: Fixture;
  let call: ReturnType<typeof caller>;

  beforeAll(() => {
    backend = makeTestBackend({ now: () => at('2024-06-01') });
    dispatch = backend.createDispatch(trustAppOrigin);
    call = caller(dispatch);
    fixture = seedHealth(backend.context.db);
  });
  afterAll(async () => backend.dispose());

  it.each(Object.keys(healthSql) as (keyof typeof healthSql)[])(
    '%s searches indexes, never scans a big table',
    (name) => {
      const params = {
        groups: JSON.stringify([fixture.groups.reading, fixture.groups.running]),
        start: at('2024-03-01', '00:00'),
        end: at('2024-03-08', '00:00'),
        fromDay: 19_783,
        toDay: 19_789,
        window: 7,
        silence: 30 * 86_400_000,
        response: 14 * 86_400_000,
        groupId: fixture.groups.reading,
        at: at('2024-03-04', '20:00'),
        lastMonthDay: 19_783,
        cohortStart: 0,
        cohortEnd: 1,
        limit: 10,
        firstMonth: 24_289,
        lastMonth: 24_290,
      };
      const plan = (
        backend.context.db.prepare(`EXPLAIN QUERY PLAN ${healthSql[name]}`).all(params) as {
          detail: string;
        }[]
      ).map((row) => row.detail);
      expect(
        plan.filter((detail) => fullScan.test(detail)),
        plan.join('\n'),
      ).toEqual([]);
      if (/FROM health_(daily|hourly|kinds|member_days)/.test(healthSql[name])) {
        expect(
          plan.some((detail) => /SEARCH (health_\w+|d) USING (PRIMARY KEY|INDEX)/.test(detail)),
          plan.join('\n'),
        ).toBe(true);
      }
      if (healthSql[name].includes('FROM messages')) {
        expect(
          plan.some((detail) => /USING (COVERING )?INDEX messages_(group|member)_time/.test(detail)),
          plan.join('\n'),
        ).toBe(true);
      }
    },
  );

  it('counts rolling 7-day actives exactly like a naive distinct count over each window', () => {
    const db = backend.context.db;
    const members = Object.values(fixture.members).slice(0, 4);
    const firstDay = dayOfDate('2025-01-01');
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 29 }),
            fc.integer({ min: 0, max: 86_399 }),
          ),
          {
            maxLength: 40,
          },
        ),
        fc.integer({ min: 1, max: 10 }),
        (messages, window) => {
          run += 1;
          const groupId = insertGroup(
            db,
            { name: `滚动${run}`, type: 'content', positioning: '', coreGoal: '', memberCap: 500 },
            0,
          );
          const insert = prepareMessageInsert(db);
          messages.forEach(([member, day, second], index) =>
            insert({
              groupId,
              memberId: members[member]!,
              senderName: String(member),
              sentAt: instantOfDay(firstDay + day) + second * 1000,
              kind: 'text',
              content: `m${index}`,
              fingerprint: `rolling-${run}-${index}`,
              importId: null,
            }),
          );
          refreshHealthRollups(db);
          const scope = { groupIds: [groupId], fromDay: firstDay + 5, toDay: firstDay + 29 };
          const got = rollingActive(db, scope, window);
          for (let day = scope.fromDay; day <= scope.toDay; day += 1) {
            const naive = new Set(
              messages.filter(([, d]) => firstDay + d <= day && firstDay + d > day - window).map(([m]) => m),
            );
            expect(got.get(day), `day ${day - firstDay}, window ${window}`).toBe(naive.size);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('resolves thresholds: group override over workspace override over the default, audited', async () => {
    const reading = fixture.groups.reading;
    const before = await call('health.thresholds', { groupId: reading });
    expect(before.find((view) => view.metric === 'dailyActivityRate')).toEqual({
      metric: 'dailyActivityRate',
      defaults: { amber: 0.1, red: 0.05 },
      bands: { amber: 0.1, red: 0.05 },
      source: 'default',
    });

    await call('health.updateThresholds', {
      groupId: null,
      metric: 'dailyActivityRate',
      bands: { amber: 0.2, red: 0.1 },
    });
    const afterWorkspace = await call('health.thresholds', { groupId: reading });
    expect(afterWorkspace.find((view) => view.metric === 'dailyActivityRate')).toMatchObject({
      bands: { amber: 0.2, red: 0.1 },
      source: 'workspace',
    });

    const own = await call('health.updateThresholds', {
      groupId: reading,
      metric: 'dailyActivityRate',
      bands: { amber: 0.5, red: 0.25 },
    });
    expect(own.find((view) => view.metric === 'dailyActivityRate')).toMatchObject({
      bands: { amber: 0.5, red: 0.25 },
      source: 'group',
    });
    // The other group still inherits the workspace override.
    const running = await call('health.thresholds', { groupId: fixture.groups.running });
    expect(running.find((view) => view.metric === 'dailyActivityRate')?.source).toBe('workspace');

    // The card bands with the group's own thresholds: 7/38 ≈ 18 % is below 25 % → red.
    const overview = await call('health.overview', { days: 7, to: range.to });
    const daily = overview.cards[0]!.metrics.find((metric) => metric.metric === 'dailyActivityRate')!;
    expect(daily.bands).toEqual({ amber: 0.5, red: 0.25 });
    expect(daily.rag).toBe('red');
    // The chart of that group draws the same bands.
    const series = await call('health.metric', {
      series: 'dailyActivityRate',
      groupId: reading,
      days: 7,
      to: range.to,
    });
    expect(series.bands).toEqual({ amber: 0.5, red: 0.25 });

    const reset = await call('health.updateThresholds', {
      groupId: reading,
      metric: 'dailyActivityRate',
      bands: null,
    });
    expect(reset.find((view) => view.metric === 'dailyActivityRate')?.source).toBe('workspace');

    const audit = await call('audit.list', { offset: 0, limit: 10 });
    expect(audit.rows.filter((row) => row.entity === 'healthThreshold').map((row) => row.action)).toEqual([
      'delete',
      'update',
      'update',
    ]);
  });

  it('refuses bands in the wrong order, for a context metric or an unknown group', async () => {
    const wrongOrder = await dispatch(
      'health.updateThresholds',
      { groupId: null, metric: 'complaintRate', bands: { amber: 0.05, red: 0.01 } },
      trustedSender,
    );
    expect(wrongOrder).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'health.errors.order' },
    });
    const contextMetric = await dispatch(
      'health.updateThresholds',
      { groupId: null, metric: 'messagesPerDay', bands: { amber: 0.5, red: 0.1 } },
      trustedSender,
    );
    expect(contextMetric).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknownGroup = await dispatch(
      'health.updateThresholds',
      { groupId: 999, metric: 'retention30', bands: { amber: 0.5, red: 0.1 } },
      trustedSender,
    );
    expect(unknownGroup).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('annotates imports on the time axis', async () => {
    backend.context.db
      .prepare(
        `INSERT INTO imports (file_name, file_size, sha256, format, encoding, group_id, started_at, finished_at, status)
         VALUES ('三月导出.json', 10, 'x', 'json', 'utf-8', ?, ?, ?, 'done')`,
      )
      .run(fixture.groups.reading, at('2024-03-04', '22:00'), at('2024-03-04', '22:01'));
    const series = await call('health.metric', {
      series: 'messages',
      groupId: fixture.groups.reading,
      days: 7,
      to: range.to,
    });
    expect(series.annotations).toEqual([
      { date: '2024-03-04', kind: 'import', label: '三月导出.json', groupId: fixture.groups.reading },
    ]);
    const other = await call('health.metric', {
      series: 'messages',
      groupId: fixture.groups.running,
      days: 7,
      to: range.to,
    });
    expect(other.annotations).toEqual([]);
  });
});

describe('annotation layer', () => {
  it('marks activities, incidents and one-off calendar entries of the scope, not routine series', async () => {
    const backend = makeTestBackend({ now: () => at('2024-06-01') });
    try {
      const call = caller(backend.createDispatch(trustAppOrigin));
      const fixture = seedHealth(backend.context.db);
      seedAnnotations(backend.context, fixture.groups.reading, {
        activity: at('2024-03-02', '19:30'),
        // 23:30 UTC+8 is still 03-04 there, though 03-04 15:30 in UTC.
        calendar: at('2024-03-04', '23:30'),
        incident: at('2024-03-06', '00:15'),
      });
      const marks = async (groupId: number) =>
        (await call('health.metric', { series: 'messages', groupId, days: 7, to: range.to })).annotations;
      expect(await marks(fixture.groups.reading)).toEqual([
        { date: '2024-03-02', kind: 'activity', label: '读书沙龙', groupId: fixture.groups.reading },
        { date: '2024-03-04', kind: 'calendar', label: '三月书单发布', groupId: fixture.groups.reading },
        { date: '2024-03-06', kind: 'incident', label: '广告刷屏', groupId: fixture.groups.reading },
      ]);
      expect(await marks(fixture.groups.running)).toEqual([]);
      // Across groups every mark shows; outside the range none does.
      expect(
        (await call('health.metric', { series: 'messages', days: 7, to: range.to })).annotations,
      ).toHaveLength(3);
      expect(
        (await call('health.metric', { series: 'messages', days: 7, to: '2024-02-20' })).annotations,
      ).toEqual([]);
    } finally {
      await backend.dispose();
    }
  });
});

describe('health on the demo workspace', () => {
  let backend: TestBackend;
  let call: ReturnType<typeof caller>;

  beforeAll(async () => {
    backend = makeTestBackend();
    call = caller(backend.createDispatch(trustAppOrigin));
    const job = await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 11, scale: 0.1 }, 'test'));
    expect(job.status).toBe('done');
  });
  afterAll(async () => backend.dispose());

  it('agrees with itself: series, cards, heatmap and kind mix add up', async () => {
    const overview = await call('health.overview', { days: 30 });
    expect(overview.cards).toHaveLength(3);
    for (const card of overview.cards) {
      const value = (metric: string) => card.metrics.find((item) => item.metric === metric)!.current.value;
      const groupId = card.groupId;
      const lines = async (series: (typeof seriesIds)[number]) =>
        Object.fromEntries(
          (await call('health.metric', { series, groupId, days: 30 })).lines.map((line) => [
            line.key,
            line.values,
          ]),
        );

      const messages = (await lines('messages')).messages as number[];
      const total = messages.reduce((sum, n) => sum + n, 0);
      expect(value('messagesPerDay')).toBeCloseTo(total / 30, 10);
      const heatmap = await call('health.heatmap', { groupId, days: 30 });
      expect(heatmap.total).toBe(total);
      const top = await call('health.top', { groupId, days: 30 });
      expect(top.kinds.reduce((sum, kind) => sum + kind.messages, 0)).toBe(total);

      const growth = await lines('growth');
      expect(growth.size!.at(-1)).toBe(value('memberCount'));
      const daily = (await lines('dailyActivityRate')).rate!;
      const weekly = (await lines('weeklyActivityRate')).rate!;
      for (const [index, rate] of daily.entries()) {
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
        // Anyone active on a day was active in the 7 days up to it.
        expect(weekly[index]! + 1e-9).toBeGreaterThanOrEqual(rate!);
      }
      const speakers = await lines('speakers');
      for (const values of [speakers.new!, speakers.returning!])
        for (const n of values) expect(n).toBeGreaterThanOrEqual(0);
      expect(card.status).not.toBeNull();
    }
  });
});
