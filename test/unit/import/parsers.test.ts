import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportFormat } from '../../../shared/ipc/channels/imports';
import { appErrorKey, collectFile, comparable, fixture, scenario, type ExpectedMessage } from './support';

const withoutIds = (messages: readonly ExpectedMessage[]) =>
  messages.map((message) => ({ ...message, id: null }));
const renamed = (from: string, to: string) => (message: ExpectedMessage) =>
  message.name === from ? { ...message, name: to } : message;
const notSystem = (message: ExpectedMessage) => message.kind !== 'system';
const [invite, , , , , , recall, selfMessage, leave] = scenario as ExpectedMessage[] as [
  ExpectedMessage,
  ExpectedMessage,
  ExpectedMessage,
  ExpectedMessage,
  ExpectedMessage,
  ExpectedMessage,
  ExpectedMessage,
  ExpectedMessage,
  ExpectedMessage,
];

interface FixtureCase {
  file: string;
  format: ImportFormat;
  bom?: boolean;
  date?: string;
  expected: readonly ExpectedMessage[];
  serverIds?: boolean;
  chatName: string;
}

const cases: FixtureCase[] = [
  {
    file: 'memotrace/读书会三群_utf8.csv',
    format: 'memotrace-csv',
    bom: true,
    expected: scenario,
    chatName: '读书会三群',
  },
  {
    file: 'memotrace/读书会三群.txt',
    format: 'memotrace-txt',
    // The TXT export prints the sanitised remark (`.` -> `_`) and no wxid.
    expected: withoutIds(scenario).map(renamed('Anna.林', 'Anna_林')),
    chatName: '读书会三群',
  },
  {
    file: 'memotrace/读书会三群.html',
    format: 'memotrace-html',
    expected: withoutIds(scenario),
    chatName: '读书会三群',
  },
  {
    file: 'pywxdump/20240506123@chatroom_0_10.csv',
    format: 'pywxdump-csv',
    expected: scenario,
    serverIds: true,
    chatName: '读书会三群',
  },
  {
    file: 'pywxdump/20240506123@chatroom_0_10.json',
    format: 'pywxdump-json',
    expected: scenario,
    serverIds: true,
    chatName: '读书会三群',
  },
  {
    file: 'pywxdump-old/20240506123@chatroom_0_10.csv',
    format: 'pywxdump-csv',
    // No users.json beside this one: senders keep their wxids as names.
    expected: scenario.map((message) => (message.id ? { ...message, name: message.id } : message)),
    serverIds: true,
    chatName: '20240506123@chatroom',
  },
  {
    file: 'weflow/读书会三群.json',
    format: 'weflow-json',
    expected: scenario,
    serverIds: true,
    chatName: '读书会三群',
  },
  {
    file: 'weflow/读书会三群.txt',
    format: 'weflow-txt',
    expected: withoutIds(scenario.filter((message) => notSystem(message) || message === recall)),
    chatName: '读书会三群',
  },
  {
    file: 'weflow/读书会三群_weclone.csv',
    format: 'weclone-csv',
    bom: true,
    expected: withoutIds(scenario.filter(notSystem)),
    serverIds: true,
    chatName: '读书会三群',
  },
  {
    file: 'chatlab/读书会三群.json',
    format: 'chatlab-json',
    expected: scenario,
    serverIds: true,
    chatName: '读书会三群',
  },
  {
    file: 'chatlab/读书会三群.jsonl',
    format: 'chatlab-jsonl',
    expected: scenario,
    serverIds: true,
    chatName: '读书会三群',
  },
  {
    file: 'chatlog/读书会三群.csv',
    format: 'chatlog-csv',
    // chatlog drops PC-3.x recall bodies and prints the exporting account without a name.
    expected: scenario.filter((message) => message !== recall).map(renamed('运营小陈', '我')),
    chatName: '读书会三群',
  },
  {
    file: 'chatlog/读书会三群.json',
    format: 'chatlog-json',
    expected: scenario.filter((m) => m !== recall).map(renamed('运营小陈', '我')),
    serverIds: true,
    chatName: '读书会三群',
  },
  {
    file: 'chatlog/读书会三群-range.txt',
    format: 'chatlog-txt',
    date: '2024-05-06',
    expected: scenario
      .filter((m) => m !== recall)
      .map((m) => (m === selfMessage ? { ...m, name: '我', id: null } : m)),
    chatName: '读书会三群-range',
  },
  {
    file: 'chatlog/读书会三群-day.txt',
    format: 'chatlog-txt',
    date: '2024-05-06',
    expected: scenario
      .filter((m) => m !== recall)
      .map((m) => (m === selfMessage ? { ...m, name: '我', id: null } : m)),
    chatName: '读书会三群-day',
  },
  {
    file: 'wechatexporter/index.txt',
    format: 'wechatexporter-txt',
    // Notices have no time: they take the time of the message before them (the first one, the next).
    expected: withoutIds(scenario).map((message) =>
      message.content === invite.content
        ? { ...message, at: '2024-05-06T12:00:07.000Z' }
        : message.content === recall.content
          ? { ...message, at: '2024-05-06T12:02:10.000Z' }
          : message.content === leave.content
            ? { ...message, at: '2024-05-06T12:04:00.000Z' }
            : message,
    ),
    chatName: '读书会三群',
  },
];

