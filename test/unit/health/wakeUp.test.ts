/**
 * The silent wake-up rate tied to targeted actions, against a workspace worked out by hand (UTC+8 wall-clock).
 *
 * 唤醒群, archive from 2024-01-01 09:00 (P's first message). Everyone joined 2023-12-01 unless said otherwise.
 *   P  spoke 01-01 09:00, 02-20 and 03-02: never silent at an action
 *   S1 last spoke 01-05 10:00; spoke again 03-10 (inside the response window)
 *   S2 never spoke; speaks 03-25 (after every window)
 *   S3 never spoke; speaks 03-06 10:00 (reached by O1 and A1: counted once)
 *   N  never spoke; speaks 03-03, reached by nothing (O1 does not name N; by A1 N is no longer silent)
 *   L  never spoke; left 03-04 (reached by O1 while there; gone before A1)
 *   Q  last spoke 01-31 20:00, exactly 30 days before O1 (so not silent then); silent at A1
 *   M  never spoke; reached by O2 at 03-07 23:30, speaks 03-08 00:10 — the next UTC+8 day, the same UTC day
 *   J  joined 02-20: not there for the whole silence at any action
 * Actions: O1 outreach 03-01 20:00 to S1 S2 S3 L; A1 activity 03-05 19:00 (the whole group); O2 outreach
 * 03-07 23:30 to M. Silence 30 days, response window 14 days (the defaults).
 *
 * Targeted (range 03-01..03-07): O1 → S1 S2 S3 L; A1 → S1 S2 S3 Q M (P, N spoke, L left, J too recent);
 * O2 → M. Distinct: S1 S2 S3 L Q M = 6. Woken: S1 (03-10), S3 (03-06), M (03-08) = 3. Rate 3 / 6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { addGroupMember, insertMember } from '../../../electron/main/db/repositories/members';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { messageFingerprint } from '../../../electron/main/services/fingerprint';
import { mergeMember } from '../../../electron/main/services/membersMerge';
import { healthStats } from '../../../electron/main/services/healthStats';
import { defaultHealthSources } from '../../../electron/main/services/healthSources';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import { requiredPermissions } from '../../../shared/ipc/permissions';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { at } from './fixtures';

const keys = ['P', 'S1', 'S2', 'S3', 'N', 'L', 'Q', 'M', 'J'] as const;
type Key = (typeof keys)[number];

interface WakeFixture {
  groupId: number;
  otherGroupId: number;
  members: Record<Key, number>;
  activityId: number;
  say(key: Key, sentAt: number): void;
}

function seedWakeUps(db: Db): WakeFixture {
  const created = at('2023-12-01');
  const group = (name: string) =>
    insertGroup(db, { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 }, created);
  const groupId = group('唤醒群');
  const otherGroupId = group('旁观群');
  const members = Object.fromEntries(
    keys.map((key) => [
      key,
      insertMember(db, { displayName: `成员${key}`, wxid: `wx_${key}`, joinChannel: null }, created),
    ]),
  ) as Record<Key, number>;
  for (const key of keys)
    addGroupMember(db, {
      groupId,
      memberId: members[key],
      role: 'member',
      groupNickname: null,
      joinedAt: key === 'J' ? at('2024-02-20') : created,
      leftAt: key === 'L' ? at('2024-03-04') : null,
    });
  const insert = prepareMessageInsert(db);
  const say = (key: Key, sentAt: number) =>
    insert({
      groupId,
      memberId: members[key],
      senderName: `成员${key}`,
      sentAt,
      kind: 'text',
      content: `${key}@${sentAt}`,
      fingerprint: messageFingerprint(groupId, key, sentAt, `${key}@${sentAt}`),
      importId: null,
    });
  db.transaction(() => {
    say('P', at('2024-01-01', '09:00'));
    say('S1', at('2024-01-05', '10:00'));
    say('Q', at('2024-01-31', '20:00'));
    say('P', at('2024-02-20'));
    say('P', at('2024-03-02'));
    say('N', at('2024-03-03'));
    say('S3', at('2024-03-06', '10:00'));
    say('M', at('2024-03-08', '00:10'));
    say('S1', at('2024-03-10'));
    say('S2', at('2024-03-25'));
  })();
  const activityId = Number(
    db
      .prepare(
        `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, created_at, updated_at)
         VALUES (?, 'salon', '老友回归沙龙', 'engagement', ?, ?, 0, 0)`,
      )
      .run(groupId, at('2024-03-05', '19:00'), at('2024-03-05', '21:00')).lastInsertRowid,
  );
  return { groupId, otherGroupId, members, activityId, say };
}

describe('silent wake-up rate tied to targeted actions', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let fixture: WakeFixture;

  async function call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as ChannelOutput<K>;
  }
  const refused = async <K extends ChannelName>(name: K, input: unknown) => {
    const result = await dispatch(name, input, trustedSender);
    expect(result.ok, JSON.stringify(result)).toBe(false);
    return result.ok ? null : result.error;
  };
  const week = { days: 7, to: '2024-03-07' };
  const wakeRate = async (input: { days: number; to: string } = week) => {
    const overview = await call('health.overview', { groupId: fixture.groupId, ...input });
    return overview.cards[0]!.metrics.find((metric) => metric.metric === 'silentWakeUpRate')!;
  };

  beforeAll(async () => {
    backend = makeTestBackend({ now: () => at('2024-06-01') });
    dispatch = backend.createDispatch(trustAppOrigin);
    fixture = seedWakeUps(backend.context.db);
    const m = fixture.members;
    await call('health.recordOutreach', {
      groupId: fixture.groupId,
      at: '2024-03-01T20:00:00+08:00',
      channel: 'private',
      note: '老用户回归福利',
      memberIds: [m.S1, m.S2, m.S3, m.L],
    });
    await call('health.recordOutreach', {
      groupId: fixture.groupId,
      at: '2024-03-07T23:30:00+08:00',
      channel: 'mention',
      note: '',
      memberIds: [m.M],
    });
  });
  afterAll(async () => backend.dispose());

  it('divides the woken by the distinct silent members the actions reached', async () => {
    const rate = await wakeRate();
    expect(rate.current).toEqual({ value: 0.5, status: 'ok', numerator: 3, denominator: 6 });
    // Default bands amber 5 %, red 2 %: 50 % is green.
    expect(rate.rag).toBe('green');
    // Across groups the other (empty) group adds nothing.
    const all = await call('health.overview', week);
    const other = all.cards.find((card) => card.groupId === fixture.otherGroupId)!;
    expect(other.metrics.find((metric) => metric.metric === 'silentWakeUpRate')!.current).toEqual({
      value: null,
      status: 'noData',
    });
  });

  it('puts the rate with its band and the settings used into the stats report', () => {
    const report = healthStats(backend.context, defaultHealthSources(backend.context), {
      groupId: fixture.groupId,
      from: '2024-03-01',
      to: '2024-03-07',
    });
    expect(report.wakeSettings).toEqual({ silenceDays: 30, responseDays: 14 });
    expect(report.scopes[0]!.metrics.find((metric) => metric.metric === 'silentWakeUpRate')).toMatchObject({
      value: 0.5,
      numerator: 3,
      denominator: 6,
      band: 'green',
      threshold: { amber: 0.05, red: 0.02, source: 'default' },
    });
  });
  it('draws each woken member once, on the UTC+8 day they first spoke again', async () => {
    const series = await call('health.metric', { series: 'wakeUps', groupId: fixture.groupId, ...week });
    // S3 on 03-06; M (03-08) and S1 (03-10) fall after the range.
    expect(series.lines[0]!.values).toEqual([0, 0, 0, 0, 0, 1, 0]);
    // 03-02..03-08: actions A1 and O2; S3 on 03-06 and M on 03-08 at 00:10 (still 03-07 in UTC).
    const later = await call('health.metric', {
      series: 'wakeUps',
      groupId: fixture.groupId,
      days: 7,
      to: '2024-03-08',
    });
    expect(later.lines[0]!.values).toEqual([0, 0, 0, 0, 1, 0, 1]);
    expect((await wakeRate({ days: 7, to: '2024-03-08' })).current).toMatchObject({
      numerator: 3,
      denominator: 5,
    });
  });

  it('lists each outreach with the members it found silent and how many woke, and marks it on the charts', async () => {
    const report = await call('health.outreach', { groupId: fixture.groupId, ...week });
    expect(report.settings).toEqual({ silenceDays: 30, responseDays: 14 });
    expect(
      report.outreach.map(({ date, channel, reached, targeted, woken, audience }) => ({
        date,
        channel,
        reached,
        targeted,
        woken,
        audience,
      })),
    ).toEqual([
      // 23:30 in UTC+8 is 15:30 UTC: the same date either way; listed newest first.
      { date: '2024-03-07', channel: 'mention', reached: 1, targeted: 1, woken: 1, audience: 'chosen' },
      // S3 spoke 03-06, inside O1's window too: O1 woke S1 and S3.
      { date: '2024-03-01', channel: 'private', reached: 4, targeted: 4, woken: 2, audience: 'chosen' },
    ]);
    const series = await call('health.metric', { series: 'messages', groupId: fixture.groupId, ...week });
    expect(series.annotations.filter((mark) => mark.kind !== 'import')).toEqual([
      { date: '2024-03-01', kind: 'outreach', label: '老用户回归福利', groupId: fixture.groupId },
      { date: '2024-03-05', kind: 'activity', label: '老友回归沙龙', groupId: fixture.groupId },
      { date: '2024-03-07', kind: 'outreach', label: '唤醒群', groupId: fixture.groupId },
    ]);
  });

  it('follows the silence and response window settings, audited', async () => {
    try {
      // 60 days: S1's 01-05 message falls in O1's silence, Q's 01-31 in A1's → S1 S2 S3 L M, woken S1 S3 M.
      expect(await call('health.updateWakeSettings', { silenceDays: 60, responseDays: 14 })).toEqual({
        silenceDays: 60,
        responseDays: 14,
      });
      expect((await wakeRate()).current).toMatchObject({ numerator: 3, denominator: 5 });
      // A 1-day window: only S3 (03-06 10:00, within a day of A1) and M (40 minutes after O2).
      await call('health.updateWakeSettings', { silenceDays: 30, responseDays: 1 });
      expect((await wakeRate()).current).toMatchObject({ numerator: 2, denominator: 6 });
      // 90 days reach back before the archive (01-01) for every action: unknown, not zero.
      await call('health.updateWakeSettings', { silenceDays: 90, responseDays: 14 });
      expect((await wakeRate()).current).toEqual({ value: null, status: 'noData' });
      const report = await call('health.outreach', { groupId: fixture.groupId, ...week });
      expect(report.outreach.map((row) => row.targeted)).toEqual([null, null]);
    } finally {
      await call('health.updateWakeSettings', { silenceDays: 30, responseDays: 14 });
    }
    const audit = await call('audit.list', { offset: 0, limit: 20 });
    expect(audit.rows.filter((row) => row.entity === 'healthWakeSettings')).toHaveLength(4);
    expect(await call('health.wakeSettings', {})).toEqual({ silenceDays: 30, responseDays: 14 });
  });

  it('snapshots every silent member by default, and keeps the snapshot when later messages arrive', async () => {
    const recorded = await call('health.recordOutreach', {
      groupId: fixture.groupId,
      at: '2024-03-01T20:00:00+08:00',
      channel: 'sms',
      note: '短信召回',
    });
    // Silent at 03-01 20:00: S1 S2 S3 N L M. Not P (02-20), Q (01-31 20:00, just inside), J (joined 02-20).
    expect(recorded).toMatchObject({ reached: 6, audience: 'silent', date: '2024-03-01', operator: 'local' });
    const snapshot = backend.context.db
      .prepare('SELECT member_id FROM health_outreach_members WHERE outreach_id = ? ORDER BY member_id')
      .pluck()
      .all(recorded.id);
    const m = fixture.members;
    expect(snapshot).toEqual([m.S1, m.S2, m.S3, m.N, m.L, m.M].sort((a, b) => a - b));
    // Now N (who spoke 03-03) was reached too: N woke. Targeted S1 S2 S3 N L Q M = 7, woken S1 S3 N M = 4.
    expect((await wakeRate()).current).toMatchObject({ numerator: 4, denominator: 7 });

    // A message of S2 turns up later, inside the silence: the snapshot stays, S2 no longer counts as silent.
    fixture.say('S2', at('2024-02-25'));
    const rows = (await call('health.outreach', { groupId: fixture.groupId, ...week })).outreach;
    const sms = rows.find((row) => row.id === recorded.id)!;
    expect(sms).toMatchObject({ reached: 6, targeted: 5, woken: 4 });
    expect((await wakeRate()).current).toMatchObject({ numerator: 4, denominator: 6 });

    await call('health.deleteOutreach', { id: recorded.id });
    expect((await wakeRate()).current).toMatchObject({ numerator: 3, denominator: 5 });
    const audit = await call('audit.list', { offset: 0, limit: 50 });
    expect(audit.rows.filter((row) => row.entity === 'healthOutreach').map((row) => row.action)).toEqual([
      'delete',
      'create',
      'create',
      'create',
    ]);
  });

  it('lets every role read outreach and the settings; recording, deleting and settings need everyday edits', () => {
    const needs = (channel: ChannelName) => requiredPermissions(channel, {} as never);
    expect(needs('health.outreach')).toEqual([]);
    expect(needs('health.wakeSettings')).toEqual([]);
    for (const channel of [
      'health.recordOutreach',
      'health.deleteOutreach',
      'health.updateWakeSettings',
    ] as const)
      expect(needs(channel), channel).toEqual(['edit']);
  });

  it('refuses bad outreach and writes nothing', async () => {
    const count = () =>
      backend.context.db.prepare('SELECT COUNT(*) FROM health_outreach').pluck().get() as number;
    const before = count();
    const base = { groupId: fixture.groupId, at: '2024-03-02T10:00:00+08:00', channel: 'private', note: '' };
    expect(await refused('health.recordOutreach', { ...base, channel: 'carrierPigeon' })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await refused('health.recordOutreach', { ...base, at: '2024-03-02 10:00' })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await refused('health.recordOutreach', { ...base, note: '长'.repeat(501) })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await refused('health.recordOutreach', { ...base, memberIds: [] })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(
      await refused('health.recordOutreach', { ...base, at: '2024-07-01T10:00:00+08:00' }),
    ).toMatchObject({ code: 'VALIDATION', message: 'health.errors.outreachInFuture' });
    const stranger = insertMember(
      backend.context.db,
      { displayName: '路人', wxid: 'wx_stranger', joinChannel: null },
      0,
    );
    expect(
      await refused('health.recordOutreach', { ...base, memberIds: [fixture.members.S1, stranger] }),
    ).toMatchObject({ code: 'VALIDATION', message: 'health.errors.outreachNotMembers' });
    // 旁观群 has no members: nobody silent to reach.
    expect(await refused('health.recordOutreach', { ...base, groupId: fixture.otherGroupId })).toMatchObject({
      code: 'VALIDATION',
      message: 'health.errors.outreachNobody',
    });
    expect(await refused('health.recordOutreach', { ...base, groupId: 999 })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refused('health.deleteOutreach', { id: 999 })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'health.errors.outreachNotFound',
    });
    expect(await refused('health.updateWakeSettings', { silenceDays: 0, responseDays: 14 })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await refused('health.updateWakeSettings', { silenceDays: 30, responseDays: 91 })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(count()).toBe(before);
  });

  it('follows a member merged after the outreach to the member merged into', async () => {
    const { db } = backend.context;
    const duplicate = insertMember(db, { displayName: '小号', wxid: 'wx_dup', joinChannel: null }, 0);
    const main = insertMember(db, { displayName: '大号', wxid: 'wx_main', joinChannel: null }, 0);
    addGroupMember(db, {
      groupId: fixture.groupId,
      memberId: duplicate,
      role: 'member',
      groupNickname: null,
      joinedAt: at('2023-12-01'),
      leftAt: null,
    });
    const recorded = await call('health.recordOutreach', {
      groupId: fixture.groupId,
      at: '2024-03-02T09:00:00+08:00',
      channel: 'other',
      note: '小号私信',
      memberIds: [duplicate],
    });
    const row = async () =>
      (await call('health.outreach', { groupId: fixture.groupId, ...week })).outreach.find(
        (item) => item.id === recorded.id,
      );
    expect(await row()).toMatchObject({ reached: 1, targeted: 1, woken: 0 });
    mergeMember(backend.context, duplicate, main);
    expect(await row()).toMatchObject({ reached: 1, targeted: 1, woken: 0 });
  });

  it('says none (not unknown) when an outreach reached nobody silent', async () => {
    // P had spoken the day before: reached, but not silent.
    const recorded = await call('health.recordOutreach', {
      groupId: fixture.groupId,
      at: '2024-03-03T09:00:00+08:00',
      channel: 'private',
      note: '',
      memberIds: [fixture.members.P],
    });
    const rows = (await call('health.outreach', { groupId: fixture.groupId, ...week })).outreach;
    expect(rows.find((item) => item.id === recorded.id)).toMatchObject({ reached: 1, targeted: 0, woken: 0 });
  });
});
