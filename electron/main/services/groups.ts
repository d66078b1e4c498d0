import type { Group } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  deleteGroup,
  findGroup,
  findGroupIdByName,
  insertGroup,
  listGroups,
  updateGroup,
  type GroupFields,
} from '../db/repositories/groups';
import type { ServiceContext } from './context';

export function getGroup(context: ServiceContext, id: number): Group {
  const group = findGroup(context.db, id);
  if (!group) throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id });
  return group;
}

function assertNameFree(context: ServiceContext, name: string, exceptId?: number): void {
  const existing = findGroupIdByName(context.db, name);
  if (existing !== null && existing !== exceptId) throw new AppError('CONFLICT', 'groups.errors.nameTaken', { name });
}

export function createGroup(context: ServiceContext, fields: GroupFields): Group {
  const id = context.db.transaction(() => {
    assertNameFree(context, fields.name);
    const now = context.now();
    const newId = insertGroup(context.db, fields, now);
    recordAudit(context.db, now, { operator: context.operator(), action: 'create', entity: 'group', entityId: newId, detail: fields });
    return newId;
  })();
  return getGroup(context, id);
}

export function editGroup(context: ServiceContext, id: number, patch: Partial<GroupFields>): Group {
  context.db.transaction(() => {
    const current = getGroup(context, id);
    const next: GroupFields = {
      name: patch.name ?? current.name,
      type: patch.type ?? current.type,
      positioning: patch.positioning ?? current.positioning,
      coreGoal: patch.coreGoal ?? current.coreGoal,
      memberCap: patch.memberCap ?? current.memberCap,
    };
    if (next.name !== current.name) assertNameFree(context, next.name, id);
    const now = context.now();
    updateGroup(context.db, id, next, now);
    recordAudit(context.db, now, { operator: context.operator(), action: 'update', entity: 'group', entityId: id, detail: patch });
  })();
  return getGroup(context, id);
}

export function removeGroup(context: ServiceContext, id: number): void {
  context.db.transaction(() => {
    const group = getGroup(context, id);
    deleteGroup(context.db, id);
    recordAudit(context.db, context.now(), {
      operator: context.operator(),
      action: 'delete',
      entity: 'group',
      entityId: id,
      detail: { name: group.name, messages: group.messageCount },
    });
  })();
}

export { listGroups };
