/**
 * MemoTrace / 留痕 (LC044/WeChatMsg) exports: the 12-column CSV (and the 9-field rows old builds wrote under that
 * header), the TXT export, and the `chatMessages` JS array of the HTML export.
 */
import { classifyNotice, stripMarkup, unescapeExportName } from '../content';
import { scanJsonBatches } from '../jsonStream';
import { JsLiteralError, parseJsLiteral } from '../jsLiteral';
import { parseEpoch, parseExportTime } from '../time';
import type { ParsedRecord, ParseOptions, TextChunks } from '../types';
import {
  badTime,
  chatNameFromFileName,
  csvRecords,
  messageRecord,
  placeholder,
  rejected,
  selfName,
  textMessage,
  textRecords,
  wechatMessage,
  type CsvDataRow,
  type TimedBlock,
} from './common';

export const memotraceCsvHeader =
  'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime';

const column = {
  type: 2,
  subType: 3,
  isSender: 4,
  createTime: 5,
  content: 7,
  strTime: 8,
  remark: 9,
  nickName: 10,
  sender: 11,
};

export async function* parseMemotraceCsv(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const chatName = chatNameFromFileName(options.fileName);
  const toRecord = ({ fields, line }: CsvDataRow): ParsedRecord => {
    const type = Number(fields[column.type]);
    if (!Number.isInteger(type))
      return rejected(line, 'badType', { value: fields[column.type]!.slice(0, 40) });
    let sentAt = parseEpoch(fields[column.createTime]);
    if (Number.isNaN(sentAt)) sentAt = parseExportTime(fields[column.strTime]!, options.offsetMinutes);
    if (Number.isNaN(sentAt)) return badTime(line, fields[column.createTime]);
    const typed = wechatMessage(type, Number(fields[column.subType] || 0), fields[column.content]!);
    const senderId = fields[column.sender] || null;
    // Old builds left one's own names empty in groups; private chats had no sender columns at all.
    const senderName =
      fields[column.nickName] ||
      fields[column.remark] ||
      (fields[column.isSender] === '1' ? selfName : (senderId ?? chatName ?? ''));
    return messageRecord({
      sentAt,
      senderName,
      senderId,
      // Spelled out: an object spread per row costs more than building the rest of the record.
      kind: typed.kind,
      systemEvent: typed.systemEvent,
      content: typed.content,
      serverId: null,
      chatName,
      line,
    });
  };
  // Builds before 2024-02-27 wrote 9 fields per row (no sender columns) under the 12-column header.
  const format = {
    isHeader: (fields: string[]) => fields[0]?.endsWith('localId') === true,
    minFields: () => 9,
    toRecord,
  };
  yield* csvRecords(chunks, format);
}

/** `2024-03-01 09:00:05 张三`: the header of a TXT message (or the whole of a one-line system notice). */
export const memotraceTxtHeader = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (.+)$/;

/** Link blocks in the TXT export are indented by 12 spaces. */
const linkIndent = /^ {12}/;

export async function* parseMemotraceTxt(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const chatName = chatNameFromFileName(options.fileName);
  const toRecord = (block: TimedBlock): ParsedRecord => {
    const rest = block.header[2]!;
    // System notices are one line with no body; a notice pattern confirms it when blank lines follow anyway.
    if (block.body.length === 0 || (block.body.every((text) => text.trim() === '') && classifyNotice(rest))) {
      return textMessage(block, '', stripMarkup(rest), chatName, true);
    }
    const content = block.body.map((text) => text.replace(linkIndent, '')).join('\n');
    return textMessage(block, unescapeExportName(rest), content, chatName, false);
  };
  const parseTime = (text: string) => parseExportTime(text, options.offsetMinutes);
  yield* textRecords(chunks, memotraceTxtHeader, 1, parseTime, toRecord);
}

export const memotraceHtmlMarker = 'const chatMessages =';

interface HtmlMessage {
  type?: unknown;
  sub_type?: unknown;
  text?: unknown;
  is_send?: unknown;
  timestamp?: unknown;
  displayname?: unknown;
}

/** HTML `type` codes: 0 system, 1 text, 3 image or sticker, 34 voice, 43 video, 49 app (by sub_type), 50 call. */
export async function* parseMemotraceHtml(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  const chatName = chatNameFromFileName(options.fileName);
  for await (const events of scanJsonBatches(chunks, {
    startMarker: memotraceHtmlMarker,
    singleQuotes: true,
  })) {
    const out: ParsedRecord[] = [];
    for (const event of events) {
      let item: HtmlMessage;
      try {
        const value = parseJsLiteral(event.raw);
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          throw new JsLiteralError('not an object');
        item = value as HtmlMessage;
      } catch (error) {
        if (!(error instanceof JsLiteralError)) throw error;
        out.push(rejected(event.line, 'badJson'));
        continue;
      }
      const sentAt = parseEpoch(item.timestamp);
      if (Number.isNaN(sentAt)) {
        out.push(badTime(event.line, item.timestamp));
        continue;
      }
      const type = Number(item.type);
      const text = typeof item.text === 'string' ? item.text : '';
      const typed =
        type === 0 ? wechatMessage(10000, 0, text) : htmlTyped(type, Number(item.sub_type ?? 0), text);
      const displayName = typeof item.displayname === 'string' ? item.displayname : '';
      const senderName = displayName || (item.is_send === 1 ? selfName : (chatName ?? ''));
      out.push(
        messageRecord({
          sentAt,
          senderName,
          senderId: null,
          kind: typed.kind,
          systemEvent: typed.systemEvent,
          content: typed.content,
          serverId: null,
          chatName,
          line: event.line,
        }),
      );
    }
    yield out;
  }
}

function htmlTyped(type: number, subType: number, text: string): ReturnType<typeof wechatMessage> {
  // The HTML export already resolved media to paths and app messages to text: keep the text, label the media.
  if (type === 34 && text)
    return { kind: 'voice', systemEvent: null, content: `${placeholder.voice} ${text}` };
  if (type === 49 && (subType === 57 || subType === 5 || subType === 6 || subType === 3)) {
    const typed = wechatMessage(49, subType, '');
    return { ...typed, content: subType === 57 ? text : `${typed.content} ${text}`.trim() };
  }
  return wechatMessage(Number.isInteger(type) ? type : -1, subType, text);
}
