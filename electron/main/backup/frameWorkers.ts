/**
 * The CPU work of sealing and opening vault objects (sha256, Zstandard or Brotli, AES-256-GCM) on worker threads, one
 * per core.
 *
 * Why not on the calling thread and the libuv pool, as before: that thread then hashed and encrypted every byte, and
 * each object's big short-lived buffers (compressed, encrypted, unpacked) made its isolate, which holds the whole
 * backend's heap, run a full garbage collection every few dozen MB (about a third of a backup's or verify's CPU time
 * went to marking that heap). A worker's heap is tiny, so collecting the same buffers there costs next to nothing.
 *
 * The workers run a short plain-JS program given as source: a worker file would need a build entry of its own and
 * its path handed down from the shell to every caller (as the job worker's is), and the program only calls Node's
 * own crypto and zlib. What the bytes mean (the frame layout) stays in `crypto.ts`,
 * which says which ranges to decrypt, unpack and hash. Chunk buffers on a SharedArrayBuffer reach a worker without a
 * copy; buffers handed over (`transfer`) move to it; anything else is copied.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Offsets into a job's data: [start, end). */
type Range = [number, number];

/** How a frame's payload is compressed: Zstandard (written now) or Brotli (what earlier versions wrote). */
export type Codec = 'zstd' | 'brotli';

/** Node zlib options for either codec. */
export interface CodecOptions {
  chunkSize: number;
  params?: Record<number, number>;
  maxOutputLength?: number;
}

export type FrameJob =
  | { kind: 'sha256'; data: Uint8Array }
  /** The data compressed with Zstandard, or nothing when that is longer than `keepAtMost`. */
  | { kind: 'compress'; data: Uint8Array; options: CodecOptions; keepAtMost: number }
  /** AES-256-GCM: the ciphertext of the data and its tag. */
  | { kind: 'encrypt'; data: Uint8Array; key: Uint8Array; iv: Uint8Array; aad: Uint8Array }
  /**
   * `compress` then `encrypt` in one job (the compressed bytes never cross threads): the data compressed when that is
   * at most `keepAtMost`, else as it is, encrypted under `aad.packed` or `aad.plain` to match.
   */
  | {
      kind: 'seal';
      data: Uint8Array;
      options: CodecOptions;
      keepAtMost: number;
      key: Uint8Array;
      iv: Uint8Array;
      aad: { packed: Uint8Array; plain: Uint8Array };
    }
  /**
   * `payload` of the data, decrypted first when `cipher` is given (the ciphertext sits between `iv` and `tag`), then
   * unpacked when `unpack` is given, then hashed when `hash`; the result itself only when `keep`.
   */
  | {
      kind: 'open';
      data: Uint8Array;
      payload: Range;
      cipher: { key: Uint8Array; iv: Range; tag: Range; aad: Uint8Array } | null;
      unpack: { codec: Codec; options: CodecOptions } | null;
      hash: boolean;
      keep: boolean;
    };

export interface FrameJobResult {
  /** sha256: the digest; open: the result's digest when asked for. */
  hash?: Uint8Array;
  /** compress: the packed bytes when kept; encrypt, seal: the ciphertext; open: the result when kept. */
  bytes?: Uint8Array;
  /** encrypt, seal: the GCM tag. */
  tag?: Uint8Array;
  /** seal: whether the ciphertext is of the compressed data. */
  packed?: boolean;
  /** open: the result's length (kept or not). */
  length?: number;
  /** open: the tag did not authenticate, or the payload did not unpack. */
  failure?: 'authentication' | 'unpack';
}

