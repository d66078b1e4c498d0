/** A job worker that reports the heap limits it was started with (see test/unit/core/jobs.test.ts). */
import { parentPort, resourceLimits } from 'node:worker_threads';
import type { WorkerMessage } from '../../electron/main/jobs/executors';

parentPort!.once('message', () => {
  parentPort!.postMessage({ type: 'done', result: resourceLimits } satisfies WorkerMessage);
});
