/**
 * The daily rollups equal a full recompute from the messages, whatever happened: random imports (several batches,
 * duplicates, identical messages in one second, messages around UTC+8 midnight, system notices), messages written
 * outside an import, imports taken back out, member merges, deleted members, days and groups, and sensitive-word
 * scans and reviews (the complaint rollups). The reference is computed here in plain TypeScript from the rows, not
 * with the rollups' SQL.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/connection';
import {
  refreshHealthRollups,
  rollupState,
  rollupTables,
} from '../../../electron/main/db/repositories/healthRollups';
import { prepareMessageInsert } from '../../../electron/main/db/repositories/messages';
import {
  decideHit,
  pendingMessages,
  prepareScanWriter,
} from '../../../electron/main/db/repositories/riskHits';
import { removeImportedRows } from '../../../electron/main/import/writer';
import { dayOfInstant, instantOfDay } from '../../../shared/domain/health/days';
import type { SensitiveCategory } from '../../../shared/domain/sensitive/types';
import { memotraceCsvText, type GeneratedMessage } from '../../support/exportWriters';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { expectedRollups, sorted, storedRollups } from './rollupReference';

const firstDay = dayOfInstant(Date.parse('2024-03-01T00:00:00+08:00'));
const groupNames = ['甲群', '乙群', '丙群'];
const contents = ['早', '打卡', '[图片]'];
/** Seconds of a UTC+8 day, midnight's neighbours included. */
const seconds = [0, 1, 8 * 3600 - 1, 8 * 3600, 43_200, 86_399];

const messageArbitrary = fc.record({
  /** null: a join or leave notice. */
  member: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 5 }),
  day: fc.integer({ min: 0, max: 4 }),
  second: fc.constantFrom(...seconds),
  content: fc.integer({ min: 0, max: contents.length - 1 }),
});
type RandomMessage = typeof messageArbitrary extends fc.Arbitrary<infer T> ? T : never;

const hitCategories: SensitiveCategory[] = ['complaint', 'crisis', 'ads'];

const importOperation = fc.record({
  op: fc.constant('import' as const),
  group: fc.integer({ min: 0, max: 2 }),
  messages: fc.array(messageArbitrary, { minLength: 1, maxLength: 12 }),
  batchSize: fc.integer({ min: 1, max: 5 }),
});

const operation = fc.oneof(
  { weight: 4, arbitrary: importOperation },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('takeBack' as const), index: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('merge' as const),
      from: fc.integer({ min: 0, max: 3 }),
      into: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      group: fc.integer({ min: 0, max: 2 }),
      message: messageArbitrary,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('deleteDay' as const),
      group: fc.integer({ min: 0, max: 2 }),
      day: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('deleteGroup' as const), group: fc.integer({ min: 0, max: 2 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deleteMember' as const),
      member: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('scan' as const),
      /** Hits on the pending messages: which message (modulo their number) and in what category. */
      hits: fc.array(
        fc.record({ message: fc.nat({ max: 4 }), category: fc.constantFrom(...hitCategories) }),
        { maxLength: 8 },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('review' as const),
      hit: fc.nat(),
      status: fc.constantFrom('confirmed' as const, 'dismissed' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('recategorise' as const),
      hit: fc.nat(),
      category: fc.constantFrom(...hitCategories),
    }),
  },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/**
 * Mostly an import first and anything after it: drawn freely, half the runs imported nothing (or had it all taken
 * back or deleted) and compared empty rollups.
 */
const operations = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(importOperation, fc.array(operation, { maxLength: 5 }))
      .map(([first, rest]): Operation[] => [first, ...rest]),
  },
  { weight: 1, arbitrary: fc.array(operation, { minLength: 1, maxLength: 6 }) },
);

const sentAtOf = (message: RandomMessage) => instantOfDay(firstDay + message.day) + message.second * 1000;

