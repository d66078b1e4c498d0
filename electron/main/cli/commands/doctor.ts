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
        // The report still goes out; the exit code tells scripts that something needs attention.
        process.stderr.write(`${context.t('doctor.needsAttention')}\n`);
        context.setExitCode(1);
      }
      return report;
    }),
};
