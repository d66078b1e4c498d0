/**
 * The packaged-app checks that need a real Electron: the window, its title, `window.api` and no Node in the page.
 * Skipped when node_modules/electron has no binary (the npm package downloads it on install; offline it cannot).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tempWorkspace';

const repoRoot = join(import.meta.dirname, '..', '..');
const electronPackage = join(repoRoot, 'node_modules', 'electron');

/** The Electron executable named by node_modules/electron/path.txt, when it is actually there. */
function electronBinary(): string | null {
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const electronBinaryAvailable = binary !== null;

describe.skipIf(!electronBinaryAvailable)('Electron app', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'out', 'main', 'index.js'))) {
      throw new Error('out/main/index.js is missing: run `npx electron-vite build` first');
    }
    temp = makeTempDir('qundesk-electron-');
    app = await electron.launch({
      executablePath: binary ?? undefined,
      // Chromium refuses to start its OS sandbox as root (containers); the renderer sandbox setting still applies.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot],
      cwd: repoRoot,
      env: { ...process.env, QUNDESK_DATA_DIR: join(temp.dir, 'workspace'), ELECTRON_RENDERER_URL: '' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    temp?.remove();
  });

  it('shows the window titled 群管工作台, loaded from app://qundesk', async () => {
    const windowTitle = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.getTitle(),
    );
    expect(windowTitle).toBe('群管工作台');
    expect(
      await page.evaluate(() => (globalThis as unknown as { location: { origin: string } }).location.origin),
    ).toBe('app://qundesk');
  });

  it('exposes window.api and no Node to the page', async () => {
    // The page's globals, looked up by name (the test's own TypeScript has no DOM types).
    const probe = await page.evaluate(() => {
      const page = globalThis as Record<string, unknown>;
      return {
        api: typeof page.api,
        require: typeof page.require,
        process: typeof page.process,
        module: typeof page.module,
        ipcRenderer: typeof page.ipcRenderer,
      };
    });
    expect(probe).toEqual({
      api: 'object',
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      ipcRenderer: 'undefined',
    });
  });

  it('answers a call through the real IPC transport', async () => {
    const result = await page.evaluate(async () => {
      const api = (globalThis as unknown as { api: { workspace: { info(): Promise<{ ok: boolean }> } } }).api;
      return api.workspace.info();
    });
    expect(result.ok).toBe(true);
  });

  it('denies new windows and navigation away from the app', async () => {
    type PageWindow = { open(url: string): unknown; location: { href: string } };
    const opened = await page.evaluate(
      () => (globalThis as unknown as PageWindow).open('https://example.com/') === null,
    );
    expect(opened).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as PageWindow).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url().startsWith('app://qundesk/')).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
