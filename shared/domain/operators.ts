/**
 * Operators of a shared workstation: who is signed in, what their role lets them do. Three built-in roles
 * (群主 / 管理员 / 观察员) with fixed permissions, plus custom roles that pick any subset of the permissions.
 */
import dayjs from 'dayjs';

/**
 * What a role may do beyond reading. `edit` covers everyday changes (every channel that changes workspace data and
 * needs no more specific permission), so a role without it only looks.
 */
export const permissions = [
  'edit',
  'reveal',
  'export',
  'delete',
  'editLists',
  'restore',
  'manageOperators',
] as const;
/** 编辑日常数据 / 查看完整个人信息 / 导出个人数据 / 删除 / 编辑词库与名单 / 恢复备份 / 管理操作员 */
export type Permission = (typeof permissions)[number];

export const builtinRoles = ['owner', 'admin', 'observer'] as const;
/** 群主 / 管理员 / 观察员 */
export type BuiltinRole = (typeof builtinRoles)[number];

/** Fixed in code, so an update can never leave an owner without a permission added later. */
export const builtinRolePermissions: Record<BuiltinRole, readonly Permission[]> = {
  owner: permissions,
  admin: ['edit', 'reveal', 'export', 'delete', 'editLists'],
  // 观察员 only reads: no permission at all, not even everyday edits.
  observer: [],
};

/** A role as the API names it: a built-in role, or `custom:<id>`. */
export type RoleKey = BuiltinRole | `custom:${number}`;

export function customRoleKey(id: number): RoleKey {
  return `custom:${id}`;
}

/** The custom role id inside a role key, or null for a built-in role. */
export function customRoleId(key: RoleKey): number | null {
  return key.startsWith('custom:') ? Number(key.slice('custom:'.length)) : null;
}

export interface RoleSummary {
  key: RoleKey;
  /** Null for built-in roles: the UI names them from the dictionary. */
  name: string | null;
  builtin: boolean;
  permissions: Permission[];
  /** How many operators have this role. */
  operatorCount: number;
}

export interface OperatorSummary {
  id: number;
  name: string;
  role: RoleKey;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface LockSettings {
  /** Minutes without activity before the app locks itself; 0 = never. */
  idleMinutes: number;
  /** Stamp exports of personal data (CSV, XLSX, printed reports) with the operator and the time. */
  watermarkExports: boolean;
}

export const defaultLockSettings: LockSettings = { idleMinutes: 15, watermarkExports: false };
export const maxIdleMinutes = 480;
export const minOperatorPassphraseLength = 6;

export interface OperatorsView {
  operators: OperatorSummary[];
  roles: RoleSummary[];
  settings: LockSettings;
}

/**
 * - open: no operators yet; the one implicit owner works as before.
 * - locked: operators exist and nobody is signed in; only the lock screen's channels answer.
 * - signedIn: an operator is signed in.
 */
export type SessionMode = 'open' | 'locked' | 'signedIn';

export interface SessionStatus {
  mode: SessionMode;
  /** The signed-in operator (null when open or locked). */
  operator: { id: number; name: string; role: RoleKey; roleName: string | null } | null;
  /** What the current user may do (every permission when open, none when locked). */
  permissions: Permission[];
  /** Who can sign in, for the lock screen's picker (names only). */
  operators: { id: number; name: string }[];
  /** Who signed in most recently: the lock screen picks them first. */
  lastOperatorId: number | null;
  idleMinutes: number;
  /** Seconds before another sign-in attempt is accepted after repeated failures; 0 when attempts are open. */
  retryAfterSeconds: number;
  /** Printed reports carry the export watermark (the lock settings' switch). */
  watermarkExports: boolean;
}

/** Failed sign-ins accepted before attempts are slowed down. */
export const freeSignInAttempts = 5;
const firstBackoffMs = 30_000;
const maxBackoffMs = 15 * 60_000;

/** How long to wait after `failures` consecutive failed sign-ins: nothing for the first five, then 30 s doubling. */
export function signInBackoffMs(failures: number): number {
  if (failures < freeSignInAttempts) return 0;
  return Math.min(maxBackoffMs, firstBackoffMs * 2 ** (failures - freeSignInAttempts));
}

/** The stamp on exported files and printed reports: who exported, when (local time), from which app. */
export function watermarkText(operator: string, at: number): string {
  return `导出人 ${operator} · ${dayjs(at).format('YYYY-MM-DD HH:mm:ss')} · QunDesk`;
}

const watermarkPattern = /^导出人 .+ · .+ · QunDesk$/;

/** A CSV's first line that is only a watermark: importers skip it rather than read it as the header. */
export function isWatermarkLine(cells: readonly string[]): boolean {
  const [only, ...rest] = cells.map((cell) => cell.trim()).filter((cell) => cell !== '');
  return only !== undefined && rest.length === 0 && watermarkPattern.test(only);
}
