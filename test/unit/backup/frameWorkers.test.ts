/**
 * Frame work on worker threads: every kind of job gives what the same work on this thread gives, with many jobs at
 * once; bytes from shared slabs (Node's buffer pool, shared memory) reach a worker and come back intact; an object
 * frame opened there fails as `unseal` fails it on this thread (authentication, damaged payload, wrong layout); a job
 * that throws fails alone.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { brotliCompressSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  compressForFrame,
  expandDataKey,
  type PackedPayload,
  openObjectFrame,
  SealedFrameError,
  sealObjectOffThread,
  sealParts,
  sealPartsOffThread,
  sha256,
  sha256OffThread,
  unseal,
} from '../../../electron/main/backup/crypto';
import { releaseMemory, runFrameJob } from '../../../electron/main/backup/frameWorkers';

const text = (bytes: number, seed = 0) =>
  Buffer.from(
    Array.from(
      { length: Math.ceil(bytes / 40) },
      (_, i) => `${seed},wxid_${i % 97},今晚八点直播第${i}期\n`,
    ).join(''),
  ).subarray(0, bytes);

const problemOf = (work: () => unknown) =>
  Promise.resolve()
    .then(work)
    .then(
      () => null,
      (error: unknown) => (error instanceof SealedFrameError ? error.problem : error),
    );

describe('frame workers', () => {
  const keys = expandDataKey(randomBytes(32), 'vault-uuid');

  it('hash, compress and seal many chunks at once as this thread would', async () => {
    const chunks = Array.from({ length: 24 }, (_, i) => text(1000 + i * 20_000, i));
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        const hash = await sha256OffThread(chunk);
        const packed = await compressForFrame(chunk);
        const frame = await sealPartsOffThread(chunk, keys, 'object:x', hash, packed);
        return { hash, frame: Buffer.concat(frame) };
      }),
    );
    for (const [index, { hash, frame }] of results.entries()) {
      expect(hash.equals(sha256(chunks[index]!))).toBe(true);
      expect(unseal(frame, keys, 'object:x').plaintext.equals(chunks[index]!)).toBe(true);
    }
  });

  it('seals a whole object in one job: compressed when that pays, as it is when not, opened alike', async () => {
    const compressible = text(300_000, 7);
    const random = randomBytes(300_000);
    for (const [chunk, shouldPack] of [
      [compressible, true],
      [random, false],
    ] as const) {
      const hash = sha256(chunk);
      const frame = Buffer.concat(await sealObjectOffThread(chunk, keys, 'object:y', hash));
      // The mode byte after the 4-byte magic: encrypted, plus Zstandard when packed.
      expect((frame[4]! & 8) !== 0).toBe(shouldPack);
      expect(frame.length < chunk.length / 2).toBe(shouldPack);
      expect(unseal(frame, keys, 'object:y').plaintext.equals(chunk)).toBe(true);
      const opened = await openObjectFrame(Buffer.from(frame), keys, 'object:y', chunk.length);
      expect(opened.delta).toBe(false);
      if (!opened.delta) expect(opened.hash.equals(hash)).toBe(true);
      // Bound to its object: opened as another, it does not authenticate.
      expect(await problemOf(() => unseal(frame, keys, 'object:z'))).toBe('authentication');
    }
    // An unencrypted vault gets the same frame sealParts writes, its payload compressed.
    const plain = Buffer.concat(
      await sealObjectOffThread(compressible, null, 'object:y', sha256(compressible)),
    );
    expect(unseal(plain, null, 'object:y').plaintext.equals(compressible)).toBe(true);
    expect(plain.length < compressible.length / 2).toBe(true);
  });

  it('frees the memory of big buffers it is given, and leaves small, pooled and shared ones as they are', () => {
    const big = Buffer.alloc(256 * 1024, 1);
    const small = Buffer.alloc(1024, 2);
    const pooled = Buffer.from('群公告');
    const shared = Buffer.from(new SharedArrayBuffer(256 * 1024));
    releaseMemory([big, small, pooled, shared]);
    expect(big.buffer.byteLength).toBe(0);
    expect(big.length).toBe(0);
    expect(small.equals(Buffer.alloc(1024, 2))).toBe(true);
    expect(pooled.toString()).toBe('群公告');
    expect(shared.length).toBe(256 * 1024);
  });

  it('reads bytes in slabs it cannot take (the buffer pool, shared memory) without detaching them', async () => {
    const pooled = Buffer.from('群公告：本周六线下活动'.repeat(10));
    const neighbour = Buffer.from('the next buffer in the same pool slab');
    const shared = Buffer.from(new SharedArrayBuffer(64 * 1024)).fill(7);
    for (const data of [pooled, shared.subarray(100, 5000)]) {
      const { hash } = await runFrameJob({ kind: 'sha256', data }, [data]);
      expect(Buffer.from(hash!).equals(sha256(data))).toBe(true);
      expect(data.byteLength).toBeGreaterThan(0);
    }
    expect(neighbour.toString()).toBe('the next buffer in the same pool slab');
    // Small outputs land in a worker's pooled slabs; they come back copied out whole.
    for (const bytes of [100, 3000, 5000, 70_000]) {
      const data = text(bytes);
      const packed = await compressForFrame(data);
      expect(packed!.codec).toBe('zstd');
      expect(zstdDecompressSync(packed!.bytes).equals(data)).toBe(true);
    }
  });

  it('opens object frames as unseal does, and fails them for the same reasons', async () => {
    const plaintext = text(300_000);
    const hash = sha256(plaintext);
    const packed: PackedPayload = { codec: 'zstd', bytes: zstdCompressSync(plaintext) };
    // Brotli: what earlier versions wrote.
    const legacy: PackedPayload = { codec: 'brotli', bytes: brotliCompressSync(plaintext) };
    for (const frameKeys of [keys, null]) {
      for (const compressed of [packed, legacy, undefined]) {
        const frame = () => Buffer.concat(sealParts(plaintext, frameKeys, 'object:x', hash, compressed));
        const opened = await openObjectFrame(frame(), frameKeys, 'object:x', plaintext.length);
        expect(opened).toMatchObject({ delta: false, length: plaintext.length });
        if (opened.delta) throw new Error('not a delta');
        expect(opened.plaintext!.equals(plaintext)).toBe(true);
        expect(opened.hash.equals(hash)).toBe(true);
        // Checked, not handed back.
        const checked = await openObjectFrame(frame(), frameKeys, 'object:x', undefined, false);
        expect(checked).toMatchObject({ delta: false, plaintext: null, length: plaintext.length });

        const damaged = frame();
        damaged[damaged.length - 40] = damaged[damaged.length - 40]! ^ 0x40;
        const expected = await problemOf(() => unseal(Buffer.from(damaged), frameKeys, 'object:x'));
        expect(expected).not.toBeNull();
        expect(await problemOf(() => openObjectFrame(damaged, frameKeys, 'object:x'))).toBe(expected);
      }
      expect(await problemOf(() => openObjectFrame(Buffer.from('QDV'), frameKeys, 'object:x'))).toBe(
        'truncated',
      );
    }
    // Sealed for one object, opened as another: the additional data no longer matches.
    const frame = Buffer.concat(sealParts(plaintext, keys, 'object:x', hash, packed));
    expect(await problemOf(() => openObjectFrame(frame, keys, 'object:y'))).toBe('authentication');
    // A plain vault's frame read with keys (or the other way round) is refused before any work.
    const plainFrame = Buffer.concat(sealParts(plaintext, null, 'object:x', hash, packed));
    expect(await problemOf(() => openObjectFrame(plainFrame, keys, 'object:x'))).toBe('format');
  });

  it.each([
    ['zstd', zstdCompressSync],
    ['brotli', brotliCompressSync],
  ] as const)('a %s payload is unpacked no further than any chunk can be', async (codec, compress) => {
    const bomb = Buffer.alloc(17 * 1024 * 1024);
    const packed = { codec, bytes: compress(bomb) };
    const frame = Buffer.concat(sealParts(bomb, null, 'object:x', sha256(bomb), packed));
    expect(await problemOf(() => openObjectFrame(frame, null, 'object:x'))).toBe('hash');
  });

  it('a job that throws fails alone; the workers keep serving', async () => {
    const wrongKey = { kind: 'encrypt', data: text(100), key: randomBytes(7), iv: randomBytes(12) } as const;
    const results = await Promise.allSettled([
      runFrameJob({ ...wrongKey, aad: Buffer.alloc(0) }),
      sha256OffThread(text(5000)),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(Error) });
    expect(results[1]).toMatchObject({ status: 'fulfilled' });
    const cipher = createCipheriv('aes-256-gcm', keys.cipherKey, Buffer.alloc(12));
    cipher.setAAD(Buffer.from('aad'));
    const expected = Buffer.concat([cipher.update(text(5000)), cipher.final()]);
    const { bytes, tag } = await runFrameJob({
      kind: 'encrypt',
      data: text(5000),
      key: keys.cipherKey,
      iv: Buffer.alloc(12),
      aad: Buffer.from('aad'),
    });
    expect(Buffer.from(bytes!).equals(expected)).toBe(true);
    expect(Buffer.from(tag!).equals(cipher.getAuthTag())).toBe(true);
  });
});
