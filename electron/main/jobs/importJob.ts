/**
 * `import.file`: imports one chat-log export. Sniff (format, encoding), hash (sha256, streamed), keep a raw copy,
 * then stream-parse and write in batches, one transaction each, with the import's counters in the same
 * transaction. Cancel is honoured between batches and at each progress report within one (the open batch is rolled
 * back): finished batches stay and re-importing completes the file without duplicates. A file that fails part-way
 * (cut off, unreadable, every row rejected) is taken back out entirely: its messages, join/leave events, and the
 * members, memberships and group it created.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import {
  importOptionsSchema,
  type ImportMemberMatches,
  type RejectedRowInfo,
} from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';
import type { Db } from '../db/connection';
import { recordAudit } from '../db/repositories/audit';
import { findGroup, findGroupIdByName, insertGroup } from '../db/repositories/groups';
import {
  finishImport,
  insertImport,
  isRawFileReferenced,
  keptRejections,
  markInterruptedImports,
  prepareProgressUpdate,
  prepareRejectionInsert,
  setImportFormat,
  setImportTarget,
  type ImportProgress,
} from '../db/repositories/imports';
import { rollupState } from '../db/repositories/healthRollups';
import { indexPendingNames } from '../db/repositories/memberNames';
import {
  isRejected,
  loadPywxdumpUserNames,
  readRecordBatches,
  sniffFile,
  type ParsedMessage,
  type RejectedRow,
} from '../import';
import { chatNameFromFileName } from '../import/parsers/common';
import { hashFile, removeRawCopy, storeRawCopy } from '../import/files';
import { asReadError } from '../import/source';
import { localTimeZone, parseOffset } from '../import/time';
import { groupHasMessages, ImportWriter, removeImportedRows, type CreatedRows } from '../import/writer';
import {
  deferMessageIndexes,
  deferredIndexesOwner,
  restoreMessageIndexes,
  shouldBulkLoad,
} from '../import/bulkLoad';
import { checkWriteFault, reserveSpace, storageFailure } from '../services/diskErrors';
import { defineJob, type JobContext } from './types';

export const importJobInput = z.object({
  path: z.string().min(1).max(4096),
  ...importOptionsSchema,
  groupId: z.number().int().positive().optional(),
  groupName: z.string().trim().min(1).max(80).optional(),
  /** Messages per transaction; tests lower it to see several batches in a small file. */
  batchSize: z.number().int().min(1).max(200_000).optional(),
  /** Forces bulk-load mode on or off (by default the file's size decides); for tests. */
  bulkLoad: z.boolean().optional(),
});
export type ImportJobInput = z.input<typeof importJobInput>;

/**
 * Messages per transaction of a bulk load. Large enough that the FTS segment of a batch is written once for many
 * rows (small batches multiply the WAL traffic), small enough to keep cancel responsive; larger batches grew V8's
 * heap (50,000: peak RSS 231 → 356 MB for a million messages) and saved nothing.
 */
const bulkLoadBatchSize = 20_000;

/**
 * Messages per transaction into an archive that keeps its indexes. Each commit writes every index page its batch
 * touched, and any batch touches the member-time index at each speaker's place, thousands of pages in a large
 * archive: fewer, larger batches write each of those pages fewer times. Measured against 20,000, 50,000: 100,000
 * messages into a million wrote 165 → 106 MB and took about 15 % less CPU; a million into a million wrote 2.1 → 1.3
 * GB (35.3 → 32.1 s CPU), at the same peak RSS. Against 50,000, 100,000: on a 1M workspace re-imported several
 * times, a 100,000-message export (one batch now) 4.0 → 3.1–3.3 s CPU and a million into a million 25.7 → 24.5 s
 * (peak RSS 382 → 353 MB); in the benchmark's freshly imported 1M workspace, ten runs each, no difference (medians
 * 2.8 s). A cancel does not wait for the batch's end (see `progressRows`).
 */
