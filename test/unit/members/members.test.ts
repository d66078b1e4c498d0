import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinyinKeys } from '../../../electron/main/db/repositories/memberNames';
import type { MemberProfile, Tag, TagGroup } from '../../../shared/domain/members';
import type { MemberRow, Page } from '../../../shared/domain/types';
import { dayMs, failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

describe('pinyinKeys', () => {
  it.each([
    ['张三', 'zhangsan', 'zs'],
    ['单雄信', 'shanxiongxin', 'sxx'],
    ['曾小贤', 'zengxiaoxian', 'zxx'],
    ['Amy李', 'amyli', 'amyl'],
    ['小鱼儿99', 'xiaoyuer99', 'xye99'],
    ['😀小美', 'xiaomei', 'xm'],
    ['ＡＢＣ', 'abc', 'abc'],
    ['绿绿', 'lvlv', 'll'],
  ])('%s → %s / %s', (name, full, initials) => {
    expect(pinyinKeys(name)).toEqual({ full, initials });
  });
});

describe('members through the dispatcher', () => {
  let t: MemberTestBackend;
  const list = async (input: Record<string, unknown>) =>
    value<Page<MemberRow>>(await t.call('members.list', input));
  const names = (page: Page<MemberRow>) => page.rows.map((row) => row.displayName).sort();

  beforeAll(() => {
    t = memberTestBackend();
  });
  afterAll(async () => t.dispose());

  it('lists members in pinyin order with masked contacts and the old fields intact', async () => {
    const page = await list({});
    expect(page.total).toBe(7);
    // Amy李 (amyli) < 李四 (lisi) < 钱七 (qianqi) < 单雄信 (shanxiongxin) < 王五 < 张三 < 赵六
    expect(page.rows.map((row) => row.displayName)).toEqual([
      'Amy李',
      '李四',
      '钱七',
      '单雄信',
      '王五',
      '张三',
      '赵六',
    ]);
    const zhang = page.rows.find((row) => row.displayName === '张三')!;
    expect(zhang.wxid).toBe('wx****an');
    expect(zhang.phone).toBe('138****8000');
    expect(zhang.messageCount).toBe(48);
    expect(zhang.groupNames.sort()).toEqual(['周末活动群', '读书服务群']);
    expect(zhang.firstSeenAt).not.toBeNull();
    const li = page.rows.find((row) => row.displayName === '李四')!;
    expect(li.remark).toBe('老客户');
  });

  it('searches by Chinese substring, full pinyin, initials, group nickname, remark, wxid prefix and phone tail', async () => {
    expect(names(await list({ query: '三' }))).toEqual(['张三']);
    expect(names(await list({ query: 'zs' }))).toEqual(['张三']);
    expect(names(await list({ query: 'zhangsan' }))).toEqual(['张三']);
    expect(names(await list({ query: 'ZhangS' }))).toEqual(['张三']);
    expect(names(await list({ query: 'sxx' }))).toEqual(['单雄信']);
    expect(names(await list({ query: '书虫' }))).toEqual(['李四']);
    expect(names(await list({ query: 'scxl' }))).toEqual(['李四']);
    expect(names(await list({ query: '老客户' }))).toEqual(['李四']);
    expect(names(await list({ query: 'wxid_zhao' }))).toEqual(['赵六']);
    expect(names(await list({ query: '5678' }))).toEqual(['李四']);
    expect(names(await list({ query: 'amy' }))).toEqual(['Amy李']);
    expect((await list({ query: '%' })).total).toBe(0);
    expect((await list({ query: 'zz' })).total).toBe(0);
  });

  it('filters by group, status, dates, channel, identity platform, and sorts', async () => {
    const { groups } = t.seeded;
    expect(names(await list({ groupId: groups.activity }))).toEqual(['张三', '赵六']);
    expect((await list({ groupId: groups.service, status: 'current' })).total).toBe(6);
    expect(names(await list({ groupId: groups.service, status: 'left' }))).toEqual(['钱七']);
    expect(names(await list({ status: 'left' }))).toEqual(['钱七']);
    const since = new Date(Date.now() - 70 * dayMs).toISOString();
    expect(names(await list({ groupId: groups.service, joinedFrom: since }))).toEqual(['Amy李']);
    expect(names(await list({ joinedFrom: since }))).toEqual(['Amy李']);
    expect(names(await list({ leftFrom: new Date(Date.now() - 5 * dayMs).toISOString() }))).toEqual(['钱七']);
    expect((await list({ joinChannels: ['official_account'] })).total).toBe(7);
    expect((await list({ joinChannels: ['offline'] })).total).toBe(0);
    expect(names(await list({ identityPlatform: 'phone' }))).toEqual(['张三', '李四']);
    expect((await list({ identityPlatform: 'unionid' })).total).toBe(0);
    const byJoin = await list({ sort: 'joinedAt', order: 'desc', limit: 1 });
    expect(byJoin.rows[0]?.displayName).toBe('Amy李');
    const page2 = await list({ offset: 5, limit: 5 });
    expect(page2.rows.map((row) => row.displayName)).toEqual(['张三', '赵六']);
  });

  it('rejects malformed filters with VALIDATION', async () => {
    expect(failure(await t.call('members.list', { joinedFrom: 'yesterday' })).code).toBe('VALIDATION');
    expect(failure(await t.call('members.list', { sort: 'random' })).code).toBe('VALIDATION');
    expect(failure(await t.call('members.list', { tier: 'vip' })).code).toBe('VALIDATION');
  });

  it('returns a masked profile, and reveals it only on request, writing the reveal to the audit log', async () => {
    const id = t.seeded.members.zhangsan;
    const masked = value<MemberProfile>(await t.call('members.get', { id }));
    expect(masked).toMatchObject({
      phone: '138****8000',
      wxid: 'wx****an',
      revealed: false,
      displayName: '张三',
    });
    expect(masked.memberships.map((m) => m.role).sort()).toEqual(['member', 'owner']);
    expect(masked.names).toEqual([
      expect.objectContaining({ kind: 'wechat_nickname', name: '张三', to: null }),
    ]);
    const before = t.auditCount();
    expect(t.auditCount()).toBe(before);
    const revealed = value<MemberProfile>(await t.call('members.get', { id, reveal: true }));
    expect(revealed).toMatchObject({ phone: '13800138000', wxid: 'wxid_zhangsan', revealed: true });
    expect(t.auditCount()).toBe(before + 1);
    const audit = value<{ rows: { action: string; entityId: string }[] }>(
      await t.call('audit.list', { limit: 1 }),
    );
    expect(audit.rows[0]).toMatchObject({ action: 'reveal', entityId: String(id) });
    expect(failure(await t.call('members.get', { id: 999_999 }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'members.errors.notFound',
    });
  });

  it('updates the profile, keeps names over time and finds the new name by pinyin', async () => {
    const id = t.seeded.members.wangwu;
    const updated = value<MemberProfile>(
      await t.call('members.update', {
        id,
        patch: {
          displayName: '王小五',
          remark: '团购团长',
          phone: '+86 137-0000-1234',
          region: '杭州',
          inviterMemberId: t.seeded.members.zhangsan,
          joinChannel: 'referral',
          memberships: [{ groupId: t.seeded.groups.service, groupNickname: '五哥', role: 'admin' }],
        },
      }),
    );
    expect(updated).toMatchObject({
      displayName: '王小五',
      remark: '团购团长',
      phone: '137****1234',
      region: '杭州',
      joinChannel: 'referral',
    });
    expect(updated.inviter.memberId).toBe(t.seeded.members.zhangsan);
    expect(updated.memberships[0]).toMatchObject({ role: 'admin', groupNickname: '五哥' });
    const wechatNames = updated.names.filter((n) => n.kind === 'wechat_nickname');
    expect(wechatNames.map((n) => [n.name, n.to === null])).toEqual([
      ['王五', false],
      ['王小五', true],
    ]);
    expect(updated.names.some((n) => n.kind === 'group_nickname' && n.name === '五哥')).toBe(true);
    expect(names(await list({ query: 'wxw' }))).toEqual(['王小五']);
    // Old names stay searchable.
    expect(names(await list({ query: '王五' }))).toEqual(['王小五']);
    expect(names(await list({ query: '1234' }))).toEqual(['王小五']);
    const audit = value<{ rows: { action: string; detail: string }[] }>(
      await t.call('audit.list', { limit: 1 }),
    );
    expect(audit.rows[0]?.action).toBe('update');
    expect(audit.rows[0]?.detail).toContain('137****1234');
    expect(audit.rows[0]?.detail).not.toContain('13700001234');
  });

  it('refuses bad updates without changing anything', async () => {
    const id = t.seeded.members.wangwu;
    const before = t.auditCount();
    const cases: [unknown, string][] = [
      [{ displayName: '新名字', phone: '12' }, 'members.errors.badPhone'],
      [{ displayName: '新名字', inviterMemberId: id }, 'members.errors.inviterIsSelf'],
      [
        { displayName: '新名字', memberships: [{ groupId: t.seeded.groups.activity, role: 'admin' }] },
        'members.errors.notInGroup',
      ],
      [
        { displayName: '新名字', customFields: [{ fieldId: 9999, value: 'x' }] },
        'members.errors.fieldNotFound',
      ],
      [
        { displayName: '新名字', memberships: [{ groupId: t.seeded.groups.service, customRoleId: 9999 }] },
        'members.errors.roleNotFound',
      ],
    ];
    for (const [patch, key] of cases) {
      expect(failure(await t.call('members.update', { id, patch })).message).toBe(key);
    }
    const profile = value<MemberProfile>(await t.call('members.get', { id }));
    expect(profile.displayName).toBe('王小五');
    expect(t.auditCount()).toBe(before);
  });

  it('adds timestamped notes to several members at once', async () => {
    const { zhangsan, lisi } = t.seeded.members;
    const result = value<{ notes: { id: number; body: string; operator: string }[] }>(
      await t.call('members.addNote', { memberIds: [zhangsan, lisi, zhangsan], body: '周五直播提醒过' }),
    );
    expect(result.notes).toHaveLength(2);
    const profile = value<MemberProfile>(await t.call('members.get', { id: lisi }));
    expect(profile.notes[0]).toMatchObject({ body: '周五直播提醒过', operator: 'local' });
    expect(Date.parse(profile.notes[0]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const before = t.auditCount();
    expect(failure(await t.call('members.addNote', { memberIds: [lisi, 424242], body: 'x' })).message).toBe(
      'members.errors.notFound',
    );
    expect(value<MemberProfile>(await t.call('members.get', { id: lisi })).notes).toHaveLength(1);
    expect(t.auditCount()).toBe(before);
  });

  it('creates tags in tag groups, assigns them in bulk (ids or filter) and filters by them', async () => {
    const group = value<TagGroup>(await t.call('tags.createGroup', { name: '消费画像' }));
    const first = value<Tag>(
      await t.call('tags.create', { name: '尝鲜客', tagGroupId: group.id, color: '#ff8800' }),
    );
    const loyal = value<Tag>(await t.call('tags.create', { name: '忠实粉', tagGroupName: '消费画像' }));
    const social = value<Tag>(await t.call('tags.create', { name: '社交达人', tagGroupName: '社群角色' }));
    expect(loyal.tagGroupId).toBe(group.id);
    expect(social.tagGroupId).not.toBe(group.id);
    expect(failure(await t.call('tags.create', { name: '尝鲜客' })).message).toBe(
      'members.errors.tagNameTaken',
    );

    const { zhangsan, lisi, zhaoliu } = t.seeded.members;
    expect(
      value(await t.call('tags.assign', { tagIds: [first.id, loyal.id], memberIds: [zhangsan, lisi] })),
    ).toEqual({
      changed: 4,
      members: 2,
    });
    expect(value(await t.call('tags.assign', { tagIds: [first.id], memberIds: [zhangsan] }))).toEqual({
      changed: 0,
      members: 1,
    });
    // Bulk by filter: everyone in the activity group.
    expect(
      value(
        await t.call('tags.assign', { tagIds: [social.id], filter: { groupId: t.seeded.groups.activity } }),
      ),
    ).toEqual({
      changed: 2,
      members: 2,
    });
    expect(names(await list({ tagIds: [social.id] }))).toEqual(['张三', '赵六']);
    expect(names(await list({ tagIds: [loyal.id, social.id] }))).toEqual(['张三', '李四', '赵六']);
    const row = (await list({ query: '张三' })).rows[0]!;
    expect(row.tags.map((tag) => tag.name).sort()).toEqual(['尝鲜客', '忠实粉', '社交达人'].sort());

    expect(value(await t.call('tags.unassign', { tagIds: [social.id], memberIds: [zhaoliu] }))).toEqual({
      changed: 1,
      members: 1,
    });
    const tagList = value<{ tags: Tag[]; groups: TagGroup[] }>(await t.call('tags.list'));
    expect(tagList.groups.map((g) => g.name).sort()).toEqual(['消费画像', '社群角色'].sort());
    expect(tagList.tags.find((tag) => tag.id === social.id)?.memberCount).toBe(1);
  });

  it('refuses an unknown tag or member in a bulk assignment and applies nothing', async () => {
    const tags = value<{ tags: Tag[] }>(await t.call('tags.list')).tags;
    const known = tags[0]!;
    const before = t.auditCount();
    const unknownTag = failure(
      await t.call('tags.assign', { tagIds: [known.id, 777], memberIds: [t.seeded.members.wangwu] }),
    );
    expect(unknownTag).toMatchObject({
      code: 'NOT_FOUND',
      message: 'members.errors.unknownTags',
      params: { ids: '777' },
    });
    const unknownMember = failure(
      await t.call('tags.assign', { tagIds: [known.id], memberIds: [t.seeded.members.wangwu, 888] }),
    );
    expect(unknownMember.message).toBe('members.errors.notFound');
    expect(failure(await t.call('tags.assign', { tagIds: [known.id] })).code).toBe('VALIDATION');
    expect(value<MemberProfile>(await t.call('members.get', { id: t.seeded.members.wangwu })).tags).toEqual(
      [],
    );
    expect(t.auditCount()).toBe(before);
  });

  it('manages custom roles with permissions and assigns one to a membership', async () => {
    const role = value<{ id: number; permissions: string[] }>(
      await t.call('roles.create', {
        name: '群秘书',
        permissions: ['manage_tags', 'record_violations', 'manage_tags'],
      }),
    );
    expect(role.permissions).toEqual(['manage_tags', 'record_violations']);
    expect(failure(await t.call('roles.create', { name: '群秘书', permissions: [] })).message).toBe(
      'members.errors.roleNameTaken',
    );
    expect(failure(await t.call('roles.create', { name: '超管', permissions: ['root'] })).code).toBe(
      'VALIDATION',
    );
    const renamed = value<{ name: string }>(await t.call('roles.update', { id: role.id, name: '群秘书长' }));
    expect(renamed.name).toBe('群秘书长');
    const profile = value<MemberProfile>(
      await t.call('members.update', {
        id: t.seeded.members.lisi,
        patch: { memberships: [{ groupId: t.seeded.groups.service, customRoleId: role.id }] },
      }),
    );
    expect(profile.memberships[0]?.customRoleId).toBe(role.id);
    value(await t.call('roles.delete', { id: role.id }));
    expect(
      value<MemberProfile>(await t.call('members.get', { id: t.seeded.members.lisi })).memberships[0]
        ?.customRoleId,
    ).toBeNull();
  });

  it('manages custom fields and checks values against their kind', async () => {
    const level = value<{ id: number }>(
      await t.call('fields.create', { name: '会员等级', kind: 'choice', options: ['金卡', '银卡'] }),
    );
    const birthday = value<{ id: number }>(await t.call('fields.create', { name: '生日', kind: 'date' }));
    expect(failure(await t.call('fields.create', { name: '空选项', kind: 'choice', options: [] })).code).toBe(
      'VALIDATION',
    );
    const id = t.seeded.members.zhaoliu;
    const profile = value<MemberProfile>(
      await t.call('members.update', {
        id,
        patch: {
          customFields: [
            { fieldId: level.id, value: '金卡' },
            { fieldId: birthday.id, value: '1990-05-01' },
          ],
        },
      }),
    );
    expect(profile.customFields.map((f) => [f.name, f.value])).toEqual([
      ['会员等级', '金卡'],
      ['生日', '1990-05-01'],
    ]);
    expect(
      failure(
        await t.call('members.update', {
          id,
          patch: { customFields: [{ fieldId: level.id, value: '钻石' }] },
        }),
      ).message,
    ).toBe('members.errors.badFieldValue');
    const cleared = value<MemberProfile>(
      await t.call('members.update', { id, patch: { customFields: [{ fieldId: level.id, value: null }] } }),
    );
    expect(cleared.customFields.map((f) => f.name)).toEqual(['生日']);
    expect(value<unknown[]>(await t.call('fields.list'))).toHaveLength(2);
  });
});
