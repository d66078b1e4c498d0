/**
 * Taking a snapshot of a workspace: the database as of one moment (its own file held still by a read transaction, or
 * a copy through SQLite's online backup API when a writer is busy; see `databaseImage`), consistent while the app
 * keeps working, plus every raw import file; each cut into fixed-size chunks stored as
 * content-addressed objects. Unchanged chunks are found already stored and cost nothing but a hash; import files
 * (immutable, named by their sha256) whose size and mtime match the previous snapshot are not even re-read.
 *
 * Fixed-size chunks suit both kinds of file: SQLite rewrites pages in place (so changes never shift the file), and
 * import files never change. An import touches pages all over some indexes (a message per member lands in each
 * member's part of `messages_member_time`), so after one most database chunks change by a few pages; each is stored
 * as a delta holding about those pages alone (see `delta.ts`). So the database's chunks are 1 MB, no smaller: measured
 * after a 10 MB import into a 200 MB database, 256 KB chunks wrote as much (8.7 MB against 8.5) and made a first
 * backup's database take half as long again, in per-object work (hashing, sealing, creating, flushing and renaming
 * four times as many objects).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { BackupCounts, SnapshotKind } from '../../../shared/ipc/channels/backup';
import { AppError } from '../../../shared/ipc/errors';
import { openDatabase, type Db } from '../db/connection';
import { workspaceDbFile } from '../services/workspacePaths';
import { frameOverhead, sha256OffThread } from './crypto';
import {
  commitFiles,
  fileSize,
  fsyncDirectories,
  fsyncDirectory,
  pathExists,
  processIsAlive,
  readFolder,
  writeTemporaryFile,
  type HeldLock,
} from './files';
import { maxDeltaDepth } from './delta';
import { integrityOf } from './integrityCheck';
import { releaseMemory } from './frameWorkers';
import {
  baseOf,
  chainOf,
  databasePath,
  importsFolder,
  manifestObjects,
  manifestVersion,
  manifestVersionWithoutDeltas,
  storedBytesOf,
  type ManifestChunk,
  type ManifestFile,
  type SnapshotManifest,
} from './manifest';
import { quietSteps, type WorkSteps } from './steps';
import { TaskQueue } from './taskQueue';
import { asVaultError, ObjectReadError, type Vault } from './vault';

export const fileChunkBytes = 4 * 1024 * 1024;
export const databaseChunkBytes = 1024 * 1024;
/** Chunks of one file being read, compressed and sealed at once (one buffer each). */
const chunksInFlight = 4;
/**
 * Written bytes after which the objects written so far are flushed and renamed into place in the background, while
 * the next chunks are sealed: the disk works beside the CPU instead of after it, and a batch this big still shares
 * the file system's journal commits.
 */
const commitEveryBytes = 32 * 1024 * 1024;
/** Temporary database copies live in the workspace (local, already holding the plaintext), never in the vault. */
export const backupTempFolder = '.backup-temp';

export interface SnapshotOptions {
  workspaceDir: string;
  /** A live connection to take the online backup from; one is opened (and closed) when left out. */
  db?: Db | undefined;
  kind: SnapshotKind;
  appVersion?: string | null | undefined;
  now?: (() => number) | undefined;
  steps?: WorkSteps | undefined;
}

/** A written snapshot whose sources are still at hand, so damaged objects can be written again before cleanup. */
export interface WrittenSnapshot {
  manifest: SnapshotManifest;
  /** Workspace-relative path → the file the snapshot read it from. */
  sources: Map<string, string>;
  /** Objects written by this snapshot (the automatic verify re-reads these). */
  newObjects: Set<string>;
  cleanup(): void;
}

export function newSnapshotId(now: number): string {
  const iso = new Date(now).toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  // The tail starts with the milliseconds, so ids sort by time even for two snapshots in one second.
  const millis = iso.slice(20, 23);
  return `${stamp}-${millis}${randomBytes(2).toString('hex').slice(0, 3)}`;
}

/**
 * Stores chunks, skipping those already in the vault. A chunk is hashed, compressed and encrypted on the frame
 * workers (see `frameWorkers.ts`) straight from the shared buffer it was read into, while the next chunks are read
 * and hashed, and written into the page cache under a temporary name (see `writeTemporaryFile`). The written files
 * are flushed and renamed into place in batches (see `commitEveryBytes`) and the rest at `flush`, so the disk works
 * beside the hashing instead of stalling it file by file.
 *
 * A changed database chunk is stored as a delta against the previous snapshot's chunk at the same place when that is
 * much smaller (see `delta.ts`); the writer keeps every object entry it knows (the previous manifest's, those it read
 * or wrote) so the manifest can name each delta's chain of bases.
 */
