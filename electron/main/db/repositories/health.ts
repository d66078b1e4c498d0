/**
 * SQL aggregates behind the health dashboard. Every function returns counts per bucket, never message rows, and
 * every bucket is a UTC+8 day (see shared/domain/health/days.ts): `(sent_at + 8 h) / 1 day` in integer arithmetic.
 * A scope is a set of groups and an inclusive range of day numbers; "across groups" counts memberships, so a
 * member of two groups counts in each. System notices (kind 'system') are never messages of a member.
 */
import { dayMs, instantOfDay, moderatorUtcOffsetMs } from '../../../../shared/domain/health/days';
import type { MembershipCounts } from '../../../../shared/domain/health/membership';
import type { Bands, BandedMetricId } from '../../../../shared/domain/health/metrics';
import type { MessageKind } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { cachedStatement as prepared } from './statementCache';

export interface HealthScope {
  groupIds: readonly number[];
  fromDay: number;
  toDay: number;
}

const hourMs = 3_600_000;
const dayOf = (column: string) => `((${column} + ${moderatorUtcOffsetMs}) / ${dayMs})`;
const monthOf = (column: string) => {
  const seconds = `(${column} + ${moderatorUtcOffsetMs}) / 1000`;
  return `(CAST(strftime('%Y', ${seconds}, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ${seconds}, 'unixepoch') AS INTEGER) - 1)`;
};
const inGroups = (alias = '') => `${alias}group_id IN (SELECT value FROM json_each(@groups))`;
/** Messages a member wrote (not system notices) inside the scope's instants. */
const spokenInRange = (alias = '') =>
  `${inGroups(alias)} AND ${alias}sent_at >= @start AND ${alias}sent_at < @end AND ${alias}kind <> 'system'`;

interface ScopeParams {
  groups: string;
  start: number;
  end: number;
}

export function scopeParams(scope: HealthScope): ScopeParams {
  return {
    groups: JSON.stringify(scope.groupIds),
    start: instantOfDay(scope.fromDay),
    end: instantOfDay(scope.toDay + 1),
  };
}

