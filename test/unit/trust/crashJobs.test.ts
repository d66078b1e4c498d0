/**
 * Crash injection for the tier recompute and the sensitive-word (risk) scan: each job runs in a child process
 * that is SIGKILLed at a seeded random point. After every kill the database passes `integrity_check`, and running
 * the job again gives exactly what a clean run gives. Fewer trials than the import test (8 per job) to stay within
 * the time budget: both jobs are short here, so the kills spread over their whole run anyway.
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

const trials = 8;
const temp = makeTempDir('qundesk-crash-jobs-');
afterAll(() => temp.remove());
const base = join(temp.dir, 'base');

const runHere = (kind: string, dir: string) =>
  executeJob({
    kind,
    input: {},
    operator: 'test',
    workspaceDir: dir,
    cancel: new CancelFlag(),
    onProgress: () => {},
  });

/** What each job produces, in a form two runs can be compared by. */
const outcomes: Record<string, (db: Database.Database) => unknown> = {
  'tiers.recompute': (db) => ({
    tiers: db.prepare('SELECT tier, count(*) AS n FROM members GROUP BY tier ORDER BY tier').all(),
    history: db.prepare('SELECT count(*) FROM tier_history').pluck().get(),
  }),
  'risk.scan': (db) => ({
    hits: db.prepare('SELECT count(*) AS n, count(DISTINCT message_id) AS messages FROM risk_hits').get(),
    words: db
      .prepare("SELECT group_concat(word, ',') FROM (SELECT DISTINCT word FROM risk_hits ORDER BY word)")
      .pluck()
      .get(),
    scanned: db.prepare('SELECT count(*) FROM risk_scan_state').pluck().get(),
  }),
};

function inspect(dir: string, kind: string) {
  const db = new Database(workspaceDbFile(dir), { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      outcome: outcomes[kind]!(db),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const file = join(temp.dir, 'chat.csv');
  await writeMemotraceCsv(file, generateChat({ seed: 7, count: 8000, members: 1500 }));
  openWorkspace(base).close();
  await executeJob({
    kind: 'import.file',
    input: { path: file },
    operator: 'test',
    workspaceDir: base,
    cancel: new CancelFlag(),
    onProgress: () => {},
  });
}, 30_000);

describe.each(['tiers.recompute', 'risk.scan'])('%s killed at random points', (kind) => {
  it(`keeps the database whole and the re-run exact through ${trials} SIGKILLs`, async () => {
    const clean = join(temp.dir, `${kind}-clean`);
    cpSync(base, clean, { recursive: true });
    const calibration = await runJobInChild(kind, clean, {}, null);
    expect(calibration.error).toBeNull();
    const runMs = calibration.finishedAfter ?? 500;
    const expected = inspect(clean, kind);
    expect(expected.integrity).toBe('ok');
    // The clean run did real work (tiers written, messages scanned), so "the same again" means something.
    expect(JSON.stringify(expected.outcome)).toMatch(/[1-9]/);

    const random = seededRandom(kind.length * 7919);
    for (let trial = 0; trial < trials; trial += 1) {
      const dir = join(temp.dir, `${kind}-${trial}`);
      cpSync(base, dir, { recursive: true });
      const killAfter = Math.floor(random() * runMs * 1.1);
      const run = await runJobInChild(kind, dir, {}, killAfter);
      expect(run.error, `trial ${trial}`).toBeNull();
      expect(inspect(dir, kind).integrity, `trial ${trial} after the kill at ${killAfter} ms`).toBe('ok');
      await runHere(kind, dir);
      expect(inspect(dir, kind), `trial ${trial}: re-run after the kill at ${killAfter} ms`).toEqual(
        expected,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
