/**
 * Seeded demo workspace: three groups of the three types, about 2,000 members (current and departed) and
 * 90 days of messages with realistic daily rhythm and member activity spread (core / active / potential / silent).
 * Pure: the demo job writes it to the database, the benchmark generator writes it as export files.
 */
import type { GroupType, JoinChannel, MemberRole, MessageKind } from '../domain/types';
import { groupBlueprints, memberLines, operatorPosts, riskyLines } from './content';
import { givenNameChars, nicknames, surnames } from './names';
import { SeededRandom } from './random';

export interface DemoGroup {
  name: string;
  type: GroupType;
  positioning: string;
  coreGoal: string;
  createdAt: number;
}

export interface DemoMember {
  displayName: string;
  wxid: string;
  joinChannel: JoinChannel;
  /** Messages per day while present; 0 for silent members. */
  dailyRate: number;
}

export interface DemoMembership {
  group: number;
  member: number;
  role: MemberRole;
  groupNickname: string | null;
  joinedAt: number;
  leftAt: number | null;
}

export interface DemoMessage {
  group: number;
  /** Index into members, or null for system messages. */
  member: number | null;
  senderName: string;
  sentAt: number;
  kind: MessageKind;
  content: string;
}

export interface DemoData {
  groups: DemoGroup[];
  members: DemoMember[];
  memberships: DemoMembership[];
  messages: DemoMessage[];
}

export interface DemoOptions {
  seed: number;
  /** The demo's last moment (epoch ms); its 90 days end here. */
  endAt: number;
  days?: number;
  /** Scales member counts, for small test workspaces (1 = the full demo). */
  scale?: number;
}

const dayMs = 86_400_000;
const hourWeights: readonly (readonly [number, number])[] = [
  [0, 1], [1, 0.5], [2, 0.2], [3, 0.1], [4, 0.1], [5, 0.3], [6, 1], [7, 3], [8, 5], [9, 5], [10, 5], [11, 4],
  [12, 6], [13, 4], [14, 4], [15, 4], [16, 4], [17, 4], [18, 4], [19, 5], [20, 8], [21, 8], [22, 6], [23, 3],
];
const channelWeights: readonly (readonly [JoinChannel, number])[] = [
  ['official_account', 30], ['mini_program', 20], ['short_video', 15], ['app', 10], ['referral', 15], ['offline', 7], ['other', 3],
];

