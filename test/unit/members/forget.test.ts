import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { insertMember } from '../../../electron/main/db/repositories/members';
import { inconsistentBalances } from '../../../electron/main/db/repositories/points';
import type { CustomField, Tag } from '../../../shared/domain/members';
import type { MemberRow, Page } from '../../../shared/domain/types';
import type { ForgetResult, MemberDetail, MergeResult } from '../../../shared/ipc/channels/members';
import { dayMs, failure, memberTestBackend, value, whereFound, type MemberTestBackend } from './fixtures';

/** Every text 李四 could be found by, written somewhere in the workspace before the forget. */
const personal = [
  '李四',
  'wxid_lisi',
  '13912345678',
  '老客户',
  '书虫小李',
  '杭州西湖',
  '周五总迟到',
  '金卡会员号88',
  'oU_lisi_union',
  'dy_lisi',
  '私聊发兼职广告',
];

/** The rows and sums forgetting must leave as they were. */
function countsOf(t: MemberTestBackend, memberId: number) {
  const one = (sql: string) => t.backend.context.db.prepare(sql).pluck().get(memberId) as number;
  return {
    messages: one('SELECT count(*) FROM messages WHERE member_id = ?'),
    memberships: one('SELECT count(*) FROM group_members WHERE member_id = ?'),
    notes: one('SELECT count(*) FROM member_notes WHERE member_id = ?'),
    points: one('SELECT coalesce(sum(amount), 0) FROM points_ledger WHERE member_id = ?'),
    pointEntries: one('SELECT count(*) FROM points_ledger WHERE member_id = ?'),
    balance: one('SELECT points_balance FROM members WHERE id = ?'),
    violations: one('SELECT count(*) FROM violations WHERE member_id = ?'),
    violationPoints: one('SELECT coalesce(sum(points), 0) FROM violations WHERE member_id = ?'),
    violationCount: one('SELECT violation_count FROM members WHERE id = ?'),
    tags: one('SELECT count(*) FROM member_tags WHERE member_id = ?'),
    checkIns: one('SELECT count(*) FROM activity_checkins WHERE member_id = ?'),
  };
}

