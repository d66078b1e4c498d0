/**
 * Builds everything behind the IPC contract from plain Node parts, with no Electron import: the Electron main
 * process, browser mode, the CLI and the tests all start the app through here.
 */
import { dataEntities, type DataEntity } from '../../shared/ipc/contract';
import { lockScreenChannels } from '../../shared/ipc/channels/session';
import type { ScryptParams } from './backup/crypto';
import { createBackupService, type BackupService } from './backup/service';
import { createDispatcher, type Dispatch, type SenderPolicy } from './ipc/dispatcher';
import { buildHandlers } from './ipc/handlers';
import { inProcessExecutor, workerExecutor } from './jobs/executors';
import { JobRunner } from './jobs/runner';
import type { ServiceContext } from './services/context';
import { EventHub } from './services/events';
import { assertWritable, guardHandlers } from './services/recovery';
import { Session, type Timers } from './services/session';
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
  /** The OS save dialog; resolves with the chosen path (null when cancelled). */
  pickSavePath?(options: {
    title: string;
    defaultName: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<string | null>;
  /** Opens an http(s) link in the user's browser, through the shell's checked opener. */
  openExternal?(url: string): Promise<void>;
}

export interface BackendOptions {
  workspaceDir: string;
  settings: SettingsStore;
  appVersion: string;
  /** Worker threads in the app; in-process for tests and one-shot CLI commands. */
  /** Where jobs run; tests may ask for every progress report (no 100 ms throttle) to act at a batch boundary. */
  jobs: ({ mode: 'worker'; workerFile: URL | string } | { mode: 'in-process' }) & { progressIntervalMs?: number };
  ports?: NativePorts;
  now?: () => number;
  logError?: (scope: string, error: unknown) => void;
  /** Cheaper passphrase hashing and a controllable idle timer, for tests. */
  operatorScrypt?: ScryptParams;
  sessionTimers?: Timers;
  /** Where the rotating logs are (for the diagnostics bundle); default `<workspace>/../logs`. */
  logDir?: string;
}

export interface Backend {
  appVersion: string;
  workspace: Workspace;
  context: ServiceContext;
  /** Who is signed in, the app lock and its idle timer; the dispatcher asks it before every call. */
  session: Session;
  operatorScrypt: ScryptParams | undefined;
  settings: SettingsStore;
  events: EventHub;
  /** The events transports forward to the renderer: job progress is held back while the app is locked. */
  pushEvents: Pick<EventHub, 'subscribe'>;
  jobs: JobRunner;
  /** Backup vaults of this workspace; holds the unlocked vault keys for the session. The shell's scheduler ticks it. */
  backup: BackupService;
  ports: NativePorts;
  /** Runs a change and tells open screens which data to refetch. */
  changed<T>(entities: DataEntity[], change: () => T): T;
  /** A dispatcher for one transport, with that transport's sender policy. */
  createDispatch(isTrustedSender: SenderPolicy): Dispatch;
  /**
   * Recovery: closes the workspace, runs `prepare` (e.g. moving a restored database into place) and opens it again,
   * normally or read-only, or opens the workspace in `workspaceDir` instead ("open this workspace" after an archive
   * import); the same dispatchers then serve the reopened workspace. On failure the previous workspace is reopened
   * as it was and the error thrown.
   */
  reopen(mode: 'normal' | 'readOnly', prepare?: () => void, workspaceDir?: string): Promise<void>;
  logDir: string | undefined;
  close(): Promise<void>;
}

export function createBackend(options: BackendOptions): Backend {
  const now = options.now ?? Date.now;
  const events = new EventHub();
  const logError = options.logError ?? ((scope, error) => console.error(`[${scope}]`, error));
  /** Everything that hangs on the open workspace; built again when recovery reopens it. */
  const openParts = (mode: 'normal' | 'readOnly', workspaceDir: string) => {
    const workspace = openWorkspace(workspaceDir, now(), { mode });
    const executor =
      options.jobs.mode === 'worker'
        ? workerExecutor(workspace.dir, options.jobs.workerFile)
        : inProcessExecutor(workspace.dir);
    const jobs = new JobRunner({
      executor,
      now,
      // A damaged or read-only workspace starts no job: they open the file for writing.
      beforeStart: () => assertWritable({ workspace }),
      onUpdate: (job) => events.emit('jobs.progress', job),
      ...(options.jobs.progressIntervalMs === undefined
        ? {}
        : { progressIntervalMs: options.jobs.progressIntervalMs }),
      onChanges: (entities) => events.emit('data.changed', { entities }),
      logError: (error) => logError('job', error),
    });
    const session = new Session({
      db: workspace.db,
      now,
      onChange: () => events.emit('data.changed', { entities: ['session'] }),
      ...(options.sessionTimers ? { timers: options.sessionTimers } : {}),
    });
    // Every audit entry names the signed-in operator ('local' before operators exist).
    const context: ServiceContext = { db: workspace.db, now, operator: () => session.operatorName() };
    const backup = createBackupService({
      db: workspace.db,
      jobs,
      now,
      operator: context.operator,
      appVersion: options.appVersion,
    });
    return { workspace, jobs, session, context, backup };
  };
  const closeParts = async () => {
    backend.session.dispose();
    await backend.jobs.shutdown();
    backend.workspace.close();
  };
  const backend: Backend = {
    ...openParts('normal', options.workspaceDir),
    appVersion: options.appVersion,
    operatorScrypt: options.operatorScrypt,
    settings: options.settings,
    events,
    pushEvents: {
      subscribe: (listener) =>
        events.subscribe((event, payload) => {
          if (backend.session.allowsPush(event)) listener(event, payload);
        }),
    },
    ports: options.ports ?? {},
    logDir: options.logDir,
    changed(entities, change) {
      const result = change();
      events.emit('data.changed', { entities });
      return result;
    },
    createDispatch(isTrustedSender) {
      return createDispatcher(guardHandlers(handlers, backend), {
        isTrustedSender,
        isLocked: (channel) => !lockScreenChannels.has(channel) && backend.session.isLocked(),
        authorize: (channel, input) => backend.session.authorize(channel, input),
        logError: (channel, error) => logError(channel, error),
      });
    },
    async reopen(mode, prepare, workspaceDir) {
      const previous = backend.workspace.state === 'readOnly' ? 'readOnly' : 'normal';
      const previousDir = backend.workspace.dir;
      await closeParts();
      try {
        prepare?.();
        Object.assign(backend, openParts(mode, workspaceDir ?? previousDir));
      } catch (error) {
        Object.assign(backend, openParts(previous, previousDir));
        throw error;
      } finally {
        // Handlers close over the parts: rebuild them in place, so existing dispatchers serve the new workspace.
        Object.assign(handlers, buildHandlers(backend));
        events.emit('data.changed', { entities: [...dataEntities] });
      }
    },
    close: closeParts,
  };
  const handlers = buildHandlers(backend);
  return backend;
}
