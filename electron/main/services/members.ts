/** Member profiles: list, full profile (masked unless revealed, reveal audited), edits and notes. */
import { maskIdentifier, maskPhone, normalizePhone, type MemberNote } from '../../../shared/domain/members';
import type { MemberRow, MessageRow, Page } from '../../../shared/domain/types';
import {
  maxListedNotes,
  type MemberDetail,
  type MemberPatch,
  type MergeHistoryEntry,
} from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import { isMemberBlacklisted, listIdentities } from '../db/repositories/identities';
import {
  findCustomField,
  memberFieldValues,
  roleExists,
  setFieldValue,
} from '../db/repositories/memberAttributes';
import { isoOrNull, listMemberNames } from '../db/repositories/memberNames';
import {
  insertNote,
  listMembers,
  listMemberships,
  listNotes,
  updateMemberProfile,
  updateMembership,
  type MemberQuery,
  type ProfilePatch,
} from '../db/repositories/members';
import { listMemberMessages, listMergesOf } from '../db/repositories/membersHistory';
import { memberTags } from '../db/repositories/tags';
import { listTierHistory } from '../db/repositories/tiers';
import { activeViolationPoints } from '../db/repositories/violations';
import type { ServiceContext } from './context';
import {
  audit,
  auditedIdsMax,
  inTransaction,
  requireEditableMember,
  requireGroup,
  requireMember,
  resolveSelection,
  type MemberSelection,
} from './membersCommon';

export function listMemberPage(context: ServiceContext, query: MemberQuery): Page<MemberRow> {
  if (query.tagIds?.length === 0) query = { ...query, tagIds: undefined };
  return listMembers(context.db, query);
}

export function getMemberProfile(context: ServiceContext, id: number, reveal = false): MemberDetail {
  const { db } = context;
  const member = requireMember(context, id, { allowMerged: true });
  if (reveal) {
    audit(context, 'reveal', 'member', id, { fields: ['phone', 'wxid', 'identities'] });
  }
  const memberships = listMemberships(db, id);
  const stillIn = memberships.some((membership) => membership.leftAt === null);
  const lastLeft = memberships.reduce<string | null>(
    (latest, membership) =>
      membership.leftAt && (!latest || membership.leftAt > latest) ? membership.leftAt : latest,
    null,
  );
  return {
    id: member.id,
    displayName: member.display_name,
    remark: member.remark,
    phone: member.phone === null ? null : reveal ? member.phone : maskPhone(member.phone),
    wxid: member.wxid === null ? null : reveal ? member.wxid : maskIdentifier(member.wxid),
    revealed: reveal,
    region: member.region,
    joinChannel: member.join_channel,
    inviter: { memberId: member.inviter_member_id, name: member.inviter_name },
    joinedAt: isoOrNull(member.joined_at),
    leftAt: stillIn ? null : lastLeft,
    tier: member.tier,
    // The reason of the best tier is the one its membership records.
    tierReason:
      memberships.find((membership) => membership.leftAt === null && membership.tier === member.tier)
        ?.tierReason ?? null,
    pointsBalance: member.points_balance,
    violationCount: member.violation_count,
    activeViolationPoints: activeViolationPoints(db, id, context.now()),
    mergedIntoId: member.merged_into_id,
    forgottenAt: isoOrNull(member.forgotten_at),
    blacklisted: isMemberBlacklisted(db, id),
    memberships,
    names: listMemberNames(db, id),
    notes: listNotes(db, id),
    tags: memberTags(db, id),
    customFields: memberFieldValues(db, id),
    identities: listIdentities(db, id, reveal),
    tierHistory: listTierHistory(db, id),
    createdAt: new Date(member.created_at).toISOString(),
    updatedAt: new Date(member.updated_at).toISOString(),
  };
}

