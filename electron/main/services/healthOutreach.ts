/**
 * Wake-up outreach (唤醒触达) and the settings of the silent wake-up rate: what operators did to reach silent
 * members, recorded with the members it reached (by default everyone silent at that moment, snapshotted then), and
 * how many of them were silent and spoke again within the response window. Every change is audited. (The settings
 * themselves live in health.ts beside the thresholds.)
 */
import { dateOfDay, dayOfInstant } from '../../../shared/domain/health/days';
import {
  maxOutreachMembers,
  type Outreach,
  type OutreachAudience,
  type OutreachChannel,
  type OutreachReport,
} from '../../../shared/domain/health/wakeUp';
import type { Annotation } from '../../../shared/domain/health/types';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  deleteOutreach,
  getOutreach,
  insertOutreach,
  listOutreach,
  membersOfGroup,
  silentMembersAt,
  wakeUpsByAction,
  type HealthScope,
  type OutreachRow,
} from '../db/repositories/health';
import type { ServiceContext } from './context';
import {
  freshRollups,
  groupIdsFor,
  resolveRange,
  wakeSettings,
  wakeWindows,
  type RangeInput,
} from './health';
import type { AnnotationSource } from './healthSources';

function outreachOf(row: OutreachRow, counts: { targeted: number; woken: number } | undefined): Outreach {
  return {
    id: row.id,
    groupId: row.groupId,
    groupName: row.groupName,
    at: new Date(row.at).toISOString(),
    date: dateOfDay(dayOfInstant(row.at)),
    channel: row.channel as OutreachChannel,
    note: row.note,
    audience: row.audience as OutreachAudience,
    reached: row.reached,
    targeted: counts?.targeted ?? null,
    woken: counts?.woken ?? null,
    operator: row.operator,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Outreach done in the range (newest first), each with the members it found silent and how many woke. */
export function outreachReport(
  context: ServiceContext,
  input: RangeInput & { groupId?: number | undefined },
): OutreachReport {
  freshRollups(context);
  const scope: HealthScope = {
    groupIds: groupIdsFor(context, input.groupId),
    ...resolveRange(context, input),
  };
  const counts = wakeUpsByAction(context.db, scope, wakeWindows(context));
  return {
    settings: wakeSettings(context),
    outreach: listOutreach(context.db, scope).map((row) => outreachOf(row, counts.get(-row.id))),
  };
}

/** Some leeway for a clock a little ahead of the recording machine's. */
const futureLeewayMs = 5 * 60_000;

export interface OutreachInput {
  groupId: number;
  /** Epoch ms. */
  at: number;
  channel: OutreachChannel;
  note: string;
  /** The members reached; absent: every member silent at `at`. */
  memberIds?: number[] | undefined;
}

/** Records an outreach with its snapshot of reached members, in one transaction, audited. */
export function recordOutreach(context: ServiceContext, input: OutreachInput): Outreach {
  groupIdsFor(context, input.groupId);
  if (input.at > context.now() + futureLeewayMs)
    throw new AppError('VALIDATION', 'health.errors.outreachInFuture', {});
  const id = context.db.transaction(() => {
    let memberIds: number[];
    if (input.memberIds === undefined) {
      memberIds = silentMembersAt(context.db, input.groupId, input.at, wakeWindows(context).silence);
    } else {
      memberIds = [...new Set(input.memberIds)];
      const known = membersOfGroup(context.db, input.groupId, memberIds);
      const strangers = memberIds.filter((memberId) => !known.has(memberId));
      if (strangers.length > 0)
        throw new AppError('VALIDATION', 'health.errors.outreachNotMembers', {
          count: strangers.length,
          ids: strangers.slice(0, 5).join(', '),
        });
    }
    if (memberIds.length === 0) throw new AppError('VALIDATION', 'health.errors.outreachNobody', {});
    if (memberIds.length > maxOutreachMembers)
      throw new AppError('VALIDATION', 'health.errors.outreachTooMany', { max: maxOutreachMembers });
    const now = context.now();
    const audience: OutreachAudience = input.memberIds === undefined ? 'silent' : 'chosen';
    const created = insertOutreach(context.db, { ...input, audience, memberIds }, now, context.operator());
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'create',
      entity: 'healthOutreach',
      entityId: created,
      // Keys of their own: 'channel' already names an IPC channel in the audit log's labels.
      detail: {
        groupId: input.groupId,
        outreachAt: new Date(input.at).toISOString(),
        outreachChannel: input.channel,
        audience,
        reached: memberIds.length,
      },
    });
    return created;
  })();
  return outreachOf(getOutreach(context.db, id)!, undefined);
}

export function removeOutreach(context: ServiceContext, id: number): { deleted: true } {
  context.db.transaction(() => {
    const row = getOutreach(context.db, id);
    if (!row) throw new AppError('NOT_FOUND', 'health.errors.outreachNotFound', { id });
    deleteOutreach(context.db, id);
    recordAudit(context.db, context.now(), {
      operator: context.operator(),
      action: 'delete',
      entity: 'healthOutreach',
      entityId: id,
      detail: {
        groupId: row.groupId,
        outreachAt: new Date(row.at).toISOString(),
        outreachChannel: row.channel,
      },
    });
  })();
  return { deleted: true };
}

/** Outreach on the time axis, labelled with its note (or the group's name when it has none). */
export function outreachAnnotations(context: ServiceContext): AnnotationSource {
  return {
    annotations: (scope): Annotation[] =>
      listOutreach(context.db, scope).map((row) => ({
        date: dateOfDay(dayOfInstant(row.at)),
        kind: 'outreach',
        label: row.note || row.groupName,
        groupId: row.groupId,
      })),
  };
}
