import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberProfile } from '../../../shared/domain/members';
import type { JobState } from '../../../shared/domain/types';
import type { MemberCsvPreview, MemberImportReport } from '../../../shared/ipc/channels/members';
import { makeTempDir } from '../../support/tempWorkspace';
import { failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

/** 统一用户ID: tables of platform identities without names, from the official account, mini program, Douyin … */
describe('identity table import (CSV and XLSX, same path as members)', () => {
  let t: MemberTestBackend;
  const temp = makeTempDir('qundesk-identity-table-');
  const runImport = async (path: string, mapping: Record<string, string>) => {
    const { jobId } = value<{ jobId: string }>(await t.call('members.import', { path, mapping }));
    const job: JobState = await t.backend.jobs.wait(jobId);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    return job.result as MemberImportReport;
  };
  const identitiesOf = async (id: number) =>
    value<MemberProfile>(await t.call('members.get', { id, reveal: true }))
      .identities.map((identity) => `${identity.platform}:${identity.value}`)
      .sort();
  const identityCount = () =>
    t.backend.context.db.prepare('SELECT count(*) FROM member_identities').pluck().get() as number;

  beforeAll(() => {
    t = memberTestBackend();
  });
  afterAll(async () => {
    await t.dispose();
    temp.remove();
  });

  it('links identities to the members a phone, wxid or known identity points at, keeping their names', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('公众号粉丝').addRows([
      ['手机号', 'unionid', '公众号openid', '微信号', '抖音号'],
      // 张三 by phone (typed as a number), 李四 by wxid, 单雄信 by wxid with a Douyin id.
      [13800138000, 'oU_zhangsan', 'oA_zhangsan', null, null],
      [null, 'oU_lisi', null, 'wxid_lisi', null],
      [null, null, null, 'wxid_shan', 'dy_shan'],
    ]);
    const path = join(temp.dir, 'fans.xlsx');
    await book.xlsx.writeFile(path);
    const preview = value<MemberCsvPreview>(await t.call('members.importPreview', { path }));
    expect(preview.mapping).toEqual({
      手机号: 'phone',
      unionid: 'unionid',
      公众号openid: 'oa_openid',
      微信号: 'wxid',
      抖音号: 'douyin',
    });
    expect(preview).toMatchObject({ errorCount: 0, updates: 3, newTags: [] });
    const members = t.backend.context.db.prepare('SELECT count(*) FROM members').pluck().get();
    const report = await runImport(path, preview.mapping);
    expect(report).toMatchObject({ applied: true, created: 0, updated: 3, identitiesAdded: 4 });
    expect(t.backend.context.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(members);
    const { zhangsan, lisi, shanxiongxin } = t.seeded.members;
    expect(await identitiesOf(zhangsan)).toEqual(['oa_openid:oA_zhangsan', 'unionid:oU_zhangsan']);
    expect(await identitiesOf(lisi)).toEqual(['unionid:oU_lisi']);
    expect(await identitiesOf(shanxiongxin)).toEqual(['douyin:dy_shan']);
    const zhang = value<MemberProfile>(await t.call('members.get', { id: zhangsan }));
    expect(zhang.displayName).toBe('张三');
  });

  it('adds a new wxid as an identity of the member another identity found', async () => {
    const path = join(temp.dir, 'miniprogram.csv');
    writeFileSync(path, 'unionid,微信号\noU_zhangsan,wxid_zhangsan_work\n');
    const mapping = value<MemberCsvPreview>(await t.call('members.importPreview', { path })).mapping;
    const report = await runImport(path, mapping);
    expect(report).toMatchObject({ applied: true, updated: 1, identitiesAdded: 1 });
    expect(await identitiesOf(t.seeded.members.zhangsan)).toContain('wxid:wxid_zhangsan_work');
  });

  it('refuses the whole table when a row matches nobody or mixes two members, writing nothing', async () => {
    const path = join(temp.dir, 'bad-identities.csv');
    writeFileSync(
      path,
      [
        'unionid,小程序openid,微信号',
        'oU_lisi,oM_lisi,',
        // Nobody holds these.
        'oU_stranger,oM_stranger,',
        // 张三's unionid next to 李四's wxid.
        'oU_zhangsan,,wxid_lisi',
      ].join('\n'),
    );
    const mapping = value<MemberCsvPreview>(await t.call('members.importPreview', { path })).mapping;
    const before = { identities: identityCount(), audit: t.auditCount() };
    const report = await runImport(path, mapping);
    expect(report.applied).toBe(false);
    expect(report.errors.map((error) => [error.line, error.field, error.key])).toEqual([
      [3, 'row', 'members.errors.csvNoMember'],
      [4, 'unionid', 'members.errors.csvIdentityOtherMember'],
    ]);
    expect(identityCount()).toBe(before.identities);
    expect(t.auditCount()).toBe(before.audit);
  });

  it('still needs a name or an identifying column', async () => {
    const path = join(temp.dir, 'notes-only.csv');
    writeFileSync(path, '备注,地区\n老客户,杭州\n');
    expect(failure(await t.call('members.importPreview', { path })).message).toBe('members.errors.csvNoName');
  });
});
