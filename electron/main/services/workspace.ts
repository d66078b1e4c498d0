import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { WorkspaceInfo } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import { openDatabase, schemaVersion, type Db } from '../db/connection';
import { latestSchemaVersion, migrate } from '../db/migrations';
import { getMeta, setMeta } from '../db/repositories/meta';
import { countRows } from '../db/repositories/messages';
import { workspaceDbFile } from './workspacePaths';

/**
 * ok: opened for writing. damaged: the start-up check failed, nothing of the file is open and the backend runs on
 * an empty stand-in until the user picks a way out. readOnly: the user chose to look at the damaged file; SQLite
 * refuses every write on its connection.
 */
export type WorkspaceState = 'ok' | 'damaged' | 'readOnly';

export interface StartupProblem {
  /** i18n key (recovery.problems.*). */
  key: string;
  params?: Record<string, string | number>;
}

export interface StartupCheck {
  /** False when the start-up check found damage. */
  ok: boolean;
  /** The database file did not exist yet: a new workspace. */
  created: boolean;
  problems: StartupProblem[];
  /** user_version of the file, when it could be read. */
  schemaVersion: number | null;
  /**
   * 'ran': `PRAGMA quick_check` read every page. 'unchanged': the file is exactly as the app left it when it last
   * closed it cleanly (see cleanCloseNote) within a week of its last full check, so only the header and schema
   * were checked.
   */
  quickCheck: 'ran' | 'unchanged';
  /** When every page was last read by quick_check (now, when it ran); null for a new or unreadable file. */
  fullCheckAt: number | null;
  durationMs: number;
}

export interface Workspace {
  dir: string;
  db: Db;
  state: WorkspaceState;
  check: StartupCheck;
  close(): void;
}

/** Tables every workspace past its first migration has; one missing means the schema itself is damaged. */
const coreTables = ['workspace_meta', 'groups', 'members', 'messages', 'imports', 'audit_log'];
const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
/** quick_check lists at most this many problems; the report does not need more. */
const maxProblems = 20;

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Header sanity: magic string, page size, and a file size that holds every page the header counts. */
function headerProblems(file: string): StartupProblem[] {
  const size = statSync(file).size;
  if (size === 0) return [{ key: 'recovery.problems.empty' }];
  const header = readHeader(file);
  if (header.length < 100 || !header.subarray(0, 16).equals(sqliteMagic))
    return [{ key: 'recovery.problems.notSqlite' }];
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    return [{ key: 'recovery.problems.pageSize', params: { pageSize: rawPageSize } }];
  if (size % pageSize !== 0) return [{ key: 'recovery.problems.truncated', params: { bytes: size } }];
  // The in-header page count is valid only when its "version-valid-for" matches the change counter.
  const pages = header.readUInt32BE(28);
  if (pages > 0 && header.readUInt32BE(92) === header.readUInt32BE(24) && pages * pageSize > size)
    return [{ key: 'recovery.problems.truncated', params: { bytes: size } }];
  return [];
}

/**
 * What the database file looked like right after the app closed it cleanly: kept beside it, removed again before
 * the file is opened for writing. `PRAGMA quick_check` reads every page (1.5 s of CPU per start on a million
 * messages); when the file still matches its note — same inode, size, modification and change times, header, and
 * no write-ahead log — nothing has written to it since that clean close, so the full check found nothing new to
 * find and the start-up check is header and schema only. A crash (no note), a restore, a copy or anything else
 * writing to the file (new inode or times) brings the full check back.
 */
const cleanCloseNote = (file: string) => `${file}.closed`;

function fileIdentity(file: string): string {
  const stat = statSync(file, { bigint: true });
  const header = readHeader(file).toString('hex');
  return JSON.stringify([
    String(stat.ino),
    String(stat.size),
    String(stat.mtimeNs),
    String(stat.ctimeNs),
    header,
  ]);
}

/** What a clean close notes: the file's identity, and when a full quick_check last read every page of it. */
interface CleanCloseRecord {
  identity: string;
  fullCheckAt: number;
}

/**
 * A file unchanged since it was last checked page by page can still rot on the disk without the OS knowing: past
 * this age the full check runs again even when nothing touched the file.
 */
