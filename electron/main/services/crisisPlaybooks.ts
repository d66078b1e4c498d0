/**
 * The playbook library: starters seeded on first use, saving as versions (identical saves store nothing), duplicate,
 * import and export as JSON or Markdown, template preview and trigger evaluation. Every change is audited in the
 * same transaction.
 */
import type { Locale } from '../../../shared/domain/types';
import {
  exportPlaybookJson,
  parsePlaybookJson,
  validatePlaybook,
  type PlaybookParseResult,
} from '../../../shared/domain/crisis/exchange';
import {
  canonicalPlaybookJson,
  orderedSteps,
  slugPattern,
  type Playbook,
} from '../../../shared/domain/crisis/playbook';
import {
  exportPlaybookMarkdown,
  parsePlaybookMarkdown,
} from '../../../shared/domain/crisis/playbookMarkdown';
import {
  evaluateTriggers,
  type TriggerFiring,
  type TriggerHit,
} from '../../../shared/domain/crisis/triggers';
import type {
  ExportedFile,
  PlaybookDetail,
  PlaybookImportResult,
  PlaybookOrigin,
  PlaybookSaveResult,
  PlaybookSummary,
} from '../../../shared/domain/crisis/views';
import { AppError } from '../../../shared/ipc/errors';
import {
  findPlaybookIdByKey,
  findPlaybookRow,
  findPlaybookVersion,
  insertPlaybookRow,
  insertPlaybookVersion,
  listCurrentDefinitions,
  listPlaybookVersions,
  playbookKeys,
  setCurrentVersion,
  type PlaybookRow,
} from '../db/repositories/crisisPlaybooks';
import { getMeta, setMeta } from '../db/repositories/meta';
import type { ServiceContext } from './context';
import {
  auditCrisis,
  CrisisValidationError,
  iso,
  parseStoredDefinition,
  renderDefinitionTemplate,
} from './crisisRuns';
import { shippedStarterPlaybooks, type StarterPlaybook } from './crisisStarters';

const seededMetaKey = 'crisis.seeded_starters';

/**
 * Seeds the starters this workspace has never received (idempotent: the keys seeded are remembered, so a starter the
 * user changed or whose key they took is left alone). Returns how many playbooks were added.
 */
export function ensureStarterPlaybooks(
  context: ServiceContext,
  starters: readonly StarterPlaybook[] = shippedStarterPlaybooks(),
): number {
  const seeded = new Set<string>(JSON.parse(getMeta(context.db, seededMetaKey) ?? '[]') as string[]);
  const pending = starters.filter((starter) => !seeded.has(starter.playbook.key));
  if (pending.length === 0) return 0;
  return context.db.transaction(() => {
    const taken = playbookKeys(context.db);
    let added = 0;
    for (const { playbook } of pending) {
      seeded.add(playbook.key);
      if (taken.has(playbook.key)) continue;
      const id = createPlaybookRows(context, playbook, 'starter', '');
      auditCrisis(context, 'playbook', id, 'seed', { key: playbook.key }, 'system');
      added += 1;
    }
    setMeta(context.db, seededMetaKey, JSON.stringify([...seeded].sort()));
    return added;
  })();
}

function createPlaybookRows(
  context: ServiceContext,
  playbook: Playbook,
  origin: PlaybookOrigin,
  note: string,
): number {
  const now = context.now();
  const id = insertPlaybookRow(
    context.db,
    { key: playbook.key, name: playbook.name, riskType: playbook.riskType, origin },
    now,
  );
  insertPlaybookVersion(context.db, {
    playbookId: id,
    version: 1,
    definition: canonicalPlaybookJson(playbook),
    note,
    createdAt: now,
    createdBy: origin === 'starter' ? 'system' : context.operator(),
  });
  return id;
}

function requirePlaybook(context: ServiceContext, id: number): PlaybookRow {
  const row = findPlaybookRow(context.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'crisis.errors.playbookNotFound', { id });
  return row;
}

export function currentDefinition(context: ServiceContext, row: PlaybookRow): Playbook {
  return definitionAt(context, row, row.currentVersion);
}

function definitionAt(context: ServiceContext, row: PlaybookRow, version: number): Playbook {
  const stored = findPlaybookVersion(context.db, row.id, version);
  if (!stored) throw new AppError('NOT_FOUND', 'crisis.errors.versionNotFound', { id: row.id, version });
  return parseStoredDefinition(stored.definition);
}

