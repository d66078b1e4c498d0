import { exportDiagnostics } from '../../services/diagnostics';
import type { CliCommand } from '../context';

/** `diagnostics [--out <file.zip>]`: the support bundle, also for a workspace too damaged to open. */
export const diagnosticsCommand: CliCommand = {
  name: 'diagnostics',
  summaryKey: 'cli.diagnostics',
  usage: 'diagnostics [--out <file.zip>]',
  run: (context) =>
    context.withBackend((backend) => {
      const report = exportDiagnostics(backend, { path: context.option('--out') });
      context.out(context.t('cli.diagnosticsWritten', { path: report.path, entries: report.entries.length }));
      return report;
    }),
};
