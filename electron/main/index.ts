/**
 * Composition root of the Electron main process: lifecycle, single-instance lock, the app:// protocol, the backend,
 * the IPC transport and the window. Every decision lives in policy/ (pure) or backend.ts; this file only wires.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { defaultSettings } from '../../shared/domain/types';
import { createBackend, type Backend } from './backend';
import { startBackupScheduler } from './backup/schedule';
import { startFollowUpJobs } from './jobs/followUps';
import { RotatingFileLogger } from './services/logger';
import { appEntryUrl, createNavigationPolicy, devServerOrigin } from './policy/navigation';
import { createSenderPolicy } from './policy/senderPolicy';
import { createNativePorts, openExternalChecked, showFatalError } from './shell/dialogs';
import { registerIpcTransport } from './shell/ipcTransport';
import { pinUserDataDir, workspaceDirectory } from './shell/paths';
import {
  blockForeignRequests,
  denyAllPermissions,
  guardEveryWebContents,
  type WebContentsGuardOptions,
} from './shell/permissions';
import { registerAppSchemePrivileges, serveAppProtocol } from './shell/protocol';
import { ElectronSettingsStore } from './shell/settingsStore';
import { lockOnSystemEvents } from './shell/systemLock';
import { createMainWindow, installApplicationMenu } from './shell/window';

// Built layout: out/main/index.js, out/main/job-worker.js, out/preload/index.cjs, out/renderer/.
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));
const jobWorkerFile = new URL('./job-worker.js', import.meta.url);

const development = !app.isPackaged;
// electron-vite dev sets ELECTRON_RENDERER_URL; only a loopback http URL is accepted, and never when packaged.
const devServerUrl = development ? process.env.ELECTRON_RENDERER_URL : undefined;
const entryUrl =
  devServerUrl !== undefined && devServerOrigin(devServerUrl) !== null ? devServerUrl : appEntryUrl;
const navigation = createNavigationPolicy({ devServerUrl });

// Before 'ready': sandbox every renderer, make app:// a standard secure scheme, fix the data folder.
app.enableSandbox();
registerAppSchemePrivileges();
const userDataDir = pinUserDataDir();

const logger = new RotatingFileLogger(join(userDataDir, 'logs'));
const logError = (scope: string, error: unknown) => logger.error(scope, error);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let backend: Backend | null = null;
  let mainWindow: BrowserWindow | null = null;
  let stopIpc: (() => void) | null = null;
  let stopBackupScheduler: (() => void) | null = null;
  let shuttingDown = false;

  const guard: WebContentsGuardOptions = { navigation, openExternal: openExternalChecked, logError };
  guardEveryWebContents(guard);

  const openMainWindow = () => {
    mainWindow = createMainWindow({ preloadPath, url: entryUrl, devTools: development, guard });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(session.defaultSession);
      blockForeignRequests(session.defaultSession, navigation);
      serveAppProtocol(rendererRoot);
      installApplicationMenu(development);
      const settings = new ElectronSettingsStore(userDataDir);
      try {
        backend = createBackend({
          workspaceDir: workspaceDirectory(),
          logDir: logger.dir,
          settings,
          appVersion: app.getVersion(),
          jobs: { mode: 'worker', workerFile: jobWorkerFile },
          ports: createNativePorts(() => mainWindow),
          logError,
        });
      } catch (error) {
        showFatalError(error, settings.get().locale ?? defaultSettings.locale);
        app.exit(1);
        return;
      }
      // Looked up at each tick: recovery may reopen the workspace (and its backup service) while the app runs.
      const running = backend;
      stopBackupScheduler = startBackupScheduler({ tick: () => running.backup.tick() }, logError);
      startFollowUpJobs(backend);
      // Sleep or the OS screen lock signs the operator out (a no-op before operators exist).
      lockOnSystemEvents((event) => backend?.session.lockForSystem(event));
      stopIpc = registerIpcTransport({
        dispatch: backend.createDispatch(createSenderPolicy(navigation)),
        events: backend.pushEvents,
        navigation,
      });
      openMainWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
      });
    })
    .catch((error: unknown) => {
      logError('startup', error);
      showFatalError(error, defaultSettings.locale);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit waits for running jobs to stop and the database to close.
  app.on('before-quit', (event) => {
    if (backend === null || shuttingDown) return;
    event.preventDefault();
    shuttingDown = true;
    stopIpc?.();
    stopBackupScheduler?.();
    const closing = backend;
    backend = null;
    closing
      .close()
      .catch((error: unknown) => logError('shutdown', error))
      .finally(() => app.quit());
  });
}
