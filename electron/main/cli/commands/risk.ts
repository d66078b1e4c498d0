/**
 * `check "<text>" [--list <file>]... [--no-detectors]`: hits of a text (the workspace's lists, or only the given list
 * files); `scan`: the incremental scan, with hits by category; `lists [list] | export <name|id> [--out <file>]
 * [--format txt|csv] | import <file> [--name <name>] [--replace]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { compileEngine } from '../../../../shared/domain/sensitive';
import type { SensitiveCategory } from '../../../../shared/domain/sensitive/types';
import {
  riskListFormats,
  type RiskHitView,
  type RiskListFormat,
  type RiskScanResult,
} from '../../../../shared/ipc/channels/risk';
import { AppError, type ErrorCode } from '../../../../shared/ipc/errors';
import type { Backend } from '../../backend';
import { findRiskListIdByName } from '../../db/repositories/riskLists';
import { riskScanKind } from '../../jobs/riskScanJob';
import { checkRiskText } from '../../services/riskCheck';
import { reviewHits, toHitView } from '../../services/riskEngine';
import {
  ensureRiskLists,
  exportRiskList,
  formatOfFileName,
  importRiskList,
  parseListFile,
  riskListsView,
} from '../../services/riskLists';
import type { CliCommand, CliContext } from '../context';

const usages = {
  check: 'check "<text>" [--list <file>]... [--no-detectors]',
  scan: 'scan',
  lists:
    'lists [list] | export <name|id> [--out <file>] [--format txt|csv] | import <file> [--name <name>] [--replace]',
} as const;

const flags = new Set(['--no-detectors', '--replace']);

/** Positional arguments: neither an option nor an option's value (flags take no value). */
function positionals(args: readonly string[]): string[] {
  const found: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (flags.has(arg)) continue;
    if (arg.startsWith('--')) index += 1;
    else found.push(arg);
  }
  return found;
}

/** Every value of a repeatable option (`--list a --list b`). */
function optionValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    if (arg !== name) return;
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--'))
      throw new AppError('VALIDATION', 'cli.errors.missingValue', { option: name });
    values.push(value);
  });
  return values;
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new AppError('IO', 'risk.cli.fileUnreadable', { path });
  }
}

function usageError(usage: string): AppError {
  return new AppError('VALIDATION', 'risk.cli.usage', { usage });
}

/** The hit fields the CLI prints (`--json` → `{ hits: [...] }`). */
function cliHit(hit: RiskHitView) {
  return {
    start: hit.start,
    end: hit.end,
    text: hit.text,
    word: hit.word,
    category: hit.category,
    severity: hit.severity,
    rule: hit.rule,
    list: hit.list,
    action: hit.action,
  };
}

function printHits(context: CliContext, hits: readonly RiskHitView[]): void {
  if (hits.length === 0) {
    context.out(context.t('risk.cli.noHits'));
    return;
  }
  for (const hit of hits) {
    context.out(
      `${String(hit.start).padStart(5)}-${String(hit.end).padEnd(5)} ${hit.text}  → ${hit.word}  ` +
        `${context.t(`sensitive.category.${hit.category}`)} · ${context.t(`sensitive.severity.${hit.severity}`)} · ` +
        `${context.t(`sensitive.rule.${hit.rule}`)}`,
    );
  }
}

export const checkCommand: CliCommand = {
  name: 'check',
  summaryKey: 'risk.cli.check',
  usage: usages.check,
  async run(context) {
    const [text] = positionals(context.args);
    if (text === undefined) throw usageError(usages.check);
    const files = optionValues(context.args, '--list');
    const detectors = !context.args.includes('--no-detectors');
    let hits: RiskHitView[];
    if (files.length > 0) {
      // Only the given files: the workspace is not opened at all.
      const lists = files.map((file) =>
        parseListFile({
          format: formatOfFileName(file),
          bytes: readBytes(resolve(file)),
          fileName: basename(file),
        }),
      );
      const engine = compileEngine(lists, detectors ? {} : { detectors: false });
      hits = reviewHits(engine.scan(text)).map(toHitView);
    } else {
      hits = await context.withBackend((backend) => checkRiskText(backend.context, text).hits);
      if (!detectors) hits = hits.filter((hit) => hit.rule !== 'detector');
    }
    printHits(context, hits);
    return { hits: hits.map(cliHit) };
  },
};

