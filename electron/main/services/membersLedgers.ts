/** The points ledger and the violation ledger, with threshold suggestions. */
import type {
  PointsEntry,
  Violation,
  ViolationAction,
  ViolationCategory,
  ViolationSuggestion,
  ViolationThreshold,
} from '../../../shared/domain/members';
import type { Page } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import { appendPoints, currentBalance, listPoints, type NewPointsEntry } from '../db/repositories/points';
import {
  activeViolationPoints,
  findMessageForEvidence,
  findViolation,
  getViolationThresholds,
  insertViolation,
  lastViolationAction,
  listViolations,
  setViolationThresholds,
  type ViolationQuery,
} from '../db/repositories/violations';
import type { ServiceContext } from './context';
import { blacklistMemberInTransaction } from './membersIdentities';
import { audit, inTransaction, requireEditableMember, requireGroup, requireMember } from './membersCommon';

/** The longest excerpt of a message kept as evidence. */
const excerptMax = 500;

/**
 * Appends a points entry. A debit that would take the balance below zero is refused with the balance in the
 * error, and nothing is written. Used by the channel and by other features that award points.
 */
export function addPoints(
  context: ServiceContext,
  input: Omit<NewPointsEntry, 'operator' | 'occurredAt' | 'groupId'> & {
    groupId?: number | undefined;
    occurredAt?: number | undefined;
  },
): { entry: PointsEntry; balance: number } {
  return inTransaction(context, () => {
    requireEditableMember(context, input.memberId);
    if (input.groupId !== undefined) requireGroup(context, input.groupId);
    const balance = currentBalance(context.db, input.memberId);
    if (balance + input.amount < 0) {
      throw new AppError('CONFLICT', 'members.errors.pointsBelowZero', { balance, amount: input.amount });
    }
    const now = context.now();
    const { id } = appendPoints(
      context.db,
      {
        memberId: input.memberId,
        groupId: input.groupId ?? null,
        amount: input.amount,
        source: input.source,
        reason: input.reason,
        occurredAt: input.occurredAt ?? now,
        operator: context.operator(),
      },
      now,
    );
    audit(context, 'add-points', 'member', input.memberId, {
      entryId: id,
      amount: input.amount,
      source: input.source,
      reason: input.reason,
    });
    const entry = listPoints(context.db, input.memberId, 0, 1).rows[0]!;
    return { entry, balance: entry.balanceAfter };
  });
}

export function pointsHistory(
  context: ServiceContext,
  memberId: number,
  offset: number,
  limit: number,
): Page<PointsEntry> & { balance: number } {
  requireMember(context, memberId, { allowMerged: true });
  return {
    ...listPoints(context.db, memberId, offset, limit),
    balance: currentBalance(context.db, memberId),
  };
}

export function violationSuggestion(context: ServiceContext, memberId: number): ViolationSuggestion {
  requireMember(context, memberId, { allowMerged: true });
  const activePoints = activeViolationPoints(context.db, memberId, context.now());
  const thresholds = getViolationThresholds(context.db);
  const reached = thresholds.filter((threshold) => activePoints >= threshold.points);
  return {
    memberId,
    activePoints,
    suggestedAction: reached.at(-1)?.action ?? null,
    next: thresholds.find((threshold) => threshold.points > activePoints) ?? null,
    lastAction: lastViolationAction(context.db, memberId),
  };
}

export interface NewViolationInput {
  memberId: number;
  groupId?: number | undefined;
  category: ViolationCategory;
  points: number;
  messageId?: number | undefined;
  note?: string | undefined;
  decayDays?: number | undefined;
  action: ViolationAction;
  occurredAt?: number | undefined;
}

/** Records a violation; the cited message must exist and be the member's. Recording 拉黑 also blacklists them. */
export function addViolation(
  context: ServiceContext,
  input: NewViolationInput,
): { violation: Violation; suggestion: ViolationSuggestion; blacklisted: number } {
  return inTransaction(context, () => {
    const member = requireEditableMember(context, input.memberId);
    let groupId = input.groupId ?? null;
    if (groupId !== null) requireGroup(context, groupId);
    let excerpt: string | null = null;
    let occurredAt = input.occurredAt ?? context.now();
    if (input.messageId !== undefined) {
      const message = findMessageForEvidence(context.db, input.messageId);
      if (!message)
        throw new AppError('NOT_FOUND', 'members.errors.messageNotFound', { id: input.messageId });
      if (message.member_id !== null && message.member_id !== member.id) {
        throw new AppError('CONFLICT', 'members.errors.evidenceNotByMember', { id: input.messageId });
      }
      excerpt = `${message.sender_name}: ${message.content}`.slice(0, excerptMax);
      groupId ??= message.group_id;
      if (input.occurredAt === undefined) occurredAt = message.sent_at;
    }
    const now = context.now();
    const id = insertViolation(
      context.db,
      {
        memberId: member.id,
        groupId,
        category: input.category,
        points: input.points,
        messageId: input.messageId ?? null,
        evidenceExcerpt: excerpt,
        note: input.note ?? null,
        decayDays: input.decayDays ?? null,
        action: input.action,
        occurredAt,
        operator: context.operator(),
      },
      now,
    );
    audit(context, 'add-violation', 'member', member.id, {
      violationId: id,
      category: input.category,
      points: input.points,
      action: input.action,
      messageId: input.messageId ?? null,
    });
    const blacklisted =
      input.action === 'blacklist'
        ? blacklistMemberInTransaction(context, member.id, input.note ?? `violation #${id}`).length
        : 0;
    const violation = findViolation(context.db, id, now)!;
    return { violation, suggestion: violationSuggestion(context, member.id), blacklisted };
  });
}

export function violationPage(context: ServiceContext, query: ViolationQuery): Page<Violation> {
  return listViolations(context.db, query, context.now());
}

export function violationThresholds(context: ServiceContext): ViolationThreshold[] {
  return getViolationThresholds(context.db);
}

export function updateViolationThresholds(
  context: ServiceContext,
  thresholds: ViolationThreshold[],
): ViolationThreshold[] {
  inTransaction(context, () => {
    setViolationThresholds(context.db, thresholds);
    audit(context, 'update', 'violation-thresholds', null, thresholds);
  });
  return getViolationThresholds(context.db);
}
