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
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ApiErrorPayload; internal?: string };

export interface WorkerData {
  kind: string;
  input: unknown;
  operator: string;
  workspaceDir: string;
  cancelBuffer: SharedArrayBuffer;
}

/**
 * A TypeScript worker entry (CLI and tests run from source) needs tsx's loader; the built app's worker is plain JS.
 * Under the tsx CLI the loader is already in execArgv and the worker inherits it.
 */
function workerExecArgv(workerFile: URL | string): string[] | undefined {
  if (!String(workerFile).endsWith('.ts')) return undefined;
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

/** Runs each job in a worker thread with its own database connection: the app, so the UI never stalls. */
export function workerExecutor(workspaceDir: string, workerFile: URL | string): JobExecutor {
  return (request, callbacks) =>
    new Promise((resolve, reject) => {
      const workerData: WorkerData = {
        kind: request.kind,
        input: request.input,
        operator: request.operator,
        workspaceDir,
        cancelBuffer: request.cancel.buffer,
      };
      const worker = new Worker(workerFile, {
        workerData,
        execArgv: workerExecArgv(workerFile),
        resourceLimits: { maxYoungGenerationSizeMb: jobWorkerYoungGenerationMb },
      });
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') callbacks.onProgress(message.report);
        else if (message.type === 'done') {
          settled = true;
          resolve(message.result);
        } else {
          settled = true;
          // Unexpected failures keep the worker's stack so the runner can log it; expected ones stay AppErrors.
          reject(
            message.internal
              ? new Error(message.internal)
              : new AppError(message.error.code, message.error.message, message.error.params),
          );
        }
      });
      worker.on('error', (error) => {
        if (!settled) reject(error);
        settled = true;
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`job worker exited with code ${code}`));
      });
    });
}
