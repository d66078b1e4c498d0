/** What a calendar entry is, how it reaches the group, and the activity kinds of the operations guide. */

/** 早报 / 干货教程 / 互动话题 / 限时活动 / 公告 / 其他 */
export const postTypes = [
  'morning_brief',
  'tutorial',
  'interactive_topic',
  'limited_event',
  'announcement',
  'other',
] as const;
export type PostType = (typeof postTypes)[number];

/** 知识竞赛 / 拼团秒杀 / 线上沙龙 / 积分兑换 / 打卡挑战 */
export const activityKinds = [
  'quiz',
  'flash_sale',
  'salon',
  'points_redemption',
  'checkin_challenge',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** A cadence rule or calendar entry is about either a kind of post or a kind of activity. */
export const contentTypes = [...postTypes, ...activityKinds] as const;
export type ContentType = (typeof contentTypes)[number];

export function isActivityKind(type: ContentType): type is ActivityKind {
  return (activityKinds as readonly string[]).includes(type);
}

/**
 * How a planned message goes out. WeChat groups are posted by hand (automation gets accounts banned), so only
 * the two WeCom mass-send kinds count against the platform caps.
 */
export const sendChannels = ['manual', 'wecom_customer_mass', 'wecom_group_mass'] as const;
export type SendChannel = (typeof sendChannels)[number];

/** Mantine colour per type, so every view colours an entry the same way. */
export const contentTypeColors: Record<ContentType, string> = {
  morning_brief: 'yellow',
  tutorial: 'blue',
  interactive_topic: 'teal',
  limited_event: 'red',
  announcement: 'gray',
  other: 'dark',
  quiz: 'violet',
  flash_sale: 'orange',
  salon: 'indigo',
  points_redemption: 'lime',
  checkin_challenge: 'pink',
};
