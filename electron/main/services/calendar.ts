/**
 * Calendar items and their drafts: save, move, delete, skip occurrences, status workflow and the send step.
 * A series is stored once; its occurrences are generated on read. Changing one occurrence stores it as an edited
 * occurrence (series id + the date it replaces), so the series keeps generating the others. Every change is
 * audited in the same transaction.
 */
import { contentTypeColors } from '../../../shared/domain/calendar/contentTypes';
import {
  addDays,
  formatMinutes,
  rangeContains,
  rangeInstantsAnyZone,
  toDayNumber,
  toInstant,
  toLocal,
  type DateRange,
  type LocalDate,
  type Weekday,
} from '../../../shared/domain/calendar/localTime';
import {
  isOccurrence,
  lastOccurrence,
  occurrencesBetween,
  type Recurrence,
} from '../../../shared/domain/calendar/recurrence';
import type { CalendarEntry, CalendarItem, CalendarItemDetail } from '../../../shared/domain/calendar/types';
import {
  blockingHitParams,
  judgeTransition,
  statusAfterEdit,
  type DraftChecker,
  type DraftStatus,
} from '../../../shared/domain/calendar/workflow';
import type { CalendarItemInput } from '../../../shared/ipc/channels/calendar';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  addException,
  deleteItem,
  detachOccurrences,
  findItem,
  findOccurrenceItem,
  groupZones,
  insertItem,
  insertStatusChange,
  listEditedOccurrences,
  listExceptions,
  listPlainItems,
  listSeries,
  listStatusChanges,
  moveOccurrencesToGroup,
  removeException,
  renameOccurrences,
  replaceExceptions,
  setItemStatus,
  updateItem,
  type ItemFields,
  type StoredItem,
} from '../db/repositories/calendar';
import type { ServiceContext } from './context';

export const iso = (epochMs: number) => new Date(epochMs).toISOString();
const isoOrNull = (epochMs: number | null) => (epochMs === null ? null : iso(epochMs));

/** `{ id, occurrenceDate }` as `calendar.items` hands them out. */
export interface EntryRef {
  id: number;
  occurrenceDate?: LocalDate | undefined;
}

// ---- views ----

function timing(startsAt: number, durationMinutes: number, utcOffsetMinutes: number) {
  const local = toLocal(startsAt, utcOffsetMinutes);
  return {
    startsAt: iso(startsAt),
    endsAt: iso(startsAt + durationMinutes * 60_000),
    localDate: local.date,
    localTime: formatMinutes(local.minutes),
  };
}

function itemView(item: StoredItem, exceptions: LocalDate[]): CalendarItem {
  return {
    id: item.id,
    groupId: item.groupId,
    groupName: item.groupName,
    seriesId: item.seriesId,
    occurrenceDate: item.occurrenceDate,
    title: item.title,
    contentType: item.contentType,
    channel: item.channel,
    ...timing(item.startsAt, item.durationMinutes, item.utcOffsetMinutes),
    durationMinutes: item.durationMinutes,
    utcOffsetMinutes: item.utcOffsetMinutes,
    body: item.body,
    attachments: item.attachments,
    notes: item.notes,
    status: item.status,
    statusChangedAt: isoOrNull(item.statusChangedAt),
    statusChangedBy: item.statusChangedBy,
    sentAt: isoOrNull(item.sentAt),
    sentBy: item.sentBy,
    recurrence: item.recurrence,
    exceptions,
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
  };
}

function entryView(
  item: StoredItem,
  now: number,
  occurrence?: { date: LocalDate; startsAt: number },
): CalendarEntry {
  const {
    exceptions: _exceptions,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    ...view
  } = itemView(item, []);
  const startsAt = occurrence?.startsAt ?? item.startsAt;
  return {
    ...view,
    ...timing(startsAt, item.durationMinutes, item.utcOffsetMinutes),
    ...(occurrence ? { seriesId: item.id, occurrenceDate: occurrence.date } : {}),
    key: occurrence ? `series:${item.id}@${occurrence.date}` : `item:${item.id}`,
    virtual: occurrence !== undefined,
    overdue: item.status !== 'sent' && startsAt + item.durationMinutes * 60_000 < now,
    color: contentTypeColors[item.contentType],
  };
}

