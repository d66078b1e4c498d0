import { AppError } from '../../../../shared/ipc/errors';
import { runDoctor } from '../../services/doctor';
import type { CliCommand } from '../context';

const marks = { ok: '✔', warning: '!', error: '✘' } as const;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summaryKey: 'cli.doctor',
  usage: 'doctor [--workspace <dir>]',
  run: (context) =>
    context.withBackend((backend) => {
      const report = runDoctor(backend);
      context.out(
        report.checks
          .map((check) => `${marks[check.status]} ${context.t(check.message, check.params)}`)
          .join('\n'),
      );
      if (!report.healthy) {
        // The report still goes out with --json; the exit code tells scripts that something needs attention.
        if (context.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        throw new AppError('CONFLICT', 'doctor.needsAttention');
      }
      return report;
    }),
};