describe('members.forget (被遗忘权)', () => {
  let t: MemberTestBackend;
  let lisi: number;
  let twin: number;
  let before: ReturnType<typeof countsOf>;
  let listTotal: number;

  beforeAll(async () => {
    t = memberTestBackend();
    const db = t.backend.context.db;
    lisi = t.seeded.members.lisi;
    const { zhaoliu } = t.seeded.members;
    const now = Date.now();
    const field = value<CustomField>(await t.call('fields.create', { name: '会员卡', kind: 'text' }));
    value(
      await t.call('members.update', {
        id: lisi,
        patch: { region: '杭州西湖', customFields: [{ fieldId: field.id, value: '金卡会员号88' }] },
      }),
    );
    value(
      await t.call('members.update', { id: zhaoliu, patch: { inviterMemberId: lisi, inviterName: '李四' } }),
    );
    value(await t.call('members.addNote', { memberIds: [lisi], body: '周五总迟到' }));
    value(await t.call('identities.add', { memberId: lisi, platform: 'unionid', value: 'oU_lisi_union' }));
    value(await t.call('identities.add', { memberId: lisi, platform: 'douyin', value: 'dy_lisi' }));
    const tag = value<Tag>(await t.call('tags.create', { name: '老朋友' }));
    value(await t.call('tags.assign', { tagIds: [tag.id], memberIds: [lisi] }));
    value(await t.call('points.add', { memberId: lisi, amount: 20, source: 'check_in', reason: '连续签到' }));
    value(
      await t.call('points.add', { memberId: lisi, amount: -5, source: 'redemption', reason: '兑换书签' }),
    );
    const message = db.prepare('SELECT id FROM messages WHERE member_id = ? LIMIT 1').get(lisi) as {
      id: number;
    };
    value(
      await t.call('violations.add', {
        memberId: lisi,
        category: 'ad',
        points: 2,
        messageId: message.id,
        action: 'remind',
      }),
    );
    value(
      await t.call('violations.add', {
        memberId: lisi,
        category: 'spam',
        points: 3,
        note: '私聊发兼职广告',
        action: 'dm_warning',
      }),
    );
    value(await t.call('blacklist.add', { memberId: lisi, reason: '私聊发兼职广告' }));
    // The same person seen again (same phone), merged into 李四: that record is theirs too.
    twin = insertMember(
      db,
      { displayName: '李四四', wxid: 'wxid_lisi_2', joinChannel: 'mini_program', phone: '13912345678' },
      now,
    );
    value(await t.call('points.add', { memberId: twin, amount: 7, source: 'check_in', reason: '签到' }));
    value<MergeResult>(await t.call('members.merge', { sourceId: twin, targetId: lisi }));
    // An activity check-in under the member's name.
    const group = t.seeded.groups.service;
    const activity = Number(
      db
        .prepare(
          `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, created_at, updated_at)
           VALUES (?, 'salon', '读书沙龙', 'engagement', ?, ?, ?, ?)`,
        )
        .run(group, now - dayMs, now, now, now).lastInsertRowid,
    );
    db.prepare(
      `INSERT INTO activity_checkins (activity_id, participant, member_id, checked_at, source, created_at)
       VALUES (?, '书虫小李', ?, ?, 'manual', ?)`,
    ).run(activity, lisi, now, now);
    // An entry application they filed before joining, under their phone.
    db.prepare(
      `INSERT INTO admission_applications (group_id, applicant_name, phone, join_channel, inviter_name, answers, stage,
         status, note, applied_at, closed_at, recorded_at)
       VALUES (?, '李四', '13912345678', 'referral', '书虫小李', '{"q1":"杭州西湖"}', '入群', 'admitted', '老客户', ?, ?, ?)`,
    ).run(group, now - 9 * dayMs, now - 8 * dayMs, now);
    // Pages freed whole before the forget (an index dropped and built again by a bulk write, a table dropped) are
    // left as they were under the connections' FAST secure delete: some of them holding 李四's texts.
    db.exec(
      `CREATE TABLE scratch_copy AS
         WITH RECURSIVE copies (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copies WHERE n < 400)
         SELECT wxid, phone, remark, region, display_name FROM members, copies WHERE id = ${lisi}`,
    );
    db.exec('DROP TABLE scratch_copy');
    expect(db.pragma('freelist_count', { simple: true })).toBeGreaterThan(0);
    before = countsOf(t, lisi);
    listTotal = value<Page<MemberRow>>(await t.call('members.list', {})).total;
  });
  afterAll(async () => t.dispose());

  it('has the personal data everywhere before (the scan can find it)', () => {
    const found = whereFound(t.backend.context.db, personal);
    for (const table of [
      'members',
      'member_names',
      'member_notes',
      'member_identities',
      'blacklist',
      'violations',
    ]) {
      expect(
        found.some((entry) => entry.startsWith(`${table}.`)),
        table,
      ).toBe(true);
    }
    expect(found).toContain('activity_checkins.participant: 书虫小李');
    expect(found).toContain('member_field_values.value: 金卡会员号88');
    expect(found).toContain('admission_applications.phone: 13912345678');
  });

  it('refuses a confirmation that is not the current name, changing nothing', async () => {
    const audits = t.auditCount();
    const error = failure(await t.call('members.forget', { id: lisi, confirmName: '李' }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: 'members.errors.forgetNameMismatch' });
    expect(t.auditCount()).toBe(audits);
    expect(value<MemberDetail>(await t.call('members.get', { id: lisi })).displayName).toBe('李四');
    // A record merged into another is forgotten through the one it was merged into.
    expect(failure(await t.call('members.forget', { id: twin, confirmName: '李四四' })).message).toBe(
      'members.errors.merged',
    );
  });

  it('erases every personal text in one go and keeps the anonymous counts', async () => {
    const result = value<ForgetResult>(await t.call('members.forget', { id: lisi, confirmName: ' 李四 ' }));
    expect(result.placeholder).toBe(`已删除成员#${lisi}`);
    expect(result.erased).toMatchObject({
      records: 2,
      notes: 1,
      fieldValues: 1,
      identities: 3, // unionid, douyin, and the twin's wxid moved over as an identity
      violations: 2,
      merges: 1,
      checkIns: 1,
      applications: 1,
    });
    expect(result.erased.blacklistEntries).toBeGreaterThanOrEqual(3);
    expect(result.erased.messages).toBe(before.messages);
    expect(result.erased.auditEntries).toBeGreaterThan(5);

    expect(whereFound(t.backend.context.db, personal)).toEqual([]);
    expect(countsOf(t, lisi)).toEqual({ ...before });
    expect(inconsistentBalances(t.backend.context.db)).toEqual([]);
    expect(value<Page<MemberRow>>(await t.call('members.list', {})).total).toBe(listTotal);

    const profile = value<MemberDetail>(await t.call('members.get', { id: lisi, reveal: true }));
    expect(profile).toMatchObject({
      displayName: `已删除成员#${lisi}`,
      remark: null,
      phone: null,
      wxid: null,
      region: null,
      inviter: { memberId: null, name: null },
      identities: [],
      customFields: [],
      blacklisted: false,
    });
    expect(profile.forgottenAt).not.toBeNull();
    expect(profile.names.map((name) => name.name)).toEqual([`已删除成员#${lisi}`]);
    expect(profile.notes.every((note) => note.body === '')).toBe(true);
    expect(profile.memberships.every((membership) => membership.groupNickname === null)).toBe(true);
    const sender = t.backend.context.db
      .prepare('SELECT DISTINCT sender_name FROM messages WHERE member_id = ?')
      .pluck()
      .all(lisi);
    expect(sender).toEqual([`已删除成员#${lisi}`]);
    // The member they invited keeps the link, with the placeholder as the inviter's name.
    const invited = value<MemberDetail>(await t.call('members.get', { id: t.seeded.members.zhaoliu }));
    expect(invited.inviter).toEqual({ memberId: lisi, name: `已删除成员#${lisi}` });
    // Searching by the old name, wxid or phone tail finds nobody now.
    for (const query of ['李四', 'lisi', 'wxid_lisi', '5678', 'oU_lisi_union']) {
      const page = value<Page<MemberRow>>(await t.call('members.list', { query }));
      expect(
        page.rows.map((row) => row.id),
        query,
      ).not.toContain(lisi);
    }
  });

  // Read after the forget and the reads (a reveal is audited: a write) above; the log then holds only what came after.
  it('leaves none of it in the database file or its log: erased rows are overwritten, not only unlinked', () => {
    const db = t.backend.context.db;
    // Message text is the group's record and stays (see whereFound): texts someone wrote in a message are left out.
    const inMessages = db.prepare('SELECT 1 FROM messages WHERE instr(content, ?) > 0 LIMIT 1');
    const needles = personal.filter((text) => inMessages.get(text) === undefined);
    expect(needles.length).toBeGreaterThan(8);
    const file = workspaceDbFile(join(t.backend.dir, 'workspace'));
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path)),
    );
    expect(bytes.includes(Buffer.from(`已删除成员#${lisi}`))).toBe(true);
    expect(needles.filter((text) => bytes.includes(Buffer.from(text)))).toEqual([]);
    // The connection is back as it was: zeroing within pages only (FAST), waiting for locks as always.
    expect(db.pragma('secure_delete', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('audits the forget with counts only, and refuses to forget twice', async () => {
    const entry = t.backend.context.db
      .prepare("SELECT * FROM audit_log WHERE action = 'forget' ORDER BY id DESC LIMIT 1")
      .get() as { entity: string; entity_id: string; detail: string };
    expect(entry).toMatchObject({ entity: 'member', entity_id: String(lisi) });
    const detail = JSON.parse(entry.detail) as { records: number[]; erased: Record<string, number> };
    expect(detail.records.sort()).toEqual([lisi, twin].sort());
    expect(Object.values(detail.erased).every((count) => typeof count === 'number')).toBe(true);
    const audits = t.auditCount();
    expect(
      failure(await t.call('members.forget', { id: lisi, confirmName: `已删除成员#${lisi}` })).message,
    ).toBe('members.errors.alreadyForgotten');
    expect(t.auditCount()).toBe(audits);
  });
});