export function itemOf(context: ServiceContext, id: number): CalendarItem {
  const item = requireItem(context, id);
  return itemView(item, item.recurrence ? listExceptions(context.db, id) : []);
}

export function itemDetail(context: ServiceContext, id: number): CalendarItemDetail {
  const item = itemOf(context, id);
  return {
    ...item,
    history: listStatusChanges(context.db, id),
    editedOccurrences: item.recurrence ? listEditedOccurrences(context.db, id) : [],
  };
}

// ---- reading the calendar ----

/** Occurrences of a series in a range, without its skipped and edited dates. */
function seriesOccurrences(
  context: ServiceContext,
  series: StoredItem,
  range: DateRange,
): { date: LocalDate; startsAt: number }[] {
  const start = toLocal(series.startsAt, series.utcOffsetMinutes);
  const hidden = new Set([
    ...listExceptions(context.db, series.id),
    ...listEditedOccurrences(context.db, series.id),
  ]);
  return occurrencesBetween(start.date, series.recurrence!, range, hidden).map((date) => ({
    date,
    startsAt: toInstant(date, start.minutes, series.utcOffsetMinutes),
  }));
}

/** Every entry whose local date (in its group's zone) lies in the range, series expanded, in time order. */
export function listEntries(context: ServiceContext, range: DateRange, groupId?: number): CalendarEntry[] {
  const coarse = rangeInstantsAnyZone(range);
  const now = context.now();
  const entries: CalendarEntry[] = [];
  for (const item of listPlainItems(context.db, coarse.start, coarse.end, groupId)) {
    if (rangeContains(range, toLocal(item.startsAt, item.utcOffsetMinutes).date))
      entries.push(entryView(item, now));
  }
  for (const series of listSeries(context.db, coarse.start, coarse.end, groupId)) {
    for (const occurrence of seriesOccurrences(context, series, range))
      entries.push(entryView(series, now, occurrence));
  }
  return entries.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.key.localeCompare(b.key));
}

// ---- helpers ----

function requireItem(context: ServiceContext, id: number): StoredItem {
  const item = findItem(context.db, id);
  if (!item) throw new AppError('NOT_FOUND', 'calendar.errors.itemNotFound', { id });
  return item;
}

function requireGroupOffset(context: ServiceContext, groupId: number): number {
  const zone = groupZones(context.db, groupId)[0];
  if (!zone) throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id: groupId });
  return zone.utcOffsetMinutes;
}

function audit(context: ServiceContext, action: string, entityId: number, detail?: unknown): void {
  recordAudit(context.db, context.now(), {
    operator: context.operator(),
    action,
    entity: 'calendar_item',
    entityId,
    detail,
  });
}

function recordStatus(
  context: ServiceContext,
  itemId: number,
  from: DraftStatus | null,
  to: DraftStatus,
  extra: { reason?: string | null; overrideReason?: string | null; highHits?: number } = {},
): void {
  insertStatusChange(context.db, {
    itemId,
    from,
    to,
    at: context.now(),
    operator: context.operator(),
    reason: extra.reason ?? null,
    overrideReason: extra.overrideReason ?? null,
    highHits: extra.highHits ?? 0,
  });
}

/** Start of the day after the last occurrence, so a range query can skip finished series. */
function recurrenceEndsAt(
  startsAt: number,
  recurrence: Recurrence | null,
  utcOffsetMinutes: number,
): number | null {
  if (!recurrence) return null;
  const startDate = toLocal(startsAt, utcOffsetMinutes).date;
  if (recurrence.end.kind === 'until' && recurrence.end.until < startDate) {
    throw new AppError('VALIDATION', 'calendar.errors.untilBeforeStart', {
      until: recurrence.end.until,
      start: startDate,
    });
  }
  const last = lastOccurrence(startDate, recurrence);
  return last === null ? null : toInstant(addDays(last, 1), 0, utcOffsetMinutes);
}

function assertOccurrence(context: ServiceContext, series: StoredItem, date: LocalDate): void {
  if (!series.recurrence) throw new AppError('VALIDATION', 'calendar.errors.notASeries', { id: series.id });
  const start = toLocal(series.startsAt, series.utcOffsetMinutes).date;
  if (!isOccurrence(start, series.recurrence, date) || listExceptions(context.db, series.id).includes(date)) {
    throw new AppError('NOT_FOUND', 'calendar.errors.noSuchOccurrence', { date });
  }
}

