/** Damage for tests of SQLite's integrity check: pages of a database file overwritten in place. */
import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Overwrites the second half of an index's root page (its cells; the page header stays): entries out of order, or
 * missing from the table, which the integrity check reports (or stops at). The file must not be open.
 */
export function overwriteIndexRoot(file: string, indexName: string): void {
  const db = new Database(file, { readonly: true });
  const root = db
    .prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?')
    .pluck()
    .get(indexName) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize / 2, 0x41), 0, pageSize / 2, (root - 1) * pageSize + pageSize / 2);
  } finally {
    closeSync(fd);
  }
}
