/**
 * The calendar through the real dispatcher on a temp workspace: cadence templates, series and occurrences, gaps,
 * the draft workflow with a sensitive check, the send step, caps, activities and check-in streaks, audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeMessage } from '../../../shared/domain/calendar/messages';
import type {
  Activity,
  CadenceSettings,
  CalendarEntry,
  CalendarItem,
  CalendarItemDetail,
  CapReport,
  GapReportView,
  StreakReport,
} from '../../../shared/domain/calendar/types';
import type { AuditEntry, Group, Page } from '../../../shared/domain/types';
import { translate } from '../../../shared/i18n';
import type { Result } from '../../../shared/ipc/errors';
import { createDispatcher, type Dispatch } from '../../../electron/main/ipc/dispatcher';
import { buildHandlers } from '../../../electron/main/ipc/handlers';
import { calendarHandlers } from '../../../electron/main/ipc/handlers/calendar';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { beijingTime as at, testChecker } from './fixtures';

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const week = { from: '2026-11-23', to: '2026-11-29' };
const zh = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);

describe('calendar through the dispatcher', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  const call = (channel: string, input: unknown = {}) => dispatch(channel, input, trustedSender);
  let groupId: number;
  let otherGroupId: number;
  let briefSeries: CalendarItem;

  const gapTexts = async (groupIdForReport = groupId) => {
    const report = value<GapReportView>(await call('calendar.gaps', { ...week, groupId: groupIdForReport }));
    return report.groups.flatMap((group) => group.gaps.map((gap) => describeMessage(gap, zh)));
  };
  const entries = async (input: Record<string, unknown> = { ...week, groupId }) =>
    value<CalendarEntry[]>(await call('calendar.items', input));
  const save = async (input: Record<string, unknown>) =>
    value<CalendarItem>(await call('calendar.save', { groupId, ...input }));

  beforeAll(() => {
    // Wednesday 25 Nov 2026, noon in Beijing.
    backend = makeTestBackend({ now: () => Date.parse('2026-11-25T04:00:00Z') });
    // The real handlers, with the calendar's approval check wired to a test checker.
    dispatch = createDispatcher(
      { ...buildHandlers(backend), ...calendarHandlers(backend, testChecker) },
      { isTrustedSender: trustAppOrigin },
    );
  });
  afterAll(async () => backend.dispose());

  it('gives a group the operations template in +08:00 and merges the activity template once', async () => {
    groupId = value<Group>(await call('groups.create', { name: '读书会一群', type: 'content' })).id;
    otherGroupId = value<Group>(await call('groups.create', { name: '新品体验群', type: 'activity' })).id;
    const empty = value<CadenceSettings>(await call('cadence.get', { groupId }));
    expect(empty).toMatchObject({ utcOffsetMinutes: 480, utcOffset: '+08:00', rules: [] });
    const applied = value<CadenceSettings>(
      await call('cadence.applyTemplate', { groupId, template: 'operations', mode: 'replace' }),
    );
    expect(
      applied.rules.map((rule) => [
        rule.contentType,
        rule.period,
        rule.timesPerPeriod,
        rule.windowStart,
        rule.windowEnd,
      ]),
    ).toEqual([
      ['morning_brief', 'day', 1, 450, 510],
      ['tutorial', 'week', 3, 600, 660],
      ['interactive_topic', 'day', 2, 840, 900],
      ['limited_event', 'week', 1, 1200, 1260],
    ]);
    expect(await call('cadence.applyTemplate', { groupId: 999, template: 'operations' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'groups.errors.notFound' },
    });
  });

  it('reports every slot of an empty week as a gap', async () => {
    const report = value<GapReportView>(await call('calendar.gaps', week));
    expect(report.groups.map((group) => group.groupName)).toEqual(['读书会一群']); // the other group has no rules
    expect(report).toMatchObject({ expected: 25, filled: 0, missing: 25 });
    const texts = await gapTexts();
    expect(texts).toContain('本周缺 3 篇干货教程');
    expect(texts).toContain('周三 14:30 互动话题未安排');
    expect(texts.filter((text) => text.includes('早报'))).toHaveLength(7);
  });

  it('fills the week with series and single entries; the gaps left are named', async () => {
    briefSeries = await save({
      title: '每日早报',
      contentType: 'morning_brief',
      startsAt: at('2026-11-20', '07:45'),
      recurrence: { freq: 'daily', end: { kind: 'never' } },
    });
    expect(briefSeries).toMatchObject({
      status: 'idea',
      localDate: '2026-11-20',
      localTime: '07:45',
      startsAt: '2026-11-19T23:45:00.000Z',
    });
    await save({
      title: '午间话题 A',
      contentType: 'interactive_topic',
      startsAt: at('2026-11-23', '14:00'),
      recurrence: { freq: 'daily', end: { kind: 'count', count: 7 } },
    });
    await save({
      title: '午间话题 B',
      contentType: 'interactive_topic',
      startsAt: at('2026-11-23', '14:30'),
      recurrence: { freq: 'daily', end: { kind: 'until', until: '2026-11-29' } },
    });
    await save({
      title: '读书方法一',
      contentType: 'tutorial',
      startsAt: at('2026-11-23', '10:00'),
      body: '三个做笔记的方法 📒',
    });
    await save({ title: '读书方法二', contentType: 'tutorial', startsAt: at('2026-11-25', '10:00') });
    // In time order of the first empty slot: the event (Monday 20:00) before the tutorial (Friday 10:00).
    expect(await gapTexts()).toEqual(['本周缺 1 场限时活动', '本周缺 1 篇干货教程']);

    const list = await entries();
    expect(list).toHaveLength(7 + 7 + 7 + 2);
    expect(list.filter((entry) => entry.virtual)).toHaveLength(21);
    const wednesdayBrief = list.find(
      (entry) => entry.title === '每日早报' && entry.localDate === '2026-11-25',
    )!;
    expect(wednesdayBrief).toMatchObject({
      id: briefSeries.id,
      seriesId: briefSeries.id,
      occurrenceDate: '2026-11-25',
      virtual: true,
      color: 'yellow',
    });
    // Before "now" (Wed noon Beijing) and not sent: overdue. The afternoon topics are not.
    expect(wednesdayBrief.overdue).toBe(true);
    expect(
      list.find((entry) => entry.title === '午间话题 A' && entry.localDate === '2026-11-25')!.overdue,
    ).toBe(false);
    // The tutorial with text starts as a draft, the other as an idea.
    expect(list.filter((entry) => entry.contentType === 'tutorial').map((entry) => entry.status)).toEqual([
      'draft',
      'idea',
    ]);
  });

  it('lists entries per group or across groups, by local date on the group clock', async () => {
    // Sunday 29 Nov 23:30 in Beijing is 15:30 UTC: it belongs to this week, not the next.
    await save({
      groupId: otherGroupId,
      title: '周日夜场',
      contentType: 'limited_event',
      startsAt: '2026-11-29T15:30:00Z',
    });
    const other = await entries({ ...week, groupId: otherGroupId });
    expect(other.map((entry) => [entry.title, entry.localDate, entry.localTime])).toEqual([
      ['周日夜场', '2026-11-29', '23:30'],
    ]);
    expect(await entries({ from: '2026-11-30', to: '2026-12-06', groupId: otherGroupId })).toEqual([]);
    const all = await entries({ from: '2026-11-29', to: '2026-11-29' });
    expect(new Set(all.map((entry) => entry.groupName))).toEqual(new Set(['读书会一群', '新品体验群']));
  });

  it('skips and restores one occurrence, with the gap showing in between', async () => {
    const topicA = (await entries()).find((entry) => entry.title === '午间话题 A')!;
    const skipped = value<CalendarItem>(
      await call('calendar.skipOccurrence', { id: topicA.id, occurrenceDate: '2026-11-25' }),
    );
    expect(skipped.exceptions).toEqual(['2026-11-25']);
    expect(await gapTexts()).toContain('周三 14:00 互动话题未安排');
    expect(
      await call('calendar.skipOccurrence', { id: topicA.id, occurrenceDate: '2026-11-25' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'calendar.errors.noSuchOccurrence' },
    });
    expect(
      await call('calendar.skipOccurrence', { id: topicA.id, occurrenceDate: '2026-12-01' }),
    ).toMatchObject({ ok: false }); // after COUNT ends
    value(await call('calendar.restoreOccurrence', { id: topicA.id, occurrenceDate: '2026-11-25' }));
    expect(await gapTexts()).not.toContain('周三 14:00 互动话题未安排');
  });

  it('moves one occurrence of a series on its own, and refuses illegal status changes clearly', async () => {
    const moved = value<CalendarItem>(
      await call('calendar.move', {
        id: briefSeries.id,
        occurrenceDate: '2026-11-26',
        startsAt: at('2026-11-26', '08:10'),
      }),
    );
    expect(moved).toMatchObject({
      seriesId: briefSeries.id,
      occurrenceDate: '2026-11-26',
      localTime: '08:10',
      status: 'idea',
    });
    const thursday = (await entries()).filter(
      (entry) => entry.title === '每日早报' && entry.localDate === '2026-11-26',
    );
    expect(thursday).toEqual([
      expect.objectContaining({ id: moved.id, virtual: false, key: `item:${moved.id}` }),
    ]);

    const illegal = await call('drafts.transition', {
      id: briefSeries.id,
      occurrenceDate: '2026-11-27',
      to: 'approved',
    });
    expect(illegal).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'calendar.errors.illegalTransition.approved',
        params: {
          from: 'idea',
          to: 'approved',
          fromKey: 'calendar.statuses.idea',
          toKey: 'calendar.statuses.approved',
        },
      },
    });
    // The UI shows the statuses by name, not by code.
    const { message, params } = (illegal as { error: { message: string; params: Record<string, string> } })
      .error;
    expect(describeMessage({ messageKey: message, params }, zh)).toBe(
      '只有待审核的内容可以通过审核（当前：想法）',
    );
    expect(describeMessage({ messageKey: message, params }, (key, p) => translate('en', key, p))).toBe(
      'Only an entry in review can be approved (now: Idea).',
    );
    // The failed attempt stored nothing: the transaction rolled back the materialised occurrence.
    expect(
      (await entries()).find((entry) => entry.title === '每日早报' && entry.localDate === '2026-11-27')!
        .virtual,
    ).toBe(true);
  });

  it('walks a draft to approval; a high-severity hit blocks it unless overridden with a reason', async () => {
    const item = await save({
      title: '限时福利',
      contentType: 'limited_event',
      startsAt: at('2026-11-28', '20:00'),
      body: '今晚八点开抢，想要资料的朋友加微信 🎁',
      attachments: ['海报.png', '规则说明.pdf'],
      channel: 'wecom_group_mass',
    });
    expect(item.status).toBe('draft');
    value(await call('drafts.transition', { id: item.id, to: 'review' }));
    const blocked = await call('drafts.transition', { id: item.id, to: 'approved' });
    expect(blocked).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'calendar.errors.sensitiveBlocked',
        params: { count: 1, words: '加微信', categories: 'ads' },
      },
    });
    expect(zh('calendar.errors.sensitiveBlocked', { count: 1, words: '加微信', categories: 'ads' })).toBe(
      '草稿含 1 处高风险敏感词（加微信），不能通过审核；确需发布请填写放行理由',
    );
    const approved = value<CalendarItem>(
      await call('drafts.transition', {
        id: item.id,
        to: 'approved',
        overrideReason: '客服号已报备，可以放行',
      }),
    );
    expect(approved).toMatchObject({
      status: 'approved',
      statusChangedBy: 'local',
      statusChangedAt: '2026-11-25T04:00:00.000Z',
    });
    const detail = value<CalendarItemDetail>(await call('calendar.get', { id: item.id }));
    expect(
      detail.history.map((change) => [change.from, change.to, change.overrideReason, change.highHits]),
    ).toEqual([
      [null, 'draft', null, 0],
      ['draft', 'review', null, 0],
      ['review', 'approved', '客服号已报备，可以放行', 1],
    ]);
    expect(detail.attachments).toEqual(['海报.png', '规则说明.pdf']);
    const audit = value<Page<AuditEntry>>(await call('audit.list', { limit: 5 }));
    const transition = audit.rows.find(
      (row) => row.action === 'transition' && row.entityId === String(item.id),
    )!;
    expect(JSON.parse(transition.detail!)).toMatchObject({
      from: 'review',
      to: 'approved',
      overrideReason: '客服号已报备，可以放行',
      highHits: 1,
    });
  });

  it('marks an approved entry sent (time and sender), then refuses changes to it', async () => {
    const item = (await entries()).find((entry) => entry.title === '限时福利')!;
    const sent = value<CalendarItem>(
      await call('drafts.markSent', { id: item.id, sentAt: at('2026-11-28', '20:02'), sentBy: '小周' }),
    );
    expect(sent).toMatchObject({ status: 'sent', sentAt: '2026-11-28T12:02:00.000Z', sentBy: '小周' });
    expect(await call('drafts.markSent', { id: item.id })).toMatchObject({
      ok: false,
      error: { message: 'calendar.errors.illegalTransition.sent' },
    });
    expect(await call('drafts.transition', { id: item.id, to: 'draft' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await call('calendar.move', { id: item.id, startsAt: at('2026-11-29', '20:00') })).toMatchObject({
      ok: false,
      error: { message: 'calendar.errors.alreadySent' },
    });
    expect(await call('drafts.markSent', { id: briefSeries.id })).toMatchObject({
      ok: false,
      error: { message: 'calendar.errors.occurrenceRequired' },
    });
    expect((await entries()).find((entry) => entry.title === '限时福利')!.overdue).toBe(false);
  });

  it('sends an approved draft back to draft when its text changes', async () => {
    const item = await save({
      title: '周五教程',
      contentType: 'tutorial',
      startsAt: at('2026-11-27', '10:00'),
      body: '初稿',
    });
    value(await call('drafts.transition', { id: item.id, to: 'review' }));
    value(await call('drafts.transition', { id: item.id, to: 'approved' }));
    const edited = await save({
      id: item.id,
      title: '周五教程',
      contentType: 'tutorial',
      startsAt: at('2026-11-27', '10:00'),
      body: '改过的稿子',
    });
    expect(edited.status).toBe('draft');
    const detail = value<CalendarItemDetail>(await call('calendar.get', { id: item.id }));
    expect(detail.history.at(-1)).toMatchObject({ from: 'approved', to: 'draft', reason: 'edited' });
    expect(await gapTexts()).toEqual([]); // the third tutorial and the event are in: the week is full
  });

  it('moves a whole series, its skipped dates with it, and deletes occurrences by skipping them', async () => {
    const weekly = await save({
      title: '周会纪要',
      contentType: 'announcement',
      startsAt: at('2026-11-02', '09:00'),
      recurrence: { freq: 'weekly', byWeekday: [1], end: { kind: 'count', count: 6 } },
    });
    value(await call('calendar.skipOccurrence', { id: weekly.id, occurrenceDate: '2026-11-16' }));
    const moved = value<CalendarItem>(
      await call('calendar.move', { id: weekly.id, startsAt: at('2026-11-03', '09:30') }),
    );
    expect(moved.recurrence).toMatchObject({ byWeekday: [2] });
    expect(moved.exceptions).toEqual(['2026-11-17']);
    const dates = (await entries({ from: '2026-11-01', to: '2026-12-31', groupId }))
      .filter((entry) => entry.title === '周会纪要')
      .map((entry) => `${entry.localDate} ${entry.localTime}`);
    expect(dates).toEqual([
      '2026-11-03 09:30',
      '2026-11-10 09:30',
      '2026-11-24 09:30',
      '2026-12-01 09:30',
      '2026-12-08 09:30',
    ]);

    value(await call('calendar.delete', { id: weekly.id, occurrenceDate: '2026-12-01' }));
    const edited = value<CalendarItem>(
      await call('calendar.move', {
        id: weekly.id,
        occurrenceDate: '2026-11-10',
        startsAt: at('2026-11-11', '09:30'),
      }),
    );
    value(await call('calendar.delete', { id: edited.id }));
    expect(value<CalendarItem>(await call('calendar.get', { id: weekly.id })).exceptions).toEqual([
      '2026-11-10',
      '2026-11-17',
      '2026-12-01',
    ]);
    value(await call('calendar.delete', { id: weekly.id }));
    expect(await call('calendar.get', { id: weekly.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'calendar.errors.itemNotFound' },
    });
  });

  it('moves a series to another group with its edited occurrences', async () => {
    const input = {
      title: '晚安语录',
      contentType: 'other',
      startsAt: at('2026-12-07', '22:00'),
      recurrence: { freq: 'daily', end: { kind: 'count', count: 3 } },
    };
    const series = await save(input);
    value(
      await call('calendar.move', {
        id: series.id,
        occurrenceDate: '2026-12-08',
        startsAt: at('2026-12-08', '22:15'),
      }),
    );
    value(await call('calendar.save', { ...input, id: series.id, groupId: otherGroupId }));
    const moved = await entries({ from: '2026-12-07', to: '2026-12-09', groupId: otherGroupId });
    expect(moved.map((entry) => [entry.localDate, entry.localTime, entry.virtual])).toEqual([
      ['2026-12-07', '22:00', true],
      ['2026-12-08', '22:15', false],
      ['2026-12-09', '22:00', true],
    ]);
    value(await call('calendar.delete', { id: series.id }));
    expect(await entries({ from: '2026-12-07', to: '2026-12-09', groupId: otherGroupId })).toEqual([]);
  });

  it('warns about WeCom caps, configurable', async () => {
    expect(value(await call('calendar.caps'))).toEqual({ customerMassPerDay: 1, groupMassPerMonth: null });
    await save({
      title: '客户群发一',
      contentType: 'announcement',
      channel: 'wecom_customer_mass',
      startsAt: at('2026-11-24', '09:00'),
    });
    await save({
      groupId: otherGroupId,
      title: '客户群发二',
      contentType: 'announcement',
      channel: 'wecom_customer_mass',
      startsAt: at('2026-11-24', '21:00'),
    });
    let report = value<CapReport>(await call('calendar.capWarnings', week));
    expect(
      report.warnings.map((warning) => [warning.kind, warning.date, warning.planned, warning.cap]),
    ).toEqual([['customerDaily', '2026-11-24', 2, 1]]);
    value(await call('calendar.updateCaps', { groupMassPerMonth: 0 }));
    report = value<CapReport>(await call('calendar.capWarnings', week));
    expect(report.warnings.find((warning) => warning.kind === 'groupMonthly')).toMatchObject({
      groupId,
      planned: 1,
      cap: 0,
      date: '2026-11-01',
    });
    expect(
      describeMessage(
        report.warnings.find((warning) => warning.kind === 'groupMonthly')!,
        zh,
      ),
    ).toContain('「读书会一群」2026年11月');
    value(await call('calendar.updateCaps', { groupMassPerMonth: null }));
  });

  it('plans activities with their template defaults; they fill activity cadence slots', async () => {
    const templates = value<{ kind: string }[]>(await call('activities.templates'));
    expect(templates.map((template) => template.kind)).toEqual([
      'quiz',
      'flash_sale',
      'salon',
      'points_redemption',
      'checkin_challenge',
    ]);
    value(await call('cadence.applyTemplate', { groupId, template: 'activities', mode: 'merge' }));
    expect(value<CadenceSettings>(await call('cadence.get', { groupId })).rules).toHaveLength(8);
    value(await call('cadence.applyTemplate', { groupId, template: 'operations', mode: 'merge' }));
    expect(value<CadenceSettings>(await call('cadence.get', { groupId })).rules).toHaveLength(8);
    expect(await gapTexts()).toEqual(['本周缺 2 场拼团秒杀', '本月缺 1 次积分兑换']);

    const sale = value<Activity>(
      await call('activities.save', {
        groupId,
        kind: 'flash_sale',
        title: '周二拼团',
        startsAt: at('2026-11-24', '20:00'),
        budgetCents: 50_000,
      }),
    );
    expect(sale).toMatchObject({
      goal: 'conversion',
      endsAt: '2026-11-24T13:00:00.000Z',
      localTime: '20:00',
      color: 'orange',
      rewardLadder: [],
    });
    expect(await gapTexts()).toEqual(['本周缺 1 场拼团秒杀', '本月缺 1 次积分兑换']);
    const listed = value<Activity[]>(await call('activities.list', { from: '2026-11-24', to: '2026-11-24' }));
    expect(listed.map((activity) => activity.id)).toEqual([sale.id]);
    expect(value<Activity[]>(await call('activities.list', { from: '2026-11-25' }))).toEqual([]);
  });

  it('records check-ins on the group clock and computes streaks with the 7-day unlock', async () => {
    const challenge = value<Activity>(
      await call('activities.save', {
        groupId,
        kind: 'checkin_challenge',
        title: '21 天读书打卡',
        startsAt: at('2026-11-01', '00:00'),
      }),
    );
    expect(challenge).toMatchObject({
      goal: 'engagement',
      rewardLadder: [3, 7, 21],
      endsAt: '2026-11-21T16:00:00.000Z',
    });
    const days = (from: number, count: number, time: string) =>
      Array.from({ length: count }, (_, index) =>
        at(`2026-11-${String(from + index).padStart(2, '0')}`, time),
      );
    const entriesToRecord = [
      ...days(1, 7, '23:30').map((when) => ({ participant: '小林', at: when })),
      ...[...days(1, 4, '07:00'), ...days(6, 2, '07:00')].map((when) => ({ participant: '阿美', at: when })),
      { participant: '阿美', at: at('2026-11-07', '07:00') },
    ];
    expect(
      value(await call('checkins.record', { activityId: challenge.id, entries: entriesToRecord })),
    ).toEqual({ added: 13, duplicates: 1 });
    const outside = await call('checkins.record', {
      activityId: challenge.id,
      entries: [{ participant: '小林', at: at('2026-11-25', '08:00') }],
    });
    expect(outside).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'calendar.errors.checkInOutsideActivity' },
    });

    const report = value<StreakReport>(await call('checkins.streaks', { activityId: challenge.id }));
    expect(report.asOf).toBe('2026-11-22'); // the challenge is over: its last local day
    const streaks = value<StreakReport>(
      await call('checkins.streaks', { activityId: challenge.id, asOf: '2026-11-07' }),
    ).participants;
    expect(
      streaks.map((row) => [
        row.participant,
        row.current,
        row.longest,
        row.unlocked.map((unlock) => unlock.threshold),
      ]),
    ).toEqual([
      ['小林', 7, 7, [3, 7]],
      ['阿美', 2, 4, [3]],
    ]);
    expect(streaks[0]!.unlocked.at(-1)).toEqual({ threshold: 7, on: '2026-11-07' });
    const list = value<{ id: number; localDate: string }[]>(
      await call('checkins.list', { activityId: challenge.id }),
    );
    expect(list[0]!.localDate).toBe('2026-11-01');
    value(await call('checkins.remove', { id: list[0]!.id }));
    expect(value<Activity>(await call('activities.get', { id: challenge.id })).checkInCount).toBe(12);
  });

  it('audits every kind of change', async () => {
    const audit = value<Page<AuditEntry>>(await call('audit.list', { limit: 500 }));
    const seen = new Set(audit.rows.map((row) => `${row.entity}:${row.action}`));
    for (const expected of [
      'calendar_item:create',
      'calendar_item:update',
      'calendar_item:move',
      'calendar_item:delete',
      'calendar_item:skipOccurrence',
      'calendar_item:restoreOccurrence',
      'calendar_item:createOccurrence',
      'calendar_item:transition',
      'calendar_item:markSent',
      'cadence:applyTemplate',
      'calendar_caps:update',
      'activity:create',
      'checkin:record',
      'checkin:delete',
    ]) {
      expect(seen, expected).toContain(expected);
    }
  });

  it('validates input: ranges, instants with an offset, rules', async () => {
    const backwards = await call('calendar.items', { from: '2026-11-29', to: '2026-11-23' });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await call('calendar.gaps', { from: '2026-01-01', to: '2027-12-31' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call('calendar.items', { from: '2026-02-30', to: '2026-03-01' })).toMatchObject({
      ok: false,
    });
    expect(
      await call('calendar.save', {
        groupId,
        title: 'x',
        contentType: 'tutorial',
        startsAt: '2026-11-23 10:00',
      }),
    ).toMatchObject({ ok: false });
    expect(
      await call('cadence.update', {
        groupId,
        rules: [
          { contentType: 'tutorial', period: 'week', timesPerPeriod: 3, windowStart: 660, windowEnd: 600 },
        ],
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(
      await call('calendar.save', {
        groupId,
        title: '倒着的重复',
        contentType: 'tutorial',
        startsAt: at('2026-11-23', '10:00'),
        recurrence: { freq: 'daily', end: { kind: 'until', until: '2026-11-01' } },
      }),
    ).toMatchObject({ ok: false, error: { message: 'calendar.errors.untilBeforeStart' } });
  });

  it('changes the group zone: the same instants land on other local days', async () => {
    const before = (await entries({ from: '2026-11-29', to: '2026-11-29', groupId: otherGroupId })).map(
      (entry) => entry.title,
    );
    expect(before).toEqual(['周日夜场']);
    value(await call('cadence.update', { groupId: otherGroupId, utcOffsetMinutes: 0, rules: [] }));
    const after = await entries({ from: '2026-11-29', to: '2026-11-29', groupId: otherGroupId });
    expect(after.map((entry) => [entry.title, entry.localTime])).toEqual([['周日夜场', '15:30']]);
    value(await call('cadence.update', { groupId: otherGroupId, utcOffsetMinutes: -300, rules: [] }));
    expect(await entries({ from: '2026-11-29', to: '2026-11-29', groupId: otherGroupId })).toMatchObject([
      { localTime: '10:30' },
    ]);
  });

  it('deleting a group removes its calendar', async () => {
    value(await call('groups.delete', { id: otherGroupId }));
    expect(
      (await entries({ from: '2026-11-01', to: '2026-12-31' })).some(
        (entry) => entry.groupId === otherGroupId,
      ),
    ).toBe(false);
  });
});