const indexedBatchSize = 100_000;

/**
 * Progress is reported every this many messages within a batch, and after each batch; a cancel is honoured there too
 * (the open batch is rolled back), so a large batch does not hold it up.
 */
const progressRows = 10_000;

/** Health rollups are folded every this many batches, and at the end (see ImportWriter.foldHealth). */
const healthFoldBatches = 5;

/**
 * The end of an import the next file of a folder waits behind leaves the health fold to that one (see
 * `ImportRun.foldsAtEnd`) while fewer messages than this wait to be folded.
 */
const unfoldedBacklogMax = 100_000;

/** A running import with no batch for this long was left by a process that died. */
const staleImportMs = 10 * 60_000;

export interface ImportFileReport {
  importId: number;
  file: string;
  format: string;
  encoding: string;
  timeZone: string;
  groupId: number | null;
  groupName: string | null;
  chatName: string | null;
  read: number;
  inserted: number;
  duplicates: number;
  skipped: number;
  rejected: number;
  members: ImportMemberMatches;
  firstAt: string | null;
  lastAt: string | null;
  /** The first rejected rows with their reasons (i18n keys). */
  errors: RejectedRowInfo[];
}

/**
 * Marks imports of dead processes as interrupted and rebuilds message indexes a dead bulk load left dropped.
 * Safe while other imports run: they keep their heartbeat fresh. Call it when a workspace opens, too.
 */
export function recoverInterruptedImports(db: Db, now: number, staleAfterMs = staleImportMs): number {
  const interrupted = markInterruptedImports(db, now, staleAfterMs);
  const owner = deferredIndexesOwner(db);
  if (owner !== null) {
    const status = db.prepare('SELECT status FROM imports WHERE id = ?').pluck().get(owner);
    if (status !== 'running') restoreMessageIndexes(db);
  }
  return interrupted;
}

async function statFile(path: string): Promise<number> {
  const info = await stat(path).catch((error: unknown) => {
    throw asReadError(error, path);
  });
  if (!info.isFile()) throw new AppError('BAD_FILE', 'import.errors.notAFile', { path });
  return info.size;
}

function groupNameFor(
  input: { groupName?: string | undefined },
  chatName: string | null,
  fileName: string,
): string {
  const name = input.groupName ?? chatName ?? chatNameFromFileName(fileName) ?? fileName;
  return [...name.trim()].slice(0, 80).join('') || fileName.slice(0, 80);
}

export const importJob = defineJob({
  kind: 'import.file',
  titleKey: 'import.jobTitle',
  changes: ['groups', 'members', 'messages', 'imports', 'audit', 'workspace'],
  // One at a time: a folder of split exports (hundreds of 5,000-row files) would otherwise start a worker, a page
  // cache and a wait on the write lock per file at once; and in-process (tests, the CLI) a second import would wait
  // on the lock of the first one's open batch, on the same thread, for ever.
  lane: 'imports',
  detail: (input) => {
    const path = (input as { path?: unknown } | null)?.path;
    return typeof path === 'string' ? basename(path) : undefined;
  },
  run: importFile,
});