export class ObjectWriter {
  /** Objects written this run under a temporary name, waiting to be committed (flushed and renamed into place). */
  private readonly staged: { temp: string; target: string }[] = [];
  private stagedBytes = 0;
  /** Commits of staged objects running in the background. */
  private readonly commits = new TaskQueue(1);
  /** Objects being committed in the background: their temporary files go if the run is abandoned. */
  private readonly committing = new Set<{ temp: string; target: string }>();
  /** The previous snapshot's objects (bases included), as its manifest records them. */
  private readonly recorded: Map<string, ManifestChunk>;
  /** Entries of every object known to this run: the recorded ones, then those read or written (they win). */
  private readonly known: Map<string, ManifestChunk>;
  /** Every object this run stored or found, by name: its entry once known. */
  private readonly stored = new Map<string, Promise<ManifestChunk>>();
  /** Sizes of object files looked up this run (chain checks look up the same bases again and again). */
  private readonly sizes = new Map<string, number>();
  private readonly dirtyDirs = new Set<string>();
  private objectsFolderDirty = false;
  /** Objects written by this run (the automatic verify re-reads them). */
  readonly written = new Set<string>();
  newObjects = 0;
  /** Of the objects written, how many are deltas. */
  deltaObjects = 0;
  reusedObjects = 0;
  bytesWritten = 0;
  bytesReused = 0;

  constructor(
    private readonly vault: Vault,
    private readonly lock: HeldLock,
    recorded: Map<string, ManifestChunk> = new Map(),
  ) {
    this.recorded = recorded;
    this.known = new Map(recorded);
  }

  /**
   * Stores one chunk and returns its manifest entry; the chunk's buffer may be reused once this resolves. Several
   * puts may run at once, each with its own buffer. `previous`: the previous snapshot's chunk at the same place, the
   * base to store a changed chunk against.
   */
  async put(chunk: Buffer, previous?: ManifestChunk): Promise<ManifestChunk> {
    const hash = await sha256OffThread(chunk);
    const name = this.vault.objectName(hash);
    let stored = this.stored.get(name);
    if (stored) {
      this.reusedObjects += 1;
      this.bytesReused += chunk.length;
    } else {
      stored = this.store(name, chunk, hash, previous);
      this.stored.set(name, stored);
    }
    return stored;
  }

  private sizeOnDisk(name: string): number {
    let size = this.sizes.get(name);
    if (size === undefined) this.sizes.set(name, (size = this.vault.objectSize(name)));
    return size;
  }

  /** Whether the recorded chain of bases of an entry is on disk with the recorded sizes (the entry itself aside). */
  chainOnDisk(entry: ManifestChunk): boolean {
    if (baseOf(entry) === undefined) return true;
    const chain = chainOf(entry[0], this.known);
    return (
      chain !== null &&
      chain.slice(1).every((base) => this.sizeOnDisk(base[0]) === storedBytesOf(base, this.vault.encrypted))
    );
  }

  private learn(chain: readonly ManifestChunk[]): void {
    for (const entry of chain) {
      this.known.set(entry[0], entry);
      // Perhaps never flushed into its folder by the run that left it.
      if (!this.recorded.has(entry[0])) this.dirtyDirs.add(entry[0].slice(0, 2));
    }
  }

  private async store(
    name: string,
    chunk: Buffer,
    hash: Buffer,
    previous: ManifestChunk | undefined,
  ): Promise<ManifestChunk> {
    const onDisk = this.sizeOnDisk(name);
    if (onDisk > 0) {
      const entry = await this.soundEntry(name, chunk.length, onDisk);
      if (entry) {
        this.reusedObjects += 1;
        this.bytesReused += chunk.length;
        return entry;
      }
    }
    // An object a manifest records is written again in the form recorded (so the size recorded still holds): whole,
    // or against the same base. A new one against the previous snapshot's chunk at its place.
    const recorded = this.recorded.get(name);
    const baseName = recorded ? baseOf(recorded) : previous && previous[0] !== name ? previous[0] : undefined;
    const base = baseName === undefined ? undefined : await this.basePlaintext(baseName, name);
    const sealed = await this.vault.sealChunk(chunk, hash, base, recorded !== undefined);
    if (this.vault.prepareObjectFolder(name)) this.objectsFolderDirty = true;
    const frameBytes = sealed.frame.reduce((sum, part) => sum + part.length, 0);
    this.staged.push({
      temp: writeTemporaryFile(sealed.frame, this.vault.tempDir, name),
      target: this.vault.objectPath(name),
    });
    this.stagedBytes += frameBytes;
    releaseMemory(sealed.frame);
    if (this.stagedBytes >= commitEveryBytes) this.commitStaged();
    this.written.add(name);
    this.dirtyDirs.add(name.slice(0, 2));
    this.sizes.set(name, frameBytes);
    this.newObjects += 1;
    if (sealed.base !== undefined) this.deltaObjects += 1;
    this.bytesWritten += frameBytes;
    this.lock.touch();
    const entry: ManifestChunk =
      sealed.base === undefined
        ? [name, chunk.length, frameBytes]
        : [name, chunk.length, frameBytes, sealed.base];
    this.known.set(name, entry);
    return entry;
  }

