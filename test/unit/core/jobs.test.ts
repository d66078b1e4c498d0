import Database from 'better-sqlite3';
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { newDatabasePageBytes } from '../../../electron/main/db/connection';
import { CancelFlag, type SharedFlag } from '../../../electron/main/jobs/cancellation';
import { runJob } from '../../../electron/main/jobs/execute';
import {
  jobWorkerYoungGenerationMb,
  keptJobWorkerHeapBytes,
  workerExecutor,
} from '../../../electron/main/jobs/executors';
import { JobRunner } from '../../../electron/main/jobs/runner';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { queuedStepKey, type JobState } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import { makeTestBackend } from '../../support/tempWorkspace';

const workerSource = new URL('../../../electron/main/jobs/worker.ts', import.meta.url);

describe('job runner', () => {
  let backend: ReturnType<typeof makeTestBackend> | undefined;
  afterEach(async () => backend?.dispose());

  it('reports progress with a growing done count and finishes with the result', async () => {
    backend = makeTestBackend();
    const updates: JobState[] = [];
    backend.events.subscribe((event, payload) => {
      if (event === 'jobs.progress') updates.push(payload as JobState);
    });
    const id = backend.jobs.start('demo.load', { seed: 3, scale: 0.05 }, 'tester');
    const final = await backend.jobs.wait(id);
    expect(final.status).toBe('done');
    expect(final.result).toMatchObject({ groups: 3 });
    expect(updates[0]?.status).toBe('running');
    expect(updates.at(-1)?.status).toBe('done');
    const dones = updates.map((u) => u.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(final.done).toBe(final.total);
  });

  it('cancels between batches and keeps only whole batches', async () => {
    backend = makeTestBackend();
    const id = backend.jobs.start('demo.load', { seed: 3 }, 'tester');
    // Cancel as soon as the first message batch has been reported.
    await new Promise<void>((resolve) => {
      const stop = backend!.events.subscribe((event, payload) => {
        const job = payload as JobState;
        if (event === 'jobs.progress' && job.stepKey === 'jobs.steps.messages' && job.done > 0) {
          stop();
          backend!.jobs.cancel(id);
          resolve();
        }
      });
    });
    const final = await backend.jobs.wait(id);
    expect(final.status).toBe('cancelled');
    const count = (backend.workspace.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number })
      .n;
    expect(count % 2000).toBe(0);
    expect(backend.jobs.cancel(id)).toBe(false);
  });

  it('runs jobs in a worker thread with its own connection', async () => {
    backend = makeTestBackend({ jobs: { mode: 'worker', workerFile: workerSource } });
    const final = await backend.jobs.wait(
      backend.jobs.start('demo.load', { seed: 5, scale: 0.05 }, 'tester'),
    );
    expect(final.status).toBe('done');
    const count = (backend.workspace.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number })
      .n;
    expect(count).toBe((final.result as { messages: number }).messages);
  });

  it('starts job workers with a bounded young generation', async () => {
    const execute = workerExecutor(
      '/nowhere',
      new URL('../../support/reportLimitsWorker.ts', import.meta.url),
    );
    const limits = (await execute(
      { kind: 'report.limits', input: {}, operator: 'tester', cancel: new CancelFlag() },
      { onProgress: () => undefined },
    )) as ResourceLimits;
    expect(limits.maxYoungGenerationSizeMb).toBe(jobWorkerYoungGenerationMb);
  });

  describe('job worker threads', () => {
    const threadWorker = new URL('../../support/threadReportWorker.ts', import.meta.url);
    type Execute = ReturnType<typeof workerExecutor>;
    let execute: Execute | undefined;
    afterEach(async () => execute?.dispose?.());
    const run = async (input: object = {}) =>
      (
        (await execute!(
          { kind: 'report.thread', input, operator: 'tester', cancel: new CancelFlag() },
          { onProgress: () => undefined },
        )) as { threadId: number }
      ).threadId;

    it('run the next job in the worker that ran the last one', async () => {
      execute = workerExecutor('/nowhere', threadWorker);
      const first = await run();
      expect(await run()).toBe(first);
      expect(await run()).toBe(first);
    });

    it('run jobs side by side in workers of their own, each kept for a later job', async () => {
      execute = workerExecutor('/nowhere', threadWorker);
      const [a, b] = await Promise.all([run(), run()]);
      expect(a).not.toBe(b);
      expect([await run(), await run()].every((thread) => thread === a || thread === b)).toBe(true);
    });

    it('start one worker ahead of a job when asked, which runs the next job', async () => {
      execute = workerExecutor('/nowhere', threadWorker);
      execute.prepare!();
      // A worker waits already: no second one.
      execute.prepare!();
      // Threads are numbered as they start: one started now comes after the prepared worker, before any later one.
      const marker = new Worker('', { eval: true });
      const markerThread = marker.threadId;
      await marker.terminate();
      const [a, b] = await Promise.all([run(), run()]);
      expect(Math.min(a, b)).toBeLessThan(markerThread);
      expect(Math.max(a, b)).toBeGreaterThan(markerThread);
    });

    it('keep one started ahead waiting longer than one that ran a job', async () => {
      execute = workerExecutor('/nowhere', threadWorker, { idleMs: 50, preparedIdleMs: 5000 });
      execute.prepare!();
      const marker = new Worker('', { eval: true });
      const markerThread = marker.threadId;
      await marker.terminate();
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The worker started ahead is still there, past the wait of one that ran a job.
      const prepared = await run();
      expect(prepared).toBeLessThan(markerThread);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Once it ran a job, it waits as any other and has ended.
      expect(await run()).toBeGreaterThan(prepared);
    });

    it('outlive a worker started ahead whose code does not load, and report it with the next job', async () => {
      execute = workerExecutor('/nowhere', new URL('../../support/noSuchWorker.mjs', import.meta.url));
      execute.prepare!();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(run()).rejects.toThrow();
    });

    it('end a worker whose heap grew large, one that crashed, and one left waiting too long', async () => {
      execute = workerExecutor('/nowhere', threadWorker, { idleMs: 50 });
      const large = await run({ heapBytes: keptJobWorkerHeapBytes + 1 });
      const next = await run();
      expect(next).not.toBe(large);
      await expect(run({ crash: true })).rejects.toThrow(/exited with code 3/);
      const afterCrash = await run();
      expect(afterCrash).not.toBe(next);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await run()).not.toBe(afterCrash);
    });
  });

  it('runs one job after another in a kept worker, each on a connection of its own', async () => {
    backend = makeTestBackend({ jobs: { mode: 'worker', workerFile: workerSource } });
    const loaded = await backend.jobs.wait(
      backend.jobs.start('demo.load', { seed: 5, scale: 0.05 }, 'tester'),
    );
    expect(loaded.status).toBe('done');
    const recomputed = await backend.jobs.wait(backend.jobs.start('tiers.recompute', {}, 'tester'));
    expect(recomputed.status).toBe('done');
    const memberships = backend.workspace.db
      .prepare('SELECT count(*) FROM group_members WHERE tier IS NOT NULL')
      .pluck()
      .get() as number;
    expect((recomputed.result as { memberships: number }).memberships).toBe(memberships);
  });

  it('turns a job failure into a translated error key and refuses unknown kinds', async () => {
    backend = makeTestBackend({ jobs: { mode: 'worker', workerFile: workerSource } });
    await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 5, scale: 0.05 }, 'tester'));
    const second = await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 5 }, 'tester'));
    expect(second.status).toBe('failed');
    expect(second.error).toEqual({ code: 'CONFLICT', message: 'demo.errors.notEmpty' });
    expect(() => backend!.jobs.start('no.such.job', {}, 'tester')).toThrow(/unknownJob/);
  });
});

