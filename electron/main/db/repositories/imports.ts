/** Import provenance: one row per imported file, its counts, error and report, and the rows it rejected. */
import type { Page } from '../../../../shared/domain/types';
import type {
  ImportMemberMatches,
  ImportRecord,
  RejectedRowInfo,
} from '../../../../shared/ipc/channels/imports';
import type { Db } from '../connection';

export interface NewImport {
  fileName: string;
  filePath: string;
  fileSize: number;
  sha256: string;
  format: string;
  encoding: string;
  timeZone: string | null;
  startedAt: number;
}

export function insertImport(db: Db, fields: NewImport): number {
  const result = db
    .prepare(
      `INSERT INTO imports (file_name, file_path, file_size, sha256, format, encoding, time_zone, started_at, heartbeat_at, status)
       VALUES (@fileName, @filePath, @fileSize, @sha256, @format, @encoding, @timeZone, @startedAt, @startedAt, 'running')`,
    )
    .run(fields);
  return Number(result.lastInsertRowid);
}

export interface ImportProgress {
  read: number;
  inserted: number;
  duplicates: number;
  skipped: number;
  rejected: number;
  bytesRead: number;
}

/** The running counts, written with each batch so a crash leaves them true to the stored rows. */
export function prepareProgressUpdate(
  db: Db,
): (importId: number, progress: ImportProgress, now: number) => void {
  const statement = db.prepare(
    `UPDATE imports SET rows_read = ?, messages_added = ?, messages_duplicate = ?, rows_skipped = ?, rows_rejected = ?,
       bytes_read = ?, heartbeat_at = ? WHERE id = ?`,
  );
  return (importId, progress, now) => {
    statement.run(
      progress.read,
      progress.inserted,
      progress.duplicates,
      progress.skipped,
      progress.rejected,
      progress.bytesRead,
      now,
      importId,
    );
  };
}

export function setImportTarget(db: Db, importId: number, groupId: number, chatName: string | null): void {
  db.prepare('UPDATE imports SET group_id = ?, chat_name = ? WHERE id = ?').run(groupId, chatName, importId);
}

export function setImportFormat(db: Db, importId: number, format: string, encoding: string): void {
  db.prepare('UPDATE imports SET format = ?, encoding = ? WHERE id = ?').run(format, encoding, importId);
}

/** What an import found beyond the counts, kept as JSON on its row. */
export interface ImportReportDetails {
  members: ImportMemberMatches | null;
  firstAt: number | null;
  lastAt: number | null;
  createdGroup: boolean;
}

export interface ImportOutcome {
  status: 'done' | 'failed' | 'cancelled';
  finishedAt: number;
  error?: { code: string; key: string; params?: Record<string, string | number> | undefined } | undefined;
  details?: ImportReportDetails | undefined;
}

export function finishImport(db: Db, importId: number, outcome: ImportOutcome): void {
  db.prepare(
    `UPDATE imports SET status = ?, finished_at = ?, heartbeat_at = ?, error_code = ?, error_key = ?, error_params = ?,
       report = coalesce(?, report) WHERE id = ?`,
  ).run(
    outcome.status,
    outcome.finishedAt,
    outcome.finishedAt,
    outcome.error?.code ?? null,
    outcome.error?.key ?? null,
    outcome.error?.params ? JSON.stringify(outcome.error.params) : null,
    outcome.details ? JSON.stringify(outcome.details) : null,
    importId,
  );
}

/** Rows kept per import with their reasons; the count covers all of them. */
export const keptRejections = 200;

export function prepareRejectionInsert(db: Db): (importId: number, row: RejectedRowInfo) => void {
  const statement = db.prepare(
    'INSERT INTO import_rejections (import_id, line, reason, params) VALUES (?, ?, ?, ?)',
  );
  return (importId, row) => {
    statement.run(importId, row.line, row.reason, row.params ? JSON.stringify(row.params) : null);
  };
}

export function listRejections(db: Db, importId: number, limit = keptRejections): RejectedRowInfo[] {
  const rows = db
    .prepare('SELECT line, reason, params FROM import_rejections WHERE import_id = ? ORDER BY line LIMIT ?')
    .all(importId, limit) as { line: number; reason: string; params: string | null }[];
  return rows.map((row) => ({
    line: row.line,
    reason: row.reason,
    ...(row.params ? { params: JSON.parse(row.params) as Record<string, string | number> } : {}),
  }));
}

