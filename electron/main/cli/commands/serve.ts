import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../../shared/ipc/errors';
import { startBackupScheduler } from '../../backup/schedule';
import { startFollowUpJobs } from '../../jobs/followUps';
import type { CliCommand } from '../context';

/** The built renderer, from `npm run build`. */
export const builtRendererDir = fileURLToPath(new URL('../../../../out/renderer', import.meta.url));

/** Job worker entry: the built one when present, else the TypeScript source (tsx loads it in the worker too). */
export function jobWorkerFile(): URL {
  const built = new URL('../../../../out/main/job-worker.js', import.meta.url);
  return existsSync(built) ? built : new URL('../../jobs/worker.ts', import.meta.url);
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summaryKey: 'cli.serve',
  usage: 'serve [--workspace <dir>] [--port <n>]',
  async run(context) {
    if (!existsSync(`${builtRendererDir}/index.html`))
      throw new AppError('UNSUPPORTED', 'cli.errors.notBuilt');
    const portText = context.option('--port');
    const port = portText === undefined ? 0 : Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new AppError('VALIDATION', 'cli.errors.badPort');
    // Loaded on demand: the other commands never need the HTTP server.
    const { startHttpServer } = await import('../../server/httpServer');
    const backend = context.openBackend({ workerFile: jobWorkerFile() });
    const server = await startHttpServer({ backend, rendererDir: builtRendererDir, port });
    const stopFollowUps = startFollowUpJobs(backend);
    // Looked up at each tick: recovery may reopen the workspace (and its backup service).
    const stopBackupScheduler = startBackupScheduler({ tick: () => backend.backup.tick() }, (scope, error) =>
      console.error(`[${scope}]`, error),
    );
    if (context.json) context.out(JSON.stringify({ url: server.url, workspace: backend.workspace.dir }));
    else context.out(context.t('cli.serving', { url: server.url, path: backend.workspace.dir }));
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    stopBackupScheduler();
    stopFollowUps();
    await server.close();
    await backend.close();
    return null;
  },
};
