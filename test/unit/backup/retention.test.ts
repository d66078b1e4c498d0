import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import { isoWeekKey, pruneVault, selectRetained } from '../../../electron/main/backup/retention';
import { backupHealth, nextBackupDue } from '../../../electron/main/backup/schedule';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import { makeTempDir } from '../../support/tempWorkspace';
import { addImportFile, addMessages, makeWorkspace, testPassphrase, testScrypt } from './fixtures';

const local = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const snapshot = (id: string, at: number) => ({ id, createdAt: new Date(at).toISOString() });

describe('retention', () => {
  it('keeps the newest snapshot of each of the last N days, weeks and months, and always the newest', () => {
    // Two snapshots a day from 2024-01-01 to 2024-03-31.
    const snapshots = [];
    for (let day = 0; day < 91; day += 1) {
      for (const hour of [9, 21]) snapshots.push(snapshot(`d${day}h${hour}`, local(2024, 1, 1 + day, hour)));
    }
    const kept = selectRetained(snapshots, { keepDaily: 3, keepWeekly: 2, keepMonthly: 3 });
    const reasons = Object.fromEntries(kept);
    expect(reasons['d90h21']).toEqual(['latest', 'daily', 'weekly', 'monthly']);
    expect(reasons['d89h21']).toEqual(['daily']);
    expect(reasons['d88h21']).toEqual(['daily']);
    // 2024-03-31 is a Sunday: the previous ISO week ends on Sunday 2024-03-24 (day 83).
    expect(reasons['d83h21']).toEqual(['weekly']);
    expect(reasons['d59h21']).toEqual(['monthly']); // 2024-02-29
    expect(reasons['d30h21']).toEqual(['monthly']); // 2024-01-31
    expect(kept.size).toBe(6);
    expect(kept.has('d90h9')).toBe(false);
  });

  it('keeps only the newest when every count is zero, and nothing from an empty list', () => {
    const kept = selectRetained([snapshot('a', local(2024, 5, 1)), snapshot('b', local(2024, 5, 2))], {
      keepDaily: 0,
      keepWeekly: 0,
      keepMonthly: 0,
    });
    expect([...kept.keys()]).toEqual(['b']);
    expect(selectRetained([], { keepDaily: 5, keepWeekly: 5, keepMonthly: 5 }).size).toBe(0);
  });

  it('keeps safety snapshots (the way back from a restore) for a week whatever the counts', () => {
    const now = local(2024, 5, 20);
    const kept = selectRetained(
      [
        { id: 'old-safety', createdAt: new Date(local(2024, 5, 10)).toISOString(), kind: 'safety' },
        { id: 'recent-safety', createdAt: new Date(local(2024, 5, 19, 9)).toISOString(), kind: 'safety' },
        { id: 'evening', createdAt: new Date(local(2024, 5, 19, 21)).toISOString(), kind: 'manual' },
      ],
      { keepDaily: 1, keepWeekly: 0, keepMonthly: 0 },
      now,
    );
    expect(Object.fromEntries(kept)).toEqual({ evening: ['latest', 'daily'], 'recent-safety': ['safety'] });
  });

  it('numbers ISO weeks across year ends', () => {
    expect(isoWeekKey(new Date(2021, 0, 3))).toBe('2020-W53');
    expect(isoWeekKey(new Date(2024, 11, 30))).toBe('2025-W01');
    expect(isoWeekKey(new Date(2024, 0, 1))).toBe('2024-W01');
  });
});

