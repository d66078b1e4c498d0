/** Platform identities (统一用户ID) and the workspace-wide blacklist. */
import { normalizePhone, type BlacklistEntry, type Identity } from '../../../shared/domain/members';
import type { Page } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import {
  deleteBlacklistEntry,
  deleteIdentity,
  findBlacklistEntry,
  findBlacklisted,
  findIdentity,
  findIdentityOwner,
  identityKeysOf,
  insertBlacklist,
  insertIdentity,
  listBlacklist,
  listIdentities,
  type IdentityKey,
} from '../db/repositories/identities';
import type { ServiceContext } from './context';
import { audit, inTransaction, requireEditableMember, requireMember } from './membersCommon';

/** Phones compare as digits; other identifiers as given (trimmed). */
export function normalizeIdentity(key: IdentityKey): IdentityKey {
  if (key.platform !== 'phone') return { platform: key.platform, value: key.value.trim() };
  const phone = normalizePhone(key.value);
  if (phone === null) throw new AppError('VALIDATION', 'members.errors.badPhone');
  return { platform: 'phone', value: phone };
}

export function addIdentity(
  context: ServiceContext,
  memberId: number,
  rawKey: IdentityKey,
  source: string,
): Identity {
  return inTransaction(context, () => {
    requireEditableMember(context, memberId);
    const key = normalizeIdentity(rawKey);
    const owner = findIdentityOwner(context.db, key);
    if (owner !== null) {
      throw new AppError('CONFLICT', 'members.errors.identityTaken', {
        platform: key.platform,
        memberId: owner,
      });
    }
    const id = insertIdentity(context.db, memberId, key, source, context.now());
    audit(context, 'add-identity', 'member', memberId, { identityId: id, platform: key.platform, source });
    return listIdentities(context.db, memberId, false).find((identity) => identity.id === id)!;
  });
}

export function removeIdentity(context: ServiceContext, id: number): void {
  inTransaction(context, () => {
    const identity = findIdentity(context.db, id);
    if (!identity) throw new AppError('NOT_FOUND', 'members.errors.identityNotFound', { id });
    deleteIdentity(context.db, id);
    audit(context, 'remove-identity', 'member', identity.member_id, {
      identityId: id,
      platform: identity.platform,
    });
  });
}

/** Blacklists every identity a member is known by; inside the caller's transaction. Returns the new entries. */
export function blacklistMemberInTransaction(
  context: ServiceContext,
  memberId: number,
  reason: string,
): BlacklistEntry[] {
  const member = requireEditableMember(context, memberId);
  const keys = identityKeysOf(context.db, memberId);
  if (keys.length === 0)
    throw new AppError('CONFLICT', 'members.errors.nothingToBlacklist', { id: memberId });
  const added: number[] = [];
  for (const key of keys) {
    const id = insertBlacklist(
      context.db,
      { ...key, memberId, displayName: member.display_name, reason, operator: context.operator() },
      context.now(),
    );
    if (id !== null) added.push(id);
  }
  audit(context, 'blacklist', 'member', memberId, { entryIds: added, reason });
  return findBlacklisted(context.db, keys).filter((entry) => added.includes(entry.id));
}

export function addToBlacklist(
  context: ServiceContext,
  input: { memberId?: number | undefined; identity?: IdentityKey | undefined; reason: string },
): BlacklistEntry[] {
  return inTransaction(context, () => {
    if (input.memberId !== undefined)
      return blacklistMemberInTransaction(context, input.memberId, input.reason);
    const key = normalizeIdentity(input.identity!);
    const ownerId = findIdentityOwner(context.db, key);
    const owner = ownerId === null ? null : requireMember(context, ownerId, { allowMerged: true });
    const id = insertBlacklist(
      context.db,
      {
        ...key,
        memberId: ownerId,
        displayName: owner?.display_name ?? null,
        reason: input.reason,
        operator: context.operator(),
      },
      context.now(),
    );
    if (id === null)
      throw new AppError('CONFLICT', 'members.errors.alreadyBlacklisted', { platform: key.platform });
    audit(context, 'blacklist', 'identity', id, {
      platform: key.platform,
      memberId: ownerId,
      reason: input.reason,
    });
    return findBlacklisted(context.db, [key]);
  });
}

export function removeFromBlacklist(context: ServiceContext, id: number): void {
  inTransaction(context, () => {
    const entry = findBlacklistEntry(context.db, id);
    if (!entry) throw new AppError('NOT_FOUND', 'members.errors.blacklistEntryNotFound', { id });
    deleteBlacklistEntry(context.db, id);
    audit(context, 'unblacklist', 'identity', id, { platform: entry.platform, memberId: entry.member_id });
  });
}

export function checkBlacklist(context: ServiceContext, keys: readonly IdentityKey[]): BlacklistEntry[] {
  const normalized = keys.flatMap((key) => {
    try {
      return [normalizeIdentity(key)];
    } catch {
      return [];
    }
  });
  return findBlacklisted(context.db, normalized);
}

/** The blacklist, or with `memberId` the entries of that member's identities (wxid and phone included). */
export function blacklistPage(
  context: ServiceContext,
  offset: number,
  limit: number,
  memberId?: number,
): Page<BlacklistEntry> {
  if (memberId === undefined) return listBlacklist(context.db, offset, limit);
  requireMember(context, memberId, { allowMerged: true });
  const entries = findBlacklisted(context.db, identityKeysOf(context.db, memberId));
  return { total: entries.length, rows: entries.slice(offset, offset + limit) };
}
