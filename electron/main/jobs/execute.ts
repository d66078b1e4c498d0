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

/** Runs a job on a connection of its own, the same way in a worker thread and in-process. */
export async function executeJob(request: ExecuteRequest): Promise<unknown> {
  const definition = findJob(request.kind);
  if (!definition) throw new AppError('NOT_FOUND', 'errors.unknownJob', { kind: request.kind });
  const db = openDatabase(workspaceDbFile(request.workspaceDir), { migrate: false });
  try {
    return await definition.run(request.input, {
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
    });
  } finally {
    db.close();
  }
}
