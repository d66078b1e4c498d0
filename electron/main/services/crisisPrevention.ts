/**
 * Prevention audits (预防措施检查): each group is checked against every playbook's prevention measures (禁用位置共享,
 * 防刷屏机制, 每日备份…); each check is kept, the latest one per measure is its state, and a measure falls due again
 * after its `checkEveryDays`.
 */
import type { PreventionItem, PreventionStatus } from '../../../shared/domain/crisis/views';
import { AppError } from '../../../shared/ipc/errors';
import { listCurrentDefinitions } from '../db/repositories/crisisPlaybooks';
import {
  insertPreventionCheck,
  latestPreventionChecks,
  type PreventionCheckRow,
} from '../db/repositories/crisisPrevention';
import { findGroupName, listGroupNames } from '../db/repositories/crisisRuns';
import type { ServiceContext } from './context';
import { ensureStarterPlaybooks, requireCurrentPlaybook } from './crisisPlaybooks';
import { auditCrisis, iso, parseStoredDefinition } from './crisisRuns';

const day = 24 * 3600 * 1000;

function itemState(
  check: PreventionCheckRow | undefined,
  checkEveryDays: number,
  now: number,
): Pick<PreventionItem, 'state' | 'dueAt'> {
  if (!check) return { state: 'never', dueAt: null };
  if (check.status === 'not_applicable') return { state: 'not_applicable', dueAt: null };
  const dueAt = check.checkedAt + checkEveryDays * day;
  if (check.status === 'gap') return { state: 'gap', dueAt: iso(dueAt) };
  return { state: now >= dueAt ? 'due' : 'ok', dueAt: iso(dueAt) };
}

/** Every (group, playbook, measure) with its latest check; one group when `groupId` is given. */
export function preventionStatus(context: ServiceContext, groupId?: number): PreventionItem[] {
  ensureStarterPlaybooks(context);
  const now = context.now();
  const groups = listGroupNames(context.db).filter((group) => groupId === undefined || group.id === groupId);
  if (groupId !== undefined && groups.length === 0)
    throw new AppError('NOT_FOUND', 'crisis.errors.groupNotFound', { id: groupId });
  const latest = new Map(
    latestPreventionChecks(context.db, groupId).map((check) => [
      `${check.groupId}:${check.playbookId}:${check.measureId}`,
      check,
    ]),
  );
  const playbooks = listCurrentDefinitions(context.db).map(({ row, definition }) => ({
    row,
    definition: parseStoredDefinition(definition),
  }));
  return groups.flatMap((group) =>
    playbooks.flatMap(({ row, definition }) =>
      definition.prevention.map((measure): PreventionItem => {
        const check = latest.get(`${group.id}:${row.id}:${measure.id}`);
        return {
          groupId: group.id,
          groupName: group.name,
          playbookId: row.id,
          playbookKey: row.key,
          playbookName: row.name,
          measureId: measure.id,
          title: measure.title,
          checkEveryDays: measure.checkEveryDays,
          lastCheckedAt: check ? iso(check.checkedAt) : null,
          lastStatus: check?.status ?? null,
          lastNote: check?.note ?? '',
          checkedBy: check?.checkedBy ?? null,
          ...itemState(check, measure.checkEveryDays, now),
        };
      }),
    ),
  );
}

export function recordPreventionCheck(
  context: ServiceContext,
  input: { groupId: number; playbookId: number; measureId: string; status: PreventionStatus; note: string },
): PreventionItem {
  const { row, definition } = requireCurrentPlaybook(context, input.playbookId);
  const measure = definition.prevention.find((candidate) => candidate.id === input.measureId);
  if (!measure) throw new AppError('NOT_FOUND', 'crisis.errors.unknownMeasure', { measure: input.measureId });
  context.db.transaction(() => {
    if (findGroupName(context.db, input.groupId) === null)
      throw new AppError('NOT_FOUND', 'crisis.errors.groupNotFound', { id: input.groupId });
    const now = context.now();
    const checkId = insertPreventionCheck(context.db, {
      groupId: input.groupId,
      playbookId: row.id,
      playbookVersion: row.currentVersion,
      measureId: measure.id,
      status: input.status,
      note: input.note,
      checkedAt: now,
      checkedBy: context.operator(),
    });
    auditCrisis(context, 'prevention', checkId, 'check', {
      group: input.groupId,
      playbook: row.key,
      measure: measure.id,
      status: input.status,
    });
  })();
  return preventionStatus(context, input.groupId).find(
    (item) => item.playbookId === row.id && item.measureId === measure.id,
  )!;
}
