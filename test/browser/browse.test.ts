import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { listGroups } from '../../electron/main/db/repositories/groups';
import { listMembers } from '../../electron/main/db/repositories/members';
import {
  messageContext,
  searchMessages,
  type MessageQuery,
} from '../../electron/main/db/repositories/messages';
import { translate } from '../../shared/i18n';
import { chooseGroup, expectNoProblems, goTo, shownTotal, useDemoApp, waitForTotal } from './helpers';

/** A date field's calendar has faded in (the screenshot's wait for animations can look before the fade starts). */
const calendarOpacity = `getComputedStyle(document.querySelector('[data-dates-dropdown]')).opacity`;

describe('members and messages', () => {
  const demoApp = useDemoApp();

  it('pages members from the server while scrolling, searches them and filters by group', async () => {
    const app = demoApp();
    const { page, backend } = app;
    const db = backend.workspace.db;
    const all = listMembers(db, { offset: 0, limit: 500 });
    expect(all.total).toBeGreaterThan(150);

    await goTo(page, '/members');
    await page.getByTestId('member-name').first().waitFor();
    expect(await shownTotal(page)).toBe(all.total);
    // Virtualised: only the visible rows are in the DOM.
    expect(await page.getByTestId('member-name').count()).toBeLessThan(60);
    expect(await page.getByTestId('member-name').first().textContent()).toBe(all.rows[0]?.displayName);
    await app.screenshot('members-list');

    // Scrolling to the end fetches the last page (rows are paged by 100; the last one is beyond the first page).
    const last = listMembers(db, { offset: all.total - 1, limit: 1 }).rows[0]!;
    expect(all.total).toBeGreaterThan(100);
    expect(await page.getByTestId('member-name').filter({ hasText: last.displayName }).count()).toBe(0);
    await page.getByTestId('members-list').hover();
    await page.mouse.wheel(0, all.total * 60);
    await page.getByTestId('member-name').filter({ hasText: last.displayName }).first().waitFor();

    // Search by name: the page shows what the repository finds, that member included, joined-via in Chinese.
    const someone = all.rows.find((member) => [...member.displayName].length >= 2 && member.joinChannel)!;
    const found = listMembers(db, { query: someone.displayName, offset: 0, limit: 50 });
    expect(found.rows.map((member) => member.id)).toContain(someone.id);
    await page.getByTestId('member-search').fill(someone.displayName);
    await waitForTotal(page, found.total);
    const row = page
      .getByTestId('members-list')
      .getByRole('row')
      .filter({ hasText: someone.displayName })
      .first();
    await row.waitFor();
    const channelLabel = translate('zh-CN', `members.channels.${someone.joinChannel}`);
    expect(['公众号', '小程序', '短视频直播', 'APP', '朋友邀请', '线下', '其他']).toContain(channelLabel);
    expect(await row.getByText(channelLabel, { exact: true }).count()).toBe(1);
    await app.screenshot('members-search');

    // Nothing found: the empty state says what to try.
    await page.getByTestId('member-search').fill('没有这个人zzz');
    await page.getByText('没有找到匹配的成员').waitFor();

    // Group filter.
    await page.getByTestId('member-search').fill('');
    const group = listGroups(db)[1]!;
    const inGroup = listMembers(db, { groupId: group.id, offset: 0, limit: 1 }).total;
    await chooseGroup(page, group.name);
    await waitForTotal(page, inGroup);
    await app.screenshot('members-group-filter');
    expectNoProblems(app);
  });

  it('searches messages with the full-text index and with the short-query scan', async () => {
    const app = demoApp();
    const { page, backend } = app;
    const db = backend.workspace.db;
    const newest = searchMessages(db, { offset: 0, limit: 200 });
    expect(newest.total).toBeGreaterThan(1000);

    await goTo(page, '/messages');
    await page.getByTestId('message-item').first().waitFor();
    expect(await shownTotal(page)).toBe(newest.total);
    await page
      .getByTestId('short-query-note')
      .getByText(/少于 3 个字/)
      .waitFor();
    const firstSender = page.getByTestId('message-item').first().getByTestId('message-sender');
    expect(await firstSender.textContent()).toBe(newest.rows[0]?.senderName);
    await app.screenshot('messages-list');

    // Three characters or more: the FTS path. The phrase comes from a real message.
    const sample = newest.rows.find(
      (message) => message.kind === 'text' && [...message.content].length >= 6,
    )!;
    const phrase = [...sample.content].slice(0, 4).join('');
    const expected = searchMessages(db, { query: phrase, offset: 0, limit: 1 }).total;
    expect(expected).toBeGreaterThan(0);
    await page.getByTestId('message-search').fill(phrase);
    await waitForTotal(page, expected);
    const firstContent = await page.getByTestId('message-content').first().textContent();
    expect(firstContent).toContain(phrase);
    expect(await page.getByTestId('message-item').first().locator('mark').first().textContent()).toBe(phrase);
    await app.screenshot('messages-search');

    // Under three characters: the scan path gives the same answer as the repository.
    const short = [...phrase].slice(0, 2).join('');
    await page.getByTestId('message-search').fill(short);
    await waitForTotal(page, searchMessages(db, { query: short, offset: 0, limit: 1 }).total);

    // Group filter combines with the query: the sample's own group, so the filtered list cannot be empty.
    const group = listGroups(db).find((candidate) => candidate.id === sample.groupId)!;
    await chooseGroup(page, group.name);
    await waitForTotal(
      page,
      searchMessages(db, { query: short, groupId: group.id, offset: 0, limit: 1 }).total,
    );
    await page.getByTestId('message-item').first().waitFor();
    // One group: its name is in the filter, not repeated on every message; the first row is the group's newest.
    expect(await page.getByTestId('message-group').count()).toBe(0);
    const newestInGroup = searchMessages(db, { query: short, groupId: group.id, offset: 0, limit: 1 })
      .rows[0]!;
    expect(await page.getByTestId('message-item').first().getAttribute('data-message-id')).toBe(
      String(newestInGroup.id),
    );
    await app.screenshot('messages-search-short');
    expectNoProblems(app);
  });

  it('filters a group by sender, dates, type and risk hits, and jumps from a result to its context', async () => {
    const app = demoApp();
    const { page, backend } = app;
    const db = backend.workspace.db;
    const group = listGroups(db)[0]!;
    const total = (input: Omit<MessageQuery, 'offset' | 'limit'>) =>
      searchMessages(db, { ...input, offset: 0, limit: 1 }).total;

    // A fresh screen: the earlier test left its search and group filter on it.
    await goTo(page, '/groups');
    await page.getByTestId('screen-groups').waitFor();
    await goTo(page, '/messages');
    await page.getByTestId('message-item').first().waitFor();
    await chooseGroup(page, group.name);
    await waitForTotal(page, total({ groupId: group.id }));

    // Sender: the group's most active member, found by typing part of the name into the picker.
    const top = db
      .prepare(
        `SELECT m.id, m.display_name AS name FROM messages g JOIN members m ON m.id = g.member_id
         WHERE g.group_id = ? GROUP BY m.id ORDER BY count(*) DESC, m.id LIMIT 1`,
      )
      .get(group.id) as { id: number; name: string };
    const senderBox = page.getByTestId('sender-filter');
    await senderBox.click();
    await senderBox.fill([...top.name].slice(0, 2).join(''));
    await page.getByRole('option', { name: top.name, exact: true }).first().click();
    const bySender = total({ groupId: group.id, memberId: top.id });
    expect(bySender).toBeGreaterThan(0);
    await waitForTotal(page, bySender);
    const senders = await page.getByTestId('message-item').getByTestId('message-sender').allTextContents();
    expect(new Set(senders)).toEqual(new Set([top.name]));

    // Dates: the sender's busiest local day, both ends inclusive.
    const days = new Map<string, number>();
    for (const row of searchMessages(db, { groupId: group.id, memberId: top.id, offset: 0, limit: 500 })
      .rows) {
      const day = localDate(new Date(row.sentAt));
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    const [busiest] = [...days.entries()].sort((a, b) => b[1] - a[1])[0]!;
    // Typed into one end (its calendar stays shut, so it covers nothing), picked in the other's calendar, which
    // opens at the month of the end already set and speaks Chinese, Monday first.
    const calendar = page.locator('[data-dates-dropdown]');
    await page.getByTestId('date-from').fill(busiest);
    await expect.poll(() => calendar.count()).toBe(0);
    const [year, month, day] = busiest.split('-').map(Number) as [number, number, number];
    await page.getByTestId('date-to').click();
    await expect.poll(() => calendar.textContent()).toContain(`${year}年${month}月`);
    expect((await calendar.locator('th').allTextContents()).join('')).toBe('一二三四五六日');
    await expect.poll(() => page.evaluate(calendarOpacity)).toBe('1');
    await app.screenshot('messages-date-calendar');
    await calendar.getByRole('button', { name: `${year}年${month}月${day}日`, exact: true }).click();
    await expect.poll(() => calendar.count()).toBe(0);
    expect(await page.getByTestId('date-to').inputValue()).toBe(busiest);
    const range = {
      from: new Date(year, month - 1, day).getTime(),
      to: new Date(year, month - 1, day + 1).getTime(),
    };
    await waitForTotal(page, total({ groupId: group.id, memberId: top.id, ...range }));
    await app.screenshot('messages-archive-filters');

    // Types: clear the sender and dates, then images and join notices only.
    await page.getByTestId('clear-filters').click();
    await waitForTotal(page, total({ groupId: group.id }));
    await page.getByTestId('type-filter').click();
    await page.getByRole('option', { name: '图片', exact: true }).click();
    await page.getByRole('option', { name: '入群', exact: true }).click();
    await page.keyboard.press('Escape');
    const typed = total({ groupId: group.id, kinds: ['image'], systemEvents: ['join'] });
    expect(typed).toBeGreaterThan(0);
    await waitForTotal(page, typed);
    await page.getByTestId('clear-filters').click();

    // Risk hits: two messages get a hit (one of them later dismissed); only the other is listed.
    const [flagged, dismissed] = searchMessages(db, {
      groupId: group.id,
      kinds: ['text'],
      offset: 3,
      limit: 2,
    }).rows;
    const addHit = db.prepare(
      `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list,
         category, severity, action, rule, version, found_at, status, decided_at)
       VALUES (?, ?, ?, ?, 0, 1, 'x', 'x', 'ads', 'ads', 'medium', 'remind', 'literal', 1, 0, ?, ?)`,
    );
    addHit.run(flagged!.id, group.id, flagged!.memberId, Date.parse(flagged!.sentAt), 'open', null);
    addHit.run(dismissed!.id, group.id, dismissed!.memberId, Date.parse(dismissed!.sentAt), 'dismissed', 1);
    await page.getByTestId('risk-filter').click();
    await waitForTotal(page, 1);
    const item = page.getByTestId('message-item');
    expect(await item.first().getAttribute('data-message-id')).toBe(String(flagged!.id));
    expect(await item.first().getByTestId('message-risk').textContent()).toBe('风险 1');
    await page.getByTestId('risk-filter').click();

    // Jump to context from a full-text result: the group timeline around it, the result in view and marked.
    const sample = searchMessages(db, { groupId: group.id, kinds: ['text'], offset: 400, limit: 1 }).rows[0]!;
    const phrase = [...sample.content].slice(0, 6).join('');
    await page.getByTestId('message-search').fill(phrase);
    await waitForTotal(page, total({ groupId: group.id, query: phrase }));
    // The newest match is the first result; open its context.
    const anchor = searchMessages(db, { groupId: group.id, query: phrase, offset: 0, limit: 1 }).rows[0]!;
    const result = page.getByTestId('message-item').first();
    expect(await result.getAttribute('data-message-id')).toBe(String(anchor.id));
    await result.getByTestId('open-context').click();
    const drawer = page.getByTestId('context-list');
    const marked = drawer.locator('[data-anchor="true"]');
    await marked.waitFor();
    expect(await marked.getAttribute('data-message-id')).toBe(String(anchor.id));
    const expected = messageContext(db, { id: anchor.id, before: 50, after: 50 })!;
    const shownIds = () =>
      drawer
        .getByTestId('context-message')
        .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-message-id'))));
    expect(await shownIds()).toEqual(expected.rows.map((row) => row.id));
    const frame = (await drawer.boundingBox())!;
    const markedBox = (await marked.boundingBox())!;
    expect(markedBox.y).toBeGreaterThanOrEqual(frame.y);
    expect(markedBox.y + markedBox.height).toBeLessThanOrEqual(frame.y + frame.height);
    expect(await marked.locator('mark').first().textContent()).toBe(phrase);
    await transitionsDone(page);
    await app.screenshot('messages-context');

    // Load earlier: older rows go on top and the marked message stays where it was on screen.
    const loadOlder = drawer.getByTestId('context-load-older');
    await loadOlder.scrollIntoViewIfNeeded();
    const before = await marked.boundingBox();
    await loadOlder.click();
    const older = messageContext(db, { id: expected.rows[0]!.id, before: 50, after: 0 })!;
    await expect
      .poll(() => drawer.getByTestId('context-message').count())
      .toBe(expected.rows.length + older.rows.length - 1);
    expect((await shownIds()).slice(0, older.rows.length)).toEqual(older.rows.map((row) => row.id));
    const after = await marked.boundingBox();
    expect(Math.abs(after!.y - before!.y)).toBeLessThan(4);
    // Load later: newer rows go below.
    const newer = messageContext(db, { id: expected.rows.at(-1)!.id, before: 0, after: 50 })!;
    await drawer.getByTestId(newer.rows.length > 1 ? 'context-load-newer' : 'context-end').waitFor();
    if (expected.hasMoreAfter) {
      await drawer.getByTestId('context-load-newer').click();
      await expect
        .poll(() => drawer.getByTestId('context-message').count())
        .toBe(expected.rows.length + older.rows.length - 1 + newer.rows.length - 1);
      expect((await shownIds()).at(-1)).toBe(newer.rows.at(-1)!.id);
    }
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expectNoProblems(app);
  });

  it('shows the archive and a message context in Chinese light and dark, and in English', async () => {
    const app = demoApp();
    const { page, backend } = app;
    try {
      for (const [locale, colorScheme] of [
        ['zh-CN', 'light'],
        ['zh-CN', 'dark'],
        ['en', 'light'],
      ] as const) {
        backend.settings.update({ locale, colorScheme });
        await page.reload();
        await page
          .locator(`html[lang="${locale}"][data-mantine-color-scheme="${colorScheme}"]`)
          .waitFor({ state: 'attached' });
        await goTo(page, '/messages');
        await page.getByTestId('message-item').first().waitFor();
        const fitsWidth = await page.evaluate<boolean>(
          'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
        );
        expect(fitsWidth).toBe(true);
        await app.screenshot(`messages-archive-${locale}-${colorScheme}`);
        await page.getByTestId('message-item').nth(2).getByTestId('open-context').click();
        await page.getByTestId('context-list').locator('[data-anchor="true"]').waitFor();
        await transitionsDone(page);
        await app.screenshot(`messages-context-${locale}-${colorScheme}`);
        await page.keyboard.press('Escape');
        await page.getByTestId('context-list').waitFor({ state: 'detached' });
        // An empty date field's calendar opens at this month, named and laid out in the app's language.
        const today = new Date();
        const calendar = page.locator('[data-dates-dropdown]');
        await page.getByTestId('date-from').click();
        await expect
          .poll(() => calendar.textContent())
          .toContain(
            locale === 'zh-CN'
              ? `${today.getFullYear()}年${today.getMonth() + 1}月`
              : `${today.toLocaleString('en', { month: 'long' })} ${today.getFullYear()}`,
          );
        expect((await calendar.locator('th').allTextContents()).join('')).toBe(
          locale === 'zh-CN' ? '一二三四五六日' : 'MoTuWeThFrSaSu',
        );
        await expect.poll(() => page.evaluate(calendarOpacity)).toBe('1');
        await app.screenshot(`messages-date-calendar-${locale}-${colorScheme}`);
        await page.keyboard.press('Escape');
        await expect.poll(() => calendar.count()).toBe(0);
      }
      expectNoProblems(app);
    } finally {
      backend.settings.update({ locale: 'zh-CN', colorScheme: 'light' });
    }
  });
});

/** `YYYY-MM-DD` of a time in this machine's zone (the browser runs in the same one). */
function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Waits for CSS transitions (the drawer sliding in) to end, so a screenshot shows the settled screen. */
async function transitionsDone(page: Page): Promise<void> {
  // Polled with evaluate: waitForFunction would eval a string in the page, which the CSP forbids.
  await expect
    .poll(() =>
      page.evaluate<boolean>(
        `document.getAnimations().every((animation) => !(animation instanceof CSSTransition) || animation.playState !== 'running')`,
      ),
    )
    .toBe(true);
}
