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
      const worker = new Worker(workerFile, { workerData });
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') callbacks.onProgress(message.report);
        else if (message.type === 'done') {
          settled = true;
          resolve(message.result);
        } else {
          settled = true;
          reject(new AppError(message.error.code, message.error.message, message.error.params));
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
