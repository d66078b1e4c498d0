import type { Migration } from './index';

/**
 * Backup vault registrations, backup settings (one row), the backups taken and the verifications recorded.
 * No secret is ever stored here: a vault's passphrase lives only in memory while it is unlocked.
 */
const migration: Migration = {
  version: 4,
  name: 'backup',
  up(db) {
    db.exec(`
      CREATE TABLE backup_vaults (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        vault_uuid TEXT NOT NULL,
        encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX backup_vaults_path ON backup_vaults (path);

      CREATE TABLE backup_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        default_vault_id INTEGER REFERENCES backup_vaults (id) ON DELETE SET NULL,
        daily_enabled INTEGER NOT NULL DEFAULT 0 CHECK (daily_enabled IN (0, 1)),
        -- Minutes after local midnight.
        time_of_day INTEGER NOT NULL DEFAULT 1260 CHECK (time_of_day BETWEEN 0 AND 1439),
        keep_daily INTEGER NOT NULL DEFAULT 7 CHECK (keep_daily >= 0),
        keep_weekly INTEGER NOT NULL DEFAULT 4 CHECK (keep_weekly >= 0),
        keep_monthly INTEGER NOT NULL DEFAULT 12 CHECK (keep_monthly >= 0),
        warn_after_hours INTEGER NOT NULL DEFAULT 48 CHECK (warn_after_hours > 0)
      ) STRICT;
      INSERT INTO backup_settings (id) VALUES (1);

      CREATE TABLE backup_runs (
        id INTEGER PRIMARY KEY,
        vault_id INTEGER NOT NULL REFERENCES backup_vaults (id) ON DELETE CASCADE,
        snapshot_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('manual', 'scheduled', 'safety')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        bytes_written INTEGER NOT NULL,
        verified_ok INTEGER NOT NULL CHECK (verified_ok IN (0, 1))
      ) STRICT;
      CREATE INDEX backup_runs_vault_time ON backup_runs (vault_id, finished_at);

      CREATE TABLE backup_verifications (
        vault_id INTEGER NOT NULL REFERENCES backup_vaults (id) ON DELETE CASCADE,
        snapshot_id TEXT NOT NULL,
        verified_at INTEGER NOT NULL,
        ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
        missing INTEGER NOT NULL DEFAULT 0,
        damaged INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (vault_id, snapshot_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

export default migration;
