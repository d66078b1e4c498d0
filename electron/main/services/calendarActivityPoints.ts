/**
 * Points an activity writes to members' ledgers. The rules (shared/domain/calendar/activityPoints.ts) say what each
 * linked member is owed for their check-ins; the award rows say what was written. Writing appends the difference
 * through the members' ledger service: awards no longer owed get a compensating entry (the ledger is never edited),
 * awards owed and missing get an entry, so running it again adds nothing. Callers hold the transaction.
 */
import {
  awardChanges,
  awardKindOf,
  awardSource,
  awardThreshold,
  plannedAwards,
  type AwardCheckIn,
  type AwardKind,
  type PlannedAward,
  type WrittenAward,
} from '../../../shared/domain/calendar/activityPoints';
import { toLocal } from '../../../shared/domain/calendar/localTime';
import type {
  ActivityPointsSummary,
  MemberPointsLine,
  PendingPoints,
  UnlinkedParticipant,
} from '../../../shared/domain/calendar/types';
import { translate } from '../../../shared/i18n';
import {
  insertAward,
  listAwards,
  listCheckIns,
  markAwardReversed,
  memberNames,
  survivingMemberId,
  type StoredActivity,
  type StoredAward,
} from '../db/repositories/calendarActivities';
import { iso } from './calendar';
import type { ServiceContext } from './context';
import { addPoints } from './membersLedgers';

/** Follows merges (to the member a merged one now lives on) once per member id within one computation. */
export function survivorLookup(context: ServiceContext): (memberId: number) => number {
  const cache = new Map<number, number>();
  return (memberId) => {
    let survivor = cache.get(memberId);
    if (survivor === undefined) {
      survivor = survivingMemberId(context.db, memberId);
      cache.set(memberId, survivor);
    }
    return survivor;
  };
}

/** Standing awards, credited to the member each now lives on. */
type LiveAward = StoredAward & { creditedTo: number };

interface PointsState {
  planned: PlannedAward[];
  awards: StoredAward[];
  live: LiveAward[];
  changes: { add: PlannedAward[]; reverse: WrittenAward[] };
}

function pointsState(context: ServiceContext, activity: StoredActivity): PointsState {
  const survivor = survivorLookup(context);
  const checkIns: AwardCheckIn[] = listCheckIns(context.db, activity.id).flatMap((checkIn) =>
    checkIn.memberId === null
      ? []
      : [
          {
            memberId: survivor(checkIn.memberId),
            at: checkIn.checkedAt,
            localDate: toLocal(checkIn.checkedAt, activity.utcOffsetMinutes).date,
            entered: checkIn.source !== 'import',
          },
        ],
  );
  const planned = plannedAwards(checkIns, activity.pointsRules, activity.rewardLadder);
  const awards = listAwards(context.db, activity.id);
  const live = awards
    .filter((award) => award.reversalEntryId === null)
    .map((award) => ({ ...award, creditedTo: survivor(award.memberId) }));
  const changes = awardChanges(
    planned,
    live.map((award) => ({ id: award.id, memberId: award.creditedTo, key: award.key, amount: award.amount })),
  );
  return { planned, awards, live, changes };
}

/** The ledger reason of an award: the activity by title and number, and what the points are for. */
function awardReason(activity: StoredActivity, key: string): string {
  const params = { title: activity.title, id: activity.id };
  const kind = awardKindOf(key);
  if (kind === 'check_in') {
    return translate('zh-CN', 'calendar.points.reasons.checkIn', {
      ...params,
      date: key.slice('check_in:'.length),
    });
  }
  if (kind === 'streak') {
    return translate('zh-CN', 'calendar.points.reasons.streak', {
      ...params,
      days: awardThreshold(key) ?? 0,
    });
  }
  return translate('zh-CN', 'calendar.points.reasons.participation', params);
}

export interface PointsWriteResult {
  added: number;
  addedPoints: number;
  reversed: number;
  reversedPoints: number;
}

const nothingWritten: PointsWriteResult = { added: 0, addedPoints: 0, reversed: 0, reversedPoints: 0 };

/**
 * Appends what the ledgers lack for this activity (or, with `revokeAll`, compensates everything it wrote); each
 * entry is audited by the ledger service. New entries go in before compensations, so a member who spent points
 * is only refused (the ledger never goes below zero) when the change really takes more than they have.
 */
