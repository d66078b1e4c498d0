/** What a profile shows of a member's past: their messages in the archive (evidence) and the merges they were in. */
import type { MessageKind, MessageRow, Page } from '../../../../shared/domain/types';
import type { MergeHistoryEntry } from '../../../../shared/ipc/channels/members';
import type { Db } from '../connection';
import { likePattern } from './members';

interface MemberMessageDbRow {
  id: number;
  group_id: number;
  group_name: string;
  sender_name: string;
  sent_at: number;
  kind: MessageKind;
  content: string;
}

/** One member's messages, newest first, on the (member_id, sent_at) index; `query` matches the text. */
export function listMemberMessages(
  db: Db,
  query: { memberId: number; query?: string | undefined; offset: number; limit: number },
): Page<MessageRow> {
  const params: Record<string, unknown> = { memberId: query.memberId };
  const text = query.query?.trim();
  let where = 'm.member_id = @memberId';
  if (text) {
    where += " AND m.content LIKE @like ESCAPE '\\'";
    params.like = likePattern(text);
  }
  const total = (
    db.prepare(`SELECT count(*) AS n FROM messages m WHERE ${where}`).get(params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT m.id, m.group_id, g.name AS group_name, m.sender_name, m.sent_at, m.kind, m.content
       FROM messages m JOIN groups g ON g.id = m.group_id
       WHERE ${where} ORDER BY m.sent_at DESC, m.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: query.limit, offset: query.offset }) as MemberMessageDbRow[];
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      groupId: row.group_id,
      groupName: row.group_name,
      senderName: row.sender_name,
      memberId: query.memberId,
      sentAt: new Date(row.sent_at).toISOString(),
      kind: row.kind,
      content: row.content,
    })),
  };
}

interface MergeHistoryDbRow {
  id: number;
  source_id: number;
  source_name: string;
  target_id: number;
  target_name: string;
  merged_at: number;
  operator: string;
  undone_at: number | null;
  blocked: number;
}

/** Merges with this member as source or target, newest first; `undoable` follows the undo rule of merges.ts. */
export function listMergesOf(db: Db, memberId: number): MergeHistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT mm.id, mm.source_id, s.display_name AS source_name, mm.target_id, t.display_name AS target_name,
         mm.merged_at, mm.operator, mm.undone_at,
         EXISTS (SELECT 1 FROM member_merges later WHERE later.id > mm.id AND later.undone_at IS NULL
           AND (later.source_id IN (mm.source_id, mm.target_id) OR later.target_id IN (mm.source_id, mm.target_id)))
           AS blocked
       FROM member_merges mm JOIN members s ON s.id = mm.source_id JOIN members t ON t.id = mm.target_id
       WHERE mm.source_id = @memberId OR mm.target_id = @memberId
       ORDER BY mm.id DESC`,
    )
    .all({ memberId }) as MergeHistoryDbRow[];
  return rows.map((row) => ({
    mergeId: row.id,
    sourceId: row.source_id,
    sourceName: row.source_name,
    targetId: row.target_id,
    targetName: row.target_name,
    mergedAt: new Date(row.merged_at).toISOString(),
    operator: row.operator,
    undoneAt: row.undone_at === null ? null : new Date(row.undone_at).toISOString(),
    undoable: row.undone_at === null && row.blocked === 0,
  }));
}
