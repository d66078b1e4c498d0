/**
 * `calendar gaps [--group <name>] (--week <date> | --from <date> --to <date>)`: the cadence gap report.
 * `calendar list --from <date> --to <date> [--group <name>]`: the planned entries, series expanded.
 * `calendar export-ics --from <date> --to <date> [--group <name>] [--out <file>]`: the plan as iCalendar.
 * `calendar export-plan (--week <date> | --from/--to) [--group <name>] [--out <file>]`: the weekly plan (Markdown).
 * `activities report <id>`: an activity's post-event report with the same-kind comparison.
 * --week takes any day of the week and reports Monday to Sunday. Without --out, exports go to stdout.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeMessage } from '../../../../shared/domain/calendar/messages';
import {
  addDays,
  isLocalDate,
  startOfWeek,
  type DateRange,
} from '../../../../shared/domain/calendar/localTime';
import { AppError } from '../../../../shared/ipc/errors';
import { findGroupIdByName } from '../../db/repositories/groups';
import type { ActivityReportRow } from '../../../../shared/domain/calendar/types';
import type { ExportedFile } from '../../../../shared/domain/crisis/views';
import { listEntries } from '../../services/calendar';
import { activityReport } from '../../services/calendarActivities';
import { exportIcs, exportPlanMarkdown, type ExportRequest } from '../../services/calendarExport';
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

/** Writes an export to --out (or prints it); returns what was written, without the content when it went to a file. */
function exportFile(
  context: CliContext,
  allowWeek: boolean,
  make: (backend: Backend, request: ExportRequest) => ExportedFile,
  describe: (file: ExportedFile, path: string) => string,
) {
  const range = rangeFromArgs(context.args, allowWeek);
  const out = context.option('--out');
  return withGroup(context, (backend, groupId) => {
    const file = make(backend, { ...range, groupId, locale: context.locale });
    if (out === undefined) {
      context.out(file.content.trimEnd());
      return file;
    }
    const path = resolve(out);
    try {
      writeFileSync(path, file.content);
    } catch {
      throw new AppError('IO', 'errors.io');
    }
    context.out(describe(file, path));
    return { fileName: file.fileName, mimeType: file.mimeType, path, bytes: Buffer.byteLength(file.content) };
  });
}

export const calendarCommand: CliCommand = {
  name: 'calendar',
  summaryKey: 'calendar.cli.summary',
  usage:
    'calendar gaps|list|export-ics|export-plan [--group <name>] [--week <date> | --from <date> --to <date>] [--out <file>]',
  async run(context) {
    const [sub, ...rest] = context.args;
    const subContext = { ...context, args: rest };
    if (sub === 'gaps') return gaps(subContext);
    if (sub === 'list') return list(subContext);
    if (sub === 'export-ics') {
      return exportFile(
        subContext,
        false,
        (backend, request) => exportIcs(backend.context, request),
        (file, path) =>
          context.t('calendar.cli.exported', { events: file.content.split('BEGIN:VEVENT').length - 1, path }),
      );
    }
    if (sub === 'export-plan') {
      return exportFile(
        subContext,
        true,
        (backend, request) => exportPlanMarkdown(backend.context, request),
        (_file, path) => context.t('calendar.cli.written', { path }),
      );
    }
    throw new AppError('VALIDATION', 'cli.errors.unknownCommand', { name: `calendar ${sub ?? ''}`.trim() });
  },
};

// ---- activities ----

function formatYuan(cents: number | null, context: CliContext): string {
  return cents === null ? context.t('calendar.report.notEntered') : `¥${(cents / 100).toFixed(2)}`;
}

function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio > 0 ? '+' : ''}${Math.round(ratio * 100)}%`;
}

function reportLines(context: CliContext, row: ActivityReportRow): string[] {
  const t = context.t;
  const lines = [
    t('calendar.report.title', { title: row.title, group: row.groupName, date: row.localDate }),
    ...(row.state === 'over' ? [] : [t(`calendar.report.states.${row.state}`)]),
    t('calendar.report.participants', {
      count: row.participants,
      source: t(`calendar.report.sources.${row.participantsSource}`),
    }),
    t('calendar.report.newJoiners', { count: row.newJoiners }),
    t('calendar.report.messages', {
      during: row.messagesDuring,
      before: row.messagesBefore,
      change: row.messageChange === null ? t('calendar.report.noBaseline') : formatPercent(row.messageChange),
    }),
    t('calendar.report.conversions', {
      count: row.conversions ?? t('calendar.report.notEntered'),
      rate: row.conversionRate === null ? '—' : `${Math.round(row.conversionRate * 1000) / 10}%`,
    }),
    t('calendar.report.costLine', {
      cost: formatYuan(row.costCents, context),
      source:
        row.costSource === null
          ? t('calendar.report.notEntered')
          : t(`calendar.report.costSources.${row.costSource}`),
      perParticipant:
        row.costPerParticipantCents === null ? '—' : formatYuan(row.costPerParticipantCents, context),
    }),
  ];
  return lines;
}

function report(context: CliContext) {
  const [idText] = context.args;
  const id = Number(idText);
  if (!Number.isInteger(id) || id <= 0)
    throw new AppError('VALIDATION', 'calendar.errors.badActivityId', { value: idText ?? '' });
  return context.withBackend((backend) => {
    const result = activityReport(backend.context, id);
    const lines = reportLines(context, result.row);
    lines.push('', context.t('calendar.report.sameKind', { count: result.sameKind.length }));
    for (const peer of result.sameKind) {
      lines.push(
        `${peer.activityId === id ? '*' : ' '} ${context.t('calendar.report.peerLine', {
          date: peer.localDate,
          title: peer.title,
          participants: peer.participants,
          joiners: peer.newJoiners,
          during: peer.messagesDuring,
          before: peer.messagesBefore,
          conversions: peer.conversions ?? '—',
          perParticipant:
            peer.costPerParticipantCents === null ? '—' : formatYuan(peer.costPerParticipantCents, context),
        })}`,
      );
    }
    context.out(lines.join('\n'));
    return result;
  });
}

export const activitiesCommand: CliCommand = {
  name: 'activities',
  summaryKey: 'calendar.cli.activitiesSummary',
  usage: 'activities report <id>',
  async run(context) {
    const [sub, ...rest] = context.args;
    if (sub === 'report') return report({ ...context, args: rest });
    throw new AppError('VALIDATION', 'cli.errors.unknownCommand', { name: `activities ${sub ?? ''}`.trim() });
  },
};

export const calendarCommands: readonly CliCommand[] = [calendarCommand, activitiesCommand];
