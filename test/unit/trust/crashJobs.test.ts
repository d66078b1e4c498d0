/**
 * Crash injection for the tier recompute and the sensitive-word (risk) scan: each job runs in a child process that
 * is SIGKILLed at a seeded random point, 20 times per job. After every kill the database passes `integrity_check`,
 * and running the job again gives exactly what a clean run gives. Half the kills fall at a random time anywhere in
 * the run; the other half at a random point inside the part that writes, placed from the job's own progress reports
 * (so the machine's load does not push them out of it). The test checks that kills really landed mid-write: the
 * recompute inside its one write transaction, the scan between its committed batches. The kills run two at a time.
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
import { runJobInChild, runTrials, seededRandom, type ChildRun, type KillPlan } from './crashSupport';

const trials = 20;
const parallel = 2;
const temp = makeTempDir('qundesk-crash-jobs-');
afterAll(() => temp.remove());
const base = join(temp.dir, 'base');

const writingTiers = 'jobs.steps.writingTiers';
const scanning = 'riskUi.steps.scanning';
/** Small batches: many commits, so a kill can land between them. */
const scanBatch = 250;

type Kind = 'tiers.recompute' | 'risk.scan';
type Outcome = (db: Database.Database) => unknown;

interface JobUnderTest {
  input: Record<string, unknown>;
  /** What the job produces, in a form two runs can be compared by. */
  outcome: Outcome;
  /** A seeded kill inside the part of the run that writes, placed from a clean run's reports. */
  killWhileWriting(clean: ChildRun, random: () => number): KillPlan;
  /** Whether a kill landed while the job was writing, from its last report and the database it left. */
  killedMidWrite(run: ChildRun, db: Database.Database, clean: Database.Database): boolean;
}

const scanned = (db: Database.Database) =>
  db.prepare('SELECT count(*) FROM risk_scan_state').pluck().get() as number;

const tierOutcome: Outcome = (db) => ({
  tiers: db.prepare('SELECT tier, count(*) AS n FROM members GROUP BY tier ORDER BY tier').all(),
  history: db.prepare('SELECT count(*) FROM tier_history').pluck().get(),
});

const jobs: Record<Kind, JobUnderTest> = {
  'tiers.recompute': {
    input: {},
    outcome: tierOutcome,
    // Some way into its one write transaction: the clean run says how long that took (from the report before it to
    // the one after its commit; the job's end comes later, after the distribution is read).
    killWhileWriting: (clean, random) => {
      const writeMs = (clean.stepEnds[writingTiers] ?? 0) - (clean.stepStarts[writingTiers] ?? 0);
      // Within the first 80 % of it: a run a little faster than the clean one (a loaded machine) still holds it.
      return { step: writingTiers, reports: 1, afterMs: Math.floor(random() * Math.max(1, writeMs * 0.8)) };
    },
    // It had said "writing" and not "done", and none of it landed (one transaction: all or nothing).
    killedMidWrite: (run, db, clean) =>
      run.lastProgress?.stepKey === writingTiers &&
      run.lastProgress.done < run.lastProgress.total &&
      JSON.stringify(tierOutcome(db)) !== JSON.stringify(tierOutcome(clean)),
  },
  'risk.scan': {
    input: { batchSize: scanBatch },
    outcome: (db) => ({
      hits: db.prepare('SELECT count(*) AS n, count(DISTINCT message_id) AS messages FROM risk_hits').get(),
      words: db
        .prepare("SELECT group_concat(word, ',') FROM (SELECT DISTINCT word FROM risk_hits ORDER BY word)")
        .pluck()
        .get(),
      scanned: scanned(db),
    }),
    // After batch k of n committed (the scan reports once before its first batch, then after each), within a batch.
    killWhileWriting: (clean, random) => {
      const batches = Math.ceil((clean.lastProgress?.total ?? 0) / scanBatch);
      const scanMs = (clean.finishedAfter ?? 0) - (clean.stepStarts[scanning] ?? 0);
      return {
        step: scanning,
        reports: 2 + Math.floor(random() * Math.max(1, batches - 2)),
        afterMs: Math.floor(random() * Math.max(1, scanMs / batches)),
      };
    },
    // Some batches committed, not all.
    killedMidWrite: (_run, db, clean) => scanned(db) > 0 && scanned(db) < scanned(clean),
  },
};

