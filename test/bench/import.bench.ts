/**
 * Chat-log import benchmark (issue 3). Generates, seeded, a MemoTrace CSV of N messages (BENCH_IMPORT_N, default
 * 1,000,000) plus a 100,000-message one and a PyWxDump split set, then measures in one run, each phase in a fresh
 * process so its peak RSS is its own:
 *   floor      the same rows through a minimal prepared-statement loop into a bare table without indexes
 *   full       the full import into an empty workspace (hash, decode, parse, dedupe, members, indexes, FTS)
 *   100k       the same for 100,000 messages (the RSS reference)
 *   re-import  the N-message file again (all duplicates)
 *   +100k      100,000 new messages into the workspace that holds N
 *   pywxdump   a split set of 5,000-row files of one chat, imported as a folder (a job per file); again with the
 *              jobs in worker threads as the app runs them, when the app is built (out/main/job-worker.js)
 * It also prints what opening the N-message workspace costs: after the app's own clean close (header and schema
 * checked) and as a copied file (the full quick_check).
 * Import phases run on the child's main thread with the young generation the app gives its job workers (see
 * jobWorkerYoungGenerationMb), where the app runs imports: left to itself, V8 grew a main thread's young generation
 * to 128 MB on some runs and not on others (a full import's peak RSS measured 207-253 MB or 349-383 MB with the same
 * code, before OrdinalCounter's typed arrays). The full import runs once more in a job worker, as the app runs it,
 * when the app is built: that process's RSS also holds the bench's own main thread (the backend loaded through tsx),
 * printed as the RSS before the import.
 * Targets: full ≥ 90,000 msg/s (aim 120,000); peak RSS < 300 MB and ≤ 1.3× the 100k import's; +100k ≥ 40,000 msg/s;
 * re-import ≥ 300,000 msg/s. Rates are per CPU-second of the phase's process (the machine is shared and loaded, so
 * wall time mostly measures the neighbours); wall time is printed beside them. The issue measured its floor at
 * 330,000 rows/s; each target is also printed scaled to the floor measured in the run.
 */
import { fork } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { createBackend } from '../../electron/main/backend';
import { jobWorkerYoungGenerationMb } from '../../electron/main/jobs/executors';
import { importFiles } from '../../electron/main/services/imports';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';
import {
  generateChat,
  writeMemotraceCsv,
  writePywxdumpSplitSet,
  type GeneratedMessage,
} from '../support/exportWriters';

type Phase =
  | { kind: 'floor'; count: number; seed: number; dir: string }
  | { kind: 'import'; paths: string[]; workspace: string; jobWorkers?: boolean };

interface PhaseResult {
  messages: number;
  /** Wall time: on a shared, loaded machine it mostly measures the neighbours. */
  ms: number;
  /** CPU time of the phase's process (all its threads): what the rates are computed from. */
  cpuMs: number;
  peakRssMb: number;
  /** The process's RSS when the import started (the backend open, the job worker not started yet). */
  startRssMb?: number;
  /** CPU time of opening the workspace (the start-up integrity check, migrations), before the import. */
  openCpuMs?: number;
}

/** The app's job worker as `electron-vite build` writes it (the split-set phase runs jobs there when it exists). */
export const builtJobWorker = fileURLToPath(new URL('../../out/main/job-worker.js', import.meta.url));

/** CPU time used by this process so far, in ms (user + system, every thread). */
function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const phaseEnv = 'QUNDESK_IMPORT_BENCH_PHASE';

