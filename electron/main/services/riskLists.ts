/**
 * Word lists of the workspace: starter lists seeded on first use (once each), edits stored as revisions, import and
 * export as TXT/CSV, lint warnings. Every change bumps the ruleset version (so the next scan reads the messages
 * again) and is audited in the same transaction.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  lintList,
  parseList,
  parseListCsv,
  serialiseList,
  starterListFiles,
} from '../../../shared/domain/sensitive';
import { completeList, type SensitiveList, type SensitiveWord } from '../../../shared/domain/sensitive/types';
import type {
  RiskListDetail,
  RiskListFile,
  RiskListFormat,
  RiskListInput,
  RiskListsView,
  RiskListSummary,
} from '../../../shared/ipc/channels/risk';
import { AppError } from '../../../shared/ipc/errors';
import { createChunkDecoder, detectEncoding } from '../import/encoding';
import { recordAudit } from '../db/repositories/audit';
import {
  bumpRulesetVersion,
  deleteRiskList,
  findReviewListId,
  findRiskList,
  findRiskListIdByName,
  insertListVersion,
  insertRiskList,
  listRiskLists,
  recordSeededStarterFiles,
  riskListWords,
  rulesetVersion,
  seededStarterFiles,
  setRiskListEnabled,
  toSensitiveList,
  updateRiskList,
  type RiskListRecord,
} from '../db/repositories/riskLists';
import type { ServiceContext } from './context';
import { resourcesSubdir } from './resources';

/** The list that collects allow phrases added while dismissing hits. */
export const reviewListName = '复核白名单';

function audit(context: ServiceContext, action: string, entityId: number | null, detail: unknown): void {
  recordAudit(context.db, context.now(), {
    operator: context.operator(),
    action,
    entity: 'risk-list',
    entityId,
    detail,
  });
}

/** Runs `change` in one transaction: its writes and its audit rows land together or not at all. */
export function inRiskTransaction<T>(context: ServiceContext, change: () => T): T {
  return context.db.transaction(change)();
}

export interface StarterListFile {
  file: string;
  list: SensitiveList;
}

/** The starter CSVs shipped under resources/lexicons/, parsed; a broken one is a release bug and throws. */
export function readStarterLists(dir: string | null = resourcesSubdir('lexicons')): StarterListFile[] {
  if (dir === null) return [];
  return starterListFiles
    .filter((file) => existsSync(join(dir, file)))
    .map((file) => ({ file, list: parseListCsv(readFileSync(join(dir, file), 'utf8'), { name: file }) }));
}

let shippedStarters: StarterListFile[] | null = null;

/**
 * Seeds the starter lists this workspace has never received: idempotent, a starter the user deleted or renamed is
 * not put back, and one added by a later release arrives on the next call. Returns how many lists were added.
 */
export function ensureRiskLists(context: ServiceContext, starters?: readonly StarterListFile[]): number {
  const { db } = context;
  const seeded = seededStarterFiles(db);
  const available = starters ?? (shippedStarters ??= readStarterLists());
  const pending = available.filter((starter) => !seeded.has(starter.file));
  if (pending.length === 0 && rulesetVersion(db) > 0) return 0;
  return inRiskTransaction(context, () => {
    // Read again inside the transaction: another connection (the scan worker) may have seeded meanwhile.
    const seededNow = seededStarterFiles(db);
    let added = 0;
    for (const { file, list } of pending) {
      if (seededNow.has(file)) continue;
      seededNow.add(file);
      if (findRiskListIdByName(db, list.name) !== null) continue;
      const id = insertRiskList(db, { list, origin: 'starter', starterFile: file }, context.now());
      insertListVersion(db, id, 1, list, context.operator(), context.now());
      audit(context, 'seed', id, { name: list.name, file, words: list.words.length });
      added += 1;
    }
    recordSeededStarterFiles(db, seededNow);
    if (added > 0 || rulesetVersion(db) === 0) bumpRulesetVersion(db);
    return added;
  });
}

function summary(record: RiskListRecord): RiskListSummary {
  const { starterFile: _starterFile, ...rest } = record;
  return rest;
}

function requireList(context: ServiceContext, id: number): RiskListRecord {
  const record = findRiskList(context.db, id);
  if (!record) throw new AppError('NOT_FOUND', 'risk.errors.listNotFound', { id });
  return record;
}

function detailOf(context: ServiceContext, id: number): RiskListDetail {
  const record = requireList(context, id);
  const words = riskListWords(context.db, id);
  return { ...summary(record), words, warnings: lintList(toSensitiveList(record, words)) };
}

