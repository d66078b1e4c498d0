/**
 * The workspace's compiled engine: enabled lists + detectors, compiled once per ruleset version and connection and
 * reused by live checks, the draft checker and back-tests. A list object is kept per (list, revision), so after an
 * edit only the edited list is prepared again when the engine is rebuilt.
 */
import { compileEngine, type SensitiveEngine } from '../../../shared/domain/sensitive';
import {
  severityRank,
  type SensitiveHit,
  type SensitiveList,
} from '../../../shared/domain/sensitive/types';
import type { RiskHitView } from '../../../shared/ipc/channels/risk';
import type { Db } from '../db/connection';
import {
  listRiskLists,
  riskListWords,
  rulesetVersion,
  toSensitiveList,
  type RiskListRecord,
} from '../db/repositories/riskLists';

export interface Ruleset {
  version: number;
  lists: SensitiveList[];
  /** The id of each list, in the same order. */
  ids: number[];
  competitorDomains: string[];
}

const listObjects = new WeakMap<Db, Map<number, { version: number; list: SensitiveList }>>();
const engines = new WeakMap<Db, { key: string; engine: SensitiveEngine }[]>();
const keptEngines = 4;

function listObject(db: Db, record: RiskListRecord): SensitiveList {
  let byId = listObjects.get(db);
  if (!byId) {
    byId = new Map();
    listObjects.set(db, byId);
  }
  const cached = byId.get(record.id);
  if (cached && cached.version === record.version) return cached.list;
  const list = toSensitiveList(record, riskListWords(db, record.id));
  byId.set(record.id, { version: record.version, list });
  return list;
}

const domainPattern = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/i;

/** Domain-like words of competitor lists (or competitor words) also make the URL detector flag those hosts. */
export function competitorDomainsOf(lists: readonly SensitiveList[]): string[] {
  const domains = new Set<string>();
  for (const list of lists) {
    if (list.kind !== 'deny') continue;
    for (const word of list.words) {
      const category = word.category ?? list.category;
      if (category === 'competitor' && domainPattern.test(word.word.trim()))
        domains.add(word.word.trim().toLowerCase());
    }
  }
  return [...domains].sort();
}

/** The enabled lists (or exactly `listIds`, enabled or not) with the ruleset version they belong to. */
export function loadRuleset(db: Db, listIds?: readonly number[]): Ruleset {
  const wanted = listIds ? new Set(listIds) : null;
  const records = listRiskLists(db).filter((record) => (wanted ? wanted.has(record.id) : record.enabled));
  const lists = records.map((record) => listObject(db, record));
  return {
    version: rulesetVersion(db),
    lists,
    ids: records.map((record) => record.id),
    competitorDomains: competitorDomainsOf(lists),
  };
}

/** The engine for a ruleset: its lists and the detectors. */
export function compileRuleset(ruleset: Ruleset): SensitiveEngine {
  return compileEngine(ruleset.lists, { competitorDomains: ruleset.competitorDomains });
}

/** The compiled engine for the current ruleset (or a subset of lists), from a small per-connection cache. */
export function rulesetEngine(
  db: Db,
  listIds?: readonly number[],
): { version: number; engine: SensitiveEngine } {
  const version = rulesetVersion(db);
  const key = `${version}|${listIds ? [...listIds].sort((a, b) => a - b).join(',') : '*'}`;
  let cache = engines.get(db);
  if (!cache) {
    cache = [];
    engines.set(db, cache);
  }
  const found = cache.find((entry) => entry.key === key);
  if (found) return { version, engine: found.engine };
  const engine = compileRuleset(loadRuleset(db, listIds));
  cache.unshift({ key, engine });
  cache.length = Math.min(cache.length, keptEngines);
  return { version, engine };
}

/** Beyond this many hits in one text the nested-hit pass is skipped (it compares hits pairwise). */
const collapseLimit = 500;

/**
 * What a moderator reviews: a hit nested in another hit of the same category that is at least as severe says nothing
 * new (维权 inside 集体维权), so it is left out; so is a second hit on the same span and category.
 */
export function reviewHits(hits: readonly SensitiveHit[]): SensitiveHit[] {
  if (hits.length < 2 || hits.length > collapseLimit) return [...hits];
  return hits.filter(
    (hit, index) =>
      !hits.some((other, otherIndex) => {
        if (otherIndex === index || other.category !== hit.category) return false;
        if (other.start > hit.start || other.end < hit.end) return false;
        const rank = severityRank[other.severity] - severityRank[hit.severity];
        if (rank < 0) return false;
        const sameSpan = other.start === hit.start && other.end === hit.end;
        // On the same span, the more severe wins, then the first.
        return !sameSpan || rank > 0 || otherIndex < index;
      }),
  );
}

export function toHitView(hit: SensitiveHit): RiskHitView {
  return {
    start: hit.start,
    end: hit.end,
    text: hit.text,
    word: hit.word,
    list: hit.list,
    category: hit.category,
    severity: hit.severity,
    action: hit.action,
    rule: hit.rule,
    detector: hit.detector ?? null,
  };
}
