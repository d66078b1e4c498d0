/**
 * The import's fast paths (issue 3, performance): they must behave exactly like the plain ones they replace.
 * Normalisation shortcut, migration 15 (same CHECK constraints, no import index), batches without foreign-key
 * checks (and what happens when another connection changes the group or its members between two batches),
 * multi-row inserts (duplicates inside one statement).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/main/db/connection';
import { rollupState } from '../../../electron/main/db/repositories/healthRollups';
import { migrate } from '../../../electron/main/db/migrations';
import { checkInListAsEqualities } from '../../../electron/main/db/migrations/0015-import-speed';
import { fingerprintContent, OrdinalCounter } from '../../../electron/main/import/writer';
import { importJob, type ImportFileReport } from '../../../electron/main/jobs/importJob';
import type { JobContext } from '../../../electron/main/jobs/types';
import { normaliseForFingerprint } from '../../../electron/main/services/fingerprint';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { AppError } from '../../../shared/ipc/errors';
import { generateChat, memotraceCsvText } from '../../support/exportWriters';
import { makeTestBackend } from '../../support/tempWorkspace';
import { expectedRollups, sorted, storedRollups } from '../health/rollupReference';

describe('fingerprint normalisation shortcut', () => {
  // Characters of every class the shortcut handles, next to ones it must hand on (compatibility forms, combining
  // marks, other spaces, surrogate pairs, half-width katakana with their sound marks).
  const alphabet = [
    ...'ab Z09,.!?:;"\'()[]{}#@~-_/\\\t\n\r\u000b\u000c',
    ...'你好收到群主邀请加入了谢谢。，、！？：；“”‘’《》「」【】…—·～',
    ...'ＡＺａｚ０９！＂＃，．／：？［］～\u3000',
    ...'ひらがなカタカナゔヴ\u3099\u309a\u302a\u3038',
    ...'e\u0301\u00a0\u2003\u200b\ufeff\u2028ﬁ①㈱ｶﾞﾟ😀\ud83d',
  ];
  const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((chars) => chars.join(''));

  it('returns what the general normalisation returns, for any mix of characters', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(fingerprintContent(value)).toBe(normaliseForFingerprint(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps every character of its own ranges as NFKC does, one by one', () => {
    for (let code = 0x21; code <= 0xffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      expect(fingerprintContent(`a${char}b`), `U+${code.toString(16)}`).toBe(
        normaliseForFingerprint(`a${char}b`),
      );
    }
  });

  it('returns already normal text itself', () => {
    const value = ['收到、谢谢群主 #12', 'ok'].join('');
    expect(fingerprintContent(value)).toBe(value);
  });
});

/**
 * The counter as it was first written (a map of seconds to their keys, swept the same way): what the typed-array
 * counter must answer, message for message, whatever order the seconds come in.
 */
class OrdinalCounterModel {
  private readonly seconds = new Map<number, Map<string, number>>();
  private newestSecond = -Infinity;
  private sweepAt = 256;

  next(second: number, key: string): number {
    const seen = this.seconds.get(second);
    if (seen === undefined) {
      this.seconds.set(second, new Map([[key, 1]]));
      if (second > this.newestSecond) this.newestSecond = second;
      if (this.seconds.size > this.sweepAt) {
        for (const held of this.seconds.keys()) if (held < this.newestSecond - 3600) this.seconds.delete(held);
        this.sweepAt = 2 * this.seconds.size + 256;
      }
      return 0;
    }
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    return ordinal;
  }
}

