/**
 * The review queue: hits with their message in context, decisions (confirm adds a violation to the sender's ledger
 * with the message as evidence; dismiss may add an allow phrase), the scan summary and hits per day for the dashboard.
 */
import type { ViolationAction, ViolationCategory } from '../../../shared/domain/members';
import { dayOfDate, dateOfDay, instantOfDay } from '../../../shared/domain/health/days';
import type {
  MatchRule,
  SensitiveCategory,
  Severity,
  SuggestedAction,
} from '../../../shared/domain/sensitive/types';
import type { Page } from '../../../shared/domain/types';
import type {
  RiskDecideResult,
  RiskDecision,
  RiskQueueItem,
  RiskStats,
  RiskSummary,
} from '../../../shared/ipc/channels/risk';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import { countRows } from '../db/repositories/messages';
import {
  countScannedMessages,
  decideHit,
  hitCountsByCategory,
  hitCountsByStatus,
  hitsForDecision,
  hitsPerDay,
  insertAllowPhrase,
  messageSpans,
  neighbourMessages,
  queryHits,
  violationOfMessage,
  type HitForDecision,
  type HitQuery,
} from '../db/repositories/riskHits';
import { lastScanSummary, rulesetVersion } from '../db/repositories/riskLists';
import type { ServiceContext } from './context';
import { addViolation } from './membersLedgers';
import { addReviewAllowPhrases, ensureRiskLists, inRiskTransaction } from './riskLists';

export function riskSummary(context: ServiceContext, runningJobId: string | null): RiskSummary {
  ensureRiskLists(context);
  const { db } = context;
  const version = rulesetVersion(db);
  const messages = countRows(db, 'messages');
  const scanned = countScannedMessages(db, version);
  const counts = hitCountsByStatus(db);
  const last = lastScanSummary(db);
  return {
    rulesetVersion: version,
    messages,
    scanned,
    pending: Math.max(0, messages - scanned),
    open: counts.open,
    openByCategory: hitCountsByCategory(db, 'open'),
    confirmed: counts.confirmed,
    dismissed: counts.dismissed,
    lastScan: last ? { ...last, at: new Date(last.at).toISOString() } : null,
    runningJobId,
  };
}

const wordCharacter = /[\p{L}\p{N}]/u;
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Where the word characters next to `index` end, walking up to `most` code points left or right. */
function wordReach(text: string, index: number, direction: -1 | 1, most: number): number[] {
  const stops: number[] = [];
  let position = index;
  while (stops.length < most) {
    let next: number;
    if (direction < 0) {
      if (position <= 0) break;
      next = position - 1;
      if (next > 0 && isLowSurrogate(text.charCodeAt(next)) && isHighSurrogate(text.charCodeAt(next - 1)))
        next -= 1;
      if (!wordCharacter.test(text.slice(next, position))) break;
    } else {
      if (position >= text.length) break;
      const cp = text.codePointAt(position)!;
      next = position + (cp > 0xffff ? 2 : 1);
      if (!wordCharacter.test(text.slice(position, next))) break;
    }
    stops.push(next);
    position = next;
  }
  return stops;
}

/**
 * The allow phrase to suggest when dismissing a hit: the hit with two more characters of the same run of text (one
 * each side when both have one), so 微信 in 我稍微信任他 suggests 稍微信任 and 退款 in 退款申请提交了 suggests
 * 退款申请. None for crisis hits (allow phrases never cancel them), detector hits and hits standing alone.
 */
export function suggestAllowPhrase(
  content: string,
  hit: { start: number; end: number; category: SensitiveCategory; rule: MatchRule },
): string | null {
  if (hit.category === 'crisis' || hit.rule === 'detector') return null;
  const left = wordReach(content, hit.start, -1, 2);
  const right = wordReach(content, hit.end, 1, 2);
  if (left.length === 0 && right.length === 0) return null;
  const takeLeft = right.length === 0 ? left.length : left.length === 0 ? 0 : 1;
  const takeRight = left.length === 0 ? right.length : right.length === 0 ? 0 : 1;
  const start = takeLeft > 0 ? left[takeLeft - 1]! : hit.start;
  const end = takeRight > 0 ? right[takeRight - 1]! : hit.end;
  return content.slice(start, end);
}

const contextMessages = 2;

export function riskQueue(context: ServiceContext, query: HitQuery): Page<RiskQueueItem> {
  const { db } = context;
  const page = queryHits(db, query);
  return {
    total: page.total,
    rows: page.rows.map((row) => {
      const anchor = {
        id: row.message.id,
        groupId: row.message.groupId,
        sentAt: Date.parse(row.message.sentAt),
      };
      return {
        ...row,
        spans: messageSpans(db, row.message.id),
        before: neighbourMessages(db, anchor, 'before', contextMessages),
        after: neighbourMessages(db, anchor, 'after', contextMessages),
        suggestedAllowPhrase: suggestAllowPhrase(row.message.content, row),
      };
    }),
  };
}

/** The ledger category of a confirmed hit; complaints and crisis signals are not the sender's misconduct. */
export const violationCategoryOf: Record<SensitiveCategory, ViolationCategory | null> = {
  ads: 'ad',
  scam: 'fraud',
  competitor: 'ad',
  privacy: 'leak',
  abuse: 'abuse',
  crisis: null,
  complaint: null,
  custom: 'sensitive',
};

const violationActionOf: Record<SuggestedAction, ViolationAction> = {
  remind: 'remind',
  recall: 'remind',
  mute: 'mute',
  warnPrivately: 'dm_warning',
  remove: 'remove',
};

