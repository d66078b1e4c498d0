/**
 * A hand-made workspace whose health numbers can be worked out on paper. Everything is in UTC+8 wall-clock time.
 * The range under test is 2024-03-01 (a Friday) .. 2024-03-07; the previous period is 2024-02-23 .. 2024-02-29.
 *
 * 读书会 (group 1):
 *   A  joined 01-01, spoke 02-25 and in range 03-01 08:00, 03-01 20:30, 03-03 10:00
 *   B  joined 03-03 09:00 (in range), first ever message 03-03 12:00, then an image 03-05 15:00
 *   C  joined 01-01, left 03-05 12:00; spoke 02-20, 03-02 23:30 and 03-05 00:10 (still 03-04 in UTC)
 *   D  joined 01-01, last spoke 01-15, silent until 03-06 19:00 (a wake-up)
 *   E  join time unknown (NULL), never speaks
 *   F  joined 02-02, left 02-20 (within 30 days: not retained)
 *   G  joined 02-05, never speaks (retained)
 *   plus a system notice 03-03 09:00 (B's join), which is no member's message
 * 夜跑团 (group 2): A joined 01-01 and spoke 03-01 21:00; H joined 02-10, never speaks.
 */
import type { Backend } from '../../../electron/main/backend';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { addGroupMember, insertMember } from '../../../electron/main/db/repositories/members';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import type { ServiceContext } from '../../../electron/main/services/context';
import { ensureStarterPlaybooks } from '../../../electron/main/services/crisisPlaybooks';
import { messageFingerprint } from '../../../electron/main/services/fingerprint';
import type { MessageKind } from '../../../shared/domain/types';

/** Epoch ms of a UTC+8 wall-clock time: at('2024-03-01', '08:00'). */
export function at(date: string, time = '12:00'): number {
  return Date.parse(`${date}T${time}:00+08:00`);
}

export const range = { from: '2024-03-01', to: '2024-03-07', days: 7 } as const;
export const memberKeys = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type MemberKey = (typeof memberKeys)[number];

export interface Fixture {
  groups: { reading: number; running: number };
  members: Record<MemberKey, number>;
}

export function seedHealth(db: Db): Fixture {
  const created = at('2023-12-01');
  const group = (name: string) =>
    insertGroup(db, { name, type: 'content', positioning: '', coreGoal: '', memberCap: 500 }, created);
  const groups = { reading: group('读书会'), running: group('夜跑团') };
  const members = Object.fromEntries(
    memberKeys.map((key) => [
      key,
      insertMember(db, { displayName: `成员${key}`, wxid: `wxid_${key}`, joinChannel: 'referral' }, created),
    ]),
  ) as Record<MemberKey, number>;

  const join = (groupId: number, key: MemberKey, joinedAt: number | null, leftAt: number | null = null) =>
    addGroupMember(db, {
      groupId,
      memberId: members[key],
      role: 'member',
      groupNickname: null,
      joinedAt,
      leftAt,
    });
  join(groups.reading, 'A', at('2024-01-01', '10:00'));
  join(groups.reading, 'B', at('2024-03-03', '09:00'));
  join(groups.reading, 'C', at('2024-01-01', '10:00'), at('2024-03-05', '12:00'));
  join(groups.reading, 'D', at('2024-01-01', '10:00'));
  join(groups.reading, 'E', null);
  join(groups.reading, 'F', at('2024-02-02', '10:00'), at('2024-02-20', '10:00'));
  join(groups.reading, 'G', at('2024-02-05', '10:00'));
  join(groups.running, 'A', at('2024-01-01', '10:00'));
  join(groups.running, 'H', at('2024-02-10', '10:00'));

  const insert = prepareMessageInsert(db);
  const say = (
    groupId: number,
    key: MemberKey | null,
    sentAt: number,
    content: string,
    kind: MessageKind = 'text',
  ) =>
    insert({
      groupId,
      memberId: key === null ? null : members[key],
      senderName: key === null ? '' : `成员${key}`,
      sentAt,
      kind,
      content,
      fingerprint: messageFingerprint(groupId, key ?? '', sentAt, content),
      importId: null,
    });
  db.transaction(() => {
    const r = groups.reading;
    say(r, 'D', at('2024-01-15', '09:00'), '新年读书计划');
    say(r, 'C', at('2024-02-20', '09:00'), '这本书不错');
    say(r, 'A', at('2024-02-25', '09:00'), '周末读书会见');
    say(r, 'A', at('2024-03-01', '08:00'), '读书打卡：第一章');
    say(r, 'A', at('2024-03-01', '20:30'), '读书打卡：第二章');
    say(r, 'C', at('2024-03-02', '23:30'), '熬夜读书打卡');
    say(r, null, at('2024-03-03', '09:00'), '"成员A"邀请"成员B"加入了群聊', 'system');
    say(r, 'A', at('2024-03-03', '10:00'), '欢迎新朋友');
    say(r, 'B', at('2024-03-03', '12:00'), '大家好，我是新来的');
    say(r, 'C', at('2024-03-05', '00:10'), '凌晨还在看书');
    say(r, 'B', at('2024-03-05', '15:00'), '[图片]', 'image');
    say(r, 'D', at('2024-03-06', '19:00'), '好久不见，我回来了');
    say(groups.running, 'A', at('2024-03-01', '21:00'), '今晚夜跑');
  })();
  return { groups, members };
}

export async function withSeeded<T>(
  makeBackend: () => Backend & { dispose(): Promise<void> },
  run: (backend: Backend, fixture: Fixture) => T | Promise<T>,
): Promise<T> {
  const backend = makeBackend();
  try {
    return await run(backend, seedHealth(backend.context.db));
  } finally {
    await backend.dispose();
  }
}

/**
 * Things the annotation layer marks, written straight into their tables: an activity, a one-off calendar entry and a
 * daily series (routine, so not marked), and a crisis incident (on a starter playbook).
 */
export function seedAnnotations(
  context: ServiceContext,
  groupId: number,
  times: { activity: number; calendar: number; incident: number },
): void {
  const { db } = context;
  ensureStarterPlaybooks(context);
  const playbook = db
    .prepare(
      'SELECT playbook_id AS id, version FROM crisis_playbook_versions ORDER BY playbook_id, version LIMIT 1',
    )
    .get() as { id: number; version: number };
  db.transaction(() => {
    db.prepare(
      `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, created_at, updated_at)
       VALUES (?, 'salon', '读书沙龙', 'engagement', ?, ?, ?, ?)`,
    ).run(groupId, times.activity, times.activity + 7_200_000, times.activity, times.activity);
    const calendar = db.prepare(
      `INSERT INTO calendar_items (group_id, title, content_type, channel, starts_at, duration_minutes, recurrence,
         status, created_at, updated_at)
       VALUES (?, ?, 'post', 'manual', ?, 30, ?, 'sent', ?, ?)`,
    );
    calendar.run(groupId, '三月书单发布', times.calendar, null, times.calendar, times.calendar);
    calendar.run(
      groupId,
      '每日早安',
      times.calendar - 86_400_000,
      '{"freq":"daily"}',
      times.calendar,
      times.calendar,
    );
    db.prepare(
      `INSERT INTO crisis_incidents (title, playbook_id, playbook_version, group_id, source_kind, status, opened_at, opened_by)
       VALUES ('广告刷屏', ?, ?, ?, 'manual', 'open', ?, 'test')`,
    ).run(playbook.id, playbook.version, groupId, times.incident);
  })();
}
