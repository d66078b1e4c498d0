import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { Backend } from '../../electron/main/backend';
import { screenshotDir, startApp, type AppUnderTest } from '../support/browserHarness';
import { seedAnnotations } from '../unit/health/fixtures';
import { expectNoProblems, goTo, loadSmallDemo, useBrowser } from './helpers';

/** The small demo, its tiers computed, and an activity, a calendar post and an incident in its last weeks. */
async function prepareWorkspace(backend: Backend): Promise<void> {
  await loadSmallDemo(backend);
  const tiers = await backend.jobs.wait(backend.jobs.start('tiers.recompute', {}, 'test'));
  if (tiers.status !== 'done') throw new Error(`tiers job ended ${tiers.status}`);
  const { db } = backend.context;
  const last = db.prepare('SELECT max(sent_at) FROM messages').pluck().get() as number;
  const groupId = db.prepare('SELECT min(id) FROM groups').pluck().get() as number;
  const day = 86_400_000;
  seedAnnotations(backend.context, groupId, {
    activity: last - 12 * day,
    calendar: last - 8 * day,
    incident: last - 4 * day,
  });
  // Results entered for that activity; another in the second group with a head count only.
  db.prepare(`UPDATE activities SET conversions = 9 WHERE group_id = ?`).run(groupId);
  const secondGroup = db
    .prepare('SELECT id FROM groups WHERE id > ? ORDER BY id')
    .pluck()
    .get(groupId) as number;
  db.prepare(
    `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, participants_entered, created_at,
       updated_at)
     VALUES (?, 'flash_sale', '周末限时秒杀', 'conversion', ?, ?, 4, ?, ?)`,
  ).run(secondGroup, last - 6 * day, last - 6 * day + 3_600_000, last, last);
}

