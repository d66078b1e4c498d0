/**
 * Stands in for electron/main/jobs/registry.ts inside the crash-test child (crashSupport.ts swaps it in when
 * bundling): only the jobs the crash tests kill, so the child does not load every other job's packages.
 */
import { importJob } from '../../../electron/main/jobs/importJob';
import { riskScanJob } from '../../../electron/main/jobs/riskScanJob';
import { tiersJob } from '../../../electron/main/jobs/tiersJob';
import type { JobDefinition } from '../../../electron/main/jobs/types';

const byKind = new Map(
  [importJob, tiersJob, riskScanJob].map((definition) => [definition.kind, definition as JobDefinition]),
);

export function findJob(kind: string): JobDefinition | undefined {
  return byKind.get(kind);
}
