/** The crash-injection harness: a job in a child process, killed with SIGKILL at a chosen point. */
import { fork, spawnSync } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childSource = fileURLToPath(new URL('./crashChild.ts', import.meta.url));
const registrySource = fileURLToPath(new URL('./crashRegistry.ts', import.meta.url));
/**
 * Bundled once per test process with esbuild (packages stay external): node starts it in a fraction of tsx's time.
 * The jobs' registry is swapped for crashRegistry.ts, so the child loads only the jobs under test and not every
 * other job's packages (spreadsheets, zips): a trial's child starts about three times faster.
 */
const childBundle = `${repoRoot}node_modules/.cache/qundesk-trust/crashChild.mjs`;
const buildScript = `
import { build } from 'esbuild';
const [entry, outfile, registry] = process.argv.slice(1);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  plugins: [{
    name: 'crash-test-jobs',
    setup(context) {
      context.onResolve({ filter: /^\\.\\/registry$/ }, (args) =>
        /jobs[\\\\/]execute\\.ts$/.test(args.importer) ? { path: registry } : undefined);
    },
  }],
});
`;

let bundled = false;
function childScript(): string {
  if (!bundled) {
    // Written under a name of this process's own, then renamed over the shared one: test files bundling at the same
    // time never start a child from a half-written file.
    const written = `${childBundle}.${process.pid}.mjs`;
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', buildScript, childSource, written, registrySource],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (result.status !== 0 || !existsSync(written)) throw new Error(`esbuild failed: ${result.stderr}`);
    renameSync(written, childBundle);
    bundled = true;
  }
  return childBundle;
}

export interface ChildRun {
  /** Ms from the job's start to its end, or null when it was killed first. */
  finishedAfter: number | null;
  killed: boolean;
  error: string | null;
  /** The last progress the job reported before it ended or was killed (null: none). */
  lastProgress: { stepKey: string; done: number; total: number } | null;
  /** Ms from the job's start to the first report of each step. */
  stepStarts: Record<string, number>;
  /** Ms from the job's start to the last report of each step. */
  stepEnds: Record<string, number>;
}

/** A seeded pseudo-random sequence in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * When to SIGKILL a child: `afterMs` after the job started, or `afterMs` after its `reports`-th progress report of
 * `step` (a point inside a phase that keeps its place however loaded the machine is); null: never.
 */
export type KillPlan = number | { step: string; reports: number; afterMs: number } | null;

/** Runs `kind` in a child and SIGKILLs it as `kill` says. */
export function runJobInChild(
  kind: string,
  workspaceDir: string,
  input: unknown,
  kill: KillPlan,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript(), [kind, workspaceDir, JSON.stringify(input)], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let startedAt = 0;
    let finishedAfter: number | null = null;
    let error: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    let stderr = '';
    let lastProgress: ChildRun['lastProgress'] = null;
    const stepStarts: Record<string, number> = {};
    const stepEnds: Record<string, number> = {};
    let stepReports = 0;
    const killIn = (ms: number) => (timer = setTimeout(() => child.kill('SIGKILL'), ms));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    type Message = { type: string; error?: string; stepKey: string; done: number; total: number };
    child.on('message', (message: Message) => {
      if (message.type === 'started') {
        startedAt = Date.now();
        if (typeof kill === 'number') killIn(kill);
      } else if (message.type === 'progress') {
        const { stepKey, done, total } = message;
        lastProgress = { stepKey, done, total };
        stepStarts[stepKey] ??= Date.now() - startedAt;
        stepEnds[stepKey] = Date.now() - startedAt;
        if (kill !== null && typeof kill === 'object' && stepKey === kill.step) {
          stepReports += 1;
          if (stepReports === kill.reports) killIn(kill.afterMs);
        }
      } else {
        finishedAfter = Date.now() - startedAt;
        if (message.type === 'failed') error = message.error ?? 'failed';
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0 && error === null)
        error = `exit ${code}: ${stderr.slice(-2000)}`;
      resolve({ finishedAfter, killed: signal === 'SIGKILL', error, lastProgress, stepStarts, stepEnds });
    });
  });
}

/**
 * Runs `count` trials, at most `parallel` at a time (each trial is mostly a child process, so two keep both cores
 * busy); results in trial order.
 */
export async function runTrials<T>(
  count: number,
  parallel: number,
  trial: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await trial(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return results;
}