describe('ordinal counter', () => {
  it('answers as the map it replaces for any order of seconds: forward, bursts, back within and past an hour', () => {
    // Messages seconds or minutes apart, bursts in one second, returns to a second seen before (of any age, and
    // about an hour back, where the counter's memory ends, across its sweeps) and jumps; keys from a small set.
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ forward: fc.integer({ min: 1, max: 30 }) }) },
      { weight: 3, arbitrary: fc.record({ forward: fc.constant(0) }) },
      { weight: 1, arbitrary: fc.record({ forward: fc.integer({ min: 100, max: 600 }) }) },
      { weight: 2, arbitrary: fc.record({ back: fc.integer({ min: 3300, max: 3900 }) }) },
      { weight: 1, arbitrary: fc.record({ revisit: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }) },
      { weight: 1, arbitrary: fc.record({ forward: fc.integer({ min: -20_000, max: 20_000 }) }) },
    );
    const message = fc.tuple(step, fc.constantFrom('a', 'b', 'c', '好', '收到'));
    let repeated = 0;
    let answered = 0;
    let sweptRuns = 0;
    /** Returns to a second more than an hour older than the newest: what the counter has forgotten after a sweep. */
    let pastTheHour = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.array(message, { minLength: 500, maxLength: 1500 }),
        (start, steps) => {
          const counter = new OrdinalCounter();
          const model = new OrdinalCounterModel();
          const visited: number[] = [];
          const seen = new Set<number>();
          let second = start;
          let newest = start;
          for (const [step, key] of steps) {
            if ('forward' in step) second += step.forward;
            else if ('revisit' in step && visited.length > 0)
              second = visited[Math.floor(step.revisit * visited.length)]!;
            else if ('back' in step) {
              // The first second seen at or after that age (within a minute), if any.
              const target = newest - step.back;
              const found = Array.from({ length: 60 }, (_, offset) => target + offset).find((at) => seen.has(at));
              if (found !== undefined) second = found;
            }
            if (second < newest - 3600) pastTheHour += 1;
            if (!seen.has(second)) {
              seen.add(second);
              visited.push(second);
            }
            newest = Math.max(newest, second);
            const ordinal = model.next(second, key);
            expect(counter.next(second, key)).toBe(ordinal);
            if (ordinal > 0) repeated += 1;
            answered += 1;
          }
          if (seen.size > 256) sweptRuns += 1;
        },
      ),
      // Shrinking a thousand steps takes minutes; the failing run's seed replays it.
      { numRuns: 60, endOnFailure: true },
    );
    // Repeats within a second, runs long enough to sweep, and returns past the hour are what is checked.
    expect(repeated).toBeGreaterThan(answered * 0.05);
    expect(sweptRuns).toBeGreaterThan(25);
    expect(pastTheHour).toBeGreaterThan(1000);
  });

  it('counts identical messages per second across a sweep of older seconds', () => {
    const counter = new OrdinalCounter();
    expect(counter.next(1_700_000_000, 'a')).toBe(0);
    expect(counter.next(1_700_000_000, 'a')).toBe(1);
    // Many later seconds make it sweep; the recent second stays counted.
    for (let second = 1_700_000_001; second < 1_700_003_000; second += 1) counter.next(second, 'b');
    expect(counter.next(1_700_002_999, 'b')).toBe(1);
    expect(counter.next(1_700_002_999, 'c')).toBe(0);
  });

  it('keeps the second exactly an hour before the newest through a sweep, and drops the one before it', () => {
    const counter = new OrdinalCounter();
    const hourAgo = 1_700_000_000;
    counter.next(hourAgo - 1, 'a');
    counter.next(hourAgo, 'a');
    // 254 seconds more, then the newest, an hour after: the 257th second held, which sweeps.
    for (let second = hourAgo + 3346; second <= hourAgo + 3599; second += 1) counter.next(second, 'x');
    counter.next(hourAgo + 3600, 'x');
    expect(counter.next(hourAgo, 'a')).toBe(1);
    expect(counter.next(hourAgo - 1, 'a')).toBe(0);
  });

  it('tells apart seconds further apart than 32 bits of seconds', () => {
    const counter = new OrdinalCounter();
    expect(counter.next(0, 'a')).toBe(0);
    // 2^32 seconds later: the same second once cut to 32 bits.
    expect(counter.next(2 ** 32, 'a')).toBe(0);
    expect(counter.next(2 ** 32, 'a')).toBe(1);
  });

  it('counts a burst of one second the same before and after it outgrows a list', () => {
    const counter = new OrdinalCounter();
    const keys = Array.from({ length: 200 }, (_, index) => ['好', '收到', `#${index % 7}`][index % 3]!);
    const seen = new Map<string, number>();
    for (const key of keys) {
      const expected = seen.get(key) ?? 0;
      expect(counter.next(1_700_000_000, key)).toBe(expected);
      seen.set(key, expected + 1);
    }
    // The neighbouring seconds are counted apart.
    expect(counter.next(1_700_000_001, '好')).toBe(0);
    expect(counter.next(1_699_999_999, '好')).toBe(0);
  });
});

