/**
 * Operator profiles and custom roles: passphrases hashed with scrypt (random salt, parameters stored beside the
 * hash, constant-time compare), the rules that keep the workspace manageable (the first operator is an owner, the
 * last owner stays), and lock settings. Every change is audited; passphrases never reach the log.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  builtinRoles,
  type LockSettings,
  type OperatorSummary,
  type OperatorsView,
  type Permission,
  type RoleKey,
  type RoleSummary,
} from '../../../shared/domain/operators';
import { AppError } from '../../../shared/ipc/errors';
import { deriveKeyFromPassphrase, type ScryptParams } from '../backup/crypto';
import { recordAudit } from '../db/repositories/audit';
import {
  countOperators,
  countOperatorsWithRole,
  deleteOperatorRow,
  deleteRoleRow,
  findOperator,
  findOperatorByName,
  findRole,
  findRoleByName,
  insertOperator,
  insertRole,
  listOperatorRecords,
  listRoles,
  readLockSettings,
  updateOperatorRow,
  updateRole,
  writeLockSettings,
  type OperatorRecord,
} from '../db/repositories/operators';
import type { ServiceContext } from './context';

/** About 30 MiB and a tenth of a second: typed at every unlock, so lighter than a backup vault's key. */
export const operatorScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const saltBytes = 16;

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised later. */
export async function hashPassphrase(
  passphrase: string,
  params: ScryptParams = operatorScryptParams,
): Promise<string> {
  const salt = randomBytes(saltBytes);
  const hash = await deriveKeyFromPassphrase(passphrase, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Bounds keep a tampered row from asking for gigabytes of memory.
  const sane =
    scheme === 'scrypt' &&
    Number.isInteger(Math.log2(params.N)) &&
    params.N >= 2 ** 10 &&
    params.N <= 2 ** 20 &&
    params.r >= 1 &&
    params.r <= 32 &&
    params.p >= 1 &&
    params.p <= 16 &&
    salt !== undefined &&
    hash !== undefined;
  if (!sane) return null;
  return { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

export async function verifyPassphrase(passphrase: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const derived = await deriveKeyFromPassphrase(passphrase, parsed.salt, parsed.params);
  return derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
}

/** Names the audit log already uses for who acted when no operator did. */
const reservedOperatorNames = new Set(['local', 'system']);
/** Custom roles may not pass for a built-in one, in either language. */
const reservedRoleNames = new Set([...builtinRoles, '群主', '管理员', '观察员']);

function summary(record: OperatorRecord): OperatorSummary {
  const { passphraseHash: _hash, ...rest } = record;
  return rest;
}

export function getOperator(context: ServiceContext, id: number): OperatorRecord {
  const operator = findOperator(context.db, id);
  if (!operator) throw new AppError('NOT_FOUND', 'operators.errors.notFound', { id });
  return operator;
}

export function operatorsView(context: ServiceContext): OperatorsView {
  return {
    operators: listOperatorRecords(context.db).map(summary),
    roles: listRoles(context.db),
    settings: readLockSettings(context.db),
  };
}

function assertOperatorName(context: ServiceContext, name: string, exceptId?: number): void {
  if (reservedOperatorNames.has(name.toLowerCase()))
    throw new AppError('VALIDATION', 'operators.errors.reservedName', { name });
  const existing = findOperatorByName(context.db, name);
  if (existing && existing.id !== exceptId)
    throw new AppError('CONFLICT', 'operators.errors.nameTaken', { name });
}

function assertRoleExists(context: ServiceContext, role: RoleKey): void {
  if (!findRole(context.db, role)) throw new AppError('NOT_FOUND', 'operators.errors.roleNotFound');
}

function checkNewOperator(context: ServiceContext, input: { name: string; role: RoleKey }): void {
  assertOperatorName(context, input.name);
  assertRoleExists(context, input.role);
  // Someone must be able to manage operators once the implicit owner is gone.
  if (countOperators(context.db) === 0 && input.role !== 'owner')
    throw new AppError('VALIDATION', 'operators.errors.firstMustBeOwner');
}

export async function createOperator(
  context: ServiceContext,
  input: { name: string; role: RoleKey; passphrase: string },
  params: ScryptParams = operatorScryptParams,
): Promise<OperatorSummary> {
  checkNewOperator(context, input);
  const passphraseHash = await hashPassphrase(input.passphrase, params);
  const id = context.db.transaction(() => {
    // Checked again: another request may have changed things while the hash was computed.
    checkNewOperator(context, input);
    const now = context.now();
    const newId = insertOperator(context.db, { name: input.name, role: input.role, passphraseHash }, now);
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'create',
      entity: 'operator',
      entityId: newId,
      detail: { name: input.name, role: input.role },
    });
    return newId;
  })();
  return summary(getOperator(context, id));
}

/** Would this change leave the workspace without an owner? */
function assertOwnerRemains(
  context: ServiceContext,
  current: OperatorRecord,
  nextRole: RoleKey | null,
): void {
  if (current.role === 'owner' && nextRole !== 'owner' && countOperatorsWithRole(context.db, 'owner') <= 1)
    throw new AppError('CONFLICT', 'operators.errors.lastOwner');
}

export function updateOperator(
  context: ServiceContext,
  id: number,
  patch: { name?: string | undefined; role?: RoleKey | undefined },
): OperatorSummary {
  context.db.transaction(() => {
    const current = getOperator(context, id);
    if (patch.name !== undefined && patch.name !== current.name) assertOperatorName(context, patch.name, id);
    if (patch.role !== undefined && patch.role !== current.role) {
      assertRoleExists(context, patch.role);
      assertOwnerRemains(context, current, patch.role);
    }
    const now = context.now();
    updateOperatorRow(context.db, id, patch, now);
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'update',
      entity: 'operator',
      entityId: id,
      detail: { name: current.name, ...patch },
    });
  })();
  return summary(getOperator(context, id));
}

