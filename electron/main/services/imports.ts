/**
 * Chat-log import service: preview a file before anything is written, start imports as jobs (one per file, folders
 * expanded), list the import history, and `importFiles` for the CLI (runs the jobs in-process, one after another).
 */
import { resolve } from 'node:path';
import type { Locale, Page } from '../../../shared/domain/types';
import type {
  ImportEncoding,
  ImportFormat,
  ImportPreview,
  ImportPreviewRow,
  ImportRecord,
  RejectedRowInfo,
} from '../../../shared/ipc/channels/imports';
import { translate } from '../../../shared/i18n';
import { AppError } from '../../../shared/ipc/errors';
import type { Backend } from '../backend';
import type { Db } from '../db/connection';
import { findGroup, findGroupIdByName } from '../db/repositories/groups';
import { findFinishedImportOf, listImports } from '../db/repositories/imports';
import { formatSpecs, isRejected, loadPywxdumpUserNames, readRecords, sniffFile } from '../import';
import { expandImportPaths } from '../import/files';
import { chatNameFromFileName } from '../import/parsers/common';
import { localTimeZone, parseOffset } from '../import/time';
import type { ImportFileReport, ImportJobInput } from '../jobs/importJob';

export interface ImportOptions {
  format?: ImportFormat | undefined;
  encoding?: ImportEncoding | undefined;
  timeZone?: string | undefined;
  date?: string | undefined;
  groupId?: number | undefined;
  groupName?: string | undefined;
}

/** The preview reads at most this much of a file; counts beyond it are extrapolated. */
const previewMaxBytes = 8 * 1024 * 1024;
const previewMaxRecords = 50_000;
const previewRows = 20;
const previewContentChars = 500;

export async function previewImport(db: Db, path: string, options: ImportOptions): Promise<ImportPreview> {
  const fullPath = resolve(path);
  const sniff = await sniffFile(fullPath, { format: options.format, encoding: options.encoding });
  const timeZone = options.timeZone ?? localTimeZone();
  const userNames = sniff.format.startsWith('pywxdump') ? await loadPywxdumpUserNames(fullPath) : undefined;
  let bytesRead = 0;
  const records = readRecords(
    fullPath,
    sniff,
    { offsetMinutes: parseOffset(timeZone), fileName: sniff.fileName, date: options.date, userNames },
    (bytes) => {
      bytesRead = bytes;
    },
  );
  const rows: ImportPreviewRow[] = [];
  const rejected: RejectedRowInfo[] = [];
  const senders = new Set<string>();
  let messageCount = 0;
  let rejectedCount = 0;
  let scanned = 0;
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  let chatName: string | null = null;
  let complete = true;
  for await (const record of records) {
    scanned += 1;
    if (isRejected(record)) {
      if (!record.skipped) {
        rejectedCount += 1;
        if (rejected.length < previewRows)
          rejected.push({
            line: record.line,
            reason: record.reason,
            ...(record.params ? { params: record.params } : {}),
          });
      }
    } else {
      messageCount += 1;
      chatName ??= record.chatName;
      if (record.kind !== 'system' && (record.senderId || record.senderName))
        senders.add(record.senderId ?? record.senderName);
      if (firstAt === null || record.sentAt < firstAt) firstAt = record.sentAt;
      if (lastAt === null || record.sentAt > lastAt) lastAt = record.sentAt;
      if (rows.length < previewRows) {
        rows.push({
          line: record.line,
          sentAt: new Date(record.sentAt).toISOString(),
          senderName: record.senderName,
          senderId: record.senderId,
          kind: record.kind,
          systemEvent: record.systemEvent,
          content:
            record.content.length > previewContentChars
              ? `${record.content.slice(0, previewContentChars)}…`
              : record.content,
        });
      }
    }
    if (scanned >= previewMaxRecords || bytesRead >= previewMaxBytes) {
      // Stop reading (the generator closes the file); extrapolate from the share of bytes read.
      complete = bytesRead >= sniff.fileSize;
      break;
    }
  }
  chatName ??= chatNameFromFileName(sniff.fileName);
  const existingGroupId = chatName ? findGroupIdByName(db, [...chatName].slice(0, 80).join('')) : null;
  const previous = findFinishedImportOf(db, sniff.fileName, sniff.fileSize);
  return {
    path: fullPath,
    fileName: sniff.fileName,
    fileSize: sniff.fileSize,
    format: sniff.format,
    formatDetected: sniff.formatDetected,
    encoding: sniff.encoding,
    bom: sniff.bomLength > 0,
    timeZone,
    usesTimeZone: formatSpecs[sniff.format].usesTimeZone,
    chatName,
    existingGroup:
      existingGroupId === null ? null : { id: existingGroupId, name: findGroup(db, existingGroupId)!.name },
    senderCount: senders.size,
    messageCount,
    rejectedCount,
    firstAt: firstAt === null ? null : new Date(firstAt).toISOString(),
    lastAt: lastAt === null ? null : new Date(lastAt).toISOString(),
    complete,
    estimatedMessages:
      complete || bytesRead === 0 ? messageCount : Math.round((messageCount * sniff.fileSize) / bytesRead),
    rows,
    rejected,
    previousImport: previous
      ? { id: previous.id, finishedAt: previous.finishedAt, groupName: previous.groupName }
      : null,
  };
}

