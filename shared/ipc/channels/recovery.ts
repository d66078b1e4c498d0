/**
 * Recovery channels: what the start-up check found, and the ways out of a damaged workspace (restore the last good
 * backup snapshot, open read-only, export what can be read); plus the diagnostics bundle for support.
 * These stay open while the workspace is damaged; every other data channel is refused then.
 */
import { z } from 'zod';
import { channel, idSchema, noInput, localPath } from '../channel';
import type { BackupCounts } from './backup';

export type WorkspaceState = 'ok' | 'damaged' | 'readOnly';

export interface RecoveryProblem {
  /** i18n key (recovery.problems.*). */
  key: string;
  params?: Record<string, string | number>;
}

/** A backup vault the damaged workspace had registered (read from it when it can still be read). */
export interface RecoveryVault {
  id: number;
  path: string;
  label: string;
  encrypted: boolean;
  /** The vault folder is there and is the vault that was registered. */
  available: boolean;
  /** The newest snapshot this workspace recorded as verified, if any. */
  lastVerifiedSnapshotId: string | null;
  lastVerifiedAt: string | null;
}

export interface RecoveryStatus {
  state: WorkspaceState;
  workspacePath: string;
  problems: RecoveryProblem[];
  schemaVersion: number | null;
  /** The damaged file still opens on a read-only connection: "open read-only" and the export can work. */
  readable: boolean;
  vaults: RecoveryVault[];
}

export interface RecoveryRestoreReport {
  snapshotId: string;
  snapshotCreatedAt: string;
  vaultPath: string;
  /** True when this workspace had recorded a successful verification of the snapshot before. */
  previouslyVerified: boolean;
  counts: BackupCounts | null;
  restoredFiles: number;
  /** Where the damaged database was moved (kept, never deleted). */
  damagedCopy: string;
}

export interface ReadableTable {
  name: string;
  rows: number;
  /** False when reading stopped at damage; `rows` were read before it. */
  complete: boolean;
  error: string | null;
}

export interface ReadableExport {
  folder: string;
  tables: ReadableTable[];
  totalRows: number;
}

export interface DiagnosticsReport {
  path: string;
  bytes: number;
  /** The files inside the zip. */
  entries: string[];
}

export const recoveryChannels = {
  'recovery.status': channel<RecoveryStatus>()(noInput),
  /** Reopens the damaged workspace on a read-only connection; every write is refused from then on. */
  'recovery.openReadOnly': channel<RecoveryStatus>()(noInput),
  /**
   * Restores the newest good snapshot of a vault into a fresh folder, checks it, moves the damaged database aside
   * and switches the app to the restored workspace. Vault: a registered one by id, or a folder.
   */
  'recovery.restoreLatest': channel<RecoveryRestoreReport>()(
    z
      .object({
        vaultId: idSchema.optional(),
        vaultPath: localPath.optional(),
        passphrase: z.string().min(1).max(1024).optional(),
        recoveryKey: z.string().trim().min(20).max(200).optional(),
      })
      .strict(),
  ),
  /** Dumps every table that can still be read to CSV (plus a summary JSON) in a new folder. */
  'recovery.exportReadable': channel<ReadableExport>()(z.object({ path: localPath.optional() }).strict()),
  /** Writes a zip of logs, versions, schema version, table counts and the doctor's report: no personal data. */
  'diagnostics.export': channel<DiagnosticsReport>()(z.object({ path: localPath.optional() }).strict()),
} as const;
