/**
 * Member tables as XLSX: one more row source and row sink for the member import/export pipeline in membersCsv.ts
 * (mapping, preview, per-row errors and the all-or-nothing write stay there). Reading streams the sheet through
 * exceljs and turns every cell into the text a CSV would hold: Excel dates become ISO dates, numbers keep all their
 * digits (a phone typed as a number is 13800138000, never 1.38E+10), merged cells give their value to every cell
 * they cover. Writing streams too: a bold, frozen header row, column widths, dates as real dates, contacts as text.
 *
 * exceljs's own streaming reader takes the zip entries in stored order, and Excel, WPS and exceljs itself store the
 * sheets before the shared strings, styles or workbook.xml, which it handles by chance (exceljs issues #962, #3064:
 * "reading 'sheets' of undefined", dates read as plain numbers). So the zip is opened by its central directory
 * (yauzl) and exceljs's parsers are fed the parts in the order they depend on: relationships, workbook, shared
 * strings, styles, then the one sheet wanted, still streamed row by row.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError } from '../../../shared/ipc/errors';

/**
 * exceljs, loaded when a sheet is first read or written: loading it takes a quarter of a second of CPU, which every
 * job worker (each job on a cold worker) and the app's start paid for a library most jobs never use.
 */
let exceljs: Promise<typeof ExcelJS> | undefined;
const loadExcelJs = () =>
  (exceljs ??= import('exceljs').then((module) => (module as { default?: typeof ExcelJS }).default ?? module));

export interface SheetTable {
  /** Visible sheets in tab order. */
  sheets: string[];
  /** The sheet read. */
  sheet: string;
  headers: string[];
  rows: string[][];
  /** Each row's number in the sheet, as Excel shows it (titles above the header and empty rows are skipped). */
  rowNumbers: number[];
}

/**
 * exceljs's streaming workbook reader, used for its part parsers (internal methods, pinned with exceljs 4.4): each
 * takes a part's stream and fills in what the sheet parser reads later.
 */
