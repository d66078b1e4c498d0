import type { JoinChannel, MemberRow, MemberRole, Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';

export interface MemberFields {
  displayName: string;
  wxid: string | null;
  joinChannel: JoinChannel | null;
}

export function insertMember(db: Db, fields: MemberFields, now: number): number {
  const result = db
    .prepare(
      `INSERT INTO members (display_name, wxid, join_channel, created_at, updated_at)
       VALUES (@displayName, @wxid, @joinChannel, @now, @now)`,
    )
    .run({ ...fields, now });
  return Number(result.lastInsertRowid);
}

export function addGroupMember(
  db: Db,
  membership: { groupId: number; memberId: number; role: MemberRole; groupNickname: string | null; joinedAt: number | null },
): void {
  db.prepare(
    `INSERT INTO group_members (group_id, member_id, role, group_nickname, joined_at)
     VALUES (@groupId, @memberId, @role, @groupNickname, @joinedAt)
     ON CONFLICT (group_id, member_id) DO NOTHING`,
  ).run(membership);
}

export interface MemberQuery {
  groupId?: number | undefined;
  query?: string | undefined;
  offset: number;
  limit: number;
}

interface MemberDbRow {
  id: number;
  display_name: string;
  wxid: string | null;
  join_channel: JoinChannel | null;
  first_seen_at: number | null;
  last_spoke_at: number | null;
  message_count: number;
  group_names: string | null;
}

/** Escapes LIKE wildcards so a user's `%` or `_` matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listMembers(db: Db, query: MemberQuery): Page<MemberRow> {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
  if (query.groupId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM group_members gm WHERE gm.member_id = m.id AND gm.group_id = @groupId)');
    params.groupId = query.groupId;
  }
  if (query.query) {
    where.push(
      `(m.display_name LIKE @like ESCAPE '\\' OR m.wxid LIKE @like ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.member_id = m.id AND gm.group_nickname LIKE @like ESCAPE '\\'))`,
    );
    params.like = likePattern(query.query);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM members m ${whereSql}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT m.id, m.display_name, m.wxid, m.join_channel,
         (SELECT min(joined_at) FROM group_members gm WHERE gm.member_id = m.id) AS first_seen_at,
         (SELECT max(sent_at) FROM messages msg WHERE msg.member_id = m.id) AS last_spoke_at,
         (SELECT count(*) FROM messages msg WHERE msg.member_id = m.id) AS message_count,
         (SELECT group_concat(g.name, '\u001f') FROM group_members gm JOIN groups g ON g.id = gm.group_id
            WHERE gm.member_id = m.id) AS group_names
       FROM members m ${whereSql}
       ORDER BY m.display_name COLLATE NOCASE, m.id
       LIMIT @limit OFFSET @offset`,
    )
    .all(params) as MemberDbRow[];
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      displayName: row.display_name,
      wxid: row.wxid,
      joinChannel: row.join_channel,
      firstSeenAt: row.first_seen_at == null ? null : new Date(row.first_seen_at).toISOString(),
      lastSpokeAt: row.last_spoke_at == null ? null : new Date(row.last_spoke_at).toISOString(),
      messageCount: row.message_count,
      groupNames: row.group_names ? row.group_names.split('\u001f') : [],
    })),
  };
}
