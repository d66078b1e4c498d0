import type { MessageKind, Page } from '../../../../shared/domain/types';
import type { SystemEvent } from '../../../../shared/ipc/channels/imports';
import type { ArchiveMessage, MessageContext, MessageSearch } from '../../../../shared/ipc/channels/messages';
import type { Db } from '../connection';
import { likePattern } from './members';
import { cachedStatement } from './statementCache';

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

/** The archive's filters as the repository takes them (times as epoch ms). */
export type MessageQuery = Partial<Omit<MessageSearch, 'offset' | 'limit'>> & {
  offset: number;
  limit: number;
};

interface MessageDbRow {
  id: number;
  group_id: number;
  group_name: string;
  sender_name: string;
  member_id: number | null;
  sent_at: number;
  kind: MessageKind;
  content: string;
  system_event: SystemEvent | null;
  risk_hits: number;
}

/** FTS5's trigram tokenizer needs three characters; shorter queries use a LIKE scan. */
const minFtsQueryLength = 3;

/** Hits a moderator has not dismissed as false alarms (an IN list, so the status index applies). */
const liveRiskHit = `h.status IN ('open', 'confirmed')`;

const selectArchiveMessage = `SELECT m.id, m.group_id, g.name AS group_name, m.sender_name, m.member_id, m.sent_at, m.kind,
    m.content, m.system_event,
    (SELECT count(*) FROM risk_hits h WHERE h.message_id = m.id AND ${liveRiskHit}) AS risk_hits
  FROM messages m JOIN groups g ON g.id = m.group_id`;

function toArchiveMessage(row: MessageDbRow): ArchiveMessage {
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    senderName: row.sender_name,
    memberId: row.member_id,
    sentAt: new Date(row.sent_at).toISOString(),
    kind: row.kind,
    content: row.content,
    systemEvent: row.system_event,
    riskHits: row.risk_hits,
  };
}

/**
 * The WHERE clause of an archive query. Every filter reaches the rows through an index: the group's time index
 * (group, time range), the sender's (member, time range; the group then only filters), the FTS index, or the
 * risk hits' message key. Without a group or sender, a time range walks the group time index once per group.
 */
