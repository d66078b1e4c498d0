/** One person, two records: merge suggestions (with their evidence), merge, and undo (split them again). */
import { maskPhone } from '../../../shared/domain/members';
import type { MergeResult, MergeSuggestion } from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import { findMember } from '../db/repositories/members';
import {
  findMerge,
  insertMerge,
  laterMerges,
  markMergeUndone,
  mergeMembers,
  samePhonePairs,
  similarNamePairs,
  unmergeMembers,
  type MergeRecord,
} from '../db/repositories/merges';
import { currentBalance } from '../db/repositories/points';
import type { ServiceContext } from './context';
import { audit, inTransaction, requireEditableMember, requireMember } from './membersCommon';

/** Suggestions for the workspace, or those pairing one member (searched among the first 500). */
export function mergeSuggestions(
  context: ServiceContext,
  limit: number,
  memberId?: number,
): MergeSuggestion[] {
  if (memberId !== undefined) {
    return workspaceSuggestions(context, 500)
      .filter((suggestion) => suggestion.memberIds.includes(memberId))
      .slice(0, limit);
  }
  return workspaceSuggestions(context, limit);
}

function workspaceSuggestions(context: ServiceContext, limit: number): MergeSuggestion[] {
  const certain = samePhonePairs(context.db, limit).map((row): MergeSuggestion => ({
    memberIds: [row.a, row.b],
    names: [row.a_name, row.b_name],
    confidence: 'certain',
    evidence: { key: 'members.mergeEvidence.samePhone', params: { phone: maskPhone(row.evidence) } },
  }));
  const possible = similarNamePairs(context.db, Math.max(0, limit - certain.length)).map(
    (row): MergeSuggestion => ({
      memberIds: [row.a, row.b],
      names: [row.a_name, row.b_name],
      confidence: 'possible',
      evidence: { key: 'members.mergeEvidence.similarName', params: { channel: row.evidence } },
    }),
  );
  return [...certain, ...possible];
}

/** Refuses merging a member into itself, an already merged source, and a target whose merge chain leads back. */
function checkMerge(context: ServiceContext, sourceId: number, targetId: number): void {
  if (sourceId === targetId) throw new AppError('VALIDATION', 'members.errors.mergeSelf');
  requireEditableMember(context, sourceId);
  const target = requireMember(context, targetId, { allowMerged: true });
  if (target.forgotten_at !== null)
    throw new AppError('CONFLICT', 'members.errors.forgotten', { id: targetId });
  const seen = new Set<number>([targetId]);
  for (let next = target.merged_into_id; next !== null;) {
    if (next === sourceId)
      throw new AppError('CONFLICT', 'members.errors.mergeCycle', { sourceId, targetId });
    if (seen.has(next)) break;
    seen.add(next);
    next = findMember(context.db, next)?.merged_into_id ?? null;
  }
  if (target.merged_into_id !== null) {
    throw new AppError('CONFLICT', 'members.errors.merged', { id: targetId, into: target.merged_into_id });
  }
}

export function mergeMember(context: ServiceContext, sourceId: number, targetId: number): MergeResult {
  return inTransaction(context, () => {
    checkMerge(context, sourceId, targetId);
    const now = context.now();
    const record = mergeMembers(
      context.db,
      sourceId,
      targetId,
      `merge #${sourceId} → #${targetId}`,
      context.operator(),
      now,
    );
    const mergeId = insertMerge(context.db, sourceId, targetId, record, context.operator(), now);
    audit(context, 'merge', 'member', targetId, { mergeId, sourceId, targetId, moved: summarize(record) });
    return { mergeId, sourceId, targetId, moved: summarize(record) };
  });
}

function summarize(record: MergeRecord): MergeResult['moved'] {
  return {
    groups: record.movedGroups.length + record.droppedMemberships.length,
    names: record.names.length,
    notes: record.notes.length,
    identities: record.identities.length + (record.wxid ? 1 : 0),
    violations: record.violations.length,
    messages: record.messages.length,
    points: record.points,
  };
}

/** Splits a merge apart again: only the most recent merge touching either member can be undone. */
export function undoMerge(context: ServiceContext, mergeId: number): MergeResult {
  return inTransaction(context, () => {
    const merge = findMerge(context.db, mergeId);
    if (!merge) throw new AppError('NOT_FOUND', 'members.errors.mergeNotFound', { id: mergeId });
    if (merge.undone_at !== null)
      throw new AppError('CONFLICT', 'members.errors.mergeAlreadyUndone', { id: mergeId });
    const later = laterMerges(context.db, merge);
    if (later.length)
      throw new AppError('CONFLICT', 'members.errors.mergeUndoBlocked', {
        id: mergeId,
        later: later.join(', '),
      });
    const record = JSON.parse(merge.moved) as MergeRecord;
    const balance = currentBalance(context.db, merge.target_id);
    if (balance - record.points < 0) {
      throw new AppError('CONFLICT', 'members.errors.pointsBelowZero', { balance, amount: -record.points });
    }
    const now = context.now();
    unmergeMembers(
      context.db,
      merge.source_id,
      merge.target_id,
      record,
      `undo merge #${mergeId}`,
      context.operator(),
      now,
    );
    markMergeUndone(context.db, mergeId, now);
    audit(context, 'undo-merge', 'member', merge.target_id, {
      mergeId,
      sourceId: merge.source_id,
      targetId: merge.target_id,
    });
    return { mergeId, sourceId: merge.source_id, targetId: merge.target_id, moved: summarize(record) };
  });
}
