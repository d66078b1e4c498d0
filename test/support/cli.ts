/**
 * Runs the real CLI (`electron/main/cli/index.ts` through tsx) in a child process, with its own config folder so
 * a developer's `~/.config/QunDesk` (e.g. its language) can't change the output.
 */
import { spawnSync } from 'node:child_process';
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

export function runCli(args: readonly string[], options: CliOptions): CliResult {
  const result = spawnSync(
    join(repoRoot, 'node_modules/.bin/tsx'),
    [
      join(repoRoot, 'electron/main/cli/index.ts'),
      ...args,
      ...(options.workspace === undefined ? [] : ['--workspace', options.workspace]),
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: options.configDir, QUNDESK_DATA_DIR: '', ...options.env },
      timeout: options.timeoutMs ?? 60_000,
      ...(options.input === undefined ? {} : { input: options.input }),
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
