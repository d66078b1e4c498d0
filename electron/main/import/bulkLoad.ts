/**
 * Bulk-load mode for a large import into a (nearly) empty archive: the non-unique indexes of `messages` are dropped
 * for the load and rebuilt once at the end, which costs a sort instead of a random B-tree insert per row and index.
 * The unique fingerprint index stays, so deduplication is untouched. The dropped definitions are kept in
 * workspace_meta in the same transaction that drops them, so a crash leaves a note to rebuild from (recovery below).
 */
import type { Db } from '../db/connection';
import { getMeta, setMeta } from '../db/repositories/meta';

const metaKey = 'import.deferred_indexes';

interface DeferredIndexes {
  importId: number;
  indexes: { name: string; sql: string }[];
}

/** Worth it from this size on: below, rebuilding the indexes costs more than it saves. */
export const bulkLoadMinBytes = 16 * 1024 * 1024;
/** Rough bytes per message in exports, to estimate how many rows a file brings. */
const bytesPerMessage = 150;

/** Whether a file of this size would at least double the archive (so rebuilding its indexes pays off). */
export function shouldBulkLoad(db: Db, fileSize: number): boolean {
  if (fileSize < bulkLoadMinBytes) return false;
  const existing = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  return existing <= fileSize / bytesPerMessage;
}

/** Drops the non-unique message indexes for `importId`; false when another import already holds them dropped. */
export function deferMessageIndexes(db: Db, importId: number): boolean {
  return db
    .transaction(() => {
      if (getMeta(db, metaKey) !== null) return false;
      const indexes = db
        .prepare(
          `SELECT name, sql FROM sqlite_master
           WHERE type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
        )
        .all() as { name: string; sql: string }[];
      if (indexes.length === 0) return false;
      setMeta(db, metaKey, JSON.stringify({ importId, indexes } satisfies DeferredIndexes));
      for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
      return true;
    })
    .immediate();
}

/** The import that holds the message indexes dropped, if any. */
export function deferredIndexesOwner(db: Db): number | null {
  const value = getMeta(db, metaKey);
  return value === null ? null : (JSON.parse(value) as DeferredIndexes).importId;
}

/** Rebuilds the dropped indexes (those still missing) and clears the note. */
export function restoreMessageIndexes(db: Db): boolean {
  const value = getMeta(db, metaKey);
  if (value === null) return false;
  const deferred = JSON.parse(value) as DeferredIndexes;
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`);
  db.transaction(() => {
    for (const index of deferred.indexes) if (exists.get(index.name) === undefined) db.exec(index.sql);
    db.prepare('DELETE FROM workspace_meta WHERE key = ?').run(metaKey);
  }).immediate();
  return true;
}
