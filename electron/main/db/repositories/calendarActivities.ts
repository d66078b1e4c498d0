/**
 * Activities of the planner, their check-ins and the points they wrote to members' ledgers. Times are epoch ms; JSON
 * columns hold the ladder, run sheet, materials and points rules.
 */
import type { ActivityGoal } from '../../../../shared/domain/calendar/activities';
import {
  parsePointsRules,
  type ActivityPointsRules,
  type WrittenAward,
} from '../../../../shared/domain/calendar/activityPoints';
import type { ActivityKind } from '../../../../shared/domain/calendar/contentTypes';
import { defaultUtcOffsetMinutes } from '../../../../shared/domain/calendar/localTime';
import type { CheckInSource, MaterialCheck } from '../../../../shared/domain/calendar/types';
import type { Db } from '../connection';

export interface StoredRunSheetTask {
  task: string;
  owner: string;
  at: number | null;
  done: boolean;
}

export interface ActivityFields {
  groupId: number;
  kind: ActivityKind;
  title: string;
  goal: ActivityGoal;
  startsAt: number;
  endsAt: number;
  budgetCents: number;
  rewardLadder: number[];
  runSheet: StoredRunSheetTask[];
  materials: MaterialCheck[];
  notes: string;
  checkInKeyword: string;
  pointsRules: ActivityPointsRules;
}

/** What the operator enters after an activity; null until entered. */
export interface ActivityResults {
  participantsEntered: number | null;
  conversions: number | null;
  spentCents: number | null;
}

