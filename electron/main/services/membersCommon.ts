/** Checks and the audit call every member service shares. */
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import { existingMemberIds, findMember, type MemberRecord } from '../db/repositories/members';
import type { ServiceContext } from './context';

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
