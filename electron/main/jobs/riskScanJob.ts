/**
 * `risk.scan`: scans the messages not yet scanned with the current ruleset version. The engine is compiled once per
 * run; messages are read and written in batches, one transaction each (hits + scan state together), so a cancel or
 * crash keeps finished batches and the next run goes on from there. System notices are marked scanned unread.
 */
import { z } from 'zod';
import type { SensitiveCategory } from '../../../shared/domain/sensitive/types';
import type { RiskScanResult } from '../../../shared/ipc/channels/risk';
import { recordAudit } from '../db/repositories/audit';
import {
  countPendingMessages,
  hitCountsByCategory,
  pendingMessages,
  prepareScanWriter,
} from '../db/repositories/riskHits';
import { recordLastScan } from '../db/repositories/riskLists';
import type { ServiceContext } from '../services/context';
import { compileRuleset, loadRuleset, reviewHits } from '../services/riskEngine';
import { ensureRiskLists } from '../services/riskLists';
import { defineJob } from './types';

export const riskScanKind = 'risk.scan';

const inputSchema = z.object({
  /** Messages per transaction; tests lower it to see several batches. */
  batchSize: z.number().int().min(1).max(50_000).optional(),
});
export type RiskScanInput = z.input<typeof inputSchema>;

const defaultBatchSize = 2_000;

export const riskScanJob = defineJob({
  kind: riskScanKind,
  titleKey: 'riskUi.jobTitle',
  changes: ['risk', 'audit'],
  async run(rawInput, job): Promise<RiskScanResult> {
    const input = inputSchema.parse(rawInput ?? {});
    const batchSize = input.batchSize ?? defaultBatchSize;
    const { db } = job;
    const context: ServiceContext = { db, now: job.now, operator: () => job.operator };
    job.progress(0, 1, 'riskUi.steps.compiling');
    ensureRiskLists(context);
    const ruleset = loadRuleset(db);
    const engine = compileRuleset(ruleset);
    const version = ruleset.version;

    const total = countPendingMessages(db, version);
    job.progress(0, total, 'riskUi.steps.scanning');
    const writer = prepareScanWriter(db, version, job.now());
    const byCategory: Partial<Record<SensitiveCategory, number>> = {};
    let scanned = 0;
    let hits = 0;
    let withdrawn = 0;
    let afterId = 0;
    for (;;) {
      job.throwIfCancelled();
      const batch = pendingMessages(db, version, afterId, batchSize);
      if (batch.length === 0) break;
      db.transaction(() => {
        for (const message of batch) {
          const found =
            message.kind === 'system' || !message.content ? [] : reviewHits(engine.scan(message.content));
          for (const hit of found) byCategory[hit.category] = (byCategory[hit.category] ?? 0) + 1;
          hits += found.length;
          withdrawn += writer.write(message, found);
        }
      })();
      afterId = batch[batch.length - 1]!.id;
      scanned += batch.length;
      job.progress(scanned, Math.max(total, scanned), 'riskUi.steps.scanning');
      await job.yieldToLoop();
    }

    const now = job.now();
    db.transaction(() => {
      recordLastScan(db, { at: now, version, scanned, hits });
      // A run with nothing to read changes nothing worth a line in the log.
      if (scanned === 0) return;
      recordAudit(db, now, {
        operator: job.operator,
        action: 'scan',
        entity: 'risk',
        detail: { version, scanned, hits, withdrawn, byCategory },
      });
    })();
    return { version, scanned, hits, byCategory, withdrawn, openByCategory: hitCountsByCategory(db, 'open') };
  },
});
