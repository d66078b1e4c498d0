/**
 * Moving a workspace to another computer: export packs the database (taken with the online backup API, so the app
 * keeps working) and every raw import file into one encrypted archive; import unpacks one into a new or empty
 * folder. The archive is written under a temporary name and renamed once complete. Import writes nothing outside
 * its target (the restore path checks), and on any failure (wrong passphrase, a damaged or cut-off archive, a
 * database that fails its checks) leaves the target as it found it: removed when it created it, else empty.
 */
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type {
  ArchiveExportReport,
  ArchiveImportReport,
  BackupCounts,
} from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import type { Db } from '../db/connection';
import { workspaceDbFile } from '../services/workspacePaths';
import {
  archiveFormatVersion,
  ArchiveWriter,
  hashBytes,
  openArchive,
  type ArchiveManifest,
  type ArchiveReader,
} from './archiveFormat';
import type { ScryptParams } from './crypto';
import { fsyncDirectory, isDirectoryEmpty, pathExists, temporaryName } from './files';
import { databasePath } from './manifest';
import { prepareParents, safeRelativePath, UnsafeTarget } from './restore';
import { copyDatabase, fileChunkBytes, listImportFiles, readDatabaseFacts } from './snapshot';
import { quietSteps, type WorkSteps } from './steps';
import { asVaultError } from './vault';

/** Backend paths must be absolute: a relative one would resolve against the app's own working folder. */
export function requireAbsolutePath(path: string): string {
  if (!isAbsolute(path)) throw new AppError('VALIDATION', 'backup.errors.pathNotAbsolute', { path });
  return resolve(path);
}

/** Where an archive may be written: an existing folder, and no file there unless replacing it was confirmed. */
export function checkArchiveDestination(path: string, overwrite: boolean): void {
  const folder = dirname(path);
  let folderStat;
  try {
    folderStat = statSync(folder);
  } catch {
    throw new AppError('NOT_FOUND', 'backup.errors.folderMissing', { path: folder });
  }
  if (!folderStat.isDirectory())
    throw new AppError('NOT_FOUND', 'backup.errors.folderMissing', { path: folder });
  let existing;
  try {
    existing = lstatSync(path);
  } catch {
    return;
  }
  if (existing.isDirectory() || existing.isSymbolicLink() || !overwrite)
    throw new AppError('CONFLICT', 'backup.errors.archiveExists', { path });
}

/** An import target must be a new folder or an empty one; returns whether it exists already. */
export function checkImportTarget(target: string): boolean {
  let stat;
  try {
    stat = lstatSync(target);
  } catch {
    return false;
  }
  if (!stat.isDirectory())
    throw new AppError('CONFLICT', 'backup.errors.importTargetNotFolder', { path: target });
  if (!isDirectoryEmpty(target))
    throw new AppError('CONFLICT', 'backup.errors.importTargetNotEmpty', { path: target });
  return true;
}

export interface ArchiveExportOptions {
  workspaceDir: string;
  /** A live connection to take the online backup from; one is opened (and closed) when left out. */
  db?: Db | undefined;
  outPath: string;
  passphrase: string;
  /** Replace a file already at `outPath` (the save dialog asked the user). */
  overwrite?: boolean | undefined;
  appVersion?: string | null | undefined;
  now?: (() => number) | undefined;
  scrypt?: ScryptParams | undefined;
  recordBytes?: number | undefined;
  steps?: WorkSteps | undefined;
  /** The export watermark, written into the archive's (authenticated, unencrypted) header. */
  watermark?: string | undefined;
}

/** Streams one file into the archive in chunks; memory stays at one chunk whatever its size. */
async function packFile(
  writer: ArchiveWriter,
  file: { path: string; source: string; size: number },
  buffer: Buffer,
  steps: WorkSteps,
  onBytes: (bytes: number) => void,
): Promise<string> {
  const fd = openSync(file.source, 'r');
  try {
    return await writer.addEntry({ type: 'file', path: file.path, size: file.size }, async (write) => {
      let position = 0;
      for (;;) {
        steps.throwIfCancelled();
        const read = readSync(fd, buffer, 0, buffer.length, position);
        if (read === 0) break;
        write(buffer.subarray(0, read));
        position += read;
        onBytes(read);
        await steps.yieldToLoop();
      }
    });
  } finally {
    closeSync(fd);
  }
}

