/**
 * The message archive (messages.search filters, messages.context) on a seeded workspace: results agree with a
 * plain filter over all rows, and every sender, date, type and risk filter reaches the rows through an index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageKind } from '../../../shared/domain/types';
import type { ArchiveMessage, MessageContext } from '../../../shared/ipc/channels/messages';
import type { Result } from '../../../shared/ipc/errors';
import {
  archiveStatements,
  contextStatements,
  type MessageQuery,
} from '../../../electron/main/db/repositories/messages';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';

let backend: ReturnType<typeof makeTestBackend>;
let dispatch: (channel: string, input: unknown) => Promise<Result<unknown>>;

interface Seeded {
  id: number;
  groupId: number;
  memberId: number | null;
  sentAt: number;
  kind: MessageKind;
  systemEvent: string | null;
  content: string;
  hits: number;
}
const seeded: Seeded[] = [];
const day = 86_400_000;
const start = Date.UTC(2024, 0, 1);
const kinds: MessageKind[] = ['text', 'text', 'text', 'image', 'link', 'emoji', 'system'];

beforeAll(() => {
  backend = makeTestBackend();
  const raw = backend.createDispatch(trustAppOrigin);
  dispatch = (channel, input) => raw(channel, input, trustedSender);
  const db = backend.context.db;
  db.transaction(() => {
    for (const name of ['一群', '二群', '三群'])
      db.prepare(`INSERT INTO groups (name, type, created_at, updated_at) VALUES (?, 'service', 0, 0)`).run(
        name,
      );
    for (let member = 1; member <= 30; member += 1)
      db.prepare('INSERT INTO members (display_name, wxid, created_at, updated_at) VALUES (?, ?, 0, 0)').run(
        `成员${member}`,
        `wxid_${member}`,
      );
    const insert = db.prepare(
      `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint, system_event)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const hit = db.prepare(
      `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list,
         category, severity, action, rule, version, found_at, status, decided_at)
       VALUES (?, ?, ?, ?, 0, 2, '加微', '加微', 'ads', 'ads', 'medium', 'remind', 'literal', 1, 0, ?, ?)`,
    );
    for (let i = 0; i < 6000; i += 1) {
      const groupId = (i % 3) + 1;
      const kind = kinds[i % kinds.length]!;
      const memberId = kind === 'system' ? null : ((i * 7) % 30) + 1;
      // Several messages share a time, so ties are ordered by id.
      const sentAt = start + Math.floor(i / 4) * 60_000;
      const systemEvent = kind === 'system' ? (i % 2 === 0 ? 'join' : 'leave') : null;
      const content =
        kind === 'text' ? `第${i}条 ${i % 5 === 0 ? '加微信领资料' : '今天的读书笔记'}` : `[${kind}]`;
      const id = Number(
        insert.run(
          groupId,
          memberId,
          memberId ? `成员${memberId}` : '',
          sentAt,
          kind,
          content,
          `f${i}`,
          systemEvent,
        ).lastInsertRowid,
      );
      let hits = 0;
      if (i % 5 === 0 && kind === 'text') {
        // Every other flagged message was dismissed as a false alarm: it no longer counts.
        const dismissed = i % 10 === 0;
        hit.run(id, groupId, memberId, sentAt, dismissed ? 'dismissed' : 'open', dismissed ? 1 : null);
        hits = dismissed ? 0 : 1;
      }
      seeded.push({ id, groupId, memberId, sentAt, kind, systemEvent, content, hits });
    }
  })();
});
afterAll(async () => backend.dispose());

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const newestFirst = (a: Seeded, b: Seeded) => b.sentAt - a.sentAt || b.id - a.id;

describe('messages.search filters', () => {
  const cases: { name: string; input: Record<string, unknown>; keep: (row: Seeded) => boolean }[] = [
    { name: 'group', input: { groupId: 2 }, keep: (row) => row.groupId === 2 },
    { name: 'sender', input: { memberId: 8 }, keep: (row) => row.memberId === 8 },
    {
      name: 'sender in a group',
      input: { memberId: 8, groupId: 2 },
      keep: (row) => row.memberId === 8 && row.groupId === 2,
    },
    {
      name: 'date range over every group',
      input: { from: new Date(start + day / 2).toISOString(), to: new Date(start + day).toISOString() },
      keep: (row) => row.sentAt >= start + day / 2 && row.sentAt < start + day,
    },
    {
      name: 'types: images, links and join notices in a group',
      input: { groupId: 3, kinds: ['image', 'link'], systemEvents: ['join'] },
      keep: (row) =>
        row.groupId === 3 && (row.kind === 'image' || row.kind === 'link' || row.systemEvent === 'join'),
    },
    { name: 'risk hits', input: { hasRiskHit: true }, keep: (row) => row.hits > 0 },
    {
      name: 'everything with full-text search',
      input: {
        groupId: 1,
        query: '加微信',
        hasRiskHit: true,
        kinds: ['text'],
        from: new Date(start).toISOString(),
        to: new Date(start + 2 * day).toISOString(),
      },
      keep: (row) =>
        row.groupId === 1 && row.hits > 0 && row.content.includes('加微信') && row.sentAt < start + 2 * day,
    },
  ];

  for (const { name, input, keep } of cases) {
    it(`${name}: the same rows, newest first, as filtering every row`, async () => {
      const expected = seeded.filter(keep).sort(newestFirst);
      expect(expected.length).toBeGreaterThan(5);
      const page = value<{ total: number; rows: ArchiveMessage[] }>(
        await dispatch('messages.search', { ...input, offset: 0, limit: 500 }),
      );
      expect(page.total).toBe(expected.length);
      expect(page.rows.map((row) => row.id)).toEqual(expected.slice(0, 500).map((row) => row.id));
      const sample = page.rows[0]!;
      const source = seeded.find((row) => row.id === sample.id)!;
      expect(sample).toMatchObject({
        riskHits: source.hits,
        systemEvent: source.systemEvent,
        kind: source.kind,
      });
    });
  }

  it('refuses bad filters with a validation error', async () => {
    for (const input of [
      { kinds: ['sticker'] },
      { kinds: [] },
      { from: 'yesterday' },
      { memberId: 0 },
      { systemEvents: ['party'] },
    ]) {
      const result = await dispatch('messages.search', input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('VALIDATION');
    }
  });
});

describe('messages.context', () => {
  it('returns the group timeline around a message, oldest first, and pages further both ways', async () => {
    const group = seeded
      .filter((row) => row.groupId === 2)
      .sort((a, b) => a.sentAt - b.sentAt || a.id - b.id);
    const anchorIndex = 700;
    const anchor = group[anchorIndex]!;
    const context = value<MessageContext>(await dispatch('messages.context', { id: anchor.id }));
    expect(context.anchorId).toBe(anchor.id);
    expect(context.groupName).toBe('二群');
    expect(context.rows.map((row) => row.id)).toEqual(
      group.slice(anchorIndex - 50, anchorIndex + 51).map((row) => row.id),
    );
    expect(context).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });

    // Load more above: anchored on the first row, only older rows.
    const older = value<MessageContext>(
      await dispatch('messages.context', { id: context.rows[0]!.id, before: 200, after: 0 }),
    );
    expect(older.rows.map((row) => row.id)).toEqual(
      group.slice(anchorIndex - 250, anchorIndex - 49).map((row) => row.id),
    );

    // At the ends of the timeline there is no more.
    const first = value<MessageContext>(
      await dispatch('messages.context', { id: group[3]!.id, before: 10, after: 2 }),
    );
    expect(first.rows.map((row) => row.id)).toEqual(group.slice(0, 6).map((row) => row.id));
    expect(first).toMatchObject({ hasMoreBefore: false, hasMoreAfter: true });
    const last = value<MessageContext>(
      await dispatch('messages.context', { id: group.at(-1)!.id, before: 1, after: 50 }),
    );
    expect(last.rows).toHaveLength(2);
    expect(last.hasMoreAfter).toBe(false);

    const missing = await dispatch('messages.context', { id: 999_999 });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('archive query plans', () => {
  const explain = (sql: string, params: Record<string, unknown>) =>
    (backend.context.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[])
      .map((row) => row.detail)
      .join(' | ');

  /** The plans of the page and the count statement the repository runs for a query. */
  function plansOf(query: Omit<MessageQuery, 'offset' | 'limit'>): { page: string; count: string } {
    const { page, count, params } = archiveStatements(query);
    return { page: explain(page, { ...params, limit: 100, offset: 0 }), count: explain(count, params) };
  }

  /** No full scan of messages: each plan line on `m` is an index SEARCH (or the rowid lookup of FTS/hit ids). */
  function expectIndexed(plan: string, index: string): void {
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/SCAN m\b/);
  }

  const from = start + day;
  const to = start + 2 * day;

  it('sender: the member time index, newest first without a sort; in a group too', () => {
    for (const query of [{ memberId: 8 }, { memberId: 8, groupId: 1 }, { memberId: 8, from, to }]) {
      const { page, count } = plansOf(query);
      expectIndexed(page, 'messages_member_time');
      expectIndexed(count, 'messages_member_time');
      expect(page).not.toContain('TEMP B-TREE');
    }
  });

  it('date range: the group time index, in one group or walked per group', () => {
    for (const query of [{ groupId: 2, from, to }, { from, to }, { from }, { to }]) {
      const { page, count } = plansOf(query);
      expectIndexed(page, 'messages_group_time');
      expectIndexed(count, 'messages_group_time');
    }
    // In one group the index also gives the order.
    expect(plansOf({ groupId: 2, from, to }).page).not.toContain('TEMP B-TREE');
  });

  it('types and risk hits: within the group index, or driven by the hit table', () => {
    const types = plansOf({ groupId: 3, kinds: ['image', 'link'], systemEvents: ['join'] });
    expectIndexed(types.page, 'messages_group_time');
    for (const query of [{ hasRiskHit: true }, { groupId: 1, hasRiskHit: true, from, to }]) {
      const { page, count } = plansOf(query);
      for (const plan of [page, count]) expect(plan).not.toMatch(/SCAN (m|h)\b/);
    }
  });

  it('jump to context: one range of the group time index each way, no sort', () => {
    for (const sql of [contextStatements.older, contextStatements.newer]) {
      const plan = explain(sql, { groupId: 1, sentAt: from, id: 10, limit: 51 });
      expectIndexed(plan, 'messages_group_time');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