  /**
   * The plaintext of a base to store `forName` against, read and checked through its chain; undefined when it cannot
   * serve: unreadable, its chain already `maxDeltaDepth` deltas deep, or `forName` itself down that chain.
   */
  private async basePlaintext(
    baseName: string,
    forName: string,
  ): Promise<{ name: string; plaintext: Buffer; wholeBytes: number | undefined } | undefined> {
    const recordedChain = chainOf(baseName, this.known);
    if (recordedChain && recordedChain.length > maxDeltaDepth) return undefined;
    const entry = this.known.get(baseName);
    let read;
    try {
      read = await this.vault.readObjectChain(baseName, entry?.[1], entry?.[2], this.known);
    } catch (error) {
      if (error instanceof ObjectReadError) return undefined;
      throw error;
    }
    if (read.chain.length > maxDeltaDepth || read.chain.some(([name]) => name === forName)) return undefined;
    this.learn(read.chain);
    return { name: baseName, plaintext: read.plaintext!, wholeBytes: read.chain.at(-1)![2] };
  }

  /**
   * The entry of an object already on disk that can stand for the chunk, or null. One the previous snapshot recorded
   * must still have the size recorded, and so must the bases down its chain; any other (left by an interrupted run,
   * or kept for an older snapshot) is read and checked first, bases and all, since its stored size and base go into
   * this manifest. A bad one is written again over itself.
   */
  private async soundEntry(name: string, size: number, onDisk: number): Promise<ManifestChunk | null> {
    const recorded = this.recorded.get(name);
    if (recorded) {
      if (onDisk !== storedBytesOf(recorded, this.vault.encrypted) || !this.chainOnDisk(recorded))
        return null;
      const base = baseOf(recorded);
      return base === undefined ? [name, size, onDisk] : [name, size, onDisk, base];
    }
    try {
      const { chain } = await this.vault.readObjectChain(name, size, onDisk, this.known);
      this.learn(chain);
      return chain[0]!;
    } catch (error) {
      if (error instanceof ObjectReadError) return null;
      throw error;
    }
  }

  /**
   * The entries of the bases the given chunks need that are not among them (each delta's chain, down to the whole
   * object it starts from), for the manifest's `bases`.
   */
  basesFor(chunks: Iterable<ManifestChunk>): ManifestChunk[] {
    const listed = new Map<string, ManifestChunk>();
    for (const chunk of chunks) listed.set(chunk[0], chunk);
    const bases = new Map<string, ManifestChunk>();
    for (const chunk of listed.values()) {
      let base = baseOf(chunk);
      while (base !== undefined && !listed.has(base) && !bases.has(base)) {
        const entry = this.known.get(base);
        // Never expected: a manifest that did not name a base would let prune delete it.
        if (!entry) throw new Error(`backup: the entry of base object ${base} is unknown`);
        bases.set(base, entry);
        base = baseOf(entry);
      }
    }
    return [...bases.values()];
  }

  /** Starts committing the objects staged so far (see `commitEveryBytes`); `flush` waits for it. */
  private commitStaged(): void {
    const batch = this.staged.splice(0);
    this.stagedBytes = 0;
    for (const file of batch) this.committing.add(file);
    this.commits.add(
      commitFiles(batch).then(() => {
        for (const file of batch) this.committing.delete(file);
      }),
    );
  }

  /** Flushes every written object and renames it into place, then the folders: after this, a manifest may reference them. */
  async flush(): Promise<void> {
    this.commitStaged();
    await this.commits.drain();
    const objectsDir = join(this.vault.dir, 'objects');
    await fsyncDirectories([...this.dirtyDirs].map((fan) => join(objectsDir, fan)));
    if (this.objectsFolderDirty) fsyncDirectory(objectsDir);
    this.dirtyDirs.clear();
    this.objectsFolderDirty = false;
  }

