/**
 * Chat-log import channels: preview a file, start imports (one job per file), list the import history,
 * and open the native file dialog. Formats and encodings are listed here so the UI can offer the overrides.
 */
import { z } from 'zod';
import type { MessageKind, Page } from '../../domain/types';
import { channel, idSchema, pageInput, localPath } from '../channel';

/** Every export format the importer reads; see docs in electron/main/import/formats.ts. */
export const importFormats = [
  'memotrace-csv',
  'memotrace-txt',
  'memotrace-html',
  'pywxdump-csv',
  'pywxdump-json',
  'weflow-json',
  'weflow-txt',
  'weclone-csv',
  'chatlab-json',
  'chatlab-jsonl',
  'chatlog-csv',
  'chatlog-json',
  'chatlog-txt',
  'wechatexporter-txt',
] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Encodings a user can force; `gbk` is read as GB18030, its superset. */
export const importEncodings = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'gbk'] as const;
export type ImportEncoding = (typeof importEncodings)[number];

export const systemEvents = [
  'join',
  'leave',
  'invite',
  'recall',
  'pat',
  'rename',
  'redPacket',
  'transfer',
] as const;
export type SystemEvent = (typeof systemEvents)[number];

/** A fixed UTC offset such as `+08:00` (or `Z`): exports store naive local times of the exporting computer. */
export const timeZonePattern = /^(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const timeZone = z.string().regex(timeZonePattern);
/** The calendar day of an export that prints times without a date (chatlog text). */
const exportDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const importOptionsSchema = {
  format: z.enum(importFormats).optional(),
  encoding: z.enum(importEncodings).optional(),
  timeZone: timeZone.optional(),
  date: exportDate.optional(),
};

export interface ImportPreviewRow {
  line: number;
  sentAt: string;
  senderName: string;
  senderId: string | null;
  kind: MessageKind;
  systemEvent: SystemEvent | null;
  content: string;
}

export interface RejectedRowInfo {
  line: number;
  /** i18n key. */
  reason: string;
  params?: Record<string, string | number>;
}

export interface ImportPreview {
  path: string;
  fileName: string;
  fileSize: number;
  format: ImportFormat;
  /** False when the caller forced the format. */
  formatDetected: boolean;
  encoding: ImportEncoding;
  bom: boolean;
  /** The offset applied to local times, e.g. `+08:00`. */
  timeZone: string;
  /** False when the format carries absolute times (epoch or explicit offsets), so the zone changes nothing. */
  usesTimeZone: boolean;
  chatName: string | null;
  /** The existing group the import would go into by default (same name as the chat), if any. */
  existingGroup: { id: number; name: string } | null;
  senderCount: number;
  messageCount: number;
  rejectedCount: number;
  firstAt: string | null;
  lastAt: string | null;
  /** True when the whole file was scanned; otherwise counts cover the first part and `estimatedMessages` extrapolates. */
  complete: boolean;
  estimatedMessages: number;
  rows: ImportPreviewRow[];
  rejected: RejectedRowInfo[];
  /** A finished import of a file with the same name and size, so the user sees a re-import coming. */
  previousImport: { id: number; finishedAt: string | null; groupName: string | null } | null;
}

export interface ImportCounts {
  read: number;
  inserted: number;
  duplicates: number;
  skipped: number;
  rejected: number;
}

export interface ImportMemberMatches {
  created: number;
  matchedById: number;
  matchedByName: number;
}

export interface ImportRecord extends ImportCounts {
  id: number;
  fileName: string;
  filePath: string | null;
  fileSize: number;
  sha256: string;
  format: string;
  encoding: string;
  timeZone: string | null;
  groupId: number | null;
  groupName: string | null;
  chatName: string | null;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  startedAt: string;
  finishedAt: string | null;
  firstAt: string | null;
  lastAt: string | null;
  members: ImportMemberMatches | null;
  error: { code: string; message: string; params?: Record<string, string | number> } | null;
  /** The first rejected rows with their reasons (at most 200 are kept per import). */
  rejectedRows: RejectedRowInfo[];
}

export const importChannels = {
  'imports.preview': channel<ImportPreview>()(z.object({ path: localPath, ...importOptionsSchema }).strict()),
  'imports.start': channel<{ jobIds: string[] }>()(
    z
      .object({
        paths: z.array(localPath).min(1).max(1000),
        ...importOptionsSchema,
        groupId: idSchema.optional(),
        groupName: z.string().trim().min(1).max(80).optional(),
      })
      .strict(),
  ),
  'imports.list': channel<Page<ImportRecord>>()(
    z.object({ groupId: idSchema.optional(), ...pageInput }).strict(),
  ),
  'imports.pickFiles': channel<{ paths: string[] }>()(z.object({}).strict()),
} as const;
