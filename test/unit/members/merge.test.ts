import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMember } from '../../../electron/main/db/repositories/members';
import { inconsistentBalances } from '../../../electron/main/db/repositories/points';
import type { MemberProfile } from '../../../shared/domain/members';
import type { MemberRow, Page } from '../../../shared/domain/types';
import type { MergeResult, MergeSuggestion } from '../../../shared/ipc/channels/members';
import { failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

describe('merge suggestions, merge and undo', () => {
  let t: MemberTestBackend;
  let twin: number;
  beforeAll(async () => {
    t = memberTestBackend();
    // 李四 seen again from the mini program: same phone, another record.
    twin = insertMember(
      t.backend.context.db,
      { displayName: '李四四', wxid: 'wxid_lisi_2', joinChannel: 'mini_program', phone: '13912345678' },
      Date.now(),
    );
    value(await t.call('points.add', { memberId: twin, amount: 7, source: 'check_in', reason: '签到' }));
    value(
      await t.call('points.add', {
        memberId: t.seeded.members.lisi,
        amount: 3,
        source: 'manual',
        reason: '补发',
      }),
    );
    value(await t.call('members.addNote', { memberIds: [twin], body: '小程序下单用户' }));
    value(await t.call('identities.add', { memberId: twin, platform: 'unionid', value: 'oU_lisi' }));
  });
  afterAll(async () => t.dispose());

  it('suggests a certain merge for a shared phone, with the evidence masked', async () => {
    const suggestions = value<MergeSuggestion[]>(await t.call('members.mergeSuggestions', {}));
    const certain = suggestions.filter((s) => s.confidence === 'certain');
    expect(certain).toHaveLength(1);
    expect(certain[0]).toMatchObject({
      memberIds: [t.seeded.members.lisi, twin],
      evidence: { key: 'members.mergeEvidence.samePhone', params: { phone: '139****5678' } },
    });
  });

  it('merges the twin into 李四: everything moves, points as transfer entries, the twin is hidden', async () => {
    const lisi = t.seeded.members.lisi;
    const result = value<MergeResult>(await t.call('members.merge', { sourceId: twin, targetId: lisi }));
    expect(result.moved).toMatchObject({ notes: 1, identities: 2, points: 7 });
    const profile = value<MemberProfile>(await t.call('members.get', { id: lisi, reveal: true }));
    expect(profile.pointsBalance).toBe(10);
    expect(profile.notes.map((n) => n.body)).toContain('小程序下单用户');
    expect(profile.identities.map((i) => `${i.platform}:${i.value}`).sort()).toEqual([
      'unionid:oU_lisi',
      'wxid:wxid_lisi_2',
    ]);
    expect(profile.names.map((n) => n.name)).toContain('李四四');
    expect(inconsistentBalances(t.backend.context.db)).toEqual([]);
    // Hidden from the list, but found under its old name through the target.
    const found = value<Page<MemberRow>>(await t.call('members.list', { query: '李四四' }));
    expect(found.rows.map((row) => row.id)).toEqual([lisi]);
    expect(value<Page<MemberRow>>(await t.call('members.list', {})).rows.some((row) => row.id === twin)).toBe(
      false,
    );
    // The merged record refuses changes.
    expect(
      failure(await t.call('points.add', { memberId: twin, amount: 1, source: 'manual', reason: 'x' }))
        .message,
    ).toBe('members.errors.merged');
    expect(
      value<MergeSuggestion[]>(await t.call('members.mergeSuggestions', {})).some(
        (s) => s.confidence === 'certain',
      ),
    ).toBe(false);
  });

  it('refuses merging into itself and a merge that would make a cycle, changing nothing', async () => {
    const lisi = t.seeded.members.lisi;
    const before = t.auditCount();
    expect(failure(await t.call('members.merge', { sourceId: lisi, targetId: lisi })).message).toBe(
      'members.errors.mergeSelf',
    );
    const cycle = failure(await t.call('members.merge', { sourceId: lisi, targetId: twin }));
    expect(cycle).toMatchObject({ code: 'CONFLICT', message: 'members.errors.mergeCycle' });
    expect(
      failure(await t.call('members.merge', { sourceId: twin, targetId: t.seeded.members.wangwu })).message,
    ).toBe('members.errors.merged');
    expect(t.auditCount()).toBe(before);
    expect(value<MemberProfile>(await t.call('members.get', { id: lisi })).mergedIntoId).toBeNull();
  });

  it('undoes the merge exactly, and only once', async () => {
    const lisi = t.seeded.members.lisi;
    const merge = value<{ rows: { action: string; detail: string }[] }>(
      await t.call('audit.list', { limit: 50 }),
    ).rows.find((row) => row.action === 'merge')!;
    const mergeId = (JSON.parse(merge.detail) as { mergeId: number }).mergeId;
    value(await t.call('members.undoMerge', { mergeId }));
    const back = value<MemberProfile>(await t.call('members.get', { id: twin, reveal: true }));
    expect(back).toMatchObject({ mergedIntoId: null, wxid: 'wxid_lisi_2', pointsBalance: 7 });
    expect(back.notes.map((n) => n.body)).toEqual(['小程序下单用户']);
    expect(back.identities.map((i) => i.value)).toEqual(['oU_lisi']);
    const lisiProfile = value<MemberProfile>(await t.call('members.get', { id: lisi, reveal: true }));
    expect(lisiProfile.pointsBalance).toBe(3);
    expect(lisiProfile.identities).toEqual([]);
    expect(lisiProfile.names.map((n) => n.name)).not.toContain('李四四');
    expect(
      value<Page<MemberRow>>(await t.call('members.list', { query: '李四四' })).rows.map((row) => row.id),
    ).toEqual([twin]);
    expect(inconsistentBalances(t.backend.context.db)).toEqual([]);
    expect(failure(await t.call('members.undoMerge', { mergeId })).message).toBe(
      'members.errors.mergeAlreadyUndone',
    );
    expect(failure(await t.call('members.undoMerge', { mergeId: 9999 })).message).toBe(
      'members.errors.mergeNotFound',
    );
  });

  it('moves memberships, messages and violations, and puts them back on undo', async () => {
    const { zhaoliu, shanxiongxin } = t.seeded.members;
    value(
      await t.call('violations.add', {
        memberId: zhaoliu,
        category: 'spam',
        points: 2,
        note: '刷屏',
        action: 'remind',
      }),
    );
    const result = value<MergeResult>(
      await t.call('members.merge', { sourceId: zhaoliu, targetId: shanxiongxin }),
    );
    const merged = value<MemberProfile>(await t.call('members.get', { id: shanxiongxin }));
    // 赵六 was in both groups; 单雄信 only in the service group, so the activity group moved and the other was dropped.
    expect(merged.memberships.map((m) => m.groupName).sort()).toEqual(['周末活动群', '读书服务群']);
    expect(merged.violationCount).toBe(1);
    value(await t.call('members.undoMerge', { mergeId: result.mergeId }));
    const restored = value<MemberProfile>(await t.call('members.get', { id: zhaoliu }));
    expect(restored.memberships.map((m) => m.groupName).sort()).toEqual(['周末活动群', '读书服务群']);
    expect(restored.memberships.find((m) => m.groupName === '周末活动群')?.groupNickname).toBe('六哥');
    expect(restored.violationCount).toBe(1);
    const shan = value<MemberProfile>(await t.call('members.get', { id: shanxiongxin }));
    expect(shan.memberships.map((m) => m.groupName)).toEqual(['读书服务群']);
    expect(shan.violationCount).toBe(0);
  });

  it('refuses undoing an earlier merge while a later one involving the same member stands', async () => {
    const { wangwu, amy, zhangsan } = t.seeded.members;
    const first = value<MergeResult>(await t.call('members.merge', { sourceId: wangwu, targetId: amy }));
    const second = value<MergeResult>(await t.call('members.merge', { sourceId: amy, targetId: zhangsan }));
    expect(failure(await t.call('members.undoMerge', { mergeId: first.mergeId }))).toMatchObject({
      message: 'members.errors.mergeUndoBlocked',
      params: { later: String(second.mergeId) },
    });
    value(await t.call('members.undoMerge', { mergeId: second.mergeId }));
    value(await t.call('members.undoMerge', { mergeId: first.mergeId }));
    expect(value<MemberProfile>(await t.call('members.get', { id: wangwu })).mergedIntoId).toBeNull();
  });
});
