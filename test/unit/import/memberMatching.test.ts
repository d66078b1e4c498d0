/**
 * Senders matched by name among the group's members, as the import keeps them in memory (read once, then updated as
 * it adds members and attaches wxids): the lowest id first, display name before group nickname, never onto a member
 * with another wxid nor onto someone outside the group, and members another connection adds between batches found.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { JobState } from '../../../shared/domain/types';
import type { ImportFileReport } from '../../../electron/main/jobs/importJob';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { addGroupMember, insertMember } from '../../../electron/main/db/repositories/members';
import { memotraceCsvText, type GeneratedMessage } from '../../support/exportWriters';
import { makeTestBackend } from '../../support/tempWorkspace';

let backend: ReturnType<typeof makeTestBackend>;
beforeEach(() => {
  backend = makeTestBackend({ jobs: { mode: 'in-process', progressIntervalMs: 0 } });
});
afterEach(async () => backend.dispose());

const start = Date.parse('2024-03-01T10:00:00+08:00');
const text = (second: number, senderName: string, senderId: string): GeneratedMessage => ({
  sentAt: start + second * 1000,
  senderName,
  senderId,
  type: 1,
  content: `第${second}条`,
});
const notice = (second: number, content: string): GeneratedMessage => ({
  sentAt: start + second * 1000,
  senderName: '',
  senderId: null,
  type: 10000,
  content,
});

it('matches senders by name among the group members the way the lookups by name did', async () => {
  const { db } = backend.context;
  const groupId = insertGroup(
    db,
    { name: '同名群', type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
    start,
  );
  const member = (displayName: string, wxid: string | null, nickname: string | null, inGroup = true) => {
    const id = insertMember(db, { displayName, wxid, joinChannel: null }, start);
    if (inGroup)
      addGroupMember(db, { groupId, memberId: id, role: 'member', groupNickname: nickname, joinedAt: start });
    return id;
  };
  const wangFirst = member('小王', null, null);
  const wangSecond = member('小王', null, null);
  const carl = member('Carl', null, '老陈');
  const outsider = member('老陈', null, null, false);
  const qiang = member('阿强', 'wxid_qiang_old', null);

  const path = join(backend.dir, '同名群_utf8.csv');
  writeFileSync(
    path,
    memotraceCsvText([
      // Takes the first 小王 (the lowest id) and gives them this wxid.
      text(1, '小王', 'wxid_wang_a'),
      // The first 小王 has a wxid now: the second one is taken.
      text(2, '小王', 'wxid_wang_b'),
      // By group nickname; the 老陈 outside the group is not taken.
      text(3, '老陈', 'wxid_chen'),
      // 阿强 of the group has another wxid: a new member.
      text(4, '阿强', 'wxid_qiang_new'),
      // A name without a wxid takes the group's 阿强 with the lowest id.
      notice(5, '"小王"邀请"阿强"加入了群聊'),
      // Added by another connection after the first batch.
      text(6, '小李', 'wxid_li'),
    ]),
  );
  // Another connection (the backend's own; the job has its own) adds 小李 once the first batch is committed.
  let liId = 0;
  const unsubscribe = backend.events.subscribe((event, payload) => {
    const job = payload as JobState;
    if (liId !== 0 || event !== 'jobs.progress' || job.stepKey !== 'import.steps.reading') return;
    liId = insertMember(db, { displayName: '小李', wxid: null, joinChannel: null }, start);
    addGroupMember(db, { groupId, memberId: liId, role: 'member', groupNickname: null, joinedAt: start });
  });
  const done = await backend.jobs.wait(
    backend.jobs.start('import.file', { path, timeZone: '+08:00', batchSize: 5 }, 'local'),
  );
  unsubscribe();
  expect(done.status, JSON.stringify(done.error)).toBe('done');
  const report = done.result as ImportFileReport;

  const wxidOf = db.prepare('SELECT wxid FROM members WHERE id = ?').pluck();
  expect(wxidOf.get(wangFirst)).toBe('wxid_wang_a');
  expect(wxidOf.get(wangSecond)).toBe('wxid_wang_b');
  expect(wxidOf.get(carl)).toBe('wxid_chen');
  expect(wxidOf.get(outsider)).toBeNull();
  expect(wxidOf.get(qiang)).toBe('wxid_qiang_old');
  expect(wxidOf.get(liId)).toBe('wxid_li');
  const newQiang = db.prepare("SELECT id FROM members WHERE wxid = 'wxid_qiang_new'").pluck().get() as number;
  expect(newQiang).toBeGreaterThan(qiang);
  expect(
    db
      .prepare("SELECT member_id FROM membership_events WHERE event = 'join' AND group_id = ?")
      .pluck()
      .all(groupId),
  ).toEqual([qiang]);
  expect(report.members).toEqual({ created: 1, matchedById: 0, matchedByName: 5 });
});

function newGroup(name: string): number {
  return insertGroup(
    backend.context.db,
    { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
    start,
  );
}

/** Imports these messages into the group (a MemoTrace CSV); returns the import's member matches. */
async function importInto(
  groupId: number,
  messages: GeneratedMessage[],
): Promise<ImportFileReport['members']> {
  const path = join(backend.dir, `群${groupId}_utf8.csv`);
  writeFileSync(path, memotraceCsvText(messages));
  const done = await backend.jobs.wait(
    backend.jobs.start('import.file', { path, timeZone: '+08:00', groupId }, 'local'),
  );
  expect(done.status, JSON.stringify(done.error)).toBe('done');
  return (done.result as ImportFileReport).members;
}

