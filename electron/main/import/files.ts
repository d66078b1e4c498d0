/** File-level chores of an import: the streamed sha256, the raw copy kept in the workspace, folder expansion. */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../../shared/ipc/errors';
import { checkWriteFault, storageFailure } from '../services/diskErrors';
import { asReadError } from './source';

export async function hashFile(path: string, onBytes?: (bytesRead: number) => void): Promise<string> {
  const hash = createHash('sha256');
  // One buffer read into again and again: a stream's fresh buffer per read is memory outside the JS heap that
  // nothing collects while hashing allocates next to no objects, so a whole file's worth of it became resident.
  const buffer = Buffer.allocUnsafe(256 * 1024);
  let handle;
  try {
    handle = await open(path, 'r');
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: read } = await handle.read(buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      bytesRead += read;
      onBytes?.(bytesRead);
    }
  } catch (error) {
    throw asReadError(error, path);
  } finally {
    await handle?.close();
  }
  return hash.digest('hex');
}

export function rawCopyPath(workspaceDir: string, sha256: string): string {
  return join(workspaceDir, 'imports', sha256);
}

/** Keeps the imported file, content-addressed, in `<workspace>/imports/<sha256>` (the backup builds on it). */
export async function storeRawCopy(workspaceDir: string, path: string, sha256: string): Promise<string> {
  const target = rawCopyPath(workspaceDir, sha256);
  try {
    await stat(target);
    return target;
  } catch {
    // Not stored yet.
  }
  try {
    await mkdir(join(workspaceDir, 'imports'), { recursive: true });
    // Copy beside the target and rename, so a crash never leaves a half file under the final name.
    const partial = `${target}.partial-${process.pid}-${Date.now()}`;
    checkWriteFault(partial); // test seam: full disk / read-only folder
    await copyFile(path, partial, constants.COPYFILE_FICLONE);
    await rename(partial, target);
    return target;
  } catch (error) {
    const failure = storageFailure(error, join(workspaceDir, 'imports'));
    if (failure) throw failure;
    throw new AppError('IO', 'import.errors.readFailed', {
      path,
      reason: (error as NodeJS.ErrnoException).code ?? 'copy',
    });
  }
}

export async function removeRawCopy(workspaceDir: string, sha256: string): Promise<void> {
  await rm(rawCopyPath(workspaceDir, sha256), { force: true });
}

/** File names the importer looks at inside a folder (PyWxDump's HTML export keeps its messages in data.js). */
const importable = /\.(csv|txt|json|jsonl|html?)$|^data\.js$/i;
/** users.json is PyWxDump's name map, not a chat. */
const notChats = /^(users\.json|readme\.(md|txt))$/i;

/**
 * Files and folders as dropped by the user: folders are expanded (recursively, sorted, so PyWxDump's split files
 * come in order) to the files with export extensions. Paths that do not exist are kept, to fail with their own error.
 */
export async function expandImportPaths(paths: readonly string[], maxFiles = 5000): Promise<string[]> {
  const files: string[] = [];
  const visit = async (path: string, depth: number): Promise<void> => {
    if (files.length >= maxFiles) return;
    let info;
    try {
      info = await stat(path);
    } catch {
      files.push(path);
      return;
    }
    if (!info.isDirectory()) {
      files.push(path);
      return;
    }
    if (depth > 8) return;
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name, 'en', { numeric: true }),
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) await visit(child, depth + 1);
      else if (entry.isFile() && importable.test(entry.name) && !notChats.test(entry.name)) files.push(child);
    }
  };
  for (const path of paths) await visit(resolve(path), 0);
  return files;
}
