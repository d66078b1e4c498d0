/**
 * The importer's reading side: sniff a file (encoding and format, both overridable) and stream its records.
 * Plain Node, no database: the import job and the preview both build on this.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ImportEncoding, ImportFormat } from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';
import { detectFormat } from './detect';
import { bomLengthFor, createChunkDecoder, decodeChunks, detectEncoding, looksBinary } from './encoding';
import { parseChatlabJson, parseChatlabJsonl } from './parsers/chatlab';
import { parseChatlogCsv, parseChatlogJson, parseChatlogTxt } from './parsers/chatlog';
import { parseMemotraceCsv, parseMemotraceHtml, parseMemotraceTxt } from './parsers/memotrace';
import { parsePywxdumpCsv, parsePywxdumpJson } from './parsers/pywxdump';
import { parseWechatExporterTxt } from './parsers/wechatExporter';
import { parseWecloneCsv, parseWeflowJson, parseWeflowTxt } from './parsers/weflow';
import { asReadError, fileByteChunks, readHead } from './source';
import type { ParsedRecord, ParseOptions, Parser } from './types';

export interface FormatSpec {
  parse: Parser;
  /** Whether the format stores naive local times, so the time-zone option matters. */
  usesTimeZone: boolean;
}

export const formatSpecs: Record<ImportFormat, FormatSpec> = {
  'memotrace-csv': { parse: parseMemotraceCsv, usesTimeZone: false },
  'memotrace-txt': { parse: parseMemotraceTxt, usesTimeZone: true },
  'memotrace-html': { parse: parseMemotraceHtml, usesTimeZone: false },
  'pywxdump-csv': { parse: parsePywxdumpCsv, usesTimeZone: true },
  'pywxdump-json': { parse: parsePywxdumpJson, usesTimeZone: true },
  'weflow-json': { parse: parseWeflowJson, usesTimeZone: false },
  'weflow-txt': { parse: parseWeflowTxt, usesTimeZone: true },
  'weclone-csv': { parse: parseWecloneCsv, usesTimeZone: false },
  'chatlab-json': { parse: parseChatlabJson, usesTimeZone: false },
  'chatlab-jsonl': { parse: parseChatlabJsonl, usesTimeZone: false },
  'chatlog-csv': { parse: parseChatlogCsv, usesTimeZone: true },
  'chatlog-json': { parse: parseChatlogJson, usesTimeZone: false },
  'chatlog-txt': { parse: parseChatlogTxt, usesTimeZone: true },
  'wechatexporter-txt': { parse: parseWechatExporterTxt, usesTimeZone: true },
};

/** Bytes read to detect the encoding and the format (HTML exports put a long template before the data). */
const sampleBytes = 1024 * 1024;

export interface SniffResult {
  fileName: string;
  fileSize: number;
  format: ImportFormat;
  formatDetected: boolean;
  encoding: ImportEncoding;
  bomLength: number;
}

/** Reads the start of a file and decides its encoding and format (each unless forced). */
export async function sniffFile(
  path: string,
  overrides: { format?: ImportFormat | undefined; encoding?: ImportEncoding | undefined } = {},
): Promise<SniffResult> {
  const info = await stat(path).catch((error: unknown) => {
    throw asReadError(error, path);
  });
  if (!info.isFile()) throw new AppError('BAD_FILE', 'import.errors.notAFile', { path });
  if (info.size === 0) throw new AppError('BAD_FILE', 'import.errors.empty');
  const sample = await readHead(path, Math.min(sampleBytes, info.size));
  const detected = overrides.encoding
    ? {
        encoding: overrides.encoding,
        bomLength: bomLengthFor(overrides.encoding === 'gbk' ? 'gb18030' : overrides.encoding, sample),
      }
    : detectEncoding(sample, sample.length === info.size);
  const decoder = createChunkDecoder(detected.encoding);
  const text =
    decoder.write(sample.subarray(detected.bomLength)) + (sample.length === info.size ? decoder.end() : '');
  if (looksBinary(text)) throw new AppError('BAD_FILE', 'import.errors.binary');
  const fileName = basename(path);
  const format = overrides.format ?? detectFormat(text, fileName);
  return {
    fileName,
    fileSize: info.size,
    format,
    formatDetected: !overrides.format,
    encoding: detected.encoding,
    bomLength: detected.bomLength,
  };
}

/** PyWxDump writes `users.json` (wxid -> nickname, remark, …) next to its exports; names come from there. */
export async function loadPywxdumpUserNames(exportPath: string): Promise<Map<string, string> | undefined> {
  const usersFile = join(dirname(exportPath), 'users.json');
  try {
    const info = await stat(usersFile);
    if (!info.isFile() || info.size > 64 * 1024 * 1024) return undefined;
    const users = JSON.parse(await readFile(usersFile, 'utf8')) as unknown;
    if (typeof users !== 'object' || users === null) return undefined;
    const names = new Map<string, string>();
    for (const [wxid, user] of Object.entries(users as Record<string, unknown>)) {
      if (typeof user !== 'object' || user === null) continue;
      const { remark, nickname } = user as { remark?: unknown; nickname?: unknown };
      const name =
        (typeof remark === 'string' && remark.trim()) || (typeof nickname === 'string' && nickname.trim());
      if (name) names.set(wxid, name);
    }
    return names;
  } catch {
    // No users.json, or not one we can read: senders keep their wxids as names.
    return undefined;
  }
}

/**
 * Streams the records of a sniffed file a chunk's worth at a time (the import job's loop). `onBytes` reports the
 * bytes read so far (progress).
 */
export function readRecordBatches(
  path: string,
  sniff: Pick<SniffResult, 'format' | 'encoding' | 'bomLength'>,
  options: ParseOptions,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<ParsedRecord[], void, undefined> {
  const text = decodeChunks(fileByteChunks(path, { start: sniff.bomLength, onBytes }), sniff.encoding);
  return formatSpecs[sniff.format].parse(text, options);
}

/** The same records one at a time, for readers that stop early (the preview) or collect everything (tests). */
export async function* readRecords(
  path: string,
  sniff: Pick<SniffResult, 'format' | 'encoding' | 'bomLength'>,
  options: ParseOptions,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<ParsedRecord, void, undefined> {
  for await (const batch of readRecordBatches(path, sniff, options, onBytes)) yield* batch;
}

export { isRejected } from './types';
export type { ParsedMessage, ParsedRecord, ParseOptions, RejectedRow } from './types';
