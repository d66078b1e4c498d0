import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempWorkspace';
import { cliRunner } from './cliSupport';

const temp = makeTempDir('qundesk-members-cli-');
const { cli, seed } = cliRunner(temp.dir);

describe('members and tiers commands', () => {
  beforeAll(async () => {
    await seed();
  });
  afterAll(() => temp.remove());

  it('tiers recompute prints the distribution per group, and members filters by group name and tier', () => {
    const text = cli('tiers', 'recompute', '--lang', 'zh-CN');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('已重新计算 8 个群成员身份的分层');
    expect(text.stdout).toContain('读书服务群：核心 16.7%');
    expect(text.stdout).toContain('有分层超出目标范围');
    const core = cli('members', '--group', '读书服务群', '--tier', 'core', '--json');
    expect(core.code, core.stderr).toBe(0);
    const page = JSON.parse(core.stdout);
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ displayName: '张三', tier: 'core', wxid: 'wx****an' });
  }, 30_000);

  it('members import writes a good file, refuses a bad one with exit code 1, and export writes the CSV', () => {
    const good = join(temp.dir, 'import.csv');
    writeFileSync(good, '昵称,微信号,标签\n孙小美,wxid_sunxm,新客\n');
    const imported = cli('members', 'import', good, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ applied: true, created: 1, tagsCreated: 1 });
    const bad = join(temp.dir, 'bad.csv');
    writeFileSync(bad, '昵称,手机\n孙小帅,12\n');
    const refused = cli('members', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('第 2 行 phone：手机号格式不正确');
    const out = join(temp.dir, 'out.csv');
    const exported = cli('members', 'export', '--out', out, '--json');
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ rows: 8, revealed: false });
    expect(readFileSync(out, 'utf8')).toContain('孙小美');
  }, 30_000);

  it('refuses an unknown group with a clear error', () => {
    const unknown = cli('members', '--group', '不存在的群', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'cli.members.errors.unknownGroup',
    });
  }, 30_000);
});
