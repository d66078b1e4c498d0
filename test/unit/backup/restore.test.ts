import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import type { SnapshotManifest } from '../../../electron/main/backup/manifest';
import { restoreSnapshot, safeRelativePath } from '../../../electron/main/backup/restore';
import { restoreOverWorkspace } from '../../../electron/main/backup/restoreOver';
import { newSnapshotId } from '../../../electron/main/backup/snapshot';
import { Vault } from '../../../electron/main/backup/vault';
import { newDatabasePageBytes } from '../../../electron/main/db/connection';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { AppError } from '../../../shared/ipc/errors';
import { makeTempDir } from '../../support/tempWorkspace';
import { makeWorkspace, testPassphrase, testScrypt } from './fixtures';

describe('safeRelativePath', () => {
  it.each([
    ['qundesk.db', true],
    ['imports/0a1b2c', true],
    ['imports/2024/chat.txt', true],
    ['../qundesk.db', false],
    ['imports/../../etc/passwd', false],
    ['imports/./x', false],
    ['/etc/passwd', false],
    ['C:/Windows/win.ini', false],
    ['c:evil', false],
    ['imports\\..\\..\\evil', false],
    ['imports//x', false],
    ['imports/', false],
    ['imports', false],
    ['other/file', false],
    ['qundesk.db-wal', false],
    ['imports/x\u0000y', false],
    ['imports/CON', false],
    ['imports/name.', false],
    ['', false],
  ])('%j → %s', (path, safe) => {
    expect(safeRelativePath(path) !== null).toBe(safe);
  });
});

describe('restore safety', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let vault: Vault;
  let base: SnapshotManifest;
  beforeEach(async () => {
    temp = makeTempDir('qundesk-restore-');
    vault = (await Vault.create(join(temp.dir, 'vault'), { passphrase: testPassphrase, scrypt: testScrypt }))
      .vault;
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 100, importSizes: [2000] });
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    base = vault.readManifest(result.snapshot.id);
  });
  afterEach(() => temp.remove());

  /** A manifest the attacker controls but sealed with the right key: only restore's own checks stand in the way. */
  function craft(paths: string[]): string {
    const importFile = base.files.find((file) => file.path.startsWith('imports/'))!;
    const id = newSnapshotId(Date.now() + 1000);
    const manifest: SnapshotManifest = {
      ...base,
      id,
      files: [...base.files, ...paths.map((path) => ({ ...importFile, path }))],
    };
    vault.writeManifest(manifest);
    return id;
  }

  it('never writes outside the target, whatever paths the manifest holds', async () => {
    const hostile = [
      '../escaped.txt',
      'imports/../../escaped2.txt',
      '/tmp/qundesk-absolute-escape.txt',
      join(temp.dir, 'absolute.txt'),
      'imports\\..\\..\\escaped3.txt',
      'C:/escaped4.txt',
      'notes/elsewhere.txt',
      'imports/ok-file',
    ];
    const id = craft(hostile);
    const target = join(temp.dir, 'area', 'target');
    const before = readdirSync(temp.dir).sort();
    const report = await restoreSnapshot(vault, id, target);
    expect(report.complete).toBe(false);
    expect(report.refusedFiles.map((file) => file.path).sort()).toEqual(
      hostile.filter((p) => p !== 'imports/ok-file').sort(),
    );
    expect(report.refusedFiles.every((file) => file.reason === 'backup.errors.unsafePath')).toBe(true);
    // The legitimate entries (and the crafted one with a proper path) were restored, inside the target only.
    expect(existsSync(join(target, 'imports', 'ok-file'))).toBe(true);
    expect(readdirSync(target).sort()).toEqual(['imports', 'qundesk.db']);
    expect(readdirSync(temp.dir).sort()).toEqual([...before, 'area'].sort());
    expect(readdirSync(join(temp.dir, 'area'))).toEqual(['target']);
    expect(existsSync('/tmp/qundesk-absolute-escape.txt')).toBe(false);
    expect(existsSync(join(temp.dir, 'absolute.txt'))).toBe(false);
  });

  it('refuses a path twice in one manifest (the second copy could overwrite the first)', async () => {
    const id = craft([base.files[1]!.path]);
    const report = await restoreSnapshot(vault, id, join(temp.dir, 'target'));
    expect(report.refusedFiles).toEqual([
      { path: base.files[1]!.path, reason: 'backup.errors.duplicatePath' },
    ]);
  });

  it('does not follow a symbolic link placed in the target folder', async () => {
    const outside = join(temp.dir, 'outside');
    mkdirSync(outside);
    const target = join(temp.dir, 'target');
    mkdirSync(target);
    symlinkSync(outside, join(target, 'imports'));
    const report = await restoreSnapshot(vault, base.id, target, { allowNonEmpty: true });
    expect(report.refusedFiles).toEqual([
      { path: base.files[1]!.path, reason: 'backup.errors.symlinkInPath' },
    ]);
    expect(readdirSync(outside)).toEqual([]);
    expect(report.database?.integrity).toBe('ok');
  });

  it('replaces a link standing at a file name instead of writing through it', async () => {
    const victim = join(temp.dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const target = join(temp.dir, 'target');
    mkdirSync(join(target, 'imports'), { recursive: true });
    const linkPath = join(target, ...base.files[1]!.path.split('/'));
    symlinkSync(victim, linkPath);
    const report = await restoreSnapshot(vault, base.id, target, { allowNonEmpty: true });
    expect(report.complete).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(linkPath).isSymbolicLink()).toBe(false);
  });

  it('names a file it cannot put in place and restores the rest, leaving no temporary file', async () => {
    const target = join(temp.dir, 'target');
    // A non-empty folder where the import file goes: the flushed file cannot be renamed over it.
    const blocked = join(target, ...base.files[1]!.path.split('/'));
    mkdirSync(join(blocked, 'inside'), { recursive: true });
    const report = await restoreSnapshot(vault, base.id, target, { allowNonEmpty: true });
    expect(report.complete).toBe(false);
    expect(report.failedFiles).toEqual([
      { path: base.files[1]!.path, reason: 'backup.errors.cannotReplace', objects: [] },
    ]);
    expect(report.restoredFiles).toBe(base.files.length - 1);
    expect(report.database?.integrity).toBe('ok');
    expect(readdirSync(join(target, 'imports')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a non-empty target unless told, and removes a stray journal beside the database', async () => {
    const target = join(temp.dir, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'qundesk.db-wal'), 'not ours');
    const error = await restoreSnapshot(vault, base.id, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).messageKey).toBe('backup.errors.targetNotEmpty');
    const report = await restoreSnapshot(vault, base.id, target, { allowNonEmpty: true });
    expect(report.complete).toBe(true);
    expect(existsSync(join(target, 'qundesk.db-wal'))).toBe(false);
  });

  it('reports an unknown snapshot as not found', async () => {
    const error = await restoreSnapshot(vault, '20200101-000000-abcdef', join(temp.dir, 't')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND', messageKey: 'backup.errors.snapshotNotFound' });
  });
});

