/**
 * Merging one member record into another (same person seen twice) and undoing it. A merge moves rows by id and
 * writes down exactly which, so the undo moves those rows back and nothing else.
 */
import type { Db } from '../connection';
import { writeMemberPieces } from './memberNames';
import { appendPoints, currentBalance } from './points';

/** What one merge moved; stored as JSON in member_merges.moved. */
export interface MergeRecord {
  /** Memberships moved to the target. */
  movedGroups: number[];
  /** Memberships the target already had: the source's row, kept here to put back on undo. */
  droppedMemberships: Record<string, unknown>[];
  names: number[];
  notes: number[];
  identities: number[];
  violations: number[];
  messages: number[];
  blacklist: number[];
  /** Tags the target gained (the source keeps its own). */
  tagsAdded: number[];
  /** Custom fields the target gained. */
  fieldsAdded: number[];
  /** The source's wxid, moved to the target as an identity (identity id), since wxids are unique per member. */
  wxid: { value: string; identityId: number } | null;
  /** Points moved as a pair of transfer entries. */
  points: number;
}

const idList = (db: Db, sql: string, ...params: unknown[]): number[] =>
  db
    .prepare(sql)
    .pluck()
    .all(...params) as number[];

/** Moves everything of `sourceId` onto `targetId` and marks the source merged. Caller runs it in a transaction. */
export function mergeMembers(
  db: Db,
  sourceId: number,
  targetId: number,
  reason: string,
  operator: string,
  now: number,
): MergeRecord {
  const targetGroups = new Set(
    idList(db, 'SELECT group_id FROM group_members WHERE member_id = ?', targetId),
  );
  const sourceMemberships = db
    .prepare('SELECT * FROM group_members WHERE member_id = ?')
    .all(sourceId) as (Record<string, unknown> & {
    group_id: number;
  })[];
  const movedGroups: number[] = [];
  const droppedMemberships: Record<string, unknown>[] = [];
  for (const membership of sourceMemberships) {
    if (targetGroups.has(membership.group_id)) {
      droppedMemberships.push(membership);
      db.prepare('DELETE FROM group_members WHERE group_id = ? AND member_id = ?').run(
        membership.group_id,
        sourceId,
      );
    } else {
      movedGroups.push(membership.group_id);
    }
  }
  if (movedGroups.length) {
    db.prepare(
      'UPDATE group_members SET member_id = ? WHERE member_id = ? AND group_id IN (SELECT value FROM json_each(?))',
    ).run(targetId, sourceId, JSON.stringify(movedGroups));
  }
  const move = (table: string): number[] => {
    const ids = idList(db, `SELECT id FROM ${table} WHERE member_id = ?`, sourceId);
    if (ids.length)
      db.prepare(`UPDATE ${table} SET member_id = ? WHERE member_id = ?`).run(targetId, sourceId);
    return ids;
  };
  const names = move('member_names');
  writeMemberPieces(db, targetId);
  const notes = move('member_notes');
  const identities = move('member_identities');
  const violations = move('violations');
  const messages = move('messages');
  const blacklist = move('blacklist');
  const tagsAdded = idList(
    db,
    `SELECT tag_id FROM member_tags WHERE member_id = ? AND tag_id NOT IN (SELECT tag_id FROM member_tags WHERE member_id = ?)`,
    sourceId,
    targetId,
  );
  db.prepare(
    'INSERT INTO member_tags (tag_id, member_id, created_at) SELECT value, ?, ? FROM json_each(?)',
  ).run(targetId, now, JSON.stringify(tagsAdded));
  const fieldsAdded = idList(
    db,
    `SELECT field_id FROM member_field_values WHERE member_id = ?
       AND field_id NOT IN (SELECT field_id FROM member_field_values WHERE member_id = ?)`,
    sourceId,
    targetId,
  );
  db.prepare(
    `INSERT INTO member_field_values (member_id, field_id, value)
     SELECT ?, field_id, value FROM member_field_values WHERE member_id = ? AND field_id IN (SELECT value FROM json_each(?))`,
  ).run(targetId, sourceId, JSON.stringify(fieldsAdded));

  let wxid: MergeRecord['wxid'] = null;
  const source = db.prepare('SELECT wxid FROM members WHERE id = ?').get(sourceId) as { wxid: string | null };
  if (source.wxid !== null) {
    db.prepare('UPDATE members SET wxid = NULL WHERE id = ?').run(sourceId);
    const identityId = Number(
      db
        .prepare(
          "INSERT INTO member_identities (member_id, platform, value, source, created_at) VALUES (?, 'wxid', ?, 'merge', ?)",
        )
        .run(targetId, source.wxid, now).lastInsertRowid,
    );
    wxid = { value: source.wxid, identityId };
  }

  const points = currentBalance(db, sourceId);
  if (points !== 0) transferPoints(db, sourceId, targetId, points, reason, operator, now);

  db.prepare('UPDATE members SET merged_into_id = ?, tier = NULL, updated_at = ? WHERE id = ?').run(
    targetId,
    now,
    sourceId,
  );
  refreshJoinedAt(db, targetId, now);
  return {
    movedGroups,
    droppedMemberships,
    names,
    notes,
    identities,
    violations,
    messages,
    blacklist,
    tagsAdded,
    fieldsAdded,
    wxid,
    points,
  };
}

