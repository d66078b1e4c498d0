import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import { restoreSnapshot } from '../../../electron/main/backup/restore';
import { databaseChunkBytes, fileChunkBytes } from '../../../electron/main/backup/snapshot';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import { diskError, injectWriteFault } from '../../../electron/main/services/diskErrors';
import { openWorkspace, type Workspace } from '../../../electron/main/services/workspace';
import { makeTempDir } from '../../support/tempWorkspace';
import { addImportFile, addMessages, makeWorkspace, testPassphrase, testScrypt } from './fixtures';

describe('backup and restore', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let vault: Vault;

  /** A backup run while `fault` fails the writes it picks: the backup must fail. */
  async function expectBackupToFail(ws: Workspace, fault: Parameters<typeof injectWriteFault>[0]) {
    const removeFault = injectWriteFault(fault);
    try {
      await expect(
        backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' }),
      ).rejects.toThrow();
    } finally {
      removeFault();
    }
  }
  beforeEach(async () => {
    temp = makeTempDir('qundesk-backup-');
    vault = (await Vault.create(join(temp.dir, 'vault'), { passphrase: testPassphrase, scrypt: testScrypt }))
      .vault;
  });
  afterEach(() => temp.remove());

  it('round trip: backup, restore, backup the restored workspace again: identical objects', async () => {
    const source = makeWorkspace(join(temp.dir, 'ws'), { messages: 3000, importSizes: [1000, 300_000] });
    const first = await backupWorkspace(vault, { workspaceDir: source.dir, db: source.db, kind: 'manual' });
    source.close();
    expect(first.verify.ok).toBe(true);
    expect(first.snapshot.counts).toMatchObject({ groups: 2, members: 30, messages: 3000, files: 3 });

    const restoredDir = join(temp.dir, 'restored');
    const report = await restoreSnapshot(vault, first.snapshot.id, restoredDir);
    expect(report).toMatchObject({ complete: true, restoredFiles: 3, failedFiles: [], refusedFiles: [] });
    expect(report.database).toMatchObject({ integrity: 'ok', countsMatch: true });
    expect(readdirSync(join(restoredDir, 'imports')).sort()).toEqual(
      readdirSync(join(source.dir, 'imports')).sort(),
    );
    for (const name of readdirSync(join(source.dir, 'imports'))) {
      expect(
        readFileSync(join(restoredDir, 'imports', name)).equals(
          readFileSync(join(source.dir, 'imports', name)),
        ),
      ).toBe(true);
    }

    // The restored folder opens as a workspace and backs up to exactly the same objects.
    const restored = openWorkspace(restoredDir);
    const second = await backupWorkspace(vault, {
      workspaceDir: restoredDir,
      db: restored.db,
      kind: 'manual',
    });
    restored.close();
    const objectsOf = (id: string) => vault.readManifest(id).files.map((file) => [file.path, file.chunks]);
    expect(objectsOf(second.snapshot.id)).toEqual(objectsOf(first.snapshot.id));
    expect(second.snapshot.newObjects).toBe(0);
  });

  it('a second backup of unchanged data writes almost nothing; a new import file costs about its size', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 2000, importSizes: [200_000, 5_000_000] });
    const first = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    expect(first.snapshot.bytesWritten).toBeGreaterThan(5_000_000);

    const second = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    expect(second.snapshot.newObjects).toBe(0);
    expect(second.snapshot.bytesWritten).toBeLessThan(10_000); // the manifest only
    expect(second.snapshot.bytesReused).toBe(second.snapshot.totalBytes);

    addImportFile(ws.dir, 3_000_000);
    addMessages(ws.db, ws.groupIds[1]!, 50);
    const third = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    expect(third.snapshot.counts.messages).toBe(2050);
    expect(third.snapshot.bytesWritten).toBeGreaterThan(3_000_000);
    // The new file plus the few database pages the new messages touched, as deltas of their chunks (a 1.4 MB
    // database: any chunk stored whole would be far more).
    expect(third.snapshot.bytesWritten - 3_000_000).toBeLessThan(100_000);
    expect(vault.listSnapshotIds()).toHaveLength(3);
    expect((await verifyVault(vault)).ok).toBe(true);
  });

  it('cuts large files into chunks and stores repeated chunks once', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 10 });
    const path = addImportFile(ws.dir, fileChunkBytes * 2 + 123);
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    const file = vault.readManifest(result.snapshot.id).files.find((entry) => entry.path === path)!;
    expect(file.chunks.map(([, size]) => size)).toEqual([fileChunkBytes, fileChunkBytes, 123]);
    expect(file.size).toBe(fileChunkBytes * 2 + 123);
  });

  it('encrypted objects are named by a keyed hash and hold no plaintext', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 200 });
    const marker = '今晚八点直播';
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    const manifest = vault.readManifest(result.snapshot.id);
    const database = readFileSync(join(ws.dir, 'qundesk.db'));
    const plainName = (await import('node:crypto'))
      .createHash('sha256')
      .update(database.subarray(0, databaseChunkBytes))
      .digest('hex');
    for (const file of manifest.files) {
      for (const [name] of file.chunks) {
        expect(name).not.toBe(plainName);
        expect(readFileSync(vault.objectPath(name)).includes(Buffer.from(marker))).toBe(false);
      }
    }
    expect(
      readFileSync(join(vault.dir, 'snapshots', `${manifest.id}.snapshot`)).includes(
        Buffer.from('qundesk.db'),
      ),
    ).toBe(false);
  });

  it('takes a consistent database copy while another connection keeps writing', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 5000 });
    const writer = new Database(join(ws.dir, 'qundesk.db'));
    writer.pragma('busy_timeout = 5000');
    let writes = 0;
    const timer = setInterval(() => {
      writer.prepare('UPDATE groups SET positioning = ? WHERE id = 1').run(`w${(writes += 1)}`);
    }, 1);
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, kind: 'manual' });
    clearInterval(timer);
    writer.close();
    ws.close();
    const restoredDir = join(temp.dir, 'restored');
    const report = await restoreSnapshot(vault, result.snapshot.id, restoredDir);
    expect(report.complete).toBe(true);
    expect(result.snapshot.counts.messages).toBe(5000);
    expect(statSync(join(restoredDir, 'qundesk.db')).size).toBeGreaterThan(0);
  });

  it('renames objects into place only once all are written (a backup below one commit batch): a failure part-way leaves the vault as it was', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 500, importSizes: [100_000] });
    await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    const objectsBefore = vault.listObjectNames().sort();
    const snapshotsBefore = vault.listSnapshotIds();
    for (const size of [3_000_000, 3_000_000, 3_000_000]) addImportFile(ws.dir, size);
    let objectWrites = 0;
    await expectBackupToFail(ws, (target) =>
      target.startsWith(vault.tempDir) && (objectWrites += 1) === 3 ? diskError('ENOSPC') : null,
    );
    expect(objectWrites).toBe(3);
    // Two objects were written before the failure; neither reached objects/, and nothing is left in tmp/.
    expect(vault.listObjectNames().sort()).toEqual(objectsBefore);
    expect(readdirSync(vault.tempDir)).toEqual([]);
    expect(vault.listSnapshotIds()).toEqual(snapshotsBefore);

    const retry = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    expect(retry.verify.ok).toBe(true);
    expect(retry.snapshot.counts.files).toBe(5);
    expect((await verifyVault(vault)).ok).toBe(true);
  });

  it('a big backup renames objects into place as it goes; a failure after that leaves them whole, and a retry reuses them', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 100 });
    // Random data does not compress: 48 MB of objects, more than one batch commits before the last is written.
    for (let file = 0; file < 3; file += 1) addImportFile(ws.dir, 4 * fileChunkBytes);
    const objectsBefore = vault.listObjectNames().length;
    let committedWhenFailed = 0;
    // Object writes only (a temporary name starting with the object's), not the manifest's at the end.
    const objectWrite = (target: string) => /^[0-9a-f]{64}\./.test(relative(vault.tempDir, target));
    await expectBackupToFail(ws, (target) => {
      if (!objectWrite(target) || committedWhenFailed > 0) return null;
      committedWhenFailed = vault.listObjectNames().length - objectsBefore;
      return committedWhenFailed > 0 ? diskError('ENOSPC') : null;
    });
    expect(committedWhenFailed).toBeGreaterThan(0);
    expect(vault.listObjectNames().length - objectsBefore).toBeGreaterThanOrEqual(committedWhenFailed);
    expect(readdirSync(vault.tempDir)).toEqual([]);
    expect(vault.listSnapshotIds()).toEqual([]);

    const retry = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    expect(retry.verify.ok).toBe(true);
    expect(retry.snapshot.reusedObjects).toBeGreaterThanOrEqual(committedWhenFailed);
    expect((await verifyVault(vault)).ok).toBe(true);
  });

  it('backs up a workspace without an imports folder', async () => {
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 5 });
    const result = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    expect(result.snapshot.counts.files).toBe(1);
    expect(result.verify.ok).toBe(true);
  });
});
