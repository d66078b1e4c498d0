/** Small helpers shared by the browser tests (the harness itself is test/support/browserHarness.ts). */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
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

/** The page fits the window: nothing scrolls sideways. (A string: the test project has no DOM types.) */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
  );
}

export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  expect(await fitsWidth(page)).toBe(true);
}

/** Picks an option of a Mantine select by its test id and the option's exact label. */
export async function chooseOption(page: Page, testId: string, name: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name, exact: true }).click();
}

/** Changes language or theme through the page's own window.api, as the settings screen does, and waits for it. */
export async function switchTo(
  app: AppUnderTest,
  settings: { locale?: 'en' | 'zh-CN'; colorScheme?: 'light' | 'dark' },
): Promise<void> {
  await app.page.evaluate(`window.api.settings.update(${JSON.stringify(settings)})`);
  if (settings.colorScheme)
    await app.page
      .locator(`html[data-mantine-color-scheme="${settings.colorScheme}"]`)
      .waitFor({ state: 'attached' });
  if (settings.locale)
    await app.page.locator(`html[lang="${settings.locale}"]`).waitFor({ state: 'attached' });
}

/** Before a screenshot: notifications closed and every transition (drawers sliding in) finished. */
export async function settle(page: Page): Promise<void> {
  // Strings evaluated over CDP, as the page's CSP forbids eval; queued notifications show up as others close.
  const closeNotifications = `(() => {
    const buttons = document.querySelectorAll('.mantine-Notification-closeButton');
    buttons.forEach((button) => button.click());
    return buttons.length;
  })()`;
  await expect.poll(() => page.evaluate(closeNotifications), { timeout: 10_000 }).toBe(0);
  const running = `document.getAnimations().filter((animation) => animation.playState === 'running').length`;
  await expect.poll(() => page.evaluate(running), { timeout: 10_000 }).toBe(0);
}

/**
 * Fills a date-and-time field (the app's DateTimeField) with a moment in this machine's zone (the browser runs in
 * the same one): the date typed, then the hours and minutes.
 */
export async function fillDateTime(scope: Page | Locator, testId: string, epochMs: number): Promise<void> {
  const moment = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  await scope
    .getByTestId(`${testId}-date`)
    .fill(`${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`);
  const [hours, minutes] = await scope.getByTestId(`${testId}-time`).getByRole('spinbutton').all();
  await hours!.fill(pad(moment.getHours()));
  await minutes!.fill(pad(moment.getMinutes()));
}

/** What a time field (the app's TimeField) named `label` shows, as `HH:mm`. */
export async function timeFieldValue(scope: Page | Locator, label: string): Promise<string> {
  const part = (unit: string) =>
    scope.getByRole('spinbutton', { name: `${label} ${unit}`, exact: true }).inputValue();
  return `${await part('时')}:${await part('分')}`;
}
