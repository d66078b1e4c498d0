/** Pieces every parser shares: rejected rows, chat names from file names, WeChat type codes, TXT blocks. */
import { classifyNotice, classifyPlaceholder, stripMarkup, xmlText, type ContentType } from '../content';
import { CsvParser, readLineBatches, type CsvRow } from '../text';
import type { ParsedMessage, ParsedRecord, RejectedRow, TextChunks } from '../types';

/** How exports name the exporting account when they do not print its name. */
export const selfName = '我';

export function rejected(
  line: number,
  reason: string,
  params?: Record<string, string | number>,
): RejectedRow {
  return params
    ? { line, reason: `import.rows.${reason}`, params }
    : { line, reason: `import.rows.${reason}` };
}

export function skipped(line: number, reason: string): RejectedRow {
  return { line, reason: `import.rows.${reason}`, skipped: true };
}

/** A JSON value as text: strings as they are, numbers printed, anything else empty. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** One JSON object from a streamed element, or null when the text is not one. */
export function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A message record; notices never carry a sender, whatever the row said. */
export function messageRecord(message: ParsedMessage): ParsedMessage {
  return message.kind === 'system' && (message.senderName !== '' || message.senderId !== null)
    ? { ...message, senderName: '', senderId: null }
    : message;
}

export interface CsvDataRow {
  fields: string[];
  line: number;
  /** The header row in force (split files glued together may each bring their own). */
  header: string[];
}

export interface CsvFormat {
  isHeader(fields: string[]): boolean;
  /** Fewest fields a data row needs under `header`. */
  minFields(header: string[]): number;
  toRecord(row: CsvDataRow): ParsedRecord;
}

/**
 * The records of a CSV export: header rows are recognised (a repeated one, from split files glued together, is a
 * skipped row), rows before any header and rows with too few fields are rejected, the rest go through `toRecord`.
 * Records come a chunk's worth at a time, so the async hop is paid per chunk, not per row.
 */
export async function* csvRecords(chunks: TextChunks, format: CsvFormat): AsyncGenerator<ParsedRecord[]> {
  let header: string[] | null = null;
  const toRecords = (rows: CsvRow[]): ParsedRecord[] => {
    const out: ParsedRecord[] = [];
    for (const { fields, line } of rows) {
      if (format.isHeader(fields)) {
        if (header) out.push(skipped(line, 'repeatedHeader'));
        header = fields;
      } else if (!header) out.push(rejected(line, 'noHeader'));
      else if (fields.length < format.minFields(header)) {
        out.push(rejected(line, 'fieldCount', { expected: header.length, found: fields.length }));
      } else out.push(format.toRecord({ fields, line, header }));
    }
    return out;
  };
  const parser = new CsvParser();
  for await (const chunk of chunks) {
    // The chunk's rows (a dozen strings each) are garbage once converted, not held while the records are written:
    // whatever is alive when V8 collects its young generation is copied, and enough of that makes V8 double it.
    const records = toRecords(parser.push(chunk));
    if (records.length > 0) yield records;
  }
  const rest = toRecords(parser.end());
  if (rest.length > 0) yield rest;
}

/** A message of a TXT export (no ids there): a notice when `isNotice`, else the content's placeholder says the kind. */
export function textMessage(
  block: TimedBlock,
  senderName: string,
  content: string,
  chatName: string | null,
  isNotice: boolean,
): ParsedMessage {
  const typed = isNotice
    ? { kind: 'system' as const, systemEvent: classifyNotice(content) }
    : classifyPlaceholder(content);
  const { sentAt, line } = block;
  return messageRecord({
    sentAt,
    senderName,
    senderId: null,
    // Spelled out: an object spread per row costs more than building the rest of the record.
    kind: typed.kind,
    systemEvent: typed.systemEvent,
    content,
    serverId: null,
    chatName,
    line,
  });
}

/** A row whose time could not be read. */
export function badTime(line: number, value: unknown): RejectedRow {
  return rejected(line, 'badTime', { value: String(value).slice(0, 40) });
}

/**
 * The chat's name from an export's file name: MemoTrace `<remark>_utf8.csv` / `<remark>.txt`, PyWxDump
 * `<wxid>_<start>_<end>.csv`, chatlog `<talker>_<start>_<end>.csv`. Null for generic names such as `index.txt`.
 */
export function chatNameFromFileName(fileName: string): string | null {
  let name = fileName.replace(/\.[A-Za-z0-9]{1,6}$/, '');
  name = name.replace(/_(utf8|weclone)$/i, '').replace(/_chat$/i, '');
  name = name.replace(/_\d+_\d+$/, '').replace(/_\d{8,}_\d{8,}$/, '');
  name = name.trim();
  if (!name || /^(index|messages|data|export|chat|users)$/i.test(name)) return null;
  return name;
}

/** Placeholders the importer stores for media, so searches and word scans do not see raw XML or paths. */
export const placeholder = {
  image: '[图片]',
  voice: '[语音]',
  video: '[视频]',
  emoji: '[表情]',
  location: '[位置]',
  card: '[名片]',
  call: '[通话]',
  redPacket: '[红包]',
  transfer: '[转账]',
  link: '[链接]',
  file: '[文件]',
  forward: '[聊天记录]',
  miniProgram: '[小程序]',
} as const;

export interface WechatMessage extends ContentType {
  content: string;
}

