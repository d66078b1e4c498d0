import {
  builtinRolePermissions,
  customRoleId,
  customRoleKey,
  defaultLockSettings,
  maxIdleMinutes,
  permissions as allPermissions,
  type BuiltinRole,
  type LockSettings,
  type OperatorSummary,
  type Permission,
  type RoleKey,
  type RoleSummary,
} from '../../../../shared/domain/operators';
import type { Db } from '../connection';
import { getMeta, setMeta } from './meta';
import { cachedStatement } from './statementCache';

interface OperatorDbRow {
  id: number;
  name: string;
  role: BuiltinRole | 'custom';
  custom_role_id: number | null;
  passphrase_hash: string;
  created_at: number;
  last_sign_in_at: number | null;
}

interface RoleDbRow {
  id: number;
  name: string;
  permissions: string;
}

export interface OperatorRecord extends OperatorSummary {
  passphraseHash: string;
}

function roleKeyOf(row: OperatorDbRow): RoleKey {
  return row.role === 'custom' ? customRoleKey(row.custom_role_id ?? 0) : row.role;
}

function toRecord(row: OperatorDbRow): OperatorRecord {
  return {
    id: row.id,
    name: row.name,
    role: roleKeyOf(row),
    createdAt: new Date(row.created_at).toISOString(),
    lastSignInAt: row.last_sign_in_at === null ? null : new Date(row.last_sign_in_at).toISOString(),
    passphraseHash: row.passphrase_hash,
  };
}

/** Stored permission lists are read defensively: unknown names (from a newer app) are dropped. */
function parsePermissions(json: string): Permission[] {
  const known = new Set<string>(allPermissions);
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? allPermissions.filter((name) => value.includes(name) && known.has(name))
      : [];
  } catch {
    return [];
  }
}

export function countOperators(db: Db): number {
  return (cachedStatement(db, 'SELECT count(*) AS n FROM operators').get() as { n: number }).n;
}

export function listOperatorRecords(db: Db): OperatorRecord[] {
  return (
    db.prepare('SELECT * FROM operators ORDER BY name COLLATE NOCASE, id').all() as OperatorDbRow[]
  ).map(toRecord);
}

export function findOperator(db: Db, id: number): OperatorRecord | null {
  const row = cachedStatement(db, 'SELECT * FROM operators WHERE id = ?').get(id) as
    OperatorDbRow | undefined;
  return row ? toRecord(row) : null;
}

export function findOperatorByName(db: Db, name: string): OperatorRecord | null {
  const row = db.prepare('SELECT * FROM operators WHERE name = ? COLLATE NOCASE').get(name) as
    OperatorDbRow | undefined;
  return row ? toRecord(row) : null;
}

export function countOperatorsWithRole(db: Db, role: BuiltinRole): number {
  return (db.prepare('SELECT count(*) AS n FROM operators WHERE role = ?').get(role) as { n: number }).n;
}

function roleColumns(role: RoleKey): { role: string; customRoleId: number | null } {
  const customId = customRoleId(role);
  return customId === null ? { role, customRoleId: null } : { role: 'custom', customRoleId: customId };
}

