import Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';
import { latestSchemaVersion, migrate } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Skip migrations: for a job worker that opens a database the app already migrated. */
  migrate?: boolean;
}

/** Opens a workspace database with the pragmas every connection needs, and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
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
