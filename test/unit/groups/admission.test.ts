import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import { dayMs, groupsBackend, sampleQuestionnaire, startOfTest, type GroupsTestBackend } from './fixtures';

const questionnaire = sampleQuestionnaire;
const goodAnswers = { q1: 'o1', q2: ['o2'], q3: '公众号文章' };

describe('entry QR codes', () => {
  let t: GroupsTestBackend;
  let groupId: number;
  beforeEach(() => {
    t = groupsBackend();
    groupId = t.group('宝妈答疑群');
  });
  afterEach(() => t.dispose());

  it('expire seven days after generation and are listed in the reminder window, by the injected clock', async () => {
    const fresh = await t.call('qrcodes.add', {
      groupId,
      label: '公众号菜单',
      joinChannel: 'official_account',
    });
    expect(Date.parse(fresh.expiresAt) - Date.parse(fresh.generatedAt)).toBe(7 * dayMs);
    expect(fresh).toMatchObject({
      status: 'active',
      daysLeft: 7,
      generatedAt: new Date(startOfTest).toISOString(),
    });
    const older = await t.call('qrcodes.add', {
      groupId,
      label: '门店海报',
      generatedAt: new Date(startOfTest - 6 * dayMs).toISOString(),
    });
    expect(older).toMatchObject({ status: 'expiring', daysLeft: 1 });
    const otherGroup = t.group('读书会', 'content');
    await t.call('qrcodes.add', {
      groupId: otherGroup,
      label: '直播间',
      generatedAt: new Date(startOfTest - 5.5 * dayMs).toISOString(),
    });

    const expiring = async (withinDays?: number, onlyGroup?: number) =>
      (await t.call('qrcodes.expiring', { withinDays, groupId: onlyGroup })).map(
        (code) => `${code.groupName}/${code.label}/${code.status}`,
      );
    expect(await expiring()).toEqual(['宝妈答疑群/门店海报/expiring', '读书会/直播间/expiring']);
    expect(await expiring(2, groupId)).toEqual(['宝妈答疑群/门店海报/expiring']);
    expect(await expiring(0)).toEqual([]);

    // Two days on: the poster code has expired (still listed until retired); the fresh one is still fine.
    t.advance(2);
    expect(await expiring()).toEqual(['宝妈答疑群/门店海报/expired', '读书会/直播间/expired']);
    // A wider window lists the fresh code too (its status follows the window asked for).
    expect(await expiring(7)).toEqual([
      '宝妈答疑群/门店海报/expired',
      '读书会/直播间/expired',
      '宝妈答疑群/公众号菜单/expiring',
    ]);
    expect((await t.call('qrcodes.list', { groupId })).find((code) => code.id === fresh.id)?.status).toBe(
      'active',
    );
    // Five days after the fresh code was made it enters the two-day window.
    t.advance(3);
    expect((await expiring()).at(-1)).toBe('宝妈答疑群/公众号菜单/expiring');

    // A new code replacing the poster code retires it; retiring twice is refused.
    const replacement = await t.call('qrcodes.add', {
      groupId,
      label: '门店海报（新）',
      replacesId: older.id,
    });
    expect(replacement.status).toBe('active');
    expect(await expiring(2, groupId)).toEqual(['宝妈答疑群/公众号菜单/expiring']);
    const list = await t.call('qrcodes.list', { groupId });
    expect(list.map((code) => [code.label, code.status])).toEqual([
      ['门店海报（新）', 'active'],
      ['公众号菜单', 'expiring'],
      ['门店海报', 'retired'],
    ]);
    await t.call('qrcodes.retire', { id: fresh.id });
    expect(await t.send('qrcodes.retire', { id: fresh.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'qrcodes.errors.alreadyRetired' },
    });
    expect(await expiring(30, groupId)).toEqual(['宝妈答疑群/门店海报（新）/expiring']);
    expect(listAudit(t.db, 0, 20).rows.filter((entry) => entry.action === 'add-qr')).toHaveLength(4);
  });

  it('refuses an expiry before generation, a code of another group, and malformed times', async () => {
    const other = await t.call('qrcodes.add', { groupId: t.group('读书会'), label: 'x' });
    const before = t.counts();
    expect(
      await t.send('qrcodes.add', {
        groupId,
        generatedAt: '2024-05-01T10:00:00+08:00',
        expiresAt: '2024-05-01T09:00:00+08:00',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'qrcodes.errors.expiryBeforeGenerated' },
    });
    expect(await t.send('qrcodes.add', { groupId, replacesId: other.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'qrcodes.errors.notFound' },
    });
    for (const bad of [
      { groupId, generatedAt: '昨天' },
      { groupId, joinChannel: 'wechat' },
      { groupId, label: 'x'.repeat(61) },
    ]) {
      expect(await t.send('qrcodes.add', bad as never)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
    expect(await t.send('qrcodes.expiring', { withinDays: 31 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(t.counts()).toEqual(before);
  });
});

describe('admission applications', () => {
  let t: GroupsTestBackend;
  let groupId: number;
  beforeEach(async () => {
    t = groupsBackend();
    groupId = t.group('宝妈答疑群');
    await t.call('admission.saveQuestionnaire', { groupId, questionnaire });
  });
  afterEach(() => t.dispose());

  const apply = (input: Partial<Parameters<GroupsTestBackend['call']>[1]> & Record<string, unknown> = {}) =>
    t.send('admission.apply', {
      groupId,
      applicantName: '小雨妈妈',
      joinChannel: 'official_account',
      answers: goodAnswers,
      ...input,
    } as never);
  const applied = async (input: Record<string, unknown> = {}) => {
    const result = await apply(input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value as Awaited<ReturnType<typeof t.call<'admission.apply'>>>;
  };

  it('scores the answers, versions the questionnaire, and enforces required answers with nothing written', async () => {
    const config = await t.call('admission.config', { groupId });
    expect(config).toMatchObject({
      questionnaireVersion: 1,
      stages: [
        { key: 'apply' },
        { key: 'interview' },
        { key: 'training' },
        { key: 'exam' },
        { key: 'admit' },
      ],
    });
    const application = await applied({ wxid: 'wx_xiaoyu' });
    expect(application).toMatchObject({
      score: 17,
      maxScore: 22,
      passScore: 14,
      questionnairePassed: true,
      questionnaireVersion: 1,
      stage: 'apply',
      status: 'pending',
      blacklisted: false,
      wxid: 'wx****yu',
      answers: goodAnswers,
    });
    expect(application.decisions).toEqual([
      expect.objectContaining({ kind: 'submit', fromStage: null, toStage: 'apply', decidedBy: 'local' }),
    ]);
    const knockout = await applied({
      applicantName: '路人甲',
      answers: { q1: 'o2', q2: ['o1', 'o2'], q3: '朋友' },
    });
    expect(knockout).toMatchObject({ score: 12, questionnairePassed: false, knockouts: ['q1'] });

    const before = t.counts();
    expect(await apply({ applicantName: '路人乙', answers: { q1: 'o1' } })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'admission.errors.missingAnswer',
        params: { question: '简单介绍一下自己' },
      },
    });
    expect(await apply({ applicantName: '路人乙', answers: { ...goodAnswers, q1: 'o7' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'admission.errors.unknownOption' },
    });
    expect(await apply({ applicantName: '路人乙', answers: { ...goodAnswers, q1: ['o1'] } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'admission.errors.wrongShape' },
    });
    expect(await apply({ applicantName: '路人乙', qrCodeId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'qrcodes.errors.notFound' },
    });
    expect(await apply({ applicantName: '路人乙', phone: '12' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'members.errors.badPhone' },
    });
    // The same person twice while the first is pending.
    expect(await apply({ applicantName: '小雨妈妈', wxid: 'wx_xiaoyu' })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'admission.errors.duplicatePending',
        params: { id: application.id },
      },
    });
    expect(t.counts()).toEqual(before);

    // A new questionnaire does not re-score earlier applications.
    await t.call('admission.saveQuestionnaire', {
      groupId,
      questionnaire: { ...questionnaire, passScore: 20 },
    });
    expect(await t.call('admission.get', { id: application.id })).toMatchObject({
      passScore: 14,
      questionnaireVersion: 1,
    });
    expect((await t.call('admission.config', { groupId })).questionnaireVersion).toBe(2);
  });

  it('flags a blacklisted applicant on entry and refuses to admit them', async () => {
    await t.call('blacklist.add', {
      identity: { platform: 'phone', value: '13800138000' },
      reason: '多次发广告',
    });
    const flagged = await applied({ applicantName: '广告哥', phone: '+86 138-0013-8000' });
    expect(flagged).toMatchObject({
      blacklisted: true,
      blacklistReasons: ['多次发广告'],
      phone: '138****8000',
    });
    const clean = await applied({ applicantName: '新妈妈', phone: '13912345678' });
    expect(clean.blacklisted).toBe(false);

    // A member blacklisted by record (not by the applicant's identity) is caught through the linked member.
    const member = t.member(null, '老用户', 'wx_old');
    await t.call('blacklist.add', { memberId: member, reason: '辱骂他人' });
    const byMember = await applied({ applicantName: '老用户', wxid: 'wx_old' });
    expect(byMember).toMatchObject({ blacklisted: true, blacklistReasons: ['辱骂他人'], memberId: member });

    for (const stage of ['interview', 'training', 'exam']) {
      await t.call('admission.advance', { id: flagged.id, toStage: stage });
    }
    const before = t.counts();
    expect(await t.send('admission.advance', { id: flagged.id, toStage: 'admit' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.blacklisted', params: { reason: '多次发广告' } },
    });
    expect(t.counts()).toEqual(before);
    // Blacklisted after entering: caught at admission too.
    for (const stage of ['interview', 'training', 'exam'])
      await t.call('admission.advance', { id: clean.id, toStage: stage });
    await t.call('blacklist.add', {
      identity: { platform: 'phone', value: '139 1234 5678' },
      reason: '冒充客服',
    });
    expect(await t.send('admission.advance', { id: clean.id, toStage: 'admit' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.blacklisted', params: { reason: '冒充客服' } },
    });
    const stats = await t.call('admission.stats', { groupId });
    expect(stats.total.blacklisted).toBe(2);
  });

  it('moves an application through every stage, recording who decided and when, and admits the member', async () => {
    const application = await applied({
      wxid: 'wx_xiaoyu',
      phone: '13700001111',
      inviterName: '王老师',
      joinChannel: 'referral',
    });
    const steps = [
      { toStage: 'interview', decidedBy: '运营小李', note: '电话沟通过' },
      { toStage: 'training', decidedBy: '运营小李', note: '' },
      { toStage: 'exam', decidedBy: '群主阿珍', note: '培训完成' },
    ];
    for (const step of steps) {
      t.advance(1);
      const moved = await t.call('admission.advance', { id: application.id, ...step });
      expect(moved).toMatchObject({ stage: step.toStage, status: 'pending', closedAt: null });
    }
    expect(t.counts().members).toBe(0);
    t.advance(1);
    const admitted = await t.call('admission.advance', {
      id: application.id,
      toStage: 'admit',
      decidedBy: '群主阿珍',
    });
    expect(admitted).toMatchObject({
      stage: 'admit',
      status: 'admitted',
      closedAt: new Date(t.clock.now).toISOString(),
    });
    expect(
      admitted.decisions.map((decision) => [
        decision.kind,
        decision.fromStage,
        decision.toStage,
        decision.decidedBy,
        decision.decidedAt,
      ]),
    ).toEqual([
      ['submit', null, 'apply', 'local', new Date(startOfTest).toISOString()],
      ['advance', 'apply', 'interview', '运营小李', new Date(startOfTest + dayMs).toISOString()],
      ['advance', 'interview', 'training', '运营小李', new Date(startOfTest + 2 * dayMs).toISOString()],
      ['advance', 'training', 'exam', '群主阿珍', new Date(startOfTest + 3 * dayMs).toISOString()],
      ['admit', 'exam', 'admit', '群主阿珍', new Date(startOfTest + 4 * dayMs).toISOString()],
    ]);
    expect(admitted.decisions[1]!.note).toBe('电话沟通过');
    // The member exists, is in the group with the join channel, the inviter and the contact details.
    const memberId = admitted.memberId!;
    const member = t.db
      .prepare('SELECT display_name, wxid, phone, join_channel, inviter_name FROM members WHERE id = ?')
      .get(memberId);
    expect(member).toEqual({
      display_name: '小雨妈妈',
      wxid: 'wx_xiaoyu',
      phone: '13700001111',
      join_channel: 'referral',
      inviter_name: '王老师',
    });
    expect(
      t.db
        .prepare('SELECT role, joined_at, left_at FROM group_members WHERE group_id = ? AND member_id = ?')
        .get(groupId, memberId),
    ).toEqual({
      role: 'member',
      joined_at: t.clock.now,
      left_at: null,
    });
    expect((await t.call('groups.get', { id: groupId })).memberCount).toBe(1);
    expect(listAudit(t.db, 0, 5).rows[0]).toMatchObject({
      action: 'admit',
      entity: 'admission',
      entityId: String(application.id),
    });

    // Applying again once in the group is refused.
    expect(await apply({ applicantName: '小雨妈妈', wxid: 'wx_xiaoyu' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.alreadyMember' },
    });
  });

  it('refuses illegal moves with a clear error and writes nothing', async () => {
    const application = await applied({ wxid: 'wx_a' });
    let before = t.counts();
    expect(await t.send('admission.advance', { id: application.id, toStage: 'training' })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'admission.errors.notNextStage',
        params: { from: 1, to: 3, expected: 2 },
      },
    });
    expect(await t.send('admission.advance', { id: application.id, toStage: 'apply' })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'admission.errors.notNextStage',
        params: { from: 1, to: 1, expected: 2 },
      },
    });
    expect(await t.send('admission.advance', { id: application.id, toStage: 'party' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'admission.errors.unknownStage', params: { stage: 'party' } },
    });
    expect(await t.send('admission.reject', { id: application.id, note: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await t.send('admission.advance', { id: 999, toStage: 'interview' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'admission.errors.notFound' },
    });
    expect(t.counts()).toEqual(before);

    await t.call('admission.advance', { id: application.id, toStage: 'interview' });
    const rejected = await t.call('admission.reject', {
      id: application.id,
      note: '面审未通过',
      decidedBy: '运营小李',
    });
    expect(rejected).toMatchObject({ status: 'rejected', stage: 'interview' });
    expect(rejected.decisions.at(-1)).toMatchObject({
      kind: 'reject',
      fromStage: 'interview',
      toStage: 'interview',
      note: '面审未通过',
    });
    before = t.counts();
    expect(await t.send('admission.advance', { id: application.id, toStage: 'training' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.alreadyRejected' },
    });
    expect(await t.send('admission.reject', { id: application.id, note: '再拒一次' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.alreadyRejected' },
    });
    expect(t.counts()).toEqual(before);
  });

  it('links an applicant to their existing member record and rejoins a member who had left', async () => {
    const other = t.group('读书会', 'content');
    const member = t.member(other, '老朋友', 'wx_friend', 'mini_program');
    // She was in this group once and left.
    t.db
      .prepare(
        `INSERT INTO group_members (group_id, member_id, role, joined_at, left_at) VALUES (?, ?, 'member', ?, ?)`,
      )
      .run(groupId, member, startOfTest - 90 * dayMs, startOfTest - 60 * dayMs);
    const application = await applied({
      applicantName: '老朋友（新昵称）',
      wxid: 'wx_friend',
      joinChannel: 'offline',
    });
    expect(application.memberId).toBe(member);
    for (const stage of ['interview', 'training', 'exam', 'admit'])
      await t.call('admission.advance', { id: application.id, toStage: stage });
    expect(t.counts().members).toBe(1);
    expect(
      t.db
        .prepare('SELECT left_at, joined_at FROM group_members WHERE group_id = ? AND member_id = ?')
        .get(groupId, member),
    ).toEqual({
      left_at: null,
      joined_at: startOfTest,
    });
    // The profile keeps the channel it already had and its own name.
    expect(t.db.prepare('SELECT display_name, join_channel FROM members WHERE id = ?').get(member)).toEqual({
      display_name: '老朋友',
      join_channel: 'mini_program',
    });
  });

  it('refuses to admit into a full group', async () => {
    const small = t.group('小群', 'activity', 1);
    t.member(small, '已在群里', 'wx_in');
    const application = await applied({ groupId: small, answers: {}, wxid: 'wx_new' });
    expect(application.questionnairePassed).toBeNull();
    for (const stage of ['interview', 'training', 'exam'])
      await t.call('admission.advance', { id: application.id, toStage: stage });
    const before = t.counts();
    expect(await t.send('admission.advance', { id: application.id, toStage: 'admit' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.groupFull', params: { cap: 1 } },
    });
    expect(t.counts()).toEqual(before);
  });

  it('runs a custom pipeline and refuses pipeline changes that would strand applications', async () => {
    const saved = await t.call('admission.saveStages', {
      groupId,
      stages: [
        { key: 'apply', name: null },
        { key: 's1', name: '电话沟通' },
        { key: 'admit', name: '进群' },
      ],
    });
    expect(saved.stages.map((stage) => stage.name ?? stage.key)).toEqual(['apply', '电话沟通', '进群']);
    const application = await applied({ wxid: 'wx_a' });
    await t.call('admission.advance', { id: application.id, toStage: 's1' });
    const before = t.counts();
    expect(
      await t.send('admission.saveStages', {
        groupId,
        stages: [
          { key: 'apply', name: null },
          { key: 'admit', name: null },
        ],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.stageInUse', params: { stage: 's1', count: 1 } },
    });
    expect(
      await t.send('admission.saveStages', {
        groupId,
        stages: [
          { key: 'apply', name: null },
          { key: 's1', name: '电话沟通' },
        ],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'admission.errors.lastStageOccupied' },
    });
    for (const stages of [
      [{ key: 'apply', name: null }],
      [
        { key: 'apply', name: null },
        { key: 'apply', name: null },
      ],
      [
        { key: 'apply', name: null },
        { key: 's2', name: null },
      ],
      [
        { key: 'Apply!', name: null },
        { key: 'admit', name: null },
      ],
    ]) {
      expect(await t.send('admission.saveStages', { groupId, stages })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
    expect(t.counts()).toEqual(before);
    const admitted = await t.call('admission.advance', { id: application.id, toStage: 'admit' });
    expect(admitted.status).toBe('admitted');
  });

  it('rejects malformed questionnaires and applications at the door', async () => {
    const before = t.counts();
    const bad: unknown[] = [
      { groupId, questionnaire: { questions: [], passScore: 1 } },
      { groupId, questionnaire: { ...questionnaire, passScore: 23 } },
      {
        groupId,
        questionnaire: { questions: [{ ...questionnaire.questions[0], options: [] }], passScore: 0 },
      },
      {
        groupId,
        questionnaire: { questions: [{ ...questionnaire.questions[0], kind: 'essay' }], passScore: 0 },
      },
      {
        groupId,
        questionnaire: { questions: [questionnaire.questions[0], questionnaire.questions[0]], passScore: 0 },
      },
    ];
    for (const input of bad) {
      expect(await t.send('admission.saveQuestionnaire', input as never)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
    for (const input of [
      { groupId, applicantName: '', joinChannel: 'app' },
      { groupId, applicantName: 'x', joinChannel: 'wechat' },
      { groupId, applicantName: 'x', joinChannel: 'app', answers: { q1: 5 } },
      { groupId, applicantName: 'x', joinChannel: 'app', appliedAt: 'yesterday' },
      { groupId, applicantName: 'x', joinChannel: 'app', extra: true },
    ]) {
      expect(await t.send('admission.apply', input as never)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
    expect(t.counts()).toEqual(before);
  });
});

describe('admission statistics per join channel', () => {
  let t: GroupsTestBackend;
  afterEach(() => t.dispose());

  it('counts outcomes and pass rates per channel, matching a hand-computed table', async () => {
    t = groupsBackend();
    const groupId = t.group('宝妈答疑群');
    const otherGroup = t.group('读书会', 'content');
    await t.call('admission.saveQuestionnaire', { groupId, questionnaire });
    const fail = { q1: 'o1', q3: '路过' }; // 14: passes; `knockout` fails
    const knockout = { q1: 'o2', q3: '路过' };
    let counter = 0;
    const enter = async (
      joinChannel: string,
      answers: object,
      outcome: 'admit' | 'reject' | 'pending',
      group = groupId,
    ) => {
      counter += 1;
      const application = await t.call('admission.apply', {
        groupId: group,
        applicantName: `申请人${counter}`,
        wxid: `wx_${counter}`,
        joinChannel: joinChannel as never,
        answers: group === groupId ? (answers as never) : {},
      });
      if (outcome === 'reject') await t.call('admission.reject', { id: application.id, note: '不符合' });
      if (outcome === 'admit') {
        for (const stage of ['interview', 'training', 'exam', 'admit'])
          await t.call('admission.advance', { id: application.id, toStage: stage });
      }
    };
    // 公众号: 3 applied, 2 admitted, 1 rejected → 66.7 %; questionnaire 2 passed, 1 failed.
    await enter('official_account', goodAnswers, 'admit');
    await enter('official_account', fail, 'admit');
    await enter('official_account', knockout, 'reject');
    // 朋友邀请: 2 applied, 1 admitted, 1 pending → 100 %.
    await enter('referral', goodAnswers, 'admit');
    await enter('referral', knockout, 'pending');
    // 短视频直播: 1 rejected → 0 %.
    await enter('short_video', goodAnswers, 'reject');
    // Another group's applications only count without a group filter.
    await enter('short_video', {}, 'admit', otherGroup);

    const stats = await t.call('admission.stats', { groupId });
    const byChannel = Object.fromEntries(stats.channels.map((row) => [row.joinChannel, row]));
    expect(byChannel.official_account).toEqual({
      joinChannel: 'official_account',
      applications: 3,
      pending: 0,
      admitted: 2,
      rejected: 1,
      questionnairePassed: 2,
      questionnaireFailed: 1,
      blacklisted: 0,
      passRate: 66.7,
    });
    expect(byChannel.referral).toMatchObject({
      applications: 2,
      pending: 1,
      admitted: 1,
      rejected: 0,
      passRate: 100,
    });
    expect(byChannel.short_video).toMatchObject({ applications: 1, admitted: 0, rejected: 1, passRate: 0 });
    expect(byChannel.app).toMatchObject({ applications: 0, passRate: null });
    expect(stats.channels.map((row) => row.joinChannel)).toEqual([
      'official_account',
      'mini_program',
      'short_video',
      'app',
      'referral',
      'offline',
      'other',
    ]);
    expect(stats.total).toEqual({
      applications: 6,
      pending: 1,
      admitted: 3,
      rejected: 2,
      questionnairePassed: 4,
      questionnaireFailed: 2,
      blacklisted: 0,
      passRate: 60,
    });
    const everywhere = await t.call('admission.stats', {});
    expect(everywhere.total).toMatchObject({ applications: 7, admitted: 4, passRate: 66.7 });
    expect(everywhere.channels.find((row) => row.joinChannel === 'short_video')).toMatchObject({
      applications: 2,
      passRate: 50,
    });
    const page = await t.call('admission.list', { groupId, status: 'admitted' });
    expect(page.total).toBe(3);
  });
});
