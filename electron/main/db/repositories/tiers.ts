/** Tier rules, the activity aggregates tiers are computed from, tier writes with history, and distributions. */
import type { TierHistoryEntry } from '../../../../shared/domain/members';
import {
  decodeReason,
  defaultTierRules,
  tierDecisionTable,
  tierRulesSchema,
  type ActivityMetrics,
  type Tier,
  type TierDecision,
  type TierMetric,
  type TierRules,
} from '../../../../shared/domain/tiers';
import type { Db } from '../connection';
import { getMeta, setMeta } from './meta';
import { indexesOn, withIndexesRebuilt } from './membersBulk';
import { cachedStatement } from './statementCache';

const defaultRulesKey = 'members.tierRules';
const dayMs = 86_400_000;
/**
 * When more than this share of rows change (a first recompute), the indexes on the changed columns are dropped and
 * built again around the writes (see `withIndexesRebuilt`).
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

/** The activity columns of `tierActivitySql`, by metric. */
const metricColumns: Record<TierMetric, string> = {
  messages: 'messages',
  activeDays: 'active_days',
  checkIns: 'check_ins',
  points: 'points',
  activities: 'activities',
};

/**
 * One group's current memberships with their activity over a window (`@groupId`, `@since`), from the aggregates
 * `TierRecompute.aggregate` left in temp tables: messages and active days from the group's messages; check-ins,
 * points earned and activities from the points ledger (entries without a group count for every group).
 */
const tierActivitySql = `
  SELECT gm.member_id, gm.tier AS previous_tier, gm.tier_reason AS previous_reason,
    coalesce(msg.messages, 0) AS messages, coalesce(msg.active_days, 0) AS active_days,
    coalesce(own.check_ins, 0) + coalesce(anyg.check_ins, 0) AS check_ins,
    coalesce(own.points, 0) + coalesce(anyg.points, 0) AS points,
    coalesce(own.activities, 0) + coalesce(anyg.activities, 0) AS activities
  FROM group_members gm
  LEFT JOIN temp.tier_messages msg ON msg.group_id = gm.group_id AND msg.member_id = gm.member_id
  LEFT JOIN temp.tier_points own ON own.since = @since AND own.member_id = gm.member_id AND own.group_id = gm.group_id
  LEFT JOIN temp.tier_points anyg ON anyg.since = @since AND anyg.member_id = gm.member_id AND anyg.group_id = 0
  WHERE gm.group_id = @groupId AND gm.left_at IS NULL`;

/**
 * The decision table (see `tierDecisionTable`) as SQL over `tierActivitySql`'s columns: the number of the
 * deciding threshold, tried in the table's order, then the tier and the stored reason (see `encodeReason`) it gives.
 * Thresholds and window are integers by the rules' schema, written into the SQL as such. What the recompute
 * classifies with; `tierClassifier` is the same table in JavaScript (a test holds them to each other).
 */
export function tierDecisionSql(rules: TierRules): { decision: string; tier: string; reason: string } {
  const table = tierDecisionTable(rules);
  const column = (decision: TierDecision) => {
    if (!Number.isInteger(decision.threshold)) throw new Error(`tier threshold ${decision.threshold}`);
    return metricColumns[decision.metric];
  };
  const whens = table.ranked.flatMap(({ all, decisions }) =>
    all
      ? [
          `WHEN ${decisions.map((d) => `${column(d)} >= ${d.threshold}`).join(' AND ')} THEN ${decisions[0]!.index}`,
        ]
      : decisions.map((d) => `WHEN ${column(d)} >= ${d.threshold} THEN ${d.index}`),
  );
  for (const d of table.silent) whens.push(`WHEN ${column(d)} < ${d.threshold} THEN ${d.index}`);
  const all = [...table.ranked.flatMap((tier) => tier.decisions), ...table.silent];
  return {
    decision: `CASE ${whens.join(' ')} ELSE ${table.silent[0]!.index} END`,
    tier: `CASE decision ${all.map((d) => `WHEN ${d.index} THEN '${d.tier}'`).join(' ')} END`,
    reason: `CASE decision ${all
      .map((d) => `WHEN ${d.index} THEN '${d.storedBefore}' || ${column(d)} || '${d.storedAfter}'`)
      .join(' ')} END`,
  };
}

