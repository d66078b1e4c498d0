import { describe, expect, it } from 'vitest';
import { listGroups } from '../../electron/main/db/repositories/groups';
import { listMembers } from '../../electron/main/db/repositories/members';
import { searchMessages } from '../../electron/main/db/repositories/messages';
import { translate } from '../../shared/i18n';
import { chooseGroup, expectNoProblems, goTo, shownTotal, useDemoApp, waitForTotal } from './helpers';

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
    const groupsShown = await page
      .getByTestId('message-item')
      .locator('.mantine-Badge-root')
      .allTextContents();
    expect(new Set(groupsShown)).toEqual(new Set([group.name]));
    await app.screenshot('messages-search-short');
    expectNoProblems(app);
  });
});
