/** Schema version 2, bulk-load mode and its crash recovery, and the query plans the importer relies on. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import {
  deferMessageIndexes,
  deferredIndexesOwner,
  restoreMessageIndexes,
} from '../../../electron/main/import/bulkLoad';
import { recoverInterruptedImports } from '../../../electron/main/jobs/importJob';
import { makeTestBackend } from '../../support/tempWorkspace';
import { fixture } from './support';

describe('migration 0002 (import provenance)', () => {
  it('adds the import columns and tables, keeps old rows, and leaves imported rows to the importer’s own FTS step', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.exec(`INSERT INTO groups (name, type, created_at, updated_at) VALUES ('g', 'service', 0, 0);
      INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint) VALUES (1, 'a', 0, 'text', '旧消息内容', 'f1');`);
    migrate(db, 2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT ordinal, server_id, system_event FROM messages').get()).toEqual({
      ordinal: 0,
      server_id: null,
      system_event: null,
    });
    const importColumns = (db.prepare('PRAGMA table_info(imports)').all() as { name: string }[]).map(
      (column) => column.name,
    );
    expect(importColumns).toEqual(
      expect.arrayContaining([
        'time_zone',
        'rows_read',
        'rows_skipped',
        'heartbeat_at',
        'error_key',
        'report',
      ]),
    );
    db.exec(`INSERT INTO imports (file_name, file_size, sha256, format, encoding, started_at, status) VALUES ('f', 1, 'x', 'memotrace-csv', 'utf-8', 0, 'done');
      INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint) VALUES (1, 'b', 0, 'text', '演示写入的消息', 'f2');
      INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint, import_id) VALUES (1, 'c', 0, 'text', '导入写入的消息', 'f3', 1);`);
    const match = (text: string) =>
      db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(`"${text}"`);
    expect(match('旧消息')).toBe(1);
    expect(match('演示写')).toBe(1);
    expect(match('导入写')).toBe(0);
    expect(() =>
      db
        .prepare("INSERT INTO membership_events (group_id, member_id, event, at) VALUES (1, 1, 'stay', 0)")
        .run(),
    ).toThrow();
    db.close();
  });
});

describe('bulk-load mode', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  beforeEach(() => {
    backend = makeTestBackend();
  });
  afterEach(async () => backend.dispose());

  const indexesOfMessages = () =>
    backend.context.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name")
      .pluck()
      .all();

  it('drops the secondary message indexes for the load and rebuilds them, leaving the same schema', async () => {
    const before = indexesOfMessages();
    const state = await backend.jobs.wait(
      backend.jobs.start(
        'import.file',
        { path: fixture('memotrace/读书会三群_utf8.csv'), bulkLoad: true, batchSize: 3 },
        'local',
      ),
    );
    expect(state.result).toMatchObject({ inserted: 9 });
    expect(indexesOfMessages()).toEqual(before);
    expect(deferredIndexesOwner(backend.context.db)).toBeNull();
    expect(() =>
      backend.context.db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"),
    ).not.toThrow();
  });

  it('lets only one import hold the indexes, and rebuilds after a crash once the holder is stale', () => {
    const db = backend.context.db;
    const before = indexesOfMessages();
    db.exec(`INSERT INTO imports (file_name, file_size, sha256, format, encoding, started_at, heartbeat_at, status)
      VALUES ('crashed.csv', 1, 'x', 'memotrace-csv', 'utf-8', 1000, 1000, 'running')`);
    expect(deferMessageIndexes(db, 1)).toBe(true);
    expect(deferMessageIndexes(db, 2)).toBe(false);
    expect(indexesOfMessages()).toEqual(['messages_fingerprint']);
    // Fresh heartbeat: a live import, leave it alone.
    expect(recoverInterruptedImports(db, 2000)).toBe(0);
    expect(deferredIndexesOwner(db)).toBe(1);
    // Ten minutes without a batch: the process died.
    expect(recoverInterruptedImports(db, 1000 + 11 * 60_000)).toBe(1);
    expect(indexesOfMessages()).toEqual(before);
    expect(db.prepare('SELECT status, error_key FROM imports WHERE id = 1').get()).toEqual({
      status: 'failed',
      error_key: 'import.errors.interrupted',
    });
    expect(restoreMessageIndexes(db)).toBe(false);
  });
});

describe('query plans', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  beforeEach(() => {
    backend = makeTestBackend();
  });
  afterEach(async () => backend.dispose());

  const plan = (sql: string, ...params: unknown[]) =>
    (backend.context.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((row) => row.detail)
      .join(' | ');

  it("reads a group's members and stored fingerprints by time through indexes", () => {
    // What GroupMemberNames reads once per import to find senders by name.
    const groupMembers = plan(
      `SELECT m.id, m.merged_into_id, m.wxid IS NOT NULL AS has_wxid, m.display_name, gm.group_nickname
       FROM group_members gm JOIN members m ON m.id = gm.member_id WHERE gm.group_id = 1 ORDER BY m.id`,
    );
    expect(groupMembers).toMatch(/SEARCH gm USING (PRIMARY KEY|INDEX \w+) \(group_id=\?/);
    expect(groupMembers).toContain('SEARCH m USING INTEGER PRIMARY KEY');
    const stored = plan(
      'SELECT fingerprint, sent_at FROM messages WHERE group_id = 1 AND sent_at >= 0 ORDER BY sent_at LIMIT 10',
    );
    expect(stored).toContain('messages_group_time');
    expect(stored).not.toContain('TEMP B-TREE');
  });
});