export interface StoredActivity extends ActivityFields, ActivityResults {
  id: number;
  groupName: string;
  utcOffsetMinutes: number;
  checkInCount: number;
  pointsIssuedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface ActivityDbRow {
  id: number;
  group_id: number;
  group_name: string;
  utc_offset_minutes: number;
  kind: ActivityKind;
  title: string;
  goal: ActivityGoal;
  starts_at: number;
  ends_at: number;
  budget_cents: number;
  reward_ladder: string;
  run_sheet: string;
  materials: string;
  notes: string;
  check_in_keyword: string;
  points_rules: string;
  points_issued_at: number | null;
  participants_entered: number | null;
  conversions: number | null;
  spent_cents: number | null;
  check_in_count: number;
  created_at: number;
  updated_at: number;
}

const selectActivities = `
  SELECT a.*, g.name AS group_name, coalesce(s.utc_offset_minutes, ${defaultUtcOffsetMinutes}) AS utc_offset_minutes,
    (SELECT count(*) FROM activity_checkins c WHERE c.activity_id = a.id) AS check_in_count
  FROM activities a
  JOIN groups g ON g.id = a.group_id
  LEFT JOIN calendar_group_settings s ON s.group_id = a.group_id`;

function toStoredActivity(row: ActivityDbRow): StoredActivity {
  const rewardLadder = JSON.parse(row.reward_ladder) as number[];
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    utcOffsetMinutes: row.utc_offset_minutes,
    kind: row.kind,
    title: row.title,
    goal: row.goal,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    budgetCents: row.budget_cents,
    rewardLadder,
    runSheet: JSON.parse(row.run_sheet) as StoredRunSheetTask[],
    materials: JSON.parse(row.materials) as MaterialCheck[],
    notes: row.notes,
    checkInKeyword: row.check_in_keyword,
    pointsRules: parsePointsRules(row.points_rules, row.kind, rewardLadder),
    pointsIssuedAt: row.points_issued_at,
    participantsEntered: row.participants_entered,
    conversions: row.conversions,
    spentCents: row.spent_cents,
    checkInCount: row.check_in_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function findActivity(db: Db, id: number): StoredActivity | null {
  const row = db.prepare(`${selectActivities} WHERE a.id = ?`).get(id) as ActivityDbRow | undefined;
  return row ? toStoredActivity(row) : null;
}

/** Activities overlapping [start, end) (or all), optionally of one group, by start time. */
export function listActivities(
  db: Db,
  filter: { start?: number; end?: number; groupId?: number },
): StoredActivity[] {
  const rows = db
    .prepare(
      `${selectActivities} WHERE (@end IS NULL OR a.starts_at < @end) AND (@start IS NULL OR a.ends_at >= @start)
         AND (@groupId IS NULL OR a.group_id = @groupId)
       ORDER BY a.starts_at, a.id`,
    )
    .all({
      start: filter.start ?? null,
      end: filter.end ?? null,
      groupId: filter.groupId ?? null,
    }) as ActivityDbRow[];
  return rows.map(toStoredActivity);
}

function activityParams(fields: ActivityFields) {
  return {
    ...fields,
    rewardLadder: JSON.stringify(fields.rewardLadder),
    runSheet: JSON.stringify(fields.runSheet),
    materials: JSON.stringify(fields.materials),
    pointsRules: JSON.stringify(fields.pointsRules),
  };
}

export function insertActivity(db: Db, fields: ActivityFields, now: number): number {
  const result = db
    .prepare(
      `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, budget_cents, reward_ladder, run_sheet,
         materials, notes, check_in_keyword, points_rules, created_at, updated_at)
       VALUES (@groupId, @kind, @title, @goal, @startsAt, @endsAt, @budgetCents, @rewardLadder, @runSheet, @materials,
         @notes, @checkInKeyword, @pointsRules, @now, @now)`,
    )
    .run({ ...activityParams(fields), now });
  return Number(result.lastInsertRowid);
}

export function updateActivity(db: Db, id: number, fields: ActivityFields, now: number): void {
  db.prepare(
    `UPDATE activities SET group_id = @groupId, kind = @kind, title = @title, goal = @goal, starts_at = @startsAt,
       ends_at = @endsAt, budget_cents = @budgetCents, reward_ladder = @rewardLadder, run_sheet = @runSheet,
       materials = @materials, notes = @notes, check_in_keyword = @checkInKeyword, points_rules = @pointsRules,
       updated_at = @now
     WHERE id = @id`,
  ).run({ ...activityParams(fields), id, now });
}

export function setActivityResults(db: Db, id: number, results: ActivityResults, now: number): void {
  db.prepare(
    `UPDATE activities SET participants_entered = @participantsEntered, conversions = @conversions,
       spent_cents = @spentCents, updated_at = @now WHERE id = @id`,
  ).run({ ...results, id, now });
}

/** Marks points as issued (the first time only): from then on check-in changes update the ledgers. */
export function setPointsIssued(db: Db, id: number, now: number): void {
  db.prepare(
    'UPDATE activities SET points_issued_at = coalesce(points_issued_at, @now), updated_at = @now WHERE id = @id',
  ).run({ id, now });
}

/** The newest activities of a kind (any group), by start. */
export function activityIdsOfKind(db: Db, kind: ActivityKind, limit: number): number[] {
  return (
    db
      .prepare('SELECT id FROM activities WHERE kind = ? ORDER BY starts_at DESC, id DESC LIMIT ?')
      .all(kind, limit) as { id: number }[]
  ).map((row) => row.id);
}

// ---- report measures ----

/** People with a check-in: a member once, or a name as entered once. */
export function countCheckedIn(db: Db, activityId: number): number {
  return (
    db
      .prepare(
        `SELECT count(DISTINCT CASE WHEN member_id IS NOT NULL THEN 'm' || member_id ELSE 'n' || participant END) AS n
         FROM activity_checkins WHERE activity_id = ?`,
      )
      .get(activityId) as { n: number }
  ).n;
}

/** Members who joined the group in [start, end). */
export function countJoiners(db: Db, groupId: number, start: number, end: number): number {
  return (
    db
      .prepare(
        'SELECT count(*) AS n FROM group_members WHERE group_id = ? AND joined_at >= ? AND joined_at < ?',
      )
      .get(groupId, start, end) as { n: number }
  ).n;
}

/** Messages of the group in [start, end), without system lines (joins, recalls), which are not conversation. */
export function countMessages(db: Db, groupId: number, start: number, end: number): number {
  return (
    db
      .prepare(
        "SELECT count(*) AS n FROM messages WHERE group_id = ? AND sent_at >= ? AND sent_at < ? AND kind <> 'system'",
      )
      .get(groupId, start, end) as { n: number }
  ).n;
}

export function deleteActivity(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM activities WHERE id = ?').run(id).changes > 0;
}

// ---- check-ins ----

export interface StoredCheckIn {
  id: number;
  activityId: number;
  participant: string;
  memberId: number | null;
  checkedAt: number;
  source: CheckInSource;
}

/** Adds a check-in; false when the same participant already checked in at that instant. */
export function insertCheckIn(db: Db, checkIn: Omit<StoredCheckIn, 'id'>, now: number): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO activity_checkins (activity_id, participant, member_id, checked_at, source, created_at)
         VALUES (@activityId, @participant, @memberId, @checkedAt, @source, @now)`,
      )
      .run({ ...checkIn, now }).changes > 0
  );
}

export function listCheckIns(db: Db, activityId: number): StoredCheckIn[] {
  return db
    .prepare(
      `SELECT id, activity_id AS activityId, participant, member_id AS memberId, checked_at AS checkedAt, source
       FROM activity_checkins WHERE activity_id = ? ORDER BY checked_at, id`,
    )
    .all(activityId) as StoredCheckIn[];
}

export function findCheckIn(db: Db, id: number): StoredCheckIn | null {
  return (
    (db
      .prepare(
        `SELECT id, activity_id AS activityId, participant, member_id AS memberId, checked_at AS checkedAt, source
         FROM activity_checkins WHERE id = ?`,
      )
      .get(id) as StoredCheckIn | undefined) ?? null
  );
}

export function deleteCheckIn(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM activity_checkins WHERE id = ?').run(id).changes > 0;
}

export function memberExists(db: Db, memberId: number): boolean {
  return db.prepare('SELECT 1 FROM members WHERE id = ?').get(memberId) !== undefined;
}

/** Links every check-in entered under a name (and not linked yet) to a member; returns how many. */
export function linkCheckIns(db: Db, activityId: number, participant: string, memberId: number): number {
  return db
    .prepare(
      'UPDATE activity_checkins SET member_id = ? WHERE activity_id = ? AND participant = ? AND member_id IS NULL',
    )
    .run(memberId, activityId, participant).changes;
}

export interface KeywordMessage {
  memberId: number | null;
  senderName: string;
  sentAt: number;
}

/**
 * The group's messages in [start, end) containing the keyword, oldest first: an index range on (group, time), the
 * content matched with instr (a two-character keyword such as 打卡 is below the trigram index's reach).
 */
export function keywordMessages(
  db: Db,
  groupId: number,
  start: number,
  end: number,
  keyword: string,
): KeywordMessage[] {
  return db
    .prepare(
      `SELECT member_id AS memberId, sender_name AS senderName, sent_at AS sentAt FROM messages
       WHERE group_id = ? AND sent_at >= ? AND sent_at < ? AND kind <> 'system' AND instr(content, ?) > 0
       ORDER BY sent_at, id`,
    )
    .all(groupId, start, end, keyword) as KeywordMessage[];
}

/** The member a (possibly merged) member now lives on: merged_into_id followed to the end. */
export function survivingMemberId(db: Db, memberId: number): number {
  const row = db
    .prepare(
      `WITH RECURSIVE chain (id, next, depth) AS (
         SELECT id, merged_into_id, 0 FROM members WHERE id = ?
         UNION ALL
         SELECT m.id, m.merged_into_id, chain.depth + 1 FROM members m JOIN chain ON m.id = chain.next
         WHERE chain.depth < 50)
       SELECT id FROM chain WHERE next IS NULL`,
    )
    .get(memberId) as { id: number } | undefined;
  return row?.id ?? memberId;
}

export function memberNames(db: Db, memberIds: readonly number[]): Map<number, string> {
  const rows = db
    .prepare('SELECT id, display_name AS name FROM members WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(memberIds)) as { id: number; name: string }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}

// ---- points awards ----

export interface StoredAward extends WrittenAward {
  activityId: number;
  occurredAt: number;
  ledgerEntryId: number;
  reversalEntryId: number | null;
}

const selectAwards = `SELECT id, activity_id AS activityId, member_id AS memberId, award_key AS key, amount,
  occurred_at AS occurredAt, ledger_entry_id AS ledgerEntryId, reversal_entry_id AS reversalEntryId
  FROM activity_point_awards`;

/** Every award of an activity, compensated ones included, oldest first. */
export function listAwards(db: Db, activityId: number): StoredAward[] {
  return db.prepare(`${selectAwards} WHERE activity_id = ? ORDER BY id`).all(activityId) as StoredAward[];
}

export function insertAward(
  db: Db,
  award: { activityId: number; memberId: number; key: string; amount: number; occurredAt: number },
  ledgerEntryId: number,
  now: number,
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO activity_point_awards (activity_id, member_id, award_key, amount, occurred_at, ledger_entry_id, awarded_at)
         VALUES (@activityId, @memberId, @key, @amount, @occurredAt, @ledgerEntryId, @now)`,
      )
      .run({
        activityId: award.activityId,
        memberId: award.memberId,
        key: award.key,
        amount: award.amount,
        occurredAt: award.occurredAt,
        ledgerEntryId,
        now,
      }).lastInsertRowid,
  );
}

export function markAwardReversed(db: Db, id: number, reversalEntryId: number, now: number): void {
  db.prepare(
    'UPDATE activity_point_awards SET reversal_entry_id = ?, reversed_at = ? WHERE id = ? AND reversed_at IS NULL',
  ).run(reversalEntryId, now, id);
}
