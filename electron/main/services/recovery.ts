/**
 * The ways out of a damaged workspace, and the gate that keeps the app from writing while it is damaged.
 * The start-up check (services/workspace.ts) decides the state; here: what the recovery screen shows, restoring
 * the newest good backup snapshot (into a fresh folder, checked, then switched to), the read-only mode, and the
 * export of whatever can still be read. The damaged file itself is only ever read, then moved aside and kept.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { channelNames } from '../../../shared/ipc/contract';
import type {
  ReadableExport,
  ReadableTable,
  RecoveryRestoreReport,
  RecoveryStatus,
  RecoveryVault,
} from '../../../shared/ipc/channels/recovery';
import { AppError } from '../../../shared/ipc/errors';
import type { Backend } from '../backend';
import { databasePath, importsFolder } from '../backup/manifest';
import { restoreSnapshot } from '../backup/restore';
import { backupTempFolder } from '../backup/snapshot';
import { Vault } from '../backup/vault';
import type { Db } from '../db/connection';
import { recordAudit } from '../db/repositories/audit';
import { listVaultRows, listVerifications } from '../db/repositories/backup';
import type { Handlers } from '../ipc/dispatcher';
import { exportWatermark } from './audit';
import { storageFailure } from './diskErrors';
import { openReadOnlyFile, type ReadOnlyFile } from './workspace';
import { workspaceDbFile } from './workspacePaths';

/** Channels that work while the workspace is damaged: the recovery screen, settings, the job list, the lock. */
const openWhileDamaged = /^(recovery|diagnostics|settings|jobs|session)\./;
/**
 * Read-only mode refuses these before they start: they change a backup vault (outside the database, so SQLite's
 * read-only connection would not stop them). Every other write is refused by that connection or the job gate.
 */
const vaultWrites = new Set<string>([
  'backup.createVault',
  'backup.removeVault',
  'backup.changePassphrase',
  'backup.prune',
  'backup.importArchive',
]);
/** At most this many snapshots are tried, newest first, before giving up. */
const snapshotAttempts = 5;

const stamp = (at: number) => new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Throws the clear refusal when the workspace cannot be written (damaged or read-only); jobs ask it before starting. */
export function assertWritable(backend: Pick<Backend, 'workspace'>): void {
  const { state } = backend.workspace;
  if (state === 'damaged') throw new AppError('UNSUPPORTED', 'recovery.errors.damaged');
  if (state === 'readOnly') throw new AppError('UNSUPPORTED', 'recovery.errors.readOnly');
}

/** Raw write failures become the clear messages; in read-only mode SQLite's refusal says "read-only mode". */
function explainFailure(error: unknown, backend: Pick<Backend, 'workspace'>): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'))
    return new AppError('BAD_FILE', 'recovery.errors.corruptData', { reason: code });
  const failure = storageFailure(error);
  if (!failure) return error;
  if (backend.workspace.state !== 'ok' && failure.messageKey === 'recovery.errors.readOnlyFolder')
    return new AppError('UNSUPPORTED', 'recovery.errors.readOnly');
  return failure;
}

/**
 * Wraps every handler: refused while damaged (except the recovery channels), vault writes refused in read-only
 * mode, and disk-full or read-only failures turned into clear errors. Looks the handler up at call time, so a
 * backend that reopens its workspace can swap the handlers underneath.
 */
export function guardHandlers(handlers: Handlers, backend: Pick<Backend, 'workspace'>): Handlers {
  const guarded: Record<string, (input: unknown) => unknown> = {};
  for (const name of channelNames) {
    guarded[name] = (input) => {
      const { state } = backend.workspace;
      if (state === 'damaged' && !openWhileDamaged.test(name))
        throw new AppError('UNSUPPORTED', 'recovery.errors.damaged');
      if (state === 'readOnly' && vaultWrites.has(name))
        throw new AppError('UNSUPPORTED', 'recovery.errors.readOnly');
      try {
        const result = (handlers[name] as (input: unknown) => unknown)(input);
        return result instanceof Promise
          ? result.catch((error: unknown) => Promise.reject(explainFailure(error, backend)))
          : result;
      } catch (error) {
        throw explainFailure(error, backend);
      }
    };
  }
  return guarded as Handlers;
}

/** Runs `read` on a fresh read-only connection to the workspace file; null when the file cannot be opened. */
function withReadOnlyFile<T>(dir: string, read: (db: Db) => T): T | null {
  const file = workspaceDbFile(dir);
  if (!existsSync(file)) return null;
  let connection: ReadOnlyFile;
  try {
    connection = openReadOnlyFile(file);
  } catch {
    return null;
  }
  try {
    connection.db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    connection.close();
    return null;
  }
  try {
    return read(connection.db);
  } finally {
    connection.close();
  }
}

function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function vaultAvailable(path: string, uuid: string): boolean {
  return attempt(() => Vault.readHeader(path).vaultUuid === uuid, false);
}

