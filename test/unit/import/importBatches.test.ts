/**
 * What an import leaves behind batch after batch: the full-text index equals one rebuilt from the messages, and the
 * health rollups equal a recompute, however the batches fall (rejected rows after a full batch, folds spread over
 * several batches, messages written by someone else between two batches).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../../shared/domain/types';
import type { ImportFileReport } from '../../../electron/main/jobs/importJob';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { insertImport } from '../../../electron/main/db/repositories/imports';
import { refreshHealthRollups, rollupState } from '../../../electron/main/db/repositories/healthRollups';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import { ImportWriter } from '../../../electron/main/import/writer';
import type { ParsedMessage } from '../../../electron/main/import/types';
import { generateChat, memotraceCsvText, type GeneratedMessage } from '../../support/exportWriters';
import { makeTestBackend } from '../../support/tempWorkspace';
import { expectedRollups, sorted, storedRollups } from '../health/rollupReference';

type TestBackend = ReturnType<typeof makeTestBackend>;
let backend: TestBackend;
beforeEach(() => {
  // Every progress report is delivered, so a cancel on the first one lands right after the first batch.
  backend = makeTestBackend({ jobs: { mode: 'in-process', progressIntervalMs: 0 } });
});
afterEach(async () => backend.dispose());

function writeFile(name: string, content: string): string {
  const path = join(backend.dir, 'files', name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function importOne(path: string, options: Record<string, unknown> = {}): Promise<JobState> {
  return backend.jobs.wait(
    backend.jobs.start('import.file', { path, timeZone: '+08:00', ...options }, 'local'),
  );
}

/** Every (term, message, position) the full-text index holds, in order. */
function indexedTerms(db: Db): string[] {
  db.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, 'messages_fts', 'instance')",
  );
  return (
    db
      .prepare('SELECT term, doc, "offset" FROM temp.fts_instances ORDER BY term, doc, "offset"')
      .raw()
      .all() as [string, number, number][]
  ).map((row) => row.join('|'));
}

/** Message ids the index finds for a substring (as the archive searches), ascending. */
function found(db: Db, phrase: string): number[] {
  return db
    .prepare('SELECT rowid FROM messages_fts WHERE content LIKE ? ORDER BY rowid')
    .pluck()
    .all(`%${phrase}%`) as number[];
}

/** The index as the import left it equals the index FTS5 rebuilds from the messages, term by term and query by query. */
function expectIndexAsRebuilt(db: Db): void {
  const phrases = (
    db.prepare("SELECT content FROM messages WHERE kind = 'text' LIMIT 40").pluck().all() as string[]
  )
    .map((content) => [...content].slice(0, 4).join(''))
    .filter((phrase) => [...phrase].length >= 3 && !/[%_]/.test(phrase));
  expect(phrases.length).toBeGreaterThan(10);
  const before = { terms: indexedTerms(db), results: phrases.map((phrase) => found(db, phrase)) };
  expect(before.terms.length).toBeGreaterThan(1000);
  expect(before.results.every((ids) => ids.length > 0)).toBe(true);
  db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')");
  expect(indexedTerms(db)).toEqual(before.terms);
  expect(phrases.map((phrase) => found(db, phrase))).toEqual(before.results);
  expect(() =>
    db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"),
  ).not.toThrow();
}

