import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupActivity } from '../../../electron/main/db/repositories/tiers';
import type { MemberProfile } from '../../../shared/domain/members';
import { defaultTierRules, localDayNumber, type TierRules } from '../../../shared/domain/tiers';
import type { JobState, MemberRow, Page } from '../../../shared/domain/types';
import type {
  GroupTierDistribution,
  TierRulesView,
  TiersRecomputeResult,
} from '../../../shared/ipc/channels/members';
import { dayMs, failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

describe('tier recompute job', () => {
  let t: MemberTestBackend;
  const recompute = async (input: Record<string, unknown> = {}): Promise<TiersRecomputeResult> => {
    const { jobId } = value<{ jobId: string }>(await t.call('tiers.recompute', input));
    const job: JobState = await t.backend.jobs.wait(jobId);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    return job.result as TiersRecomputeResult;
  };
  const listNames = async (input: Record<string, unknown>) =>
    value<Page<MemberRow>>(await t.call('members.list', input))
      .rows.map((row) => row.displayName)
      .sort();

  beforeAll(async () => {
    t = memberTestBackend();
    value(
      await t.call('points.add', {
        memberId: t.seeded.members.shanxiongxin,
        amount: 1,
        source: 'check_in',
        reason: '签到',
      }),
    );
  });
  afterAll(async () => t.dispose());

  it('computes every current membership from the activity window, with reasons', async () => {
    const result = await recompute();
    // 6 current members of the service group (one left) + 2 of the activity group.
    expect(result.memberships).toBe(8);
    expect(result.changedTiers).toBe(8);
    const { service, activity } = t.seeded.groups;
    expect(await listNames({ tier: 'core' })).toEqual(['张三']);
    expect(await listNames({ groupId: service, tier: 'active' })).toEqual(['李四']);
    expect(await listNames({ groupId: service, tier: 'potential' })).toEqual(['Amy李', '单雄信', '王五']);
    expect(await listNames({ groupId: service, tier: 'silent' })).toEqual(['赵六']);
    // 张三 is silent in the activity group but core overall (his best group).
    expect(await listNames({ groupId: activity, tier: 'silent' })).toEqual(['张三', '赵六']);
    const rows = value<Page<MemberRow>>(await t.call('members.list', { groupId: activity })).rows;
    expect(rows.find((row) => row.displayName === '张三')?.tier).toBe('silent');

    const zhaoliu = value<MemberProfile>(await t.call('members.get', { id: t.seeded.members.zhaoliu }));
    expect(zhaoliu.tier).toBe('silent');
    expect(zhaoliu.tierReason).toEqual({
      key: 'tiers.reasons.silent.messages',
      params: { days: 30, value: 0, threshold: 1 },
    });
    expect(zhaoliu.tierHistory).toHaveLength(2);
    const shan = value<MemberProfile>(await t.call('members.get', { id: t.seeded.members.shanxiongxin }));
    expect(shan.tierReason?.key).toBe('tiers.reasons.potential.checkIns');
    // The one who left has no tier.
    expect(
      value<MemberProfile>(await t.call('members.get', { id: t.seeded.members.departed })).tier,
    ).toBeNull();
  });

  it('reports each group against its target ranges', async () => {
    const distribution = value<GroupTierDistribution[]>(
      await t.call('tiers.distribution', { groupId: t.seeded.groups.service }),
    );
    expect(distribution).toHaveLength(1);
    const service = distribution[0]!;
    expect(service).toMatchObject({ groupName: '读书服务群', total: 6, unranked: 0, outOfRange: true });
    expect(Object.fromEntries(service.shares.map((s) => [s.tier, [s.count, s.percent, s.status]]))).toEqual({
      core: [1, 16.7, 'within'],
      active: [1, 16.7, 'below'],
      potential: [3, 50, 'within'],
      silent: [1, 16.7, 'within'],
    });
  });

  it('agrees with the same metrics computed row by row in JavaScript', () => {
    const db = t.backend.context.db;
    const now = Date.now();
    const since = now - defaultTierRules.windowDays * dayMs;
    const rows = db
      .prepare(
        'SELECT member_id, sent_at FROM messages WHERE group_id = ? AND member_id IS NOT NULL AND sent_at >= ? AND sent_at < ?',
      )
      .all(t.seeded.groups.service, since, now) as { member_id: number; sent_at: number }[];
    const expected = new Map<number, { messages: number; days: Set<number> }>();
    for (const row of rows) {
      const entry = expected.get(row.member_id) ?? { messages: 0, days: new Set<number>() };
      entry.messages += 1;
      entry.days.add(localDayNumber(row.sent_at, defaultTierRules.utcOffsetMinutes));
      expected.set(row.member_id, entry);
    }
    const activity = groupActivity(db, t.seeded.groups.service, defaultTierRules, now);
    expect(activity).toHaveLength(6);
    for (const member of activity) {
      const js = expected.get(member.memberId);
      expect(member.messages).toBe(js?.messages ?? 0);
      expect(member.activeDays).toBe(js?.days.size ?? 0);
    }
  });

  it("writes history only when a tier changes, and follows a group's own rules", async () => {
    const again = await recompute();
    expect(again.changedTiers).toBe(0);
    const service = t.seeded.groups.service;
    const stricter: TierRules = {
      ...defaultTierRules,
      criteria: { ...defaultTierRules.criteria, potential: { match: 'any', thresholds: { messages: 2 } } },
    };
    const view = value<TierRulesView>(
      await t.call('tiers.updateRules', { groupId: service, rules: stricter }),
    );
    expect(view.inherited).toBe(false);
    expect(value<TierRulesView>(await t.call('tiers.rules', {})).inherited).toBe(true);
    const stricterResult = await recompute({ groupIds: [service] });
    expect(stricterResult.memberships).toBe(6);
    expect(stricterResult.changedTiers).toBe(3);
    expect(await listNames({ groupId: service, tier: 'silent' })).toEqual([
      'Amy李',
      '单雄信',
      '王五',
      '赵六',
    ]);
    const wangwu = value<MemberProfile>(await t.call('members.get', { id: t.seeded.members.wangwu }));
    expect(wangwu.tierHistory[0]).toMatchObject({ tier: 'silent', previousTier: 'potential' });
    expect(wangwu.tierReason).toEqual({
      key: 'tiers.reasons.silent.messages',
      params: { days: 30, value: 1, threshold: 2 },
    });

    const reset = value<TierRulesView>(await t.call('tiers.updateRules', { groupId: service, rules: null }));
    expect(reset.inherited).toBe(true);
  });

  it('refuses invalid rules and unknown groups', async () => {
    const bad = {
      ...defaultTierRules,
      criteria: { ...defaultTierRules.criteria, core: { match: 'any', thresholds: {} } },
    };
    expect(failure(await t.call('tiers.updateRules', { rules: bad })).code).toBe('VALIDATION');
    expect(
      failure(await t.call('tiers.updateRules', { groupId: 4242, rules: defaultTierRules })).message,
    ).toBe('groups.errors.notFound');
    expect(failure(await t.call('tiers.distribution', { groupId: 4242 })).message).toBe(
      'groups.errors.notFound',
    );
  });

  it('refreshes the cached activity the list sorts by, and indexes names other writers added', async () => {
    const db = t.backend.context.db;
    const now = Date.now();
    // Another writer (e.g. an importer) inserting with plain SQL: the trigger records the name, without pinyin yet.
    const id = Number(
      db
        .prepare("INSERT INTO members (display_name, created_at, updated_at) VALUES ('周八', ?, ?)")
        .run(now, now).lastInsertRowid,
    );
    expect(await listNames({ query: 'zhouba' })).toEqual([]);
    expect(await listNames({ query: '周八' })).toEqual(['周八']);
    await recompute();
    expect(await listNames({ query: 'zhouba' })).toEqual(['周八']);
    const byMessages = value<Page<MemberRow>>(
      await t.call('members.list', { sort: 'messageCount', order: 'desc', limit: 2 }),
    );
    expect(byMessages.rows.map((row) => row.displayName)).toEqual(['张三', '李四']);
    expect(db.prepare('SELECT name_sort FROM members WHERE id = ?').get(id)).toEqual({ name_sort: 'zhouba' });
  });
});