export const fullCheckMaxAgeMs = 7 * 24 * 60 * 60 * 1000;

/** When the unchanged file's pages were last all read, or null when the full check has to run now. */
function lastFullCheckIfUnchanged(file: string, now: number): number | null {
  try {
    if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) return null;
    const record = JSON.parse(readFileSync(cleanCloseNote(file), 'utf8')) as Partial<CleanCloseRecord>;
    if (record.identity !== fileIdentity(file) || typeof record.fullCheckAt !== 'number') return null;
    // A clock set back counts as stale too.
    const age = now - record.fullCheckAt;
    return age >= 0 && age < fullCheckMaxAgeMs ? record.fullCheckAt : null;
  } catch {
    return null;
  }
}

/**
 * After the last connection closed (so the write-ahead log is folded in and gone): notes the file's identity. File
 * times come from a coarse clock (a few ms, seconds on some file systems): the note is kept only once it is itself
 * stamped later than the database, so any later write to the database shows as a later time.
 */
function noteCleanClose(file: string, fullCheckAt: number): void {
  const note = cleanCloseNote(file);
  try {
    if (existsSync(`${file}-wal`)) return;
    const record: CleanCloseRecord = { identity: fileIdentity(file), fullCheckAt };
    const { mtimeNs, ctimeNs } = statSync(file, { bigint: true });
    const giveUpAt = Date.now() + 50;
    do {
      writeFileSync(note, JSON.stringify(record));
      const stamped = statSync(note, { bigint: true });
      if (stamped.mtimeNs > mtimeNs && stamped.mtimeNs > ctimeNs) return;
    } while (Date.now() < giveUpAt);
    rmSync(note, { force: true });
  } catch {
    // Without the note the next start runs the full check.
    try {
      rmSync(note, { force: true });
    } catch {
      // A note that cannot be removed cannot have been written either.
    }
  }
}

export interface ReadOnlyFile {
  db: Db;
  /** Closes the connection and removes the empty -wal / -shm files it had to create beside the database. */
  close(): void;
}

/** A connection SQLite itself keeps from writing: the (damaged) file is only ever read. */
export function openReadOnlyFile(file: string): ReadOnlyFile {
  // A read-only connection to a WAL database creates the -wal and -shm files when they are missing; they are
  // removed again on close so the folder is left as it was found.
  const created = [`${file}-wal`, `${file}-shm`].filter((sidecar) => !existsSync(sidecar));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const close = () => {
    db.close();
    for (const sidecar of created) {
      if (existsSync(sidecar) && (sidecar.endsWith('-shm') || statSync(sidecar).size === 0))
        rmSync(sidecar, { force: true });
    }
  };
  try {
    db.pragma('query_only = ON');
  } catch (error) {
    close();
    throw error;
  }
  return { db, close };
}

/**
 * The start-up check, before anything opens the file for writing (migrations included): header sanity,
 * `PRAGMA quick_check` and the schema version, all on a read-only connection.
 */
export function checkWorkspaceFile(file: string, now: number = Date.now()): StartupCheck {
  const started = Date.now();
  let quickCheck: StartupCheck['quickCheck'] = 'ran';
  let fullCheckAt: number | null = null;
  const done = (problems: StartupProblem[], version: number | null, created = false): StartupCheck => ({
    ok: problems.length === 0,
    created,
    problems: problems.slice(0, maxProblems),
    schemaVersion: version,
    quickCheck,
    fullCheckAt,
    durationMs: Date.now() - started,
  });
  if (!existsSync(file)) return done([], null, true);
  const problems = headerProblems(file);
  if (problems.length > 0) return done(problems, null);
  let connection: ReadOnlyFile | null = null;
  try {
    connection = openReadOnlyFile(file);
    const { db } = connection;
    const version = schemaVersion(db);
    if (version > latestSchemaVersion) {
      throw new AppError('UNSUPPORTED', 'errors.newerDatabase', {
        found: version,
        supported: latestSchemaVersion,
      });
    }
    const lastFullCheck = lastFullCheckIfUnchanged(file, now);
    if (lastFullCheck !== null) quickCheck = 'unchanged';
    fullCheckAt = lastFullCheck ?? now;
    const rows =
      quickCheck === 'ran'
        ? (db.pragma(`quick_check(${maxProblems})`, { simple: false }) as { quick_check: string }[])
        : [];
    const found = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
    const issues: StartupProblem[] = found.map((detail) => ({
      key: 'recovery.problems.integrity',
      params: { detail: detail.slice(0, 200) },
    }));
    if (version < 0) issues.push({ key: 'recovery.problems.schemaVersion', params: { version } });
    if (version >= 1 && issues.length === 0) {
      const tables = new Set(
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
      );
      const missing = coreTables.filter((table) => !tables.has(table));
      if (missing.length > 0)
        issues.push({ key: 'recovery.problems.schemaMissing', params: { tables: missing.join(', ') } });
    }
    return done(issues, version);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code ?? 'unknown';
    return done([{ key: 'recovery.problems.unreadable', params: { reason: code } }], null);
  } finally {
    connection?.close();
  }
}

