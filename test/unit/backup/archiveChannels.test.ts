import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickBackupPath } from '../../../electron/main/backup/service';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import type { JobState } from '../../../shared/domain/types';
import type { ArchiveExportReport, ArchiveImportReport } from '../../../shared/ipc/channels/backup';
import type { ChannelInput, ChannelName, ChannelOutput, DataEntity } from '../../../shared/ipc/contract';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { seedWorkspace } from './fixtures';

describe('archive and path checks over the backup channels', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  const passphrase = 'archive channel passphrase';
  const changes: DataEntity[][] = [];

  async function call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { payload: result.error });
    return result.value as ChannelOutput<K>;
  }
  async function failure<K extends ChannelName>(name: K, input: ChannelInput<K>) {
    const result = await dispatch(name, input, trustedSender);
    expect(result.ok, `${name} should fail`).toBe(false);
    return result.ok ? null : result.error;
  }
  const finish = (jobId: string): Promise<JobState> => backend.jobs.wait(jobId);

  beforeAll(() => {
    backend = makeTestBackend();
    dispatch = backend.createDispatch(trustAppOrigin);
    seedWorkspace(backend.workspace.db, backend.workspace.dir, { messages: 300, importSizes: [12_000, 5] });
    backend.events.subscribe((event, payload) => {
      if (event === 'data.changed') changes.push((payload as { entities: DataEntity[] }).entities);
    });
  });
  afterAll(async () => backend.dispose());

  it('refuses relative paths for vaults, restore folders and archives with one clear error', async () => {
    const relative = { code: 'VALIDATION', message: 'backup.errors.pathNotAbsolute' };
    expect(await failure('backup.createVault', { path: 'backups', passphrase })).toMatchObject(relative);
    expect(await failure('backup.exportArchive', { path: 'move.qdarchive', passphrase })).toMatchObject(
      relative,
    );
    expect(
      await failure('backup.importArchive', { path: '/tmp/x.qdarchive', target: 'here', passphrase }),
    ).toMatchObject(relative);
    const { vault } = await call('backup.createVault', { path: join(backend.dir, 'vault'), passphrase });
    expect(
      await failure('backup.restore', {
        vaultId: vault.id,
        snapshotId: '20240501-120000-abc123',
        target: { kind: 'folder', path: 'restored' },
      }),
    ).toMatchObject(relative);
    expect(backend.jobs.list()).toEqual([]);
  });

  it('checks a restore folder before any job starts', async () => {
    const vaultId = (await call('backup.vaults', {}))[0]!.id;
    const occupied = join(backend.dir, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'mine');
    const target = { kind: 'folder' as const, path: occupied };
    expect(
      await failure('backup.restore', { vaultId, snapshotId: '20240501-120000-abc123', target }),
    ).toMatchObject({ code: 'CONFLICT', message: 'backup.errors.targetNotEmpty' });
    expect(
      await failure('backup.restore', {
        vaultId,
        snapshotId: '20240501-120000-abc123',
        target: { kind: 'folder', path: join(occupied, 'notes.txt') },
      }),
    ).toMatchObject({ code: 'CONFLICT', message: 'backup.errors.notAFolder' });
    expect(backend.jobs.list()).toEqual([]);
  });

  it('exports the workspace as a job, audits it, and imports the archive into a new folder', async () => {
    const out = join(backend.dir, 'move.qdarchive');
    changes.length = 0;
    const { jobId } = await call('backup.exportArchive', { path: out, passphrase });
    // The running job shows on the backup page at once.
    expect(changes[0]).toEqual(['backups']);
    const exported = await finish(jobId);
    expect(exported.status, JSON.stringify(exported.error)).toBe('done');
    const report = exported.result as ArchiveExportReport;
    expect(report).toMatchObject({ path: out, files: 3, counts: { messages: 300, files: 3 } });
    const audit = backend.workspace.db
      .prepare("SELECT action, detail FROM audit_log WHERE action = 'archive-export'")
      .get() as { action: string; detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ path: out, files: 3 });
    expect(changes.some((entities) => entities.includes('audit'))).toBe(true);

    // A second export to the same file is refused up front.
    expect(await failure('backup.exportArchive', { path: out, passphrase })).toMatchObject({
      message: 'backup.errors.archiveExists',
    });

    const target = join(backend.dir, 'elsewhere', 'workspace');
    mkdirSync(join(backend.dir, 'elsewhere'));
    // The passphrase is checked before the job starts, so the dialog can say so.
    expect(
      await failure('backup.importArchive', { path: out, target, passphrase: 'wrong passphrase' }),
    ).toMatchObject({ code: 'VALIDATION', message: 'backup.errors.archiveWrongPassphrase' });
    expect(existsSync(target)).toBe(false);
    const occupied = join(backend.dir, 'occupied');
    expect(await failure('backup.importArchive', { path: out, target: occupied, passphrase })).toMatchObject({
      message: 'backup.errors.importTargetNotEmpty',
    });

    const imported = await finish(
      (await call('backup.importArchive', { path: out, target, passphrase })).jobId,
    );
    expect(imported.status, JSON.stringify(imported.error)).toBe('done');
    expect(imported.result as ArchiveImportReport).toMatchObject({
      target,
      integrity: 'ok',
      counts: { messages: 300, files: 3 },
    });
    expect(readdirSync(join(target, 'imports'))).toHaveLength(2);
  });

  it('offers the native dialogs where the shell has them, and says UNSUPPORTED where not', async () => {
    expect(await failure('backup.pickPath', { purpose: 'archiveExport' })).toMatchObject({
      code: 'UNSUPPORTED',
    });
    const asked: unknown[] = [];
    const ports = {
      pickSavePath: async (options: unknown) => (asked.push(options), '/media/usb/qundesk.qdarchive'),
      pickFiles: async (options: unknown) => (asked.push(options), ['/media/usb/picked']),
    };
    const now = Date.UTC(2024, 4, 1, 12);
    expect(await pickBackupPath(ports, 'archiveExport', 'zh-CN', now)).toEqual({
      path: '/media/usb/qundesk.qdarchive',
    });
    expect(asked[0]).toMatchObject({
      title: '迁移包保存到',
      defaultName: 'qundesk-2024-05-01.qdarchive',
      filters: [{ extensions: ['qdarchive'] }],
    });
    expect(await pickBackupPath(ports, 'folder', 'en', now)).toEqual({ path: '/media/usb/picked' });
    expect(asked[1]).toMatchObject({ folders: true, title: 'Choose a folder' });
    expect(await pickBackupPath({ pickFiles: async () => [] }, 'archiveImport', 'en', now)).toEqual({
      path: null,
    });
  });
});
