import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempWorkspace';

const root = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir('qundesk-cli-import-');
afterAll(() => temp.remove());
const fixture = join(root, 'test/fixtures/chatlogs/memotrace/读书会三群_utf8.csv');

const cli = (...args: string[]) => runCli(args, { configDir: join(temp.dir, 'config') });

describe('CLI import and messages', () => {
  const workspace = join(temp.dir, 'ws');

  it('imports a MemoTrace CSV, then finds nothing new the second time', () => {
    const first = cli('import', fixture, '--workspace', workspace, '--json');
    expect(first.code, first.stderr).toBe(0);
    const [report] = JSON.parse(first.stdout);
    expect(report).toMatchObject({ format: 'memotrace-csv', duplicates: 0 });
    expect(report.inserted).toBeGreaterThan(0);
    const again = JSON.parse(cli('import', fixture, '--workspace', workspace, '--json').stdout);
    expect(again[0]).toMatchObject({ inserted: 0, duplicates: report.inserted });
  });

  it('lists the imported messages and searches them', () => {
    const listed = JSON.parse(cli('messages', '--workspace', workspace, '--json').stdout);
    expect(listed.total).toBeGreaterThan(0);
    const word = [...(listed.rows.find((row: { kind: string }) => row.kind === 'text').content as string)]
      .slice(0, 3)
      .join('');
    const found = JSON.parse(cli('messages', '--workspace', workspace, '--search', word, '--json').stdout);
    expect(found.rows.every((row: { content: string }) => row.content.includes(word))).toBe(true);
  });

  it('exits non-zero with a clear message when nothing could be imported', () => {
    const empty = join(temp.dir, 'empty.csv');
    writeFileSync(empty, '');
    const result = cli('import', empty, '--workspace', workspace, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)[0].errors[0].reason).toMatch(/[\u4e00-\u9fff]/);
    expect(cli('import', '--workspace', workspace).stderr).toContain('请指定要导入的文件');
    expect(cli('import', fixture, '--format', 'nope', '--workspace', workspace).code).toBe(1);
  });
});
