import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeChunks, detectEncoding, isValidUtf8 } from '../../../electron/main/import/encoding';
import { parseJsLiteral } from '../../../electron/main/import/jsLiteral';
import { scanJsonBatches, type JsonEvent } from '../../../electron/main/import/jsonStream';
import { bufferByteChunks } from '../../../electron/main/import/source';
import { CsvParser, maxRecordChars, readLines, type CsvRow } from '../../../electron/main/import/text';
import { appErrorKey } from './support';

async function* textChunks(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

function parseCsv(text: string, chunkSize = text.length || 1): CsvRow[] {
  const parser = new CsvParser();
  const rows: CsvRow[] = [];
  for (let at = 0; at < text.length; at += chunkSize)
    rows.push(...parser.push(text.slice(at, at + chunkSize)));
  rows.push(...parser.end());
  return rows;
}

/** Python csv.writer's minimal quoting. */
function writeCsv(rows: string[][], lineEnd: string): string {
  const quote = (field: string) =>
    /[",\r\n]/.test(field) || field === '' ? `"${field.replace(/"/g, '""')}"` : field;
  return rows.map((row) => row.map(quote).join(',') + lineEnd).join('');
}

describe('CSV parser', () => {
  it.each([
    [
      'plain rows, CRLF',
      'a,b,c\r\n1,2,3\r\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    ['quoted field with comma, quote and LF', 'x,"a,""b""\nc",y\n', [['x', 'a,"b"\nc', 'y']]],
    [
      '\\r\\r\\n row ends (blank lines in Excel)',
      'a,b\r\r\n1,"2"\r\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'empty fields and a missing newline at the end',
      ',,\n"",x',
      [
        ['', '', ''],
        ['', 'x'],
      ],
    ],
    ['blank lines between rows are no rows', 'a\n\n\nb\n', [['a'], ['b']]],
    ['text after a closing quote is kept', '"ab"c,d\n', [['abc', 'd']]],
  ])('%s', (_, text, expected) => {
    expect(parseCsv(text).map((row) => row.fields)).toEqual(expected);
  });

  it('numbers rows by the line they start on', () => {
    expect(parseCsv('h\n"two\nlines"\nnext\n').map((row) => row.line)).toEqual([1, 2, 4]);
  });

  it('reports a quoted field left open at the end as a cut-off file', async () => {
    expect(await appErrorKey(async () => parseCsv('a,"never closed\nmore'))).toBe('import.errors.truncated');
  });

  it('refuses a record longer than the limit instead of buffering it', async () => {
    const parser = new CsvParser();
    const piece = 'x'.repeat(1 << 20);
    expect(
      await appErrorKey(async () => {
        for (let i = 0; i <= maxRecordChars / piece.length + 1; i += 1) parser.push(piece);
      }),
    ).toBe('import.errors.recordTooLong');
  });

  it('parses whatever Python-style CSV it is given the same way at any chunk size', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r\n', ' ', '文'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r\r\n'),
        fc.integer({ min: 1, max: 17 }),
        (rows, lineEnd, chunkSize) => {
          const text = writeCsv(rows, lineEnd);
          expect(parseCsv(text, chunkSize).map((row) => row.fields)).toEqual(rows);
        },
      ),
    );
  });
});

describe('line reader', () => {
  it('splits LF, CRLF and CRCRLF at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', '中', ' ', '"'), maxLength: 8 }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.constantFrom('\n', '\r\n', '\r\r\n'),
        fc.integer({ min: 1, max: 9 }),
        async (lines, lineEnd, chunkSize) => {
          const read: string[] = [];
          for await (const line of readLines(textChunks(lines.join(lineEnd), chunkSize)))
            read.push(line.text);
          // A line end after the last line terminates it rather than starting an empty one.
          expect(read).toEqual(lines.at(-1) === '' ? lines.slice(0, -1) : lines);
        },
      ),
    );
  });
});

describe('encoding detection and decoding', () => {
  it('tells UTF-8 from GB18030 by strict validation, ignoring a character cut at the sample end', () => {
    const utf8 = Buffer.from('群聊记录，包含中文与 emoji 😀', 'utf8');
    expect(detectEncoding(utf8, true).encoding).toBe('utf-8');
    expect(detectEncoding(utf8.subarray(0, utf8.length - 2), false).encoding).toBe('utf-8');
    expect(isValidUtf8(utf8.subarray(0, utf8.length - 2), false)).toBe(false);
    expect(detectEncoding(iconv.encode('群聊记录，包含中文', 'gbk'), true).encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true)).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
    });
    expect(isValidUtf8(Buffer.from([0xc0, 0x80]))).toBe(false);
    expect(isValidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(false);
  });

  it('decodes any text in any supported encoding, whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', '中', '，', '😀', '\n', 'é', '群'), maxLength: 40 }),
        fc.constantFrom('utf-8', 'utf-16le', 'utf-16be', 'gb18030'),
        fc.integer({ min: 1, max: 7 }),
        async (text, encoding, chunkSize) => {
          const bytes = iconv.encode(text, encoding);
          let decoded = '';
          for await (const chunk of decodeChunks(bufferByteChunks(bytes, chunkSize), encoding))
            decoded += chunk;
          expect(decoded).toBe(text);
        },
      ),
    );
  });

  it('refuses NUL characters as binary content', async () => {
    expect(
      await appErrorKey(async () => {
        for await (const chunk of decodeChunks(bufferByteChunks(Buffer.from('ok\u0000no')), 'utf-8'))
          void chunk;
      }),
    ).toBe('import.errors.binary');
  });
});

async function scan(
  text: string,
  options: Parameters<typeof scanJsonBatches>[1],
  chunkSize: number,
): Promise<JsonEvent[]> {
  const events: JsonEvent[] = [];
  for await (const batch of scanJsonBatches(textChunks(text, chunkSize), options)) events.push(...batch);
  return events;
}

describe('streaming JSON scanner', () => {
  const value = fc.jsonValue({ maxDepth: 3 });

  it('yields each element of a root array as text that parses back to it, at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 6 }),
        fc.integer({ min: 1, max: 13 }),
        fc.boolean(),
        async (items, chunkSize, pretty) => {
          const text = JSON.stringify(items, null, pretty ? 2 : undefined);
          const events = await scan(text, {}, chunkSize);
          expect(events.map((event) => JSON.parse(event.raw) as unknown)).toEqual(JSON.parse(text));
        },
      ),
    );
  });

  it('streams the chosen member of a root object, captures headers and skips the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 5 }),
        value,
        value,
        fc.integer({ min: 1, max: 11 }),
        async (messages, meta, extra, chunkSize) => {
          const document = { meta, 'avatars\\"x': extra, messages, after: extra };
          const text = JSON.stringify(document, null, 1);
          const events = await scan(
            text,
            { streamKeys: new Set(['messages']), captureKeys: new Set(['meta']) },
            chunkSize,
          );
          const items = events
            .filter((event) => event.type === 'item')
            .map((event) => JSON.parse(event.raw) as unknown);
          const values = events.filter((event) => event.type === 'value');
          expect(items).toEqual(JSON.parse(JSON.stringify(messages)));
          expect(values.map((event) => [event.key, JSON.parse(event.raw)])).toEqual([
            ['meta', JSON.parse(JSON.stringify(meta))],
          ]);
        },
      ),
    );
  });

  it('reports a document cut off before it closes', async () => {
    const text = JSON.stringify({ messages: [{ a: 1 }, { b: '}]' }] });
    for (let cut = 1; cut < text.length; cut += 1) {
      expect(
        await appErrorKey(() => scan(text.slice(0, cut), { streamKeys: new Set(['messages']) }, 5)),
      ).toBe('import.errors.truncated');
    }
  });

  it('finds a JS array after a marker in HTML and reads single-quoted strings', async () => {
    const html = `<script>var x = 1;\nconst chatMessages = [\n{ type:1, text: 'it\\'s ] fine', n: -1.5e2 },\n{ text: "双" }\n];</script>`;
    const events = await scan(html, { startMarker: 'const chatMessages =', singleQuotes: true }, 4);
    expect(events.map((event) => parseJsLiteral(event.raw))).toEqual([
      { type: 1, text: "it's ] fine", n: -150 },
      { text: '双' },
    ]);
    expect(events.map((event) => event.line)).toEqual([3, 4]);
  });
});

describe('JS literal parser', () => {
  it('reads what JSON.stringify writes, and plain JS object literals', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (item) => {
        expect(parseJsLiteral(JSON.stringify(item))).toEqual(JSON.parse(JSON.stringify(item)));
      }),
    );
    expect(parseJsLiteral("{a:'x\\ny', b:[1,true,null], 'c d':\"\\u4e2d\"}")).toEqual({
      a: 'x\ny',
      b: [1, true, null],
      'c d': '中',
    });
  });

  it('never pollutes prototypes and rejects garbage with its own error', () => {
    const parsed = parseJsLiteral('{__proto__: {polluted: 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const bad of ['{a:', "{a:'x}", '{1:2}', '[1 2]', 'alert(1)'])
      expect(() => parseJsLiteral(bad)).toThrow();
  });
});
