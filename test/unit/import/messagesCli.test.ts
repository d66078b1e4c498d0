/**
 * `messages`: the archive's filters from a terminal. Results are checked against a plain filter over every stored
 * row; the end-to-end runs go through the real CLI (runCli), the option checks in-process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageKind } from '../../../shared/domain/types';
import type { ArchiveMessage } from '../../../shared/ipc/channels/messages';
import { AppError } from '../../../shared/ipc/errors';
import { createCliContext } from '../../../electron/main/cli/context';
import { messagesCommand, type MessagesListing } from '../../../electron/main/cli/commands/messages';
import { importFiles } from '../../../electron/main/services/imports';
import { runCli } from '../../support/cli';
import { generateChat, memotraceCsvText } from '../../support/exportWriters';
import { makeTempDir, openTestBackend } from '../../support/tempWorkspace';
import { fixture } from './support';

const temp = makeTempDir('qundesk-messages-cli-');
const workspaceDir = join(temp.dir, 'ws');

function openBackend() {
  return openTestBackend(workspaceDir, join(temp.dir, 'settings.json'));
}

interface StoredRow {
  id: number;
  groupName: string;
  memberId: number | null;
  wxid: string | null;
  sentAt: number;
  kind: MessageKind;
  systemEvent: string | null;
  content: string;
  hits: number;
}
let stored: StoredRow[] = [];

beforeAll(async () => {
  const backend = openBackend();
  try {
    const chat = join(temp.dir, '大群_utf8.csv');
    writeFileSync(
      chat,
      memotraceCsvText(generateChat({ seed: 31, count: 400, members: 15, startAt: Date.UTC(2024, 2, 1) })),
    );
    const reports = await importFiles(backend, [fixture('memotrace/读书会三群_utf8.csv'), chat], {
      timeZone: '+08:00',
    });
    expect(reports.map((report) => report.inserted)).toEqual([9, 400]);
    const { db } = backend.context;
    // A second 周明 outside 读书会三群: the bare name is ambiguous, within the group it is not.
    db.prepare(
      `INSERT INTO members (display_name, wxid, created_at, updated_at) VALUES ('周明', 'wxid_other', 0, 0)`,
    ).run();
    // Risk hits: two live ones, one dismissed (which does not count).
    const hit = db.prepare(
      `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list,
         category, severity, action, rule, version, found_at, status, decided_at)
       SELECT id, group_id, member_id, sent_at, 0, 1, 'x', 'x', 'ads', 'ads', 'medium', 'remind', 'literal', 1, 0, ?, ?
       FROM messages WHERE kind = 'text' ORDER BY id LIMIT 1 OFFSET ?`,
    );
    hit.run('open', null, 20);
    hit.run('confirmed', 1, 40);
    hit.run('dismissed', 1, 60);
    stored = db
      .prepare(
        `SELECT m.id, g.name AS groupName, m.member_id AS memberId, mb.wxid, m.sent_at AS sentAt, m.kind,
           m.system_event AS systemEvent, m.content,
           (SELECT count(*) FROM risk_hits h WHERE h.message_id = m.id AND h.status <> 'dismissed') AS hits
         FROM messages m JOIN groups g ON g.id = m.group_id LEFT JOIN members mb ON mb.id = m.member_id`,
      )
      .all() as StoredRow[];
  } finally {
    await backend.close();
  }
}, 60_000);
afterAll(() => temp.remove());

/** The listing a plain filter over every row gives, newest first (time, then id), as ids. */
function expectedIds(
  keep: (row: StoredRow) => boolean,
  offset = 0,
  limit = 100,
): { total: number; ids: number[] } {
  const rows = stored.filter(keep).sort((a, b) => b.sentAt - a.sentAt || b.id - a.id);
  return { total: rows.length, ids: rows.slice(offset, offset + limit).map((row) => row.id) };
}

const idsOf = (listing: { total: number; rows: ArchiveMessage[] }) => ({
  total: listing.total,
  ids: listing.rows.map((row) => row.id),
});

/** Runs the command in-process and returns its result and printed lines. */
async function messages(args: string[]): Promise<{ listing: MessagesListing; lines: string[] }> {
  const lines: string[] = [];
  const context = createCliContext({
    workspaceDir,
    json: false,
    locale: 'zh-CN',
    args,
    out: (text) => lines.push(text),
    openBackend,
  });
  return { listing: (await messagesCommand.run(context)) as MessagesListing, lines };
}