function checkFieldValue(context: ServiceContext, fieldId: number, value: string | null): void {
  const field = findCustomField(context.db, fieldId);
  if (!field) throw new AppError('NOT_FOUND', 'members.errors.fieldNotFound', { id: fieldId });
  if (value === null) return;
  const valid =
    field.kind === 'number'
      ? value.trim() !== '' && Number.isFinite(Number(value))
      : field.kind === 'date'
        ? /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(value))
        : field.kind === 'choice'
          ? field.options.includes(value)
          : true;
  if (!valid)
    throw new AppError('VALIDATION', 'members.errors.badFieldValue', {
      field: field.name,
      value: value.slice(0, 40),
    });
}

/** What the audit log keeps of a patch: the (normalised) phone masked. */
function auditablePatch(patch: MemberPatch, phone: string | null | undefined): Record<string, unknown> {
  const { phone: _raw, ...rest } = patch;
  return phone === undefined ? rest : { ...rest, phone: phone === null ? null : maskPhone(phone) };
}

export function updateMember(context: ServiceContext, id: number, patch: MemberPatch): MemberDetail {
  inTransaction(context, () => {
    requireEditableMember(context, id);
    const profile: ProfilePatch = {
      displayName: patch.displayName,
      remark: patch.remark === '' ? null : patch.remark,
      region: patch.region,
      joinChannel: patch.joinChannel,
      inviterName: patch.inviterName,
      joinedAt: patch.joinedAt,
      inviterMemberId: patch.inviterMemberId,
    };
    if (patch.phone !== undefined) {
      const phone = patch.phone === null || patch.phone === '' ? null : normalizePhone(patch.phone);
      if (patch.phone && phone === null) throw new AppError('VALIDATION', 'members.errors.badPhone');
      profile.phone = phone;
    }
    if (patch.inviterMemberId != null) {
      if (patch.inviterMemberId === id) throw new AppError('VALIDATION', 'members.errors.inviterIsSelf');
      requireMember(context, patch.inviterMemberId);
    }
    updateMemberProfile(context.db, id, profile, context.now());
    for (const field of patch.customFields ?? []) {
      checkFieldValue(context, field.fieldId, field.value);
      setFieldValue(context.db, id, field.fieldId, field.value);
    }
    for (const membership of patch.memberships ?? []) {
      requireGroup(context, membership.groupId);
      if (membership.customRoleId != null && !roleExists(context.db, membership.customRoleId)) {
        throw new AppError('NOT_FOUND', 'members.errors.roleNotFound', { id: membership.customRoleId });
      }
      if (!updateMembership(context.db, id, membership)) {
        throw new AppError('NOT_FOUND', 'members.errors.notInGroup', { id, groupId: membership.groupId });
      }
    }
    audit(context, 'update', 'member', id, auditablePatch(patch, profile.phone));
  });
  return getMemberProfile(context, id);
}

/** Notes one body on every selected member; returns the first `maxListedNotes` notes and how many members. */
export function addNotes(
  context: ServiceContext,
  selection: MemberSelection,
  body: string,
): { notes: MemberNote[]; members: number } {
  return inTransaction(context, () => {
    const memberIds = resolveSelection(context, selection);
    const now = context.now();
    const operator = context.operator();
    const notes = memberIds.map((memberId) => ({
      id: insertNote(context.db, memberId, body, operator, now),
      body,
      operator,
      createdAt: new Date(now).toISOString(),
    }));
    audit(context, 'add-note', 'member', memberIds.length === 1 ? memberIds[0]! : null, {
      members: memberIds.length,
      memberIds: memberIds.slice(0, auditedIdsMax),
      body,
    });
    return { notes: notes.slice(0, maxListedNotes), members: memberIds.length };
  });
}

/** A member's archived messages, newest first: what a violation can cite as evidence. */
export function memberMessages(
  context: ServiceContext,
  query: { memberId: number; query?: string | undefined; offset: number; limit: number },
): Page<MessageRow> {
  requireMember(context, query.memberId, { allowMerged: true });
  return listMemberMessages(context.db, query);
}

/** The merges a member took part in, newest first, with which can be undone now. */
export function memberMerges(context: ServiceContext, memberId: number): MergeHistoryEntry[] {
  requireMember(context, memberId, { allowMerged: true });
  return listMergesOf(context.db, memberId);
}
