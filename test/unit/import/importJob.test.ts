/** The import pipeline through the real backend and the IPC dispatcher. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../../shared/domain/types';
import type { ImportPreview, ImportRecord } from '../../../shared/ipc/channels/imports';
import type { Result } from '../../../shared/ipc/errors';
import type { ImportFileReport } from '../../../electron/main/jobs/importJob';
import { importFiles } from '../../../electron/main/services/imports';
import { generateChat, memotraceCsvText } from '../../support/exportWriters';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { fixture } from './support';

type TestBackend = ReturnType<typeof makeTestBackend>;
let backend: TestBackend;
let dispatch: (channel: string, input: unknown) => Promise<Result<unknown>>;

beforeEach(() => {
  // Every progress report is delivered, so a cancel on the first one lands right after the first batch.
  backend = makeTestBackend({ jobs: { mode: 'in-process', progressIntervalMs: 0 } });
  const raw = backend.createDispatch(trustAppOrigin);
  dispatch = (channel, input) => raw(channel, input, trustedSender);
});
afterEach(async () => backend.dispose());

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function startAndWait(input: Record<string, unknown>): Promise<JobState[]> {
  const { jobIds } = value<{ jobIds: string[] }>(await dispatch('imports.start', input));
  return Promise.all(jobIds.map((id) => backend.jobs.wait(id)));
}

async function importOne(path: string, options: Record<string, unknown> = {}): Promise<JobState> {
  return backend.jobs.wait(
    backend.jobs.start('import.file', { path, timeZone: '+08:00', ...options }, 'local'),
  );
}

const count = (sql: string, ...params: unknown[]) =>
  (backend.context.db.prepare(sql).get(...params) as { n: number }).n;
const messageCount = () => count('SELECT count(*) AS n FROM messages');

function writeFile(name: string, content: string | Uint8Array): string {
  const path = join(backend.dir, 'files', name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function nothingStored(): void {
  expect(messageCount()).toBe(0);
  expect(count('SELECT count(*) AS n FROM members')).toBe(0);
  expect(count('SELECT count(*) AS n FROM groups')).toBe(0);
  expect(count('SELECT count(*) AS n FROM group_members')).toBe(0);
  expect(count('SELECT count(*) AS n FROM membership_events')).toBe(0);
  expectSearchIndexMatchesMessages();
}

/** FTS5's integrity check with rank 1 compares the index with the messages table row by row. */
function expectSearchIndexMatchesMessages(): void {
  expect(() =>
    backend.context.db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"),
  ).not.toThrow();
}

