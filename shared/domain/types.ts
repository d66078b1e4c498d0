/** Domain types shared by every layer. Dates cross the IPC boundary as ISO strings. */
import type { Tier, TierReason } from './tiers';

export const groupTypes = ['service', 'activity', 'content'] as const;
/** 服务型 / 活动型 / 内容型 */
export type GroupType = (typeof groupTypes)[number];

export const joinChannels = [
  'official_account',
  'mini_program',
  'short_video',
  'app',
  'referral',
  'offline',
  'other',
] as const;
/** 公众号 / 小程序 / 短视频直播 / APP / 朋友邀请 / 线下 / 其他 */
export type JoinChannel = (typeof joinChannels)[number];

export const memberRoles = ['owner', 'admin', 'member'] as const;
/** 群主 / 管理员 / 成员 */
export type MemberRole = (typeof memberRoles)[number];

export const messageKinds = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'link',
  'emoji',
  'system',
  'other',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export interface Group {
  id: number;
  name: string;
  type: GroupType;
  positioning: string;
  coreGoal: string;
  memberCap: number;
  createdAt: string;
  updatedAt: string;
  memberCount: number;
  messageCount: number;
  lastMessageAt: string | null;
}

export interface MemberRow {
  id: number;
  displayName: string;
  wxid: string | null;
  joinChannel: JoinChannel | null;
  firstSeenAt: string | null;
  lastSpokeAt: string | null;
  messageCount: number;
  groupNames: string[];
  remark: string | null;
  /** Masked (138****5678); members.get with reveal shows it whole. */
  phone: string | null;
  /**
   * The member's tier in the filtered group, or their best tier across the groups they are in; null before the first
   * recompute, and once they have left (see `left`).
   */
  tier: Tier | null;
  tierReason: TierReason | null;
  /**
   * Left the filtered group (`group`), or, without a group filter, every group they were in (`all`): the list shows
   * 已退群 where the tier would be.
   */
  left: 'group' | 'all' | null;
  pointsBalance: number;
  violationCount: number;
  tags: { id: number; name: string }[];
  blacklisted: boolean;
}

export interface MessageRow {
  id: number;
  groupId: number;
  groupName: string;
  senderName: string;
  memberId: number | null;
  sentAt: string;
  kind: MessageKind;
  content: string;
}

export interface WorkspaceInfo {
  path: string;
  schemaVersion: number;
  appVersion: string;
  createdAt: string;
  counts: { groups: number; members: number; messages: number; imports: number };
  isEmpty: boolean;
}

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const colorSchemes = ['light', 'dark', 'auto'] as const;
export type ColorScheme = (typeof colorSchemes)[number];

export interface Settings {
  locale: Locale;
  colorScheme: ColorScheme;
}

export const defaultSettings: Settings = { locale: 'zh-CN', colorScheme: 'auto' };

export const jobStatuses = ['running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** The step of a running job that waits its turn (imports run one at a time). */
export const queuedStepKey = 'jobs.queued';

export interface JobState {
  id: string;
  kind: string;
  /** i18n key naming the job for the UI. */
  titleKey: string;
  /** What the job works on, shown under its title (an import's file name). */
  detail?: string;
  status: JobStatus;
  done: number;
  total: number;
  /** i18n key for the current step; `queuedStepKey` while it waits for the jobs ahead of it. */
  stepKey: string | null;
  startedAt: string;
  /** 1, 2, … in the order the jobs were started since the app started: orders jobs started in the same ms. */
  sequence: number;
  finishedAt: string | null;
  /** Estimated ms left, from the rate so far; null until there is enough to go on. */
  etaMs: number | null;
  /** Messages an import has stored so far (shown as 已导入 N 条); other jobs leave it out. */
  messagesImported?: number;
  error: { code: string; message: string; params?: Record<string, string | number> } | null;
  result: unknown;
}

/** Jobs as listed: the latest started first. */
export function newestJobFirst(a: JobState, b: JobState): number {
  return b.startedAt.localeCompare(a.startedAt) || b.sequence - a.sequence;
}

export interface AuditEntry {
  id: number;
  at: string;
  operator: string;
  /** The operator profile the entry belongs to; null for the implicit owner, jobs and the system. */
  operatorId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: string | null;
}

export interface Page<T> {
  total: number;
  rows: T[];
}