async function refusal(args: string[]): Promise<{ code: string; key: string; params: unknown }> {
  const error = await messages(args).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError))
    throw new Error(`expected a refusal for ${args.join(' ')}, got ${String(error)}`);
  return { code: error.code, key: error.messageKey, params: error.params };
}

const cli = (...args: string[]) =>
  runCli([...args, '--workspace', workspaceDir], { configDir: join(temp.dir, 'config') });

describe('messages command', () => {
  it('filters by sender, dates, type and full text together, pages, and prints JSON (real CLI)', () => {
    const zhouming = stored.find((row) => row.wxid === 'wxid_zhouming88')!;
    const result = cli(
      'messages',
      '--sender',
      'wxid_annalin7',
      '--from',
      '2024-05-06',
      '--to',
      '2024-05-06',
      '--type',
      'text',
      '--query',
      '你好',
      '--tz',
      '+08:00',
      '--limit',
      '1',
      '--offset',
      '1',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const listing = JSON.parse(result.stdout) as MessagesListing;
    const anna = stored.find((row) => row.wxid === 'wxid_annalin7')!.memberId;
    expect(idsOf(listing)).toEqual(
      expectedIds(
        (row) => row.memberId === anna && row.kind === 'text' && row.content.includes('你好'),
        1,
        1,
      ),
    );
    expect(listing).toMatchObject({ total: 2, offset: 1, limit: 1 });
    expect(zhouming.memberId).not.toBe(anna);
  });

  it('refuses a bad date with a Chinese message and exit code 1 (real CLI)', () => {
    const result = cli('messages', '--from', '2024-13-01', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'VALIDATION',
      message: 'archive.cli.badDate',
    });
    expect(result.stderr).toContain('--from 的日期「2024-13-01」无法识别');
  });

  it('prints a Chinese summary and one line per message, in the time zone asked for', async () => {
    const { lines } = await messages(['--group', '读书会三群', '--type', 'invite,leave', '--tz', '+08:00']);
    expect(lines[0]).toBe('共 2 条消息，显示第 1–2 条（最新的在前）');
    expect(lines[1]).toMatch(/^2024-05-06 20:05:00 {2}\[读书会三群\] .*移出了群聊/);
    expect(lines[2]).toMatch(/^2024-05-06 20:00:00 {2}\[读书会三群\] .*加入了群聊/);
    expect(lines).toHaveLength(3);
  });

  it('agrees with a plain filter for each filter alone and in pairs', async () => {
    const groupRows = (name: string) => (row: StoredRow) => row.groupName === name;
    const between = (from: string, to: string) => (row: StoredRow) =>
      row.sentAt >= Date.parse(from) && row.sentAt < Date.parse(to);
    const member = stored.find((row) => row.wxid === 'wxid_bench00003')!.memberId;
    const cases: [string[], (row: StoredRow) => boolean][] = [
      [[], () => true],
      [['--group', '大群'], groupRows('大群')],
      [
        ['--group', '大群', '--type', 'image,system'],
        (row) => groupRows('大群')(row) && ['image', 'system'].includes(row.kind),
      ],
      [['--type', 'recall'], (row) => row.systemEvent === 'recall'],
      [
        ['--from', '2024-03-01', '--to', '2024-03-01', '--tz', '+08:00'],
        between('2024-03-01T00:00:00+08:00', '2024-03-02T00:00:00+08:00'),
      ],
      [
        ['--from', '2024-03-01 08:30', '--to', '2024-03-01T09:00:00+08:00', '--tz', '+08:00'],
        between('2024-03-01T08:30:00+08:00', '2024-03-01T09:00:00+08:00'),
      ],
      [['--sender', String(member)], (row) => row.memberId === member],
      [['--sender', '成员3号', '--group', '大群'], (row) => row.memberId === member],
      [['--has-hit'], (row) => row.hits > 0],
      [['--has-hit', '--group', '大群'], (row) => row.hits > 0 && groupRows('大群')(row)],
      // Two characters: below the trigram index, the scan fallback (content or sender name).
      [['--query', '好呀'], (row) => row.content.includes('好呀')],
    ];
    for (const [args, keep] of cases) {
      const { listing } = await messages([...args, '--limit', '50']);
      expect(idsOf(listing), args.join(' ')).toEqual(expectedIds(keep, 0, 50));
      expect(listing.total, args.join(' ')).toBeGreaterThan(0);
    }
    expect(stored.filter((row) => row.hits > 0)).toHaveLength(2);
  });

  it('pages through everything with --limit and --offset, each message once', async () => {
    const seen: number[] = [];
    for (let offset = 0; offset < stored.length; offset += 150) {
      const { listing } = await messages(['--limit', '150', '--offset', String(offset)]);
      seen.push(...listing.rows.map((row) => row.id));
    }
    expect(seen).toEqual(expectedIds(() => true, 0, stored.length).ids);
    const { listing, lines } = await messages(['--offset', String(stored.length + 5)]);
    expect(listing.rows).toEqual([]);
    expect(lines).toEqual([`共 ${stored.length} 条消息，显示第 0–${stored.length + 5} 条（最新的在前）`]);
  });

  it('finds senders by wxid, display name or id, and names the candidates when a name is ambiguous', async () => {
    const zhouming = stored.find((row) => row.wxid === 'wxid_zhouming88')!.memberId!;
    for (const sender of ['wxid_zhouming88', String(zhouming)]) {
      const { listing } = await messages(['--sender', sender]);
      expect(idsOf(listing)).toEqual(expectedIds((row) => row.memberId === zhouming));
    }
    expect((await messages(['--sender', '周明', '--group', '读书会三群'])).listing.total).toBe(
      stored.filter((row) => row.memberId === zhouming).length,
    );
    const ambiguous = await refusal(['--sender', '周明']);
    expect(ambiguous).toMatchObject({ code: 'VALIDATION', key: 'archive.cli.senderAmbiguous' });
    expect((ambiguous.params as { candidates: string }).candidates).toMatch(
      new RegExp(`^${zhouming} 周明; \\d+ 周明$`),
    );
    expect(await refusal(['--sender', '没有这个人'])).toMatchObject({
      code: 'NOT_FOUND',
      key: 'archive.cli.senderNotFound',
    });
  });

  it('refuses bad options, dates and groups with their own keys; whole days follow --tz', async () => {
    const refused = async (args: string[]) => (await refusal(args)).key;
    expect(await refused(['--from', '昨天'])).toBe('archive.cli.badDate');
    expect(await refused(['--to', '2024-02-30'])).toBe('archive.cli.badDate');
    expect(await refused(['--from', '2024-03-02', '--to', '2024-03-01'])).toBe('archive.cli.badRange');
    expect(await refused(['--type', 'text,photo'])).toBe('archive.cli.badType');
    expect(await refused(['--limit', '0'])).toBe('archive.cli.badInteger');
    expect(await refused(['--limit', '10001'])).toBe('archive.cli.badInteger');
    expect(await refused(['--offset', '-1'])).toBe('archive.cli.badInteger');
    expect(await refused(['--query', '长'.repeat(201)])).toBe('archive.cli.queryTooLong');
    expect(await refused(['--sendr', '周明'])).toBe('archive.cli.unknownOption');
    expect(await refused(['--group'])).toBe('cli.errors.missingValue');
    expect(await refused(['--tz', '8'])).toBe('import.errors.badTimeZone');
    expect(await refused(['--group', '没有的群'])).toBe('cli.errors.groupNotFound');
    // A whole day in another zone: the Beijing evening is the London afternoon of the same date.
    const london = await messages([
      '--group',
      '读书会三群',
      '--from',
      '2024-05-06',
      '--to',
      '2024-05-06',
      '--tz',
      '+01:00',
    ]);
    expect(london.listing.total).toBe(9);
    expect(london.lines[1]).toMatch(/^2024-05-06 13:05:00/);
    expect(
      (await messages(['--from', '2024-05-07', '--tz', '+12:00', '--group', '读书会三群'])).listing.total,
    ).toBe(9);
    expect(
      (await messages(['--from', '2024-05-07', '--tz', '+01:00', '--group', '读书会三群'])).listing.total,
    ).toBe(0);
  });
});