describe('importing a file', () => {
  it('stores messages, members, join/leave history, provenance and the raw file; a re-import adds nothing', async () => {
    const path = fixture('memotrace/读书会三群_utf8.csv');
    const [first] = await startAndWait({ paths: [path], timeZone: '+08:00' });
    expect(first!.status).toBe('done');
    const report = first!.result as ImportFileReport;
    expect(report).toMatchObject({
      format: 'memotrace-csv',
      encoding: 'utf-8',
      read: 9,
      inserted: 9,
      duplicates: 0,
      rejected: 0,
    });
    expect(report.groupName).toBe('读书会三群');
    // The invite created 周明 and Anna.林 by name; their messages then matched them by name and attached the wxid.
    expect(report.members).toEqual({ created: 3, matchedById: 0, matchedByName: 2 });

    const members = backend.context.db
      .prepare(
        'SELECT m.display_name AS name, m.wxid, gm.joined_at, gm.left_at FROM members m JOIN group_members gm ON gm.member_id = m.id ORDER BY m.id',
      )
      .all();
    expect(members).toEqual([
      {
        name: '周明',
        wxid: 'wxid_zhouming88',
        joined_at: Date.parse('2024-05-06T12:00:00Z'),
        left_at: Date.parse('2024-05-06T12:05:00Z'),
      },
      {
        name: 'Anna.林',
        wxid: 'wxid_annalin7',
        joined_at: Date.parse('2024-05-06T12:00:00Z'),
        left_at: null,
      },
      {
        name: '运营小陈',
        wxid: 'wxid_ops_chen',
        joined_at: Date.parse('2024-05-06T12:04:00Z'),
        left_at: null,
      },
    ]);
    expect(count("SELECT count(*) AS n FROM membership_events WHERE event = 'join'")).toBe(2);
    expect(count("SELECT count(*) AS n FROM membership_events WHERE event = 'leave'")).toBe(1);
    expect(count("SELECT count(*) AS n FROM messages WHERE system_event = 'recall'")).toBe(1);
    // The two identical messages of one second are both kept, with ordinals 0 and 1.
    expect(
      backend.context.db
        .prepare("SELECT ordinal FROM messages WHERE content = '你好呀' ORDER BY id")
        .pluck()
        .all(),
    ).toEqual([0, 1]);

    const search = value<{ total: number }>(await dispatch('messages.search', { query: '本周共读' }));
    expect(search.total).toBe(1);

    const sha256 = backend.context.db
      .prepare('SELECT sha256 FROM imports WHERE id = ?')
      .pluck()
      .get(report.importId) as string;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(backend.workspace.dir, 'imports', sha256))).toEqual(readFileSync(path));

    const [again] = await startAndWait({ paths: [path], timeZone: '+08:00' });
    expect(again!.result).toMatchObject({ read: 9, inserted: 0, duplicates: 9 });
    expect(messageCount()).toBe(9);

    const history = value<{ total: number; rows: ImportRecord[] }>(await dispatch('imports.list', {}));
    expect(history.total).toBe(2);
    expect(history.rows[0]).toMatchObject({
      status: 'done',
      inserted: 0,
      duplicates: 9,
      read: 9,
      timeZone: '+08:00',
      groupName: '读书会三群',
    });
    expect(history.rows[1]).toMatchObject({
      status: 'done',
      inserted: 9,
      firstAt: '2024-05-06T12:00:00.000Z',
      lastAt: '2024-05-06T12:05:00.000Z',
      fileName: '读书会三群_utf8.csv',
      sha256,
      error: null,
    });
  });

  it('merges overlapping exports and split files into one timeline without duplicates', async () => {
    const messages = [...generateChat({ seed: 5, count: 600, startAt: Date.UTC(2024, 2, 1) })];
    const early = writeFile('early/群聊_utf8.csv', memotraceCsvText(messages.slice(0, 400)));
    const late = writeFile('late/群聊_utf8.csv', memotraceCsvText(messages.slice(250)));
    const first = await importOne(early);
    const second = await importOne(late);
    expect(first.result).toMatchObject({ inserted: 400, duplicates: 0 });
    expect(second.result).toMatchObject({ inserted: 200, duplicates: 150 });
    expect(messageCount()).toBe(600);
    expect(count('SELECT count(*) AS n FROM groups')).toBe(1);

    // PyWxDump pages of one chat (server ids), overlapping by one row, land in the same group.
    const csv = readFileSync(fixture('pywxdump/20240506123@chatroom_0_10.csv'), 'utf8').split('\r\n');
    const header = csv[0]!;
    writeFile('pywx/users.json', readFileSync(fixture('pywxdump/users.json')));
    const pageOne = writeFile(
      'pywx/20240506123@chatroom_0_6.csv',
      [header, ...csv.slice(1, 7), ''].join('\r\n'),
    );
    const pageTwo = writeFile('pywx/20240506123@chatroom_5_10.csv', [header, ...csv.slice(6)].join('\r\n'));
    const states = await startAndWait({ paths: [join(pageOne, '..')], timeZone: '+08:00' });
    expect(states.map((state) => state.status)).toEqual(['done', 'done']);
    const reports = states.map((state) => state.result as ImportFileReport);
    expect(reports.map((report) => report.file).sort()).toEqual([pageOne, pageTwo].sort());
    expect(reports.reduce((sum, report) => sum + report.inserted, 0)).toBe(9);
    expect(reports.reduce((sum, report) => sum + report.duplicates, 0)).toBe(1);
    expect(new Set(reports.map((report) => report.groupName))).toEqual(new Set(['读书会三群']));
  });

  it('cancels between batches, keeps finished batches, and completes on re-import', async () => {
    const path = writeFile('big/大群_utf8.csv', memotraceCsvText(generateChat({ seed: 9, count: 3000 })));
    const unsubscribe = backend.events.subscribe((event, payload) => {
      const job = payload as JobState;
      if (event === 'jobs.progress' && job.stepKey === 'import.steps.reading' && job.status === 'running')
        backend.jobs.cancel(job.id);
    });
    const cancelled = await importOne(path, { batchSize: 200 });
    unsubscribe();
    expect(cancelled.status).toBe('cancelled');
    const kept = messageCount();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(3000);
    expect(kept % 200).toBe(0);
    expect(
      count("SELECT count(*) AS n FROM imports WHERE status = 'cancelled' AND messages_added = ?", kept),
    ).toBe(1);
    expectSearchIndexMatchesMessages();

    const resumed = await importOne(path, { batchSize: 200 });
    expect(resumed.result).toMatchObject({ read: 3000, inserted: 3000 - kept, duplicates: kept });
    expect(messageCount()).toBe(3000);
    expect(count('SELECT count(DISTINCT fingerprint) AS n FROM messages')).toBe(3000);
    expectSearchIndexMatchesMessages();
  });
  it('cancels within a batch at a progress report: the open batch is rolled back, finished batches stay', async () => {
    const path = writeFile('big/大群_utf8.csv', memotraceCsvText(generateChat({ seed: 10, count: 25_000 })));
    // Batches of 10,500: the second one reports at 20,500 messages (10,000 into it), and is cancelled there.
    const unsubscribe = backend.events.subscribe((event, payload) => {
      const job = payload as JobState;
      if (event === 'jobs.progress' && job.status === 'running' && (job.messagesImported ?? 0) > 20_000)
        backend.jobs.cancel(job.id);
    });
    const cancelled = await importOne(path, { batchSize: 10_500 });
    unsubscribe();
    expect(cancelled.status).toBe('cancelled');
    expect(messageCount()).toBe(10_500);
    const record = backend.context.db
      .prepare("SELECT messages_added AS added, report FROM imports WHERE status = 'cancelled'")
      .get() as { added: number; report: string };
    expect(record.added).toBe(10_500);
    // The import's report speaks of what stayed: no member the rolled-back batch created, its times not past it.
    const report = JSON.parse(record.report) as { members: { created: number }; lastAt: number };
    expect(report.members.created).toBe(count('SELECT count(*) AS n FROM members'));
    expect(report.lastAt).toBe(count('SELECT max(sent_at) AS n FROM messages'));
    expectSearchIndexMatchesMessages();

    const resumed = await importOne(path, { batchSize: 10_500 });
    expect(resumed.result).toMatchObject({ read: 25_000, inserted: 14_500, duplicates: 10_500 });
    expect(messageCount()).toBe(25_000);
    expectSearchIndexMatchesMessages();
  });
});

