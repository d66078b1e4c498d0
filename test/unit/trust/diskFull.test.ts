/**
 * Full disks and read-only folders during import, backup and a settings save: each fails with the clear
 * "磁盘空间不足" / "文件夹只读" message and the workspace stays as it was. Real conditions where this machine
 * allows them (a size-limited tmpfs needs root and mount; chmod stops writes only for non-root users), injected
 * write failures (services/diskErrors seam) everywhere.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/main/backend';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import { diskError, injectWriteFault } from '../../../electron/main/services/diskErrors';
import { JsonFileSettingsStore } from '../../../electron/main/services/settings';
import { addMessages, seedWorkspace } from '../backup/fixtures';
import { generateChat, writeMemotraceCsv } from '../../support/exportWriters';
import { makeTempDir } from '../../support/tempWorkspace';
import { call, openBackendOn } from './support';

const temp = makeTempDir('qundesk-diskfull-');
const mounts: string[] = [];
let removeFault: (() => void) | null = null;
afterEach(() => {
  removeFault?.();
  removeFault = null;
});
afterAll(() => {
  for (const dir of mounts) spawnSync('umount', ['-l', dir]);
  temp.remove();
});

/** A real size-limited folder (tmpfs) when this process may mount one; null otherwise (the test then skips). */
function smallDisk(name: string, sizeKb: number): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  if (result.status !== 0) return null;
  mounts.push(dir);
  return dir;
}
const canMount = (() => {
  const probe = smallDisk('probe', 64);
  return probe !== null;
})();

/** Makes `dir` read-only; false when that does not stop writes (root ignores permission bits). */
function makeReadOnly(dir: string): boolean {
  chmodSync(dir, 0o555);
  try {
    writeFileSync(join(dir, '.probe'), 'x');
    rmSync(join(dir, '.probe'), { force: true });
    chmodSync(dir, 0o755);
    return false;
  } catch {
    return true;
  }
}

type Counts = Record<'groups' | 'members' | 'messages' | 'rawFiles', number>;
function counts(backend: Backend): Counts {
  const count = (table: string) =>
    backend.context.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const raw = join(backend.workspace.dir, 'imports');
  return {
    groups: count('groups'),
    members: count('members'),
    messages: count('messages'),
    rawFiles: existsSync(raw) ? readdirSync(raw).length : 0,
  };
}

async function runJob(backend: Backend, kind: string, input: unknown) {
  return backend.jobs.wait(backend.jobs.start(kind, input, 'test'));
}

const chat = join(temp.dir, 'chat.csv');
let backend: Backend;
beforeAll(async () => {
  await writeMemotraceCsv(chat, generateChat({ seed: 5, count: 3000, members: 200 }));
  backend = openBackendOn(join(temp.dir, 'ws'), temp.dir);
  seedWorkspace(backend.context.db, backend.workspace.dir, { groups: 2, members: 30, messages: 500 });
});
afterAll(async () => backend.close());

describe('import', () => {
  it('fails with the disk-full message when the disk fills up mid-import, and takes everything back out', async () => {
    const before = counts(backend);
    let batches = 0;
    removeFault = injectWriteFault((target) =>
      target.startsWith('import-batch:') && ++batches === 3
        ? diskError('SQLITE_FULL', 'database or disk is full')
        : null,
    );
    const job = await runJob(backend, 'import.file', { path: chat, batchSize: 400 });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'IO', message: 'recovery.errors.diskFull' });
    expect(batches).toBe(3);
    expect(counts(backend)).toEqual(before);
    expect(backend.context.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const history = backend.context.db
      .prepare('SELECT status, error_key FROM imports ORDER BY id DESC LIMIT 1')
      .get() as { status: string; error_key: string };
    expect(history).toEqual({ status: 'failed', error_key: 'recovery.errors.diskFull' });
  });

  it.each([
    ['ENOSPC', 'recovery.errors.diskFull'],
    ['EROFS', 'recovery.errors.readOnlyFolder'],
    ['EACCES', 'recovery.errors.readOnlyFolder'],
  ])('fails cleanly when the raw copy cannot be written (%s)', async (code, key) => {
    const before = counts(backend);
    removeFault = injectWriteFault((target) => (target.includes('.partial-') ? diskError(code) : null));
    const job = await runJob(backend, 'import.file', { path: chat });
    expect(job.error).toMatchObject({ code: 'IO', message: key });
    expect(counts(backend)).toEqual(before);
  });

  it.skipIf(!canMount)(
    'fails cleanly when the database really fills the disk (16 MB tmpfs)',
    async () => {
      const disk = smallDisk('small-ws', 16384)!;
      const small = openBackendOn(join(disk, 'ws'), join(temp.dir, 'small-settings'));
      try {
        const big = join(temp.dir, 'big.csv');
        // ~2.5 MB: beside the empty workspace (~7.5 MB with its journal, in 16 KB pages), the raw copy and the 4 MB
        // reserve fit, the messages and their full-text index do not.
        await writeMemotraceCsv(big, generateChat({ seed: 9, count: 20_000, members: 500 }));
        const before = counts(small);
        const job = await runJob(small, 'import.file', { path: big, batchSize: 2000 });
        expect(job.status).toBe('failed');
        expect(job.error).toMatchObject({ code: 'IO', message: 'recovery.errors.diskFull' });
        expect(counts(small)).toEqual(before);
        expect(small.context.db.pragma('integrity_check', { simple: true })).toBe('ok');
        // It was the database that ran out of room: rows had been read and written before the failure.
        const history = small.context.db.prepare('SELECT rows_read, error_key FROM imports').get();
        expect(history).toMatchObject({ error_key: 'recovery.errors.diskFull' });
        expect((history as { rows_read: number }).rows_read).toBeGreaterThan(0);
      } finally {
        await small.close();
      }
    },
    30_000,
  );
});

