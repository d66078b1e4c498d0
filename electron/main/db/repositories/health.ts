/**
 * SQL aggregates behind the health dashboard. Every function returns counts per bucket, never message rows, and
 * every bucket is a UTC+8 day (see shared/domain/health/days.ts): `(sent_at + 8 h) / 1 day` in integer arithmetic.
 * Message figures read the daily rollups of migration 0013 (kept by healthRollups.ts; callers refresh them first),
 * so a year of a large group costs a few thousand rollup rows instead of a scan of its messages.
 * A scope is a set of groups and an inclusive range of day numbers; "across groups" counts memberships, so a
 * member of two groups counts in each. System notices (kind 'system') are never messages of a member.
 */
import {
  dayMs,
  firstDayOfMonth,
  instantOfDay,
  moderatorUtcOffsetMs,
} from '../../../../shared/domain/health/days';
import type { ActivityOutcomeRow } from '../../../../shared/domain/health/conversion';
import type { MembershipFlowRow } from '../../../../shared/domain/health/membership';
import type { Bands, BandedMetricId } from '../../../../shared/domain/health/metrics';
import type { MessageKind } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { countCheckedIn } from './calendarActivities';
import { monthOfDaySql } from './healthRollups';
import { cachedStatement as prepared } from './statementCache';

export interface HealthScope {
  groupIds: readonly number[];
  fromDay: number;
  toDay: number;
}

const dayOf = (column: string) => `((${column} + ${moderatorUtcOffsetMs}) / ${dayMs})`;
const monthOf = (column: string) => monthOfDaySql(dayOf(column));
const inGroups = (alias = '') => `${alias}group_id IN (SELECT value FROM json_each(@groups))`;
/** Rollup rows of the scope's groups and days. */
const inScope = (alias = '') => `${inGroups(alias)} AND ${alias}day BETWEEN @fromDay AND @toDay`;

/** The wake-up windows as integers: better-sqlite3 binds every JS number as a REAL. */
const silenceMs = 'CAST(@silence AS INTEGER)';
const responseMs = 'CAST(@response AS INTEGER)';
/**
 * Silent at the instant `at` (see shared/domain/health/wakeUp.ts): the membership `gm` is there at `at` and has been
 * for the whole silence (or since an unknown time) …
 */
const presentThroughSilence = (at: string) =>
  `coalesce(gm.joined_at, ${at} - ${silenceMs}) <= ${at} - ${silenceMs} AND coalesce(gm.left_at, ${at} + 1) > ${at}`;
/**
 * … and has no message in the group during [at − silence, at). Messages of a member, not member-days: one search of
 * the member's messages by time (messages_member_time) costs far less than reading a month of the group's days.
 */
const messagesOf = (member: string, group: string, bounds: string) =>
  `messages m WHERE m.member_id = ${member} AND ${bounds} AND m.group_id = ${group} AND m.kind <> 'system'`;
const silentAt = (member: string, group: string, at: string) =>
  `NOT EXISTS (SELECT 1 FROM ${messagesOf(member, group, `m.sent_at >= ${at} - ${silenceMs} AND m.sent_at < ${at}`)})`;

/**
 * The members each targeted action of the scope found silent, with the day they first spoke within @response after
 * it (NULL: not woken). Actions: activities started (key = id, reaching every member of the group) and outreach done
 * (key = −id, reaching its snapshot; a member merged since counts as the member merged into, who holds the
 * membership now) in the range, of groups whose archive reaches back the whole silence before.
 */