interface ImportDbRow {
  id: number;
  file_name: string;
  file_path: string | null;
  file_size: number;
  sha256: string;
  format: string;
  encoding: string;
  time_zone: string | null;
  group_id: number | null;
  group_name: string | null;
  chat_name: string | null;
  status: ImportRecord['status'];
  started_at: number;
  finished_at: number | null;
  rows_read: number;
  messages_added: number;
  messages_duplicate: number;
  rows_skipped: number;
  rows_rejected: number;
  error_code: string | null;
  error_key: string | null;
  error_params: string | null;
  report: string | null;
}

const iso = (epoch: number | null | undefined) => (epoch == null ? null : new Date(epoch).toISOString());

function toRecord(db: Db, row: ImportDbRow): ImportRecord {
  const details = row.report ? (JSON.parse(row.report) as Partial<ImportReportDetails>) : {};
  return {
    id: row.id,
    fileName: row.file_name,
    filePath: row.file_path,
    fileSize: row.file_size,
    sha256: row.sha256,
    format: row.format,
    encoding: row.encoding,
    timeZone: row.time_zone,
    groupId: row.group_id,
    groupName: row.group_name,
    chatName: row.chat_name,
    status: row.status,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: iso(row.finished_at),
    read: row.rows_read,
    inserted: row.messages_added,
    duplicates: row.messages_duplicate,
    skipped: row.rows_skipped,
    rejected: row.rows_rejected,
    firstAt: iso(details.firstAt),
    lastAt: iso(details.lastAt),
    members: details.members ?? null,
    error: row.error_key
      ? {
          code: row.error_code ?? 'INTERNAL',
          message: row.error_key,
          ...(row.error_params
            ? { params: JSON.parse(row.error_params) as Record<string, string | number> }
            : {}),
        }
      : null,
    rejectedRows: row.rows_rejected > 0 ? listRejections(db, row.id) : [],
  };
}

const selectImports = `SELECT i.*, g.name AS group_name FROM imports i LEFT JOIN groups g ON g.id = i.group_id`;

export function listImports(
  db: Db,
  query: { groupId?: number | undefined; offset: number; limit: number },
): Page<ImportRecord> {
  const where = query.groupId === undefined ? '' : 'WHERE i.group_id = @groupId';
  const params = { groupId: query.groupId, offset: query.offset, limit: query.limit };
  const total = (db.prepare(`SELECT count(*) AS n FROM imports i ${where}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(`${selectImports} ${where} ORDER BY i.started_at DESC, i.id DESC LIMIT @limit OFFSET @offset`)
    .all(params) as ImportDbRow[];
  return { total, rows: rows.map((row) => toRecord(db, row)) };
}

export function getImport(db: Db, importId: number): ImportRecord | null {
  const row = db.prepare(`${selectImports} WHERE i.id = ?`).get(importId) as ImportDbRow | undefined;
  return row ? toRecord(db, row) : null;
}

/** The last finished import of a file with this name and size: the preview warns before a re-import. */
export function findFinishedImportOf(db: Db, fileName: string, fileSize: number): ImportRecord | null {
  const row = db
    .prepare(
      `${selectImports} WHERE i.file_name = ? AND i.file_size = ? AND i.status = 'done' ORDER BY i.id DESC LIMIT 1`,
    )
    .get(fileName, fileSize) as ImportDbRow | undefined;
  return row ? toRecord(db, row) : null;
}

/** Whether another import still keeps a raw copy with this hash (so a failed import may delete its copy). */
export function isRawFileReferenced(db: Db, sha256: string, exceptImportId: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM imports WHERE sha256 = ? AND id <> ? AND status IN ('done', 'cancelled', 'running') LIMIT 1`,
      )
      .get(sha256, exceptImportId) !== undefined
  );
}

/**
 * Imports left `running` by a process that died: no heartbeat for `staleAfterMs`. They become `failed` with the
 * interrupted reason; their finished batches stay (re-importing the file completes them).
 */
export function markInterruptedImports(db: Db, now: number, staleAfterMs: number): number {
  return db
    .prepare(
      `UPDATE imports SET status = 'failed', finished_at = ?, error_code = 'IO', error_key = 'import.errors.interrupted'
       WHERE status = 'running' AND coalesce(heartbeat_at, started_at) < ?`,
    )
    .run(now, now - staleAfterMs).changes;
}
