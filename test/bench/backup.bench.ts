/**
 * Backup vault benchmark. Builds a workspace of about 1 GB (BENCH_BACKUP_MB overrides) the way a user does: a
 * MemoTrace export imported by the real import (database about a third of the total: messages, members, full-text
 * index, rollups; the raw export kept), the rest older raw exports of other chats. Measures in one run, against a plain
 * recursive copy of the same folder (the floor): a first encrypted backup, a second with nothing changed, the bytes
 * written after importing one new 10 MB export (its raw file plus the database pages its messages touched), full
 * verify throughput, and a restore (writing the files; the database's integrity check runs beside them). The backup
 * job verifies what it wrote right after writing, as its own step: its time is shown apart from the backup's.
 * The plain copy goes through the kernel's copy_file_range, page cache to page cache: on this shared VM it took
 * 0.5-4.3 s for the same 1 GB, so it is timed twice and the faster counts; the flushed copy (bound by the disk, as
 * the vault is) is printed beside it.
 * Targets (issue 6): first backup ≤ 2× the copy, unchanged backup < 2 s, new 10 MB import < 15 MB written,
 * verify ≥ 150 MB/s.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupWorkspace } from '../../electron/main/backup/backupRun';
import { restoreSnapshot } from '../../electron/main/backup/restore';
import { quietSteps } from '../../electron/main/backup/steps';
import { Vault } from '../../electron/main/backup/vault';
import { verifyVault } from '../../electron/main/backup/verify';
import { createBackend, type Backend } from '../../electron/main/backend';
import { importFiles } from '../../electron/main/services/imports';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';
import { generateChat, writeMemotraceCsv } from '../support/exportWriters';

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

/** The data every snapshot of the vault holds, each object once (what a full verify checks). */
function totalCheckedBytes(vault: Vault): number {
  const sizes = new Map<string, number>();
  for (const id of vault.listSnapshotIds())
    for (const file of vault.readManifest(id).files)
      for (const [name, size] of file.chunks) sizes.set(name, size);
  return [...sizes.values()].reduce((sum, size) => sum + size, 0);
}

/** Wall time, and this process's CPU time (all threads): on a busy machine the CPU time is the steadier figure. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

const bytesPerExportedMessage = 125;

/** Writes a MemoTrace export of about `bytes` under `imports/<sha256>`, as an earlier import kept it; its size. */
async function addRawExport(
  workspaceDir: string,
  temp: string,
  bytes: number,
  seed: number,
): Promise<number> {
  const count = Math.max(1, Math.round(bytes / bytesPerExportedMessage));
  await writeMemotraceCsv(
    temp,
    generateChat({ seed: 1000 + seed, count, startAt: Date.UTC(2020, 0, 1 + seed) }),
  );
  const data = readFileSync(temp);
  mkdirSync(join(workspaceDir, 'imports'), { recursive: true });
  renameSync(temp, join(workspaceDir, 'imports', createHash('sha256').update(data).digest('hex')));
  return data.length;
}

/** Writes a MemoTrace export of `count` messages from `startAt` and imports it through the real import job. */
async function importExport(backend: Backend, path: string, count: number, startAt: number): Promise<void> {
  await writeMemotraceCsv(path, generateChat({ seed: count, count, startAt }));
  const [result] = await importFiles(backend, [path], { timeZone: '+08:00', locale: 'en' });
  if (!result || result.errors.some((error) => error.line === null))
    throw new Error(`import failed: ${JSON.stringify(result)}`);
  rmSync(path);
}

