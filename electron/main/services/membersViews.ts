/** Saved views of the member list (named filter + sort + columns), audited like every other change. */
import type { MemberView } from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import {
  deleteMemberView,
  findMemberView,
  findMemberViewIdByName,
  insertMemberView,
  listMemberViews,
  updateMemberView,
  type MemberViewFields,
} from '../db/repositories/membersViews';
import type { ServiceContext } from './context';
import { audit, inTransaction } from './membersCommon';

export function memberViews(context: ServiceContext): MemberView[] {
  return listMemberViews(context.db);
}

function requireView(context: ServiceContext, id: number): MemberView {
  const view = findMemberView(context.db, id);
  if (!view) throw new AppError('NOT_FOUND', 'members.errors.viewNotFound', { id });
  return view;
}

/** Creates a view, or replaces view `id`; a name another view has is refused. */
export function saveMemberView(
  context: ServiceContext,
  id: number | undefined,
  fields: MemberViewFields,
): MemberView {
  const savedId = inTransaction(context, () => {
    if (id !== undefined) requireView(context, id);
    const holder = findMemberViewIdByName(context.db, fields.name);
    if (holder !== null && holder !== id) {
      throw new AppError('CONFLICT', 'members.errors.viewNameTaken', { name: fields.name });
    }
    const now = context.now();
    const viewId = id ?? insertMemberView(context.db, fields, now);
    if (id !== undefined) updateMemberView(context.db, id, fields, now);
    audit(context, id === undefined ? 'create' : 'update', 'member-view', viewId, fields);
    return viewId;
  });
  return requireView(context, savedId);
}

export function removeMemberView(context: ServiceContext, id: number): void {
  inTransaction(context, () => {
    const view = requireView(context, id);
    deleteMemberView(context.db, id);
    audit(context, 'delete', 'member-view', id, { name: view.name });
  });
}
