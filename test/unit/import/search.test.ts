/**
 * The archive's full-text search is a substring search over message text (migration 23: the trigram index keeps no
 * positions and FTS5 answers LIKE): the same rows as a plain substring test, whatever characters the text holds.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import { searchMessages } from '../../../electron/main/db/repositories/messages';

const texts = [
  'Price 50% off today',
  'price 50 off',
  'PRICE 5000 OFF',
  'a_b_c 下划线',
  'axbxc 没有下划线',
  '他说“加我微信”领资料',
  '"引号"里的话',
  '100%正品 假一赔十',
  '100 正品',
  'Ünïcode straße',
];

let db: Database.Database;

beforeAll(() => {
  db = new Database(':memory:');
  // Written at version 22 (positions kept), searched after migration 23 rebuilt the index.
  migrate(db, 22);
  db.exec(`INSERT INTO groups (name, type, created_at, updated_at) VALUES ('群', 'service', 0, 0)`);
  const insert = db.prepare(
    `INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint) VALUES (1, '某人', ?, 'text', ?, ?)`,
  );
  texts.forEach((text, index) => insert.run(index * 1000, text, `f${index}`));
  migrate(db);
});
afterAll(() => db.close());

/** What LIKE's substring test keeps: ASCII letters without case, everything else exactly. */
function expected(query: string): string[] {
  const fold = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return texts.filter((text) => fold(text).includes(fold(query))).reverse();
}

function search(query: string): { total: number; contents: string[] } {
  const page = searchMessages(db, { query, offset: 0, limit: 50 });
  return { total: page.total, contents: page.rows.map((row) => row.content) };
}

describe('archive full-text search', () => {
  it.each([
    ['50% off', 1],
    ['PRICE 50', 3],
    ['a_b', 1],
    ['加我微信', 1],
    ['"引号"', 1],
    ['100%正品', 1],
    ['straße', 1],
    ['ÜNÏCODE', 0],
    ['不存在的话', 0],
  ])('finds %j as a substring, wildcard characters and quotes taken literally', (query, count) => {
    const result = search(query);
    expect(result.contents).toEqual(expected(query));
    expect(result.total).toBe(count);
  });

  it('keeps an index that matches its messages after the migration rebuilt it', () => {
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(23);
    expect(() =>
      db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"),
    ).not.toThrow();
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT rowid FROM messages_fts WHERE content LIKE '%加我微信%'`)
      .all() as { detail: string }[];
    // The trigram index answers the LIKE (a bare `INDEX 0:` would be a scan of every message).
    expect(plan.map((row) => row.detail).join()).toMatch(/VIRTUAL TABLE INDEX 0:L/);
  });
});
