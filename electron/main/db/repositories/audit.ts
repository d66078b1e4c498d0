import type { AuditEntry, Page } from '../../../../shared/domain/types';
import type { AuditFacets, AuditFilter } from '../../../../shared/ipc/channels/session';
import type { Db } from '../connection';
import { cachedStatement } from './statementCache';

export interface AuditRecord {
  operator: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  detail?: unknown;
}

/**
 * Appends an entry. The operator's id is looked up from the name the service passed (the signed-in operator's,
 * through `ServiceContext.operator()`), so no service needs to know about operator ids; names of no operator
 * ('local', 'system', a job's) keep a null id.
 */
export function recordAudit(db: Db, at: number, record: AuditRecord): void {
  cachedStatement(
    db,
    `INSERT INTO audit_log (at, operator, operator_id, action, entity, entity_id, detail)
     VALUES (?, ?, (SELECT id FROM operators WHERE name = ? COLLATE NOCASE), ?, ?, ?, ?)`,
  ).run(
    at,
    record.operator,
    record.operator,
    record.action,
    record.entity,
    record.entityId == null ? null : String(record.entityId),
    record.detail === undefined ? null : JSON.stringify(record.detail),
  );
}

interface AuditDbRow {
  id: number;
  at: number;
  operator: string;
  operator_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string | null;
}

function whereOf(filter: AuditFilter): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.operator !== undefined) {
    clauses.push('operator = ?');
    params.push(filter.operator);
  }
  if (filter.action !== undefined) {
    clauses.push('action = ?');
    params.push(filter.action);
  }
  if (filter.entity !== undefined) {
    clauses.push('entity = ?');
    params.push(filter.entity);
  }
  if (filter.from !== undefined) {
    clauses.push('at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    clauses.push('at <= ?');
    params.push(filter.to);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toEntry(row: AuditDbRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    operator: row.operator,
    operatorId: row.operator_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    detail: row.detail,
  };
}

/** One page of the log, newest first, narrowed by the viewer's filters. */
export function listAudit(db: Db, offset: number, limit: number, filter: AuditFilter = {}): Page<AuditEntry> {
  const where = whereOf(filter);
  const total = (
    cachedStatement(db, `SELECT count(*) AS n FROM audit_log ${where.sql}`).get(...where.params) as {
      n: number;
    }
  ).n;
  const rows = cachedStatement(
    db,
    `SELECT * FROM audit_log ${where.sql} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
  ).all(...where.params, limit, offset) as AuditDbRow[];
  return { total, rows: rows.map(toEntry) };
}

/** Every entry matching the filter, newest first, read lazily (exports of a long log stay small in memory). */
export function* iterateAudit(db: Db, filter: AuditFilter): Generator<AuditEntry> {
  const where = whereOf(filter);
  const rows = db
    .prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY at DESC, id DESC`)
    .iterate(...where.params) as IterableIterator<AuditDbRow>;
  for (const row of rows) yield toEntry(row);
}

/** The values the viewer's filter menus offer: those present in the log. */
export function auditFacets(db: Db): AuditFacets {
  const distinct = (column: 'operator' | 'action' | 'entity') =>
    db.prepare(`SELECT DISTINCT ${column} AS value FROM audit_log ORDER BY value`).pluck().all() as string[];
  return { operators: distinct('operator'), actions: distinct('action'), entities: distinct('entity') };
}
