import type { Tag, TagGroup } from '../../../../shared/domain/members';
import type { Db } from '../connection';

interface TagDbRow {
  id: number;
  name: string;
  tag_group_id: number | null;
  color: string | null;
  member_count: number;
}

export function listTags(db: Db): Tag[] {
  const rows = db
    .prepare(
      `SELECT t.id, t.name, t.tag_group_id, t.color, (SELECT count(*) FROM member_tags mt WHERE mt.tag_id = t.id) AS member_count
       FROM tags t ORDER BY t.tag_group_id IS NULL, t.tag_group_id, t.name`,
    )
    .all() as TagDbRow[];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    tagGroupId: row.tag_group_id,
    color: row.color,
    memberCount: row.member_count,
  }));
}

export function listTagGroups(db: Db): TagGroup[] {
  return db.prepare('SELECT id, name FROM tag_groups ORDER BY name').all() as TagGroup[];
}

export function findTagIdByName(db: Db, name: string): number | null {
  return (
    (db.prepare('SELECT id FROM tags WHERE name = ?').get(name) as { id: number } | undefined)?.id ?? null
  );
}

export function findTagGroupIdByName(db: Db, name: string): number | null {
  return (
    (db.prepare('SELECT id FROM tag_groups WHERE name = ?').get(name) as { id: number } | undefined)?.id ??
    null
  );
}

export function tagGroupExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM tag_groups WHERE id = ?').get(id) !== undefined;
}

export function insertTagGroup(db: Db, name: string, now: number): number {
  return Number(
    db.prepare('INSERT INTO tag_groups (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid,
  );
}

export function insertTag(
  db: Db,
  fields: { name: string; tagGroupId: number | null; color: string | null },
  now: number,
): number {
  return Number(
    db
      .prepare('INSERT INTO tags (name, tag_group_id, color, created_at) VALUES (?, ?, ?, ?)')
      .run(fields.name, fields.tagGroupId, fields.color, now).lastInsertRowid,
  );
}

export function deleteTag(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM tags WHERE id = ?').run(id).changes > 0;
}

/** The ids among `ids` that are not tags. */
export function missingTagIds(db: Db, ids: readonly number[]): number[] {
  const found = new Set(
    (
      db
        .prepare('SELECT id FROM tags WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(ids)) as { id: number }[]
    ).map((row) => row.id),
  );
  return ids.filter((id) => !found.has(id));
}

/** Every (tag, member) pair; returns how many were new. */
export function assignTags(
  db: Db,
  tagIds: readonly number[],
  memberIds: readonly number[],
  now: number,
): number {
  return db
    .prepare(
      `INSERT INTO member_tags (tag_id, member_id, created_at)
       SELECT t.value, m.value, ? FROM json_each(?) t CROSS JOIN json_each(?) m WHERE true
       ON CONFLICT (tag_id, member_id) DO NOTHING`,
    )
    .run(now, JSON.stringify(tagIds), JSON.stringify(memberIds)).changes;
}

export function unassignTags(db: Db, tagIds: readonly number[], memberIds: readonly number[]): number {
  return db
    .prepare(
      `DELETE FROM member_tags WHERE tag_id IN (SELECT value FROM json_each(?)) AND member_id IN (SELECT value FROM json_each(?))`,
    )
    .run(JSON.stringify(tagIds), JSON.stringify(memberIds)).changes;
}

export function memberTags(db: Db, memberId: number): { id: number; name: string }[] {
  return db
    .prepare(
      'SELECT t.id, t.name FROM member_tags mt JOIN tags t ON t.id = mt.tag_id WHERE mt.member_id = ? ORDER BY t.name',
    )
    .all(memberId) as { id: number; name: string }[];
}
