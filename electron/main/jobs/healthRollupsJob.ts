/**
 * `health.rebuildRollups`: empties the health rollups and folds every message in again, a batch of ids per
 * transaction (progress, cancel between batches). A cancelled rebuild leaves consistent rollups up to its last
 * batch; the next refresh (an import batch or a dashboard read) folds in the rest.
 */
import { recordAudit } from '../db/repositories/audit';
import {
  clearHealthRollups,
  foldHealthRollupsThrough,
  refreshHealthRollups,
  rollupState,
} from '../db/repositories/healthRollups';
import { defineJob } from './types';

/** Message ids per transaction: as an import batch, so a fold never holds the write lock for long. */
const idsPerBatch = 50_000;

export interface RebuildRollupsResult {
  messages: number;
  batches: number;
}

export const healthRollupsJob = defineJob({
  kind: 'health.rebuildRollups',
  titleKey: 'health.rollups.jobTitle',
  changes: ['messages', 'audit'],
  async run(_input, context): Promise<RebuildRollupsResult> {
    const { db } = context;
    clearHealthRollups(db);
    const { lastMessageId } = rollupState(db);
    const messages = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    let batches = 0;
    for (let through = idsPerBatch; ; through += idsPerBatch) {
      context.throwIfCancelled();
      foldHealthRollupsThrough(db, Math.min(through, lastMessageId));
      batches += 1;
      context.progress(Math.min(through, lastMessageId), lastMessageId, 'health.rollups.step');
      await context.yieldToLoop();
      if (through >= lastMessageId) break;
    }
    // Whatever arrived or changed meanwhile.
    refreshHealthRollups(db);
    recordAudit(db, context.now(), {
      operator: context.operator,
      action: 'rebuild',
      entity: 'healthRollups',
      entityId: null,
      detail: { messages, batches },
    });
    return { messages, batches };
  },
});