describe('a job that writes one large transaction', () => {
  let backend: ReturnType<typeof makeTestBackend> | undefined;
  afterEach(async () => backend?.dispose());

  const rows = 50_000;
  /** A member table of `rows` new members: one commit of more pages than SQLite's automatic checkpoint waits for. */
  function memberTable(dir: string): string {
    const path = join(dir, 'members.csv');
    const lines = ['昵称,微信号'];
    for (let i = 0; i < rows; i += 1) lines.push(`成员${i},wxid_check_${i}`);
    writeFileSync(path, lines.join('\n'));
    return path;
  }
  const mapping = { 昵称: 'displayName', 微信号: 'wxid' };
  /** Members in the database file alone, as a copy without its WAL reads it: what a checkpoint has folded in. */
  function membersInDatabaseFile(workspaceDir: string): number {
    const copy = join(backend!.dir, `alone-${Math.random().toString(36).slice(2)}.db`);
    copyFileSync(workspaceDbFile(workspaceDir), copy);
    const db = new Database(copy, { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM members').pluck().get() as number;
    } finally {
      db.close();
    }
  }

  it('hands its result over with the commit still in the WAL, and folds it into the database file after', async () => {
    backend = makeTestBackend();
    const workspaceDir = join(backend.dir, 'workspace');
    // The new workspace's schema folded in: the database file alone opens.
    backend.workspace.db.pragma('wal_checkpoint(TRUNCATE)');
    const outcome = await runJob({
      kind: 'members.import',
      input: { path: memberTable(backend.dir), mapping },
      operator: 'tester',
      workspaceDir,
      cancel: new CancelFlag(),
      onProgress: () => undefined,
    });
    expect(outcome.result).toMatchObject({ applied: true, created: rows });
    // Committed: the app's connection reads every row. More pages than an automatic checkpoint would have waited
    // for, and none of them folded in yet.
    expect(backend.workspace.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(rows);
    expect(statSync(`${workspaceDbFile(workspaceDir)}-wal`).size).toBeGreaterThan(
      1000 * newDatabasePageBytes,
    );
    expect(membersInDatabaseFile(workspaceDir)).toBe(0);
    outcome.finish();
    expect(membersInDatabaseFile(workspaceDir)).toBe(rows);
  });

  it('is folded into the database file by its job worker after the result', async () => {
    backend = makeTestBackend({ jobs: { mode: 'worker', workerFile: workerSource } });
    const workspaceDir = join(backend.dir, 'workspace');
    backend.workspace.db.pragma('wal_checkpoint(TRUNCATE)');
    const job = await backend.jobs.wait(
      backend.jobs.start('members.import', { path: memberTable(backend.dir), mapping }, 'tester'),
    );
    expect(job.result).toMatchObject({ applied: true, created: rows });
    const deadline = Date.now() + 10_000;
    while (membersInDatabaseFile(workspaceDir) !== rows && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(membersInDatabaseFile(workspaceDir)).toBe(rows);
  });
});

describe('job lanes', () => {
  /** A runner whose executor runs nothing: each call waits until the test settles it. */
  function laneRunner() {
    const calls: { kind: string; input: unknown; followed?: SharedFlag; settle: (error?: Error) => void }[] =
      [];
    const updates: JobState[] = [];
    const runner = new JobRunner({
      executor: (request) =>
        new Promise((resolve, reject) => {
          calls.push({
            kind: request.kind,
            input: request.input,
            followed: request.followed,
            settle: (error) => (error ? reject(error) : resolve({ input: request.input })),
          });
        }),
      onUpdate: (job) => updates.push(job),
      progressIntervalMs: 0,
    });
    return { runner, calls, updates };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('tells a running job once another of its lane is queued behind it', async () => {
    const { runner, calls } = laneRunner();
    const first = runner.start('import.file', { path: 'a.csv' }, 'tester');
    runner.start('tiers.recompute', {}, 'tester');
    await tick();
    const followed = () => calls.map((call) => [call.kind, call.followed?.isSet]);
    expect(followed()).toEqual([
      ['import.file', false],
      ['tiers.recompute', false],
    ]);
    // Another file of the folder: the running import learns of it at once (it reads the flag at its end).
    const second = runner.start('import.file', { path: 'b.csv' }, 'tester');
    expect(followed()[0]).toEqual(['import.file', true]);
    calls[0]!.settle();
    await runner.wait(first);
    await tick();
    // The last of the lane: nothing behind it.
    expect(calls[2]).toMatchObject({ input: { path: 'b.csv' } });
    expect(calls[2]!.followed?.isSet).toBe(false);
    calls[1]!.settle();
    calls[2]!.settle();
    await runner.wait(second);
  });

  it('runs imports one at a time in the order started, each after the one before ends however it ended', async () => {
    const { runner, calls, updates } = laneRunner();
    const first = runner.start('import.file', { path: 'a.csv' }, 'tester');
    const second = runner.start('import.file', { path: 'b.csv' }, 'tester');
    const third = runner.start('import.file', { path: 'c.csv' }, 'tester');
    await tick();
    expect(calls.map((call) => call.input)).toEqual([{ path: 'a.csv' }]);
    expect(runner.get(first)?.stepKey).toBeNull();
    // Each says which file it imports.
    expect([first, second, third].map((id) => runner.get(id)?.detail)).toEqual(['a.csv', 'b.csv', 'c.csv']);
    expect([runner.get(second)?.stepKey, runner.get(third)?.stepKey]).toEqual([queuedStepKey, queuedStepKey]);
    // A job without a lane is not held up by them.
    runner.start('tiers.recompute', {}, 'tester');
    await tick();
    expect(calls.map((call) => call.kind)).toEqual(['import.file', 'tiers.recompute']);

    calls[0]!.settle(new AppError('BAD_FILE', 'import.errors.noMessages'));
    expect((await runner.wait(first)).status).toBe('failed');
    await tick();
    expect(calls.map((call) => call.input)).toEqual([{ path: 'a.csv' }, {}, { path: 'b.csv' }]);
    expect(runner.get(second)).toMatchObject({ status: 'running', stepKey: null });
    expect(runner.get(third)?.stepKey).toBe(queuedStepKey);
    // The queued step was announced, then cleared when its turn came.
    const secondSteps = updates.filter((job) => job.id === second).map((job) => job.stepKey);
    expect(secondSteps.slice(0, 2)).toEqual([queuedStepKey, null]);

    calls[2]!.settle();
    expect((await runner.wait(second)).status).toBe('done');
    await tick();
    calls[3]!.settle();
    expect(await runner.wait(third)).toMatchObject({ status: 'done', result: { input: { path: 'c.csv' } } });
  });

  it('ends a queued import at once when it is cancelled, and it never runs', async () => {
    const { runner, calls } = laneRunner();
    const first = runner.start('import.file', { path: 'a.csv' }, 'tester');
    const second = runner.start('import.file', { path: 'b.csv' }, 'tester');
    const third = runner.start('import.file', { path: 'c.csv' }, 'tester');
    await tick();
    expect(runner.cancel(second)).toBe(true);
    expect(await runner.wait(second)).toMatchObject({ status: 'cancelled' });
    expect(runner.cancel(second)).toBe(false);
    expect(runner.get(first)?.status).toBe('running');

    calls[0]!.settle();
    await runner.wait(first);
    await tick();
    expect(calls.map((call) => call.input)).toEqual([{ path: 'a.csv' }, { path: 'c.csv' }]);
    calls[1]!.settle();
    expect((await runner.wait(third)).status).toBe('done');
    expect(runner.get(second)?.status).toBe('cancelled');
  });
});
