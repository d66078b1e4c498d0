/**
 * The workspace archive (迁移包): one encrypted file holding a whole workspace, for moving it to another computer.
 *
 *   magic 'QDARCHIV' | u16 format version | u32 header length | header JSON
 *   records: u32 frame length | sealed frame (the vault's AES-256-GCM frame, see crypto.ts; from version 2
 *            compressed when that pays, as vault objects are)
 *
 * The header carries the scrypt parameters and the archive's random data key wrapped under the passphrase (as a
 * vault header does), so a wrong passphrase is told apart from a damaged file. The records' plaintexts, joined, are
 * a stream of entries: u32 meta length | meta JSON | `size` content bytes | sha256 of the content. File entries
 * come first; the manifest entry (every file with its size and hash, and the database counts) comes last.
 *
 * Each frame's additional data binds the header's hash, the record's index and whether it is the last one, so a
 * record moved, swapped, cut off or taken from another archive fails authentication, and a file cut at a record
 * boundary is found out by the missing last record. Writer and reader hold one record in memory at a time.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../../shared/ipc/errors';
import {
  compressForFrameSync,
  dataKeyBytes,
  expandDataKey,
  frameOverhead,
  keyCheckValue,
  sealParts,
  SealedFrameError,
  sha256,
  unseal,
  unwrapWithPassphrase,
  wrapWithPassphrase,
  type ScryptParams,
  type VaultKeys,
} from './crypto';
import { countsSchema } from './manifest';
import { scryptSchema, wrappedKeySchema } from './vault';

export const archiveMagic = Buffer.from('QDARCHIV', 'ascii');
/**
 * Version 3 compresses records with Zstandard; version 2 archives (Brotli records) and version 1 archives (never
 * compressed) still read. A version 2 reader would take Zstandard records for damage: the version tells it to refuse.
 */
export const archiveFormatVersion = 3;
const readableArchiveVersions = z.union([z.literal(1), z.literal(2), z.literal(archiveFormatVersion)]);
/** The usual file name ending, offered by the save dialog. */
export const archiveExtension = 'qdarchive';
/** magic + u16 version + u32 header length. */
const preambleBytes = archiveMagic.length + 2 + 4;
const maxHeaderBytes = 64 * 1024;
export const defaultRecordBytes = 1024 * 1024;
const maxRecordBytes = 16 * 1024 * 1024;
const maxMetaBytes = 64 * 1024;
const maxManifestBytes = 256 * 1024 * 1024;
export const hashBytes = 32;

const headerSchema = z.object({
  format: z.literal('qundesk-archive'),
  version: readableArchiveVersions,
  archiveUuid: z.string().min(1).max(100),
  createdAt: z.string().max(40),
  recordBytes: z.number().int().min(1024).max(maxRecordBytes),
  cipher: z.literal('aes-256-gcm'),
  kdf: scryptSchema,
  passphraseKey: wrappedKeySchema,
  keyCheck: z.string(),
  /** The export watermark (operator + time) when the lock settings ask for one: readable without the passphrase. */
  watermark: z.string().max(500).optional(),
});
type ArchiveHeader = z.infer<typeof headerSchema>;

/** A file entry's meta; any other entry type (a link, a folder, a device) is refused by the reader. */
export const fileMetaSchema = z.object({
  type: z.literal('file'),
  path: z.string().min(1).max(4096),
  size: z.number().int().min(0),
});
const manifestMetaSchema = z.object({ type: z.literal('manifest'), size: z.number().int().min(0) });
const entryMetaSchema = z.discriminatedUnion('type', [fileMetaSchema, manifestMetaSchema]);
export type EntryMeta = z.infer<typeof entryMetaSchema>;