export async function run(): Promise<void> {
  const targetMb = Number(process.env.BENCH_BACKUP_MB ?? 1024);
  const root = mkdtempSync(join(tmpdir(), 'qundesk-bench-backup-'));
  try {
    const workspaceDir = join(root, 'workspace');
    const backend = createBackend({
      workspaceDir,
      settings: new JsonFileSettingsStore(join(root, 'settings.json')),
      appVersion: 'bench',
      jobs: { mode: 'in-process' },
    });
    const databaseFile = join(workspaceDir, 'qundesk.db');
    // About 0.4 KB of database per imported message (row, indexes, trigram index, members, rollups).
    const generation = await timed(async () => {
      await importExport(
        backend,
        join(root, 'export.csv'),
        Math.round((targetMb * mb) / 3 / 400),
        Date.UTC(2023, 0, 1),
      );
      backend.workspace.db.pragma('wal_checkpoint(TRUNCATE)');
      // Older raw exports of other chats, 1–20 MB each, kept as the import feature keeps them.
      let remaining = targetMb * mb - folderBytes(workspaceDir);
      for (let i = 0; remaining > 0; i += 1) {
        const size = Math.min(remaining, (1 + (i % 20)) * mb);
        remaining -= await addRawExport(workspaceDir, join(root, 'raw.csv'), size, i);
      }
    });
    const workspaceBytes = folderBytes(workspaceDir);
    const workspaceMb = workspaceBytes / mb;

    // The floor is the faster of two copies: the first one after generating often paid the kernel for finding 1 GB of
    // fresh page cache (4.4 s of CPU where the next copy, flushing too, took 1.7 s), which the backup after it did not.
    flushTree(workspaceDir);
    const copies = [];
    for (let run = 0; run < 2; run += 1) {
      copies.push(await timed(() => cpSync(workspaceDir, join(root, 'copy'), { recursive: true })));
      rmSync(join(root, 'copy'), { recursive: true, force: true });
    }
    const copy = copies.reduce((best, next) => (next.ms < best.ms ? next : best));
    // A copy that survives a power cut must flush each file, as the vault does: the fair floor for a backup.
    const durableCopy = await timed(() => {
      cpSync(workspaceDir, join(root, 'copy'), { recursive: true });
      flushTree(join(root, 'copy'));
    });
    rmSync(join(root, 'copy'), { recursive: true, force: true });

    const { vault } = await Vault.create(join(root, 'vault'), { passphrase: 'benchmark passphrase' });
    const options = { workspaceDir, db: backend.workspace.db, kind: 'manual' as const };
    // Memory: the resident set while the first backup runs, above what it was before (scrypt and generation aside).
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const first = await timed(() => backupWorkspace(vault, options));
    clearInterval(sampler);
    const second = await timed(() => backupWorkspace(vault, options));

    // One new import: a 10 MB export (its messages a year after the others), then the next backup.
    const newExport = join(root, 'new-export.csv');
    await writeMemotraceCsv(newExport, generateChat({ seed: 7, count: 1000 }));
    const bytesPerMessage = statSync(newExport).size / 1000;
    const newMessages = Math.round((10 * mb) / bytesPerMessage);
    await importExport(backend, newExport, newMessages, Date.UTC(2024, 5, 1));
    const afterImport = await timed(() => backupWorkspace(vault, options));
    // What of that the database took: its chunks no earlier snapshot had.
    const earlier = new Set(
      vault.readManifest(second.value.snapshot.id).files.flatMap((file) => file.chunks.map(([name]) => name)),
    );
    const databaseChunks = vault
      .readManifest(afterImport.value.snapshot.id)
      .files.find((file) => file.path === 'qundesk.db')!.chunks;
    const newDatabaseChunks = databaseChunks.filter(([name]) => !earlier.has(name));
    const newDatabaseBytes = newDatabaseChunks.reduce((sum, [, , stored]) => sum + (stored ?? 0), 0);

    const verify = await timed(() => verifyVault(vault));
    await backend.close();
    // Restore of the first snapshot into a new folder; what its integrity check adds after the files are written is
    // timed apart through its step.
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
    // Verify's pace is in the data it checks (what it reads from disk is compressed).
    const checkedMb = verify.value.snapshots.length > 0 ? totalCheckedBytes(vault) / mb : 0;
    const verifyMbps = checkedMb / (verify.ms / 1000);
    const rows: [string, string, string][] = [
      [
        'workspace generated',
        `${workspaceMb.toFixed(0)} MB (database ${(statSync(databaseFile).size / mb).toFixed(0)} MB)`,
        `${(generation.ms / 1000).toFixed(1)} s`,
      ],
      [
        'plain recursive copy (floor)',
        `${(copy.ms / 1000).toFixed(2)} s`,
        `${copyMbps.toFixed(0)} MB/s; ${(copy.cpuMs / 1000).toFixed(2)} s CPU; faster of ${copies.map((run) => (run.ms / 1000).toFixed(2)).join(' and ')} s`,
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
        `${(first.cpuMs / copy.cpuMs).toFixed(1)}× the copy's CPU time (sha256, Zstandard and AES-GCM; the verify unpacks and checks again)`,
      ],
      [
        'second backup, nothing changed',
        `${(second.ms / 1000).toFixed(2)} s`,
        `target < 2 s; ${(second.value.snapshot.bytesWritten / 1024).toFixed(1)} KB written`,
      ],
      [
        'after importing a new 10 MB export',
        `${(afterImport.value.snapshot.bytesWritten / mb).toFixed(1)} MB written`,
        `target < 15 MB (${newMessages} messages: the raw file and the database pages they touched); ${(afterImport.ms / 1000).toFixed(2)} s`,
      ],
      [
        '  of which the database',
        `${(newDatabaseBytes / mb).toFixed(1)} MB written`,
        `${newDatabaseChunks.length} of its ${databaseChunks.length} chunks changed`,
      ],
      [
        'full verify',
        `${checkedMb.toFixed(0)} MB in ${(verify.ms / 1000).toFixed(2)} s`,
        `${verifyMbps.toFixed(0)} MB/s of data checked (target ≥ 150), ${(verify.value.bytesRead / mb).toFixed(0)} MB read; ok=${verify.value.ok}`,
      ],
      [
        'restore of the first snapshot',
        `${(restore.value.bytesWritten / mb).toFixed(0)} MB in ${(restore.ms / 1000).toFixed(2)} s`,
        `${(restore.value.bytesWritten / mb / (restoreWriteMs / 1000)).toFixed(0)} MB/s writing files (${(restoreWriteMs / 1000).toFixed(2)} s), then ${((restore.ms - restoreWriteMs) / 1000).toFixed(2)} s more for the integrity check (it starts once the database is written, beside the import files); complete=${restore.value.complete}`,
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