/** The vaults the workspace had registered, read from its (damaged) database where that still works. */
function registeredVaults(db: Db): RecoveryVault[] {
  return attempt(() => listVaultRows(db), []).map((row) => {
    const verified = [...attempt(() => listVerifications(db, row.id), new Map()).entries()]
      .filter(([, verification]) => verification.ok)
      .sort(([a], [b]) => b.localeCompare(a))[0];
    return {
      id: row.id,
      path: row.path,
      label: row.label,
      encrypted: row.encrypted,
      available: vaultAvailable(row.path, row.vaultUuid),
      lastVerifiedSnapshotId: verified?.[0] ?? null,
      lastVerifiedAt: verified?.[1].at ?? null,
    };
  });
}

export function recoveryStatus(backend: Backend): RecoveryStatus {
  const { workspace } = backend;
  const facts =
    workspace.state === 'ok'
      ? { readable: true, vaults: registeredVaults(workspace.db) }
      : (withReadOnlyFile(workspace.dir, (db) => ({ readable: true, vaults: registeredVaults(db) })) ?? {
          readable: false,
          vaults: [],
        });
  return {
    state: workspace.state,
    workspacePath: workspace.dir,
    problems: workspace.check.problems,
    schemaVersion: workspace.check.schemaVersion,
    ...facts,
  };
}

export async function openReadOnly(backend: Backend): Promise<RecoveryStatus> {
  if (backend.workspace.state === 'ok') throw new AppError('CONFLICT', 'recovery.errors.notDamaged');
  if (backend.workspace.state === 'damaged') await backend.reopen('readOnly');
  return recoveryStatus(backend);
}

export interface RestoreLatestInput {
  vaultId?: number | undefined;
  vaultPath?: string | undefined;
  passphrase?: string | undefined;
  recoveryKey?: string | undefined;
}

function pickVault(backend: Backend, input: RestoreLatestInput): { path: string; id: number | null } {
  if (input.vaultPath) return { path: resolve(input.vaultPath), id: null };
  const vaults = recoveryStatus(backend).vaults;
  const chosen =
    input.vaultId !== undefined
      ? vaults.find((vault) => vault.id === input.vaultId)
      : vaults.find((vault) => vault.available);
  if (!chosen) throw new AppError('NOT_FOUND', 'recovery.errors.noVault');
  return { path: chosen.path, id: chosen.id };
}

function moveTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) moveTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) renameSync(join(from, entry.name), join(to, entry.name));
  }
}

const databaseFiles = (file: string) => ['', '-wal', '-shm', '-journal'].map((suffix) => `${file}${suffix}`);

/**
 * Moves the damaged database (and its journal files) into `damagedDir`, then the restored one into place, then the
 * restored raw import files. If placing the restored database fails, the damaged one is put back.
 */
function switchToRestored(workspaceDir: string, staging: string, damagedDir: string): void {
  const live = workspaceDbFile(workspaceDir);
  mkdirSync(damagedDir, { recursive: true });
  const moved: [string, string][] = [];
  for (const file of databaseFiles(live)) {
    if (!existsSync(file)) continue;
    const target = join(damagedDir, basename(file));
    renameSync(file, target);
    moved.push([target, file]);
  }
  try {
    renameSync(join(staging, databasePath), live);
  } catch (error) {
    for (const [from, to] of moved) renameSync(from, to);
    throw error;
  }
  const stagedImports = join(staging, importsFolder);
  if (existsSync(stagedImports)) moveTree(stagedImports, join(workspaceDir, importsFolder));
}

/**
 * Restores the newest snapshot that comes back whole (every object authenticated, database integrity ok, counts
 * as recorded) into a staging folder, skipping snapshots this workspace recorded as failing verification; then
 * moves the damaged database aside and switches the backend to the restored workspace.
 */
