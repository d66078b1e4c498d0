/**
 * A job worker for the executor's own tests (see test/unit/core/jobs.test.ts): answers each job with the thread it
 * ran on, reporting the heap size the job asks for; a job asking to crash ends the thread instead.
 */
import { parentPort, threadId } from 'node:worker_threads';
import type { JobRequestMessage, WorkerMessage } from '../../electron/main/jobs/executors';

parentPort!.on('message', (request: JobRequestMessage) => {
  const input = request.input as { heapBytes?: number; crash?: boolean };
  if (input.crash) process.exit(3);
  parentPort!.postMessage({
    type: 'done',
    result: { threadId },
    heapBytes: input.heapBytes ?? 1024,
  } satisfies WorkerMessage);
});
