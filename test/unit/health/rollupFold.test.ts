/**
 * The import's fold of counted messages (CountedMessages: member-days, each member's first day and months worked
 * out in the import's process and written many rows per statement) lands on the same rollup rows as a full
 * recompute and as the rebuild job's fold read back from the messages: over batches that cross UTC+8 midnight (which
 * is not UTC midnight), a month that ends in UTC+8 while it goes on in UTC, member-days split across batches and
 * folds, and a second import of the same chat's next hours.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CountedMessages,
  foldHealthRollupsThrough,
  refreshHealthRollups,
  rollupTables,
} from '../../../electron/main/db/repositories/healthRollups';
import { dayOfInstant, monthOfDay } from '../../../shared/domain/health/days';
import { generateChat, memotraceCsvText } from '../../support/exportWriters';
import { makeTestBackend } from '../../support/tempWorkspace';
import { expectedRollups, sorted, storedRollups } from './rollupReference';

/** 2024-02-01 00:00 in UTC+8 is 2024-01-31 16:00 UTC: a new day and month here, the old one in UTC. */
const monthStartUtc8 = Date.parse('2024-02-01T00:00:00+08:00');

async function importChat(
  backend: ReturnType<typeof makeTestBackend>,
  name: string,
  options: { seed: number; count: number; startAt: number },
): Promise<void> {
  const path = join(backend.dir, `${name}_utf8.csv`);
  // Few members, so most of them speak on both sides of midnight and their days run over several batches.
  writeFileSync(path, memotraceCsvText(generateChat({ ...options, members: 6 })));
  const job = await backend.jobs.wait(
    backend.jobs.start(
      'import.file',
      { path, timeZone: '-05:00', groupName: '跨月群', batchSize: 37 },
      'local',
    ),
  );
  expect(job.status, JSON.stringify(job.error)).toBe('done');
}

describe('health rollup fold of an import', () => {
  it('equals a full recompute and the rebuild across midnight, a month end and folds', async () => {
    const backend = makeTestBackend();
    try {
      const { db } = backend.context;
      // About 16 s apart on average: 4,000 messages cover UTC+8 midnight and the UTC one 8 hours later.
      await importChat(backend, '跨月群-1', {
        seed: 11,
        count: 4_000,
        startAt: monthStartUtc8 - 6 * 3_600_000,
      });
      const span = db.prepare('SELECT min(sent_at) AS first, max(sent_at) AS last FROM messages').get() as {
        first: number;
        last: number;
      };
      // The test is about these boundaries: make sure the generated chat crosses them.
      expect(span.first).toBeLessThan(monthStartUtc8);
      expect(span.last).toBeGreaterThan(Date.parse('2024-02-01T00:00:00Z'));
      expect(monthOfDay(dayOfInstant(span.first))).toBeLessThan(monthOfDay(dayOfInstant(span.last)));
      // The same chat's next hours, a second import folding onto days and months the first one stored.
      await importChat(backend, '跨月群-2', { seed: 12, count: 1_000, startAt: span.last + 60_000 });

      refreshHealthRollups(db);
      const expected = sorted(expectedRollups(db));
      const afterImport = sorted(storedRollups(db));
      expect(afterImport).toEqual(expected);
      expect(afterImport.health_member_months?.length).toBeGreaterThan(6);

      const job = await backend.jobs.wait(backend.jobs.start('health.rebuildRollups', {}, 'local'));
      expect(job.status).toBe('done');
      expect(sorted(storedRollups(db))).toEqual(expected);
    } finally {
      await backend.dispose();
    }
  });

  it('folds counted messages to the same rows as the fold that reads them back, a member-day split in two', async () => {
    const backend = makeTestBackend();
    try {
      const { db } = backend.context;
      await importChat(backend, '跨月群-1', {
        seed: 21,
        count: 600,
        startAt: monthStartUtc8 - 2 * 3_600_000,
      });
      const expected = sorted(expectedRollups(db));
      const rows = db
        .prepare('SELECT id, group_id, member_id, sent_at, kind FROM messages ORDER BY id')
        .all() as { id: number; group_id: number; member_id: number | null; sent_at: number; kind: 'text' }[];
      const groupId = rows[0]!.group_id;
      const lastId = rows.at(-1)!.id;
      const clear = () =>
        db.transaction(() => {
          for (const table of rollupTables) db.prepare(`DELETE FROM ${table}`).run();
          db.prepare('UPDATE health_rollup_state SET rolled_through = 0').run();
        })();
      // Two folds split in the middle of a member's day just after midnight, each from the writer's counts.
      const splitAt = rows.find(
        (row) => row.sent_at >= monthStartUtc8 + 60_000 && row.member_id !== null,
      )!.id;
      clear();
      for (const [after, through] of [
        [0, splitAt],
        [splitAt, lastId],
      ] as const) {
        const counted = new CountedMessages(groupId);
        counted.reset(after);
        for (const row of rows)
          if (row.id > after && row.id <= through) counted.add(row.id, row.member_id, row.sent_at, row.kind);
        foldHealthRollupsThrough(db, through, counted);
      }
      expect(sorted(storedRollups(db))).toEqual(expected);
      // The same two folds read back from the messages.
      clear();
      foldHealthRollupsThrough(db, splitAt);
      foldHealthRollupsThrough(db, lastId);
      expect(sorted(storedRollups(db))).toEqual(expected);
    } finally {
      await backend.dispose();
    }
  });
});
