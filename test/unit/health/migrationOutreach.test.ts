/**
 * Migration 0019 on a version-18 workspace: the outreach tables and the wake-up settings arrive empty, keep their
 * rules (known channels and audiences, one settings row, sane day counts) and go with their group.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import healthOutreach from '../../../electron/main/db/migrations/0019-health-outreach';

function workspaceBefore(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, healthOutreach.version - 1);
  db.exec(`
    INSERT INTO groups (id, name, type, created_at, updated_at) VALUES (1, '读书会', 'content', 0, 0);
    INSERT INTO members (id, display_name, created_at, updated_at) VALUES (1, '小李', 0, 0);
  `);
  return db;
}

describe('migration 0019 (wake-up outreach)', () => {
  it('adds the outreach tables and settings with their checks, cascading with the group and the member', () => {
    const db = workspaceBefore();
    migrate(db, healthOutreach.version);
    expect(db.pragma('user_version', { simple: true })).toBe(healthOutreach.version);
    expect(db.prepare('SELECT COUNT(*) FROM health_outreach').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM health_wake_settings').pluck().get()).toBe(0);

    const outreach = db.prepare(
      `INSERT INTO health_outreach (group_id, at, channel, audience, created_at, operator) VALUES (1, 5, ?, ?, 0, 'x')`,
    );
    expect(() => outreach.run('pigeon', 'silent')).toThrow(/CHECK/);
    expect(() => outreach.run('sms', 'everyone')).toThrow(/CHECK/);
    const id = Number(outreach.run('sms', 'silent').lastInsertRowid);
    db.prepare('INSERT INTO health_outreach_members (outreach_id, member_id) VALUES (?, 1)').run(id);
    expect(() =>
      db.prepare('INSERT INTO health_outreach_members (outreach_id, member_id) VALUES (?, 99)').run(id),
    ).toThrow(/FOREIGN KEY/);

    const settings = db.prepare(
      `INSERT INTO health_wake_settings (id, silence_days, response_days, updated_at, operator) VALUES (?, ?, ?, 0, 'x')`,
    );
    expect(() => settings.run(2, 30, 14)).toThrow(/CHECK/);
    expect(() => settings.run(1, 0, 14)).toThrow(/CHECK/);
    expect(() => settings.run(1, 30, 91)).toThrow(/CHECK/);
    settings.run(1, 45, 7);

    db.prepare('DELETE FROM members WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM health_outreach_members').pluck().get()).toBe(0);
    db.prepare('DELETE FROM groups WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM health_outreach').pluck().get()).toBe(0);
    db.close();
  });
});