const targetedMembers = `
  WITH actions AS MATERIALIZED (
    SELECT a.id AS key, a.group_id, a.starts_at AS at FROM activities a
    WHERE a.starts_at >= @start AND a.starts_at < @end AND ${inGroups('a.')}
    UNION ALL
    SELECT -o.id, o.group_id, o.at FROM health_outreach o
    WHERE ${inGroups('o.')} AND o.at >= @start AND o.at < @end
  ),
  covered AS MATERIALIZED (
    SELECT c.key, c.group_id, c.at FROM actions c
    WHERE (SELECT MIN(m.sent_at) FROM messages m WHERE m.group_id = c.group_id) <= c.at - ${silenceMs}
  ),
  -- CROSS JOIN keeps the few actions outside: each looks up its group's memberships by key.
  reached AS (
    SELECT c.key, c.group_id, c.at, gm.member_id FROM covered c
    CROSS JOIN group_members gm ON gm.group_id = c.group_id
    WHERE c.key > 0 AND ${presentThroughSilence('c.at')}
    UNION ALL
    SELECT c.key, c.group_id, c.at, gm.member_id FROM covered c
    JOIN health_outreach_members om ON om.outreach_id = -c.key
    JOIN members mm ON mm.id = om.member_id
    JOIN group_members gm ON gm.group_id = c.group_id AND gm.member_id = coalesce(mm.merged_into_id, om.member_id)
    WHERE c.key < 0 AND ${presentThroughSilence('c.at')}
  ),
  targeted AS (
    SELECT r.key, r.group_id, r.member_id, ${dayOf(
      `(SELECT MIN(m.sent_at) FROM ${messagesOf(
        'r.member_id',
        'r.group_id',
        `m.sent_at > r.at AND m.sent_at <= r.at + ${responseMs}`,
      )})`,
    )} AS woke_day
    FROM reached r WHERE ${silentAt('r.member_id', 'r.group_id', 'r.at')}
  )`;

interface ScopeParams {
  groups: string;
  start: number;
  end: number;
  fromDay: number;
  toDay: number;
}

export function scopeParams(scope: HealthScope): ScopeParams {
  return {
    groups: JSON.stringify(scope.groupIds),
    start: instantOfDay(scope.fromDay),
    end: instantOfDay(scope.toDay + 1),
    fromDay: scope.fromDay,
    toDay: scope.toDay,
  };
}