/** The stored item for an occurrence of a series, created from the series on first use. */
function materialize(context: ServiceContext, series: StoredItem, date: LocalDate): StoredItem {
  const existing = findOccurrenceItem(context.db, series.id, date);
  if (existing) return existing;
  assertOccurrence(context, series, date);
  const start = toLocal(series.startsAt, series.utcOffsetMinutes);
  const now = context.now();
  const id = insertItem(
    context.db,
    {
      ...series,
      seriesId: series.id,
      occurrenceDate: date,
      startsAt: toInstant(date, start.minutes, series.utcOffsetMinutes),
      recurrence: null,
      recurrenceEndsAt: null,
    },
    series.status,
    now,
    context.operator(),
  );
  recordStatus(context, id, null, series.status, { reason: 'fromSeries' });
  audit(context, 'createOccurrence', id, { seriesId: series.id, occurrenceDate: date });
  return requireItem(context, id);
}

/** The stored item an entry reference points at: an occurrence of a series is materialized. */
function resolveEntry(context: ServiceContext, ref: EntryRef): StoredItem {
  const item = requireItem(context, ref.id);
  return item.recurrence && ref.occurrenceDate !== undefined
    ? materialize(context, item, ref.occurrenceDate)
    : item;
}

function assertNotSent(item: StoredItem): void {
  if (item.status === 'sent') throw new AppError('CONFLICT', 'calendar.errors.alreadySent', { id: item.id });
}

// ---- changes ----

export function saveItem(context: ServiceContext, input: CalendarItemInput): CalendarItem {
  const id = context.db.transaction(() => {
    const offset = requireGroupOffset(context, input.groupId);
    if (input.id === undefined) return createItem(context, input, offset);
    const existing = requireItem(context, input.id);
    const target =
      existing.recurrence && input.occurrenceDate !== undefined
        ? materialize(context, existing, input.occurrenceDate)
        : existing;
    return updateExisting(context, target, input, offset);
  })();
  return itemOf(context, id);
}

function fieldsOf(input: CalendarItemInput, utcOffsetMinutes: number): ItemFields {
  return {
    groupId: input.groupId,
    seriesId: null,
    occurrenceDate: null,
    title: input.title,
    contentType: input.contentType,
    channel: input.channel,
    startsAt: input.startsAt,
    durationMinutes: input.durationMinutes,
    body: input.body,
    attachments: input.attachments,
    notes: input.notes,
    recurrence: input.recurrence,
    recurrenceEndsAt: recurrenceEndsAt(input.startsAt, input.recurrence, utcOffsetMinutes),
  };
}

function createItem(context: ServiceContext, input: CalendarItemInput, utcOffsetMinutes: number): number {
  const fields = fieldsOf(input, utcOffsetMinutes);
  const status: DraftStatus = fields.body.trim() === '' ? 'idea' : 'draft';
  const id = insertItem(context.db, fields, status, context.now(), context.operator());
  recordStatus(context, id, null, status);
  audit(context, 'create', id, {
    title: fields.title,
    groupId: fields.groupId,
    startsAt: iso(fields.startsAt),
    recurrence: fields.recurrence,
  });
  return id;
}

const contentFields = [
  'groupId',
  'title',
  'contentType',
  'channel',
  'startsAt',
  'durationMinutes',
  'body',
  'attachments',
  'recurrence',
] as const;

