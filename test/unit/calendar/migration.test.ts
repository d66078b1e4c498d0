import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import calendarMigration from '../../../electron/main/db/migrations/0006-calendar';

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

describe('migration 0006 (calendar)', () => {
  const open = () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, calendarMigration.version);
    return db;
  };

  it('adds only the calendar tables on top of the previous version', () => {
    const db = new Database(':memory:');
    migrate(db, calendarMigration.version - 1);
    const before = new Set(tables(db));
    migrate(db, calendarMigration.version);
    expect(tables(db).filter((name) => !before.has(name))).toEqual([
      'activities',
      'activity_checkins',
      'cadence_rules',
      'calendar_config',
      'calendar_group_settings',
      'calendar_item_exceptions',
      'calendar_item_status_history',
      'calendar_items',
    ]);
    db.close();
  });

  it('enforces the shape of items, rules and activities', () => {
    const db = open();
    db.prepare(
      "INSERT INTO groups (id, name, type, created_at, updated_at) VALUES (1, 'g', 'content', 0, 0)",
    ).run();
    const item = db.prepare(
      `INSERT INTO calendar_items (group_id, series_id, occurrence_date, title, content_type, channel, starts_at, duration_minutes,
         recurrence, status, created_at, updated_at) VALUES (1, ?, ?, 't', 'tutorial', 'manual', 0, 30, ?, 'idea', 0, 0)`,
    );
    const series = Number(item.run(null, null, '{"freq":"daily"}').lastInsertRowid);
    expect(() => item.run(series, null, null)).toThrow(/CHECK/); // an occurrence needs its date
    expect(() => item.run(series, '2026-11-23', '{"freq":"daily"}')).toThrow(/CHECK/); // and cannot recur itself
    item.run(series, '2026-11-23', null);
    expect(() => item.run(series, '2026-11-23', null)).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO cadence_rules (group_id, position, content_type, period, times_per_period, window_start, window_end, weekdays, created_at, updated_at)
         VALUES (1, 0, 'tutorial', 'week', 3, 660, 600, 127, 0, 0)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, created_at, updated_at)
         VALUES (1, 'quiz', 'q', 'stickiness', 10, 5, 0, 0)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare('DELETE FROM calendar_items WHERE id = ?').run(series);
    expect(db.prepare('SELECT count(*) AS n FROM calendar_items').get()).toEqual({ n: 0 });
    db.close();
  });

  it('uses indexes for the calendar queries', () => {
    const db = open();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    expect(
      plan(
        'SELECT * FROM calendar_items WHERE recurrence IS NULL AND starts_at >= 1 AND starts_at < 2 AND group_id = 1',
      ),
    ).toMatch(/calendar_items_group_time/);
    expect(
      plan('SELECT * FROM calendar_items WHERE recurrence IS NULL AND starts_at >= 1 AND starts_at < 2'),
    ).toMatch(/calendar_items_time/);
    expect(
      plan("SELECT * FROM calendar_items WHERE series_id = 1 AND occurrence_date = '2026-11-23'"),
    ).toMatch(/calendar_items_occurrence/);
    expect(plan('SELECT * FROM calendar_item_status_history WHERE item_id = 1 ORDER BY at')).toMatch(
      /calendar_item_status_history_item/,
    );
    expect(plan('SELECT * FROM activities WHERE starts_at < 5 AND group_id = 1')).toMatch(
      /activities_group_time/,
    );
    expect(plan('SELECT * FROM activity_checkins WHERE activity_id = 1 ORDER BY checked_at')).toMatch(
      /activity_checkins_unique/,
    );
    db.close();
  });
});
