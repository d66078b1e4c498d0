/**
 * Kill the backup process (SIGKILL) at random points, over and over: after every kill the vault must hold every
 * snapshot it held before, every listed snapshot must verify, and the next backup must complete.
 * Half the kills aim at the time the writer lock is held (the backup's real work), half anywhere in the run.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupWorkspace } from '../../../electron/main/backup/backupRun';
import { restoreSnapshot } from '../../../electron/main/backup/restore';
import { Vault } from '../../../electron/main/backup/vault';
import { verifyVault } from '../../../electron/main/backup/verify';
import { openDatabase } from '../../../electron/main/db/connection';
import { makeTempDir } from '../../support/tempWorkspace';
import { addImportFile, addMessages, makeWorkspace, spawnCli, testPassphrase, testScrypt } from './fixtures';

const temp = makeTempDir('qundesk-crash-');
afterAll(() => temp.remove());

const trials = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * True while a process of the group still runs. Killed grandchildren linger as zombies until init reaps them
 * (seconds, in a container), so on Linux /proc tells running from dead; elsewhere any member counts.
 */
function groupRunning(groupId: number): boolean {
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === groupId && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}

interface Run {
  /** Resolves with the exit code (null when killed). */
  exited: Promise<number | null>;
  kill(): void;
  lockSeenAt: () => number | null;
  lockGoneAt: () => number | null;
  startedAt: number;
}

function startBackup(workspace: string, vaultDir: string): Run {
  const startedAt = Date.now();
  // Its own process group: tsx runs the CLI in a child node process, and the kill must reach that one.
  const child = spawnCli(
    ['backup', '--workspace', workspace, '--vault', vaultDir, '--passphrase-env', 'CRASH_PASS', '--json'],
    join(temp.dir, 'config'),
    { env: { CRASH_PASS: testPassphrase }, detached: true },
  );
  let lockSeen: number | null = null;
  let lockGone: number | null = null;
  const lockFile = join(vaultDir, 'lock');
  const poll = setInterval(() => {
    const exists = existsSync(lockFile);
    if (exists && lockSeen === null) lockSeen = Date.now();
    if (!exists && lockSeen !== null && lockGone === null) lockGone = Date.now();
  }, 2);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', async (code) => {
      // The group is gone only when its last process is: wait for the CLI's own node process too.
      while (groupRunning(child.pid!)) await sleep(5);
      clearInterval(poll);
      resolve(code);
    }),
  );
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  return { exited, kill, lockSeenAt: () => lockSeen, lockGoneAt: () => lockGone, startedAt };
}

describe('backup killed at random points', () => {
  it(`keeps the vault valid through ${trials} SIGKILLs`, async () => {
    const workspace = join(temp.dir, 'ws');
    const vaultDir = join(temp.dir, 'vault');
    makeWorkspace(workspace, { messages: 3000, importSizes: [2_000_000, 300_000] }).close();
    await Vault.create(vaultDir, { passphrase: testPassphrase, scrypt: testScrypt });

    // Calibration: one backup run to the end; how long the whole run and its locked part take.
    const calibration = startBackup(workspace, vaultDir);
    expect(await calibration.exited).toBe(0);
    const wholeRun = Date.now() - calibration.startedAt;
    const lockedPart = Math.max(
      20,
      (calibration.lockGoneAt() ?? Date.now()) - (calibration.lockSeenAt() ?? calibration.startedAt),
    );

    const vault = await Vault.open(vaultDir, { passphrase: testPassphrase });
    let random = 20240501;
    const nextRandom = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    /** Nothing the vault held before is gone, and every snapshot it lists now verifies. Read-only. */
    const checkVault = async (before: string[]): Promise<string[]> => {
      const ids = vault.listSnapshotIds();
      expect(ids).toEqual(expect.arrayContaining(before));
      const report = await verifyVault(vault, { snapshotIds: ids });
      expect(report.ok, JSON.stringify(report.snapshots.filter((s) => !s.ok))).toBe(true);
      return ids;
    };
    let known = await checkVault([]);
    let killedWhileLocked = 0;

    for (let trial = 0; trial < trials; trial += 1) {
      // New data every time, so each run has objects to write.
      addImportFile(workspace, 500_000 + Math.floor(nextRandom() * 1_500_000));
      const db = new Database(join(workspace, 'qundesk.db'));
      addMessages(db, 1, 100, Date.UTC(2024, 6, 1 + trial));
      db.close();

      const run = startBackup(workspace, vaultDir);
      // While this run starts up, check what the previous kill left (reading only, so the two do not interfere).
      const checked = checkVault(known);
      if (trial % 5 !== 4) {
        // Most kills land while the backup holds the vault: copying the database, writing objects, the manifest.
        while (run.lockSeenAt() === null && Date.now() - run.startedAt < wholeRun * 4) await sleep(2);
        await sleep(nextRandom() * lockedPart * 1.3);
      } else {
        await sleep(nextRandom() * wholeRun * 1.1);
      }
      if (existsSync(join(vaultDir, 'lock'))) killedWhileLocked += 1;
      run.kill();
      await run.exited;
      known = await checked;

      if (trial % 4 === 3) {
        // The next backup (stale lock, temporary files and all) completes.
        const next = await backupWorkspace(vault, { workspaceDir: workspace, kind: 'manual' });
        expect(next.verify.ok).toBe(true);
        expect(vault.listSnapshotIds()).toContain(next.snapshot.id);
      }
    }
    await checkVault(known);
    expect(killedWhileLocked).toBeGreaterThanOrEqual(trials / 4);

    // A final CLI backup completes; the whole vault verifies; the newest snapshot restores whole.
    const last = startBackup(workspace, vaultDir);
    expect(await last.exited).toBe(0);
    const full = await verifyVault(vault);
    expect(full.ok).toBe(true);
    const newest = vault.listSnapshotIds().at(-1)!;
    const restored = await restoreSnapshot(vault, newest, join(temp.dir, 'restored'));
    expect(restored.complete).toBe(true);
    expect(restored.database?.counts?.messages).toBe(3000 + trials * 100);
    const workspaceDb = openDatabase(join(workspace, 'qundesk.db'));
    expect(workspaceDb.pragma('integrity_check', { simple: true })).toBe('ok');
    workspaceDb.close();
  }, 120_000);
});
