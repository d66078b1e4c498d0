/** Scan state per message and the hits with their review decisions (risk_scan_state, risk_hits). */
import { dayMs, moderatorUtcOffsetMs } from '../../../../shared/domain/health/days';
import type {
  DetectorKind,
  MatchRule,
  SensitiveCategory,
  SensitiveHit,
  Severity,
  SuggestedAction,
} from '../../../../shared/domain/sensitive/types';
import type {
  RiskHitStatus,
  RiskHitView,
  RiskMessageBrief,
  RiskQueueItem,
  RiskSpan,
} from '../../../../shared/ipc/channels/risk';
import type { Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { cachedStatement } from './statementCache';

export interface PendingMessage {
  id: number;
  groupId: number;
  memberId: number | null;
  sentAt: number;
  kind: string;
  content: string;
  /** The ruleset version of its last scan; null when never scanned (so it has no hits to withdraw). */
  scannedVersion: number | null;
}

const pendingWhere = 's.version IS NULL OR s.version <> @version';

export function countPendingMessages(db: Db, version: number): number {
  return cachedStatement(
    db,
    `SELECT count(*) FROM messages m LEFT JOIN risk_scan_state s ON s.message_id = m.id WHERE ${pendingWhere}`,
    { pluck: true },
  ).get({ version }) as number;
}

/** The next messages (by id, after `afterId`) not yet scanned with `version`. */
export function pendingMessages(db: Db, version: number, afterId: number, limit: number): PendingMessage[] {
  return cachedStatement(
    db,
    `SELECT m.id, m.group_id AS groupId, m.member_id AS memberId, m.sent_at AS sentAt, m.kind, m.content,
       s.version AS scannedVersion
     FROM messages m LEFT JOIN risk_scan_state s ON s.message_id = m.id
     WHERE m.id > @afterId AND (${pendingWhere})
     ORDER BY m.id LIMIT @limit`,
  ).all({ version, afterId, limit }) as PendingMessage[];
}

export function countScannedMessages(db: Db, version: number): number {
  return cachedStatement(db, 'SELECT count(*) FROM risk_scan_state WHERE version = ?', { pluck: true }).get(
    version,
  ) as number;
}

export interface ScanWriter {
  /** Stores a message's hits and its scan state; returns how many of its earlier open hits were withdrawn. */
  write(message: PendingMessage, hits: readonly SensitiveHit[]): number;
}

/**
 * Writes scan results for one ruleset version. A hit found again keeps its review decision (an upsert on the hit's
 * key); open hits of the message that this version no longer raises are removed; decided ones stay as history.
 */
export function prepareScanWriter(db: Db, version: number, now: number): ScanWriter {
  const upsert = cachedStatement(
    db,
    `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list, category,
       severity, action, rule, detector, version, found_at)
     VALUES (@messageId, @groupId, @memberId, @sentAt, @start, @end, @text, @word, @list, @category, @severity,
       @action, @rule, @detector, @version, @now)
     ON CONFLICT (message_id, span_start, span_end, list, word) DO UPDATE SET
       text = excluded.text, category = excluded.category, severity = excluded.severity, action = excluded.action,
       rule = excluded.rule, detector = excluded.detector, member_id = excluded.member_id, version = excluded.version`,
  );
  const withdraw = cachedStatement(
    db,
    `DELETE FROM risk_hits WHERE message_id = ? AND status = 'open' AND version <> ?`,
  );
  const markScanned = cachedStatement(
    db,
    `INSERT INTO risk_scan_state (message_id, version) VALUES (?, ?)
     ON CONFLICT (message_id) DO UPDATE SET version = excluded.version`,
  );
  return {
    write(message, hits) {
      for (const hit of hits) {
        // The hit's own fields (start, end, text, word, list, …) are the statement's parameters of the same name.
        upsert.run({
          ...hit,
          detector: hit.detector ?? null,
          messageId: message.id,
          groupId: message.groupId,
          memberId: message.memberId,
          sentAt: message.sentAt,
          version,
          now,
        });
      }
      const withdrawn = message.scannedVersion === null ? 0 : withdraw.run(message.id, version).changes;
      markScanned.run(message.id, version);
      return withdrawn;
    },
  };
}

export function hitCountsByCategory(
  db: Db,
  status: RiskHitStatus,
): Partial<Record<SensitiveCategory, number>> {
  const rows = cachedStatement(
    db,
    'SELECT category, count(*) AS n FROM risk_hits WHERE status = ? GROUP BY category ORDER BY category',
  ).all(status) as { category: SensitiveCategory; n: number }[];
  return Object.fromEntries(rows.map((row) => [row.category, row.n]));
}

export function hitCountsByStatus(db: Db): Record<RiskHitStatus, number> {
  const rows = cachedStatement(db, 'SELECT status, count(*) AS n FROM risk_hits GROUP BY status').all() as {
    status: RiskHitStatus;
    n: number;
  }[];
  const counts: Record<RiskHitStatus, number> = { open: 0, confirmed: 0, dismissed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export interface HitQuery {
  status: RiskHitStatus | 'all';
  category?: SensitiveCategory | undefined;
  severity?: Severity | undefined;
  groupId?: number | undefined;
  offset: number;
  limit: number;
}

interface HitDbRow {
  id: number;
  message_id: number;
  group_id: number;
  member_id: number | null;
  sent_at: number;
  span_start: number;
  span_end: number;
  text: string;
  word: string;
  list: string;
  category: SensitiveCategory;
  severity: Severity;
  action: SuggestedAction;
  rule: MatchRule;
  detector: DetectorKind | null;
  status: RiskHitStatus;
  decided_by: string | null;
  decided_at: number | null;
  reason: string | null;
  violation_id: number | null;
}

interface QueueDbRow extends HitDbRow {
  sender_name: string;
  message_member_id: number | null;
  kind: string;
  content: string;
  group_name: string;
  member_name: string | null;
  member_violations: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A queue row without the parts the service adds (context messages, the allow-phrase suggestion). */
export type QueueRow = Omit<RiskQueueItem, 'before' | 'after' | 'suggestedAllowPhrase' | 'spans'>;

export function queryHits(db: Db, query: HitQuery): Page<QueueRow> {
  const where: string[] = [];
  const params: Record<string, unknown> = { offset: query.offset, limit: query.limit };
  if (query.status !== 'all') {
    where.push('h.status = @status');
    params.status = query.status;
  }
  for (const key of ['category', 'severity', 'groupId'] as const) {
    if (query[key] === undefined) continue;
    where.push(`h.${key === 'groupId' ? 'group_id' : key} = @${key}`);
    params[key] = query[key];
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = cachedStatement(db, `SELECT count(*) FROM risk_hits h ${whereSql}`, { pluck: true }).get(
    params,
  ) as number;
  const rows = cachedStatement(
    db,
    `SELECT h.*, m.sender_name, m.member_id AS message_member_id, m.kind, m.content, g.name AS group_name,
       mb.display_name AS member_name, mb.violation_count AS member_violations
     FROM risk_hits h
       JOIN messages m ON m.id = h.message_id
       JOIN groups g ON g.id = h.group_id
       LEFT JOIN members mb ON mb.id = h.member_id
     ${whereSql}
     ORDER BY h.sent_at DESC, h.id DESC LIMIT @limit OFFSET @offset`,
  ).all(params) as QueueDbRow[];
  return {
    total,
    rows: rows.map((row) => ({
      ...hitView(row),
      message: {
        id: row.message_id,
        groupId: row.group_id,
        groupName: row.group_name,
        senderName: row.sender_name,
        memberId: row.message_member_id,
        sentAt: iso(row.sent_at),
        kind: row.kind,
        content: row.content,
      },
      member:
        row.member_id !== null && row.member_name !== null
          ? { id: row.member_id, displayName: row.member_name, violationCount: row.member_violations ?? 0 }
          : null,
    })),
  };
}

function hitView(row: HitDbRow) {
  return {
    id: row.id,
    status: row.status,
    start: row.span_start,
    end: row.span_end,
    text: row.text,
    word: row.word,
    list: row.list,
    category: row.category,
    severity: row.severity,
    action: row.action,
    rule: row.rule,
    detector: row.detector,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
    reason: row.reason,
    violationId: row.violation_id,
  };
}

/** Every hit of a message that was not dismissed, in text order. */
export function messageSpans(db: Db, messageId: number): RiskSpan[] {
  return cachedStatement(
    db,
    `SELECT span_start AS start, span_end AS end, word, category, severity FROM risk_hits
     WHERE message_id = ? AND status <> 'dismissed' ORDER BY span_start, span_end`,
  ).all(messageId) as RiskSpan[];
}

/** Up to `count` messages of the same group just before (or after) a message, in time order. */
export function neighbourMessages(
  db: Db,
  message: { id: number; groupId: number; sentAt: number },
  direction: 'before' | 'after',
  count: number,
): RiskMessageBrief[] {
  const sql =
    direction === 'before'
      ? `SELECT id, sender_name AS senderName, member_id AS memberId, sent_at AS sentAt, kind, content FROM messages
         WHERE group_id = @groupId AND (sent_at < @sentAt OR (sent_at = @sentAt AND id < @id))
         ORDER BY sent_at DESC, id DESC LIMIT @count`
      : `SELECT id, sender_name AS senderName, member_id AS memberId, sent_at AS sentAt, kind, content FROM messages
         WHERE group_id = @groupId AND (sent_at > @sentAt OR (sent_at = @sentAt AND id > @id))
         ORDER BY sent_at, id LIMIT @count`;
  const rows = cachedStatement(db, sql).all({ ...message, count }) as (Omit<RiskMessageBrief, 'sentAt'> & {
    sentAt: number;
  })[];
  const briefs = rows.map((row) => ({ ...row, sentAt: iso(row.sentAt) }));
  return direction === 'before' ? briefs.reverse() : briefs;
}

export interface HitForDecision extends Omit<RiskHitView, 'detector'> {
  id: number;
  messageId: number;
  groupId: number;
  memberId: number | null;
  status: RiskHitStatus;
  violationId: number | null;
  /** The message's text. */
  content: string;
}

export function hitsForDecision(db: Db, ids: readonly number[]): HitForDecision[] {
  return db
    .prepare(
      `SELECT h.id, h.message_id AS messageId, h.group_id AS groupId, m.member_id AS memberId, h.status,
         h.span_start AS start, h.span_end AS end, h.text, h.word, h.list, h.category, h.severity, h.action, h.rule,
         h.violation_id AS violationId, m.content
       FROM risk_hits h JOIN messages m ON m.id = h.message_id
       WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY h.id`,
    )
    .all(JSON.stringify(ids)) as HitForDecision[];
}

/** A violation already recorded for a message by an earlier confirmed hit, so one message is counted once. */
export function violationOfMessage(db: Db, messageId: number): number | null {
  const row = db
    .prepare(
      `SELECT h.violation_id AS id FROM risk_hits h JOIN violations v ON v.id = h.violation_id
       WHERE h.message_id = ? AND h.violation_id IS NOT NULL LIMIT 1`,
    )
    .get(messageId) as { id: number } | undefined;
  return row?.id ?? null;
}

export function decideHit(
  db: Db,
  id: number,
  decision: {
    status: Exclude<RiskHitStatus, 'open'>;
    operator: string;
    reason: string | null;
    violationId: number | null;
  },
  now: number,
): void {
  cachedStatement(
    db,
    `UPDATE risk_hits SET status = @status, decided_by = @operator, decided_at = @now, reason = @reason,
       violation_id = @violationId
     WHERE id = @id AND status = 'open'`,
  ).run({ ...decision, now, id });
}

export function insertAllowPhrase(
  db: Db,
  phrase: { phrase: string; hitId: number | null; word: string | null },
  operator: string,
  now: number,
): boolean {
  return (
    db
      .prepare(
        `INSERT INTO risk_allow_phrases (phrase, hit_id, word, added_by, added_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (phrase) DO NOTHING`,
      )
      .run(phrase.phrase, phrase.hitId, phrase.word, operator, now).changes > 0
  );
}

/** Hits per UTC+8 day and category in [from, to), dismissed ones left out. */
export function hitsPerDay(
  db: Db,
  range: { from: number; to: number; groupId?: number | undefined },
): { day: number; category: SensitiveCategory; n: number }[] {
  const groupSql = range.groupId === undefined ? '' : 'AND group_id = @groupId';
  return cachedStatement(
    db,
    `SELECT (sent_at + ${moderatorUtcOffsetMs}) / ${dayMs} AS day, category, count(*) AS n FROM risk_hits
     WHERE status IN ('open', 'confirmed') AND sent_at >= @from AND sent_at < @to ${groupSql}
     GROUP BY day, category ORDER BY day, category`,
  ).all({
    from: range.from,
    to: range.to,
    ...(range.groupId === undefined ? {} : { groupId: range.groupId }),
  }) as {
    day: number;
    category: SensitiveCategory;
    n: number;
  }[];
}

/** Messages of groups in a time range, newest first: what a back-test reads. */
export function messagesInWindow(
  db: Db,
  range: { from: number; to: number },
  limit: number,
): { id: number; groupId: number; senderName: string; sentAt: number; content: string }[] {
  // `group_id IN (…)` lets SQLite walk the (group_id, sent_at) index once per group instead of the whole table.
  return cachedStatement(
    db,
    `SELECT id, group_id AS groupId, sender_name AS senderName, sent_at AS sentAt, content FROM messages
     WHERE group_id IN (SELECT id FROM groups) AND sent_at >= @from AND sent_at <= @to AND kind <> 'system'
     ORDER BY sent_at DESC, id DESC LIMIT @limit`,
  ).all({ ...range, limit }) as {
    id: number;
    groupId: number;
    senderName: string;
    sentAt: number;
    content: string;
  }[];
}

export function newestMessageTime(db: Db): number | null {
  // Per group on the (group_id, sent_at) index: max(sent_at) over the whole table would read every row.
  return cachedStatement(
    db,
    'SELECT max((SELECT max(sent_at) FROM messages WHERE group_id = g.id)) FROM groups g',
    { pluck: true },
  ).get() as number | null;
}

export function groupNames(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT id, name FROM groups').all() as { id: number; name: string }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}
