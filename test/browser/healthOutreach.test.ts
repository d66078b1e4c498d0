/**
 * 唤醒触达 on the health dashboard: the list with what each outreach reached and woke, the form that records one,
 * the wake-up settings, the outreach marks on the trend charts, in light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { join } from 'node:path';
import type { Backend } from '../../electron/main/backend';
import { recordOutreach } from '../../electron/main/services/healthOutreach';
import { screenshotDir, startApp, type AppUnderTest } from '../support/browserHarness';
import {
  chooseOption,
  expectNoProblems,
  fillDateTime,
  goTo,
  loadSmallDemo,
  settle,
  switchTo,
  useBrowser,
} from './helpers';

const day = 86_400_000;
let lastMessageAt = 0;
let chosenMember = '';

/** The small demo with an activity and one outreach (to every silent member) in its last month. */
async function prepareWorkspace(backend: Backend): Promise<void> {
  await loadSmallDemo(backend);
  const { db } = backend.context;
  lastMessageAt = db.prepare('SELECT max(sent_at) FROM messages').pluck().get() as number;
  const groupId = db.prepare('SELECT min(id) FROM groups').pluck().get() as number;
  chosenMember = db
    .prepare(
      `SELECT m.display_name FROM group_members gm JOIN members m ON m.id = gm.member_id
       WHERE gm.group_id = ? AND gm.left_at IS NULL ORDER BY m.id LIMIT 1`,
    )
    .pluck()
    .get(groupId) as string;
  db.prepare(
    `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, created_at, updated_at)
     VALUES (?, 'salon', '老友回归沙龙', 'engagement', ?, ?, 0, 0)`,
  ).run(groupId, lastMessageAt - 18 * day, lastMessageAt - 18 * day + 7_200_000);
  recordOutreach(backend.context, {
    groupId,
    at: lastMessageAt - 15 * day,
    channel: 'mention',
    note: '群内@沉默老友',
  });
}

async function closeUp(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

describe('wake-up outreach on the health dashboard', () => {
  const browser = useBrowser();
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp(browser(), { prepare: prepareWorkspace, viewport: { width: 1440, height: 1800 } });
  });
  afterAll(async () => app?.close());

  it('lists outreach with reached, silent and woken members, and records a new one through the form', async () => {
    const { page } = app;
    await switchTo(app, { locale: 'zh-CN', colorScheme: 'light' });
    await goTo(page, '/health');
    const card = page.getByTestId('wake-outreach');
    const rows = card.getByTestId('outreach-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const first = (await rows.first().textContent()) ?? '';
    expect(first).toContain('群内@');
    expect(first).toContain('群内@沉默老友');
    expect(await card.getByTestId('wake-settings-summary').textContent()).toBe(
      '沉默天数 30 天 · 响应窗口 14 天',
    );
    // The card's rate reads from the same actions: a percentage or "no data", never a bare 0 without actions.
    const rate = page.getByTestId('health-card').first().getByTestId('card-metric-silentWakeUpRate');
    await rate
      .getByText(/%|无数据/)
      .first()
      .waitFor();
    await card.scrollIntoViewIfNeeded();
    await closeUp(card, 'health-outreach-zh-light-card');
    // The outreach toggle of the annotation layer, and the wake-up chart drawn.
    await page.getByTestId('annotation-toggle-outreach').waitFor();
    const wakeUps = page.getByTestId('chart-wakeUps');
    await wakeUps.locator('svg.recharts-surface').waitFor();
    await wakeUps.scrollIntoViewIfNeeded();
    await closeUp(wakeUps, 'health-outreach-zh-light-wakeups');
    await closeUp(page.getByTestId('chart-messages'), 'health-outreach-zh-light-messages-marks');

    await card.getByTestId('add-outreach').click();
    const form = page.getByTestId('outreach-form');
    await fillDateTime(form, 'outreach-at', lastMessageAt - 5 * day);
    await chooseOption(page, 'outreach-channel', '公众号推送');
    await form.getByTestId('outreach-note').fill('回归福利推送');
    await settle(page);
    await page.screenshot({ path: join(screenshotDir, 'health-outreach-zh-light-form.png') });
    await form.getByTestId('outreach-save').click();
    await page.getByText(/已登记唤醒触达，触达 [\d,]+ 人/).waitFor();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.first().textContent()).toContain('公众号推送');
    expectNoProblems(app);
  });

  it('changes the silence and response window, and deletes an outreach', async () => {
    const { page } = app;
    const card = page.getByTestId('wake-outreach');
    await card.getByTestId('open-wake-settings').click();
    const settings = page.getByTestId('wake-settings-form');
    await settings.getByTestId('wake-responseDays').fill('7');
    await settings.getByTestId('wake-settings-save').click();
    await card.getByTestId('wake-settings-summary').getByText('沉默天数 30 天 · 响应窗口 7 天').waitFor();

    const rows = card.getByTestId('outreach-row');
    await rows.first().getByTestId('delete-outreach').click();
    await page.getByTestId('confirm-delete-outreach').click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('群内@沉默老友');
    expectNoProblems(app);
  });

  it('reads well in dark mode and in English', async () => {
    const { page } = app;
    await switchTo(app, { colorScheme: 'dark' });
    const card = page.getByTestId('wake-outreach');
    await card.scrollIntoViewIfNeeded();
    await settle(page);
    await closeUp(card, 'health-outreach-zh-dark-card');
    await closeUp(page.getByTestId('chart-wakeUps'), 'health-outreach-zh-dark-wakeups');
    await card.getByTestId('add-outreach').click();
    await page.getByTestId('outreach-audience').getByText('指定成员').click();
    const members = page.getByTestId('outreach-members');
    await members.click();
    await members.fill(chosenMember);
    await page.getByRole('option', { name: chosenMember, exact: true }).click();
    await fillDateTime(page.getByTestId('outreach-form'), 'outreach-at', lastMessageAt - 3 * day);
    await settle(page);
    await page.screenshot({ path: join(screenshotDir, 'health-outreach-zh-dark-form.png') });
    await page.getByTestId('outreach-save').click();
    await page.getByText('已登记唤醒触达，触达 1 人').waitFor();
    const rows = card.getByTestId('outreach-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.first().textContent()).toContain('私聊');

    await switchTo(app, { locale: 'en', colorScheme: 'light' });
    await card.getByText('Wake-up outreach').waitFor();
    expect(await card.getByTestId('wake-settings-summary').textContent()).toBe(
      'Silence 30 days · response window 7 days',
    );
    await closeUp(card, 'health-outreach-en-light-card');
    expectNoProblems(app);
  });
});
