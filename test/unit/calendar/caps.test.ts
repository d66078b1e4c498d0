import { describe, expect, it } from 'vitest';
import {
  capExtent,
  capWarnings,
  defaultCapSettings,
  groupMassCapFor,
  type CapEntry,
} from '../../../shared/domain/calendar/caps';
import { datesBetween, toInstant } from '../../../shared/domain/calendar/localTime';
import { describeMessage } from '../../../shared/domain/calendar/messages';
import { translate } from '../../../shared/i18n';

const beijing = 480;
const groupSends = (groupId: number, dates: string[]): CapEntry[] =>
  dates.map((date, index) => ({
    key: `g${groupId}-${index}`,
    groupId,
    channel: 'wecom_group_mass',
    startsAt: toInstant(date, 20 * 60, beijing),
    utcOffsetMinutes: beijing,
  }));

describe('WeCom caps', () => {
  it.each([
    [2026, 2, 28],
    [2028, 2, 29],
    [2100, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('a group may get as many group mass messages in %i-%i as it has days (%i)', (year, month, days) => {
    expect(groupMassCapFor(defaultCapSettings, year, month)).toBe(days);
    expect(groupMassCapFor({ ...defaultCapSettings, groupMassPerMonth: 10 }, year, month)).toBe(10);
  });

  it('warns when February of a common year gets a message every day plus one, not in a leap year', () => {
    const february = datesBetween('2026-02-01', '2026-02-28');
    const common = capWarnings(groupSends(1, [...february, '2026-02-14']), defaultCapSettings, {
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(common).toHaveLength(1);
    expect(common[0]).toMatchObject({
      kind: 'groupMonthly',
      groupId: 1,
      planned: 29,
      cap: 28,
      date: '2026-02-01',
    });

    const leap = datesBetween('2028-02-01', '2028-02-29');
    expect(
      capWarnings(groupSends(1, leap), defaultCapSettings, { from: '2028-02-01', to: '2028-02-29' }),
    ).toEqual([]);
    expect(
      capWarnings(groupSends(1, [...leap, '2028-02-29']), defaultCapSettings, {
        from: '2028-02-01',
        to: '2028-02-29',
      }),
    ).toHaveLength(1);
  });

  it('counts each group separately and honours a configured cap', () => {
    const entries = [
      ...groupSends(1, ['2026-11-02', '2026-11-03', '2026-11-04']),
      ...groupSends(2, ['2026-11-02']),
    ];
    const settings = { ...defaultCapSettings, groupMassPerMonth: 2 };
    const warnings = capWarnings(
      entries,
      settings,
      { from: '2026-11-23', to: '2026-11-29' },
      new Map([[1, '读书会一群']]),
    );
    expect(warnings.map((warning) => [warning.groupId, warning.planned, warning.cap])).toEqual([[1, 3, 2]]);
    expect(describeMessage(warnings[0]!, (key, params) => translate('zh-CN', key, params))).toBe(
      '「读书会一群」2026年11月计划了 3 次客户群群发，超过本月上限 2 次',
    );
  });

  it('counts months on the group clock: 1 March 00:30 Beijing is still February in UTC', () => {
    const entry: CapEntry = {
      key: 'edge',
      groupId: 1,
      channel: 'wecom_group_mass',
      startsAt: Date.parse('2026-02-28T16:30:00Z'),
      utcOffsetMinutes: beijing,
    };
    const february = groupSends(1, datesBetween('2026-02-01', '2026-02-28'));
    expect(
      capWarnings([...february, entry], defaultCapSettings, { from: '2026-02-01', to: '2026-03-31' }),
    ).toEqual([]);
    const utcFebruary = [...february, { ...entry, utcOffsetMinutes: 0 }];
    expect(
      capWarnings(utcFebruary, defaultCapSettings, { from: '2026-02-01', to: '2026-03-31' }),
    ).toHaveLength(1);
  });

  it('warns when two customer mass messages fall on one local day, across groups', () => {
    const entries: CapEntry[] = [
      {
        key: 'a',
        groupId: 1,
        channel: 'wecom_customer_mass',
        startsAt: toInstant('2026-11-25', 9 * 60, beijing),
        utcOffsetMinutes: beijing,
      },
      {
        key: 'b',
        groupId: 2,
        channel: 'wecom_customer_mass',
        startsAt: toInstant('2026-11-25', 23 * 60 + 30, beijing),
        utcOffsetMinutes: beijing,
      },
      {
        key: 'c',
        groupId: 2,
        channel: 'wecom_customer_mass',
        startsAt: toInstant('2026-11-26', 0, beijing),
        utcOffsetMinutes: beijing,
      },
      {
        key: 'd',
        groupId: 2,
        channel: 'manual',
        startsAt: toInstant('2026-11-26', 9 * 60, beijing),
        utcOffsetMinutes: beijing,
      },
    ];
    const warnings = capWarnings(entries, defaultCapSettings, { from: '2026-11-23', to: '2026-11-29' });
    expect(warnings).toEqual([
      expect.objectContaining({
        kind: 'customerDaily',
        date: '2026-11-25',
        planned: 2,
        cap: 1,
        entryKeys: ['a', 'b'],
        groupId: null,
      }),
    ]);
    expect(
      capWarnings(
        entries,
        { ...defaultCapSettings, customerMassPerDay: 2 },
        { from: '2026-11-23', to: '2026-11-29' },
      ),
    ).toEqual([]);
    // Days outside the asked range are not reported.
    expect(capWarnings(entries, defaultCapSettings, { from: '2026-11-26', to: '2026-11-29' })).toEqual([]);
  });

  it('widens a range to whole months', () => {
    expect(capExtent({ from: '2028-02-10', to: '2028-03-02' })).toEqual({
      from: '2028-02-01',
      to: '2028-03-31',
    });
  });
});
