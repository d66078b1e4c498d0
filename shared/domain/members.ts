/** Member-database vocabulary and the shapes its channels return. Dates are ISO strings, amounts integers. */
import type { JoinChannel, MemberRole } from './types';
import type { Tier, TierReason } from './tiers';

/** 统一用户ID: the platforms one person can be known on. */
export const identityPlatforms = [
  'wxid',
  'oa_openid',
  'unionid',
  'mp_openid',
  'douyin',
  'app_user',
  'phone',
] as const;
export type IdentityPlatform = (typeof identityPlatforms)[number];

/** 签到 / 发言 / 活动 / 兑换 / 手动; `transfer` is written by merges only. */
export const pointSources = ['check_in', 'speaking', 'activity', 'redemption', 'manual', 'transfer'] as const;
export type PointSource = (typeof pointSources)[number];
export const manualPointSources = ['check_in', 'speaking', 'activity', 'redemption', 'manual'] as const;

/** 广告 / 刷屏 / 辱骂 / 违规内容 / 泄露隐私 / 诈骗 / 其他 */
export const violationCategories = ['ad', 'spam', 'abuse', 'sensitive', 'leak', 'fraud', 'other'] as const;
export type ViolationCategory = (typeof violationCategories)[number];

/** 提醒 / 私信警告 / 禁言 / 移出 / 拉黑, mildest first. */
export const violationActions = ['remind', 'dm_warning', 'mute', 'remove', 'blacklist'] as const;
export type ViolationAction = (typeof violationActions)[number];

/** What a custom role may do in the workstation. */
export const rolePermissions = [
  'edit_profiles',
  'manage_tags',
  'adjust_points',
  'record_violations',
  'manage_blacklist',
  'reveal_contacts',
  'export_members',
] as const;
export type RolePermission = (typeof rolePermissions)[number];

export const customFieldKinds = ['text', 'number', 'date', 'choice'] as const;
export type CustomFieldKind = (typeof customFieldKinds)[number];

export const nameKinds = ['wechat_nickname', 'group_nickname', 'remark'] as const;
export type NameKind = (typeof nameKinds)[number];

export interface ViolationThreshold {
  points: number;
  action: ViolationAction;
}

/** 3 points → 私信警告, 6 → 移出 (suggestions; the moderator acts in WeChat and records it). */
export const defaultViolationThresholds: ViolationThreshold[] = [
  { points: 1, action: 'remind' },
  { points: 3, action: 'dm_warning' },
  { points: 5, action: 'mute' },
  { points: 6, action: 'remove' },
  { points: 10, action: 'blacklist' },
];

export interface Tag {
  id: number;
  name: string;
  tagGroupId: number | null;
  color: string | null;
  memberCount: number;
}

export interface TagGroup {
  id: number;
  name: string;
}

export interface CustomRole {
  id: number;
  name: string;
  permissions: RolePermission[];
}

export interface CustomField {
  id: number;
  name: string;
  kind: CustomFieldKind;
  options: string[];
}

export interface NameRecord {
  kind: NameKind;
  groupId: number | null;
  name: string;
  from: string | null;
  to: string | null;
}

export interface Membership {
  groupId: number;
  groupName: string;
  role: MemberRole;
  customRoleId: number | null;
  groupNickname: string | null;
  joinedAt: string | null;
  leftAt: string | null;
  tier: Tier | null;
  tierReason: TierReason | null;
}

export interface MemberNote {
  id: number;
  body: string;
  operator: string;
  createdAt: string;
}

export interface Identity {
  id: number;
  platform: IdentityPlatform;
  /** Masked unless the profile was revealed. */
  value: string;
  source: string;
  createdAt: string;
}

export interface TierHistoryEntry {
  groupId: number;
  tier: Tier;
  previousTier: Tier | null;
  reason: TierReason;
  at: string;
}

export interface MemberProfile {
  id: number;
  displayName: string;
  remark: string | null;
  /** Masked (138****5678) unless revealed. */
  phone: string | null;
  wxid: string | null;
  revealed: boolean;
  region: string | null;
  joinChannel: JoinChannel | null;
  inviter: { memberId: number | null; name: string | null };
  joinedAt: string | null;
  /** When the member left their last group; null while in any group. */
  leftAt: string | null;
  tier: Tier | null;
  tierReason: TierReason | null;
  pointsBalance: number;
  violationCount: number;
  activeViolationPoints: number;
  mergedIntoId: number | null;
  blacklisted: boolean;
  memberships: Membership[];
  names: NameRecord[];
  notes: MemberNote[];
  tags: { id: number; name: string }[];
  customFields: { fieldId: number; name: string; value: string }[];
  identities: Identity[];
  tierHistory: TierHistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface PointsEntry {
  id: number;
  memberId: number;
  groupId: number | null;
  amount: number;
  balanceAfter: number;
  source: PointSource;
  reason: string;
  occurredAt: string;
  operator: string;
}

export interface Violation {
  id: number;
  memberId: number;
  groupId: number | null;
  category: ViolationCategory;
  points: number;
  messageId: number | null;
  evidenceExcerpt: string | null;
  note: string | null;
  decayDays: number | null;
  action: ViolationAction;
  occurredAt: string;
  /** False once its decay period has passed. */
  active: boolean;
  operator: string;
}

export interface ViolationSuggestion {
  memberId: number;
  activePoints: number;
  /** The strongest action whose threshold the active points reach; null below the first threshold. */
  suggestedAction: ViolationAction | null;
  /** The next threshold up, if any. */
  next: ViolationThreshold | null;
  lastAction: ViolationAction | null;
}

export interface BlacklistEntry {
  id: number;
  platform: IdentityPlatform;
  /** Masked. */
  value: string;
  memberId: number | null;
  displayName: string | null;
  reason: string;
  addedAt: string;
  operator: string;
}

const digitsOnly = /\D/g;

/** Digits only, without a +86/0086 country prefix; null when nothing is left. */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(digitsOnly, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  else if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  return digits.length >= 5 && digits.length <= 15 ? digits : null;
}

/** 138****5678: keeps the first three and last four digits of a long number, fewer of a short one. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
}

/** wx****ab: enough to recognise, not enough to add the contact. */
export function maskIdentifier(value: string): string {
  const chars = [...value];
  if (chars.length <= 4) return `${chars[0] ?? ''}***`;
  return `${chars.slice(0, 2).join('')}****${chars.slice(-2).join('')}`;
}

export function maskIdentity(platform: IdentityPlatform, value: string): string {
  return platform === 'phone' ? maskPhone(value) : maskIdentifier(value);
}
