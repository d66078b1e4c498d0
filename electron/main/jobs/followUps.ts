/**
 * Work that must follow new data: when an import (with new messages) or the demo load finishes, member tiers are
 * recomputed and the risk scan runs; after a member table import, tiers are recomputed. So the member list, review
 * queue and dashboard never show stale results.
 * The app and browser mode turn this on; the CLI and tests start those jobs themselves.
 */
import type { JobState } from '../../../shared/domain/types';
import type { Backend } from '../backend';
import { startRiskScan } from '../ipc/handlers/risk';

/** What a finished job's new data calls for. */
function followUpsOf(job: JobState): { tiers: boolean; riskScan: boolean } {
  const none = { tiers: false, riskScan: false };
  if (job.status !== 'done') return none;
  if (job.kind === 'demo.load') return { tiers: true, riskScan: true };
  if (job.kind === 'import.file') {
    const messages = ((job.result as { inserted?: number } | null)?.inserted ?? 0) > 0;
    return { tiers: messages, riskScan: messages };
  }
  if (job.kind === 'members.import') {
    const report = job.result as { applied?: boolean; created?: number; updated?: number } | null;
    return {
      tiers: Boolean(report?.applied) && (report?.created ?? 0) + (report?.updated ?? 0) > 0,
      riskScan: false,
    };
  }
  return none;
}

/** Returns the unsubscribe function. */
export function startFollowUpJobs(backend: Backend): () => void {
  return backend.events.subscribe((event, payload) => {
    if (event !== 'jobs.progress') return;
    const followUps = followUpsOf(payload as JobState);
    if (followUps.tiers) {
      const running = backend.jobs
        .list()
        .some((job) => job.kind === 'tiers.recompute' && job.status === 'running');
      if (!running) backend.jobs.start('tiers.recompute', {}, backend.context.operator());
    }
    if (followUps.riskScan) startRiskScan(backend);
  });
}
