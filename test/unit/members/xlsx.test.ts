import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberProfile } from '../../../shared/domain/members';
import type { JobState, MemberRow, Page } from '../../../shared/domain/types';
import type {
  MemberCsvPreview,
  MemberExportFile,
  MemberExportReport,
  MemberImportReport,
} from '../../../shared/ipc/channels/members';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { readMemberTable } from '../../../electron/main/services/membersCsv';
import { makeTempDir, makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

const utcDay = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));

/** A workbook as operators send them: a hidden sheet first, a merged title row, typed cells, merges, gaps. */
async function operatorWorkbook(path: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('_设置', { state: 'hidden' }).addRow(['内部', '不要导入']);
  const sheet = book.addWorksheet('成员名单');
  sheet.addRow(['2024 年春季新成员（运营部）']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['昵称', '微信号', '手机号', '群名', '入群时间', '备注', '标签', 'unionid']);
  sheet.addRow([
    { richText: [{ text: '周' }, { text: '小琴', font: { bold: true } }] },
    'wxid_xl_zhou',
    13800001111,
    '读书服务群',
    utcDay(2024, 3, 1),
    { formula: 'CONCAT("VIP","1")', result: 'VIP1' },
    '尝鲜客、忠实粉',
    'oU_xl_zhou',
  ]);
  // The group cell merged over two members: the second member is in that group too.
  sheet.addRow([
    '吴大伟',
    'wxid_xl_wu',
    '13900002222',
    null,
    new Date(Date.UTC(2024, 2, 2, 9, 30)),
    null,
    null,
    null,
  ]);
  sheet.mergeCells('D3:D4');
  sheet.addRow([]);
  sheet.addRow(['郑晓', null, 15000003333, '周末活动群', 45383, { error: '#N/A' }, null, null]);
  sheet.getCell('E6').numFmt = 'yyyy/m/d';
  for (const cell of ['E3', 'E4']) sheet.getCell(cell).numFmt = 'yyyy-mm-dd hh:mm';
  book.addWorksheet('第二批').addRows([
    ['昵称', '微信号'],
    ['钱多多', 'wxid_xl_qian'],
  ]);
  await book.xlsx.writeFile(path);
}

