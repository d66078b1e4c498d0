/**
 * Property tests for every parser: generated exports of its own format (random senders, times, content, line ends,
 * rows with unreadable times) are read row for row at any chunk size, and once damaged (flipped, cut, spliced bytes)
 * still parse cleanly; random bytes, truncations and chunk boundaries never make a parser throw anything but an
 * AppError, and whatever it yields is a well-formed record or rejection. Detection names the generated format.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageKinds } from '../../../shared/domain/types';
import { importFormats, systemEvents, type ImportFormat } from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';
import { detectFormat } from '../../../electron/main/import/detect';
import { china, collectBytes, fixture, type Collected } from './support';

const fixtureOf: Record<ImportFormat, string> = {
  'memotrace-csv': 'memotrace/读书会三群_utf8.csv',
  'memotrace-txt': 'memotrace/读书会三群.txt',
  'memotrace-html': 'memotrace/读书会三群.html',
  'pywxdump-csv': 'pywxdump/20240506123@chatroom_0_10.csv',
  'pywxdump-json': 'pywxdump/20240506123@chatroom_0_10.json',
  'weflow-json': 'weflow/读书会三群.json',
  'weflow-txt': 'weflow/读书会三群.txt',
  'weclone-csv': 'weflow/读书会三群_weclone.csv',
  'chatlab-json': 'chatlab/读书会三群.json',
  'chatlab-jsonl': 'chatlab/读书会三群.jsonl',
  'chatlog-csv': 'chatlog/读书会三群.csv',
  'chatlog-json': 'chatlog/读书会三群.json',
  'chatlog-txt': 'chatlog/读书会三群-range.txt',
  'wechatexporter-txt': 'wechatexporter/index.txt',
};

const bytesOf = (format: ImportFormat) => {
  const bytes = readFileSync(fixture(fixtureOf[format]));
  // Parsers get text after the BOM, as the pipeline hands it to them.
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
};

const kinds = new Set<string>(messageKinds);
const events = new Set<string>(systemEvents);

function assertWellFormed(result: Collected): void {
  for (const message of result.messages) {
    expect(Number.isFinite(message.sentAt)).toBe(true);
    expect(kinds.has(message.kind)).toBe(true);
    expect(message.systemEvent === null || events.has(message.systemEvent)).toBe(true);
    expect(typeof message.content).toBe('string');
    expect(typeof message.senderName).toBe('string');
    expect(Number.isInteger(message.line) && message.line >= 1).toBe(true);
  }
  for (const row of result.rejected) {
    expect(row.reason).toMatch(/^import\.rows\.\w+$/);
    expect(row.line).toBeGreaterThanOrEqual(1);
  }
}

/** Parses; an AppError is a clean refusal, anything else fails the property. */
async function parseCleanly(
  format: ImportFormat,
  bytes: Uint8Array,
  chunkSize: number,
  fileName = 'fuzz.txt',
): Promise<Collected | AppError> {
  try {
    const result = await collectBytes(format, bytes, { chunkSize, date: '2024-05-06', fileName });
    assertWellFormed(result);
    return result;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/**
 * Generated exports. Each format is written from random senders, times and content the way its exporter writes
 * them, so every run has rows the parser must read; some rows carry a time no parser may accept. The writers know
 * what each row must come out as, which is the point: a parser that drops, merges or misreads a row is caught.
 */
interface Sender {
  id: string;
  name: string;
}

interface Row {
  sender: number;
  /** Epoch seconds. */
  at: number;
  /** Content lines (non-blank, trimmed: TXT exports cannot tell blank lines in a message from a block's end). */
  lines: string[];
  /** Index into the format's unreadable times, or null for a valid row. */
  bad: number | null;
}

/** Choices every writer reads its own way: line ends, indentation, a variant of the format. */
interface Shape {
  crlf: boolean;
  finalNewline: boolean;
  indent: number;
  variant: boolean;
  style: 0 | 1 | 2;
}

interface Expected {
  sentAt: number;
  senderName: string;
  content: string;
}

interface GeneratedFile {
  text: string;
  fileName: string;
  /** The messages the valid rows must become, in order. */
  expected: Expected[];
  /** Rows that must be rejected for their time. */
  badTimes: number;
}

/** Names without quotes, brackets or parentheses (TXT headers delimit names with them), never 我 or 系统. */
const nameChar = fc.constantFrom(...'周明安娜小陈林王李张读书会AbZz09._-😀', ' ');
const name = fc.array(nameChar, { minLength: 1, maxLength: 6 }).map((chars) => chars.join('').trim() || '周');
/** Content the exporters must carry through: CSV and JSON syntax, backslashes, tabs, astral characters. */
const contentChar = fc.constantFrom(
  ...'你好群读书会第三章交笔记abcXYZ0189',
  ...' ,.，。"\':;{}()<>?#@/\\\t',
  '😀',
  '𠮷',
);
const line = fc
  .array(contentChar, { minLength: 1, maxLength: 14 })
  .map((chars) => chars.join('').trim() || '好');
/** 2001-2098: inside the range every parser accepts, whatever the offset. */
const epochSeconds = fc.integer({ min: 978_307_200, max: 4_070_908_800 });

const rowArbitrary = (senders: number) =>
  fc.record({
    sender: fc.nat({ max: senders - 1 }),
    at: epochSeconds,
    lines: fc.array(line, { minLength: 1, maxLength: 3 }),
    // One row in eight has a time nothing may accept.
    bad: fc.oneof({ arbitrary: fc.constant(null), weight: 7 }, { arbitrary: fc.nat({ max: 6 }), weight: 1 }),
  });

const exportArbitrary = fc
  .record({
    senders: fc.array(name, { minLength: 1, maxLength: 4 }),
    chat: fc.constantFrom('读书会三群', '周末跑团', 'Book club'),
    shape: fc.record({
      crlf: fc.boolean(),
      finalNewline: fc.boolean(),
      indent: fc.constantFrom(0, 2, 4),
      variant: fc.boolean(),
      style: fc.constantFrom(0 as const, 1 as const, 2 as const),
    }),
  })
  .chain(({ senders, chat, shape }) =>
    fc
      .array(rowArbitrary(senders.length), { minLength: 1, maxLength: 10 })
      // At least one valid row, so every intact file has messages to read.
      .map((rows) => (rows.every((row) => row.bad !== null) ? [{ ...rows[0]!, bad: null }, ...rows] : rows))
      .map((rows) => ({
        senders: senders.map((senderName, index): Sender => ({ id: `wxid_fz${index}x`, name: senderName })),
        chat,
        shape,
        rows,
      })),
  );

type Export = { senders: Sender[]; chat: string; shape: Shape; rows: Row[] };

const room = '20240506123@chatroom';
const offsetMs = china * 60_000;
const two = (value: number) => String(value).padStart(2, '0');
/** `YYYY-MM-DD HH:MM:SS` on the exporting computer's clock (UTC+8). */
const localTime = (at: number) => new Date(at * 1000 + offsetMs).toISOString().slice(0, 19).replace('T', ' ');
/** Excel's re-save: `2024/5/6 9:05`, seconds gone. */
const excelTime = (at: number) => {
  const date = new Date(at * 1000 + offsetMs);
  return `${date.getUTCFullYear()}/${date.getUTCMonth() + 1}/${date.getUTCDate()} ${date.getUTCHours()}:${two(date.getUTCMinutes())}`;
};
const rfc3339 = (at: number) => `${localTime(at).replace(' ', 'T')}+08:00`;
const isoUtc = (at: number) => new Date(at * 1000).toISOString();

/** Times no parser may accept, in each way formats write times. */
const badLocalTimes = [
  '2024-02-30 10:00:00',
  '2023-02-29 08:00:00',
  '2024-13-01 10:00:00',
  '2024-05-06 24:00:00',
  '2024-05-06 20:60:00',
  '1999-12-31 23:59:59',
  '2100-01-01 08:00:00',
];
const badEpochs: (string | number | null)[] = ['soon', -1, 0, 946_684_799, 4_102_444_800, null, '1.5e9'];
const badIsoTimes = [
  '2024-02-30T10:00:00.000Z',
  '2024-05-06T25:00:00+08:00',
  'soon',
  '1999-12-31T23:59:59Z',
  '2024-04-31T08:00:00Z',
  '2100-01-01T00:00:00Z',
  '',
];

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const jsString = (value: string) =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;

/** Lines joined with the file's line end; JSON and quoted CSV keep `\n` inside values. */
function joinLines(lines: string[], shape: Shape): string {
  const eol = shape.crlf ? '\r\n' : '\n';
  return lines.join(eol) + (shape.finalNewline ? eol : '');
}

function json(value: unknown, shape: Shape): string {
  const text = JSON.stringify(value, null, shape.indent);
  return (shape.crlf ? text.replace(/\n/g, '\r\n') : text) + (shape.finalNewline ? '\n' : '');
}

/** The messages of the valid rows, named as the format names senders. */
function expectedOf(
  { rows, senders }: Export,
  nameOf: (sender: Sender) => string = (sender) => sender.name,
  sentAt: (at: number) => number = (at) => at * 1000,
): Expected[] {
  return rows
    .filter((row) => row.bad === null)
    .map((row) => ({
      sentAt: sentAt(row.at),
      senderName: nameOf(senders[row.sender]!),
      content: row.lines.join('\n'),
    }));
}

const badCount = ({ rows }: Export) => rows.filter((row) => row.bad !== null).length;

/** A text export of blocks: a line of time and sender (written by `nameAs`), the content lines, a blank line. */
function timeAndNameBlocks(file: Export, nameAs: (name: string) => string): GeneratedFile {
  const blocks = file.rows.map((row) => [
    `${row.bad !== null ? badLocalTimes[row.bad] : localTime(row.at)} ${nameAs(file.senders[row.sender]!.name)}`,
    ...row.lines,
    '',
  ]);
  return {
    text: joinLines(blocks.flat(), file.shape),
    fileName: `${file.chat}.txt`,
    expected: expectedOf(file),
    badTimes: badCount(file),
  };
}

/** Rows written as their exporter writes them, header and all, with the messages they must become. */
const writers: Record<ImportFormat, (file: Export) => GeneratedFile> = {
  'memotrace-csv': (file) => {
    const { rows, senders, shape } = file;
    const lines = [
      'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender',
      ...rows.map((row, index) => {
        const sender = senders[row.sender]!;
        // Some builds leave CreateTime empty: StrTime is read instead. A bad row has neither.
        const createTime = row.bad !== null ? 'x' : shape.variant && index % 2 ? '' : String(row.at);
        const strTime = row.bad !== null ? badLocalTimes[row.bad]! : localTime(row.at);
        return [500 + index, 3, 1, 0, 0, createTime, 4, row.lines.join('\n'), strTime]
          .concat([sender.name, index % 3 ? sender.name : '', sender.id])
          .map(csvField)
          .join(',');
      }),
    ];
    return {
      text: joinLines(lines, shape),
      fileName: `${file.chat}_utf8.csv`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'memotrace-txt': (file) => timeAndNameBlocks(file, (name) => name),
  'memotrace-html': (file) => {
    const items = file.rows.map((row) => {
      const bad = row.bad !== null ? badEpochs[row.bad] : undefined;
      const timestamp =
        row.bad === null ? String(row.at) : typeof bad === 'string' ? jsString(bad) : String(bad);
      const sender = file.senders[row.sender]!;
      return `{ type:1, text: ${jsString(row.lines.join('\n'))},is_send:0,avatar_path:'',timestamp:${timestamp},is_chatroom:1,displayname:${jsString(sender.name)}}`;
    });
    const lines = [
      '<!DOCTYPE html>',
      `<html lang="zh"><head><meta charset="UTF-8"><title>${file.chat}</title></head><body>`,
      '<script>',
      '    const chatMessages = [',
      items.join(',\n') + (file.shape.variant ? ',' : ''),
      '    ];',
      '    render(chatMessages);',
      '</script></body></html>',
    ];
    return {
      text: joinLines(lines, file.shape),
      fileName: `${file.chat}.html`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'pywxdump-csv': (file) => {
    const header = 'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime';
    const excel = file.shape.style === 1;
    const rows = file.rows.map((row, index) =>
      [
        index + 1,
        `81000000000000${index}`,
        '文本',
        0,
        file.senders[row.sender]!.id,
        room,
        row.lines.join('\n'),
        '',
      ]
        .concat([row.bad !== null ? badLocalTimes[row.bad]! : excel ? excelTime(row.at) : localTime(row.at)])
        .map(csvField)
        .join(','),
    );
    // Split files glued together repeat their header.
    if (file.shape.variant) rows.splice(Math.floor(rows.length / 2), 0, header);
    return {
      text: joinLines([header, ...rows], file.shape),
      fileName: `${room}_0_${rows.length}.csv`,
      // Without users.json the sender's name is its wxid; Excel dropped the seconds.
      expected: expectedOf(
        file,
        (sender) => sender.id,
        (at) => (excel ? at - (at % 60) : at) * 1000,
      ),
      badTimes: badCount(file),
    };
  },
  'pywxdump-json': (file) => {
    const items = file.rows.map((row, index) => ({
      id: index + 1,
      MsgSvrID: `81000000000000${index}`,
      type_name: '文本',
      is_sender: 0,
      talker: file.senders[row.sender]!.id,
      room_name: room,
      msg: row.lines.join('\n'),
      src: '',
      extra: {},
      CreateTime: row.bad !== null ? badLocalTimes[row.bad] : localTime(row.at),
    }));
    return {
      text: json(items, file.shape),
      fileName: `${room}_0_10.json`,
      expected: expectedOf(file, (sender) => sender.id),
      badTimes: badCount(file),
    };
  },
  'weflow-json': (file) => {
    const messages = file.rows.map((row, index) => {
      const sender = file.senders[row.sender]!;
      return {
        localId: index + 1,
        createTime: row.bad !== null ? badEpochs[row.bad] : file.shape.variant ? String(row.at) : row.at,
        formattedTime: '',
        type: '文本消息',
        localType: 1,
        content: row.lines.join('\n'),
        isSend: 0,
        senderUsername: sender.id,
        senderDisplayName: sender.name,
        source: '',
        platformMessageId: `81000000000000${index}`,
      };
    });
    const document = {
      weflow: { version: '1.0.3', exportedAt: 1715000000, generator: 'WeFlow' },
      session: { wxid: room, nickname: file.chat, remark: '', displayName: file.chat, type: '群聊' },
      messages,
    };
    return {
      text: json(document, file.shape),
      fileName: `${file.chat}.json`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'weflow-txt': (file) => timeAndNameBlocks(file, (name) => `'${name}'`),
  'weclone-csv': (file) => {
    const lines = [
      'id,MsgSvrID,type_name,is_sender,talker,msg,src,CreateTime',
      ...file.rows.map((row, index) =>
        [
          index + 1,
          `81000000000000${index}`,
          'text',
          0,
          file.senders[row.sender]!.name,
          row.lines.join('\n'),
          '',
        ]
          .concat([row.bad !== null ? badIsoTimes[row.bad]! : isoUtc(row.at)])
          .map(csvField)
          .join(','),
      ),
    ];
    return {
      text: joinLines(lines, file.shape),
      fileName: `${file.chat}_weclone.csv`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'chatlab-json': (file) => {
    const document = {
      chatlab: { version: '0.0.2', exportedAt: 1715000000, generator: 'WeFlow' },
      meta: { name: file.chat, platform: 'wechat', type: 'group', groupId: room },
      members: file.senders.map((sender) => ({ platformId: sender.id, accountName: sender.name })),
      messages: file.rows.map((row, index) => chatlabMessage(file, row, index)),
    };
    return {
      text: json(document, file.shape),
      fileName: `${file.chat}.json`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'chatlab-jsonl': (file) => {
    const { shape } = file;
    const lines = [
      ...(shape.style === 2 ? ['# ChatLab JSONL'] : []),
      JSON.stringify({
        _type: 'header',
        chatlab: { version: '0.0.2' },
        meta: { name: file.chat, platform: 'wechat' },
      }),
      ...file.senders.map((sender) =>
        JSON.stringify({ _type: 'member', platformId: sender.id, accountName: sender.name }),
      ),
      ...file.rows.map((row, index) =>
        JSON.stringify({ _type: 'message', ...chatlabMessage(file, row, index) }),
      ),
    ];
    return {
      text: joinLines(shape.style === 1 ? lines.flatMap((text) => [text, '']) : lines, shape),
      fileName: `${file.chat}.jsonl`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'chatlog-csv': (file) => {
    const lines = [
      'Time,SenderName,Sender,TalkerName,Talker,Content',
      ...file.rows.map((row) => {
        const sender = file.senders[row.sender]!;
        const time = row.bad !== null ? badLocalTimes[row.bad]! : localTime(row.at);
        return [time, sender.name, sender.id, file.chat, room, row.lines.join('\n')].map(csvField).join(',');
      }),
    ];
    return {
      text: joinLines(lines, file.shape),
      fileName: `${file.chat}.csv`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'chatlog-json': (file) => {
    const items = file.rows.map((row, index) => {
      const sender = file.senders[row.sender]!;
      const time =
        row.bad !== null ? badIsoTimes[row.bad] : file.shape.variant ? isoUtc(row.at) : rfc3339(row.at);
      return {
        seq: row.at * 1000 + index,
        time,
        talker: room,
        talkerName: file.chat,
        isChatRoom: true,
        sender: sender.id,
        senderName: sender.name,
        isSelf: false,
        type: 1,
        subType: 0,
        content: row.lines.join('\n'),
      };
    });
    return {
      text: json(items, file.shape),
      fileName: `${file.chat}.json`,
      expected: expectedOf(file),
      badTimes: badCount(file),
    };
  },
  'chatlog-txt': (file) => {
    // chatlog prints the full time, or drops the year (within one year) or the date (within one day): those
    // rows get their year or date from the export's date, 2024-05-06, as parseCleanly passes it.
    const { style } = file.shape;
    const rows = file.rows.map((row) => ({ ...row, at: style === 0 ? row.at : onExportDate(row.at, style) }));
    const blocks = rows.map((row) => {
      const sender = file.senders[row.sender]!;
      const who = file.shape.variant ? `${sender.name}(${sender.id})` : sender.name;
      const time =
        row.bad !== null
          ? badLocalTimes[row.bad]!
          : localTime(row.at).slice(style === 0 ? 0 : style === 1 ? 5 : 11);
      return [`${who} ${time}`, ...row.lines, ''];
    });
    return {
      text: joinLines(blocks.flat(), file.shape),
      fileName: `${file.chat}.txt`,
      expected: expectedOf({ ...file, rows }),
      badTimes: badCount(file),
    };
  },
  'wechatexporter-txt': (file) => {
    const { shape } = file;
    const lines: string[] = shape.variant ? [`${file.chat} - 微信聊天记录`, ''] : [];
    const expected: Expected[] = [];
    for (const row of file.rows) {
      const sender = file.senders[row.sender]!;
      const written = [
        `${sender.name} (${row.bad !== null ? badLocalTimes[row.bad] : localTime(row.at)}):${row.lines[0]}`,
        ...row.lines.slice(1),
      ];
      lines.push(...written);
      // No time, no message: a row with an unreadable time reads as more lines of the message before it.
      if (row.bad === null)
        expected.push({ sentAt: row.at * 1000, senderName: sender.name, content: row.lines.join('\n') });
      else if (expected.length > 0) expected[expected.length - 1]!.content += `\n${written.join('\n')}`;
    }
    return {
      text: joinLines(lines, shape),
      fileName: shape.variant ? 'index.txt' : `${file.chat}.txt`,
      expected,
      badTimes: 0,
    };
  },
};

function chatlabMessage(file: Export, row: Row, index: number): Record<string, unknown> {
  const sender = file.senders[row.sender]!;
  return {
    sender: sender.id,
    // Without accountName the name comes from the members list.
    ...(file.shape.variant ? {} : { accountName: sender.name }),
    timestamp: row.bad !== null ? badEpochs[row.bad] : file.shape.style === 1 ? row.at * 1000 : row.at,
    type: 0,
    content: row.lines.join('\n'),
    platformMessageId: `81000000000000${index}`,
  };
}

/** The same clock time moved into 2024 (style 1; a leap year, so 02-29 stays) or onto 2024-05-06 (style 2). */
function onExportDate(at: number, style: 1 | 2): number {
  const local = new Date(at * 1000 + offsetMs);
  const month = style === 1 ? local.getUTCMonth() : 4;
  const day = style === 1 ? local.getUTCDate() : 6;
  const clock = [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()] as const;
  return (Date.UTC(2024, month, day, ...clock) - offsetMs) / 1000;
}

const generatedFile = (format: ImportFormat) => exportArbitrary.map((file) => writers[format](file));

/** Fragments a corruption splices in: quotes, separators, brackets, line ends, headers of other formats. */
const tokens = fc.constantFrom(
  '"',
  "'",
  ',',
  '\n',
  '\r\n',
  '\n\n',
  '{',
  '}',
  '[',
  ']',
  ':',
  '\\',
  '中',
  '2024-05-06 20:00:07',
  '"messages":',
  '{"_type":"message",',
  'const chatMessages = [',
  'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n',
  ' (2024-05-06 20:00:07):',
  "'周明'\n",
  '撤回了一条消息',
);

/** Where a damage lands, as a fraction of the file's length (millionths), so it lands anywhere in it. */
const position = fc.nat({ max: 999_999 }).map((millionths) => millionths / 1_000_000);

/** One damage to the bytes of a file. */
const damage = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: position,
    value: fc.nat({ max: 255 }),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: position }),
  fc.record({
    kind: fc.constant('drop' as const),
    at: position,
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    token: tokens,
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: position,
    from: position,
    length: fc.integer({ min: 1, max: 80 }),
  }),
);
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;
/** Two runs in three leave the file intact; the rest damage it one to three times. */
const damages = fc.oneof(
  { arbitrary: fc.constant([] as Damage[]), weight: 2 },
  { arbitrary: fc.array(damage, { minLength: 1, maxLength: 3 }), weight: 1 },
);

function damaged(bytes: Buffer, list: readonly Damage[]): Buffer {
  let out = bytes;
  for (const step of list) {
    const at = Math.floor(step.at * out.length);
    if (step.kind === 'flip' && out.length > 0) {
      out = Buffer.from(out);
      out[Math.min(at, out.length - 1)] = step.value;
    } else if (step.kind === 'cut') out = out.subarray(0, at);
    else if (step.kind === 'drop') out = Buffer.concat([out.subarray(0, at), out.subarray(at + step.length)]);
    else if (step.kind === 'insert')
      out = Buffer.concat([out.subarray(0, at), Buffer.from(step.token), out.subarray(at)]);
    else if (step.kind === 'repeat') {
      const from = Math.floor(step.from * out.length);
      out = Buffer.concat([out.subarray(0, at), out.subarray(from, from + step.length), out.subarray(at)]);
    }
  }
  return out;
}

const chunkSizes = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(1 << 16));

describe.each(importFormats)('%s parser', (format) => {
  it('survives random bytes at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.integer({ min: 1, max: 64 }),
        async (bytes, chunkSize) => {
          await parseCleanly(format, bytes, chunkSize);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads every valid row of a generated export at any chunk size, and a damaged one cleanly', async () => {
    const seen = { intact: 0, intactWithMessages: 0, badRows: 0, damaged: 0, damagedWithMessages: 0 };
    await fc.assert(
      fc.asyncProperty(generatedFile(format), damages, chunkSizes, async (file, damage, chunkSize) => {
        const bytes = Buffer.from(file.text, 'utf8');
        const result = await parseCleanly(format, damaged(bytes, damage), chunkSize, file.fileName);
        if (damage.length > 0) {
          seen.damaged += 1;
          if (!(result instanceof AppError) && result.messages.length > 0) seen.damagedWithMessages += 1;
          return;
        }
        seen.intact += 1;
        expect(result).not.toBeInstanceOf(AppError);
        const { messages, rejected } = result as Collected;
        expect(messages.map(({ sentAt, senderName, content }) => ({ sentAt, senderName, content }))).toEqual(
          file.expected,
        );
        expect(messages.every((message) => message.kind === 'text')).toBe(true);
        expect(rejected.filter((row) => row.reason === 'import.rows.badTime')).toHaveLength(file.badTimes);
        expect(rejected.every((row) => row.skipped || row.reason === 'import.rows.badTime')).toBe(true);
        if (messages.length > 0) seen.intactWithMessages += 1;
        seen.badRows += file.badTimes;
      }),
      { numRuns: 90 },
    );
    // Not vacuous: every intact file yields messages and some rows are rejected; damaged files occur, and some
    // still yield messages (damage to a JSON file's structure refuses the whole file, so not most of them).
    expect(seen.intact).toBeGreaterThan(30);
    expect(seen.intactWithMessages).toBe(seen.intact);
    if (format !== 'wechatexporter-txt') expect(seen.badRows).toBeGreaterThan(0);
    expect(seen.damaged).toBeGreaterThan(10);
    expect(seen.damagedWithMessages).toBeGreaterThan(0);
    expect(seen.intactWithMessages + seen.damagedWithMessages).toBeGreaterThan(
      (seen.intact + seen.damaged) / 2,
    );
  });

  it('reads its fixture the same at any chunk size, and a cut-off copy cleanly', async () => {
    const bytes = bytesOf(format);
    const whole = await parseCleanly(format, bytes, 1 << 16);
    expect(whole).not.toBeInstanceOf(AppError);
    const wholeMessages = (whole as Collected).messages;
    expect(wholeMessages.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 97 }),
        fc.nat({ max: bytes.length }),
        async (chunkSize, cut) => {
          const chunked = await parseCleanly(format, bytes, chunkSize);
          expect((chunked as Collected).messages).toEqual(wholeMessages);
          const truncated = await parseCleanly(format, bytes.subarray(0, cut), chunkSize);
          // A cut-off file yields at most what the whole one does (line formats) or refuses cleanly.
          if (!(truncated instanceof AppError))
            expect(truncated.messages.length).toBeLessThanOrEqual(wholeMessages.length + 1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('survives single-byte corruption of its fixture', async () => {
    const bytes = bytesOf(format);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bytes.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        async (at, value) => {
          const corrupt = Buffer.from(bytes);
          corrupt[at] = value;
          await parseCleanly(format, corrupt, 13);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('format detection', () => {
  it.each(importFormats)(
    'names %s for generated exports, and a format or a clean refusal once damaged',
    (format) => {
      const seen = { intact: 0, damaged: 0 };
      fc.assert(
        fc.property(generatedFile(format), damages, (file, damage) => {
          if (damage.length === 0) {
            seen.intact += 1;
            expect(detectFormat(file.text, file.fileName)).toBe(format);
            return;
          }
          seen.damaged += 1;
          const text = damaged(Buffer.from(file.text, 'utf8'), damage).toString('utf8');
          try {
            expect(importFormats).toContain(detectFormat(text, file.fileName));
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        }),
        { numRuns: 60 },
      );
      expect(seen.intact).toBeGreaterThan(20);
      expect(seen.damaged).toBeGreaterThan(5);
    },
  );

  it.each(importFormats)('recognises the %s fixture', (format) => {
    expect(detectFormat(bytesOf(format).toString('utf8'), fixtureOf[format])).toBe(format);
  });
});