export function riskListsView(context: ServiceContext): RiskListsView {
  ensureRiskLists(context);
  return { rulesetVersion: rulesetVersion(context.db), lists: listRiskLists(context.db).map(summary) };
}

export function riskListDetail(context: ServiceContext, id: number): RiskListDetail {
  ensureRiskLists(context);
  return detailOf(context, id);
}

/** Blank and repeated words dropped (the first one kept), every field completed with the engine's defaults. */
export function normaliseListInput(input: RiskListInput | SensitiveList): SensitiveList {
  const seen = new Set<string>();
  const words: SensitiveWord[] = [];
  for (const entry of input.words) {
    const word = entry.word.trim();
    if (!word || seen.has(word)) continue;
    seen.add(word);
    words.push({ ...entry, word });
  }
  return completeList({ ...input, name: input.name.trim(), words });
}

function checkNameFree(context: ServiceContext, name: string, ownId: number | null): void {
  const existing = findRiskListIdByName(context.db, name);
  if (existing !== null && existing !== ownId)
    throw new AppError('CONFLICT', 'risk.errors.nameTaken', { name });
}

/** Creates a list, or stores a new revision of one. */
export function saveRiskList(
  context: ServiceContext,
  input: { id?: number | undefined; list: RiskListInput; enabled?: boolean | undefined },
): RiskListDetail {
  ensureRiskLists(context);
  const list = normaliseListInput(input.list);
  const id = inRiskTransaction(context, () =>
    storeList(context, list, input.id ?? null, input.enabled, 'save'),
  );
  return detailOf(context, id);
}

/** Inserts or replaces (ownId) a list, records the revision, bumps the ruleset and audits; returns the id. */
function storeList(
  context: ServiceContext,
  list: SensitiveList,
  ownId: number | null,
  enabled: boolean | undefined,
  how: 'save' | 'import',
): number {
  const { db } = context;
  const now = context.now();
  checkNameFree(context, list.name, ownId);
  let id: number;
  let version: number;
  if (ownId === null) {
    id = insertRiskList(db, { list, origin: 'user', enabled: enabled ?? true }, now);
    version = 1;
  } else {
    const existing = requireList(context, ownId);
    id = ownId;
    version = updateRiskList(db, id, list, enabled ?? existing.enabled, now);
  }
  insertListVersion(db, id, version, list, context.operator(), now);
  const ruleset = bumpRulesetVersion(db);
  const action =
    ownId === null
      ? how === 'import'
        ? 'import'
        : 'create'
      : how === 'import'
        ? 'import-replace'
        : 'update';
  audit(context, action, id, {
    name: list.name,
    kind: list.kind,
    category: list.category,
    words: list.words.length,
    version,
    ruleset,
  });
  return id;
}

export function enableRiskList(context: ServiceContext, id: number, enabled: boolean): RiskListSummary {
  ensureRiskLists(context);
  inRiskTransaction(context, () => {
    const record = requireList(context, id);
    if (record.enabled === enabled) return;
    setRiskListEnabled(context.db, id, enabled, context.now());
    const ruleset = bumpRulesetVersion(context.db);
    audit(context, enabled ? 'enable' : 'disable', id, { name: record.name, ruleset });
  });
  return summary(requireList(context, id));
}

export function removeRiskList(context: ServiceContext, id: number): void {
  inRiskTransaction(context, () => {
    const record = requireList(context, id);
    deleteRiskList(context.db, id);
    const ruleset = bumpRulesetVersion(context.db);
    audit(context, 'delete', id, { name: record.name, words: record.wordCount, ruleset });
  });
}

/** Text of a word-list file's bytes: BOM, UTF-16 or strict UTF-8, else GB18030 (lists saved by Excel or WPS). */
export function decodeListBytes(bytes: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(bytes, true);
  const decoder = createChunkDecoder(encoding);
  return decoder.write(bytes.subarray(bomLength)) + decoder.end();
}

export function formatOfFileName(fileName: string): RiskListFormat {
  return /\.csv$/i.test(fileName) ? 'csv' : 'txt';
}

/** A file name without its folder and extension, as a list name. */
export function listNameOfFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return [...base.replace(/\.[^.]+$/, '').trim()].slice(0, 80).join('');
}

export interface ImportListInput {
  format: RiskListFormat;
  /** The file's text, or its bytes (base64) when the encoding is unknown. */
  content?: string | undefined;
  base64?: string | undefined;
  bytes?: Uint8Array | undefined;
  /** Overrides the name the file gives itself. */
  name?: string | undefined;
  /** Names the list when neither `name` nor a `# name:` line does. */
  fileName?: string | undefined;
  replace: boolean;
}

