/**
 * Calendar storage: per-group zone, cadence rules, calendar items (singles, series, edited occurrences),
 * skipped dates, status history and cap settings. Plain rows in, plain records out; times are epoch ms.
 */
import type { CadenceRule, CadenceRuleFields } from '../../../../shared/domain/calendar/cadence';
import { defaultCapSettings, type CapSettings } from '../../../../shared/domain/calendar/caps';
import type { ContentType, SendChannel } from '../../../../shared/domain/calendar/contentTypes';
import {
  defaultUtcOffsetMinutes,
  type LocalDate,
  type Weekday,
} from '../../../../shared/domain/calendar/localTime';
import type { Recurrence } from '../../../../shared/domain/calendar/recurrence';
import type { StatusChange } from '../../../../shared/domain/calendar/types';
import type { DraftStatus } from '../../../../shared/domain/calendar/workflow';
import type { Db } from '../connection';

// ---- zones ----

export function groupOffset(db: Db, groupId: number): number {
  const row = db
    .prepare('SELECT utc_offset_minutes AS offset FROM calendar_group_settings WHERE group_id = ?')
    .get(groupId) as { offset: number } | undefined;
  return row?.offset ?? defaultUtcOffsetMinutes;
}

export interface GroupZone {
  groupId: number;
  groupName: string;
  utcOffsetMinutes: number;
}

/** Every group (or one) with its zone, in creation order. */
export function groupZones(db: Db, groupId?: number): GroupZone[] {
  return db
    .prepare(
      `SELECT g.id AS groupId, g.name AS groupName, coalesce(s.utc_offset_minutes, ?) AS utcOffsetMinutes
       FROM groups g LEFT JOIN calendar_group_settings s ON s.group_id = g.id
       WHERE (? IS NULL OR g.id = ?) ORDER BY g.created_at, g.id`,
    )
    .all(defaultUtcOffsetMinutes, groupId ?? null, groupId ?? null) as GroupZone[];
}

export function setGroupOffset(db: Db, groupId: number, utcOffsetMinutes: number, now: number): void {
  db.prepare(
    `INSERT INTO calendar_group_settings (group_id, utc_offset_minutes, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (group_id) DO UPDATE SET utc_offset_minutes = excluded.utc_offset_minutes, updated_at = excluded.updated_at`,
  ).run(groupId, utcOffsetMinutes, now);
}

// ---- cadence rules ----

interface RuleDbRow {
  id: number;
  content_type: ContentType;
  period: CadenceRule['period'];
  times_per_period: number;
  window_start: number;
  window_end: number;
  weekdays: number;
  last_days: number | null;
  enabled: number;
}

export function weekdaysToMask(weekdays: readonly Weekday[]): number {
  return weekdays.reduce((mask, day) => mask | (1 << (day - 1)), 0);
}

export function maskToWeekdays(mask: number): Weekday[] {
  return ([1, 2, 3, 4, 5, 6, 7] as const).filter((day) => (mask & (1 << (day - 1))) !== 0);
}

export function listRules(db: Db, groupId: number): CadenceRule[] {
  const rows = db
    .prepare('SELECT * FROM cadence_rules WHERE group_id = ? ORDER BY position, id')
    .all(groupId) as RuleDbRow[];
  return rows.map((row) => ({
    id: row.id,
    contentType: row.content_type,
    period: row.period,
    timesPerPeriod: row.times_per_period,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    weekdays: maskToWeekdays(row.weekdays),
    lastDays: row.last_days,
    enabled: row.enabled === 1,
  }));
}

