/**
 * Backup vault channels: vault registrations, snapshots, backup / verify / restore jobs, prune, status and settings.
 * Passphrases and recovery keys travel only in the inputs of `backup.createVault`, `backup.unlock` and
 * `backup.changePassphrase`; the main process keeps the unlocked key in memory and never stores a secret.
 */
import { z } from 'zod';
import type { WorkspaceInfo } from '../../domain/types';
import { channel, idSchema, noInput, localPath } from '../channel';

export const snapshotKinds = ['manual', 'scheduled', 'safety'] as const;
export type SnapshotKind = (typeof snapshotKinds)[number];

/** `20240501-213000-a1b2c3`: creation time (UTC) and a random suffix; sorts by time. */
export const snapshotIdPattern = /^\d{8}-\d{6}-[0-9a-f]{6}$/;
export const snapshotIdSchema = z.string().regex(snapshotIdPattern);

export const minPassphraseLength = 8;
const passphrase = z.string().min(minPassphraseLength).max(1024);
const recoveryKey = z.string().trim().min(20).max(200);
const retentionCount = z.number().int().min(0).max(1000);
/** Minutes after local midnight. */
const timeOfDay = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 - 1);

export interface BackupCounts {
  groups: number;
  members: number;
  messages: number;
  imports: number;
  /** Files in the snapshot: the database plus every raw import file. */
  files: number;
}

export interface SnapshotVerification {
  at: string;
  ok: boolean;
  missing: number;
  damaged: number;
}

export interface SnapshotSummary {
  id: string;
  kind: SnapshotKind;
  createdAt: string;
  finishedAt: string;
  schemaVersion: number;
  counts: BackupCounts;
  /** Size of the workspace files in the snapshot. */
  totalBytes: number;
  /** Bytes this snapshot added to the vault (new objects and its manifest). */
  bytesWritten: number;
  /** Workspace bytes found already stored and shared with earlier snapshots. */
  bytesReused: number;
  newObjects: number;
  reusedObjects: number;
  /** Last verification this workspace recorded for the snapshot; null when never verified here. */
  verified: SnapshotVerification | null;
}

export interface DamagedSnapshot {
  id: string;
  /** i18n key saying why the manifest cannot be read. */
  reason: string;
}

export interface SnapshotList {
  vaultId: number;
  snapshots: SnapshotSummary[];
  /** Manifests that exist but cannot be read or authenticated. */
  damaged: DamagedSnapshot[];
}

export interface VaultSummary {
  id: number;
  path: string;
  label: string;
  encrypted: boolean;
  vaultUuid: string;
  createdAt: string;
  isDefault: boolean;
  /** False when the folder is unplugged or its header is gone. */
  available: boolean;
  /** True when the key is held in memory for this session (always true for unencrypted vaults). */
  unlocked: boolean;
  lastSnapshotAt: string | null;
  lastGoodBackupAt: string | null;
}

export interface CreatedVault {
  vault: VaultSummary;
  /** Shown once for the user to print; null for an unencrypted or an attached existing vault. */
  recoveryKey: string | null;
  /** True when the folder already held a vault, which is now registered. */
  attached: boolean;
}

/**
 * What is wrong with an object. `base`: the object is a delta and the object it is stored against (its base, or one
 * further down its chain) is missing or damaged, so it cannot be rebuilt or checked; the report names that one too.
 */
export type ObjectProblem = 'missing' | 'truncated' | 'authentication' | 'hash' | 'format' | 'base';

export interface VerifiedSnapshot {
  id: string;
  ok: boolean;
  /** Set when the manifest itself is damaged (i18n key); nothing else of the snapshot could be checked. */
  manifestProblem: string | null;
  missingObjects: string[];
  damagedObjects: string[];
  /** Workspace files of the snapshot that cannot be restored in full. */
  affectedFiles: string[];
}

