/**
 * Full disks and read-only folders, said plainly: `storageFailure` turns the raw errors of Node's fs and SQLite into
 * the AppErrors the user sees ("磁盘空间不足" / "文件夹只读"), wherever a write can fail (import, backup, settings).
 * Also the test seam that makes writes fail on purpose, for machines where a test cannot fill a disk or (as root)
 * cannot make a folder read-only.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/ipc/errors';

const diskFullCodes = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL']);
const readOnlyCodes = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY']);

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** The AppError for a disk-full or read-only failure (also one wrapped in an AggregateError); null for anything else. */
export function storageFailure(error: unknown, path?: string): AppError | null {
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const failure = storageFailure(inner, path);
      if (failure) return failure;
    }
    return null;
  }
  if (error instanceof AppError) return null;
  const code = errorCode(error);
  if (code === null) return null;
  const params = { path: path ?? '', reason: code };
  if (diskFullCodes.has(code)) return new AppError('IO', 'recovery.errors.diskFull', params);
  if (readOnlyCodes.has(code) || code.startsWith('SQLITE_READONLY'))
    return new AppError('IO', 'recovery.errors.readOnlyFolder', params);
  return null;
}

type WriteFault = (target: string) => NodeJS.ErrnoException | null;
let injectedFault: WriteFault | null = null;

/** Tests only: every checked write asks `fault` first and fails with what it returns. Returns the undo. */
export function injectWriteFault(fault: WriteFault): () => void {
  injectedFault = fault;
  return () => {
    if (injectedFault === fault) injectedFault = null;
  };
}

/** Called right before a write the tests want to be able to fail (a no-op in the app). */
export function checkWriteFault(target: string): void {
  const error = injectedFault?.(target);
  if (error) throw error;
}

/** An error shaped like the one the OS or SQLite raises: `diskError('ENOSPC')`, `diskError('SQLITE_FULL')`. */
export function diskError(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * Room held back on the disk for taking a failed write back out: a file of `bytes` written up front (so a disk too
 * full for it fails before anything else is written) and deleted the moment a write fails for lack of space, so
 * the cleanup that follows (deleting the rows already committed) has room for its journal.
 */
export interface SpaceReserve {
  release(): void;
}

export function reserveSpace(dir: string, bytes: number): SpaceReserve {
  const file = join(dir, `.space-reserve-${process.pid}-${Date.now()}`);
  const release = () => rmSync(file, { force: true });
  try {
    checkWriteFault(file);
    const fd = openSync(file, 'wx');
    try {
      const chunk = Buffer.alloc(Math.min(bytes, 1 << 20));
      // Written, not just sized: a sparse file would hold no room at all. (No fsync: the blocks are taken at write.)
      for (let written = 0; written < bytes; written += chunk.length)
        writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    release();
    throw storageFailure(error, dir) ?? error;
  }
  return { release };
}