export async function exportWorkspaceArchive(options: ArchiveExportOptions): Promise<ArchiveExportReport> {
  const steps = options.steps ?? quietSteps;
  const now = options.now ?? Date.now;
  const out = resolve(options.outPath);
  checkArchiveDestination(out, options.overwrite ?? false);
  if (!pathExists(workspaceDbFile(options.workspaceDir))) {
    throw new AppError('NOT_FOUND', 'backup.errors.noWorkspace', { path: options.workspaceDir });
  }
  steps.progress(0, 1, 'backup.steps.database');
  const databaseCopy = await copyDatabase(options.workspaceDir, options.db);
  const temp = temporaryName(dirname(out), `.${basename(out)}`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx');
    const facts = readDatabaseFacts(databaseCopy);
    const sources = [
      { path: databasePath, source: databaseCopy, size: statSync(databaseCopy).size },
      ...listImportFiles(options.workspaceDir),
    ];
    const totalBytes = sources.reduce((sum, file) => sum + file.size, 0);
    const writer = await ArchiveWriter.start(fd, options.passphrase, {
      now: now(),
      scrypt: options.scrypt,
      recordBytes: options.recordBytes,
      watermark: options.watermark,
    });
    let done = 0;
    const onBytes = (bytes: number) => {
      done += bytes;
      steps.progress(done, totalBytes, 'backup.steps.archive');
    };
    const buffer = Buffer.allocUnsafe(fileChunkBytes);
    const files: ArchiveManifest['files'] = [];
    for (const file of sources) {
      const sha256 = await packFile(writer, file, buffer, steps, onBytes);
      files.push({ path: file.path, size: file.size, sha256 });
    }
    const counts: BackupCounts = { ...facts.counts, files: files.length };
    await writer.finish({
      format: 'qundesk-archive-manifest',
      version: archiveFormatVersion,
      archiveUuid: writer.archiveUuid,
      createdAt: writer.createdAt,
      workspace: {
        id: facts.workspaceId,
        schemaVersion: facts.schemaVersion,
        appVersion: options.appVersion ?? null,
      },
      counts,
      files,
      totalBytes,
    });
    steps.throwIfCancelled();
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, out);
    fsyncDirectory(dirname(out));
    return {
      path: out,
      createdAt: writer.createdAt,
      files: files.length,
      totalBytes,
      bytesWritten: writer.bytesWritten,
      counts,
      watermark: options.watermark ?? null,
    };
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    throw asVaultError(error, out);
  } finally {
    rmSync(databaseCopy, { force: true });
  }
}

export interface ArchiveImportOptions {
  archivePath: string;
  target: string;
  passphrase: string;
  steps?: WorkSteps | undefined;
}

/** Undoes a failed import: the folder it made goes, a folder that was there (empty) is emptied again. */
function clearTarget(target: string, existed: boolean): void {
  if (!existed) {
    rmSync(target, { recursive: true, force: true });
    return;
  }
  let names: string[];
  try {
    names = readdirSync(target);
  } catch {
    return;
  }
  // rmSync removes a link itself, never what it points at.
  for (const name of names) rmSync(join(target, name), { recursive: true, force: true });
}

