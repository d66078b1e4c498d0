/** Small helpers shared by the browser tests (the harness itself is test/support/browserHarness.ts). */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Backend } from '../../electron/main/backend';
import { launchBrowser, startApp, type AppUnderTest } from '../support/browserHarness';

/** One Chromium for the test file: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not running');
    return browser;
  };
}

/** One app on a small demo workspace shared by the tests of a file (they only read). */
export function useDemoApp(): () => AppUnderTest {
  const browser = useBrowser();
  let app: AppUnderTest | undefined;
  beforeAll(async () => {
    app = await startApp(browser(), { prepare: loadSmallDemo });
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the app is not running');
    return app;
  };
}

/** Picks a group in the list screens' group filter. */
export async function chooseGroup(page: Page, name: string): Promise<void> {
  await page.getByTestId('group-filter').click();
  await page.getByRole('option', { name }).click();
}

/** A small demo workspace (a tenth of the members), loaded before the page opens. */
export async function loadSmallDemo(backend: Backend): Promise<void> {
  const jobId = backend.jobs.start('demo.load', { seed: 7, scale: 0.1 }, 'test');
  const job = await backend.jobs.wait(jobId);
  if (job.status !== 'done') throw new Error(`demo job ended ${job.status}: ${JSON.stringify(job.error)}`);
}

/** Navigates through the hash router, as the sidebar links do. */
export async function goTo(page: Page, path: string): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/#${path}`);
}

/** The "共 1,234 条" / "1,234 in total" counter above a list, as a number. */
export async function shownTotal(page: Page): Promise<number> {
  const counter = page.getByTestId('row-total');
  await counter.filter({ hasText: /\d/ }).waitFor();
  const text = (await counter.textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

/** Waits until the list counter shows `expected`. */
export async function waitForTotal(page: Page, expected: number): Promise<void> {
  const pattern = new RegExp(`(^|\\D)${expected.toLocaleString('en-US')}(\\D|$)`);
  await page.getByTestId('row-total').filter({ hasText: pattern }).waitFor({ timeout: 10_000 });
}

/** Fails the test on console errors, page errors or requests that left loopback. */
export function expectNoProblems(app: AppUnderTest): void {
  expect(app.problems).toEqual([]);
}