export function writeActivityPoints(
  context: ServiceContext,
  activity: StoredActivity,
  options: { revokeAll?: boolean } = {},
): PointsWriteResult {
  const state = pointsState(context, activity);
  const reverse = options.revokeAll ? state.live : state.changes.reverse;
  const add = options.revokeAll ? [] : state.changes.add;
  if (reverse.length === 0 && add.length === 0) return nothingWritten;
  const liveById = new Map(state.live.map((award) => [award.id, award]));
  const now = context.now();
  const result = { ...nothingWritten };
  const credit = (memberId: number, amount: number, key: string, reason: string, occurredAt: number) =>
    addPoints(context, {
      memberId,
      groupId: activity.groupId,
      amount,
      source: awardSource(awardKindOf(key)),
      reason,
      occurredAt,
    }).entry.id;
  const newEntries = add.map((award) =>
    credit(award.memberId, award.amount, award.key, awardReason(activity, award.key), award.occurredAt),
  );
  for (const { id } of reverse) {
    const award = liveById.get(id)!;
    const reason = translate('zh-CN', 'calendar.points.reasons.reversal', {
      reason: awardReason(activity, award.key),
    });
    // Dated like the entry it reverses, so any window that counted one counts the other.
    markAwardReversed(
      context.db,
      award.id,
      credit(award.creditedTo, -award.amount, award.key, reason, award.occurredAt),
      now,
    );
    result.reversed += 1;
    result.reversedPoints += award.amount;
  }
  // A live award is unique per member and key: rows go in once the ones they replace are marked reversed.
  add.forEach((award, index) => {
    insertAward(context.db, { activityId: activity.id, ...award }, newEntries[index]!, now);
    result.added += 1;
    result.addedPoints += award.amount;
  });
  return result;
}

function emptyByKind(): Record<AwardKind, number> {
  return { check_in: 0, streak: 0, participation: 0 };
}

function pendingOf(state: PointsState): PendingPoints {
  const byKind = emptyByKind();
  for (const award of state.changes.add) byKind[award.kind] += 1;
  const sum = (awards: readonly { amount: number }[]) =>
    awards.reduce((total, award) => total + award.amount, 0);
  return {
    add: state.changes.add.length,
    addPoints: sum(state.changes.add),
    reverse: state.changes.reverse.length,
    reversePoints: sum(state.changes.reverse),
    byKind,
  };
}

function unlinkedOf(context: ServiceContext, activity: StoredActivity): UnlinkedParticipant[] {
  const byName = new Map<string, { checkIns: number; days: Set<string> }>();
  for (const checkIn of listCheckIns(context.db, activity.id)) {
    if (checkIn.memberId !== null) continue;
    const entry = byName.get(checkIn.participant) ?? { checkIns: 0, days: new Set<string>() };
    entry.checkIns += 1;
    entry.days.add(toLocal(checkIn.checkedAt, activity.utcOffsetMinutes).date);
    byName.set(checkIn.participant, entry);
  }
  return [...byName]
    .map(([participant, entry]) => ({ participant, checkIns: entry.checkIns, days: entry.days.size }))
    .sort((a, b) => b.days - a.days || a.participant.localeCompare(b.participant, 'zh-CN'));
}

/** What the activity wrote to the ledgers, per member, what is still to write, and who is not linked yet. */
export function activityPointsSummary(
  context: ServiceContext,
  activity: StoredActivity,
): ActivityPointsSummary {
  const state = pointsState(context, activity);
  const survivor = survivorLookup(context);
  const lines = new Map<number, Omit<MemberPointsLine, 'displayName'>>();
  const lineOf = (memberId: number) => {
    let line = lines.get(memberId);
    if (!line) {
      line = {
        memberId,
        checkInPoints: 0,
        streakPoints: 0,
        participationPoints: 0,
        total: 0,
        entries: 0,
        unlocked: [],
      };
      lines.set(memberId, line);
    }
    return line;
  };
  for (const award of state.awards) {
    lineOf(survivor(award.memberId)).entries += award.reversalEntryId === null ? 1 : 2;
  }
  for (const award of state.live) {
    const line = lineOf(award.creditedTo);
    const kind = awardKindOf(award.key);
    if (kind === 'check_in') line.checkInPoints += award.amount;
    else if (kind === 'participation') line.participationPoints += award.amount;
    else {
      line.streakPoints += award.amount;
      line.unlocked.push({ threshold: awardThreshold(award.key) ?? 0, on: award.key.split(':')[2] ?? '' });
    }
    line.total += award.amount;
  }
  const names = memberNames(context.db, [...lines.keys()]);
  const reversals = state.awards.filter((award) => award.reversalEntryId !== null).length;
  return {
    activityId: activity.id,
    rules: activity.pointsRules,
    issuedAt: activity.pointsIssuedAt === null ? null : iso(activity.pointsIssuedAt),
    entries: state.awards.length + reversals,
    reversals,
    points: state.live.reduce((total, award) => total + award.amount, 0),
    members: [...lines.values()]
      .map((line) => ({
        ...line,
        displayName: names.get(line.memberId) ?? `#${line.memberId}`,
        unlocked: line.unlocked.sort((a, b) => a.on.localeCompare(b.on) || a.threshold - b.threshold),
      }))
      .sort((a, b) => b.total - a.total || a.displayName.localeCompare(b.displayName, 'zh-CN')),
    pending: pendingOf(state),
    unlinked: unlinkedOf(context, activity),
  };
}