export const healthSql = {
  dailyActivity: `
    SELECT day, SUM(messages) AS messages, SUM(member_id IS NOT NULL) AS active
    FROM (
      SELECT member_id, ${dayOf('sent_at')} AS day, COUNT(*) AS messages
      FROM messages WHERE ${spokenInRange()}
      GROUP BY group_id, member_id, day
    )
    GROUP BY day ORDER BY day`,
  /**
   * Members active in the @window days ending on each day, without joining days × member-days: each active day of
   * a member covers the days up to @window − 1 after it, minus what their previous active day already covered, so
   * the covered spans of a member never overlap and a running sum of +1 / −1 per day counts distinct members.
   */
  rollingActive: `
    WITH member_days AS (
      SELECT DISTINCT group_id, member_id, ${dayOf('sent_at')} AS day
      FROM messages WHERE ${spokenInRange()} AND member_id IS NOT NULL
    ),
    covers AS MATERIALIZED (
      SELECT max(day, coalesce(LAG(day) OVER (PARTITION BY group_id, member_id ORDER BY day) + @window, day)) AS first_day,
        day + @window - 1 AS last_day
      FROM member_days
    )
    SELECT day, SUM(delta) AS delta FROM (
      SELECT first_day AS day, 1 AS delta FROM covers
      UNION ALL
      SELECT last_day + 1 AS day, -1 AS delta FROM covers
    )
    GROUP BY day ORDER BY day`,
  membershipBaseline: `
    SELECT
      coalesce(SUM(joined_at IS NULL OR min(joined_at, coalesce(left_at, joined_at)) < @start), 0) AS joinedBefore,
      coalesce(SUM(left_at IS NOT NULL AND left_at < @start), 0) AS leftBefore
    FROM group_members WHERE ${inGroups()}`,
  joinsByDay: `
    SELECT ${dayOf('joined')} AS day, COUNT(*) AS n FROM (
      SELECT min(joined_at, coalesce(left_at, joined_at)) AS joined
      FROM group_members WHERE ${inGroups()} AND joined_at IS NOT NULL
    )
    WHERE joined >= @start AND joined < @end GROUP BY day`,
  leavesByDay: `
    SELECT ${dayOf('left_at')} AS day, COUNT(*) AS n
    FROM group_members WHERE ${inGroups()} AND left_at >= @start AND left_at < @end GROUP BY day`,
  /** A member's first message of the range is "new" when they never spoke in that group before. */
  newSpeakersByDay: `
    SELECT ${dayOf('first_at')} AS day, COUNT(*) AS n FROM (
      SELECT group_id, member_id, MIN(sent_at) AS first_at
      FROM messages WHERE ${spokenInRange()} AND member_id IS NOT NULL
      GROUP BY group_id, member_id
    ) f
    WHERE NOT EXISTS (
      SELECT 1 FROM messages p
      WHERE p.member_id = f.member_id AND p.sent_at < @start AND p.group_id = f.group_id AND p.kind <> 'system'
    )
    GROUP BY day`,
  /**
   * A wake-up: a member's first message of a day, after at least @silence ms without a message in that group,
   * from someone who was there that long (joined earlier, or spoke before the silence).
   */
  wakeUpsByDay: `
    SELECT f.day, COUNT(*) AS n FROM (
      SELECT group_id, member_id, ${dayOf('sent_at')} AS day, MIN(sent_at) AS at
      FROM messages WHERE ${spokenInRange()} AND member_id IS NOT NULL
      GROUP BY group_id, member_id, day
    ) f
    LEFT JOIN group_members gm ON gm.group_id = f.group_id AND gm.member_id = f.member_id
    WHERE NOT EXISTS (
      SELECT 1 FROM messages p
      WHERE p.member_id = f.member_id AND p.sent_at >= f.at - @silence AND p.sent_at < f.at
        AND p.group_id = f.group_id AND p.kind <> 'system'
    )
    AND (
      (gm.member_id IS NOT NULL AND (gm.joined_at IS NULL OR gm.joined_at <= f.at - @silence))
      OR EXISTS (
        SELECT 1 FROM messages q
        WHERE q.member_id = f.member_id AND q.sent_at < f.at - @silence AND q.group_id = f.group_id AND q.kind <> 'system'
      )
    )
    GROUP BY f.day ORDER BY f.day`,
  /** Members silent for @silence ms at the range start (and there that long), and how many of them spoke in it. */
  silentWakeUp: `
    SELECT COUNT(*) AS silent, coalesce(SUM(EXISTS (
      SELECT 1 FROM messages m
      WHERE m.member_id = gm.member_id AND m.sent_at >= @start AND m.sent_at < @end
        AND m.group_id = gm.group_id AND m.kind <> 'system'
    )), 0) AS woke
    FROM group_members gm
    WHERE ${inGroups('gm.')}
      AND (gm.joined_at IS NULL OR gm.joined_at <= @start - @silence)
      AND (gm.left_at IS NULL OR gm.left_at >= @start)
      AND NOT EXISTS (
        SELECT 1 FROM messages m
        WHERE m.member_id = gm.member_id AND m.sent_at >= @start - @silence AND m.sent_at < @start
          AND m.group_id = gm.group_id AND m.kind <> 'system'
      )`,
  retention: `
    SELECT COUNT(*) AS joined, coalesce(SUM(left_at IS NULL OR left_at >= joined_at + @window), 0) AS retained
    FROM group_members WHERE ${inGroups()} AND joined_at >= @cohortStart AND joined_at < @cohortEnd`,
  heatmap: `
    SELECT (${dayOf('sent_at')} + 3) % 7 + 1 AS weekday, ((sent_at + ${moderatorUtcOffsetMs}) % ${dayMs}) / ${hourMs} AS hour,
      COUNT(*) AS n
    FROM messages WHERE ${spokenInRange()} GROUP BY weekday, hour`,
  kindMix: `
    SELECT kind, COUNT(*) AS n FROM messages WHERE ${spokenInRange()} GROUP BY kind ORDER BY n DESC, kind`,
  topMembers: `
    SELECT t.member_id AS memberId, coalesce(mem.display_name, '') AS name, t.messages, t.activeDays
    FROM (
      SELECT member_id, COUNT(*) AS messages, COUNT(DISTINCT ${dayOf('sent_at')}) AS activeDays
      FROM messages WHERE ${spokenInRange()} AND member_id IS NOT NULL
      GROUP BY member_id
    ) t
    LEFT JOIN members mem ON mem.id = t.member_id
    ORDER BY t.messages DESC, t.member_id LIMIT @limit`,
  activeDaysDistribution: `
    SELECT days, COUNT(*) AS members FROM (
      SELECT COUNT(DISTINCT ${dayOf('sent_at')}) AS days
      FROM messages WHERE ${spokenInRange()} AND member_id IS NOT NULL
      GROUP BY group_id, member_id
    )
    GROUP BY days`,
  recentTexts: `
    SELECT content FROM messages
    WHERE ${inGroups()} AND sent_at >= @start AND sent_at < @end AND kind = 'text'
    ORDER BY sent_at DESC LIMIT @limit`,
  cohortPresence: `
    WITH RECURSIVE offsets(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM offsets WHERE k < @lastMonth - @firstMonth),
    cohort AS (
      SELECT ${monthOf('joined_at')} AS joined_month,
        CASE WHEN left_at IS NULL OR left_at >= @end THEN NULL ELSE ${monthOf('left_at')} END AS left_month
      FROM group_members WHERE ${inGroups()} AND joined_at >= @start AND joined_at < @end
    )
    SELECT c.joined_month AS month, o.k AS offset, COUNT(*) AS joined,
      SUM(c.left_month IS NULL OR c.left_month > c.joined_month + o.k) AS present
    FROM cohort c JOIN offsets o ON c.joined_month + o.k <= @lastMonth
    GROUP BY month, offset ORDER BY month, offset`,
  cohortSpeaking: `
    WITH cohort AS (
      SELECT group_id, member_id, joined_at, ${monthOf('joined_at')} AS joined_month
      FROM group_members WHERE ${inGroups()} AND joined_at >= @start AND joined_at < @end
    ),
    spoke AS (
      SELECT DISTINCT c.group_id, c.member_id, c.joined_month, ${monthOf('m.sent_at')} AS month
      FROM cohort c JOIN messages m
        ON m.member_id = c.member_id AND m.sent_at >= @start AND m.sent_at >= c.joined_at AND m.sent_at < @end
      WHERE m.group_id = c.group_id AND m.kind <> 'system'
    )
    SELECT joined_month AS month, month - joined_month AS offset, COUNT(*) AS speaking
    FROM spoke GROUP BY joined_month, offset`,
  latestMessageAt: `
    SELECT MAX((SELECT MAX(sent_at) FROM messages m WHERE m.group_id = g.id)) AS at FROM groups g`,
  /** Where the archive of these groups begins: before it, no message does not mean nobody spoke. */
  firstMessageAt: `
    SELECT MIN((SELECT MIN(sent_at) FROM messages m WHERE m.group_id = g.value)) AS at FROM json_each(@groups) g`,
  groups: `SELECT id, name FROM groups ORDER BY id`,
  importsInRange: `
    SELECT group_id AS groupId, started_at AS at, file_name AS fileName FROM imports
    WHERE status = 'done' AND started_at >= @start AND started_at < @end AND (group_id IS NULL OR ${inGroups()})
    ORDER BY started_at`,
} as const;

