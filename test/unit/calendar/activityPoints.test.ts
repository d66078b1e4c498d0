/**
 * Activities → members: check-ins found in imported messages by keyword (window edges on the Beijing clock, one per
 * person per day, idempotent), and the points they write to the ledgers (once, with compensating entries when a
 * check-in goes, the 7-day unlock and its reset), seen by the tier recompute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awardChanges,
  defaultPointsRules,
  plannedAwards,
  type AwardCheckIn,
} from '../../../shared/domain/calendar/activityPoints';
import { addDays } from '../../../shared/domain/calendar/localTime';
import type {
  Activity,
  ActivityPointsSummary,
  CheckIn,
  MessageCheckInResult,
} from '../../../shared/domain/calendar/types';
import type { PointsEntry } from '../../../shared/domain/members';
import type { AuditEntry, Group, JobState, Page } from '../../../shared/domain/types';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { beijingTime as at, callerOf } from './fixtures';

const challengeRules = defaultPointsRules('checkin_challenge', [3, 7, 21]);

/** One member's check-ins on these days (noon Beijing time), typed or imported. */
function checkInsOn(memberId: number, dates: string[], entered = false): AwardCheckIn[] {
  return dates.map((localDate) => ({ memberId, localDate, at: Date.parse(at(localDate, '12:00')), entered }));
}

const run = (start: string, count: number) => Array.from({ length: count }, (_, day) => addDays(start, day));

describe('planned awards', () => {
  it('pays per day, unlocks the 7-day reward on exactly the 7th day in a row, and resets after a missed day', () => {
    const six = plannedAwards(checkInsOn(1, run('2026-11-01', 6)), challengeRules, [7]);
    expect(six.map((award) => award.key)).toEqual(run('2026-11-01', 6).map((date) => `check_in:${date}`));

    const seven = plannedAwards(checkInsOn(1, run('2026-11-01', 7)), challengeRules, [7]);
    expect(seven.filter((award) => award.kind === 'streak')).toEqual([
      {
        memberId: 1,
        key: 'streak:7:2026-11-07',
        kind: 'streak',
        amount: 14,
        occurredAt: Date.parse(at('2026-11-07', '12:00')),
        localDate: '2026-11-07',
        threshold: 7,
      },
    ]);

    // Six days, a missed day, six more: never seven in a row. A seventh after that unlocks it again.
    const broken = [...run('2026-11-01', 6), ...run('2026-11-08', 6)];
    expect(plannedAwards(checkInsOn(1, broken), challengeRules, [7]).some((a) => a.kind === 'streak')).toBe(
      false,
    );
    const again = plannedAwards(checkInsOn(1, [...broken, '2026-11-14']), challengeRules, [3, 7]);
    expect(again.filter((award) => award.kind === 'streak').map((award) => award.key)).toEqual([
      'streak:3:2026-11-03',
      'streak:3:2026-11-10',
      'streak:7:2026-11-14',
    ]);
  });

  it('counts a day once, pays participation for typed or pasted entries only, and leaves out zero awards', () => {
    const twiceADay = [
      ...checkInsOn(1, ['2026-11-01']),
      ...checkInsOn(1, ['2026-11-01']).map((c) => ({ ...c, at: c.at + 1 })),
    ];
    expect(plannedAwards(twiceADay, challengeRules, [])).toHaveLength(1);

    const quizRules = defaultPointsRules('quiz', []);
    expect(quizRules).toEqual({ perCheckIn: 0, participation: 2, rungs: [] });
    const awards = plannedAwards(
      [...checkInsOn(1, ['2026-11-01'], true), ...checkInsOn(2, ['2026-11-01'], false)],
      quizRules,
      [],
    );
    expect(awards.map((award) => [award.memberId, award.key, award.amount])).toEqual([
      [1, 'participation', 2],
    ]);
  });

  it('compares planned with written: nothing to do when equal, compensation and re-award when a rule changes', () => {
    const planned = plannedAwards(checkInsOn(1, run('2026-11-01', 3)), challengeRules, [3]);
    const written = planned.map((award, index) => ({ id: index + 1, ...award }));
    expect(awardChanges(planned, written)).toEqual({ add: [], reverse: [] });

    // The third day removed: its day and the 3-day reward are compensated.
    const fewer = plannedAwards(checkInsOn(1, run('2026-11-01', 2)), challengeRules, [3]);
    expect(awardChanges(fewer, written).reverse.map((award) => award.key)).toEqual([
      'check_in:2026-11-03',
      'streak:3:2026-11-03',
    ]);

    // Two points a day instead of one: each day compensated and written again; the reward stays.
    const doubled = plannedAwards(
      checkInsOn(1, run('2026-11-01', 3)),
      { ...challengeRules, perCheckIn: 2 },
      [3],
    );
    const changes = awardChanges(doubled, written);
    expect(changes.reverse.map((award) => award.key)).toEqual(
      run('2026-11-01', 3).map((d) => `check_in:${d}`),
    );
    expect(changes.add.map((award) => [award.key, award.amount])).toEqual(
      run('2026-11-01', 3).map((d) => [`check_in:${d}`, 2]),
    );

    // Written twice (two merged members): one stays, the other is compensated.
    const duplicate = { ...written[0]!, id: 99 };
    expect(awardChanges(planned, [...written, duplicate]).reverse.map((award) => award.id)).toEqual([99]);
  });
});

