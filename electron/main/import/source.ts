/** Byte sources for the parsers: a file read in chunks (never whole), or an in-memory buffer for tests. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { AppError } from '../../../shared/ipc/errors';

const readChunkBytes = 64 * 1024;

/** Streams a file from `start`, reporting the bytes read so far (for progress). */
export async function* fileByteChunks(
  path: string,
  options: { start?: number; onBytes?: (bytesRead: number) => void } = {},
): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { start: options.start ?? 0, highWaterMark: readChunkBytes });
  let bytesRead = options.start ?? 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      options.onBytes?.(bytesRead);
      yield chunk;
    }
  } catch (error) {
    throw asReadError(error, path);
  } finally {
    stream.destroy();
  }
}

/** The first `maxBytes` of a file (fewer when the file is shorter). */
export async function readHead(path: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(maxBytes);
    let filled = 0;
    while (filled < maxBytes) {
      const { bytesRead } = await handle.read(buffer, filled, maxBytes - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    throw asReadError(error, path);
  } finally {
    await handle?.close();
  }
}

/** Splits a buffer into chunks of `chunkSize` bytes: tests use it to cut characters and rows at every boundary. */
export async function* bufferByteChunks(
  bytes: Uint8Array,
  chunkSize = 64 * 1024,
  start = 0,
): AsyncGenerator<Uint8Array> {
  for (let offset = start; offset < bytes.length; offset += chunkSize) {
    yield bytes.subarray(offset, Math.min(bytes.length, offset + chunkSize));
  }
}

export function asReadError(error: unknown, path: string): unknown {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new AppError('NOT_FOUND', 'import.errors.fileNotFound', { path });
  if (code === 'EISDIR') return new AppError('BAD_FILE', 'import.errors.notAFile', { path });
  if (typeof code === 'string') return new AppError('IO', 'import.errors.readFailed', { path, reason: code });
  return error;
}
