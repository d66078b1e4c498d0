/**
 * WeFlow (WeChat 4.x) exports: JSON with a `weflow` header (EchoTrace writes the same shape without it), TXT with
 * names in single quotes, and the "WeClone" CSV (display names, English type names, ISO UTC times).
 */
import type { MessageKind } from '../../../../shared/domain/types';
import { classifyNotice, classifyPlaceholder, isBareNotice, stripMarkup } from '../content';
import { scanJsonBatches } from '../jsonStream';
import { parseEpoch, parseExportTime, parseLocalDateTime } from '../time';
import type { ParsedRecord, ParseOptions, SystemEvent, TextChunks } from '../types';
import {
  badTime,
  chatNameFromFileName,
  csvRecords,
  messageRecord,
  parseObject,
  rejected,
  selfName,
  textMessage,
  textOf,
  textRecords,
  type CsvDataRow,
  type TimedBlock,
} from './common';

/** WeFlow's Chinese type labels, matched by substring in this order (通话 before 语音, 视频号 before 视频). */
const typeLabels: readonly (readonly [string, MessageKind, SystemEvent | null])[] = [
  ['拍一拍', 'system', 'pat'],
  ['撤回', 'system', 'recall'],
  ['系统', 'system', null],
  ['红包', 'other', 'redPacket'],
  ['转账', 'other', 'transfer'],
  ['通话', 'other', null],
  ['视频号', 'link', null],
  ['图片', 'image', null],
  ['语音', 'voice', null],
  ['视频', 'video', null],
  ['表情', 'emoji', null],
  ['文件', 'file', null],
  ['链接', 'link', null],
  ['小程序', 'link', null],
  ['音乐', 'link', null],
  ['公众号', 'link', null],
  ['位置', 'other', null],
  ['名片', 'other', null],
  ['合并转发', 'other', null],
  ['聊天记录', 'other', null],
  ['引用', 'text', null],
  ['文本', 'text', null],
];

function typeOfLabel(label: string): { kind: MessageKind; event: SystemEvent | null } {
  for (const [needle, kind, event] of typeLabels) if (label.includes(needle)) return { kind, event };
  return { kind: label ? 'other' : 'text', event: null };
}

function typeOfPlaceholder(content: string): { kind: MessageKind; event: SystemEvent | null } {
  const typed = classifyPlaceholder(content);
  return { kind: typed.kind, event: typed.systemEvent };
}

interface WeflowSession {
  wxid?: unknown;
  nickname?: unknown;
  remark?: unknown;
  displayName?: unknown;
}

interface WeflowMessage {
  createTime?: unknown;
  type?: unknown;
  content?: unknown;
  isSend?: unknown;
  senderUsername?: unknown;
  senderDisplayName?: unknown;
  platformMessageId?: unknown;
  serverId?: unknown;
}

function sessionName(session: WeflowSession): string | null {
  return (
    textOf(session.displayName) ||
    textOf(session.remark) ||
    textOf(session.nickname) ||
    textOf(session.wxid) ||
    null
  );
}

export async function* parseWeflowJson(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  let chatName = chatNameFromFileName(options.fileName);
  const scan = scanJsonBatches(chunks, {
    streamKeys: new Set(['messages']),
    captureKeys: new Set(['session']),
  });
  for await (const events of scan) {
    const out: ParsedRecord[] = [];
    for (const event of events) {
      const value = parseObject(event.raw);
      if (!value) {
        out.push(rejected(event.line, 'badJson'));
        continue;
      }
      if (event.type === 'value') {
        chatName = sessionName(value) ?? chatName;
        continue;
      }
      const item = value as WeflowMessage;
      const sentAt = parseEpoch(item.createTime);
      if (Number.isNaN(sentAt)) {
        out.push(badTime(event.line, textOf(item.createTime)));
        continue;
      }
      const raw = textOf(item.content);
      // The HTTP API's saved responses carry no type label: read the placeholder instead.
      const typed = item.type === undefined ? typeOfPlaceholder(raw) : typeOfLabel(textOf(item.type));
      const isSystem = typed.kind === 'system';
      const content = isSystem ? stripMarkup(raw) : raw;
      const senderId = textOf(item.senderUsername) || null;
      out.push(
        messageRecord({
          sentAt,
          senderName: textOf(item.senderDisplayName) || senderId || (item.isSend === 1 ? selfName : ''),
          senderId,
          kind: typed.kind,
          systemEvent: typed.event ?? (isSystem ? classifyNotice(content) : null),
          content,
          serverId: textOf(item.platformMessageId) || textOf(item.serverId) || null,
          chatName,
          line: event.line,
        }),
      );
    }
    yield out;
  }
}

/** `2024-03-01 09:00:05 '张三'`. */
export const weflowTxtHeader = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) '(.*)'$/;
const systemSenders = new Set(['', '系统消息', '系统']);

export async function* parseWeflowTxt(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const chatName = chatNameFromFileName(options.fileName);
  const toRecord = (block: TimedBlock): ParsedRecord => {
    const name = block.header[2]!;
    const content = block.body.join('\n');
    const isNotice = systemSenders.has(name) || (block.body.length === 1 && isBareNotice(content));
    return textMessage(block, name, content, chatName, isNotice);
  };
  const parseTime = (text: string) => parseExportTime(text, options.offsetMinutes);
  yield* textRecords(chunks, weflowTxtHeader, 1, parseTime, toRecord);
}

export const wecloneCsvHeader = 'id,MsgSvrID,type_name,is_sender,talker,msg,src,CreateTime';

const wecloneTypes: Record<string, MessageKind> = {
  text: 'text',
  image: 'image',
  voice: 'voice',
  video: 'video',
  sticker: 'emoji',
  emoji: 'emoji',
  location: 'other',
  file: 'file',
  link: 'link',
  system: 'system',
};

export async function* parseWecloneCsv(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const chatName = chatNameFromFileName(options.fileName);
  const toRecord = ({ fields, line }: CsvDataRow): ParsedRecord => {
    const [, serverId = '', typeName = '', isSender, talker, msg = '', , createTime = ''] = fields;
    // ISO UTC (`…Z`) in WeFlow's writer; a local time only if someone re-saved the file.
    const sentAt = parseLocalDateTime(createTime, options.offsetMinutes);
    if (Number.isNaN(sentAt)) return badTime(line, createTime);
    const kind = wecloneTypes[typeName] ?? classifyPlaceholder(msg).kind;
    return messageRecord({
      sentAt,
      senderName: talker || (isSender === '1' ? selfName : ''),
      senderId: null,
      kind,
      systemEvent: kind === 'system' ? classifyNotice(msg) : classifyPlaceholder(msg).systemEvent,
      content: msg,
      serverId: /^\d{1,30}$/.test(serverId) ? serverId : null,
      chatName,
      line,
    });
  };
  const format = { isHeader: (fields: string[]) => fields[1] === 'MsgSvrID', minFields: () => 8, toRecord };
  yield* csvRecords(chunks, format);
}