describe('activities → members', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let groupId: number;
  let otherGroupId: number;
  let challenge: Activity;
  const ids = { wang: 0, li: 0, zhang: 0, may: 0 };
  const call = <T>(channel: string, input?: unknown) => callerOf(dispatch)<T>(channel, input);
  const ledger = async (memberId: number) =>
    call<Page<PointsEntry> & { balance: number }>('points.list', { memberId, limit: 500 });
  const summary = () => call<ActivityPointsSummary>('activities.points', { id: challenge.id });
  const tierIn = (memberId: number) =>
    (
      backend.context.db
        .prepare('SELECT tier FROM group_members WHERE group_id = ? AND member_id = ?')
        .get(groupId, memberId) as { tier: string | null }
    ).tier;
  const recomputeTiers = async () => {
    const { jobId } = await call<{ jobId: string }>('tiers.recompute', { groupIds: [groupId] });
    const job: JobState = await backend.jobs.wait(jobId);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
  };

  beforeAll(async () => {
    backend = makeTestBackend({ now: () => Date.parse('2026-11-30T04:00:00Z') });
    dispatch = backend.createDispatch(trustAppOrigin);
    groupId = (await call<Group>('groups.create', { name: '21天早起群', type: 'activity' })).id;
    otherGroupId = (await call<Group>('groups.create', { name: '隔壁群', type: 'content' })).id;
    const { db } = backend.context;
    const member = (name: string) => {
      const id = Number(
        db.prepare('INSERT INTO members (display_name, created_at, updated_at) VALUES (?, 0, 0)').run(name)
          .lastInsertRowid,
      );
      db.prepare('INSERT INTO group_members (group_id, member_id, joined_at) VALUES (?, ?, 0)').run(
        groupId,
        id,
      );
      return id;
    };
    ids.wang = member('小王');
    ids.li = member('小李');
    ids.zhang = member('小张');
    ids.may = member('阿May');

    let fingerprint = 0;
    const say = (
      sender: string,
      memberId: number | null,
      instant: string,
      content: string,
      options: { kind?: string; group?: number } = {},
    ) =>
      db
        .prepare(
          `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          options.group ?? groupId,
          memberId,
          sender,
          Date.parse(instant),
          options.kind ?? 'text',
          content,
          `points-${(fingerprint += 1)}`,
        );
    // 小王: the first instant of the window counts, the minute before it does not; two on 11-02 make one;
    // 23:30 Beijing on 11-03 is still 11-03 (15:30 UTC), 00:30 Beijing on 11-04 is 11-04 (16:30 UTC the day before).
    say('小王', ids.wang, at('2026-10-31', '23:59'), '提前打卡');
    say('小王', ids.wang, at('2026-11-01', '00:00'), '打卡第1天');
    say('小王', ids.wang, at('2026-11-02', '08:00'), '打卡');
    say('小王', ids.wang, at('2026-11-02', '21:00'), '晚上再打卡一次');
    say('小王', ids.wang, '2026-11-03T15:30:00Z', '打卡');
    say('小王', ids.wang, '2026-11-03T16:30:00Z', '#打卡# 第4天');
    for (const date of ['2026-11-05', '2026-11-06', '2026-11-07'])
      say('小王', ids.wang, at(date, '09:00'), '打卡');
    say('小王', ids.wang, at('2026-11-08', '09:00'), '早上好');
    say('小王', ids.wang, at('2026-11-08', '09:00'), '打卡', { group: otherGroupId });
    // 小李: six days, then 11-07 only as a system line (not counted), three more days, and the last minute.
    for (const date of [...run('2026-11-01', 6), ...run('2026-11-08', 3)]) {
      say('小李', ids.li, at(date, '07:30'), '打卡');
    }
    say('小李', ids.li, at('2026-11-07', '07:30'), '小李 打卡 提醒', { kind: 'system' });
    say('小李', ids.li, at('2026-11-21', '23:59'), '打卡');
    say('小李', ids.li, at('2026-11-22', '00:00'), '打卡');
    // A sender the import could not match to a member.
    say('路人甲', null, at('2026-11-05', '12:00'), '我也打卡');

    challenge = await call<Activity>('activities.save', {
      groupId,
      kind: 'checkin_challenge',
      title: '21 天早起打卡',
      startsAt: at('2026-11-01', '00:00'),
    });
    // 小李's first day was typed in already; 小张 checks in through pasted lists only (no messages).
    await call('checkins.record', {
      activityId: challenge.id,
      source: 'manual',
      entries: [{ participant: '小李', memberId: ids.li, at: at('2026-11-01', '12:00') }],
    });
    await call('checkins.record', {
      activityId: challenge.id,
      source: 'paste',
      // Every other day: no streak.
      entries: ['2026-11-10', '2026-11-12', '2026-11-14', '2026-11-16'].map((date) => ({
        participant: '小张',
        memberId: ids.zhang,
        at: at(date, '12:00'),
      })),
    });
  });
  afterAll(async () => backend.dispose());

  it('defaults a challenge to the keyword 打卡 and its points rules', () => {
    expect(challenge).toMatchObject({
      checkInKeyword: '打卡',
      pointsRules: {
        perCheckIn: 1,
        participation: 0,
        rungs: [
          { days: 3, points: 6 },
          { days: 7, points: 14 },
          { days: 21, points: 42 },
        ],
      },
      pointsIssuedAt: null,
      endsAt: '2026-11-21T16:00:00.000Z',
    });
  });

  it('previews, then records one check-in per person per day from the messages; a second run adds nothing', async () => {
    const preview = await call<MessageCheckInResult>('checkins.fromMessages', {
      activityId: challenge.id,
      dryRun: true,
    });
    expect(preview).toMatchObject({
      keyword: '打卡',
      startsAt: '2026-10-31T16:00:00.000Z',
      endsAt: '2026-11-21T16:00:00.000Z',
      messages: 19,
      found: 18,
      alreadyRecorded: 1,
      toAdd: 17,
      unlinked: 1,
      added: 0,
    });
    expect(preview.sample[0]).toEqual({
      participant: '小王',
      memberId: ids.wang,
      localDate: '2026-11-01',
      at: '2026-10-31T16:00:00.000Z',
    });
    expect(await call<CheckIn[]>('checkins.list', { activityId: challenge.id })).toHaveLength(5);

    const recorded = await call<MessageCheckInResult>('checkins.fromMessages', { activityId: challenge.id });
    expect(recorded).toMatchObject({ found: 18, toAdd: 17, added: 17 });
    const checkIns = await call<CheckIn[]>('checkins.list', { activityId: challenge.id });
    expect(checkIns).toHaveLength(22);
    const wangDays = checkIns.filter((c) => c.memberId === ids.wang).map((c) => [c.localDate, c.source]);
    expect(wangDays).toEqual(run('2026-11-01', 7).map((date) => [date, 'import']));
    // 11-02's check-in is the day's first message.
    expect(checkIns.find((c) => c.memberId === ids.wang && c.localDate === '2026-11-02')?.at).toBe(
      '2026-11-02T00:00:00.000Z',
    );
    const liDays = checkIns.filter((c) => c.memberId === ids.li).map((c) => c.localDate);
    expect(liDays).toEqual([...run('2026-11-01', 6), ...run('2026-11-08', 3), '2026-11-21']);
    expect(checkIns.filter((c) => c.memberId === ids.li && c.source === 'manual')).toHaveLength(1);
    expect(checkIns.find((c) => c.participant === '路人甲')).toMatchObject({
      memberId: null,
      source: 'import',
    });

    const again = await call<MessageCheckInResult>('checkins.fromMessages', { activityId: challenge.id });
    expect(again).toMatchObject({ found: 18, alreadyRecorded: 18, toAdd: 0, added: 0 });
    expect(await call<CheckIn[]>('checkins.list', { activityId: challenge.id })).toHaveLength(22);

    const audit = await call<Page<AuditEntry>>('audit.list', { limit: 20 });
    const importEntry = audit.rows.find((row) => row.action === 'record' && row.detail?.includes('import'));
    expect(JSON.parse(importEntry!.detail!)).toMatchObject({ added: 17, source: 'import', keyword: '打卡' });
  });

  it('needs a keyword, and another keyword finds other messages', async () => {
    const untitled = await call<Activity>('activities.save', {
      groupId,
      kind: 'quiz',
      title: '知识竞赛',
      startsAt: at('2026-11-02', '20:00'),
      endsAt: at('2026-11-02', '22:00'),
    });
    expect(untitled.checkInKeyword).toBe('');
    const result = await dispatch('checkins.fromMessages', { activityId: untitled.id }, trustedSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(result.ok ? '' : result.error.message).toBe('calendar.errors.noCheckInKeyword');
    const other = await call<MessageCheckInResult>('checkins.fromMessages', {
      activityId: untitled.id,
      keyword: '晚上',
      dryRun: true,
    });
    expect(other).toMatchObject({ messages: 1, found: 1, toAdd: 1 });
    await call('activities.delete', { id: untitled.id });
  });

  it('shows what issuing would write, writes it once, and the tier recompute sees the check-ins', async () => {
    const before = await summary();
    expect(before).toMatchObject({ issuedAt: null, entries: 0, points: 0, members: [] });
    // 小王 7 days + 3- and 7-day rewards; 小李 10 days + two 3-day rewards; 小张 4 days.
    expect(before.pending).toEqual({
      add: 9 + 12 + 4,
      addPoints: 27 + 22 + 4,
      reverse: 0,
      reversePoints: 0,
      byKind: { check_in: 21, streak: 4, participation: 0 },
    });
    expect(before.unlinked).toEqual([{ participant: '路人甲', checkIns: 1, days: 1 }]);
    expect((await ledger(ids.wang)).total).toBe(0);

    await recomputeTiers();
    expect(tierIn(ids.zhang)).toBe('silent');

    const issued = await call<ActivityPointsSummary>('activities.issuePoints', { id: challenge.id });
    expect(issued).toMatchObject({
      issuedAt: '2026-11-30T04:00:00.000Z',
      entries: 25,
      reversals: 0,
      points: 53,
    });
    expect(issued.pending).toMatchObject({ add: 0, reverse: 0 });
    expect(
      issued.members.map((line) => [line.displayName, line.checkInPoints, line.streakPoints, line.total]),
    ).toEqual([
      ['小王', 7, 20, 27],
      ['小李', 10, 12, 22],
      ['小张', 4, 0, 4],
    ]);
    expect(issued.members[0]!.unlocked).toEqual([
      { threshold: 3, on: '2026-11-03' },
      { threshold: 7, on: '2026-11-07' },
    ]);
    expect(issued.members[1]!.unlocked.map((unlock) => unlock.threshold)).toEqual([3, 3]);

    const wang = await ledger(ids.wang);
    expect(wang.balance).toBe(27);
    expect(wang.rows.filter((entry) => entry.source === 'check_in')).toHaveLength(7);
    const reward = wang.rows.find((entry) => entry.amount === 14)!;
    expect(reward).toMatchObject({
      source: 'activity',
      groupId,
      reason: `活动「21 天早起打卡」（#${challenge.id}）连续打卡 7 天奖励`,
      occurredAt: '2026-11-07T01:00:00.000Z',
    });
    const lateDay = wang.rows.find(
      (entry) => entry.source === 'check_in' && entry.occurredAt === '2026-11-03T15:30:00.000Z',
    );
    expect(lateDay?.reason).toBe(`活动「21 天早起打卡」（#${challenge.id}）2026-11-03 打卡`);

    // Issuing again writes nothing.
    const twice = await call<ActivityPointsSummary>('activities.issuePoints', { id: challenge.id });
    expect(twice).toMatchObject({ entries: 25, points: 53 });
    expect((await ledger(ids.wang)).total).toBe(9);
    expect((await ledger(ids.li)).total).toBe(12);

    // 小张 has no messages: four check-ins alone make them active (the default rules ask for 4).
    await recomputeTiers();
    expect(tierIn(ids.zhang)).toBe('active');
  });

  it('links a participant to a member, which earns their points at once', async () => {
    const failed = await dispatch(
      'checkins.link',
      { activityId: challenge.id, participant: '没这人', memberId: ids.may },
      trustedSender,
    );
    expect(failed).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await call('checkins.link', { activityId: challenge.id, participant: '路人甲', memberId: ids.may }),
    ).toEqual({ linked: 1 });
    const may = await ledger(ids.may);
    expect(may.rows.map((entry) => [entry.amount, entry.source])).toEqual([[1, 'check_in']]);
    const after = await summary();
    expect(after.unlinked).toEqual([]);
    expect(after.members.find((line) => line.memberId === ids.may)?.total).toBe(1);
  });

  it('compensates a removed check-in with negative entries and re-awards the streak it leaves', async () => {
    const checkIns = await call<CheckIn[]>('checkins.list', { activityId: challenge.id });
    const fourth = checkIns.find((c) => c.memberId === ids.wang && c.localDate === '2026-11-04')!;
    const entriesBefore = (await ledger(ids.wang)).rows.map((entry) => entry.id);
    await call('checkins.remove', { id: fourth.id });

    const wang = await ledger(ids.wang);
    const added = wang.rows.filter((entry) => !entriesBefore.includes(entry.id)).reverse();
    // 11-01..03 and 11-05..07: the second run of three earns its reward, the day and the 7-day reward go back.
    expect(added.map((entry) => [entry.amount, entry.source, entry.reason])).toEqual([
      [6, 'activity', `活动「21 天早起打卡」（#${challenge.id}）连续打卡 3 天奖励`],
      [-1, 'check_in', `撤销：活动「21 天早起打卡」（#${challenge.id}）2026-11-04 打卡`],
      [-14, 'activity', `撤销：活动「21 天早起打卡」（#${challenge.id}）连续打卡 7 天奖励`],
    ]);
    // The compensations are dated like what they reverse, so a tier window nets them out.
    expect(added[1]!.occurredAt).toBe('2026-11-03T16:30:00.000Z');
    expect(wang.balance).toBe(27 - 1 - 14 + 6);
    // Nothing in the ledger was edited: the earlier entries are all still there.
    expect(wang.rows.filter((entry) => entriesBefore.includes(entry.id))).toHaveLength(entriesBefore.length);

    const after = await summary();
    const line = after.members.find((member) => member.memberId === ids.wang)!;
    expect(line).toMatchObject({ checkInPoints: 6, streakPoints: 12, total: 18, entries: 12 });
    expect(line.unlocked).toEqual([
      { threshold: 3, on: '2026-11-03' },
      { threshold: 3, on: '2026-11-07' },
    ]);
    expect(after).toMatchObject({ reversals: 2, pending: { add: 0, reverse: 0 } });

    // Issuing again adds nothing.
    await call('activities.issuePoints', { id: challenge.id });
    expect((await ledger(ids.wang)).total).toBe(wang.total);
  });

  it('refuses a compensation that would overdraw a member, and writes nothing', async () => {
    await call('points.add', { memberId: ids.zhang, amount: -4, source: 'redemption', reason: '兑换礼品' });
    const zhangCheckIn = (await call<CheckIn[]>('checkins.list', { activityId: challenge.id })).find(
      (c) => c.memberId === ids.zhang,
    )!;
    const result = await dispatch('checkins.remove', { id: zhangCheckIn.id }, trustedSender);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call<CheckIn[]>('checkins.list', { activityId: challenge.id })).toContainEqual(zhangCheckIn);
    expect((await ledger(ids.zhang)).balance).toBe(0);
  });

  it('follows a rule change with compensations and new entries, and takes everything back on delete', async () => {
    const liBefore = await ledger(ids.li);
    const saved = await call<Activity>('activities.save', {
      id: challenge.id,
      groupId,
      kind: 'checkin_challenge',
      title: '21 天早起打卡',
      startsAt: at('2026-11-01', '00:00'),
      rewardLadder: [3, 7, 21],
      pointsRules: { perCheckIn: 2, participation: 0, rungs: [{ days: 3, points: 6 }] },
    });
    // Rungs not given keep what was stored.
    expect(saved.pointsRules.rungs).toEqual([
      { days: 3, points: 6 },
      { days: 7, points: 14 },
      { days: 21, points: 42 },
    ]);
    const li = await ledger(ids.li);
    expect(li.balance).toBe(liBefore.balance + 10);
    expect(li.total).toBe(liBefore.total + 20);

    // 小张 spent their points: a member of staff gives them back, or taking the activity's points back is refused.
    const refused = await dispatch('activities.delete', { id: challenge.id }, trustedSender);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await call('points.add', { memberId: ids.zhang, amount: 4, source: 'manual', reason: '补回' });
    await call('activities.delete', { id: challenge.id });
    for (const memberId of Object.values(ids)) expect((await ledger(memberId)).balance).toBe(0);
    // Taken back, 小张's four check-ins count for nothing (not eight): no longer active, silent again.
    await recomputeTiers();
    expect(tierIn(ids.zhang)).toBe('silent');
    const audit = await call<Page<AuditEntry>>('audit.list', { limit: 5 });
    expect(JSON.parse(audit.rows.find((row) => row.action === 'delete')!.detail!)).toMatchObject({
      reversed: expect.any(Number),
    });
  });
});

