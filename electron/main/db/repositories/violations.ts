/** The violation ledger (违规积分): each entry cites its evidence; points stop counting once they decay. */
import {
  defaultViolationThresholds,
  violationActions,
  type Violation,
  type ViolationAction,
  type ViolationCategory,
  type ViolationThreshold,
} from '../../../../shared/domain/members';
import type { Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { getMeta, setMeta } from './meta';
import { cachedStatement } from './statementCache';

const dayMs = 86_400_000;
const thresholdsKey = 'members.violationThresholds';

/** A violation to record: as listed, with the time as epoch ms and without what the ledger derives. */
export type NewViolation = Omit<Violation, 'id' | 'active' | 'occurredAt'> & { occurredAt: number };

export function insertViolation(db: Db, violation: NewViolation, now: number): number {
  return Number(
    cachedStatement(
      db,
      `INSERT INTO violations (member_id, group_id, category, points, message_id, evidence_excerpt, note, decay_days, action,
         occurred_at, recorded_at, operator)
       VALUES (@memberId, @groupId, @category, @points, @messageId, @evidenceExcerpt, @note, @decayDays, @action,
         @occurredAt, @now, @operator)`,
    ).run({ ...violation, now }).lastInsertRowid,
  );
}

interface ViolationDbRow {
  id: number;
  member_id: number;
  group_id: number | null;
  category: ViolationCategory;
  points: number;
  message_id: number | null;
  evidence_excerpt: string | null;
  note: string | null;
  decay_days: number | null;
  action: ViolationAction;
  occurred_at: number;
  operator: string;
}

/** SQL for "still counts at @now". */
const activeSql = '(v.decay_days IS NULL OR v.occurred_at + v.decay_days * 86400000 > @now)';

export interface ViolationQuery {
  memberId?: number | undefined;
  groupId?: number | undefined;
  activeOnly?: boolean | undefined;
  offset: number;
  limit: number;
}

export function listViolations(db: Db, query: ViolationQuery, now: number): Page<Violation> {
  const where: string[] = [];
  const params: Record<string, unknown> = { now, offset: query.offset, limit: query.limit };
  if (query.memberId !== undefined) {
    where.push('v.member_id = @memberId');
    params.memberId = query.memberId;
  }
  if (query.groupId !== undefined) {
    where.push('v.group_id = @groupId');
    params.groupId = query.groupId;
  }
  if (query.activeOnly) where.push(activeSql);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    db.prepare(`SELECT count(*) AS n FROM violations v ${whereSql}`).get(params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT v.* FROM violations v ${whereSql} ORDER BY v.occurred_at DESC, v.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as ViolationDbRow[];
  return {
    total,
    rows: rows.map((row) => toViolation(row, now)),
  };
}

function toViolation(row: ViolationDbRow, now: number): Violation {
  return {
    id: row.id,
    memberId: row.member_id,
    groupId: row.group_id,
    category: row.category,
    points: row.points,
    messageId: row.message_id,
    evidenceExcerpt: row.evidence_excerpt,
    note: row.note,
    decayDays: row.decay_days,
    action: row.action,
    occurredAt: new Date(row.occurred_at).toISOString(),
    active: row.decay_days === null || row.occurred_at + row.decay_days * dayMs > now,
    operator: row.operator,
  };
}

export function findViolation(db: Db, id: number, now: number): Violation | null {
  const row = db.prepare('SELECT * FROM violations WHERE id = ?').get(id) as ViolationDbRow | undefined;
  return row ? toViolation(row, now) : null;
}

export function activeViolationPoints(db: Db, memberId: number, now: number): number {
  return (
    db
      .prepare(
        `SELECT coalesce(sum(v.points), 0) AS n FROM violations v WHERE v.member_id = @memberId AND ${activeSql}`,
      )
      .get({
        memberId,
        now,
      }) as { n: number }
  ).n;
}

export function lastViolationAction(db: Db, memberId: number): ViolationAction | null {
  const row = db
    .prepare('SELECT action FROM violations WHERE member_id = ? ORDER BY occurred_at DESC, id DESC LIMIT 1')
    .get(memberId) as { action: ViolationAction } | undefined;
  return row?.action ?? null;
}

/** Thresholds sorted by points; a stored list that no longer parses falls back to the defaults. */
export function getViolationThresholds(db: Db): ViolationThreshold[] {
  const stored = getMeta(db, thresholdsKey);
  if (stored) {
    try {
      const parsed = JSON.parse(stored) as ViolationThreshold[];
      if (
        Array.isArray(parsed) &&
        parsed.every(
          (t) => Number.isInteger(t.points) && (violationActions as readonly string[]).includes(t.action),
        )
      ) {
        return [...parsed].sort((a, b) => a.points - b.points);
      }
    } catch {
      // fall through to the defaults
    }
  }
  return defaultViolationThresholds;
}

export function setViolationThresholds(db: Db, thresholds: ViolationThreshold[]): void {
  setMeta(db, thresholdsKey, JSON.stringify([...thresholds].sort((a, b) => a.points - b.points)));
}

export function findMessageForEvidence(
  db: Db,
  messageId: number,
): {
  id: number;
  group_id: number;
  member_id: number | null;
  sender_name: string;
  sent_at: number;
  content: string;
} | null {
  return (
    (db
      .prepare('SELECT id, group_id, member_id, sender_name, sent_at, content FROM messages WHERE id = ?')
      .get(messageId) as
      | {
          id: number;
          group_id: number;
          member_id: number | null;
          sender_name: string;
          sent_at: number;
          content: string;
        }
      | undefined) ?? null
  );
}