/**
 * A tier recompute, all in SQL on this connection: `aggregate` then `classify` each group (the activity
 * aggregates and the memberships whose tier or reason changes go into temp tables, which need no transaction), then
 * `write` the changes in the caller's transaction. Nothing crosses into JavaScript per membership.
 */
export class TierRecompute {
  /** Windows (their start) whose points are aggregated. */
  private readonly pointWindows = new Set<number>();

  constructor(private readonly db: Db) {
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS tier_messages (
        group_id INTEGER NOT NULL, member_id INTEGER NOT NULL, messages INTEGER NOT NULL, active_days INTEGER NOT NULL,
        PRIMARY KEY (group_id, member_id)) WITHOUT ROWID;
      -- group_id 0: entries without a group, which count for every group.
      CREATE TEMP TABLE IF NOT EXISTS tier_points (
        since INTEGER NOT NULL, member_id INTEGER NOT NULL, group_id INTEGER NOT NULL,
        check_ins INTEGER NOT NULL, points INTEGER NOT NULL, activities INTEGER NOT NULL,
        PRIMARY KEY (since, member_id, group_id)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS tier_writes (
        group_id INTEGER NOT NULL, member_id INTEGER NOT NULL, tier TEXT NOT NULL, reason TEXT NOT NULL, previous_tier TEXT);
      DELETE FROM temp.tier_messages;
      DELETE FROM temp.tier_points;
      DELETE FROM temp.tier_writes;`);
  }

  /**
   * Aggregates one group's activity over the rules' window ending at `until`: its messages (index range on group +
   * time) and, once per window, the points ledger (index on time). A negative check-in or activity entry takes back
   * an earlier one (an activity's compensation), so it counts down; spending points (other negative entries) does
   * not lower what was earned. Returns the window's start.
   */
  aggregate(groupId: number, rules: TierRules, until: number): number {
    const since = until - rules.windowDays * dayMs;
    // Bound JS numbers arrive as REAL; the CAST keeps the day number an integer division.
    cachedStatement(
      this.db,
      `INSERT OR REPLACE INTO temp.tier_messages (group_id, member_id, messages, active_days)
       SELECT @groupId, member_id, count(*), count(DISTINCT (sent_at + CAST(@offsetMs AS INTEGER)) / ${dayMs})
       FROM messages
       WHERE group_id = @groupId AND sent_at >= @since AND sent_at < @until AND member_id IS NOT NULL
       GROUP BY member_id`,
    ).run({ groupId, since, until, offsetMs: rules.utcOffsetMinutes * 60_000 });
    if (!this.pointWindows.has(since)) {
      cachedStatement(
        this.db,
        `INSERT INTO temp.tier_points (since, member_id, group_id, check_ins, points, activities)
         SELECT @since, member_id, coalesce(group_id, 0),
           max(sum(CASE WHEN source = 'check_in' THEN sign(amount) ELSE 0 END), 0),
           max(sum(CASE WHEN source IN ('check_in', 'activity') THEN amount
                        WHEN amount > 0 AND source <> 'transfer' THEN amount ELSE 0 END), 0),
           max(sum(CASE WHEN source = 'activity' THEN sign(amount) ELSE 0 END), 0)
         FROM points_ledger WHERE occurred_at >= @since AND occurred_at < @until
         GROUP BY member_id, group_id`,
      ).run({ since, until });
      this.pointWindows.add(since);
    }
    return since;
  }

  /** One group's current members with their activity (after `aggregate`). */
  activity(groupId: number, since: number): MembershipActivity[] {
    return cachedStatement(
      this.db,
      `SELECT member_id AS memberId, previous_tier AS previousTier, previous_reason AS previousReason,
         messages, active_days AS activeDays, check_ins AS checkIns, points, activities
       FROM (${tierActivitySql})`,
    ).all({ groupId, since }) as MembershipActivity[];
  }

  /**
   * Aggregates and classifies one group's current members by the rules; the memberships whose tier or reason
   * changes are kept for `write`. Returns how many members were classified.
   */
  classify(groupId: number, rules: TierRules, until: number): number {
    const since = this.aggregate(groupId, rules, until);
    const { decision, tier, reason } = tierDecisionSql(rules);
    cachedStatement(
      this.db,
      `INSERT INTO temp.tier_writes (group_id, member_id, tier, reason, previous_tier)
       SELECT @groupId, member_id, tier, reason, previous_tier FROM (
         SELECT member_id, previous_tier, previous_reason, ${tier} AS tier, ${reason} AS reason FROM (
           -- OFFSET keeps SQLite from flattening this into the outer queries, which would decide once per use.
           SELECT *, ${decision} AS decision FROM (${tierActivitySql}) LIMIT -1 OFFSET 0))
       WHERE tier IS NOT previous_tier OR reason IS NOT previous_reason`,
    ).run({ groupId, since });
    return cachedStatement(
      this.db,
      'SELECT count(*) FROM group_members WHERE group_id = ? AND left_at IS NULL',
      { pluck: true },
    ).get(groupId) as number;
  }

  /** Memberships whose tier changes (not only its reason). */
  changedTiers(): number {
    return cachedStatement(this.db, 'SELECT count(*) FROM temp.tier_writes WHERE tier IS NOT previous_tier', {
      pluck: true,
    }).get() as number;
  }

  /**
   * Writes the changes: tier, reason and time on each membership, and a tier history row where the tier changed,
   * with three set-based statements; when they are a large share of all memberships (a first recompute) the
   * memberships' tier index is built again around the writes. `othersWrote`: whether another connection may have
   * written since the tiers were classified (see `dataVersion`). If so, history is written only for memberships
   * that still exist; if not, they all do. Either way the history rows refer only to existing members and groups,
   * which lets the caller skip foreign-key checks. The caller holds a transaction.
   */
  write(now: number, othersWrote: boolean): void {
    const { db } = this;
    const count = cachedStatement(db, 'SELECT count(*) FROM temp.tier_writes', {
      pluck: true,
    }).get() as number;
    if (count === 0) return;
    const update = () => {
      cachedStatement(
        db,
        `UPDATE group_members SET tier = w.tier, tier_reason = w.reason, tier_at = @now
         FROM temp.tier_writes AS w
         WHERE group_members.group_id = w.group_id AND group_members.member_id = w.member_id`,
      ).run({ now });
      const history = `INSERT INTO tier_history (member_id, group_id, tier, previous_tier, reason, at)
        SELECT w.member_id, w.group_id, w.tier, w.previous_tier, w.reason, @now FROM temp.tier_writes AS w
        WHERE w.tier IS NOT w.previous_tier`;
      // In member order: the history's index is by member, and rows in group order took a random place in it each
      // (a first recompute of 214,000 memberships: 243 → 173 ms).
      cachedStatement(
        db,
        `${
          othersWrote
            ? `${history} AND EXISTS (
              SELECT 1 FROM group_members gm WHERE gm.group_id = w.group_id AND gm.member_id = w.member_id)`
            : history
        } ORDER BY w.member_id`,
      ).run({ now });
    };
    const memberships = cachedStatement(db, 'SELECT count(*) FROM group_members WHERE left_at IS NULL', {
      pluck: true,
    }).get() as number;
    if (count > memberships * rebuildIndexesShare)
      withIndexesRebuilt(db, 'group_members', indexesOn('tier'), update);
    else update();
    db.exec('DELETE FROM temp.tier_messages; DELETE FROM temp.tier_points; DELETE FROM temp.tier_writes;');
  }
}

/**
 * One group's current members with their activity over the rules' window ending at `until` (what the recompute
 * classifies them by).
 */
export function groupActivity(
  db: Db,
  groupId: number,
  rules: TierRules,
  until: number,
): MembershipActivity[] {
  const recompute = new TierRecompute(db);
  return recompute.activity(groupId, recompute.aggregate(groupId, rules, until));
}

/** Changes whenever another connection commits to the database (not this one): compare two readings. */
export function dataVersion(db: Db): number {
  return cachedStatement(db, 'PRAGMA data_version', { pluck: true }).get() as number;
}

const tierRankSql = "CASE tier WHEN 'core' THEN 0 WHEN 'active' THEN 1 WHEN 'potential' THEN 2 ELSE 3 END";

/** The tier of a rank computed by `tierRankSql`. */
const tierOfRankSql = (rank: string) =>
  `CASE ${rank} WHEN 0 THEN 'core' WHEN 1 THEN 'active' WHEN 2 THEN 'potential' ELSE 'silent' END`;

/**
 * Brings each member row's summaries up to date: the best current tier across the member's groups (null once in no
 * ranked group), and the message count and last message time the list sorts by. Set-based: the best ranks (one
 * pass over the memberships) and the message counts (one pass over the members' message index) go into keyed temp
 * tables, the member rows that differ from them into a third, and one update writes those (with the indexes on the
 * written columns built again around it when many rows change: a first recompute). Returns the member rows changed.
 */
export function refreshMemberSummaries(db: Db): number {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS member_best_ranks (member_id INTEGER PRIMARY KEY, rank INTEGER NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS member_spoke (member_id INTEGER PRIMARY KEY, n INTEGER NOT NULL, last INTEGER);
    CREATE TEMP TABLE IF NOT EXISTS member_summaries (
      member_id INTEGER PRIMARY KEY, tier TEXT, message_count INTEGER NOT NULL, last_spoke_at INTEGER);`);
  // The memberships in table order, each kept if it ranks better: no sort, no second lookup per membership.
  cachedStatement(
    db,
    `INSERT INTO temp.member_best_ranks (member_id, rank)
     SELECT member_id, ${tierRankSql} FROM group_members NOT INDEXED WHERE left_at IS NULL AND tier IS NOT NULL
     ON CONFLICT (member_id) DO UPDATE SET rank = min(rank, excluded.rank)`,
  ).run();
  cachedStatement(
    db,
    `INSERT INTO temp.member_spoke (member_id, n, last)
     SELECT member_id, count(*), max(sent_at) FROM messages WHERE member_id IS NOT NULL GROUP BY member_id`,
  ).run();
  const changed = cachedStatement(
    db,
    `INSERT INTO temp.member_summaries (member_id, tier, message_count, last_spoke_at)
     SELECT m.id, best.tier, coalesce(spoke.n, 0), spoke.last FROM members m
     LEFT JOIN (SELECT member_id, ${tierOfRankSql('rank')} AS tier FROM temp.member_best_ranks) AS best
       ON best.member_id = m.id
     LEFT JOIN temp.member_spoke AS spoke ON spoke.member_id = m.id
     WHERE m.tier IS NOT best.tier OR m.message_count <> coalesce(spoke.n, 0) OR m.last_spoke_at IS NOT spoke.last`,
  ).run().changes;
  // `all`: many rows change, so the members are read in table order (NOT INDEXED) and each row is rewritten where
  // the previous one was; left to itself SQLite reads them through a small covering index (points, say) and
  // rewrites rows all over the table (a first recompute of 200,000 members: 335 → 258 ms for this update).
  const update = (all: boolean) =>
    cachedStatement(
      db,
      `UPDATE members ${all ? 'NOT INDEXED' : ''}
       SET tier = s.tier, message_count = s.message_count, last_spoke_at = s.last_spoke_at
       FROM temp.member_summaries AS s WHERE members.id = s.member_id`,
    ).run();
  const members = cachedStatement(db, 'SELECT count(*) FROM members', { pluck: true }).get() as number;
  if (changed > members * rebuildIndexesShare)
    withIndexesRebuilt(db, 'members', indexesOn('tier', 'message_count', 'last_spoke_at'), () =>
      update(true),
    );
  else if (changed > 0) update(false);
  db.exec(
    'DELETE FROM temp.member_best_ranks; DELETE FROM temp.member_spoke; DELETE FROM temp.member_summaries;',
  );
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