export type HealthQuery = keyof typeof healthSql;

function byDay(rows: { day: number; n: number }[]): Map<number, number> {
  return new Map(rows.map((row) => [row.day, row.n]));
}

export function dailyActivity(
  db: Db,
  scope: HealthScope,
): { day: number; messages: number; active: number }[] {
  return prepared(db, healthSql.dailyActivity).all(scopeParams(scope)) as {
    day: number;
    messages: number;
    active: number;
  }[];
}

/** Distinct members active in the `window` days ending on each day of the scope. */
export function rollingActive(db: Db, scope: HealthScope, window: number): Map<number, number> {
  const widened = { ...scope, fromDay: scope.fromDay - window + 1 };
  const deltas = prepared(db, healthSql.rollingActive).all({ ...scopeParams(widened), window }) as {
    day: number;
    delta: number;
  }[];
  const active = new Map<number, number>();
  let running = 0;
  let next = 0;
  for (let day = scope.fromDay; day <= scope.toDay; day += 1) {
    while (next < deltas.length && deltas[next]!.day <= day) running += deltas[next++]!.delta;
    active.set(day, running);
  }
  return active;
}

/** Join and leave counts per day over the scope, and the totals before it. */
export function membershipCounts(db: Db, scope: HealthScope): MembershipCounts {
  const params = scopeParams(scope);
  const baseline = prepared(db, healthSql.membershipBaseline).get(params) as {
    joinedBefore: number;
    leftBefore: number;
  };
  return {
    firstDay: scope.fromDay,
    joinedBefore: baseline.joinedBefore,
    leftBefore: baseline.leftBefore,
    joinsByDay: byDay(prepared(db, healthSql.joinsByDay).all(params) as { day: number; n: number }[]),
    leavesByDay: byDay(prepared(db, healthSql.leavesByDay).all(params) as { day: number; n: number }[]),
  };
}

export function newSpeakersByDay(db: Db, scope: HealthScope): Map<number, number> {
  return byDay(
    prepared(db, healthSql.newSpeakersByDay).all(scopeParams(scope)) as { day: number; n: number }[],
  );
}

export function wakeUpsByDay(db: Db, scope: HealthScope, silenceMs: number): Map<number, number> {
  const rows = prepared(db, healthSql.wakeUpsByDay).all({ ...scopeParams(scope), silence: silenceMs });
  return byDay(rows as { day: number; n: number }[]);
}

export function silentWakeUp(
  db: Db,
  scope: HealthScope,
  silenceMs: number,
): { silent: number; woke: number } {
  return prepared(db, healthSql.silentWakeUp).get({ ...scopeParams(scope), silence: silenceMs }) as {
    silent: number;
    woke: number;
  };
}

