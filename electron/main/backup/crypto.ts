/**
 * Vault cryptography. One random data key per vault; the passphrase (scrypt) and the recovery key (HKDF: it is
 * random already) each wrap it, so changing the passphrase rewrites only the header. From the data key come
 * the object cipher key and the key naming objects (HMAC of the plaintext hash, so names leak nothing).
 *
 * Sealed frame, the same for objects and manifests:
 *   'QDV1' | mode (0 plain, 1 AES-256-GCM) | plain: sha256(plaintext) + plaintext
 *                                            gcm:   nonce(12) + ciphertext + tag(16)
 * The GCM additional data binds the frame header and the object's name (or the snapshot id), so a file
 * renamed or swapped for another fails authentication.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from '../../../shared/ipc/errors';

export const dataKeyBytes = 32;
const nonceBytes = 12;
const tagBytes = 16;
const frameMagic = Buffer.from('QDV1', 'ascii');
const frameHeaderBytes = frameMagic.length + 1;
const hashBytes = 32;

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
  nameKey: Buffer;
}

export function expandDataKey(dataKey: Buffer, vaultUuid: string): VaultKeys {
  const expand = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, vaultUuid, info, dataKeyBytes));
  return {
    dataKey,
    cipherKey: expand('qundesk-vault object cipher'),
    nameKey: expand('qundesk-vault object names'),
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

/**
 * A sealed frame as its parts, in order; written with one gathered write there is no copy of the ciphertext into a
 * single buffer. A plain frame copies its plaintext: the caller may reuse that buffer at once.
 */
export function sealParts(
  plaintext: Buffer,
  keys: VaultKeys | null,
  context: string,
  plaintextHash?: Buffer,
): Buffer[] {
  if (!keys) return [frameMagic, Buffer.of(0), plaintextHash ?? sha256(plaintext), Buffer.from(plaintext)];
  const header = Buffer.concat([frameMagic, Buffer.of(1)]);
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', keys.cipherKey, nonce);
  cipher.setAAD(Buffer.concat([header, Buffer.from(context, 'utf8')]));
  const ciphertext = cipher.update(plaintext);
  const final = cipher.final();
  return [header, nonce, ciphertext, ...(final.length > 0 ? [final] : []), cipher.getAuthTag()];
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
  const mode = frame[frameMagic.length];
  return mode === 0 ? 'plain' : mode === 1 ? 'encrypted' : null;
}

/** Authenticates and decrypts a frame; throws SealedFrameError naming what is wrong. */
export function unseal(
  frame: Buffer,
  keys: VaultKeys | null,
  context: string,
): { plaintext: Buffer; hash: Buffer } {
  if (frame.length < frameHeaderBytes) throw new SealedFrameError('truncated');
  const mode = frameMode(frame);
  if (mode === null) throw new SealedFrameError('format');
  if (mode !== (keys ? 'encrypted' : 'plain')) throw new SealedFrameError('format');
  if (!keys) {
    if (frame.length < frameHeaderBytes + hashBytes) throw new SealedFrameError('truncated');
    const stored = frame.subarray(frameHeaderBytes, frameHeaderBytes + hashBytes);
    const plaintext = frame.subarray(frameHeaderBytes + hashBytes);
    const hash = sha256(plaintext);
    if (!timingSafeEqual(hash, stored)) throw new SealedFrameError('hash');
    return { plaintext, hash };
  }
  if (frame.length < frameHeaderBytes + nonceBytes + tagBytes) throw new SealedFrameError('truncated');
  const nonce = frame.subarray(frameHeaderBytes, frameHeaderBytes + nonceBytes);
  const tag = frame.subarray(frame.length - tagBytes);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.cipherKey, nonce);
    decipher.setAAD(Buffer.concat([frame.subarray(0, frameHeaderBytes), Buffer.from(context, 'utf8')]));
    decipher.setAuthTag(tag);
    const opened = decipher.update(frame.subarray(frameHeaderBytes + nonceBytes, frame.length - tagBytes));
    const final = decipher.final();
    // GCM has no padding, so `final` is empty: no copy of the plaintext into a new buffer.
    plaintext = final.length === 0 ? opened : Buffer.concat([opened, final]);
  } catch {
    throw new SealedFrameError('authentication');
  }
  return { plaintext, hash: sha256(plaintext) };
}

/** Bytes a sealed frame adds to its plaintext. */
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