function archiveWhere(query: Omit<MessageQuery, 'offset' | 'limit'>): {
  sql: string;
  params: Record<string, unknown>;
} {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.memberId !== undefined) {
    where.push('m.member_id = @memberId');
    params.memberId = query.memberId;
    // Unary + keeps the planner on the sender's index, the narrower of the two.
    if (query.groupId !== undefined) where.push('+m.group_id = @groupId');
  } else if (query.groupId !== undefined) where.push('m.group_id = @groupId');
  else if (query.from !== undefined || query.to !== undefined)
    where.push('m.group_id IN (SELECT id FROM groups)');
  if (query.groupId !== undefined) params.groupId = query.groupId;
  if (query.from !== undefined) {
    where.push('m.sent_at >= @from');
    params.from = query.from;
  }
  if (query.to !== undefined) {
    where.push('m.sent_at < @to');
    params.to = query.to;
  }
  const types: string[] = [];
  query.kinds?.forEach((kind, index) => {
    types.push(`m.kind = @kind${index}`);
    params[`kind${index}`] = kind;
  });
  query.systemEvents?.forEach((event, index) => {
    types.push(`m.system_event = @event${index}`);
    params[`event${index}`] = event;
  });
  if (types.length > 0) where.push(`(${types.join(' OR ')})`);
  if (query.hasRiskHit) {
    // Driven by the hit table (far smaller): by group and time (its group index) or by status and time.
    const hit = [liveRiskHit];
    if (query.groupId !== undefined) hit.push('h.group_id = @groupId');
    if (query.from !== undefined) hit.push('h.sent_at >= @from');
    if (query.to !== undefined) hit.push('h.sent_at < @to');
    where.push(`m.id IN (SELECT h.message_id FROM risk_hits h WHERE ${hit.join(' AND ')})`);
  }
  const text = query.query?.trim();
  if (text) {
    if ([...text].length >= minFtsQueryLength) {
      // The index answers LIKE (migration 23) but not with an ESCAPE clause: a `%` or `_` in the text then finds
      // more candidates, and the exact substring test (LIKE's ASCII-only case folding) keeps the right ones.
      where.push('m.id IN (SELECT rowid FROM messages_fts WHERE content LIKE @ftsLike)');
      params.ftsLike = `%${text}%`;
      if (/[%_]/.test(text)) {
        where.push('instr(lower(m.content), lower(@text)) > 0');
        params.text = text;
      }
    } else {
      where.push(`(m.content LIKE @like ESCAPE '\\' OR m.sender_name LIKE @like ESCAPE '\\')`);
      params.like = likePattern(text);
    }
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/**
 * The archive's count and page statements for a query, with the filter parameters (the page adds @limit and
 * @offset). Exported for the query-plan test.
 */
export function archiveStatements(query: Omit<MessageQuery, 'offset' | 'limit'>): {
  page: string;
  count: string;
  params: Record<string, unknown>;
} {
  const { sql, params } = archiveWhere(query);
  return {
    page: `${selectArchiveMessage} ${sql} ORDER BY m.sent_at DESC, m.id DESC LIMIT @limit OFFSET @offset`,
    count: `SELECT count(*) FROM messages m ${sql}`,
    params,
  };
}

export function searchMessages(db: Db, query: MessageQuery): Page<ArchiveMessage> {
  const { page, count, params } = archiveStatements(query);
  const total = cachedStatement(db, count, { pluck: true }).get(params) as number;
  const rows = cachedStatement(db, page).all({
    ...params,
    limit: query.limit,
    offset: query.offset,
  }) as MessageDbRow[];
  return { total, rows: rows.map(toArchiveMessage) };
}

/** Older and newer neighbours of a message in its group, in the archive's order (time, then id). */
export const contextStatements = {
  anchor: `${selectArchiveMessage} WHERE m.id = ?`,
  older: `${selectArchiveMessage} WHERE m.group_id = @groupId AND m.sent_at <= @sentAt
      AND NOT (m.sent_at = @sentAt AND m.id >= @id)
    ORDER BY m.sent_at DESC, m.id DESC LIMIT @limit`,
  newer: `${selectArchiveMessage} WHERE m.group_id = @groupId AND m.sent_at >= @sentAt
      AND NOT (m.sent_at = @sentAt AND m.id <= @id)
    ORDER BY m.sent_at, m.id LIMIT @limit`,
};

/**
 * The group's timeline around one message: up to `before` older and `after` newer messages, oldest first, in the
 * archive's order (time, then id). Both sides are one range of the group time index.
 */
export function messageContext(
  db: Db,
  input: { id: number; before: number; after: number },
): MessageContext | null {
  const anchor = cachedStatement(db, contextStatements.anchor).get(input.id) as MessageDbRow | undefined;
  if (!anchor) return null;
  const params = { groupId: anchor.group_id, sentAt: anchor.sent_at, id: anchor.id };
  const older = cachedStatement(db, contextStatements.older).all({
    ...params,
    limit: input.before + 1,
  }) as MessageDbRow[];
  const newer = cachedStatement(db, contextStatements.newer).all({
    ...params,
    limit: input.after + 1,
  }) as MessageDbRow[];
  return {
    groupId: anchor.group_id,
    groupName: anchor.group_name,
    rows: [...older.slice(0, input.before).reverse(), anchor, ...newer.slice(0, input.after)].map(
      toArchiveMessage,
    ),
    anchorId: anchor.id,
    hasMoreBefore: older.length > input.before,
    hasMoreAfter: newer.length > input.after,
  };
}

export function countRows(db: Db, table: 'groups' | 'members' | 'messages' | 'imports'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
