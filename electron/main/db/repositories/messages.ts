import type { MessageKind, MessageRow, Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { likePattern } from './members';

export interface NewMessage {
  groupId: number;
  memberId: number | null;
  senderName: string;
  sentAt: number;
  kind: MessageKind;
  content: string;
  fingerprint: string;
  importId: number | null;
}

/** Returns a function inserting one message; false when its fingerprint is already stored. */
export function prepareMessageInsert(db: Db): (message: NewMessage) => boolean {
  const statement = db.prepare(
    `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint, import_id)
     VALUES (@groupId, @memberId, @senderName, @sentAt, @kind, @content, @fingerprint, @importId)
     ON CONFLICT (fingerprint) DO NOTHING`,
  );
  return (message) => statement.run(message).changes > 0;
}

export interface MessageQuery {
  groupId?: number | undefined;
  query?: string | undefined;
  offset: number;
  limit: number;
}

interface MessageDbRow {
  id: number;
  group_id: number;
  group_name: string;
  sender_name: string;
  member_id: number | null;
  sent_at: number;
  kind: MessageKind;
  content: string;
}

/** FTS5's trigram tokenizer needs three characters; shorter queries use an indexed LIKE scan. */
const minFtsQueryLength = 3;

function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function searchMessages(db: Db, query: MessageQuery): Page<MessageRow> {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
  if (query.groupId !== undefined) {
    where.push('m.group_id = @groupId');
    params.groupId = query.groupId;
  }
  const text = query.query?.trim();
  if (text) {
    if ([...text].length >= minFtsQueryLength) {
      where.push('m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match)');
      params.match = ftsPhrase(text);
    } else {
      where.push(`(m.content LIKE @like ESCAPE '\\' OR m.sender_name LIKE @like ESCAPE '\\')`);
      params.like = likePattern(text);
    }
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM messages m ${whereSql}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT m.id, m.group_id, g.name AS group_name, m.sender_name, m.member_id, m.sent_at, m.kind, m.content
       FROM messages m JOIN groups g ON g.id = m.group_id
       ${whereSql}
       ORDER BY m.sent_at DESC, m.id DESC
       LIMIT @limit OFFSET @offset`,
    )
    .all(params) as MessageDbRow[];
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      groupId: row.group_id,
      groupName: row.group_name,
      senderName: row.sender_name,
      memberId: row.member_id,
      sentAt: new Date(row.sent_at).toISOString(),
      kind: row.kind,
      content: row.content,
    })),
  };
}

export function countRows(db: Db, table: 'groups' | 'members' | 'messages' | 'imports'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
