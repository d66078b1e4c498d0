/** `stats`: every metric with value, band and threshold, on the hand-made workspace of fixtures.ts. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsCommand } from '../../../electron/main/cli/commands/health';
import { createCliContext } from '../../../electron/main/cli/context';
import type { StatsReport } from '../../../electron/main/services/healthStats';
import { AppError } from '../../../shared/ipc/errors';
import { runCli } from '../../support/cli';
import { makeTempDir, openTestBackend } from '../../support/tempWorkspace';
import { at, seedHealth } from './fixtures';

const temp = makeTempDir('qundesk-health-cli-');
const workspaceDir = join(temp.dir, 'ws');

function openBackend() {
  return openTestBackend(workspaceDir, join(temp.dir, 'settings.json'), { now: () => at('2024-06-01') });
}

/** Runs the command in-process (as the CLI's main would) and returns its result and printed lines. */
async function stats(args: string[], json = true): Promise<{ report: StatsReport; lines: string[] }> {
  const lines: string[] = [];
  const context = createCliContext({
    workspaceDir,
    json,
    locale: 'zh-CN',
    args,
    out: (text) => lines.push(text),
    openBackend,
  });
  return { report: (await statsCommand.run(context)) as StatsReport, lines };
}

beforeAll(async () => {
  const backend = openBackend();
  const { groups } = seedHealth(backend.context.db);
  // 03-02 in 读书会: A C D E G there (B joins 03-03), 2 conversions entered.
  backend.context.db
    .prepare(
      `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, conversions, created_at, updated_at)
       VALUES (?, 'salon', '读书沙龙', 'conversion', ?, ?, 2, 0, 0)`,
    )
    .run(groups.reading, at('2024-03-02', '10:00'), at('2024-03-02', '12:00'));
  await backend.close();
});
afterAll(() => temp.remove());

describe('stats', () => {
  it('reports one group with the value, band and threshold of every metric', async () => {
    const { report } = await stats(['--group', '读书会', '--from', '2024-03-01', '--to', '2024-03-07']);
    expect(report.range).toEqual({ from: '2024-03-01', to: '2024-03-07', days: 7 });
    expect(report.scopes).toHaveLength(1);
    const scope = report.scopes[0]!;
    expect(scope.groupName).toBe('读书会');
    const metric = (id: string) => scope.metrics.find((item) => item.metric === id)!;
    expect(metric('dailyActivityRate')).toMatchObject({
      value: 7 / 38,
      numerator: 7,
      denominator: 38,
      band: 'green',
      threshold: { amber: 0.1, red: 0.05, source: 'default' },
    });
    expect(metric('retention30')).toMatchObject({
      value: 0.5,
      band: 'red',
      threshold: { amber: 0.8, red: 0.6 },
    });
    // The activity of 03-02 10:00 found D (last spoke 01-15) and E (never spoke) silent; D spoke 03-06, within 14 days.
    // A and C had spoken, F had left, G had joined 25 days before, B not yet.
    expect(metric('silentWakeUpRate')).toMatchObject({
      value: 0.5,
      numerator: 1,
      denominator: 2,
      band: 'green',
      threshold: { amber: 0.05, red: 0.02, source: 'default' },
    });
    expect(report.wakeSettings).toEqual({ silenceDays: 30, responseDays: 14 });
    expect(metric('complaintRate')).toMatchObject({ value: null, status: 'noScan', band: null });
    expect(metric('memberCount')).toMatchObject({ value: 5, threshold: null, band: null });
    expect(scope.status).toBe('red');
    // B joined 03-03, C left 03-05: one in, one out, five at either end.
    expect(scope.growth).toEqual({ joins: 1, leaves: 1, net: 0, sizeAtStart: 5, sizeAtEnd: 5 });
    expect(scope.speakers).toEqual({ newSpeakerDays: 1, returningSpeakerDays: 6, messages: 8 });
    expect(scope.channels).toEqual([{ channel: 'referral', joined: 1, members: 5 }]);
    expect(scope.kinds).toEqual([
      { kind: 'text', messages: 7 },
      { kind: 'image', messages: 1 },
    ]);
    expect(scope.topMembers[0]).toMatchObject({ name: '成员A', messages: 3 });
    expect(scope.tiers.map((tiers) => tiers.groupName)).toEqual(['读书会']);
  });

  it('adds all groups together after each group, with the workspace thresholds', async () => {
    const { report, lines } = await stats(['--from', '2024-03-01', '--to', '2024-03-07'], false);
    expect(report.scopes.map((scope) => scope.groupName)).toEqual(['读书会', '夜跑团', null]);
    const all = report.scopes[2]!;
    // 8 active member-days (A in both groups on 03-01) of 38 + 14 present member-days (夜跑团: A and H all week).
    expect(all.metrics.find((item) => item.metric === 'dailyActivityRate')).toMatchObject({
      numerator: 8,
      denominator: 52,
      threshold: { source: 'default' },
    });
    expect(lines[0]).toBe('2024-03-01 至 2024-03-07（7 天，北京时间）');
    expect(lines[1]).toBe('沉默唤醒：沉默 30 天的成员被定向动作触达后 14 天内重新发言');
    expect(lines.some((line) => line.startsWith('全部群组 · '))).toBe(true);
    expect(
      lines.some((line) => /日活跃率.*18\.4%\s+健康\s+关注 10\.0% · 预警 5\.0%（默认）/.test(line)),
    ).toBe(true);
    // The activity under its group and again under all groups, with its band.
    expect(
      lines.filter((line) => line === '  活动 2024-03-02「读书沙龙」：转化 2 / 触达 5 = 40.0% · 健康'),
    ).toHaveLength(2);
    expect(all.conversions).toMatchObject([{ title: '读书沙龙', reached: 5, converted: 2, rate: 0.4 }]);
  });

  it('refuses a bad date, a reversed range and an unknown group', async () => {
    await expect(stats(['--from', '2024-02-30'])).rejects.toMatchObject({ messageKey: 'health.cli.badDate' });
    await expect(stats(['--to', '2024-13-01'])).rejects.toMatchObject({ messageKey: 'health.cli.badDate' });
    await expect(stats(['--from', '2024-03-08', '--to', '2024-03-01'])).rejects.toMatchObject({
      messageKey: 'health.errors.rangeOrder',
    });
    await expect(stats(['--group', '没有这个群'])).rejects.toBeInstanceOf(AppError);
  });

  it('is registered with the CLI and prints JSON', () => {
    const result = runCli(['stats', '--workspace', workspaceDir, '--to', '2024-03-07', '--json'], {
      configDir: join(temp.dir, 'config'),
    });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StatsReport;
    expect(report.range).toEqual({ from: '2024-02-07', to: '2024-03-07', days: 30 });
    expect(report.scopes).toHaveLength(3);
  }, 60_000);
});
