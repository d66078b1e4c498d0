/**
 * Group records beyond the basics (群主 / 管理员, founding date, 备用群组) and group rules (群规) with their versions.
 * Pure: the services, the renderer and the CLI share these shapes and helpers. Dates are 'YYYY-MM-DD' local dates
 * (a rule is announced on a day, a group founded on a day); instants are ISO strings.
 */
import { renderTemplate, type RenderResult } from './crisis/templates';
import type { Group, GroupType, Locale } from './types';

export interface GroupPerson {
  memberId: number;
  displayName: string;
  groupNickname: string | null;
}

export interface StandbyGroup {
  /** The standby group when it is a group of this workspace. */
  groupId: number | null;
  /** Its name: the workspace group's name, or a name typed for a group kept elsewhere. */
  name: string | null;
  /** How members get into it (扫码 / 加管理员微信 …), filled into {{入群方式}}. */
  joinMethod: string;
  /** The announcement to post if the main group is lost, with {{群名}} {{备用群名}} {{入群方式}}. */
  template: string;
}

export interface GroupDetail extends Group {
  /** The day the WeChat group was created; null when unknown (the record's own createdAt is when it was added here). */
  foundedOn: string | null;
  owner: GroupPerson | null;
  admins: GroupPerson[];
  standby: StandbyGroup;
  /** The current rules version, if any. */
  rulesVersion: number | null;
  rulesAnnouncedOn: string | null;
}

/** One line of the standby list (备用群组清单) the backup screen and the crisis playbooks read. */
export interface StandbyListEntry extends StandbyGroup {
  mainGroupId: number;
  mainGroupName: string;
  /** The template filled with this group's values; null while something it needs is missing. */
  announcement: string | null;
}

export interface RuleVersion {
  id: number;
  groupId: number;
  version: number;
  body: string;
  announcedOn: string;
  /** What changed, in the moderator's words. */
  note: string;
  recordedAt: string;
  operator: string;
}

/** Placeholders of standby announcements and rule templates; the English names are aliases. */
export const groupPlaceholders = {
  group: ['群名', 'group'],
  standby: ['备用群名', 'standby'],
  howToJoin: ['入群方式', 'howToJoin'],
} as const;
export type GroupPlaceholder = keyof typeof groupPlaceholders;

const knownPlaceholders = new Set<string>(Object.values(groupPlaceholders).flat());

/** Fills {{群名}} {{备用群名}} {{入群方式}} (or their aliases); a placeholder left without a value is a problem. */
export function fillGroupTemplate(
  template: string,
  values: Partial<Record<GroupPlaceholder, string | null>>,
): RenderResult {
  const filled: Record<string, string> = {};
  for (const [key, names] of Object.entries(groupPlaceholders) as [GroupPlaceholder, readonly string[]][]) {
    const value = values[key]?.trim();
    if (value) for (const name of names) filled[name] = value;
  }
  return renderTemplate(template, filled, { known: knownPlaceholders });
}

export type LineChange = { kind: 'same' | 'added' | 'removed'; text: string };

/**
 * Line diff of two rule texts (longest common subsequence), for the "previous vs current" view. Rules are short
 * (a few dozen lines), so the quadratic table is fine; past `maxLines` lines it falls back to all-removed/all-added.
 */
export function diffLines(before: string, after: string, maxLines = 2000): LineChange[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  if (a.length > maxLines || b.length > maxLines) {
    return [
      ...a.map((text) => ({ kind: 'removed' as const, text })),
      ...b.map((text) => ({ kind: 'added' as const, text })),
    ];
  }
  // lengths[i][j]: LCS length of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const changes: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      changes.push({ kind: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      changes.push({ kind: 'removed', text: a[i]! });
      i += 1;
    } else {
      changes.push({ kind: 'added', text: b[j]! });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) changes.push({ kind: 'removed', text: a[i]! });
  for (; j < b.length; j += 1) changes.push({ kind: 'added', text: b[j]! });
  return changes;
}

