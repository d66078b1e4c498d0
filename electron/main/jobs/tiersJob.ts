import { z } from 'zod';
import type { TiersRecomputeResult } from '../../../shared/ipc/channels/members';
import { recordAudit } from '../db/repositories/audit';
import { indexPendingNames } from '../db/repositories/memberNames';
import { withoutForeignKeyChecks } from '../db/repositories/membersBulk';
import {
  dataVersion,
  effectiveTierRules,
  refreshMemberSummaries,
  TierRecompute,
} from '../db/repositories/tiers';
import { groupTierDistributions } from '../services/membersTiers';
import { defineJob } from './types';

const inputSchema = z.object({ groupIds: z.array(z.number().int().positive()).optional() });

/**
 * Recomputes every current member's tier in each group from SQL aggregates over the rules' window, writes tier,
 * reason and (on change) history, then each member's best tier and cached activity for the list, in one
 * transaction at the end (the groups are aggregated and classified one at a time before it, in SQL into temp
 * tables, with progress and cancel between). Also indexes names other writers added without pinyin keys. Run after
 * every import.
 */
export const tiersJob = defineJob({
  kind: 'tiers.recompute',
  titleKey: 'jobs.tiersRecompute',
  changes: ['members', 'groups', 'audit'],
  async run(rawInput, context): Promise<TiersRecomputeResult> {
    const input = inputSchema.parse(rawInput ?? {});
    const { db } = context;
    const now = context.now();
    // Every group's writes go in one transaction (a first recompute of 200,000 members: about 70 MB of pages), folded
    // back after the result.
    context.checkpointAfterResult();
    context.progress(0, 1, 'jobs.steps.indexingNames');
    indexPendingNames(db);
    // Whether anyone else writes while the groups are read (see TierWrites.write).
    const readVersion = dataVersion(db);
    const groupIds = (db.prepare('SELECT id FROM groups ORDER BY id').all() as { id: number }[])
      .map((row) => row.id)
      .filter((id) => input.groupIds === undefined || input.groupIds.includes(id));

    context.progress(0, groupIds.length + 1, 'jobs.steps.aggregating');
    const recompute = new TierRecompute(db);
    let memberships = 0;
    for (const [index, groupId] of groupIds.entries()) {
      context.throwIfCancelled();
      memberships += recompute.classify(groupId, effectiveTierRules(db, groupId), now);
      context.progress(index + 1, groupIds.length + 1, 'jobs.steps.aggregating');
      await context.yieldToLoop();
    }
    context.throwIfCancelled();
    context.progress(groupIds.length, groupIds.length + 1, 'jobs.steps.writingTiers');
    const changedTiers = recompute.changedTiers();
    // One transaction for every group's writes and the members' summaries: a recompute lands whole or not at all.
    // Its writes refer only to rows that exist (see TierRecompute.write), so it skips foreign-key checks.
    withoutForeignKeyChecks(db, () => {
      recompute.write(now, dataVersion(db) !== readVersion);
      refreshMemberSummaries(db);
      recordAudit(db, now, {
        operator: context.operator,
        action: 'recompute-tiers',
        entity: 'workspace',
        detail: { groups: groupIds.length, memberships, changedTiers },
      });
    });
    context.progress(groupIds.length + 1, groupIds.length + 1, 'jobs.steps.writingTiers');
    return { memberships, changedTiers, distribution: groupTierDistributions(db, undefined) };
  },
});