describe('member XLSX import and export', () => {
  let t: MemberTestBackend;
  const temp = makeTempDir('qundesk-members-xlsx-');
  const file = (name: string) => join(temp.dir, name);
  const memberCount = () =>
    (t.backend.context.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  const runImport = async (target: MemberTestBackend, input: Record<string, unknown>) => {
    const { jobId } = value<{ jobId: string }>(await target.call('members.import', input));
    const job: JobState = await target.backend.jobs.wait(jobId);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    return job.result as MemberImportReport;
  };
  const profileOf = async (target: MemberTestBackend, query: string) => {
    const rows = value<Page<MemberRow>>(await target.call('members.list', { query })).rows;
    expect(rows, query).toHaveLength(1);
    return value<MemberProfile>(await target.call('members.get', { id: rows[0]!.id, reveal: true }));
  };

  beforeAll(() => {
    t = memberTestBackend();
  });
  afterAll(async () => {
    await t.dispose();
    temp.remove();
  });

  it('previews the first visible sheet: title row skipped, Excel dates and numbers as text, merges filled', async () => {
    const path = file('operators.xlsx');
    await operatorWorkbook(path);
    const preview = value<MemberCsvPreview>(await t.call('members.importPreview', { path }));
    expect(preview).toMatchObject({
      format: 'xlsx',
      encoding: null,
      sheets: ['成员名单', '第二批'],
      sheet: '成员名单',
      headers: ['昵称', '微信号', '手机号', '群名', '入群时间', '备注', '标签', 'unionid'],
      totalRows: 3,
      errorCount: 0,
    });
    expect(preview.mapping).toMatchObject({ 昵称: 'displayName', 手机号: 'phone', 群名: 'group' });
    expect(preview.sample).toEqual([
      [
        '周小琴',
        'wxid_xl_zhou',
        '13800001111',
        '读书服务群',
        '2024-03-01',
        'VIP1',
        '尝鲜客、忠实粉',
        'oU_xl_zhou',
      ],
      ['吴大伟', 'wxid_xl_wu', '13900002222', '读书服务群', '2024-03-02 09:30:00', '', '', ''],
      ['郑晓', '', '15000003333', '周末活动群', '2024-04-01', '', '', ''],
    ]);
  });

  it('reads another sheet when asked, and names the sheets when the one asked for is missing', async () => {
    const path = file('operators.xlsx');
    const second = value<MemberCsvPreview>(await t.call('members.importPreview', { path, sheet: '第二批' }));
    expect(second).toMatchObject({ sheet: '第二批', headers: ['昵称', '微信号'], totalRows: 1 });
    expect(second.sample).toEqual([['钱多多', 'wxid_xl_qian']]);
    expect(failure(await t.call('members.importPreview', { path, sheet: '第三批' }))).toMatchObject({
      code: 'VALIDATION',
      message: 'members.errors.xlsxNoSheet',
      params: { sheet: '第三批', sheets: '成员名单、第二批' },
    });
  });

  it('imports the typed cells as members, memberships, identities and tags in one go', async () => {
    const path = file('operators.xlsx');
    const mapping = value<MemberCsvPreview>(await t.call('members.importPreview', { path })).mapping;
    const before = memberCount();
    const report = await runImport(t, { path, mapping });
    expect(report).toMatchObject({
      format: 'xlsx',
      sheet: '成员名单',
      applied: true,
      created: 3,
      updated: 0,
      identitiesAdded: 1,
      tagsCreated: 2,
    });
    expect(memberCount()).toBe(before + 3);
    const zhou = await profileOf(t, '周小琴');
    expect(zhou).toMatchObject({
      phone: '13800001111',
      remark: 'VIP1',
      joinedAt: '2024-03-01T00:00:00.000Z',
    });
    expect(zhou.memberships.map((m) => m.groupName)).toEqual(['读书服务群']);
    expect(zhou.identities.map((i) => `${i.platform}:${i.value}`)).toEqual(['unionid:oU_xl_zhou']);
    const wu = await profileOf(t, '吴大伟');
    expect(wu.memberships.map((m) => m.groupName)).toEqual(['读书服务群']);
    expect(wu.phone).toBe('13900002222');
    const zheng = await profileOf(t, '郑晓');
    expect(zheng).toMatchObject({ phone: '15000003333', remark: null, joinedAt: '2024-04-01T00:00:00.000Z' });
    const audit = t.backend.context.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'import-xlsx'")
      .pluck()
      .all() as string[];
    expect(audit.map((detail) => JSON.parse(detail))).toMatchObject([
      { file: 'operators.xlsx', sheet: '成员名单', rows: 3, created: 3 },
    ]);
  });

  it('refuses a sheet with bad rows as a whole, each problem at the row number Excel shows', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('成员');
    sheet.addRows([
      ['昵称', '微信号', '手机', '所在群'],
      ['好人甲', 'wxid_good_a', 13700001234, '读书服务群'],
      [],
      ['坏人乙', 'wxid_bad_b', '1.38E+10', null],
      ['坏人丙', 'wx****an', '138****8000', null],
      ['坏人丁', 'wxid_bad_d', null, '不存在的群'],
      [null, 'wxid_bad_e', null, null],
    ]);
    const path = file('bad.xlsx');
    await book.xlsx.writeFile(path);
    const mapping = value<MemberCsvPreview>(await t.call('members.importPreview', { path })).mapping;
    const before = { members: memberCount(), audit: t.auditCount() };
    const report = await runImport(t, { path, mapping });
    expect(report).toMatchObject({ applied: false, created: 0, totalRows: 5 });
    expect(report.errors.map((error) => [error.line, error.field, error.key])).toEqual([
      [4, 'phone', 'members.errors.csvPhoneScientific'],
      [5, 'phone', 'members.errors.csvMaskedValue'],
      [5, 'wxid', 'members.errors.csvMaskedValue'],
      [6, 'group', 'members.errors.csvUnknownGroup'],
      [7, 'displayName', 'members.errors.csvNameMissing'],
    ]);
    expect(memberCount()).toBe(before.members);
    expect(t.auditCount()).toBe(before.audit);
  });

  it('keeps Chinese text whole across the stream chunks of a long sheet (shared and inline strings)', async () => {
    const names = Array.from({ length: 6000 }, (_, index) => `成员${index}号·读书服务群`);
    const book = new ExcelJS.Workbook();
    const shared = book.addWorksheet('名单');
    shared.addRow(['昵称', '备注']);
    for (const name of names) shared.addRow([name, `备注：${name}`]);
    const path = file('long.xlsx');
    await book.xlsx.writeFile(path);
    const preview = value<MemberCsvPreview>(await t.call('members.importPreview', { path }));
    expect(preview.totalRows).toBe(names.length);
    // The preview shows 20 rows: read the whole table.
    const table = await readMemberTable(path);
    expect(table.rows.map((row) => row[0])).toEqual(names);
    expect(table.rows.every((row, index) => row[1] === `备注：${names[index]}`)).toBe(true);
  });

  it('refuses files that are not XLSX with a clear error', async () => {
    const renamedCsv = file('renamed.xlsx');
    writeFileSync(renamedCsv, '昵称,微信号\n张三,wxid_zs\n');
    expect(failure(await t.call('members.importPreview', { path: renamedCsv }))).toMatchObject({
      code: 'BAD_FILE',
      message: 'members.errors.xlsxMalformed',
      params: { file: 'renamed.xlsx' },
    });
    const good = readFileSync(file('operators.xlsx'));
    const truncated = file('truncated.xlsx');
    writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 2)));
    expect(failure(await t.call('members.importPreview', { path: truncated })).message).toBe(
      'members.errors.xlsxMalformed',
    );
    const oldExcel = file('old.xlsx');
    writeFileSync(oldExcel, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(failure(await t.call('members.importPreview', { path: oldExcel })).message).toBe(
      'members.errors.xlsOldFormat',
    );
    const workbookAsCsv = file('workbook.csv');
    writeFileSync(workbookAsCsv, good);
    expect(failure(await t.call('members.importPreview', { path: workbookAsCsv })).message).toBe(
      'members.errors.csvIsWorkbook',
    );
    writeFileSync(file('empty.xlsx'), '');
    expect(failure(await t.call('members.importPreview', { path: file('empty.xlsx') })).message).toBe(
      'members.errors.csvEmpty',
    );
    expect(failure(await t.call('members.importPreview', { path: file('missing.xlsx') })).message).toBe(
      'members.errors.csvUnreadable',
    );
  });

  it('exports a workbook with a frozen bold header, widths, dates as dates and contacts as text', async () => {
    const path = file('export.xlsx');
    const report = value<MemberExportReport>(
      await t.call('members.export', { path, filter: { groupId: t.seeded.groups.service } }),
    );
    expect(report).toMatchObject({ format: 'xlsx', revealed: false });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('成员');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('B1').value).toBe('昵称');
    expect(sheet.getCell('B1').font?.bold).toBe(true);
    expect(sheet.autoFilter).toBeTruthy();
    // Widths follow the content: 分层原因 holds long Chinese sentences, 编号 short numbers.
    expect(sheet.getColumn(11).width).toBeGreaterThan(sheet.getColumn(1).width!);
    expect(sheet.rowCount).toBe(report.rows + 1);
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const zhangsan = rows.find((row) => row[2] === '张三')!;
    expect(zhangsan[5]).toBe('138****8000');
    expect(zhangsan[4]).toBe('wx****an');
    expect(zhangsan[14]).toBeInstanceOf(Date);
    expect(typeof zhangsan[1]).toBe('number');
    expect(sheet.getCell('N2').numFmt).toBe('yyyy-mm-dd');
  });

  it('round-trips: a revealed XLSX export imported into a fresh workspace gives the same members', async () => {
    const path = file('roundtrip.xlsx');
    value(
      await t.call('members.update', {
        id: t.seeded.members.wangwu,
        patch: { remark: '=HYPERLINK("x")', region: '杭州', phone: '+86 186 1234 5678' },
      }),
    );
    const exported = value<MemberExportReport>(await t.call('members.export', { path, reveal: true }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const phoneCell = book.worksheets[0]!.getColumn(5).values.find((cell) => cell === '18612345678');
    // The phone is a text cell (a number cell would read back as 18612345678 without quotes).
    expect(phoneCell).toBe('18612345678');

    const fresh = makeTestBackend();
    const dispatch = fresh.createDispatch(trustAppOrigin);
    const call = (channel: string, input: unknown = {}) => dispatch(channel, input, trustedSender);
    try {
      for (const name of ['读书服务群', '周末活动群'])
        insertGroup(
          fresh.context.db,
          { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
          0,
        );
      const preview = value<MemberCsvPreview>(await call('members.importPreview', { path }));
      expect(preview.errorCount).toBe(0);
      const { jobId } = value<{ jobId: string }>(
        await call('members.import', { path, mapping: preview.mapping }),
      );
      const report = (await fresh.jobs.wait(jobId)).result as MemberImportReport;
      expect(report).toMatchObject({ applied: true, created: exported.rows, updated: 0 });

      const snapshot = async (run: typeof call) => {
        const page = value<Page<MemberRow>>(await run('members.list', { limit: 500 }));
        const out: Record<string, unknown> = {};
        for (const row of page.rows) {
          const profile = value<MemberProfile>(await run('members.get', { id: row.id, reveal: true }));
          out[profile.displayName] = {
            remark: profile.remark,
            wxid: profile.wxid,
            phone: profile.phone,
            region: profile.region,
            joinChannel: profile.joinChannel,
            joined: profile.joinedAt?.slice(0, 10) ?? null,
            groups: profile.memberships.map((m) => m.groupName).sort(),
            tags: profile.tags.map((tag) => tag.name).sort(),
          };
        }
        return out;
      };
      const original = await snapshot(t.call);
      expect(Object.keys(original)).toHaveLength(exported.rows);
      expect(await snapshot(call)).toEqual(original);
    } finally {
      await fresh.dispose();
    }
  });

  it('downloads a selection as XLSX (base64), masked unless revealed', async () => {
    const file = value<MemberExportFile>(
      await t.call('members.exportFile', { memberIds: [t.seeded.members.zhangsan], format: 'xlsx' }),
    );
    expect(file).toMatchObject({ contentEncoding: 'base64', rows: 1, revealed: false });
    expect(file.fileName).toMatch(/^members-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.content, 'base64') as unknown as ExcelJS.Buffer);
    const values = book.worksheets[0]!.getRow(2).values as unknown[];
    expect(values[2]).toBe('张三');
    expect(values[5]).toBe('138****8000');
  });
});
