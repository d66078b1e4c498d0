/** Entry of a job worker thread: runs the jobs the runner sends it, one at a time, and reports back. */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/ipc/errors';
import { CancelFlag, SharedFlag } from './cancellation';
import { runJob, type JobOutcome } from './execute';
import type { JobRequestMessage, WorkerData, WorkerMessage } from './executors';

const { workspaceDir } = workerData as WorkerData;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);
/** Told with each outcome: the runner keeps this worker for the next job only while its heap is small. */
const heapBytes = () => getHeapStatistics().total_heap_size;

async function run(request: JobRequestMessage): Promise<void> {
  let outcome: JobOutcome;
  try {
    outcome = await runJob({
      kind: request.kind,
      input: request.input,
      operator: request.operator,
      workspaceDir,
      cancel: new CancelFlag(request.cancelBuffer),
      followed: request.followedBuffer ? new SharedFlag(request.followedBuffer) : undefined,
      onProgress: (report) => post({ type: 'progress', report }),
    });
  } catch (error) {
    post({
      type: 'failed',
      error: error instanceof AppError ? error.toPayload() : { code: 'INTERNAL', message: 'errors.internal' },
      internal: error instanceof AppError ? undefined : String((error as Error)?.stack ?? error),
      heapBytes: heapBytes(),
    });
    return;
  }
  // The result first: what is left (a checkpoint) runs while the app shows it. The next job sent here waits for it.
  post({ type: 'done', result: outcome.result, heapBytes: heapBytes() });
  outcome.finish();
}

parentPort?.on('message', (request: JobRequestMessage) => void run(request));
