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

export function makeBackend(workspaceDir: string, jobs: 'in-process' | { workerFile: URL | string }): Backend {
  return createBackend({
    workspaceDir,
    settings: settingsStore(),
    appVersion: appVersion(),
    jobs: jobs === 'in-process' ? { mode: 'in-process' } : { mode: 'worker', workerFile: jobs.workerFile },
    logError: (scope, error) => cliLogger.error(scope, error),
  });
}

/** Turns any error into the user's language; unexpected ones say so without a stack trace. */
export function describeError(error: unknown, locale: Locale): { code: string; message: string; text: string } {
  if (error instanceof AppError) {
    return { code: error.code, message: error.messageKey, text: translate(locale, error.messageKey, error.params) };
  }
  return { code: 'INTERNAL', message: 'errors.internal', text: `${translate(locale, 'errors.internal')} (${String((error as Error)?.message ?? error)})` };
}
