/**
 * The ChatLab standard format (hellodigua/ChatLab, written by WeFlow and other converters): JSON with `chatlab`,
 * `meta`, `members`, `messages`, and JSONL with one `_type`-tagged object per line.
 */
import type { MessageKind } from '../../../../shared/domain/types';
import { classifyNotice } from '../content';
import { scanJsonBatches } from '../jsonStream';
import { readLineBatches } from '../text';
import { parseEpoch } from '../time';
import type {
  ParsedRecord,
  ParseOptions,
  RejectedRow,
  SystemEvent,
  TextChunks,
  ParsedMessage,
} from '../types';
import {
  badTime,
  chatNameFromFileName,
  messageRecord,
  parseObject,
  rejected,
  skipped,
  textOf,
} from './common';

/** ChatLab type codes. */
const typeCodes: Record<number, { kind: MessageKind; event: SystemEvent | null }> = {
  0: { kind: 'text', event: null },
  1: { kind: 'image', event: null },
  2: { kind: 'voice', event: null },
  3: { kind: 'video', event: null },
  4: { kind: 'file', event: null },
  5: { kind: 'emoji', event: null },
  7: { kind: 'link', event: null },
  8: { kind: 'other', event: null },
  20: { kind: 'other', event: 'redPacket' },
  21: { kind: 'other', event: 'transfer' },
  22: { kind: 'system', event: 'pat' },
  23: { kind: 'other', event: null },
  24: { kind: 'link', event: null },
  25: { kind: 'text', event: null },
  26: { kind: 'other', event: null },
  27: { kind: 'other', event: null },
  80: { kind: 'system', event: null },
  81: { kind: 'system', event: 'recall' },
  99: { kind: 'other', event: null },
};

interface ChatlabMember {
  platformId?: unknown;
  accountName?: unknown;
  groupNickname?: unknown;
}

interface ChatlabMessage extends ChatlabMember {
  sender?: unknown;
  timestamp?: unknown;
  type?: unknown;
  content?: unknown;
  platformMessageId?: unknown;
}

/** Names from the `members` list, for messages that only carry the sender's id. */
type MemberNames = Map<string, string>;

function rememberMember(names: MemberNames, member: ChatlabMember): void {
  const id = textOf(member.platformId);
  const name = textOf(member.groupNickname) || textOf(member.accountName);
  if (id && name) names.set(id, name);
}

function toRecord(
  item: ChatlabMessage,
  line: number,
  chatName: string | null,
  names: MemberNames,
): ParsedMessage | RejectedRow {
  const sentAt = parseEpoch(item.timestamp);
  if (Number.isNaN(sentAt)) return badTime(line, textOf(item.timestamp));
  const typed = typeCodes[Number(item.type)] ?? { kind: 'other' as MessageKind, event: null };
  const senderId = textOf(item.sender) || null;
  const content = textOf(item.content);
  return messageRecord({
    sentAt,
    senderName:
      textOf(item.groupNickname) ||
      textOf(item.accountName) ||
      (senderId ? (names.get(senderId) ?? senderId) : ''),
    senderId,
    kind: typed.kind,
    systemEvent: typed.event ?? (typed.kind === 'system' ? classifyNotice(content) : null),
    content,
    serverId: textOf(item.platformMessageId) || null,
    chatName,
    line,
  });
}

function metaName(meta: unknown): string | null {
  return typeof meta === 'object' && meta !== null ? textOf((meta as { name?: unknown }).name) || null : null;
}

export async function* parseChatlabJson(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  let chatName = chatNameFromFileName(options.fileName);
  const names: MemberNames = new Map();
  const scan = scanJsonBatches(chunks, {
    streamKeys: new Set(['messages', 'members']),
    captureKeys: new Set(['meta']),
  });
  for await (const events of scan) {
    const out: ParsedRecord[] = [];
    for (const event of events) {
      const value = parseObject(event.raw);
      if (event.type === 'value') {
        chatName = metaName(value) ?? chatName;
      } else if (!value) {
        out.push(rejected(event.line, 'badJson'));
      } else if (event.key === 'members') {
        rememberMember(names, value);
      } else {
        out.push(toRecord(value, event.line, chatName, names));
      }
    }
    yield out;
  }
}

export async function* parseChatlabJsonl(
  chunks: TextChunks,
  options: ParseOptions,
): AsyncGenerator<ParsedRecord[]> {
  let chatName = chatNameFromFileName(options.fileName);
  const names: MemberNames = new Map();
  for await (const lines of readLineBatches(chunks)) {
    const out: ParsedRecord[] = [];
    for (const { text: lineText, line } of lines) {
      const trimmed = lineText.trim();
      if (trimmed === '') continue;
      if (trimmed.startsWith('#')) {
        out.push(skipped(line, 'comment'));
        continue;
      }
      const value = parseObject(trimmed);
      if (!value) {
        out.push(rejected(line, 'badJson'));
        continue;
      }
      const type = value._type;
      if (type === 'header') chatName = metaName(value.meta) ?? chatName;
      else if (type === 'member') rememberMember(names, value);
      else if (type === 'message' || type === undefined) out.push(toRecord(value, line, chatName, names));
      else out.push(skipped(line, 'unknownRecord'));
    }
    yield out;
  }
}
