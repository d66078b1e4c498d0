import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import { restoreSnapshot } from '../../../electron/main/backup/restore';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import type { Workspace } from '../../../electron/main/services/workspace';
import { AppError } from '../../../shared/ipc/errors';
import { makeTempDir } from '../../support/tempWorkspace';
import { makeWorkspace, testPassphrase, testScrypt } from './fixtures';

describe('damaged vaults', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let vault: Vault;
  let ws: Workspace;
  let snapshotId: string;
  /** The second chunk of the larger import file: an object only that file uses. */
  let victim: { path: string; object: string };
  beforeEach(async () => {
    temp = makeTempDir('qundesk-damage-');
    vault = (await Vault.create(join(temp.dir, 'vault'), { passphrase: testPassphrase, scrypt: testScrypt }))
      .vault;
    ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 800, importSizes: [50_000, 5_000_000] });
    snapshotId = (await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' })).snapshot
      .id;
    const large = vault.readManifest(snapshotId).files.find((file) => file.size === 5_000_000)!;
    victim = { path: large.path, object: large.chunks[1]![0] };
  });
  afterEach(() => {
    ws.close();
    temp.remove();
  });

  const flipByte = (file: string, at: number) => {
    const bytes = readFileSync(file);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(file, bytes);
  };

  async function expectRestoreWithout(problem: string) {
    const report = await restoreSnapshot(vault, snapshotId, join(temp.dir, `restore-${problem}`));
    expect(report.complete).toBe(false);
    expect(report.failedFiles).toEqual([
      { path: victim.path, reason: 'backup.errors.objectsUnreadable', objects: [victim.object] },
    ]);
    // Everything else came back, and the database checks out.
    expect(report.restoredFiles).toBe(2);
    expect(report.database).toMatchObject({ integrity: 'ok', countsMatch: true });
    expect(existsSync(join(report.target, victim.path))).toBe(false);
  }

  it('a flipped byte: verify names the object and the file; restore brings back the rest and says so', async () => {
    flipByte(vault.objectPath(victim.object), 100);
    const report = await verifyVault(vault);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ object: victim.object, problem: 'authentication' }]);
    expect(report.snapshots[0]).toMatchObject({
      id: snapshotId,
      ok: false,
      damagedObjects: [victim.object],
      missingObjects: [],
      affectedFiles: [victim.path],
    });
    await expectRestoreWithout('flip');
  });

  it('a truncated object', async () => {
    const file = vault.objectPath(victim.object);
    truncateSync(file, readFileSync(file).length - 1000);
    const report = await verifyVault(vault, { snapshotIds: [snapshotId] });
    expect(report.problems).toEqual([{ object: victim.object, problem: 'truncated' }]);
    await expectRestoreWithout('truncate');
  });

  it('a deleted object', async () => {
    rmSync(vault.objectPath(victim.object));
    const report = await verifyVault(vault);
    expect(report.snapshots[0]).toMatchObject({
      ok: false,
      missingObjects: [victim.object],
      damagedObjects: [],
    });
    await expectRestoreWithout('delete');
  });

  it('an object swapped for another (same size) fails authentication of its name', async () => {
    const large = vault.readManifest(snapshotId).files.find((file) => file.path === victim.path)!;
    const other = large.chunks[0]![0];
    writeFileSync(
      vault.objectPath(victim.object),
      readFileSync(vault.objectPath(other)).subarray(0, readFileSync(vault.objectPath(victim.object)).length),
    );
    const report = await verifyVault(vault);
    expect(report.problems.map((p) => p.object)).toEqual([victim.object]);
  });

  it('a tampered manifest: verify reports it, restore refuses, listing marks it', async () => {
    const manifestFile = join(vault.dir, 'snapshots', `${snapshotId}.snapshot`);
    flipByte(manifestFile, 40);
    const report = await verifyVault(vault);
    expect(report.ok).toBe(false);
    expect(report.snapshots[0]).toMatchObject({
      id: snapshotId,
      manifestProblem: 'backup.errors.manifestDamaged',
    });
    const target = join(temp.dir, 'restore-manifest');
    const error = await restoreSnapshot(vault, snapshotId, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).messageKey).toBe('backup.errors.manifestDamaged');
    expect(existsSync(target) && readdirSync(target).length > 0).toBe(false);
    expect(vault.readAllManifests().damaged.map((d) => d.snapshotId)).toEqual([snapshotId]);
  });

  it('a manifest renamed to another snapshot id does not authenticate', async () => {
    const second = (await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' }))
      .snapshot.id;
    const dir = join(vault.dir, 'snapshots');
    rmSync(join(dir, `${second}.snapshot`));
    renameSync(join(dir, `${snapshotId}.snapshot`), join(dir, `${second}.snapshot`));
    expect(vault.readAllManifests().damaged.map((d) => d.snapshotId)).toEqual([second]);
  });

  it('a damaged database object: the restore reports the database missing and is not complete', async () => {
    const database = vault.readManifest(snapshotId).files.find((file) => file.path === 'qundesk.db')!;
    flipByte(vault.objectPath(database.chunks[0]![0]), 50);
    const report = await restoreSnapshot(vault, snapshotId, join(temp.dir, 'restore-db'));
    expect(report.complete).toBe(false);
    expect(report.database).toBeNull();
    expect(report.failedFiles.map((file) => file.path)).toEqual(['qundesk.db']);
  });

  it('verify with quarantine, then the next backup writes the damaged chunk again and the old snapshot is whole', async () => {
    flipByte(vault.objectPath(victim.object), 7);
    const first = await verifyVault(vault, { quarantine: true });
    expect(first.quarantined).toEqual([victim.object]);
    const next = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    expect(next.verify.ok).toBe(true);
    expect(next.snapshot.newObjects).toBe(1);
    const again = await verifyVault(vault);
    expect(again.ok).toBe(true);
    expect(again.snapshots.map((s) => s.id)).toEqual([snapshotId, next.snapshot.id]);
    // The damaged copy is kept aside, not destroyed.
    expect(readdirSync(join(vault.dir, 'quarantine')).some((name) => name.startsWith(victim.object))).toBe(
      true,
    );
  });

  it('a backup finds a truncated object it would reuse and writes it again from the workspace', async () => {
    const file = vault.objectPath(victim.object);
    const intactBytes = statSync(file).size;
    truncateSync(file, 10);
    const next = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    // Its size no longer matches what the last snapshot recorded: written again while backing up, not left to verify.
    expect(next.healedObjects).toBe(0);
    expect(statSync(file).size).toBe(intactBytes);
    expect(next.verify.ok).toBe(true);
    expect((await verifyVault(vault)).ok).toBe(true);
  });
});
