import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/main/db/connection';
import { latestSchemaVersion, migrate, migrations } from '../../../electron/main/db/migrations';
import { AppError } from '../../../shared/ipc/errors';
import { makeTempDir } from '../../support/tempWorkspace';

/** The schema: every object's SQL, and the full-text indexes' settings (kept as rows of their config tables). */
function schemaOf(db: Database.Database): string[] {
  const objects = (
    db
      .prepare(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all() as { type: string; name: string; sql: string }[]
  ).map((row) => `${row.type} ${row.name}: ${row.sql.replace(/\s+/g, ' ')}`);
  const configTables = objects.flatMap((line) => {
    const fts = /^table (\w+): CREATE VIRTUAL TABLE \w+ USING fts5\b/i.exec(line)?.[1];
    return fts ? [`${fts}_config`] : [];
  });
  const settings = configTables.flatMap((table) =>
    (db.prepare(`SELECT k, v FROM "${table}" ORDER BY k`).all() as { k: string; v: unknown }[]).map(
      ({ k, v }) => `setting ${table} ${k} = ${String(v)}`,
    ),
  );
  return [...objects, ...settings];
}

describe('migrations', () => {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  afterEach(() => temp?.remove());

  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(latestSchemaVersion).toBe(migrations.length);
  });

  it.each(migrations.map((m) => [m.version, m.name] as const))(
    'migration %i (%s) applies on top of the previous ones',
    (version) => {
      const db = new Database(':memory:');
      migrate(db, version - 1);
      const before = schemaOf(db);
      migrate(db, version);
      expect(db.pragma('user_version', { simple: true })).toBe(version);
      expect(schemaOf(db)).not.toEqual(before);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    },
  );

  it('is idempotent: migrating twice changes nothing', () => {
    const db = new Database(':memory:');
    migrate(db);
    const once = schemaOf(db);
    migrate(db);
    expect(schemaOf(db)).toEqual(once);
    db.close();
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    temp = makeTempDir();
    const file = join(temp.dir, 'future.db');
    const future = new Database(file);
    future.exec('CREATE TABLE keep (x)');
    future.pragma(`user_version = ${latestSchemaVersion + 1}`);
    future.close();
    let thrown: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).messageKey).toBe('errors.newerDatabase');
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 1);
    expect(schemaOf(check)).toEqual(['table keep: CREATE TABLE keep (x)']);
    check.close();
  });

  it('opens with WAL, foreign keys and a busy timeout', () => {
    temp = makeTempDir();
    const db = openDatabase(join(temp.dir, 'w.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('matches the schema snapshot', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(schemaOf(db).join('\n')).toMatchSnapshot();
    db.close();
  });

  it('uses indexes for the hot queries', () => {
    const db = new Database(':memory:');
    migrate(db);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    expect(plan('SELECT * FROM messages WHERE group_id = 1 ORDER BY sent_at DESC')).toMatch(
      /messages_group_time/,
    );
    expect(plan('SELECT count(*) FROM messages WHERE member_id = 1')).toMatch(/messages_member_time/);
    expect(plan("SELECT id FROM messages WHERE fingerprint = 'x'")).toMatch(/messages_fingerprint/);
    expect(plan('SELECT * FROM group_members WHERE member_id = 1')).toMatch(/group_members_member/);
    db.close();
  });
});