/** The floor: the generated rows (made before timing) inserted with one prepared statement, 10,000 per transaction. */
function runFloor(phase: Extract<Phase, { kind: 'floor' }>): PhaseResult {
  const rows: GeneratedMessage[] = [...generateChat({ seed: phase.seed, count: phase.count })];
  const db = new Database(join(phase.dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE messages (group_id INTEGER, sender_name TEXT, sender_id TEXT, sent_at INTEGER, kind TEXT, content TEXT)',
  );
  const insert = db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)');
  const started = performance.now();
  const cpuStarted = cpuNow();
  for (let start = 0; start < rows.length; start += 10_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(rows.length, start + 10_000); i += 1) {
        const row = rows[i]!;
        insert.run(
          1,
          row.senderName,
          row.senderId,
          row.sentAt,
          row.type === 1 ? 'text' : 'other',
          row.content,
        );
      }
    })();
  }
  const ms = performance.now() - started;
  const cpuMs = cpuNow() - cpuStarted;
  db.close();
  return { messages: rows.length, ms, cpuMs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function runImport(phase: Extract<Phase, { kind: 'import' }>): Promise<PhaseResult> {
  const openStarted = cpuNow();
  const backend = createBackend({
    workspaceDir: phase.workspace,
    settings: new JsonFileSettingsStore(join(phase.workspace, '..', `settings-${process.pid}.json`)),
    appVersion: 'bench',
    // As the app runs them (each job in a worker thread, kept for the next), or on this thread.
    jobs: phase.jobWorkers
      ? { mode: 'worker', workerFile: pathToFileURL(builtJobWorker) }
      : { mode: 'in-process' },
  });
  const openCpuMs = cpuNow() - openStarted;
  const startRssMb = process.memoryUsage().rss / 1024 / 1024;
  const started = performance.now();
  const cpuStarted = cpuNow();
  const results = await importFiles(backend, phase.paths, { timeZone: '+08:00', locale: 'en' });
  const ms = performance.now() - started;
  const cpuMs = cpuNow() - cpuStarted;
  await backend.close();
  const failed = results.filter((result) => result.errors.some((error) => error.line === null));
  if (failed.length > 0) throw new Error(`import failed: ${JSON.stringify(failed[0])}`);
  return {
    messages: results.reduce((sum, result) => sum + result.read, 0),
    ms,
    cpuMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    startRssMb,
    openCpuMs,
  };
}

/** Runs a phase in a child process (this file again, through tsx) and returns what it measured. */
function inChild(phase: Phase): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    // V8's young generation is three semi-spaces.
    const youngGeneration =
      phase.kind === 'import' && !phase.jobWorkers
        ? [`--max-semi-space-size=${jobWorkerYoungGenerationMb / 3}`]
        : [];
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', import.meta.resolve('tsx'), ...youngGeneration],
      env: { ...process.env, [phaseEnv]: JSON.stringify(phase) },
    });
    let result: PhaseResult | undefined;
    child.on('message', (message) => {
      result = message as PhaseResult;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`bench phase ${phase.kind} exited ${code}`)),
    );
  });
}

/** The floor's rate on the machine the issue's targets were set on. */
const issueFloorRate = 330_000;

/** Messages per CPU-second. */
const rate = (result: PhaseResult) => result.messages / (result.cpuMs / 1000);
const fmt = (value: number) => Math.round(value).toLocaleString('en-US');

