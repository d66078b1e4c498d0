import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../../shared/domain/types';
import { startFollowUpJobs } from '../../../electron/main/jobs/followUps';
import { makeTestBackend } from '../../support/tempWorkspace';

async function waitForJobs(backend: ReturnType<typeof makeTestBackend>, kinds: string[]): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const jobs = backend.jobs.list();
    const settled = kinds.every((kind) => jobs.some((job) => job.kind === kind && job.status !== 'running'));
    if (settled) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`jobs ${kinds.join(', ')} did not finish`);
}

describe('follow-up jobs', () => {
  let backend: ReturnType<typeof makeTestBackend> | undefined;
  afterEach(async () => backend?.dispose());

  it('recompute tiers and scan for risks after the demo load', async () => {
    backend = makeTestBackend();
    const stop = startFollowUpJobs(backend);
    const demo = await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 9, scale: 0.05 }, 'tester'));
    expect(demo.status).toBe('done');
    await waitForJobs(backend, ['tiers.recompute', 'risk.scan']);
    stop();
    const finished = backend.jobs.list().filter((job) => job.kind !== 'demo.load');
    expect(finished.map((job) => job.status)).toEqual(['done', 'done']);
    const db = backend.workspace.db;
    const tiered = (
      db.prepare('SELECT count(*) AS n FROM group_members WHERE tier IS NOT NULL').get() as { n: number }
    ).n;
    expect(tiered).toBeGreaterThan(0);
  });

  it('recompute tiers (and scan nothing) after a member table import that changed members', async () => {
    backend = makeTestBackend();
    const stop = startFollowUpJobs(backend);
    const finished = (result: unknown): JobState => ({
      id: 'job-members',
      kind: 'members.import',
      titleKey: 'members.jobs.import',
      status: 'done',
      done: 1,
      total: 1,
      stepKey: null,
      startedAt: new Date().toISOString(),
      sequence: 1,
      finishedAt: new Date().toISOString(),
      etaMs: null,
      error: null,
      result,
    });
    backend.events.emit('jobs.progress', finished({ applied: false, created: 3, updated: 0 }));
    backend.events.emit('jobs.progress', finished({ applied: true, created: 0, updated: 0 }));
    expect(backend.jobs.list()).toEqual([]);
    backend.events.emit('jobs.progress', finished({ applied: true, created: 2, updated: 1 }));
    await waitForJobs(backend, ['tiers.recompute']);
    stop();
    expect(backend.jobs.list().map((job) => [job.kind, job.status])).toEqual([['tiers.recompute', 'done']]);
  });

  it('wait for the last of several imports, then recompute and scan once', async () => {
    backend = makeTestBackend();
    const stop = startFollowUpJobs(backend);
    const started = [
      fixture('memotrace/读书会三群_utf8.csv'),
      fixture('memotrace/老同学_utf8.csv'),
      // The last import fails: what the earlier ones brought is still followed up.
      fixture('refused'),
    ].map((path) => backend!.jobs.start('import.file', { path }, 'tester'));
    const imports = await Promise.all(started.map((id) => backend!.jobs.wait(id)));
    expect(imports.map((job) => job.status)).toEqual(['done', 'done', 'failed']);
    await waitForJobs(backend, ['tiers.recompute', 'risk.scan']);
    stop();
    const followUps = backend.jobs.list().filter((job) => job.kind !== 'import.file');
    expect(followUps.map((job) => [job.kind, job.status]).sort()).toEqual([
      ['risk.scan', 'done'],
      ['tiers.recompute', 'done'],
    ]);
    const lastImportEnded = imports.at(-1)!.finishedAt!;
    for (const job of followUps) expect(job.startedAt >= lastImportEnded).toBe(true);
  });
});

function fixture(path: string): string {
  return fileURLToPath(new URL(`../../fixtures/chatlogs/${path}`, import.meta.url));
}
