/**
 * Browser tests: the real backend on a temp workspace, the built renderer served by browser mode, driven by
 * Debian Chromium through playwright-core. Any console error, page error or request leaving loopback fails the test.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createBackend, type Backend } from '../../electron/main/backend';
import { builtRendererDir, jobWorkerFile } from '../../electron/main/cli/commands/serve';
import { startHttpServer, type RunningServer } from '../../electron/main/server/httpServer';
import { JsonFileSettingsStore } from '../../electron/main/services/settings';
import { makeTempDir } from './tempWorkspace';

export const chromiumPath = process.env.QUNDESK_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotDir = new URL('../../test-results/screens/', import.meta.url).pathname;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AppUnderTest {
  page: Page;
  context: BrowserContext;
  backend: Backend;
  server: RunningServer;
  /** Problems seen so far: console errors, page errors, requests that left loopback. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Prepare the workspace before the page opens (e.g. load the demo). */
  prepare?: (backend: Backend) => Promise<void> | void;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

export async function startApp(browser: Browser, options: StartOptions = {}): Promise<AppUnderTest> {
  const temp = makeTempDir('qundesk-browser-');
  const backend = createBackend({
    workspaceDir: join(temp.dir, 'workspace'),
    settings: new JsonFileSettingsStore(join(temp.dir, 'config.json')),
    appVersion: '0.0.0-test',
    jobs: { mode: 'worker', workerFile: jobWorkerFile() },
    logError: () => {},
  });
  await options.prepare?.(backend);
  const server = await startHttpServer({ backend, rendererDir: builtRendererDir });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'zh-CN',
  });
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    problems.push(`request left loopback: ${url.href}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(server.url);
  mkdirSync(screenshotDir, { recursive: true });
  return {
    page,
    context,
    backend,
    server,
    problems,
    async screenshot(name) {
      const file = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await context.close();
      await server.close();
      await backend.close();
      temp.remove();
    },
  };
}
