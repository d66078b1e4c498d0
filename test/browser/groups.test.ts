import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/backend';
import { listGroups } from '../../electron/main/db/repositories/groups';
import { listAudit } from '../../electron/main/db/repositories/audit';
import { addGroupMember, insertMember } from '../../electron/main/db/repositories/members';
import { createGroup } from '../../electron/main/services/groups';
import { addToBlacklist } from '../../electron/main/services/membersIdentities';
import { startApp } from '../support/browserHarness';
import {
  expectNoHorizontalOverflow,
  expectNoProblems,
  fillDateTime,
  goTo,
  settle,
  switchTo,
  useBrowser,
} from './helpers';

/**
 * 宝妈答疑群 with 20 members in set tiers (silent 8 of 20 = 40 %, above its 10–20 % target; core 3 = 15 %, within),
 * a second group to name as its standby, and a blacklisted wxid for the admission check.
 */
function seedGroupPage(backend: Backend): void {
  const { context } = backend;
  const db = backend.workspace.db;
  const now = Date.now();
  const fields = { type: 'service', positioning: '', coreGoal: '', memberCap: 500 } as const;
  const main = createGroup(context, { name: '宝妈答疑群', ...fields });
  createGroup(context, { name: '宝妈答疑二群', ...fields });
  const tiers = [
    ...Array<string>(3).fill('core'),
    ...Array<string>(5).fill('active'),
    ...Array<string>(4).fill('potential'),
    ...Array<string>(8).fill('silent'),
  ];
  const setTier = db.prepare('UPDATE group_members SET tier = ? WHERE group_id = ? AND member_id = ?');
  tiers.forEach((tier, index) => {
    const memberId = insertMember(
      db,
      {
        displayName: `会员${String(index + 1).padStart(2, '0')}`,
        wxid: `wx_member${index + 1}`,
        joinChannel: 'official_account',
      },
      now,
    );
    addGroupMember(db, {
      groupId: main.id,
      memberId,
      role: 'member',
      groupNickname: null,
      joinedAt: now - 30 * 86_400_000,
    });
    setTier.run(tier, main.id, memberId);
  });
  addToBlacklist(context, { identity: { platform: 'wxid', value: 'wx_spammer' }, reason: '多次发广告' });
}

