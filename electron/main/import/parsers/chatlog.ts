/**
 * sjzar/chatlog HTTP API output saved to files: CSV `Time,SenderName,Sender,TalkerName,Talker,Content`, a JSON array
 * with RFC 3339 times, and plain text whose time format depends on the query range (no year, or no date at all).
 */
import type { MessageKind } from '../../../../shared/domain/types';
import { classifyNotice, classifyPlaceholder } from '../content';
import { scanJsonBatches } from '../jsonStream';
import { parseExportTime, parseLocalDateTime, parsePartialTime } from '../time';
import type { ParsedMessage, ParsedRecord, ParseOptions, TextChunks } from '../types';
import {
  badTime,
  chatNameFromFileName,
  csvRecords,
  messageRecord,
  parseObject,
  placeholder,
  rejected,
  selfName,
  textOf,
  textRecords,
  wechatMessage,
  type CsvDataRow,
  type TimedBlock,
} from './common';

const mediaPlaceholders: Partial<Record<MessageKind, string>> = {
  image: placeholder.image,
  voice: placeholder.voice,
  video: placeholder.video,
  emoji: placeholder.emoji,
};

/** chatlog's `![图片](http://127.0.0.1:5030/…)` links point at a server that is gone: store the placeholder. */
function readableContent(content: string, kind: MessageKind): string {
  return mediaPlaceholders[kind] ?? content;
}

export const chatlogCsvHeader = 'Time,SenderName,Sender,TalkerName,Talker,Content';
/** chatlog labels system rows with this sender. */
const systemSender = '系统消息';

export async function* parseChatlogCsv(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const fileChat = chatNameFromFileName(options.fileName);
  const toRecord = ({ fields, line }: CsvDataRow): ParsedRecord => {
    const [time = '', senderName = '', sender = '', talkerName, talker, content = ''] = fields;
    const sentAt = parseExportTime(time, options.offsetMinutes);
    if (Number.isNaN(sentAt)) return badTime(line, time);
    const isSystem = sender === systemSender || senderName === systemSender;
    // No is-self column: the exporting account's rows have an empty SenderName.
    const chatName = talkerName || talker || fileChat;
    return chatlogMessage(sentAt, isSystem, senderName || selfName, sender || null, content, chatName, line);
  };
  const format = {
    isHeader: (fields: string[]) => fields[0] === 'Time' && fields[1] === 'SenderName',
    minFields: () => 6,
    toRecord,
  };
  yield* csvRecords(chunks, format);
}

/** A chatlog CSV or text message: its markdown-ish content read for the kind, media links replaced. */
function chatlogMessage(
  sentAt: number,
  isSystem: boolean,
  senderName: string,
  senderId: string | null,
  content: string,
  chatName: string | null,
  line: number,
): ParsedMessage {
  const typed = isSystem
    ? { kind: 'system' as const, systemEvent: classifyNotice(content) }
    : classifyPlaceholder(content);
  return messageRecord({
    sentAt,
    senderName,
    senderId,
    kind: typed.kind,
    systemEvent: typed.systemEvent,
    content: readableContent(content, typed.kind),
    serverId: null,
    chatName,
    line,
  });
}

interface ChatlogJsonMessage {
  seq?: unknown;
  time?: unknown;
  talker?: unknown;
  talkerName?: unknown;
  sender?: unknown;
  senderName?: unknown;
  isSelf?: unknown;
  type?: unknown;
  subType?: unknown;
  content?: unknown;
}

export async function* parseChatlogJson(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const fileChat = chatNameFromFileName(options.fileName);
  for await (const events of scanJsonBatches(chunks, {})) {
    const out: ParsedRecord[] = [];
    for (const event of events) {
      const item = parseObject(event.raw) as ChatlogJsonMessage | null;
      if (!item) {
        out.push(rejected(event.line, 'badJson'));
        continue;
      }
      const timeText = textOf(item.time);
      const sentAt = parseLocalDateTime(timeText, options.offsetMinutes);
      if (Number.isNaN(sentAt)) {
        out.push(badTime(event.line, timeText));
        continue;
      }
      const typed = wechatMessage(Number(item.type), Number(item.subType ?? 0), textOf(item.content));
      // chatlog renders links and files as text worth keeping; media links point at its local server.
      const keepsText = typed.kind === 'link' || typed.kind === 'file' || typed.kind === 'other';
      const sender = textOf(item.sender);
      const seq = textOf(item.seq);
      out.push(
        messageRecord({
          sentAt,
          senderName: textOf(item.senderName) || (item.isSelf === true ? selfName : sender),
          senderId: sender || null,
          kind: typed.kind,
          systemEvent: typed.systemEvent,
          content: keepsText ? textOf(item.content) || typed.content : typed.content,
          // seq is the message time plus its position in that second: stable between exports of one database.
          serverId: /^\d{6,}$/.test(seq) ? `seq:${seq}` : null,
          chatName: textOf(item.talkerName) || textOf(item.talker) || fileChat,
          line: event.line,
        }),
      );
    }
    yield out;
  }
}

/**
 * `张三(wxid_zhangsan01) 03-01 09:00:05`, `我 09:04:00`, `群昵称(我) 2024-03-01 09:04:00`, and with several
 * talkers `张三(wxid) [测试群(123@chatroom)] 09:00:05`. The name never starts with a space: forwarded records
 * inside a message are indented.
 */
export const chatlogTxtHeader =
  /^(\S[^\n]*?)(?:\(([^()\s]+)\))?(?: \[([^\]]*?)(?:\(([^()\s]+)\))?\])? ((?:\d{4}-)?(?:\d{2}-\d{2} )?\d{2}:\d{2}:\d{2})$/;

export async function* parseChatlogTxt(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const fileChat = chatNameFromFileName(options.fileName);
  const toRecord = ({ header, body, line, sentAt }: TimedBlock): ParsedRecord => {
    const [, name = '', id, talkerName, talker] = header;
    const isSelf = id === '我' || (name === '我' && id === undefined);
    const senderId = isSelf ? null : (id ?? null);
    const chatName = talkerName || talker || fileChat;
    return chatlogMessage(sentAt, name === systemSender, name, senderId, body.join('\n'), chatName, line);
  };
  const parseTime = (text: string) => parsePartialTime(text, options.offsetMinutes, options.date);
  yield* textRecords(chunks, chatlogTxtHeader, 5, parseTime, toRecord);
}