function makeName(random: SeededRandom, used: Set<string>): string {
  for (;;) {
    const name = random.chance(0.25)
      ? random.pick(nicknames) + (random.chance(0.5) ? String(random.int(1, 99)) : '')
      : random.pick(surnames) + random.pick(givenNameChars) + (random.chance(0.6) ? random.pick(givenNameChars) : '');
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** Daily message rate by activity tier, in the shares the operations guide targets. */
function drawDailyRate(random: SeededRandom): number {
  const tier = random.weighted([
    ['core', 0.15],
    ['active', 0.27],
    ['potential', 0.4],
    ['silent', 0.18],
  ] as const);
  if (tier === 'core') return 1.5 + random.next() * 3;
  if (tier === 'active') return 0.25 + random.next() * 0.9;
  if (tier === 'potential') return 0.01 + random.next() * 0.12;
  return 0;
}

function timeInDay(random: SeededRandom, dayStart: number): number {
  const hour = random.weighted(hourWeights);
  return dayStart + hour * 3_600_000 + random.int(0, 3_599) * 1000;
}

/** Poisson draw (Knuth) for small means. */
function poisson(random: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count += 1;
    product *= random.next();
  }
  return count;
}

export function generateDemo(options: DemoOptions): DemoData {
  const random = new SeededRandom(options.seed);
  const days = options.days ?? 90;
  const scale = options.scale ?? 1;
  // Whole days in UTC+8, where the moderators are.
  const tz = 8 * 3_600_000;
  const lastDayStart = Math.floor((options.endAt + tz) / dayMs) * dayMs - tz;
  const firstDayStart = lastDayStart - (days - 1) * dayMs;

  const groups: DemoGroup[] = groupBlueprints.map((blueprint) => ({
    name: blueprint.name,
    type: blueprint.type,
    positioning: blueprint.positioning,
    coreGoal: blueprint.coreGoal,
    createdAt: firstDayStart - random.int(30, 400) * dayMs,
  }));

  const members: DemoMember[] = [];
  const memberships: DemoMembership[] = [];
  const usedNames = new Set<string>();
  const newMember = (): number => {
    const index = members.length;
    members.push({
      displayName: makeName(random, usedNames),
      wxid: `wxid_demo${String(index + 1).padStart(5, '0')}${random.int(10, 99)}`,
      joinChannel: random.weighted(channelWeights),
      dailyRate: drawDailyRate(random),
    });
    return index;
  };

  groupBlueprints.forEach((blueprint, group) => {
    const current = Math.max(4, Math.round(blueprint.members * scale));
    const departed = Math.round(current * 0.4);
    const total = current + departed;
    for (let i = 0; i < total; i += 1) {
      // Some people sit in two groups: reuse an earlier member a tenth of the time.
      const member = group > 0 && random.chance(0.1) ? random.int(0, members.length - 1) : newMember();
      if (memberships.some((m) => m.group === group && m.member === member)) continue;
      const role: MemberRole = i === 0 ? 'owner' : i <= 3 ? 'admin' : 'member';
      // Two thirds were there before the demo's window; the rest joined during it.
      const joinedBefore = role !== 'member' || random.chance(0.66);
      const joinedAt = joinedBefore
        ? groups[group]!.createdAt + random.int(0, Math.max(1, Math.floor((firstDayStart - groups[group]!.createdAt) / dayMs))) * dayMs
        : timeInDay(random, firstDayStart + random.int(0, days - 1) * dayMs);
      const leaves = role === 'member' && i >= current;
      const leftAt = leaves
        ? Math.min(options.endAt - 1, Math.max(joinedAt, firstDayStart) + random.int(1, days) * dayMs)
        : null;
      if (role !== 'member') members[member]!.dailyRate = Math.max(members[member]!.dailyRate, 2);
      memberships.push({
        group,
        member,
        role,
        groupNickname: random.chance(0.3) ? `${members[member]!.displayName}-${random.pick(['北京', '上海', '深圳', '杭州', '成都'])}` : null,
        joinedAt,
        leftAt,
      });
    }
  });

  const messages: DemoMessage[] = [];
  const byGroup = groups.map((_, group) => memberships.filter((m) => m.group === group));
  for (let day = 0; day < days; day += 1) {
    const dayStart = firstDayStart + day * dayMs;
    const weekday = new Date(dayStart + tz).getUTCDay();
    const weekendFactor = weekday === 0 || weekday === 6 ? 1.2 : 1;
    byGroup.forEach((groupMemberships, group) => {
      const type = groups[group]!.type;
      const owner = groupMemberships.find((m) => m.role === 'owner')!;
      const ownerName = members[owner.member]!.displayName;
      // The morning brief, every day 7:30-8:30.
      messages.push({
        group,
        member: owner.member,
        senderName: ownerName,
        sentAt: dayStart + 7.5 * 3_600_000 + random.int(0, 3_599) * 1000,
        kind: 'text',
        content: random.pick(operatorPosts[type]),
      });
      for (const membership of groupMemberships) {
        const member = members[membership.member]!;
        if (membership.joinedAt >= dayStart && membership.joinedAt < dayStart + dayMs) {
          messages.push({
            group,
            member: null,
            senderName: '',
            sentAt: membership.joinedAt,
            kind: 'system',
            content: `"${ownerName}"邀请"${member.displayName}"加入了群聊`,
          });
        }
        const present = membership.joinedAt < dayStart + dayMs && (membership.leftAt === null || membership.leftAt > dayStart);
        if (!present) continue;
        const count = poisson(random, member.dailyRate * weekendFactor);
        for (let n = 0; n < count; n += 1) {
          const sentAt = Math.max(timeInDay(random, dayStart), membership.joinedAt + 60_000);
          if (membership.leftAt !== null && sentAt >= membership.leftAt) continue;
          if (sentAt > options.endAt) continue;
          const risky = random.chance(0.004);
          const kind: MessageKind = risky ? 'text' : random.weighted([['text', 85], ['image', 8], ['emoji', 4], ['link', 2], ['voice', 1]] as const);
          messages.push({
            group,
            member: membership.member,
            senderName: membership.groupNickname ?? member.displayName,
            sentAt,
            kind,
            content: risky ? random.pick(riskyLines) : kind === 'text' ? random.pick(memberLines[type]) : kind === 'image' ? '[图片]' : kind === 'emoji' ? '[动画表情]' : kind === 'voice' ? '[语音]' : '[链接] 分享一篇文章',
          });
        }
      }
    });
  }
  // The last day is cut at endAt: nothing in the demo lies in the future.
  const past = messages.filter((message) => message.sentAt <= options.endAt).sort((a, b) => a.sentAt - b.sentAt);
  for (const membership of memberships) membership.joinedAt = Math.min(membership.joinedAt, options.endAt);
  return { groups, members, memberships, messages: past };
}
