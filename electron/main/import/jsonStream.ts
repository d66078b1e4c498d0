/**
 * A streaming scanner for large JSON exports (and the JS literal inside MemoTrace HTML). It never holds the whole
 * document: elements of the big arrays (`messages`, or a root array) come out one by one as raw text for
 * `JSON.parse`, small header members (`weflow`, `session`, `meta`, …) come out whole, everything else is skipped.
 */
import { AppError } from '../../../shared/ipc/errors';
import { maxRecordChars } from './text';
import type { TextChunks } from './types';

export type JsonEvent =
  /** A captured member of the root object. */
  | { type: 'value'; key: string; raw: string; line: number }
  /** An element of a streamed array; `key` is null for a root array. */
  | { type: 'item'; key: string | null; raw: string; line: number };

export interface JsonScanOptions {
  /** Root-object members whose array value is streamed element by element. */
  streamKeys?: ReadonlySet<string>;
  /** Root-object members returned whole (keep them small: headers, metadata). */
  captureKeys?: ReadonlySet<string>;
  /** Accept single-quoted strings too (JS object literals). */
  singleQuotes?: boolean;
  /** Skip everything up to this text; the root value starts after it (a JS array inside an HTML page). */
  startMarker?: string;
}

const enum Mode {
  SeekMarker,
  SeekRoot,
  ObjectExpectKey,
  ObjectKey,
  ObjectExpectColon,
  ObjectExpectValue,
  ObjectAfterValue,
  ArrayExpectItem,
  Value,
  Done,
}

const enum ValueShape {
  Container,
  String,
  Bare,
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
}

export class JsonScanner {
  private mode: Mode;
  private line = 1;
  private readonly streamKeys: ReadonlySet<string>;
  private readonly captureKeys: ReadonlySet<string>;
  private readonly singleQuotes: boolean;
  private readonly marker: string | undefined;
  private markerWindow = '';
  private rootIsArray = false;
  private key = '';
  private keyEscape = false;
  /** Key of the array being streamed (null: root array). */
  private arrayKey: string | null = null;
  // The value being scanned.
  private shape = ValueShape.Bare;
  private depth = 0;
  private inString = false;
  private quote = 0;
  private escape = false;
  private capturing = false;
  private captured = '';
  private valueLine = 1;
  private afterValue = Mode.ObjectAfterValue;
  /** Characters of the bare value (number, literal) scanned so far, captured or not. */
  private bareLength = 0;

  constructor(options: JsonScanOptions = {}) {
    this.streamKeys = options.streamKeys ?? new Set();
    this.captureKeys = options.captureKeys ?? new Set();
    this.singleQuotes = options.singleQuotes ?? false;
    this.marker = options.startMarker;
    this.mode = this.marker ? Mode.SeekMarker : Mode.SeekRoot;
  }

  get finished(): boolean {
    return this.mode === Mode.Done;
  }

  push(chunk: string): JsonEvent[] {
    const events: JsonEvent[] = [];
    let i = 0;
    const length = chunk.length;
    if (this.mode === Mode.SeekMarker) {
      i = this.seekMarker(chunk);
      if (i < 0) return events;
    }
    while (i < length) {
      const code = chunk.charCodeAt(i);
      switch (this.mode) {
        case Mode.Done:
          return events;
        case Mode.SeekRoot:
          if (code === OPEN_BRACE) this.mode = Mode.ObjectExpectKey;
          else if (code === OPEN_BRACKET) {
            this.rootIsArray = true;
            this.arrayKey = null;
            this.mode = Mode.ArrayExpectItem;
          } else if (!isSpace(code)) throw this.malformed();
          break;
        case Mode.ObjectExpectKey:
          if (code === DOUBLE_QUOTE) {
            this.key = '';
            this.keyEscape = false;
            this.mode = Mode.ObjectKey;
          } else if (code === CLOSE_BRACE) this.mode = Mode.Done;
          else if (!isSpace(code) && code !== COMMA) throw this.malformed();
          break;
        case Mode.ObjectKey:
          if (this.keyEscape) this.keyEscape = false;
          else if (code === BACKSLASH) this.keyEscape = true;
          else if (code === DOUBLE_QUOTE) {
            this.key = decodeKey(this.key);
            this.mode = Mode.ObjectExpectColon;
            break;
          }
          this.key += chunk[i];
          if (this.key.length > 1000) throw this.malformed();
          break;
        case Mode.ObjectExpectColon:
          if (code === COLON) this.mode = Mode.ObjectExpectValue;
          else if (!isSpace(code)) throw this.malformed();
          break;
        case Mode.ObjectExpectValue:
          if (isSpace(code)) break;
          if (code === OPEN_BRACKET && this.streamKeys.has(this.key)) {
            this.arrayKey = this.key;
            this.mode = Mode.ArrayExpectItem;
            break;
          }
          this.startValue(code, this.captureKeys.has(this.key), Mode.ObjectAfterValue);
          i = this.scanValue(chunk, i, events);
          continue;
        case Mode.ObjectAfterValue:
          if (code === COMMA) this.mode = Mode.ObjectExpectKey;
          else if (code === CLOSE_BRACE) this.mode = Mode.Done;
          else if (!isSpace(code)) throw this.malformed();
          break;
        case Mode.ArrayExpectItem:
          if (isSpace(code) || code === COMMA) break;
          if (code === CLOSE_BRACKET) {
            this.mode = this.rootIsArray ? Mode.Done : Mode.ObjectAfterValue;
            break;
          }
          this.startValue(code, true, Mode.ArrayExpectItem);
          i = this.scanValue(chunk, i, events);
          continue;
        case Mode.Value:
          i = this.scanValue(chunk, i, events);
          continue;
        case Mode.SeekMarker:
          break;
      }
      if (code === NEWLINE) this.line += 1;
      i += 1;
    }
    return events;
  }