/** The worker program (CommonJS, run with `eval`); its replies mirror FrameJobResult. */
const workerProgram = `
const { parentPort } = require('node:worker_threads');
const { createCipheriv, createDecipheriv, createHash } = require('node:crypto');
const { brotliDecompressSync, zstdCompressSync, zstdDecompressSync } = require('node:zlib');

const bytes = (data, [start, end] = [0, data.byteLength]) =>
  Buffer.from(data.buffer, data.byteOffset + start, end - start);

function open(job) {
  const payload = bytes(job.data, job.payload);
  let result = payload;
  if (job.cipher) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', job.cipher.key, bytes(job.data, job.cipher.iv));
      decipher.setAAD(job.cipher.aad);
      decipher.setAuthTag(bytes(job.data, job.cipher.tag));
      result = decipher.update(payload);
      decipher.final();
    } catch {
      return { failure: 'authentication' };
    }
  }
  if (job.unpack) {
    let unpacked;
    try {
      const unpack = job.unpack.codec === 'zstd' ? zstdDecompressSync : brotliDecompressSync;
      unpacked = unpack(result, job.unpack.options);
    } catch {
      return { failure: 'unpack' };
    }
    if (result !== payload) release(result);
    result = unpacked;
  }
  const reply = {
    hash: job.hash ? createHash('sha256').update(result).digest() : undefined,
    bytes: job.keep ? result : undefined,
    length: result.length,
  };
  // The frame (handed over to this thread) is dead unless the reply is a view of it, and so is a result not kept.
  if (result !== payload) {
    release(job.data);
    if (!job.keep) release(result);
  }
  return reply;
}

// See releaseMemory below (the same, on the workers).
function release(data) {
  try {
    data.buffer.transfer(0);
  } catch {}
}

function encrypt(data, key, iv, aad) {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = cipher.update(data);
  cipher.final();
  return { bytes: ciphertext, tag: cipher.getAuthTag() };
}

function run(job) {
  switch (job.kind) {
    case 'sha256':
      return { hash: createHash('sha256').update(job.data).digest() };
    case 'compress': {
      const packed = zstdCompressSync(job.data, job.options);
      if (packed.length <= job.keepAtMost) return { bytes: packed };
      release(packed);
      return {};
    }
    case 'encrypt':
      return encrypt(job.data, job.key, job.iv, job.aad);
    case 'seal': {
      const compressed = zstdCompressSync(job.data, job.options);
      const packed = compressed.length <= job.keepAtMost;
      const sealed = encrypt(packed ? compressed : job.data, job.key, job.iv, packed ? job.aad.packed : job.aad.plain);
      release(compressed);
      return { ...sealed, packed };
    }
    case 'open':
      return open(job);
  }
  throw new Error('unknown frame job ' + job.kind);
}

// Bytes move to the caller without a copy when they own their memory (zlib's and Node's pooled buffers are slices of
// shared slabs that cannot move); a slice is copied out first.
function handOver(result) {
  const data = result.bytes;
  if (!data) return [];
  const owned =
    data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  if (!owned) {
    result.bytes = new Uint8Array(data);
    // What the slice was cut from (zlib's output buffer, sized for the worst case) is dead now.
    release(data);
  }
  return [result.bytes.buffer];
}

parentPort.on('message', ({ id, job }) => {
  let result;
  try {
    result = run(job);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack ? error.stack : error) });
    return;
  }
  parentPort.postMessage({ id, result }, handOver(result));
});
`;

interface Reply {
  id: number;
  result?: FrameJobResult;
  error?: string;
}

interface Queued {
  id: number;
  job: FrameJob;
  transfer: ArrayBuffer[];
  resolve: (result: FrameJobResult) => void;
  reject: (error: Error) => void;
}

/**
 * Jobs sent to a worker at once: the next is already there when it finishes one, so it does not wait for this thread
 * (busy itself, or not scheduled at once on a loaded machine) to send another.
 */
const jobsPerWorker = 2;

/** Workers started on first use and kept (idle ones do not keep the process alive); a job waits for room on one. */
class FrameWorkerPool {
  /** Each worker's jobs sent and not yet answered, oldest first (a worker answers in order). */
  private readonly sent = new Map<Worker, Queued[]>();
  private readonly waiting: Queued[] = [];
  private nextId = 0;

  constructor(private readonly size: number) {}