export function replaceRules(
  db: Db,
  groupId: number,
  rules: readonly CadenceRuleFields[],
  now: number,
): void {
  db.prepare('DELETE FROM cadence_rules WHERE group_id = ?').run(groupId);
  const insert = db.prepare(
    `INSERT INTO cadence_rules (group_id, position, content_type, period, times_per_period, window_start, window_end,
       weekdays, last_days, enabled, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  rules.forEach((rule, position) =>
    insert.run(
      groupId,
      position,
      rule.contentType,
      rule.period,
      rule.timesPerPeriod,
      rule.windowStart,
      rule.windowEnd,
      weekdaysToMask(rule.weekdays),
      rule.lastDays,
      rule.enabled ? 1 : 0,
      now,
      now,
    ),
  );
}

// ---- items ----

export interface ItemFields {
  groupId: number;
  seriesId: number | null;
  occurrenceDate: LocalDate | null;
  title: string;
  contentType: ContentType;
  channel: SendChannel;
  startsAt: number;
  durationMinutes: number;
  body: string;
  attachments: string[];
  notes: string;
  recurrence: Recurrence | null;
  /** Start of the day after the last occurrence; null for a series without end or a single item. */
  recurrenceEndsAt: number | null;
}

export interface StoredItem extends ItemFields {
  id: number;
  groupName: string;
  utcOffsetMinutes: number;
  status: DraftStatus;
  statusChangedAt: number | null;
  statusChangedBy: string | null;
  sentAt: number | null;
  sentBy: string | null;
  createdAt: number;
  updatedAt: number;
}

interface ItemDbRow {
  id: number;
  group_id: number;
  group_name: string;
  utc_offset_minutes: number;
  series_id: number | null;
  occurrence_date: string | null;
  title: string;
  content_type: ContentType;
  channel: SendChannel;
  starts_at: number;
  duration_minutes: number;
  body: string;
  attachments: string;
  notes: string;
  recurrence: string | null;
  recurrence_ends_at: number | null;
  status: DraftStatus;
  status_changed_at: number | null;
  status_changed_by: string | null;
  sent_at: number | null;
  sent_by: string | null;
  created_at: number;
  updated_at: number;
}

const selectItems = `
  SELECT i.*, g.name AS group_name, coalesce(s.utc_offset_minutes, ${defaultUtcOffsetMinutes}) AS utc_offset_minutes
  FROM calendar_items i
  JOIN groups g ON g.id = i.group_id
  LEFT JOIN calendar_group_settings s ON s.group_id = i.group_id`;

function toStoredItem(row: ItemDbRow): StoredItem {
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    utcOffsetMinutes: row.utc_offset_minutes,
    seriesId: row.series_id,
    occurrenceDate: row.occurrence_date,
    title: row.title,
    contentType: row.content_type,
    channel: row.channel,
    startsAt: row.starts_at,
    durationMinutes: row.duration_minutes,
    body: row.body,
    attachments: JSON.parse(row.attachments) as string[],
    notes: row.notes,
    recurrence: row.recurrence === null ? null : (JSON.parse(row.recurrence) as Recurrence),
    recurrenceEndsAt: row.recurrence_ends_at,
    status: row.status,
    statusChangedAt: row.status_changed_at,
    statusChangedBy: row.status_changed_by,
    sentAt: row.sent_at,
    sentBy: row.sent_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function findItem(db: Db, id: number): StoredItem | null {
  const row = db.prepare(`${selectItems} WHERE i.id = ?`).get(id) as ItemDbRow | undefined;
  return row ? toStoredItem(row) : null;
}

export function findOccurrenceItem(db: Db, seriesId: number, occurrenceDate: LocalDate): StoredItem | null {
  const row = db
    .prepare(`${selectItems} WHERE i.series_id = ? AND i.occurrence_date = ?`)
    .get(seriesId, occurrenceDate) as ItemDbRow | undefined;
  return row ? toStoredItem(row) : null;
}

function itemParams(fields: ItemFields) {
  return {
    groupId: fields.groupId,
    seriesId: fields.seriesId,
    occurrenceDate: fields.occurrenceDate,
    title: fields.title,
    contentType: fields.contentType,
    channel: fields.channel,
    startsAt: fields.startsAt,
    durationMinutes: fields.durationMinutes,
    body: fields.body,
    attachments: JSON.stringify(fields.attachments),
    notes: fields.notes,
    recurrence: fields.recurrence === null ? null : JSON.stringify(fields.recurrence),
    recurrenceEndsAt: fields.recurrenceEndsAt,
  };
}

export function insertItem(
  db: Db,
  fields: ItemFields,
  status: DraftStatus,
  now: number,
  operator: string,
): number {
  const result = db
    .prepare(
      `INSERT INTO calendar_items (group_id, series_id, occurrence_date, title, content_type, channel, starts_at,
         duration_minutes, body, attachments, notes, recurrence, recurrence_ends_at, status, status_changed_at,
         status_changed_by, created_at, updated_at)
       VALUES (@groupId, @seriesId, @occurrenceDate, @title, @contentType, @channel, @startsAt, @durationMinutes, @body,
         @attachments, @notes, @recurrence, @recurrenceEndsAt, @status, @now, @operator, @now, @now)`,
    )
    .run({ ...itemParams(fields), status, now, operator });
  return Number(result.lastInsertRowid);
}

export function updateItem(db: Db, id: number, fields: ItemFields, now: number): void {
  db.prepare(
    `UPDATE calendar_items SET group_id = @groupId, series_id = @seriesId, occurrence_date = @occurrenceDate,
       title = @title, content_type = @contentType, channel = @channel, starts_at = @startsAt,
       duration_minutes = @durationMinutes, body = @body, attachments = @attachments, notes = @notes,
       recurrence = @recurrence, recurrence_ends_at = @recurrenceEndsAt, updated_at = @now
     WHERE id = @id`,
  ).run({ ...itemParams(fields), id, now });
}

export function setItemStatus(
  db: Db,
  id: number,
  change: { status: DraftStatus; at: number; by: string; sentAt?: number | null; sentBy?: string | null },
): void {
  db.prepare(
    `UPDATE calendar_items SET status = @status, status_changed_at = @at, status_changed_by = @by,
       sent_at = @sentAt, sent_by = @sentBy, updated_at = @at WHERE id = @id`,
  ).run({
    id,
    status: change.status,
    at: change.at,
    by: change.by,
    sentAt: change.sentAt ?? null,
    sentBy: change.sentBy ?? null,
  });
}

export function deleteItem(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM calendar_items WHERE id = ?').run(id).changes > 0;
}

/**
 * Items that are not series, starting in [start, end), optionally of one group. Callers widen the window to
 * cover every zone and then check local dates exactly.
 */
export function listPlainItems(db: Db, start: number, end: number, groupId?: number): StoredItem[] {
  const rows = db
    .prepare(
      `${selectItems} WHERE i.recurrence IS NULL AND i.starts_at >= ? AND i.starts_at < ? AND (? IS NULL OR i.group_id = ?)
       ORDER BY i.starts_at, i.id`,
    )
    .all(start, end, groupId ?? null, groupId ?? null) as ItemDbRow[];
  return rows.map(toStoredItem);
}

/** Series that may have occurrences in [start, end). */
export function listSeries(db: Db, start: number, end: number, groupId?: number): StoredItem[] {
  const rows = db
    .prepare(
      `${selectItems} WHERE i.recurrence IS NOT NULL AND i.starts_at < ?
         AND (i.recurrence_ends_at IS NULL OR i.recurrence_ends_at > ?) AND (? IS NULL OR i.group_id = ?)
       ORDER BY i.starts_at, i.id`,
    )
    .all(end, start, groupId ?? null, groupId ?? null) as ItemDbRow[];
  return rows.map(toStoredItem);
}

/** Skipped dates of a series. */
export function listExceptions(db: Db, seriesId: number): LocalDate[] {
  return (
    db
      .prepare(
        'SELECT occurrence_date AS date FROM calendar_item_exceptions WHERE series_id = ? ORDER BY occurrence_date',
      )
      .all(seriesId) as {
      date: string;
    }[]
  ).map((row) => row.date);
}

/** Dates of a series that have an edited occurrence stored on their own. */
export function listEditedOccurrences(db: Db, seriesId: number): LocalDate[] {
  return (
    db
      .prepare(
        'SELECT occurrence_date AS date FROM calendar_items WHERE series_id = ? ORDER BY occurrence_date',
      )
      .all(seriesId) as {
      date: string;
    }[]
  ).map((row) => row.date);
}

export function addException(db: Db, seriesId: number, date: LocalDate, now: number): boolean {
  return (
    db
      .prepare(
        'INSERT OR IGNORE INTO calendar_item_exceptions (series_id, occurrence_date, created_at) VALUES (?, ?, ?)',
      )
      .run(seriesId, date, now).changes > 0
  );
}

export function removeException(db: Db, seriesId: number, date: LocalDate): boolean {
  return (
    db
      .prepare('DELETE FROM calendar_item_exceptions WHERE series_id = ? AND occurrence_date = ?')
      .run(seriesId, date).changes > 0
  );
}

/** Rewrites a series' skipped dates (all at once, so shifting them never collides with itself). */
export function replaceExceptions(db: Db, seriesId: number, dates: readonly LocalDate[], now: number): void {
  db.prepare('DELETE FROM calendar_item_exceptions WHERE series_id = ?').run(seriesId);
  for (const date of dates) addException(db, seriesId, date, now);
}

/** Points a series' edited occurrences at other dates (old date → new date), in two steps to dodge the unique index. */
export function renameOccurrences(db: Db, seriesId: number, rename: (date: LocalDate) => LocalDate): void {
  const rows = db
    .prepare('SELECT id, occurrence_date AS date FROM calendar_items WHERE series_id = ?')
    .all(seriesId) as {
    id: number;
    date: string;
  }[];
  const update = db.prepare('UPDATE calendar_items SET occurrence_date = ? WHERE id = ?');
  for (const row of rows) update.run(`~${row.id}`, row.id);
  for (const row of rows) update.run(rename(row.date), row.id);
}

/** Keeps a series' edited occurrences in the series' group. */
export function moveOccurrencesToGroup(db: Db, seriesId: number, groupId: number): void {
  db.prepare('UPDATE calendar_items SET group_id = ? WHERE series_id = ?').run(groupId, seriesId);
}

/** Turns a series' edited occurrences into independent items (the series stops recurring). */
export function detachOccurrences(db: Db, seriesId: number): void {
  db.prepare('UPDATE calendar_items SET series_id = NULL, occurrence_date = NULL WHERE series_id = ?').run(
    seriesId,
  );
}

// ---- status history ----

export function insertStatusChange(db: Db, change: Omit<StatusChange, 'id' | 'at'> & { at: number }): void {
  db.prepare(
    `INSERT INTO calendar_item_status_history (item_id, from_status, to_status, at, operator, reason, override_reason, high_hits)
     VALUES (@itemId, @from, @to, @at, @operator, @reason, @overrideReason, @highHits)`,
  ).run(change);
}

interface StatusDbRow {
  id: number;
  item_id: number;
  from_status: DraftStatus | null;
  to_status: DraftStatus;
  at: number;
  operator: string;
  reason: string | null;
  override_reason: string | null;
  high_hits: number;
}

export function listStatusChanges(db: Db, itemId: number): StatusChange[] {
  const rows = db
    .prepare('SELECT * FROM calendar_item_status_history WHERE item_id = ? ORDER BY at, id')
    .all(itemId) as StatusDbRow[];
  return rows.map((row) => ({
    id: row.id,
    itemId: row.item_id,
    from: row.from_status,
    to: row.to_status,
    at: new Date(row.at).toISOString(),
    operator: row.operator,
    reason: row.reason,
    overrideReason: row.override_reason,
    highHits: row.high_hits,
  }));
}

// ---- cap settings ----

const capsKey = 'caps';

export function readCapSettings(db: Db): CapSettings {
  const row = db.prepare('SELECT value FROM calendar_config WHERE key = ?').get(capsKey) as
    { value: string } | undefined;
  return row
    ? { ...defaultCapSettings, ...(JSON.parse(row.value) as Partial<CapSettings>) }
    : { ...defaultCapSettings };
}

export function writeCapSettings(db: Db, settings: CapSettings): void {
  db.prepare(
    'INSERT INTO calendar_config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(capsKey, JSON.stringify(settings));
}
