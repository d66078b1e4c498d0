import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import type {
  BackupRunResult,
  CreatedVault,
  RestoreReport,
  SnapshotList,
  VerifyReport,
} from '../../../shared/ipc/channels/backup';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { JobState } from '../../../shared/domain/types';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { addImportFile, addMessages, seedWorkspace } from './fixtures';

describe('backup channels', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let created: CreatedVault;
  let firstSnapshot: string;
  const passphrase = 'ipc test passphrase';

  async function call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { payload: result.error });
    return result.value as ChannelOutput<K>;
  }
  async function failure<K extends ChannelName>(name: K, input: ChannelInput<K>) {
    const result = await dispatch(name, input, trustedSender);
    expect(result.ok).toBe(false);
    return result.ok ? null : result.error;
  }
  const finish = (jobId: string): Promise<JobState> => backend.jobs.wait(jobId);
  const counts = () =>
    (backend.workspace.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;

  beforeAll(() => {
    backend = makeTestBackend();
    dispatch = backend.createDispatch(trustAppOrigin);
    seedWorkspace(backend.workspace.db, backend.workspace.dir, { messages: 400, importSizes: [20_000] });
  });
  afterAll(async () => backend.dispose());

  it('status is red before any backup; a vault is encrypted unless asked otherwise', async () => {
    expect(await call('backup.status', {})).toMatchObject({
      lastGoodBackupAt: null,
      stale: true,
      warnAfterHours: 48,
      defaultVaultId: null,
    });
    const refused = await failure('backup.createVault', { path: join(backend.dir, 'vault') });
    expect(refused).toMatchObject({ code: 'VALIDATION', message: 'backup.errors.passphraseRequired' });
    const tooShort = await failure('backup.createVault', {
      path: join(backend.dir, 'vault'),
      passphrase: 'short',
    });
    expect(tooShort?.code).toBe('VALIDATION');

    created = await call('backup.createVault', {
      path: join(backend.dir, 'vault'),
      label: 'U 盘',
      passphrase,
    });
    expect(created.recoveryKey).toMatch(/^[0-9A-Z-]{44}$/);
    expect(created.vault).toMatchObject({
      encrypted: true,
      unlocked: true,
      isDefault: true,
      available: true,
      label: 'U 盘',
    });
    expect(JSON.stringify(backend.workspace.db.prepare('SELECT * FROM backup_vaults').all())).not.toContain(
      passphrase,
    );
  });

  it('backs up as a job with progress, verifies, and lists the snapshot as verified', async () => {
    const progress: JobState[] = [];
    const off = backend.events.subscribe((event, payload) => {
      if (event === 'jobs.progress') progress.push(payload as JobState);
    });
    const { jobId } = await call('backup.start', {});
    const job = await finish(jobId);
    off();
    expect(job.status).toBe('done');
    const result = job.result as BackupRunResult;
    expect(result.verify.ok).toBe(true);
    expect(result.snapshot.counts).toMatchObject({ messages: 400, files: 2 });
    // Progress is throttled, so a quick backup may report only its start and its end.
    expect(progress.some((p) => p.id === jobId && p.status === 'running')).toBe(true);
    expect(job.total).toBeGreaterThan(0);
    expect(job.stepKey).toMatch(/^backup\.steps\./);
    firstSnapshot = result.snapshot.id;

    const list = (await call('backup.snapshots', { vaultId: created.vault.id })) as SnapshotList;
    expect(list.snapshots).toHaveLength(1);
    expect(list.snapshots[0]).toMatchObject({
      id: firstSnapshot,
      kind: 'manual',
      verified: { ok: true, missing: 0, damaged: 0 },
    });
    const status = await call('backup.status', {});
    expect(status).toMatchObject({ stale: false, runningJobId: null, nextDueAt: null });
    expect(status.ageHours).toBeLessThan(1);
  });

  it('settings round-trip; daily backups give a due time', async () => {
    const settings = await call('backup.updateSettings', {
      dailyEnabled: true,
      timeOfDay: 20 * 60,
      keepDaily: 3,
      warnAfterHours: 24,
    });
    expect(settings).toMatchObject({
      dailyEnabled: true,
      timeOfDay: 1200,
      keepDaily: 3,
      keepWeekly: 4,
      keepMonthly: 12,
      warnAfterHours: 24,
    });
    expect((await call('backup.status', {})).nextDueAt).not.toBeNull();
    expect((await failure('backup.updateSettings', { defaultVaultId: 999 }))?.code).toBe('NOT_FOUND');
  });

  it('locking forgets the key; a wrong passphrase is refused; the recovery key unlocks', async () => {
    await call('backup.lock', { vaultId: created.vault.id });
    expect(await failure('backup.snapshots', { vaultId: created.vault.id })).toMatchObject({
      message: 'backup.errors.vaultLocked',
    });
    expect(await failure('backup.start', {})).toMatchObject({ message: 'backup.errors.vaultLocked' });
    expect(
      await failure('backup.unlock', { vaultId: created.vault.id, passphrase: 'wrong passphrase' }),
    ).toMatchObject({
      code: 'VALIDATION',
      message: 'backup.errors.wrongPassphrase',
    });
    const unlocked = await call('backup.unlock', {
      vaultId: created.vault.id,
      recoveryKey: created.recoveryKey!,
    });
    expect(unlocked.unlocked).toBe(true);
  });

  it('verify and restore-to-folder run as jobs', async () => {
    const verify = await finish((await call('backup.verify', { vaultId: created.vault.id })).jobId);
    expect((verify.result as VerifyReport).ok).toBe(true);
    const target = join(backend.dir, 'restored');
    const restore = await finish(
      (
        await call('backup.restore', {
          vaultId: created.vault.id,
          snapshotId: firstSnapshot,
          target: { kind: 'folder', path: target },
        })
      ).jobId,
    );
    expect(restore.status).toBe('done');
    expect(restore.result as RestoreReport).toMatchObject({ complete: true, restoredFiles: 2 });
    expect(readdirSync(target).sort()).toEqual(['imports', 'qundesk.db']);
  });

  it('restores over the workspace after a safety snapshot; open connections see the restored data', async () => {
    const groupId = (backend.workspace.db.prepare('SELECT id FROM groups LIMIT 1').get() as { id: number })
      .id;
    addMessages(backend.workspace.db, groupId, 250, Date.UTC(2024, 8, 1));
    expect(counts()).toBe(650);
    const job = await finish(
      (
        await call('backup.restore', {
          vaultId: created.vault.id,
          snapshotId: firstSnapshot,
          target: { kind: 'workspace' },
        })
      ).jobId,
    );
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const report = job.result as RestoreReport;
    expect(report.complete).toBe(true);
    expect(report.safetySnapshotId).not.toBeNull();
    // The app's own connection, open the whole time, reads the snapshot's data.
    expect(counts()).toBe(400);
    expect(backend.workspace.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The vault registration and settings of the present workspace survived the restore.
    const vaults = await call('backup.vaults', {});
    expect(vaults.map((v) => v.id)).toEqual([created.vault.id]);
    expect((await call('backup.settings', {})).keepDaily).toBe(3);
    // The safety snapshot holds the 650 messages the restore replaced.
    const list = await call('backup.snapshots', { vaultId: created.vault.id });
    expect(list.snapshots.find((s) => s.id === report.safetySnapshotId)).toMatchObject({
      kind: 'safety',
      counts: { messages: 650 },
    });
  });

  it('a cancelled backup leaves no snapshot, no lock and no database copy behind', async () => {
    const before = (await call('backup.snapshots', { vaultId: created.vault.id })).snapshots.length;
    addImportFile(backend.workspace.dir, 9_000_000);
    const { jobId } = await call('backup.start', {});
    expect(await call('jobs.cancel', { id: jobId })).toEqual({ cancelled: true });
    expect((await finish(jobId)).status).toBe('cancelled');
    expect((await call('backup.snapshots', { vaultId: created.vault.id })).snapshots).toHaveLength(before);
    expect(existsSync(join(backend.dir, 'vault', 'lock'))).toBe(false);
    // The database is read from its own file unless a writer is busy; a copy taken for it is gone too.
    const tempDir = join(backend.workspace.dir, '.backup-temp');
    expect(existsSync(tempDir) ? readdirSync(tempDir) : []).toEqual([]);
    expect((await call('backup.status', {})).runningJobId).toBeNull();
  });

  it('the scheduler tick starts a scheduled backup only when one is due', async () => {
    const service = backend.backup;
    expect(service.tick()).toBeNull(); // backed up minutes ago
    backend.workspace.db.prepare('DELETE FROM backup_runs').run();
    const started = service.tick();
    expect(started).not.toBeNull();
    const job = await finish(started!.jobId);
    expect(job.status).toBe('done');
    expect((job.result as BackupRunResult).snapshot.kind).toBe('scheduled');
    expect(service.tick()).toBeNull();
    // Then it prunes by the saved retention (keep 3 daily...): all of today's snapshots but the newest go,
    // except the safety snapshot of this morning's restore, kept for a week.
    await started!.finished;
    const kinds = (await call('backup.snapshots', { vaultId: created.vault.id })).snapshots
      .map((s) => s.kind)
      .sort();
    expect(kinds).toEqual(['safety', 'scheduled']);
  });

  it('prunes by the saved retention, and forgets a vault without touching its folder', async () => {
    const dry = await call('backup.prune', { vaultId: created.vault.id, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, bytesWritten: 0 });
    expect(dry.kept.length).toBeGreaterThan(0);
    await call('backup.removeVault', { id: created.vault.id });
    expect(await call('backup.vaults', {})).toEqual([]);
    expect(readdirSync(join(backend.dir, 'vault'))).toContain('qundesk-vault.json');
    // Adding the folder again attaches the existing vault (passphrase checked), with no new recovery key.
    const attached = await call('backup.createVault', { path: join(backend.dir, 'vault'), passphrase });
    expect(attached).toMatchObject({ attached: true, recoveryKey: null });
    expect(
      (await call('backup.snapshots', { vaultId: attached.vault.id })).snapshots.length,
    ).toBeGreaterThanOrEqual(2);
  });
});