describe('migration 15', () => {
  it('rewrites IN lists as equalities that accept and refuse the same values', () => {
    const sql = "CREATE TABLE t (k TEXT CHECK (k IN ('a', 'b')), e TEXT CHECK (e IN\n ('x')))";
    expect(checkInListAsEqualities(checkInListAsEqualities(sql, 'k'), 'e')).toBe(
      "CREATE TABLE t (k TEXT CHECK (k = 'a' OR k = 'b'), e TEXT CHECK (e = 'x'))",
    );
    expect(() => checkInListAsEqualities(sql, 'missing')).toThrow(/expected one CHECK/);
  });

  it('keeps the messages constraints, drops the import index, widens the group time index, updates the deferred note', () => {
    const db = new Database(':memory:');
    migrate(db, 14);
    db.exec(
      `INSERT INTO workspace_meta (key, value) VALUES ('import.deferred_indexes', '${JSON.stringify({
        importId: 1,
        indexes: [
          { name: 'messages_import', sql: 'CREATE INDEX messages_import ON messages (import_id)' },
          {
            name: 'messages_group_time',
            sql: 'CREATE INDEX messages_group_time ON messages (group_id, sent_at)',
          },
          {
            name: 'messages_member_time',
            sql: 'CREATE INDEX messages_member_time ON messages (member_id, sent_at)',
          },
        ],
      })}')`,
    );
    migrate(db, 15);
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'messages' AND type = 'index'")
      .pluck();
    expect(indexes.all()).not.toContain('messages_import');
    const note = JSON.parse(
      db
        .prepare("SELECT value FROM workspace_meta WHERE key = 'import.deferred_indexes'")
        .pluck()
        .get() as string,
    ) as { indexes: { name: string }[] };
    expect(note.indexes.map((index) => index.name)).toEqual(['messages_member_time']);
    // The group time index carries the sender, so the tier recompute reads it alone.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT member_id, count(*) FROM messages
         WHERE group_id = 1 AND sent_at >= 0 AND sent_at < 10 AND member_id IS NOT NULL GROUP BY member_id`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('COVERING INDEX messages_group_time');
    db.exec(`INSERT INTO groups (id, name, type, positioning, core_goal, member_cap, created_at, updated_at)
             VALUES (1, 'g', 'service', '', '', 500, 0, 0)`);
    const insert = db.prepare(
      `INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint, system_event)
       VALUES (1, 's', 1, ?, 'c', ?, ?)`,
    );
    insert.run('text', 'f1', null);
    insert.run('system', 'f2', 'redPacket');
    expect(() => insert.run('texts', 'f3', null)).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('text', 'f4', 'joined')).toThrow(/CHECK constraint failed/);
    // Defensive mode is back on for the connection that migrated.
    expect(() => db.exec("UPDATE sqlite_schema SET sql = sql WHERE name = 'messages'")).toThrow();
    db.close();
  });
});

describe('import batches', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let db: Db;
  beforeEach(() => {
    backend = makeTestBackend();
    db = backend.context.db;
  });
  afterEach(async () => backend.dispose());

  /** Runs the import job on a connection of its own, with `betweenBatches` run after each committed batch. */
  async function runImport(
    path: string,
    betweenBatches: (batch: number) => void,
    options: Record<string, unknown> = {},
  ): Promise<ImportFileReport> {
    const workspaceDir = join(backend.dir, 'workspace');
    const jobDb: Db = openDatabase(workspaceDbFile(workspaceDir), { migrate: false });
    let batch = 0;
    const context: JobContext = {
      db: jobDb,
      workspaceDir,
      operator: 'local',
      now: Date.now,
      progress: () => undefined,
      isCancelled: () => false,
      throwIfCancelled: () => undefined,
      yieldToLoop: async () => betweenBatches((batch += 1)),
      moreQueued: () => options.moreQueued === true,
      checkpointAfterResult: () => undefined,
    };
    try {
      const { moreQueued: _moreQueued, ...input } = options;
      return await importJob.run(
        { path, timeZone: '+08:00', batchSize: 50, bulkLoad: false, ...input },
        context,
      );
    } finally {
      jobDb.close();
    }
  }

  function writeChat(name: string, count: number): string {
    const path = join(backend.dir, name);
    writeFileSync(path, memotraceCsvText(generateChat({ seed: 7, count, members: 12 })));
    return path;
  }

  it('leaves the health fold to the next file of a folder, whose fold then takes both as a recompute would', async () => {
    const { db } = backend.context;
    const chat = (name: string, seed: number, startAt: number) => {
      const path = join(backend.dir, name);
      writeFileSync(path, memotraceCsvText(generateChat({ seed, count: 300, members: 12, startAt })));
      return path;
    };
    // One batch each: the fold at the end is the only one.
    const oneBatch = { batchSize: 10_000 };
    await runImport(chat('群A_1.csv', 8, Date.UTC(2024, 4, 1)), () => undefined, {
      ...oneBatch,
      moreQueued: true,
    });
    const waiting = rollupState(db);
    expect(waiting.lastMessageId).toBeGreaterThan(250);
    expect(waiting.rolledThrough).toBe(0);
    await runImport(chat('群A_2.csv', 9, Date.UTC(2024, 4, 3)), () => undefined, oneBatch);
    const folded = rollupState(db);
    expect(folded.rolledThrough).toBe(folded.lastMessageId);
    expect(folded.lastMessageId).toBeGreaterThan(waiting.lastMessageId);
    expect(sorted(storedRollups(db))).toEqual(sorted(expectedRollups(db)));
  });

  it('looks members up again when another connection merged one between two batches', async () => {
    const path = writeChat('群A_utf8.csv', 400);
    let merged: { from: number; into: number } | undefined;
    let mergedAfterId = 0;
    const report = await runImport(path, (batch) => {
      if (batch !== 2) return;
      // Another connection merges the busiest sender into another member.
      const [from, into] = db
        .prepare(
          'SELECT member_id FROM messages WHERE member_id IS NOT NULL GROUP BY member_id ORDER BY count(*) DESC',
        )
        .pluck()
        .all() as number[];
      db.prepare('UPDATE members SET merged_into_id = ? WHERE id = ?').run(into, from);
      merged = { from: from!, into: into! };
      mergedAfterId = db.prepare('SELECT max(id) FROM messages').pluck().get() as number;
    });
    expect(report.inserted).toBe(400);
    // Later batches write the merged member's messages to the member it was merged into.
    const later = db.prepare('SELECT count(*) FROM messages WHERE id > ? AND member_id = ?').pluck();
    expect(later.get(mergedAfterId, merged!.from)).toBe(0);
    expect(later.get(mergedAfterId, merged!.into)).toBeGreaterThan(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('fails with a clear error and leaves nothing when the group is deleted between two batches', async () => {
    const path = writeChat('群B_utf8.csv', 300);
    let thrown: unknown;
    try {
      await runImport(path, (batch) => {
        if (batch === 2) db.prepare('DELETE FROM groups').run();
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).messageKey).toBe('import.errors.groupNotFound');
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
    expect(db.prepare('SELECT status FROM imports').pluck().get()).toBe('failed');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('counts a message whose server id repeats inside one insert statement once', async () => {
    const path = join(backend.dir, 'dup.json');
    const messages = [1, 2, 2, 3, 2].map((id, index) => ({
      localId: index,
      createTime: 1_714_960_000 + index,
      type: '文本消息',
      content: `第${id}条`,
      senderUsername: 'wxid_a',
      senderDisplayName: '甲',
      platformMessageId: String(9000 + id),
    }));
    writeFileSync(path, JSON.stringify({ session: { displayName: '群C' }, messages }));
    const report = await runImport(path, () => undefined, { format: 'weflow-json' });
    expect(report).toMatchObject({ read: 5, inserted: 3, duplicates: 2 });
    expect(db.prepare('SELECT content FROM messages ORDER BY id').pluck().all()).toEqual([
      '第1条',
      '第2条',
      '第3条',
    ]);
  });
});
