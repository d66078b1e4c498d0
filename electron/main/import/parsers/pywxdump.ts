/**
 * PyWxDump (xaoyaoo/PyWxDump) exports: CSV `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime`
 * (older builds: one `content` JSON cell instead of `msg,src`), split into 5,000-row files, and the JSON array
 * (also inside the HTML export's `data.js`). Senders are wxids; names come from the `users.json` beside the files.
 */
import type { MessageKind } from '../../../../shared/domain/types';
import { classifyNotice, stripMarkup } from '../content';
import { scanJsonBatches } from '../jsonStream';
import { parseExportTime } from '../time';
import type {
  ParsedMessage,
  ParsedRecord,
  ParseOptions,
  RejectedRow,
  SystemEvent,
  TextChunks,
} from '../types';
import {
  badTime,
  csvRecords,
  messageRecord,
  parseObject,
  placeholder,
  rejected,
  selfName,
  type CsvDataRow,
} from './common';

export const pywxdumpCsvPrefix = 'id,MsgSvrID,type_name,is_sender,talker,room_name,';
export const pywxdumpDataJsMarker = 'const local_msg_list =';

/** `type_name` labels PyWxDump writes, by the kind and event they mean. */
const typeNames: Record<string, { kind: MessageKind; event?: SystemEvent }> = {
  文本: { kind: 'text' },
  图片: { kind: 'image' },
  语音: { kind: 'voice' },
  视频: { kind: 'video' },
  动画表情: { kind: 'emoji' },
  位置: { kind: 'other' },
  文件: { kind: 'file' },
  卡片式链接: { kind: 'link' },
  分享卡片式链接: { kind: 'link' },
  '(分享)卡片式链接': { kind: 'link' },
  合并转发的聊天记录: { kind: 'other' },
  引用回复: { kind: 'text' },
  转账: { kind: 'other', event: 'transfer' },
  红包: { kind: 'other', event: 'redPacket' },
  语音通话: { kind: 'other' },
  视频通话: { kind: 'other' },
  系统通知: { kind: 'system' },
  拍一拍: { kind: 'system', event: 'pat' },
  消息撤回57: { kind: 'system', event: 'recall' },
  邀请加群: { kind: 'system', event: 'invite' },
  名片: { kind: 'other' },
  小程序: { kind: 'link' },
};

/** PyWxDump writes `图片` / `视频` / `动画表情` for media: store the importer's placeholders instead. */
const mediaPlaceholders: Partial<Record<MessageKind, string>> = {
  image: placeholder.image,
  video: placeholder.video,
  emoji: placeholder.emoji,
};

/** Senders PyWxDump writes for rows it could not attribute: never a member. */
const noSender = new Set(['', '未知', '系统']);

/** Excel turns 19-digit ids into `1.00E+18`: the digits are gone, so the id is no identity any more. */
function serverIdOf(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  return /^\d{1,30}$/.test(text) ? text : null;
}

interface PywxdumpFields {
  MsgSvrID?: unknown;
  type_name?: unknown;
  is_sender?: unknown;
  talker?: unknown;
  room_name?: unknown;
  msg?: unknown;
  content?: unknown;
  CreateTime?: unknown;
}

function toRecord(fields: PywxdumpFields, line: number, options: ParseOptions): ParsedMessage | RejectedRow {
  const timeText = String(fields.CreateTime ?? '');
  const sentAt = parseExportTime(timeText, options.offsetMinutes);
  if (Number.isNaN(sentAt)) return badTime(line, timeText);
  const typeName = String(fields.type_name ?? '');
  const typed = typeNames[typeName] ??
    typeNames[typeName.replace(/\d+$/, '')] ?? { kind: 'other' as MessageKind };
  const talker = String(fields.talker ?? '').trim();
  const raw = typeof fields.msg === 'string' ? fields.msg : messageFromContentCell(fields.content);
  const isSystem = typed.kind === 'system';
  const content = isSystem ? stripMarkup(raw) : (mediaPlaceholders[typed.kind] ?? raw);
  const room = String(fields.room_name ?? '').trim();
  const isSelf = String(fields.is_sender ?? '') === '1';
  return messageRecord({
    sentAt,
    senderName: options.userNames?.get(talker) ?? (talker || (isSelf ? selfName : '')),
    senderId: noSender.has(talker) ? null : talker,
    kind: typed.kind,
    systemEvent: typed.event ?? (isSystem ? classifyNotice(content) : null),
    content,
    serverId: serverIdOf(String(fields.MsgSvrID ?? '')),
    chatName: room ? (options.userNames?.get(room) ?? room) : null,
    line,
  });
}

/** Builds from 2024-01 to 2024-04 wrote `{"src": "", "msg": "你好"}` into one `content` cell. */
function messageFromContentCell(cell: unknown): string {
  if (typeof cell === 'object' && cell !== null) return String((cell as { msg?: unknown }).msg ?? '');
  if (typeof cell !== 'string') return '';
  try {
    const parsed = JSON.parse(cell) as unknown;
    if (typeof parsed === 'object' && parsed !== null) return String((parsed as { msg?: unknown }).msg ?? '');
  } catch {
    // Not JSON after all: keep the cell as the text.
  }
  return cell;
}

export async function* parsePywxdumpCsv(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  // Split files glued together repeat their header, and old and new builds name the columns differently.
  const format = {
    isHeader: (fields: string[]) => fields[0] === 'id' && fields[1] === 'MsgSvrID',
    minFields: (header: string[]) => header.length,
    toRecord: ({ fields, line, header }: CsvDataRow) => {
      const record: Record<string, string> = {};
      for (let i = 0; i < header.length; i += 1) record[header[i]!] = fields[i]!;
      return toRecord(record, line, options);
    },
  };
  yield* csvRecords(chunks, format);
}

/** A JSON array of row objects, or the same array assigned in the HTML export's `data.js`. */
export async function* parsePywxdumpJson(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  // A plain array starts with `[`; data.js starts with other script before the marker.
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let firstChar: string | undefined;
  while (firstChar === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    firstChar = /\S/.exec(next.value)?.[0];
  }
  async function* replay(): AsyncGenerator<string> {
    try {
      yield* seen;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  const startMarker = firstChar === '[' ? undefined : pywxdumpDataJsMarker;
  for await (const events of scanJsonBatches(replay(), { startMarker })) {
    yield events.map((event) => {
      const fields = parseObject(event.raw);
      return fields ? toRecord(fields, event.line, options) : rejected(event.line, 'badJson');
    });
  }
}
