/**
 * Exports of the plan: an iCalendar file (RFC 5545) for calendar apps, and the weekly plan as Markdown. Both read the
 * same entries the calendar shows; ICS keeps a series as one event with its rule where the rule maps cleanly.
 */
import { buildIcs, rruleMapsCleanly, type IcsEvent } from '../../../shared/domain/calendar/ics';
import {
  toInstant,
  toLocal,
  type DateRange,
  type LocalDate,
} from '../../../shared/domain/calendar/localTime';
import { describeMessage, type Translate } from '../../../shared/domain/calendar/messages';
import type { Activity, CalendarEntry } from '../../../shared/domain/calendar/types';
import { planDays, weeklyPlanMarkdown } from '../../../shared/domain/calendar/weeklyPlan';
import type { DraftStatus } from '../../../shared/domain/calendar/workflow';
import type { ExportedFile } from '../../../shared/domain/crisis/views';
import type { Locale } from '../../../shared/domain/types';
import { translate } from '../../../shared/i18n';
import { AppError } from '../../../shared/ipc/errors';
import {
  findItem,
  findOccurrenceItem,
  groupZones,
  listEditedOccurrences,
  listExceptions,
  type StoredItem,
} from '../db/repositories/calendar';
import { getMeta } from '../db/repositories/meta';
import { listEntries } from './calendar';
import { listActivityViews } from './calendarActivities';
import { gapsFor } from './calendarPlanning';
import { specialDatesIn } from './calendarSpecialDates';
import type { ServiceContext } from './context';

export interface ExportRequest {
  from: LocalDate;
  to: LocalDate;
  groupId?: number | undefined;
  locale: Locale;
}

/** Approved and sent entries are settled; earlier steps may still change. */
function icsStatus(status: DraftStatus): IcsEvent['status'] {
  return status === 'approved' || status === 'sent' ? 'CONFIRMED' : 'TENTATIVE';
}

function scopeName(context: ServiceContext, groupId: number | undefined, t: Translate): string {
  if (groupId === undefined) return t('calendar.plan.allGroups');
  const zone = groupZones(context.db, groupId)[0];
  if (!zone) throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id: groupId });
  return zone.groupName;
}

/** UIDs stay the same across exports of one workspace and differ between workspaces. */
function uidDomain(context: ServiceContext): string {
  return `qundesk-${getMeta(context.db, 'created_at') ?? '0'}`;
}

function itemDescription(
  item: Pick<StoredItem, 'body' | 'attachments' | 'notes' | 'status'>,
  t: Translate,
): string {
  const parts = [item.body.trim()];
  if (item.attachments.length > 0)
    parts.push(t('calendar.export.attachments', { names: item.attachments.join('、') }));
  if (item.notes.trim()) parts.push(t('calendar.export.notes', { notes: item.notes.trim() }));
  parts.push(t('calendar.export.status', { status: t(`calendar.statuses.${item.status}`) }));
  return parts.filter((part) => part !== '').join('\n\n');
}