const senders = () =>
  backend.context.db.prepare('SELECT member_id FROM messages ORDER BY sent_at').pluck().all();

it('matches senders by wxid on the member or on a listed identity, follows merges, and keeps group memberships', async () => {
  const { db } = backend.context;
  const groupId = newGroup('识别群');
  const earlier = start - 86_400_000;
  const byColumn = insertMember(db, { displayName: '老会员', wxid: 'wxid_column', joinChannel: null }, start);
  addGroupMember(db, { groupId, memberId: byColumn, role: 'member', groupNickname: null, joinedAt: earlier });
  // Known only through an identity table (another account of the same person).
  const byIdentity = insertMember(
    db,
    { displayName: '多号用户', wxid: 'wxid_main', joinChannel: null },
    start,
  );
  db.prepare(
    `INSERT INTO member_identities (member_id, platform, value, source, created_at) VALUES (?, 'wxid', 'wxid_second', 'test', ?)`,
  ).run(byIdentity, start);
  // Merged into another member: the survivor is the sender.
  const survivor = insertMember(db, { displayName: '合并后', wxid: null, joinChannel: null }, start);
  const merged = insertMember(db, { displayName: '合并前', wxid: 'wxid_merged', joinChannel: null }, start);
  db.prepare('UPDATE members SET merged_into_id = ? WHERE id = ?').run(survivor, merged);

  const matches = await importInto(groupId, [
    text(1, '老会员', 'wxid_column'),
    text(2, '小号', 'wxid_second'),
    text(3, '合并前', 'wxid_merged'),
    text(4, '老会员', 'wxid_column'),
  ]);
  expect(matches).toEqual({ created: 0, matchedById: 3, matchedByName: 0 });
  expect(senders()).toEqual([byColumn, byIdentity, survivor, byColumn]);
  // The member already in the group keeps its join date; the others joined with their first message.
  expect(
    db
      .prepare('SELECT member_id, joined_at FROM group_members WHERE group_id = ? ORDER BY member_id')
      .raw()
      .all(groupId),
  ).toEqual([
    [byColumn, earlier],
    [byIdentity, start + 2000],
    [survivor, start + 3000],
  ]);
});

it('finds senders among the group members by wxid, following merges, when no wxid is listed as an identity', async () => {
  const { db } = backend.context;
  const groupId = newGroup('老群');
  const inGroup = (displayName: string, wxid: string) => {
    const id = insertMember(db, { displayName, wxid, joinChannel: null }, start);
    addGroupMember(db, { groupId, memberId: id, role: 'member', groupNickname: null, joinedAt: start });
    return id;
  };
  const regular = inGroup('常客', 'wxid_regular');
  const survivor = inGroup('新号', 'wxid_new');
  const merged = inGroup('旧号', 'wxid_old');
  db.prepare('UPDATE members SET merged_into_id = ? WHERE id = ?').run(survivor, merged);
  const outsider = insertMember(db, { displayName: '路人', wxid: 'wxid_outside', joinChannel: null }, start);

  const matches = await importInto(groupId, [
    text(1, '常客', 'wxid_regular'),
    text(2, '旧号', 'wxid_old'),
    text(3, '路人', 'wxid_outside'),
    text(4, '新号', 'wxid_new'),
  ]);
  expect(matches).toEqual({ created: 0, matchedById: 4, matchedByName: 0 });
  expect(senders()).toEqual([regular, survivor, outsider, survivor]);
});
