/**
 * Activities of the planner (templates, schedule, run sheet, materials, budget), check-ins (typed, pasted 接龙 lists,
 * or found in the group's messages by keyword), streaks, and the points they write to members' ledgers.
 */
import { activityTemplates } from '../../../shared/domain/calendar/activities';
import {
  defaultCheckInKeyword,
  defaultPointsRules,
  defaultRungPoints,
  type ActivityPointsRules,
} from '../../../shared/domain/calendar/activityPoints';
import { activityMetrics, reportWindows } from '../../../shared/domain/calendar/activityReport';
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
  ActivityPointsSummary,
  ActivityReport,
  ActivityReportRow,
  CheckIn,
  CheckInSource,
  MessageCheckIn,
  MessageCheckInResult,
  ParticipantStreak,
  StreakReport,
} from '../../../shared/domain/calendar/types';
import type { ActivityInput } from '../../../shared/ipc/channels/calendar';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import { groupZones } from '../db/repositories/calendar';
import {
  activityIdsOfKind,
  countCheckedIn,
  countJoiners,
  countMessages,
  deleteActivity,
  deleteCheckIn,
  findActivity,
  findCheckIn,
  insertActivity,
  insertCheckIn,
  keywordMessages,
  linkCheckIns,
  listActivities,
  listCheckIns,
  memberExists,
  setActivityResults,
  setPointsIssued,
  survivingMemberId,
  updateActivity,
  type ActivityFields,
  type ActivityResults,
  type StoredActivity,
  type StoredCheckIn,
} from '../db/repositories/calendarActivities';
import { iso } from './calendar';
import { activityPointsSummary, survivorLookup, writeActivityPoints } from './calendarActivityPoints';
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
    participantsEntered: activity.participantsEntered,
    conversions: activity.conversions,
    spentCents: activity.spentCents,
    checkInKeyword: activity.checkInKeyword,
    pointsRules: activity.pointsRules,
    pointsIssuedAt: activity.pointsIssuedAt === null ? null : iso(activity.pointsIssuedAt),
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

/**
 * Once an activity's points are issued, every change to its check-ins or rules brings the ledgers up to date in the
 * same transaction (a removed check-in gets its compensating entry at once). Before that nothing is written.
 */
function followPoints(context: ServiceContext, activityId: number): void {
  const activity = requireActivity(context, activityId);
  if (activity.pointsIssuedAt === null) return;
  const result = writeActivityPoints(context, activity);
  if (result.added + result.reversed > 0) audit(context, 'writePoints', 'activity', activity.id, result);
}

/** The rules with one reward per rung of the ladder: as given, else as stored, else the default. */
function pointsRulesFor(
  ladder: readonly number[],
  given: ActivityPointsRules,
  stored: ActivityPointsRules | null,
): ActivityPointsRules {
  return {
    perCheckIn: given.perCheckIn,
    participation: given.participation,
    rungs: ladder.map((days) => ({
      days,
      points:
        given.rungs.find((rung) => rung.days === days)?.points ??
        stored?.rungs.find((rung) => rung.days === days)?.points ??
        defaultRungPoints(days),
    })),
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
    const stored = input.id === undefined ? null : requireActivity(context, input.id);
    const rewardLadder = [...new Set(input.rewardLadder ?? template.rewardLadder)].sort((a, b) => a - b);
    const fields: ActivityFields = {
      groupId: input.groupId,
      kind: input.kind,
      title: input.title,
      goal: input.goal ?? template.goal,
      startsAt: input.startsAt,
      endsAt,
      budgetCents: input.budgetCents,
      rewardLadder,
      runSheet: input.runSheet,
      materials: input.materials,
      notes: input.notes,
      checkInKeyword: input.checkInKeyword ?? stored?.checkInKeyword ?? defaultCheckInKeyword(input.kind),
      pointsRules: pointsRulesFor(
        rewardLadder,
        input.pointsRules ?? stored?.pointsRules ?? defaultPointsRules(input.kind, rewardLadder),
        stored?.pointsRules ?? null,
      ),
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
    updateActivity(context.db, input.id, fields, now);
    audit(context, 'update', 'activity', input.id, {
      kind: fields.kind,
      title: fields.title,
      startsAt: iso(fields.startsAt),
    });
    followPoints(context, input.id);
    return input.id;
  })();
  return getActivity(context, id);
}

