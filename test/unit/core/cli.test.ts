import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempWorkspace';

const root = new URL('../../../', import.meta.url).pathname;
const temp = makeTempDir('qundesk-cli-');
afterAll(() => temp.remove());

const cli = (...args: string[]) => runCli(args, { configDir: join(temp.dir, 'config') });

describe('CLI', () => {
  const workspace = join(temp.dir, 'ws');

  it('init creates a workspace and info reports it empty', () => {
    expect(cli('init', '--workspace', workspace).code).toBe(0);
    const info = cli('info', '--workspace', workspace, '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({
      isEmpty: true,
      counts: { groups: 0, members: 0, messages: 0 },
    });
  });

  it('demo fills the workspace and info prints the counts', () => {
    const demo = cli('demo', '--workspace', workspace, '--json');
    expect(demo.code, demo.stderr).toBe(0);
    const info = JSON.parse(cli('info', '--workspace', workspace, '--json').stdout);
    expect(info.counts.groups).toBe(3);
    expect(info.counts.members).toBeGreaterThan(1500);
    expect(info.counts.messages).toBeGreaterThan(10_000);
  }, 60_000);

  it('a second demo fails with a clear Chinese message and a non-zero exit', () => {
    const again = cli('demo', '--workspace', workspace);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('当前工作区已有数据');
    const english = cli('demo', '--workspace', workspace, '--lang', 'en', '--json');
    expect(english.code).toBe(1);
    expect(JSON.parse(english.stdout).error).toMatchObject({
      code: 'CONFLICT',
      message: 'demo.errors.notEmpty',
    });
  }, 60_000);

  it('rejects unknown commands and missing option values', () => {
    const unknown = cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('未知命令');
    const missing = cli('info', '--workspace');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--workspace');
  });

  it('respects QUNDESK_DATA_DIR when no --workspace is given', () => {
    const dir = join(temp.dir, 'from-env');
    const result = runCli(['info', '--json'], {
      configDir: join(temp.dir, 'config'),
      env: { QUNDESK_DATA_DIR: dir },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).path).toBe(dir);
  });
});

describe('CLI doctor', () => {
  it('reports a healthy workspace and exits non-zero on a damaged one', async () => {
    const healthy = join(temp.dir, 'doctor-ok');
    const ok = cli('doctor', '--workspace', healthy, '--json');
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.healthy).toBe(true);
    expect(report.checks.map((check: { id: string }) => check.id)).toEqual([
      'integrity',
      'schema',
      'foreignKeys',
    ]);

    // Break a foreign key behind the app's back: doctor must notice and say so.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(healthy, 'qundesk.db'));
    db.pragma('foreign_keys = OFF');
    db.prepare("INSERT INTO group_members (group_id, member_id, role) VALUES (999, 999, 'member')").run();
    db.close();
    const broken = cli('doctor', '--workspace', healthy, '--json');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('"foreignKeys"');
    expect(broken.stderr).toContain('工作区有需要处理的问题');
  });
});

describe('qundesk bin entry', () => {
  it('runs the same CLI from any folder', () => {
    const result = spawnSync(
      process.execPath,
      [join(root, 'bin/qundesk.mjs'), 'info', '--workspace', join(temp.dir, 'bin-ws'), '--json'],
      {
        cwd: temp.dir,
        encoding: 'utf8',
        env: { ...process.env, XDG_CONFIG_HOME: join(temp.dir, 'config') },
        timeout: 60_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: join(temp.dir, 'bin-ws'), isEmpty: true });
  });
});
