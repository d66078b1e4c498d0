/**
 * `playbooks list`, `playbooks export <id|key> [--format json|md] [--version <n>] [--out <file>]`,
 * `playbooks import <file> [--format json|md]`, `incidents list [--status open|closed]`,
 * `drills history [--participant <name>]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../../../shared/ipc/errors';
import { findPlaybookIdByKey } from '../../db/repositories/crisisPlaybooks';
import { drillOverview, listDrills } from '../../services/crisisDrills';
import { listIncidents } from '../../services/crisisIncidents';
import {
  ensureStarterPlaybooks,
  exportPlaybook,
  importPlaybook,
  listPlaybooks,
} from '../../services/crisisPlaybooks';
import type { Backend } from '../../backend';
import { readOption, type CliCommand, type CliContext } from '../context';

const usages = {
  playbooks:
    'playbooks list | export <id|key> [--format json|md] [--version <n>] [--out <file>] | import <file> [--format json|md]',
  incidents: 'incidents list [--status open|closed]',
  drills: 'drills history [--participant <name>]',
} as const;

function choice<T extends string>(
  args: readonly string[],
  name: string,
  allowed: readonly T[],
  usage: string,
): T | undefined {
  const value = readOption(args, name);
  if (value !== undefined && !(allowed as readonly string[]).includes(value))
    throw new AppError('VALIDATION', 'crisis.cli.usage', { usage });
  return value as T | undefined;
}

/** The first argument after the subcommand that is neither an option nor an option's value. */
function positional(args: readonly string[]): string | undefined {
  for (let index = 1; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg.startsWith('--')) index += 1;
    else return arg;
  }
  return undefined;
}

/** One line per row, or “(none)”. */
function printRows<T>(context: CliContext, rows: readonly T[], line: (row: T) => string): void {
  context.out(rows.map(line).join('\n') || context.t('crisis.cli.none'));
}

const minuteOf = (isoTime: string) => isoTime.slice(0, 16).replace('T', ' ');

function resolvePlaybookId(backend: Backend, reference: string): number {
  if (/^\d+$/.test(reference)) return Number(reference);
  ensureStarterPlaybooks(backend.context);
  const id = findPlaybookIdByKey(backend.context.db, reference);
  if (id === null) throw new AppError('NOT_FOUND', 'crisis.errors.playbookNotFound', { id: reference });
  return id;
}

function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new AppError('IO', 'crisis.cli.fileUnreadable', { path });
  }
}

export const playbooksCommand: CliCommand = {
  name: 'playbooks',
  summaryKey: 'crisis.cli.playbooks',
  usage: usages.playbooks,
  async run(context) {
    const [action] = context.args;
    const usageError = new AppError('VALIDATION', 'crisis.cli.usage', { usage: usages.playbooks });
    if (action === 'list') {
      return context.withBackend((backend) => {
        const playbooks = listPlaybooks(backend.context);
        printRows(
          context,
          playbooks,
          (p) =>
            `${String(p.id).padStart(3)}  ${p.key.padEnd(18)} v${p.currentVersion}  ${context.t(`crisis.riskTypes.${p.riskType}`)}  ${p.name}`,
        );
        return playbooks;
      });
    }
    if (action === 'export') {
      const reference = positional(context.args);
      if (reference === undefined) throw usageError;
      const format = choice(context.args, '--format', ['json', 'md'] as const, usages.playbooks) ?? 'json';
      const versionText = context.option('--version');
      const version = versionText === undefined ? undefined : Number(versionText);
      if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw usageError;
      const out = context.option('--out');
      return context.withBackend((backend) => {
        const file = exportPlaybook(backend.context, {
          id: resolvePlaybookId(backend, reference),
          version,
          format,
        });
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
        context.out(context.t('crisis.cli.written', { path }));
        return { fileName: file.fileName, mimeType: file.mimeType, path };
      });
    }
    if (action === 'import') {
      const path = positional(context.args);
      if (path === undefined) throw usageError;
      const requested = choice(context.args, '--format', ['json', 'md'] as const, usages.playbooks);
      const content = readInput(path);
      const format = requested ?? (/\.(md|markdown)$/i.test(path) ? 'md' : 'auto');
      return context.withBackend((backend) => {
        const result = importPlaybook(backend.context, { content, format }, context.locale);
        const params = { name: result.playbook.name, version: result.playbook.currentVersion };
        context.out(
          context.t(result.versionCreated ? 'crisis.cli.imported' : 'crisis.cli.unchanged', params),
        );
        return result;
      });
    }
    throw usageError;
  },
};

export const incidentsCommand: CliCommand = {
  name: 'incidents',
  summaryKey: 'crisis.cli.incidents',
  usage: usages.incidents,
  async run(context) {
    if (context.args[0] !== 'list')
      throw new AppError('VALIDATION', 'crisis.cli.usage', { usage: usages.incidents });
    const status = choice(context.args, '--status', ['open', 'closed'] as const, usages.incidents);
    return context.withBackend((backend) => {
      const page = listIncidents(backend.context, { status, offset: 0, limit: 500 });
      printRows(
        context,
        page.rows,
        (row) =>
          `${String(row.id).padStart(4)}  ${minuteOf(row.openedAt)}  ${context.t(`crisis.incidentStatus.${row.status}`)}  ${row.title}`,
      );
      return page;
    });
  },
};

export const drillsCommand: CliCommand = {
  name: 'drills',
  summaryKey: 'crisis.cli.drills',
  usage: usages.drills,
  async run(context) {
    if (context.args[0] !== 'history')
      throw new AppError('VALIDATION', 'crisis.cli.usage', { usage: usages.drills });
    const participant = context.option('--participant');
    return context.withBackend((backend) => {
      const drills = listDrills(backend.context, { participant, offset: 0, limit: 500 });
      const overview = drillOverview(backend.context, 30);
      printRows(
        context,
        drills.rows,
        (row) =>
          `${String(row.id).padStart(4)}  ${minuteOf(row.startedAt)}  ${row.participant}  ${row.playbookName} · ${row.scenarioTitle}  ${row.score ?? '—'}`,
      );
      return { drills, overview };
    });
  },
};

export const crisisCommands: readonly CliCommand[] = [playbooksCommand, incidentsCommand, drillsCommand];
