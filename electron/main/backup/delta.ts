/**
 * Delta objects. Importing messages touches B-tree pages all over the database, so many 1 MB chunks change by a
 * few 4 KB pages each. Such a chunk is stored as a delta against the previous snapshot's chunk at the same place
 * (its base): copies of the base's bytes wherever they still serve, and only the new bytes as they are. The object
 * is still named after the whole chunk's hash, so it is found and reused like any other.
 *
 * Delta record (the plaintext of a delta frame, compressed like any other; mode bit 4 marks it, see `crypto.ts`):
 *   base object name (32 bytes, the hex name as bytes) | varint chunk length | varint bytes of the ops | ops |
 *   literals
 * Ops, varints each: `len << 1 | 1, offset` copies `len` bytes of the base from `offset`; `len << 1` takes the next
 * `len` literal bytes. A page the same as the base's at its place is one copy; a changed page is matched against
 * the whole base chunk (SQLite moves cells within a page when it inserts, and between sibling pages when it
 * balances), so mostly only the new cells are literals. Ops and literals apart compress better than interleaved.
 * The base's name is also recorded in the manifest's chunk entry, so prune keeps bases alive without decrypting
 * anything. Chains are bounded: a base at most `maxDeltaDepth - 1` deltas deep, and a delta is kept only when it is
 * at most half what the whole chunk would store (or clearly small, see `clearlySmallDeltaShare`); else the chunk is
 * stored whole.
 */
import { maxFramePlaintextBytes, SealedFrameError } from './crypto';

/** The most deltas between a chunk and the whole object its chain starts from. */
export const maxDeltaDepth = 8;
/** A delta is stored only when it takes at most this share of what the whole chunk would. */
export const maxDeltaShare = 1 / 2;
/**
 * A delta at most this share of what the whole object its base's chain starts from stores is kept without compressing
 * the chunk whole to compare (most deltas: a few pages of a chunk whose whole is some 300 KB).
 */
export const clearlySmallDeltaShare = 1 / 8;
const baseNameBytes = 32;
const pageBytes = 4096;
/** Bytes that must match for a copy (shorter ones cost about as much as the literals). */
const minMatch = 12;
const hashBits = 16;
/** Base positions indexed: every fourth (a match found at another is extended backwards). */
const indexStride = 4;