/** Parses a list file into a list; throws BAD_FILE (with the line) and stores nothing when it is malformed. */
export function parseListFile(input: Omit<ImportListInput, 'replace'>): SensitiveList {
  const text = input.content ?? decodeListBytes(input.bytes ?? Buffer.from(input.base64 ?? '', 'base64'));
  const fallbackName = input.name ?? (input.fileName ? listNameOfFile(input.fileName) : undefined);
  const parsed = parseList(text, input.format, fallbackName ? { name: fallbackName } : {});
  const list = normaliseListInput({ ...parsed, name: input.name ?? parsed.name });
  if ([...list.name].length > 80) throw new AppError('BAD_FILE', 'risk.errors.nameTooLong', { max: 80 });
  if (list.words.length === 0) throw new AppError('BAD_FILE', 'risk.errors.noWords');
  return list;
}

/** Imports a list file: a new list, or (with `replace`) a new revision of the list of that name. */
export function importRiskList(context: ServiceContext, input: ImportListInput): RiskListDetail {
  ensureRiskLists(context);
  const list = parseListFile(input);
  const id = inRiskTransaction(context, () => {
    const existing = findRiskListIdByName(context.db, list.name);
    if (existing !== null && !input.replace)
      throw new AppError('CONFLICT', 'risk.errors.nameTaken', { name: list.name });
    return storeList(context, list, existing, undefined, 'import');
  });
  return detailOf(context, id);
}

export function exportRiskList(context: ServiceContext, id: number, format: RiskListFormat): RiskListFile {
  ensureRiskLists(context);
  const record = requireList(context, id);
  const content = serialiseList(toSensitiveList(record, riskListWords(context.db, id)), format);
  const safeName = record.name.replace(/[\\/:*?"<>|\s]+/g, '_') || 'list';
  return {
    fileName: `${safeName}.${format}`,
    mimeType: format === 'csv' ? 'text/csv' : 'text/plain',
    // Excel opens a UTF-8 CSV without a BOM as GBK; the BOM keeps Chinese words readable there.
    content: format === 'csv' ? `\uFEFF${content}` : content,
  };
}

/** Adds phrases to the review allow list (created on first use); returns those that were new. Call in a transaction. */
export function addReviewAllowPhrases(context: ServiceContext, phrases: readonly string[]): string[] {
  const { db } = context;
  const now = context.now();
  let id = findReviewListId(db);
  const known = new Set(id === null ? [] : riskListWords(db, id).map((word) => word.word));
  const added = [...new Set(phrases.map((phrase) => phrase.trim()))].filter(
    (phrase) => phrase && !known.has(phrase),
  );
  if (added.length === 0) return [];
  if (id === null) {
    const list = completeList({ name: reviewListName, kind: 'allow', severity: 'low', words: [] });
    checkNameFree(context, reviewListName, null);
    id = insertRiskList(db, { list, origin: 'review' }, now);
    insertListVersion(db, id, 1, list, context.operator(), now);
    audit(context, 'create', id, { name: list.name, kind: 'allow', words: 0 });
  }
  const record = requireList(context, id);
  const list = toSensitiveList(record, [...riskListWords(db, id), ...added.map((word) => ({ word }))]);
  const version = updateRiskList(db, id, list, record.enabled, now);
  insertListVersion(db, id, version, list, context.operator(), now);
  const ruleset = bumpRulesetVersion(db);
  audit(context, 'add-allow-phrases', id, { name: record.name, phrases: added, version, ruleset });
  return added;
}

const csvColumnsHeader = 'word,category,severity,options,action';

/**
 * Word lines of the list editor (CSV rows without the header) as words and lint warnings. The header is added here,
 * so a word such as 关键词 is never taken for one; error line numbers are the editor's.
 */
export function parseWordLines(
  text: string,
  options: Partial<SensitiveList['options']>,
): { words: SensitiveWord[]; warnings: ReturnType<typeof lintList> } {
  let list: SensitiveList;
  try {
    list = parseListCsv(`${csvColumnsHeader}\n${text}`, { name: '-', options });
  } catch (error) {
    const line = error instanceof AppError ? error.params?.line : undefined;
    if (error instanceof AppError && typeof line === 'number') {
      throw new AppError(error.code, error.messageKey, { ...error.params, line: line - 1 });
    }
    throw error;
  }
  return { words: list.words, warnings: lintList(list) };
}
