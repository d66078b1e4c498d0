import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import { groupsBackend, type GroupsTestBackend } from './fixtures';

describe('group rules (群规)', () => {
  let t: GroupsTestBackend;
  let groupId: number;
  beforeEach(() => {
    t = groupsBackend();
    groupId = t.group('宝妈答疑群');
  });
  afterEach(() => t.dispose());

  it('numbers versions, keeps every one, and shows the current one on the group', async () => {
    const first = await t.call('rules.publish', {
      groupId,
      body: '1. 禁止广告\r\n2. 禁止刷屏',
      announcedOn: '2024-05-01',
      note: '首版',
    });
    expect(first).toMatchObject({
      version: 1,
      body: '1. 禁止广告\n2. 禁止刷屏',
      announcedOn: '2024-05-01',
      note: '首版',
    });
    t.advance(10);
    const second = await t.call('rules.publish', {
      groupId,
      body: '1. 禁止广告\n2. 禁止刷屏\n3. 禁止私加好友',
      announcedOn: '2024-05-11',
    });
    expect(second.version).toBe(2);
    const versions = await t.call('rules.list', { groupId });
    expect(versions.map((version) => [version.version, version.announcedOn, version.note])).toEqual([
      [2, '2024-05-11', ''],
      [1, '2024-05-01', '首版'],
    ]);
    expect(versions[1]!.body).toBe('1. 禁止广告\n2. 禁止刷屏');
    expect(await t.call('groupinfo.get', { groupId })).toMatchObject({
      rulesVersion: 2,
      rulesAnnouncedOn: '2024-05-11',
    });
    // Another group's rules are its own.
    const other = t.group('读书会', 'content');
    expect(await t.call('rules.list', { groupId: other })).toEqual([]);
    expect(listAudit(t.db, 0, 10).rows.filter((entry) => entry.action === 'publish-rules')).toHaveLength(2);
  });

  it('refuses the same text again and a date before the current version, writing nothing', async () => {
    await t.call('rules.publish', { groupId, body: '禁止广告', announcedOn: '2024-05-10' });
    const before = t.counts();
    const same = await t.send('rules.publish', { groupId, body: '  禁止广告  ', announcedOn: '2024-05-12' });
    expect(same).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'groupRules.errors.unchanged', params: { version: 1 } },
    });
    const earlier = await t.send('rules.publish', {
      groupId,
      body: '禁止广告和刷屏',
      announcedOn: '2024-05-09',
    });
    expect(earlier).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'groupRules.errors.announcedBeforePrevious',
        params: { date: '2024-05-10' },
      },
    });
    expect(t.counts()).toEqual(before);
    // The same day as the previous version is fine (a correction announced the same day).
    expect(
      (await t.call('rules.publish', { groupId, body: '禁止广告和刷屏', announcedOn: '2024-05-10' })).version,
    ).toBe(2);
  });

  it('never edits a version in place', () => {
    t.db
      .prepare(
        `INSERT INTO group_rule_versions (group_id, version, body, announced_on, recorded_at, operator)
         VALUES (?, 1, '原文', '2024-05-01', 0, 'local')`,
      )
      .run(groupId);
    expect(() => t.db.prepare(`UPDATE group_rule_versions SET body = '改过'`).run()).toThrow(/append-only/);
  });

  it('rejects invalid payloads and unknown groups with clear errors', async () => {
    for (const input of [
      { groupId, body: '', announcedOn: '2024-05-01' },
      { groupId, body: 'x', announcedOn: '2024-02-30' },
      { groupId, body: 'x', announcedOn: '5月1日' },
      { groupId, body: 'x'.repeat(10_001), announcedOn: '2024-05-01' },
      { groupId: -1, body: 'x', announcedOn: '2024-05-01' },
    ]) {
      const result = await t.send('rules.publish', input as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(
      await t.send('rules.publish', { groupId: 999, body: 'x', announcedOn: '2024-05-01' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'groups.errors.notFound' },
    });
    expect(await t.send('rules.list', { groupId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('group details: founding day, owner and admins, standby group', () => {
  let t: GroupsTestBackend;
  beforeEach(() => {
    t = groupsBackend();
  });
  afterEach(() => t.dispose());

  it('sets owner and admins among current members; the previous ones become plain members', async () => {
    const groupId = t.group('宝妈答疑群');
    const [a, b, c] = [
      t.member(groupId, '张三', 'wx_a'),
      t.member(groupId, '李四', 'wx_b'),
      t.member(groupId, '王五', 'wx_c'),
    ];
    const outsider = t.member(null, '路人', 'wx_out');
    let detail = await t.call('groupinfo.setStaff', { groupId, ownerMemberId: a, adminMemberIds: [b, c] });
    expect(detail.owner?.displayName).toBe('张三');
    expect(detail.admins.map((admin) => admin.displayName).sort()).toEqual(['李四', '王五'].sort());
    detail = await t.call('groupinfo.setStaff', { groupId, ownerMemberId: b, adminMemberIds: [] });
    expect(detail.owner?.memberId).toBe(b);
    expect(detail.admins).toEqual([]);
    const roles = t.db
      .prepare('SELECT member_id, role FROM group_members WHERE group_id = ? ORDER BY member_id')
      .all(groupId);
    expect(roles).toEqual([
      { member_id: a, role: 'member' },
      { member_id: b, role: 'owner' },
      { member_id: c, role: 'member' },
    ]);

    const before = t.counts();
    expect(
      await t.send('groupinfo.setStaff', { groupId, ownerMemberId: a, adminMemberIds: [outsider] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'groups.errors.notCurrentMember', params: { id: outsider } },
    });
    expect(
      await t.send('groupinfo.setStaff', { groupId, ownerMemberId: a, adminMemberIds: [a] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(t.counts()).toEqual(before);
  });

  it('keeps the standby group and its announcement, and lists them for backups', async () => {
    const main = t.group('宝妈答疑群');
    const spare = t.group('宝妈答疑二群');
    const third = t.group('读书会', 'content');
    const detail = await t.call('groupinfo.update', {
      groupId: main,
      patch: {
        foundedOn: '2023-03-08',
        standbyGroupId: spare,
        standbyJoinMethod: '添加管理员微信 mama01',
        standbyTemplate: '「{{群名}}」暂停使用，请到「{{备用群名}}」。{{入群方式}}',
      },
    });
    expect(detail).toMatchObject({
      foundedOn: '2023-03-08',
      standby: { groupId: spare, name: '宝妈答疑二群', joinMethod: '添加管理员微信 mama01' },
    });
    // A standby kept outside the workspace replaces the workspace group, and the reverse.
    await t.call('groupinfo.update', {
      groupId: third,
      patch: { standbyName: '读书会（企业微信）', standbyTemplate: '去{{备用群名}}' },
    });
    const list = await t.call('standby.list', {});
    expect(list.map((entry) => [entry.mainGroupName, entry.name, entry.announcement])).toEqual([
      ['宝妈答疑群', '宝妈答疑二群', '「宝妈答疑群」暂停使用，请到「宝妈答疑二群」。添加管理员微信 mama01'],
      ['宝妈答疑二群', null, null],
      ['读书会', '读书会（企业微信）', '去读书会（企业微信）'],
    ]);
    await t.call('groupinfo.update', { groupId: third, patch: { standbyGroupId: spare } });
    expect((await t.call('groupinfo.get', { groupId: third })).standby).toMatchObject({
      groupId: spare,
      name: '宝妈答疑二群',
    });
    // Deleting the standby group leaves the main group without one, not broken.
    await t.call('groups.delete', { id: spare });
    expect((await t.call('groupinfo.get', { groupId: main })).standby).toMatchObject({
      groupId: null,
      name: null,
    });
    expect((await t.call('standby.list', {}))[0]!.announcement).toBeNull();
  });

  it('refuses a group as its own standby, both kinds at once, and bad dates', async () => {
    const main = t.group('宝妈答疑群');
    const spare = t.group('二群');
    const before = t.counts();
    expect(
      await t.send('groupinfo.update', { groupId: main, patch: { standbyGroupId: main } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'groups.errors.standbySelf' },
    });
    expect(
      await t.send('groupinfo.update', {
        groupId: main,
        patch: { standbyGroupId: spare, standbyName: '外部群' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'groups.errors.standbyEitherOr' } });
    expect(await t.send('groupinfo.update', { groupId: main, patch: { standbyGroupId: 999 } })).toMatchObject(
      {
        ok: false,
        error: { code: 'NOT_FOUND' },
      },
    );
    expect(
      await t.send('groupinfo.update', { groupId: main, patch: { foundedOn: '2023-13-01' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await t.send('groupinfo.update', { groupId: main, patch: { unknown: 1 } as never })).toMatchObject(
      {
        ok: false,
        error: { code: 'VALIDATION' },
      },
    );
    expect(t.counts()).toEqual(before);
  });
});
