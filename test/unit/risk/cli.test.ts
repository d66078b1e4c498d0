import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../../electron/main/cli/context';
import { listsCommand, scanCommand } from '../../../electron/main/cli/commands/risk';
import type { RiskScanResult } from '../../../shared/ipc/channels/risk';
import { runCliAsync, type CliResult } from '../../support/cli';
import { makeTempDir, openTestBackend } from '../../support/tempWorkspace';
import { seedWorkspace } from './fixtures';

const temp = makeTempDir('qundesk-risk-cli-');
afterAll(() => temp.remove());

/** Runs the CLI on a workspace of its own per test, so the tests can run side by side. */
function cliIn(workspace: string, ...args: string[]): Promise<CliResult> {
  return runCliAsync(args, { configDir: join(temp.dir, 'config'), workspace: join(temp.dir, workspace) });
}

interface CliHit {
  start: number;
  end: number;
  text: string;
  word: string;
  category: string;
  severity: string;
  rule: string;
}

// The CLI as a process (a second or so to start each); the two tests run side by side.
describe.concurrent('risk CLI', () => {
  it('check --json with list files: every hit, nested ones too, with offsets into the text', async () => {
    const cli = (...args: string[]) => cliIn('check-files', ...args);
    const list = join(temp.dir, 'words.txt');
    writeFileSync(list, '# category: privacy\n微信号码\n信号\n');
    const csv = join(temp.dir, 'more.csv');
    writeFileSync(csv, 'word,category,severity,options\n微信,ads,high,pinyin\n');
    const text = '你的微信号多少？加 weixin 聊';
    const result = await cli('check', text, '--list', list, '--list', csv, '--no-detectors', '--json');
    expect(result.code, result.stderr).toBe(0);
    const { hits } = JSON.parse(result.stdout) as { hits: CliHit[] };
    expect(hits.map((hit) => [hit.text, hit.word, hit.category, hit.rule])).toEqual([
      ['微信', '微信', 'ads', 'literal'],
      ['信号', '信号', 'privacy', 'literal'],
      ['weixin', '微信', 'ads', 'pinyin'],
    ]);
    for (const hit of hits) expect(text.slice(hit.start, hit.end)).toBe(hit.text);
    expect(Object.keys(hits[0]!)).toEqual(
      expect.arrayContaining(['start', 'end', 'text', 'word', 'category', 'severity', 'rule']),
    );
  });

  it('check without lists uses the workspace lists and the detectors; a bad list file fails clearly', async () => {
    const cli = (...args: string[]) => cliIn('check-workspace', ...args);
    const result = await cli('check', '加我微信，电话 138 1234 5678', '--json');
    expect(result.code, result.stderr).toBe(0);
    const { hits } = JSON.parse(result.stdout) as { hits: CliHit[] };
    expect(hits.map((hit) => hit.category)).toEqual(['ads', 'privacy']);
    expect(hits[1]).toMatchObject({ rule: 'detector', word: '13812345678' });

    const bad = join(temp.dir, 'bad.csv');
    writeFileSync(bad, 'word,category\n好词,奇怪分类\n');
    const failed = await cli('check', '好词', '--list', bad, '--json', '--lang', 'en');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      error: { code: 'BAD_FILE', message: 'sensitive.errors.unknownCategory' },
    });
    expect(failed.stderr).toContain('Unknown category “奇怪分类” on line 2.');
  });
});

/** A command run in-process, as `main` runs it: the result object is what `--json` prints. */
function inProcess(workspace: string, args: string[]) {
  const lines: string[] = [];
  const context = createCliContext({
    workspaceDir: workspace,
    json: true,
    locale: 'zh-CN',
    args,
    out: (text) => lines.push(text),
    openBackend: () => openTestBackend(workspace, join(temp.dir, 'in-process-settings.json')),
  });
  return { context, lines };
}

describe('risk CLI commands', () => {
  it('scan counts hits by category, then finds nothing new; lists export and import', async () => {
    const workspace = join(temp.dir, 'scan');
    const seed = inProcess(workspace, []).context.openBackend();
    seedWorkspace(seed.context.db);
    await seed.close();

    const first = (await scanCommand.run(inProcess(workspace, []).context)) as RiskScanResult;
    expect(first.scanned).toBeGreaterThan(10);
    expect(first.byCategory).toMatchObject({ scam: 2, complaint: 3, privacy: 1, abuse: 1 });
    const second = (await scanCommand.run(inProcess(workspace, []).context)) as RiskScanResult;
    expect(second.scanned).toBe(0);

    const out = join(temp.dir, 'complaint.csv');
    const exported = await listsCommand.run(
      inProcess(workspace, ['export', '投诉客诉', '--out', out]).context,
    );
    expect(exported).toMatchObject({ format: 'csv', path: out });
    const content = readFileSync(out, 'utf8');
    expect(content).toContain('# name: 投诉客诉');
    writeFileSync(out, content.replace('# name: 投诉客诉', '# name: 投诉副本'));
    const imported = await listsCommand.run(inProcess(workspace, ['import', out]).context);
    expect(imported).toMatchObject({ name: '投诉副本', origin: 'user', version: 1 });
    const listed = inProcess(workspace, ['list']);
    await listsCommand.run(listed.context);
    expect(listed.lines.some((line) => line.includes('投诉副本'))).toBe(true);
    await expect(
      listsCommand.run(inProcess(workspace, ['export', '没有这个词表']).context),
    ).rejects.toMatchObject({
      messageKey: 'risk.errors.listNameNotFound',
      params: { name: '没有这个词表' },
    });
    await expect(listsCommand.run(inProcess(workspace, ['rename']).context)).rejects.toMatchObject({
      messageKey: 'risk.cli.usage',
    });
  });
});