class ByteWriter {
  private buffer: Buffer;
  length = 0;
  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 64));
  }
  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
  varint(value: number): void {
    this.room(8);
    while (value >= 0x80) {
      this.buffer[this.length++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buffer[this.length++] = value;
  }
  bytes(source: Buffer, start: number, end: number): void {
    this.room(end - start);
    source.copy(this.buffer, this.length, start, end);
    this.length += end - start;
  }
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function hashAt(data: Buffer, at: number): number {
  return (
    Math.imul(data.readUInt32LE(at) ^ Math.imul(data.readUInt32LE(at + 4), 0x9e3779b1), 0x85ebca6b) >>>
    (32 - hashBits)
  );
}

const sharedTable = new Int32Array(1 << hashBits);

/** The ops and literals rebuilding `chunk` from `base`. */
function encode(chunk: Buffer, base: Buffer): { ops: Buffer; literals: Buffer } {
  const ops = new ByteWriter(1024);
  const literals = new ByteWriter(16 * 1024);
  let table = null as Int32Array | null;
  const index = () => {
    // One table for every encode (each runs to its end on this thread): no new 256 KB to collect per chunk.
    table = sharedTable.fill(-1);
    for (let at = 0; at + 8 <= base.length; at += indexStride) table[hashAt(base, at)] = at;
    return table;
  };
  let pendingCopy = null as { offset: number; length: number } | null;
  let literalStart = 0;
  const flushCopy = () => {
    if (!pendingCopy) return;
    ops.varint(pendingCopy.length * 2 + 1);
    ops.varint(pendingCopy.offset);
    pendingCopy = null;
  };
  /** The chunk's bytes from `literalStart` up to `end` as literals (none when it is there already). */
  const takeLiterals = (end: number) => {
    if (literalStart >= end) return;
    flushCopy();
    ops.varint((end - literalStart) * 2);
    literals.bytes(chunk, literalStart, end);
  };
  const copy = (at: number, offset: number, length: number) => {
    takeLiterals(at);
    if (pendingCopy && pendingCopy.offset + pendingCopy.length === offset) pendingCopy.length += length;
    else {
      flushCopy();
      pendingCopy = { offset, length };
    }
    literalStart = at + length;
  };
  let at = 0;
  while (at < chunk.length) {
    const pageEnd = Math.min(at + pageBytes, chunk.length);
    if (pageEnd <= base.length && chunk.subarray(at, pageEnd).equals(base.subarray(at, pageEnd))) {
      copy(at, at, pageEnd - at);
      at = pageEnd;
      continue;
    }
    // A changed page: matches anywhere in the base, trying first where the last copy left off.
    const lookup = table ?? index();
    let shift = pendingCopy ? pendingCopy.offset + pendingCopy.length - literalStart : 0;
    let i = at;
    while (i < pageEnd) {
      if (i + minMatch > chunk.length) break;
      let source = -1;
      const same = i + shift;
      if (same >= 0 && same + minMatch <= base.length && chunk.readUInt32LE(i) === base.readUInt32LE(same))
        source = same;
      else {
        const candidate = lookup[hashAt(chunk, i)]!;
        if (candidate >= 0) source = candidate;
      }
      if (source < 0) {
        i += 1;
        continue;
      }
      let length = 0;
      const limit = Math.min(chunk.length - i, base.length - source);
      while (length < limit && chunk[i + length] === base[source + length]) length += 1;
      let back = 0;
      while (i - back > literalStart && source - back > 0 && chunk[i - back - 1] === base[source - back - 1])
        back += 1;
      if (length + back < minMatch) {
        i += 1;
        continue;
      }
      copy(i - back, source - back, length + back);
      shift = source - i;
      i += length;
    }
    at = Math.max(i, pageEnd);
  }
  takeLiterals(chunk.length);
  flushCopy();
  return { ops: ops.view(), literals: literals.view() };
}

/** The delta record storing `chunk` against `base` (the plaintext of object `baseName`). */
export function deltaRecord(chunk: Buffer, base: Buffer, baseName: string): Buffer {
  const { ops, literals } = encode(chunk, base);
  const head = new ByteWriter(64);
  head.bytes(Buffer.from(baseName, 'hex'), 0, baseNameBytes);
  head.varint(chunk.length);
  head.varint(ops.length);
  return Buffer.concat([head.view(), ops, literals]);
}

class ByteReader {
  at = 0;
  constructor(private readonly data: Buffer) {}
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let bytes = 0; bytes < 7; bytes += 1) {
      if (this.at >= this.data.length) throw new SealedFrameError('format');
      const byte = this.data[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new SealedFrameError('format');
  }
}

/** A delta record's parts: the base it names, the chunk length it rebuilds, its ops and literals. */
export interface ParsedDelta {
  baseName: string;
  length: number;
  ops: Buffer;
  literals: Buffer;
}

/** The parts of a delta record; throws SealedFrameError('format') when it cannot be one. */
export function parseDeltaRecord(record: Buffer): ParsedDelta {
  if (record.length < baseNameBytes) throw new SealedFrameError('format');
  const reader = new ByteReader(record);
  reader.at = baseNameBytes;
  const length = reader.varint();
  const opsBytes = reader.varint();
  if (length > maxFramePlaintextBytes || reader.at + opsBytes > record.length)
    throw new SealedFrameError('format');
  return {
    baseName: record.toString('hex', 0, baseNameBytes),
    length,
    ops: record.subarray(reader.at, reader.at + opsBytes),
    literals: record.subarray(reader.at + opsBytes),
  };
}

/** The chunk a delta rebuilds from its base's plaintext; throws SealedFrameError('format') when the ops do not fit. */
export function applyDelta(delta: ParsedDelta, base: Buffer): Buffer {
  const chunk = Buffer.allocUnsafe(delta.length);
  const ops = new ByteReader(delta.ops);
  let filled = 0;
  let literal = 0;
  while (ops.at < delta.ops.length) {
    const head = ops.varint();
    const length = Math.floor(head / 2);
    if (filled + length > chunk.length) throw new SealedFrameError('format');
    if (head % 2 === 1) {
      const offset = ops.varint();
      if (offset + length > base.length) throw new SealedFrameError('format');
      base.copy(chunk, filled, offset, offset + length);
    } else {
      if (literal + length > delta.literals.length) throw new SealedFrameError('format');
      delta.literals.copy(chunk, filled, literal, literal + length);
      literal += length;
    }
    filled += length;
  }
  if (filled !== chunk.length || literal !== delta.literals.length) throw new SealedFrameError('format');
  return chunk;
}

/** About the bytes of a delta record for a chunk of `chunkBytes` (at most: all literals), to size an unpack. */
export function deltaRecordBytes(chunkBytes: number): number {
  return baseNameBytes + 16 + chunkBytes;
}
