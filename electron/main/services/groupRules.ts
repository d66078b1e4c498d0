/** Group rules (群规): each announcement is a new numbered version; earlier versions stay as they were. */
import type { RuleVersion } from '../../../shared/domain/groups';
import { AppError } from '../../../shared/ipc/errors';
import { insertRuleVersion, latestRuleVersion, listRuleVersions } from '../db/repositories/groupRules';
import type { ServiceContext } from './context';
import { audit, inTransaction, requireGroup } from './membersCommon';

export function listRules(context: ServiceContext, groupId: number): RuleVersion[] {
  requireGroup(context, groupId);
  return listRuleVersions(context.db, groupId);
}

/**
 * Records the rules as announced on `announcedOn`. Refused when nothing changed (the same text again) or when the
 * day lies before the current version's: versions read in the order they were announced.
 */
export function publishRules(
  context: ServiceContext,
  input: { groupId: number; body: string; announcedOn: string; note: string },
): RuleVersion {
  const body = input.body.replace(/\r\n?/g, '\n');
  return inTransaction(context, () => {
    requireGroup(context, input.groupId);
    const latest = latestRuleVersion(context.db, input.groupId);
    if (latest && latest.body === body)
      throw new AppError('CONFLICT', 'groupRules.errors.unchanged', { version: latest.version });
    if (latest && input.announcedOn < latest.announcedOn) {
      throw new AppError('VALIDATION', 'groupRules.errors.announcedBeforePrevious', {
        version: latest.version,
        date: latest.announcedOn,
      });
    }
    const version = (latest?.version ?? 0) + 1;
    insertRuleVersion(
      context.db,
      {
        groupId: input.groupId,
        version,
        body,
        announcedOn: input.announcedOn,
        note: input.note,
        operator: context.operator(),
      },
      context.now(),
    );
    audit(context, 'publish-rules', 'group', input.groupId, {
      version,
      announcedOn: input.announcedOn,
      note: input.note,
    });
    return latestRuleVersion(context.db, input.groupId)!;
  });
}
