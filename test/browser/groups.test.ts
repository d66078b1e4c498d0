import { describe, expect, it } from 'vitest';
import { listGroups } from '../../electron/main/db/repositories/groups';
import { listAudit } from '../../electron/main/db/repositories/audit';
import { startApp } from '../support/browserHarness';
import { expectNoProblems, goTo, useBrowser } from './helpers';

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
});