describe('groups', () => {
  const browser = useBrowser();

  it('creates, edits and deletes a group, with validation messages in Chinese', async () => {
    const app = await startApp(browser());
    const { page, backend } = app;
    const db = backend.workspace.db;
    try {
      await goTo(page, '/groups');
      await page.getByTestId('empty-state').getByText('还没有群组').waitFor();
      await app.screenshot('groups-empty');

      // Create: an empty name and an emptied cap come back from the backend as VALIDATION, shown per field.
      await page.getByTestId('new-group').click();
      const form = page.getByRole('dialog');
      await form.getByText('新建群组').waitFor();
      await form.getByLabel('人数上限').fill('');
      await form.getByRole('button', { name: '创建' }).click();
      await form.getByText('请填写群名称（1–80 个字）').waitFor();
      await form.getByText('人数上限需为 1 到 100000 之间的整数').waitFor();
      await app.screenshot('groups-validation');
      expect(listGroups(db)).toEqual([]);

      await form.getByLabel('群名称').fill('  宝妈答疑群  ');
      await form.getByTestId('group-type-activity').click();
      await form.getByLabel('群定位').fill('新手妈妈的育儿问题当天答复');
      await form.getByLabel('人数上限').fill('300');
      await form.getByRole('button', { name: '创建' }).click();
      await page.getByText('已创建群组「宝妈答疑群」').waitFor();
      await form.waitFor({ state: 'detached' });
      const row = page.getByTestId('group-row').filter({ hasText: '宝妈答疑群' });
      await row.waitFor();
      expect(await row.getByText('活动型').count()).toBe(1);
      expect(await row.getByText('0 / 300 人').count()).toBe(1);
      const [created] = listGroups(db);
      expect(created).toMatchObject({ name: '宝妈答疑群', type: 'activity', memberCap: 300 });

      // A second group, then renaming it to the first one's name: CONFLICT shows under the name.
      await page.getByTestId('new-group').click();
      await form.getByLabel('群名称').fill('读书会');
      await form.getByTestId('group-type-content').click();
      await form.getByRole('button', { name: '创建' }).click();
      await page.getByTestId('group-row').filter({ hasText: '读书会' }).waitFor();

      await page.getByTestId('group-row').filter({ hasText: '读书会' }).getByTestId('edit-group').click();
      await form.getByText('编辑群组').waitFor();
      expect(await form.getByLabel('群名称').inputValue()).toBe('读书会');
      await form.getByLabel('群名称').fill('宝妈答疑群');
      await form.getByRole('button', { name: '保存' }).click();
      await form.getByText('已有同名群组「宝妈答疑群」').waitFor();
      await app.screenshot('groups-conflict');
      await form.getByLabel('群名称').fill('职场读书会');
      await form.getByLabel('核心目标').fill('每周共读一本书');
      await form.getByRole('button', { name: '保存' }).click();
      await page.getByText('已保存群组「职场读书会」').waitFor();
      await page.getByTestId('group-row').filter({ hasText: '职场读书会' }).waitFor();
      expect(
        listGroups(db)
          .map((group) => group.name)
          .sort(),
      ).toEqual(['宝妈答疑群', '职场读书会'].sort());
      await app.screenshot('groups-list');

      // Delete asks first; cancelling keeps the group.
      const target = page.getByTestId('group-row').filter({ hasText: '宝妈答疑群' });
      await target.getByTestId('delete-group').click();
      const confirm = page.getByRole('dialog');
      await confirm.getByText('确定删除群组「宝妈答疑群」吗？').waitFor();
      await app.screenshot('groups-delete-confirm');
      await confirm.getByRole('button', { name: '取消' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect(listGroups(db)).toHaveLength(2);
      await target.getByTestId('delete-group').click();
      await confirm.getByRole('button', { name: '删除群组' }).click();
      await page.getByText('已删除群组「宝妈答疑群」').waitFor();
      await target.waitFor({ state: 'detached' });
      expect(listGroups(db).map((group) => group.name)).toEqual(['职场读书会']);

      // Every change is in the activity log.
      await goTo(page, '/audit');
      await page.getByTestId('audit-row').first().waitFor();
      const actions = listAudit(db, 0, 10).rows.map((entry) => entry.action);
      expect(actions).toEqual(['delete', 'update', 'create', 'create']);
      expect(await page.getByTestId('audit-row').count()).toBe(4);
      expect(await page.getByTestId('audit-table').getByText('删除', { exact: true }).count()).toBe(1);
      await app.screenshot('audit-after-groups');
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  });

  it('shows a group page: overview, rules versions, QR codes, questionnaire, an application through the pipeline, tiers', async () => {
    const app = await startApp(browser(), { prepare: seedGroupPage });
    const { page, backend } = app;
    const db = backend.workspace.db;
    try {
      await goTo(page, '/groups');
      await page
        .getByTestId('open-group')
        .filter({ hasText: /^宝妈答疑群$/ })
        .click();
      await page.getByTestId('group-tab-overview').waitFor();
      await page.getByTestId('group-facts').getByText('20 / 500 人').waitFor();

      // Standby group with the default announcement, filled in.
      await page.getByTestId('edit-standby').click();
      const info = page.getByTestId('group-info-form');
      await info.getByTestId('founded-on').fill('2023-03-08');
      await info.getByTestId('standby-choice').click();
      await page.getByRole('option', { name: '宝妈答疑二群', exact: true }).click();
      await info.getByTestId('standby-join-method').fill('添加管理员微信 mama01');
      await info.getByTestId('standby-default-template').click();
      await info.getByText('请大家移步备用群「宝妈答疑二群」').waitFor();
      await settle(page);
      await app.screenshot('group-info-form-zh-CN-light');
      await info.getByTestId('save-group-info').click();
      await page
        .getByTestId('standby-announcement')
        .filter({ hasText: '原「宝妈答疑群」因故暂时无法使用' })
        .waitFor();
      await page.getByTestId('group-founded').getByText('2023-03-08').waitFor();

      // Owner and admins among the members.
      await page.getByTestId('edit-staff').click();
      await page.getByTestId('staff-owner').click();
      await page.getByRole('option', { name: '会员01', exact: true }).click();
      await page.getByTestId('staff-admins').click();
      await page.getByRole('option', { name: '会员02', exact: true }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('save-staff').click();
      await page.getByTestId('group-staff').getByText('会员01').waitFor();
      await page.getByTestId('group-staff').getByText('会员02').waitFor();
      expect(
        db.prepare(`SELECT count(*) AS n FROM group_members WHERE role IN ('owner', 'admin')`).get(),
      ).toEqual({ n: 2 });
      await settle(page);
      await app.screenshot('group-overview-zh-CN-light');

      // Rules: start from the service template, publish, then a second version compared with the first.
      await page.getByTestId('group-tab-rules').click();
      await page.getByTestId('rules-template-service').click();
      const body = page.getByTestId('rules-body-input');
      expect(await body.inputValue()).toContain('【宝妈答疑群】群规');
      await page.getByTestId('rules-announced-on').fill('2024-05-01');
      await page.getByTestId('rules-note').fill('首版');
      await page.getByTestId('rules-publish').click();
      await page.getByTestId('rules-current').getByText('第 1 版', { exact: true }).waitFor();
      await page.getByTestId('rules-new').click();
      await body.fill(`${await body.inputValue()}\n6. 禁止私加群友好友推销`);
      await page.getByTestId('rules-note').fill('新增禁止私加好友');
      await page.getByTestId('rules-publish').click();
      await page.getByText('已发布第 2 版群规').waitFor();
      await page.getByTestId('rules-version').nth(1).waitFor();
      await page.getByTestId('rules-current').getByText('第 2 版', { exact: true }).waitFor();
      await page.getByTestId('rules-mode').getByText('与上一版对比').click();
      const diff = page.getByTestId('rules-diff');
      await diff.locator('[data-change="added"]').filter({ hasText: '禁止私加群友好友推销' }).waitFor();
      expect(await diff.locator('[data-change="removed"]').count()).toBe(0);
      await settle(page);
      await app.screenshot('group-rules-diff-zh-CN-light');

      // Admission: a QR code generated six days ago is flagged on the group page.
      await page.getByTestId('group-tab-admission').click();
      await page.getByTestId('admission-sections').getByText('入群二维码').click();
      await page.getByTestId('qr-add').click();
      await page.getByTestId('qr-label').fill('公众号菜单');
      await fillDateTime(page, 'qr-generated-at', Date.now() - 6 * 86_400_000 - 3_600_000);
      await page.getByTestId('qr-expiry-preview').filter({ hasText: '生成后 7 天' }).waitFor();
      await page.getByTestId('qr-save').click();
      await page.getByTestId('qr-row').filter({ hasText: '还剩 1 天' }).waitFor();
      await page.getByTestId('qr-reminder').filter({ hasText: '1 个入群二维码即将过期或已过期' }).waitFor();
      await settle(page);
      await app.screenshot('group-qrcodes-zh-CN-light');

      // Questionnaire: one required single-choice question with a knockout option.
      await page.getByTestId('admission-sections').getByText('入群问卷').click();
      await page.getByTestId('question-add-single').click();
      await page.getByTestId('question-prompt').fill('是否同意遵守群规？');
      const labels = page.getByTestId('option-label');
      await labels.nth(0).fill('同意');
      await labels.nth(1).fill('不同意');
      await page.getByTestId('option-score').nth(0).fill('10');
      await page.getByTestId('question-option').nth(1).getByText('一票否决').click();
      await page.getByTestId('pass-score').fill('10');
      await page.getByTestId('max-score').filter({ hasText: '满分 10 分' }).waitFor();
      await page.getByTestId('questionnaire-save').click();
      await page.getByText('已保存入群问卷（第 1 版）').waitFor();
      await settle(page);
      await app.screenshot('group-questionnaire-zh-CN-light');

      // An application through 申请 → 面审 → 培训 → 考核 → 入群.
      await page.getByTestId('admission-sections').getByText('申请', { exact: true }).click();
      const enter = async (name: string, wxid: string) => {
        await page.getByTestId('application-new').click();
        const form = page.getByTestId('application-form');
        await form.getByTestId('applicant-name').fill(name);
        await form.getByTestId('applicant-wxid').fill(wxid);
        await form.getByTestId('applicant-channel').click();
        await page.getByRole('option', { name: '公众号', exact: true }).click();
        await form.getByLabel('同意', { exact: true }).check();
        await form.getByTestId('live-score').filter({ hasText: '10 / 10' }).waitFor();
        if (name === '小雨妈妈') {
          await settle(page);
          await app.screenshot('group-application-form-zh-CN-light');
        }
        await form.getByTestId('application-save').click();
        await form.waitFor({ state: 'hidden' });
      };
      await enter('小雨妈妈', 'wx_xiaoyu');
      await enter('广告哥', 'wx_spammer');
      const spammer = page.getByTestId('application-row').filter({ hasText: '广告哥' });
      await spammer.getByTestId('blacklist-flag').waitFor();
      await page.getByTestId('application-row').filter({ hasText: '小雨妈妈' }).click();
      const drawer = page.getByTestId('application-drawer');
      await drawer.getByTestId('decided-by').fill('运营小李');
      for (const [button, state] of [
        ['通过，进入「面审」', '面审'],
        ['通过，进入「培训」', '培训'],
        ['通过，进入「考核」', '考核'],
      ] as const) {
        await drawer.getByRole('button', { name: button }).click();
        await drawer
          .getByTestId('application-state')
          .filter({ hasText: new RegExp(`^${state}$`) })
          .waitFor();
      }
      await settle(page);
      await app.screenshot('group-application-zh-CN-light');
      await drawer.getByRole('button', { name: '批准入群' }).click();
      await drawer.getByTestId('application-state').filter({ hasText: '已入群' }).waitFor();
      expect(
        await drawer
          .getByTestId('application-history')
          .getByText(/^运营小李 · /)
          .count(),
      ).toBe(4);
      const admitted = db
        .prepare(
          `SELECT m.display_name, m.join_channel, gm.left_at FROM members m JOIN group_members gm ON gm.member_id = m.id
           WHERE m.wxid = 'wx_xiaoyu'`,
        )
        .get();
      expect(admitted).toEqual({ display_name: '小雨妈妈', join_channel: 'official_account', left_at: null });
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // Reject the blacklisted applicant with a reason; the channel's pass rate is then 50 %.
      await spammer.click();
      await drawer.getByTestId('application-blacklist').getByText('多次发广告', { exact: false }).waitFor();
      await drawer.getByTestId('decision-note').fill('黑名单用户');
      await drawer.getByTestId('application-reject').click();
      await drawer.getByTestId('application-state').filter({ hasText: '已拒绝（申请）' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('admission-sections').getByText('渠道统计').click();
      const row = page.getByTestId('stats-official_account');
      await row.getByText('50%').waitFor();
      expect((await row.textContent())?.replace(/\s+/g, '')).toContain('2110');
      await settle(page);
      await app.screenshot('group-admission-stats-zh-CN-light');

      // Tiers against their targets: silent (40 %) is above its 10–20 % range and flagged.
      await page.getByTestId('group-tab-tiers').click();
      await page.getByTestId('tier-row-silent').filter({ hasText: '40%' }).waitFor();
      expect(await page.getByTestId('tier-row-silent').getAttribute('data-status')).toBe('above');
      expect(await page.getByTestId('tier-row-core').getAttribute('data-status')).toBe('within');
      await page.getByTestId('tiers-out-of-range').filter({ hasText: '沉默（高于目标）' }).waitFor();
      await settle(page);
      await expectNoHorizontalOverflow(page);
      await app.screenshot('group-tiers-zh-CN-light');

      await switchTo(app, { colorScheme: 'dark' });
      await settle(page);
      await app.screenshot('group-tiers-zh-CN-dark');
      await page.getByTestId('group-tab-overview').click();
      await page.getByTestId('standby-announcement').waitFor();
      await settle(page);
      await app.screenshot('group-overview-zh-CN-dark');
      await page.getByTestId('group-tab-admission').click();
      await page.getByTestId('applications-filter').getByText('全部').click();
      await page.getByTestId('application-row').nth(1).waitFor();
      await settle(page);
      await app.screenshot('group-applications-zh-CN-dark');

      await switchTo(app, { locale: 'en', colorScheme: 'light' });
      await page.getByTestId('group-tab-rules').getByText('Rules').click();
      await page.getByTestId('rules-current').getByText('Version 2', { exact: true }).waitFor();
      await settle(page);
      await expectNoHorizontalOverflow(page);
      await app.screenshot('group-rules-en-light');
      await page.getByTestId('group-tab-admission').click();
      await page.getByTestId('admission-sections').getByText('Questionnaire').click();
      await page.getByTestId('questionnaire').waitFor();
      await settle(page);
      await expectNoHorizontalOverflow(page);
      await app.screenshot('group-questionnaire-en-light');
      await page.getByTestId('group-tab-tiers').click();
      await page.getByTestId('tiers-out-of-range').filter({ hasText: 'Silent' }).waitFor();
      await settle(page);
      await app.screenshot('group-tiers-en-light');
      await goTo(page, '/groups');
      await page.getByTestId('qr-reminder').waitFor();
      await settle(page);
      await app.screenshot('groups-list-en-light');

      const actions = listAudit(db, 0, 50).rows.map((entry) => entry.action);
      for (const action of [
        'update',
        'set-staff',
        'publish-rules',
        'add-qr',
        'save-questionnaire',
        'apply',
        'advance',
        'admit',
        'reject',
      ]) {
        expect(actions).toContain(action);
      }
      expectNoProblems(app);
    } finally {
      await app.close();
    }
  }, 120_000);
});