export const archiveManifestSchema = z.object({
  format: z.literal('qundesk-archive-manifest'),
  version: readableArchiveVersions,
  archiveUuid: z.string(),
  createdAt: z.string(),
  workspace: z.object({
    id: z.string().nullable(),
    schemaVersion: z.number().int().min(0),
    appVersion: z.string().nullable(),
  }),
  counts: countsSchema,
  files: z.array(
    z.object({ path: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  ),
  totalBytes: z.number().int().min(0),
});
export type ArchiveManifest = z.infer<typeof archiveManifestSchema>;

const passphraseContext = (uuid: string) => `qundesk-archive passphrase key ${uuid}`;
const recordContext = (headerHash: string, index: number, last: boolean) =>
  `archive:${headerHash}:${index}:${last ? 'last' : 'more'}`;

function writeAll(fd: number, parts: readonly Buffer[]): number {
  let written = 0;
  for (const part of parts) {
    let offset = 0;
    while (offset < part.length) offset += writeSync(fd, part, offset, part.length - offset);
    written += part.length;
  }
  return written;
}

function u32(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** Writes an archive to an open file: the header at once, then entries, each cut into sealed records. */
export class ArchiveWriter {
  private readonly record: Buffer;
  private filled = 0;
  private index = 0;
  private ended = false;
  bytesWritten = 0;

  private constructor(
    private readonly fd: number,
    private readonly keys: VaultKeys,
    private readonly headerHash: string,
    readonly archiveUuid: string,
    readonly createdAt: string,
    recordBytes: number,
  ) {
    this.record = Buffer.allocUnsafe(recordBytes);
  }

  static async start(
    fd: number,
    passphrase: string,
    options: {
      now: number;
      scrypt?: ScryptParams | undefined;
      recordBytes?: number | undefined;
      watermark?: string | undefined;
    },
  ): Promise<ArchiveWriter> {
    const archiveUuid = randomUUID();
    const dataKey = randomBytes(dataKeyBytes);
    const wrapped = await wrapWithPassphrase(
      dataKey,
      passphrase,
      passphraseContext(archiveUuid),
      options.scrypt,
    );
    const header: ArchiveHeader = {
      format: 'qundesk-archive',
      version: archiveFormatVersion,
      archiveUuid,
      createdAt: new Date(options.now).toISOString(),
      recordBytes: options.recordBytes ?? defaultRecordBytes,
      cipher: 'aes-256-gcm',
      ...wrapped,
      keyCheck: keyCheckValue(dataKey),
      ...(options.watermark === undefined ? {} : { watermark: options.watermark }),
    };
    const headerJson = Buffer.from(JSON.stringify(header), 'utf8');
    const version = Buffer.allocUnsafe(2);
    version.writeUInt16BE(archiveFormatVersion);
    const writer = new ArchiveWriter(
      fd,
      expandDataKey(dataKey, archiveUuid),
      sha256(headerJson).toString('hex'),
      archiveUuid,
      header.createdAt,
      header.recordBytes,
    );
    writer.bytesWritten += writeAll(fd, [archiveMagic, version, u32(headerJson.length), headerJson]);
    return writer;
  }

  /** Appends plaintext to the entry stream, sealing each full record. */
  private write(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      const copied = data.copy(this.record, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.record.length) this.seal(false);
    }
  }

  private seal(last: boolean): void {
    const plaintext = this.record.subarray(0, this.filled);
    const frame = sealParts(
      plaintext,
      this.keys,
      recordContext(this.headerHash, this.index, last),
      undefined,
      compressForFrameSync(plaintext),
    );
    const length = frame.reduce((sum, part) => sum + part.length, 0);
    this.bytesWritten += writeAll(this.fd, [u32(length), ...frame]);
    this.index += 1;
    this.filled = 0;
  }

  /**
   * One entry whose content comes in pieces from `read` (called until `meta.size` bytes arrived; it may yield).
   * The reader checks paths and types: the writer writes what it is given.
   */
  async addEntry(
    meta: Record<string, unknown> & { size: number },
    read: (write: (piece: Buffer) => void) => Promise<void>,
  ): Promise<string> {
    if (this.ended) throw new Error('archive already ended');
    const metaJson = Buffer.from(JSON.stringify(meta), 'utf8');
    this.write(u32(metaJson.length));
    this.write(metaJson);
    const hash = createHash('sha256');
    let size = 0;
    await read((piece) => {
      hash.update(piece);
      size += piece.length;
      this.write(piece);
    });
    // The file changed while it was read: what is in the archive would not match its own meta.
    if (size !== meta.size) throw new AppError('CONFLICT', 'backup.errors.archiveSourceChanged');
    const digest = hash.digest();
    this.write(digest);
    return digest.toString('hex');
  }

  addBuffer(meta: Record<string, unknown> & { size: number }, content: Buffer): Promise<string> {
    return this.addEntry(meta, async (write) => write(content));
  }

  /** Writes the manifest entry and the last record; nothing may follow. */
  async finish(manifest: ArchiveManifest): Promise<void> {
    const json = Buffer.from(JSON.stringify(manifest), 'utf8');
    await this.addBuffer({ type: 'manifest', size: json.length }, json);
    this.seal(true);
    this.ended = true;
  }
}

const damaged = (path: string, record: number) =>
  new AppError('BAD_FILE', 'backup.errors.archiveDamaged', { path, record: record + 1 });
const truncated = (path: string) => new AppError('BAD_FILE', 'backup.errors.archiveTruncated', { path });

/** Reads the preamble and header of an archive; refuses files that are not archives or come from a newer app. */
export function readArchiveHeader(
  fd: number,
  path: string,
): { header: ArchiveHeader; headerEnd: number; hash: string } {
  const preamble = Buffer.alloc(preambleBytes);
  const read = readSync(fd, preamble, 0, preambleBytes, 0);
  if (read < archiveMagic.length || !preamble.subarray(0, archiveMagic.length).equals(archiveMagic)) {
    throw new AppError('BAD_FILE', 'backup.errors.notAnArchive', { path });
  }
  if (read < preambleBytes) throw truncated(path);
  const version = preamble.readUInt16BE(archiveMagic.length);
  if (version > archiveFormatVersion) {
    throw new AppError('UNSUPPORTED', 'backup.errors.newerArchive', {
      found: version,
      supported: archiveFormatVersion,
    });
  }
  const headerLength = preamble.readUInt32BE(archiveMagic.length + 2);
  if (version < 1 || headerLength > maxHeaderBytes)
    throw new AppError('BAD_FILE', 'backup.errors.archiveHeaderDamaged', { path });
  const headerJson = Buffer.alloc(headerLength);
  if (readSync(fd, headerJson, 0, headerLength, preambleBytes) < headerLength) throw truncated(path);
  let json: unknown;
  try {
    json = JSON.parse(headerJson.toString('utf8'));
  } catch {
    throw new AppError('BAD_FILE', 'backup.errors.archiveHeaderDamaged', { path });
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw new AppError('BAD_FILE', 'backup.errors.archiveHeaderDamaged', { path });
  return {
    header: parsed.data,
    headerEnd: preambleBytes + headerLength,
    hash: sha256(headerJson).toString('hex'),
  };
}

/** Unwraps the archive's data key; a wrong passphrase is its own clear error. */
export async function unlockArchive(
  header: ArchiveHeader,
  passphrase: string,
  path: string,
): Promise<Buffer> {
  const dataKey = await unwrapWithPassphrase(
    header.kdf,
    header.passphraseKey,
    passphrase,
    passphraseContext(header.archiveUuid),
  );
  if (!dataKey) throw new AppError('VALIDATION', 'backup.errors.archiveWrongPassphrase');
  if (keyCheckValue(dataKey) !== header.keyCheck)
    throw new AppError('BAD_FILE', 'backup.errors.archiveHeaderDamaged', { path });
  return dataKey;
}

/**
 * Reads the entry stream back, one authenticated record at a time: no byte reaches the caller before its record's
 * tag was checked. Every problem is an AppError naming the archive (and the record).
 */
export class ArchiveReader {
  private plaintext: Buffer = Buffer.alloc(0);
  private offset = 0;
  private index = 0;
  private lastSeen = false;
  private position: number;
  private readonly fileSize: number;
  private readonly keys: VaultKeys;
  /** Bytes of the archive file read so far (for progress). */
  get bytesRead(): number {
    return this.position;
  }

  constructor(
    private readonly fd: number,
    private readonly path: string,
    readonly header: ArchiveHeader,
    private readonly headerHash: string,
    headerEnd: number,
    dataKey: Buffer,
  ) {
    this.position = headerEnd;
    this.fileSize = fstatSync(fd).size;
    this.keys = expandDataKey(dataKey, header.archiveUuid);
  }

  get size(): number {
    return this.fileSize;
  }

  private nextRecord(): void {
    if (this.lastSeen) throw damaged(this.path, this.index);
    const lengthBytes = Buffer.alloc(4);
    if (readSync(this.fd, lengthBytes, 0, 4, this.position) < 4) throw truncated(this.path);
    const length = lengthBytes.readUInt32BE();
    if (length > this.header.recordBytes + frameOverhead(true)) throw damaged(this.path, this.index);
    const frame = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const read = readSync(this.fd, frame, filled, length - filled, this.position + 4 + filled);
      if (read === 0) throw truncated(this.path);
      filled += read;
    }
    this.position += 4 + length;
    // The last record is the one the writer marked so; which one it is shows only once its tag checks out.
    const last = this.position === this.fileSize;
    try {
      this.plaintext = unseal(frame, this.keys, recordContext(this.headerHash, this.index, last)).plaintext;
      if (this.plaintext.length > this.header.recordBytes) throw new SealedFrameError('format');
    } catch (error) {
      if (!(error instanceof SealedFrameError)) throw error;
      // Where the file ends after a record that is not marked last, it was cut off at a record boundary.
      if (last && this.sealsAsMore(frame)) throw truncated(this.path);
      throw damaged(this.path, this.index);
    }
    this.offset = 0;
    this.lastSeen = last;
    this.index += 1;
  }

  private sealsAsMore(frame: Buffer): boolean {
    try {
      unseal(frame, this.keys, recordContext(this.headerHash, this.index, false));
      return true;
    } catch {
      return false;
    }
  }

  /** Passes the next `length` bytes to `onPiece` in pieces (each valid only during the call). */
  async pipe(
    length: number,
    onPiece: (piece: Buffer) => void,
    yieldToLoop?: () => Promise<void>,
  ): Promise<void> {
    let left = length;
    while (left > 0) {
      if (this.offset === this.plaintext.length) {
        this.nextRecord();
        if (yieldToLoop) await yieldToLoop();
        continue;
      }
      const take = Math.min(left, this.plaintext.length - this.offset);
      onPiece(this.plaintext.subarray(this.offset, this.offset + take));
      this.offset += take;
      left -= take;
    }
  }

  /** Exactly `length` bytes, for the small parts (lengths, meta, hashes). */
  async take(length: number): Promise<Buffer> {
    const pieces: Buffer[] = [];
    await this.pipe(length, (piece) => pieces.push(Buffer.from(piece)));
    return Buffer.concat(pieces, length);
  }

  async nextMeta(): Promise<EntryMeta> {
    const length = (await this.take(4)).readUInt32BE();
    if (length > maxMetaBytes) throw damaged(this.path, this.index - 1);
    const raw = (await this.take(length)).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw damaged(this.path, this.index - 1);
    }
    const parsed = entryMetaSchema.safeParse(json);
    if (!parsed.success) {
      const described = json as { path?: unknown; type?: unknown } | null;
      throw new AppError('BAD_FILE', 'backup.errors.archiveUnsafeEntry', {
        path: String(described?.path ?? described?.type ?? '?').slice(0, 200),
      });
    }
    return parsed.data;
  }

  /** Reads the manifest entry's content (its meta already read) and checks its hash. */
  async readManifest(meta: Extract<EntryMeta, { type: 'manifest' }>): Promise<ArchiveManifest> {
    if (meta.size > maxManifestBytes) throw damaged(this.path, this.index - 1);
    const content = await this.take(meta.size);
    const stored = await this.take(hashBytes);
    if (!sha256(content).equals(stored)) throw damaged(this.path, this.index - 1);
    let json: unknown;
    try {
      json = JSON.parse(content.toString('utf8'));
    } catch {
      throw damaged(this.path, this.index - 1);
    }
    const parsed = archiveManifestSchema.safeParse(json);
    if (!parsed.success || parsed.data.archiveUuid !== this.header.archiveUuid)
      throw damaged(this.path, this.index - 1);
    return parsed.data;
  }

  /** After the manifest: only an empty last record may follow, and the file must end there. */
  expectEnd(): void {
    if (this.offset < this.plaintext.length) throw damaged(this.path, this.index - 1);
    while (!this.lastSeen) {
      this.nextRecord();
      if (this.plaintext.length > 0) throw damaged(this.path, this.index - 1);
    }
  }
}

/** Opens an archive file for reading and unlocks it; the caller closes `fd`. */
export async function openArchive(
  path: string,
  passphrase: string,
): Promise<{ fd: number; reader: ArchiveReader }> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', 'backup.errors.archiveNotFound', { path });
    if (code === 'EISDIR') throw new AppError('BAD_FILE', 'backup.errors.notAnArchive', { path });
    throw new AppError('IO', 'backup.errors.io', { path, reason: code ?? String(error) });
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new AppError('BAD_FILE', 'backup.errors.notAnArchive', { path });
    const { header, headerEnd, hash } = readArchiveHeader(fd, path);
    const dataKey = await unlockArchive(header, passphrase, path);
    return { fd, reader: new ArchiveReader(fd, path, header, hash, headerEnd, dataKey) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