async function importFile(rawInput: unknown, context: JobContext): Promise<ImportFileReport> {
  const input = importJobInput.parse(rawInput);
  const { db } = context;
  const path = resolve(input.path);
  const fileName = basename(path);
  const timeZone = input.timeZone ?? localTimeZone();
  const offsetMinutes = parseOffset(timeZone);
  // The job's own connection: a larger page cache keeps the index pages a batch inserts into in memory (32 MB holds
  // the insertion points of several thousand speakers; 16 to 64 MB measured the same for 100,000 messages into a
  // million), and fewer checkpoints copy each index page back once per many batches instead of once per batch.
  // Other jobs (a tier recompute, a member table import) may hold the write lock for a whole transaction: wait for
  // them rather than fail. Statements that may stop half-way keep a statement journal (the message inserts do not,
  // see ImportWriter.flush; membership and health writes do): on disk, once one statement's journal outgrows 64 KB,
  // each page it touches costs a write system call; in memory it costs a copy.
  db.pragma('cache_size = -32768');
  // An import adds messages and the members who sent them and deletes only its own rows when it fails: zeroing
  // deleted cells (see openDatabase) cost a million-message import 8 % more CPU in six alternating runs.
  db.pragma('secure_delete = OFF');
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('busy_timeout = 60000');
  db.pragma('temp_store = MEMORY');
  recoverInterruptedImports(db, context.now());
  if (input.groupId !== undefined && !findGroup(db, input.groupId)) {
    throw new AppError('NOT_FOUND', 'import.errors.groupNotFound', { id: input.groupId });
  }

  context.progress(0, 1, 'import.steps.hashing');
  const fileSize = await statFile(path);
  // Room for taking the import back out should the disk fill up half-way (see reserveSpace).
  const reserve = reserveSpace(context.workspaceDir, Math.min(64 * 2 ** 20, Math.max(4 * 2 ** 20, fileSize)));
  const importId = insertImport(db, {
    fileName,
    filePath: path,
    fileSize,
    sha256: '',
    format: input.format ?? 'unknown',
    encoding: input.encoding ?? 'unknown',
    timeZone,
    startedAt: context.now(),
  });
  const run = new ImportRun(context, importId, fileSize);
  try {
    const sniff = await sniffFile(path, { format: input.format, encoding: input.encoding });
    setImportFormat(db, importId, sniff.format, sniff.encoding);
    run.wantsBulkLoad = input.bulkLoad ?? shouldBulkLoad(db, fileSize);
    const sha256 = await hashFile(path, (bytes) => context.progress(bytes, fileSize, 'import.steps.hashing'));
    db.prepare('UPDATE imports SET sha256 = ? WHERE id = ?').run(sha256, importId);
    run.sha256 = sha256;
    await storeRawCopy(context.workspaceDir, path, sha256);
    const userNames = sniff.format.startsWith('pywxdump') ? await loadPywxdumpUserNames(path) : undefined;
    const batches = readRecordBatches(
      path,
      sniff,
      { offsetMinutes, fileName, date: input.date, userNames },
      (bytes) => {
        run.progress.bytesRead = bytes;
      },
    );
    for await (const records of batches) {
      for (const record of records) {
        run.progress.read += 1;
        if (isRejected(record)) run.reject(record);
        else {
          if (!run.inBatch) run.begin(record, input, fileName);
          run.writer!.write(record);
          if (++run.batchRows >= (input.batchSize ?? run.batchSize)) await run.commit();
          else if (run.batchRows % progressRows === 0) {
            run.reportProgress();
            context.throwIfCancelled();
          }
        }
      }
    }
    await run.commit(true);
    if (run.progress.inserted + run.progress.duplicates === 0 && run.progress.rejected > 0) {
      throw new AppError('BAD_FILE', 'import.errors.noMessages', { rejected: run.progress.rejected });
    }
    if (run.bulkLoad) {
      context.progress(fileSize, fileSize, 'import.steps.indexing');
      run.restoreIndexes();
    }
    context.progress(fileSize, fileSize, 'import.steps.finishing');
    indexPendingNames(db);
    const report = run.report(path, sniff.format, sniff.encoding, timeZone);
    db.transaction(() => {
      finishImport(db, importId, { status: 'done', finishedAt: context.now(), details: run.details() });
      recordAudit(db, context.now(), {
        operator: context.operator,
        action: 'import',
        entity: 'import',
        entityId: importId,
        detail: {
          file: fileName,
          format: sniff.format,
          read: report.read,
          inserted: report.inserted,
          duplicates: report.duplicates,
        },
      });
    })();
    // Fold the import's WAL back into the database once the report is handed over, rather than on some later
    // unrelated write; when the next file of a folder waits, its import does it (the WAL stays bounded by this
    // connection's automatic checkpoints until now).
    if (!context.moreQueued()) context.checkpointAfterResult();
    return report;
  } catch (caught) {
    reserve.release();
    // A full disk or read-only folder is said plainly (recovery.errors.*), in the history and to the user.
    const error = storageFailure(caught, context.workspaceDir) ?? caught;
    try {
      await run.fail(error);
    } catch (cleanupError) {
      // The import's own error is what the user needs; the cleanup failure goes to the log with it.
      throw new AggregateError([error, cleanupError], 'import cleanup failed', { cause: cleanupError });
    }
    throw error;
  } finally {
    reserve.release();
  }
}

