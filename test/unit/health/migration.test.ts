/**
 * Migration 0017 on a workspace with data: the rollup triggers of 0013 refused to delete a member with two messages
 * on one day; afterwards the delete goes through, every member-day links to the member's previous day and each
 * speaker to their last message, and the first refresh counts the scans already done into the complaint rollups.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import healthComplaintRollups from '../../../electron/main/db/migrations/0017-health-complaint-rollups';
import { refreshHealthRollups, rollupState } from '../../../electron/main/db/repositories/healthRollups';
import { expectedRollups, sorted, storedRollups } from './rollupReference';

const at = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
const hitColumns = `(message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list, category,
  severity, action, rule, version, found_at, status, decided_by, decided_at)`;

/** A version-16 workspace: two members' messages over three days (midnight included), scanned, with hits. */
function workspaceBefore(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, healthComplaintRollups.version - 1);
  const message = db.prepare(
    `INSERT INTO messages (id, group_id, member_id, sender_name, sent_at, kind, content, fingerprint)
     VALUES (?, 1, ?, '', ?, ?, '内容', ?)`,
  );
  db.transaction(() => {
    db.exec(`
      INSERT INTO groups (id, name, type, created_at, updated_at) VALUES (1, '读书会', 'content', 0, 0);
      INSERT INTO members (id, display_name, created_at, updated_at) VALUES (1, '小李', 0, 0), (2, '小王', 0, 0);
    `);
    const rows: [number | null, string, string, string][] = [
      [1, '2024-03-01', '00:00', 'text'],
      [1, '2024-03-01', '23:59', 'text'],
      [2, '2024-03-01', '12:00', 'image'],
      [1, '2024-03-02', '07:59', 'text'],
      [null, '2024-03-02', '08:00', 'system'],
      [1, '2024-03-04', '08:00', 'text'],
      [2, '2024-03-04', '09:00', 'text'],
    ];
    rows.forEach(([member, date, time, kind], index) =>
      message.run(index + 1, member, at(date, time), kind, `m${index}`),
    );
    db.exec(`INSERT INTO risk_scan_state (message_id, version) SELECT id, 1 FROM messages WHERE id <> 7`);
    const hit = db.prepare(
      `INSERT INTO risk_hits ${hitColumns} SELECT id, group_id, member_id, sent_at, ?, ? + 1, '词', '词', '词表', ?,
         'medium', 'remind', 'literal', 1, 0, ?, CASE ? WHEN 'open' THEN NULL ELSE '管理员' END,
         CASE ? WHEN 'open' THEN NULL ELSE 1 END FROM messages WHERE id = ?`,
    );
    const hits: [number, number, string, string][] = [
      [1, 0, 'complaint', 'open'],
      [1, 2, 'crisis', 'confirmed'],
      [2, 0, 'ads', 'open'],
      [3, 0, 'complaint', 'dismissed'],
      [6, 0, 'crisis', 'open'],
    ];
    for (const [id, start, category, status] of hits)
      hit.run(start, start, category, status, status, status, id);
    // The member-days as migration 0013's refresh leaves them, everything folded in.
    db.exec(`
      INSERT INTO health_member_days (group_id, day, member_id, messages, first_at, last_at)
      SELECT group_id, (sent_at + 28800000) / 86400000 AS day, member_id, COUNT(*), MIN(sent_at), MAX(sent_at)
      FROM messages WHERE kind <> 'system' AND member_id IS NOT NULL GROUP BY group_id, day, member_id;
      INSERT INTO health_speakers (group_id, member_id, first_at)
      SELECT group_id, member_id, MIN(sent_at) FROM messages WHERE kind <> 'system' AND member_id IS NOT NULL
      GROUP BY group_id, member_id;
      UPDATE health_rollup_state SET rolled_through = (SELECT max(id) FROM messages);
    `);
  })();
  return db;
}

const pick = (db: Database.Database, tables: readonly string[]) => {
  const expected = sorted(expectedRollups(db));
  const stored = sorted(storedRollups(db));
  return {
    expected: Object.fromEntries(tables.map((table) => [table, expected[table]])),
    stored: Object.fromEntries(tables.map((table) => [table, stored[table]])),
  };
};

describe('migration 0017 (health complaint rollups)', () => {
  it('before it, deleting a member with two messages on one day failed in the rollup trigger', () => {
    const db = workspaceBefore();
    expect(() => db.prepare('DELETE FROM members WHERE id = 1').run()).toThrow(
      /UNIQUE constraint failed: health_rollup_dirty/,
    );
    db.close();
  });

  it('links the member-days and speakers, counts the earlier scans on the first refresh, lets a member go', () => {
    const db = workspaceBefore();
    migrate(db, healthComplaintRollups.version);

    const days = pick(db, ['health_member_days', 'health_speakers']);
    expect(days.stored).toEqual(days.expected);
    expect(
      db.prepare('SELECT count(*) FROM health_member_days WHERE previous_last_at IS NOT NULL').pluck().get(),
    ).toBe(3);
    expect(rollupState(db)).toMatchObject({ dirty: 0, complaintsCurrent: 0 });

    refreshHealthRollups(db);
    const complaintTables = ['health_scanned_daily', 'health_hit_categories'];
    const complaints = pick(db, complaintTables);
    expect(complaints.stored).toEqual(complaints.expected);
    // 03-01: three messages scanned, the first with two live complaint hits (counted once), the third's dismissed;
    // 03-02: a message and the system notice scanned; 03-04: one of the two scanned, with a crisis hit.
    const scanned = db.prepare(
      'SELECT day, scanned, complaint_messages FROM health_scanned_daily ORDER BY day',
    );
    expect(scanned.raw().all()).toEqual([
      [19783, 3, 1],
      [19784, 2, 0],
      [19786, 1, 1],
    ]);
    expect(rollupState(db)).toMatchObject({ complaintsCurrent: 1 });

    db.prepare('DELETE FROM members WHERE id = 1').run();
    refreshHealthRollups(db);
    const after = pick(db, ['health_member_days', ...complaintTables]);
    expect(after.stored).toEqual(after.expected);
    expect(db.prepare('SELECT count(*) FROM messages WHERE member_id IS NULL').pluck().get()).toBe(5);
    db.close();
  });
});
