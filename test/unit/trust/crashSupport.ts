/** The crash-injection harness: a job in a child process, killed with SIGKILL after a chosen delay. */
import { fork, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childSource = fileURLToPath(new URL('./crashChild.ts', import.meta.url));
/** Bundled once per run with esbuild (packages stay external): node starts it in a fraction of tsx's time. */
const childBundle = `${repoRoot}node_modules/.cache/qundesk-trust/crashChild.mjs`;

let bundled = false;
function childScript(): string {
  if (!bundled) {
    const result = spawnSync(
      `${repoRoot}node_modules/.bin/esbuild`,
      [
        childSource,
        '--bundle',
        '--platform=node',
        '--format=esm',
        '--packages=external',
        `--outfile=${childBundle}`,
        '--log-level=warning',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (result.status !== 0 || !existsSync(childBundle)) throw new Error(`esbuild failed: ${result.stderr}`);
    bundled = true;
  }
  return childBundle;
}

export interface ChildRun {
  /** Ms from the job's start to its end, or null when it was killed first. */
  finishedAfter: number | null;
  killed: boolean;
  error: string | null;
}

/** A seeded pseudo-random sequence in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Runs `kind` in a child; SIGKILLs it `killAfterMs` after the job started (never, when null). */
export function runJobInChild(
  kind: string,
  workspaceDir: string,
  input: unknown,
  killAfterMs: number | null,
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
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (message: { type: string; error?: string }) => {
      if (message.type === 'started') {
        startedAt = Date.now();
        if (killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
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
      resolve({ finishedAfter, killed: signal === 'SIGKILL', error });
    });
  });
}