export interface VerifyReport {
  ok: boolean;
  /**
   * full: every object re-read and authenticated. quick (right after a backup): the objects that backup wrote are
   * re-read, the others it shares with earlier snapshots are checked for presence and size.
   */
  mode: 'full' | 'quick';
  snapshots: VerifiedSnapshot[];
  objectsChecked: number;
  bytesRead: number;
  problems: { object: string; problem: ObjectProblem }[];
  /** Damaged objects moved aside so the next backup writes them again. */
  quarantined: string[];
  durationMs: number;
}

export interface RestoreReport {
  snapshotId: string;
  target: string;
  complete: boolean;
  restoredFiles: number;
  bytesWritten: number;
  failedFiles: { path: string; reason: string; objects: string[] }[];
  /** Entries refused because their path would leave the target folder. */
  refusedFiles: { path: string; reason: string }[];
  database: { integrity: string; countsMatch: boolean; counts: BackupCounts | null } | null;
  /** Restore over the workspace: the snapshot taken of it first. */
  safetySnapshotId: string | null;
}

/** "Open this workspace": the workspace the app now runs on, and the folder of the one it left (left as it was). */
export interface OpenedWorkspace {
  workspace: WorkspaceInfo;
  previousPath: string;
}

export interface BackupRunResult {
  snapshot: SnapshotSummary;
  verify: VerifyReport;
  /** Objects written again after the automatic verify found them damaged. */
  healedObjects: number;
}

export interface PruneReport {
  dryRun: boolean;
  kept: { id: string; reasons: string[] }[];
  removed: string[];
  objectsDeleted: number;
  bytesFreed: number;
  /** Bytes written to the vault (none: prune only deletes). */
  bytesWritten: number;
  /** Set when unreadable manifests stopped the sweep of unreferenced objects (i18n key). */
  sweepSkipped: string | null;
}

export interface BackupSettings {
  defaultVaultId: number | null;
  dailyEnabled: boolean;
  /** Minutes after local midnight. */
  timeOfDay: number;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  /** The red banner shows once the last good backup is older than this. */
  warnAfterHours: number;
}

export interface BackupStatus {
  lastGoodBackupAt: string | null;
  /** Hours since the last good backup; null when there is none. */
  ageHours: number | null;
  /** True when there is no good backup or it is older than the threshold: show the red banner. */
  stale: boolean;
  warnAfterHours: number;
  /** When the daily backup is next due (may be in the past: overdue); null when daily backups are off. */
  nextDueAt: string | null;
  defaultVaultId: number | null;
  /** A running backup, verify or restore job of this workspace. */
  runningJobId: string | null;
}

/** A workspace packed into one encrypted archive file (迁移包), to move it to another computer. */
export interface ArchiveExportReport {
  path: string;
  createdAt: string;
  /** The database and every raw import file. */
  files: number;
  /** Size of the workspace files packed. */
  totalBytes: number;
  /** Size of the archive file. */
  bytesWritten: number;
  counts: BackupCounts;
  /** The export watermark written into the archive's header, when the lock settings asked for one. */
  watermark: string | null;
}

/** An archive unpacked into a new folder; only a complete, checked import reports (anything else fails). */
export interface ArchiveImportReport {
  archivePath: string;
  target: string;
  /** When the archive was made. */
  createdAt: string;
  files: number;
  bytesWritten: number;
  counts: BackupCounts;
  /** `PRAGMA integrity_check` of the unpacked database: always 'ok' here. */
  integrity: string;
  schemaVersion: number;
  workspaceId: string | null;
  /** Who exported the archive and when, from its header, when it was stamped. */
  watermark: string | null;
}

/** What a native file dialog is asked for; browser mode has none (UNSUPPORTED) and the user types the path. */
export const pathPurposes = ['archiveExport', 'archiveImport', 'folder'] as const;
export type PathPurpose = (typeof pathPurposes)[number];

export const backupSettingsPatchSchema = z
  .object({
    defaultVaultId: idSchema.nullable(),
    dailyEnabled: z.boolean(),
    timeOfDay,
    keepDaily: retentionCount,
    keepWeekly: retentionCount,
    keepMonthly: retentionCount,
    warnAfterHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365),
  })
  .partial()
  .strict();