describe('backup', () => {
  it.each([
    ['ENOSPC', 'recovery.errors.diskFull'],
    ['EROFS', 'recovery.errors.readOnlyFolder'],
  ])(
    'fails with a clear message when the vault cannot be written (%s), keeping the vault and workspace',
    async (code, key) => {
      const vaultDir = join(temp.dir, `vault-${code}`);
      expect(
        await call(backend, 'backup.createVault', { path: vaultDir, allowUnencrypted: true }),
      ).toMatchObject({ ok: true });
      const vaultId = (
        (await call(backend, 'backup.vaults')) as { value: { id: number; path: string }[] }
      ).value.find((vault) => vault.path === vaultDir)!.id;
      const first = await runJob(backend, 'backup.create', { vaultDir, kind: 'manual' });
      expect(first.status).toBe('done');
      const vault = await Vault.open(vaultDir);
      const snapshots = vault.listSnapshotIds();
      const before = counts(backend);

      let writes = 0;
      removeFault = injectWriteFault((target) =>
        target.startsWith(vaultDir) && ++writes >= 2 ? diskError(code) : null,
      );
      // New data so the backup has objects to write.
      const groupId = backend.context.db.prepare('SELECT min(id) FROM groups').pluck().get() as number;
      addMessages(backend.context.db, groupId, 300, Date.UTC(2025, 0, code.length));
      const after = counts(backend);
      const started = await call(backend, 'backup.start', { vaultId });
      expect(started.ok).toBe(true);
      const job = await backend.jobs.wait((started as { value: { jobId: string } }).value.jobId);
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'IO', message: key });
      removeFault();
      expect(vault.listSnapshotIds()).toEqual(snapshots);
      expect((await verifyVault(vault)).ok).toBe(true);
      expect(counts(backend)).toEqual(after);
      expect(after.messages).toBe(before.messages + 300);
    },
  );

  it.skipIf(!canMount)('fails cleanly into a really full vault (1 MB tmpfs)', async () => {
    const disk = smallDisk('small-vault', 1024)!;
    const vaultDir = join(disk, 'vault');
    expect(
      await call(backend, 'backup.createVault', { path: vaultDir, allowUnencrypted: true }),
    ).toMatchObject({ ok: true });
    // Random bytes: backups compress, so the filler must not.
    writeFileSync(join(backend.workspace.dir, 'imports', 'filler'), randomBytes(2 * 1024 * 1024));
    try {
      const job = await runJob(backend, 'backup.create', { vaultDir, kind: 'manual' });
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'IO', message: 'recovery.errors.diskFull' });
      const vault = await Vault.open(vaultDir);
      expect(vault.listSnapshotIds()).toEqual([]);
    } finally {
      rmSync(join(backend.workspace.dir, 'imports', 'filler'), { force: true });
    }
  });
});

describe('settings save', () => {
  it('fails with a clear message in a read-only folder and keeps the saved settings', async () => {
    const dir = join(temp.dir, 'settings-ro');
    mkdirSync(dir, { recursive: true });
    const store = new JsonFileSettingsStore(join(dir, 'config.json'));
    store.update({ locale: 'en' });
    const saved = readFileSync(join(dir, 'config.json'), 'utf8');
    const really = makeReadOnly(dir);
    // As root chmod changes nothing: inject the failure a read-only folder gives.
    if (!really)
      removeFault = injectWriteFault((target) => (target.startsWith(dir) ? diskError('EACCES') : null));
    try {
      expect(() => store.update({ locale: 'zh-CN' })).toThrow('recovery.errors.readOnlyFolder');
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(saved);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('says "disk full" over IPC and leaves the settings as they were', async () => {
    const before = backend.settings.get();
    removeFault = injectWriteFault(() => diskError('ENOSPC'));
    const result = await call(backend, 'settings.update', { colorScheme: 'dark' });
    expect(result).toMatchObject({ ok: false, error: { code: 'IO', message: 'recovery.errors.diskFull' } });
    removeFault();
    expect(backend.settings.get()).toEqual(before);
  });
});