/**
 * The stand-in a damaged workspace runs on until the user chooses: an empty in-memory database with the current
 * schema, refusing writes, so every service starts and reads nothing (the recovery gate refuses their channels).
 */
function standInDatabase(): Db {
  const db = new Database(':memory:');
  migrate(db);
  db.pragma('query_only = ON');
  return db;
}

export interface OpenWorkspaceOptions {
  /** 'readOnly': open the (damaged) file on a read-only connection, without the start-up check deciding. */
  mode?: 'normal' | 'readOnly';
}

/** Page cache of the app's own connection, in KiB. */
const interactiveCacheKib = 65_536;

/** Opens (creating when needed) the workspace folder and its database; a damaged database opens nothing. */
export function openWorkspace(
  dir: string,
  now: number = Date.now(),
  options: OpenWorkspaceOptions = {},
): Workspace {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new AppError('IO', 'errors.workspaceFolder', {
      path: dir,
      reason: (error as NodeJS.ErrnoException).code ?? 'unknown',
    });
  }
  const file = workspaceDbFile(dir);
  const check = checkWorkspaceFile(file, now);
  if (options.mode === 'readOnly') {
    let connection: ReadOnlyFile | null = null;
    try {
      connection = openReadOnlyFile(file);
      connection.db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      connection?.close();
      throw new AppError('BAD_FILE', 'recovery.errors.cannotReadOnly', {
        reason: (error as { code?: string }).code ?? 'unknown',
      });
    }
    return { dir, db: connection.db, state: 'readOnly', check, close: connection.close };
  }
  if (!check.ok) {
    const db = standInDatabase();
    return { dir, db, state: 'damaged', check, close: () => db.close() };
  }
  // Written from here on: the note of the last clean close no longer describes the file.
  rmSync(cleanCloseNote(file), { force: true });
  const db = openDatabase(file);
  // The app's own connection answers the member list, which reads member rows at random: with SQLite's default
  // 16 MB cache the rows of 200,000 members (22 MB) and their indexes did not stay cached, and a filtered page
  // spent most of its time re-reading pages (measured: tag + points page p95 25 → 14 ms at 64 MB). Filled only as
  // pages are read.
  db.pragma(`cache_size = -${interactiveCacheKib}`);
  if (getMeta(db, 'created_at') === null) {
    db.transaction(() => {
      setMeta(db, 'workspace_id', randomUUID());
      setMeta(db, 'created_at', String(now));
    })();
  }
  const close = () => {
    db.close();
    noteCleanClose(file, check.fullCheckAt ?? now);
  };
  return { dir, db, state: 'ok', check, close };
}

export function workspaceInfo(workspace: Workspace, appVersion: string): WorkspaceInfo {
  const { db } = workspace;
  const counts = {
    groups: countRows(db, 'groups'),
    members: countRows(db, 'members'),
    messages: countRows(db, 'messages'),
    imports: countRows(db, 'imports'),
  };
  return {
    path: workspace.dir,
    schemaVersion: schemaVersion(db),
    appVersion,
    createdAt: new Date(Number(getMeta(db, 'created_at') ?? 0)).toISOString(),
    counts,
    isEmpty: counts.groups === 0 && counts.members === 0 && counts.messages === 0,
  };
}
