import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempWorkspace';

const temp = makeTempDir('qundesk-crisis-cli-');
afterAll(() => temp.remove());
const workspace = join(temp.dir, 'ws');

const cli = (...args: string[]) => runCli(args, { configDir: join(temp.dir, 'config'), workspace });

describe('crisis CLI', () => {
  it('lists the starter playbooks as JSON', () => {
    const list = cli('playbooks', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    const playbooks = JSON.parse(list.stdout) as { key: string; currentVersion: number }[];
    expect(playbooks.map((playbook) => playbook.key).sort()).toEqual([
      'ad-spam',
      'competitor-link',
      'data-loss',
      'info-leak',
      'opinion-crisis',
    ]);
  });

  it('exports Markdown to stdout and JSON to a file, and imports an edited file as a new version', () => {
    const markdown = cli('playbooks', 'export', 'info-leak', '--format', 'md');
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toContain('# 信息泄露应急预案');
    expect(markdown.stdout).toContain('#### 步骤 `recall` 立即撤回泄露消息');

    const file = join(temp.dir, 'leak.json');
    const exported = cli('playbooks', 'export', 'info-leak', '--format', 'json', '--out', file, '--json');
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ fileName: 'info-leak-v1.json', path: file });

    const document = JSON.parse(readFileSync(file, 'utf8'));
    document.playbook.stages[0].steps[1].targetSeconds = 90;
    writeFileSync(file, JSON.stringify(document));
    const imported = cli('playbooks', 'import', file, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      created: false,
      versionCreated: true,
      playbook: { key: 'info-leak', currentVersion: 2 },
    });
  }, 60_000);

  it('refuses a bad file with the field named, in Chinese, and a non-zero exit', () => {
    const file = join(temp.dir, 'bad.md');
    writeFileSync(file, '# 坏预案\n\n- 标识：`bad`\n\n随手写的一行\n');
    const result = cli('playbooks', 'import', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('第 5 行无法识别');
  }, 60_000);

  it('lists incidents and drill history as JSON', () => {
    const incidents = cli('incidents', 'list', '--json');
    expect(incidents.code, incidents.stderr).toBe(0);
    expect(JSON.parse(incidents.stdout)).toEqual({ total: 0, rows: [] });
    const drills = cli('drills', 'history', '--json');
    expect(drills.code, drills.stderr).toBe(0);
    expect(JSON.parse(drills.stdout)).toEqual({
      drills: { total: 0, rows: [] },
      overview: { intervalDays: 30, participants: [] },
    });
  }, 60_000);
});
