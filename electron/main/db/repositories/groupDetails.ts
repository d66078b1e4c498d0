/** A group's founding date, standby group and staff (owner and admins, from group_members roles). */
import type { GroupPerson, StandbyGroup } from '../../../../shared/domain/groups';
import type { Db } from '../connection';

export interface GroupDetailsFields {
  foundedOn: string | null;
  standbyGroupId: number | null;
  standbyName: string | null;
  standbyJoinMethod: string;
  standbyTemplate: string;
}

interface DetailsDbRow {
  group_id: number;
  founded_on: string | null;
  standby_group_id: number | null;
  standby_name: string | null;
  standby_group_name: string | null;
  standby_join_method: string;
  standby_template: string;
}

export interface StoredGroupDetails {
  foundedOn: string | null;
  standby: StandbyGroup;
}

const emptyDetails: StoredGroupDetails = {
  foundedOn: null,
  standby: { groupId: null, name: null, joinMethod: '', template: '' },
};

const selectDetails = `
  SELECT d.*, s.name AS standby_group_name
  FROM group_details d LEFT JOIN groups s ON s.id = d.standby_group_id`;

function toDetails(row: DetailsDbRow): StoredGroupDetails {
  return {
    foundedOn: row.founded_on,
    standby: {
      groupId: row.standby_group_id,
      name: row.standby_group_name ?? row.standby_name,
      joinMethod: row.standby_join_method,
      template: row.standby_template,
    },
  };
}

export function findGroupDetails(db: Db, groupId: number): StoredGroupDetails {
  const row = db.prepare(`${selectDetails} WHERE d.group_id = ?`).get(groupId) as DetailsDbRow | undefined;
  return row ? toDetails(row) : emptyDetails;
}

/** Every group's details by group id (groups without a row are absent). */
export function allGroupDetails(db: Db): Map<number, StoredGroupDetails> {
  const rows = db.prepare(selectDetails).all() as DetailsDbRow[];
  return new Map(rows.map((row) => [row.group_id, toDetails(row)]));
}

export function saveGroupDetails(db: Db, groupId: number, fields: GroupDetailsFields, now: number): void {
  db.prepare(
    `INSERT INTO group_details (group_id, founded_on, standby_group_id, standby_name, standby_join_method,
       standby_template, updated_at)
     VALUES (@groupId, @foundedOn, @standbyGroupId, @standbyName, @standbyJoinMethod, @standbyTemplate, @now)
     ON CONFLICT (group_id) DO UPDATE SET founded_on = excluded.founded_on,
       standby_group_id = excluded.standby_group_id, standby_name = excluded.standby_name,
       standby_join_method = excluded.standby_join_method, standby_template = excluded.standby_template,
       updated_at = excluded.updated_at`,
  ).run({ ...fields, groupId, now });
}

interface StaffDbRow {
  member_id: number;
  display_name: string;
  group_nickname: string | null;
  role: 'owner' | 'admin';
}

/** Current owner and admins of a group, by name. */
export function listGroupStaff(
  db: Db,
  groupId: number,
): { owner: GroupPerson | null; admins: GroupPerson[] } {
  const rows = db
    .prepare(
      `SELECT gm.member_id, m.display_name, gm.group_nickname, gm.role
       FROM group_members gm JOIN members m ON m.id = gm.member_id
       WHERE gm.group_id = ? AND gm.left_at IS NULL AND gm.role IN ('owner', 'admin')
       ORDER BY m.name_sort, m.id`,
    )
    .all(groupId) as StaffDbRow[];
  const person = (row: StaffDbRow): GroupPerson => ({
    memberId: row.member_id,
    displayName: row.display_name,
    groupNickname: row.group_nickname,
  });
  const owner = rows.find((row) => row.role === 'owner');
  return {
    owner: owner ? person(owner) : null,
    admins: rows.filter((row) => row.role === 'admin').map(person),
  };
}

/** Which of these members are current members of the group. */
export function currentMemberIds(db: Db, groupId: number, memberIds: readonly number[]): Set<number> {
  const rows = db
    .prepare(
      `SELECT member_id FROM group_members
       WHERE group_id = ? AND left_at IS NULL AND member_id IN (SELECT value FROM json_each(?))`,
    )
    .all(groupId, JSON.stringify(memberIds)) as { member_id: number }[];
  return new Set(rows.map((row) => row.member_id));
}

/** Sets the group's owner and admins; everyone else holding either role goes back to plain member. */
export function replaceGroupStaff(
  db: Db,
  groupId: number,
  ownerId: number | null,
  adminIds: readonly number[],
): void {
  db.prepare(
    `UPDATE group_members SET role = 'member' WHERE group_id = ? AND role IN ('owner', 'admin')`,
  ).run(groupId);
  const setRole = db.prepare('UPDATE group_members SET role = ? WHERE group_id = ? AND member_id = ?');
  for (const adminId of adminIds) setRole.run('admin', groupId, adminId);
  if (ownerId !== null) setRole.run('owner', groupId, ownerId);
}

export function countCurrentMembers(db: Db, groupId: number): number {
  return (
    db
      .prepare('SELECT count(*) AS n FROM group_members WHERE group_id = ? AND left_at IS NULL')
      .get(groupId) as { n: number }
  ).n;
}