  /** After a failure or cancel: objects not yet renamed into place are deleted (what was renamed stays, unreferenced). */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.stored.values());
    await this.commits.settle();
    for (const { temp } of [...this.committing, ...this.staged]) rmSync(temp, { force: true });
    this.committing.clear();
    this.staged.length = 0;
  }
}

async function readFull(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * Reads a file chunk by chunk into the vault, its buffers in turn: while chunks read into the others are compressed
 * and sealed, the next is read and hashed. Memory stays at those buffers whatever the file size.
 */
async function storeFile(
  source: string,
  path: string,
  buffers: Buffer[],
  writer: ObjectWriter,
  steps: WorkSteps,
  onBytes: (bytes: number) => void,
  /** Bytes to store from the start of the file (the database's snapshot size); the whole file when left out. */
  length = Number.POSITIVE_INFINITY,
  /** The file's chunks in the previous snapshot: a changed chunk may be stored against the one at its place. */
  previousChunks: readonly ManifestChunk[] = [],
): Promise<ManifestFile> {
  const handle = await open(source, 'r');
  const chunks: Promise<ManifestChunk>[] = [];
  try {
    const { mtimeMs } = await handle.stat();
    const chunkBytes = buffers[0]!.length;
    let size = 0;
    for (let index = 0; ; index += 1) {
      steps.throwIfCancelled();
      // A buffer is read over only once the chunk it held last is sealed.
      if (index >= buffers.length) await chunks[index - buffers.length];
      const buffer = buffers[index % buffers.length]!;
      const read = await readFull(
        handle,
        buffer.subarray(0, Math.max(0, Math.min(chunkBytes, length - size))),
        size,
      );
      if (read === 0) break;
      const chunk = writer.put(buffer.subarray(0, read), previousChunks[index]);
      // Awaited below (or settled in `finally`): a failure must not go unhandled meanwhile.
      chunk.catch(() => undefined);
      chunks.push(chunk);
      size += read;
      onBytes(read);
      if (read < chunkBytes) break;
      await steps.yieldToLoop();
    }
    return { path, size, mtimeMs, chunks: await Promise.all(chunks) };
  } finally {
    // Puts still running (after a cancel or failure) must finish with the buffers before the caller reuses them.
    await Promise.allSettled(chunks);
    await handle.close();
  }
}

/** Regular files under `imports/`, as workspace-relative `/` paths; links and special files are left out. */
export function listImportFiles(
  workspaceDir: string,
): { path: string; source: string; size: number; mtimeMs: number }[] {
  const root = join(workspaceDir, importsFolder);
  const files: { path: string; source: string; size: number; mtimeMs: number }[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
        const stat = statSync(full);
        files.push({
          path: relative(workspaceDir, full).split(sep).join('/'),
          source: full,
          size: stat.size,
          mtimeMs: stat.mtimeMs,
        });
      }
    }
  };
  walk(root);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function countTable(db: Database.Database, table: string): number {
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } catch {
    return 0;
  }
}

export interface DatabaseFacts {
  counts: Omit<BackupCounts, 'files'>;
  schemaVersion: number;
  workspaceId: string | null;
  integrity: string;
}

/** Counts and identity of a database file (opened read-write: a read-only WAL open leaves -shm/-wal files behind). */
export function readDatabaseFacts(file: string, checkIntegrity = false): DatabaseFacts {
  const db = new Database(file, { fileMustExist: true });
  try {
    return databaseFacts(db, checkIntegrity);
  } finally {
    db.close();
  }
}

/** Counts and identity as an open connection sees them (inside a read transaction: as of its snapshot). */
function databaseFacts(db: Database.Database, checkIntegrity: boolean): DatabaseFacts {
  const workspaceId = (() => {
    try {
      const row = db.prepare("SELECT value FROM workspace_meta WHERE key = 'workspace_id'").get() as
        { value: string } | undefined;
      return row?.value ?? null;
    } catch {
      return null;
    }
  })();
  return {
    counts: {
      groups: countTable(db, 'groups'),
      members: countTable(db, 'members'),
      messages: countTable(db, 'messages'),
      imports: countTable(db, 'imports'),
    },
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    workspaceId,
    integrity: checkIntegrity ? integrityOf(db) : 'unchecked',
  };
}