describe('restore over a workspace', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('qundesk-restore-over-');
  });
  afterEach(() => temp.remove());

  /** A workspace whose database was made before new ones got 16 KB pages. */
  function workspaceWith4KbPages(dir: string) {
    mkdirSync(dir, { recursive: true });
    const file = new Database(workspaceDbFile(dir));
    file.pragma('page_size = 4096');
    // Writing the header fixes the page size.
    file.pragma('user_version = 0');
    file.close();
    return makeWorkspace(dir, { messages: 300 });
  }

  it.each([
    ['a 4 KB snapshot over a 16 KB workspace', true],
    ['a 16 KB snapshot over a 4 KB workspace', false],
  ])('%s: the data comes back and the live file keeps its page size', async (_name, snapshotOld) => {
    const vault = (
      await Vault.create(join(temp.dir, 'vault'), { passphrase: testPassphrase, scrypt: testScrypt })
    ).vault;
    const old = workspaceWith4KbPages(join(temp.dir, 'old'));
    const fresh = makeWorkspace(join(temp.dir, 'new'), { messages: 120 });
    const pageSize = (ws: { db: Database.Database }) => ws.db.pragma('page_size', { simple: true });
    expect([pageSize(old), pageSize(fresh)]).toEqual([4096, newDatabasePageBytes]);
    const [source, live] = snapshotOld ? [old, fresh] : [fresh, old];
    const messages = (ws: { db: Database.Database }) =>
      ws.db.prepare('SELECT count(*) FROM messages').pluck().get();
    const expected = messages(source);
    const { snapshot } = await backupWorkspace(vault, {
      workspaceDir: source.dir,
      db: source.db,
      kind: 'manual',
    });
    const livePageSize = pageSize(live);
    const report = await restoreOverWorkspace(vault, snapshot.id, {
      workspaceDir: live.dir,
      db: live.db,
      operator: 'tester',
    });
    expect(report.complete).toBe(true);
    expect(messages(live)).toBe(expected);
    expect(pageSize(live)).toBe(livePageSize);
    expect(live.db.pragma('integrity_check', { simple: true })).toBe('ok');
    old.close();
    fresh.close();
  });
});