function jobInput(path: string, options: ImportOptions): ImportJobInput {
  const input: ImportJobInput = { path };
  if (options.format) input.format = options.format;
  if (options.encoding) input.encoding = options.encoding;
  if (options.timeZone) input.timeZone = options.timeZone;
  if (options.date) input.date = options.date;
  if (options.groupId !== undefined) input.groupId = options.groupId;
  if (options.groupName) input.groupName = options.groupName;
  return input;
}

function checkGroup(db: Db, options: ImportOptions): void {
  if (options.groupId !== undefined && !findGroup(db, options.groupId)) {
    throw new AppError('NOT_FOUND', 'import.errors.groupNotFound', { id: options.groupId });
  }
  if (options.timeZone) parseOffset(options.timeZone);
}

/** Starts one `import.file` job per file (folders expanded) and returns their ids. */
export async function startImports(
  backend: Backend,
  paths: readonly string[],
  options: ImportOptions,
): Promise<{ jobIds: string[] }> {
  checkGroup(backend.context.db, options);
  const files = await expandImportPaths(paths);
  if (files.length === 0) throw new AppError('BAD_FILE', 'import.errors.noFiles');
  const operator = backend.context.operator();
  return {
    jobIds: files.map((file) => backend.jobs.start('import.file', jobInput(file, options), operator)),
  };
}

export function listImportHistory(
  db: Db,
  query: { groupId?: number | undefined; offset: number; limit: number },
): Page<ImportRecord> {
  return listImports(db, query);
}

/** The OS file dialog (Electron only): export files, several at once. */
export async function pickImportFiles(backend: Backend): Promise<{ paths: string[] }> {
  const pickFiles = backend.ports.pickFiles;
  if (!pickFiles) throw new AppError('UNSUPPORTED');
  const locale = backend.settings.get().locale;
  const paths = await pickFiles({
    title: translate(locale, 'import.pickTitle'),
    filters: [
      {
        name: translate(locale, 'import.pickFilter'),
        extensions: ['csv', 'txt', 'json', 'jsonl', 'html', 'htm', 'js'],
      },
    ],
  });
  return { paths };
}

/** One line of the CLI's `import --json` output. */
export interface FileImportResult {
  file: string;
  format: string | null;
  encoding: string | null;
  read: number;
  inserted: number;
  duplicates: number;
  skipped: number;
  rejected: number;
  /** Rejected rows, or one entry with `line: null` when the whole file failed; reasons in the user's language. */
  errors: { line: number | null; reason: string }[];
}

/**
 * Imports files and folders, one file after another, and reports each file: what the CLI's `import` command
 * prints. A failing file does not stop the others. The files' jobs are started together, as the app starts a
 * folder's (they run one at a time in their lane): each knows whether another waits behind it.
 */
export async function importFiles(
  backend: Backend,
  paths: readonly string[],
  options: ImportOptions & { locale?: Locale },
): Promise<FileImportResult[]> {
  const locale = options.locale ?? backend.settings.get().locale;
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  checkGroup(backend.context.db, options);
  // Every path is listed before any file is started: a folder that cannot be read starts nothing.
  const listed: { path: string; files: string[] }[] = [];
  for (const path of paths) listed.push({ path, files: await expandImportPaths([path]) });
  const started: ({ file: string; jobId: string } | { failed: FileImportResult })[] = [];
  for (const { path, files } of listed) {
    if (files.length === 0)
      started.push({ failed: failedResult(resolve(path), null, null, t('import.errors.noFiles')) });
    for (const file of files)
      started.push({
        file,
        jobId: backend.jobs.start('import.file', jobInput(file, options), backend.context.operator()),
      });
  }
  const results: FileImportResult[] = [];
  for (const entry of started) {
    if ('failed' in entry) results.push(entry.failed);
    else {
      const { file } = entry;
      const state = await backend.jobs.wait(entry.jobId);
      if (state.status === 'done') {
        const report = state.result as ImportFileReport;
        results.push({
          file: report.file,
          format: report.format,
          encoding: report.encoding,
          read: report.read,
          inserted: report.inserted,
          duplicates: report.duplicates,
          skipped: report.skipped,
          rejected: report.rejected,
          errors: report.errors.map((row) => ({ line: row.line, reason: t(row.reason, row.params) })),
        });
      } else {
        const recorded = lastImportOf(backend.context.db, file);
        const message = state.error ? t(state.error.message, state.error.params) : t('errors.cancelled');
        results.push(failedResult(file, recorded?.format ?? null, recorded?.encoding ?? null, message));
      }
    }
  }
  return results;
}

function failedResult(
  file: string,
  format: string | null,
  encoding: string | null,
  reason: string,
): FileImportResult {
  return {
    file,
    format,
    encoding,
    read: 0,
    inserted: 0,
    duplicates: 0,
    skipped: 0,
    rejected: 0,
    errors: [{ line: null, reason }],
  };
}

/** Format and encoding as far as the failed import got (null where it never got to detect them). */
function lastImportOf(db: Db, file: string): { format: string | null; encoding: string | null } | null {
  const row = db
    .prepare(`SELECT format, encoding FROM imports WHERE file_path = ? ORDER BY id DESC LIMIT 1`)
    .get(resolve(file)) as { format: string; encoding: string } | undefined;
  if (!row) return null;
  const known = (value: string) => (value === 'unknown' ? null : value);
  return { format: known(row.format), encoding: known(row.encoding) };
}
