/**
 * `calendar gaps [--group <name>] (--week <date> | --from <date> --to <date>)`: the cadence gap report.
 * `calendar list --from <date> --to <date> [--group <name>]`: the planned entries, series expanded.
 * --week takes any day of the week and reports Monday to Sunday.
 */
import { describeMessage } from '../../../../shared/domain/calendar/messages';
import {
  addDays,
  isLocalDate,
  startOfWeek,
  type DateRange,
} from '../../../../shared/domain/calendar/localTime';
import { AppError } from '../../../../shared/ipc/errors';
import { findGroupIdByName } from '../../db/repositories/groups';
import { listEntries } from '../../services/calendar';
import { gapsFor } from '../../services/calendarPlanning';
import type { Backend } from '../../backend';
import { readOption, type CliCommand, type CliContext } from '../context';

function dateOption(args: string[], name: string): string | undefined {
  const value = readOption(args, name);
  if (value !== undefined && !isLocalDate(value))
    throw new AppError('VALIDATION', 'calendar.errors.badDate', { value });
  return value;
}

/** --week <any day> or --from/--to. */
export function rangeFromArgs(args: string[], allowWeek: boolean): DateRange {
  const week = allowWeek ? dateOption(args, '--week') : undefined;
  if (week !== undefined) {
    const monday = startOfWeek(week);
    return { from: monday, to: addDays(monday, 6) };
  }
  const from = dateOption(args, '--from');
  const to = dateOption(args, '--to');
  if (from === undefined || to === undefined || to < from) {
    throw new AppError('VALIDATION', 'calendar.errors.badRange', {
      option: allowWeek ? '--week | --from/--to' : '--from/--to',
    });
  }
  return { from, to };
}

/** Runs with the workspace open and the `--group` option resolved to its id. */
function withGroup<T>(
  context: CliContext,
  run: (backend: Backend, groupId: number | undefined) => T,
): Promise<T> {
  const groupName = context.option('--group');
  return context.withBackend((backend) => {
    if (groupName === undefined) return run(backend, undefined);
    const groupId = findGroupIdByName(backend.context.db, groupName);
    if (groupId === null)
      throw new AppError('NOT_FOUND', 'calendar.errors.groupNotFound', { name: groupName });
    return run(backend, groupId);
  });
}

function gaps(context: CliContext) {
  const range = rangeFromArgs(context.args, true);
  return withGroup(context, (backend, groupId) => {
    const report = gapsFor(backend.context, range, groupId);
    const lines = [
      context.t('calendar.cli.gapsHeader', {
        ...range,
        expected: report.expected,
        filled: report.filled,
        missing: report.missing,
      }),
    ];
    for (const group of report.groups) {
      lines.push(
        context.t('calendar.cli.groupLine', {
          group: group.groupName,
          expected: group.expected,
          filled: group.filled,
        }),
      );
      if (group.gaps.length === 0) lines.push(`  ${context.t('calendar.cli.noGaps')}`);
      for (const gap of group.gaps) lines.push(`  - ${describeMessage(gap, context.t)}`);
    }
    context.out(lines.join('\n'));
    return report;
  });
}

function list(context: CliContext) {
  const range = rangeFromArgs(context.args, false);
  return withGroup(context, (backend, groupId) => {
    const entries = listEntries(backend.context, range, groupId);
    const lines = [context.t('calendar.cli.listHeader', { ...range, count: entries.length })];
    for (const entry of entries) {
      const flags = [
        context.t(`calendar.statuses.${entry.status}`),
        ...(entry.overdue ? [context.t('calendar.cli.overdue')] : []),
      ];
      lines.push(
        `${entry.localDate} ${entry.localTime}  [${entry.groupName}] ${context.t(`calendar.contentTypes.${entry.contentType}`)} · ${entry.title} (${flags.join(', ')})`,
      );
    }
    context.out(lines.join('\n'));
    return { range, entries };
  });
}

export const calendarCommand: CliCommand = {
  name: 'calendar',
  summaryKey: 'calendar.cli.summary',
  usage: 'calendar gaps|list [--group <name>] [--week <date> | --from <date> --to <date>]',
  async run(context) {
    const [sub, ...rest] = context.args;
    const subContext = { ...context, args: rest };
    if (sub === 'gaps') return gaps(subContext);
    if (sub === 'list') return list(subContext);
    throw new AppError('VALIDATION', 'cli.errors.unknownCommand', { name: `calendar ${sub ?? ''}`.trim() });
  },
};
