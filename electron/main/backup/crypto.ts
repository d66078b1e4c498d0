/**
 * Vault cryptography. One random data key per vault; the passphrase (scrypt) and the recovery key (HKDF: it is
 * random already) each wrap it, so changing the passphrase rewrites only the header. From the data key come
 * the object cipher key and the key naming objects (HMAC of the plaintext hash, so names leak nothing).
 *
 * Sealed frame, the same for objects and manifests:
 *   'QDV1' | mode | plain: sha256(plaintext) + payload
 *                   gcm:   nonce(12) + encrypted payload + tag(16)
 * The mode's bit 1 says encrypted (AES-256-GCM); bit 8 that the payload is the plaintext compressed with Zstandard
 * (objects and archive records, when that saves enough), bit 2 that it is compressed with Brotli (what earlier
 * versions wrote; still read), neither that it is stored as it is (frames written before compression existed are
 * modes 0 and 1 and read as ever); bit 4 that the object is a delta (see `delta.ts`): its payload, once unpacked, is
 * a delta record (the base object's name, then copies from the base's plaintext and new bytes), and the plaintext
 * the frame stands for (whose hash a plain frame stores and the object is named after) is the chunk rebuilt from its
 * base. Only vault objects are ever deltas.
 * The GCM additional data binds the frame header and the object's name (or the snapshot id), so a file
 * renamed or swapped for another fails authentication.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import {
  brotliDecompressSync,
  constants as zlibConstants,
  zstdCompressSync,
  zstdDecompressSync,
} from 'node:zlib';
import { AppError } from '../../../shared/ipc/errors';
import { runFrameJob, type Codec, type CodecOptions } from './frameWorkers';

export const dataKeyBytes = 32;
const nonceBytes = 12;
const tagBytes = 16;
const frameMagic = Buffer.from('QDV1', 'ascii');
const frameHeaderBytes = frameMagic.length + 1;
const hashBytes = 32;
const encryptedMode = 1;
const brotliMode = 2;
const deltaMode = 4;
const zstdMode = 8;
const codecModes: Record<Codec, number> = { brotli: brotliMode, zstd: zstdMode };
/** The most plaintext a compressed frame may unpack to: no chunk or record is larger (bounds a forged frame). */
export const maxFramePlaintextBytes = 16 * 1024 * 1024;
/** A plaintext is stored compressed only when that saves at least this share of it (else unpacking costs for nothing). */
const minCompressionSaving = 1 / 16;
/** Compressed output comes in pieces this big, joined after (see `compressionOptions`). */
const compressPieceBytes = 64 * 1024;

/**
 * Zstandard options for one plaintext. `oneOutput`: the output buffer holds the worst case (ZSTD_compressBound), so
 * zstd compresses the input where it lies in one pass; with smaller pieces it first copies the input into its ring
 * window and compresses from there (its slower "extDict" path): 20–35 % more CPU, measured on chat exports and
 * database pages. The big buffer is mostly garbage, so only frame workers (which free it at once) use it; on the
 * calling thread the output comes in 64 KB pieces joined after, since garbage there only goes at the next full
 * collection of the backend's heap.
 */
function compressionOptions(plaintextBytes: number, oneOutput: boolean): CodecOptions {
  return {
    chunkSize: oneOutput
      ? plaintextBytes + (plaintextBytes >> 8) + 1024
      : Math.min(plaintextBytes + 1024, compressPieceBytes),
    params: { [zlibConstants.ZSTD_c_compressionLevel]: 1 },
  };
}

/** A plaintext compressed for a frame, and how. */
export interface PackedPayload {
  codec: Codec;
  bytes: Buffer;
}

/**
 * The plaintext compressed for a frame (Zstandard level 1), or undefined when that does not pay: chat exports shrink
 * to about a fifth and database pages to two fifths, so backups and archives write and keep that much less; data
 * that does not compress is found out quickly and stored as it is. Measured on a workspace's database and a chat export
 * against Brotli quality 1 (what earlier versions wrote): as small or smaller, 1.4–2.3× faster to compress and
 * ~3× faster to unpack, which is most of what a first backup and its verify spend.
 * Compressed on a worker thread (see `frameWorkers.ts`); `plaintext` must stay untouched until this resolves.
 */
