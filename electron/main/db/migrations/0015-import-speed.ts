import type Database from 'better-sqlite3';
import type { Migration } from './index';

/**
 * `column IN ('a', 'b', …)` inside a CHECK constraint, as `column = 'a' OR column = 'b' OR …`. SQLite evaluates an
 * IN list of more than two constants by filling a temporary b-tree once per statement run, which for an insert of
 * one row is once per row; equality tests cost nothing measurable. NULL still passes (every test is NULL), and so
 * does exactly what passed before.
 */
export function checkInListAsEqualities(sql: string, column: string): string {
  const inList = new RegExp(`CHECK\\s*\\(\\s*${column}\\s+IN\\s*\\(([^()]*)\\)\\s*\\)`, 'g');
  const found = [...sql.matchAll(inList)];
  if (found.length !== 1)
    throw new Error(`migration 15: expected one CHECK (${column} IN …), found ${found.length}`);
  return sql.replace(inList, (_, list: string) => {
    const values = list.split(',').map((value) => value.trim());
    if (values.some((value) => !/^'[^']*'$/.test(value)))
      throw new Error(`migration 15: unexpected list ${list}`);
    return `CHECK (${values.map((value) => `${column} = ${value}`).join(' OR ')})`;
  });
}

/**
 * Rewrites one table's stored definition, for a change that leaves the stored rows valid and their format as it is
 * (SQLite's documented procedure for such changes: writable_schema, then a schema_version bump so every connection
 * reads the new definition). better-sqlite3 runs connections in defensive mode, which forbids this; it is lifted
 * for these statements only. Runs inside the migration's transaction, so a failure leaves the definition as it was.
 */
export function rewriteTableDefinition(
  db: Database.Database,
  table: string,
  rewrite: (sql: string) => string,
): void {
  const sql = db
    .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`)
    .pluck()
    .get(table) as string | undefined;
  if (sql === undefined) throw new Error(`migration 15: no table ${table}`);
  const next = rewrite(sql);
  const schemaVersion = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.prepare(`UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?`).run(next, table);
    db.pragma(`schema_version = ${schemaVersion + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
  // Reads the new definition back: a definition SQLite cannot parse fails here, inside the transaction.
  db.prepare(`SELECT count(*) FROM "${table}" WHERE 0`).get();
}

/**
 * Import speed (issue 3):
 * - the messages table's CHECK constraints on `kind` and `system_event` were IN lists, which made them about half
 *   the cost of inserting a message (see `checkInListAsEqualities`). Same constraints, written as equality tests; the
 *   rows, indexes and full-text index are untouched, so this takes no time on a large archive.
 * - the group time index of messages also holds the sender (tier recompute, see below);
 * - the index of messages by import goes: only taking a failed import back out looked messages up by import, and
 *   that now deletes the id range the import wrote (a rowid range). Every import paid for the index instead: a
 *   sort of all messages after a bulk load, an insert per message otherwise.
 */
const migration: Migration = {
  version: 15,
  name: 'import-speed',
  up(db) {
    rewriteTableDefinition(db, 'messages', (sql) =>
      checkInListAsEqualities(checkInListAsEqualities(sql, 'kind'), 'system_event'),
    );
    db.exec('DROP INDEX IF EXISTS messages_import');
    // The group time index carries the sender too: the tier recompute counts each member's messages and active
    // days per group and window from the index alone instead of reading every message row. The id stays right after
    // the time, so the archive's order (time, then id) still comes straight from the index.
    db.exec(`DROP INDEX IF EXISTS messages_group_time;
      CREATE INDEX messages_group_time ON messages (group_id, sent_at, id, member_id);`);
    // A bulk load interrupted before this version noted the index to rebuild: it is not to come back.
    const deferred = db
      .prepare(`SELECT value FROM workspace_meta WHERE key = 'import.deferred_indexes'`)
      .pluck()
      .get() as string | undefined;
    if (deferred !== undefined) {
      const note = JSON.parse(deferred) as { indexes: { name: string; sql: string }[] };
      note.indexes = note.indexes.filter((index) => index.name !== 'messages_import');
      // Rebuilt as this version defines it (the index was created above and is dropped again by nobody).
      note.indexes = note.indexes.filter((index) => index.name !== 'messages_group_time');
      db.prepare(`UPDATE workspace_meta SET value = ? WHERE key = 'import.deferred_indexes'`).run(
        JSON.stringify(note),
      );
    }
  },
};

export default migration;
