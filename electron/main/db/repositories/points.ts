/** The points ledger (积分): append-only entries; a member's balance is the last entry's running balance. */
import type { PointSource, PointsEntry } from '../../../../shared/domain/members';
import type { Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { cachedStatement } from './statementCache';

/** An entry to append: as listed, with the time as epoch ms and without the running balance it gets. */
export type NewPointsEntry = Omit<PointsEntry, 'id' | 'balanceAfter' | 'occurredAt'> & { occurredAt: number };

export function currentBalance(db: Db, memberId: number): number {
  const row = cachedStatement(
    db,
    'SELECT balance_after FROM points_ledger WHERE member_id = ? ORDER BY id DESC LIMIT 1',
  ).get(memberId) as { balance_after: number } | undefined;
  return row?.balance_after ?? 0;
}

/** Appends an entry with its running balance (a trigger copies it to members.points_balance). */
export function appendPoints(
  db: Db,
  entry: NewPointsEntry,
  now: number,
): { id: number; balanceAfter: number } {
  const balanceAfter = currentBalance(db, entry.memberId) + entry.amount;
  const result = cachedStatement(
    db,
    `INSERT INTO points_ledger (member_id, group_id, amount, balance_after, source, reason, occurred_at, recorded_at, operator)
     VALUES (@memberId, @groupId, @amount, @balanceAfter, @source, @reason, @occurredAt, @now, @operator)`,
  ).run({ ...entry, balanceAfter, now });
  return { id: Number(result.lastInsertRowid), balanceAfter };
}

interface PointsDbRow {
  id: number;
  member_id: number;
  group_id: number | null;
  amount: number;
  balance_after: number;
  source: PointSource;
  reason: string;
  occurred_at: number;
  operator: string;
}

export function listPoints(db: Db, memberId: number, offset: number, limit: number): Page<PointsEntry> {
  const total = (
    db.prepare('SELECT count(*) AS n FROM points_ledger WHERE member_id = ?').get(memberId) as { n: number }
  ).n;
  const rows = db
    .prepare('SELECT * FROM points_ledger WHERE member_id = ? ORDER BY id DESC LIMIT ? OFFSET ?')
    .all(memberId, limit, offset) as PointsDbRow[];
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      memberId: row.member_id,
      groupId: row.group_id,
      amount: row.amount,
      balanceAfter: row.balance_after,
      source: row.source,
      reason: row.reason,
      occurredAt: new Date(row.occurred_at).toISOString(),
      operator: row.operator,
    })),
  };
}

/** Members whose cached balance or running balances disagree with the sum of their entries (should be none). */
export function inconsistentBalances(db: Db): number[] {
  return (
    db
      .prepare(
        `SELECT m.id FROM members m
         LEFT JOIN (SELECT member_id, sum(amount) AS total, max(id) AS last_id FROM points_ledger GROUP BY member_id) p
           ON p.member_id = m.id
         LEFT JOIN points_ledger last ON last.id = p.last_id
         WHERE m.points_balance <> coalesce(p.total, 0) OR coalesce(last.balance_after, 0) <> coalesce(p.total, 0)`,
      )
      .all() as { id: number }[]
  ).map((row) => row.id);
}
