import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  appendPoints,
  currentBalance,
  inconsistentBalances,
} from '../../../electron/main/db/repositories/points';
import { insertViolation } from '../../../electron/main/db/repositories/violations';
import type {
  BlacklistEntry,
  Identity,
  MemberProfile,
  PointsEntry,
  Violation,
  ViolationSuggestion,
} from '../../../shared/domain/members';
import type { MemberRow, Page } from '../../../shared/domain/types';
import { dayMs, failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

describe('points, violations, blacklist and identities', () => {
  let t: MemberTestBackend;
  beforeAll(() => {
    t = memberTestBackend();
  });
  afterAll(async () => t.dispose());

  describe('points ledger', () => {
    it('appends entries with a running balance and derives the balance from them', async () => {
      const memberId = t.seeded.members.lisi;
      const credit = value<{ entry: PointsEntry; balance: number }>(
        await t.call('points.add', { memberId, amount: 10, source: 'check_in', reason: '连续签到7天' }),
      );
      expect(credit.balance).toBe(10);
      expect(credit.entry).toMatchObject({
        amount: 10,
        balanceAfter: 10,
        source: 'check_in',
        reason: '连续签到7天',
        operator: 'local',
      });
      value(
        await t.call('points.add', {
          memberId,
          amount: 5,
          source: 'activity',
          reason: '知识竞赛',
          groupId: t.seeded.groups.service,
        }),
      );
      const debit = value<{ balance: number }>(
        await t.call('points.add', { memberId, amount: -12, source: 'redemption', reason: '兑换课程' }),
      );
      expect(debit.balance).toBe(3);
      const history = value<Page<PointsEntry> & { balance: number }>(
        await t.call('points.list', { memberId }),
      );
      expect(history.balance).toBe(3);
      expect(history.rows.map((row) => row.amount)).toEqual([-12, 5, 10]);
      expect(history.rows.map((row) => row.balanceAfter)).toEqual([3, 15, 10]);
      expect(inconsistentBalances(t.backend.context.db)).toEqual([]);
      const row = value<Page<MemberRow>>(await t.call('members.list', { query: '李四' })).rows[0]!;
      expect(row.pointsBalance).toBe(3);
    });

    it('refuses a debit below zero with the balance in the error, and writes nothing', async () => {
      const memberId = t.seeded.members.lisi;
      const before = t.auditCount();
      const refused = failure(
        await t.call('points.add', { memberId, amount: -4, source: 'redemption', reason: '兑换' }),
      );
      expect(refused).toEqual({
        code: 'CONFLICT',
        message: 'members.errors.pointsBelowZero',
        params: { balance: 3, amount: -4 },
      });
      expect(
        value<{ total: number; balance: number }>(await t.call('points.list', { memberId })),
      ).toMatchObject({ total: 3, balance: 3 });
      expect(t.auditCount()).toBe(before);
    });

    it('validates amounts and sources, and keeps the ledger append-only in the database', async () => {
      const memberId = t.seeded.members.lisi;
      expect(
        failure(await t.call('points.add', { memberId, amount: 0, source: 'manual', reason: 'x' })).code,
      ).toBe('VALIDATION');
      expect(
        failure(await t.call('points.add', { memberId, amount: 1.5, source: 'manual', reason: 'x' })).code,
      ).toBe('VALIDATION');
      expect(
        failure(await t.call('points.add', { memberId, amount: 5, source: 'transfer', reason: 'x' })).code,
      ).toBe('VALIDATION');
      expect(
        failure(await t.call('points.add', { memberId: 5555, amount: 5, source: 'manual', reason: 'x' }))
          .message,
      ).toBe('members.errors.notFound');
      expect(() => t.backend.context.db.prepare('UPDATE points_ledger SET amount = 1000').run()).toThrow(
        /append-only/,
      );
    });

    it('filters the member list by points range', async () => {
      value(
        await t.call('points.add', {
          memberId: t.seeded.members.zhangsan,
          amount: 50,
          source: 'manual',
          reason: '活动奖励',
        }),
      );
      const rich = value<Page<MemberRow>>(await t.call('members.list', { pointsMin: 10 }));
      expect(rich.rows.map((row) => row.displayName)).toEqual(['张三']);
      const some = value<Page<MemberRow>>(
        await t.call('members.list', { pointsMin: 1, pointsMax: 10, sort: 'points', order: 'desc' }),
      );
      expect(some.rows.map((row) => row.displayName)).toEqual(['李四']);
      // A member-id set (the group) with a row condition (points): paged in memory after one read.
      const service = t.seeded.groups.service;
      const inGroup = value<Page<MemberRow>>(
        await t.call('members.list', { groupId: service, pointsMin: 1, sort: 'points', order: 'desc' }),
      );
      expect([inGroup.total, inGroup.rows.map((row) => row.displayName)]).toEqual([2, ['张三', '李四']]);
      const second = value<Page<MemberRow>>(
        await t.call('members.list', { groupId: service, pointsMin: 1, sort: 'points', offset: 1, limit: 1 }),
      );
      expect([second.total, second.rows.map((row) => row.displayName)]).toEqual([2, ['张三']]);
      const byName = value<Page<MemberRow>>(await t.call('members.list', { groupId: service, pointsMax: 0 }));
      expect(byName.rows.map((row) => row.displayName)).toEqual(['Amy李', '钱七', '单雄信', '王五', '赵六']);
    });

    it('appends entries and violations without compiling a statement for each', async () => {
      // A compiled statement per entry cost its compilation and, later, a finalizer on the event loop: 155,000
      // entries written in a row stalled the next job by 3 s of statement finalizers.
      const own = memberTestBackend();
      try {
        const { db } = own.backend.context;
        const memberId = own.seeded.members.lisi;
        const prepare = vi.spyOn(db, 'prepare');
        db.transaction(() => {
          for (let i = 0; i < 50; i += 1) {
            const entry = { memberId, groupId: null, amount: 1, reason: '签到', operator: 'test' };
            appendPoints(db, { ...entry, source: 'check_in', occurredAt: i }, 1_000);
            insertViolation(
              db,
              {
                memberId,
                groupId: null,
                category: 'spam',
                points: 1,
                messageId: null,
                evidenceExcerpt: null,
                note: '刷屏',
                decayDays: null,
                action: 'remind',
                occurredAt: i,
                operator: 'test',
              },
              1_000,
            );
          }
        })();
        expect(prepare.mock.calls.length).toBeLessThanOrEqual(3);
        expect(currentBalance(db, memberId)).toBe(50);
      } finally {
        await own.dispose();
      }
    });
  });

  describe('violation ledger', () => {
    const messageOf = (memberId: number) =>
      t.backend.context.db
        .prepare('SELECT id, content FROM messages WHERE member_id = ? LIMIT 1')
        .get(memberId) as { id: number; content: string };

    it('records a violation citing a message, copies the evidence and suggests the next action', async () => {
      const memberId = t.seeded.members.zhangsan;
      const message = messageOf(memberId);
      const first = value<{ violation: Violation; suggestion: ViolationSuggestion }>(
        await t.call('violations.add', {
          memberId,
          category: 'ad',
          points: 2,
          messageId: message.id,
          action: 'remind',
        }),
      );
      expect(first.violation).toMatchObject({
        category: 'ad',
        points: 2,
        messageId: message.id,
        action: 'remind',
        active: true,
      });
      expect(first.violation.evidenceExcerpt).toContain(message.content);
      expect(first.violation.groupId).toBe(t.seeded.groups.service);
      expect(first.suggestion).toMatchObject({
        activePoints: 2,
        suggestedAction: 'remind',
        next: { points: 3, action: 'dm_warning' },
      });

      const second = value<{ suggestion: ViolationSuggestion }>(
        await t.call('violations.add', {
          memberId,
          category: 'spam',
          points: 4,
          note: '连续刷屏20条',
          action: 'dm_warning',
        }),
      );
      expect(second.suggestion).toMatchObject({
        activePoints: 6,
        suggestedAction: 'remove',
        lastAction: 'dm_warning',
      });
      const listed = value<Page<Violation>>(await t.call('violations.list', { memberId }));
      expect(listed.total).toBe(2);
      const row = value<Page<MemberRow>>(await t.call('members.list', { violationsMin: 2 })).rows;
      expect(row.map((r) => r.displayName)).toEqual(['张三']);
    });

    it('lets points decay: an old violation past its decay period stops counting', async () => {
      const memberId = t.seeded.members.zhaoliu;
      const old = new Date(Date.now() - 40 * dayMs).toISOString();
      value(
        await t.call('violations.add', {
          memberId,
          category: 'abuse',
          points: 5,
          note: '辱骂他人',
          decayDays: 30,
          action: 'mute',
          occurredAt: old,
        }),
      );
      value(
        await t.call('violations.add', {
          memberId,
          category: 'spam',
          points: 1,
          note: '刷屏',
          decayDays: 30,
          action: 'remind',
        }),
      );
      const suggestion = value<ViolationSuggestion>(await t.call('violations.suggestion', { memberId }));
      expect(suggestion).toMatchObject({ activePoints: 1, suggestedAction: 'remind' });
      const active = value<Page<Violation>>(await t.call('violations.list', { memberId, activeOnly: true }));
      expect(active.rows.map((v) => v.points)).toEqual([1]);
      const all = value<Page<Violation>>(await t.call('violations.list', { memberId }));
      expect(all.rows.map((v) => v.active)).toEqual([true, false]);
    });

    it('uses configurable thresholds', async () => {
      const thresholds = [
        { points: 2, action: 'dm_warning' },
        { points: 4, action: 'remove' },
      ];
      expect(value(await t.call('violations.setThresholds', { thresholds }))).toEqual(thresholds);
      const suggestion = value<ViolationSuggestion>(
        await t.call('violations.suggestion', { memberId: t.seeded.members.zhangsan }),
      );
      expect(suggestion).toMatchObject({ activePoints: 6, suggestedAction: 'remove', next: null });
      expect(
        failure(
          await t.call('violations.setThresholds', {
            thresholds: [
              { points: 2, action: 'mute' },
              { points: 2, action: 'remove' },
            ],
          }),
        ).code,
      ).toBe('VALIDATION');
    });

    it("refuses missing evidence, unknown messages and another member's message, writing nothing", async () => {
      const memberId = t.seeded.members.lisi;
      const before = t.auditCount();
      expect(
        failure(await t.call('violations.add', { memberId, category: 'ad', points: 1, action: 'remind' }))
          .code,
      ).toBe('VALIDATION');
      expect(
        failure(
          await t.call('violations.add', {
            memberId,
            category: 'ad',
            points: 1,
            messageId: 99_999,
            action: 'remind',
          }),
        ).message,
      ).toBe('members.errors.messageNotFound');
      const someoneElse = messageOf(t.seeded.members.zhangsan);
      expect(
        failure(
          await t.call('violations.add', {
            memberId,
            category: 'ad',
            points: 1,
            messageId: someoneElse.id,
            action: 'remind',
          }),
        ).message,
      ).toBe('members.errors.evidenceNotByMember');
      expect(value<Page<Violation>>(await t.call('violations.list', { memberId })).total).toBe(0);
      expect(t.auditCount()).toBe(before);
    });
  });

  describe('identities and blacklist', () => {
    it('adds platform identities, masks them, and refuses a duplicate identity', async () => {
      const memberId = t.seeded.members.wangwu;
      const unionid = value<Identity>(
        await t.call('identities.add', { memberId, platform: 'unionid', value: 'oUNION_wangwu_123' }),
      );
      expect(unionid).toMatchObject({ platform: 'unionid', value: 'oU****23', source: 'manual' });
      value(
        await t.call('identities.add', { memberId, platform: 'douyin', value: 'dy_wangwu', source: 'csv' }),
      );
      const before = t.auditCount();
      const duplicate = failure(
        await t.call('identities.add', {
          memberId: t.seeded.members.lisi,
          platform: 'unionid',
          value: 'oUNION_wangwu_123',
        }),
      );
      expect(duplicate).toMatchObject({
        code: 'CONFLICT',
        message: 'members.errors.identityTaken',
        params: { platform: 'unionid', memberId },
      });
      // A wxid already on another member's profile counts too.
      const wxid = failure(
        await t.call('identities.add', { memberId, platform: 'wxid', value: 'wxid_lisi' }),
      );
      expect(wxid.params).toMatchObject({ memberId: t.seeded.members.lisi });
      expect(t.auditCount()).toBe(before);

      const revealed = value<MemberProfile>(await t.call('members.get', { id: memberId, reveal: true }));
      expect(revealed.identities.map((i) => i.value).sort()).toEqual(['dy_wangwu', 'oUNION_wangwu_123']);
      const filtered = value<Page<MemberRow>>(await t.call('members.list', { identityPlatform: 'unionid' }));
      expect(filtered.rows.map((row) => row.id)).toEqual([memberId]);
      // An exact identity value finds its member.
      const found = value<Page<MemberRow>>(await t.call('members.list', { query: 'oUNION_wangwu_123' }));
      expect(found.rows.map((row) => row.id)).toEqual([memberId]);

      value(await t.call('identities.remove', { id: unionid.id }));
      expect(
        value<Page<MemberRow>>(await t.call('members.list', { identityPlatform: 'unionid' })).total,
      ).toBe(0);
      expect(failure(await t.call('identities.remove', { id: unionid.id })).message).toBe(
        'members.errors.identityNotFound',
      );
    });

    it('blacklists all identities of a member, shares the list across groups, and checks newcomers', async () => {
      const memberId = t.seeded.members.lisi;
      const added = value<{ entries: BlacklistEntry[] }>(
        await t.call('blacklist.add', { memberId, reason: '多次发广告' }),
      );
      expect(added.entries.map((e) => e.platform).sort()).toEqual(['phone', 'wxid']);
      expect(added.entries.find((e) => e.platform === 'phone')?.value).toBe('139****5678');
      const hits = value<BlacklistEntry[]>(
        await t.call('blacklist.check', {
          identities: [
            { platform: 'phone', value: '+86 139 1234 5678' },
            { platform: 'wxid', value: 'wxid_new' },
          ],
        }),
      );
      expect(hits.map((h) => h.memberId)).toEqual([memberId]);
      expect(value<MemberProfile>(await t.call('members.get', { id: memberId })).blacklisted).toBe(true);
      const row = value<Page<MemberRow>>(await t.call('members.list', { query: '李四' })).rows[0]!;
      expect(row.blacklisted).toBe(true);

      const direct = value<{ entries: BlacklistEntry[] }>(
        await t.call('blacklist.add', {
          identity: { platform: 'douyin', value: 'dy_spammer' },
          reason: '直播间骚扰',
        }),
      );
      expect(direct.entries[0]).toMatchObject({ platform: 'douyin', memberId: null });
      expect(
        failure(
          await t.call('blacklist.add', {
            identity: { platform: 'douyin', value: 'dy_spammer' },
            reason: 'again',
          }),
        ).message,
      ).toBe('members.errors.alreadyBlacklisted');
      expect(
        failure(
          await t.call('blacklist.add', {
            memberId: t.seeded.members.shanxiongxin,
            identity: { platform: 'wxid', value: 'x' },
            reason: 'x',
          }),
        ).code,
      ).toBe('VALIDATION');
      const page = value<Page<BlacklistEntry>>(await t.call('blacklist.list', {}));
      expect(page.total).toBe(3);
      value(await t.call('blacklist.remove', { id: direct.entries[0]!.id }));
      expect(value<Page<BlacklistEntry>>(await t.call('blacklist.list', {})).total).toBe(2);
    });

    it('recording 拉黑 as the action taken blacklists the member in the same change', async () => {
      const memberId = t.seeded.members.shanxiongxin;
      const result = value<{ blacklisted: number }>(
        await t.call('violations.add', {
          memberId,
          category: 'fraud',
          points: 10,
          note: '冒充客服',
          action: 'blacklist',
        }),
      );
      expect(result.blacklisted).toBe(1);
      expect(value<MemberProfile>(await t.call('members.get', { id: memberId })).blacklisted).toBe(true);
    });

    it('refuses to blacklist a member without any identity and records no violation either', async () => {
      const memberId = t.seeded.members.wangwu;
      // 王五 had a douyin identity left from an earlier test; remove it so nothing identifies him.
      const profile = value<MemberProfile>(await t.call('members.get', { id: memberId }));
      for (const identity of profile.identities)
        value(await t.call('identities.remove', { id: identity.id }));
      const phoneCleared = value<MemberProfile>(
        await t.call('members.update', { id: memberId, patch: { phone: null } }),
      );
      expect(phoneCleared.phone).toBeNull();
      const before = t.auditCount();
      const refused = failure(
        await t.call('violations.add', {
          memberId,
          category: 'ad',
          points: 3,
          note: '广告',
          action: 'blacklist',
        }),
      );
      expect(refused.message).toBe('members.errors.nothingToBlacklist');
      expect(value<Page<Violation>>(await t.call('violations.list', { memberId })).total).toBe(0);
      expect(value<MemberProfile>(await t.call('members.get', { id: memberId })).violationCount).toBe(0);
      expect(t.auditCount()).toBe(before);
    });
  });
});
