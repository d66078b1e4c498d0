/**
 * Format detection from the first bytes of a file (and its name), following the signature table of the format
 * notes: CSV headers, JSON header keys, HTML/JS markers, then the header-line shapes of the TXT exports. LLM
 * training exports (MemoTrace "AI TXT" and JSON) are recognised so they can be refused with a clear reason.
 */
import type { ImportFormat } from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';
import { chatlogCsvHeader, chatlogTxtHeader } from './parsers/chatlog';
import { memotraceCsvHeader, memotraceHtmlMarker, memotraceTxtHeader } from './parsers/memotrace';
import { pywxdumpCsvPrefix, pywxdumpDataJsMarker } from './parsers/pywxdump';
import { wechatExporterMessage, wechatExporterTitle } from './parsers/wechatExporter';
import { wecloneCsvHeader, weflowTxtHeader } from './parsers/weflow';

const csvHeaders: readonly (readonly [string, ImportFormat])[] = [
  [memotraceCsvHeader, 'memotrace-csv'],
  [pywxdumpCsvPrefix, 'pywxdump-csv'],
  [wecloneCsvHeader, 'weclone-csv'],
  [chatlogCsvHeader, 'chatlog-csv'],
];

const aiTxtBanner = /^\*{10,}\d{4}-\d{2}-\d{2}\*{10,}\s*$/m;
const llmJson = /"conversations"\s*:\s*\[|"role"\s*:\s*"(?:system|user|assistant)"|"instruction"\s*:\s*"/;

/** Which format `text` (the decoded start of a file, BOM removed) is in; throws a BAD_FILE AppError otherwise. */
export function detectFormat(text: string, fileName: string): ImportFormat {
  const start = text.trimStart();
  if (start.length === 0) throw new AppError('BAD_FILE', 'import.errors.empty');
  const firstLineEnd = start.indexOf('\n');
  const firstLine = (firstLineEnd === -1 ? start : start.slice(0, firstLineEnd)).replace(/\r+$/, '');

  for (const [header, format] of csvHeaders) if (firstLine.startsWith(header)) return format;

  if (start.startsWith('{') || start.startsWith('[')) return detectJson(start, firstLine);
  if (start.startsWith('#') && /^\{"_type"\s*:/m.test(start)) return 'chatlab-jsonl';
  if (text.includes(memotraceHtmlMarker)) return 'memotrace-html';
  if (text.includes(pywxdumpDataJsMarker)) return 'pywxdump-json';
  if (aiTxtBanner.test(start.slice(0, 64 * 1024))) throw new AppError('BAD_FILE', 'import.errors.aiTxt');
  if (/\.html?$/i.test(fileName) || /^<(!doctype|html)/i.test(start))
    throw new AppError('BAD_FILE', 'import.errors.unknownFormat');
  return detectTxt(start, firstLine);
}

function detectJson(start: string, firstLine: string): ImportFormat {
  const head = start.slice(0, 256 * 1024);
  if (/^\{\s*"_type"\s*:\s*"(?:header|member|message)"/.test(firstLine)) return 'chatlab-jsonl';
  if (/"weflow"\s*:\s*\{/.test(head)) return 'weflow-json';
  if (/"chatlab"\s*:\s*\{/.test(head)) return 'chatlab-json';
  if (llmJson.test(head)) throw new AppError('BAD_FILE', 'import.errors.llmJson');
  // EchoTrace writes WeFlow's shape without the header; WeFlow's HTTP API answers with the same messages.
  if (/"senderUsername"/.test(head) && (/"session"\s*:/.test(head) || /"createTime"/.test(head)))
    return 'weflow-json';
  if (start.startsWith('[')) {
    if (/"MsgSvrID"/.test(head) && /"type_name"/.test(head)) return 'pywxdump-json';
    if (/"seq"/.test(head) && /"time"/.test(head) && (/"isChatRoom"/.test(head) || /"talker"/.test(head)))
      return 'chatlog-json';
  }
  throw new AppError('BAD_FILE', 'import.errors.unknownFormat');
}

/** Votes over the first header-like lines: WeFlow's quoted names also match MemoTrace's pattern, so it goes first. */
function detectTxt(start: string, firstLine: string): ImportFormat {
  if (wechatExporterTitle.test(firstLine)) return 'wechatexporter-txt';
  const lines = start
    .slice(0, 256 * 1024)
    .split('\n', 4000)
    .map((line) => line.replace(/\r+$/, ''));
  const votes = { weflow: 0, memotrace: 0, chatlog: 0, wechatExporter: 0 };
  let previousBlank = true;
  for (const line of lines) {
    if (previousBlank) {
      if (weflowTxtHeader.test(line)) votes.weflow += 1;
      if (memotraceTxtHeader.test(line)) votes.memotrace += 1;
      if (chatlogTxtHeader.test(line)) votes.chatlog += 1;
    }
    if (wechatExporterMessage.test(line)) votes.wechatExporter += 1;
    previousBlank = line.trim() === '';
  }
  if (votes.weflow > 0 && votes.weflow * 2 >= votes.memotrace) return 'weflow-txt';
  if (votes.memotrace > 0) return 'memotrace-txt';
  if (votes.chatlog > 0) return 'chatlog-txt';
  if (votes.wechatExporter > 0) return 'wechatexporter-txt';
  throw new AppError('BAD_FILE', 'import.errors.unknownFormat');
}
