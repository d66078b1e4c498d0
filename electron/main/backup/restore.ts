/**
 * Restore a snapshot into a folder. Whatever the manifest says, nothing is written outside the target: every path
 * is checked (relative, no `..`, no drive letters, only what a workspace holds), no directory on the way may be a
 * symbolic link, and files are written under a temporary name and renamed (a rename replaces a link, never follows
 * it). A file whose objects are missing or damaged is left out and reported; everything else is restored.
 */
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import type { BackupCounts, RestoreReport } from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import { flushAndClose, fsyncDirectory, isDirectoryEmpty, temporaryName } from './files';
import { releaseMemory } from './frameWorkers';
import { checkIntegrityOffThread, type IntegrityCheck } from './integrityCheck';
import {
  databasePath,
  importsFolder,
  manifestObjects,
  type ManifestChunk,
  type ManifestFile,
  type SnapshotManifest,
} from './manifest';
import { readDatabaseFacts, type DatabaseFacts } from './snapshot';
import { quietSteps, type WorkSteps } from './steps';
import { TaskQueue } from './taskQueue';
import { ManifestReadError, ObjectReadError, type Vault } from './vault';

/** Objects read ahead of the one being written. */
const objectsAhead = 4;

const windowsReservedName = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** The path's segments when it is a path a workspace can hold, else null. */
export function safeRelativePath(path: string): string[] | null {
  if (path.length === 0 || path.length > 1024 || path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return null;
  const parts = path.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') return null;
    // Backslashes, control and Windows-reserved characters; trailing dots and spaces (Windows drops them).
    // eslint-disable-next-line no-control-regex
    if (/[\\\x00-\x1f:*?"<>|]/.test(part) || /[. ]$/.test(part) || windowsReservedName.test(part))
      return null;
  }
  if (path !== databasePath && !(parts[0] === importsFolder && parts.length >= 2)) return null;
  return parts;
}

export class UnsafeTarget extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Creates the parent folders of a restored file one by one, refusing any that is a link or not a folder. */
export function prepareParents(root: string, parts: string[]): string {
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      mkdirSync(dir);
      continue;
    }
    if (stat.isSymbolicLink()) throw new UnsafeTarget('backup.errors.symlinkInPath');
    if (!stat.isDirectory()) throw new UnsafeTarget('backup.errors.notAFolder');
  }
  return dir;
}

/** A file that could not be written (why, and the objects at fault), or one written whole. */
type FileOutcome =
  | { reason: string; badObjects: string[] }
  | {
      reason: null;
      written: number;
      /**
       * The file is flushed and renamed into place in the background while the next one is written (a flush waits
       * for the disk, which the next file's reading and unpacking need not): resolves to null once it is in place, or
       * to why it could not be put there; rejects when it could not be flushed.
       */
      committed: Promise<string | null>;
    };

/** Restored files being flushed at once, each holding its descriptor open until then. */
const filesFlushing = 2;