function exportRow(message: RandomMessage): GeneratedMessage {
  if (message.member === null) {
    const name = `成员${message.second % 4}`;
    return {
      sentAt: sentAtOf(message),
      senderName: '',
      senderId: null,
      type: 10000,
      content: message.content % 2 === 0 ? `"${name}"加入了群聊` : `"${name}"退出了群聊`,
    };
  }
  const content = contents[message.content]!;
  return {
    sentAt: sentAtOf(message),
    senderName: `成员${message.member}`,
    senderId: `wxid_p${message.member}`,
    type: content === '[图片]' ? 3 : 1,
    content,
  };
}

async function apply(backend: ReturnType<typeof makeTestBackend>, operations: Operation[]): Promise<void> {
  const { db } = backend.context;
  const groupId = (index: number) =>
    (db.prepare('SELECT id FROM groups WHERE name = ?').get(groupNames[index]) as { id: number } | undefined)
      ?.id;
  const memberId = (index: number) =>
    (db.prepare('SELECT id FROM members WHERE wxid = ?').get(`wxid_p${index}`) as { id: number } | undefined)
      ?.id;
  let file = 0;
  for (const operation of operations) {
    if (operation.op === 'import') {
      const path = join(backend.dir, `${groupNames[operation.group]}-${(file += 1)}_utf8.csv`);
      writeFileSync(path, memotraceCsvText(operation.messages.map(exportRow)));
      const job = await backend.jobs.wait(
        backend.jobs.start(
          'import.file',
          {
            path,
            timeZone: '+08:00',
            groupName: groupNames[operation.group],
            batchSize: operation.batchSize,
          },
          'local',
        ),
      );
      expect(job.status, JSON.stringify(job.error)).toBe('done');
    } else if (operation.op === 'takeBack') {
      const imports = db
        .prepare("SELECT id, group_id FROM imports WHERE status = 'done' ORDER BY id")
        .all() as {
        id: number;
        group_id: number | null;
      }[];
      const chosen = imports[operation.index % Math.max(1, imports.length)];
      if (chosen) removeImportedRows(db, chosen.id, chosen.group_id, { members: [], memberships: [] });
    } else if (operation.op === 'merge') {
      const [from, into] = [memberId(operation.from), memberId(operation.into)];
      if (from !== undefined && into !== undefined)
        db.prepare('UPDATE messages SET member_id = ? WHERE member_id = ?').run(into, from);
    } else if (operation.op === 'insert') {
      const group = groupId(operation.group);
      const member = operation.message.member === null ? undefined : memberId(operation.message.member);
      if (group === undefined) continue;
      prepareMessageInsert(db)({
        groupId: group,
        memberId: member ?? null,
        senderName: '手工',
        sentAt: sentAtOf(operation.message),
        kind: member === undefined ? 'system' : 'text',
        content: '手工补录',
        fingerprint: `manual-${Math.random()}`,
        importId: null,
      });
    } else if (operation.op === 'deleteDay') {
      const group = groupId(operation.group);
      if (group !== undefined)
        db.prepare('DELETE FROM messages WHERE group_id = ? AND sent_at >= ? AND sent_at < ?').run(
          group,
          instantOfDay(firstDay + operation.day),
          instantOfDay(firstDay + operation.day + 1),
        );
    } else if (operation.op === 'deleteGroup') {
      const group = groupId(operation.group);
      if (group !== undefined) db.prepare('DELETE FROM groups WHERE id = ?').run(group);
    } else if (operation.op === 'deleteMember') {
      db.prepare('DELETE FROM members WHERE wxid = ?').run(`wxid_p${operation.member}`);
    } else if (operation.op === 'scan') {
      scan(db, operation.hits);
    } else {
      const hits = db.prepare('SELECT id FROM risk_hits ORDER BY id').pluck().all() as number[];
      const hit = hits[operation.hit % Math.max(1, hits.length)];
      if (hit === undefined) continue;
      if (operation.op === 'review') {
        decideHit(
          db,
          hit,
          { status: operation.status, operator: '测试', reason: null, violationId: null },
          1,
        );
      } else {
        db.prepare('UPDATE risk_hits SET category = ? WHERE id = ?').run(operation.category, hit);
      }
    }
  }
}

