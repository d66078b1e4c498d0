/**
 * Backup vault benchmark. Generates a workspace of about 1 GB (BENCH_BACKUP_MB overrides): about a third database
 * (messages with their full-text index), the rest raw import files. Measures in one run, against a plain recursive
 * copy of the same folder (the floor): a first encrypted backup, a second with nothing changed, the bytes written after
 * one new 10 MB import (the file plus the messages it brings), full verify throughput, and a restore (writing the
 * files, then the database's integrity check). The backup job verifies what it wrote right after writing, as its own
 * step: its time is shown apart from the backup's.
 * Targets (issue 6): first backup ≤ 2× the copy, unchanged backup < 2 s, new 10 MB import < 15 MB written,
 * verify ≥ 150 MB/s.
 */
import { closeSync, cpSync, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupWorkspace } from '../../electron/main/backup/backupRun';
import { restoreSnapshot } from '../../electron/main/backup/restore';
import { quietSteps } from '../../electron/main/backup/steps';
import { Vault } from '../../electron/main/backup/vault';
import { verifyVault } from '../../electron/main/backup/verify';
import { insertGroup } from '../../electron/main/db/repositories/groups';
import { openWorkspace } from '../../electron/main/services/workspace';
import { addImportFile, addMessages } from '../unit/backup/fixtures';

const mb = 1024 * 1024;
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

function flushTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) flushTree(full);
    else {
      const fd = openSync(full, 'r+');
      fsyncSync(fd);
      closeSync(fd);
    }
  }
}