async function runScan(backend: Backend): Promise<RiskScanResult> {
  const state = await backend.jobs.wait(backend.jobs.start(riskScanKind, {}, backend.context.operator()));
  if (state.status === 'done') return state.result as RiskScanResult;
  if (state.error) throw new AppError(state.error.code as ErrorCode, state.error.message, state.error.params);
  throw new AppError('CANCELLED');
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summaryKey: 'risk.cli.scan',
  usage: usages.scan,
  async run(context) {
    return context.withBackend(async (backend) => {
      const result = await runScan(backend);
      context.out(
        context.t('risk.cli.scanned', {
          scanned: result.scanned,
          hits: result.hits,
          version: result.version,
        }),
      );
      const categories = Object.keys(result.openByCategory) as SensitiveCategory[];
      for (const category of categories) {
        context.out(
          `  ${context.t(`sensitive.category.${category}`)}: ${result.byCategory[category] ?? 0} / ${result.openByCategory[category]}`,
        );
      }
      if (categories.length > 0) context.out(context.t('risk.cli.scanLegend'));
      return result;
    });
  },
};

function listIdOf(backend: Backend, reference: string): number {
  ensureRiskLists(backend.context);
  const byName = findRiskListIdByName(backend.context.db, reference);
  if (byName !== null) return byName;
  if (/^\d+$/.test(reference)) return Number(reference);
  throw new AppError('NOT_FOUND', 'risk.errors.listNameNotFound', { name: reference });
}

export const listsCommand: CliCommand = {
  name: 'lists',
  summaryKey: 'risk.cli.lists',
  usage: usages.lists,
  async run(context) {
    const [action = 'list', target] = positionals(context.args);
    if (action === 'list') {
      return context.withBackend((backend) => {
        const view = riskListsView(backend.context);
        for (const list of view.lists) {
          context.out(
            `${String(list.id).padStart(3)}  ${list.enabled ? '✓' : '·'} ${list.name}  ` +
              `${context.t(`sensitive.kind.${list.kind}`)} · ${context.t(`sensitive.category.${list.category}`)} · ` +
              `${context.t('risk.cli.words', { count: list.wordCount })} · v${list.version}`,
          );
        }
        return view;
      });
    }
    if (action === 'export') {
      if (target === undefined) throw usageError(usages.lists);
      const out = context.option('--out');
      const requested = context.option('--format');
      if (requested !== undefined && !(riskListFormats as readonly string[]).includes(requested)) {
        throw usageError(usages.lists);
      }
      const format: RiskListFormat =
        (requested as RiskListFormat | undefined) ?? (out ? formatOfFileName(out) : 'txt');
      return context.withBackend((backend) => {
        const file = exportRiskList(backend.context, listIdOf(backend, target), format);
        if (out === undefined) {
          context.out(file.content.replace(/^\uFEFF/, '').trimEnd());
          return file;
        }
        const path = resolve(out);
        try {
          writeFileSync(path, file.content);
        } catch {
          throw new AppError('IO', 'risk.cli.fileUnwritable', { path });
        }
        context.out(context.t('risk.cli.written', { path }));
        return { fileName: file.fileName, format, path };
      });
    }
    if (action === 'import') {
      if (target === undefined) throw usageError(usages.lists);
      const path = resolve(target);
      const bytes = readBytes(path);
      const name = context.option('--name');
      const requested = context.option('--format');
      if (requested !== undefined && !(riskListFormats as readonly string[]).includes(requested)) {
        throw usageError(usages.lists);
      }
      return context.withBackend((backend) => {
        const list = importRiskList(backend.context, {
          format: (requested as RiskListFormat | undefined) ?? formatOfFileName(path),
          bytes,
          fileName: basename(path),
          name,
          replace: context.args.includes('--replace'),
        });
        context.out(
          context.t('risk.cli.imported', { name: list.name, count: list.wordCount, version: list.version }),
        );
        return list;
      });
    }
    throw usageError(usages.lists);
  },
};

export const riskCommands: readonly CliCommand[] = [checkCommand, scanCommand, listsCommand];