function updateExisting(
  context: ServiceContext,
  item: StoredItem,
  input: CalendarItemInput,
  utcOffsetMinutes: number,
): number {
  const isOccurrenceItem = item.seriesId !== null;
  if (isOccurrenceItem && input.recurrence !== null)
    throw new AppError('VALIDATION', 'calendar.errors.occurrenceRecurrence');
  if (isOccurrenceItem && input.groupId !== item.groupId)
    throw new AppError('VALIDATION', 'calendar.errors.occurrenceGroup');
  const next: ItemFields = {
    ...fieldsOf(input, utcOffsetMinutes),
    seriesId: item.seriesId,
    occurrenceDate: item.occurrenceDate,
  };
  const changed = contentFields.filter(
    (field) => JSON.stringify(next[field]) !== JSON.stringify(item[field]),
  );
  if (changed.length > 0) assertNotSent(item);
  if (item.recurrence && !next.recurrence) {
    // A series becoming a single item: its edited occurrences stand on their own, its skipped dates go.
    detachOccurrences(context.db, item.id);
    replaceExceptions(context.db, item.id, [], context.now());
  }
  updateItem(context.db, item.id, next, context.now());
  if (next.recurrence && next.groupId !== item.groupId)
    moveOccurrencesToGroup(context.db, item.id, next.groupId);
  const textChanged = next.title !== item.title || next.body !== item.body;
  const status = textChanged ? statusAfterEdit(item.status) : item.status;
  if (status !== item.status) {
    setItemStatus(context.db, item.id, { status, at: context.now(), by: context.operator() });
    recordStatus(context, item.id, item.status, status, { reason: 'edited' });
  }
  audit(context, 'update', item.id, {
    changed: [...changed, ...(next.notes !== item.notes ? ['notes'] : [])],
  });
  return item.id;
}

/** Drag to reschedule. An occurrence moves alone; a series moves whole, its skipped and edited dates with it. */
export function moveEntry(context: ServiceContext, ref: EntryRef, startsAt: number): CalendarItem {
  const id = context.db.transaction(() => {
    const item = requireItem(context, ref.id);
    if (item.recurrence && ref.occurrenceDate === undefined) return moveSeries(context, item, startsAt);
    const target = resolveEntry(context, ref);
    assertNotSent(target);
    updateItem(context.db, target.id, { ...target, startsAt }, context.now());
    audit(context, 'move', target.id, { from: iso(target.startsAt), to: iso(startsAt) });
    return target.id;
  })();
  return itemOf(context, id);
}

function moveSeries(context: ServiceContext, series: StoredItem, startsAt: number): number {
  const recurrence = series.recurrence!;
  const offset = series.utcOffsetMinutes;
  const delta =
    toDayNumber(toLocal(startsAt, offset).date) - toDayNumber(toLocal(series.startsAt, offset).date);
  const shiftWeekday = (day: Weekday) => ((((day - 1 + delta) % 7) + 7) % 7) + 1;
  const moved: Recurrence = {
    ...recurrence,
    byWeekday: recurrence.byWeekday.map((day) => shiftWeekday(day) as Weekday).sort((a, b) => a - b),
    end:
      recurrence.end.kind === 'until'
        ? { kind: 'until', until: addDays(recurrence.end.until, delta) }
        : recurrence.end,
  };
  const now = context.now();
  if (delta !== 0) {
    replaceExceptions(
      context.db,
      series.id,
      listExceptions(context.db, series.id).map((date) => addDays(date, delta)),
      now,
    );
    renameOccurrences(context.db, series.id, (date) => addDays(date, delta));
  }
  updateItem(
    context.db,
    series.id,
    { ...series, startsAt, recurrence: moved, recurrenceEndsAt: recurrenceEndsAt(startsAt, moved, offset) },
    now,
  );
  audit(context, 'move', series.id, { from: iso(series.startsAt), to: iso(startsAt), days: delta });
  return series.id;
}

/** Deletes an entry; an occurrence of a series (generated or edited) is skipped instead, so it does not come back. */
export function deleteEntry(context: ServiceContext, ref: EntryRef): void {
  context.db.transaction(() => {
    const item = requireItem(context, ref.id);
    if (item.recurrence && ref.occurrenceDate !== undefined) {
      skip(context, item, ref.occurrenceDate);
      return;
    }
    deleteItem(context.db, item.id);
    if (item.seriesId !== null && item.occurrenceDate !== null)
      addException(context.db, item.seriesId, item.occurrenceDate, context.now());
    audit(context, 'delete', item.id, {
      title: item.title,
      startsAt: iso(item.startsAt),
      seriesId: item.seriesId,
    });
  })();
}

function skip(context: ServiceContext, series: StoredItem, date: LocalDate): void {
  const edited = findOccurrenceItem(context.db, series.id, date);
  if (edited) assertNotSent(edited);
  else assertOccurrence(context, series, date);
  if (edited) deleteItem(context.db, edited.id);
  addException(context.db, series.id, date, context.now());
  audit(context, 'skipOccurrence', series.id, { occurrenceDate: date });
}