  run(job: FrameJob, transfer: ArrayBuffer[]): Promise<FrameJobResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: (this.nextId += 1), job, transfer, resolve, reject });
      this.dispatch();
    });
  }

  private start(): Worker {
    // A worker's heap holds next to nothing, but V8 sizes its collection trigger (which counts the big buffers too) by
    // the heap's limit: a small limit collects dead buffers sooner (measured in verify: a third of the memory for a
    // few per cent more CPU time).
    const worker = new Worker(workerProgram, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const sent: Queued[] = [];
    this.sent.set(worker, sent);
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const queued = sent.shift();
      // Idle, it must not keep the process alive; busy, it must (a job's promise alone does not).
      if (sent.length === 0) worker.unref();
      if (queued?.id === reply.id) {
        if (reply.result) queued.resolve(reply.result);
        else queued.reject(new Error(`frame worker: ${reply.error}`));
      }
      this.dispatch();
    });
    // A worker that died (out of memory, terminated) fails its jobs; the next job starts another.
    worker.on('error', (error) => this.forget(worker, error));
    worker.on('exit', (code) => this.forget(worker, new Error(`frame worker exited with code ${code}`)));
    return worker;
  }

  private forget(worker: Worker, error: Error): void {
    const sent = this.sent.get(worker);
    if (!sent) return;
    this.sent.delete(worker);
    for (const queued of sent) queued.reject(error);
    this.dispatch();
  }

  /** The worker with the fewest jobs sent, while it has room for another; a new one while that one has any. */
  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    for (const [worker, sent] of this.sent)
      if (!best || sent.length < this.sent.get(best)!.length) best = worker;
    const load = best ? this.sent.get(best)!.length : Infinity;
    if (load > 0 && this.sent.size < this.size) return this.start();
    return load < jobsPerWorker ? best : undefined;
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const worker = this.leastBusy();
      if (!worker) return;
      const queued = this.waiting.shift()!;
      try {
        worker.postMessage({ id: queued.id, job: queued.job }, queued.transfer);
      } catch (error) {
        // Data that cannot be sent (never expected): this job fails, the worker stays as it was.
        queued.reject(error as Error);
        continue;
      }
      this.sent.get(worker)!.push(queued);
      worker.ref();
    }
  }
}

/** Buffers smaller than this are left to the collector: they add little to the external memory that triggers it. */
const releasedFromBytes = 64 * 1024;

/**
 * Frees dead buffers' memory at once instead of at a collection. Until then each counts as external memory, and that
 * is what makes V8 run full collections during a backup: every few chunks, on the workers (zlib's output) and on the
 * job thread (the ciphertexts they send), 50 in a 1 GB backup, 0.7 s of pauses and as much again of concurrent
 * marking. Only for buffers nothing else uses: their memory is gone afterwards. Shared slabs (Node's buffer pool,
 * zlib's small outputs) and shared memory refuse to be detached and are left to the collector.
 */
export function releaseMemory(buffers: readonly Uint8Array[]): void {
  for (const data of buffers) {
    if (data.byteLength < releasedFromBytes || !(data.buffer instanceof ArrayBuffer)) continue;
    try {
      data.buffer.transfer(0);
    } catch {
      // Not detachable: a shared slab.
    }
  }
}

let pool: FrameWorkerPool | undefined;

/**
 * Runs a job on a worker. `transfer`: buffers whose memory the job may take (detached here when they own it all, else
 * copied). A job's data must stay untouched until it resolves.
 */
export function runFrameJob(job: FrameJob, transfer: Uint8Array[] = []): Promise<FrameJobResult> {
  pool ??= new FrameWorkerPool(Math.min(availableParallelism(), 4));
  // Only bytes owning all their memory move (a slice of a shared slab, such as Node's buffer pool, cannot).
  const movable = transfer
    .filter((data) => data.byteOffset === 0 && data.byteLength === data.buffer.byteLength)
    .map((data) => data.buffer)
    .filter((memory) => memory instanceof ArrayBuffer);
  return pool.run(job, [...new Set(movable)]);
}
