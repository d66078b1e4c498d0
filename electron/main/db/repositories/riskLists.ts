/** The workspace's word lists (risk_lists), their saved revisions and the ruleset version. */
import {
  completeList,
  type ListKind,
  type ListOptions,
  type SensitiveCategory,
  type SensitiveList,
  type SensitiveWord,
  type Severity,
  type SuggestedAction,
} from '../../../../shared/domain/sensitive/types';
import type { RiskListOrigin, RiskListSummary } from '../../../../shared/ipc/channels/risk';
import type { Db } from '../connection';
import { getMeta, setMeta } from './meta';

const rulesetVersionKey = 'risk.rulesetVersion';
const seededStartersKey = 'risk.seededStarters';
const lastScanKey = 'risk.lastScan';

interface RiskListDbRow {
  id: number;
  name: string;
  kind: ListKind;
  category: SensitiveCategory;
  severity: Severity;
  action: SuggestedAction;
  options: string;
  word_count: number;
  enabled: number;
  origin: RiskListOrigin;
  starter_file: string | null;
  version: number;
  updated_at: number;
}

export interface RiskListRecord extends RiskListSummary {
  starterFile: string | null;
}

const summaryColumns =
  'id, name, kind, category, severity, action, options, word_count, enabled, origin, starter_file, version, updated_at';

function toRecord(row: RiskListDbRow): RiskListRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    category: row.category,
    severity: row.severity,
    action: row.action,
    // Stored options are completed with today's defaults, so an option added by a later release has a value.
    options: completeList({
      name: row.name,
      words: [],
      options: JSON.parse(row.options) as Partial<ListOptions>,
    }).options,
    wordCount: row.word_count,
    enabled: row.enabled === 1,
    origin: row.origin,
    starterFile: row.starter_file,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Deny lists first, then allow lists, each by name. */
export function listRiskLists(db: Db): RiskListRecord[] {
  const rows = db
    .prepare(`SELECT ${summaryColumns} FROM risk_lists ORDER BY kind = 'allow', id`)
    .all() as RiskListDbRow[];
  return rows.map(toRecord);
}

export function findRiskList(db: Db, id: number): RiskListRecord | null {
  const row = db.prepare(`SELECT ${summaryColumns} FROM risk_lists WHERE id = ?`).get(id) as
    RiskListDbRow | undefined;
  return row ? toRecord(row) : null;
}

export function findRiskListIdByName(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM risk_lists WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id ?? null;
}

export function findReviewListId(db: Db): number | null {
  const row = db.prepare(`SELECT id FROM risk_lists WHERE origin = 'review' ORDER BY id LIMIT 1`).get() as
    { id: number } | undefined;
  return row?.id ?? null;
}

export function riskListWords(db: Db, id: number): SensitiveWord[] {
  const row = db.prepare('SELECT words FROM risk_lists WHERE id = ?').get(id) as
    { words: string } | undefined;
  return row ? (JSON.parse(row.words) as SensitiveWord[]) : [];
}

/** A stored list as the engine takes it. */
export function toSensitiveList(record: RiskListRecord, words: SensitiveWord[]): SensitiveList {
  return {
    name: record.name,
    kind: record.kind,
    category: record.category,
    severity: record.severity,
    action: record.action,
    options: record.options,
    words,
  };
}

/** Enabled lists with their words and revision, in list order. */
export function enabledRiskLists(db: Db): { id: number; version: number; list: SensitiveList }[] {
  return listRiskLists(db)
    .filter((record) => record.enabled)
    .map((record) => ({
      id: record.id,
      version: record.version,
      list: toSensitiveList(record, riskListWords(db, record.id)),
    }));
}

export interface NewRiskList {
  list: SensitiveList;
  origin: RiskListOrigin;
  starterFile?: string | null;
  enabled?: boolean;
}

function storedFields(list: SensitiveList) {
  return {
    name: list.name,
    kind: list.kind,
    category: list.category,
    severity: list.severity,
    action: list.action,
    options: JSON.stringify(list.options),
    words: JSON.stringify(list.words),
    wordCount: list.words.length,
  };
}

export function insertRiskList(db: Db, entry: NewRiskList, now: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO risk_lists (name, kind, category, severity, action, options, words, word_count, enabled, origin,
           starter_file, version, created_at, updated_at)
         VALUES (@name, @kind, @category, @severity, @action, @options, @words, @wordCount, @enabled, @origin,
           @starterFile, 1, @now, @now)`,
      )
      .run({
        ...storedFields(entry.list),
        enabled: entry.enabled === false ? 0 : 1,
        origin: entry.origin,
        starterFile: entry.starterFile ?? null,
        now,
      }).lastInsertRowid,
  );
}

/** Replaces a list's fields and words; returns its new revision. */
export function updateRiskList(
  db: Db,
  id: number,
  list: SensitiveList,
  enabled: boolean,
  now: number,
): number {
  db.prepare(
    `UPDATE risk_lists SET name = @name, kind = @kind, category = @category, severity = @severity, action = @action,
       options = @options, words = @words, word_count = @wordCount, enabled = @enabled, version = version + 1,
       updated_at = @now
     WHERE id = @id`,
  ).run({ ...storedFields(list), enabled: enabled ? 1 : 0, now, id });
  return (db.prepare('SELECT version FROM risk_lists WHERE id = ?').get(id) as { version: number }).version;
}

export function setRiskListEnabled(db: Db, id: number, enabled: boolean, now: number): void {
  db.prepare('UPDATE risk_lists SET enabled = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, now, id);
}

export function deleteRiskList(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM risk_lists WHERE id = ?').run(id).changes > 0;
}

export function insertListVersion(
  db: Db,
  listId: number,
  version: number,
  list: SensitiveList,
  operator: string,
  now: number,
): void {
  db.prepare(
    `INSERT INTO risk_list_versions (list_id, version, list, word_count, saved_at, operator) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(listId, version, JSON.stringify(list), list.words.length, now, operator);
}

export function countListVersions(db: Db, listId: number): number {
  return (
    db.prepare('SELECT count(*) AS n FROM risk_list_versions WHERE list_id = ?').get(listId) as { n: number }
  ).n;
}

/** 0 until the starter lists are seeded. */
export function rulesetVersion(db: Db): number {
  return Number(getMeta(db, rulesetVersionKey) ?? 0);
}

/** Marks a change that can alter hits: every message is due for a scan again. */
export function bumpRulesetVersion(db: Db): number {
  const next = rulesetVersion(db) + 1;
  setMeta(db, rulesetVersionKey, String(next));
  return next;
}

export function seededStarterFiles(db: Db): Set<string> {
  const stored = getMeta(db, seededStartersKey);
  return new Set(stored ? (JSON.parse(stored) as string[]) : []);
}

export function recordSeededStarterFiles(db: Db, files: Iterable<string>): void {
  setMeta(db, seededStartersKey, JSON.stringify([...files].sort()));
}

export interface StoredScanSummary {
  at: number;
  version: number;
  scanned: number;
  hits: number;
}

export function lastScanSummary(db: Db): StoredScanSummary | null {
  const stored = getMeta(db, lastScanKey);
  return stored ? (JSON.parse(stored) as StoredScanSummary) : null;
}

export function recordLastScan(db: Db, summary: StoredScanSummary): void {
  setMeta(db, lastScanKey, JSON.stringify(summary));
}