/** Of the memberships that joined in [cohortStart, cohortEnd), how many were still there `windowMs` later. */
export function retention(
  db: Db,
  groupIds: readonly number[],
  cohortStart: number,
  cohortEnd: number,
  windowMs: number,
): { joined: number; retained: number } {
  return prepared(db, healthSql.retention).get({
    groups: JSON.stringify(groupIds),
    cohortStart,
    cohortEnd,
    window: windowMs,
  }) as { joined: number; retained: number };
}

export function heatmapCounts(db: Db, scope: HealthScope): { weekday: number; hour: number; n: number }[] {
  return prepared(db, healthSql.heatmap).all(scopeParams(scope)) as {
    weekday: number;
    hour: number;
    n: number;
  }[];
}

export function kindMix(db: Db, scope: HealthScope): { kind: MessageKind; messages: number }[] {
  const rows = prepared(db, healthSql.kindMix).all(scopeParams(scope)) as { kind: MessageKind; n: number }[];
  return rows.map((row) => ({ kind: row.kind, messages: row.n }));
}

export function topMembers(
  db: Db,
  scope: HealthScope,
  limit: number,
): { memberId: number; name: string; messages: number; activeDays: number }[] {
  return prepared(db, healthSql.topMembers).all({ ...scopeParams(scope), limit }) as {
    memberId: number;
    name: string;
    messages: number;
    activeDays: number;
  }[];
}

/** How many members spoke on exactly n days of the scope, for each n ≥ 1. */
export function activeDaysDistribution(db: Db, scope: HealthScope): Map<number, number> {
  const rows = prepared(db, healthSql.activeDaysDistribution).all(scopeParams(scope)) as {
    days: number;
    members: number;
  }[];
  return new Map(rows.map((row) => [row.days, row.members]));
}

/** The newest text messages of the scope, one content at a time (streamed, not loaded as a whole). */
export function recentTexts(db: Db, scope: HealthScope, limit: number): IterableIterator<string> {
  const statement = prepared(db, healthSql.recentTexts).pluck();
  return statement.iterate({ ...scopeParams(scope), limit }) as IterableIterator<string>;
}

export interface CohortCounts {
  presence: { month: number; offset: number; joined: number; present: number }[];
  speaking: { month: number; offset: number; speaking: number }[];
}

/** Memberships that joined in months firstMonth..lastMonth, followed month by month up to lastMonth. */
export function cohortCounts(
  db: Db,
  groupIds: readonly number[],
  months: { firstMonth: number; lastMonth: number; start: number; end: number },
): CohortCounts {
  const params = { groups: JSON.stringify(groupIds), ...months };
  return {
    presence: prepared(db, healthSql.cohortPresence).all(params) as CohortCounts['presence'],
    speaking: prepared(db, healthSql.cohortSpeaking).all(params) as CohortCounts['speaking'],
  };
}

export function latestMessageAt(db: Db): number | null {
  return (prepared(db, healthSql.latestMessageAt).get() as { at: number | null }).at;
}

export function firstMessageAt(db: Db, groupIds: readonly number[]): number | null {
  return (
    prepared(db, healthSql.firstMessageAt).get({ groups: JSON.stringify(groupIds) }) as { at: number | null }
  ).at;
}

export function groupNames(db: Db): { id: number; name: string }[] {
  return prepared(db, healthSql.groups).all() as { id: number; name: string }[];
}

export function importsInRange(
  db: Db,
  scope: HealthScope,
): { groupId: number | null; at: number; fileName: string }[] {
  return prepared(db, healthSql.importsInRange).all(scopeParams(scope)) as {
    groupId: number | null;
    at: number;
    fileName: string;
  }[];
}

// Thresholds -------------------------------------------------------------------------------------------------------

export interface ThresholdRow {
  groupId: number | null;
  metric: string;
  amber: number;
  red: number;
}

export function listThresholds(db: Db, groupId: number | null): ThresholdRow[] {
  return prepared(
    db,
    `SELECT group_id AS groupId, metric, amber, red FROM health_thresholds
     WHERE group_id IS NULL OR group_id = @groupId ORDER BY group_id IS NOT NULL, metric`,
  ).all({ groupId }) as ThresholdRow[];
}

export function saveThreshold(
  db: Db,
  row: { groupId: number | null; metric: BandedMetricId; bands: Bands | null },
  now: number,
  operator: string,
): void {
  prepared(db, 'DELETE FROM health_thresholds WHERE group_id IS @groupId AND metric = @metric').run({
    groupId: row.groupId,
    metric: row.metric,
  });
  if (row.bands === null) return;
  prepared(
    db,
    `INSERT INTO health_thresholds (group_id, metric, amber, red, updated_at, operator)
     VALUES (@groupId, @metric, @amber, @red, @now, @operator)`,
  ).run({
    groupId: row.groupId,
    metric: row.metric,
    amber: row.bands.amber,
    red: row.bands.red,
    now,
    operator,
  });
}
