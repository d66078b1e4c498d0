/**
 * Byte-level encoding detection and streaming decoding. Exports arrive as UTF-8 with or without a BOM, UTF-16
 * (rare, from Windows tools), or GBK/GB18030 after a user re-saved them in Excel or WPS.
 */
import iconv from 'iconv-lite';
import type { ImportEncoding } from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';

export interface DetectedEncoding {
  encoding: ImportEncoding;
  /** Bytes of byte-order mark to skip before decoding. */
  bomLength: number;
}

const utf8Bom = [0xef, 0xbb, 0xbf];

/** The byte-order mark at the start of `bytes`, if any. */
export function detectBom(bytes: Uint8Array): DetectedEncoding | null {
  if (bytes[0] === utf8Bom[0] && bytes[1] === utf8Bom[1] && bytes[2] === utf8Bom[2])
    return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return null;
}

/**
 * UTF-16 without a BOM shows as NUL bytes in every other position (ASCII headers and digits).
 * Returns the byte order, or null when the NULs do not follow that pattern.
 */
function utf16ByNulPattern(bytes: Uint8Array): ImportEncoding | null {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Strict UTF-8 check. A multi-byte sequence cut off by the end of a sample counts as valid (`sampleEnds`),
 * since the sample may stop in the middle of a character.
 */
export function isValidUtf8(bytes: Uint8Array, sampleEnds = false): boolean {
  let i = 0;
  const length = bytes.length;
  while (i < length) {
    const byte = bytes[i]!;
    if (byte < 0x80) {
      i += 1;
      continue;
    }
    let needed: number;
    let min: number;
    if (byte >= 0xc2 && byte <= 0xdf) {
      needed = 1;
      min = 0x80;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      needed = 2;
      min = 0x800;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      needed = 3;
      min = 0x10000;
    } else return false;
    let codePoint = byte & (0x3f >> needed);
    for (let k = 1; k <= needed; k += 1) {
      if (i + k >= length) return sampleEnds;
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return false;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return false;
    i += needed + 1;
  }
  return true;
}

/**
 * Picks the encoding from the first bytes of a file: BOM, then the UTF-16 NUL pattern, then strict UTF-8,
 * else GB18030. `sampleIsWholeFile` says whether a cut-off character at the end is an error or just the sample edge.
 */
export function detectEncoding(sample: Uint8Array, sampleIsWholeFile: boolean): DetectedEncoding {
  const bom = detectBom(sample);
  if (bom) return bom;
  const utf16 = utf16ByNulPattern(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (isValidUtf8(sample, !sampleIsWholeFile)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: 'gb18030', bomLength: 0 };
}

/** The BOM to skip when the user forces an encoding: only one that matches it. */
export function bomLengthFor(encoding: ImportEncoding, sample: Uint8Array): number {
  const bom = detectBom(sample);
  return bom && bom.encoding === encoding ? bom.bomLength : 0;
}

/** Bytes of `bytes` that form whole GB18030 characters (1, 2 or 4 bytes each); a cut-off one is left out. */
function wholeGb18030Length(bytes: Uint8Array): number {
  let i = 0;
  const length = bytes.length;
  while (i < length) {
    const lead = bytes[i]!;
    if (lead < 0x81 || lead === 0xff) {
      i += 1;
      continue;
    }
    if (i + 1 >= length) return i;
    const second = bytes[i + 1]!;
    if (second >= 0x30 && second <= 0x39) {
      if (i + 3 >= length) return i;
      i += 4;
    } else i += 2;
  }
  return i;
}

/** A stateful decoder: `write` keeps partial characters for the next chunk, `end` flushes them. */
export interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

export function createChunkDecoder(encoding: ImportEncoding): ChunkDecoder {
  if (encoding === 'gb18030' || encoding === 'gbk') {
    // GB18030 is a superset of GBK, so reading a GBK file as GB18030 is always right. iconv-lite loses a four-byte
    // character split across two writes, so only whole characters go in; the rest waits for the next chunk.
    const decoder = iconv.getDecoder('gb18030');
    let pending: Uint8Array = new Uint8Array(0);
    return {
      write: (bytes) => {
        const joined =
          pending.length > 0
            ? Buffer.concat([pending, bytes])
            : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const complete = wholeGb18030Length(joined);
        pending = joined.subarray(complete);
        return decoder.write(joined.subarray(0, complete));
      },
      end: () => {
        const rest = pending.length > 0 ? decoder.write(Buffer.from(pending)) : '';
        pending = new Uint8Array(0);
        return rest + (decoder.end() ?? '');
      },
    };
  }
  // We skip the BOM ourselves, so the decoder must not eat a U+FEFF that is part of the text.
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

/**
 * Bytes decoded at a time (files are read in larger chunks: each read costs more than a decode). Small enough that
 * the text of one piece and the records cut from it, alive while they are written, stay few: what V8 finds alive at
 * each young-generation collection adds up, and past that generation's size V8 doubles it (a million-message import
 * peaked at 281–299 MB decoded 16 KB at a time; in 8 KB pieces at 211–226 MB in four runs of five).
 */
const decodedPieceBytes = 8 * 1024;

/**
 * Decodes byte chunks into text chunks. Refuses text with NUL characters: that is a binary file
 * (or a wrong encoding) and would otherwise be imported as garbage.
 */
export async function* decodeChunks(
  bytes: AsyncIterable<Uint8Array>,
  encoding: ImportEncoding,
): AsyncGenerator<string> {
  const decoder = createChunkDecoder(encoding);
  for await (const chunk of bytes) {
    for (let at = 0; at < chunk.length; at += decodedPieceBytes) {
      const text = decoder.write(chunk.subarray(at, at + decodedPieceBytes));
      if (text.includes('\u0000')) throw new AppError('BAD_FILE', 'import.errors.binary');
      if (text.length > 0) yield text;
    }
  }
  const rest = decoder.end();
  if (rest.includes('\u0000')) throw new AppError('BAD_FILE', 'import.errors.binary');
  if (rest.length > 0) yield rest;
}

/** Control characters other than tab, CR, LF and form feed: many of them mean the bytes are not text. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let controls = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 9 && code !== 10 && code !== 13 && code !== 12) controls += 1;
  }
  // U+FFFD marks bytes the decoder could not read; a real export has almost none.
  let replacements = 0;
  for (let at = text.indexOf('\ufffd'); at !== -1; at = text.indexOf('\ufffd', at + 1)) replacements += 1;
  return controls > text.length * 0.01 || replacements > text.length * 0.05;
}