describe('parsers on the test fixtures', () => {
  it.each(cases)('$file is read as $format', async (testCase) => {
    const result = await collectFile(fixture(testCase.file), { date: testCase.date });
    expect(result.format).toBe(testCase.format);
    expect(result.encoding).toBe('utf-8');
    expect(result.bomLength).toBe(testCase.bom ? 3 : 0);
    expect(result.rejected.filter((row) => !row.skipped)).toEqual([]);
    expect(comparable(result.messages)).toEqual(testCase.expected);
    expect(result.messages.every((message) => message.chatName === testCase.chatName)).toBe(true);
    const serverIds = result.messages
      .filter((message) => message.kind !== 'system')
      .map((message) => message.serverId);
    if (testCase.serverIds) expect(serverIds.every((id) => id !== null)).toBe(true);
    else expect(serverIds.every((id) => id === null)).toBe(true);
    // Line numbers point at where each record starts, in file order.
    const lines = result.messages.map((message) => message.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('reads 9-field rows old MemoTrace builds wrote under the 12-column header', async () => {
    const result = await collectFile(fixture('memotrace/老同学_utf8.csv'));
    expect(result.format).toBe('memotrace-csv');
    expect(comparable(result.messages)).toEqual([
      {
        at: '2024-01-01T04:00:00.000Z',
        name: '老同学',
        id: null,
        kind: 'text',
        event: null,
        content: '新年快乐',
      },
      {
        at: '2024-01-01T04:01:00.000Z',
        name: '我',
        id: null,
        kind: 'text',
        event: null,
        content: '同乐同乐',
      },
      {
        at: '2024-01-01T04:02:00.000Z',
        name: '老同学',
        id: null,
        kind: 'voice',
        event: null,
        content: '[语音]',
      },
    ]);
  });

  it('asks for the date when chatlog text omits it, and applies the time zone given', async () => {
    expect(await appErrorKey(() => collectFile(fixture('chatlog/读书会三群-day.txt')))).toBe(
      'import.errors.dateRequired',
    );
    expect(await appErrorKey(() => collectFile(fixture('chatlog/读书会三群-range.txt')))).toBe(
      'import.errors.dateRequired',
    );
    const utc = await collectFile(fixture('chatlog/读书会三群-day.txt'), {
      date: '2024-05-06',
      offsetMinutes: 0,
    });
    expect(new Date(utc.messages[1]!.sentAt).toISOString()).toBe('2024-05-06T20:00:07.000Z');
  });

  it('refuses LLM-training exports with their own reasons', async () => {
    expect(await appErrorKey(() => collectFile(fixture('refused/读书会三群_chat.txt')))).toBe(
      'import.errors.aiTxt',
    );
    expect(await appErrorKey(() => collectFile(fixture('refused/training.json')))).toBe(
      'import.errors.llmJson',
    );
  });
});

describe('encodings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qundesk-enc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const txt = readFileSync(fixture('memotrace/读书会三群.txt'), 'utf8');
  const expected = comparable([]).concat(withoutIds(scenario).map(renamed('Anna.林', 'Anna_林')));

  const variants: [string, Buffer, string][] = [
    ['gbk', iconv.encode(txt, 'gbk'), 'gb18030'],
    ['gb18030', iconv.encode(txt, 'gb18030'), 'gb18030'],
    [
      'utf-16le with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(txt, 'utf-16le')]),
      'utf-16le',
    ],
    [
      'utf-16be with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(txt, 'utf-16be')]),
      'utf-16be',
    ],
    ['utf-16le without BOM', iconv.encode(txt, 'utf-16le'), 'utf-16le'],
    ['utf-16be without BOM', iconv.encode(txt, 'utf-16be'), 'utf-16be'],
  ];

  it.each(variants)('detects %s and reads the same messages', async (name, bytes, encoding) => {
    const path = join(dir, `读书会三群-${name.replace(/\W+/g, '_')}.txt`);
    writeFileSync(path, bytes);
    const result = await collectFile(path);
    expect(result.encoding).toBe(encoding);
    expect(result.format).toBe('memotrace-txt');
    expect(comparable(result.messages)).toEqual(expected);
  });

  it('reads a PyWxDump CSV re-saved by Excel as GBK with minute times', async () => {
    const csv = readFileSync(fixture('pywxdump/20240506123@chatroom_0_10.csv'), 'utf8').replace(
      /2024-05-06 (\d\d):(\d\d):\d\d/g,
      (_, hour: string, minute: string) => `2024/5/6 ${Number(hour)}:${minute}`,
    );
    const folder = mkdtempSync(join(dir, 'excel-'));
    writeFileSync(join(folder, '20240506123@chatroom_0_10.csv'), iconv.encode(csv, 'gbk'));
    writeFileSync(join(folder, 'users.json'), readFileSync(fixture('pywxdump/users.json')));
    const result = await collectFile(join(folder, '20240506123@chatroom_0_10.csv'));
    expect(result.encoding).toBe('gb18030');
    expect(comparable(result.messages)).toEqual(
      scenario.map((message) => ({ ...message, at: message.at.replace(/:\d\d\.000Z$/, ':00.000Z') })),
    );
  });

  it('honours a forced encoding over detection', async () => {
    const path = join(dir, 'forced.txt');
    writeFileSync(path, iconv.encode(txt, 'gbk'));
    const forced = await collectFile(path, { encoding: 'gbk' });
    expect(forced.encoding).toBe('gbk');
    expect(comparable(forced.messages)).toEqual(expected);
  });
});
