import type { ResourceLimits } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelFlag } from '../../../electron/main/jobs/cancellation';
import { jobWorkerYoungGenerationMb, workerExecutor } from '../../../electron/main/jobs/executors';
import type { JobState } from '../../../shared/domain/types';
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

  it('turns a job failure into a translated error key and refuses unknown kinds', async () => {
    backend = makeTestBackend({ jobs: { mode: 'worker', workerFile: workerSource } });
    await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 5, scale: 0.05 }, 'tester'));
    const second = await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 5 }, 'tester'));
    expect(second.status).toBe('failed');
    expect(second.error).toEqual({ code: 'CONFLICT', message: 'demo.errors.notEmpty' });
    expect(() => backend!.jobs.start('no.such.job', {}, 'tester')).toThrow(/unknownJob/);
  });
});
