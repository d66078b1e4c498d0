import { describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/main/db/repositories/audit';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { listEntries, saveItem, transitionDraft } from '../../electron/main/services/calendar';
import {
  checkInList,
  listActivityViews,
  recordCheckIns,
  saveActivity,
} from '../../electron/main/services/calendarActivities';
import { saveMaterial } from '../../electron/main/services/calendarMaterials';
import { noDraftCheck } from '../../shared/domain/calendar/workflow';
import { applyCadenceTemplate } from '../../electron/main/services/calendarPlanning';
import { createGroup } from '../../electron/main/services/groups';
import { listGroups } from '../../electron/main/db/repositories/groups';
import type { Backend } from '../../electron/main/backend';
import { addDays, startOfWeek } from '../../shared/domain/calendar/localTime';
import { startApp } from '../support/browserHarness';
import {
  expectNoHorizontalOverflow,
  expectNoProblems,
  goTo,
  loadSmallDemo,
  settle,
  switchTo,
  timeFieldValue,
  useBrowser,
} from './helpers';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** Today on this machine's clock, as the calendar screen computes it. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function makeGroup(backend: Backend, name: string) {
  return createGroup(backend.context, {
    name,
    type: 'content',
    positioning: '',
    coreGoal: '',
    memberCap: 500,
  });
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
      await eventually(() => cadence.getByTestId('cadence-rule').count()).toBe(4);
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
      const slotDay = await slot
        .locator('xpath=ancestor::*[@data-testid="calendar-day"]')
        .getAttribute('data-date');
      expect(slotDay).toBe(startOfWeek(today()));
      await slot.click();
      const editor = page.getByTestId('item-editor');
      await editor.getByText('新建日程').first().waitFor();
      expect(await timeFieldValue(editor, '时间')).toBe('10:00');
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
      expect(moved).toMatchObject({
        title: '三步写好群公告',
        localDate: nextDay,
        localTime: '10:00',
        status: 'draft',
      });

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
      await eventually(() => editor.getByTestId('history-item').count()).toBe(4);
      await editor.getByText('待审核 → 已通过').waitFor();
      await settle(page);
      await app.screenshot('calendar-editor-sent-zh-light');
      await page.keyboard.press('Escape');
      await editor.getByTestId('item-form').waitFor({ state: 'detached' });
      await week.locator('[data-testid="calendar-entry"][data-status="sent"]').waitFor();

      // Month and agenda views show the same entry.
      await page.getByTestId('calendar-view').getByText('月', { exact: true }).click();
      await page
        .getByTestId('calendar-month')
        .getByTestId('calendar-entry')
        .filter({ hasText: '三步写好群公告' })
        .waitFor();
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-month-zh-light');
      await page.getByTestId('calendar-view').getByText('日程', { exact: true }).click();
      await page
        .getByTestId('calendar-agenda')
        .getByTestId('agenda-entry')
        .filter({ hasText: '三步写好群公告' })
        .waitFor();
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
      await eventually(() => series.count()).toBe(2);

      // The cap warning names the day and the cap.
      const caps = page.getByTestId('cap-warnings');
      await caps
        .getByText(`${addDays(monday, 4)} 计划了 2 次客户群发，每位客户每天最多收到 1 次`, { exact: false })
        .waitFor();
      await settle(page);
      await app.screenshot('calendar-caps-zh-light');

      // Skip Wednesday's occurrence, then bring it back from the notification.
      const wednesday = addDays(monday, 2);
      await week
        .locator(`[data-testid="calendar-day"][data-date="${wednesday}"]`)
        .getByTestId('calendar-entry')
        .click();
      const editor = page.getByTestId('item-editor');
      await editor.getByTestId('edit-scope').waitFor();
      await editor.getByText('每周 周一、周三 · 共 6 次').waitFor();
      await settle(page);
      await app.screenshot('calendar-series-zh-light');
      await editor.getByTestId('skip-occurrence').click();
      await page.getByText(`已跳过 ${wednesday} 这一次`).waitFor();
      await eventually(() => series.count()).toBe(1);
      await page.getByRole('button', { name: '撤销' }).click();
      await page.getByText(`已恢复 ${wednesday} 这一次`).waitFor();
      await eventually(() => series.count()).toBe(2);

      // A check-in challenge from its template, started six days ago so a week's streak fits.
      await page.getByTestId('tab-activities').click();
      await page.getByTestId('activity-template-checkin_challenge').click();
      const activityEditor = page.getByTestId('activity-editor');
      const start = addDays(today(), -6);
      await activityEditor.getByLabel('活动名称').fill('21 天早起打卡');
      await activityEditor.getByLabel('开始日期').fill(start);
      await activityEditor.getByTestId('activity-group').click();
      await page.getByRole('option', { name: '宝妈答疑群' }).click();
      // The run-sheet: a step with its owner and a date and time in the 24-hour clock.
      await activityEditor.getByRole('tab', { name: '执行清单' }).click();
      await activityEditor.getByRole('button', { name: '添加步骤' }).click();
      await activityEditor.getByPlaceholder('要做的事，如：提前一天发预告').fill('群公告预告打卡规则');
      await activityEditor.getByPlaceholder('负责人').fill('小王');
      await activityEditor.getByLabel('时间 日期', { exact: true }).fill(addDays(start, -1));
      await activityEditor.getByRole('spinbutton', { name: '时间 时', exact: true }).fill('20');
      await activityEditor.getByRole('spinbutton', { name: '时间 分', exact: true }).fill('30');
      await settle(page);
      await app.screenshot('calendar-activity-run-sheet-zh-light');
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
        await page
          .getByText(`已记录 ${day < 3 ? 2 : 1} 条打卡`, { exact: false })
          .first()
          .waitFor();
        await eventually(() => panel.getByTestId('checkin-names').inputValue()).toBe('');
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
      await gaps
        .getByTestId('gap-summary')
        .filter({ hasText: /应有 \d+ 项/ })
        .waitFor();
      const expectedAll = Number(
        (await gaps.getByTestId('gap-summary').textContent())?.match(/应有 (\d+) 项/)?.[1],
      );
      // Three groups of the same rhythm: three times one group's slots (the activity rhythms vary by week).
      expect(expectedAll % 3).toBe(0);
      expect(expectedAll).toBeGreaterThanOrEqual(75);
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-demo-all-groups-zh-light');

      await page.getByTestId('calendar-group').getByText(groups[0]!.name).click();
      await expect
        .poll(async () =>
          Number((await gaps.getByTestId('gap-summary').textContent())?.match(/应有 (\d+) 项/)?.[1]),
        )
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

  it('keeps a material library, labels festivals, exports the plan and reports on an activity', async () => {
    const beijing = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
    let seriesTitle = '';
    const app = await startApp(browser(), {
      prepare: (backend) => {
        const group = makeGroup(backend, '读书会一群');
        const item = (title: string, date: string, time: string, body: string, recurrence = null as never) =>
          saveItem(backend.context, {
            groupId: group.id,
            title,
            contentType: 'interactive_topic',
            channel: 'manual',
            startsAt: beijing(date, time),
            durationMinutes: 30,
            body,
            attachments: [],
            notes: '',
            recurrence,
          });
        seriesTitle = item('每周读书分享', '2026-12-21', '20:00', '本周读完了哪本书？', {
          freq: 'weekly',
          interval: 1,
          byWeekday: [1],
          end: { kind: 'count', count: 4 },
        } as never).title;
        // A draft in review with a scam phrase of the starter word lists: approval will be blocked.
        const risky = item('拼团福利', '2026-12-23', '12:00', '内部渠道刷单返利，名额有限');
        transitionDraft(backend.context, noDraftCheck, { id: risky.id, to: 'review' });
        saveMaterial(backend.context, {
          kind: 'template',
          title: '节日祝福模板',
          body: '【{群名}】祝大家{日期}快乐！',
          reference: '',
          tags: ['节日'],
        });
        saveMaterial(backend.context, {
          kind: 'image',
          title: '冬至海报',
          body: '竖版，适合群公告',
          reference: '冬至海报.png',
          tags: ['节日', '海报'],
        });
        // Two flash sales in the past on the backend's clock (the real one): the later one with check-ins, joiners
        // and messages to report on.
        const saleDay = addDays(today(), -7);
        const sale = (title: string, date: string) =>
          saveActivity(backend.context, {
            groupId: group.id,
            kind: 'flash_sale',
            title,
            startsAt: beijing(date, '20:00'),
            endsAt: beijing(date, '22:00'),
            budgetCents: 50_000,
            runSheet: [],
            materials: [],
            notes: '',
          });
        sale('上周拼团', addDays(saleDay, -7));
        const winter = sale('冬至拼团', saleDay);
        recordCheckIns(backend.context, {
          activityId: winter.id,
          source: 'paste',
          entries: ['小王', '小李', '小张'].map((participant) => ({
            participant,
            at: beijing(saleDay, '20:30'),
          })),
        });
        const db = backend.workspace.db;
        const member = db.prepare(
          'INSERT INTO members (display_name, created_at, updated_at) VALUES (?, 0, 0)',
        );
        for (const [name, time] of [
          ['新朋友一', '20:10'],
          ['新朋友二', '21:40'],
        ] as const) {
          const id = Number(member.run(name).lastInsertRowid);
          db.prepare('INSERT INTO group_members (group_id, member_id, joined_at) VALUES (?, ?, ?)').run(
            group.id,
            id,
            beijing(saleDay, time),
          );
        }
        const say = db.prepare(
          `INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint) VALUES (?, '群友', ?, 'text', '来了', ?)`,
        );
        ['18:30', '19:30', '20:05', '20:20', '20:45', '21:00', '21:30', '21:50'].forEach((time, index) =>
          say.run(group.id, beijing(saleDay, time), `browser-report-${index}`),
        );
      },
    });
    const { page } = app;
    try {
      // The screen's "today": Monday 21 December 2026, the week of 冬至.
      await app.context.clock.setFixedTime(new Date('2026-12-21T10:00:00+08:00'));
      await goTo(page, '/calendar/materials');
      await page.reload();

      // The material library: find by pinyin initials, add a link (a bad one first).
      const panel = page.getByTestId('materials-panel');
      await eventually(() => panel.getByTestId('material-card').count()).toBe(2);
      await panel.getByTestId('material-search').fill('dzhb');
      await eventually(() => panel.getByTestId('material-card').count()).toBe(1);
      await panel.getByTestId('material-card').getByText('冬至海报', { exact: true }).waitFor();
      await panel.getByTestId('material-search').fill('');
      await panel.getByTestId('new-material').click();
      const editor = page.getByTestId('material-editor');
      await editor.getByTestId('material-kind').getByText('链接').click();
      await editor.getByLabel('名称').fill('冬至活动报名表');
      await editor.getByLabel('链接地址').fill('example.com/form');
      await editor.getByLabel('说明').fill('报名入口，冬至当天截止');
      await editor.getByLabel('标签').fill('活动');
      await page.keyboard.press('Enter');
      // Leaving the field closes its suggestions.
      await editor.getByLabel('名称').click();
      await editor.getByTestId('save-material').click();
      await editor.getByText('链接需以 http:// 或 https:// 开头').waitFor();
      await editor.getByLabel('链接地址').fill('https://example.com/form');
      await editor.getByTestId('save-material').click();
      await page.getByText('已保存素材「冬至活动报名表」').waitFor();
      await eventually(() => panel.getByTestId('material-card').count()).toBe(3);
      await panel.getByTestId('material-tag-filter').getByText('节日 · 2').click();
      await eventually(() => panel.getByTestId('material-card').count()).toBe(2);
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-materials-zh-light');
      await panel.getByTestId('material-tag-filter').getByText('节日 · 2').click();

      // The month view labels 冬至, Christmas and New Year's Day (a day off); 冬至's topic ideas plan an entry.
      await page.getByTestId('tab-plan').click();
      await page.getByTestId('calendar-view').getByText('月', { exact: true }).click();
      const month = page.getByTestId('calendar-month');
      const day = (date: string) => month.locator(`[data-testid="calendar-day"][data-date="${date}"]`);
      await day('2026-12-22').getByTestId('special-date').getByText('冬至').waitFor();
      await day('2026-12-25').getByTestId('special-date').getByText('圣诞节').waitFor();
      expect(await day('2027-01-01').getByTestId('special-date').textContent()).toBe('休元旦');
      expect(await day('2026-12-12').getByTestId('special-date').textContent()).toBe('双12');
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-month-festivals-zh-light');
      await day('2026-12-22').getByTestId('special-date').click();
      const topics = page.getByTestId('special-date-topics');
      await topics.getByText('冬至饺子还是汤圆').waitFor();
      await settle(page);
      await app.screenshot('calendar-festival-topics-zh-light');
      await topics.getByTestId('plan-topic').first().click();

      // The editor starts from the topic; a template and an image go in from the library.
      const itemEditor = page.getByTestId('item-editor');
      expect(await itemEditor.getByLabel('标题').inputValue()).toBe('冬至饺子还是汤圆');
      expect(await itemEditor.getByLabel('日期', { exact: true }).inputValue()).toBe('2026-12-22');
      await itemEditor.getByTestId('item-group').click();
      await page.getByRole('option', { name: '读书会一群' }).click();
      await itemEditor.getByTestId('insert-material').click();
      const picker = page.getByTestId('material-picker');
      await picker.getByTestId('material-picker-search').fill('祝福');
      await eventually(() => picker.getByTestId('material-option').count()).toBe(1);
      await picker.getByTestId('material-option').click();
      await expect
        .poll(() => itemEditor.getByLabel('正文').inputValue())
        .toBe('【读书会一群】祝大家12月22日快乐！');
      await itemEditor.getByTestId('insert-material').click();
      await picker.getByTestId('material-picker-search').fill('海报');
      await picker.getByTestId('material-option').filter({ hasText: '冬至海报' }).click();
      await itemEditor.getByText('冬至海报.png', { exact: true }).waitFor();
      await settle(page);
      await app.screenshot('calendar-editor-material-zh-light');
      await itemEditor.getByTestId('save-item').click();
      await page.getByText('已创建「冬至饺子还是汤圆」').waitFor();
      await day('2026-12-22').getByTestId('calendar-entry').filter({ hasText: '冬至饺子还是汤圆' }).waitFor();

      // Approval of a draft with a scam phrase: the block names the words and their category.
      await page.getByTestId('calendar-view').getByText('周', { exact: true }).click();
      await page
        .getByTestId('calendar-week')
        .getByTestId('calendar-entry')
        .filter({ hasText: '拼团福利' })
        .click();
      await itemEditor.getByTestId('transition-approved').click();
      const blocked = itemEditor.getByTestId('approval-blocked');
      await blocked.getByTestId('blocked-word').filter({ hasText: '刷单返利' }).waitFor();
      await blocked.getByTestId('blocked-hits').getByText('诈骗', { exact: true }).waitFor();
      expect(await blocked.textContent()).toContain('高风险敏感词（刷单返利');
      await settle(page);
      await app.screenshot('calendar-approval-blocked-zh-light');
      await page.keyboard.press('Escape');
      await itemEditor.getByTestId('item-form').waitFor({ state: 'detached' });

      // Export the visible week as ICS and as Markdown; both downloads parse back.
      const download = async (item: string) => {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          (async () => {
            await page.getByTestId('calendar-export').click();
            await page.getByTestId(item).click();
          })(),
        ]);
        return { name: file.suggestedFilename(), content: readFileSync((await file.path())!, 'utf8') };
      };
      const ics = await download('export-ics');
      expect(ics.name).toBe('qundesk-calendar-2026-12-21-2026-12-27.ics');
      const calendar = new ICAL.Component(ICAL.parse(ics.content));
      const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
      expect(events.map((event) => event.summary).sort()).toEqual(
        ['冬至饺子还是汤圆', '拼团福利', seriesTitle].sort(),
      );
      expect(events.find((event) => event.summary === seriesTitle)!.isRecurring()).toBe(true);
      const markdown = await download('export-markdown');
      expect(markdown.name).toBe('qundesk-plan-2026-12-21-2026-12-27.md');
      expect(markdown.content).toContain('## 2026-12-22 周二\n\n节日节气：冬至\n');
      // Overdue once the real clock passes the date.
      expect(markdown.content).toMatch(/\| 冬至饺子还是汤圆 \| 草稿( · 已逾期)? \| 冬至海报\.png \|/);

      // The printable week, as the print dialog would show it.
      await page.emulateMedia({ media: 'print' });
      const print = page.getByTestId('week-print');
      await print.getByText('内容周计划 · 2026-12-21 至 2026-12-27').waitFor();
      await print.getByText('冬至饺子还是汤圆').waitFor();
      await app.screenshot('calendar-print-week');
      await page.emulateMedia({ media: 'screen' });

      // The flash sale's report: counted from check-ins until the operator enters the results.
      await page.getByTestId('tab-activities').click();
      await page.getByTestId('activity-row').filter({ hasText: '冬至拼团' }).click();
      const activityEditor = page.getByTestId('activity-editor');
      await activityEditor.getByTestId('report-tab').click();
      const report = activityEditor.getByTestId('activity-report');
      await report.getByTestId('report-participants').getByText('3', { exact: true }).waitFor();
      await report.getByTestId('report-joiners').getByText('2', { exact: true }).waitFor();
      // 6 messages during 20:00–22:00 against 2 in 18:00–20:00: +200%.
      await report.getByTestId('report-messages').getByText('+200%').waitFor();
      await report.getByTestId('results-participants').fill('40');
      await report.getByTestId('results-conversions').fill('12');
      await report.getByTestId('results-spent').fill('600');
      await report.getByTestId('save-results').click();
      await page.getByText('已保存活动结果').waitFor();
      await report.getByTestId('report-cost-per-participant').getByText('¥15.00').waitFor();
      await report.getByTestId('report-conversions').getByText('转化率 30%').waitFor();
      // Still on the report after the save, with both flash sales compared.
      expect(await report.getByTestId('same-kind-row').count()).toBe(2);
      await settle(page);
      await app.screenshot('calendar-report-zh-light');

      // Dark and English.
      await switchTo(app, { colorScheme: 'dark' });
      await settle(page);
      await app.screenshot('calendar-report-zh-dark');
      await switchTo(app, { locale: 'en' });
      await report.getByText('Cost per participant').waitFor();
      await settle(page);
      await app.screenshot('calendar-report-en-dark');
      await page.keyboard.press('Escape');
      await activityEditor.getByTestId('activity-report').waitFor({ state: 'detached' });
      await page.getByTestId('tab-plan').click();
      await page.getByTestId('calendar-view').getByText('Month', { exact: true }).click();
      await day('2026-12-22').getByTestId('special-date').getByText('Winter Solstice').waitFor();
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-month-festivals-en-dark');
      await switchTo(app, { locale: 'zh-CN' });
      await page.getByRole('heading', { name: '内容日历' }).waitFor();
      await settle(page);
      await app.screenshot('calendar-month-festivals-zh-dark');
      await page.getByTestId('tab-materials').click();
      await page.getByTestId('materials-panel').getByTestId('material-card').first().waitFor();
      await settle(page);
      await app.screenshot('calendar-materials-zh-dark');
      await switchTo(app, { locale: 'en', colorScheme: 'light' });
      await page.getByTestId('materials-panel').getByText('New material').waitFor();
      await settle(page);
      await app.screenshot('calendar-materials-en-light');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('imports check-ins from the group messages, links a name to a member and issues the points', async () => {
    const beijing = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
    // Started eight days ago on the backend's (real) clock: a whole week of messages fits.
    const start = addDays(today(), -8);
    const ids = { wang: 0, li: 0, may: 0 };
    let activityId = 0;
    const app = await startApp(browser(), {
      prepare: (backend) => {
        const group = makeGroup(backend, '早起打卡群');
        const db = backend.workspace.db;
        const member = (name: string) => {
          const id = Number(
            db
              .prepare('INSERT INTO members (display_name, created_at, updated_at) VALUES (?, 0, 0)')
              .run(name).lastInsertRowid,
          );
          db.prepare('INSERT INTO group_members (group_id, member_id, joined_at) VALUES (?, ?, 0)').run(
            group.id,
            id,
          );
          return id;
        };
        ids.wang = member('小王');
        ids.li = member('小李');
        ids.may = member('阿May');
        const say = db.prepare(
          `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint)
           VALUES (?, ?, ?, ?, 'text', ?, ?)`,
        );
        let fingerprint = 0;
        const message = (
          memberId: number | null,
          name: string,
          date: string,
          time: string,
          content: string,
        ) =>
          say.run(
            group.id,
            memberId,
            name,
            beijing(date, time),
            content,
            `browser-points-${(fingerprint += 1)}`,
          );
        // 小王 seven mornings in a row (twice on the first), 小李 three, 路人甲 (not matched to a member) one.
        for (let day = 0; day < 7; day += 1) message(ids.wang, '小王', addDays(start, day), '07:00', '打卡');
        message(ids.wang, '小王', start, '21:00', '晚上再打卡');
        for (let day = 0; day < 3; day += 1)
          message(ids.li, '小李', addDays(start, day), '06:30', '#打卡# 早安');
        message(null, '路人甲', addDays(start, 1), '08:00', '我也来打卡');
        message(ids.li, '小李', addDays(start, 4), '08:00', '今天休息');
        activityId = saveActivity(backend.context, {
          groupId: group.id,
          kind: 'checkin_challenge',
          title: '21 天早起打卡',
          startsAt: beijing(start, '00:00'),
          budgetCents: 0,
          runSheet: [],
          materials: [],
          notes: '',
        }).id;
      },
    });
    const { page, backend } = app;
    try {
      await goTo(page, '/calendar');
      await page.getByTestId('tab-activities').click();
      await page.getByTestId('activity-row').filter({ hasText: '21 天早起打卡' }).click();
      const editor = page.getByTestId('activity-editor');
      const panel = editor.getByTestId('checkin-panel');
      const importer = panel.getByTestId('message-import');
      expect(await importer.getByTestId('import-keyword').inputValue()).toBe('打卡');

      // The preview counts first: 12 messages, 11 check-ins (小王's two on the first day are one).
      await importer.getByTestId('scan-messages').click();
      const preview = importer.getByTestId('import-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toBe(
        '含「打卡」的消息 12 条，合计 11 人次（每人每天一次），已记录 0，将新增 11 条',
      );
      await importer.getByText('其中 1 条的发送人还没关联成员', { exact: false }).waitFor();
      expect(checkInList(backend.context, activityId)).toHaveLength(0);
      await settle(page);
      await app.screenshot('calendar-checkins-import-preview-zh-light');
      await importer.getByTestId('import-checkins').click();
      await page.getByText('已从群消息导入 11 条打卡').waitFor();
      await preview.waitFor({ state: 'detached' });
      expect(checkInList(backend.context, activityId)).toHaveLength(11);
      const wang = panel.locator('[data-testid="streak-row"][data-participant="小王"]');
      await wang.getByText('7 天', { exact: true }).first().waitFor();

      // A second import finds nothing new.
      await importer.getByTestId('scan-messages').click();
      await preview.getByText('已记录 11，将新增 0 条', { exact: false }).waitFor();
      expect(await importer.getByTestId('import-checkins').isDisabled()).toBe(true);

      // 路人甲 is 阿May: link the name, searching by pinyin initials.
      const stranger = panel.locator('[data-testid="streak-row"][data-participant="路人甲"]');
      await stranger.getByTestId('link-member').click();
      const search = page.getByTestId('link-member-dropdown').getByTestId('link-member-search');
      await search.fill('May');
      await page.getByRole('option', { name: '阿May', exact: false }).waitFor();
      await settle(page);
      await app.screenshot('calendar-checkins-link-member-zh-light');
      await page.getByRole('option', { name: '阿May', exact: false }).click();
      await page.getByText('已把「路人甲」的 1 条打卡关联到成员').waitFor();
      await stranger.getByTestId('link-member').waitFor({ state: 'detached' });

      // Points: nothing written yet, the preview of what 发放积分 writes, then once.
      await editor.getByTestId('points-tab').click();
      expect(await editor.getByTestId('points-per-checkin').inputValue()).toBe('1 分');
      expect(await editor.getByTestId('points-rung-7').inputValue()).toBe('14 分');
      const points = editor.getByTestId('points-panel');
      // 小王 7 days + 3- and 7-day rewards (9 entries, 27), 小李 3 days + 3-day reward (4, 9), 阿May 1 day.
      await points.getByTestId('points-pending').getByText('待发放 14 条，共 37 分').waitFor();
      await points.getByTestId('points-status').getByText('还没有发放', { exact: false }).waitFor();
      await settle(page);
      await app.screenshot('calendar-points-pending-zh-light');
      await points.getByTestId('issue-points').click();
      await page.getByText('已发放：共 14 条积分记录，37 分').waitFor();
      await points.getByTestId('points-pending').getByText('成员积分已是最新').waitFor();
      await points
        .getByTestId('points-written')
        .getByText('已写入 14 条积分记录（含冲正 0 条），现有 37 分')
        .waitFor();
      expect(await points.getByTestId('issue-points').isDisabled()).toBe(true);
      const wangPoints = points.locator('[data-testid="points-row"][data-member="小王"]');
      expect(await wangPoints.getByTestId('points-total').textContent()).toBe('27');
      expect(await wangPoints.getByTestId('points-unlock').allTextContents()).toEqual(['3 天', '7 天']);
      const liPoints = points.locator('[data-testid="points-row"][data-member="小李"]');
      expect(await liPoints.getByTestId('points-unlock').allTextContents()).toEqual(['3 天']);
      expect(
        (
          backend.workspace.db
            .prepare('SELECT points_balance AS balance FROM members WHERE id = ?')
            .get(ids.wang) as {
            balance: number;
          }
        ).balance,
      ).toBe(27);
      await expectNoHorizontalOverflow(page);
      await settle(page);
      await app.screenshot('calendar-points-issued-zh-light');

      await switchTo(app, { colorScheme: 'dark' });
      await settle(page);
      await app.screenshot('calendar-points-issued-zh-dark');
      await switchTo(app, { locale: 'en' });
      await points.getByText('Unlocked', { exact: true }).waitFor();
      await settle(page);
      await app.screenshot('calendar-points-issued-en-dark');
      await switchTo(app, { locale: 'zh-CN', colorScheme: 'light' });
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  }, 60_000);
});