/** Clicks a menu item that downloads a file; returns the download and its bytes. */
async function download(page: Page, menu: Locator, item: string): Promise<{ file: Download; bytes: Buffer }> {
  await menu.click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(item).click()]);
  return { file, bytes: readFileSync((await file.path())!) };
}

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
    app = await startApp(browser(), { prepare: prepareWorkspace, viewport: { width: 1440, height: 3500 } });
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

  it('shows each activity’s conversion and, after a scan, violations by category', async () => {
    const { page } = app;
    const conversions = page.getByTestId('activity-conversions');
    await conversions.getByTestId('conversion-row').first().waitFor();
    expect(await conversions.getByTestId('conversion-row').count()).toBe(2);
    expect(await conversions.getByTestId('conversion-total').textContent()).toMatch(
      /^合计 [\d.]+%（13 \/ \d+，2 场活动）$/,
    );
    const sale = conversions.getByTestId('conversion-row').filter({ hasText: '周末限时秒杀' });
    expect(await sale.locator('[data-rag]').count()).toBe(1);
    const csv = await download(
      page,
      page.getByTestId('export-activity-conversions'),
      'export-csv-activity-conversions',
    );
    const lines = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日期,群组,活动,触达,转化,转化率,状态');
    expect(lines.filter((line) => line.includes('周末限时秒杀,') && line.includes(',4,'))).toHaveLength(1);

    const violations = page.getByTestId('chart-violations');
    await violations.getByText(/尚未扫描/).waitFor();
    const scan = await app.backend.jobs.wait(app.backend.jobs.start('risk.scan', {}, 'test'));
    expect(scan.status).toBe('done');
    app.backend.events.emit('data.changed', { entities: ['risk'] });
    await violations.locator('svg.recharts-surface').waitFor();
    expect(await violations.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    // The complaint rate is known now too (the overview refetches on the same change).
    await page.getByTestId('card-metric-complaintRate').first().getByText(/%/).waitFor();
    await closeUp(conversions, 'health-zh-light-conversions');
    await closeUp(violations, 'health-zh-light-violations');
    expectNoProblems(app);
  });

  it('draws join channels, tiers against their targets and the annotation layer', async () => {
    const { page } = app;
    const channels = page.getByTestId('chart-channels');
    await channels.locator('svg.recharts-surface').waitFor();
    expect(await channels.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(1);
    const tiers = page.getByTestId('chart-tiers');
    await tiers.locator('svg.recharts-surface').waitFor();
    // Four tiers, each with its target range beside its share.
    expect(await tiers.locator('.health-tier-target .recharts-bar-rectangle').count()).toBe(4);
    expect(await tiers.locator('.recharts-bar-rectangle').count()).toBe(8);
    await expect.poll(() => tiers.locator('text').allTextContents()).toContain('核心');

    const messages = page.getByTestId('chart-messages');
    const marks = (kind: string) => messages.locator(`.health-mark-${kind}`).count();
    for (const kind of ['activity', 'incident', 'calendar']) expect(await marks(kind)).toBeGreaterThan(0);
    await page.getByTestId('annotation-toggle-activity').click();
    await expect.poll(() => marks('activity')).toBe(0);
    expect(await marks('incident')).toBeGreaterThan(0);
    await closeUp(page.getByTestId('annotation-toggles'), 'health-zh-light-annotation-toggles');
    await page.getByTestId('annotation-toggle-activity').click();
    await expect.poll(() => marks('activity')).toBeGreaterThan(0);
    await closeUp(messages, 'health-zh-light-messages-marks');
    await closeUp(channels, 'health-zh-light-channels');
    await closeUp(tiers, 'health-zh-light-tiers');
    expectNoProblems(app);
  });

  it('exports a chart as PNG and its data as CSV (UTF-8 with a BOM)', async () => {
    const { page } = app;
    const png = await download(page, page.getByTestId('export-chart-messages'), 'export-png-chart-messages');
    expect(png.file.suggestedFilename()).toMatch(
      /^群健康度-全部群组-每日消息数-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.png$/,
    );
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: twice the chart's size on screen, with room for the title and legend.
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(800);
    expect(png.bytes.readUInt32BE(20)).toBeGreaterThan(400);
    writeFileSync(join(screenshotDir, 'health-export-messages.png'), png.bytes);

    const heatmap = await download(
      page,
      page.getByTestId('export-chart-heatmap'),
      'export-png-chart-heatmap',
    );
    expect(heatmap.bytes.subarray(1, 4).toString()).toBe('PNG');
    writeFileSync(join(screenshotDir, 'health-export-heatmap.png'), heatmap.bytes);
    const tiers = await download(page, page.getByTestId('export-chart-tiers'), 'export-png-chart-tiers');
    writeFileSync(join(screenshotDir, 'health-export-tiers.png'), tiers.bytes);

    const csv = await download(page, page.getByTestId('export-chart-messages'), 'export-csv-chart-messages');
    expect(csv.file.suggestedFilename()).toMatch(/\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日期,消息数,标注');
    // The rows are the chart's own numbers, day by day.
    const dispatch = app.backend.createDispatch(() => true);
    const series = await dispatch(
      'health.metric',
      { series: 'messages', days: 30 },
      { origin: '', isMainFrame: true },
    );
    if (!series.ok) throw new Error('health.metric failed');
    const value = series.value as { dates: string[]; lines: { values: number[] }[] };
    expect(lines).toHaveLength(value.dates.length + 1);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(
      value.dates.map((date, index) => `${date},${value.lines[0]!.values[index]}`),
    );
    expect(lines.some((line) => line.includes('活动：读书沙龙'))).toBe(true);

    const cohorts = await download(
      page,
      page.getByTestId('export-chart-cohorts'),
      'export-csv-chart-cohorts',
    );
    expect(cohorts.bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe(
      '入群月份,入群人数,入群后第几月,仍在群,仍发言,本月尚未结束',
    );
    // Tables export data only.
    await page.getByTestId('export-top-members').click();
    await page.getByTestId('export-csv-top-members').waitFor();
    expect(await page.getByTestId('export-png-top-members').count()).toBe(0);
    await page.keyboard.press('Escape');
    expectNoProblems(app);
  });

  it('prints a health report with every card and chart (Save as PDF)', async () => {
    const { page } = app;
    await page.evaluate(() => {
      const counted = globalThis as unknown as { printed: number };
      counted.printed = 0;
      (globalThis as unknown as { print: () => void }).print = () => {
        counted.printed += 1;
      };
    });
    await page.getByTestId('health-report').click();
    const report = page.getByTestId('health-print');
    await report.waitFor({ state: 'attached' });
    expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
    // One table per group card, one image per chart drawn on the page.
    expect(await report.getByTestId('report-card').count()).toBe(
      await page.getByTestId('health-card').count(),
    );
    expect(await report.getByTestId('report-card').first().locator('tr').count()).toBe(11);
    const charts = await page
      .locator('[data-chart-title] svg.recharts-surface, [data-chart-title] svg[data-chart-svg]')
      .count();
    expect(await report.locator('img').count()).toBe(charts);
    expect(charts).toBeGreaterThanOrEqual(9);
    // The table of activity conversions prints too; the violations chart is one of the images.
    expect(await report.getByTestId('report-conversion').count()).toBe(2);
    expect(await report.locator('img[alt="违规类别"]').count()).toBe(1);
    expect(await report.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => report.isVisible()).toBe(true);
    await expect
      .poll(() =>
        report
          .locator('img')
          .evaluateAll((images) =>
            images.every((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0),
          ),
      )
      .toBe(true);
    await app.screenshot('health-report-print');
    const pdf = await page.pdf({ path: join(screenshotDir, 'health-report.pdf'), format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(50_000);
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() =>
      (globalThis as unknown as { dispatchEvent(event: Event): void }).dispatchEvent(new Event('afterprint')),
    );
    await report.waitFor({ state: 'detached' });
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
    await closeUp(page.getByTestId('chart-tiers'), 'health-zh-dark-tiers');
    await closeUp(page.getByTestId('chart-messages'), 'health-zh-dark-messages-marks');
    // The printed report redraws dark-mode charts in the light theme's colours, for paper.
    await page.evaluate(() => {
      (globalThis as unknown as { print: () => void }).print = () => {};
    });
    await page.getByTestId('health-report').click();
    const report = page.getByTestId('health-print');
    await report.waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    await report
      .locator('img')
      .first()
      .screenshot({ path: join(screenshotDir, 'health-report-dark-chart.png') });
    const corner = await report
      .locator('img')
      .first()
      .evaluate((image) => {
        const source = image as unknown as { naturalWidth: number; naturalHeight: number };
        const canvas = (
          globalThis as unknown as { document: { createElement(tag: string): unknown } }
        ).document.createElement('canvas') as {
          width: number;
          height: number;
          getContext(kind: string): {
            drawImage(...args: unknown[]): void;
            getImageData(...args: number[]): { data: number[] };
          };
        };
        canvas.width = source.naturalWidth;
        canvas.height = source.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        return [...context.getImageData(2, 2, 1, 1).data];
      });
    // A white background, not the dark card.
    expect(corner.slice(0, 3)).toEqual([255, 255, 255]);
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() =>
      (globalThis as unknown as { dispatchEvent(event: Event): void }).dispatchEvent(new Event('afterprint')),
    );
    await report.waitFor({ state: 'detached' });

    await setSettings({ locale: 'en' });
    await page.getByTestId('screen-health').getByRole('heading', { name: 'Group health' }).waitFor();
    expect(await page.getByTestId('nav-health').textContent()).toContain('Health');
    await page.getByTestId('activity-conversions').getByText('Activity conversion').waitFor();
    await waitForCharts(page);
    await app.screenshot('health-en-dark');
    await closeUp(page.getByTestId('activity-conversions'), 'health-en-dark-conversions');
    await closeUp(page.getByTestId('chart-violations'), 'health-en-dark-violations');

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
