/** Activities of the planner (templates, schedule, run sheet, materials, budget) and check-in streaks. */
import { activityTemplates } from '../../../shared/domain/calendar/activities';
import { contentTypeColors } from '../../../shared/domain/calendar/contentTypes';
import {
  formatMinutes,
  rangeInstantsAnyZone,
  toLocal,
  type DateRange,
  type LocalDate,
} from '../../../shared/domain/calendar/localTime';
import { computeStreak, defaultRewardLadder } from '../../../shared/domain/calendar/streaks';
import type {
  Activity,
  CheckIn,
  CheckInSource,
  ParticipantStreak,
  StreakReport,
} from '../../../shared/domain/calendar/types';
import type { ActivityInput } from '../../../shared/ipc/channels/calendar';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import { groupZones } from '../db/repositories/calendar';
import {
  deleteActivity,
  deleteCheckIn,
  findActivity,
  findCheckIn,
  insertActivity,
  insertCheckIn,
  listActivities,
  listCheckIns,
  memberExists,
  updateActivity,
  type ActivityFields,
  type StoredActivity,
  type StoredCheckIn,
} from '../db/repositories/calendarActivities';
import { iso } from './calendar';
import type { ServiceContext } from './context';

function activityView(activity: StoredActivity): Activity {
  const local = toLocal(activity.startsAt, activity.utcOffsetMinutes);
  return {
    id: activity.id,
    groupId: activity.groupId,
    groupName: activity.groupName,
    kind: activity.kind,
    title: activity.title,
    goal: activity.goal,
    startsAt: iso(activity.startsAt),
    endsAt: iso(activity.endsAt),
    localDate: local.date,
    localTime: formatMinutes(local.minutes),
    utcOffsetMinutes: activity.utcOffsetMinutes,
    budgetCents: activity.budgetCents,
    rewardLadder: activity.rewardLadder,
    runSheet: activity.runSheet.map((task) => ({ ...task, at: task.at === null ? null : iso(task.at) })),
    materials: activity.materials,
    notes: activity.notes,
    checkInCount: activity.checkInCount,
    color: contentTypeColors[activity.kind],
    createdAt: iso(activity.createdAt),
    updatedAt: iso(activity.updatedAt),
  };
}

function requireActivity(context: ServiceContext, id: number): StoredActivity {
  const activity = findActivity(context.db, id);
  if (!activity) throw new AppError('NOT_FOUND', 'calendar.errors.activityNotFound', { id });
  return activity;
}

/** Local first and last day of an activity in its group's zone. */
function activityDays(activity: StoredActivity): DateRange {
  return {
    from: toLocal(activity.startsAt, activity.utcOffsetMinutes).date,
    to: toLocal(activity.endsAt, activity.utcOffsetMinutes).date,
  };
}

function audit(
  context: ServiceContext,
  action: string,
  entity: string,
  entityId: number,
  detail?: unknown,
): void {
  recordAudit(context.db, context.now(), { operator: context.operator(), action, entity, entityId, detail });
}

export function getActivity(context: ServiceContext, id: number): Activity {
  return activityView(requireActivity(context, id));
}

/** Activities overlapping a local-date range (in their group's zone), or all of them. */
export function listActivityViews(
  context: ServiceContext,
  filter: { from?: LocalDate | undefined; to?: LocalDate | undefined; groupId?: number | undefined },
): Activity[] {
  const coarse = rangeInstantsAnyZone({ from: filter.from ?? '1970-01-01', to: filter.to ?? '2199-12-31' });
  return listActivities(context.db, {
    ...(filter.from ? { start: coarse.start } : {}),
    ...(filter.to ? { end: coarse.end } : {}),
    ...(filter.groupId !== undefined ? { groupId: filter.groupId } : {}),
  })
    .filter((activity) => {
      const days = activityDays(activity);
      return (!filter.to || days.from <= filter.to) && (!filter.from || days.to >= filter.from);
    })
    .map(activityView);
}

export function saveActivity(context: ServiceContext, input: ActivityInput): Activity {
  const id = context.db.transaction(() => {
    if (groupZones(context.db, input.groupId).length === 0) {
      throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id: input.groupId });
    }
    const template = activityTemplates[input.kind];
    const endsAt = input.endsAt ?? input.startsAt + template.durationMinutes * 60_000;
    if (endsAt < input.startsAt) throw new AppError('VALIDATION', 'calendar.errors.endsBeforeStart');
    const fields: ActivityFields = {
      groupId: input.groupId,
      kind: input.kind,
      title: input.title,
      goal: input.goal ?? template.goal,
      startsAt: input.startsAt,
      endsAt,
      budgetCents: input.budgetCents,
      rewardLadder: [...new Set(input.rewardLadder ?? template.rewardLadder)].sort((a, b) => a - b),
      runSheet: input.runSheet,
      materials: input.materials,
      notes: input.notes,
    };
    const now = context.now();
    if (input.id === undefined) {
      const newId = insertActivity(context.db, fields, now);
      audit(context, 'create', 'activity', newId, {
        kind: fields.kind,
        title: fields.title,
        startsAt: iso(fields.startsAt),
      });
      return newId;
    }
    requireActivity(context, input.id);
    updateActivity(context.db, input.id, fields, now);
    audit(context, 'update', 'activity', input.id, {
      kind: fields.kind,
      title: fields.title,
      startsAt: iso(fields.startsAt),
    });
    return input.id;
  })();
  return getActivity(context, id);
}