interface BookParts {
  model?: { sheets?: { name: string; state?: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  styles: { index?: { numFmt?: Record<number, string> } };
  _parseRels(stream: Readable): Promise<void>;
  _parseWorkbook(stream: Readable): Promise<void>;
  _parseSharedStrings(stream: Readable): AsyncGenerator<unknown>;
  _parseStyles(stream: Readable): Promise<void>;
  _parseWorksheet(
    stream: AsyncIterable<unknown>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

/** Built-in number formats of Chinese (and other CJK) Excel that show dates (年月日); exceljs knows only Western ones. */
const cjkDateFormatIds = [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/** Every entry of the zip by name, from its central directory. */
async function zipEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  return entries;
}

interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
/** Old binary .xls (OLE compound file): exceljs cannot read it, and Excel can save it again as .xlsx. */
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** Refuses what is not an XLSX file before the zip reader sees it, with a message that says what it is. */
function checkSignature(path: string): void {
  const head = Buffer.alloc(8);
  let read: number;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new AppError('IO', 'members.errors.csvUnreadable', {
      file: basename(path),
      reason: (error as NodeJS.ErrnoException).code ?? 'unknown',
    });
  }
  if (read === 0) throw new AppError('BAD_FILE', 'members.errors.csvEmpty');
  if (startsWith(head, oleMagic))
    throw new AppError('BAD_FILE', 'members.errors.xlsOldFormat', { file: basename(path) });
  if (!startsWith(head, zipMagic))
    throw new AppError('BAD_FILE', 'members.errors.xlsxMalformed', {
      file: basename(path),
      reason: 'not a zip archive',
    });
}

/** Column letters → 1-based number (A → 1, AA → 27). */
function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + letter.charCodeAt(0) - 64;
  return number;
}

function columnLetters(number: number): string {
  let letters = '';
  for (let rest = number; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

const mergeCellPattern = /<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g;

/**
 * Passes a sheet's XML through unchanged while collecting its merged ranges: exceljs's sheet parser skips
 * <mergeCell>, and they come after all the rows, so they are applied once the sheet is read.
 */
async function* tapMerges(chunks: AsyncIterable<string>, into: MergedRange[]): AsyncGenerator<string> {
  let tail = '';
  for await (const chunk of chunks) {
    const text = tail + chunk;
    let end = 0;
    for (const match of text.matchAll(mergeCellPattern)) {
      const [whole, left, top, right, bottom] = match;
      into.push({
        top: Number(top),
        left: columnNumber(left!),
        bottom: Number(bottom),
        right: columnNumber(right!),
      });
      end = match.index + whole.length;
    }
    // Keep the unmatched end of the chunk: a <mergeCell> may be cut in two by the chunk boundary.
    tail = text.slice(Math.max(end, text.length - 200));
    yield chunk;
  }
}

const dayMs = 86_400_000;
/** Days between Excel's 1900 epoch (with its 1900 leap-year bug) and 1970-01-01. */
const excelEpochOffset = 25_569;

/** A date as an operator would type it: 2024-03-01, or 2024-03-01 14:30:00 when it has a time. Excel dates carry no zone. */
function dateText(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const iso = rounded.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** All the digits of a number, as Excel shows them (15 significant digits, never an exponent below 1e21). */
function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number.isInteger(value) ? value : Number(value.toPrecision(15)));
}

function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  // Quoted text and [colour]/[locale] parts say nothing about dates; y, m, d or h outside them do.
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdh]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** A cell as text: what the member CSV would hold for it. Formula cells give their computed value. */
export function cellText(value: ExcelJS.CellValue, numberFormat?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number')
    return isDateFormat(numberFormat)
      ? dateText(new Date((value - excelEpochOffset) * dayMs))
      : numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? dateText(value) : '';
  if ('richText' in value)
    return value.richText
      .map((run) => run.text)
      .join('')
      .trim();
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result ?? null, numberFormat);
  // #N/A, #REF! …: a lookup that found nothing; the cell is empty for the import.
  if ('error' in value) return '';
  if ('text' in value) return cellText(value.text, numberFormat);
  return '';
}

/** Names for the header cells: empty ones by their column letter, repeated ones numbered. */
export function uniqueHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell === '' ? columnLetters(index + 1) : cell;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

const filled = (cells: readonly string[]) => cells.reduce((count, cell) => count + (cell === '' ? 0 : 1), 0);

/** Merged ranges below the header give their top-left value to every empty cell they cover. */
function fillMerges(
  rows: string[][],
  rowNumbers: readonly number[],
  merges: readonly MergedRange[],
  headerRow: number,
) {
  const indexOf = new Map(rowNumbers.map((number, index) => [number, index]));
  for (const merge of merges) {
    if (merge.top <= headerRow) continue;
    const anchor = indexOf.get(merge.top);
    const value = anchor === undefined ? '' : (rows[anchor]![merge.left - 1] ?? '');
    if (value === '') continue;
    for (let number = merge.top; number <= merge.bottom; number += 1) {
      const index = indexOf.get(number);
      if (index === undefined) continue;
      const row = rows[index]!;
      for (let column = merge.left; column <= merge.right; column += 1) {
        if ((row[column - 1] ?? '') === '') row[column - 1] = value;
      }
    }
  }
}

/**
 * Reads one sheet of an XLSX file (the first visible one unless `wanted` names another). The header is the first
 * row with two or more filled cells, so a title row above it (often merged across the table) is skipped; empty rows
 * are skipped too.
 */
export async function readXlsxTable(path: string, wanted?: string): Promise<SheetTable> {
  checkSignature(path);
  const merges: MergedRange[] = [];
  const raw: { number: number; cells: string[] }[] = [];
  let sheets: string[];
  let chosen: string;
  let zip: yauzl.ZipFile | null = null;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
    const entries = await zipEntries(zip);
    // Parts are read as text: exceljs decodes each chunk on its own, which garbles a character cut by a chunk end.
    const part = async (name: string) => {
      const entry = entries.get(name);
      return entry ? (await zip!.openReadStreamPromise(entry)).setEncoding('utf8') : null;
    };
    const book = new (await loadExcelJs()).stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles tell date cells from numbers.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as BookParts;
    const rels = await part('xl/_rels/workbook.xml.rels');
    const workbook = await part('xl/workbook.xml');
    if (!rels || !workbook) throw new Error('no workbook');
    await book._parseRels(rels);
    await book._parseWorkbook(workbook);
    const sharedStrings = await part('xl/sharedStrings.xml');
    if (sharedStrings) for await (const _ of book._parseSharedStrings(sharedStrings));
    const styles = await part('xl/styles.xml');
    if (styles) await book._parseStyles(styles);
    const formats = book.styles.index?.numFmt;
    if (formats) for (const id of cjkDateFormatIds) formats[id] ??= 'yyyy-mm-dd';

    const listed = (book.model?.sheets ?? []).filter(
      (sheet) => sheet.state !== 'hidden' && sheet.state !== 'veryHidden',
    );
    sheets = listed.map((sheet) => sheet.name);
    const target = wanted === undefined ? listed[0] : listed.find((sheet) => sheet.name === wanted);
    if (!target) {
      if (listed.length === 0) throw new Error('no worksheet');
      throw new AppError('VALIDATION', 'members.errors.xlsxNoSheet', {
        sheet: wanted ?? '',
        sheets: sheets.join('、'),
      });
    }
    chosen = target.name;
    // The sheet's part, from the workbook's relationships (relative to xl/, or absolute).
    const location = book.workbookRels?.find((rel) => rel.Id === target.rId)?.Target ?? '';
    const sheetPath = location.startsWith('/') ? location.slice(1) : `xl/${location.replace(/^\.\//, '')}`;
    const sheetStream = await part(sheetPath);
    if (!sheetStream) throw new Error(`missing ${sheetPath}`);
    const [parsed] = [...book._parseWorksheet(tapMerges(sheetStream, merges), '0')];
    for await (const row of parsed!.value) {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = cellText(cell.value, cell.numFmt);
      });
      for (let index = 0; index < cells.length; index += 1) cells[index] ??= '';
      raw.push({ number: row.number, cells });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('BAD_FILE', 'members.errors.xlsxMalformed', {
      file: basename(path),
      reason: String((error as Error).message ?? error).slice(0, 120),
    });
  } finally {
    zip?.close();
  }

  const nonEmpty = raw.filter((row) => filled(row.cells) > 0);
  const widest = nonEmpty.reduce((most, row) => Math.max(most, filled(row.cells)), 0);
  const headerAt = nonEmpty.findIndex((row) => filled(row.cells) >= Math.min(2, widest));
  const header = nonEmpty[headerAt];
  if (!header) throw new AppError('BAD_FILE', 'members.errors.csvEmpty');
  const body = nonEmpty.slice(headerAt + 1);
  const width = header.cells.length;
  // Every row as wide as the header, so the preview table and the mapping see the same columns.
  const rows = body.map((row) =>
    row.cells.length < width
      ? [...row.cells, ...Array<string>(width - row.cells.length).fill('')]
      : row.cells,
  );
  const rowNumbers = body.map((row) => row.number);
  fillMerges(rows, rowNumbers, merges, header.number);
  return { sheets, sheet: chosen, headers: uniqueHeaders(header.cells), rows, rowNumbers };
}