function itemEvent(item: StoredItem, uid: string, t: Translate): IcsEvent {
  return {
    uid,
    startsAt: item.startsAt,
    endsAt: item.startsAt + item.durationMinutes * 60_000,
    utcOffsetMinutes: item.utcOffsetMinutes,
    summary: item.title,
    description: itemDescription(item, t),
    location: item.groupName,
    categories: [t(`calendar.contentTypes.${item.contentType}`)],
    status: icsStatus(item.status),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** A generated occurrence as a stand-alone event: the series' fields at the occurrence's time. */
function occurrenceEvent(series: StoredItem, entry: CalendarEntry, uid: string, t: Translate): IcsEvent {
  return {
    ...itemEvent(series, uid, t),
    startsAt: Date.parse(entry.startsAt),
    endsAt: Date.parse(entry.endsAt),
  };
}

function activityEvent(activity: Activity, uid: string, t: Translate): IcsEvent {
  const tasks = activity.runSheet.map((task) => `- ${task.task}${task.owner ? ` · ${task.owner}` : ''}`);
  return {
    uid,
    startsAt: Date.parse(activity.startsAt),
    endsAt: Date.parse(activity.endsAt),
    utcOffsetMinutes: activity.utcOffsetMinutes,
    summary: activity.title,
    description: [activity.notes.trim(), tasks.join('\n')].filter((part) => part !== '').join('\n\n'),
    location: activity.groupName,
    categories: [t(`calendar.contentTypes.${activity.kind}`), t('calendar.export.activity')],
    status: 'CONFIRMED',
    createdAt: Date.parse(activity.createdAt),
    updatedAt: Date.parse(activity.updatedAt),
  };
}

/** The events of a range: single entries, each series once (with its rule, or expanded), and the activities. */
export function icsEvents(context: ServiceContext, request: ExportRequest, t: Translate): IcsEvent[] {
  const range = { from: request.from, to: request.to };
  const domain = uidDomain(context);
  const itemUid = (id: number | string) => `calendar-item-${id}@${domain}`;
  const events: IcsEvent[] = [];
  const seriesEntries = new Map<number, CalendarEntry[]>();
  for (const entry of listEntries(context, range, request.groupId)) {
    if (entry.seriesId === null) {
      events.push(itemEvent(findItem(context.db, entry.id)!, itemUid(entry.id), t));
    } else {
      seriesEntries.set(entry.seriesId, [...(seriesEntries.get(entry.seriesId) ?? []), entry]);
    }
  }
  for (const [seriesId, entries] of seriesEntries) {
    const series = findItem(context.db, seriesId)!;
    if (!rruleMapsCleanly(series.startsAt, series.utcOffsetMinutes)) {
      // Weekdays would shift on the UTC clock: each occurrence of the range goes out on its own.
      for (const entry of entries) {
        const occurrenceUid = itemUid(`${seriesId}-${entry.occurrenceDate!.replace(/-/g, '')}`);
        const stored = entry.virtual ? null : findItem(context.db, entry.id);
        events.push(
          stored ? itemEvent(stored, occurrenceUid, t) : occurrenceEvent(series, entry, occurrenceUid, t),
        );
      }
      continue;
    }
    const uid = itemUid(seriesId);
    events.push({
      ...itemEvent(series, uid, t),
      recurrence: { rule: series.recurrence!, exceptions: listExceptions(context.db, seriesId) },
    });
    const startMinutes = toLocal(series.startsAt, series.utcOffsetMinutes).minutes;
    for (const date of listEditedOccurrences(context.db, seriesId)) {
      const edited = findOccurrenceItem(context.db, seriesId, date)!;
      events.push({
        ...itemEvent(edited, uid, t),
        recurrenceId: toInstant(date, startMinutes, series.utcOffsetMinutes),
      });
    }
  }
  for (const activity of listActivityViews(context, { ...range, groupId: request.groupId })) {
    events.push(activityEvent(activity, `activity-${activity.id}@${domain}`, t));
  }
  return events;
}

function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function exportIcs(context: ServiceContext, request: ExportRequest): ExportedFile {
  const t = translator(request.locale);
  const content = buildIcs({
    name: t('calendar.export.calendarName', { scope: scopeName(context, request.groupId, t) }),
    stamp: context.now(),
    events: icsEvents(context, request, t),
  });
  return {
    fileName: `qundesk-calendar-${request.from}-${request.to}.ics`,
    mimeType: 'text/calendar',
    content,
  };
}

/** The weekly plan as Markdown: each day's entries and activities, its festivals, and the open gaps. */
export function exportPlanMarkdown(context: ServiceContext, request: ExportRequest): ExportedFile {
  const t = translator(request.locale);
  const range: DateRange = { from: request.from, to: request.to };
  const groupName = request.groupId === undefined ? null : scopeName(context, request.groupId, t);
  const entries = listEntries(context, range, request.groupId);
  const activities = listActivityViews(context, { ...range, groupId: request.groupId });
  const report = gapsFor(context, range, request.groupId);
  const gaps = report.groups.flatMap((group) =>
    group.gaps.map((gap) => {
      const text = describeMessage(gap, t);
      return groupName === null ? t('calendar.plan.groupGap', { group: group.groupName, gap: text }) : text;
    }),
  );
  const content = weeklyPlanMarkdown(
    { range, groupName, days: planDays(range, entries, activities, specialDatesIn(range)), gaps },
    t,
    request.locale,
  );
  return { fileName: `qundesk-plan-${request.from}-${request.to}.md`, mimeType: 'text/markdown', content };
}