/**
 * A sensitive-word scan with a new ruleset version through the scan's own writer: every message pending, the given
 * hits on them (a message scanned before loses its open hits this scan does not raise again).
 */
function scan(db: Db, hits: { message: number; category: SensitiveCategory }[]): void {
  const version = db
    .prepare('SELECT coalesce(max(version), 0) + 1 FROM risk_scan_state')
    .pluck()
    .get() as number;
  const pending = pendingMessages(db, version, 0, 10_000);
  const writer = prepareScanWriter(db, version, 1);
  db.transaction(() => {
    pending.forEach((message, index) => {
      const mine = hits.filter((hit) => hit.message % pending.length === index);
      writer.write(
        message,
        mine.map((hit, k) => ({
          start: k,
          end: k + 1,
          text: '词',
          word: `词${k}`,
          list: '测试词表',
          category: hit.category,
          severity: 'medium',
          action: 'remind',
          rule: 'literal',
        })),
      );
    });
  })();
}

describe('health rollups', () => {
  it('equal a full recompute after any mix of imports, duplicates, take-backs, merges and deletes', async () => {
    const numRuns = 30;
    let withMessages = 0;
    await fc.assert(
      fc.asyncProperty(operations, async (operations) => {
        const backend = makeTestBackend();
        try {
          await apply(backend, operations);
          const { db } = backend.context;
          refreshHealthRollups(db);
          expect(rollupState(db)).toMatchObject({ dirty: 0 });
          const expected = sorted(expectedRollups(db));
          expect(sorted(storedRollups(db))).toEqual(expected);
          if (expected.health_daily!.length > 0) withMessages += 1;
          // The repair job starts over and lands on the same rows.
          const job = await backend.jobs.wait(backend.jobs.start('health.rebuildRollups', {}, 'local'));
          expect(job.status).toBe('done');
          expect(sorted(storedRollups(db))).toEqual(expected);
        } finally {
          await backend.dispose();
        }
      }),
      {
        numRuns,
        examples: [
          // A later import brings an earlier message of a stored day and the next day: the next day links to the stored
          // day's last message (the bound day arithmetic once ran on REAL values and missed the stored day).
          [
            [
              {
                op: 'import',
                group: 1,
                batchSize: 1,
                messages: [{ member: 0, day: 2, second: 86399, content: 0 }],
              },
              {
                op: 'import',
                group: 1,
                batchSize: 1,
                messages: [
                  { member: 0, day: 3, second: 0, content: 0 },
                  { member: 0, day: 2, second: 28800, content: 0 },
                  { member: null, day: 0, second: 0, content: 0 },
                ],
              },
            ],
          ],
          // One member's day 0 spread over two folds (folds come every few batches), day 1 folded in between:
          // day 1's link to day 0 is day 0's last message over both folds.
          [
            [
              {
                op: 'import',
                group: 0,
                batchSize: 1,
                messages: [
                  { member: null, day: 0, second: 0, content: 0 },
                  { member: 0, day: 0, second: 86399, content: 0 },
                  { member: null, day: 0, second: 0, content: 0 },
                  { member: null, day: 0, second: 0, content: 0 },
                  { member: null, day: 0, second: 0, content: 0 },
                  { member: 0, day: 1, second: 0, content: 0 },
                  { member: 0, day: 0, second: 0, content: 0 },
                  { member: null, day: 0, second: 0, content: 0 },
                ],
              },
              { op: 'scan', hits: [] },
            ],
          ],
          // Two complaint hits on one message; one dismissed, the other moved out of the complaint categories.
          [
            [
              {
                op: 'import',
                group: 0,
                batchSize: 2,
                messages: [
                  { member: 0, day: 0, second: 0, content: 0 },
                  { member: 1, day: 0, second: 1, content: 1 },
                ],
              },
              {
                op: 'scan',
                hits: [
                  { message: 0, category: 'complaint' },
                  { message: 0, category: 'crisis' },
                  { message: 1, category: 'ads' },
                ],
              },
              { op: 'review', hit: 0, status: 'dismissed' },
              { op: 'recategorise', hit: 1, category: 'ads' },
            ],
          ],
          // A day deleted, then a later day of the same member folded in before the deleted one is recomputed: the
          // later day must link past the deleted one.
          [
            [
              {
                op: 'import',
                group: 1,
                batchSize: 1,
                messages: [
                  { member: 1, day: 1, second: 0, content: 0 },
                  { member: null, day: 0, second: 0, content: 0 },
                ],
              },
              { op: 'deleteDay', group: 1, day: 1 },
              { op: 'insert', group: 1, message: { member: 1, day: 2, second: 0, content: 0 } },
            ],
          ],
        ],
      },
    );
    // Most runs end with messages to roll up (the four examples, all with messages, count among the runs).
    expect(withMessages).toBeGreaterThan(numRuns * 0.6);
  }, 60_000);

  it('folds in the messages a workspace had before migration 13 on the first refresh, and rebuilds on request', async () => {
    const backend = makeTestBackend({ now: () => Date.parse('2024-06-01T00:00:00+08:00') });
    try {
      const { db } = backend.context;
      await apply(backend, [
        {
          op: 'import',
          group: 1,
          batchSize: 2,
          messages: [
            { member: 0, day: 0, second: 86_399, content: 0 },
            { member: 1, day: 1, second: 0, content: 2 },
            { member: null, day: 2, second: 43_200, content: 1 },
          ],
        },
      ]);
      // As an older workspace: its rollups empty and nothing folded in yet, as migration 13 leaves them.
      db.transaction(() => {
        for (const table of rollupTables) db.prepare(`DELETE FROM ${table}`).run();
        db.prepare('UPDATE health_rollup_state SET rolled_through = 0').run();
      })();
      const expected = sorted(expectedRollups(db));
      expect(sorted(storedRollups(db)).health_daily).toEqual([]);
      const dispatch = backend.createDispatch(trustAppOrigin);
      const overview = await dispatch('health.overview', { days: 7, to: '2024-03-07' }, trustedSender);
      expect(overview.ok).toBe(true);
      expect(sorted(storedRollups(db))).toEqual(expected);

      const started = await dispatch('health.rebuildRollups', {}, trustedSender);
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const job = await backend.jobs.wait((started.value as { jobId: string }).jobId);
      expect(job).toMatchObject({ status: 'done', result: { messages: 3, batches: 1 } });
      expect(sorted(storedRollups(db))).toEqual(expected);
      const audit = db.prepare("SELECT action, operator FROM audit_log WHERE entity = 'healthRollups'").all();
      expect(audit).toEqual([{ action: 'rebuild', operator: expect.any(String) }]);
    } finally {
      await backend.dispose();
    }
  });

  it('stays cheap when nothing changed: a refresh of a current workspace writes nothing', async () => {
    const backend = makeTestBackend();
    try {
      const { db } = backend.context;
      await apply(backend, [
        {
          op: 'import',
          group: 0,
          batchSize: 3,
          messages: [
            { member: 0, day: 0, second: 0, content: 0 },
            { member: 1, day: 1, second: 86_399, content: 1 },
          ],
        },
      ]);
      const changes = db.prepare('SELECT total_changes() AS n').pluck();
      const before = changes.get() as number;
      expect(refreshHealthRollups(db)).toEqual({ folded: 0, recomputedDays: 0 });
      expect(changes.get()).toBe(before);
    } finally {
      await backend.dispose();
    }
  });
});
