import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberProfile } from '../../../shared/domain/members';
import type { JobState, MemberRow, Page } from '../../../shared/domain/types';
import type {
  MemberCsvPreview,
  MemberExportReport,
  MemberImportReport,
} from '../../../shared/ipc/channels/members';
import { makeTempDir } from '../../support/tempWorkspace';
import { failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

const header = '昵称,微信号,手机号,备注,渠道,标签,群名,群昵称,入群时间,unionid,无关列';
const goodRows = [
  '周小琴,wxid_zhouxq,138 0000 1111,老会员,小程序,尝鲜客;忠实粉,读书服务群,小琴,2024-03-01,oU_zhouxq,x',
  '"吴,大伟",,13900002222,,公众号,社交达人,,,,,y',
  // An existing member (李四, by wxid): filled in, not duplicated.
  '李四,wxid_lisi,,,线下,忠实粉,,,,,z',
];

describe('member CSV import and export', () => {
  let t: MemberTestBackend;
  const temp = makeTempDir('qundesk-members-csv-');
  const write = (name: string, text: string, encoding: 'utf8' | 'gb18030' = 'utf8') => {
    const path = join(temp.dir, name);
    writeFileSync(path, encoding === 'utf8' ? text : iconv.encode(text, 'gb18030'));
    return path;
  };
  const memberCount = () =>
    (t.backend.context.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  const runImport = async (path: string, mapping: Record<string, string>) => {
    const { jobId } = value<{ jobId: string }>(await t.call('members.import', { path, mapping }));
    const job: JobState = await t.backend.jobs.wait(jobId);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    return job.result as MemberImportReport;
  };

  beforeAll(() => {
    t = memberTestBackend();
  });
  afterAll(async () => {
    await t.dispose();
    temp.remove();
  });

  it('previews a GB18030 file: encoding, suggested mapping, sample, new tags, unmapped columns', async () => {
    const path = write('members-gbk.csv', [header, ...goodRows].join('\r\n'), 'gb18030');
    const preview = value<MemberCsvPreview>(await t.call('members.importPreview', { path }));
    expect(preview.encoding).toBe('gb18030');
    expect(preview.mapping).toEqual({
      昵称: 'displayName',
      微信号: 'wxid',
      手机号: 'phone',
      备注: 'remark',
      渠道: 'joinChannel',
      标签: 'tags',
      群名: 'group',
      群昵称: 'groupNickname',
      入群时间: 'joinedAt',
      unionid: 'unionid',
    });
    expect(preview.unmappedColumns).toEqual(['无关列']);
    expect(preview.sample[1]?.[0]).toBe('吴,大伟');
    expect(preview).toMatchObject({ totalRows: 3, errorCount: 0, updates: 1 });
    expect(preview.newTags.sort()).toEqual(['尝鲜客', '忠实粉', '社交达人'].sort());
  });

  it('imports every row in one go: new members, tags, memberships, identities, and updates an existing one', async () => {
    const path = write('members.csv', `\uFEFF${[header, ...goodRows].join('\n')}`);
    const mapping = value<MemberCsvPreview>(await t.call('members.importPreview', { path })).mapping;
    const before = memberCount();
    const report = await runImport(path, mapping);
    expect(report).toMatchObject({ applied: true, created: 2, updated: 1, tagsCreated: 3, errorCount: 0 });
    expect(memberCount()).toBe(before + 2);
    const audit = value<{ rows: { action: string }[] }>(await t.call('audit.list', { limit: 1 }));
    expect(audit.rows[0]?.action).toBe('import-csv');
    const zhou = value<Page<MemberRow>>(await t.call('members.list', { query: 'zxq' })).rows;
    expect(zhou.map((row) => row.displayName)).toEqual(['周小琴']);
    const profile = value<MemberProfile>(await t.call('members.get', { id: zhou[0]!.id, reveal: true }));
    expect(profile).toMatchObject({ phone: '13800001111', remark: '老会员', joinChannel: 'mini_program' });
    expect(profile.memberships[0]).toMatchObject({ groupName: '读书服务群', groupNickname: '小琴' });
    expect(profile.identities.map((i) => `${i.platform}:${i.value}:${i.source}`)).toEqual([
      'unionid:oU_zhouxq:csv',
    ]);
    expect(profile.tags.map((tag) => tag.name).sort()).toEqual(['尝鲜客', '忠实粉'].sort());
    const lisi = value<MemberProfile>(await t.call('members.get', { id: t.seeded.members.lisi }));
    expect(lisi).toMatchObject({ joinChannel: 'offline', remark: '老客户' });
    expect(lisi.tags.map((tag) => tag.name)).toEqual(['忠实粉']);
  });

  it('refuses a file with bad rows as a whole, listing each problem by line', async () => {
    const rows = [
      '新人甲,wxid_new_a,12,,,,,,,,',
      '新人乙,wxid_new_b,,,火星,,不存在的群,,昨天,,',
      ',wxid_new_c,,,,,,,,,',
      '新人丁,wxid_new_a,,,,,,,,,',
      // Another member already holds this unionid, and the wxid is 张三's.
      '新人戊,wxid_zhangsan,,,,,,,,oU_zhouxq,',
      '好人己,wxid_new_f,,,,新标签,,,,,',
    ];
    const path = write('bad.csv', [header, ...rows].join('\n'));
    const mapping = value<MemberCsvPreview>(await t.call('members.importPreview', { path })).mapping;
    const before = { members: memberCount(), audit: t.auditCount() };
    const report = await runImport(path, mapping);
    expect(report.applied).toBe(false);
    expect(report.created).toBe(0);
    expect(report.errors.map((error) => [error.line, error.key])).toEqual([
      [2, 'members.errors.badPhone'],
      [3, 'members.errors.csvBadChannel'],
      [3, 'members.errors.csvBadDate'],
      [3, 'members.errors.csvUnknownGroup'],
      [4, 'members.errors.csvNameMissing'],
      [5, 'members.errors.csvDuplicateInFile'],
      [6, 'members.errors.csvIdentityOtherMember'],
    ]);
    expect(report.errorCount).toBe(7);
    expect(memberCount()).toBe(before.members);
    expect(t.auditCount()).toBe(before.audit);
    const tags = value<{ tags: { name: string }[] }>(await t.call('tags.list')).tags;
    expect(tags.some((tag) => tag.name === '新标签')).toBe(false);
  });

  it('previews a changed file afresh, and keeps the mapping changes of an unchanged one cheap', async () => {
    const path = write('changing.csv', '昵称,备注\n甲,一\n');
    expect(value<MemberCsvPreview>(await t.call('members.importPreview', { path })).totalRows).toBe(1);
    const remapped = value<MemberCsvPreview>(
      await t.call('members.importPreview', { path, mapping: { 昵称: 'displayName', 备注: 'ignore' } }),
    );
    expect(remapped.mapping).toEqual({ 昵称: 'displayName', 备注: 'ignore' });
    write('changing.csv', '昵称,备注\n甲,一\n乙,二\n丙,三\n');
    expect(value<MemberCsvPreview>(await t.call('members.importPreview', { path })).totalRows).toBe(3);
  });

  it('rejects malformed files and bad mappings with clear errors', async () => {
    const broken = write('broken.csv', `${header}\n"未闭合的引号,wxid_x\n`);
    expect(failure(await t.call('members.importPreview', { path: broken }))).toMatchObject({
      code: 'BAD_FILE',
      message: 'members.errors.csvMalformed',
    });
    expect(
      failure(await t.call('members.importPreview', { path: join(temp.dir, 'missing.csv') })).message,
    ).toBe('members.errors.csvUnreadable');
    const path = write('ok.csv', [header, goodRows[0]].join('\n'));
    expect(
      failure(
        await t.call('members.importPreview', { path, mapping: { 性别: 'remark', 昵称: 'displayName' } }),
      ),
    ).toMatchObject({
      code: 'VALIDATION',
      message: 'members.errors.csvUnknownColumn',
      params: { column: '性别' },
    });
    // Neither a name nor anything identifying a member (a wxid alone would be an identity table).
    expect(
      failure(await t.call('members.importPreview', { path, mapping: { 备注: 'remark' } })).message,
    ).toBe('members.errors.csvNoName');
    expect(
      failure(
        await t.call('members.importPreview', { path, mapping: { 昵称: 'displayName', 备注: 'shoeSize' } }),
      ).code,
    ).toBe('VALIDATION');
  });

  it('exports the filtered members masked, or revealed with an audit entry, safe for Excel', async () => {
    value(
      await t.call('members.update', { id: t.seeded.members.wangwu, patch: { remark: '=HYPERLINK("x")' } }),
    );
    const path = join(temp.dir, 'export.csv');
    const masked = value<MemberExportReport>(
      await t.call('members.export', { path, filter: { groupId: t.seeded.groups.service } }),
    );
    expect(masked.rows).toBe(8);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF编号,昵称')).toBe(true);
    expect(text).toContain('138****8000');
    expect(text).not.toContain('13800138000');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const before = t.auditCount();
    value(await t.call('members.export', { path, filter: { query: '张三' }, reveal: true }));
    expect(readFileSync(path, 'utf8')).toContain('13800138000');
    const audit = value<{ rows: { action: string }[] }>(await t.call('audit.list', { limit: 1 }));
    expect(audit.rows[0]?.action).toBe('export-revealed');
    expect(t.auditCount()).toBe(before + 1);
  });
});
