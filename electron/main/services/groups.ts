import { fillGroupTemplate, type GroupDetail, type StandbyListEntry } from '../../../shared/domain/groups';
import type { Group } from '../../../shared/domain/types';
import type { GroupInfoPatch } from '../../../shared/ipc/channels/groups';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  allGroupDetails,
  currentMemberIds,
  findGroupDetails,
  listGroupStaff,
  replaceGroupStaff,
  saveGroupDetails,
} from '../db/repositories/groupDetails';
import { currentRuleVersions, latestRuleVersion } from '../db/repositories/groupRules';
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
  if (existing !== null && existing !== exceptId)
    throw new AppError('CONFLICT', 'groups.errors.nameTaken', { name });
}

export function createGroup(context: ServiceContext, fields: GroupFields): Group {
  const id = context.db.transaction(() => {
    assertNameFree(context, fields.name);
    const now = context.now();
    const newId = insertGroup(context.db, fields, now);
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'create',
      entity: 'group',
      entityId: newId,
      detail: fields,
    });
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
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'update',
      entity: 'group',
      entityId: id,
      detail: patch,
    });
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

// ---- Beyond the basics: founding day, owner and admins, standby group (备用群组) ------------------------------

export function getGroupDetail(context: ServiceContext, id: number): GroupDetail {
  const group = getGroup(context, id);
  const details = findGroupDetails(context.db, id);
  const rules = latestRuleVersion(context.db, id);
  return {
    ...group,
    ...listGroupStaff(context.db, id),
    foundedOn: details.foundedOn,
    standby: details.standby,
    rulesVersion: rules?.version ?? null,
    rulesAnnouncedOn: rules?.announcedOn ?? null,
  };
}

/** Founding day and standby group; a workspace group and a typed name are alternatives, setting one clears the other. */
export function updateGroupInfo(context: ServiceContext, id: number, patch: GroupInfoPatch): GroupDetail {
  if (patch.standbyGroupId != null && patch.standbyName != null)
    throw new AppError('VALIDATION', 'groups.errors.standbyEitherOr');
  context.db.transaction(() => {
    getGroup(context, id);
    const current = findGroupDetails(context.db, id);
    let standbyGroupId = current.standby.groupId;
    let standbyName = standbyGroupId === null ? current.standby.name : null;
    if (patch.standbyGroupId !== undefined) {
      standbyGroupId = patch.standbyGroupId;
      if (standbyGroupId !== null) standbyName = null;
    }
    if (patch.standbyName !== undefined) {
      standbyName = patch.standbyName || null;
      if (standbyName !== null) standbyGroupId = null;
    }
    if (standbyGroupId === id) throw new AppError('VALIDATION', 'groups.errors.standbySelf');
    if (standbyGroupId !== null) getGroup(context, standbyGroupId);
    const now = context.now();
    saveGroupDetails(
      context.db,
      id,
      {
        foundedOn: patch.foundedOn !== undefined ? patch.foundedOn : current.foundedOn,
        standbyGroupId,
        standbyName,
        standbyJoinMethod: patch.standbyJoinMethod ?? current.standby.joinMethod,
        standbyTemplate: (patch.standbyTemplate ?? current.standby.template).replace(/\r\n?/g, '\n'),
      },
      now,
    );
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'update',
      entity: 'group',
      entityId: id,
      detail: patch,
    });
  })();
  return getGroupDetail(context, id);
}

/** Owner and admins among the group's current members; whoever held either role before becomes a plain member. */
export function setGroupStaff(
  context: ServiceContext,
  id: number,
  ownerId: number | null,
  adminIds: readonly number[],
): GroupDetail {
  context.db.transaction(() => {
    getGroup(context, id);
    const wanted = [...new Set([...(ownerId === null ? [] : [ownerId]), ...adminIds])];
    const present = currentMemberIds(context.db, id, wanted);
    const missing = wanted.find((memberId) => !present.has(memberId));
    if (missing !== undefined)
      throw new AppError('CONFLICT', 'groups.errors.notCurrentMember', { id: missing });
    replaceGroupStaff(context.db, id, ownerId, [...new Set(adminIds)]);
    recordAudit(context.db, context.now(), {
      operator: context.operator(),
      action: 'set-staff',
      entity: 'group',
      entityId: id,
      detail: { ownerMemberId: ownerId, adminMemberIds: adminIds },
    });
  })();
  return getGroupDetail(context, id);
}

/** 备用群组清单: every group, its standby group and the announcement filled in (null while it cannot be). */
export function standbyList(context: ServiceContext): StandbyListEntry[] {
  const details = allGroupDetails(context.db);
  return listGroups(context.db).map((group) => {
    const standby = details.get(group.id)?.standby ?? {
      groupId: null,
      name: null,
      joinMethod: '',
      template: '',
    };
    const filled = standby.template
      ? fillGroupTemplate(standby.template, {
          group: group.name,
          standby: standby.name,
          howToJoin: standby.joinMethod,
        })
      : null;
    return {
      mainGroupId: group.id,
      mainGroupName: group.name,
      ...standby,
      announcement: filled?.ok ? filled.text : null,
    };
  });
}

/** Groups with what the CLI's list shows beside them: standby group and current rules version. */
export function groupOverview(context: ServiceContext) {
  const standby = new Map(standbyList(context).map((entry) => [entry.mainGroupId, entry]));
  const rules = currentRuleVersions(context.db);
  return listGroups(context.db).map((group) => ({
    ...group,
    standby: standby.get(group.id)?.name ?? null,
    rulesVersion: rules.get(group.id)?.version ?? null,
  }));
}