export type XlsxCell = string | number | Date | null;

export interface XlsxColumn {
  header: string;
  /** text: written as text (contacts keep their digits, a leading = stays text); date: a real Excel date. */
  kind: 'text' | 'number' | 'date';
}

/** Display width of a text in Excel's character units: CJK and full-width characters count double. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

const minWidth = 6;
const maxWidth = 50;
/** Column widths come from the header and this many rows (a 200,000-row export need not measure them all). */
const measuredRows = 2000;

/**
 * A one-sheet workbook: a bold, frozen header row with a filter, column widths from the content, dates as dates,
 * text columns formatted as text. Built in memory (a 200,000-member export is about 10 MB), so writing the file is
 * one step that either happens or reports why not. A `watermark` goes where reading the table back never looks:
 * the document's comments property and the printed page's header and footer.
 */
export async function xlsxTable(
  sheetName: string,
  columns: readonly XlsxColumn[],
  rows: readonly XlsxCell[][],
  watermark?: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  // The last chunks arrive after the writer's 'finish'; 'end' comes after all of them.
  const drained = new Promise<void>((resolve) => sink.once('end', resolve));
  const book = new (await loadExcelJs()).stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  // '&' starts a code in Excel's header and footer text: doubled, it prints as itself.
  const printed = watermark === undefined ? null : `&C${watermark.replace(/&/g, '&&')}`;
  if (watermark !== undefined) book.description = watermark;
  const sheet = book.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
    ...(printed === null ? {} : { headerFooter: { oddHeader: printed, oddFooter: printed } }),
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.columns = columns.map((column, index) => {
    let width = displayWidth(column.header);
    for (const row of rows.slice(0, measuredRows)) {
      const cell = row[index];
      const text =
        cell instanceof Date ? '2024-01-01' : cell === null || cell === undefined ? '' : String(cell);
      width = Math.max(width, displayWidth(text));
    }
    return {
      width: Math.min(maxWidth, Math.max(minWidth, width + 2)),
      style:
        column.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : column.kind === 'text' ? { numFmt: '@' } : {},
    };
  });
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await book.commit();
  await drained;
  return Buffer.concat(chunks);
}