/** Deletes database copies left by backups that died (their name carries the process id). */
function clearDeadCopies(tempDir: string): void {
  for (const name of readFolder(tempDir)) {
    const pid = Number(/^snapshot-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !processIsAlive(pid))
      rmSync(join(tempDir, name), { force: true });
  }
}

/** Takes the online backup of the workspace database into a temporary file; returns its path. */
export async function copyDatabase(workspaceDir: string, db: Db | undefined): Promise<string> {
  const tempDir = join(workspaceDir, backupTempFolder);
  mkdirSync(tempDir, { recursive: true });
  clearDeadCopies(tempDir);
  const copy = join(tempDir, `snapshot-${process.pid}-${randomBytes(6).toString('hex')}.db`);
  const source = db ?? openDatabase(workspaceDbFile(workspaceDir), { migrate: false });
  try {
    // One step for the whole file: a multi-step backup restarts whenever another connection writes in between.
    await source.backup(copy, { progress: () => 0x7fffffff });
  } catch (error) {
    rmSync(copy, { force: true });
    throw error;
  } finally {
    if (!db) source.close();
  }
  return copy;
}

/** A consistent image of the workspace database to store: its file and how many bytes of it, held until `release`. */
export interface DatabaseImage {
  file: string;
  size: number;
  facts: DatabaseFacts;
  release(): void;
}

/**
 * The database as of one moment, read straight from the workspace's own file when that is safe, else copied.
 *
 * In WAL mode a reader that starts while every WAL frame is already in the database file reads that file alone
 * (SQLite's read mark 0), and no checkpoint may write into the file until such a reader ends. So the WAL is
 * checkpointed away (TRUNCATE, without waiting on busy connections), a read transaction started, and the WAL found
 * still empty: while that transaction stays open the file holds exactly its snapshot and is read as it is, with no
 * page-by-page copy to write and read again. A writer that got in between (the WAL is not empty) means the online
 * backup API into a temporary copy, as before. The transaction ends at `release`, after verify and any repair.
 */
export async function databaseImage(workspaceDir: string, db: Db | undefined): Promise<DatabaseImage> {
  const file = workspaceDbFile(workspaceDir);
  const reader = new Database(file, { fileMustExist: true, timeout: 200 });
  let held = false;
  try {
    const walMode = reader.pragma('journal_mode', { simple: true }) === 'wal';
    if (walMode) reader.pragma('wal_checkpoint(TRUNCATE)');
    reader.exec('BEGIN');
    // The read lock (and with it the snapshot) is taken by the first read, not by BEGIN.
    reader.prepare('SELECT count(*) FROM sqlite_schema').get();
    const size =
      (reader.pragma('page_count', { simple: true }) as number) *
      (reader.pragma('page_size', { simple: true }) as number);
    if ((!walMode || fileSize(`${file}-wal`) === 0) && fileSize(file) >= size) {
      held = true;
      return {
        file,
        size,
        facts: databaseFacts(reader, false),
        release: () => {
          reader.exec('ROLLBACK');
          reader.close();
        },
      };
    }
  } finally {
    if (!held) reader.close();
  }
  const copy = await copyDatabase(workspaceDir, db);
  try {
    return {
      file: copy,
      size: statSync(copy).size,
      facts: readDatabaseFacts(copy),
      release: () => rmSync(copy, { force: true }),
    };
  } catch (error) {
    rmSync(copy, { force: true });
    throw error;
  }
}

/** How many readable manifests of other workspaces a backup looks past for the previous one of its own. */
const manifestsSearched = 8;

/**
 * The newest snapshot of this workspace whose manifest reads (else the newest of any), to reuse what it knows about
 * unchanged import files and to store changed database chunks against its chunks.
 */
function latestReadableManifest(vault: Vault, workspaceId: string | null): SnapshotManifest | null {
  let newest: SnapshotManifest | null = null;
  let searched = 0;
  for (const id of vault.listSnapshotIds().reverse()) {
    let manifest: SnapshotManifest;
    try {
      manifest = vault.readManifest(id);
    } catch {
      // Skip damaged manifests: they only cost a re-read of the files.
      continue;
    }
    if (workspaceId === null || manifest.workspace.id === workspaceId) return manifest;
    newest ??= manifest;
    if ((searched += 1) >= manifestsSearched) break;
  }
  return newest;
}

/**
 * Writes a snapshot: objects first, flushed, then the manifest renamed into place. Interrupted anywhere, it leaves
 * only unreferenced objects and temporary files, which the next backup reuses or clears.
 * The caller holds the vault lock and calls `cleanup()` once done with the sources.
 */