/** The state of one import while it runs. */
class ImportRun {
  readonly progress: ImportProgress = {
    read: 0,
    inserted: 0,
    duplicates: 0,
    skipped: 0,
    rejected: 0,
    bytesRead: 0,
  };
  /** Rejected rows waiting for the next batch's transaction. */
  rejections: RejectedRowInfo[] = [];
  writer: ImportWriter | null = null;
  groupId: number | null = null;
  groupName: string | null = null;
  chatName: string | null = null;
  createdGroup = false;
  sha256 = '';
  /** A large file into a small archive: load it without the message indexes if its group has no messages yet. */
  wantsBulkLoad = false;
  /** The message indexes are dropped for this import and rebuilt at its end. */
  bulkLoad = false;

  /** Messages per batch (known once the first batch has decided on a bulk load). */
  get batchSize(): number {
    return this.bulkLoad ? bulkLoadBatchSize : indexedBatchSize;
  }
  private readonly updateProgress;
  private readonly insertRejection;
  private readonly keptErrors: RejectedRowInfo[] = [];

  constructor(
    private readonly context: JobContext,
    private readonly importId: number,
    private readonly fileSize: number,
  ) {
    this.updateProgress = prepareProgressUpdate(context.db);
    this.insertRejection = prepareRejectionInsert(context.db);
  }

  /**
   * Whether the import's end folds the health rollups. Not when the next file of a folder waits behind it (a split
   * export: 40 files of 5,000 messages): that import's fold takes these messages too, reading them back, and folding
   * once for several files saves the work each fold does per speaker (most speakers of a chat speak in every file).
   * A fold not done loses nothing (see ImportWriter.foldHealth); the backlog stays below `unfoldedBacklogMax`.
   */
  private foldsAtEnd(): boolean {
    if (!this.context.moreQueued()) return true;
    const state = rollupState(this.context.db);
    return state.lastMessageId - state.rolledThrough >= unfoldedBacklogMax;
  }

  /** True while a batch's transaction is open. */
  inBatch = false;
  batchRows = 0;
  /** Batches committed since the last health fold. */
  private batchesSinceFold = 0;

  reject(row: RejectedRow): void {
    if (row.skipped) {
      this.progress.skipped += 1;
      return;
    }
    this.progress.rejected += 1;
    if (this.keptErrors.length + this.rejections.length < keptRejections) {
      this.rejections.push({
        line: row.line,
        reason: row.reason,
        ...(row.params ? { params: row.params } : {}),
      });
    }
  }

  /**
   * Opens the next batch's transaction (a cancel is honoured here, between batches, and within one at its progress
   * reports). Rows are then written as they are parsed and committed together, so a batch never piles up in memory.
   */
  begin(first: ParsedMessage | null, input: z.output<typeof importJobInput>, fileName: string): void {
    this.context.throwIfCancelled();
    this.openTransaction();
    this.batchRows = 0;
    if (first && !this.writer) this.writer = this.openWriter(first, input, fileName);
    this.writer?.beginBatch();
  }

