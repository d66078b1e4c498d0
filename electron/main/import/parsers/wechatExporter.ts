/**
 * BlueMatthew/WechatExporter (iOS backups) text mode: `{会话名} - 微信聊天记录`, then `Name (YYYY-MM-DD HH:MM:SS):text`
 * per message with unprefixed continuation lines. System notices are bare lines without a name or a time: they are
 * recognised by their wording and take the time of the message before them (or after, at the start).
 */
import { classifyNotice, classifyPlaceholder, isBareNotice } from '../content';
import { readLineBatches } from '../text';
import { parseExportTime } from '../time';
import type { ParsedMessage, ParsedRecord, ParseOptions, TextChunks } from '../types';
import { chatNameFromFileName, rejected } from './common';

export const wechatExporterTitle = /^(.+) - 微信聊天记录$/;
export const wechatExporterMessage = /^(.+?) \((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\):(.*)$/;

export async function* parseWechatExporterTxt(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  let chatName = chatNameFromFileName(options.fileName);
  let current: ParsedMessage | null = null;
  let lastTime: number | null = null;
  /** Notices seen before any timed message wait for the first time. */
  let waiting: ParsedMessage[] = [];
  const finish = (message: ParsedMessage): ParsedMessage => {
    // Blank lines between messages belong to no message.
    const content = message.content.replace(/\n+$/, '');
    const typed = classifyPlaceholder(content);
    return { ...message, content, kind: typed.kind, systemEvent: typed.systemEvent };
  };
  for await (const lines of readLineBatches(chunks)) {
    const out: ParsedRecord[] = [];
    for (const { text, line } of lines) {
      if (line === 1) {
        const title = wechatExporterTitle.exec(text);
        if (title) {
          chatName = title[1]!.trim();
          continue;
        }
      }
      const match = wechatExporterMessage.exec(text);
      if (match) {
        const sentAt = parseExportTime(match[2]!, options.offsetMinutes);
        if (!Number.isNaN(sentAt)) {
          if (current) out.push(finish(current));
          current = {
            sentAt,
            senderName: match[1]!,
            senderId: null,
            kind: 'text',
            systemEvent: null,
            content: match[3]!,
            serverId: null,
            chatName,
            line,
          };
          if (lastTime === null) out.push(...waiting.map((notice) => ({ ...notice, sentAt })));
          waiting = [];
          lastTime = sentAt;
          continue;
        }
      }
      if (isBareNotice(text.trim())) {
        if (current) out.push(finish(current));
        current = null;
        const notice: ParsedMessage = {
          sentAt: lastTime ?? 0,
          senderName: '',
          senderId: null,
          kind: 'system',
          systemEvent: classifyNotice(text),
          content: text.trim(),
          serverId: null,
          chatName,
          line,
        };
        if (lastTime === null) waiting.push(notice);
        else out.push(notice);
        continue;
      }
      if (current) current.content = current.content ? `${current.content}\n${text}` : text;
    }
    yield out;
  }
  const rest: ParsedRecord[] = current ? [finish(current)] : [];
  for (const notice of waiting) rest.push(rejected(notice.line, 'noTime'));
  yield rest;
}
