import { backupJobs } from './backupJob';
import { demoJob } from './demoJob';
import { healthRollupsJob } from './healthRollupsJob';
import { importJob } from './importJob';
import { membersImportJob } from './membersImportJob';
import { riskScanJob } from './riskScanJob';
import { tiersJob } from './tiersJob';
import type { JobDefinition } from './types';

/** Every job the runner can start, by kind; a static list so a worker thread finds the same jobs. */
const jobDefinitions: readonly JobDefinition<never, unknown>[] = [demoJob, importJob, tiersJob, membersImportJob, ...backupJobs, riskScanJob, healthRollupsJob];

const byKind = new Map(jobDefinitions.map((definition) => [definition.kind, definition as JobDefinition]));

export function findJob(kind: string): JobDefinition | undefined {
  return byKind.get(kind);
}
