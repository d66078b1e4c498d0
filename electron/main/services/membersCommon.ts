/** Checks and the audit call every member service shares. */
import { maxBulkMembers } from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  existingMemberIds,
  findMember,
  memberIdsMatching,
  type MemberQuery,
  type MemberRecord,
} from '../db/repositories/members';
import type { ServiceContext } from './context';

/** Bulk changes list this many member ids in the audit detail, and the count beyond. */
export const auditedIdsMax = 100;

/** The member, refusing unknown ids and members merged into another (their data lives on the target). */
export function requireMember(
  context: ServiceContext,
  id: number,
  options: { allowMerged?: boolean } = {},
): MemberRecord {
  const member = findMember(context.db, id);
  if (!member) throw new AppError('NOT_FOUND', 'members.errors.notFound', { id });
  if (member.merged_into_id !== null && !options.allowMerged) {
    throw new AppError('CONFLICT', 'members.errors.merged', { id, into: member.merged_into_id });
  }
  return member;
}

/**
 * The member for a change: as `requireMember`, and refusing a forgotten member (被遗忘权), whose record stays only
 * for the anonymous counts, so nothing personal may be written to it again.
 */
export function requireEditableMember(context: ServiceContext, id: number): MemberRecord {
  const member = requireMember(context, id);
  if (member.forgotten_at !== null) throw new AppError('CONFLICT', 'members.errors.forgotten', { id });
  return member;
}

/** Which of these members were forgotten. */
function forgottenAmong(context: ServiceContext, ids: readonly number[]): Set<number> {
  const rows = context.db
    .prepare(
      'SELECT id FROM members WHERE forgotten_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))',
    )
    .pluck()
    .all(JSON.stringify(ids)) as number[];
  return new Set(rows);
}

export function requireMembers(context: ServiceContext, ids: readonly number[]): void {
  const found = existingMemberIds(context.db, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new AppError('NOT_FOUND', 'members.errors.notFound', { id: missing });
}

export function requireGroup(context: ServiceContext, id: number): void {
  if (!context.db.prepare('SELECT 1 FROM groups WHERE id = ?').get(id))
    throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id });
}

export function audit(
  context: ServiceContext,
  action: string,
  entity: string,
  entityId: string | number | null,
  detail?: unknown,
): void {
  recordAudit(context.db, context.now(), { operator: context.operator(), action, entity, entityId, detail });
}

/** Runs `change` in one transaction: its writes and its audit rows land together or not at all. */
export function inTransaction<T>(context: ServiceContext, change: () => T): T {
  return context.db.transaction(change)();
}

export interface MemberSelection {
  memberIds?: number[] | undefined;
  filter?: Omit<MemberQuery, 'offset' | 'limit'> | undefined;
}

/**
 * The members a bulk change targets: the listed ids (all must exist, none forgotten) or those matching a filter
 * (forgotten members left out: a filter names no one in particular).
 */
export function resolveSelection(context: ServiceContext, selection: MemberSelection): number[] {
  if (selection.memberIds) {
    const ids = [...new Set(selection.memberIds)];
    requireMembers(context, ids);
    const [forgotten] = forgottenAmong(context, ids);
    if (forgotten !== undefined)
      throw new AppError('CONFLICT', 'members.errors.forgotten', { id: forgotten });
    return ids;
  }
  const ids = memberIdsMatching(context.db, selection.filter ?? {}, maxBulkMembers + 1);
  if (ids.length > maxBulkMembers)
    throw new AppError('VALIDATION', 'members.errors.tooManyMembers', { max: maxBulkMembers });
  const forgotten = forgottenAmong(context, ids);
  return forgotten.size === 0 ? ids : ids.filter((id) => !forgotten.has(id));
}
