/**
 * backup.openWorkspace: the app switches itself to a workspace folder made by an archive import, remembers it for the
 * next start, and refuses anything that is not a QunDesk workspace without touching the workspace that is open.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportWorkspaceArchive } from '../../../electron/main/backup/archive';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { latestSchemaVersion } from '../../../electron/main/db/migrations';
import { defaultWorkspaceDir, settingsFileName } from '../../../electron/main/services/dataDir';
import { JsonFileSettingsStore } from '../../../electron/main/services/settings';
import { openWorkspace } from '../../../electron/main/services/workspace';
import type { ArchiveImportReport } from '../../../shared/ipc/channels/backup';
import type { ChannelInput, ChannelName, ChannelOutput, DataEntity } from '../../../shared/ipc/contract';
import { makeTempDir, makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { damageDatabase } from '../trust/support';
import { makeWorkspace, seedWorkspace, testScrypt } from './fixtures';

describe('backup.openWorkspace', () => {
  const userData = makeTempDir('qundesk-userdata-');
  const settingsFile = join(userData.dir, settingsFileName);
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let firstDir: string;
  const changes: DataEntity[][] = [];

  async function call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as ChannelOutput<K>;
  }
  async function failure<K extends ChannelName>(name: K, input: ChannelInput<K>) {
    const result = await dispatch(name, input, trustedSender);
    expect(result.ok, `${name} should fail`).toBe(false);
    return result.ok ? null : result.error;
  }

  /** A workspace with its own data, moved the way a user moves one: exported, then imported into a new folder. */
  async function importedWorkspace(
    name: string,
    shape: Parameters<typeof makeWorkspace>[1],
  ): Promise<string> {
    const source = makeWorkspace(join(backend.dir, `${name}-source`), shape);
    const archivePath = join(backend.dir, `${name}.qdarchive`);
    await exportWorkspaceArchive({
      workspaceDir: source.dir,
      db: source.db,
      outPath: archivePath,
      passphrase: 'moving passphrase',
      scrypt: testScrypt,
    });
    source.close();
    const target = join(backend.dir, `${name}-imported`);
    const { jobId } = await call('backup.importArchive', {
      path: archivePath,
      target,
      passphrase: 'moving passphrase',
    });
    const job = await backend.jobs.wait(jobId);
    expect(job.status).toBe('done');
    return (job.result as ArchiveImportReport).target;
  }

  beforeAll(() => {
    backend = makeTestBackend({ settings: new JsonFileSettingsStore(settingsFile) });
    dispatch = backend.createDispatch(trustAppOrigin);
    firstDir = backend.workspace.dir;
    seedWorkspace(backend.workspace.db, firstDir, {
      groups: 1,
      members: 4,
      messages: 12,
      importSizes: [300],
    });
    backend.events.subscribe((event, payload) => {
      if (event === 'data.changed') changes.push((payload as { entities: DataEntity[] }).entities);
    });
  });
  afterAll(async () => {
    await backend.dispose();
    userData.remove();
  });

  it('refuses folders that hold no QunDesk workspace, and changes nothing', async () => {
    const before = await call('workspace.info', {});
    const empty = join(backend.dir, 'empty');
    mkdirSync(empty);
    const notSqlite = join(backend.dir, 'not-sqlite');
    mkdirSync(notSqlite);
    writeFileSync(join(notSqlite, 'qundesk.db'), 'these are not the bytes of a database');
    const foreign = join(backend.dir, 'foreign-sqlite');
    mkdirSync(foreign);
    new Database(join(foreign, 'qundesk.db')).exec('CREATE TABLE notes (text TEXT)').close();
    const aFile = join(backend.dir, 'a-file.txt');
    writeFileSync(aFile, 'text');

    const notAWorkspace = { code: 'VALIDATION', message: 'backup.errors.notAWorkspace' };
    expect(await failure('backup.openWorkspace', { path: empty })).toMatchObject(notAWorkspace);
    expect(await failure('backup.openWorkspace', { path: notSqlite })).toMatchObject(notAWorkspace);
    expect(await failure('backup.openWorkspace', { path: foreign })).toMatchObject(notAWorkspace);
    expect(await failure('backup.openWorkspace', { path: aFile })).toMatchObject(notAWorkspace);
    expect(await failure('backup.openWorkspace', { path: join(backend.dir, 'nowhere') })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'backup.errors.folderMissing',
    });
    expect(await failure('backup.openWorkspace', { path: 'relative/folder' })).toMatchObject({
      code: 'VALIDATION',
      message: 'backup.errors.pathNotAbsolute',
    });
    expect(await failure('backup.openWorkspace', { path: firstDir })).toMatchObject({
      code: 'CONFLICT',
      message: 'backup.errors.workspaceAlreadyOpen',
    });

    // A workspace from a newer version of the app: refused before anything closes.
    const newer = makeWorkspace(join(backend.dir, 'newer'), { messages: 3 });
    newer.db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    newer.close();
    expect(await failure('backup.openWorkspace', { path: newer.dir })).toMatchObject({
      code: 'UNSUPPORTED',
      message: 'errors.newerDatabase',
    });

    // Nothing was created in the refused folders, the open workspace is the same, nothing is remembered.
    expect(readdirSync(empty)).toEqual([]);
    expect(await call('workspace.info', {})).toEqual(before);
    expect(new JsonFileSettingsStore(settingsFile).workspaceDir()).toBeNull();
    expect(defaultWorkspaceDir({}, userData.dir)).toBe(join(userData.dir, 'workspace'));
  });

  it('a workspace that fails its start-up check is closed again and the previous one stays open', async () => {
    const damaged = makeWorkspace(join(backend.dir, 'damaged'), { messages: 3000 });
    damaged.close();
    damageDatabase(damaged.dir, 'garbage-pages');
    expect(await failure('backup.openWorkspace', { path: damaged.dir })).toMatchObject({
      code: 'BAD_FILE',
      message: 'backup.errors.workspaceDamaged',
    });
    expect(backend.workspace.dir).toBe(firstDir);
    expect(backend.workspace.state).toBe('ok');
    expect((await call('workspace.info', {})).counts).toMatchObject({ groups: 1, members: 4, messages: 12 });
    expect(new JsonFileSettingsStore(settingsFile).workspaceDir()).toBeNull();
  });

  it('switches to an imported workspace: its data shows, it opens at the next start, the old one is untouched', async () => {
    const target = await importedWorkspace('moved', {
      groups: 3,
      members: 7,
      messages: 55,
      importSizes: [2000],
    });
    const changesBefore = changes.length;

    const opened = await call('backup.openWorkspace', { path: target });
    expect(opened.previousPath).toBe(firstDir);
    expect(opened.workspace).toMatchObject({
      path: realpathSync(target),
      counts: { groups: 3, members: 7, messages: 55 },
    });

    // Every screen refetches, and what they fetch is the imported data.
    expect(changes.slice(changesBefore).flat()).toEqual(
      expect.arrayContaining(['workspace', 'groups', 'members']),
    );
    const info = await call('workspace.info', {});
    expect(info.path).toBe(realpathSync(target));
    expect(info.counts).toMatchObject({ groups: 3, members: 7, messages: 55 });
    expect((await call('groups.list', {})).map((group) => group.name).sort()).toEqual([
      '读书会 1',
      '读书会 2',
      '读书会 3',
    ]);
    const audit = await call('audit.list', { limit: 20 });
    const entry = audit.rows.find((row) => row.action === 'workspace-open');
    expect(entry?.entity).toBe('workspace');
    expect(JSON.parse(String(entry?.detail))).toEqual({ path: realpathSync(target), previous: firstDir });

    // Remembered beside the settings (which stay as they were, and keep it when they change).
    const store = new JsonFileSettingsStore(settingsFile);
    expect(store.workspaceDir()).toBe(realpathSync(target));
    expect(store.get()).toEqual({ locale: 'zh-CN', colorScheme: 'auto' });
    await call('settings.update', { colorScheme: 'dark' });
    expect(store.workspaceDir()).toBe(realpathSync(target));
    // The app and the CLI both start on it now (unless QUNDESK_DATA_DIR says otherwise).
    expect(defaultWorkspaceDir({}, userData.dir)).toBe(realpathSync(target));
    expect(defaultWorkspaceDir({ QUNDESK_DATA_DIR: firstDir }, userData.dir)).toBe(firstDir);

    // The workspace it left is closed as it was: same data, no entry about the switch, its files in place.
    const left = openWorkspace(firstDir);
    try {
      expect(left.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(12);
      expect(left.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(4);
      expect(
        left.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'workspace-open'").pluck().get(),
      ).toBe(0);
    } finally {
      left.close();
    }
    expect(readdirSync(join(firstDir, 'imports'))).toHaveLength(1);

    // And back: the first workspace opens again the same way.
    const back = await call('backup.openWorkspace', { path: firstDir });
    expect(back.previousPath).toBe(realpathSync(target));
    expect(back.workspace.counts).toMatchObject({ groups: 1, members: 4, messages: 12 });
    expect(defaultWorkspaceDir({}, userData.dir)).toBe(realpathSync(firstDir));
  });

  it('is refused while a job runs in the open workspace', async () => {
    const target = await importedWorkspace('busy', { messages: 5 });
    await call('backup.createVault', { path: join(backend.dir, 'vault'), allowUnencrypted: true });
    const { jobId } = await call('backup.start', {});
    const refused = await failure('backup.openWorkspace', { path: target });
    expect((await backend.jobs.wait(jobId)).status).toBe('done');
    expect(refused).toMatchObject({ code: 'CONFLICT', message: 'backup.errors.switchJobsRunning' });
    expect(backend.workspace.dir).toBe(realpathSync(firstDir));
  });
});