function summarize(row: PlaybookRow, definition: Playbook): PlaybookSummary {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    riskType: row.riskType,
    currentVersion: row.currentVersion,
    origin: row.origin,
    stageCount: definition.stages.length,
    stepCount: orderedSteps(definition).length,
    triggerCount: definition.triggers.length,
    preventionCount: definition.prevention.length,
    templateCount: definition.templates.length,
    scenarioCount: definition.scenarios.length,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    summary: definition.summary,
    severityLevels: definition.severityLevels,
    defaultSeverity: definition.defaultSeverity,
    triggerCategories: [
      ...new Set(definition.triggers.flatMap((trigger) => trigger.categories.map((c) => c.toLowerCase()))),
    ],
    scenarios: definition.scenarios.map((scenario) => ({
      id: scenario.id,
      title: scenario.title,
      description: scenario.description,
      injectCount: scenario.injects.length,
      lengthSeconds: scenario.injects.reduce((latest, inject) => Math.max(latest, inject.atSeconds), 0),
    })),
  };
}

export function listPlaybooks(context: ServiceContext): PlaybookSummary[] {
  ensureStarterPlaybooks(context);
  return listCurrentDefinitions(context.db).map(({ row, definition }) =>
    summarize(row, parseStoredDefinition(definition)),
  );
}

export function getPlaybook(context: ServiceContext, id: number, version?: number): PlaybookDetail {
  const row = requirePlaybook(context, id);
  const shown = version ?? row.currentVersion;
  const definition = definitionAt(context, row, shown);
  return {
    ...summarize(row, shown === row.currentVersion ? definition : currentDefinition(context, row)),
    version: shown,
    definition,
    versions: listPlaybookVersions(context.db, id).map((info) => ({
      version: info.version,
      createdAt: iso(info.createdAt),
      createdBy: info.createdBy,
      note: info.note,
    })),
  };
}

function requireValid(result: PlaybookParseResult): { playbook: Playbook; version: number | null } {
  if (result.ok) return result;
  throw new CrisisValidationError(
    'crisis.errors.invalidPlaybook',
    { count: result.issues.length, first: result.issues[0]?.message ?? '' },
    result.issues,
  );
}

/** Stores `playbook` as a new playbook or as the next version of `id`; identical to the current version: no-op. */
function storePlaybook(
  context: ServiceContext,
  playbook: Playbook,
  target: { id: number } | { origin: PlaybookOrigin },
  note: string,
  action: string,
): { id: number; versionCreated: boolean } {
  return context.db.transaction(() => {
    if ('origin' in target) {
      if (findPlaybookIdByKey(context.db, playbook.key) !== null) {
        throw new AppError('CONFLICT', 'crisis.errors.keyTaken', { key: playbook.key });
      }
      const id = createPlaybookRows(context, playbook, target.origin, note);
      auditCrisis(context, 'playbook', id, action, { key: playbook.key, version: 1, note });
      return { id, versionCreated: true };
    }
    const row = requirePlaybook(context, target.id);
    if (row.key !== playbook.key)
      throw new AppError('VALIDATION', 'crisis.errors.keyChanged', { from: row.key, to: playbook.key });
    const current = findPlaybookVersion(context.db, row.id, row.currentVersion);
    const definition = canonicalPlaybookJson(playbook);
    if (current?.definition === definition) return { id: row.id, versionCreated: false };
    const now = context.now();
    const version = row.currentVersion + 1;
    insertPlaybookVersion(context.db, {
      playbookId: row.id,
      version,
      definition,
      note,
      createdAt: now,
      createdBy: context.operator(),
    });
    setCurrentVersion(context.db, row.id, version, { name: playbook.name, riskType: playbook.riskType }, now);
    auditCrisis(context, 'playbook', row.id, action, { key: row.key, version, note });
    return { id: row.id, versionCreated: true };
  })();
}

export function savePlaybook(
  context: ServiceContext,
  input: { id?: number | undefined; definition: unknown; note: string },
  locale: Locale,
): PlaybookSaveResult {
  const { playbook } = requireValid(validatePlaybook(input.definition, locale));
  const target = input.id === undefined ? { origin: 'user' as const } : { id: input.id };
  const stored = storePlaybook(
    context,
    playbook,
    target,
    input.note,
    input.id === undefined ? 'create' : 'update',
  );
  return { playbook: getPlaybook(context, stored.id), versionCreated: stored.versionCreated };
}

