import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';
import { activitiesCommand, calendarCommand } from '../../../electron/main/cli/commands/calendar';
import type { CliCommand } from '../../../electron/main/cli/context';
import { createCliContext } from '../../../electron/main/cli/context';
import type { ActivityReport, CalendarEntry, GapReportView } from '../../../shared/domain/calendar/types';
import { runCli } from '../../support/cli';
import {
  makeTempDir,
  makeTestBackend,
  trustAppOrigin,
  trustedSender,
  openTestBackend,
} from '../../support/tempWorkspace';
import { beijingTime as at } from './fixtures';

describe('calendar CLI', () => {
  const temp = makeTempDir('qundesk-calendar-cli-');
  const workspaceDir = join(temp.dir, 'workspace');
  afterAll(() => temp.remove());

  beforeAll(async () => {
    const backend = makeTestBackend({ workspaceDir });
    const dispatch = backend.createDispatch(trustAppOrigin);
    const call = async (channel: string, input: unknown) => {
      const result = await dispatch(channel, input, trustedSender);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value as { id: number };
    };
    const group = await call('groups.create', { name: '读书会一群', type: 'content' });
    await call('cadence.applyTemplate', { groupId: group.id, template: 'operations', mode: 'replace' });
    await call('calendar.save', {
      groupId: group.id,
      title: '每日早报',
      contentType: 'morning_brief',
      startsAt: at('2026-11-23', '07:40'),
      recurrence: { freq: 'daily', end: { kind: 'count', count: 7 } },
    });
    await call('calendar.save', {
      groupId: group.id,
      title: '周一教程',
      contentType: 'tutorial',
      startsAt: at('2026-11-23', '10:00'),
    });
    await call('activities.save', {
      groupId: group.id,
      kind: 'salon',
      title: '线上读书沙龙',
      startsAt: at('2026-11-21', '19:30'),
      budgetCents: 20_000,
    });
    await call('activities.recordResults', {
      id: 1,
      participantsEntered: 25,
      conversions: 5,
      spentCents: 15_000,
    });
    await backend.close();
  });

  function run(args: string[], json = true, command: CliCommand = calendarCommand) {
    const lines: string[] = [];
    const context = createCliContext({
      workspaceDir,
      json,
      locale: 'zh-CN',
      args,
      out: (text) => lines.push(text),
      openBackend: () => openTestBackend(workspaceDir, join(temp.dir, 'settings.json')),
    });
    return { result: command.run(context), lines };
  }

  it('calendar gaps --group --week reports the week around the given day', async () => {
    const { result, lines } = run(['gaps', '--group', '读书会一群', '--week', '2026-11-25'], false);
    const report = (await result) as GapReportView;
    expect(report.range).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(report).toMatchObject({ expected: 25, filled: 8, missing: 17 });
    const text = lines.join('\n');
    expect(text).toContain('2026-11-23 至 2026-11-29：应有 25 项，已安排 8 项，缺 17 项');
    expect(text).toContain('本周缺 2 篇干货教程');
    expect(text).toContain('周五 14:30 互动话题未安排');
  });

  it('calendar list --from --to lists the entries with series expanded', async () => {
    const { result, lines } = run(['list', '--from', '2026-11-23', '--to', '2026-11-24'], false);
    const { entries } = (await result) as { entries: CalendarEntry[] };
    expect(entries.map((entry) => `${entry.localDate} ${entry.localTime} ${entry.title}`)).toEqual([
      '2026-11-23 07:40 每日早报',
      '2026-11-23 10:00 周一教程',
      '2026-11-24 07:40 每日早报',
    ]);
    const printed = lines.join('\n').split('\n');
    expect(printed[0]).toBe('2026-11-23 至 2026-11-24 共 3 项');
    // "已逾期" is added once the real clock passes the entry.
    expect(printed[1]).toMatch(/^2026-11-23 07:40 {2}\[读书会一群\] 早报 · 每日早报 \(想法(, 已逾期)?\)$/);
  });

  it('refuses bad options with clear errors', async () => {
    await expect(run(['gaps', '--group', '没有这个群', '--week', '2026-11-25']).result).rejects.toMatchObject(
      {
        messageKey: 'calendar.errors.groupNotFound',
      },
    );
    await expect(run(['gaps', '--week', '2026-11-31']).result).rejects.toMatchObject({
      messageKey: 'calendar.errors.badDate',
    });
    await expect(run(['list', '--from', '2026-11-24', '--to', '2026-11-23']).result).rejects.toMatchObject({
      messageKey: 'calendar.errors.badRange',
    });
    await expect(run(['export']).result).rejects.toMatchObject({ messageKey: 'cli.errors.unknownCommand' });
  });

  it('calendar export-ics --out writes an iCalendar file; export-plan prints the week', async () => {
    const out = join(temp.dir, 'plan.ics');
    const { result, lines } = run(
      ['export-ics', '--group', '读书会一群', '--from', '2026-11-23', '--to', '2026-11-29', '--out', out],
      false,
    );
    expect(await result).toMatchObject({ fileName: 'qundesk-calendar-2026-11-23-2026-11-29.ics', path: out });
    // The daily brief as one series, the tutorial, the salon is on the 21st (outside the range).
    expect(lines).toEqual([`已导出 2 个日程到 ${out}`]);
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(out, 'utf8')));
    const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
    expect(events.map((event) => [event.summary, event.isRecurring()])).toEqual([
      ['周一教程', false],
      ['每日早报', true],
    ]);

    const plan = run(['export-plan', '--week', '2026-11-25'], false);
    await plan.result;
    const text = plan.lines.join('\n');
    expect(text.split('\n')[0]).toBe('# 内容周计划 · 2026-11-23 至 2026-11-29');
    expect(text).toContain('| 10:00 | 读书会一群 | 干货教程 | 周一教程 | 想法');
  });

  it('activities report <id> prints the post-event report', async () => {
    const { result, lines } = run(['report', '1'], false, activitiesCommand);
    const report = (await result) as ActivityReport;
    expect(report.row).toMatchObject({ participants: 25, conversions: 5, costPerParticipantCents: 600 });
    const text = lines.join('\n').split('\n');
    expect(text.slice(0, 6)).toEqual([
      '活动复盘：线上读书沙龙（读书会一群，2026-11-21）',
      '参与人数：25（手动填写）',
      '活动期间新入群：0 人',
      '活动期间消息 0 条，之前同样时长 0 条（之前没有消息，无从比较）',
      '转化：5，转化率 20%',
      '花费：¥150.00（实际花费），人均 ¥6.00',
    ]);
    expect(text).toContain('同类活动对比（1 场）：');
    await expect(run(['report', 'abc'], false, activitiesCommand).result).rejects.toMatchObject({
      messageKey: 'calendar.errors.badActivityId',
    });
    await expect(run(['report', '99'], false, activitiesCommand).result).rejects.toMatchObject({
      messageKey: 'calendar.errors.activityNotFound',
    });
  });

  /** The real CLI in a child process, as a script would run it; returns the parsed --json output. */
  function cliJson<T>(args: string[]): T {
    const spawned = runCli([...args, '--json'], {
      configDir: join(temp.dir, 'config'),
      workspace: workspaceDir,
    });
    expect(spawned.code, spawned.stderr).toBe(0);
    return JSON.parse(spawned.stdout) as T;
  }

  it('is wired into the real CLI with --json (calendar gaps, activities report)', () => {
    const gaps = cliJson<GapReportView>([
      'calendar',
      'gaps',
      '--group',
      '读书会一群',
      '--week',
      '2026-11-23',
    ]);
    expect(gaps.groups[0]!.gaps.filter((gap) => gap.contentType === 'tutorial')).toEqual([
      expect.objectContaining({ kind: 'period', missing: 2, messageKey: 'calendar.gaps.periodShort' }),
    ]);
    const report = cliJson<ActivityReport>(['activities', 'report', '1']);
    expect(report.activity.title).toBe('线上读书沙龙');
    expect(report.row).toMatchObject({ participants: 25, conversionRate: 0.2, costSource: 'spent' });
  }, 120_000);
});