export async function compressForFrame(plaintext: Buffer): Promise<PackedPayload | undefined> {
  const { bytes } = await runFrameJob({
    kind: 'compress',
    data: plaintext,
    options: compressionOptions(plaintext.length, true),
    keepAtMost: mostWorthKeeping(plaintext.length),
  });
  return bytes && { codec: 'zstd', bytes: asBuffer(bytes) };
}

/** `compressForFrame` on this thread, for writers that stay synchronous (the archive). */
export function compressForFrameSync(plaintext: Buffer): PackedPayload | undefined {
  const packed = zstdCompressSync(plaintext, compressionOptions(plaintext.length, false));
  return packed.length <= mostWorthKeeping(plaintext.length) ? { codec: 'zstd', bytes: packed } : undefined;
}

/** The most bytes a compressed plaintext may take to be kept. */
function mostWorthKeeping(plaintextBytes: number): number {
  return plaintextBytes * (1 - minCompressionSaving);
}

/** A worker's reply bytes (a plain Uint8Array once they crossed threads) as a Buffer, without a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 0.3-0.6 s and 128 MiB on a laptop: slow enough to make guessing a passphrase expensive. */
export const defaultScryptParams: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** scrypt needs 128·N·r bytes; Node refuses above 32 MiB unless told. */
export function deriveKeyFromPassphrase(
  passphrase: string,
  salt: Buffer,
  params: ScryptParams,
): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, dataKeyBytes, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export function deriveKeyFromRecoveryKey(recovery: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', recovery, salt, 'qundesk-vault recovery key', dataKeyBytes));
}

/** The scrypt parameters and salt a header stores beside a key wrapped under a passphrase. */
export interface PassphraseKdf extends ScryptParams {
  name: 'scrypt';
  /** base64. */
  salt: string;
}

/** Wraps `dataKey` under a key derived from the passphrase with a fresh salt; `context` binds it to its file. */
export async function wrapWithPassphrase(
  dataKey: Buffer,
  passphrase: string,
  context: string,
  params: ScryptParams = defaultScryptParams,
): Promise<{ kdf: PassphraseKdf; passphraseKey: WrappedKey }> {
  const salt = randomBytes(16);
  const wrappingKey = await deriveKeyFromPassphrase(passphrase, salt, params);
  return {
    kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64') },
    passphraseKey: wrapKey(wrappingKey, dataKey, context),
  };
}

/** The data key, or null when the passphrase is wrong. */
export async function unwrapWithPassphrase(
  kdf: PassphraseKdf,
  wrapped: WrappedKey,
  passphrase: string,
  context: string,
): Promise<Buffer | null> {
  const { name: _name, salt, ...params } = kdf;
  const wrappingKey = await deriveKeyFromPassphrase(passphrase, Buffer.from(salt, 'base64'), params);
  return unwrapKey(wrappingKey, wrapped, context);
}

export interface VaultKeys {
  dataKey: Buffer;
  cipherKey: Buffer;
  /** A KeyObject: an HMAC under it costs a tenth of one under raw bytes, which are imported afresh for each call. */
  nameKey: KeyObject;
}

export function expandDataKey(dataKey: Buffer, vaultUuid: string): VaultKeys {
  const expand = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, vaultUuid, info, dataKeyBytes));
  return {
    dataKey,
    cipherKey: expand('qundesk-vault object cipher'),
    nameKey: createSecretKey(expand('qundesk-vault object names')),
  };
}

/** Shows that an unwrapped data key is the vault's, without revealing anything about it. */
export function keyCheckValue(dataKey: Buffer): string {
  return createHmac('sha256', dataKey)
    .update('qundesk-vault key check')
    .digest()
    .subarray(0, 16)
    .toString('base64');
}

export interface WrappedKey {
  nonce: string;
  /** Ciphertext followed by the tag, base64. */
  wrapped: string;
}

