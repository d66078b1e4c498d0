/**
 * Writes chat exports the way the exporters do, from a seeded message stream: used by the import tests (files too
 * big or too varied to commit) and by the import benchmark (a million-message MemoTrace CSV).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { memberLines, operatorPosts } from '../../shared/demo/content';
import { SeededRandom } from '../../shared/demo/random';

export interface GeneratedMessage {
  /** Epoch ms, whole seconds. */
  sentAt: number;
  senderName: string;
  /** null for system notices. */
  senderId: string | null;
  /** WeChat 3.x type code: 1 text, 3 image, 10000 system. */
  type: number;
  content: string;
}

export interface ChatOptions {
  seed: number;
  count: number;
  members?: number;
  /** First message time (epoch ms). */
  startAt?: number;
}

/**
 * A time-ordered group chat: a few thousand members with skewed activity, bursts where several messages share a
 * second (identical ones too), multi-line texts with quotes and commas, images and join notices.
 */
export function* generateChat(options: ChatOptions): Generator<GeneratedMessage> {
  const random = new SeededRandom(options.seed);
  const memberCount = options.members ?? 3000;
  const lines = [
    ...memberLines.service,
    ...memberLines.activity,
    ...memberLines.content,
    ...operatorPosts.content,
  ];
  let at = Math.floor((options.startAt ?? Date.UTC(2024, 0, 1)) / 1000) * 1000;
  const member = () => {
    // Activity is skewed: a small core sends most messages.
    const index = Math.floor(memberCount * random.next() ** 3);
    return { senderName: `成员${index}号`, senderId: `wxid_bench${String(index).padStart(5, '0')}` };
  };
  for (let i = 0; i < options.count; i += 1) {
    // Mostly a few seconds apart, sometimes the same second.
    if (!random.chance(0.2)) at += random.int(1, 40) * 1000;
    const roll = random.next();
    if (roll < 0.01) {
      const joined = member();
      yield {
        sentAt: at,
        senderName: '',
        senderId: null,
        type: 10000,
        content: `"群主"邀请"${joined.senderName}"加入了群聊`,
      };
    } else if (roll < 0.09) {
      yield {
        sentAt: at,
        ...member(),
        type: 3,
        content: '<?xml version="1.0"?>\n<msg><img length="2048" /></msg>',
      };
    } else {
      let content = random.pick(lines);
      if (random.chance(0.05)) content = `${content}\n第${i}条的第二行，"引号",逗号`;
      else if (random.chance(0.5)) content = `${content} #${i}`;
      yield { sentAt: at, ...member(), type: 1, content };
    }
  }
}

const csvHeader =
  'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender';

/** Python csv.writer's minimal quoting. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `YYYY-MM-DD HH:MM:SS` in the given offset, as the exporting PC's clock showed it. */
export function localTime(epochMs: number, offsetMinutes = 480): string {
  return new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function memotraceCsvRow(message: GeneratedMessage, localId: number): string {
  const remark = message.senderName.replace(/[\\/:*?"<>|\s.]/g, '_');
  const senderColumns = message.senderId
    ? `${csvField(remark)},${csvField(message.senderName)},${message.senderId}`
    : ',,';
  return [
    localId,
    7,
    message.type,
    0,
    0,
    Math.floor(message.sentAt / 1000),
    3,
    csvField(message.content),
    localTime(message.sentAt),
    senderColumns,
  ].join(',');
}

/** Streams a MemoTrace CSV (UTF-8 BOM, CRLF) to `path`; returns the messages written. */
export async function writeMemotraceCsv(path: string, messages: Iterable<GeneratedMessage>): Promise<number> {
  const out = createWriteStream(path);
  let buffer = `\ufeff${csvHeader}\r\n`;
  let count = 0;
  for (const message of messages) {
    count += 1;
    buffer += `${memotraceCsvRow(message, count)}\r\n`;
    if (buffer.length >= 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return count;
}

/** The same export as one string, for small test files. */
export function memotraceCsvText(messages: Iterable<GeneratedMessage>): string {
  let text = `\ufeff${csvHeader}\r\n`;
  let localId = 0;
  for (const message of messages) text += `${memotraceCsvRow(message, ++localId)}\r\n`;
  return text;
}

const pywxdumpHeader = 'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime';
const pywxdumpTypeNames: Record<number, string> = { 1: '文本', 3: '图片', 10000: '系统通知' };

export function pywxdumpCsvRow(message: GeneratedMessage, id: number, room: string): string {
  // A 19-digit server id derived from the row, like the MsgSvrID PyWxDump writes.
  const serverId = `7${String(id).padStart(18, '0')}`;
  const isMedia = message.type === 3;
  return [
    id,
    serverId,
    pywxdumpTypeNames[message.type] ?? '文本',
    0,
    message.senderId ?? '未知',
    room,
    csvField(isMedia ? '图片' : message.content),
    isMedia ? `FileStorage\\MsgAttach\\${id}.dat` : '',
    localTime(message.sentAt),
  ].join(',');
}

/** PyWxDump's layout for one chat: files of `pageSize` rows, each with its header (UTF-8, no BOM, CRLF). */
export async function writePywxdumpSplitSet(
  dir: string,
  room: string,
  messages: Iterable<GeneratedMessage>,
  pageSize = 5000,
): Promise<string[]> {
  const files: string[] = [];
  let page: string[] = [];
  let id = 0;
  const flush = async () => {
    if (page.length === 0) return;
    const path = `${dir}/${room}_${id - page.length}_${id}.csv`;
    const out = createWriteStream(path);
    out.end(`${pywxdumpHeader}\r\n${page.join('\r\n')}\r\n`);
    await once(out, 'finish');
    files.push(path);
    page = [];
  };
  for (const message of messages) {
    id += 1;
    page.push(pywxdumpCsvRow(message, id, room));
    if (page.length >= pageSize) await flush();
  }
  await flush();
  return files;
}
