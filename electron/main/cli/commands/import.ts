/**
 * `import <file-or-folder>... [--format f] [--encoding e] [--tz +08:00] [--group name] [--date YYYY-MM-DD]`: imports
 * chat exports, one JSON report per file; exits non-zero only when nothing at all could be imported.
 */
import { AppError } from '../../../../shared/ipc/errors';
import { importEncodings, importFormats } from '../../../../shared/ipc/channels/imports';
import { importFiles } from '../../services/imports';
import type { CliCommand, CliContext } from '../context';

const valueOptions = new Set(['--format', '--encoding', '--tz', '--group', '--date']);

/** Arguments that are neither options nor option values. */
function positionals(args: readonly string[]): string[] {
  const found: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (valueOptions.has(arg)) index += 1;
    else if (!arg.startsWith('--')) found.push(arg);
  }
  return found;
}

function oneOf<T extends string>(context: CliContext, name: string, allowed: readonly T[]): T | undefined {
  const value = context.option(name);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
    throw new AppError('VALIDATION', 'cli.errors.badChoice', { option: name, allowed: allowed.join(', ') });
  }
  return value as T | undefined;
}

export const importCommand: CliCommand = {
  name: 'import',
  summaryKey: 'cli.import',
  usage: 'import <file|folder>... [--format f] [--encoding e] [--tz +08:00] [--group name] [--date d]',
  async run(context) {
    const paths = positionals(context.args);
    if (paths.length === 0) throw new AppError('VALIDATION', 'cli.errors.noFiles');
    const options = {
      format: oneOf(context, '--format', importFormats),
      encoding: oneOf(context, '--encoding', importEncodings),
      timeZone: context.option('--tz'),
      groupName: context.option('--group'),
      date: context.option('--date'),
      locale: context.locale,
    };
    return context.withBackend(async (backend) => {
      const results = await importFiles(backend, paths, options);
      for (const result of results) {
        context.out(
          context.t('cli.importLine', {
            file: result.file,
            format: result.format ?? '?',
            inserted: result.inserted,
            duplicates: result.duplicates,
            rejected: result.rejected,
          }),
        );
        for (const error of result.errors.slice(0, 5)) context.out(`  ${error.line ?? '-'}: ${error.reason}`);
      }
      if (results.every((result) => result.inserted + result.duplicates === 0)) context.setExitCode(1);
      return results;
    });
  },
};
