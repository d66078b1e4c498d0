/**
 * Export diagnostics: the zip has the logs, versions, schema version, table counts and the doctor's report, and
 * none of the personal data of a seeded workspace (member names, WeChat IDs, phone numbers, message text), even
 * when an error message in the log quoted them. Over IPC and from the CLI, also for a damaged workspace.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/main/backend';
import { latestSchemaVersion } from '../../../electron/main/db/migrations';
import { unzipEntries } from '../../../electron/main/services/diagnostics';
import { RotatingFileLogger } from '../../../electron/main/services/logger';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempWorkspace';
import { call, damageDatabase, openBackendOn } from './support';

const temp = makeTempDir('qundesk-diagnostics-');
const workspaceDir = join(temp.dir, 'ws');
const logDir = join(temp.dir, 'logs');
let backend: Backend;

/** Personal data the seeded workspace holds; none of it may reach the bundle. */
const people = [
  { name: '周明远', wxid: 'wxid_zhoumingyuan88', phone: '13812345678' },
  { name: 'Annabel.林', wxid: 'wxid_annabel_lin7', phone: '15900001111' },
  { name: 'Zhangsan Kowalski', wxid: 'kowalski_zs_2024', phone: '+8613700002222' },
];
const messageText = '明天下午三点在人民广场地铁站集合，带好身份证复印件';

beforeAll(() => {
  backend = openBackendOn(workspaceDir, temp.dir);
  const { db } = backend.context;
  const now = Date.UTC(2024, 4, 1);
  db.prepare(
    "INSERT INTO groups (name, type, positioning, core_goal, member_cap, created_at, updated_at) VALUES ('Kowalski读书会', 'content', '', '', 500, ?, ?)",
  ).run(now, now);
  for (const person of people) {
    db.prepare(
      'INSERT INTO members (display_name, wxid, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ).run(person.name, person.wxid, person.phone, now, now);
  }
  db.prepare(
    "INSERT INTO messages (group_id, sender_name, sent_at, kind, content, fingerprint) VALUES (1, ?, ?, 'text', ?, 'fp1')",
  ).run(people[0]!.name, now, messageText);
  // A log that quotes personal data, the way an unexpected error message might.
  const logger = new RotatingFileLogger(logDir);
  logger.info('import', `read /home/zhangsan/Documents/${people[0]!.name}.csv for ${people[2]!.name}`);
  logger.error(
    'members',
    new Error(`constraint failed for ${people[1]!.wxid} (${people[1]!.phone}) "${messageText}" Kowalski`),
  );
  logger.error(
    'job',
    new Error(`mail ${'someone'}@example.com ${people[2]!.wxid} +86 137 0000 2222 ${people[2]!.phone}`),
  );
});
afterAll(async () => {
  await backend.close();
  temp.remove();
});

function assertNoPersonalData(text: string): void {
  for (const person of people) {
    expect(text).not.toContain(person.name);
    for (const part of person.name.split(/[\s.]/)) if (part.length >= 2) expect(text).not.toContain(part);
    expect(text).not.toContain(person.wxid);
    expect(text).not.toContain(person.phone);
    expect(text).not.toContain(person.phone.replace('+86', ''));
  }
  expect(text).not.toContain(messageText);
  expect(text).not.toContain(messageText.slice(0, 6));
  expect(text).not.toContain('zhangsan');
  expect(text).not.toContain('someone@example.com');
}

describe('diagnostics export', () => {
  it('writes a zip with versions, schema, counts, doctor and logs, and no personal data', async () => {
    const out = join(temp.dir, 'out', 'bundle.zip');
    const result = await call(backend, 'diagnostics.export', { path: out });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const entries = unzipEntries(readFileSync(out));
    expect(entries.map((entry) => entry.name)).toEqual(['report.json', 'logs/qundesk.log']);
    const report = JSON.parse(entries[0]!.data.toString('utf8'));
    expect(report).toMatchObject({
      app: { version: '0.0.0-test' },
      runtime: { node: process.versions.node },
      workspace: {
        state: 'ok',
        schemaVersion: latestSchemaVersion,
        tables: { members: 3, messages: 1, groups: 1 },
      },
      doctor: { state: 'ok' },
    });
    const log = entries[1]!.data.toString('utf8');
    expect(log.split('\n').filter(Boolean)).toHaveLength(3);
    expect(log).toContain('"scope":"members"');
    for (const entry of entries) assertNoPersonalData(entry.data.toString('utf8'));
  });

  it('refuses a folder as the file to save, saying so, and leaves nothing in it', async () => {
    const folder = join(temp.dir, 'chosen-folder');
    mkdirSync(folder, { recursive: true });
    const result = await call(backend, 'diagnostics.export', { path: folder });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'BAD_FILE', message: 'recovery.errors.targetIsFolder', params: { path: folder } },
    });
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(temp.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('works from the CLI, also on a damaged workspace, still without personal data', () => {
    const damaged = join(temp.dir, 'damaged');
    mkdirSync(damaged, { recursive: true });
    writeFileSync(join(damaged, 'qundesk.db'), readFileSync(join(workspaceDir, 'qundesk.db')));
    damageDatabase(damaged, 'header');
    const out = join(temp.dir, 'cli.zip');
    const run = runCli(['diagnostics', '--workspace', damaged, '--out', out, '--json'], {
      configDir: join(temp.dir, 'config'),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ path: out });
    const entries = unzipEntries(readFileSync(out));
    const report = JSON.parse(entries[0]!.data.toString('utf8'));
    expect(report.workspace.state).toBe('damaged');
    expect(report.workspace.startupCheck.problems.length).toBeGreaterThan(0);
    for (const entry of entries) assertNoPersonalData(entry.data.toString('utf8'));
  }, 30_000);
});
