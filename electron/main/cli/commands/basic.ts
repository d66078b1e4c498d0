import { AppError, type ErrorCode } from '../../../../shared/ipc/errors';
import { workspaceInfo } from '../../services/workspace';
import type { CliCommand } from '../context';

export const initCommand: CliCommand = {
  name: 'init',
  summaryKey: 'cli.init',
  usage: 'init [--workspace <dir>]',
  run: (context) =>
    context.withBackend((backend) => {
      const info = workspaceInfo(backend.workspace, backend.appVersion);
      context.out(context.t('cli.initDone', { path: info.path, version: info.schemaVersion }));
      return info;
    }),
};

export const infoCommand: CliCommand = {
  name: 'info',
  summaryKey: 'cli.info',
  usage: 'info [--workspace <dir>]',
  run: (context) =>
    context.withBackend((backend) => {
      const info = workspaceInfo(backend.workspace, backend.appVersion);
      context.out(
        [
          `${context.t('cli.labels.workspace')}: ${info.path}`,
          `${context.t('cli.labels.schema')}: ${info.schemaVersion}`,
          `${context.t('cli.labels.groups')}: ${info.counts.groups}`,
          `${context.t('cli.labels.members')}: ${info.counts.members}`,
          `${context.t('cli.labels.messages')}: ${info.counts.messages}`,
          `${context.t('cli.labels.imports')}: ${info.counts.imports}`,
        ].join('\n'),
      );
      return info;
    }),
};

export const demoCommand: CliCommand = {
  name: 'demo',
  summaryKey: 'cli.demo',
  usage: 'demo [--workspace <dir>] [--seed <n>]',
  async run(context) {
    const seedText = context.option('--seed');
    const seed = seedText === undefined ? 20240501 : Number(seedText);
    if (!Number.isInteger(seed) || seed < 0) throw new AppError('VALIDATION', 'cli.errors.badSeed');
    return context.withBackend(async (backend) => {
      const job = await backend.jobs.wait(backend.jobs.start('demo.load', { seed }, 'cli'));
      if (job.status !== 'done') {
        throw new AppError(
          (job.error?.code ?? 'INTERNAL') as ErrorCode,
          job.error?.message,
          job.error?.params,
        );
      }
      const info = workspaceInfo(backend.workspace, backend.appVersion);
      context.out(context.t('cli.demoDone', { ...info.counts }));
      return info;
    });
  },
};