describe('bad files', () => {
  const errorOf = (state: JobState) => state.error?.message;

  it('refuses empty, binary, unknown and mislabelled files with clear keys, storing nothing', async () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0,
    ]);
    expect(errorOf(await importOne(writeFile('empty.csv', '')))).toBe('import.errors.empty');
    expect(errorOf(await importOne(writeFile('photo.csv', png)))).toBe('import.errors.binary');
    expect(errorOf(await importOne(writeFile('notes.csv', '今天天气不错\n明天去开会\n')))).toBe(
      'import.errors.unknownFormat',
    );
    expect(errorOf(await importOne(writeFile('chat.json', '{"hello": [1, 2, 3]}')))).toBe(
      'import.errors.unknownFormat',
    );
    expect(errorOf(await importOne(fixture('refused/读书会三群_chat.txt')))).toBe('import.errors.aiTxt');
    nothingStored();
    // A real export under the wrong extension is recognised by its content.
    const renamed = await importOne(
      writeFile('导出.txt', readFileSync(fixture('memotrace/读书会三群_utf8.csv'))),
    );
    expect(renamed.result).toMatchObject({ format: 'memotrace-csv', inserted: 9 });
  });

  it('takes a file cut off after several committed batches back out entirely', async () => {
    const text = memotraceCsvText(generateChat({ seed: 3, count: 1000 }));
    // Cut inside the last quoted field: the parser only finds out at the end of the file.
    const cut = text.lastIndexOf('"') - 3;
    const state = await importOne(writeFile('cut/断了_utf8.csv', text.slice(0, cut)), { batchSize: 100 });
    expect(state.status).toBe('failed');
    expect(state.error).toMatchObject({ code: 'BAD_FILE', message: 'import.errors.truncated' });
    nothingStored();
    const record = value<{ rows: ImportRecord[] }>(await dispatch('imports.list', {})).rows[0]!;
    expect(record).toMatchObject({
      status: 'failed',
      inserted: 0,
      error: { code: 'BAD_FILE', message: 'import.errors.truncated' },
    });
    expect(existsSync(join(backend.workspace.dir, 'imports', record.sha256))).toBe(false);
  });

  it('refuses a cut-off JSON export and a 10 MB line without reading them into memory', async () => {
    const json = readFileSync(fixture('weflow/读书会三群.json'), 'utf8');
    expect(errorOf(await importOne(writeFile('cut.json', json.slice(0, json.length - 40))))).toBe(
      'import.errors.truncated',
    );
    const header =
      'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n';
    const longLine = `${header}1,7,1,0,0,1714996807,3,${'长'.repeat((10 * 1024 * 1024) / 3)},2024-05-06 20:00:07,a,a,wxid_a\r\n`;
    const state = await importOne(writeFile('long_utf8.csv', longLine));
    expect(state.error).toMatchObject({ message: 'import.errors.recordTooLong', params: { line: 2 } });
    expect(errorOf(await importOne(writeFile('one-line.txt', 'a'.repeat(10 * 1024 * 1024))))).toBe(
      'import.errors.unknownFormat',
    );
    nothingStored();
  });

  it('fails a file whose every row is rejected, and records row reasons for partly bad ones', async () => {
    const header = 'Time,SenderName,Sender,TalkerName,Talker,Content\n';
    const allBad = await importOne(
      writeFile(
        'bad.csv',
        `${header}yesterday,甲,wxid_a,群,1@chatroom,你好\nlater,乙,wxid_b,群,1@chatroom,嗯\n`,
      ),
    );
    expect(allBad.error).toMatchObject({ message: 'import.errors.noMessages', params: { rejected: 2 } });
    nothingStored();
    const partly = await importOne(
      writeFile(
        'partly.csv',
        `${header}2024-05-06 20:00:07,甲,wxid_a,群,1@chatroom,你好\n2024-13-40 99:00:00,乙,wxid_b,群,1@chatroom,嗯\nshort,row\n`,
      ),
    );
    const report = partly.result as ImportFileReport;
    expect(report).toMatchObject({ read: 3, inserted: 1, rejected: 2 });
    expect(report.errors).toEqual([
      { line: 3, reason: 'import.rows.badTime', params: { value: '2024-13-40 99:00:00' } },
      { line: 4, reason: 'import.rows.fieldCount', params: { expected: 6, found: 2 } },
    ]);
    const record = value<{ rows: ImportRecord[] }>(await dispatch('imports.list', {})).rows[0]!;
    expect(record.rejectedRows).toEqual(report.errors);
  });
});

