import type {
  BackupSettings,
  SnapshotKind,
  SnapshotVerification,
} from '../../../../shared/ipc/channels/backup';
import type { Db } from '../connection';

export interface VaultRow {
  id: number;
  path: string;
  label: string;
  vaultUuid: string;
  encrypted: boolean;
  createdAt: number;
}

interface VaultDbRow {
  id: number;
  path: string;
  label: string;
  vault_uuid: string;
  encrypted: number;
  created_at: number;
}

const toVault = (row: VaultDbRow): VaultRow => ({
  id: row.id,
  path: row.path,
  label: row.label,
  vaultUuid: row.vault_uuid,
  encrypted: row.encrypted === 1,
  createdAt: row.created_at,
});

export function listVaultRows(db: Db): VaultRow[] {
  return (db.prepare('SELECT * FROM backup_vaults ORDER BY id').all() as VaultDbRow[]).map(toVault);
}

export function getVaultRow(db: Db, id: number): VaultRow | undefined {
  const row = db.prepare('SELECT * FROM backup_vaults WHERE id = ?').get(id) as VaultDbRow | undefined;
  return row && toVault(row);
}

/** Registers a vault by its folder, or refreshes the registration of that folder (a vault made anew there). */
export function upsertVaultRow(
  db: Db,
  vault: { path: string; label?: string | undefined; vaultUuid: string; encrypted: boolean },
  now: number,
): number {
  const existing = db.prepare('SELECT id FROM backup_vaults WHERE path = ?').get(vault.path) as
    { id: number } | undefined;
  if (existing) {
    db.prepare(
      'UPDATE backup_vaults SET vault_uuid = ?, encrypted = ?, label = coalesce(?, label) WHERE id = ?',
    ).run(vault.vaultUuid, vault.encrypted ? 1 : 0, vault.label ?? null, existing.id);
    return existing.id;
  }
  return Number(
    db
      .prepare(
        'INSERT INTO backup_vaults (path, label, vault_uuid, encrypted, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(vault.path, vault.label ?? '', vault.vaultUuid, vault.encrypted ? 1 : 0, now).lastInsertRowid,
  );
}

export function deleteVaultRow(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM backup_vaults WHERE id = ?').run(id).changes > 0;
}

interface SettingsDbRow {
  default_vault_id: number | null;
  daily_enabled: number;
  time_of_day: number;
  keep_daily: number;
  keep_weekly: number;
  keep_monthly: number;
  warn_after_hours: number;
}

export function getBackupSettings(db: Db): BackupSettings {
  const row = db.prepare('SELECT * FROM backup_settings WHERE id = 1').get() as SettingsDbRow;
  return {
    defaultVaultId: row.default_vault_id,
    dailyEnabled: row.daily_enabled === 1,
    timeOfDay: row.time_of_day,
    keepDaily: row.keep_daily,
    keepWeekly: row.keep_weekly,
    keepMonthly: row.keep_monthly,
    warnAfterHours: row.warn_after_hours,
  };
}

export function updateBackupSettings(db: Db, patch: Partial<BackupSettings>): BackupSettings {
  // A field present but undefined (IPC's structured clone keeps the key) leaves that setting as it is.
  const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const next: BackupSettings = { ...getBackupSettings(db), ...given };
  db.prepare(
    `UPDATE backup_settings SET default_vault_id = @defaultVaultId, daily_enabled = @dailyEnabled, time_of_day = @timeOfDay,
       keep_daily = @keepDaily, keep_weekly = @keepWeekly, keep_monthly = @keepMonthly, warn_after_hours = @warnAfterHours
     WHERE id = 1`,
  ).run({ ...next, dailyEnabled: next.dailyEnabled ? 1 : 0 });
  return getBackupSettings(db);
}

export interface BackupRunRecord {
  vaultId: number;
  snapshotId: string;
  kind: SnapshotKind;
  startedAt: number;
  finishedAt: number;
  bytesWritten: number;
  verifiedOk: boolean;
}

export function recordBackupRun(db: Db, run: BackupRunRecord): void {
  db.prepare(
    `INSERT INTO backup_runs (vault_id, snapshot_id, kind, started_at, finished_at, bytes_written, verified_ok)
     VALUES (@vaultId, @snapshotId, @kind, @startedAt, @finishedAt, @bytesWritten, @verifiedOk)`,
  ).run({ ...run, verifiedOk: run.verifiedOk ? 1 : 0 });
}

export function recordVerification(
  db: Db,
  vaultId: number,
  snapshotId: string,
  at: number,
  result: { ok: boolean; missing: number; damaged: number },
): void {
  db.prepare(
    `INSERT INTO backup_verifications (vault_id, snapshot_id, verified_at, ok, missing, damaged) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (vault_id, snapshot_id) DO UPDATE SET verified_at = excluded.verified_at, ok = excluded.ok,
       missing = excluded.missing, damaged = excluded.damaged`,
  ).run(vaultId, snapshotId, at, result.ok ? 1 : 0, result.missing, result.damaged);
}

export function listVerifications(db: Db, vaultId: number): Map<string, SnapshotVerification> {
  const rows = db
    .prepare(
      'SELECT snapshot_id, verified_at, ok, missing, damaged FROM backup_verifications WHERE vault_id = ?',
    )
    .all(vaultId) as {
    snapshot_id: string;
    verified_at: number;
    ok: number;
    missing: number;
    damaged: number;
  }[];
  return new Map(
    rows.map((row) => [
      row.snapshot_id,
      {
        at: new Date(row.verified_at).toISOString(),
        ok: row.ok === 1,
        missing: row.missing,
        damaged: row.damaged,
      },
    ]),
  );
}

/** Finish time of the newest backup, and of the newest whose verify passed (of one vault, or of any). */
export function lastBackupTimes(
  db: Db,
  vaultId?: number,
): { lastAt: number | null; lastGoodAt: number | null } {
  const where = vaultId === undefined ? '' : 'WHERE vault_id = @vaultId';
  const row = db
    .prepare(
      `SELECT max(finished_at) AS last_at, max(CASE WHEN verified_ok = 1 THEN finished_at END) AS last_good_at
       FROM backup_runs ${where}`,
    )
    .get(vaultId === undefined ? {} : { vaultId }) as { last_at: number | null; last_good_at: number | null };
  return { lastAt: row.last_at, lastGoodAt: row.last_good_at };
}

const backupTables = ['backup_vaults', 'backup_settings', 'backup_runs', 'backup_verifications'] as const;

export type BackupState = Record<(typeof backupTables)[number], Record<string, unknown>[]>;

/** Every backup row: restoring over the workspace keeps the present vaults, settings and history, not the snapshot's. */
export function exportBackupState(db: Db): BackupState {
  return Object.fromEntries(
    backupTables.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]),
  ) as BackupState;
}

export function importBackupState(db: Db, state: BackupState): void {
  db.transaction(() => {
    for (const table of [...backupTables].reverse()) db.prepare(`DELETE FROM ${table}`).run();
    for (const table of backupTables) {
      for (const row of state[table]) {
        const columns = Object.keys(row);
        db.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
        ).run(row);
      }
    }
  })();
}