export const violationPointsOf: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 5 };

const severityOrder: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface DecideInput {
  hitIds: readonly number[];
  decision: RiskDecision;
  reason?: string | undefined;
  addAllowPhrase?: boolean | string | undefined;
}

/** The violation one message's confirmed hits add (its most severe hit that is misconduct), or null. */
function recordViolation(
  context: ServiceContext,
  hits: readonly HitForDecision[],
  reason: string | null,
): { id: number | null; withoutMember: boolean } {
  const first = hits[0]!;
  const existing = violationOfMessage(context.db, first.messageId);
  if (existing !== null) return { id: existing, withoutMember: false };
  const counted = hits
    .filter((hit) => violationCategoryOf[hit.category] !== null)
    .sort((a, b) => severityOrder[b.severity] - severityOrder[a.severity]);
  const worst = counted[0];
  if (!worst) return { id: null, withoutMember: false };
  if (first.memberId === null) return { id: null, withoutMember: true };
  const note = `风险词命中「${worst.text}」（${worst.list}：${worst.word}）${reason ? `：${reason}` : ''}`;
  try {
    const { violation } = addViolation(context, {
      memberId: first.memberId,
      category: violationCategoryOf[worst.category]!,
      points: violationPointsOf[worst.severity],
      messageId: first.messageId,
      note: note.slice(0, 500),
      action: violationActionOf[worst.action],
    });
    return { id: violation.id, withoutMember: false };
  } catch (error) {
    // A member merged into another (or removed) has no ledger of their own to add to; the decision still stands.
    if (error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
      return { id: null, withoutMember: true };
    }
    throw error;
  }
}

export function decideHits(context: ServiceContext, input: DecideInput): RiskDecideResult {
  ensureRiskLists(context);
  const { db } = context;
  return inRiskTransaction(context, () => {
    const requested = [...new Set(input.hitIds)];
    const open = hitsForDecision(db, requested).filter((hit) => hit.status === 'open');
    const reason = input.reason?.trim() || null;
    const now = context.now();
    const operator = context.operator();
    const violationIds: number[] = [];
    let withoutMember = 0;
    let allowPhrases: string[] = [];
    if (input.decision === 'dismiss') {
      for (const hit of open)
        decideHit(db, hit.id, { status: 'dismissed', operator, reason, violationId: null }, now);
      const proposals =
        input.addAllowPhrase === true
          ? open.flatMap((hit) => {
              const phrase = suggestAllowPhrase(hit.content, hit);
              return phrase ? [{ phrase, hit }] : [];
            })
          : typeof input.addAllowPhrase === 'string' && open.length > 0
            ? [{ phrase: input.addAllowPhrase.trim(), hit: open[0]! }]
            : [];
      allowPhrases = addReviewAllowPhrases(
        context,
        proposals.map((proposal) => proposal.phrase),
      );
      const added = new Set(allowPhrases);
      for (const { phrase, hit } of proposals) {
        if (!added.delete(phrase)) continue;
        insertAllowPhrase(db, { phrase, hitId: hit.id, word: hit.word }, operator, now);
      }
    } else {
      const byMessage = new Map<number, HitForDecision[]>();
      for (const hit of open) byMessage.set(hit.messageId, [...(byMessage.get(hit.messageId) ?? []), hit]);
      for (const hits of byMessage.values()) {
        const violation = recordViolation(context, hits, reason);
        if (violation.id !== null && !violationIds.includes(violation.id)) violationIds.push(violation.id);
        if (violation.withoutMember) withoutMember += 1;
        for (const hit of hits) {
          decideHit(db, hit.id, { status: 'confirmed', operator, reason, violationId: violation.id }, now);
        }
      }
    }
    if (open.length > 0) {
      recordAudit(db, now, {
        operator,
        action: input.decision === 'confirm' ? 'confirm-hits' : 'dismiss-hits',
        entity: 'risk-hit',
        entityId: open.length === 1 ? open[0]!.id : null,
        detail: { hitIds: open.map((hit) => hit.id), reason, allowPhrases, violationIds },
      });
    }
    return {
      decided: open.length,
      skipped: requested.length - open.length,
      violationIds,
      withoutMember,
      allowPhrases,
      rulesetVersion: rulesetVersion(db),
    };
  });
}

/** Longest range of `risk.stats`, in days. */
export const maxStatsDays = 366;

export function riskStats(
  context: ServiceContext,
  input: { from: string; to: string; groupId?: number | undefined },
): RiskStats {
  const fromDay = dayOfDate(input.from);
  const toDay = dayOfDate(input.to);
  if (toDay - fromDay + 1 > maxStatsDays) {
    throw new AppError('VALIDATION', 'risk.errors.rangeTooLong', { max: maxStatsDays });
  }
  const rows = hitsPerDay(context.db, {
    from: instantOfDay(fromDay),
    to: instantOfDay(toDay + 1),
    groupId: input.groupId,
  });
  const days: RiskStats['days'] = [];
  for (let day = fromDay; day <= toDay; day++) days.push({ date: dateOfDay(day), total: 0, counts: {} });
  const totals: RiskStats['totals'] = {};
  for (const row of rows) {
    const entry = days[row.day - fromDay];
    if (!entry) continue;
    entry.counts[row.category] = row.n;
    entry.total += row.n;
    totals[row.category] = (totals[row.category] ?? 0) + row.n;
  }
  return { from: input.from, to: input.to, days, totals };
}
