import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../electron/main/backend';
import { calendarCommand } from '../../../electron/main/cli/commands/calendar';
import { createCliContext } from '../../../electron/main/cli/context';
import { JsonFileSettingsStore } from '../../../electron/main/services/settings';
import type { CalendarEntry, GapReportView } from '../../../shared/domain/calendar/types';
import { makeTempDir, makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { beijingTime as at } from './fixtures';

const root = new URL('../../../', import.meta.url).pathname;

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
    await backend.close();
  });

  function run(args: string[], json = true) {
    const lines: string[] = [];
    const context = createCliContext({
      workspaceDir,
      json,
      locale: 'zh-CN',
      args,
      out: (text) => lines.push(text),
      openBackend: () =>
        createBackend({
          workspaceDir,
          settings: new JsonFileSettingsStore(join(temp.dir, 'settings.json')),
          appVersion: '0.0.0-test',
          jobs: { mode: 'in-process' },
          logError: () => {},
        }),
    });
    return { result: calendarCommand.run(context), lines };
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

  it('is wired into the real CLI with --json', () => {
    const spawned = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [
        join(root, 'electron/main/cli/index.ts'),
        'calendar',
        'gaps',
        '--workspace',
        workspaceDir,
        '--group',
        '读书会一群',
        '--week',
        '2026-11-23',
        '--json',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, XDG_CONFIG_HOME: join(temp.dir, 'config'), QUNDESK_DATA_DIR: '' },
        timeout: 60_000,
      },
    );
    expect(spawned.status, spawned.stderr).toBe(0);
    const report = JSON.parse(spawned.stdout) as GapReportView;
    expect(report.groups[0]!.gaps.filter((gap) => gap.contentType === 'tutorial')).toEqual([
      expect.objectContaining({ kind: 'period', missing: 2, messageKey: 'calendar.gaps.periodShort' }),
    ]);
  }, 60_000);
});
