/** Tier rules, the activity aggregates tiers are computed from, tier writes with history, and distributions. */
import type { TierHistoryEntry } from '../../../../shared/domain/members';
import {
  decodeReason,
  defaultTierRules,
  tierRulesSchema,
  type ActivityMetrics,
  type Tier,
  type TierRules,
} from '../../../../shared/domain/tiers';
import type { Db } from '../connection';
import { getMeta, setMeta } from './meta';
import { cachedStatement } from './statementCache';

const defaultRulesKey = 'members.tierRules';
const dayMs = 86_400_000;

function parseRules(json: string | null): TierRules | null {
  if (!json) return null;
  try {
    const parsed = tierRulesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function getWorkspaceTierRules(db: Db): TierRules {
  return parseRules(getMeta(db, defaultRulesKey)) ?? defaultTierRules;
}

export function setWorkspaceTierRules(db: Db, rules: TierRules): void {
  setMeta(db, defaultRulesKey, JSON.stringify(rules));
}

/** The group's own rules, or null when it follows the workspace's. */
export function getGroupTierRules(db: Db, groupId: number): TierRules | null {
  const row = db.prepare('SELECT rules FROM tier_rules WHERE group_id = ?').get(groupId) as
    { rules: string } | undefined;
  return parseRules(row?.rules ?? null);
}

export function setGroupTierRules(db: Db, groupId: number, rules: TierRules | null, now: number): void {
  if (rules === null) {
    db.prepare('DELETE FROM tier_rules WHERE group_id = ?').run(groupId);
    return;
  }
  db.prepare(
    `INSERT INTO tier_rules (group_id, rules, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (group_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`,
  ).run(groupId, JSON.stringify(rules), now);
}

export function effectiveTierRules(db: Db, groupId: number): TierRules {
  return getGroupTierRules(db, groupId) ?? getWorkspaceTierRules(db);
}

export interface MembershipActivity extends ActivityMetrics {
  memberId: number;
  previousTier: Tier | null;
  previousReason: string | null;
}

interface PointsAggregate {
  checkIns: number;
  points: number;
  activities: number;
}

/** Points-ledger activity in a window per member: entries without a group (count for every group) and per group. */
export type WindowPoints = Map<
  number,
  { anyGroup: PointsAggregate | null; byGroup: Map<number, PointsAggregate> }
>;

/** One pass over the ledger's window (index on occurred_at), shared by every group with the same window. */
export function windowPoints(db: Db, since: number, until: number): WindowPoints {
  const rows = cachedStatement(
    db,
    `SELECT member_id AS memberId, group_id AS groupId,
       sum(source = 'check_in') AS checkIns,
       sum(CASE WHEN amount > 0 AND source <> 'transfer' THEN amount ELSE 0 END) AS points,
       sum(source = 'activity') AS activities
     FROM points_ledger WHERE occurred_at >= ? AND occurred_at < ?
     GROUP BY member_id, group_id`,
  ).all(since, until) as (PointsAggregate & { memberId: number; groupId: number | null })[];
  const byMember: WindowPoints = new Map();
  for (const { memberId, groupId, ...aggregate } of rows) {
    let entry = byMember.get(memberId);
    if (!entry) {
      entry = { anyGroup: null, byGroup: new Map() };
      byMember.set(memberId, entry);
    }
    if (groupId === null) entry.anyGroup = aggregate;
    else entry.byGroup.set(groupId, aggregate);
  }
  return byMember;
}

/**
 * One group's current members with their activity over the rules' window ending at `until`, from SQL aggregates:
 * messages and active days from the group's messages (index range on group + time); check-ins, points earned and
 * activities from the points ledger (entries without a group count for every group).
 */
export function groupActivity(
  db: Db,
  groupId: number,
  rules: TierRules,
  until: number,
  points: WindowPoints = windowPoints(db, until - rules.windowDays * dayMs, until),
): MembershipActivity[] {
  const since = until - rules.windowDays * dayMs;
  const messageStats = new Map<number, { messages: number; activeDays: number }>();
  // Bound JS numbers arrive as REAL; the CAST keeps the day number an integer division.
  for (const row of cachedStatement(
    db,
    `SELECT member_id AS memberId, count(*) AS messages,
       count(DISTINCT (sent_at + CAST(@offsetMs AS INTEGER)) / ${dayMs}) AS activeDays
     FROM messages
     WHERE group_id = @groupId AND sent_at >= @since AND sent_at < @until AND member_id IS NOT NULL
     GROUP BY member_id`,
  ).iterate({ groupId, since, until, offsetMs: rules.utcOffsetMinutes * 60_000 }) as Iterable<{
    memberId: number;
    messages: number;
    activeDays: number;
  }>) {
    messageStats.set(row.memberId, row);
  }
  const memberships = cachedStatement(
    db,
    `SELECT member_id AS memberId, tier AS previousTier, tier_reason AS previousReason
     FROM group_members WHERE group_id = ? AND left_at IS NULL`,
  ).all(groupId) as { memberId: number; previousTier: Tier | null; previousReason: string | null }[];
  return memberships.map((membership) => {
    const messages = messageStats.get(membership.memberId);
    const ledger = points.get(membership.memberId);
    const own = ledger?.byGroup.get(groupId);
    const any = ledger?.anyGroup;
    return {
      ...membership,
      messages: messages?.messages ?? 0,
      activeDays: messages?.activeDays ?? 0,
      checkIns: (own?.checkIns ?? 0) + (any?.checkIns ?? 0),
      points: (own?.points ?? 0) + (any?.points ?? 0),
      activities: (own?.activities ?? 0) + (any?.activities ?? 0),
    };
  });
}

export interface TierWrite {
  groupId: number;
  memberId: number;
  tier: Tier;
  previousTier: Tier | null;
  reason: string;
}

/** Writes tiers for memberships; a tier history row only where the tier changed. */
export function prepareTierWriter(db: Db): (write: TierWrite, now: number) => void {
  const setTier = db.prepare(
    'UPDATE group_members SET tier = ?, tier_reason = ?, tier_at = ? WHERE group_id = ? AND member_id = ?',
  );
  const addHistory = db.prepare(
    'INSERT INTO tier_history (member_id, group_id, tier, previous_tier, reason, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return (write, now) => {
    setTier.run(write.tier, write.reason, now, write.groupId, write.memberId);
    if (write.tier !== write.previousTier) {
      addHistory.run(write.memberId, write.groupId, write.tier, write.previousTier, write.reason, now);
    }
  };
}

const tierRankSql = "CASE tier WHEN 'core' THEN 0 WHEN 'active' THEN 1 WHEN 'potential' THEN 2 ELSE 3 END";

/**
 * Copies each member's best current tier across groups to the member row (null once in no ranked group), and
 * refreshes the cached message count and last message time the list sorts by. Set-based SQL that writes only the
 * rows that differ. Returns rows changed.
 */
export function refreshMemberSummaries(db: Db): number {
  let changed = cachedStatement(
    db,
    `UPDATE members SET tier = best.tier
     FROM (SELECT member_id, tier FROM (
             SELECT member_id, tier, row_number() OVER (PARTITION BY member_id ORDER BY ${tierRankSql}) AS rank
             FROM group_members WHERE left_at IS NULL AND tier IS NOT NULL)
           WHERE rank = 1) AS best
     WHERE members.id = best.member_id AND members.tier IS NOT best.tier`,
  ).run().changes;
  changed += cachedStatement(
    db,
    `UPDATE members SET tier = NULL WHERE tier IS NOT NULL
       AND id NOT IN (SELECT member_id FROM group_members WHERE left_at IS NULL AND tier IS NOT NULL)`,
  ).run().changes;
  changed += cachedStatement(
    db,
    `UPDATE members SET message_count = s.n, last_spoke_at = s.last
     FROM (SELECT member_id, count(*) AS n, max(sent_at) AS last FROM messages WHERE member_id IS NOT NULL GROUP BY member_id) AS s
     WHERE members.id = s.member_id AND (members.message_count <> s.n OR members.last_spoke_at IS NOT s.last)`,
  ).run().changes;
  changed += cachedStatement(
    db,
    `UPDATE members SET message_count = 0, last_spoke_at = NULL
     WHERE message_count > 0 AND NOT EXISTS (SELECT 1 FROM messages WHERE member_id = members.id)`,
  ).run().changes;
  return changed;
}

/** SQL for the reason of a member's best tier (the one on the member row), from that membership. */
export const bestTierReasonSql = `(SELECT bt.tier_reason FROM group_members bt
  WHERE bt.member_id = m.id AND bt.left_at IS NULL AND bt.tier = m.tier LIMIT 1)`;

/** Current members of each group by tier; `null` tier = not computed yet. */
export function tierCounts(
  db: Db,
  groupId?: number,
): { groupId: number; tier: Tier | null; count: number }[] {
  return db
    .prepare(
      `SELECT group_id AS groupId, tier, count(*) AS count FROM group_members
       WHERE left_at IS NULL ${groupId === undefined ? '' : 'AND group_id = @groupId'}
       GROUP BY group_id, tier`,
    )
    .all(groupId === undefined ? {} : { groupId }) as { groupId: number; tier: Tier | null; count: number }[];
}

export function listTierHistory(db: Db, memberId: number, limit = 100): TierHistoryEntry[] {
  const rows = db
    .prepare(
      'SELECT group_id, tier, previous_tier, reason, at FROM tier_history WHERE member_id = ? ORDER BY at DESC, id DESC LIMIT ?',
    )
    .all(memberId, limit) as {
    group_id: number;
    tier: Tier;
    previous_tier: Tier | null;
    reason: string;
    at: number;
  }[];
  return rows.map((row) => ({
    groupId: row.group_id,
    tier: row.tier,
    previousTier: row.previous_tier,
    reason: decodeReason(row.tier, row.reason) ?? { key: 'tiers.reasons.unknown', params: {} },
    at: new Date(row.at).toISOString(),
  }));
}
