import type { Backend } from '../backend';
import { schemaVersion } from '../db/connection';
import { latestSchemaVersion } from '../db/migrations';
import { workspaceInfo } from './workspace';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  /** i18n key and params describing the finding. */
  message: string;
  params?: Record<string, string | number>;
}

export interface DoctorReport {
  healthy: boolean;
  checks: DoctorCheck[];
  counts: ReturnType<typeof workspaceInfo>['counts'];
  schemaVersion: number;
  jobs: { running: number; failed: number };
}

/** A workspace health report: what a moderator (or support) needs to know before trusting the data. */
export function runDoctor(backend: Backend): DoctorReport {
  const { db } = backend.workspace;
  const checks: DoctorCheck[] = [];

  const integrity = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map((row) => row.quick_check);
  checks.push(
    integrity.length === 1 && integrity[0] === 'ok'
      ? { id: 'integrity', status: 'ok', message: 'doctor.integrityOk' }
      : { id: 'integrity', status: 'error', message: 'doctor.integrityDamaged', params: { problems: integrity.length } },
  );

  const version = schemaVersion(db);
  checks.push(
    version === latestSchemaVersion
      ? { id: 'schema', status: 'ok', message: 'doctor.schemaOk', params: { version } }
      : { id: 'schema', status: 'error', message: 'doctor.schemaMismatch', params: { version, expected: latestSchemaVersion } },
  );

  const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
  checks.push(
    foreignKeyProblems === 0
      ? { id: 'foreignKeys', status: 'ok', message: 'doctor.foreignKeysOk' }
      : { id: 'foreignKeys', status: 'error', message: 'doctor.foreignKeysBroken', params: { problems: foreignKeyProblems } },
  );

  const jobs = backend.jobs.list();
  const failedJobs = jobs.filter((job) => job.status === 'failed').length;
  if (failedJobs > 0) checks.push({ id: 'jobs', status: 'warning', message: 'doctor.jobsFailed', params: { count: failedJobs } });

  return {
    healthy: checks.every((check) => check.status === 'ok'),
    checks,
    counts: workspaceInfo(backend.workspace, backend.appVersion).counts,
    schemaVersion: version,
    jobs: { running: jobs.filter((job) => job.status === 'running').length, failed: failedJobs },
  };
}
