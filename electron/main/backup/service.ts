/**
 * The app's side of backups: vault registrations and settings in the workspace database, unlocked vault keys held
 * in memory for the session (never stored), and the jobs that do the work.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import type {
  BackupSettings,
  BackupStatus,
  CreatedVault,
  PathPurpose,
  PruneReport,
  SnapshotList,
  VaultSummary,
} from '../../../shared/ipc/channels/backup';
import type { Locale } from '../../../shared/domain/types';
import { translate } from '../../../shared/i18n';
import { AppError } from '../../../shared/ipc/errors';
import type { NativePorts } from '../backend';
import type { Db } from '../db/connection';
import {
  deleteVaultRow,
  getBackupSettings,
  getVaultRow,
  lastBackupTimes,
  listVaultRows,
  listVerifications,
  updateBackupSettings,
  upsertVaultRow,
  type VaultRow,
} from '../db/repositories/backup';
import type {
  BackupJobInput,
  ExportArchiveJobInput,
  ImportArchiveJobInput,
  RestoreJobInput,
  VerifyJobInput,
} from '../jobs/backupJob';
import type { JobRunner } from '../jobs/runner';
import { checkArchiveDestination, checkImportTarget, requireAbsolutePath } from './archive';
import { archiveExtension, readArchiveHeader, unlockArchive } from './archiveFormat';
import { isDirectoryEmpty } from './files';
import { summarizeManifest } from './manifest';
import { pruneVault } from './retention';
import { backupHealth, nextBackupDue } from './schedule';
import { Vault } from './vault';

export interface BackupServiceDeps {
  db: Db;
  jobs: JobRunner;
  now(): number;
  operator(): string;
  appVersion: string;
}

const backupJobKinds = new Set([
  'backup.create',
  'backup.verify',
  'backup.restore',
  'backup.exportArchive',
  'backup.importArchive',
]);

export type RestoreTarget = { kind: 'folder'; path: string; allowNonEmpty: boolean } | { kind: 'workspace' };

export function createBackupService(deps: BackupServiceDeps) {
  const { db, jobs } = deps;
  /** Vault id → data key, for this session only. */
  const unlockedKeys = new Map<number, Buffer>();

  const requireRow = (id: number): VaultRow => {
    const row = getVaultRow(db, id);
    if (!row) throw new AppError('NOT_FOUND', 'backup.errors.vaultNotFound', { id });
    return row;
  };

  const vaultAvailable = (row: VaultRow): boolean => {
    try {
      return Vault.readHeader(row.path).vaultUuid === row.vaultUuid;
    } catch {
      return false;
    }
  };

  const summarize = (row: VaultRow): VaultSummary => {
    const times = lastBackupTimes(db, row.id);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: row.id,
      path: row.path,
      label: row.label,
      encrypted: row.encrypted,
      vaultUuid: row.vaultUuid,
      createdAt: new Date(row.createdAt).toISOString(),
      isDefault: getBackupSettings(db).defaultVaultId === row.id,
      available: vaultAvailable(row),
      unlocked: !row.encrypted || unlockedKeys.has(row.id),
      lastSnapshotAt: iso(times.lastAt),
      lastGoodBackupAt: iso(times.lastGoodAt),
    };
  };

  /** Opens a registered vault with the key held for the session. */
  const openRegistered = async (row: VaultRow): Promise<Vault> => {
    if (row.encrypted && !unlockedKeys.has(row.id))
      throw new AppError('VALIDATION', 'backup.errors.vaultLocked');
    const vault = await Vault.open(row.path, { dataKey: unlockedKeys.get(row.id) });
    if (vault.uuid !== row.vaultUuid)
      throw new AppError('CONFLICT', 'backup.errors.vaultChanged', { path: row.path });
    return vault;
  };

  const secretFor = (row: VaultRow) => {
    const key = unlockedKeys.get(row.id);
    if (row.encrypted && !key) throw new AppError('VALIDATION', 'backup.errors.vaultLocked');
    return key ? { dataKey: key.toString('base64') } : {};
  };

  const runningBackupJob = () =>
    jobs.list().find((job) => job.status === 'running' && backupJobKinds.has(job.kind));

  const register = (vault: Vault, label: string, makeDefault: boolean): number => {
    const id = db.transaction(() => {
      const vaultId = upsertVaultRow(
        db,
        { path: vault.dir, label, vaultUuid: vault.uuid, encrypted: vault.encrypted },
        deps.now(),
      );
      if (makeDefault || getBackupSettings(db).defaultVaultId === null)
        updateBackupSettings(db, { defaultVaultId: vaultId });
      return vaultId;
    })();
    if (vault.dataKey) unlockedKeys.set(id, vault.dataKey);
    return id;
  };

  const startBackup = (row: VaultRow, kind: 'manual' | 'scheduled'): string => {
    if (runningBackupJob()) throw new AppError('CONFLICT', 'backup.errors.alreadyRunning');
    if (!vaultAvailable(row))
      throw new AppError('NOT_FOUND', 'backup.errors.vaultUnavailable', { path: row.path });
    const input: BackupJobInput = {
      vaultDir: row.path,
      secret: secretFor(row),
      kind,
      appVersion: deps.appVersion,
    };
    return jobs.start('backup.create', input, deps.operator());
  };

  const service = {
    vaults: (): VaultSummary[] => listVaultRows(db).map(summarize),

    async createVault(input: {
      path: string;
      label: string;
      passphrase?: string | undefined;
      recoveryKey?: string | undefined;
      allowUnencrypted: boolean;
      makeDefault: boolean;
    }): Promise<CreatedVault> {
      const path = requireAbsolutePath(input.path);
      if (Vault.isVault(path)) {
        const vault = await Vault.open(path, {
          passphrase: input.passphrase,
          recoveryKey: input.recoveryKey,
        });
        const id = register(vault, input.label, input.makeDefault);
        return { vault: summarize(requireRow(id)), recoveryKey: null, attached: true };
      }
      if (input.passphrase === undefined && !input.allowUnencrypted) {
        throw new AppError('VALIDATION', 'backup.errors.passphraseRequired');
      }
      const { vault, recoveryKey } = await Vault.create(path, {
        passphrase: input.passphrase,
        allowUnencrypted: input.allowUnencrypted,
        now: deps.now(),
      });
      const id = register(vault, input.label, input.makeDefault);
      return { vault: summarize(requireRow(id)), recoveryKey, attached: false };
    },

    removeVault(id: number): { removed: true } {
      requireRow(id);
      unlockedKeys.delete(id);
      deleteVaultRow(db, id);
      return { removed: true };
    },

    async unlock(input: {
      vaultId: number;
      passphrase?: string | undefined;
      recoveryKey?: string | undefined;
    }): Promise<VaultSummary> {
      const row = requireRow(input.vaultId);
      const vault = await Vault.open(row.path, {
        passphrase: input.passphrase,
        recoveryKey: input.recoveryKey,
      });
      if (vault.uuid !== row.vaultUuid)
        throw new AppError('CONFLICT', 'backup.errors.vaultChanged', { path: row.path });
      if (vault.dataKey) unlockedKeys.set(row.id, vault.dataKey);
      return summarize(row);
    },

    lock(vaultId: number): VaultSummary {
      const row = requireRow(vaultId);
      unlockedKeys.delete(row.id);
      return summarize(row);
    },

    async changePassphrase(input: { vaultId: number; newPassphrase: string }): Promise<VaultSummary> {
      const row = requireRow(input.vaultId);
      const vault = await openRegistered(row);
      await vault.changePassphrase(input.newPassphrase);
      return summarize(row);
    },

    async snapshots(vaultId: number): Promise<SnapshotList> {
      const row = requireRow(vaultId);
      const vault = await openRegistered(row);
      const { manifests, damaged } = vault.readAllManifests();
      const verifications = listVerifications(db, row.id);
      return {
        vaultId: row.id,
        snapshots: manifests.map((manifest) => ({
          ...summarizeManifest(manifest),
          verified: verifications.get(manifest.id) ?? null,
        })),
        damaged: damaged.map((error) => ({ id: error.snapshotId, reason: error.reason })),
      };
    },

    start(vaultId: number | undefined): { jobId: string } {
      const id = vaultId ?? getBackupSettings(db).defaultVaultId;
      if (id === null) throw new AppError('NOT_FOUND', 'backup.errors.noDefaultVault');
      return { jobId: startBackup(requireRow(id), 'manual') };
    },

    verify(input: { vaultId: number; snapshotId?: string | undefined }): { jobId: string } {
      const row = requireRow(input.vaultId);
      const jobInput: VerifyJobInput = {
        vaultDir: row.path,
        secret: secretFor(row),
        snapshotId: input.snapshotId,
      };
      return { jobId: jobs.start('backup.verify', jobInput, deps.operator()) };
    },

    restore(input: { vaultId: number; snapshotId: string; target: RestoreTarget }): { jobId: string } {
      const row = requireRow(input.vaultId);
      // Restoring over the workspace while something else writes to it would mix the two.
      if (input.target.kind === 'workspace' && jobs.list().some((job) => job.status === 'running')) {
        throw new AppError('CONFLICT', 'backup.errors.jobsRunning');
      }
      // Checked here, so the dialog says what is wrong with the folder instead of a job failing later.
      const target =
        input.target.kind === 'folder'
          ? { ...input.target, path: checkRestoreFolder(input.target.path, input.target.allowNonEmpty) }
          : input.target;
      const jobInput: RestoreJobInput = {
        vaultDir: row.path,
        secret: secretFor(row),
        snapshotId: input.snapshotId,
        target,
        appVersion: deps.appVersion,
      };
      return { jobId: jobs.start('backup.restore', jobInput, deps.operator()) };
    },

    async prune(input: {
      vaultId: number;
      keepDaily?: number | undefined;
      keepWeekly?: number | undefined;
      keepMonthly?: number | undefined;
      dryRun: boolean;
    }): Promise<PruneReport> {
      const row = requireRow(input.vaultId);
      if (runningBackupJob()) throw new AppError('CONFLICT', 'backup.errors.alreadyRunning');
      const settings = getBackupSettings(db);
      const vault = await openRegistered(row);
      const report = await pruneVault(
        vault,
        {
          keepDaily: input.keepDaily ?? settings.keepDaily,
          keepWeekly: input.keepWeekly ?? settings.keepWeekly,
          keepMonthly: input.keepMonthly ?? settings.keepMonthly,
        },
        { dryRun: input.dryRun },
      );
      if (!input.dryRun && report.removed.length > 0) {
        const forget = db.prepare('DELETE FROM backup_verifications WHERE vault_id = ? AND snapshot_id = ?');
        db.transaction(() => report.removed.forEach((id) => forget.run(row.id, id)))();
      }
      return report;
    },

    /** Packs the whole workspace into one encrypted file (job `backup.exportArchive`). */
    exportArchive(input: { path: string; passphrase: string; overwrite: boolean }): { jobId: string } {
      const outPath = requireAbsolutePath(input.path);
      checkArchiveDestination(outPath, input.overwrite);
      if (runningBackupJob()) throw new AppError('CONFLICT', 'backup.errors.alreadyRunning');
      const jobInput: ExportArchiveJobInput = {
        outPath,
        passphrase: input.passphrase,
        overwrite: input.overwrite,
        appVersion: deps.appVersion,
      };
      return { jobId: jobs.start('backup.exportArchive', jobInput, deps.operator()) };
    },

    /**
     * Unpacks an archive into a new or empty folder (job `backup.importArchive`). The folder, the file and the
     * passphrase are checked first, so the dialog can say what is wrong; the job does the rest.
     */
    async importArchive(input: {
      path: string;
      target: string;
      passphrase: string;
    }): Promise<{ jobId: string }> {
      const archivePath = requireAbsolutePath(input.path);
      const target = requireAbsolutePath(input.target);
      checkImportTarget(target);
      if (runningBackupJob()) throw new AppError('CONFLICT', 'backup.errors.alreadyRunning');
      let fd: number;
      try {
        fd = openSync(archivePath, 'r');
      } catch {
        throw new AppError('NOT_FOUND', 'backup.errors.archiveNotFound', { path: archivePath });
      }
      try {
        const { header } = readArchiveHeader(fd, archivePath);
        await unlockArchive(header, input.passphrase, archivePath);
      } finally {
        closeSync(fd);
      }
      const jobInput: ImportArchiveJobInput = { archivePath, target, passphrase: input.passphrase };
      return { jobId: jobs.start('backup.importArchive', jobInput, deps.operator()) };
    },

    status(): BackupStatus {
      const settings = getBackupSettings(db);
      const { lastAt, lastGoodAt } = lastBackupTimes(db);
      const now = deps.now();
      const health = backupHealth(lastGoodAt, settings.warnAfterHours, now);
      const due = nextBackupDue(settings, lastAt, now);
      return {
        lastGoodBackupAt: lastGoodAt === null ? null : new Date(lastGoodAt).toISOString(),
        ageHours: health.ageHours,
        stale: health.stale,
        warnAfterHours: settings.warnAfterHours,
        nextDueAt: due === null ? null : new Date(due).toISOString(),
        defaultVaultId: settings.defaultVaultId,
        runningJobId: runningBackupJob()?.id ?? null,
      };
    },

    settings: (): BackupSettings => getBackupSettings(db),

    updateSettings(patch: Partial<BackupSettings>): BackupSettings {
      if (patch.defaultVaultId != null) requireRow(patch.defaultVaultId);
      return updateBackupSettings(db, patch);
    },

    /**
     * For the daily scheduler in the shell (call it every minute or so): starts the scheduled backup when it is
     * due, the default vault is reachable and unlocked, and nothing else is backing up; then prunes by retention.
     */
    tick(): { jobId: string; finished: Promise<void> } | null {
      const settings = getBackupSettings(db);
      const due = nextBackupDue(settings, lastBackupTimes(db).lastAt, deps.now());
      if (due === null || due > deps.now() || settings.defaultVaultId === null || runningBackupJob())
        return null;
      const row = getVaultRow(db, settings.defaultVaultId);
      if (!row || (row.encrypted && !unlockedKeys.has(row.id)) || !vaultAvailable(row)) return null;
      const jobId = startBackup(row, 'scheduled');
      const finished = jobs.wait(jobId).then(async (job) => {
        if (job.status === 'done')
          await service.prune({ vaultId: row.id, dryRun: false }).catch(() => undefined);
      });
      return { jobId, finished };
    },
  };
  return service;
}

