import type { AuditEntry, Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';

export interface AuditRecord {
  operator: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  detail?: unknown;
}

export function recordAudit(db: Db, at: number, record: AuditRecord): void {
  db.prepare(
    'INSERT INTO audit_log (at, operator, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    at,
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
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string | null;
}

export function listAudit(db: Db, offset: number, limit: number): Page<AuditEntry> {
  const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  const rows = db
    .prepare('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ? OFFSET ?')
    .all(limit, offset) as AuditDbRow[];
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      at: new Date(row.at).toISOString(),
      operator: row.operator,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      detail: row.detail,
    })),
  };
}
