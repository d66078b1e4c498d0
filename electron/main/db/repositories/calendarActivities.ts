/** Activities of the planner and their check-ins. Times are epoch ms; JSON columns hold the ladder, run sheet, materials. */
import type { ActivityGoal } from '../../../../shared/domain/calendar/activities';
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
}

export interface StoredActivity extends ActivityFields {
  id: number;
  groupName: string;
  utcOffsetMinutes: number;
  checkInCount: number;
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
    rewardLadder: JSON.parse(row.reward_ladder) as number[],
    runSheet: JSON.parse(row.run_sheet) as StoredRunSheetTask[],
    materials: JSON.parse(row.materials) as MaterialCheck[],
    notes: row.notes,
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
  };
}

export function insertActivity(db: Db, fields: ActivityFields, now: number): number {
  const result = db
    .prepare(
      `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, budget_cents, reward_ladder, run_sheet,
         materials, notes, created_at, updated_at)
       VALUES (@groupId, @kind, @title, @goal, @startsAt, @endsAt, @budgetCents, @rewardLadder, @runSheet, @materials,
         @notes, @now, @now)`,
    )
    .run({ ...activityParams(fields), now });
  return Number(result.lastInsertRowid);
}

export function updateActivity(db: Db, id: number, fields: ActivityFields, now: number): void {
  db.prepare(
    `UPDATE activities SET group_id = @groupId, kind = @kind, title = @title, goal = @goal, starts_at = @startsAt,
       ends_at = @endsAt, budget_cents = @budgetCents, reward_ladder = @rewardLadder, run_sheet = @runSheet,
       materials = @materials, notes = @notes, updated_at = @now
     WHERE id = @id`,
  ).run({ ...activityParams(fields), id, now });
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