export async function resetOperatorPassphrase(
  context: ServiceContext,
  id: number,
  passphrase: string,
  params: ScryptParams = operatorScryptParams,
): Promise<OperatorSummary> {
  getOperator(context, id);
  const passphraseHash = await hashPassphrase(passphrase, params);
  context.db.transaction(() => {
    const current = getOperator(context, id);
    const now = context.now();
    updateOperatorRow(context.db, id, { passphraseHash }, now);
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'reset-passphrase',
      entity: 'operator',
      entityId: id,
      detail: { name: current.name },
    });
  })();
  return summary(getOperator(context, id));
}

export function deleteOperator(context: ServiceContext, id: number, signedInId: number | null): void {
  context.db.transaction(() => {
    const current = getOperator(context, id);
    if (id === signedInId) throw new AppError('CONFLICT', 'operators.errors.deleteSelf');
    assertOwnerRemains(context, current, null);
    deleteOperatorRow(context.db, id);
    recordAudit(context.db, context.now(), {
      operator: context.operator(),
      action: 'delete',
      entity: 'operator',
      entityId: id,
      detail: { name: current.name, role: current.role },
    });
  })();
}

function assertRoleName(context: ServiceContext, name: string, exceptId?: number): void {
  if (reservedRoleNames.has(name.toLowerCase()))
    throw new AppError('VALIDATION', 'operators.errors.roleNameReserved', { name });
  const existing = findRoleByName(context.db, name);
  if (existing !== null && existing !== exceptId)
    throw new AppError('CONFLICT', 'operators.errors.roleNameTaken', { name });
}

function roleSummary(context: ServiceContext, key: RoleKey): RoleSummary {
  const role = listRoles(context.db).find((candidate) => candidate.key === key);
  if (!role) throw new AppError('NOT_FOUND', 'operators.errors.roleNotFound');
  return role;
}

export function saveRole(
  context: ServiceContext,
  input: { id?: number | undefined; name: string; permissions: Permission[] },
): RoleSummary {
  const granted = [...new Set(input.permissions)];
  const id = context.db.transaction(() => {
    const now = context.now();
    if (input.id !== undefined && !findRole(context.db, `custom:${input.id}`))
      throw new AppError('NOT_FOUND', 'operators.errors.roleNotFound');
    assertRoleName(context, input.name, input.id);
    const roleId = input.id ?? insertRole(context.db, input.name, granted, now);
    if (input.id !== undefined) updateRole(context.db, roleId, input.name, granted, now);
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: input.id === undefined ? 'create' : 'update',
      entity: 'operator-role',
      entityId: roleId,
      detail: { name: input.name, permissions: granted },
    });
    return roleId;
  })();
  return roleSummary(context, `custom:${id}`);
}

export function deleteRole(context: ServiceContext, id: number): void {
  context.db.transaction(() => {
    const role = roleSummary(context, `custom:${id}`);
    if (role.operatorCount > 0)
      throw new AppError('CONFLICT', 'operators.errors.roleInUse', {
        name: role.name ?? '',
        count: role.operatorCount,
      });
    deleteRoleRow(context.db, id);
    recordAudit(context.db, context.now(), {
      operator: context.operator(),
      action: 'delete',
      entity: 'operator-role',
      entityId: id,
      detail: { name: role.name },
    });
  })();
}

export function updateLockSettings(context: ServiceContext, patch: Partial<LockSettings>): LockSettings {
  return context.db.transaction(() => {
    const next = { ...readLockSettings(context.db), ...patch };
    writeLockSettings(context.db, next);
    recordAudit(context.db, context.now(), {
      operator: context.operator(),
      action: 'update',
      entity: 'lock-settings',
      detail: patch,
    });
    return next;
  })();
}
