import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tag } from '../../../shared/domain/members';
import type { ForgetResult } from '../../../shared/ipc/channels/members';
import { failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

/** After 被遗忘权, the anonymous record must not take personal data or new records again. */
describe('a forgotten member refuses every change', () => {
  let t: MemberTestBackend;
  let forgotten: number;
  let tag: Tag;

  beforeAll(async () => {
    t = memberTestBackend();
    forgotten = t.seeded.members.wangwu;
    tag = value<Tag>(await t.call('tags.create', { name: '老朋友' }));
    value<ForgetResult>(await t.call('members.forget', { id: forgotten, confirmName: '王五' }));
  });
  afterAll(async () => t.dispose());

  const refusals: [string, () => Record<string, unknown>][] = [
    ['members.update', () => ({ id: forgotten, patch: { displayName: '王五', phone: '13800001111' } })],
    ['members.update', () => ({ id: forgotten, patch: { remark: '回来了' } })],
    ['members.addNote', () => ({ memberIds: [forgotten], body: '又见到他了' })],
    ['members.addNote', () => ({ memberIds: [t.seeded.members.zhangsan, forgotten], body: '两人都在' })],
    ['tags.assign', () => ({ tagIds: [tag.id], memberIds: [forgotten] })],
    ['tags.unassign', () => ({ tagIds: [tag.id], memberIds: [forgotten] })],
    ['identities.add', () => ({ memberId: forgotten, platform: 'unionid', value: 'oU_back_again' })],
    ['points.add', () => ({ memberId: forgotten, amount: 5, source: 'manual', reason: '补发' })],
    [
      'violations.add',
      () => ({ memberId: forgotten, category: 'ad', points: 1, note: '发广告', action: 'remind' }),
    ],
    ['blacklist.add', () => ({ memberId: forgotten, reason: '发广告' })],
    ['members.merge', () => ({ sourceId: forgotten, targetId: t.seeded.members.zhangsan })],
    ['members.merge', () => ({ sourceId: t.seeded.members.zhangsan, targetId: forgotten })],
  ];

  it.each(refusals.map(([channel, input], index) => ({ channel, input, index })))(
    '$channel (case $index) is refused with members.errors.forgotten, writing nothing',
    async ({ channel, input }) => {
      const audits = t.auditCount();
      const before = t.backend.context.db
        .prepare('SELECT display_name, phone, remark, points_balance, updated_at FROM members WHERE id = ?')
        .get(forgotten);
      expect(failure(await t.call(channel, input()))).toMatchObject({
        code: 'CONFLICT',
        message: 'members.errors.forgotten',
        params: { id: forgotten },
      });
      expect(t.auditCount()).toBe(audits);
      expect(
        t.backend.context.db
          .prepare('SELECT display_name, phone, remark, points_balance, updated_at FROM members WHERE id = ?')
          .get(forgotten),
      ).toEqual(before);
    },
  );

  it('leaves a forgotten member out of bulk changes by filter, and still lets others be changed', async () => {
    const filter = { groupId: t.seeded.groups.service };
    const result = value<{ changed: number; members: number }>(
      await t.call('tags.assign', { tagIds: [tag.id], filter }),
    );
    const tagged = t.backend.context.db
      .prepare('SELECT member_id FROM member_tags WHERE tag_id = ?')
      .pluck()
      .all(tag.id) as number[];
    expect(tagged).not.toContain(forgotten);
    expect(tagged).toContain(t.seeded.members.zhangsan);
    expect(result.members).toBe(tagged.length);
    const notes = value<{ members: number }>(await t.call('members.addNote', { filter, body: '群发备注' }));
    expect(notes.members).toBe(tagged.length);
    // Reading stays possible: the profile shows the anonymous record.
    const profile = value<{ forgottenAt: string | null }>(await t.call('members.get', { id: forgotten }));
    expect(profile.forgottenAt).not.toBeNull();
  });
});
