import { z } from 'zod';
import { encodeReason, tierClassifier } from '../../../shared/domain/tiers';
import type { TiersRecomputeResult } from '../../../shared/ipc/channels/members';
import { recordAudit } from '../db/repositories/audit';
import { indexPendingNames } from '../db/repositories/memberNames';
import {
  effectiveTierRules,
  groupActivity,
  refreshMemberSummaries,
  type TierWrite,
  type WindowPoints,
  windowPoints,
  writeTiers,
} from '../db/repositories/tiers';
import { groupTierDistributions } from '../services/membersTiers';
import { defineJob } from './types';

const inputSchema = z.object({ groupIds: z.array(z.number().int().positive()).optional() });
const dayMs = 86_400_000;

/**
 * Recomputes every current member's tier in each group from SQL aggregates over the rules' window, writes tier,
 * reason and (on change) history, then each member's best tier and cached activity for the list, in one
 * transaction at the end (the groups are aggregated one at a time before it, with progress and cancel between).
 * Also indexes names other writers added without pinyin keys. Run after every import.
 */
export const tiersJob = defineJob({
  kind: 'tiers.recompute',
  titleKey: 'jobs.tiersRecompute',
  changes: ['members', 'groups', 'audit'],
  async run(rawInput, context): Promise<TiersRecomputeResult> {
    const input = inputSchema.parse(rawInput ?? {});
    const { db } = context;
    const now = context.now();
    context.progress(0, 1, 'jobs.steps.indexingNames');
    indexPendingNames(db);
    const groupIds = (db.prepare('SELECT id FROM groups ORDER BY id').all() as { id: number }[])
      .map((row) => row.id)
      .filter((id) => input.groupIds === undefined || input.groupIds.includes(id));

    context.progress(0, groupIds.length + 1, 'jobs.steps.aggregating');
    // Groups sharing a window share one pass over the points ledger.
    const pointsByWindow = new Map<number, WindowPoints>();
    let memberships = 0;
    let changedTiers = 0;
    const pending: { groupId: number; writes: TierWrite[] }[] = [];
    for (const [index, groupId] of groupIds.entries()) {
      context.throwIfCancelled();
      const rules = effectiveTierRules(db, groupId);
      const since = now - rules.windowDays * dayMs;
      let points = pointsByWindow.get(since);
      if (!points) {
        points = windowPoints(db, since, now);
        pointsByWindow.set(since, points);
      }
      const writes: TierWrite[] = [];
      const classify = tierClassifier(rules);
      for (const row of groupActivity(db, groupId, rules, now, points)) {
        const result = classify(row);
        const reason = encodeReason(result.reason);
        memberships += 1;
        // Unchanged tier and reason: nothing to write, which keeps a steady-state recompute cheap.
        if (result.tier === row.previousTier && reason === row.previousReason) continue;
        if (result.tier !== row.previousTier) changedTiers += 1;
        writes.push({
          groupId,
          memberId: row.memberId,
          tier: result.tier,
          previousTier: row.previousTier,
          reason,
        });
      }
      pending.push({ groupId, writes });
      context.progress(index + 1, groupIds.length + 1, 'jobs.steps.aggregating');
      await context.yieldToLoop();
    }
    context.throwIfCancelled();
    context.progress(groupIds.length, groupIds.length + 1, 'jobs.steps.writingTiers');
    // One transaction for every group's writes and the members' summaries: a recompute lands whole or not at all.
    db.transaction(() => {
      writeTiers(db, pending, now);
      refreshMemberSummaries(db);
      recordAudit(db, now, {
        operator: context.operator,
        action: 'recompute-tiers',
        entity: 'workspace',
        detail: { groups: groupIds.length, memberships, changedTiers },
      });
    })();
    context.progress(groupIds.length + 1, groupIds.length + 1, 'jobs.steps.writingTiers');
    return { memberships, changedTiers, distribution: groupTierDistributions(db, undefined) };
  },
});