describe('prune', () => {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  afterEach(() => temp?.remove());

  it('deletes pruned manifests and only the objects nothing kept references', async () => {
    temp = makeTempDir('qundesk-prune-');
    const { vault } = await Vault.create(join(temp.dir, 'vault'), {
      passphrase: testPassphrase,
      scrypt: testScrypt,
    });
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 200, importSizes: [100_000] });
    // Three snapshots on three days; a file only the first one has.
    let day = local(2024, 6, 1);
    const clock = () => day;
    const onlyFirst = addImportFile(ws.dir, 300_000);
    const first = await backupWorkspace(vault, {
      workspaceDir: ws.dir,
      db: ws.db,
      kind: 'manual',
      now: clock,
    });
    const { rmSync } = await import('node:fs');
    rmSync(join(ws.dir, onlyFirst));
    addMessages(ws.db, ws.groupIds[0]!, 100, Date.UTC(2024, 5, 2));
    day = local(2024, 6, 2);
    await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual', now: clock });
    day = local(2024, 6, 3);
    const third = await backupWorkspace(vault, {
      workspaceDir: ws.dir,
      db: ws.db,
      kind: 'manual',
      now: clock,
    });
    ws.close();
    // An object left by an interrupted backup.
    const orphanName = 'f'.repeat(64);
    vault.prepareObjectFolder(orphanName);
    writeFileSync(vault.objectPath(orphanName), 'orphan');

    const firstObjects = vault
      .readManifest(first.snapshot.id)
      .files.find((f) => f.path === onlyFirst)!
      .chunks.map(([name]) => name);
    const dry = await pruneVault(vault, { keepDaily: 2, keepWeekly: 0, keepMonthly: 0 }, { dryRun: true });
    expect(dry.removed).toEqual([first.snapshot.id]);
    expect(vault.listSnapshotIds()).toHaveLength(3);

    const report = await pruneVault(vault, { keepDaily: 2, keepWeekly: 0, keepMonthly: 0 });
    expect(report.removed).toEqual([first.snapshot.id]);
    expect(report.kept.map((k) => k.id)).toContain(third.snapshot.id);
    expect(report.objectsDeleted).toBeGreaterThanOrEqual(firstObjects.length + 1);
    expect(report.objectsDeleted).toBe(dry.objectsDeleted);
    expect(report.bytesWritten).toBe(0);
    for (const name of [...firstObjects, orphanName]) expect(vault.hasObject(name)).toBe(false);
    expect(vault.listSnapshotIds()).toHaveLength(2);
    expect((await verifyVault(vault)).ok).toBe(true);
  });

  it('deletes no object while a manifest cannot be read', async () => {
    temp = makeTempDir('qundesk-prune-');
    const { vault } = await Vault.create(join(temp.dir, 'vault'), {
      passphrase: testPassphrase,
      scrypt: testScrypt,
    });
    const ws = makeWorkspace(join(temp.dir, 'ws'), { messages: 20 });
    const first = await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    addImportFile(ws.dir, 1000);
    await backupWorkspace(vault, { workspaceDir: ws.dir, db: ws.db, kind: 'manual' });
    ws.close();
    writeFileSync(join(vault.dir, 'snapshots', `${first.snapshot.id}.snapshot`), 'garbage');
    const objects = vault.listObjectNames().length;
    const report = await pruneVault(vault, { keepDaily: 0, keepWeekly: 0, keepMonthly: 0 });
    expect(report.sweepSkipped).toBe('backup.errors.sweepSkipped');
    expect(report.kept).toContainEqual({ id: first.snapshot.id, reasons: ['unreadable'] });
    expect(vault.listObjectNames()).toHaveLength(objects);
  });
});

describe('schedule', () => {
  const daily = { dailyEnabled: true, timeOfDay: 21 * 60 };

  it('is due at today’s slot when the last backup predates it, and tomorrow once covered', () => {
    const now = local(2024, 5, 10, 22);
    expect(nextBackupDue(daily, local(2024, 5, 9, 21, 5), now)).toBe(local(2024, 5, 10, 21));
    expect(nextBackupDue(daily, local(2024, 5, 10, 21, 3), now)).toBe(local(2024, 5, 11, 21));
    expect(nextBackupDue(daily, null, now)).toBe(local(2024, 5, 10, 21));
  });

  it('before today’s slot, looks back to yesterday’s', () => {
    const morning = local(2024, 5, 10, 8);
    expect(nextBackupDue(daily, local(2024, 5, 9, 21, 30), morning)).toBe(local(2024, 5, 10, 21));
    // Missed yesterday evening (laptop closed): overdue now.
    expect(nextBackupDue(daily, local(2024, 5, 8, 21, 30), morning)).toBe(local(2024, 5, 9, 21));
    expect(nextBackupDue({ ...daily, dailyEnabled: false }, null, morning)).toBeNull();
  });

  it('handles month ends and midnight slots', () => {
    const midnight = { dailyEnabled: true, timeOfDay: 0 };
    expect(nextBackupDue(midnight, local(2024, 1, 31, 0, 1), local(2024, 1, 31, 23))).toBe(
      local(2024, 2, 1, 0),
    );
  });

  it('turns the banner red past the threshold or without any good backup', () => {
    const now = local(2024, 5, 10, 12);
    expect(backupHealth(null, 48, now)).toEqual({ ageHours: null, stale: true });
    expect(backupHealth(now - 47 * 3600_000, 48, now)).toEqual({ ageHours: 47, stale: false });
    expect(backupHealth(now - 49 * 3600_000, 48, now)).toEqual({ ageHours: 49, stale: true });
  });
});