export async function writeSnapshot(
  vault: Vault,
  lock: HeldLock,
  options: SnapshotOptions,
): Promise<WrittenSnapshot> {
  const steps = options.steps ?? quietSteps;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const id = newSnapshotId(startedAt);
  steps.progress(0, 1, 'backup.steps.database');
  if (!pathExists(workspaceDbFile(options.workspaceDir))) {
    throw new AppError('NOT_FOUND', 'backup.errors.noWorkspace', { path: options.workspaceDir });
  }
  const database = await databaseImage(options.workspaceDir, options.db);
  const cleanup = () => database.release();
  let writer: ObjectWriter | undefined;
  try {
    const { facts } = database;
    const imports = listImportFiles(options.workspaceDir);
    const previous = latestReadableManifest(vault, facts.workspaceId);
    const previousFiles = new Map(previous?.files.map((file) => [file.path, file]) ?? []);
    writer = new ObjectWriter(vault, lock, previous ? manifestObjects(previous) : new Map());
    const databaseSize = database.size;
    const totalBytes = databaseSize + imports.reduce((sum, file) => sum + file.size, 0);
    let done = 0;
    const onBytes = (bytes: number) => {
      done += bytes;
      steps.progress(done, totalBytes, 'backup.steps.files');
    };
    const sources = new Map<string, string>([[databasePath, database.file]]);
    const files: ManifestFile[] = [];
    // Shared memory: the worker threads hashing, compressing and encrypting a chunk see it without a copy.
    const chunkBuffers = (bytes: number) =>
      Array.from({ length: chunksInFlight }, () => Buffer.from(new SharedArrayBuffer(bytes)));
    const databaseBuffers = chunkBuffers(databaseChunkBytes);
    files.push(
      await storeFile(
        database.file,
        databasePath,
        databaseBuffers,
        writer,
        steps,
        onBytes,
        database.size,
        previousFiles.get(databasePath)?.chunks,
      ),
    );
    const fileBuffers = chunkBuffers(fileChunkBytes);
    for (const file of imports) {
      sources.set(file.path, file.source);
      const known = previousFiles.get(file.path);
      // Same size and mtime as last time, every object still there: reuse the chunk list without reading.
      if (
        known &&
        known.size === file.size &&
        known.mtimeMs === file.mtimeMs &&
        known.chunks.every(
          (chunk) =>
            vault.objectSize(chunk[0]) === storedBytesOf(chunk, vault.encrypted) &&
            writer!.chainOnDisk(chunk),
        )
      ) {
        files.push(known);
        for (const [, size] of known.chunks) {
          writer.reusedObjects += 1;
          writer.bytesReused += size;
        }
        onBytes(file.size);
        continue;
      }
      files.push(await storeFile(file.source, file.path, fileBuffers, writer, steps, onBytes));
    }
    steps.progress(totalBytes, totalBytes, 'backup.steps.manifest');
    await writer.flush();
    steps.throwIfCancelled();
    const bases = writer.basesFor(files.flatMap((file) => file.chunks));
    const deltas = bases.length > 0 || files.some((file) => file.chunks.some((chunk) => baseOf(chunk)));
    const manifest: SnapshotManifest = {
      format: 'qundesk-snapshot',
      version: deltas ? manifestVersion : manifestVersionWithoutDeltas,
      id,
      vaultUuid: vault.uuid,
      kind: options.kind,
      createdAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(now()).toISOString(),
      workspace: {
        id: facts.workspaceId,
        schemaVersion: facts.schemaVersion,
        appVersion: options.appVersion ?? null,
      },
      counts: { ...facts.counts, files: files.length },
      files,
      ...(bases.length > 0 ? { bases } : {}),
      totals: {
        totalBytes: files.reduce((sum, file) => sum + file.size, 0),
        bytesWritten: writer.bytesWritten,
        bytesReused: writer.bytesReused,
        newObjects: writer.newObjects,
        reusedObjects: writer.reusedObjects,
      },
      complete: true,
    };
    // The manifest counts as written too (to within the few digits this very figure adds).
    manifest.totals.bytesWritten +=
      Buffer.byteLength(JSON.stringify(manifest)) + frameOverhead(vault.encrypted);
    vault.writeManifest(manifest);
    return { manifest, sources, newObjects: writer.written, cleanup };
  } catch (error) {
    await writer?.abandon();
    cleanup();
    throw asVaultError(error, vault.dir);
  }
}
