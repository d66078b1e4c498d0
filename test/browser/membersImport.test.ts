import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from '../support/browserHarness';
import { makeTempDir } from '../support/tempWorkspace';
import { expectNoProblems, goTo, loadSmallDemo, settle, switchTo, useBrowser } from './helpers';

describe('member table import and XLSX export', () => {
  const browser = useBrowser();
  const temp = makeTempDir('qundesk-browser-members-import-');
  let app: AppUnderTest;
  let groupName: string;
  beforeAll(async () => {
    app = await startApp(browser(), { prepare: loadSmallDemo });
    groupName = app.backend.context.db
      .prepare('SELECT name FROM groups ORDER BY id LIMIT 1')
      .pluck()
      .get() as string;
  });
  afterAll(async () => {
    await app?.close();
    temp.remove();
  });
  const memberNamed = (name: string) =>
    app.backend.context.db.prepare('SELECT phone FROM members WHERE display_name = ?').get(name) as
      { phone: string | null } | undefined;

  async function workbook(name: string, rows: unknown[][]): Promise<string> {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('新成员').addRows(rows);
    book.addWorksheet('备用名单').addRows([
      ['昵称', '微信号'],
      ['备用甲', 'wxid_spare_a'],
    ]);
    const path = join(temp.dir, name);
    await book.xlsx.writeFile(path);
    return path;
  }

  const openDialog = async (path: string) => {
    const { page } = app;
    await page.getByTestId('import-members').click();
    const dialog = page.getByTestId('import-members-modal');
    await dialog.getByTestId('import-path').fill(path);
    await dialog.getByRole('button', { name: '读取' }).click();
    await dialog.getByTestId('import-mapping').waitFor();
    return dialog;
  };

  it('reads an XLSX file, shows the mapping, preview and check, and imports it as a job', async () => {
    const { page } = app;
    const path = await workbook('members.xlsx', [
      ['昵称', '微信号', '手机号', '群名', '入群时间', '备注'],
      ['导入测试甲', 'wxid_import_a', 13800009001, groupName, new Date(Date.UTC(2024, 2, 1)), '来自表格'],
      ['导入测试乙', 'wxid_import_b', 13800009002, groupName, new Date(Date.UTC(2024, 2, 2)), ''],
    ]);
    await goTo(page, '/members');
    await page.getByTestId('member-name').first().waitFor();
    const dialog = await openDialog(path);
    await dialog.getByTestId('import-file').filter({ hasText: 'XLSX 工作表「新成员」· 共 2 行' }).waitFor();
    await dialog.getByTestId('import-sample').getByText('13800009001').waitFor();
    await dialog.getByTestId('import-sample').getByText('2024-03-01').waitFor();
    await dialog.getByTestId('import-check').filter({ hasText: '前 2 行检查通过' }).waitFor();
    expect(await dialog.getByTestId('import-sheet').inputValue()).toBe('新成员');
    await settle(page);
    await app.screenshot('members-import-preview-zh-CN-light');
    await switchTo(app, { colorScheme: 'dark' });
    await settle(page);
    await app.screenshot('members-import-preview-zh-CN-dark');
    await switchTo(app, { colorScheme: 'light', locale: 'en' });
    await dialog.getByTestId('import-check').filter({ hasText: 'The first 2 rows are fine' }).waitFor();
    await settle(page);
    await app.screenshot('members-import-preview-en-light');
    await switchTo(app, { locale: 'zh-CN' });

    // 备注 not imported: the mapping is read again with the change.
    await dialog.getByTestId('map-备注').click();
    await page.getByRole('option', { name: '不导入', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('map-备注').inputValue()).toBe('不导入');
    await dialog.getByTestId('start-member-import').click();
    await dialog
      .getByTestId('import-result')
      .filter({ hasText: '已导入：新建 2 名成员' })
      .waitFor({ timeout: 20_000 });
    await settle(page);
    await app.screenshot('members-import-done-zh-CN-light');
    expect(memberNamed('导入测试甲')?.phone).toBe('13800009001');
    const remark = app.backend.context.db
      .prepare("SELECT remark FROM members WHERE display_name = '导入测试甲'")
      .pluck()
      .get();
    expect(remark).toBeNull();
    await dialog.getByTestId('close-member-import').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('member-search').fill('导入测试');
    await page.getByTestId('member-name').filter({ hasText: '导入测试乙' }).waitFor();
    await settle(page);
    await app.screenshot('members-list-after-import-zh-CN-light');
    await page.getByTestId('member-search').fill('');
    expectNoProblems(app);
  });

  it('lists the problems of a bad file by row and will not start it; another sheet can be picked', async () => {
    const { page } = app;
    const path = await workbook('bad.xlsx', [
      ['昵称', '微信号', '手机号', '群名'],
      ['坏行甲', 'wxid_bad_a', '1.38E+10', groupName],
      ['坏行乙', 'wxid_bad_b', null, '没有这个群'],
    ]);
    const dialog = await openDialog(path);
    const check = dialog.getByTestId('import-check');
    await check.filter({ hasText: '发现 2 处问题' }).waitFor();
    await check
      .getByText('第 2 行 · 手机号：手机号被 Excel 写成了科学计数法（1.38E+10）', { exact: false })
      .waitFor();
    await check.getByText('第 3 行 · 所在群：工作区中没有这个群：没有这个群').waitFor();
    expect(await dialog.getByTestId('start-member-import').isDisabled()).toBe(true);
    await settle(page);
    await app.screenshot('members-import-problems-zh-CN-light');

    await dialog.getByTestId('import-sheet').click();
    await page.getByRole('option', { name: '备用名单', exact: true }).click();
    await dialog.getByTestId('import-file').filter({ hasText: '工作表「备用名单」· 共 1 行' }).waitFor();
    await dialog.getByTestId('import-check').filter({ hasText: '检查通过' }).waitFor();
    expect(await dialog.getByTestId('start-member-import').isDisabled()).toBe(false);
    await page.keyboard.press('Escape');

    const fake = join(temp.dir, 'fake.xlsx');
    writeFileSync(fake, '昵称\n张三\n');
    await page.getByTestId('import-members').click();
    const again = page.getByTestId('import-members-modal');
    await again.getByTestId('import-path').fill(fake);
    await again.getByRole('button', { name: '读取' }).click();
    await again.getByTestId('import-problem').filter({ hasText: '不是有效的 XLSX 文件' }).waitFor();
    await page.keyboard.press('Escape');
    expectNoProblems(app);
  });

  it('downloads the selected members as an XLSX workbook', async () => {
    const { page } = app;
    await page.getByTestId('select-row').first().click();
    await page.getByTestId('bulk-export').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('bulk-export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^members-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const saved = join(temp.dir, 'download.xlsx');
    await download.saveAs(saved);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(saved);
    expect(book.worksheets[0]!.getCell('B1').value).toBe('昵称');
    expect(book.worksheets[0]!.rowCount).toBe(2);
    expectNoProblems(app);
  });
});