async function commitRestoredFile(fd: number, temp: string, destination: string): Promise<string | null> {
  try {
    await flushAndClose(fd);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  try {
    renameSync(temp, destination);
  } catch {
    rmSync(temp, { force: true });
    return 'backup.errors.cannotReplace';
  }
  return null;
}

async function restoreFile(
  vault: Vault,
  file: ManifestFile,
  destination: string,
  steps: WorkSteps,
  onBytes: (n: number) => void,
  /** Every object the snapshot references, to read a delta's bases with the sizes recorded. */
  objects: ReadonlyMap<string, ManifestChunk>,
): Promise<FileOutcome> {
  if (file.chunks.reduce((sum, [, size]) => sum + size, 0) !== file.size) {
    return { reason: 'backup.errors.manifestDamaged', badObjects: [] };
  }
  const temp = temporaryName(dirname(destination), `.${basename(destination)}`);
  const fd = openSync(temp, 'wx');
  let written = 0;
  const badObjects: string[] = [];
  // A few objects are read and opened ahead (thread pool, frame workers) while this thread writes one, as verify does.
  const ahead: Promise<{ plaintext: Buffer } | { error: unknown }>[] = [];
  const readAhead = (index: number) => {
    const chunk = file.chunks[index];
    if (!chunk) return;
    ahead.push(
      // A delta is rebuilt through its chain of bases.
      vault.readObject(chunk[0], chunk[1], chunk[2], objects).then(
        (plaintext) => ({ plaintext }),
        (error: unknown) => ({ error }),
      ),
    );
  };
  for (let index = 0; index < objectsAhead; index += 1) readAhead(index);
  try {
    for (const [index, [name, size]] of file.chunks.entries()) {
      steps.throwIfCancelled();
      const opened = await ahead.shift()!;
      readAhead(index + objectsAhead);
      if ('error' in opened) {
        if (!(opened.error instanceof ObjectReadError)) throw opened.error;
        // The object missing or damaged: this chunk's, or a base down its chain.
        const damaged = opened.error.damagedObject;
        if (!badObjects.includes(damaged)) badObjects.push(damaged);
        if (damaged !== name) badObjects.push(name);
        continue;
      }
      const { plaintext } = opened;
      if (badObjects.length === 0) {
        let offset = 0;
        while (offset < plaintext.length)
          offset += writeSync(fd, plaintext, offset, plaintext.length - offset);
        written += plaintext.length;
      }
      // Read afresh for this chunk alone (see `readObject`): freed now rather than by a full collection.
      releaseMemory([plaintext]);
      onBytes(size);
      await steps.yieldToLoop();
    }
  } catch (error) {
    // Reads still running finish before the file they would have filled goes.
    await Promise.all(ahead);
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  if (badObjects.length > 0) {
    closeSync(fd);
    rmSync(temp, { force: true });
    return { reason: 'backup.errors.objectsUnreadable', badObjects };
  }
  return { reason: null, written, committed: commitRestoredFile(fd, temp, destination) };
}

export interface RestoreOptions {
  /** Restore into a folder that already holds files (files of the snapshot replace those of the same name). */
  allowNonEmpty?: boolean | undefined;
  steps?: WorkSteps | undefined;
}

export function readManifestOrThrow(vault: Vault, snapshotId: string): SnapshotManifest {
  try {
    return vault.readManifest(snapshotId);
  } catch (error) {
    if (error instanceof ManifestReadError) {
      throw new AppError(
        error.reason === 'backup.errors.snapshotNotFound' ? 'NOT_FOUND' : 'BAD_FILE',
        error.reason,
        {
          id: snapshotId,
        },
      );
    }
    throw error;
  }
}

function countsMatch(expected: BackupCounts, found: Omit<BackupCounts, 'files'>): boolean {
  return (
    expected.groups === found.groups &&
    expected.members === found.members &&
    expected.messages === found.messages &&
    expected.imports === found.imports
  );
}

export async function restoreSnapshot(
  vault: Vault,
  snapshotId: string,
  target: string,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const steps = options.steps ?? quietSteps;
  const manifest = readManifestOrThrow(vault, snapshotId);
  if (!options.allowNonEmpty && !isDirectoryEmpty(target)) {
    throw new AppError('CONFLICT', 'backup.errors.targetNotEmpty', { path: target });
  }
  mkdirSync(target, { recursive: true });
  const root = realpathSync(target);
  const report: RestoreReport = {
    snapshotId,
    target: root,
    complete: true,
    restoredFiles: 0,
    bytesWritten: 0,
    failedFiles: [],
    refusedFiles: [],
    database: null,
    safetySnapshotId: null,
  };
  const totalBytes = manifest.files.reduce((sum, file) => sum + file.size, 0);
  let done = 0;
  const onBytes = (bytes: number) => {
    done += bytes;
    steps.progress(done, totalBytes, 'backup.steps.restore');
  };
  const seen = new Set<string>();
  const objects = manifestObjects(manifest);
  const commits = new TaskQueue(filesFlushing);
  // Started once the database is in place, while the import files are written (see `integrityCheck.ts`).
  let integrityCheck: IntegrityCheck | undefined;
  try {
    for (const file of manifest.files) {
      const parts = safeRelativePath(file.path);
      const key = file.path.toLowerCase();
      if (!parts || seen.has(key)) {
        report.refusedFiles.push({
          path: file.path,
          reason: parts ? 'backup.errors.duplicatePath' : 'backup.errors.unsafePath',
        });
        continue;
      }
      seen.add(key);
      const destination = join(root, ...parts);
      const rel = relative(root, destination);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        report.refusedFiles.push({ path: file.path, reason: 'backup.errors.unsafePath' });
        continue;
      }
      try {
        prepareParents(root, parts);
      } catch (error) {
        if (!(error instanceof UnsafeTarget)) throw error;
        report.refusedFiles.push({ path: file.path, reason: error.reason });
        continue;
      }
      if (file.path === databasePath) {
        // Another database's journal beside ours would be replayed into it.
        for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${destination}${suffix}`, { force: true });
      }
      await commits.room();
      const outcome = await restoreFile(vault, file, destination, steps, onBytes, objects);
      if (outcome.reason !== null) {
        report.failedFiles.push({ path: file.path, reason: outcome.reason, objects: outcome.badObjects });
        continue;
      }
      commits.add(
        outcome.committed.then((reason) => {
          if (reason) report.failedFiles.push({ path: file.path, reason, objects: [] });
          else {
            report.restoredFiles += 1;
            report.bytesWritten += outcome.written;
            if (file.path === databasePath) integrityCheck = checkIntegrityOffThread(destination);
          }
        }),
      );
    }
    await commits.drain();
  } catch (error) {
    // After a cancel or a failure, files already written finish flushing (or fail) before the restore ends.
    await commits.settle();
    integrityCheck?.stop();
    throw error;
  }
  fsyncDirectory(root);

  const databaseFile = join(root, databasePath);
  if (
    manifest.files.some((file) => file.path === databasePath) &&
    !report.failedFiles.some((file) => file.path === databasePath)
  ) {
    steps.progress(totalBytes, totalBytes, 'backup.steps.checkDatabase');
    // Counts read before a check that failed are still what the file holds: reported, not thrown away with it.
    let facts: DatabaseFacts | null = null;
    const counted = () =>
      facts === null
        ? { countsMatch: false, counts: null }
        : {
            countsMatch: countsMatch(manifest.counts, facts.counts),
            counts: { ...facts.counts, files: manifest.counts.files },
          };
    try {
      facts = readDatabaseFacts(databaseFile);
      integrityCheck ??= checkIntegrityOffThread(databaseFile);
      report.database = { integrity: await integrityCheck.result, ...counted() };
    } catch (error) {
      integrityCheck?.stop();
      report.database = { integrity: String((error as Error).message ?? error), ...counted() };
    }
  }
  report.complete =
    report.failedFiles.length === 0 &&
    report.refusedFiles.length === 0 &&
    report.database !== null &&
    report.database.integrity === 'ok' &&
    report.database.countsMatch;
  return report;
}
