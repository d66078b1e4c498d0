/** Helpers for the importer tests: fixture paths, collecting parser output, the scenario every fixture tells. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/ipc/errors';
import { decodeChunks } from '../../../electron/main/import/encoding';
import {
  formatSpecs,
  isRejected,
  loadPywxdumpUserNames,
  readRecords,
  sniffFile,
} from '../../../electron/main/import';
import { bufferByteChunks } from '../../../electron/main/import/source';
import type { ImportEncoding, ImportFormat } from '../../../shared/ipc/channels/imports';
import type { ParsedMessage, ParseOptions, RejectedRow } from '../../../electron/main/import/types';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/chatlogs/', import.meta.url));
export const fixture = (name: string) => `${fixturesDir}${name}`;

/** The reference exports beside the repo (../shared), when this checkout has them. */
export const sharedFixturesDir = fileURLToPath(
  new URL('../../../../shared/fixtures/chatlogs/', import.meta.url),
);
export const hasSharedFixtures = existsSync(sharedFixturesDir);

export const china = 480;

export interface Collected {
  messages: ParsedMessage[];
  rejected: RejectedRow[];
}

export async function collectFile(
  path: string,
  options: Partial<ParseOptions> & { format?: ImportFormat; encoding?: ImportEncoding } = {},
): Promise<Collected & { format: ImportFormat; encoding: ImportEncoding; bomLength: number }> {
  const sniff = await sniffFile(path, { format: options.format, encoding: options.encoding });
  const messages: ParsedMessage[] = [];
  const rejected: RejectedRow[] = [];
  const parseOptions: ParseOptions = {
    offsetMinutes: options.offsetMinutes ?? china,
    fileName: sniff.fileName,
    date: options.date,
    userNames: options.userNames ?? (await loadPywxdumpUserNames(path)),
  };
  for await (const record of readRecords(path, sniff, parseOptions)) {
    if (isRejected(record)) rejected.push(record);
    else messages.push(record);
  }
  return { messages, rejected, format: sniff.format, encoding: sniff.encoding, bomLength: sniff.bomLength };
}

/** Runs a parser over bytes in memory, cut into chunks of `chunkSize` bytes. */
export async function collectBytes(
  format: ImportFormat,
  bytes: Uint8Array,
  options: {
    chunkSize?: number;
    encoding?: ImportEncoding;
    fileName?: string;
    date?: string;
    offsetMinutes?: number;
  } = {},
): Promise<Collected> {
  const text = decodeChunks(bufferByteChunks(bytes, options.chunkSize ?? 65536), options.encoding ?? 'utf-8');
  const messages: ParsedMessage[] = [];
  const rejected: RejectedRow[] = [];
  const parse = formatSpecs[format].parse(text, {
    offsetMinutes: options.offsetMinutes ?? china,
    fileName: options.fileName ?? 'chat.txt',
    date: options.date,
  });
  for await (const batch of parse) {
    for (const record of batch) {
      if (isRejected(record)) rejected.push(record);
      else messages.push(record);
    }
  }
  return { messages, rejected };
}

/** Runs `action`; resolves with the AppError key it threw, or null when it completed. Other errors fail the test. */
export async function appErrorKey(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.messageKey;
    throw error;
  }
}

export interface ExpectedMessage {
  at: string;
  name: string;
  id: string | null;
  kind: ParsedMessage['kind'];
  event: ParsedMessage['systemEvent'];
  content: string;
}

const day = '2024-05-06T';
const system = (at: string, event: ParsedMessage['systemEvent'], content: string): ExpectedMessage => ({
  at: `${day}${at}.000Z`,
  name: '',
  id: null,
  kind: 'system',
  event,
  content,
});
const said = (
  at: string,
  name: string,
  id: string,
  content: string,
  kind: ParsedMessage['kind'] = 'text',
): ExpectedMessage => ({
  at: `${day}${at}.000Z`,
  name,
  id,
  kind,
  event: null,
  content,
});

/** The nine messages of the test group 读书会三群 (times in UTC; the exports show them at UTC+8). */
export const scenario: readonly ExpectedMessage[] = [
  system('12:00:00', 'invite', '"运营小陈"邀请"周明、Anna.林"加入了群聊'),
  said('12:00:07', '周明', 'wxid_zhouming88', '大家晚上好'),
  said('12:00:07', 'Anna.林', 'wxid_annalin7', '你好呀'),
  said('12:00:07', 'Anna.林', 'wxid_annalin7', '你好呀'),
  said('12:01:30', '周明', 'wxid_zhouming88', '[图片]', 'image'),
  said('12:02:10', 'Anna.林', 'wxid_annalin7', '第一行，带"引号"和,逗号\n第二行'),
  system('12:03:00', 'recall', '"Anna.林" 撤回了一条消息'),
  said('12:04:00', '运营小陈', 'wxid_ops_chen', '本周共读第三章，周五交笔记'),
  system('12:05:00', 'leave', '你将"周明"移出了群聊'),
];

export function comparable(messages: readonly ParsedMessage[]): ExpectedMessage[] {
  return messages.map((message) => ({
    at: new Date(message.sentAt).toISOString(),
    name: message.senderName,
    id: message.senderId,
    kind: message.kind,
    event: message.systemEvent,
    content: message.content,
  }));
}