/**
 * Type and sub-type codes of the WeChat 3.x PC database (MemoTrace CSV and HTML, chatlog JSON), with the raw
 * content turned into readable text: placeholders for media, the title of app messages, notices without XML.
 */
export function wechatMessage(type: number, subType: number, raw: string): WechatMessage {
  switch (type) {
    case 1:
      return { kind: 'text', systemEvent: null, content: raw };
    case 3:
      return { kind: 'image', systemEvent: null, content: placeholder.image };
    case 34:
      return { kind: 'voice', systemEvent: null, content: placeholder.voice };
    case 43:
      return { kind: 'video', systemEvent: null, content: placeholder.video };
    case 47:
      return { kind: 'emoji', systemEvent: null, content: placeholder.emoji };
    case 48:
      return {
        kind: 'other',
        systemEvent: null,
        content: withTitle(placeholder.location, xmlAttribute(raw, 'label')),
      };
    case 42:
      return { kind: 'other', systemEvent: null, content: placeholder.card };
    case 50:
      return { kind: 'other', systemEvent: null, content: placeholder.call };
    case 49:
      return appMessage(subType, raw);
    case 10000:
    case 10002: {
      const text = type === 10002 ? (xmlText(raw, 'replacemsg') ?? stripMarkup(raw)) : stripMarkup(raw);
      const event =
        subType === 4
          ? 'pat'
          : subType === 8000
            ? 'invite'
            : type === 10002
              ? 'recall'
              : classifyNotice(text);
      return { kind: 'system', systemEvent: event, content: text };
    }
    default:
      return { kind: 'other', systemEvent: null, content: stripMarkup(raw) };
  }
}

function appMessage(subType: number, raw: string): WechatMessage {
  const title = raw.includes('<') ? xmlText(raw, 'title') : raw.trim() || null;
  switch (subType) {
    case 6:
      return { kind: 'file', systemEvent: null, content: withTitle(placeholder.file, title) };
    case 19:
      return { kind: 'other', systemEvent: null, content: withTitle(placeholder.forward, title) };
    case 33:
    case 36:
      return { kind: 'link', systemEvent: null, content: withTitle(placeholder.miniProgram, title) };
    case 57:
    case 53:
    case 87:
      // Quote replies, 接龙 and group notices: the title is the text the member wrote.
      return { kind: 'text', systemEvent: null, content: title ?? '' };
    case 62:
      return { kind: 'system', systemEvent: 'pat', content: title ?? '' };
    case 2000:
      return { kind: 'other', systemEvent: 'transfer', content: withTitle(placeholder.transfer, null) };
    case 2001:
    case 2003:
      return { kind: 'other', systemEvent: 'redPacket', content: withTitle(placeholder.redPacket, title) };
    default:
      return { kind: 'link', systemEvent: null, content: withTitle(placeholder.link, title) };
  }
}

function withTitle(label: string, title: string | null): string {
  return title ? `${label} ${title}` : label;
}

function xmlAttribute(xml: string, name: string): string | null {
  const match = new RegExp(`\\b${name}="([^"]{0,500})"`).exec(xml);
  return match?.[1] ? stripMarkup(match[1]) : null;
}

export interface TextBlock {
  /** The header line's regex match. */
  header: RegExpExecArray;
  line: number;
  /** Content lines, without the blank line that ends the block. */
  body: string[];
}

/**
 * The block structure of TXT exports: `header\ncontent…\n\n`. A header is only a header at the start of the file or
 * after a blank line, so content that itself looks like a header (quoted times, forwarded records) stays content.
 * Blank lines inside a message are kept when the next line is not a header.
 */
export async function* readTextBlocks(chunks: TextChunks, header: RegExp): AsyncGenerator<TextBlock[]> {
  let current: TextBlock | null = null;
  let previousBlank = true;
  for await (const lines of readLineBatches(chunks)) {
    const blocks: TextBlock[] = [];
    for (const line of lines) {
      const match = previousBlank ? header.exec(line.text) : null;
      if (match) {
        if (current) blocks.push(finishBlock(current));
        current = { header: match, line: line.line, body: [] };
      } else current?.body.push(line.text);
      previousBlank = line.text.trim() === '';
    }
    if (blocks.length > 0) yield blocks;
  }
  if (current) yield [finishBlock(current)];
}

export interface TimedBlock extends TextBlock {
  sentAt: number;
}

/**
 * The records of a TXT export: blocks whose header matches `header`, the time read from group `timeGroup`
 * (unreadable times are rejected), each timed block through `toRecord`. A chunk's worth at a time.
 */
export async function* textRecords(
  chunks: TextChunks,
  header: RegExp,
  timeGroup: number,
  parseTime: (text: string) => number,
  toRecord: (block: TimedBlock) => ParsedRecord,
): AsyncGenerator<ParsedRecord[]> {
  for await (const blocks of readTextBlocks(chunks, header)) {
    yield blocks.map((block) => {
      const timeText = block.header[timeGroup] ?? '';
      const sentAt = parseTime(timeText);
      return Number.isNaN(sentAt)
        ? badTime(block.line, timeText)
        : toRecord(Object.assign(block, { sentAt }));
    });
  }
}

function finishBlock(block: TextBlock): TextBlock {
  let end = block.body.length;
  while (end > 0 && block.body[end - 1]!.trim() === '') end -= 1;
  if (end !== block.body.length) block.body.length = end;
  return block;
}