function freeKey(context: ServiceContext, base: string): string {
  const taken = playbookKeys(context.db);
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = `${base.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function duplicatePlaybook(
  context: ServiceContext,
  input: { id: number; key?: string | undefined; name?: string | undefined },
  locale: Locale,
): PlaybookDetail {
  const row = requirePlaybook(context, input.id);
  const source = currentDefinition(context, row);
  const key = input.key ?? freeKey(context, row.key);
  if (!slugPattern.test(key)) throw new AppError('VALIDATION', 'crisis.errors.badKey', { key });
  const copySuffix = locale === 'zh-CN' ? '（副本）' : ' (copy)';
  const name = input.name ?? `${source.name.slice(0, 80 - copySuffix.length)}${copySuffix}`;
  const stored = storePlaybook(
    context,
    { ...source, key, name },
    { origin: 'duplicate' },
    `#${row.id} v${row.currentVersion}`,
    'duplicate',
  );
  return getPlaybook(context, stored.id);
}

export function importPlaybook(
  context: ServiceContext,
  input: { content: string; format: 'json' | 'md' | 'auto' },
  locale: Locale,
): PlaybookImportResult {
  const format =
    input.format === 'auto'
      ? input.content
          .trimStart()
          .replace(/^\uFEFF/, '')
          .startsWith('{')
        ? 'json'
        : 'md'
      : input.format;
  const { playbook, version } = requireValid(
    format === 'json'
      ? parsePlaybookJson(input.content, locale)
      : parsePlaybookMarkdown(input.content, locale),
  );
  ensureStarterPlaybooks(context);
  const existing = findPlaybookIdByKey(context.db, playbook.key);
  const note = version === null ? `import (${format})` : `import (${format}, v${version})`;
  const stored = storePlaybook(
    context,
    playbook,
    existing === null ? { origin: 'import' } : { id: existing },
    note,
    'import',
  );
  return {
    playbook: getPlaybook(context, stored.id),
    versionCreated: stored.versionCreated,
    created: existing === null,
  };
}

export function exportPlaybook(
  context: ServiceContext,
  input: { id: number; version?: number | undefined; format: 'json' | 'md' },
): ExportedFile {
  const row = requirePlaybook(context, input.id);
  const version = input.version ?? row.currentVersion;
  const definition = definitionAt(context, row, version);
  const meta = { version, exportedAt: iso(context.now()) };
  return input.format === 'json'
    ? {
        fileName: `${row.key}-v${version}.json`,
        mimeType: 'application/json',
        content: exportPlaybookJson(definition, meta),
      }
    : {
        fileName: `${row.key}-v${version}.md`,
        mimeType: 'text/markdown',
        content: exportPlaybookMarkdown(definition, meta),
      };
}

export function previewTemplate(
  context: ServiceContext,
  input: {
    id: number;
    version?: number | undefined;
    templateId: string;
    values: Record<string, string>;
    fillMissing: boolean;
  },
  locale: Locale,
): { text: string; used: string[] } {
  const row = requirePlaybook(context, input.id);
  const definition = definitionAt(context, row, input.version ?? row.currentVersion);
  return renderDefinitionTemplate(
    definition,
    input.templateId,
    { 预案名称: definition.name, ...input.values },
    locale,
    input.fillMissing,
  );
}

export function evaluatePlaybookTriggers(
  context: ServiceContext,
  hits: readonly TriggerHit[],
  now?: number,
): (TriggerFiring & { playbookId: number; playbookName: string })[] {
  ensureStarterPlaybooks(context);
  const current = listCurrentDefinitions(context.db).map(({ row, definition }) => ({
    row,
    definition: parseStoredDefinition(definition),
  }));
  const byKey = new Map(current.map(({ row }) => [row.key, row]));
  return evaluateTriggers(
    current.map(({ row, definition }) => ({ key: row.key, triggers: definition.triggers })),
    hits,
    now === undefined ? {} : { now },
  ).map((firing) => ({
    ...firing,
    playbookId: byKey.get(firing.playbookKey)!.id,
    playbookName: byKey.get(firing.playbookKey)!.name,
  }));
}

/** The current definition of a playbook, for services that start runs from it. */
export function requireCurrentPlaybook(
  context: ServiceContext,
  id: number,
): { row: PlaybookRow; definition: Playbook } {
  ensureStarterPlaybooks(context);
  const row = requirePlaybook(context, id);
  return { row, definition: currentDefinition(context, row) };
}