/** Writes one file entry under `root`, checking its path first and its hash before it gets its real name. */
async function unpackFile(
  reader: ArchiveReader,
  root: string,
  meta: { path: string; size: number },
  steps: WorkSteps,
): Promise<string> {
  const parts = safeRelativePath(meta.path);
  const destination = parts ? join(root, ...parts) : root;
  const rel = relative(root, destination);
  if (!parts || rel.startsWith('..') || isAbsolute(rel)) {
    throw new AppError('BAD_FILE', 'backup.errors.archiveUnsafeEntry', { path: meta.path.slice(0, 200) });
  }
  let parent: string;
  try {
    parent = prepareParents(root, parts);
  } catch (error) {
    if (!(error instanceof UnsafeTarget)) throw error;
    throw new AppError('BAD_FILE', 'backup.errors.archiveUnsafeEntry', { path: meta.path });
  }
  const temp = temporaryName(parent, `.${basename(destination)}`);
  const fd = openSync(temp, 'wx');
  const hash = createHash('sha256');
  try {
    await reader.pipe(
      meta.size,
      (piece) => {
        hash.update(piece);
        let offset = 0;
        while (offset < piece.length) offset += writeSync(fd, piece, offset, piece.length - offset);
        steps.progress(reader.bytesRead, reader.size, 'backup.steps.archiveRead');
      },
      async () => {
        steps.throwIfCancelled();
        await steps.yieldToLoop();
      },
    );
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const digest = hash.digest();
  if (!digest.equals(await reader.take(hashBytes))) {
    throw new AppError('BAD_FILE', 'backup.errors.archiveEntryDamaged', { path: meta.path });
  }
  // A rename replaces whatever is at the destination and never follows a link.
  renameSync(temp, destination);
  return digest.toString('hex');
}

function sameFiles(expected: ArchiveManifest['files'], found: ArchiveManifest['files']): boolean {
  return (
    expected.length === found.length &&
    expected.every(
      (file, index) =>
        file.path === found[index]!.path &&
        file.size === found[index]!.size &&
        file.sha256 === found[index]!.sha256,
    )
  );
}

export async function importWorkspaceArchive(options: ArchiveImportOptions): Promise<ArchiveImportReport> {
  const steps = options.steps ?? quietSteps;
  const archivePath = resolve(options.archivePath);
  const target = resolve(options.target);
  const existed = checkImportTarget(target);
  steps.progress(0, 1, 'backup.steps.archiveUnlock');
  // Wrong passphrase, not an archive, newer format: refused before anything is written.
  const { fd, reader } = await openArchive(archivePath, options.passphrase);
  let created = false;
  try {
    mkdirSync(target, { recursive: true });
    created = true;
    const root = realpathSync(target);
    const files: ArchiveManifest['files'] = [];
    const seen = new Set<string>();
    let bytesWritten = 0;
    let manifest: ArchiveManifest | null = null;
    while (!manifest) {
      const meta = await reader.nextMeta();
      if (meta.type === 'manifest') {
        manifest = await reader.readManifest(meta);
        break;
      }
      const key = meta.path.toLowerCase();
      if (seen.has(key))
        throw new AppError('BAD_FILE', 'backup.errors.archiveDuplicateEntry', { path: meta.path });
      seen.add(key);
      const sha256 = await unpackFile(reader, root, meta, steps);
      files.push({ path: meta.path, size: meta.size, sha256 });
      bytesWritten += meta.size;
    }
    reader.expectEnd();
    if (!sameFiles(manifest.files, files))
      throw new AppError('BAD_FILE', 'backup.errors.archiveManifestMismatch', { path: archivePath });
    if (!files.some((file) => file.path === databasePath))
      throw new AppError('BAD_FILE', 'backup.errors.archiveNoDatabase', { path: archivePath });
    fsyncDirectory(root);
    steps.progress(reader.size, reader.size, 'backup.steps.checkDatabase');
    let facts;
    try {
      facts = readDatabaseFacts(join(root, databasePath), true);
    } catch (error) {
      throw new AppError('BAD_FILE', 'backup.errors.archiveDatabaseBad', {
        integrity: String((error as Error).message ?? error),
      });
    }
    const countsMatch =
      facts.counts.groups === manifest.counts.groups &&
      facts.counts.members === manifest.counts.members &&
      facts.counts.messages === manifest.counts.messages &&
      facts.counts.imports === manifest.counts.imports;
    if (facts.integrity !== 'ok' || !countsMatch) {
      throw new AppError('BAD_FILE', 'backup.errors.archiveDatabaseBad', { integrity: facts.integrity });
    }
    return {
      archivePath,
      target: root,
      createdAt: manifest.createdAt,
      files: files.length,
      bytesWritten,
      counts: { ...facts.counts, files: files.length },
      integrity: facts.integrity,
      schemaVersion: facts.schemaVersion,
      workspaceId: facts.workspaceId,
      watermark: reader.header.watermark ?? null,
    };
  } catch (error) {
    if (created) clearTarget(target, existed);
    throw asVaultError(error, target);
  } finally {
    closeSync(fd);
  }
}
