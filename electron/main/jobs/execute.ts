import { setImmediate as yieldImmediate } from 'node:timers/promises';
import { AppError } from '../../../shared/ipc/errors';
import { openDatabase } from '../db/connection';
import { workspaceDbFile } from '../services/workspacePaths';
import type { CancelFlag, SharedFlag } from './cancellation';
import { findJob } from './registry';
import type { ProgressReport } from './runner';

export interface ExecuteRequest {
  kind: string;
  input: unknown;
  operator: string;
  workspaceDir: string;
  cancel: CancelFlag;
  followed?: SharedFlag | undefined;
  onProgress(report: ProgressReport): void;
}

/** A job's result, and what is left to do on its connection once the result is handed over. */
export interface JobOutcome {
  result: unknown;
  /**
   * The checkpoint the job asked for (see `JobContext.checkpointAfterResult`), then the connection closed. Never
   * throws: a checkpoint that fails leaves the WAL for the next one.
   */
  finish(): void;
}

/**
 * Runs a job on a connection of its own, the same way in a worker thread and in-process. On failure the connection
 * is closed before the error is thrown; on success the caller hands the result over, then calls `finish`.
 */
export async function runJob(request: ExecuteRequest): Promise<JobOutcome> {
  const definition = findJob(request.kind);
  if (!definition) throw new AppError('NOT_FOUND', 'errors.unknownJob', { kind: request.kind });
  const db = openDatabase(workspaceDbFile(request.workspaceDir), { migrate: false });
  let checkpointAfterResult = false;
  let result: unknown;
  try {
    result = await definition.run(request.input, {
      db,
      workspaceDir: request.workspaceDir,
      operator: request.operator,
      now: Date.now,
      progress: (done, total, stepKey, messagesImported) =>
        request.onProgress({ done, total, stepKey, messagesImported }),
      isCancelled: () => request.cancel.cancelled,
      throwIfCancelled: () => request.cancel.throwIfCancelled(),
      yieldToLoop: () => yieldImmediate(),
      moreQueued: () => request.followed?.isSet ?? false,
      checkpointAfterResult: () => {
        db.pragma('wal_autocheckpoint = 0');
        checkpointAfterResult = true;
      },
    });
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    result,
    finish: () => {
      try {
        if (checkpointAfterResult) db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Nothing is lost: the WAL keeps the job's commits, and the next checkpoint (any connection's) folds them in.
      } finally {
        db.close();
      }
    },
  };
}

/** Runs a job and finishes it at once: for callers with nothing to hand the result to first (in-process, tests). */
export async function executeJob(request: ExecuteRequest): Promise<unknown> {
  const { result, finish } = await runJob(request);
  finish();
  return result;
}
