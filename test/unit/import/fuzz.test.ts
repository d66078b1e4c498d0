/**
 * Property tests for every parser: random bytes, token soup, truncations and chunk boundaries never make a parser
 * throw anything but an AppError, and whatever it yields is a well-formed record or rejection.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageKinds } from '../../../shared/domain/types';
import { importFormats, systemEvents, type ImportFormat } from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';
import { detectFormat } from '../../../electron/main/import/detect';
import { collectBytes, fixture, type Collected } from './support';

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
): Promise<Collected | AppError> {
  try {
    const result = await collectBytes(format, bytes, { chunkSize, date: '2024-05-06', fileName: 'fuzz.txt' });
    assertWellFormed(result);
    return result;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/** Characters that steer every format's state machines: quotes, separators, brackets, line ends, digits, headers. */
const tokens = fc.constantFrom(
  '"',
  "'",
  ',',
  '\n',
  '\r',
  '\r\n',
  '{',
  '}',
  '[',
  ']',
  ':',
  '\\',
  ' ',
  '0',
  '9',
  '-',
  '中',
  '群',
  '2024-05-06 20:00:07',
  '"messages":',
  '"timestamp":1714996807',
  '{"_type":"message",',
  'const chatMessages = [',
  'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n',
  'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n',
  ' (2024-05-06 20:00:07):',
  "'周明'\n",
  '(wxid_a) 05-06 20:00:07\n',
  '<revokemsg>',
  '撤回了一条消息',
  '加入了群聊',
);

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

  it('survives token soup built from its own syntax', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(tokens, { maxLength: 80 }),
        fc.integer({ min: 1, max: 32 }),
        async (parts, chunkSize) => {
          await parseCleanly(format, Buffer.from(parts.join(''), 'utf8'), chunkSize);
        },
      ),
      { numRuns: 60 },
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
  it('either names a format or refuses with an AppError, for any text', () => {
    fc.assert(
      fc.property(
        fc.array(tokens, { maxLength: 40 }),
        fc.constantFrom('a.csv', 'b.txt', 'c.json', 'd.html'),
        (parts, name) => {
          try {
            expect(importFormats).toContain(detectFormat(parts.join(''), name));
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
    );
  });

  it.each(importFormats)('recognises the %s fixture', (format) => {
    expect(detectFormat(bytesOf(format).toString('utf8'), fixtureOf[format])).toBe(format);
  });
});
