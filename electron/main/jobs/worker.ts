/** Entry of a job worker thread: runs one job and reports back to the runner. */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/ipc/errors';
import { CancelFlag } from './cancellation';
import { executeJob } from './execute';
import type { WorkerData, WorkerMessage } from './executors';

const data = workerData as WorkerData;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

executeJob({
  kind: data.kind,
  input: data.input,
  operator: data.operator,
  workspaceDir: data.workspaceDir,
  cancel: new CancelFlag(data.cancelBuffer),
  onProgress: (report) => post({ type: 'progress', report }),
}).then(
  (result) => post({ type: 'done', result }),
  (error: unknown) =>
    post({
      type: 'failed',
      error: error instanceof AppError ? error.toPayload() : { code: 'INTERNAL', message: 'errors.internal' },
      internal: error instanceof AppError ? undefined : String((error as Error)?.stack ?? error),
    }),
);
