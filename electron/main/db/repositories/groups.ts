import type { Group, GroupType } from '../../../../shared/domain/types';
import type { Db } from '../connection';

export interface GroupFields {
  name: string;
  type: GroupType;
  positioning: string;
  coreGoal: string;
  memberCap: number;
}

interface GroupDbRow {
  id: number;
  name: string;
  type: GroupType;
  positioning: string;
  core_goal: string;
  member_cap: number;
  created_at: number;
  updated_at: number;
  member_count: number;
  message_count: number;
  last_message_at: number | null;
}

const selectGroups = `
  SELECT g.*,
    (SELECT count(*) FROM group_members gm WHERE gm.group_id = g.id AND gm.left_at IS NULL) AS member_count,
    (SELECT count(*) FROM messages m WHERE m.group_id = g.id) AS message_count,
    (SELECT max(sent_at) FROM messages m WHERE m.group_id = g.id) AS last_message_at
  FROM groups g`;

function toGroup(row: GroupDbRow): Group {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    positioning: row.positioning,
    coreGoal: row.core_goal,
    memberCap: row.member_cap,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    memberCount: row.member_count,
    messageCount: row.message_count,
    lastMessageAt: row.last_message_at == null ? null : new Date(row.last_message_at).toISOString(),
  };
}

export function listGroups(db: Db): Group[] {
  return (db.prepare(`${selectGroups} ORDER BY g.created_at, g.id`).all() as GroupDbRow[]).map(toGroup);
}

export function findGroup(db: Db, id: number): Group | null {
  const row = db.prepare(`${selectGroups} WHERE g.id = ?`).get(id) as GroupDbRow | undefined;
  return row ? toGroup(row) : null;
}

export function findGroupIdByName(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM groups WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id ?? null;
}

export function insertGroup(db: Db, fields: GroupFields, now: number): number {
  const result = db
    .prepare(
      `INSERT INTO groups (name, type, positioning, core_goal, member_cap, created_at, updated_at)
       VALUES (@name, @type, @positioning, @coreGoal, @memberCap, @now, @now)`,
    )
    .run({ ...fields, now });
  return Number(result.lastInsertRowid);
}

export function updateGroup(db: Db, id: number, fields: GroupFields, now: number): void {
  db.prepare(
    `UPDATE groups SET name = @name, type = @type, positioning = @positioning, core_goal = @coreGoal,
       member_cap = @memberCap, updated_at = @now WHERE id = @id`,
  ).run({ ...fields, id, now });
}

export function deleteGroup(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM groups WHERE id = ?').run(id).changes > 0;
}