function transferPoints(
  db: Db,
  fromId: number,
  toId: number,
  amount: number,
  reason: string,
  operator: string,
  now: number,
): void {
  const entry = { groupId: null, source: 'transfer' as const, reason, occurredAt: now, operator };
  appendPoints(db, { ...entry, memberId: fromId, amount: -amount }, now);
  appendPoints(db, { ...entry, memberId: toId, amount }, now);
}

/** Moves back exactly what `record` moved; rows deleted since stay deleted. Caller runs it in a transaction. */
export function unmergeMembers(
  db: Db,
  sourceId: number,
  targetId: number,
  record: MergeRecord,
  reason: string,
  operator: string,
  now: number,
): void {
  const moveBack = (table: string, ids: number[]) => {
    if (ids.length === 0) return;
    db.prepare(
      `UPDATE ${table} SET member_id = ? WHERE member_id = ? AND id IN (SELECT value FROM json_each(?))`,
    ).run(sourceId, targetId, JSON.stringify(ids));
  };
  if (record.wxid) {
    db.prepare('DELETE FROM member_identities WHERE id = ?').run(record.wxid.identityId);
    db.prepare('UPDATE members SET wxid = ? WHERE id = ?').run(record.wxid.value, sourceId);
  }
  if (record.movedGroups.length) {
    db.prepare(
      'UPDATE group_members SET member_id = ? WHERE member_id = ? AND group_id IN (SELECT value FROM json_each(?))',
    ).run(sourceId, targetId, JSON.stringify(record.movedGroups));
  }
  for (const membership of record.droppedMemberships) {
    const columns = Object.keys(membership);
    db.prepare(
      `INSERT OR IGNORE INTO group_members (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`,
    ).run(membership);
  }
  moveBack('member_names', record.names);
  moveBack('member_notes', record.notes);
  moveBack('member_identities', record.identities);
  moveBack('violations', record.violations);
  moveBack('messages', record.messages);
  moveBack('blacklist', record.blacklist);
  writeMemberPieces(db, targetId);
  writeMemberPieces(db, sourceId);
  db.prepare(
    'DELETE FROM member_tags WHERE member_id = ? AND tag_id IN (SELECT value FROM json_each(?))',
  ).run(targetId, JSON.stringify(record.tagsAdded));
  db.prepare(
    'DELETE FROM member_field_values WHERE member_id = ? AND field_id IN (SELECT value FROM json_each(?))',
  ).run(targetId, JSON.stringify(record.fieldsAdded));
  if (record.points !== 0) transferPoints(db, targetId, sourceId, record.points, reason, operator, now);
  db.prepare('UPDATE members SET merged_into_id = NULL, updated_at = ? WHERE id = ?').run(now, sourceId);
  refreshJoinedAt(db, sourceId, now);
  refreshJoinedAt(db, targetId, now);
}

