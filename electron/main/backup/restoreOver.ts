/**
 * Restore over the open workspace. First a safety snapshot of the workspace as it is (into the same vault), then
 * the chosen snapshot restored and checked in a staging folder, and only then the swap: the database content is
 * copied into the live database file with SQLite's backup API (the app's open connections see the new content on
 * their next read, nothing needs reopening), and the raw import files are moved into place.
 * The vault registrations, backup settings and history of the present workspace are kept.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RestoreReport } from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import type { Db } from '../db/connection';
import { latestSchemaVersion, migrate } from '../db/migrations';
import { recordAudit } from '../db/repositories/audit';
import { exportBackupState, importBackupState } from '../db/repositories/backup';
import { workspaceDbFile } from '../services/workspacePaths';
import { backupWorkspace } from './backupRun';
import { pathExists } from './files';
import { databasePath, importsFolder } from './manifest';
import { readManifestOrThrow, restoreSnapshot } from './restore';
import { backupTempFolder } from './snapshot';
import { quietSteps, type WorkSteps } from './steps';
import type { Vault } from './vault';

export interface RestoreOverOptions {
  workspaceDir: string;
  /** A connection to the workspace (the job's own). */
  db: Db;
  operator: string;
  appVersion?: string | null | undefined;
  now?: (() => number) | undefined;
  steps?: WorkSteps | undefined;
}

function moveTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) moveTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) renameSync(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * SQLite's backup API cannot write into a WAL database whose page size differs from the source's (a workspace made
 * with 16 KB pages, a snapshot of one made before with 4 KB, or the other way): the staged copy is rewritten to the
 * live database's page size first.
 */
function matchPageSize(staged: Database.Database, live: Db): void {
  const pageBytes = live.pragma('page_size', { simple: true }) as number;
  if (staged.pragma('page_size', { simple: true }) === pageBytes) return;
  staged.pragma('journal_mode = DELETE');
  staged.pragma(`page_size = ${pageBytes}`);
  staged.exec('VACUUM');
}

export async function restoreOverWorkspace(
  vault: Vault,
  snapshotId: string,
  options: RestoreOverOptions,
): Promise<RestoreReport> {
  const steps = options.steps ?? quietSteps;
  const now = options.now ?? Date.now;
  const manifest = readManifestOrThrow(vault, snapshotId);
  if (manifest.workspace.schemaVersion > latestSchemaVersion) {
    throw new AppError('UNSUPPORTED', 'errors.newerDatabase', {
      found: manifest.workspace.schemaVersion,
      supported: latestSchemaVersion,
    });
  }

  const safety = await backupWorkspace(vault, {
    workspaceDir: options.workspaceDir,
    db: options.db,
    kind: 'safety',
    appVersion: options.appVersion,
    now,
    steps,
  });
  if (!safety.verify.ok) throw new AppError('IO', 'backup.errors.safetySnapshotFailed');

  const staging = join(
    options.workspaceDir,
    backupTempFolder,
    `restore-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  try {
    const report = await restoreSnapshot(vault, snapshotId, staging, { steps });
    if (!report.database || report.database.integrity !== 'ok' || !report.database.countsMatch) {
      throw new AppError('BAD_FILE', 'backup.errors.restoreDatabaseFailed', { id: snapshotId });
    }
    steps.throwIfCancelled();
    steps.progress(1, 1, 'backup.steps.swap');
    const kept = exportBackupState(options.db);
    const staged = new Database(join(staging, databasePath), { fileMustExist: true });
    try {
      matchPageSize(staged, options.db);
      await staged.backup(workspaceDbFile(options.workspaceDir), { progress: () => 0x7fffffff });
    } finally {
      staged.close();
    }
    // An older snapshot comes back at its own schema version; bring it up to this app's.
    if (manifest.workspace.schemaVersion < latestSchemaVersion) migrate(options.db);
    importBackupState(options.db, kept);
    recordAudit(options.db, now(), {
      operator: options.operator,
      action: 'backup-restore',
      entity: 'workspace',
      detail: { vault: vault.uuid, snapshot: snapshotId, safetySnapshot: safety.snapshot.id },
    });
    const stagedImports = join(staging, importsFolder);
    if (pathExists(stagedImports)) moveTree(stagedImports, join(options.workspaceDir, importsFolder));
    return {
      ...report,
      target: dirname(workspaceDbFile(options.workspaceDir)),
      safetySnapshotId: safety.snapshot.id,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