export function wrapKey(wrappingKey: Buffer, dataKey: Buffer, context: string): WrappedKey {
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64'), wrapped: wrapped.toString('base64') };
}

/** Null when the wrapping key is wrong (the tag does not authenticate). */
export function unwrapKey(wrappingKey: Buffer, wrappedKey: WrappedKey, context: string): Buffer | null {
  const data = Buffer.from(wrappedKey.wrapped, 'base64');
  if (data.length !== dataKeyBytes + tagBytes) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(wrappedKey.nonce, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(data.subarray(dataKeyBytes));
    return Buffer.concat([decipher.update(data.subarray(0, dataKeyBytes)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Object name: the plaintext's sha256, or its HMAC under the vault's name key when encrypted. */
export function objectName(plaintextHash: Buffer, keys: VaultKeys | null): string {
  if (!keys) return plaintextHash.toString('hex');
  return createHmac('sha256', keys.nameKey).update(plaintextHash).digest('hex');
}

/** A frame's header (magic and mode), and for an encrypted frame the additional data binding it to `context`. */
function frameHead(
  keys: VaultKeys | null,
  context: string,
  codec: Codec | undefined,
  delta: boolean,
  plaintextHash: Buffer | undefined,
): { header: Buffer; aad: Buffer } {
  if (delta && !plaintextHash) throw new Error('a delta frame needs the hash of the chunk it rebuilds');
  const mode = (keys ? encryptedMode : 0) | (codec ? codecModes[codec] : 0) | (delta ? deltaMode : 0);
  const header = Buffer.concat([frameMagic, Buffer.of(mode)]);
  return { header, aad: Buffer.concat([header, Buffer.from(context, 'utf8')]) };
}

/**
 * A sealed frame as its parts, in order; written with one gathered write there is no copy of the ciphertext into a
 * single buffer. A plain frame copies its plaintext: the caller may reuse that buffer at once. `packed`, when
 * given, is the plaintext compressed and is stored instead of it. `delta`: `plaintext` is a delta record
 * and `plaintextHash` (then required) the hash of the chunk it rebuilds.
 */
export function sealParts(
  plaintext: Buffer,
  keys: VaultKeys | null,
  context: string,
  plaintextHash?: Buffer,
  packed?: PackedPayload,
  delta = false,
): Buffer[] {
  const { header, aad } = frameHead(keys, context, packed?.codec, delta, plaintextHash);
  if (!keys) return [header, plaintextHash ?? sha256(plaintext), packed?.bytes ?? Buffer.from(plaintext)];
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', keys.cipherKey, nonce);
  cipher.setAAD(aad);
  const ciphertext = cipher.update(packed?.bytes ?? plaintext);
  const final = cipher.final();
  return [header, nonce, ciphertext, ...(final.length > 0 ? [final] : []), cipher.getAuthTag()];
}

/**
 * `sealParts` for vault objects, encrypting on a worker thread (see `frameWorkers.ts`). `packed` is handed over to
 * the worker (unusable here afterwards); `plaintext` must stay untouched until this resolves.
 */
export async function sealPartsOffThread(
  plaintext: Buffer,
  keys: VaultKeys | null,
  context: string,
  plaintextHash: Buffer,
  packed?: PackedPayload,
  delta = false,
): Promise<Buffer[]> {
  if (!keys) return sealParts(plaintext, keys, context, plaintextHash, packed, delta);
  const { header, aad } = frameHead(keys, context, packed?.codec, delta, plaintextHash);
  const nonce = randomBytes(nonceBytes);
  const { bytes, tag } = await runFrameJob(
    { kind: 'encrypt', data: packed?.bytes ?? plaintext, key: keys.cipherKey, iv: nonce, aad },
    packed ? [packed.bytes] : [],
  );
  return [header, nonce, asBuffer(bytes!), asBuffer(tag!)];
}

/**
 * A whole object's frame parts, compressed when that pays (see `compressForFrame`) and sealed, on a worker thread in
 * one job when encrypted: the compressed bytes stay there instead of crossing threads twice. `plaintext` must stay
 * untouched until this resolves.
 */
export async function sealObjectOffThread(
  plaintext: Buffer,
  keys: VaultKeys | null,
  context: string,
  plaintextHash: Buffer,
): Promise<Buffer[]> {
  if (!keys) return sealParts(plaintext, keys, context, plaintextHash, await compressForFrame(plaintext));
  const packedHead = frameHead(keys, context, 'zstd', false, plaintextHash);
  const plainHead = frameHead(keys, context, undefined, false, plaintextHash);
  const nonce = randomBytes(nonceBytes);
  const { bytes, tag, packed } = await runFrameJob({
    kind: 'seal',
    data: plaintext,
    options: compressionOptions(plaintext.length, true),
    keepAtMost: mostWorthKeeping(plaintext.length),
    key: keys.cipherKey,
    iv: nonce,
    aad: { packed: packedHead.aad, plain: plainHead.aad },
  });
  return [(packed ? packedHead : plainHead).header, nonce, asBuffer(bytes!), asBuffer(tag!)];
}

/** sha256 on a worker thread (see `frameWorkers.ts`); `data` must stay untouched until this resolves. */
export async function sha256OffThread(data: Buffer): Promise<Buffer> {
  const { hash } = await runFrameJob({ kind: 'sha256', data });
  return asBuffer(hash!);
}

export function seal(
  plaintext: Buffer,
  keys: VaultKeys | null,
  context: string,
  plaintextHash?: Buffer,
): Buffer {
  return Buffer.concat(sealParts(plaintext, keys, context, plaintextHash));
}

export type OpenFailure = 'truncated' | 'format' | 'authentication' | 'hash';

export class SealedFrameError extends Error {
  constructor(readonly problem: OpenFailure) {
    super(`sealed frame: ${problem}`);
  }
}

/** The frame's mode byte, or null when it is not a frame: lets a reader tell an encrypted vault from a plain one. */
export function frameMode(frame: Buffer): 'plain' | 'encrypted' | null {
  if (frame.length < frameHeaderBytes || !frame.subarray(0, frameMagic.length).equals(frameMagic))
    return null;
  const mode = frame[frameMagic.length]!;
  if (mode > (encryptedMode | brotliMode | deltaMode | zstdMode)) return null;
  // One codec at most.
  if ((mode & brotliMode) !== 0 && (mode & zstdMode) !== 0) return null;
  return mode & encryptedMode ? 'encrypted' : 'plain';
}

/** How a frame's payload is compressed (its plaintext is then longer than the frame says), or null when it is not. */
export function frameCodec(frame: Buffer): Codec | null {
  if (frame.length < frameHeaderBytes) return null;
  const mode = frame[frameMagic.length]!;
  return mode & zstdMode ? 'zstd' : mode & brotliMode ? 'brotli' : null;
}

/** Whether a frame's payload is compressed. */
export function frameIsCompressed(frame: Buffer): boolean {
  return frameCodec(frame) !== null;
}

/** Whether a frame holds a delta object (its payload rebuilds the plaintext only together with its base's). */
export function frameIsDelta(frame: Buffer): boolean {
  return frame.length >= frameHeaderBytes && (frame[frameMagic.length]! & deltaMode) !== 0;
}

/** A frame authenticated (encrypted) or parsed (plain), its payload still to unpack when compressed. */
export interface OpenedFrame {
  payload: Buffer;
  /** How the payload is compressed; null: it is the plaintext. */
  codec: Codec | null;
  /** The payload is a delta record (see `delta.ts`); `unseal` refuses it. */
  delta: boolean;
  /** A plain frame's stored plaintext hash, to check once unpacked (an encrypted frame's tag already vouched). */
  storedHash: Buffer | null;
}

/** Where a frame's parts lie, its header checked; throws SealedFrameError. */
function frameLayout(frame: Buffer, keys: VaultKeys | null) {
  if (frame.length < frameHeaderBytes) throw new SealedFrameError('truncated');
  const mode = frameMode(frame);
  if (mode === null) throw new SealedFrameError('format');
  if (mode !== (keys ? 'encrypted' : 'plain')) throw new SealedFrameError('format');
  const kind = { codec: frameCodec(frame), delta: frameIsDelta(frame) };
  if (!keys) {
    if (frame.length < frameHeaderBytes + hashBytes) throw new SealedFrameError('truncated');
    const payload: [number, number] = [frameHeaderBytes + hashBytes, frame.length];
    return { ...kind, payload, storedHash: frame.subarray(frameHeaderBytes, payload[0]), cipher: null };
  }
  if (frame.length < frameHeaderBytes + nonceBytes + tagBytes) throw new SealedFrameError('truncated');
  const payload: [number, number] = [frameHeaderBytes + nonceBytes, frame.length - tagBytes];
  const cipher = {
    key: keys.cipherKey,
    iv: [frameHeaderBytes, payload[0]] as [number, number],
    tag: [payload[1], frame.length] as [number, number],
  };
  return { ...kind, payload, storedHash: null, cipher };
}

function frameAad(frame: Buffer, context: string): Buffer {
  return Buffer.concat([frame.subarray(0, frameHeaderBytes), Buffer.from(context, 'utf8')]);
}

/** Authenticates and decrypts a frame, leaving a compressed payload packed; throws SealedFrameError. */
function openFrame(frame: Buffer, keys: VaultKeys | null, context: string): OpenedFrame {
  const { codec, delta, payload, storedHash, cipher } = frameLayout(frame, keys);
  if (!cipher) return { payload: frame.subarray(...payload), codec, delta, storedHash };
  try {
    const decipher = createDecipheriv('aes-256-gcm', cipher.key, frame.subarray(...cipher.iv));
    decipher.setAAD(frameAad(frame, context));
    decipher.setAuthTag(frame.subarray(...cipher.tag));
    const opened = decipher.update(frame.subarray(...payload));
    const final = decipher.final();
    // GCM has no padding, so `final` is empty: no copy of the plaintext into a new buffer.
    return {
      payload: final.length === 0 ? opened : Buffer.concat([opened, final]),
      codec,
      delta,
      storedHash: null,
    };
  } catch {
    throw new SealedFrameError('authentication');
  }
}

/** An object's frame opened: a whole object's plaintext (when kept) and hash, or a delta's record, unchecked. */
export type OpenedObjectFrame =
  | { delta: false; plaintext: Buffer | null; hash: Buffer; length: number }
  | { delta: true; record: Buffer; storedHash: Buffer | null };

/**
 * Authenticates, decrypts and unpacks an object's frame on a worker thread (see `frameWorkers.ts`), so verify and
 * restore keep a few in flight on every core; throws SealedFrameError as `openFrame` and `unseal` do. The frame is
 * handed over to the worker (unusable here afterwards). A whole object's plaintext is hashed there and checked against
 * a plain frame's stored hash; it comes back only when `keepPlaintext` (verify needs most only checked). A delta's
 * record comes back as it is: its stored hash is the rebuilt chunk's, which the caller checks once rebuilt.
 * `unpackedBytes`, what the payload should unpack to, only speeds up unpacking.
 */
export async function openObjectFrame(
  frame: Buffer,
  keys: VaultKeys | null,
  context: string,
  unpackedBytes?: number,
  keepPlaintext = true,
): Promise<OpenedObjectFrame> {
  const { codec, delta, payload, storedHash, cipher } = frameLayout(frame, keys);
  // Copied out before the frame goes to the worker.
  const stored = storedHash && Buffer.from(storedHash);
  const result = await runFrameJob(
    {
      kind: 'open',
      data: frame,
      payload,
      cipher: cipher && { ...cipher, aad: frameAad(frame, context) },
      unpack: codec && { codec, options: unpackOptions(unpackedBytes) },
      hash: !delta,
      keep: delta || keepPlaintext,
    },
    [frame],
  );
  if (result.failure === 'authentication') throw new SealedFrameError('authentication');
  // A payload that does not unpack is damaged: 'hash' in a plain frame, whose payload nothing authenticates; 'format'
  // in an encrypted one, which authenticated.
  if (result.failure === 'unpack') throw new SealedFrameError(stored ? 'hash' : 'format');
  if (delta) return { delta, record: asBuffer(result.bytes!), storedHash: stored };
  const hash = asBuffer(result.hash!);
  if (stored && !timingSafeEqual(hash, stored)) throw new SealedFrameError('hash');
  return { delta, plaintext: result.bytes ? asBuffer(result.bytes) : null, hash, length: result.length! };
}

/** Options for unpacking a payload: bounded (a forged frame cannot unpack beyond any chunk), in one piece. */
function unpackOptions(plaintextBytes?: number): CodecOptions {
  return {
    maxOutputLength: maxFramePlaintextBytes,
    // Node's default 16 KB output pieces, joined after, cost two thirds of the time: one piece when the size is known.
    chunkSize: Math.min(Math.max(plaintextBytes ?? 0, 64 * 1024), maxFramePlaintextBytes),
  };
}

/**
 * The plaintext an opened frame unpacked to, checked against a plain frame's stored hash, with its hash. Damage to a
 * plain compressed payload (nothing authenticates it) shows as a failed unpack or a wrong hash; `unpacked` is null
 * when unpacking failed.
 */
export function checkedPlaintext(
  opened: OpenedFrame,
  unpacked: Buffer | null,
): { plaintext: Buffer; hash: Buffer } {
  if (!unpacked) throw new SealedFrameError(opened.storedHash ? 'hash' : 'format');
  const hash = sha256(unpacked);
  if (opened.storedHash && !timingSafeEqual(hash, opened.storedHash)) throw new SealedFrameError('hash');
  return { plaintext: unpacked, hash };
}

/**
 * Authenticates, decrypts and unpacks a frame on this thread; throws SealedFrameError naming what is wrong.
 * `plaintextBytes`, the size the caller expects, only speeds up unpacking.
 */
export function unseal(
  frame: Buffer,
  keys: VaultKeys | null,
  context: string,
  plaintextBytes?: number,
): { plaintext: Buffer; hash: Buffer } {
  const opened = openFrame(frame, keys, context);
  // Manifests and archive records are never deltas (no base to rebuild them from).
  if (opened.delta) throw new SealedFrameError('format');
  if (!opened.codec) return checkedPlaintext(opened, opened.payload);
  let unpacked: Buffer | null;
  try {
    const unpack = opened.codec === 'zstd' ? zstdDecompressSync : brotliDecompressSync;
    unpacked = unpack(opened.payload, unpackOptions(plaintextBytes));
  } catch {
    unpacked = null;
  }
  return checkedPlaintext(opened, unpacked);
}

/** Bytes a sealed frame adds to its plaintext when it is stored as it is (not compressed). */
export function frameOverhead(encrypted: boolean): number {
  return frameHeaderBytes + (encrypted ? nonceBytes + tagBytes : hashBytes);
}

// Recovery keys: 20 random bytes in Crockford base32 (no I, L, O, U), plus four check characters, in groups of four.
const base32Alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const recoveryBytes = 20;
const checkChars = 4;

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const digit = base32Alphabet.indexOf(char);
    if (digit < 0) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

function recoveryCheck(bytes: Buffer): string {
  return toBase32(sha256(Buffer.concat([Buffer.from('qundesk recovery check'), bytes]))).slice(0, checkChars);
}

export function generateRecoveryKey(): { text: string; bytes: Buffer } {
  const bytes = randomBytes(recoveryBytes);
  const chars = toBase32(bytes) + recoveryCheck(bytes);
  return { text: chars.match(/.{1,4}/g)!.join('-'), bytes };
}

/** Accepts lower case, spaces and the look-alikes people type (O for 0, I and L for 1). */
export function parseRecoveryKey(text: string): Buffer {
  const chars = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const bodyLength = Math.ceil((recoveryBytes * 8) / 5);
  const bytes = chars.length === bodyLength + checkChars ? fromBase32(chars.slice(0, bodyLength)) : null;
  if (!bytes || bytes.length !== recoveryBytes || recoveryCheck(bytes) !== chars.slice(bodyLength)) {
    throw new AppError('VALIDATION', 'backup.errors.recoveryKeyFormat');
  }
  return bytes;
}
