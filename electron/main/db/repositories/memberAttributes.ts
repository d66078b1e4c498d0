/** Custom roles (beside 群主 / 管理员 / 成员) and custom profile fields. */
import type {
  CustomField,
  CustomFieldKind,
  CustomRole,
  RolePermission,
} from '../../../../shared/domain/members';
import type { Db } from '../connection';

export function listRoles(db: Db): CustomRole[] {
  const rows = db.prepare('SELECT id, name, permissions FROM member_roles ORDER BY name').all() as {
    id: number;
    name: string;
    permissions: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    permissions: JSON.parse(row.permissions) as RolePermission[],
  }));
}

export function findRoleIdByName(db: Db, name: string): number | null {
  return (
    (db.prepare('SELECT id FROM member_roles WHERE name = ?').get(name) as { id: number } | undefined)?.id ??
    null
  );
}

export function roleExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM member_roles WHERE id = ?').get(id) !== undefined;
}

export function insertRole(
  db: Db,
  name: string,
  permissions: readonly RolePermission[],
  now: number,
): number {
  return Number(
    db
      .prepare('INSERT INTO member_roles (name, permissions, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(name, JSON.stringify([...new Set(permissions)]), now, now).lastInsertRowid,
  );
}

export function updateRole(
  db: Db,
  id: number,
  name: string,
  permissions: readonly RolePermission[],
  now: number,
): void {
  db.prepare('UPDATE member_roles SET name = ?, permissions = ?, updated_at = ? WHERE id = ?').run(
    name,
    JSON.stringify([...new Set(permissions)]),
    now,
    id,
  );
}

export function deleteRole(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM member_roles WHERE id = ?').run(id).changes > 0;
}

export function listCustomFields(db: Db): CustomField[] {
  const rows = db.prepare('SELECT id, name, kind, options FROM custom_fields ORDER BY id').all() as {
    id: number;
    name: string;
    kind: CustomFieldKind;
    options: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    options: JSON.parse(row.options) as string[],
  }));
}

export function findCustomField(db: Db, id: number): CustomField | null {
  return listCustomFields(db).find((field) => field.id === id) ?? null;
}

export function findCustomFieldIdByName(db: Db, name: string): number | null {
  return (
    (db.prepare('SELECT id FROM custom_fields WHERE name = ?').get(name) as { id: number } | undefined)?.id ??
    null
  );
}

export function insertCustomField(db: Db, field: Omit<CustomField, 'id'>, now: number): number {
  return Number(
    db
      .prepare('INSERT INTO custom_fields (name, kind, options, created_at) VALUES (?, ?, ?, ?)')
      .run(field.name, field.kind, JSON.stringify(field.options), now).lastInsertRowid,
  );
}

export function deleteCustomField(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM custom_fields WHERE id = ?').run(id).changes > 0;
}

/** Sets (or with null clears) one custom field of a member. */
export function setFieldValue(db: Db, memberId: number, fieldId: number, value: string | null): void {
  if (value === null) {
    db.prepare('DELETE FROM member_field_values WHERE member_id = ? AND field_id = ?').run(memberId, fieldId);
    return;
  }
  db.prepare(
    `INSERT INTO member_field_values (member_id, field_id, value) VALUES (?, ?, ?)
     ON CONFLICT (member_id, field_id) DO UPDATE SET value = excluded.value`,
  ).run(memberId, fieldId, value);
}

export function memberFieldValues(
  db: Db,
  memberId: number,
): { fieldId: number; name: string; value: string }[] {
  return db
    .prepare(
      `SELECT v.field_id AS fieldId, f.name, v.value FROM member_field_values v JOIN custom_fields f ON f.id = v.field_id
       WHERE v.member_id = ? ORDER BY f.id`,
    )
    .all(memberId) as { fieldId: number; name: string; value: string }[];
}
