/**
 * The complaint rate reads the scan's daily rollups: the real scan job, review decisions, a list edit with a rescan
 * that withdraws hits, and deletes keep them equal to a count from the scan state and the hits (and to a rebuild),
 * and the dashboard card shows complaint messages / scanned messages.
 */
import { describe, expect, it } from 'vitest';
import {
  clearHealthRollups,
  refreshHealthRollups,
} from '../../../electron/main/db/repositories/healthRollups';
import { healthStats } from '../../../electron/main/services/healthStats';
import { defaultHealthSources } from '../../../electron/main/services/healthSources';
import { listInput, makeRiskBackend, type RiskTestBackend } from '../risk/fixtures';
import { expectedRollups, sorted, storedRollups } from './rollupReference';

const complaintTables = ['health_scanned_daily', 'health_hit_categories'] as const;

function complaintLines(t: RiskTestBackend) {
  const { db } = t.backend.context;
  const pick = (lines: Record<string, string[]>) =>
    Object.fromEntries(complaintTables.map((table) => [table, lines[table]]));
  return { expected: pick(sorted(expectedRollups(db))), stored: pick(sorted(storedRollups(db))) };
}

/** The rollups after a refresh equal the reference and a rebuild from scratch. */
function expectExact(t: RiskTestBackend): void {
  const { db } = t.backend.context;
  refreshHealthRollups(db);
  const { expected, stored } = complaintLines(t);
  expect(stored).toEqual(expected);
  clearHealthRollups(db);
  refreshHealthRollups(db);
  expect(complaintLines(t).stored).toEqual(expected);
}

async function complaintRate(t: RiskTestBackend) {
  const overview = await t.call('health.overview', { groupId: t.seeded.groupId, days: 30, to: '2024-05-01' });
  return overview.cards[0]!.metrics.find((metric) => metric.metric === 'complaintRate')!.current;
}

async function withRiskBackend(run: (t: RiskTestBackend) => Promise<void>) {
  const t = await makeRiskBackend();
  try {
    await run(t);
  } finally {
    await t.dispose();
  }
}

describe('complaint rate from the scan rollups', () => {
  it('is unknown before a scan, then complaint messages / scanned messages, following the review', () =>
    withRiskBackend(async (t) => {
      expect(await complaintRate(t)).toEqual({ value: null, status: 'noScan' });
      await t.scan();
      expectExact(t);
      // In the 30 days: every message but the old ad (system notice included); complaints: the complaint and the two
      // refund questions.
      expect(await complaintRate(t)).toEqual({ value: 3 / 11, status: 'ok', numerator: 3, denominator: 11 });

      const [refund1] = t.backend.context.db
        .prepare('SELECT id FROM risk_hits WHERE message_id = ?')
        .pluck()
        .all(t.seeded.messages.refund1) as number[];
      await t.call('risk.decide', { hitIds: [refund1!], decision: 'dismiss' });
      expectExact(t);
      expect(await complaintRate(t)).toMatchObject({ numerator: 2, denominator: 11 });

      const report = healthStats(t.backend.context, defaultHealthSources(t.backend.context), {
        groupId: t.seeded.groupId,
        from: '2024-04-02',
        to: '2024-05-01',
      });
      expect(report.scopes[0]!.complaintsByCategory).toEqual({
        ads: 4,
        scam: 2,
        complaint: 2,
        privacy: 1,
        abuse: 1,
      });
    }));

  it('follows a rescan that withdraws hits, a deleted member, message and group', () =>
    withRiskBackend(async (t) => {
      await t.scan();
      const { lists } = await t.call('risk.lists');
      const complaintList = lists.find((list) => list.category === 'complaint')!;
      const detail = await t.call('risk.getList', { id: complaintList.id });
      await t.call('risk.saveList', {
        id: complaintList.id,
        list: { ...listInput(detail), words: detail.words.filter((word) => word.word !== '退款') },
      });
      const rescan = await t.scan();
      expect(rescan.withdrawn).toBe(2);
      expectExact(t);
      expect(await complaintRate(t)).toMatchObject({ numerator: 1, denominator: 11 });

      const { db } = t.backend.context;
      db.prepare('DELETE FROM members WHERE id = ?').run(t.seeded.members.wang);
      expectExact(t);
      db.prepare('DELETE FROM messages WHERE id = ?').run(t.seeded.messages.complaint);
      expectExact(t);
      expect(await complaintRate(t)).toMatchObject({ numerator: 0, denominator: 10 });

      await t.call('groups.delete', { id: t.seeded.groupId });
      expectExact(t);
      expect(db.prepare('SELECT count(*) FROM health_scanned_daily').pluck().get()).toBe(0);
    }));
});
