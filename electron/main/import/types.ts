import type { MessageKind } from '../../../shared/domain/types';
import type { ImportFormat, SystemEvent } from '../../../shared/ipc/channels/imports';

export type { ImportFormat, SystemEvent };

/** One message as every parser yields it, whatever the export format. */
export interface ParsedMessage {
  /** Epoch milliseconds (UTC). */
  sentAt: number;
  /** Display name as the export shows it; '' for system notices. */
  senderName: string;
  /** wxid (or the platform's id) when the export has one. */
  senderId: string | null;
  kind: MessageKind;
  systemEvent: SystemEvent | null;
  content: string;
  /** MsgSvrID / platformMessageId / chatlog seq: the export's own stable message id. */
  serverId: string | null;
  /** Group or conversation name when the export says it. */
  chatName: string | null;
  /** 1-based line in the file where the record starts. */
  line: number;
}

/** A record the parser could not use (`skipped` rows are deliberate: repeated headers, comments). */
export interface RejectedRow {
  line: number;
  /** i18n key under `import.rows`. */
  reason: string;
  params?: Record<string, string | number>;
  skipped?: boolean;
}

export type ParsedRecord = ParsedMessage | RejectedRow;

/** Tells rejections from messages (and from the rows and blocks the readers pass along). */
export function isRejected<T extends object>(record: T | RejectedRow): record is RejectedRow {
  return 'reason' in record;
}

export interface ParseOptions {
  /** Offset of the exporting computer's clock from UTC, in minutes (+480 for China). */
  offsetMinutes: number;
  /** Base name of the file: some formats only carry the chat name there. */
  fileName: string;
  /** `YYYY-MM-DD` for exports that print times without a date or a year. */
  date?: string | undefined;
  /** PyWxDump's users.json beside the export: wxid -> display name. */
  userNames?: ReadonlyMap<string, string> | undefined;
}

/** Decoded text of a file, chunk by chunk. */
export type TextChunks = AsyncIterable<string>;

/**
 * A format's reader: records a chunk's worth at a time (an array per step, possibly empty), so a million-row file
 * pays the async hop per chunk rather than per record.
 */
export type Parser = (
  chunks: TextChunks,
  options: ParseOptions,
) => AsyncGenerator<ParsedRecord[], void, undefined>;
