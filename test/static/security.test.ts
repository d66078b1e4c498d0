/**
 * The security checklist as static assertions: window options come from the policy and are secure, the CSP allows
 * nothing remote and no eval, the protocol and IPC wiring use the policies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parseContentSecurityPolicy } from '../../electron/main/policy/csp';
import { mainWindowOptions } from '../../electron/main/policy/webPreferences';
import { readRepoFile, repoRoot } from './sourceFiles';

const windowSource = readRepoFile('electron/main/shell/window.ts');
const indexSource = readRepoFile('electron/main/index.ts');

describe('main window', () => {
  it('is built only from the policy options', () => {
    const constructions = windowSource.match(/new BrowserWindow\(([^;]*)\);/g) ?? [];
    expect(constructions).toEqual([
      'new BrowserWindow(mainWindowOptions(setup.preloadPath, { devTools: setup.devTools }));',
    ]);
    expect(windowSource).toContain("from '../policy/webPreferences'");
    // Nothing else in the shell or root creates windows or sets preferences by hand.
    for (const source of [windowSource, indexSource]) {
      expect(source).not.toMatch(/webPreferences\s*:/);
      expect(source).not.toMatch(/nodeIntegration|contextIsolation|sandbox\s*:|webSecurity/);
    }
    expect(indexSource).not.toMatch(/new BrowserWindow/);
  });

  it('has the secure values in production', () => {
    const options = mainWindowOptions('/out/preload/index.cjs', { devTools: false });
    expect(options.webPreferences).toEqual({
      preload: '/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      plugins: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
    });
    expect(options.title).toBe('群管工作台');
    expect(options.show).toBe(false);
  });

  it('opens dev tools only in development and loads the app protocol otherwise', () => {
    expect(indexSource).toMatch(/const development = !app\.isPackaged;/);
    expect(indexSource).toMatch(/devTools: development/);
    expect(indexSource).toMatch(/development \? process\.env\.ELECTRON_RENDERER_URL : undefined/);
    expect(indexSource).toContain('appEntryUrl');
  });

  it('guards navigation, new windows, webviews and permissions', () => {
    expect(windowSource).toContain('hardenWebContents(window.webContents');
    const permissions = readRepoFile('electron/main/shell/permissions.ts');
    for (const needle of [
      "'will-navigate'",
      "'will-frame-navigate'",
      "'will-redirect'",
      "'will-attach-webview'",
      'setWindowOpenHandler',
      "action: 'deny'",
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      "'web-contents-created'",
    ]) {
      expect(permissions).toContain(needle);
    }
    expect(indexSource).toContain('guardEveryWebContents(');
    expect(indexSource).toContain('denyAllPermissions(session.defaultSession)');
    expect(indexSource).toContain('blockForeignRequests(session.defaultSession, navigation)');
    expect(indexSource).toContain('app.enableSandbox()');
    expect(indexSource).toContain('requestSingleInstanceLock()');
  });

  it('opens external links only through the checked opener', () => {
    const shellFiles = ['dialogs.ts', 'permissions.ts', 'window.ts', 'ipcTransport.ts', 'protocol.ts'];
    const callers = shellFiles.filter((file) =>
      readRepoFile(`electron/main/shell/${file}`).includes('shell.openExternal('),
    );
    expect(callers).toEqual(['dialogs.ts']);
    expect(readRepoFile('electron/main/shell/dialogs.ts')).toMatch(
      /safeExternalUrl\(url\);[\s\S]*shell\.openExternal\(safe/,
    );
  });

  it('checks every IPC sender with the sender policy and reports frame and origin', () => {
    const transport = readRepoFile('electron/main/shell/ipcTransport.ts');
    expect(transport).toContain('dispatch(channel, input, senderInfoFrom(event))');
    expect(transport).toContain('frame === event.sender.mainFrame');
    expect(indexSource).toContain('backend.createDispatch(createSenderPolicy(navigation))');
    // ipcMain.on / handle for any other channel would bypass the dispatcher.
    expect(transport.match(/ipcMain\.(?:handle|on|once|handleOnce)\(/g)).toEqual(['ipcMain.handle(']);
  });

  it('serves the renderer through the asset policy with the CSP header', () => {
    const protocol = readRepoFile('electron/main/shell/protocol.ts');
    expect(protocol).toContain('appAssetResponse(request.url, request.method, rendererRoot)');
    expect(protocol).not.toMatch(/net\.fetch|file:\/\//);
  });
});

describe('Content-Security-Policy', () => {
  const remoteSource = /^(?:\*|https?:|wss?:|ftp:|file:|filesystem:|[a-z0-9.-]+\.[a-z]{2,}|\*\.)/i;
  const assertStrict = (policy: string) => {
    const directives = parseContentSecurityPolicy(policy);
    const allSources = [...directives.values()].flat();
    expect(allSources).not.toContain("'unsafe-eval'");
    expect(allSources).not.toContain("'wasm-unsafe-eval'");
    expect(allSources).not.toContain("'unsafe-hashes'");
    expect(allSources.filter((source) => remoteSource.test(source))).toEqual([]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    return directives;
  };

  it('allows nothing remote and no eval', () => {
    const directives = assertStrict(contentSecurityPolicy);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('the strictness check rejects a weakened policy', () => {
    expect(() =>
      assertStrict(contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")),
    ).toThrow();
    expect(() => assertStrict(`${contentSecurityPolicy}; img-src https://cdn.example.com`)).toThrow();
    expect(() =>
      assertStrict(contentSecurityPolicy.replace("connect-src 'self'", 'connect-src *')),
    ).toThrow();
  });

  const builtIndex = join(repoRoot, 'out', 'renderer', 'index.html');
  it.skipIf(!existsSync(builtIndex))('the built page loads nothing remote and has no inline script', () => {
    const html = readFileSync(builtIndex, 'utf8');
    const meta = /<meta[^>]+http-equiv=["']Content-Security-Policy["'][^>]+content=(["'])(.*?)\1/is.exec(
      html,
    );
    if (meta?.[2]) assertStrict(meta[2]);
    for (const match of html.matchAll(/<(?:script|link|img|iframe)\b[^>]*>/gi)) {
      expect(match[0]).not.toMatch(/(?:src|href)=["'](?:https?:)?\/\//i);
    }
    const inlineScripts = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].filter(
      (match) => (match[1] ?? '').trim() !== '',
    );
    expect(inlineScripts).toEqual([]);
  });
});