describe('participation points across a member merge', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  const call = <T>(channel: string, input?: unknown) => callerOf(dispatch)<T>(channel, input);
  beforeAll(() => {
    backend = makeTestBackend({ now: () => Date.parse('2026-11-30T04:00:00Z') });
    dispatch = backend.createDispatch(trustAppOrigin);
  });
  afterAll(async () => backend.dispose());

  it('credits the member a merged one now lives on, without paying twice', async () => {
    const groupId = (await call<Group>('groups.create', { name: '读书会', type: 'content' })).id;
    const member = (name: string) =>
      Number(
        backend.context.db
          .prepare('INSERT INTO members (display_name, created_at, updated_at) VALUES (?, 0, 0)')
          .run(name).lastInsertRowid,
      );
    const [old, current] = [member('小王（旧号）'), member('小王')];
    const salon = await call<Activity>('activities.save', {
      groupId,
      kind: 'salon',
      title: '线上沙龙',
      startsAt: at('2026-11-20', '19:30'),
    });
    expect(salon.pointsRules).toEqual({ perCheckIn: 0, participation: 2, rungs: [] });
    await call('checkins.record', {
      activityId: salon.id,
      source: 'paste',
      entries: [{ participant: '小王', memberId: old, at: at('2026-11-20', '19:40') }],
    });
    const issued = await call<ActivityPointsSummary>('activities.issuePoints', { id: salon.id });
    expect(issued.members.map((line) => [line.memberId, line.participationPoints])).toEqual([[old, 2]]);

    await call('members.merge', { sourceId: old, targetId: current });
    // The same person checked in again under the kept member: still one participation.
    await call('checkins.record', {
      activityId: salon.id,
      source: 'manual',
      entries: [{ participant: '小王', memberId: current, at: at('2026-11-20', '20:00') }],
    });
    const after = await call<ActivityPointsSummary>('activities.points', { id: salon.id });
    expect(after).toMatchObject({ entries: 1, points: 2, pending: { add: 0, reverse: 0 } });
    expect(after.members.map((line) => [line.memberId, line.displayName, line.total])).toEqual([
      [current, '小王', 2],
    ]);
    const ledger = await call<Page<PointsEntry> & { balance: number }>('points.list', { memberId: current });
    expect(ledger.balance).toBe(2);
  });
});