/** Join date = earliest membership, after memberships moved between records. */
function refreshJoinedAt(db: Db, memberId: number, now: number): void {
  db.prepare(
    'UPDATE members SET joined_at = (SELECT min(joined_at) FROM group_members WHERE member_id = ?), updated_at = ? WHERE id = ?',
  ).run(memberId, now, memberId);
}

export interface MergeRow {
  id: number;
  source_id: number;
  target_id: number;
  moved: string;
  merged_at: number;
  operator: string;
  undone_at: number | null;
}

export function insertMerge(
  db: Db,
  sourceId: number,
  targetId: number,
  record: MergeRecord,
  operator: string,
  now: number,
): number {
  return Number(
    db
      .prepare(
        'INSERT INTO member_merges (source_id, target_id, moved, merged_at, operator) VALUES (?, ?, ?, ?, ?)',
      )
      .run(sourceId, targetId, JSON.stringify(record), now, operator).lastInsertRowid,
  );
}

export function findMerge(db: Db, id: number): MergeRow | null {
  return (db.prepare('SELECT * FROM member_merges WHERE id = ?').get(id) as MergeRow | undefined) ?? null;
}

export function markMergeUndone(db: Db, id: number, now: number): void {
  db.prepare('UPDATE member_merges SET undone_at = ? WHERE id = ?').run(now, id);
}

/** Merges still in effect that came after this one and involve either member: they must be undone first. */
export function laterMerges(db: Db, merge: MergeRow): number[] {
  return idList(
    db,
    `SELECT id FROM member_merges WHERE id > ? AND undone_at IS NULL
       AND (source_id IN (?, ?) OR target_id IN (?, ?))`,
    merge.id,
    merge.source_id,
    merge.target_id,
    merge.source_id,
    merge.target_id,
  );
}

export interface MergeCandidateRow {
  a: number;
  b: number;
  a_name: string;
  b_name: string;
  evidence: string;
}

/** Certain: two members with the same phone (profile or phone identity). */
export function samePhonePairs(db: Db, limit: number): MergeCandidateRow[] {
  return db
    .prepare(
      `WITH phones AS (
         SELECT id AS member_id, phone FROM members WHERE phone IS NOT NULL AND merged_into_id IS NULL
         UNION SELECT mi.member_id, mi.value FROM member_identities mi JOIN members m ON m.id = mi.member_id
           WHERE mi.platform = 'phone' AND m.merged_into_id IS NULL
       )
       SELECT p1.member_id AS a, p2.member_id AS b, m1.display_name AS a_name, m2.display_name AS b_name, p1.phone AS evidence
       FROM phones p1 JOIN phones p2 ON p2.phone = p1.phone AND p2.member_id > p1.member_id
       JOIN members m1 ON m1.id = p1.member_id JOIN members m2 ON m2.id = p2.member_id
       GROUP BY p1.member_id, p2.member_id
       LIMIT ?`,
    )
    .all(limit) as MergeCandidateRow[];
}

/**
 * Possible: same name in pinyin (张伟 / 章伟 / 张伟) and the same join channel. Names shared by many members
 * (common names) are skipped: they say nothing about identity.
 */
export function similarNamePairs(db: Db, limit: number, maxGroupSize = 4): MergeCandidateRow[] {
  return db
    .prepare(
      `WITH clusters AS (
         SELECT name_sort, join_channel FROM members
         WHERE merged_into_id IS NULL AND name_sort IS NOT NULL AND name_sort <> '' AND join_channel IS NOT NULL
         GROUP BY name_sort, join_channel HAVING count(*) BETWEEN 2 AND ?
       )
       SELECT m1.id AS a, m2.id AS b, m1.display_name AS a_name, m2.display_name AS b_name, m1.join_channel AS evidence
       FROM clusters c
       JOIN members m1 ON m1.name_sort = c.name_sort AND m1.join_channel = c.join_channel AND m1.merged_into_id IS NULL
       JOIN members m2 ON m2.name_sort = c.name_sort AND m2.join_channel = c.join_channel AND m2.merged_into_id IS NULL
         AND m2.id > m1.id
       LIMIT ?`,
    )
    .all(maxGroupSize, limit) as MergeCandidateRow[];
}
