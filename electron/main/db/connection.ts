import Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';
import { latestSchemaVersion, migrate } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Skip migrations: for a job worker that opens a database the app already migrated. */
  migrate?: boolean;
}

/** The page size of a database this opens new (SQLite's default is 4096). */
export const newDatabasePageBytes = 16_384;

/** Opens a workspace database with the pragmas every connection needs, and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  try {
    // A new workspace gets 16 KB pages (a page size is fixed once the file has any, so one made before keeps its
    // 4 KB). Against 4 KB, in alternating runs: a million-message import took 8-10 % less CPU, a 200,000-member
    // import 10-15 % less; the tier recompute and member list queries were no slower. 32 and 64 KB were slower.
    // A restore over a workspace of the other size converts the snapshot (see restoreOver).
    if (!options.readonly && (db.pragma('page_count', { simple: true }) as number) === 0)
      db.pragma(`page_size = ${newDatabasePageBytes}`);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // Deleted and rewritten rows are zeroed where they lay in their page rather than left in its free space, where a
    // copy of the file would still hold them (a merged member's old wxid, an edited remark): the workspace holds
    // personal data, and forgetting a member must not leave it behind (see membersForget). FAST: only within pages
    // being written anyway, so no extra I/O; pages freed whole keep their bytes until reused. (Chat imports, which
    // only add, turn it off: see importJob.)
    db.pragma('secure_delete = FAST');
    // No memory-mapped reads, deliberately: measured on 200,000 members and 2,000,000 messages, mapping the file saved
    // nothing on the tier recompute once its aggregates read a covering index (0.6 s of 1.5 before), 0.15 s of its
    // writes, and it would count every page an import or backup reads as the process's own memory.
    db.pragma('mmap_size = 0');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latestSchemaVersion) {
      throw new AppError('UNSUPPORTED', 'errors.newerDatabase', {
        found: version,
        supported: latestSchemaVersion,
      });
    }
    if (options.migrate !== false && !options.readonly) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
