/**
 * Streaming line and CSV readers over decoded text chunks. Both handle LF, CRLF and the `\r\r\n` that early-2024
 * PyWxDump builds wrote on Windows, and both refuse a record longer than `maxRecordChars` instead of growing
 * without bound (a 10 MB line is a broken or binary file, not a chat message).
 */
import { AppError } from '../../../shared/ipc/errors';
import type { TextChunks } from './types';

/** Longest record we accept: far above any real message (long XML app messages run to a few hundred KB). */
export const maxRecordChars = 2_000_000;

export interface TextLine {
  text: string;
  /** 1-based. */
  line: number;
}

function tooLong(line: number): AppError {
  return new AppError('BAD_FILE', 'import.errors.recordTooLong', { line, limit: maxRecordChars });
}

function stripTrailingCarriageReturns(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 13) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** Yields the lines of a text, without their line ends, in batches (one array per input chunk). */
export async function* readLineBatches(chunks: TextChunks): AsyncGenerator<TextLine[]> {
  let pending = '';
  let line = 1;
  for await (const chunk of chunks) {
    const batch: TextLine[] = [];
    let start = 0;
    let newline = chunk.indexOf('\n');
    if (newline === -1) {
      pending += chunk;
      if (pending.length > maxRecordChars) throw tooLong(line);
      continue;
    }
    while (newline !== -1) {
      const piece = chunk.slice(start, newline);
      const text = pending.length > 0 ? pending + piece : piece;
      pending = '';
      if (text.length > maxRecordChars) throw tooLong(line);
      batch.push({ text: stripTrailingCarriageReturns(text), line });
      line += 1;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    pending = chunk.slice(start);
    if (pending.length > maxRecordChars) throw tooLong(line);
    if (batch.length > 0) yield batch;
  }
  if (pending.length > 0) yield [{ text: stripTrailingCarriageReturns(pending), line }];
}

export async function* readLines(chunks: TextChunks): AsyncGenerator<TextLine> {
  for await (const batch of readLineBatches(chunks)) yield* batch;
}

export interface CsvRow {
  fields: string[];
  /** Line where the row starts (quoted fields may span lines). */
  line: number;
}

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

const enum CsvState {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just saw a quote inside a quoted field: either an escaped quote or the closing one. */
  QuoteInQuoted,
  AfterQuoted,
}

/**
 * An incremental RFC 4180 parser (Python `csv.writer` and Go `encoding/csv` output): quoted fields with `""`
 * escapes and raw newlines, any of LF / CRLF / CRCRLF between rows. Lenient where real files are sloppy: text
 * after a closing quote is kept, a stray quote inside an unquoted field is literal.
 */
export class CsvParser {
  private fields: string[] = [];
  /** Parts of the current field seen in earlier chunks. */
  private fieldParts = '';
  private state = CsvState.FieldStart;
  private line = 1;
  private rowLine = 1;
  private rowChars = 0;

  /** Parses a chunk and returns the rows it completed. */
  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    const length = chunk.length;
    let i = 0;
    let fieldStart = 0;
    let state = this.state;
    while (i < length) {
      if (state === CsvState.FieldStart) {
        fieldStart = i;
        if (chunk.charCodeAt(i) === QUOTE) {
          state = CsvState.Quoted;
          i += 1;
          fieldStart = i;
          continue;
        }
        state = CsvState.Unquoted;
      }
      if (state === CsvState.Unquoted) {
        let end = i;
        let code = 0;
        while (end < length) {
          code = chunk.charCodeAt(end);
          if (code === COMMA || code === NEWLINE) break;
          end += 1;
        }
        if (end === length) {
          // The field continues in the next chunk.
          this.append(chunk.slice(fieldStart, end));
          break;
        }
        const value = this.take(chunk.slice(fieldStart, end));
        i = end + 1;
        if (code === COMMA) {
          this.fields.push(value);
          state = CsvState.FieldStart;
        } else {
          this.fields.push(stripTrailingCarriageReturns(value));
          this.endRow(rows);
          state = CsvState.FieldStart;
        }
        continue;
      }
      if (state === CsvState.Quoted) {
        const quote = chunk.indexOf('"', i);
        const end = quote === -1 ? length : quote;
        this.countNewlines(chunk, i, end);
        this.append(chunk.slice(fieldStart, end));
        if (quote === -1) break;
        i = quote + 1;
        state = CsvState.QuoteInQuoted;
        fieldStart = i;
        continue;
      }
      if (state === CsvState.QuoteInQuoted) {
        if (chunk.charCodeAt(i) === QUOTE) {
          // `""` inside quotes is one quote character.
          this.append('"');
          i += 1;
          fieldStart = i;
          state = CsvState.Quoted;
          continue;
        }
        state = CsvState.AfterQuoted;
      }
      // AfterQuoted: expect a comma or a row end; keep anything else as text.
      const code = chunk.charCodeAt(i);
      if (code === COMMA) {
        this.fields.push(this.take(''));
        state = CsvState.FieldStart;
      } else if (code === NEWLINE) {
        this.fields.push(this.take(''));
        this.endRow(rows);
        state = CsvState.FieldStart;
      } else if (code !== CARRIAGE_RETURN) {
        this.append(chunk[i]!);
      }
      i += 1;
    }
    this.state = state;
    return rows;
  }

  /** Completes the last row. A quoted field still open at the end means the file was cut off. */
  end(): CsvRow[] {
    const rows: CsvRow[] = [];
    if (this.state === CsvState.Quoted) {
      throw new AppError('BAD_FILE', 'import.errors.truncated', { line: this.rowLine });
    }
    if (this.state !== CsvState.FieldStart || this.fields.length > 0) {
      this.fields.push(stripTrailingCarriageReturns(this.take('')));
      this.endRow(rows);
    }
    this.state = CsvState.FieldStart;
    return rows;
  }

  private append(text: string): void {
    this.fieldParts += text;
    this.rowChars += text.length;
    if (this.rowChars > maxRecordChars) throw tooLong(this.rowLine);
  }

  private take(tail: string): string {
    this.rowChars += tail.length;
    if (this.rowChars > maxRecordChars) throw tooLong(this.rowLine);
    if (this.fieldParts.length === 0) return tail;
    const value = this.fieldParts + tail;
    this.fieldParts = '';
    return value;
  }

  private countNewlines(chunk: string, from: number, to: number): void {
    for (let at = chunk.indexOf('\n', from); at !== -1 && at < to; at = chunk.indexOf('\n', at + 1))
      this.line += 1;
  }

  private endRow(rows: CsvRow[]): void {
    const fields = this.fields;
    this.fields = [];
    // A blank line (including the empty lines `\r\r\n` files show in Excel) is not a row.
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: this.rowLine });
    this.line += 1;
    this.rowLine = this.line;
    this.rowChars = 0;
  }
}

/** Streams CSV rows, one array per input chunk. */
export async function* readCsvBatches(chunks: TextChunks): AsyncGenerator<CsvRow[]> {
  const parser = new CsvParser();
  for await (const chunk of chunks) {
    const rows = parser.push(chunk);
    if (rows.length > 0) yield rows;
  }
  const rest = parser.end();
  if (rest.length > 0) yield rest;
}