  /** Throws when the document ended before its root value closed: the file was cut off. */
  end(): void {
    if (this.mode === Mode.SeekMarker || (this.mode === Mode.SeekRoot && !this.marker)) {
      throw new AppError('BAD_FILE', 'import.errors.unknownFormat');
    }
    if (this.mode !== Mode.Done)
      throw new AppError('BAD_FILE', 'import.errors.truncated', { line: this.line });
  }

  private malformed(): AppError {
    return new AppError('BAD_FILE', 'import.errors.malformedJson', { line: this.line });
  }

  /** Finds the start marker across chunk boundaries; returns the index just after it, or -1. */
  private seekMarker(chunk: string): number {
    const marker = this.marker!;
    const text = this.markerWindow + chunk;
    const at = text.indexOf(marker);
    if (at === -1) {
      this.line += countNewlines(chunk, 0, chunk.length);
      this.markerWindow = text.slice(Math.max(0, text.length - marker.length + 1));
      return -1;
    }
    const index = at + marker.length - this.markerWindow.length;
    this.line += countNewlines(chunk, 0, Math.max(0, index));
    this.markerWindow = '';
    this.mode = Mode.SeekRoot;
    return Math.max(0, index);
  }

  private startValue(code: number, capture: boolean, after: Mode): void {
    this.mode = Mode.Value;
    this.afterValue = after;
    this.capturing = capture;
    this.captured = '';
    this.valueLine = this.line;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.bareLength = 0;
    if (code === OPEN_BRACE || code === OPEN_BRACKET) this.shape = ValueShape.Container;
    else if (code === DOUBLE_QUOTE || (this.singleQuotes && code === SINGLE_QUOTE))
      this.shape = ValueShape.String;
    else this.shape = ValueShape.Bare;
  }

  /** Scans the current value from `start`; returns where scanning should continue. */
  private scanValue(chunk: string, start: number, events: JsonEvent[]): number {
    const length = chunk.length;
    let i = start;
    let ended = false;
    let endAt = length;
    if (this.shape === ValueShape.Bare) {
      while (i < length) {
        const code = chunk.charCodeAt(i);
        if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) {
          ended = true;
          endAt = i;
          break;
        }
        i += 1;
      }
      // A value that is not even one character (`[}`, `{"a":,`) would never let the scan move on.
      this.bareLength += endAt - start;
      if (ended && this.bareLength === 0) throw this.malformed();
    } else {
      const singleQuotes = this.singleQuotes;
      let depth = this.depth;
      let inString = this.inString;
      let quote = this.quote;
      let escape = this.escape;
      const stringShape = this.shape === ValueShape.String;
      for (; i < length; i += 1) {
        const code = chunk.charCodeAt(i);
        if (code === NEWLINE) this.line += 1;
        if (inString) {
          if (escape) escape = false;
          else if (code === BACKSLASH) escape = true;
          else if (code === quote) {
            inString = false;
            if (stringShape && depth === 0) {
              ended = true;
              endAt = i + 1;
              break;
            }
          }
          continue;
        }
        if (code === DOUBLE_QUOTE || (singleQuotes && code === SINGLE_QUOTE)) {
          inString = true;
          quote = code;
        } else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
        else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
          depth -= 1;
          if (depth === 0) {
            ended = true;
            endAt = i + 1;
            break;
          }
        }
      }
      this.depth = depth;
      this.inString = inString;
      this.quote = quote;
      this.escape = escape;
    }
    if (this.capturing) {
      this.captured += chunk.slice(start, endAt);
      if (this.captured.length > maxRecordChars) {
        throw new AppError('BAD_FILE', 'import.errors.recordTooLong', {
          line: this.valueLine,
          limit: maxRecordChars,
        });
      }
    }
    if (!ended) return length;
    if (this.capturing) {
      const raw = this.captured;
      this.captured = '';
      if (this.afterValue === Mode.ArrayExpectItem)
        events.push({ type: 'item', key: this.arrayKey, raw, line: this.valueLine });
      else events.push({ type: 'value', key: this.key, raw, line: this.valueLine });
    }
    this.mode = this.afterValue;
    return endAt;
  }
}

function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** Streams scanner events, one array per input chunk. */
export async function* scanJsonBatches(
  chunks: TextChunks,
  options: JsonScanOptions,
): AsyncGenerator<JsonEvent[]> {
  const scanner = new JsonScanner(options);
  for await (const chunk of chunks) {
    const events = scanner.push(chunk);
    if (events.length > 0) yield events;
    if (scanner.finished) break;
  }
  scanner.end();
}
