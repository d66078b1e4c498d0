import { afterEach, describe, expect, it } from 'vitest';
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
});