  /**
   * Commits the open batch with the rejected rows seen since the last one and the counters, then yields. The `last`
   * batch folds whatever the health rollups are still missing of this import.
   */
  async commit(last = false): Promise<void> {
    const { context, writer } = this;
    const { db } = context;
    const foldAtEnd = last && writer !== null && this.foldsAtEnd();
    if (!this.inBatch) {
      // Between batches: a transaction of its own for rejected rows or the last health fold, which the writer starts
      // as a batch without rows (finishing it then writes nothing twice).
      if (this.rejections.length === 0 && !(foldAtEnd && writer.unfoldedMessages > 0)) return;
      context.throwIfCancelled();
      this.openTransaction();
      writer?.beginBatch();
    }
    if (writer) {
      writer.finishBatch();
      this.progress.inserted = writer.inserted;
      this.progress.duplicates = writer.duplicates;
      // health: the messages folded into the daily rollups (migration 0013) from the writer's counts.
      this.batchesSinceFold += 1;
      if (foldAtEnd || this.batchesSinceFold >= healthFoldBatches) {
        writer.foldHealth();
        this.batchesSinceFold = 0;
      }
    }
    for (const row of this.rejections) this.insertRejection(this.importId, row);
    this.keptErrors.push(...this.rejections);
    this.rejections = [];
    this.updateProgress(this.importId, this.progress, context.now());
    checkWriteFault(`import-batch:${this.importId}`); // test seam: a disk that fills up mid-import
    db.exec('COMMIT');
    this.closeTransaction();
    this.committedDetails = this.details();
    this.reportProgress();
    await context.yieldToLoop();
  }

  /** Bytes read and messages written so far (within a batch: written, not committed yet). */
  reportProgress(): void {
    const inserted = this.writer?.inserted ?? this.progress.inserted;
    this.context.progress(this.progress.bytesRead, this.fileSize, 'import.steps.reading', inserted);
  }

  /** Drops the open batch (a failure or a cancel inside it): the database is as before the batch. */
  rollback(): void {
    if (this.context.db.inTransaction) this.context.db.exec('ROLLBACK');
    this.closeTransaction();
  }