export const healthSql = {
  dailyActivity: `
    SELECT day, SUM(messages) AS messages, SUM(speakers) AS active
    FROM health_daily WHERE ${inScope()}
    GROUP BY day ORDER BY day`,
  /**
   * Members active in the @window days ending on each day, as a running sum of +1 / −1 per day: each active day of a
   * member covers the days up to @window − 1 after it, minus what their previous active day already covered, so the
   * covered spans of a member never overlap. A span ends @window days after its day: those −1 are the day's
   * speakers, read from the daily rollup.
   */
  rollingActive: `
    SELECT day, SUM(delta) AS delta FROM (
      SELECT max(day, coalesce(${dayOf('previous_last_at')} + @window, day)) AS day, 1 AS delta
      FROM health_member_days WHERE ${inScope()}
      UNION ALL
      SELECT day + @window, -speakers FROM health_daily WHERE ${inScope()}
    )
    GROUP BY day ORDER BY day`,
  /**
   * Every stay of the scope's memberships, by join channel, from everything known about each membership: its row
   * (start, or NULL for "before anything we know", and leave), the join and leave notices, the first message (there by
   * then at the latest) and, for a member not marked as gone, the first message after their last leave notice (back
   * without a notice). Without a leave notice a membership is one stay, from the earliest of those starts to its
   * leave; with one, in time order, a join while in or a leave while out changes nothing and the rest are the stays.
   * Rows: joins and leaves per day, stays of unknown start, and the gaps between a leave and the return.
   */
  membershipFlow: `
    WITH stays AS MATERIALIZED (
      SELECT g.group_id, g.member_id, coalesce(m.join_channel, 'unknown') AS channel, g.left_at,
        CASE WHEN g.joined_at IS NULL THEN NULL ELSE min(g.joined_at, coalesce(g.left_at, g.joined_at)) END AS start_at,
        EXISTS (
          SELECT 1 FROM membership_events e
          WHERE e.group_id = g.group_id AND e.member_id = g.member_id AND e.event = 'leave'
        ) AS churned
      FROM group_members g LEFT JOIN members m ON m.id = g.member_id
      WHERE ${inGroups('g.')}
    ),
    single AS MATERIALIZED (
      SELECT s.channel, s.left_at, CASE WHEN s.start_at IS NULL THEN NULL ELSE min(
        s.start_at,
        coalesce(f.first_at, s.start_at),
        coalesce((
          SELECT MIN(e.at) FROM membership_events e
          WHERE e.group_id = s.group_id AND e.member_id = s.member_id AND e.event = 'join'
        ), s.start_at)
      ) END AS start
      FROM stays s LEFT JOIN health_speakers f ON f.group_id = s.group_id AND f.member_id = s.member_id
      WHERE NOT s.churned
    ),
    churned AS MATERIALIZED (SELECT * FROM stays WHERE churned),
    returns AS (
      SELECT s.group_id, s.member_id, s.channel, (
        SELECT MIN(m.sent_at) FROM messages m
        WHERE m.member_id = s.member_id AND m.sent_at > (
          SELECT MAX(e.at) FROM membership_events e
          WHERE e.group_id = s.group_id AND e.member_id = s.member_id AND e.event = 'leave'
        ) AND m.group_id = s.group_id AND m.kind <> 'system'
      ) AS at
      FROM churned s WHERE s.left_at IS NULL
    ),
    events AS (
      SELECT group_id, member_id, channel, start_at AS at, 1 AS joining FROM churned
      UNION
      SELECT group_id, member_id, channel, left_at, 0 FROM churned WHERE left_at IS NOT NULL
      UNION
      SELECT s.group_id, s.member_id, s.channel, e.at, e.event = 'join'
      FROM churned s JOIN membership_events e ON e.group_id = s.group_id AND e.member_id = s.member_id
      UNION
      SELECT s.group_id, s.member_id, s.channel, f.first_at, 1
      FROM churned s JOIN health_speakers f ON f.group_id = s.group_id AND f.member_id = s.member_id
      WHERE s.start_at IS NOT NULL
      UNION
      SELECT group_id, member_id, channel, at, 1 FROM returns WHERE at IS NOT NULL
    ),
    ordered AS (
      SELECT group_id, member_id, channel, at, joining,
        LAG(joining) OVER (PARTITION BY group_id, member_id ORDER BY at, joining DESC) AS before
      FROM events
    ),
    changes AS MATERIALIZED (
      SELECT channel, at, joining, before,
        LAG(at) OVER (PARTITION BY group_id, member_id ORDER BY at, joining DESC) AS previous_at
      FROM ordered WHERE before IS NULL OR before <> joining
    )
    SELECT channel, 'join' AS kind, ${dayOf('start')} AS day, NULL AS until, COUNT(*) AS n
    FROM single WHERE start IS NOT NULL GROUP BY channel, day
    UNION ALL
    SELECT channel, 'leave', ${dayOf('left_at')}, NULL, COUNT(*) FROM single WHERE left_at IS NOT NULL GROUP BY channel, 3
    UNION ALL
    SELECT channel, 'unknown', NULL, NULL, COUNT(*) FROM single WHERE start IS NULL GROUP BY channel
    UNION ALL
    SELECT channel, CASE joining WHEN 1 THEN 'join' ELSE 'leave' END, ${dayOf('at')}, NULL, COUNT(*)
    FROM changes WHERE at IS NOT NULL GROUP BY channel, joining, 3
    UNION ALL
    SELECT channel, 'unknown', NULL, NULL, COUNT(*) FROM changes
    WHERE (joining = 1 AND at IS NULL) OR (joining = 0 AND before IS NULL) GROUP BY channel
    UNION ALL
    SELECT channel, 'gap', ${dayOf('previous_at')}, ${dayOf('at')}, COUNT(*)
    FROM changes WHERE joining = 1 AND before = 0 GROUP BY channel, 3, 4`,
  /** A member's first message in the group (ever) falls in the range: a first-time speaker that day. */
  newSpeakersByDay: `
    SELECT ${dayOf('first_at')} AS day, COUNT(*) AS n
    FROM health_speakers WHERE ${inGroups()} AND first_at >= @start AND first_at < @end
    GROUP BY day`,
  /**
   * Distinct memberships targeted by the scope's actions (see `targetedMembers`), by the day they woke (the first
   * of their wake-ups; NULL: targeted but not woken). A membership reached by several actions counts once.
   */
  wakeUpsByDay: `${targetedMembers}
    SELECT woke_day AS day, COUNT(*) AS n
    FROM (SELECT MIN(woke_day) AS woke_day FROM targeted GROUP BY group_id, member_id)
    GROUP BY woke_day`,
  /** Targeted and woken members per action the archive covers (key: activity id, or −outreach id). */
  wakeUpsByAction: `${targetedMembers}
    SELECT c.key, COUNT(DISTINCT t.member_id) AS targeted,
      COUNT(DISTINCT CASE WHEN t.woke_day IS NOT NULL THEN t.member_id END) AS woken
    FROM covered c LEFT JOIN targeted t ON t.key = c.key GROUP BY c.key`,
  /** The members of a group silent at @at: the default audience of an outreach. */
  silentMembersAt: `
    SELECT gm.member_id FROM group_members gm
    WHERE gm.group_id = @groupId AND ${presentThroughSilence('@at')}
      AND ${silentAt('gm.member_id', 'gm.group_id', '@at')}
    ORDER BY gm.member_id`,
  retention: `
    SELECT COUNT(*) AS joined, coalesce(SUM(left_at IS NULL OR left_at >= joined_at + @window), 0) AS retained
    FROM group_members WHERE ${inGroups()} AND joined_at >= @cohortStart AND joined_at < @cohortEnd`,
  heatmap: `
    SELECT (day + 3) % 7 + 1 AS weekday, hour, SUM(messages) AS n
    FROM health_hourly WHERE ${inScope()} GROUP BY weekday, hour`,
  kindMix: `
    SELECT kind, SUM(messages) AS n FROM health_kinds WHERE ${inScope()} GROUP BY kind ORDER BY n DESC, kind`,
  topMembers: `
    SELECT t.member_id AS memberId, coalesce(mem.display_name, '') AS name, t.messages, t.activeDays
    FROM (
      SELECT member_id, SUM(messages) AS messages, COUNT(DISTINCT day) AS activeDays
      FROM health_member_days WHERE ${inScope()}
      GROUP BY member_id
    ) t
    LEFT JOIN members mem ON mem.id = t.member_id
    ORDER BY t.messages DESC, t.member_id LIMIT @limit`,
  activeDaysDistribution: `
    SELECT days, COUNT(*) AS members FROM (
      SELECT COUNT(*) AS days FROM health_member_days WHERE ${inScope()} GROUP BY group_id, member_id
    )
    GROUP BY days`,
  recentTexts: `
    SELECT content FROM messages
    WHERE ${inGroups()} AND sent_at >= @start AND sent_at < @end AND kind = 'text'
    ORDER BY sent_at DESC LIMIT @limit`,
  /**
   * Memberships counted by join and leave day first, so the calendar months (strftime) are worked out once per
   * distinct pair of days rather than once per membership.
   */
  cohortPresence: `
    WITH RECURSIVE offsets(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM offsets WHERE k < @lastMonth - @firstMonth),
    days AS (
      SELECT ${dayOf('joined_at')} AS joined_day,
        CASE WHEN left_at IS NULL OR left_at >= @end THEN NULL ELSE ${dayOf('left_at')} END AS left_day, COUNT(*) AS n
      FROM group_members WHERE ${inGroups()} AND joined_at >= @start AND joined_at < @end
      GROUP BY joined_day, left_day
    ),
    cohort AS (
      SELECT ${monthOfDaySql('joined_day')} AS joined_month,
        CASE WHEN left_day IS NULL THEN NULL ELSE ${monthOfDaySql('left_day')} END AS left_month, n
      FROM days
    )
    SELECT c.joined_month AS month, o.k AS offset, SUM(c.n) AS joined,
      SUM(CASE WHEN c.left_month IS NULL OR c.left_month > c.joined_month + o.k THEN c.n ELSE 0 END) AS present
    FROM cohort c JOIN offsets o ON c.joined_month + o.k <= @lastMonth
    GROUP BY month, offset ORDER BY month, offset`,
  /**
   * A member speaks in a month when they have a message there at or after their join: whole months from the
   * member-months, the last (maybe partial) month from its member-days up to the range's last day.
   */
  cohortSpeaking: `
    WITH cohort AS MATERIALIZED (
      SELECT group_id, member_id, joined_at, ${monthOf('joined_at')} AS joined_month
      FROM group_members WHERE ${inGroups()} AND joined_at >= @start AND joined_at < @end
    ),
    spoke AS (
      SELECT c.group_id, c.member_id, c.joined_month, mm.month
      FROM cohort c JOIN health_member_months mm ON mm.group_id = c.group_id AND mm.member_id = c.member_id
      WHERE mm.month >= c.joined_month AND mm.month < @lastMonth AND mm.last_at >= c.joined_at
      UNION
      SELECT c.group_id, c.member_id, c.joined_month, @lastMonth
      FROM health_member_days d JOIN cohort c ON c.group_id = d.group_id AND c.member_id = d.member_id
      WHERE ${inGroups('d.')} AND d.day BETWEEN @lastMonthDay AND @toDay AND d.last_at >= c.joined_at
    )
    SELECT joined_month AS month, month - joined_month AS offset, COUNT(*) AS speaking
    FROM spoke GROUP BY joined_month, offset`,
  /** The complaint rate's rollups (migration 0017): messages scanned, messages with a live complaint hit. */
  complaintCounts: `
    SELECT coalesce(SUM(scanned), 0) AS scannedMessages, coalesce(SUM(complaint_messages), 0) AS complaintMessages
    FROM health_scanned_daily WHERE ${inScope()}`,
  hitCategories: `
    SELECT category, SUM(hits) AS n FROM health_hit_categories WHERE ${inScope()}
    GROUP BY category ORDER BY category`,
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
  /** One-off calendar entries (recurring series are routine and would mark every day). */
  calendarInRange: `
    SELECT group_id AS groupId, starts_at AS at, title AS label FROM calendar_items
    WHERE starts_at >= @start AND starts_at < @end AND recurrence IS NULL AND ${inGroups()}
    ORDER BY starts_at`,
  activitiesInRange: `
    SELECT group_id AS groupId, starts_at AS at, title AS label FROM activities
    WHERE starts_at >= @start AND starts_at < @end AND ${inGroups()}
    ORDER BY starts_at`,
  /**
   * Activities started in the range, with what the operator entered and the members they reached: the group's
   * members present at the start (joined at or before it, or at an unknown time, and not left by then).
   */
  activityOutcomes: `
    SELECT a.id AS activityId, a.group_id AS groupId, g.name AS groupName, a.title, a.starts_at AS startsAt,
      a.conversions, a.participants_entered AS participantsEntered,
      (SELECT COUNT(*) FROM group_members gm
        WHERE gm.group_id = a.group_id AND coalesce(gm.joined_at, a.starts_at) <= a.starts_at
          AND coalesce(gm.left_at, a.starts_at + 1) > a.starts_at) AS reached
    FROM activities a JOIN groups g ON g.id = a.group_id
    WHERE a.starts_at >= @start AND a.starts_at < @end AND ${inGroups('a.')}
    ORDER BY a.starts_at, a.id`,
  incidentsInRange: `
    SELECT group_id AS groupId, opened_at AS at, title AS label FROM crisis_incidents
    WHERE opened_at >= @start AND opened_at < @end AND (group_id IS NULL OR ${inGroups()})
    ORDER BY opened_at`,
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

/** Every stay of the groups' memberships over all time, by join channel (see `healthSql.membershipFlow`). */
export function membershipFlowRows(db: Db, groupIds: readonly number[]): MembershipFlowRow[] {
  return prepared(db, healthSql.membershipFlow).all({
    groups: JSON.stringify(groupIds),
  }) as MembershipFlowRow[];
}

export function newSpeakersByDay(db: Db, scope: HealthScope): Map<number, number> {
  return byDay(
    prepared(db, healthSql.newSpeakersByDay).all(scopeParams(scope)) as { day: number; n: number }[],
  );
}

/** The silence and the response window of the wake-up rate, in ms. */
export interface WakeWindows {
  silence: number;
  response: number;
}

/** Targeted memberships by the day they woke; the `null` key counts those who did not. */
export function wakeUpsByDay(db: Db, scope: HealthScope, windows: WakeWindows): Map<number | null, number> {
  const rows = prepared(db, healthSql.wakeUpsByDay).all({ ...scopeParams(scope), ...windows });
  return new Map((rows as { day: number | null; n: number }[]).map((row) => [row.day, row.n]));
}

/** Distinct memberships silent at an action of the scope that reached them, and how many of them woke. */
export function silentWakeUp(
  db: Db,
  scope: HealthScope,
  windows: WakeWindows,
): { targeted: number; woken: number } {
  let targeted = 0;
  let woken = 0;
  for (const [day, n] of wakeUpsByDay(db, scope, windows)) {
    targeted += n;
    if (day !== null) woken += n;
  }
  return { targeted, woken };
}

/** Targeted and woken members per action of the scope (key: activity id, or −outreach id). */
export function wakeUpsByAction(
  db: Db,
  scope: HealthScope,
  windows: WakeWindows,
): Map<number, { targeted: number; woken: number }> {
  const rows = prepared(db, healthSql.wakeUpsByAction).all({ ...scopeParams(scope), ...windows }) as {
    key: number;
    targeted: number;
    woken: number;
  }[];
  return new Map(rows.map((row) => [row.key, { targeted: row.targeted, woken: row.woken }]));
}

export function silentMembersAt(db: Db, groupId: number, at: number, silence: number): number[] {
  return prepared(db, healthSql.silentMembersAt).pluck().all({ groupId, at, silence }) as number[];
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
  const params = {
    groups: JSON.stringify(groupIds),
    ...months,
    lastMonthDay: firstDayOfMonth(months.lastMonth),
    toDay: Math.floor((months.end - 1 + moderatorUtcOffsetMs) / dayMs),
  };
  return {
    presence: prepared(db, healthSql.cohortPresence).all(params) as CohortCounts['presence'],
    speaking: prepared(db, healthSql.cohortSpeaking).all(params) as CohortCounts['speaking'],
  };
}

/** Scanned messages, messages with a live (not dismissed) complaint or crisis hit, and live hits per category. */
export function complaintCounts(
  db: Db,
  scope: HealthScope,
): { scannedMessages: number; complaintMessages: number; byCategory: Record<string, number> } {
  const params = scopeParams(scope);
  const counts = prepared(db, healthSql.complaintCounts).get(params) as {
    scannedMessages: number;
    complaintMessages: number;
  };
  const categories = prepared(db, healthSql.hitCategories).all(params) as { category: string; n: number }[];
  return { ...counts, byCategory: Object.fromEntries(categories.map((row) => [row.category, row.n])) };
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

export interface DatedRow {
  groupId: number | null;
  at: number;
  label: string;
}

/** One-off calendar entries, activities and crisis incidents of the scope (the annotation layer). */
export function eventsInRange(
  db: Db,
  table: 'calendarInRange' | 'activitiesInRange' | 'incidentsInRange',
  scope: HealthScope,
): DatedRow[] {
  return prepared(db, healthSql[table]).all(scopeParams(scope)) as DatedRow[];
}

/** Activities of the scope with their entered results, distinct check-ins and reached members. */
export function activityOutcomes(db: Db, scope: HealthScope): ActivityOutcomeRow[] {
  const rows = prepared(db, healthSql.activityOutcomes).all(scopeParams(scope)) as Omit<
    ActivityOutcomeRow,
    'checkedIn'
  >[];
  return rows.map((row) => ({ ...row, checkedIn: countCheckedIn(db, row.activityId) }));
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

// Wake-up outreach and settings ------------------------------------------------------------------------------------

export interface OutreachRow {
  id: number;
  groupId: number;
  groupName: string;
  at: number;
  channel: string;
  note: string;
  audience: string;
  reached: number;
  operator: string;
  createdAt: number;
}

const outreachColumns = `o.id, o.group_id AS groupId, g.name AS groupName, o.at, o.channel, o.note, o.audience,
  (SELECT COUNT(*) FROM health_outreach_members om WHERE om.outreach_id = o.id) AS reached,
  o.operator, o.created_at AS createdAt
  FROM health_outreach o JOIN groups g ON g.id = o.group_id`;

/** Outreach of the scope's groups done in its range, newest first. */
export function listOutreach(db: Db, scope: HealthScope): OutreachRow[] {
  return prepared(
    db,
    `SELECT ${outreachColumns}
     WHERE ${inGroups('o.')} AND o.at >= @start AND o.at < @end ORDER BY o.at DESC, o.id DESC`,
  ).all(scopeParams(scope)) as OutreachRow[];
}

export function getOutreach(db: Db, id: number): OutreachRow | undefined {
  return prepared(db, `SELECT ${outreachColumns} WHERE o.id = ?`).get(id) as OutreachRow | undefined;
}

export function insertOutreach(
  db: Db,
  row: { groupId: number; at: number; channel: string; note: string; audience: string; memberIds: number[] },
  now: number,
  operator: string,
): number {
  const id = Number(
    prepared(
      db,
      `INSERT INTO health_outreach (group_id, at, channel, note, audience, created_at, operator)
       VALUES (@groupId, @at, @channel, @note, @audience, @now, @operator)`,
    ).run({ ...row, now, operator }).lastInsertRowid,
  );
  const member = prepared(db, 'INSERT INTO health_outreach_members (outreach_id, member_id) VALUES (?, ?)');
  for (const memberId of row.memberIds) member.run(id, memberId);
  return id;
}

export function deleteOutreach(db: Db, id: number): void {
  prepared(db, 'DELETE FROM health_outreach WHERE id = ?').run(id);
}

/** Of `memberIds`, those that have a membership (past or present) in the group. */
export function membersOfGroup(db: Db, groupId: number, memberIds: readonly number[]): Set<number> {
  const rows = prepared(
    db,
    `SELECT member_id FROM group_members
     WHERE group_id = @groupId AND member_id IN (SELECT value FROM json_each(@members))`,
  )
    .pluck()
    .all({ groupId, members: JSON.stringify(memberIds) }) as number[];
  return new Set(rows);
}

export function readWakeSettings(db: Db): { silenceDays: number; responseDays: number } | undefined {
  return prepared(
    db,
    'SELECT silence_days AS silenceDays, response_days AS responseDays FROM health_wake_settings WHERE id = 1',
  ).get() as { silenceDays: number; responseDays: number } | undefined;
}

export function saveWakeSettings(
  db: Db,
  settings: { silenceDays: number; responseDays: number },
  now: number,
  operator: string,
): void {
  prepared(
    db,
    `INSERT INTO health_wake_settings (id, silence_days, response_days, updated_at, operator)
     VALUES (1, @silenceDays, @responseDays, @now, @operator)
     ON CONFLICT (id) DO UPDATE SET silence_days = excluded.silence_days, response_days = excluded.response_days,
       updated_at = excluded.updated_at, operator = excluded.operator`,
  ).run({ ...settings, now, operator });
}