export function skipOccurrence(context: ServiceContext, id: number, date: LocalDate): CalendarItem {
  context.db.transaction(() => {
    const series = requireItem(context, id);
    if (!series.recurrence) throw new AppError('VALIDATION', 'calendar.errors.notASeries', { id });
    skip(context, series, date);
  })();
  return itemOf(context, id);
}

export function restoreOccurrence(context: ServiceContext, id: number, date: LocalDate): CalendarItem {
  context.db.transaction(() => {
    const series = requireItem(context, id);
    if (!series.recurrence) throw new AppError('VALIDATION', 'calendar.errors.notASeries', { id });
    if (!removeException(context.db, id, date))
      throw new AppError('NOT_FOUND', 'calendar.errors.noSuchOccurrence', { date });
    audit(context, 'restoreOccurrence', id, { occurrenceDate: date });
  })();
  return itemOf(context, id);
}

// ---- drafts ----

/**
 * A step the workflow does not allow. The statuses go as codes and as label keys (`fromKey`, `toKey`), so the UI
 * shows "待审核" rather than "review" (see `describeMessage`).
 */
function illegalTransition(from: DraftStatus, to: DraftStatus): AppError {
  return new AppError('CONFLICT', `calendar.errors.illegalTransition.${to}`, {
    from,
    to,
    fromKey: `calendar.statuses.${from}`,
    toKey: `calendar.statuses.${to}`,
  });
}

export interface TransitionInput extends EntryRef {
  to: Exclude<DraftStatus, 'sent'>;
  reason?: string | undefined;
  overrideReason?: string | undefined;
}

/**
 * Moves a draft to its next status. Approval runs the checker over title and body: high-severity hits block it
 * unless an override reason is given, which is kept in the history and the audit log.
 */
export function transitionDraft(
  context: ServiceContext,
  checker: DraftChecker,
  input: TransitionInput,
): CalendarItem {
  const id = context.db.transaction(() => {
    const target = resolveEntry(context, input);
    const verdict = judgeTransition({
      from: target.status,
      to: input.to,
      text: `${target.title}\n${target.body}`,
      checker,
      overrideReason: input.overrideReason ?? null,
    });
    if (!verdict.ok && verdict.reason === 'illegal') throw illegalTransition(target.status, input.to);
    if (!verdict.ok) {
      throw new AppError('CONFLICT', 'calendar.errors.sensitiveBlocked', {
        count: verdict.highHits,
        ...blockingHitParams(verdict.hits),
      });
    }
    const overrideReason = verdict.overridden ? (input.overrideReason ?? null) : null;
    setItemStatus(context.db, target.id, { status: input.to, at: context.now(), by: context.operator() });
    recordStatus(context, target.id, target.status, input.to, {
      reason: input.reason ?? null,
      overrideReason,
      highHits: verdict.highHits,
    });
    audit(context, 'transition', target.id, {
      from: target.status,
      to: input.to,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(overrideReason ? { overrideReason, highHits: verdict.highHits } : {}),
    });
    return target.id;
  })();
  return itemOf(context, id);
}

/** The send step: an approved entry went out, at this time, by this person. */
export function markSent(
  context: ServiceContext,
  input: EntryRef & { sentAt?: number | undefined; sentBy?: string | undefined },
): CalendarItem {
  const id = context.db.transaction(() => {
    const item = requireItem(context, input.id);
    if (item.recurrence && input.occurrenceDate === undefined)
      throw new AppError('VALIDATION', 'calendar.errors.occurrenceRequired');
    const target = resolveEntry(context, input);
    if (target.status !== 'approved') throw illegalTransition(target.status, 'sent');
    const now = context.now();
    const sentAt = input.sentAt ?? now;
    const sentBy = input.sentBy ?? context.operator();
    setItemStatus(context.db, target.id, { status: 'sent', at: now, by: context.operator(), sentAt, sentBy });
    recordStatus(context, target.id, 'approved', 'sent');
    audit(context, 'markSent', target.id, { sentAt: iso(sentAt), sentBy });
    return target.id;
  })();
  return itemOf(context, id);
}
