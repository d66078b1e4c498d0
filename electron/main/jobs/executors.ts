import { Worker } from 'node:worker_threads';
import { AppError, type ApiErrorPayload } from '../../../shared/ipc/errors';
import { executeJob } from './execute';
import type { JobExecutor, ProgressReport } from './runner';

/** Runs jobs on the calling thread: tests and the CLI. */
export function inProcessExecutor(workspaceDir: string): JobExecutor {
  return (request, callbacks) => executeJob({ ...request, workspaceDir, onProgress: callbacks.onProgress });
}

export type WorkerMessage =
  | { type: 'progress'; report: ProgressReport }
  | { type: 'done'; result: unknown; heapBytes?: number }
  | { type: 'failed'; error: ApiErrorPayload; internal?: string; heapBytes?: number };

/** What a job worker is started with: it serves one workspace. */
export interface WorkerData {
  workspaceDir: string;
}

/** One job for a job worker to run. */
export interface JobRequestMessage {
  kind: string;
  input: unknown;
  operator: string;
  cancelBuffer: SharedArrayBuffer;
  /** Set once another job of its lane is queued behind it. */
  followedBuffer: SharedArrayBuffer | null;
}

/**
 * A TypeScript worker entry (CLI and tests run from source) needs tsx's loader; under the tsx CLI the loader is
 * already in execArgv and the worker inherits it. The built app's worker is plain JS and gets no flags: inherited
 * from a process run under tsx (the benchmarks), the loader would pass the app's code through its hooks again as a
 * new worker loads it (a 200,000-member import on a new worker: 4.2-4.5 s without, 5.0-5.4 s with).
 */
function workerExecArgv(workerFile: URL | string): string[] | undefined {
  if (!String(workerFile).endsWith('.ts')) return [];
  return process.execArgv.some((arg) => arg.includes('tsx'))
    ? undefined
    : [...process.execArgv, '--import', 'tsx'];
}

/**
 * The young generation of a job worker's heap. V8 sizes it from the machine's memory (192 MB on a 24 GB one), and a
 * long import, which keeps little, grew into it all the same: a million messages into a million-message archive
 * peaked at 481 MB RSS, 389 MB at 48 MB (100,000 messages: 331 → 292 MB), with no more CPU.
 */
export const jobWorkerYoungGenerationMb = 48;

/** How long a job worker waits for another job before it ends. */
export const idleJobWorkerMs = 30_000;

/**
 * How long a worker started ahead of a job (see `prepare`) waits for it: an import's preview starts one, and the
 * user may take minutes over the column mapping; ended at 30 s, the import would again wait for a new worker (a
 * 200,000-member import: 4.3-4.4 s on a new worker, 3.6 s on one started ahead).
 */
export const preparedJobWorkerMs = 5 * 60_000;

/** Job workers kept waiting at most (jobs of different lanes run side by side). */
const idleJobWorkersKept = 2;

/**
 * A worker whose heap is over this size when its job ends is ended rather than kept waiting with that memory. An
 * import of a few thousand messages leaves about 135 MB (most of it the young generation's space, and garbage not
 * collected yet); the next job reuses that memory rather than adding to it.
 */
export const keptJobWorkerHeapBytes = 256 * 2 ** 20;

/**
 * Runs each job in a worker thread with its own database connection: the app, so the UI never stalls. A worker that
 * ran a job waits for the next one (`idleJobWorkerMs`) instead of ending: a new one per job (an isolate, the app's
 * code and its libraries loaded again, a cold JIT) cost about a second each, and a folder of 40 split exports took
 * 58 s instead of 13. A job's connection is its own and closed when it ends (right after the checkpoint it may have
 * left for after its result, see `runJob`), so a waiting worker holds no database open for long; ending one (a
 * workspace switch) waits for that checkpoint.
 */
export function workerExecutor(
  workspaceDir: string,
  workerFile: URL | string,
  options: { idleMs?: number; preparedIdleMs?: number } = {},
): JobExecutor {
  const idleMs = options.idleMs ?? idleJobWorkerMs;
  const preparedIdleMs = options.preparedIdleMs ?? preparedJobWorkerMs;
  const waiting: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  let disposed = false;
  const forget = (worker: Worker) => {
    const at = waiting.findIndex((entry) => entry.worker === worker);
    if (at !== -1) clearTimeout(waiting.splice(at, 1)[0]!.timer);
  };
  const take = (): Worker => {
    const entry = waiting.pop();
    if (entry) {
      clearTimeout(entry.timer);
      entry.worker.ref();
      return entry.worker;
    }
    const worker = new Worker(workerFile, {
      workerData: { workspaceDir } satisfies WorkerData,
      execArgv: workerExecArgv(workerFile),
      resourceLimits: { maxYoungGenerationSizeMb: jobWorkerYoungGenerationMb },
    });
    // One that ends while waiting (it failed outside a job, or was ended) is no longer there to take.
    worker.on('exit', () => forget(worker));
    // A failure while it waits (a worker started ahead whose code did not load) ends it, and its exit forgets it;
    // while a job runs, the job's own listener reports the failure. Unheard, it would end the whole process.
    worker.on('error', () => undefined);
    return worker;
  };
  const release = (worker: Worker, heapBytes: number | undefined, waitMs = idleMs) => {
    const large = heapBytes === undefined || heapBytes > keptJobWorkerHeapBytes;
    if (disposed || large || waiting.length >= idleJobWorkersKept) {
      void worker.terminate();
      return;
    }
    // A waiting worker keeps neither the process nor its own timer from ending.
    worker.unref();
    const timer = setTimeout(() => {
      forget(worker);
      void worker.terminate();
    }, waitMs);
    timer.unref();
    waiting.push({ worker, timer });
  };

  const execute: JobExecutor = (request, callbacks) =>
    new Promise((resolve, reject) => {
      const worker = take();
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        finish();
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'progress') {
          callbacks.onProgress(message.report);
          return;
        }
        settle(() => {
          release(worker, message.heapBytes);
          if (message.type === 'done') resolve(message.result);
          // Unexpected failures keep the worker's stack so the runner can log it; expected ones stay AppErrors.
          else
            reject(
              message.internal
                ? new Error(message.internal)
                : new AppError(message.error.code, message.error.message, message.error.params),
            );
        });
      };
      // An uncaught error ends the worker: it is not taken again.
      const onError = (error: Error) => settle(() => reject(error));
      const onExit = (code: number) => settle(() => reject(new Error(`job worker exited with code ${code}`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({
        kind: request.kind,
        input: request.input,
        operator: request.operator,
        cancelBuffer: request.cancel.buffer,
        followedBuffer: request.followed?.buffer ?? null,
      } satisfies JobRequestMessage);
    });
  // A worker started now waits, as one that ran a job does, for the job to come (and ends if none does in
  // `preparedIdleMs`).
  execute.prepare = () => {
    if (!disposed && waiting.length === 0) release(take(), 0, preparedIdleMs);
  };
  execute.dispose = async () => {
    disposed = true;
    await Promise.all(
      waiting.splice(0).map((entry) => {
        clearTimeout(entry.timer);
        return entry.worker.terminate();
      }),
    );
  };
  return execute;
}