function withDatabase<T>(dir: string, read: (db: Database.Database) => T): T {
  const db = new Database(workspaceDbFile(dir), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const inspect = (dir: string, kind: Kind) =>
  withDatabase(dir, (db) => ({
    integrity: db.pragma('integrity_check', { simple: true }) as string,
    outcome: jobs[kind].outcome(db),
  }));

/** The re-run the user would start after the crash, here in this process. */
const runHere = (kind: string, dir: string, input: unknown) =>
  executeJob({
    kind,
    input,
    operator: 'test',
    workspaceDir: dir,
    cancel: new CancelFlag(),
    onProgress: () => {},
  });

beforeAll(async () => {
  const file = join(temp.dir, 'chat.csv');
  await writeMemotraceCsv(file, generateChat({ seed: 7, count: 4000, members: 1000 }));
  openWorkspace(base).close();
  await runHere('import.file', base, { path: file });
}, 30_000);

describe.each(Object.keys(jobs) as Kind[])('%s killed at random points', (kind) => {
  it(`keeps the database whole and the re-run exact through ${trials} SIGKILLs`, async () => {
    const job = jobs[kind];
    const clean = join(temp.dir, `${kind}-clean`);
    cpSync(base, clean, { recursive: true });
    const calibration = await runJobInChild(kind, clean, job.input, null);
    expect(calibration.error).toBeNull();
    const runMs = calibration.finishedAfter ?? 500;
    const expected = inspect(clean, kind);
    expect(expected.integrity).toBe('ok');
    // The clean run did real work (tiers written, messages scanned), so "the same again" means something.
    expect(JSON.stringify(expected.outcome)).toMatch(/[1-9]/);

    const random = seededRandom(kind.length * 7919);
    const kills = Array.from({ length: trials }, (_, trial) =>
      trial % 2 === 0 ? Math.floor(random() * runMs) : job.killWhileWriting(calibration, random),
    );
    // First every kill (two children at a time), then the checks and re-runs here: a re-run in this process costs
    // no child start-up, and running none while children are timed keeps the kills where they were planned.
    const runs = await runTrials(trials, parallel, async (trial) => {
      const dir = join(temp.dir, `${kind}-${trial}`);
      cpSync(base, dir, { recursive: true });
      return { dir, kill: kills[trial]!, run: await runJobInChild(kind, dir, job.input, kills[trial]!) };
    });
    const results: { killed: boolean; midWrite: boolean }[] = [];
    for (const [trial, { dir, kill, run }] of runs.entries()) {
      const where = `trial ${trial}, kill ${JSON.stringify(kill)}`;
      expect(run.error, where).toBeNull();
      expect(inspect(dir, kind).integrity, `${where}: after the kill`).toBe('ok');
      const midWrite =
        run.killed &&
        withDatabase(dir, (db) => withDatabase(clean, (full) => job.killedMidWrite(run, db, full)));
      await runHere(kind, dir, job.input);
      expect(inspect(dir, kind), `${where}: re-run`).toEqual(expected);
      rmSync(dir, { recursive: true, force: true });
      results.push({ killed: run.killed, midWrite });
    }
    // The kills landed inside the runs, and several while the job was writing, not only before or after.
    expect(results.filter((result) => result.killed).length).toBeGreaterThanOrEqual(trials / 2);
    expect(results.filter((result) => result.midWrite).length).toBeGreaterThanOrEqual(trials / 4);
  }, 60_000);
});