describe('preview, options and the CLI service', () => {
  it('previews without writing, and reports format, encoding, zone, chat, senders, range and rows', async () => {
    const preview = value<ImportPreview>(
      await dispatch('imports.preview', {
        path: fixture('pywxdump/20240506123@chatroom_0_10.csv'),
        timeZone: '+08:00',
      }),
    );
    expect(preview).toMatchObject({
      format: 'pywxdump-csv',
      formatDetected: true,
      encoding: 'utf-8',
      bom: false,
      timeZone: '+08:00',
      usesTimeZone: true,
      chatName: '读书会三群',
      existingGroup: null,
      senderCount: 3,
      messageCount: 9,
      rejectedCount: 0,
      firstAt: '2024-05-06T12:00:00.000Z',
      lastAt: '2024-05-06T12:05:00.000Z',
      complete: true,
      estimatedMessages: 9,
      previousImport: null,
    });
    expect(preview.rows[1]).toMatchObject({
      senderName: '周明',
      senderId: 'wxid_zhouming88',
      content: '大家晚上好',
    });
    expect(messageCount()).toBe(0);

    const needsDate = await dispatch('imports.preview', { path: fixture('chatlog/读书会三群-day.txt') });
    expect(needsDate).toMatchObject({ ok: false, error: { message: 'import.errors.dateRequired' } });
    const withDate = value<ImportPreview>(
      await dispatch('imports.preview', {
        path: fixture('chatlog/读书会三群-day.txt'),
        date: '2024-05-06',
        timeZone: '+08:00',
      }),
    );
    expect(withDate.firstAt).toBe('2024-05-06T12:00:00.000Z');
    const forced = await dispatch('imports.preview', {
      path: fixture('memotrace/读书会三群.txt'),
      format: 'chatlab-json',
    });
    expect(forced).toMatchObject({ ok: false, error: { message: 'import.errors.malformedJson' } });
    expect(
      await dispatch('imports.preview', { path: fixture('memotrace/读书会三群.txt'), timeZone: 'UTC+8' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('imports into a chosen group and shows it as the existing group in later previews', async () => {
    const group = value<{ id: number }>(
      await dispatch('groups.create', { name: '运营总群', type: 'content' }),
    );
    const [state] = await startAndWait({ paths: [fixture('chatlab/读书会三群.jsonl')], groupId: group.id });
    expect(state!.result).toMatchObject({ groupId: group.id, groupName: '运营总群', inserted: 9 });
    expect(
      await dispatch('imports.start', { paths: [fixture('chatlab/读书会三群.jsonl')], groupId: 999 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'import.errors.groupNotFound' },
    });
    const [named] = await startAndWait({ paths: [fixture('weflow/读书会三群.json')] });
    expect((named!.result as ImportFileReport).groupName).toBe('读书会三群');
    const preview = value<ImportPreview>(
      await dispatch('imports.preview', { path: fixture('weflow/读书会三群.json') }),
    );
    expect(preview.existingGroup).toMatchObject({ name: '读书会三群' });
    expect(preview.previousImport).toMatchObject({ groupName: '读书会三群' });
  });

  it('importFiles reports every file of a mixed folder, in the user language, and keeps going past failures', async () => {
    writeFile('mixed/a_utf8.csv', readFileSync(fixture('memotrace/读书会三群_utf8.csv')));
    writeFile('mixed/b.txt', '');
    writeFile('mixed/c.json', readFileSync(fixture('refused/training.json')));
    writeFile('mixed/users.json', '{}');
    writeFile('mixed/photo.png', 'not looked at');
    const results = await importFiles(
      backend,
      [join(backend.dir, 'files', 'mixed'), join(backend.dir, 'nowhere')],
      { timeZone: '+08:00', locale: 'en' },
    );
    expect(
      results.map((result) => [
        result.file.split('/').at(-1),
        result.format,
        result.inserted,
        result.errors.length,
      ]),
    ).toEqual([
      ['a_utf8.csv', 'memotrace-csv', 9, 0],
      ['b.txt', null, 0, 1],
      ['c.json', null, 0, 1],
      ['nowhere', null, 0, 1],
    ]);
    expect(results[1]!.errors[0]).toEqual({
      line: null,
      reason: 'The file is empty; there is nothing to import.',
    });
    expect(results[3]!.errors[0]!.reason).toContain('nowhere');
    const zh = await importFiles(backend, [fixture('refused/training.json')], { locale: 'zh-CN' });
    expect(zh[0]!.errors[0]!.reason).toContain('训练');
  });

  it('opens the native file dialog only where there is one', async () => {
    expect(await dispatch('imports.pickFiles', {})).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' },
    });
    const withDialog = makeTestBackend({
      ports: { pickFiles: async (options) => [`/picked/${options.filters[0]!.extensions.length}`] },
    });
    try {
      const result = await withDialog.createDispatch(trustAppOrigin)('imports.pickFiles', {}, trustedSender);
      expect(result).toEqual({ ok: true, value: { paths: ['/picked/7'] } });
    } finally {
      await withDialog.dispose();
    }
  });
});