export async function restoreLatest(
  backend: Backend,
  input: RestoreLatestInput,
): Promise<RecoveryRestoreReport> {
  if (backend.workspace.state === 'ok') throw new AppError('CONFLICT', 'recovery.errors.notDamaged');
  const { path, id } = pickVault(backend, input);
  const vault = await Vault.open(path, { passphrase: input.passphrase, recoveryKey: input.recoveryKey });
  const recorded =
    id === null
      ? new Map<string, { ok: boolean }>()
      : (withReadOnlyFile(backend.workspace.dir, (db) =>
          attempt(() => listVerifications(db, id), new Map()),
        ) ?? new Map<string, { ok: boolean }>());
  const candidates = vault
    .readAllManifests()
    .manifests.filter((manifest) => recorded.get(manifest.id)?.ok !== false)
    .sort((a, b) => b.id.localeCompare(a.id))
    .slice(0, snapshotAttempts);

  const workspaceDir = backend.workspace.dir;
  const now = backend.context.now();
  for (const manifest of candidates) {
    const staging = join(
      workspaceDir,
      backupTempFolder,
      `recovery-${process.pid}-${randomBytes(6).toString('hex')}`,
    );
    try {
      const report = await restoreSnapshot(vault, manifest.id, staging);
      if (!report.complete) continue;
      const damagedDir = join(workspaceDir, `damaged-${stamp(now)}`);
      await backend.reopen('normal', () => switchToRestored(workspaceDir, staging, damagedDir));
      const { context } = backend;
      recordAudit(context.db, context.now(), {
        operator: context.operator(),
        action: 'recovery-restore',
        entity: 'workspace',
        detail: { vault: vault.uuid, snapshot: manifest.id, damagedCopy: basename(damagedDir) },
      });
      return {
        snapshotId: manifest.id,
        snapshotCreatedAt: manifest.createdAt,
        vaultPath: vault.dir,
        previouslyVerified: recorded.get(manifest.id)?.ok === true,
        counts: report.database?.counts ?? null,
        restoredFiles: report.restoredFiles,
        damagedCopy: damagedDir,
      };
    } catch (error) {
      throw storageFailure(error, workspaceDir) ?? error;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  throw new AppError('NOT_FOUND', 'recovery.errors.noGoodSnapshot');
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Buffer.isBuffer(value) ? `base64:${value.toString('base64')}` : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Tables worth dumping: real tables, not SQLite's own nor a full-text index's shadow tables. */
function readableTableNames(db: Db): string[] {
  const rows = db
    .prepare("SELECT name, type, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as {
    name: string;
    sql: string | null;
  }[];
  const virtual = rows.filter((row) => /^CREATE VIRTUAL/i.test(row.sql ?? '')).map((row) => row.name);
  return rows
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_') && !virtual.some((table) => name.startsWith(`${table}_`)))
    .filter((name) => !virtual.includes(name));
}

/**
 * Streams one table to CSV; stops at the first unreadable page and says how far it got. A watermark goes on its own
 * first line, as on the other exports of personal data.
 */
function dumpTable(db: Db, table: string, file: string, watermark: string | undefined): ReadableTable {
  const fd = openSync(file, 'wx');
  let rows = 0;
  try {
    const statement = db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).raw(true);
    const columns = statement.columns().map((column) => column.name);
    const stamp = watermark === undefined ? '' : `${csvCell(watermark)}\r\n`;
    // A BOM so spreadsheet programs read the Chinese text as UTF-8.
    writeSync(fd, `\ufeff${stamp}${columns.map(csvCell).join(',')}\r\n`);
    let buffer = '';
    for (const row of statement.iterate() as Iterable<unknown[]>) {
      buffer += `${row.map(csvCell).join(',')}\r\n`;
      rows += 1;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
    return { name: table, rows, complete: true, error: null };
  } catch (error) {
    const failure = storageFailure(error, file);
    if (failure) throw failure;
    return { name: table, rows, complete: false, error: (error as { code?: string }).code ?? String(error) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Dumps every table of the workspace file that can still be read into a new folder (CSV per table + summary). It is
 * every piece of personal data at once: stamped with the export watermark when the (readable) lock settings ask
 * for it, the summary always names who exported it, and a writable workspace records it in the audit log. A damaged
 * or read-only one is never written to, so there the summary is the only record.
 */
export function exportReadable(backend: Backend, input: { path?: string | undefined }): ReadableExport {
  const { dir } = backend.workspace;
  const who = { operator: backend.context.operator(), now: backend.context.now() };
  const folder = resolve(input.path ?? join(dirname(dir), `qundesk-readable-${stamp(who.now)}`));
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new AppError('CONFLICT', 'recovery.errors.targetNotEmpty', { path: folder });
  const result = withReadOnlyFile(dir, (db) => {
    const names = attempt(() => readableTableNames(db), null);
    if (names === null) return null;
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw storageFailure(error, folder) ?? error;
    }
    // Settings on a damaged page read as the defaults, as the session reads them (services/session.ts).
    const watermark = attempt(() => exportWatermark(db, who), undefined);
    const tables = names.map((name) => dumpTable(db, name, join(folder, `${name}.csv`), watermark));
    const summary = {
      exportedAt: new Date(who.now).toISOString(),
      exportedBy: who.operator,
      watermark: watermark ?? null,
      schemaVersion: attempt(() => db.pragma('user_version', { simple: true }) as number, null),
      startupCheck: backend.workspace.check.problems,
      tables,
    };
    const fd = openSync(join(folder, 'export.json'), 'wx');
    try {
      writeSync(fd, JSON.stringify(summary, null, 2));
    } finally {
      closeSync(fd);
    }
    return tables;
  });
  if (result === null) throw new AppError('BAD_FILE', 'recovery.errors.nothingReadable');
  const totalRows = result.reduce((sum, table) => sum + table.rows, 0);
  if (backend.workspace.state === 'ok')
    recordAudit(backend.context.db, who.now, {
      operator: who.operator,
      action: 'export',
      entity: 'workspace',
      detail: { folder, tables: result.length, rows: totalRows },
    });
  return { folder, tables: result, totalRows };
}

/** For the CLI: a damaged workspace is only opened by the commands that report on it. */
export function refuseDamagedForCli<B extends Pick<Backend, 'workspace' | 'close'>>(
  commandName: string,
  backend: B,
): B {
  if (backend.workspace.state === 'ok' || ['doctor', 'diagnostics'].includes(commandName)) return backend;
  const problems = backend.workspace.check.problems.length;
  void backend.close();
  throw new AppError('UNSUPPORTED', 'recovery.errors.damagedCli', { problems });
}