/** The full-text insert trigger on messages as stored (each batch suspends it, see ImportWriter.beginBatch). */
function ftsInsertTrigger(db: Db): string | undefined {
  return db
    .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'messages_fts_insert'`)
    .pluck()
    .get() as string | undefined;
}

/** A writer into a new group, for tests that drive the batches themselves. */
function newWriter(db: Db, now: number): { writer: ImportWriter; groupId: number } {
  const groupId = insertGroup(
    db,
    { name: '读书会', type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
    now,
  );
  const importId = insertImport(db, {
    fileName: 'x.csv',
    filePath: '/x.csv',
    fileSize: 1,
    sha256: '',
    format: 'memotrace-csv',
    encoding: 'utf-8',
    timeZone: '+08:00',
    startedAt: now,
  });
  return { writer: new ImportWriter(db, groupId, importId, now), groupId };
}

function expectRollupsAsRecomputed(db: Db): void {
  // Nothing left to fold: the import folded all it wrote.
  const state = rollupState(db);
  expect(state.rolledThrough).toBe(state.lastMessageId);
  expect(sorted(storedRollups(db))).toEqual(sorted(expectedRollups(db)));
}

describe('full-text index after an import', () => {
  for (const bulkLoad of [false, true]) {
    it(`equals a rebuilt index (${bulkLoad ? 'bulk load' : 'indexes kept'}, several batches)`, async () => {
      const path = writeFile('大群_utf8.csv', memotraceCsvText(generateChat({ seed: 21, count: 2500 })));
      const state = await importOne(path, { batchSize: 300, bulkLoad });
      expect(state.status, JSON.stringify(state.error)).toBe('done');
      expect(state.result).toMatchObject({ inserted: 2500 });
      expectIndexAsRebuilt(backend.context.db);
      expectRollupsAsRecomputed(backend.context.db);
    });
  }

  for (const ending of ['a rejected row', 'nothing more']) {
    it(`folds and indexes everything when ${ending} follows a batch that just filled up`, async () => {
      const text = memotraceCsvText(generateChat({ seed: 22, count: 400 }));
      // Five fields under the twelve-column header: rejected, after the 400 rows made exactly two batches.
      const path = writeFile('满批_utf8.csv', ending === 'a rejected row' ? `${text}1,2,3,4,5\r\n` : text);
      const state = await importOne(path, { batchSize: 200 });
      expect(state.status, JSON.stringify(state.error)).toBe('done');
      expect(state.result as ImportFileReport).toMatchObject({
        inserted: 400,
        rejected: ending === 'a rejected row' ? 1 : 0,
      });
      expectIndexAsRebuilt(backend.context.db);
      expectRollupsAsRecomputed(backend.context.db);
    });
  }
});

describe('health rollups after an import', () => {
  it('equal a recompute when the folds span several batches and a second file continues the chat', async () => {
    const chat = [...generateChat({ seed: 23, count: 1800 })];
    const first = await importOne(writeFile('群_utf8.csv', memotraceCsvText(chat.slice(0, 1100))), {
      batchSize: 70,
      groupName: '读书会',
    });
    expect(first.status).toBe('done');
    expectRollupsAsRecomputed(backend.context.db);
    // Overlaps the first file by 300 messages and goes on: duplicates and new days in one run of batches.
    const second = await importOne(writeFile('群-续_utf8.csv', memotraceCsvText(chat.slice(800))), {
      batchSize: 70,
      groupName: '读书会',
    });
    expect(second.result).toMatchObject({ inserted: 700, duplicates: 300 });
    expectRollupsAsRecomputed(backend.context.db);
  });

  it('reach a recompute after a cancel: the next refresh folds the batches that stayed, the re-import the rest', async () => {
    const path = writeFile('取消_utf8.csv', memotraceCsvText(generateChat({ seed: 25, count: 1500 })));
    const unsubscribe = backend.events.subscribe((event, payload) => {
      const job = payload as JobState;
      if (event === 'jobs.progress' && job.stepKey === 'import.steps.reading' && job.status === 'running')
        backend.jobs.cancel(job.id);
    });
    const cancelled = await importOne(path, { batchSize: 100 });
    unsubscribe();
    expect(cancelled.status).toBe('cancelled');
    const { db } = backend.context;
    const kept = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(1500);
    refreshHealthRollups(db);
    expectRollupsAsRecomputed(db);
    const resumed = await importOne(path, { batchSize: 100 });
    expect(resumed.result).toMatchObject({ inserted: 1500 - kept, duplicates: kept });
    expectRollupsAsRecomputed(db);
    expectIndexAsRebuilt(db);
  });

  it('reports progress within a batch, every 10,000 messages, as well as after it', async () => {
    // 25,000 messages into an archive that keeps its indexes: one batch (50,000 a batch there).
    const path = writeFile('进度_utf8.csv', memotraceCsvText(generateChat({ seed: 27, count: 25_000 })));
    const reported: number[] = [];
    const unsubscribe = backend.events.subscribe((event, payload) => {
      const job = payload as JobState;
      if (event === 'jobs.progress' && job.stepKey === 'import.steps.reading')
        reported.push(job.messagesImported ?? -1);
    });
    const job = await importOne(path, { bulkLoad: false });
    unsubscribe();
    const { inserted } = job.result as ImportFileReport;
    // After 10,000 and 20,000 rows read (a few were duplicates within the file), then after the batch.
    expect(reported).toHaveLength(3);
    expect(reported[0]).toBeGreaterThan(9_900);
    expect(reported[0]).toBeLessThanOrEqual(10_000);
    expect(reported[1]).toBeGreaterThan(19_800);
    expect(reported[1]).toBeLessThanOrEqual(20_000);
    expect(reported[2]).toBe(inserted);
  });

  it('count messages someone else wrote between two batches exactly once', () => {
    const { db } = backend.context;
    const now = Date.parse('2024-05-01T00:00:00Z');
    const { writer, groupId } = newWriter(db, now);
    const messages = [...generateChat({ seed: 24, count: 300, members: 12 })].map(parsed);
    const insertElsewhere = prepareMessageInsert(db);
    for (let batch = 0; batch < 3; batch += 1) {
      db.transaction(() => {
        writer.beginBatch();
        for (const message of messages.slice(batch * 100, batch * 100 + 100)) writer.write(message);
        writer.finishBatch();
        if (batch === 2) writer.foldHealth();
      })();
      if (batch === 2) break;
      // Another writer's message between two batches, not folded by it: the writer's counts must not skip it.
      insertElsewhere({
        groupId,
        memberId: null,
        senderName: '手工',
        sentAt: messages[batch * 100]!.sentAt + 1,
        kind: 'text',
        content: `手工补录 ${batch}`,
        fingerprint: `manual-${batch}`,
        importId: null,
      });
    }
    expect(writer.inserted).toBe(300);
    // The manual messages count for no member, but for their days and kinds.
    expect(refreshHealthRollups(db).folded).toBe(0);
    expectRollupsAsRecomputed(db);
    // The manual messages were indexed by the insert trigger, which is in place between batches.
    expectIndexAsRebuilt(db);
    expect(found(db, '手工补录')).toHaveLength(2);
  });
});

describe('the full-text insert trigger, suspended batch by batch', () => {
  it('is in place after an import, a cancelled one and a failed batch, exactly as it was', async () => {
    const { db } = backend.context;
    const trigger = ftsInsertTrigger(db);
    expect(trigger).toMatch(/AFTER INSERT ON messages/);
    const path = writeFile('触发器_utf8.csv', memotraceCsvText(generateChat({ seed: 28, count: 900 })));
    expect((await importOne(path, { batchSize: 200 })).status).toBe('done');
    expect(ftsInsertTrigger(db)).toBe(trigger);

    const unsubscribe = backend.events.subscribe((event, payload) => {
      const job = payload as JobState;
      if (event === 'jobs.progress' && job.stepKey === 'import.steps.reading' && job.status === 'running')
        backend.jobs.cancel(job.id);
    });
    const another = writeFile('触发器2_utf8.csv', memotraceCsvText(generateChat({ seed: 29, count: 900 })));
    expect((await importOne(another, { batchSize: 200 })).status).toBe('cancelled');
    unsubscribe();
    expect(ftsInsertTrigger(db)).toBe(trigger);

    const now = Date.parse('2024-05-01T00:00:00Z');
    const { writer } = newWriter(db, now);
    expect(() =>
      db.transaction(() => {
        writer.beginBatch();
        expect(ftsInsertTrigger(db)).toBeUndefined();
        throw new Error('the batch fails');
      })(),
    ).toThrow('the batch fails');
    expect(ftsInsertTrigger(db)).toBe(trigger);
    expectIndexAsRebuilt(db);
  });

  it('a row the database refuses fails the batch instead of counting as a duplicate', () => {
    const { db } = backend.context;
    const now = Date.parse('2024-05-01T00:00:00Z');
    const { writer } = newWriter(db, now);
    const [good, bad] = [...generateChat({ seed: 30, count: 2, members: 2 })].map(parsed);
    // A kind the messages table's CHECK constraint refuses (the parsers never make one).
    const refused = { ...bad!, kind: 'hologram' } as unknown as ParsedMessage;
    const before = db.prepare('SELECT count(*) FROM messages').pluck().get();
    expect(() =>
      db.transaction(() => {
        writer.beginBatch();
        writer.write(good!);
        writer.write(refused);
        writer.finishBatch();
      })(),
    ).toThrow(/refused a message row/);
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(before);
    expect(writer.duplicates).toBe(0);
  });
});

function parsed(message: GeneratedMessage, index: number): ParsedMessage {
  return {
    sentAt: message.sentAt,
    senderName: message.senderName,
    senderId: message.senderId,
    kind: message.type === 10000 ? 'system' : message.type === 3 ? 'image' : 'text',
    systemEvent: null,
    content: message.content,
    serverId: null,
    chatName: null,
    line: index + 2,
  };
}
