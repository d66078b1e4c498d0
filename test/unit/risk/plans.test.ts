import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/connection';
import { migrate } from '../../../electron/main/db/migrations';
import {
  countScannedMessages,
  hitsPerDay,
  messagesInWindow,
  newestMessageTime,
  pendingMessages,
  queryHits,
} from '../../../electron/main/db/repositories/riskHits';

/** Every statement the repository prepares while `run` runs (on a fresh connection, so none is cached yet). */
function preparedBy(run: (db: Db) => void): string[] {
  const db = new Database(':memory:');
  migrate(db);
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  run(db);
  db.prepare = prepare;
  return seen;
}

function planOf(db: Db, sql: string): string {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((match) => match[1]!))];
  const params = Object.fromEntries(
    named.map((name) => [name, name === 'groups' || name === 'categories' ? '[1]' : 1]),
  );
  const positional = (sql.match(/\?/g) ?? []).map(() => 1);
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (named.length > 0 ? statement.all(params) : statement.all(...positional)) as {
    detail: string;
  }[];
  return rows.map((row) => row.detail).join(' | ');
}

describe('risk queries', () => {
  it('read the hits, scan state and messages through indexes, never a whole table', () => {
    const statements = preparedBy((db) => {
      pendingMessages(db, 1, 0, 10);
      countScannedMessages(db, 1);
      queryHits(db, { status: 'open', offset: 0, limit: 10 });
      queryHits(db, { status: 'open', groupId: 1, category: 'ads', offset: 0, limit: 10 });
      hitsPerDay(db, { from: 0, to: 1 });
      hitsPerDay(db, { from: 0, to: 1, groupId: 1 });
      messagesInWindow(db, { from: 0, to: 1 }, 10);
      newestMessageTime(db);
    });
    expect(statements.length).toBeGreaterThanOrEqual(8);
    const db = new Database(':memory:');
    migrate(db);
    for (const sql of statements) {
      const plan = planOf(db, sql);
      // Counting the scan state of the current version reads its table; everything else searches an index.
      if (sql.includes('FROM risk_scan_state WHERE version')) continue;
      expect(plan, sql).not.toMatch(/\bSCAN (risk_hits|h|messages|m|risk_scan_state|s)\b/);
    }
    const queue = statements.find((sql) => sql.includes('ORDER BY h.sent_at DESC'))!;
    expect(planOf(db, queue)).toContain('USING INDEX risk_hits_queue');
    expect(planOf(db, queue)).not.toContain('TEMP B-TREE FOR ORDER BY');
  });
});
