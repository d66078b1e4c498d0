/** Tags and tag groups (bulk assign / unassign), custom roles and custom fields. */
import type { CustomField, CustomRole, RolePermission, Tag, TagGroup } from '../../../shared/domain/members';
import type { TagList } from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import {
  deleteCustomField,
  deleteRole,
  findCustomFieldIdByName,
  findRoleIdByName,
  insertCustomField,
  insertRole,
  listCustomFields,
  listRoles,
  updateRole,
} from '../db/repositories/memberAttributes';
import {
  assignTags,
  deleteTag,
  findTagGroupIdByName,
  findTagIdByName,
  insertTag,
  insertTagGroup,
  listTagGroups,
  listTags,
  missingTagIds,
  tagGroupExists,
  unassignTags,
} from '../db/repositories/tags';
import type { ServiceContext } from './context';
import { audit, auditedIdsMax, inTransaction, resolveSelection, type MemberSelection } from './membersCommon';

export function tagList(context: ServiceContext): TagList {
  return { groups: listTagGroups(context.db), tags: listTags(context.db) };
}

function createGroupInTransaction(context: ServiceContext, name: string): number {
  if (findTagGroupIdByName(context.db, name) !== null)
    throw new AppError('CONFLICT', 'members.errors.tagGroupNameTaken', { name });
  const id = insertTagGroup(context.db, name, context.now());
  audit(context, 'create', 'tag-group', id, { name });
  return id;
}

export function createTagGroup(context: ServiceContext, name: string): TagGroup {
  const id = inTransaction(context, () => createGroupInTransaction(context, name));
  return { id, name };
}

export function createTag(
  context: ServiceContext,
  input: {
    name: string;
    tagGroupId?: number | undefined;
    tagGroupName?: string | undefined;
    color?: string | undefined;
  },
): Tag {
  const id = inTransaction(context, () => {
    if (findTagIdByName(context.db, input.name) !== null) {
      throw new AppError('CONFLICT', 'members.errors.tagNameTaken', { name: input.name });
    }
    let tagGroupId: number | null = input.tagGroupId ?? null;
    if (tagGroupId !== null && !tagGroupExists(context.db, tagGroupId)) {
      throw new AppError('NOT_FOUND', 'members.errors.tagGroupNotFound', { id: tagGroupId });
    }
    if (input.tagGroupName !== undefined) {
      tagGroupId =
        findTagGroupIdByName(context.db, input.tagGroupName) ??
        createGroupInTransaction(context, input.tagGroupName);
    }
    const fields = { name: input.name, tagGroupId, color: input.color ?? null };
    const newId = insertTag(context.db, fields, context.now());
    audit(context, 'create', 'tag', newId, fields);
    return newId;
  });
  return listTags(context.db).find((tag) => tag.id === id)!;
}

export function removeTag(context: ServiceContext, id: number): void {
  inTransaction(context, () => {
    const tag = listTags(context.db).find((candidate) => candidate.id === id);
    if (!tag) throw new AppError('NOT_FOUND', 'members.errors.unknownTags', { ids: String(id) });
    deleteTag(context.db, id);
    audit(context, 'delete', 'tag', id, { name: tag.name, members: tag.memberCount });
  });
}

export function changeTags(
  context: ServiceContext,
  mode: 'assign' | 'unassign',
  tagIds: readonly number[],
  selection: MemberSelection,
): { changed: number; members: number } {
  return inTransaction(context, () => {
    const uniqueTags = [...new Set(tagIds)];
    const missing = missingTagIds(context.db, uniqueTags);
    if (missing.length > 0)
      throw new AppError('NOT_FOUND', 'members.errors.unknownTags', { ids: missing.join(', ') });
    const memberIds = resolveSelection(context, selection);
    const changed =
      mode === 'assign'
        ? assignTags(context.db, uniqueTags, memberIds, context.now())
        : unassignTags(context.db, uniqueTags, memberIds);
    audit(context, `${mode}-tags`, 'member', memberIds.length === 1 ? memberIds[0]! : null, {
      tagIds: uniqueTags,
      members: memberIds.length,
      memberIds: memberIds.slice(0, auditedIdsMax),
      changed,
    });
    return { changed, members: memberIds.length };
  });
}

function requireRole(context: ServiceContext, id: number): CustomRole {
  const role = listRoles(context.db).find((candidate) => candidate.id === id);
  if (!role) throw new AppError('NOT_FOUND', 'members.errors.roleNotFound', { id });
  return role;
}

function assertRoleNameFree(context: ServiceContext, name: string, exceptId?: number): void {
  const existing = findRoleIdByName(context.db, name);
  if (existing !== null && existing !== exceptId)
    throw new AppError('CONFLICT', 'members.errors.roleNameTaken', { name });
}

export function createRole(context: ServiceContext, name: string, permissions: RolePermission[]): CustomRole {
  const id = inTransaction(context, () => {
    assertRoleNameFree(context, name);
    const newId = insertRole(context.db, name, permissions, context.now());
    audit(context, 'create', 'role', newId, { name, permissions });
    return newId;
  });
  return requireRole(context, id);
}

export function editRole(
  context: ServiceContext,
  id: number,
  patch: { name?: string | undefined; permissions?: RolePermission[] | undefined },
): CustomRole {
  inTransaction(context, () => {
    const current = requireRole(context, id);
    const name = patch.name ?? current.name;
    if (name !== current.name) assertRoleNameFree(context, name, id);
    updateRole(context.db, id, name, patch.permissions ?? current.permissions, context.now());
    audit(context, 'update', 'role', id, patch);
  });
  return requireRole(context, id);
}

export function removeRole(context: ServiceContext, id: number): void {
  inTransaction(context, () => {
    const role = requireRole(context, id);
    deleteRole(context.db, id);
    audit(context, 'delete', 'role', id, { name: role.name });
  });
}

export function createCustomField(context: ServiceContext, field: Omit<CustomField, 'id'>): CustomField {
  const id = inTransaction(context, () => {
    if (findCustomFieldIdByName(context.db, field.name) !== null) {
      throw new AppError('CONFLICT', 'members.errors.fieldNameTaken', { name: field.name });
    }
    const options = field.kind === 'choice' ? [...new Set(field.options)] : [];
    const newId = insertCustomField(context.db, { ...field, options }, context.now());
    audit(context, 'create', 'custom-field', newId, { ...field, options });
    return newId;
  });
  return listCustomFields(context.db).find((candidate) => candidate.id === id)!;
}

export function removeCustomField(context: ServiceContext, id: number): void {
  inTransaction(context, () => {
    const field = listCustomFields(context.db).find((candidate) => candidate.id === id);
    if (!field) throw new AppError('NOT_FOUND', 'members.errors.fieldNotFound', { id });
    deleteCustomField(context.db, id);
    audit(context, 'delete', 'custom-field', id, { name: field.name });
  });
}

export { listCustomFields, listRoles };
