/**
 * Checking text without storing anything: the live check-a-text box, the content calendar's approval check, and
 * back-tests ("would have hit N messages in the last 30 days") of a list before it is saved.
 */
import type { DraftChecker } from '../../../shared/domain/calendar/workflow';
import { dayMs } from '../../../shared/domain/health/days';
import { compileEngine } from '../../../shared/domain/sensitive';
import { completeList, type SensitiveHit, type SensitiveList } from '../../../shared/domain/sensitive/types';
import type {
  RiskBacktest,
  RiskBacktestSample,
  RiskCheckResult,
  RiskListInput,
} from '../../../shared/ipc/channels/risk';
import type { SensitiveCategory } from '../../../shared/domain/sensitive/types';
import { groupNames, messagesInWindow, newestMessageTime } from '../db/repositories/riskHits';
import type { ServiceContext } from './context';
import { loadRuleset, reviewHits, rulesetEngine, toHitView } from './riskEngine';
import { ensureRiskLists, normaliseListInput } from './riskLists';

export function checkRiskText(
  context: ServiceContext,
  text: string,
  listIds?: readonly number[],
): RiskCheckResult {
  ensureRiskLists(context);
  const { version, engine } = rulesetEngine(context.db, listIds);
  return { hits: reviewHits(engine.scan(text)).map(toHitView), rulesetVersion: version };
}

/** The calendar's approval check: a draft's hits against the workspace's current lists. */
export function riskDraftChecker(context: ServiceContext): DraftChecker {
  return (text) =>
    checkRiskText(context, text).hits.map((hit) => ({
      severity: hit.severity,
      term: hit.text,
      index: hit.start,
      length: hit.end - hit.start,
      category: hit.category,
    }));
}

/** Most messages one back-test reads (the newest of the window); a bigger window says it was cut. */
export const maxBacktestMessages = 200_000;
const wordsShown = 50;
/** The name back-tested hits carry, so they are told apart from the workspace's lists. */
const testedListName = '\u0000backtest';

export interface BacktestInput {
  list?: RiskListInput | undefined;
  words?: readonly string[] | undefined;
  category?: SensitiveCategory | undefined;
  /** The stored list being edited: left out of the workspace lists the back-test runs beside. */
  listId?: number | undefined;
  days: number;
  sample: number;
}

const hitKey = (hit: SensitiveHit) => `${hit.start}:${hit.end}:${hit.list}:${hit.word}`;

export function backtestList(context: ServiceContext, input: BacktestInput): RiskBacktest {
  ensureRiskLists(context);
  const { db } = context;
  const candidate: SensitiveList = input.list
    ? normaliseListInput(input.list)
    : completeList({
        name: '-',
        category: input.category ?? 'custom',
        words: (input.words ?? []).map((word) => ({ word })),
      });
  const tested: SensitiveList = { ...candidate, name: testedListName };
  const ruleset = loadRuleset(db);
  const others = ruleset.lists.filter((_, index) => ruleset.ids[index] !== input.listId);

  // Deny lists: their own hits, with the workspace's allow lists applied. Allow lists: the hits of the workspace's
  // lists that they would cancel.
  const mode = tested.kind === 'allow' ? 'cancels' : 'hits';
  const findHits: (text: string) => SensitiveHit[] =
    mode === 'hits'
      ? (() => {
          const engine = compileEngine([tested, ...others.filter((list) => list.kind === 'allow')], {
            detectors: false,
          });
          return (text: string) => reviewHits(engine.scan(text)).filter((hit) => hit.list === testedListName);
        })()
      : (() => {
          const options = { competitorDomains: ruleset.competitorDomains };
          const baseline = compileEngine(others, options);
          const withList = compileEngine([...others, tested], options);
          return (text: string) => {
            const before = reviewHits(baseline.scan(text));
            if (before.length === 0) return [];
            const kept = new Set(reviewHits(withList.scan(text)).map(hitKey));
            return before.filter((hit) => !kept.has(hitKey(hit)));
          };
        })();

  const to = newestMessageTime(db) ?? context.now();
  const from = to - input.days * dayMs;
  const messages = messagesInWindow(db, { from, to }, maxBacktestMessages + 1);
  const truncated = messages.length > maxBacktestMessages;
  if (truncated) messages.length = maxBacktestMessages;
  const names = groupNames(db);
  const wordCounts = new Map<string, number>();
  const sample: RiskBacktestSample[] = [];
  let hitMessages = 0;
  let hits = 0;
  for (const message of messages) {
    const found = findHits(message.content);
    if (found.length === 0) continue;
    hitMessages += 1;
    hits += found.length;
    for (const hit of found) wordCounts.set(hit.word, (wordCounts.get(hit.word) ?? 0) + 1);
    if (sample.length < input.sample) {
      sample.push({
        messageId: message.id,
        groupName: names.get(message.groupId) ?? '',
        senderName: message.senderName,
        sentAt: new Date(message.sentAt).toISOString(),
        content: message.content,
        spans: found.map((hit) => ({
          start: hit.start,
          end: hit.end,
          word: hit.word,
          category: hit.category,
          severity: hit.severity,
        })),
      });
    }
  }
  return {
    mode,
    days: input.days,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    messages: messages.length,
    hitMessages,
    hits,
    truncated,
    words: [...wordCounts]
      .map(([word, count]) => ({ word, count }))
      .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
      .slice(0, wordsShown),
    sample,
  };
}
