import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGroupMember, insertMember } from '../../../electron/main/db/repositories/members';
import { applyForAdmission, moveApplicationTo } from '../../../electron/main/services/admission';
import { publishRules } from '../../../electron/main/services/groupRules';
import { createGroup, updateGroupInfo } from '../../../electron/main/services/groups';
import { runCli } from '../../support/cli';
import { makeTempDir, openTestBackend } from '../../support/tempWorkspace';

const temp = makeTempDir('qundesk-groups-cli-');
const workspace = join(temp.dir, 'ws');

const cli = (...args: string[]) => runCli(args, { configDir: join(temp.dir, 'config'), workspace });

describe('groups and admission commands', () => {
  beforeAll(async () => {
    const backend = openTestBackend(workspace, join(temp.dir, 'settings.json'));
    const { context } = backend;
    const main = createGroup(context, {
      name: '宝妈答疑群',
      type: 'service',
      positioning: '',
      coreGoal: '',
      memberCap: 300,
    });
    const spare = createGroup(context, {
      name: '宝妈答疑二群',
      type: 'service',
      positioning: '',
      coreGoal: '',
      memberCap: 500,
    });
    const member = insertMember(
      context.db,
      { displayName: '张三', wxid: 'wx_zs', joinChannel: 'app' },
      Date.now(),
    );
    addGroupMember(context.db, {
      groupId: main.id,
      memberId: member,
      role: 'owner',
      groupNickname: null,
      joinedAt: Date.now(),
    });
    updateGroupInfo(context, main.id, {
      standbyGroupId: spare.id,
      standbyJoinMethod: '扫码',
      standbyTemplate: '请移步{{备用群名}}，{{入群方式}}',
    });
    publishRules(context, { groupId: main.id, body: '1. 禁止广告', announcedOn: '2024-04-01', note: '首版' });
    publishRules(context, {
      groupId: main.id,
      body: '1. 禁止广告\n2. 禁止刷屏',
      announcedOn: '2024-05-01',
      note: '加刷屏',
    });
    const base = {
      groupId: main.id,
      wxid: null,
      phone: null,
      inviterName: null,
      qrCodeId: null,
      answers: {},
      note: '',
    };
    const admitted = applyForAdmission(context, {
      ...base,
      applicantName: '甲',
      joinChannel: 'official_account',
    });
    for (const toStage of ['interview', 'training', 'exam', 'admit'])
      moveApplicationTo(context, admitted.id, { kind: 'advance', toStage }, { note: '' });
    const rejected = applyForAdmission(context, {
      ...base,
      applicantName: '乙',
      joinChannel: 'official_account',
    });
    moveApplicationTo(context, rejected.id, { kind: 'reject' }, { note: '不符合' });
    applyForAdmission(context, { ...base, applicantName: '丙', joinChannel: 'referral' });
    await backend.close();
  });
  afterAll(() => temp.remove());

  it('lists groups with size, cap and standby group, and prints a group’s rules', () => {
    const list = cli('groups', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({
        name: '宝妈答疑群',
        memberCount: 2,
        memberCap: 300,
        standby: '宝妈答疑二群',
        rulesVersion: 2,
      }),
      expect.objectContaining({
        name: '宝妈答疑二群',
        memberCount: 0,
        memberCap: 500,
        standby: null,
        rulesVersion: null,
      }),
    ]);
    const rules = cli('groups', 'rules', '宝妈答疑群', '--lang', 'zh-CN');
    expect(rules.code, rules.stderr).toBe(0);
    expect(rules.stdout).toContain('第 2 版\t2024-05-01\t加刷屏');
    expect(rules.stdout).toContain('第 1 版\t2024-04-01\t首版');
    expect(rules.stdout.trimEnd().endsWith('1. 禁止广告\n2. 禁止刷屏')).toBe(true);
  }, 60_000);

  it('prints admission results per channel', () => {
    const text = cli('admission', 'stats', '--group', '宝妈答疑群', '--lang', 'zh-CN');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('公众号\t2\t1\t1\t0\t50%');
    expect(text.stdout).toContain('朋友邀请\t1\t0\t0\t1\t-');
    expect(text.stdout).toContain('合计\t3\t1\t1\t1\t50%');
  }, 60_000);
});
