/**
 * Crash injection for imports: a child process imports a generated export and is SIGKILLed at a seeded random
 * point, 20 times. After every kill the database passes `integrity_check`, and importing the same file again gives
 * exactly the messages a clean import gives: none lost, none twice.
 */
import Database from 'better-sqlite3';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelFlag } from '../../../electron/main/jobs/cancellation';
import { executeJob } from '../../../electron/main/jobs/execute';
import { openWorkspace } from '../../../electron/main/services/workspace';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { generateChat, writeMemotraceCsv } from '../../support/exportWriters';
import { makeTempDir } from '../../support/tempWorkspace';
import { runJobInChild, seededRandom } from './crashSupport';

const trials = 20;
const temp = makeTempDir('qundesk-crash-import-');
afterAll(() => temp.remove());

const base = join(temp.dir, 'base');
const file = join(temp.dir, 'chat.csv');
let importMs = 0;
let expected = 0;
let expectedTrigger: string | undefined;

function facts(dir: string) {
  const db = new Database(workspaceDbFile(dir), { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      messages: db.prepare('SELECT count(*) FROM messages').pluck().get() as number,
      distinct: db.prepare('SELECT count(DISTINCT fingerprint) FROM messages').pluck().get() as number,
      // Each batch drops and recreates it inside its transaction (ImportWriter.beginBatch): a kill never loses it.
      ftsTrigger: db
        .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'messages_fts_insert'`)
        .pluck()
        .get() as string | undefined,
    };
  } finally {
    db.close();
  }
}

/** The import the user would run again after the crash: same file, same options, in this process. */
async function importAgain(dir: string): Promise<unknown> {
  return executeJob({
    kind: 'import.file',
    input: { path: file, batchSize: 250 },
    operator: 'test',
    workspaceDir: dir,
    cancel: new CancelFlag(),
    onProgress: () => {},
  });
}

beforeAll(async () => {
  // Big enough that an import takes most of a second here (ten batches); small enough for 20 trials in well under a minute.
  await writeMemotraceCsv(file, generateChat({ seed: 42, count: 2500, members: 400 }));
  openWorkspace(base).close();
  const calibration = join(temp.dir, 'calibration');
  cpSync(base, calibration, { recursive: true });
  const run = await runJobInChild('import.file', calibration, { path: file, batchSize: 250 }, null);
  expect(run.error).toBeNull();
  importMs = run.finishedAfter ?? 1000;
  const clean = facts(calibration);
  expect(clean.integrity).toBe('ok');
  expected = clean.messages;
  expect(expected).toBeGreaterThan(2000);
  expect(clean.distinct).toBe(expected);
  expectedTrigger = clean.ftsTrigger;
  expect(expectedTrigger).toMatch(/AFTER INSERT ON messages/);
}, 30_000);

describe('import killed at random points', () => {
  it(`keeps the database whole and the re-run exact through ${trials} SIGKILLs`, async () => {
    const random = seededRandom(20240501);
    let killedMidway = 0;
    for (let trial = 0; trial < trials; trial += 1) {
      const dir = join(temp.dir, `trial-${trial}`);
      cpSync(base, dir, { recursive: true });
      const killAfter = Math.floor(random() * importMs * 1.1);
      const run = await runJobInChild('import.file', dir, { path: file, batchSize: 250 }, killAfter);
      expect(run.error, `trial ${trial}`).toBeNull();
      const afterKill = facts(dir);
      expect(afterKill.integrity, `trial ${trial} after the kill at ${killAfter} ms`).toBe('ok');
      expect(afterKill.distinct).toBe(afterKill.messages);
      expect(afterKill.ftsTrigger, `trial ${trial} after the kill at ${killAfter} ms`).toBe(expectedTrigger);
      expect(afterKill.messages).toBeLessThanOrEqual(expected);
      if (run.killed && afterKill.messages > 0 && afterKill.messages < expected) killedMidway += 1;

      await importAgain(dir);
      const rerun = facts(dir);
      expect(rerun, `trial ${trial}: re-run after the kill at ${killAfter} ms`).toEqual({
        integrity: 'ok',
        messages: expected,
        distinct: expected,
        ftsTrigger: expectedTrigger,
      });
      rmSync(dir, { recursive: true, force: true });
    }
    // The kills really landed inside imports, between committed batches, not only before or after.
    expect(killedMidway).toBeGreaterThanOrEqual(trials / 4);
  }, 90_000);
});
