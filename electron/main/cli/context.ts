import type { Locale } from '../../../shared/domain/types';
import { translate } from '../../../shared/i18n';
import { AppError } from '../../../shared/ipc/errors';
import { createBackend, type Backend } from '../backend';
import { RotatingFileLogger } from '../services/logger';
import { JsonFileSettingsStore } from '../services/settings';
import { defaultUserDataDir, settingsFileName } from '../services/dataDir';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

export interface CliContext {
  workspaceDir: string;
  json: boolean;
  locale: Locale;
  /** Command-specific arguments left after the global options. */
  args: string[];
  out(text: string): void;
  t(key: string, params?: Record<string, string | number>): string;
  /** Opens the workspace; jobs run in-process unless the command asks for worker threads. */
  openBackend(jobs?: 'in-process' | { workerFile: URL | string }): Backend;
  /** Opens the workspace (jobs in-process), runs `run` and always closes it again. */
  withBackend<T>(run: (backend: Backend) => T | Promise<T>): Promise<T>;
  /** The value after `--name` in the command's arguments, if the option is there; a missing value is an error. */
  option(name: string): string | undefined;
  /**
   * Makes the process exit with `code` although the command returned its report (damage found, incomplete restore,
   * a workspace needing attention): scripts see the failure and stdout still holds exactly one result.
   */
  setExitCode(code: number): void;
  readonly exitCode: number;
}

export interface CliContextBasics {
  workspaceDir: string;
  json: boolean;
  locale: Locale;
  args: string[];
  out(text: string): void;
  openBackend(jobs?: 'in-process' | { workerFile: URL | string }): Backend;
}

/** Adds the derived helpers (translation, options, open-run-close) to what a caller provides. */
export function createCliContext(basics: CliContextBasics): CliContext {
  let exitCode = 0;
  return {
    ...basics,
    setExitCode: (code) => {
      exitCode = code;
    },
    get exitCode() {
      return exitCode;
    },
    t: (key, params) => translate(basics.locale, key, params),
    withBackend: (run) => withOpenBackend(() => basics.openBackend('in-process'), run),
    option: (name) => readOption(basics.args, name),
  };
}

export function readOption(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--'))
    throw new AppError('VALIDATION', 'cli.errors.missingValue', { option: name });
  return value;
}

export async function withOpenBackend<T>(
  open: () => Backend,
  run: (backend: Backend) => T | Promise<T>,
): Promise<T> {
  const backend = open();
  try {
    return await run(backend);
  } finally {
    await backend.close();
  }
}

export interface CliCommand {
  name: string;
  /** i18n key of a one-line summary for `--help`. */
  summaryKey: string;
  usage: string;
  run(context: CliContext): Promise<unknown>;
}

export function appVersion(): string {
  const packageJson = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

export function settingsStore(): JsonFileSettingsStore {
  return new JsonFileSettingsStore(join(defaultUserDataDir(), settingsFileName));
}

/** The CLI logs beside the app's own logs, in `<userData>/logs`. */
const cliLogger = new RotatingFileLogger(join(defaultUserDataDir(), 'logs'));

export function makeBackend(
  workspaceDir: string,
  jobs: 'in-process' | { workerFile: URL | string },
): Backend {
  return createBackend({
    workspaceDir,
    logDir: cliLogger.dir,
    settings: settingsStore(),
    appVersion: appVersion(),
    jobs: jobs === 'in-process' ? { mode: 'in-process' } : { mode: 'worker', workerFile: jobs.workerFile },
    logError: (scope, error) => cliLogger.error(scope, error),
  });
}

/** Turns any error into the user's language; unexpected ones say so without a stack trace. */
export function describeError(
  error: unknown,
  locale: Locale,
): { code: string; message: string; text: string } {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.messageKey,
      text: translate(locale, error.messageKey, error.params),
    };
  }
  return {
    code: 'INTERNAL',
    message: 'errors.internal',
    text: `${translate(locale, 'errors.internal')} (${String((error as Error)?.message ?? error)})`,
  };
}
