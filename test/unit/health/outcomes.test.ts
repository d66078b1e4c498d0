/**
 * Conversion rate per activity and violations by category, against numbers worked out by hand from fixtures.ts:
 * 读书会 has A C D E G before 03-03, B joins 03-03 09:00, C leaves 03-05 12:00, F left 02-20; 夜跑团 has A and H.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsCommand } from '../../../electron/main/cli/commands/health';
import { createCliContext } from '../../../electron/main/cli/context';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { healthStats } from '../../../electron/main/services/healthStats';
import { defaultHealthSources } from '../../../electron/main/services/healthSources';
import { activityConversion, conversionTotals } from '../../../shared/domain/health/conversion';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { makeRiskBackend } from '../risk/fixtures';
import { at, range, seedHealth, type Fixture } from './fixtures';

describe('activity conversion (pure)', () => {
  it('prefers entered conversions, then the entered head count, then check-ins; nothing recorded has no rate', () => {
    const base = { conversions: null, participantsEntered: null, checkedIn: 0, reached: 10 };
    expect(activityConversion({ ...base, conversions: 3, participantsEntered: 8, checkedIn: 5 })).toEqual({
      converted: 3,
      basis: 'conversions',
      rate: 0.3,
    });
    expect(activityConversion({ ...base, participantsEntered: 0, checkedIn: 5 })).toEqual({
      converted: 0,
      basis: 'participantsEntered',
      rate: 0,
    });
    expect(activityConversion({ ...base, checkedIn: 4 })).toMatchObject({ basis: 'checkIns', rate: 0.4 });
    expect(activityConversion(base)).toEqual({ converted: null, basis: null, rate: null });
    // Nobody reached (no member records): converted is known, the rate is not.
    expect(activityConversion({ ...base, conversions: 2, reached: 0 })).toMatchObject({
      converted: 2,
      rate: null,
    });
    expect(
      conversionTotals([
        { converted: 2, reached: 5, rate: 0.4 },
        { converted: null, reached: 6, rate: null },
        { converted: 2, reached: 0, rate: null },
        { converted: 0, reached: 2, rate: 0 },
      ]),
    ).toEqual({ converted: 2, reached: 7, activities: 2 });
  });
});

describe('conversion rate per activity on a hand-made workspace', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let fixture: Fixture;
  const activity: Record<string, number> = {};

  async function call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as ChannelOutput<K>;
  }

  beforeAll(() => {
    backend = makeTestBackend({ now: () => at('2024-06-01') });
    dispatch = backend.createDispatch(trustAppOrigin);
    fixture = seedHealth(backend.context.db);
    const { db } = backend.context;
    const insert = db.prepare(
      `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, conversions, participants_entered,
         created_at, updated_at)
       VALUES (?, 'salon', ?, 'conversion', ?, ?, ?, ?, 0, 0)`,
    );
    const add = (
      key: string,
      groupId: number,
      startsAt: number,
      conversions: number | null,
      participants: number | null,
    ) => {
      activity[key] = Number(
        insert.run(groupId, key, startsAt, startsAt + 3_600_000, conversions, participants).lastInsertRowid,
      );
    };
    const { reading, running } = fixture.groups;
    add('previous', reading, at('2024-02-26', '10:00'), 1, null);
    add('beforeB', reading, at('2024-03-02', '10:00'), 2, 9);
    add('unrecorded', reading, at('2024-03-04', '10:00'), null, null);
    add('afterC', reading, at('2024-03-06', '10:00'), null, null);
    add('running', running, at('2024-03-04', '20:00'), null, 0);
    add('later', reading, at('2024-03-08', '10:00'), 5, null);
    const checkIn = db.prepare(
      `INSERT INTO activity_checkins (activity_id, participant, member_id, checked_at, source, created_at)
       VALUES (?, ?, ?, ?, 'manual', 0)`,
    );
    // B checks in twice (one participant); the other activity's check-in must not count here.
    checkIn.run(activity.afterC, '成员B', fixture.members.B, at('2024-03-06', '10:05'));
    checkIn.run(activity.afterC, '成员B', fixture.members.B, at('2024-03-06', '10:30'));
    checkIn.run(activity.beforeB, '成员A', fixture.members.A, at('2024-03-02', '10:05'));
  });
  afterAll(async () => backend.dispose());

  const rangeInput = { days: range.days, to: range.to };

  it('reaches the members present at the start: not who joined after, not who had left', async () => {
    const report = await call('health.conversions', { groupId: fixture.groups.reading, ...rangeInput });
    expect(report.range).toEqual(range);
    expect(
      report.activities.map((row) => [row.title, row.date, row.reached, row.converted, row.basis]),
    ).toEqual([
      // 03-02: A C D E G (B joins 03-03, F left 02-20; E's join time is unknown, so there).
      ['beforeB', '2024-03-02', 5, 2, 'conversions'],
      // 03-04: A B C D E G.
      ['unrecorded', '2024-03-04', 6, null, null],
      // 03-06: A B D E G (C left 03-05); B's two check-ins are one participant.
      ['afterC', '2024-03-06', 5, 1, 'checkIns'],
    ]);
    expect(report.activities.map((row) => [row.rate, row.rag])).toEqual([
      [2 / 5, 'green'],
      [null, null],
      [1 / 5, 'green'],
    ]);
    // Overall: (2 + 1) / (5 + 5); the unrecorded activity stays out.
    expect(report.total).toEqual({ value: 0.3, status: 'ok', numerator: 3, denominator: 10 });
    expect(report.bands).toEqual({ amber: 0.15, red: 0.05 });
  });

  it('feeds the card with a trend against the previous period, and sums across groups', async () => {
    const overview = await call('health.overview', { groupId: fixture.groups.reading, ...rangeInput });
    const metric = overview.cards[0]!.metrics.find((item) => item.metric === 'conversionRate')!;
    expect(metric.current).toEqual({ value: 0.3, status: 'ok', numerator: 3, denominator: 10 });
    // 02-26: A C D E G reached, 1 converted.
    expect(metric.previous).toEqual({ value: 0.2, status: 'ok', numerator: 1, denominator: 5 });
    expect(metric.rag).toBe('green');
    expect(metric.trend.direction).toBe('up');

    const all = await call('health.conversions', rangeInput);
    // 夜跑团 on 03-04: A and H reached, an entered head count of 0.
    expect(all.activities.find((row) => row.title === 'running')).toMatchObject({
      groupName: '夜跑团',
      reached: 2,
      converted: 0,
      basis: 'participantsEntered',
      rate: 0,
      rag: 'red',
    });
    expect(all.total).toEqual({ value: 3 / 12, status: 'ok', numerator: 3, denominator: 12 });
  });

  it('bands each activity with its own group’s thresholds', async () => {
    await call('health.updateThresholds', {
      groupId: fixture.groups.reading,
      metric: 'conversionRate',
      bands: { amber: 0.5, red: 0.3 },
    });
    try {
      const all = await call('health.conversions', rangeInput);
      expect(all.activities.map((row) => [row.title, row.rag])).toEqual([
        ['beforeB', 'amber'],
        ['unrecorded', null],
        ['running', 'red'],
        ['afterC', 'red'],
      ]);
      // All groups together read the workspace bands.
      expect(all.bands).toEqual({ amber: 0.15, red: 0.05 });
    } finally {
      await call('health.updateThresholds', {
        groupId: fixture.groups.reading,
        metric: 'conversionRate',
        bands: null,
      });
    }
  });

  it('says there is no data when the range has no recorded activity', async () => {
    const report = await call('health.conversions', {
      groupId: fixture.groups.running,
      days: 7,
      to: '2024-02-29',
    });
    expect(report.activities).toEqual([]);
    expect(report.total).toEqual({ value: null, status: 'noData' });
  });

  it('lists the activities in `stats` per group and across groups', () => {
    const report = healthStats(backend.context, defaultHealthSources(backend.context), {
      from: range.from,
      to: range.to,
    });
    const [reading, running, all] = report.scopes;
    expect(reading!.conversions.map((row) => row.title)).toEqual(['beforeB', 'unrecorded', 'afterC']);
    expect(running!.conversions.map((row) => row.title)).toEqual(['running']);
    expect(all!.conversions).toHaveLength(4);
    expect(all!.metrics.find((item) => item.metric === 'conversionRate')).toMatchObject({
      value: 0.25,
      band: 'green',
      threshold: { amber: 0.15, red: 0.05, source: 'default' },
    });
  });
});

describe('violations by category', () => {
  it('is unknown before a scan, then the live hits per category of the range, from the rollups', async () => {
    const t = await makeRiskBackend();
    try {
      const input = { groupId: t.seeded.groupId, days: 30, to: '2024-05-01' };
      expect(await t.call('health.violations', input)).toMatchObject({ status: 'noScan', categories: [] });
      await t.scan();
      const { db } = t.backend.context;
      const first = await t.call('health.violations', input);
      // The same count straight from the hits: live ones of the group in the 30 days up to 2024-05-01 (UTC+8).
      const expected = () =>
        db
          .prepare(
            `SELECT category, COUNT(*) AS hits FROM risk_hits
             WHERE group_id = ? AND status <> 'dismissed' AND sent_at >= ? AND sent_at < ?
             GROUP BY category ORDER BY hits DESC, category`,
          )
          .all(t.seeded.groupId, at('2024-04-02', '00:00'), at('2024-05-02', '00:00'));
      expect(first.status).toBe('ok');
      expect(first.categories.length).toBeGreaterThan(1);
      expect(first.categories).toEqual(expected());
      expect(first.complaintMessages).toBe(3);
      expect(first.scannedMessages).toBe(11);

      const hit = db
        .prepare(`SELECT id FROM risk_hits WHERE category = 'ads' LIMIT 1`)
        .pluck()
        .get() as number;
      await t.call('risk.decide', { hitIds: [hit], decision: 'dismiss' });
      const after = await t.call('health.violations', input);
      expect(after.categories).toEqual(expected());
      expect(after.categories.find((row) => row.category === 'ads')!.hits).toBe(
        first.categories.find((row) => row.category === 'ads')!.hits - 1,
      );

      // `stats` prints them per category, most first, with the sensitive-word feature's category names.
      const lines: string[] = [];
      await statsCommand.run(
        createCliContext({
          workspaceDir: '',
          json: false,
          locale: 'zh-CN',
          args: ['--group', String(t.seeded.groupId), '--from', '2024-04-02', '--to', '2024-05-01'],
          out: (text) => lines.push(text),
          // The test's backend stays open for its own dispose.
          openBackend: () => ({ ...t.backend, close: async () => {} }),
        }),
      );
      const names: Record<string, string> = {
        ads: '广告引流',
        scam: '诈骗',
        complaint: '投诉',
        privacy: '隐私',
        abuse: '辱骂',
      };
      expect(lines).toContain(
        `  违规（按类别）：${after.categories.map((row) => `${names[row.category]} ${row.hits}`).join(' · ')}`,
      );
    } finally {
      await t.dispose();
    }
  });
});
