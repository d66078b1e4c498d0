/**
 * Runs the real CLI (`electron/main/cli/index.ts` through tsx) in a child process, with its own config folder so
 * a developer's `~/.config/QunDesk` (e.g. its language) can't change the output.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = new URL('../../', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Folder for the CLI's settings (XDG_CONFIG_HOME). */
  configDir: string;
  /** Appended as `--workspace <dir>` when given. */
  workspace?: string;
  /** Extra environment; QUNDESK_DATA_DIR is empty unless set here. */
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

const tsx = join(repoRoot, 'node_modules/.bin/tsx');

function cliArguments(args: readonly string[], options: CliOptions): string[] {
  return [
    join(repoRoot, 'electron/main/cli/index.ts'),
    ...args,
    ...(options.workspace === undefined ? [] : ['--workspace', options.workspace]),
  ];
}

function cliEnvironment(options: CliOptions): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: options.configDir, QUNDESK_DATA_DIR: '', ...options.env };
}

export function runCli(args: readonly string[], options: CliOptions): CliResult {
  const result = spawnSync(tsx, cliArguments(args, options), {
    cwd: repoRoot,
    encoding: 'utf8',
    env: cliEnvironment(options),
    timeout: options.timeoutMs ?? 60_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI as a running child (for tests that kill it, or run several side by side). */
export function spawnCli(args: readonly string[], options: CliOptions & { detached?: boolean }): ChildProcess {
  return spawn(tsx, cliArguments(args, options), {
    cwd: repoRoot,
    env: cliEnvironment(options),
    stdio: options.detached ? 'ignore' : 'pipe',
    detached: options.detached ?? false,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
}

/** Like runCli, without blocking the test process while the child runs. */
export function runCliAsync(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, { timeoutMs: 60_000, ...options });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
