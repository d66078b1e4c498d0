/**
 * Work that must follow new data: when an import (with new messages) or the demo load finishes, member tiers are
 * recomputed and the risk scan runs, so the member list, review queue and dashboard never show stale results.
 * The app and browser mode turn this on; the CLI and tests start those jobs themselves.
 */
import type { JobState } from '../../../shared/domain/types';
import type { Backend } from '../backend';
import { startRiskScan } from '../ipc/handlers/risk';

function addedData(job: JobState): boolean {
  if (job.status !== 'done') return false;
  if (job.kind === 'demo.load') return true;
  return job.kind === 'import.file' && ((job.result as { inserted?: number } | null)?.inserted ?? 0) > 0;
}

/** Returns the unsubscribe function. */
export function startFollowUpJobs(backend: Backend): () => void {
  return backend.events.subscribe((event, payload) => {
    if (event !== 'jobs.progress' || !addedData(payload as JobState)) return;
    const running = backend.jobs
      .list()
      .some((job) => job.kind === 'tiers.recompute' && job.status === 'running');
    if (!running) backend.jobs.start('tiers.recompute', {}, backend.context.operator());
    startRiskScan(backend);
  });
}
