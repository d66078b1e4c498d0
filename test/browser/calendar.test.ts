import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listAudit } from '../../electron/main/db/repositories/audit';
import { listEntries, saveItem } from '../../electron/main/services/calendar';
import { checkInList, listActivityViews } from '../../electron/main/services/calendarActivities';
import { applyCadenceTemplate } from '../../electron/main/services/calendarPlanning';
import { createGroup } from '../../electron/main/services/groups';
import { listGroups } from '../../electron/main/db/repositories/groups';
import type { Backend } from '../../electron/main/backend';
import { addDays, startOfWeek } from '../../shared/domain/calendar/localTime';
import { startApp, type AppUnderTest } from '../support/browserHarness';
import { expectNoProblems, goTo, loadSmallDemo, useBrowser } from './helpers';

/** Today on this machine's clock, as the calendar screen computes it. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The page fits the window: nothing scrolls sideways at 1280×800. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  // A string: the test project has no DOM types, the page has the DOM.
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

async function switchTo(app: AppUnderTest, settings: { locale?: 'en' | 'zh-CN'; colorScheme?: 'light' | 'dark' }) {
  // Through the page's own window.api, as the settings screen does.
  await app.page.evaluate(`window.api.settings.update(${JSON.stringify(settings)})`);
  if (settings.colorScheme)
    await app.page.locator(`html[data-mantine-color-scheme="${settings.colorScheme}"]`).waitFor({ state: 'attached' });
  if (settings.locale) await app.page.locator(`html[lang="${settings.locale}"]`).waitFor({ state: 'attached' });
}

/** Before a screenshot: notifications closed and every transition (drawers sliding in) finished. */
async function settle(page: Page): Promise<void> {
  // Strings evaluated over CDP, as the page's CSP forbids eval; queued notifications show up as others close.
  const closeNotifications = `(() => {
    const buttons = document.querySelectorAll('.mantine-Notification-closeButton');
    buttons.forEach((button) => button.click());
    return buttons.length;
  })()`;
  await expect.poll(() => page.evaluate(closeNotifications)).toBe(0);
  const running = `document.getAnimations().filter((animation) => animation.playState === 'running').length`;
  await expect.poll(() => page.evaluate(running)).toBe(0);
}

function makeGroup(backend: Backend, name: string) {
  return createGroup(backend.context, { name, type: 'content', positioning: '', coreGoal: '', memberCap: 500 });
}

