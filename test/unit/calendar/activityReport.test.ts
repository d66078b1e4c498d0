/**
 * The post-event report, against numbers worked out by hand: a flash sale with check-ins, joiners and messages placed
 * on both sides of every window edge, the operator's results, and the comparison with another flash sale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityMetrics, reportWindows } from '../../../shared/domain/calendar/activityReport';
import type { Activity, ActivityReport } from '../../../shared/domain/calendar/types';
import type { AuditEntry, Group, Page } from '../../../shared/domain/types';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { beijingTime as at, callerOf } from './fixtures';

describe('activity metrics', () => {
  const base = {
    checkedIn: 3,
    participantsEntered: null,
    newJoiners: 0,
    messagesDuring: 5,
    messagesBefore: 2,
    conversions: null,
    spentCents: null,
    budgetCents: 0,
  };

  it('counts check-ins unless a head count was entered, and compares messages with the time before', () => {
    expect(activityMetrics(base)).toEqual({
      participants: 3,
      participantsSource: 'checkins',
      messageChange: 1.5, // (5 − 2) / 2
      conversionRate: null,
      costCents: null,
      costSource: null,
      costPerParticipantCents: null,
      costPerConversionCents: null,
    });
    expect(activityMetrics({ ...base, messagesBefore: 0 }).messageChange).toBeNull();
    expect(activityMetrics({ ...base, messagesDuring: 1, messagesBefore: 4 }).messageChange).toBe(-0.75);
  });

  it('costs what was spent, else the budget, per participant and per conversion', () => {
    expect(
      activityMetrics({
        ...base,
        participantsEntered: 40,
        conversions: 12,
        spentCents: 60_000,
        budgetCents: 80_000,
      }),
    ).toMatchObject({
      participants: 40,
      participantsSource: 'entered',
      conversionRate: 0.3,
      costCents: 60_000,
      costSource: 'spent',
      costPerParticipantCents: 1500,
      costPerConversionCents: 5000,
    });
    // Nothing spent entered: the budget stands in. ¥100 over 3 people rounds to the cent.
    expect(activityMetrics({ ...base, budgetCents: 10_000 })).toMatchObject({
      costCents: 10_000,
      costSource: 'budget',
      costPerParticipantCents: 3333,
    });
    // Zero spent is an answer, not "unknown".
    expect(activityMetrics({ ...base, spentCents: 0, budgetCents: 10_000 })).toMatchObject({
      costCents: 0,
      costSource: 'spent',
      costPerParticipantCents: 0,
    });
    expect(activityMetrics({ ...base, checkedIn: 0, conversions: 2, budgetCents: 500 })).toMatchObject({
      conversionRate: null,
      costPerParticipantCents: null,
      costPerConversionCents: 250,
    });
  });

  it('counts a running activity up to now, against as long a time before', () => {
    const start = Date.parse('2026-11-20T12:00:00Z');
    const hour = 3_600_000;
    expect(reportWindows(start, start + 10 * hour, start + 4 * hour)).toEqual({
      during: { start, end: start + 4 * hour },
      before: { start: start - 4 * hour, end: start },
      state: 'ongoing',
    });
    expect(reportWindows(start, start + 2 * hour, start + 30 * hour)).toMatchObject({
      before: { start: start - 2 * hour, end: start },
      state: 'over',
    });
    // Not started yet: nothing to count.
    expect(reportWindows(start, start + hour, start - hour)).toMatchObject({
      during: { start, end: start },
      state: 'upcoming',
    });
  });
});

describe('activities.report', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let groupId: number;
  let sale: Activity;
  let earlierSale: Activity;
  // Reads `dispatch` when called: it is set in beforeAll.
  const call = <T>(channel: string, input?: unknown) => callerOf(dispatch)<T>(channel, input);

  beforeAll(async () => {
    backend = makeTestBackend({ now: () => Date.parse('2026-11-25T04:00:00Z') });
    dispatch = backend.createDispatch(trustAppOrigin);
    groupId = (await call<Group>('groups.create', { name: '新品体验群', type: 'activity' })).id;
    const otherGroupId = (await call<Group>('groups.create', { name: '读书会', type: 'content' })).id;
    sale = await call<Activity>('activities.save', {
      groupId,
      kind: 'flash_sale',
      title: '周五拼团秒杀',
      startsAt: at('2026-11-20', '20:00'),
      endsAt: at('2026-11-20', '22:00'),
      budgetCents: 80_000,
    });
    earlierSale = await call<Activity>('activities.save', {
      groupId,
      kind: 'flash_sale',
      title: '上周拼团',
      startsAt: at('2026-11-13', '20:00'),
      endsAt: at('2026-11-13', '21:00'),
      budgetCents: 30_000,
    });
    await call('activities.save', {
      groupId,
      kind: 'quiz',
      title: '知识竞赛',
      startsAt: at('2026-11-21', '20:00'),
    });

    const { db } = backend.context;
    const member = (name: string) =>
      Number(
        db.prepare('INSERT INTO members (display_name, created_at, updated_at) VALUES (?, 0, 0)').run(name)
          .lastInsertRowid,
      );
    const join = (group: number, memberId: number, time: string, date = '2026-11-20') =>
      db
        .prepare('INSERT INTO group_members (group_id, member_id, joined_at) VALUES (?, ?, ?)')
        .run(group, memberId, Date.parse(at(date, time)));
    // Joined 19:59 (before), 20:00 and 21:30 (during), 22:00 (after); one joined the other group during it.
    join(groupId, member('早到'), '19:59');
    join(groupId, member('准点'), '20:00');
    join(groupId, member('中途'), '21:30');
    join(groupId, member('散场后'), '22:00');
    join(otherGroupId, member('别的群'), '20:30');
    const wang = member('小王');

    let fingerprint = 0;
    const say = (group: number, date: string, time: string, kind = 'text') =>
      db
        .prepare(
          `INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint)
           VALUES (?, 'someone', ?, ?, 'hi', ?)`,
        )
        .run(group, Date.parse(at(date, time)), kind, `report-${(fingerprint += 1)}`);
    // Before [18:00, 20:00): 18:00 and 19:30 count, 17:59 does not.
    for (const time of ['17:59', '18:00', '19:30']) say(groupId, '2026-11-20', time);
    // During [20:00, 22:00): five count; a system line, the 22:00 one and the other group's do not.
    for (const time of ['20:00', '20:05', '20:30', '21:00', '21:59']) say(groupId, '2026-11-20', time);
    say(groupId, '2026-11-20', '20:10', 'system');
    say(groupId, '2026-11-20', '22:00');
    say(otherGroupId, '2026-11-20', '20:30');
    // The earlier sale: one message during its hour, none in the hour before.
    say(groupId, '2026-11-13', '20:15');

    // 小王 twice by name, 小李 once, and a member checked in under two names: three people.
    await call('checkins.record', {
      activityId: sale.id,
      source: 'paste',
      entries: [
        { participant: '小王', at: at('2026-11-20', '20:30') },
        { participant: '小王', at: at('2026-11-20', '21:00') },
        { participant: '小李', at: at('2026-11-20', '20:40') },
        { participant: '王大锤', memberId: wang, at: at('2026-11-20', '20:45') },
        { participant: '大锤', memberId: wang, at: at('2026-11-20', '21:10') },
      ],
    });
  });
  afterAll(async () => backend.dispose());

  it('reports participants, joiners and messages before the operator enters results', async () => {
    const report = await call<ActivityReport>('activities.report', { id: sale.id });
    expect(report.window).toEqual({
      beforeStartsAt: '2026-11-20T10:00:00.000Z',
      startsAt: '2026-11-20T12:00:00.000Z',
      endsAt: '2026-11-20T14:00:00.000Z',
    });
    expect(report.row).toMatchObject({
      activityId: sale.id,
      title: '周五拼团秒杀',
      groupName: '新品体验群',
      localDate: '2026-11-20',
      state: 'over',
      checkedIn: 3,
      participants: 3,
      participantsSource: 'checkins',
      newJoiners: 2,
      messagesDuring: 5,
      messagesBefore: 2,
      messageChange: 1.5,
      conversions: null,
      conversionRate: null,
      costCents: 80_000,
      costSource: 'budget',
      costPerParticipantCents: 26_667,
    });
  });

  it('records the results, audits them and compares the flash sales (not the quiz)', async () => {
    const updated = await call<Activity>('activities.recordResults', {
      id: sale.id,
      participantsEntered: 40,
      conversions: 12,
      spentCents: 60_000,
    });
    expect(updated).toMatchObject({ participantsEntered: 40, conversions: 12, spentCents: 60_000 });
    // Saving the activity's plan afterwards keeps the results.
    await call('activities.save', {
      id: sale.id,
      groupId,
      kind: 'flash_sale',
      title: '周五拼团秒杀',
      startsAt: at('2026-11-20', '20:00'),
      endsAt: at('2026-11-20', '22:00'),
      budgetCents: 80_000,
      notes: '复盘：库存不够',
    });
    const report = await call<ActivityReport>('activities.report', { id: sale.id });
    expect(report.activity).toMatchObject({ conversions: 12, notes: '复盘：库存不够' });
    expect(report.row).toMatchObject({
      participants: 40,
      participantsSource: 'entered',
      conversionRate: 0.3,
      costCents: 60_000,
      costSource: 'spent',
      costPerParticipantCents: 1500,
      costPerConversionCents: 5000,
    });
    expect(
      report.sameKind.map((row) => [row.title, row.participants, row.messagesDuring, row.messagesBefore]),
    ).toEqual([
      ['周五拼团秒杀', 40, 5, 2],
      ['上周拼团', 0, 1, 0],
    ]);
    expect(report.sameKind[1]).toMatchObject({
      activityId: earlierSale.id,
      messageChange: null,
      costCents: 30_000,
      costPerParticipantCents: null,
    });

    const audit = await call<Page<AuditEntry>>('audit.list', { limit: 10 });
    const entry = audit.rows.find((row) => row.action === 'recordResults')!;
    expect(entry).toMatchObject({ entity: 'activity', entityId: String(sale.id) });
    expect(JSON.parse(entry.detail!)).toEqual({
      participantsEntered: 40,
      conversions: 12,
      spentCents: 60_000,
    });

    // Clearing a value goes back to "not entered".
    await call('activities.recordResults', {
      id: sale.id,
      participantsEntered: null,
      conversions: 12,
      spentCents: null,
    });
    const cleared = await call<ActivityReport>('activities.report', { id: sale.id });
    expect(cleared.row).toMatchObject({
      participants: 3,
      participantsSource: 'checkins',
      conversionRate: 4,
      costSource: 'budget',
    });
  });

  it('refuses negative results and unknown activities', async () => {
    expect(
      await dispatch(
        'activities.recordResults',
        { id: sale.id, participantsEntered: -1, conversions: null, spentCents: null },
        trustedSender,
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch('activities.report', { id: 9999 }, trustedSender)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'calendar.errors.activityNotFound' },
    });
  });
});
