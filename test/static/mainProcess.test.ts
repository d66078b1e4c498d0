/**
 * Boots the built main process (out/main/index.js) under Node against a recording fake of 'electron'
 * (test/static/fakeElectron/), since no Electron binary is available here. Checks the composition root's order
 * of operations and the wiring of protocol, IPC transport, window, guards and shutdown with the real backend.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/main/policy/csp';
import { mainWindowOptions } from '../../electron/main/policy/webPreferences';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';
import { makeTempDir } from '../support/tempWorkspace';
import { repoRoot } from './sourceFiles';

const builtMain = join(repoRoot, 'out', 'main', 'index.js');
const builtRenderer = join(repoRoot, 'out', 'renderer', 'index.html');

interface Reply {
  ok: boolean;
  error?: { code: string };
}
interface BootReport {
  bootCalls: string[];
  calls: string[];
  windowOptions: ReturnType<typeof mainWindowOptions>;
  loadedUrl: string;
  privileges: { scheme: string; privileges: Record<string, boolean> }[];
  settings: Record<'updated' | 'readBack', Reply & { value?: { locale: string } }>;
  userData: [string, string];
  protocol: Record<
    'index' | 'route' | 'traversal' | 'post',
    { status: number; csp: string | null; type: string | null }
  >;
  ipc: Record<'trusted' | 'subFrame' | 'foreign' | 'noFrame' | 'detached' | 'invalid' | 'created', Reply>;
  pushed: [string, string][];
  navigation: Record<'external' | 'file' | 'internal', boolean>;
  windowOpen: Record<'safe' | 'unsafe', { action: string }>;
  openedExternally: string[];
  webviewPrevented: boolean;
  requestsCancelled: Record<'app' | 'remote' | 'file', boolean | null>;
  permissions: Record<'requestGranted' | 'checkGranted' | 'deviceGranted', boolean | null>;
  quitCalls: string[];
  systemLock: { listeners: number[]; openAfterSuspend: Reply; signedIn: Reply; afterLockScreen: Reply };
}

/** Runs boot.mjs on the built main process with a fresh data folder; returns its report. */
function boot(dir: string, env: Record<string, string>): BootReport {
  const result = spawnSync(
    process.execPath,
    [join(import.meta.dirname, 'fakeElectron', 'boot.mjs'), builtMain],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        FAKE_APP_DATA: join(dir, 'appData'),
        QUNDESK_DATA_DIR: join(dir, 'workspace'),
        ...env,
      },
    },
  );
  if (result.status !== 0)
    throw new Error(`boot failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as BootReport;
}

describe.skipIf(!existsSync(builtMain))('built main process against a fake Electron', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let report: BootReport;

  beforeAll(() => {
    temp = makeTempDir('qundesk-main-');
    report = boot(temp.dir, { FAKE_IS_PACKAGED: '1', ELECTRON_RENDERER_URL: 'http://localhost:5173' });
  });
  afterAll(() => temp?.remove());

  it('does the pre-ready work first: sandbox, privileged scheme, data folder, single-instance lock', () => {
    expect(report.bootCalls).toEqual([
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'app.setPath',
      'app.requestSingleInstanceLock',
      'app.whenReady',
    ]);
    expect(report.privileges).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(report.userData).toEqual(['userData', join(temp.dir, 'appData', 'QunDesk')]);
  });

  it('after ready: protocol, IPC and guards are in place before the window loads', () => {
    const order = (name: string) => report.calls.indexOf(name);
    expect(order('protocol.handle')).toBeGreaterThan(order('ready'));
    expect(order('ipcMain.handle')).toBeGreaterThan(order('ready'));
    expect(order('new BrowserWindow')).toBeGreaterThan(order('ipcMain.handle'));
    expect(order('window.loadURL')).toBeGreaterThan(order('protocol.handle'));
    expect(report.calls).toContain('window.show');
  });

  it('creates the window from the policy with the built preload and loads app://qundesk (a packaged app ignores the dev URL)', () => {
    const preload = join(repoRoot, 'out', 'preload', 'index.cjs');
    expect(report.windowOptions).toEqual(
      JSON.parse(JSON.stringify(mainWindowOptions(preload, { devTools: false }))),
    );
    expect(report.loadedUrl).toBe('app://qundesk/index.html');
  });

  it.skipIf(!existsSync(builtRenderer))(
    'serves the renderer over app:// with the CSP and refuses escapes',
    () => {
      expect(report.protocol.index).toEqual({
        status: 200,
        csp: contentSecurityPolicy,
        type: 'text/html; charset=utf-8',
      });
      expect(report.protocol.route.status).toBe(200);
      expect(report.protocol.traversal.status).toBe(404);
      expect(report.protocol.post.status).toBe(405);
    },
  );

  it('dispatches IPC only for the main frame of the app origin, validates input and pushes change events', () => {
    expect(report.ipc.trusted.ok).toBe(true);
    expect(report.ipc.subFrame.error?.code).toBe('FORBIDDEN_SENDER');
    expect(report.ipc.foreign.error?.code).toBe('FORBIDDEN_SENDER');
    expect(report.ipc.noFrame.error?.code).toBe('FORBIDDEN_SENDER');
    expect(report.ipc.detached.error?.code).toBe('FORBIDDEN_SENDER');
    expect(report.ipc.invalid.error?.code).toBe('VALIDATION');
    expect(report.ipc.created.ok).toBe(true);
    expect(report.pushed).toContainEqual(['qundesk:event', 'data.changed']);
  });

  it('denies navigation away, new windows and webviews, and opens only safe links externally', () => {
    expect(report.navigation).toEqual({ external: true, file: true, internal: false });
    expect(report.windowOpen).toEqual({ safe: { action: 'deny' }, unsafe: { action: 'deny' } });
    expect(report.openedExternally).toEqual(['https://example.com/help']);
    expect(report.webviewPrevented).toBe(true);
  });

  it('keeps settings in electron-store under the pinned user-data folder, where the CLI looks too', () => {
    expect(report.settings.updated.value?.locale).toBe('en');
    expect(report.settings.readBack.value?.locale).toBe('en');
    const file = join(temp.dir, 'appData', 'QunDesk', 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ locale: 'en' });
    expect(new JsonFileSettingsStore(file).get().locale).toBe('en');
  });

  it('denies every permission and cancels every request that would leave the app', () => {
    expect(report.permissions).toEqual({ requestGranted: false, checkGranted: false, deviceGranted: false });
    expect(report.requestsCancelled).toEqual({ app: false, remote: true, file: true });
  });

  it('locks on OS sleep and screen lock once an operator is signed in', () => {
    expect(report.systemLock.listeners).toEqual([1, 1]);
    expect(report.systemLock.openAfterSuspend.ok).toBe(true);
    expect(report.systemLock.signedIn.ok).toBe(true);
    expect(report.systemLock.afterLockScreen).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });

  it('on quit, removes the IPC handler and closes the backend before quitting for real', () => {
    expect(report.quitCalls).toEqual(['app.quit', 'ipcMain.removeHandler', 'app.quit', 'app.quit.proceeded']);
  });
});

describe.skipIf(!existsSync(builtMain))(
  'built main process: development and damaged settings (fake Electron)',
  () => {
    let temp: ReturnType<typeof makeTempDir>;
    beforeAll(() => {
      temp = makeTempDir('qundesk-main-dev-');
    });
    afterAll(() => temp?.remove());

    it('loads the loopback dev server, trusts its origin for IPC and allows dev tools', () => {
      const report = boot(join(temp.dir, 'a'), {
        FAKE_IS_PACKAGED: '0',
        ELECTRON_RENDERER_URL: 'http://localhost:5173/',
      });
      expect(report.loadedUrl).toBe('http://localhost:5173/');
      expect(report.windowOptions.webPreferences.devTools).toBe(true);
      expect(report.ipc.trusted.ok).toBe(true);
      expect(report.ipc.subFrame.error?.code).toBe('FORBIDDEN_SENDER');
      expect(report.navigation.external).toBe(true);
    });

    it('starts with a corrupt settings file, falling back to defaults', () => {
      const userData = join(temp.dir, 'c', 'appData', 'QunDesk');
      mkdirSync(userData, { recursive: true });
      writeFileSync(join(userData, 'config.json'), '{"locale": "en", broken');
      const report = boot(join(temp.dir, 'c'), { FAKE_IS_PACKAGED: '1' });
      expect(report.ipc.trusted.ok).toBe(true);
      expect(report.settings.updated.value?.locale).toBe('en');
    });

    it('ignores a dev URL that is not loopback http and serves app://qundesk instead', () => {
      const report = boot(join(temp.dir, 'b'), {
        FAKE_IS_PACKAGED: '0',
        ELECTRON_RENDERER_URL: 'https://evil.example.com/',
      });
      expect(report.loadedUrl).toBe('app://qundesk/index.html');
      expect(report.ipc.trusted.ok).toBe(true);
    });
  },
);
