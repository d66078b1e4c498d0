/**
 * Work that must follow new data: when an import (with new messages) or the demo load finishes, member tiers are
 * recomputed and the risk scan runs; after a member table import, tiers are recomputed. So the member list, review
 * queue and dashboard never show stale results.
 * The app and browser mode turn this on; the CLI and tests start those jobs themselves.
 */
import type { JobState } from '../../../shared/domain/types';
import type { Backend } from '../backend';
import { startRiskScan } from '../ipc/handlers/risk';
import { riskScanKind } from './riskScanJob';

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

/**
 * Returns the unsubscribe function. What finished jobs call for is held while imports are still running or queued,
 * and while the same follow-up is already running (it may have read the workspace before the new data landed): a
 * folder of split exports gets one recompute and one scan after its last file, not one between every few files.
 */
export function startFollowUpJobs(backend: Backend): () => void {
  const pending = { tiers: false, riskScan: false };
  return backend.events.subscribe((event, payload) => {
    if (event !== 'jobs.progress') return;
    const job = payload as JobState;
    const followUps = followUpsOf(job);
    pending.tiers ||= followUps.tiers;
    pending.riskScan ||= followUps.riskScan;
    if (job.status === 'running' || (!pending.tiers && !pending.riskScan)) return;
    const running = (kind: string) =>
      backend.jobs.list().some((other) => other.kind === kind && other.status === 'running');
    if (running('import.file')) return;
    if (pending.tiers && !running('tiers.recompute')) {
      pending.tiers = false;
      backend.jobs.start('tiers.recompute', {}, backend.context.operator());
    }
    if (pending.riskScan && !running(riskScanKind)) {
      pending.riskScan = false;
      startRiskScan(backend);
    }
  });
}
