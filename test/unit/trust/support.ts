/** Helpers for the trust tests: seeded workspaces, really damaged database files, file fingerprints. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type Backend } from '../../../electron/main/backend';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { trustAppOrigin, trustedSender, openTestBackend } from '../../support/tempWorkspace';

export function sha256File(path: string): string | null {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
}

/** The database file and its journal files, fingerprinted: "the app left the damaged file alone" is equality. */
export function databaseFingerprint(workspaceDir: string): Record<string, string | null> {
  const file = workspaceDbFile(workspaceDir);
  return { db: sha256File(file), wal: sha256File(`${file}-wal`), journal: sha256File(`${file}-journal`) };
}

/** A backend on an existing workspace folder (jobs in-process), the way the app opens it at start-up. */
export function openBackendOn(workspaceDir: string, settingsDir: string): Backend {
  return openTestBackend(workspaceDir, join(settingsDir, 'settings.json'), {
    logDir: join(settingsDir, 'logs'),
  });
}

/** Calls a channel the way the renderer does; returns the result envelope. */
export function call(backend: Backend, channel: string, input: unknown = {}) {
  return backend.createDispatch(trustAppOrigin)(channel, input, trustedSender);
}

/** Deterministic garbage: xorshift bytes from a seed. */
export function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

function pageSizeOf(file: string): number {
  const raw = readFileSync(file).readUInt16BE(16);
  return raw === 1 ? 65536 : raw;
}

/** Numbers of the pages holding b-trees other than the schema table, in file order (the file is left as it was). */
function pagesOutsideSchema(file: string): number[] {
  // Opened for writing: a read-only open of a WAL database leaves -shm/-wal files behind.
  const db = new Database(file, { fileMustExist: true });
  try {
    return db
      .prepare("SELECT pageno FROM dbstat WHERE name <> 'sqlite_schema' ORDER BY pageno")
      .pluck()
      .all() as number[];
  } finally {
    db.close();
  }
}

export type Damage = 'garbage-pages' | 'truncated' | 'truncated-pages' | 'header';

/** Really damages a (closed) workspace database: garbage over data pages, a cut-off file, or a garbage header. */
export function damageDatabase(workspaceDir: string, damage: Damage, seed = 7): void {
  const file = workspaceDbFile(workspaceDir);
  const size = statSync(file).size;
  const pageSize = pageSizeOf(file);
  const pages = Math.floor(size / pageSize);
  const dataPages = damage === 'garbage-pages' ? pagesOutsideSchema(file) : [];
  const fd = openSync(file, 'r+');
  try {
    if (damage === 'garbage-pages') {
      // A few table and index b-tree pages of the seeded data, spread over the file; never the schema's own pages
      // (with those gone nothing at all is readable, which the 'header' damage covers).
      for (const at of [0.35, 0.5, 0.65, 0.8]) {
        const page = dataPages[Math.floor(dataPages.length * at)]!;
        writeSync(fd, garbage(pageSize, seed + page), 0, pageSize, (page - 1) * pageSize);
      }
    } else if (damage === 'header') {
      writeSync(fd, garbage(100, seed), 0, 100, 0);
    }
  } finally {
    closeSync(fd);
  }
  if (damage === 'truncated') truncateSync(file, Math.floor(size * 0.6) + 123);
  if (damage === 'truncated-pages') truncateSync(file, Math.floor(pages * 0.6) * pageSize);
}