describe('content calendar', () => {
  const browser = useBrowser();

  it('plans a week from the cadence gaps, moves an entry and takes it from draft to sent', async () => {
    const app = await startApp(browser());
    const { page, backend } = app;
    const db = backend.workspace.db;
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
    try {
      // No group yet: the calendar says what to do first.
      await page.getByTestId('nav-calendar').click();
      await page.getByTestId('screen-calendar').getByText('先建一个群').waitFor();
      await settle(page);
      await app.screenshot('calendar-no-groups');
      await page.getByTestId('screen-calendar').getByRole('button', { name: '新建群组' }).click();
      const groupForm = page.getByRole('dialog');
      await groupForm.getByLabel('群名称').fill('读书会');
      await groupForm.getByRole('button', { name: '创建' }).click();
      await groupForm.waitFor({ state: 'detached' });

      // Week view with no rhythm yet; the cadence settings apply the operations guide's template.
      await goTo(page, '/calendar');
      await page.getByTestId('gap-panel').getByText('还没有设置内容节奏', { exact: false }).waitFor();
      await page.getByTestId('calendar-group').getByText('读书会').click();
      await page.getByTestId('open-cadence').click();
      const cadence = page.getByTestId('cadence-modal');
      await cadence.getByText('还没有规则', { exact: false }).waitFor();
      await cadence.getByTestId('apply-operations-template').click();
      await page.getByText('已套用「运营指南内容节奏」，现有 4 条规则').waitFor();
      await expect.poll(() => cadence.getByTestId('cadence-rule').count()).toBe(4);
      await settle(page);
      await app.screenshot('calendar-cadence-zh-light');
      await page.keyboard.press('Escape');
      await cadence.getByTestId('cadence-rules').waitFor({ state: 'detached' });

      // The gap report for this week, in the domain's words.
      const gaps = page.getByTestId('gap-panel');
      await gaps.getByText('本周缺 3 篇干货教程').waitFor();
      await gaps.getByText('周三 14:00 互动话题未安排').waitFor();
      await gaps.getByText('本周缺 1 场限时活动').waitFor();
      expect(await gaps.getByTestId('gap-summary').textContent()).toBe('应有 25 项，已安排 0 项，缺 25 项');
      const week = page.getByTestId('calendar-week');
      expect(await week.getByTestId('empty-slot').count()).toBe(25);
      expect(await week.locator('[data-testid="calendar-day"][data-today]').count()).toBe(1);
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-week-gaps-zh-light');

      // Fill the first tutorial slot ("点击安排"): the editor opens with the slot's group, type, day and time.
      const slot = week.locator('[data-testid="empty-slot"][data-content-type="tutorial"]').first();
      const slotDay = await slot.locator('xpath=ancestor::*[@data-testid="calendar-day"]').getAttribute('data-date');
      expect(slotDay).toBe(startOfWeek(today()));
      await slot.click();
      const editor = page.getByTestId('item-editor');
      await editor.getByText('新建日程').first().waitFor();
      expect(await editor.getByLabel('时间', { exact: true }).inputValue()).toBe('10:00');
      expect(await editor.getByLabel('日期', { exact: true }).inputValue()).toBe(slotDay);
      await editor.getByLabel('标题').fill('三步写好群公告');
      await editor.getByLabel('正文').fill('第一步：先说清楚为什么 ');
      await editor.getByRole('button', { name: '插入 🎉' }).click();
      await editor.getByLabel('图片和附件').fill('海报.png');
      await page.keyboard.press('Enter');
      await settle(page);
      await app.screenshot('calendar-editor-new-zh-light');
      await editor.getByTestId('save-item').click();
      await page.getByText('已创建「三步写好群公告」').waitFor();
      await gaps.getByText('本周缺 2 篇干货教程').waitFor();
      const chip = week.getByTestId('calendar-entry').filter({ hasText: '三步写好群公告' });
      await chip.waitFor();
      expect(await chip.getAttribute('data-status')).toBe('draft');

      // Drag it to the next day: it keeps its time, the backend stores the new day.
      const nextDay = addDays(slotDay!, 1);
      const target = week.locator(`[data-testid="calendar-day"][data-date="${nextDay}"]`);
      // Below the day's three empty slots: on the day itself, not on a slot (which would set the slot's time).
      await chip.dragTo(target, { targetPosition: { x: 12, y: 260 } });
      await page.getByText('已把「三步写好群公告」改到', { exact: false }).waitFor();
      await target.getByTestId('calendar-entry').filter({ hasText: '三步写好群公告' }).waitFor();
      const [moved] = listEntries(backend.context, { from: slotDay!, to: addDays(slotDay!, 6) });
      expect(moved).toMatchObject({ title: '三步写好群公告', localDate: nextDay, localTime: '10:00', status: 'draft' });

      // Draft → review → approved, copy the final text, mark as sent.
      await target.getByTestId('calendar-entry').filter({ hasText: '三步写好群公告' }).click();
      const workflow = editor.getByTestId('item-workflow');
      await workflow.getByTestId('transition-review').waitFor();
      expect(await workflow.getByTestId('transition-approved').count()).toBe(0);
      await workflow.getByTestId('transition-review').click();
      await workflow.locator('[data-testid="status-badge"][data-status="review"]').waitFor();
      expect(await workflow.getByTestId('mark-sent').count()).toBe(0);
      await workflow.getByTestId('transition-approved').click();
      await workflow.locator('[data-testid="status-badge"][data-status="approved"]').waitFor();
      await workflow.getByTestId('copy-text').click();
      await page.getByText('已复制，可以粘贴到群里了').waitFor();
      const copied = await page.evaluate('navigator.clipboard.readText()');
      expect(copied).toBe('第一步：先说清楚为什么 🎉\n\n【附件】海报.png');
      await settle(page);
      await app.screenshot('calendar-editor-approved-zh-light');
      await workflow.getByTestId('mark-sent').click();
      await workflow.locator('[data-testid="status-badge"][data-status="sent"]').waitFor();
      await workflow.getByTestId('sent-info').getByText('本机用户', { exact: false }).waitFor();
      expect(await workflow.locator('button[data-testid^="transition-"]').count()).toBe(0);
      await editor.getByTestId('sent-lock').waitFor();
      await expect.poll(() => editor.getByTestId('history-item').count()).toBe(4);
      await editor.getByText('待审核 → 已通过').waitFor();
      await settle(page);
      await app.screenshot('calendar-editor-sent-zh-light');
      await page.keyboard.press('Escape');
      await editor.getByTestId('item-form').waitFor({ state: 'detached' });
      await week.locator('[data-testid="calendar-entry"][data-status="sent"]').waitFor();

      // Month and agenda views show the same entry.
      await page.getByTestId('calendar-view').getByText('月', { exact: true }).click();
      await page.getByTestId('calendar-month').getByTestId('calendar-entry').filter({ hasText: '三步写好群公告' }).waitFor();
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-month-zh-light');
      await page.getByTestId('calendar-view').getByText('日程', { exact: true }).click();
      await page.getByTestId('calendar-agenda').getByTestId('agenda-entry').filter({ hasText: '三步写好群公告' }).waitFor();
      await settle(page);
      await app.screenshot('calendar-agenda-zh-light');

      // Every step is in the activity log.
      await goTo(page, '/audit');
      await page.getByTestId('audit-row').first().waitFor();
      const calendarActions = listAudit(db, 0, 50)
        .rows.filter((entry) => entry.entity === 'calendar_item')
        .map((entry) => entry.action);
      expect(calendarActions).toEqual(['markSent', 'transition', 'transition', 'move', 'create']);
      const table = page.getByTestId('audit-table');
      await table.getByText('标记已发送', { exact: true }).waitFor();
      expect(await table.getByText('状态变更', { exact: true }).count()).toBe(2);
      expect(await table.getByText('改期', { exact: true }).count()).toBe(1);
      expect(await table.getByText('套用模板', { exact: true }).count()).toBe(1);
      await settle(page);
      await app.screenshot('calendar-audit-zh-light');

      // English and dark: the same screens, no overflow.
      await goTo(page, '/calendar');
      await switchTo(app, { locale: 'en', colorScheme: 'dark' });
      await page.getByRole('heading', { name: 'Content calendar' }).waitFor();
      await page.getByTestId('calendar-view').getByText('Week', { exact: true }).click();
      await page.getByTestId('gap-panel').getByText('This week: 2 × tutorial missing').waitFor();
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-week-en-dark');
      await page.getByTestId('calendar-entry').filter({ hasText: '三步写好群公告' }).click();
      await editor.getByText('Sent by', { exact: false }).waitFor();
      await settle(page);
      await app.screenshot('calendar-editor-sent-en-dark');
      await page.keyboard.press('Escape');
      await switchTo(app, { locale: 'zh-CN' });
      await page.getByRole('heading', { name: '内容日历' }).waitFor();
      await settle(page);
      await app.screenshot('calendar-week-zh-dark');
      await page.getByTestId('calendar-view').getByText('月', { exact: true }).click();
      await page.getByTestId('calendar-month').waitFor();
      await settle(page);
      await app.screenshot('calendar-month-zh-dark');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('skips and restores an occurrence, warns about caps and tracks a check-in streak', async () => {
    const monday = startOfWeek(today());
    const app = await startApp(browser(), {
      prepare: (backend) => {
        const group = makeGroup(backend, '宝妈答疑群');
        // A weekly series on Monday and Wednesday, and two customer mass messages on one day (the cap is one).
        saveItem(backend.context, {
          groupId: group.id,
          title: '每周答疑',
          contentType: 'interactive_topic',
          channel: 'manual',
          startsAt: Date.parse(`${monday}T14:00:00+08:00`),
          durationMinutes: 30,
          body: '本周答疑开始啦',
          attachments: [],
          notes: '',
          recurrence: { freq: 'weekly', interval: 1, byWeekday: [1, 3], end: { kind: 'count', count: 6 } },
        });
        for (const [title, time] of [
          ['新品预告', '09:00'],
          ['限时优惠提醒', '18:00'],
        ] as const) {
          saveItem(backend.context, {
            groupId: group.id,
            title,
            contentType: 'announcement',
            channel: 'wecom_customer_mass',
            startsAt: Date.parse(`${addDays(monday, 4)}T${time}:00+08:00`),
            durationMinutes: 10,
            body: '',
            attachments: [],
            notes: '',
            recurrence: null,
          });
        }
      },
    });
    const { page, backend } = app;
    try {
      await goTo(page, '/calendar');
      const week = page.getByTestId('calendar-week');
      const series = week.getByTestId('calendar-entry').filter({ hasText: '每周答疑' });
      await expect.poll(() => series.count()).toBe(2);

      // The cap warning names the day and the cap.
      const caps = page.getByTestId('cap-warnings');
      await caps.getByText(`${addDays(monday, 4)} 计划了 2 次客户群发，每位客户每天最多收到 1 次`, { exact: false }).waitFor();
      await settle(page);
      await app.screenshot('calendar-caps-zh-light');

      // Skip Wednesday's occurrence, then bring it back from the notification.
      const wednesday = addDays(monday, 2);
      await week.locator(`[data-testid="calendar-day"][data-date="${wednesday}"]`).getByTestId('calendar-entry').click();
      const editor = page.getByTestId('item-editor');
      await editor.getByTestId('edit-scope').waitFor();
      await editor.getByText('每周 周一、周三 · 共 6 次').waitFor();
      await settle(page);
      await app.screenshot('calendar-series-zh-light');
      await editor.getByTestId('skip-occurrence').click();
      await page.getByText(`已跳过 ${wednesday} 这一次`).waitFor();
      await expect.poll(() => series.count()).toBe(1);
      await page.getByRole('button', { name: '撤销' }).click();
      await page.getByText(`已恢复 ${wednesday} 这一次`).waitFor();
      await expect.poll(() => series.count()).toBe(2);

      // A check-in challenge from its template, started six days ago so a week's streak fits.
      await page.getByTestId('tab-activities').click();
      await page.getByTestId('activity-template-checkin_challenge').click();
      const activityEditor = page.getByTestId('activity-editor');
      const start = addDays(today(), -6);
      await activityEditor.getByLabel('活动名称').fill('21 天早起打卡');
      await activityEditor.getByLabel('开始日期').fill(start);
      await activityEditor.getByTestId('activity-group').click();
      await page.getByRole('option', { name: '宝妈答疑群' }).click();
      await activityEditor.getByTestId('save-activity').click();
      await page.getByText('已保存活动「21 天早起打卡」').waitFor();
      const row = page.getByTestId('activity-row').filter({ hasText: '21 天早起打卡' });
      await row.waitFor();
      await settle(page);
      await app.screenshot('calendar-activities-zh-light');

      await row.click();
      const panel = activityEditor.getByTestId('checkin-panel');
      await panel.waitFor();
      for (let day = 0; day < 7; day += 1) {
        await panel.getByTestId('checkin-date').fill(addDays(start, day));
        // A pasted 接龙 list: numbers in front go, repeats count once.
        await panel.getByTestId('checkin-names').fill(day < 3 ? '1. 小王\n2、小李\n3. 小王' : '1. 小王');
        await panel.getByTestId('record-checkins').click();
        await page.getByText(`已记录 ${day < 3 ? 2 : 1} 条打卡`, { exact: false }).first().waitFor();
        await expect.poll(() => panel.getByTestId('checkin-names').inputValue()).toBe('');
      }
      const wang = panel.locator('[data-testid="streak-row"][data-participant="小王"]');
      await wang.getByTestId('streak-current').getByText('7 天').waitFor();
      expect(await wang.getByText('3 天', { exact: true }).count()).toBe(1);
      expect(await wang.getByText('7 天', { exact: true }).count()).toBe(2);
      const li = panel.locator('[data-testid="streak-row"][data-participant="小李"]');
      expect(await li.getByTestId('streak-current').textContent()).toBe('0 天');
      const [activity] = listActivityViews(backend.context, {});
      expect(checkInList(backend.context, activity!.id)).toHaveLength(10);
      await settle(page);
      await app.screenshot('calendar-checkins-zh-light');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('plans across the demo groups: every group’s slots and gaps, by group on demand', async () => {
    const app = await startApp(browser(), {
      prepare: async (backend) => {
        await loadSmallDemo(backend);
        for (const group of listGroups(backend.workspace.db)) {
          applyCadenceTemplate(backend.context, { groupId: group.id, template: 'operations', mode: 'merge' });
          applyCadenceTemplate(backend.context, { groupId: group.id, template: 'activities', mode: 'merge' });
        }
      },
    });
    const { page, backend } = app;
    try {
      const groups = listGroups(backend.workspace.db);
      expect(groups).toHaveLength(3);
      await goTo(page, '/calendar');
      const gaps = page.getByTestId('gap-panel');
      await gaps.getByTestId('gap-summary').filter({ hasText: /应有 \d+ 项/ }).waitFor();
      const expectedAll = Number((await gaps.getByTestId('gap-summary').textContent())?.match(/应有 (\d+) 项/)?.[1]);
      // Three groups of the same rhythm: three times one group's slots (the activity rhythms vary by week).
      expect(expectedAll % 3).toBe(0);
      expect(expectedAll).toBeGreaterThanOrEqual(75);
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-demo-all-groups-zh-light');

      await page.getByTestId('calendar-group').getByText(groups[0]!.name).click();
      await expect
        .poll(async () => Number((await gaps.getByTestId('gap-summary').textContent())?.match(/应有 (\d+) 项/)?.[1]))
        .toBe(expectedAll / 3);
      await page.getByTestId('calendar-view').getByText('月', { exact: true }).click();
      await page.getByTestId('calendar-month').waitFor();
      await switchTo(app, { locale: 'en', colorScheme: 'dark' });
      await page.getByRole('heading', { name: 'Content calendar' }).waitFor();
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-demo-month-en-dark');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });
});