export function insertOperator(
  db: Db,
  fields: { name: string; role: RoleKey; passphraseHash: string },
  now: number,
): number {
  const { role, customRoleId: customId } = roleColumns(fields.role);
  return Number(
    db
      .prepare(
        `INSERT INTO operators (name, role, custom_role_id, passphrase_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(fields.name, role, customId, fields.passphraseHash, now, now).lastInsertRowid,
  );
}

export function updateOperatorRow(
  db: Db,
  id: number,
  patch: { name?: string | undefined; role?: RoleKey | undefined; passphraseHash?: string | undefined },
  now: number,
): void {
  const current = findOperator(db, id);
  if (!current) return;
  const { role, customRoleId: customId } = roleColumns(patch.role ?? current.role);
  db.prepare(
    `UPDATE operators SET name = ?, role = ?, custom_role_id = ?, passphrase_hash = ?, updated_at = ? WHERE id = ?`,
  ).run(patch.name ?? current.name, role, customId, patch.passphraseHash ?? current.passphraseHash, now, id);
}

export function markSignedIn(db: Db, id: number, now: number): void {
  db.prepare('UPDATE operators SET last_sign_in_at = ? WHERE id = ?').run(now, id);
}

export function deleteOperatorRow(db: Db, id: number): void {
  db.prepare('DELETE FROM operators WHERE id = ?').run(id);
}

/** Built-in roles first (in their fixed order), then custom roles by name, each with how many operators hold it. */
export function listRoles(db: Db): RoleSummary[] {
  const counts = new Map(
    (
      db
        .prepare(
          `SELECT CASE role WHEN 'custom' THEN 'custom:' || custom_role_id ELSE role END AS key, count(*) AS n
           FROM operators GROUP BY key`,
        )
        .all() as { key: string; n: number }[]
    ).map((row) => [row.key, row.n]),
  );
  const builtin = (Object.keys(builtinRolePermissions) as BuiltinRole[]).map((key): RoleSummary => ({
    key,
    name: null,
    builtin: true,
    permissions: [...builtinRolePermissions[key]],
    operatorCount: counts.get(key) ?? 0,
  }));
  const custom = (
    db.prepare('SELECT * FROM operator_roles ORDER BY name COLLATE NOCASE, id').all() as RoleDbRow[]
  ).map((row): RoleSummary => ({
    key: customRoleKey(row.id),
    name: row.name,
    builtin: false,
    permissions: parsePermissions(row.permissions),
    operatorCount: counts.get(customRoleKey(row.id)) ?? 0,
  }));
  return [...builtin, ...custom];
}

/** A role's name and permissions; null for a custom role that does not exist. */
export function findRole(db: Db, key: RoleKey): { name: string | null; permissions: Permission[] } | null {
  const customId = customRoleId(key);
  if (customId === null) return { name: null, permissions: [...builtinRolePermissions[key as BuiltinRole]] };
  const row = cachedStatement(db, 'SELECT * FROM operator_roles WHERE id = ?').get(customId) as
    RoleDbRow | undefined;
  return row ? { name: row.name, permissions: parsePermissions(row.permissions) } : null;
}

export function findRoleByName(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM operator_roles WHERE name = ? COLLATE NOCASE').get(name) as
    { id: number } | undefined;
  return row?.id ?? null;
}

export function insertRole(db: Db, name: string, permissions: readonly Permission[], now: number): number {
  return Number(
    db
      .prepare('INSERT INTO operator_roles (name, permissions, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(name, JSON.stringify(permissions), now, now).lastInsertRowid,
  );
}

export function updateRole(
  db: Db,
  id: number,
  name: string,
  permissions: readonly Permission[],
  now: number,
): void {
  db.prepare('UPDATE operator_roles SET name = ?, permissions = ?, updated_at = ? WHERE id = ?').run(
    name,
    JSON.stringify(permissions),
    now,
    id,
  );
}

export function deleteRoleRow(db: Db, id: number): void {
  db.prepare('DELETE FROM operator_roles WHERE id = ?').run(id);
}

const idleKey = 'session.idleMinutes';
const watermarkKey = 'session.watermarkExports';

export function readLockSettings(db: Db): LockSettings {
  const idle = Number(getMeta(db, idleKey) ?? defaultLockSettings.idleMinutes);
  const watermark = getMeta(db, watermarkKey);
  return {
    idleMinutes:
      Number.isInteger(idle) && idle >= 0 && idle <= maxIdleMinutes ? idle : defaultLockSettings.idleMinutes,
    watermarkExports: watermark === null ? defaultLockSettings.watermarkExports : watermark === '1',
  };
}

export function writeLockSettings(db: Db, settings: LockSettings): void {
  setMeta(db, idleKey, String(settings.idleMinutes));
  setMeta(db, watermarkKey, settings.watermarkExports ? '1' : '0');
}

const failuresKey = 'session.failedSignIns';

/** Consecutive failed sign-ins and when the last one was; kept in the workspace so a restart does not reset it. */
export function readSignInFailures(db: Db): { count: number; lastAt: number } {
  const [count, lastAt] = (getMeta(db, failuresKey) ?? '0:0').split(':').map(Number);
  return {
    count: Number.isInteger(count) ? (count as number) : 0,
    lastAt: Number.isFinite(lastAt) ? (lastAt as number) : 0,
  };
}

export function writeSignInFailures(db: Db, failures: { count: number; lastAt: number }): void {
  setMeta(db, failuresKey, `${failures.count}:${failures.lastAt}`);
}