export function removeActivity(context: ServiceContext, id: number): void {
  context.db.transaction(() => {
    const activity = requireActivity(context, id);
    deleteActivity(context.db, id);
    audit(context, 'delete', 'activity', id, {
      kind: activity.kind,
      title: activity.title,
      checkIns: activity.checkInCount,
    });
  })();
}

// ---- check-ins ----

export interface CheckInEntry {
  participant: string;
  memberId?: number | undefined;
  at?: number | undefined;
}

/** Records check-ins inside the activity's days; the same participant at the same instant is stored once. */
export function recordCheckIns(
  context: ServiceContext,
  input: { activityId: number; source: CheckInSource; entries: CheckInEntry[] },
): { added: number; duplicates: number } {
  return context.db.transaction(() => {
    const activity = requireActivity(context, input.activityId);
    const days = activityDays(activity);
    const now = context.now();
    let added = 0;
    for (const entry of input.entries) {
      const checkedAt = entry.at ?? now;
      const date = toLocal(checkedAt, activity.utcOffsetMinutes).date;
      if (date < days.from || date > days.to) {
        throw new AppError('VALIDATION', 'calendar.errors.checkInOutsideActivity', {
          participant: entry.participant,
          date,
          from: days.from,
          to: days.to,
        });
      }
      if (entry.memberId !== undefined && !memberExists(context.db, entry.memberId)) {
        throw new AppError('NOT_FOUND', 'calendar.errors.memberNotFound', { id: entry.memberId });
      }
      const inserted = insertCheckIn(
        context.db,
        {
          activityId: activity.id,
          participant: entry.participant,
          memberId: entry.memberId ?? null,
          checkedAt,
          source: input.source,
        },
        now,
      );
      if (inserted) added += 1;
    }
    const result = { added, duplicates: input.entries.length - added };
    audit(context, 'record', 'checkin', activity.id, { ...result, source: input.source });
    return result;
  })();
}

function checkInView(checkIn: StoredCheckIn, utcOffsetMinutes: number): CheckIn {
  return {
    id: checkIn.id,
    activityId: checkIn.activityId,
    participant: checkIn.participant,
    memberId: checkIn.memberId,
    at: iso(checkIn.checkedAt),
    localDate: toLocal(checkIn.checkedAt, utcOffsetMinutes).date,
    source: checkIn.source,
  };
}

export function checkInList(context: ServiceContext, activityId: number): CheckIn[] {
  const activity = requireActivity(context, activityId);
  return listCheckIns(context.db, activityId).map((checkIn) =>
    checkInView(checkIn, activity.utcOffsetMinutes),
  );
}

export function removeCheckIn(context: ServiceContext, id: number): void {
  context.db.transaction(() => {
    const checkIn = findCheckIn(context.db, id);
    if (!checkIn) throw new AppError('NOT_FOUND', 'calendar.errors.checkInNotFound', { id });
    deleteCheckIn(context.db, id);
    audit(context, 'delete', 'checkin', id, {
      activityId: checkIn.activityId,
      participant: checkIn.participant,
      at: iso(checkIn.checkedAt),
    });
  })();
}

/**
 * Streaks per participant (a member when known, else the name as entered), as of a day: today while the
 * activity runs, its last day once it is over.
 */
export function streakReport(context: ServiceContext, activityId: number, asOf?: LocalDate): StreakReport {
  const activity = requireActivity(context, activityId);
  const days = activityDays(activity);
  const today = toLocal(context.now(), activity.utcOffsetMinutes).date;
  const day = asOf ?? (today < days.to ? today : days.to);
  const ladder = activity.rewardLadder.length > 0 ? activity.rewardLadder : [...defaultRewardLadder];
  const byParticipant = new Map<
    string,
    { participant: string; memberId: number | null; dates: LocalDate[] }
  >();
  for (const checkIn of listCheckIns(context.db, activityId)) {
    const key = checkIn.memberId !== null ? `member:${checkIn.memberId}` : `name:${checkIn.participant}`;
    const entry = byParticipant.get(key) ?? {
      participant: checkIn.participant,
      memberId: checkIn.memberId,
      dates: [],
    };
    entry.dates.push(toLocal(checkIn.checkedAt, activity.utcOffsetMinutes).date);
    byParticipant.set(key, entry);
  }
  const participants: ParticipantStreak[] = [...byParticipant.values()]
    .map(({ participant, memberId, dates }) => ({
      participant,
      memberId,
      ...computeStreak(dates, day, ladder),
    }))
    .sort(
      (a, b) =>
        b.current - a.current || b.longest - a.longest || a.participant.localeCompare(b.participant, 'zh-CN'),
    );
  return { activityId, asOf: day, rewardLadder: ladder, participants };
}
