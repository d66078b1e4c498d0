/**
 * Builds everything behind the IPC contract from plain Node parts, with no Electron import: the Electron main
 * process, browser mode, the CLI and the tests all start the app through here.
 */
import type { DataEntity } from '../../shared/ipc/contract';
import { createBackupService, type BackupService } from './backup/service';
import { createDispatcher, type Dispatch, type SenderPolicy } from './ipc/dispatcher';
import { buildHandlers } from './ipc/handlers';
import { inProcessExecutor, workerExecutor } from './jobs/executors';
import { JobRunner } from './jobs/runner';
import type { ServiceContext } from './services/context';
import { EventHub } from './services/events';
import type { SettingsStore } from './services/settings';
import { openWorkspace, type Workspace } from './services/workspace';

/** What only the Electron shell can do; absent in browser mode, the CLI and tests. */
export interface NativePorts {
  /** The OS open dialog; resolves with the chosen paths ([] when cancelled). */
  pickFiles?(options: {
    title: string;
    filters: { name: string; extensions: string[] }[];
    folders?: boolean;
  }): Promise<string[]>;
  /** Opens an http(s) link in the user's browser, through the shell's checked opener. */
  openExternal?(url: string): Promise<void>;
}

export interface BackendOptions {
  workspaceDir: string;
  settings: SettingsStore;
  appVersion: string;
  /** Worker threads in the app; in-process for tests and one-shot CLI commands. */
  jobs: { mode: 'worker'; workerFile: URL | string } | { mode: 'in-process' };
  ports?: NativePorts;
  now?: () => number;
  logError?: (scope: string, error: unknown) => void;
}

export interface Backend {
  appVersion: string;
  workspace: Workspace;
  context: ServiceContext;
  settings: SettingsStore;
  events: EventHub;
  jobs: JobRunner;
  /** Backup vaults of this workspace; holds the unlocked vault keys for the session. The shell's scheduler ticks it. */
  backup: BackupService;
  ports: NativePorts;
  /** Runs a change and tells open screens which data to refetch. */
  changed<T>(entities: DataEntity[], change: () => T): T;
  /** A dispatcher for one transport, with that transport's sender policy. */
  createDispatch(isTrustedSender: SenderPolicy): Dispatch;
  close(): Promise<void>;
}

export function createBackend(options: BackendOptions): Backend {
  const now = options.now ?? Date.now;
  const workspace = openWorkspace(options.workspaceDir, now());
  const events = new EventHub();
  const logError = options.logError ?? ((scope, error) => console.error(`[${scope}]`, error));
  const executor =
    options.jobs.mode === 'worker'
      ? workerExecutor(workspace.dir, options.jobs.workerFile)
      : inProcessExecutor(workspace.dir);
  const jobs = new JobRunner({
    executor,
    now,
    onUpdate: (job) => events.emit('jobs.progress', job),
    onChanges: (entities) => events.emit('data.changed', { entities }),
    logError: (error) => logError('job', error),
  });
  // Operator profiles arrive with the trust issue; until then every change is the local operator's.
  const context: ServiceContext = { db: workspace.db, now, operator: () => 'local' };
  const backend: Backend = {
    appVersion: options.appVersion,
    workspace,
    context,
    settings: options.settings,
    events,
    jobs,
    backup: createBackupService({
      db: workspace.db,
      jobs,
      now,
      operator: context.operator,
      appVersion: options.appVersion,
    }),
    ports: options.ports ?? {},
    changed(entities, change) {
      const result = change();
      events.emit('data.changed', { entities });
      return result;
    },
    createDispatch(isTrustedSender) {
      return createDispatcher(handlers, {
        isTrustedSender,
        logError: (channel, error) => logError(channel, error),
      });
    },
    async close() {
      await jobs.shutdown();
      workspace.close();
    },
  };
  const handlers = buildHandlers(backend);
  return backend;
}
