import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/backend';
import { listMembers } from '../../electron/main/db/repositories/members';
import { translate } from '../../shared/i18n';
import { startApp, type AppUnderTest } from '../support/browserHarness';
import { trustAppOrigin, trustedSender } from '../support/tempWorkspace';
import {
  chooseGroup,
  expectNoProblems,
  fitsWidth,
  goTo,
  loadSmallDemo,
  settle,
  shownTotal,
  useBrowser,
  waitForTotal,
} from './helpers';

/** The small demo with tiers computed, as the app has them after the demo's follow-up job. */
async function demoWithTiers(backend: Backend): Promise<void> {
  await loadSmallDemo(backend);
  const job = await backend.jobs.wait(backend.jobs.start('tiers.recompute', {}, 'test'));
  if (job.status !== 'done') throw new Error(`tiers job ended ${job.status}`);
}

describe('member screens', () => {
  const browser = useBrowser();
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp(browser(), { prepare: demoWithTiers });
  });
  afterAll(async () => {
    await app?.close();
  });
  const db = () => app.backend.context.db;
  const count = (sql: string, ...params: unknown[]) =>
    db()
      .prepare(sql)
      .pluck()
      .get(...params) as number;

  it('filters the list, saves a view and notes the selected members in bulk', async () => {
    const { page } = app;
    const all = listMembers(db(), { offset: 0, limit: 1 }).total;
    const silent = listMembers(db(), { tier: 'silent', offset: 0, limit: 1 }).total;
    const silentOa = listMembers(db(), {
      tier: 'silent',
      joinChannels: ['official_account'],
      offset: 0,
      limit: 1,
    }).total;
    expect(silent).toBeGreaterThan(0);
    expect(silent).toBeLessThan(all);

    await goTo(page, '/members');
    await page.getByTestId('member-name').first().waitFor();
    expect(await shownTotal(page)).toBe(all);

    // The filter panel: tier 沉默, then only those who came from the official account; the count follows.
    await page.getByTestId('open-filters').click();
    const drawer = page.getByTestId('filter-drawer');
    await drawer.getByText('筛选成员').waitFor();
    await drawer.getByTestId('filter-tier').getByText('沉默').click();
    await waitForTotal(page, silent);
    expect(silentOa).toBeGreaterThan(0);
    expect(silentOa).toBeLessThan(silent);
    await drawer.getByText('公众号', { exact: true }).click();
    await waitForTotal(page, silentOa);
    await drawer
      .getByTestId('filter-total')
      .filter({ hasText: `${silentOa} 名成员符合条件` })
      .waitFor();
    await app.screenshot('members-filters-zh-CN-light');
    await drawer.getByText('公众号', { exact: true }).click();
    await waitForTotal(page, silent);
    await page.getByTestId('filters-done').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('filter-chip').filter({ hasText: '沉默' }).waitFor();
    // Every row shown is silent.
    const tiers = await page.getByTestId('members-list').getByTestId('tier-badge').allTextContents();
    expect(tiers.length).toBeGreaterThan(3);
    expect(new Set(tiers)).toEqual(new Set(['沉默']));

    // Columns: show points and tags, hide the first join date.
    await page.getByTestId('columns-menu').click();
    await page.getByTestId('column-points').click();
    await page.getByTestId('column-tags').click();
    await page.getByTestId('column-firstSeen').click();
    await page.keyboard.press('Escape');
    await page.getByRole('columnheader', { name: '积分' }).waitFor();
    await page.getByRole('columnheader', { name: '标签' }).waitFor();
    expect(await page.getByRole('columnheader', { name: '首次入群' }).count()).toBe(0);

    // Save it as a view; back to all members; the view brings the filter back.
    await page.getByTestId('views-menu').click();
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('待唤醒的沉默成员');
    await page.getByTestId('view-save').click();
    await page.getByText('已保存视图「待唤醒的沉默成员」').waitFor();
    const stored = db().prepare('SELECT filter, columns FROM member_views').all() as {
      filter: string;
      columns: string;
    }[];
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!.filter)).toEqual({ tier: 'silent' });
    expect(JSON.parse(stored[0]!.columns)).toEqual([
      'tier',
      'groups',
      'channel',
      'tags',
      'points',
      'lastSpoke',
      'messages',
    ]);
    await page.getByTestId('views-menu').filter({ hasText: '待唤醒的沉默成员' }).waitFor();

    await page.getByTestId('views-menu').click();
    await page.getByRole('menuitem', { name: '全部成员' }).click();
    await waitForTotal(page, all);
    await page.getByRole('columnheader', { name: '首次入群' }).waitFor();
    await page.getByTestId('views-menu').click();
    await page.getByTestId('saved-view').filter({ hasText: '待唤醒的沉默成员' }).click();
    await waitForTotal(page, silent);

    // Sort by points, largest first, from the column header.
    await page.getByTestId('sort-points').click();
    await page.getByTestId('sort-menu').filter({ hasText: '按积分' }).waitFor();

    // Select two rows and note them in bulk.
    const rows = page.getByTestId('members-list').getByTestId('select-row');
    await rows.nth(0).click();
    await rows.nth(1).click();
    await page.getByTestId('bulk-count').filter({ hasText: '已选 2 名成员' }).waitFor();
    await app.screenshot('members-selection-zh-CN-light');
    await page.getByTestId('bulk-note').click();
    await page.getByTestId('bulk-note-body').fill('本周私聊唤醒一次');
    await page.getByTestId('bulk-note-submit').click();
    await page.getByText('已给 2 名成员添加备注').waitFor();
    expect(count("SELECT count(*) FROM member_notes WHERE body = '本周私聊唤醒一次'")).toBe(2);
    await page.getByTestId('bulk-clear').click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    expectNoProblems(app);
  });

  it('shows 已退群 instead of a tier for members who left, in the list, in a group and on the profile', async () => {
    const { page } = app;
    // Someone who left every group they were in (their name unique, so a search finds only them), and someone who
    // left one group and is still in another.
    const named = (sql: string) =>
      db()
        .prepare(
          `SELECT m.id, m.display_name AS name FROM members m
           WHERE ${sql} AND m.merged_into_id IS NULL
             AND (SELECT count(*) FROM members o WHERE o.display_name LIKE '%' || m.display_name || '%') = 1
           ORDER BY m.id LIMIT 1`,
        )
        .get() as { id: number; name: string };
    const goneFromAll = named('m.active_groups = 0 AND m.left_at IS NOT NULL');
    const movedOn = named(
      'm.active_groups > 0 AND EXISTS (SELECT 1 FROM group_members gm WHERE gm.member_id = m.id AND gm.left_at IS NOT NULL)',
    );
    const leftGroup = db()
      .prepare(
        `SELECT g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
         WHERE gm.member_id = ? AND gm.left_at IS NOT NULL`,
      )
      .pluck()
      .get(movedOn.id) as string;
    const currentGroups = db()
      .prepare(
        `SELECT g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
         WHERE gm.member_id = ? AND gm.left_at IS NULL ORDER BY g.name`,
      )
      .pluck()
      .all(movedOn.id) as string[];

    const allMembers = async () => {
      await page.getByTestId('views-menu').click();
      await page.getByRole('menuitem', { name: '全部成员' }).click();
    };
    await goTo(page, '/members');
    await allMembers();
    const rowOf = (name: string) =>
      page.getByTestId('members-list').getByRole('row').filter({ hasText: name }).first();
    await page.getByTestId('member-search').fill(goneFromAll.name);
    await waitForTotal(page, 1);
    const goneRow = rowOf(goneFromAll.name);
    await goneRow.getByTestId('left-badge').filter({ hasText: '已退群' }).waitFor();
    expect(await goneRow.getByTestId('tier-badge').count()).toBe(0);
    await goneRow.getByTestId('left-badge').hover();
    await page.getByText('已退出所在的全部群，不再参与分层').waitFor();
    await app.screenshot('members-left-zh-CN-light');

    // Still in another group: their tier, and only the groups they are in.
    await page.getByTestId('member-search').fill(movedOn.name);
    await waitForTotal(page, 1);
    const movedRow = rowOf(movedOn.name);
    await movedRow.getByTestId('tier-badge').waitFor();
    expect(await movedRow.getByTestId('left-badge').count()).toBe(0);
    expect(await movedRow.getByText(currentGroups.join('、'), { exact: true }).count()).toBe(1);
    expect(currentGroups).not.toContain(leftGroup);
    // In the group they left: 已退群 there.
    await chooseGroup(page, leftGroup);
    await waitForTotal(page, 1);
    await rowOf(movedOn.name).getByTestId('left-badge').waitFor();
    await allMembers();

    // The profile of the one who left everything says so by their name, and in their groups table.
    await goTo(page, `/members/${goneFromAll.id}`);
    await page.getByTestId('profile-name').filter({ hasText: goneFromAll.name }).waitFor();
    const leftGroups = db()
      .prepare('SELECT count(*) FROM group_members WHERE member_id = ?')
      .pluck()
      .get(goneFromAll.id) as number;
    await page.getByTestId('membership-row').first().waitFor();
    expect(await page.getByTestId('left-badge').count()).toBe(1 + leftGroups);
    await page.getByTestId('tier-reason').filter({ hasText: '退出了最后一个群，不再参与分层' }).waitFor();
    await app.screenshot('members-left-profile-zh-CN-light');
    expectNoProblems(app);
  });

  it('opens a profile: note, tag, phone reveal, points, a violation with evidence, then forgets the member', async () => {
    const { page } = app;
    // A member who has spoken, so a message can be cited as evidence.
    const member = db()
      .prepare(
        `SELECT m.id, m.display_name AS name FROM members m
         WHERE m.forgotten_at IS NULL AND (SELECT count(*) FROM messages WHERE member_id = m.id) > 3
         ORDER BY m.id LIMIT 1`,
      )
      .get() as { id: number; name: string };
    // The list keeps its state across visits: back to all members first.
    await goTo(page, '/members');
    await page.getByTestId('views-menu').click();
    await page.getByRole('menuitem', { name: '全部成员' }).click();
    await page.getByTestId('member-search').fill(member.name);
    await page.getByTestId('member-name').filter({ hasText: member.name }).first().click();
    await page.getByTestId('profile-name').filter({ hasText: member.name }).waitFor();
    expect(page.url()).toContain(`#/members/${member.id}`);
    await page
      .getByTestId('tier-reason')
      .filter({ hasText: /近\d+天/ })
      .waitFor();

    // A note.
    await page.getByTestId('note-body').fill('周五直播提醒过，回复积极');
    await page.getByTestId('add-note').click();
    await page.getByTestId('member-note').filter({ hasText: '周五直播提醒过，回复积极' }).waitFor();

    // A new tag in a new tag group.
    await page.getByTestId('add-tag').click();
    await page.getByTestId('new-tag-name').fill('尝鲜客');
    await page.getByTestId('new-tag-group').fill('用户画像');
    await page.getByTestId('create-tag').click();
    await page.getByTestId('member-tag').filter({ hasText: '尝鲜客' }).waitFor();
    expect(count("SELECT count(*) FROM tag_groups WHERE name = '用户画像'")).toBe(1);

    // A phone, masked; revealing shows it whole and is audited.
    await page.getByTestId('edit-profile').click();
    await page.getByTestId('edit-phone').fill('+86 138-0013-8000');
    await page.getByTestId('edit-region').fill('杭州');
    // An earlier join date, typed into the date field.
    await page.getByTestId('edit-joinedAt').fill('2024-03-15');
    await settle(page);
    await app.screenshot('members-edit-profile-zh-CN-light');
    await page.getByTestId('edit-save').click();
    await page.getByTestId('contact-phone').filter({ hasText: '138****8000' }).waitFor();
    await page.getByTestId('member-profile').getByText('2024-03-15', { exact: true }).waitFor();
    const reveals = count("SELECT count(*) FROM audit_log WHERE action = 'reveal'");
    await page.getByTestId('reveal-contacts').click();
    await page.getByTestId('contact-phone').filter({ hasText: '13800138000' }).waitFor();
    await page.getByTestId('revealed-badge').waitFor();
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'reveal'")).toBe(reveals + 1);
    await app.screenshot('members-profile-edited-zh-CN-light');
    await page
      .getByTestId('member-profile')
      .evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await app.screenshot('members-profile-lower-zh-CN-light');

    // Points: an entry with reason and source; the balance follows.
    const balance = count('SELECT points_balance FROM members WHERE id = ?', member.id);
    await page.getByTestId('profile-tab-points').click();
    await page.getByTestId('points-amount').fill('20');
    await page.getByTestId('points-reason').fill('连续签到 7 天');
    await page.getByTestId('points-submit').click();
    await page.getByTestId('points-entry').filter({ hasText: '连续签到 7 天' }).waitFor();
    await page
      .getByTestId('points-balance')
      .filter({ hasText: String(balance + 20) })
      .waitFor();
    await app.screenshot('members-points-zh-CN-light');

    // A violation citing one of their messages.
    await page.getByTestId('profile-tab-violations').click();
    await page.getByTestId('add-violation').click();
    const modal = page.getByTestId('violation-modal');
    // A text message (not a picture) makes the clearest evidence.
    const message = modal.getByTestId('evidence-message').filter({ hasNotText: '[' }).first();
    await message.waitFor();
    await message.click();
    await modal.getByTestId('violation-points').fill('3');
    await modal.getByTestId('violation-note').fill('私聊推销，已截图');
    await app.screenshot('members-violation-form-zh-CN-light');
    await modal.getByTestId('violation-submit').click();
    await modal.waitFor({ state: 'detached' });
    const item = page.getByTestId('violation-item').first();
    await item.getByTestId('violation-evidence').waitFor();
    await item.getByText('私聊推销，已截图').waitFor();
    await page.getByTestId('suggested-action').filter({ hasText: '私信警告' }).waitFor();
    const violation = db()
      .prepare('SELECT message_id, evidence_excerpt, points FROM violations WHERE member_id = ?')
      .get(member.id) as { message_id: number | null; evidence_excerpt: string; points: number };
    expect(violation.message_id).not.toBeNull();
    expect(violation.points).toBe(3);
    await app.screenshot('members-violations-recorded-zh-CN-light');

    // Identities: one more platform account.
    await page.getByTestId('profile-tab-identities').click();
    await page.getByTestId('identity-platform').click();
    await page.getByRole('option', { name: '抖音号' }).click();
    await page.getByTestId('identity-value').fill('dy_2024_fan');
    await page.getByTestId('identity-add').click();
    await page.getByTestId('identity-row').filter({ hasText: '抖音号' }).waitFor();
    await app.screenshot('members-identities-zh-CN-light');

    // Forget: the name must be typed; afterwards the profile is anonymous and read-only.
    await page.getByTestId('profile-menu').click();
    await page.getByTestId('menu-forget').click();
    const forget = page.getByTestId('forget-modal');
    await forget.getByText('将被永久删除').waitFor();
    // Erasing cannot reach into backups made before: the dialog says so.
    expect(await forget.getByTestId('forget-backups-note').textContent()).toContain('备份快照');
    await forget.getByTestId('forget-confirm').fill('别人');
    expect(await forget.getByTestId('forget-submit').isDisabled()).toBe(true);
    await forget.getByTestId('forget-confirm').fill(member.name);
    await app.screenshot('members-forget-zh-CN-light');
    await forget.getByTestId('forget-submit').click();
    await page.getByTestId('forgotten-banner').waitFor();
    await page
      .getByTestId('profile-name')
      .filter({ hasText: `已删除成员#${member.id}` })
      .waitFor();
    const row = db()
      .prepare('SELECT display_name, phone, region, wxid, forgotten_at FROM members WHERE id = ?')
      .get(member.id) as Record<string, unknown>;
    expect(row).toMatchObject({
      display_name: `已删除成员#${member.id}`,
      phone: null,
      region: null,
      wxid: null,
    });
    expect(count('SELECT count(*) FROM member_identities WHERE member_id = ?', member.id)).toBe(0);
    expect(count('SELECT points_balance FROM members WHERE id = ?', member.id)).toBe(balance + 20);
    expect(await page.getByTestId('edit-profile').count()).toBe(0);
    // The contacts revealed before the erase are not shown any more.
    expect(await page.getByText('13800138000').count()).toBe(0);
    expect(await page.getByText(member.name, { exact: true }).count()).toBe(0);
    await page.getByTestId('profile-tab-profile').click();
    await app.screenshot('members-forgotten-zh-CN-light');
    expectNoProblems(app);
  });

  it('reads right in both languages and both themes at 1280×800', async () => {
    const { page, backend } = app;
    const someone = db()
      .prepare(
        `SELECT m.id FROM members m WHERE m.forgotten_at IS NULL AND m.tier IS NOT NULL
         AND (SELECT count(*) FROM messages WHERE member_id = m.id) > 3 ORDER BY m.id DESC LIMIT 1`,
      )
      .pluck()
      .get() as number;
    // Give them a profile worth looking at: a remark, a note, tags, points and two violations.
    const dispatch = backend.createDispatch(trustAppOrigin);
    const send = async (channel: string, input: unknown) => {
      const result = await dispatch(channel, input, trustedSender);
      if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
      return result.value as { id: number };
    };
    await send('members.update', {
      id: someone,
      patch: { remark: '宝妈群老朋友', region: '成都', phone: '13912345678' },
    });
    await send('members.addNote', {
      memberIds: [someone],
      body: '上周团购帮忙拉了 3 位新人，可以邀请做群管理',
    });
    const tag = await send('tags.create', { name: '社交达人', tagGroupName: '用户画像' });
    await send('tags.assign', { tagIds: [tag.id], memberIds: [someone] });
    await send('points.add', {
      memberId: someone,
      amount: 50,
      source: 'activity',
      reason: '读书打卡挑战第一名',
    });
    await send('violations.add', {
      memberId: someone,
      category: 'spam',
      points: 2,
      note: '连续刷屏 12 条',
      action: 'remind',
    });
    await send('violations.add', {
      memberId: someone,
      category: 'ad',
      points: 2,
      messageId: db().prepare('SELECT id FROM messages WHERE member_id = ? LIMIT 1').pluck().get(someone),
      action: 'dm_warning',
      decayDays: 90,
    });
    // Chinese in the light theme is what the other tests already looked at.
    for (const [locale, colorScheme] of [
      ['zh-CN', 'dark'],
      ['en', 'light'],
      ['en', 'dark'],
    ] as const) {
      backend.settings.update({ locale, colorScheme });
      await page.reload();
      await page
        .locator(`html[lang="${locale}"][data-mantine-color-scheme="${colorScheme}"]`)
        .waitFor({ state: 'attached' });
      await goTo(page, '/members');
      await page.getByTestId('member-name').first().waitFor();
      expect(await fitsWidth(page), `list ${locale} ${colorScheme}`).toBe(true);
      await app.screenshot(`members-list-${locale}-${colorScheme}`);
      await goTo(page, `/members/${someone}`);
      await page
        .getByTestId('tags-card')
        .getByRole('heading', { name: translate(locale, 'membersUi.tags.title') })
        .waitFor();
      expect(await fitsWidth(page), `profile ${locale} ${colorScheme}`).toBe(true);
      await app.screenshot(`members-profile-${locale}-${colorScheme}`);
      // The lower half: groups and roles, custom fields, tier history, names over time.
      await page
        .getByTestId('member-profile')
        .evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await page.getByTestId('names-card').waitFor();
      await app.screenshot(`members-profile-lower-${locale}-${colorScheme}`);
      await goTo(page, `/members/${someone}/violations`);
      await page.getByTestId('violation-suggestion').waitFor();
      await app.screenshot(`members-violations-${locale}-${colorScheme}`);
    }
    backend.settings.update({ locale: 'zh-CN', colorScheme: 'light' });
    expectNoProblems(app);
  });
});