/** Wall time, and this process's CPU time (all threads): on a busy machine the CPU time is the steadier figure. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

export async function run(): Promise<void> {
  const targetMb = Number(process.env.BENCH_BACKUP_MB ?? 1024);
  const root = mkdtempSync(join(tmpdir(), 'qundesk-bench-backup-'));
  try {
    const workspaceDir = join(root, 'workspace');
    const workspace = openWorkspace(workspaceDir);
    const groupId = insertGroup(
      workspace.db,
      { name: '基准群', type: 'content', positioning: '', coreGoal: '', memberCap: 500 },
      Date.now(),
    );
    // Roughly 0.4 KB of database (row, indexes, trigram index) per message.
    const generation = await timed(() => {
      addMessages(workspace.db, groupId, Math.round((targetMb * mb) / 3 / 420), Date.UTC(2023, 0, 1));
      workspace.db.pragma('wal_checkpoint(TRUNCATE)');
      const databaseBytes = statSync(join(workspaceDir, 'qundesk.db')).size;
      let remaining = targetMb * mb - databaseBytes;
      for (let i = 0; remaining > 0; i += 1) {
        const size = Math.min(remaining, (1 + (i % 20)) * mb);
        addImportFile(workspaceDir, size);
        remaining -= size;
      }
    });
    const workspaceBytes = folderBytes(workspaceDir);
    const workspaceMb = workspaceBytes / mb;

    const copy = await timed(() => cpSync(workspaceDir, join(root, 'copy'), { recursive: true }));
    rmSync(join(root, 'copy'), { recursive: true, force: true });
    // A copy that survives a power cut must flush each file, as the vault does: the fair floor for a backup.
    const durableCopy = await timed(() => {
      cpSync(workspaceDir, join(root, 'copy'), { recursive: true });
      flushTree(join(root, 'copy'));
    });
    rmSync(join(root, 'copy'), { recursive: true, force: true });

    const { vault } = await Vault.create(join(root, 'vault'), { passphrase: 'benchmark passphrase' });
    const options = { workspaceDir, db: workspace.db, kind: 'manual' as const };
    // Memory: the resident set while the first backup runs, above what it was before (scrypt and generation aside).
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const first = await timed(() => backupWorkspace(vault, options));
    clearInterval(sampler);
    const second = await timed(() => backupWorkspace(vault, options));

    // One new import: first its raw 10 MB file alone, then the messages such an import brings into the database.
    addImportFile(workspaceDir, 10 * mb);
    const third = await timed(() => backupWorkspace(vault, options));
    addMessages(workspace.db, groupId, 20_000, Date.UTC(2024, 5, 1));
    const fourth = await timed(() => backupWorkspace(vault, options));

    const verify = await timed(() => verifyVault(vault));
    workspace.close();
    // Restore of the first snapshot into a new folder, then its integrity check (timed apart through its step).
    let checkStartedAt = 0;
    const restoreSteps = {
      ...quietSteps,
      progress: (_done: number, _total: number, stepKey?: string) => {
        if (stepKey === 'backup.steps.checkDatabase' && checkStartedAt === 0)
          checkStartedAt = performance.now();
      },
    };
    const restoreStartedAt = performance.now();
    const restore = await timed(() =>
      restoreSnapshot(vault, first.value.snapshot.id, join(root, 'restored'), { steps: restoreSteps }),
    );
    const restoreWriteMs = checkStartedAt - restoreStartedAt;

    const copyMbps = workspaceMb / (copy.ms / 1000);
    // The job verifies right after writing, as its own step with its own figure (the issue times the backup).
    const firstWriteMs = first.ms - first.value.verify.durationMs;
    const verifyMbps = verify.value.bytesRead / mb / (verify.ms / 1000);
    const rows: [string, string, string][] = [
      [
        'workspace generated',
        `${workspaceMb.toFixed(0)} MB (database ${(statSync(join(workspaceDir, 'qundesk.db')).size / mb).toFixed(0)} MB)`,
        `${(generation.ms / 1000).toFixed(1)} s`,
      ],
      [
        'plain recursive copy (floor)',
        `${(copy.ms / 1000).toFixed(2)} s`,
        `${copyMbps.toFixed(0)} MB/s; ${(copy.cpuMs / 1000).toFixed(2)} s CPU`,
      ],
      [
        'copy flushing each file to disk',
        `${(durableCopy.ms / 1000).toFixed(2)} s`,
        `${(workspaceMb / (durableCopy.ms / 1000)).toFixed(0)} MB/s`,
      ],
      [
        'first encrypted backup',
        `${(firstWriteMs / 1000).toFixed(2)} s`,
        `${(firstWriteMs / copy.ms).toFixed(2)}× copy (target ≤ 2×), ${(firstWriteMs / durableCopy.ms).toFixed(2)}× flushed copy; ${(first.value.snapshot.bytesWritten / mb).toFixed(0)} MB written`,
      ],
      [
        '  then its automatic verify',
        `${(first.value.verify.durationMs / 1000).toFixed(2)} s`,
        `re-reads the ${(first.value.verify.bytesRead / mb).toFixed(0)} MB written; backup and verify ${(first.ms / copy.ms).toFixed(2)}× copy`,
      ],
      [
        '  CPU time of backup and verify',
        `${(first.cpuMs / 1000).toFixed(2)} s`,
        `${(first.cpuMs / copy.cpuMs).toFixed(1)}× the copy's CPU time (sha256 and AES-GCM, each twice with the verify)`,
      ],
      [
        'second backup, nothing changed',
        `${(second.ms / 1000).toFixed(2)} s`,
        `target < 2 s; ${(second.value.snapshot.bytesWritten / 1024).toFixed(1)} KB written`,
      ],
      [
        'after a new 10 MB import file',
        `${(third.value.snapshot.bytesWritten / mb).toFixed(1)} MB written`,
        `target < 15 MB; ${(third.ms / 1000).toFixed(2)} s`,
      ],
      [
        '  then its 20k messages in the database',
        `${(fourth.value.snapshot.bytesWritten / mb).toFixed(1)} MB written`,
        `database pages the inserts touched; ${(fourth.ms / 1000).toFixed(2)} s`,
      ],
      [
        'full verify',
        `${(verify.value.bytesRead / mb).toFixed(0)} MB in ${(verify.ms / 1000).toFixed(2)} s`,
        `${verifyMbps.toFixed(0)} MB/s (target ≥ 150); ok=${verify.value.ok}`,
      ],
      [
        'restore of the first snapshot',
        `${(restore.value.bytesWritten / mb).toFixed(0)} MB in ${(restore.ms / 1000).toFixed(2)} s`,
        `${(restore.value.bytesWritten / mb / (restoreWriteMs / 1000)).toFixed(0)} MB/s writing files (${(restoreWriteMs / 1000).toFixed(2)} s), then the integrity check ${((restore.ms - restoreWriteMs) / 1000).toFixed(2)} s; complete=${restore.value.complete}`,
      ],
      [
        'memory during the first backup',
        `+${((peakRss - baselineRss) / mb).toFixed(0)} MB resident`,
        'chunks of 1–4 MB keep it flat',
      ],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value, note] of rows)
      console.log(`${label.padEnd(width)}  ${value.padEnd(34)}  ${note}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
