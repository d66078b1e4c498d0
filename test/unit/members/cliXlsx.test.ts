import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempWorkspace';
import { cliRunner } from './cliSupport';
import type { Seeded } from './fixtures';

const temp = makeTempDir('qundesk-members-cli-xlsx-');
const { cli, seed } = cliRunner(temp.dir);

describe('members import / export as XLSX and members forget on the command line', () => {
  let seeded: Seeded;

  beforeAll(async () => {
    seeded = await seed();
  });
  afterAll(() => temp.remove());

  it('imports the sheet named by --sheet and exports a workbook, both picked by the extension', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('说明').addRows([
      ['字段', '含义'],
      ['昵称', '群里的名字'],
    ]);
    book.addWorksheet('成员').addRows([
      ['昵称', '微信号', '手机号', '标签'],
      ['孙小美', 'wxid_sunxm', 13700001111, '新客'],
    ]);
    const input = join(temp.dir, 'import.xlsx');
    await book.xlsx.writeFile(input);
    const imported = cli('members', 'import', input, '--sheet', '成员', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      format: 'xlsx',
      sheet: '成员',
      applied: true,
      created: 1,
      tagsCreated: 1,
    });

    const out = join(temp.dir, 'out.xlsx');
    const exported = cli('members', 'export', '--out', out, '--reveal', '--json');
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ format: 'xlsx', rows: 8, revealed: true });
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(out);
    const names = written.worksheets[0]!.getColumn(2).values;
    expect(names).toContain('孙小美');
    expect(written.worksheets[0]!.getColumn(5).values).toContain('13700001111');
  }, 30_000);

  it('refuses a file that is not XLSX with exit code 1 and a clear error', () => {
    const fake = join(temp.dir, 'fake.xlsx');
    writeFileSync(fake, '昵称\n张三\n');
    const refused = cli('members', 'import', fake, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'BAD_FILE',
      message: 'members.errors.xlsxMalformed',
    });
  }, 30_000);

  it('members forget needs the current name, then erases the member', () => {
    const id = String(seeded.members.lisi);
    const wrong = cli('members', 'forget', id, '--confirm-name', '李', '--json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).error).toMatchObject({
      code: 'VALIDATION',
      message: 'members.errors.forgetNameMismatch',
    });
    const done = cli('members', 'forget', id, '--confirm-name', '李四', '--lang', 'zh-CN');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`已删除成员 ${id} 的个人信息`);
    expect(done.stdout).toContain(`已删除成员#${id}`);
  }, 30_000);
});