const restoreTarget = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('folder'), path: localPath, allowNonEmpty: z.boolean().default(false) })
    .strict(),
  z.object({ kind: z.literal('workspace') }).strict(),
]);

export const backupChannels = {
  'backup.vaults': channel<VaultSummary[]>()(noInput),
  /** Creates a vault in an empty or new folder, or registers the vault a folder already holds. */
  'backup.createVault': channel<CreatedVault>()(
    z
      .object({
        path: localPath,
        label: z.string().trim().max(80).default(''),
        passphrase: passphrase.optional(),
        recoveryKey: recoveryKey.optional(),
        allowUnencrypted: z.boolean().default(false),
        makeDefault: z.boolean().default(true),
      })
      .strict(),
  ),
  /** Forgets the registration; the vault folder and its snapshots stay untouched. */
  'backup.removeVault': channel<{ removed: true }>()(z.object({ id: idSchema }).strict()),
  'backup.unlock': channel<VaultSummary>()(
    z
      .object({
        vaultId: idSchema,
        passphrase: z.string().min(1).max(1024).optional(),
        recoveryKey: recoveryKey.optional(),
      })
      .strict()
      .refine((input) => (input.passphrase === undefined) !== (input.recoveryKey === undefined), {
        message: 'passphrase or recoveryKey',
      }),
  ),
  'backup.lock': channel<VaultSummary>()(z.object({ vaultId: idSchema }).strict()),
  /** Needs the vault unlocked (with the old passphrase or the recovery key); objects are not re-encrypted. */
  'backup.changePassphrase': channel<VaultSummary>()(
    z.object({ vaultId: idSchema, newPassphrase: passphrase }).strict(),
  ),
  'backup.snapshots': channel<SnapshotList>()(z.object({ vaultId: idSchema }).strict()),
  /** Starts job `backup.create` (result: BackupRunResult); default vault when vaultId is left out. */
  'backup.start': channel<{ jobId: string }>()(z.object({ vaultId: idSchema.optional() }).strict()),
  /** Starts job `backup.verify` (result: VerifyReport) over one snapshot or all. */
  'backup.verify': channel<{ jobId: string }>()(
    z.object({ vaultId: idSchema, snapshotId: snapshotIdSchema.optional() }).strict(),
  ),
  /** Starts job `backup.restore` (result: RestoreReport). */
  'backup.restore': channel<{ jobId: string }>()(
    z.object({ vaultId: idSchema, snapshotId: snapshotIdSchema, target: restoreTarget }).strict(),
  ),
  /** Retention left out = the saved settings. */
  'backup.prune': channel<PruneReport>()(
    z
      .object({
        vaultId: idSchema,
        keepDaily: retentionCount.optional(),
        keepWeekly: retentionCount.optional(),
        keepMonthly: retentionCount.optional(),
        dryRun: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Starts job `backup.exportArchive` (result: ArchiveExportReport): the whole workspace into one encrypted file. */
  'backup.exportArchive': channel<{ jobId: string }>()(
    z.object({ path: localPath, passphrase, overwrite: z.boolean().default(false) }).strict(),
  ),
  /** Starts job `backup.importArchive` (result: ArchiveImportReport) into a new or empty folder. */
  'backup.importArchive': channel<{ jobId: string }>()(
    z.object({ path: localPath, target: localPath, passphrase: z.string().min(1).max(1024) }).strict(),
  ),
  /**
   * Switches the app to the workspace in this folder (made by an archive import or a restore into a folder) and
   * remembers it for the next start; refuses a folder that holds no QunDesk workspace.
   */
  'backup.openWorkspace': channel<OpenedWorkspace>()(z.object({ path: localPath }).strict()),
  /** The native save / open / folder dialog; `path` null when cancelled. */
  'backup.pickPath': channel<{ path: string | null }>()(z.object({ purpose: z.enum(pathPurposes) }).strict()),
  'backup.status': channel<BackupStatus>()(noInput),
  'backup.settings': channel<BackupSettings>()(noInput),
  'backup.updateSettings': channel<BackupSettings>()(backupSettingsPatchSchema),
} as const;
