import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { screenshotDir, startApp, type AppUnderTest } from '../support/browserHarness';
import { expectNoProblems, goTo, loadSmallDemo, useBrowser } from './helpers';

const seriesCharts = ['dailyActivityRate', 'weeklyActivityRate', 'messages', 'speakers', 'growth', 'wakeUps'];

/** Waits until every time-series chart has drawn its SVG (or says it has nothing to draw); returns how many drew. */
async function waitForCharts(page: Page): Promise<number> {
  let drawn = 0;
  for (const series of seriesCharts) {
    const chart = page.getByTestId(`chart-${series}`);
    const svg = chart.locator('svg.recharts-surface');
    await svg
      .or(chart.getByText(/区间内没有数据|No data in this range/))
      .first()
      .waitFor({ timeout: 15_000 });
    drawn += (await svg.count()) > 0 ? 1 : 0;
  }
  return drawn;
}

/** A close-up of one part of the screen, to check details the whole-page shot is too small for. */
async function closeUp(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

describe('health dashboard', () => {
  const browser = useBrowser();
  let app: AppUnderTest;
  beforeAll(async () => {
    // Tall enough that one screenshot holds the whole dashboard.
    app = await startApp(browser(), { prepare: loadSmallDemo, viewport: { width: 1440, height: 2700 } });
  });
  afterAll(async () => app?.close());

  async function setSettings(settings: {
    locale?: 'zh-CN' | 'en';
    colorScheme?: 'light' | 'dark';
  }): Promise<void> {
    app.backend.settings.update(settings);
    app.backend.events.emit('data.changed', { entities: ['settings'] });
    if (settings.colorScheme) {
      await app.page
        .locator(`html[data-mantine-color-scheme="${settings.colorScheme}"]`)
        .waitFor({ state: 'attached' });
    }
    if (settings.locale)
      await app.page.locator(`html[lang="${settings.locale}"]`).waitFor({ state: 'attached' });
  }

  it('leads with a health card per group and draws every chart', async () => {
    const { page } = app;
    await setSettings({ locale: 'zh-CN', colorScheme: 'light' });
    await page
      .getByRole('heading', { name: '群管工作台' })
      .or(page.getByTestId('stat-groups'))
      .first()
      .waitFor();
    // The shortcut the sidebar shows for 健康度 (Ctrl + its position) opens it.
    const nav = page.getByTestId('nav-health');
    expect(await nav.textContent()).toContain('健康度');
    const shortcut = (await nav.locator('.nav-shortcut').textContent()) ?? '';
    expect(shortcut).toMatch(/^Ctrl\+\d$/);
    await page.keyboard.press(shortcut.replace('Ctrl', 'Control'));
    await page.getByTestId('screen-health').getByRole('heading', { name: '群健康度' }).waitFor();

    const cards = page.getByTestId('health-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(3);
    for (const status of await page.getByTestId('health-card-status').all()) {
      expect(['green', 'amber', 'red']).toContain(await status.getAttribute('data-rag'));
    }
    // Each card lists the banded metrics; the complaint rate says it is unknown rather than 0.
    const first = cards.first();
    await first.getByTestId('card-metric-dailyActivityRate').getByText(/%/).waitFor();
    expect(await first.getByTestId('card-metric-complaintRate').textContent()).toContain('尚未扫描');

    expect(await waitForCharts(page)).toBe(seriesCharts.length);
    // Threshold bands are drawn behind the activity rate.
    expect(
      await page.getByTestId('chart-dailyActivityRate').locator('.recharts-reference-area').count(),
    ).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('chart-heatmap').locator('rect').count()).toBe(7 * 24);
    expect(await page.getByTestId('cohort-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('top-member').count()).toBe(10);
    expect(await page.getByTestId('top-word').count()).toBeGreaterThan(5);
    await app.screenshot('health-zh-light');
    await closeUp(page.getByTestId('health-cards'), 'health-zh-light-cards');
    await closeUp(page.getByTestId('chart-dailyActivityRate'), 'health-zh-light-activity');
    expectNoProblems(app);
  });

  it('switches group and range', async () => {
    const { page } = app;
    const groupName = (await page.getByTestId('health-card-name').nth(1).textContent()) ?? '';
    await page.getByTestId('health-group').click();
    await page.getByRole('option', { name: groupName }).click();
    await page.locator('[data-testid="health-card"][data-selected="true"]').getByText(groupName).waitFor();
    await page.getByRole('heading', { name: `趋势${groupName}` }).waitFor();

    await page.getByTestId('health-range').getByText('近 7 天').click();
    await page.getByText(/共 7 天/).waitFor();
    await waitForCharts(page);
    // Seven days on the x axis of the message chart.
    await expectTicks(page, 'messages', 7);
    await app.screenshot('health-zh-light-group-7d');

    // Clicking the selected card again goes back to all groups.
    await page.locator('[data-testid="health-card"][data-selected="true"]').getByRole('button').click();
    expect(await page.locator('[data-testid="health-card"][data-selected="true"]').count()).toBe(0);
    await page.getByTestId('health-range').getByText('近 90 天').click();
    await page.getByText(/共 90 天/).waitFor();
    await waitForCharts(page);
    expectNoProblems(app);
  });

  it('reads right in dark mode and in English', async () => {
    const { page } = app;
    await setSettings({ colorScheme: 'dark' });
    await waitForCharts(page);
    await app.screenshot('health-zh-dark');
    await closeUp(page.getByTestId('health-cards'), 'health-zh-dark-cards');
    await closeUp(page.getByTestId('chart-growth'), 'health-zh-dark-growth');
    await closeUp(page.getByTestId('chart-cohorts'), 'health-zh-dark-cohorts');

    await setSettings({ locale: 'en' });
    await page.getByTestId('screen-health').getByRole('heading', { name: 'Group health' }).waitFor();
    expect(await page.getByTestId('nav-health').textContent()).toContain('Health');
    await page.getByTestId('card-metric-complaintRate').first().getByText('Not scanned yet').waitFor();
    await waitForCharts(page);
    await app.screenshot('health-en-dark');

    await setSettings({ colorScheme: 'light' });
    await waitForCharts(page);
    await app.screenshot('health-en-light');
    await setSettings({ locale: 'zh-CN' });
    expectNoProblems(app);
  });

  it('applies thresholds set in the dialog to every card', async () => {
    const { page } = app;
    await page.getByTestId('open-thresholds').click();
    const row = page.getByTestId('threshold-dailyActivityRate');
    await row.waitFor();
    await app.screenshot('health-thresholds');
    const [amber, red] = await row.getByRole('textbox').all();
    await amber!.fill('100');
    await red!.fill('99');
    await row.getByRole('button', { name: '保存' }).click();
    await app.screenshot('health-thresholds-saved');
    await row.getByText('全部群组').waitFor();
    await page.getByRole('button', { name: '关闭' }).last().click();
    // No group is active on 99 % of its member-days, so every card turns red.
    await expect
      .poll(async () =>
        Promise.all(
          (await page.getByTestId('health-card-status').all()).map((badge) => badge.getAttribute('data-rag')),
        ),
      )
      .toEqual(['red', 'red', 'red']);
    expect(app.backend.context.db.prepare('SELECT count(*) AS n FROM health_thresholds').get()).toEqual({
      n: 1,
    });
    expectNoProblems(app);
  });
});

async function expectTicks(page: Page, series: string, count: number): Promise<void> {
  await expect
    .poll(async () => page.getByTestId(`chart-${series}`).locator('.recharts-bar-rectangle').count())
    .toBeLessThanOrEqual(count);
}

describe('health dashboard on an empty workspace', () => {
  const browser = useBrowser();
  it('says what to do next', async () => {
    const empty = await startApp(browser());
    try {
      await goTo(empty.page, '/health');
      await empty.page.getByText('还没有可分析的群组').waitFor();
      expectNoProblems(empty);
    } finally {
      await empty.close();
    }
  });
});
