import type { Backend } from '../backend';
import { schemaVersion } from '../db/connection';
import { latestSchemaVersion } from '../db/migrations';
import type { WorkspaceState } from './workspace';
import { workspaceInfo } from './workspace';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  /** i18n key and params describing the finding. */
  message: string;
  params?: Record<string, string | number>;
}

export interface DoctorBackup {
  configured: boolean;
  lastGoodBackupAt: string | null;
  ageHours: number | null;
  stale: boolean;
  /** The newest verification recorded for any snapshot. */
  lastVerification: { at: string; ok: boolean; missing: number; damaged: number } | null;
}

export interface DoctorReport {
  healthy: boolean;
  state: WorkspaceState;
  checks: DoctorCheck[];
  counts: ReturnType<typeof workspaceInfo>['counts'];
  schemaVersion: number;
  jobs: { running: number; failed: number; byKind: Record<string, Record<string, number>> };
  backup: DoctorBackup | null;
}

function lastVerification(backend: Backend): DoctorBackup['lastVerification'] {
  const row = backend.workspace.db
    .prepare(
      'SELECT verified_at, ok, missing, damaged FROM backup_verifications ORDER BY verified_at DESC LIMIT 1',
    )
    .get() as { verified_at: number; ok: number; missing: number; damaged: number } | undefined;
  return row
    ? {
        at: new Date(row.verified_at).toISOString(),
        ok: row.ok === 1,
        missing: row.missing,
        damaged: row.damaged,
      }
    : null;
}

/** Backup age and verification: a check only once a backup location is set up (a new workspace has none yet). */
function backupFacts(backend: Backend, checks: DoctorCheck[]): DoctorBackup {
  const status = backend.backup.status();
  const verification = lastVerification(backend);
  const configured = status.defaultVaultId !== null;
  if (configured) {
    const hours = Math.round(status.ageHours ?? 0);
    checks.push(
      status.lastGoodBackupAt === null
        ? { id: 'backup', status: 'warning', message: 'doctor.backupNone' }
        : status.stale
          ? {
              id: 'backup',
              status: 'warning',
              message: 'doctor.backupStale',
              params: { hours, limit: status.warnAfterHours },
            }
          : { id: 'backup', status: 'ok', message: 'doctor.backupAge', params: { hours } },
    );
    checks.push(
      verification === null
        ? { id: 'backupVerify', status: 'warning', message: 'doctor.verifyNone' }
        : verification.ok
          ? { id: 'backupVerify', status: 'ok', message: 'doctor.verifyOk' }
          : {
              id: 'backupVerify',
              status: 'error',
              message: 'doctor.verifyFailed',
              params: { missing: verification.missing, damaged: verification.damaged },
            },
    );
  }
  return {
    configured,
    lastGoodBackupAt: status.lastGoodBackupAt,
    ageHours: status.ageHours,
    stale: status.stale,
    lastVerification: verification,
  };
}

/** A workspace health report: what a moderator (or support) needs to know before trusting the data. */
export function runDoctor(backend: Backend): DoctorReport {
  const { db, state, check } = backend.workspace;
  const checks: DoctorCheck[] = [];
  const jobList = backend.jobs.list();
  const byKind: Record<string, Record<string, number>> = {};
  for (const job of jobList) {
    const kind = (byKind[job.kind] ??= {});
    kind[job.status] = (kind[job.status] ?? 0) + 1;
  }
  const jobs = {
    running: jobList.filter((job) => job.status === 'running').length,
    failed: jobList.filter((job) => job.status === 'failed').length,
    byKind,
  };

  if (state === 'damaged') {
    // The start-up check found damage and nothing was opened: report that, not the empty stand-in database.
    checks.push({
      id: 'integrity',
      status: 'error',
      message: 'doctor.startupDamaged',
      params: { problems: check.problems.length },
    });
    return {
      healthy: false,
      state,
      checks,
      counts: { groups: 0, members: 0, messages: 0, imports: 0 },
      schemaVersion: check.schemaVersion ?? 0,
      jobs,
      backup: null,
    };
  }
  if (state === 'readOnly')
    checks.push({ id: 'readOnly', status: 'warning', message: 'doctor.readOnlyMode' });

  const integrity = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map(
    (row) => row.quick_check,
  );
  checks.push(
    integrity.length === 1 && integrity[0] === 'ok' && check.ok
      ? { id: 'integrity', status: 'ok', message: 'doctor.integrityOk' }
      : {
          id: 'integrity',
          status: 'error',
          message: 'doctor.integrityDamaged',
          params: {
            problems: Math.max(integrity.filter((line) => line !== 'ok').length, check.problems.length),
          },
        },
  );

  const version = schemaVersion(db);
  checks.push(
    version === latestSchemaVersion
      ? { id: 'schema', status: 'ok', message: 'doctor.schemaOk', params: { version } }
      : {
          id: 'schema',
          status: 'error',
          message: 'doctor.schemaMismatch',
          params: { version, expected: latestSchemaVersion },
        },
  );

  const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
  checks.push(
    foreignKeyProblems === 0
      ? { id: 'foreignKeys', status: 'ok', message: 'doctor.foreignKeysOk' }
      : {
          id: 'foreignKeys',
          status: 'error',
          message: 'doctor.foreignKeysBroken',
          params: { problems: foreignKeyProblems },
        },
  );

  const backup = backupFacts(backend, checks);
  if (jobs.failed > 0)
    checks.push({
      id: 'jobs',
      status: 'warning',
      message: 'doctor.jobsFailed',
      params: { count: jobs.failed },
    });

  return {
    healthy: checks.every((item) => item.status === 'ok'),
    state,
    checks,
    counts: workspaceInfo(backend.workspace, backend.appVersion).counts,
    schemaVersion: version,
    jobs,
    backup,
  };
}
