/** Tier rules (workspace and per group) and each group's distribution against its target ranges. */
import {
  defaultTierRules,
  tierDistribution,
  tiers,
  type Tier,
  type TierRules,
} from '../../../shared/domain/tiers';
import type { GroupTierDistribution, TierRulesView } from '../../../shared/ipc/channels/members';
import type { Db } from '../db/connection';
import {
  effectiveTierRules,
  getGroupTierRules,
  getWorkspaceTierRules,
  setGroupTierRules,
  setWorkspaceTierRules,
  tierCounts,
} from '../db/repositories/tiers';
import type { ServiceContext } from './context';
import { audit, inTransaction, requireGroup } from './membersCommon';

export function tierRulesView(context: ServiceContext, groupId?: number): TierRulesView {
  if (groupId === undefined)
    return { rules: getWorkspaceTierRules(context.db), inherited: true, defaults: defaultTierRules };
  requireGroup(context, groupId);
  const own = getGroupTierRules(context.db, groupId);
  return {
    rules: own ?? getWorkspaceTierRules(context.db),
    inherited: own === null,
    defaults: defaultTierRules,
  };
}

export function updateTierRules(
  context: ServiceContext,
  groupId: number | undefined,
  rules: TierRules | null,
): TierRulesView {
  inTransaction(context, () => {
    if (groupId === undefined) {
      setWorkspaceTierRules(context.db, rules ?? defaultTierRules);
    } else {
      requireGroup(context, groupId);
      setGroupTierRules(context.db, groupId, rules, context.now());
    }
    audit(context, 'update', 'tier-rules', groupId ?? null, rules);
  });
  return tierRulesView(context, groupId);
}

/** Per group: current members by tier against the group's targets; works on a job's connection too. */
export function groupTierDistributions(db: Db, groupId?: number): GroupTierDistribution[] {
  const counts = tierCounts(db, groupId);
  // Names only: the groups repository's list also counts every group's messages, which this does not need.
  const groups = db.prepare('SELECT id, name FROM groups ORDER BY created_at, id').all() as {
    id: number;
    name: string;
  }[];
  return groups
    .filter((group) => groupId === undefined || group.id === groupId)
    .map((group) => {
      const byTier: Partial<Record<Tier, number>> = {};
      let unranked = 0;
      for (const row of counts) {
        if (row.groupId !== group.id) continue;
        if (row.tier === null) unranked += row.count;
        else if ((tiers as readonly string[]).includes(row.tier)) byTier[row.tier] = row.count;
      }
      const targets = effectiveTierRules(db, group.id).targets;
      return { groupId: group.id, groupName: group.name, unranked, ...tierDistribution(byTier, targets) };
    });
}

export function tierDistributionFor(context: ServiceContext, groupId?: number): GroupTierDistribution[] {
  if (groupId !== undefined) requireGroup(context, groupId);
  return groupTierDistributions(context.db, groupId);
}