/** Starting points for a group's rules, one per group type, written for QunDesk; {{群名}} is filled on use. */
export const ruleTemplates: Record<Locale, Record<GroupType, string>> = {
  'zh-CN': {
    service: [
      '【{{群名}}】群规',
      '本群用于产品咨询与售后答疑，工作日 9:00–21:00 有专人回复。',
      '1. 提问请一次说清：订单号后四位 + 问题描述 + 截图，方便客服尽快处理。',
      '2. 涉及手机号、地址、订单详情等个人信息，请私信管理员，不要发在群里。',
      '3. 禁止发广告、拉人、外部链接和二维码；禁止刷屏。',
      '4. 就事论事、互相尊重，不辱骂、不引战。',
      '5. 违规处理：首次提醒，再次私信警告，累计 3 次移出本群。',
      '有任何建议欢迎私信群主，我们会在每周例会中讨论。',
    ].join('\n'),
    activity: [
      '【{{群名}}】群规',
      '本群发布限时活动、福利和团购信息，活动规则以群公告为准。',
      '1. 参与活动请按公告格式接龙报名，不在群内讨价还价。',
      '2. 福利每人限领一次，发现多号重复领取将取消资格。',
      '3. 禁止发广告、拉人、外部链接和二维码；抢红包后请勿刷屏。',
      '4. 售后问题请私信客服，群内只发布通知。',
      '5. 违规处理：首次提醒，再次禁言，情节严重直接移出并拉黑。',
      '每晚 20:00 前后发布当天活动，记得开启群消息提醒哦！',
    ].join('\n'),
    content: [
      '【{{群名}}】群规',
      '本群以知识分享和资源交流为主，欢迎分享干货、提出好问题。',
      '1. 分享内容请注明来源；转载文章请附原作者。',
      '2. 提问前先搜索群公告和精华帖，避免重复提问。',
      '3. 禁止发广告、拉人、付费课程推销和无关链接。',
      '4. 讨论保持友善，不人身攻击、不发布违法违规内容。',
      '5. 违规处理：首次提醒，再次私信警告，多次违规移出本群。',
      '每周五晚有主题分享，优质分享者可获得积分奖励。',
    ].join('\n'),
  },
  en: {
    service: [
      '{{群名}} — group rules',
      'This group is for product questions and after-sales help; staff reply on weekdays, 9:00–21:00.',
      '1. Ask in one go: last four digits of the order number + the problem + a screenshot.',
      '2. Send phone numbers, addresses and order details to an admin privately, never in the group.',
      '3. No ads, recruiting, outside links or QR codes; no flooding.',
      '4. Stay on topic and be respectful; no insults, no provoking fights.',
      '5. Breaking the rules: a reminder first, then a private warning; the third time you are removed.',
      'Suggestions are welcome — message the group owner; we discuss them every week.',
    ].join('\n'),
    activity: [
      '{{群名}} — group rules',
      'This group posts limited-time offers, perks and group buys; the group notice has each offer’s rules.',
      '1. Sign up by replying in the format the notice gives; no haggling in the group.',
      '2. One perk per person; claiming with several accounts cancels the claim.',
      '3. No ads, recruiting, outside links or QR codes; no flooding after red packets.',
      '4. After-sales questions go to customer service privately; the group is for announcements.',
      '5. Breaking the rules: a reminder first, then a mute; serious cases are removed and blacklisted.',
      'The day’s offers are posted around 20:00 — keep group notifications on!',
    ].join('\n'),
    content: [
      '{{群名}} — group rules',
      'This group is for sharing knowledge and resources; useful posts and good questions are welcome.',
      '1. Name your source when sharing; credit the author of reposted articles.',
      '2. Check the group notice and highlights before asking, to avoid repeat questions.',
      '3. No ads, recruiting, paid-course selling or unrelated links.',
      '4. Keep discussions friendly; no personal attacks, nothing illegal.',
      '5. Breaking the rules: a reminder first, then a private warning; repeat offenders are removed.',
      'Every Friday evening there is a themed talk; great sharers earn points.',
    ].join('\n'),
  },
};

/** The announcement to post in the standby group, pre-filled when a group gets a standby. */
export const standbyTemplates: Record<Locale, string> = {
  'zh-CN': [
    '【重要通知】原「{{群名}}」因故暂时无法使用，请大家移步备用群「{{备用群名}}」。',
    '入群方式：{{入群方式}}',
    '群规与原群一致，已有的积分和权益全部保留。给大家带来不便，敬请谅解！',
  ].join('\n'),
  en: [
    'Important: “{{群名}}” cannot be used for now. Please move to our standby group “{{备用群名}}”.',
    'How to join: {{入群方式}}',
    'The rules stay the same and your points and perks are kept. Sorry for the trouble!',
  ].join('\n'),
};