export async function run(): Promise<void> {
  const count = Number(process.env.BENCH_IMPORT_N ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'qundesk-import-bench-'));
  try {
    console.log(`generating ${fmt(count)} messages (seeded) in ${dir}`);
    const big = join(dir, '大群_utf8.csv');
    const small = join(dir, '小群_utf8.csv');
    const more = join(dir, '大群-续_utf8.csv');
    const split = join(dir, 'pywxdump');
    mkdirSync(split);
    await writeMemotraceCsv(big, generateChat({ seed: 1, count }));
    await writeMemotraceCsv(small, generateChat({ seed: 2, count: 100_000 }));
    // The same group's later export: new messages after the big one ends.
    await writeMemotraceCsv(more, generateChat({ seed: 3, count: 100_000, startAt: Date.UTC(2030, 0, 1) }));
    const splitFiles = await writePywxdumpSplitSet(
      split,
      '88888888@chatroom',
      generateChat({ seed: 4, count: Math.min(count, 200_000) }),
    );
    console.log(
      `files: ${(statSync(big).size / 1024 / 1024).toFixed(0)} MB MemoTrace CSV, ${splitFiles.length} PyWxDump pages\n`,
    );

    const floor = await inChild({ kind: 'floor', count, seed: 1, dir });
    const small100k = await inChild({ kind: 'import', paths: [small], workspace: join(dir, 'ws-small') });
    const full = await inChild({ kind: 'import', paths: [big], workspace: join(dir, 'ws-big') });
    const fullInWorker = existsSync(builtJobWorker)
      ? await inChild({ kind: 'import', paths: [big], workspace: join(dir, 'ws-big-worker'), jobWorkers: true })
      : null;
    const again = await inChild({ kind: 'import', paths: [big], workspace: join(dir, 'ws-big') });
    // Copied, the workspace is a file the app did not close itself: its first open runs the full quick_check.
    cpSync(join(dir, 'ws-big'), join(dir, 'ws-big-copy'), { recursive: true });
    const copied = await inChild({ kind: 'import', paths: [more], workspace: join(dir, 'ws-big-copy') });
    const incremental = await inChild({ kind: 'import', paths: [more], workspace: join(dir, 'ws-big') });
    const pywxdump = await inChild({ kind: 'import', paths: [split], workspace: join(dir, 'ws-split') });
    // A folder is one job per file: in the app each runs in a job worker thread.
    const pywxdumpWorkers = existsSync(builtJobWorker)
      ? await inChild({
          kind: 'import',
          paths: [split],
          workspace: join(dir, 'ws-split-workers'),
          jobWorkers: true,
        })
      : null;

    const rows: [string, PhaseResult, number | null][] = [
      ['floor: bare prepared inserts', floor, null],
      ['full import, empty workspace', full, 90_000],
      ...(fullInWorker
        ? [['the same in a job worker, as the app', fullInWorker, 90_000] as [string, PhaseResult, number]]
        : []),
      ['full import, 100,000 messages', small100k, null],
      ['re-import, all duplicates', again, 300_000],
      [`+100,000 into ${fmt(count)}`, incremental, 40_000],
      [`PyWxDump split set (${splitFiles.length} files)`, pywxdump, null],
      ...(pywxdumpWorkers
        ? [[`the same in job workers, as the app`, pywxdumpWorkers, null] as [string, PhaseResult, null]]
        : []),
    ];
    // The issue set its targets on a machine where the floor ran at 330,000 rows/s: the same share of this
    // machine's floor is what they ask of it.
    const machineScale = rate(floor) / issueFloorRate;
    const table = rows.map(([name, result, target]) => ({
      phase: name,
      messages: fmt(result.messages),
      'CPU s': (result.cpuMs / 1000).toFixed(2),
      'wall s': (result.ms / 1000).toFixed(2),
      'msg/CPU-s': fmt(rate(result)),
      'vs floor': `${(rate(result) / rate(floor)).toFixed(2)}×`,
      'peak RSS MB': fmt(result.peakRssMb),
      target: target === null ? '' : `≥ ${fmt(target)}/s`,
      'target at this floor': target === null ? '' : `≥ ${fmt(target * machineScale)}/s`,
    }));
    console.table(table);
    console.log(
      `opening the ${fmt(count)}-message workspace (start-up check included), CPU s: after a clean close ` +
        `${((incremental.openCpuMs ?? 0) / 1000).toFixed(2)}, a copied file (full quick_check) ` +
        `${((copied.openCpuMs ?? 0) / 1000).toFixed(2)}`,
    );
    console.log(
      `peak RSS of the full import: ${fmt(full.peakRssMb)} MB (target < 300), ${(full.peakRssMb / small100k.peakRssMb).toFixed(2)}× the 100k import (target ≤ 1.3×)`,
    );
    if (fullInWorker)
      console.log(
        `  in a job worker, as the app: ${fmt(fullInWorker.peakRssMb)} MB for the process, ` +
          `${fmt(fullInWorker.peakRssMb - (fullInWorker.startRssMb ?? 0))} MB more than before the import ` +
          `(${fmt(fullInWorker.startRssMb ?? 0)} MB: this bench's main thread, the backend loaded through tsx)`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const phaseJson = process.env[phaseEnv];
if (phaseJson && process.send) {
  const phase = JSON.parse(phaseJson) as Phase;
  const work = phase.kind === 'floor' ? Promise.resolve(runFloor(phase)) : runImport(phase);
  work.then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