  /**
   * A batch's transaction runs without foreign-key checks (about a sixth of a row insert): every row refers to the
   * batch's group, import and members, which exist while the batch holds the write lock, and which the writer
   * checks again when another connection has written between two batches (ImportWriter.beginBatch). The pragma
   * only takes effect outside a transaction, so it is set before BEGIN and back after COMMIT or ROLLBACK: taking a
   * failed import back out runs with the checks (and their cascades) on.
   */
  private openTransaction(): void {
    const { db } = this.context;
    db.pragma('foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    this.inBatch = true;
  }

  private closeTransaction(): void {
    this.context.db.pragma('foreign_keys = ON');
    this.inBatch = false;
  }

  /** Finds or creates the target group (inside the first batch's transaction) and starts the writer. */
  private openWriter(
    first: ParsedMessage,
    input: z.output<typeof importJobInput>,
    fileName: string,
  ): ImportWriter {
    const { db } = this.context;
    const now = this.context.now();
    this.chatName = first.chatName ?? chatNameFromFileName(fileName);
    if (input.groupId !== undefined) {
      const group = findGroup(db, input.groupId);
      if (!group) throw new AppError('NOT_FOUND', 'import.errors.groupNotFound', { id: input.groupId });
      this.groupId = group.id;
      this.groupName = group.name;
    } else {
      const name = groupNameFor(input, first.chatName, fileName);
      const existing = findGroupIdByName(db, name);
      this.groupId =
        existing ??
        insertGroup(db, { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 }, now);
      this.createdGroup = existing === null;
      this.groupName = name;
    }
    setImportTarget(db, this.importId, this.groupId, this.chatName);
    // Only into an empty group: stored messages must be looked up (by time) to recognise another tool's copies.
    if (this.wantsBulkLoad && !groupHasMessages(db, this.groupId)) {
      this.bulkLoad = deferMessageIndexes(db, this.importId);
      // Without the secondary indexes a bulk load only appends: a small page cache does (measured: 8 MB loads a
      // million messages as fast as 64 MB, in 50 MB less memory).
      if (this.bulkLoad) db.pragma('cache_size = -8192');
    }
    return new ImportWriter(db, this.groupId, this.importId, now, !this.bulkLoad);
  }

  restoreIndexes(): void {
    if (!this.bulkLoad) return;
    // Sorting a large archive's index entries in memory would cost as much memory as the indexes: SQLite's sorter
    // spills to temporary files as usual, in runs the size of the page cache (4 MB sorts as fast as 16 MB here).
    this.context.db.pragma('temp_store = DEFAULT');
    this.context.db.pragma('cache_size = -4096');
    restoreMessageIndexes(this.context.db);
    this.bulkLoad = false;
  }

  /** What `details` said at the last commit: a cancel rolls back the open batch's members and times with its rows. */
  private committedDetails: ReturnType<ImportRun['details']> | null = null;

  details() {
    return {
      members: { ...(this.writer?.matches ?? { created: 0, matchedById: 0, matchedByName: 0 }) },
      firstAt: this.writer?.firstAt ?? null,
      lastAt: this.writer?.lastAt ?? null,
      createdGroup: this.createdGroup,
    };
  }

  report(path: string, format: string, encoding: string, timeZone: string): ImportFileReport {
    const details = this.details();
    return {
      importId: this.importId,
      file: path,
      format,
      encoding,
      timeZone,
      groupId: this.groupId,
      groupName: this.groupName,
      chatName: this.chatName,
      read: this.progress.read,
      inserted: this.progress.inserted,
      duplicates: this.progress.duplicates,
      skipped: this.progress.skipped,
      rejected: this.progress.rejected,
      members: details.members,
      firstAt: details.firstAt === null ? null : new Date(details.firstAt).toISOString(),
      lastAt: details.lastAt === null ? null : new Date(details.lastAt).toISOString(),
      errors: this.keptErrors,
    };
  }

  /**
   * Cancelled: finished batches stay. Anything else: the file's rows are taken back out, so a bad file leaves
   * nothing behind but its failed entry in the import history.
   */
  async fail(error: unknown): Promise<void> {
    const { db } = this.context;
    const now = this.context.now();
    const cancelled = error instanceof AppError && error.code === 'CANCELLED';
    this.rollback();
    // First the indexes: taking rows back out looks them up by import and member.
    this.restoreIndexes();
    // A cancelled import's finished batches stay, folded into the health rollups or not: whatever is missing there
    // is read back from the messages by the next fold (the dashboard's before it reads, or the next import's).
    if (!cancelled) {
      const created: CreatedRows = this.writer?.created ?? { members: [], memberships: [], messages: null };
      removeImportedRows(db, this.importId, this.groupId, created);
      if (this.createdGroup && this.groupId !== null) {
        db.prepare(
          'DELETE FROM groups WHERE id = ? AND NOT EXISTS (SELECT 1 FROM messages WHERE group_id = ?)',
        ).run(this.groupId, this.groupId);
      }
      this.progress.inserted = 0;
      this.progress.duplicates = 0;
      this.updateProgress(this.importId, this.progress, now);
      if (this.sha256 && !isRawFileReferenced(db, this.sha256, this.importId))
        await removeRawCopy(this.context.workspaceDir, this.sha256);
    }
    const appError = error instanceof AppError ? error : new AppError('INTERNAL');
    finishImport(db, this.importId, {
      status: cancelled ? 'cancelled' : 'failed',
      finishedAt: now,
      error: cancelled
        ? undefined
        : { code: appError.code, key: appError.messageKey, params: appError.params },
      details: cancelled ? (this.committedDetails ?? undefined) : this.details(),
    });
  }
}