/** Deletes an activity; the points it gave are taken back first (compensating entries: the ledger keeps both). */
export function removeActivity(context: ServiceContext, id: number): void {
  context.db.transaction(() => {
    const activity = requireActivity(context, id);
    const revoked = writeActivityPoints(context, activity, { revokeAll: true });
    deleteActivity(context.db, id);
    audit(context, 'delete', 'activity', id, {
      kind: activity.kind,
      title: activity.title,
      checkIns: activity.checkInCount,
      ...(revoked.reversed > 0 ? { reversed: revoked.reversed, reversedPoints: revoked.reversedPoints } : {}),
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
    followPoints(context, activity.id);
    return result;
  })();
}

/** How a check-in names its person: the member when linked, else the name as entered. */
const personKey = (memberId: number | null, name: string) =>
  memberId !== null ? `m:${memberId}` : `n:${name}`;

/** Check-ins listed in the preview of a scan. */
const messageCheckInSample = 20;

/**
 * Check-ins from the group's imported messages: every message in the activity's window [start, end) containing the
 * keyword (the activity's, unless given) counts, one per person per local day (the day's first message), and a day
 * already recorded for that person (by member or by name, from any source) is skipped, so a second run adds
 * nothing. A dry run only counts. Senders resolved to a member are linked to them.
 */
export function checkInsFromMessages(
  context: ServiceContext,
  input: { activityId: number; keyword?: string | undefined; dryRun: boolean },
): MessageCheckInResult {
  return context.db.transaction(() => {
    const activity = requireActivity(context, input.activityId);
    const keyword = (input.keyword ?? activity.checkInKeyword).trim();
    if (keyword === '') throw new AppError('VALIDATION', 'calendar.errors.noCheckInKeyword');
    const recorded = new Set<string>();
    for (const checkIn of listCheckIns(context.db, activity.id)) {
      const date = toLocal(checkIn.checkedAt, activity.utcOffsetMinutes).date;
      recorded.add(`${personKey(checkIn.memberId, checkIn.participant)}|${date}`);
      recorded.add(`${personKey(null, checkIn.participant)}|${date}`);
    }
    const messages = keywordMessages(
      context.db,
      activity.groupId,
      activity.startsAt,
      activity.endsAt,
      keyword,
    );
    const survivor = survivorLookup(context);
    const found = new Map<string, MessageCheckIn & { checkedAt: number; recorded: boolean }>();
    for (const message of messages) {
      const participant = message.senderName.trim().slice(0, 80) || '?';
      const memberId = message.memberId === null ? null : survivor(message.memberId);
      const localDate = toLocal(message.sentAt, activity.utcOffsetMinutes).date;
      const key = `${personKey(memberId, participant)}|${localDate}`;
      if (found.has(key)) continue;
      found.set(key, {
        participant,
        memberId,
        localDate,
        at: iso(message.sentAt),
        checkedAt: message.sentAt,
        recorded: recorded.has(key) || recorded.has(`${personKey(null, participant)}|${localDate}`),
      });
    }
    const toAdd = [...found.values()].filter((checkIn) => !checkIn.recorded);
    let added = 0;
    if (!input.dryRun && toAdd.length > 0) {
      const now = context.now();
      for (const checkIn of toAdd) {
        const { participant, memberId, checkedAt } = checkIn;
        if (
          insertCheckIn(
            context.db,
            { activityId: activity.id, participant, memberId, checkedAt, source: 'import' },
            now,
          )
        )
          added += 1;
      }
      audit(context, 'record', 'checkin', activity.id, {
        added,
        duplicates: found.size - added,
        source: 'import',
        keyword,
      });
      followPoints(context, activity.id);
    }
    return {
      keyword,
      startsAt: iso(activity.startsAt),
      endsAt: iso(activity.endsAt),
      messages: messages.length,
      found: found.size,
      alreadyRecorded: found.size - toAdd.length,
      toAdd: toAdd.length,
      unlinked: toAdd.filter((checkIn) => checkIn.memberId === null).length,
      added,
      sample: toAdd
        .slice(0, messageCheckInSample)
        .map(({ participant, memberId, localDate, at }) => ({ participant, memberId, localDate, at })),
    };
  })();
}

/** Links a participant checked in by name to a member, so their check-ins count (and earn points once issued). */
export function linkParticipant(
  context: ServiceContext,
  input: { activityId: number; participant: string; memberId: number },
): { linked: number } {
  return context.db.transaction(() => {
    const activity = requireActivity(context, input.activityId);
    if (!memberExists(context.db, input.memberId)) {
      throw new AppError('NOT_FOUND', 'calendar.errors.memberNotFound', { id: input.memberId });
    }
    const memberId = survivingMemberId(context.db, input.memberId);
    const linked = linkCheckIns(context.db, activity.id, input.participant, memberId);
    if (linked === 0) {
      throw new AppError('NOT_FOUND', 'calendar.errors.unlinkedParticipantNotFound', {
        participant: input.participant,
      });
    }
    audit(context, 'link', 'checkin', activity.id, { participant: input.participant, memberId, linked });
    followPoints(context, activity.id);
    return { linked };
  })();
}

// ---- points ----

export function pointsSummary(context: ServiceContext, activityId: number): ActivityPointsSummary {
  return activityPointsSummary(context, requireActivity(context, activityId));
}

/**
 * 发放积分: writes what the activity's check-ins earn to the members' ledgers and keeps them in step from then on.
 * Issuing again adds only what is missing (nothing when nothing changed).
 */
export function issuePoints(context: ServiceContext, activityId: number): ActivityPointsSummary {
  context.db.transaction(() => {
    const activity = requireActivity(context, activityId);
    const result = writeActivityPoints(context, activity);
    setPointsIssued(context.db, activity.id, context.now());
    audit(context, 'issuePoints', 'activity', activity.id, result);
  })();
  return pointsSummary(context, activityId);
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
    followPoints(context, checkIn.activityId);
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

// ---- results and the post-event report ----

/** The operator's results of an activity: head count (when not checked in one by one), conversions, money spent. */
export function recordResults(context: ServiceContext, input: { id: number } & ActivityResults): Activity {
  context.db.transaction(() => {
    const activity = requireActivity(context, input.id);
    const results: ActivityResults = {
      participantsEntered: input.participantsEntered,
      conversions: input.conversions,
      spentCents: input.spentCents,
    };
    setActivityResults(context.db, activity.id, results, context.now());
    audit(context, 'recordResults', 'activity', activity.id, results);
  })();
  return getActivity(context, input.id);
}

/** Same-kind activities compared in the report, newest first. */
const comparedActivities = 20;

function reportRow(context: ServiceContext, activity: StoredActivity): ActivityReportRow {
  const windows = reportWindows(activity.startsAt, activity.endsAt, context.now());
  const { db } = context;
  const measures = {
    checkedIn: countCheckedIn(db, activity.id),
    participantsEntered: activity.participantsEntered,
    newJoiners: countJoiners(db, activity.groupId, windows.during.start, windows.during.end),
    messagesDuring: countMessages(db, activity.groupId, windows.during.start, windows.during.end),
    messagesBefore: countMessages(db, activity.groupId, windows.before.start, windows.before.end),
    conversions: activity.conversions,
    spentCents: activity.spentCents,
    budgetCents: activity.budgetCents,
  };
  return {
    activityId: activity.id,
    title: activity.title,
    groupName: activity.groupName,
    localDate: toLocal(activity.startsAt, activity.utcOffsetMinutes).date,
    state: windows.state,
    ...measures,
    ...activityMetrics(measures),
  };
}

/**
 * The post-event report: participants, new joiners while it ran, messages during it against the same length of
 * time before, the operator's conversions and spending with cost per participant, and the same numbers for the
 * other activities of its kind.
 */
export function activityReport(context: ServiceContext, id: number): ActivityReport {
  const activity = requireActivity(context, id);
  const windows = reportWindows(activity.startsAt, activity.endsAt, context.now());
  const sameKind = activityIdsOfKind(context.db, activity.kind, comparedActivities).map((peerId) =>
    reportRow(context, requireActivity(context, peerId)),
  );
  const row = sameKind.find((peer) => peer.activityId === id) ?? reportRow(context, activity);
  return {
    activity: activityView(activity),
    window: {
      beforeStartsAt: iso(windows.before.start),
      startsAt: iso(windows.during.start),
      endsAt: iso(windows.during.end),
    },
    row,
    sameKind: sameKind.some((peer) => peer.activityId === id) ? sameKind : [row, ...sameKind],
  };
}
