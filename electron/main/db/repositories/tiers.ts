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
/**
 * When more than this share of rows change their tier (a first recompute), the tier indexes are dropped and built
 * again around the writes: 200,000 members' tiers wrote twice as fast.
 */
const rebuildIndexesShare = 0.1;

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

/**
 * One pass over the ledger's window (index on occurred_at), shared by every group with the same window. A negative
 * check-in or activity entry takes back an earlier one (an activity's compensation), so it counts down; spending
 * points (other negative entries) does not lower what was earned.
 */
export function windowPoints(db: Db, since: number, until: number): WindowPoints {
  const rows = cachedStatement(
    db,
    `SELECT member_id AS memberId, group_id AS groupId,
       max(sum(CASE WHEN source = 'check_in' THEN sign(amount) ELSE 0 END), 0) AS checkIns,
       max(sum(CASE WHEN source IN ('check_in', 'activity') THEN amount
                    WHEN amount > 0 AND source <> 'transfer' THEN amount ELSE 0 END), 0) AS points,
       max(sum(CASE WHEN source = 'activity' THEN sign(amount) ELSE 0 END), 0) AS activities
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

/**
 * Writes one group's tiers: tier, reason and time on each membership, and a tier history row where the tier changed
 * (numbered in member order). A few statements for the whole list (its rows passed as JSON into a keyed temp table)
 * instead of two per row: the tables' CHECK constraints list their allowed values, which SQLite turns into a lookup
 * table built once per statement run, so a statement per row built them 400,000 times on a first recompute.
 */
export function writeGroupTiers(db: Db, groupId: number, writes: readonly TierWrite[], now: number): void {
  if (writes.length === 0) return;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS tier_writes (
    member_id INTEGER PRIMARY KEY, tier TEXT NOT NULL, reason TEXT NOT NULL, previous_tier TEXT)`);
  const rows = writes
    .map((write) => [write.memberId, write.tier, write.reason, write.previousTier] as const)
    .sort((a, b) => a[0] - b[0]);
  cachedStatement(
    db,
    `INSERT INTO temp.tier_writes (member_id, tier, reason, previous_tier)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`,
  ).run(JSON.stringify(rows));
  cachedStatement(
    db,
    `UPDATE group_members SET tier = w.tier, tier_reason = w.reason, tier_at = @now
     FROM temp.tier_writes AS w
     WHERE group_members.group_id = @groupId AND group_members.member_id = w.member_id`,
  ).run({ groupId, now });
  cachedStatement(
    db,
    `INSERT INTO tier_history (member_id, group_id, tier, previous_tier, reason, at)
     SELECT member_id, @groupId, tier, previous_tier, reason, @now FROM temp.tier_writes
     WHERE tier IS NOT previous_tier ORDER BY member_id`,
  ).run({ groupId, now });
  cachedStatement(db, 'DELETE FROM temp.tier_writes').run();
}

/**
 * Writes the tiers of several groups (`writeGroupTiers` each), with the memberships' tier index rebuilt when they
 * change a large share of all memberships (a first recompute). The caller holds a transaction.
 */
export function writeTiers(
  db: Db,
  groups: readonly { groupId: number; writes: readonly TierWrite[] }[],
  now: number,
): void {
  const writes = groups.reduce((sum, group) => sum + group.writes.length, 0);
  const write = () => {
    for (const group of groups) writeGroupTiers(db, group.groupId, group.writes, now);
  };
  const memberships = cachedStatement(db, 'SELECT count(*) FROM group_members WHERE left_at IS NULL', {
    pluck: true,
  }).get() as number;
  if (writes > memberships * rebuildIndexesShare) withIndexesRebuilt(db, 'group_members', 'tier', write);
  else write();
}

/**
 * Runs `work`, which changes `column` in many rows of `table`, with the table's indexes on that column dropped and
 * built again afterwards (in the caller's transaction, so nobody ever sees them missing): a sort per index instead of
 * a delete and an insert at a random place per row and index.
 */
function withIndexesRebuilt<T>(db: Db, table: string, column: string, work: () => T): T {
  const indexes = (
    db
      .prepare(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
      )
      .all(table) as { name: string; sql: string }[]
  ).filter((index) =>
    (db.prepare('SELECT name FROM pragma_index_info(?)').pluck().all(index.name) as string[]).includes(
      column,
    ),
  );
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  const result = work();
  for (const index of indexes) db.exec(index.sql);
  return result;
}

const tierRankSql = "CASE tier WHEN 'core' THEN 0 WHEN 'active' THEN 1 WHEN 'potential' THEN 2 ELSE 3 END";

/** The tier of a rank computed by `tierRankSql`. */
const tierOfRankSql = (rank: string) =>
  `CASE ${rank} WHEN 0 THEN 'core' WHEN 1 THEN 'active' WHEN 2 THEN 'potential' ELSE 'silent' END`;

/**
 * Copies each member's best current tier across groups to the member row (null once in no ranked group), and
 * refreshes the cached message count and last message time the list sorts by. Set-based SQL that writes only the
 * rows that differ. Returns rows changed.
 */
export function refreshMemberSummaries(db: Db): number {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS member_best_tiers (member_id INTEGER PRIMARY KEY, tier TEXT)');
  // Where the best tier differs from the member row's: what has to be written.
  cachedStatement(
    db,
    `INSERT INTO temp.member_best_tiers (member_id, tier)
     SELECT best.member_id, best.tier FROM (
       SELECT member_id, ${tierOfRankSql(`min(${tierRankSql})`)} AS tier
       FROM group_members WHERE left_at IS NULL AND tier IS NOT NULL GROUP BY member_id) AS best
     JOIN members ON members.id = best.member_id WHERE members.tier IS NOT best.tier
     UNION ALL
     SELECT id, NULL FROM members WHERE tier IS NOT NULL
       AND id NOT IN (SELECT member_id FROM group_members WHERE left_at IS NULL AND tier IS NOT NULL)`,
  ).run();
  const count = (sql: string) => cachedStatement(db, sql, { pluck: true }).get() as number;
  const copy = () =>
    cachedStatement(
      db,
      'UPDATE members SET tier = best.tier FROM temp.member_best_tiers AS best WHERE members.id = best.member_id',
    ).run().changes;
  let changed =
    count('SELECT count(*) FROM temp.member_best_tiers') >
    count('SELECT count(*) FROM members') * rebuildIndexesShare
      ? withIndexesRebuilt(db, 'members', 'tier', copy)
      : copy();
  cachedStatement(db, 'DELETE FROM temp.member_best_tiers').run();
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