/**
 * The native dialog for an archive to write, an archive to read or a folder; UNSUPPORTED where there is none
 * (browser mode), so the screen lets the user type the path.
 */
export async function pickBackupPath(
  ports: NativePorts,
  purpose: PathPurpose,
  locale: Locale,
  now: number,
): Promise<{ path: string | null }> {
  const title = translate(locale, `backup.dialogs.${purpose}`);
  const filters = [
    { name: translate(locale, 'backup.dialogs.archiveFilter'), extensions: [archiveExtension] },
  ];
  if (purpose === 'archiveExport') {
    if (!ports.pickSavePath) throw new AppError('UNSUPPORTED');
    const date = new Date(now).toISOString().slice(0, 10);
    return {
      path: await ports.pickSavePath({ title, defaultName: `qundesk-${date}.${archiveExtension}`, filters }),
    };
  }
  if (!ports.pickFiles) throw new AppError('UNSUPPORTED');
  const paths = await ports.pickFiles(
    purpose === 'folder' ? { title, filters: [], folders: true } : { title, filters },
  );
  return { path: paths[0] ?? null };
}

/** A restore folder: absolute, a folder (or not there yet), and empty unless the user allowed otherwise. */
function checkRestoreFolder(path: string, allowNonEmpty: boolean): string {
  const folder = requireAbsolutePath(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    return folder;
  }
  if (!isFolder) throw new AppError('CONFLICT', 'backup.errors.notAFolder', { path: folder });
  if (!allowNonEmpty && !isDirectoryEmpty(folder))
    throw new AppError('CONFLICT', 'backup.errors.targetNotEmpty', { path: folder });
  return folder;
}

export type BackupService = ReturnType<typeof createBackupService>;
