import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import calendarMigration from '../../../electron/main/db/migrations/0006-calendar';
import materialsMigration from '../../../electron/main/db/migrations/0012-calendar-materials';
import keywordMigration from '../../../electron/main/db/migrations/0014-activity-keyword';

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

describe('migration 0012 (calendar materials and activity results)', () => {
  it('adds the material tables and the result columns, keeping existing activities', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, materialsMigration.version - 1);
    const before = new Set(tables(db));
    db.prepare(
      "INSERT INTO groups (id, name, type, created_at, updated_at) VALUES (1, 'g', 'content', 0, 0)",
    ).run();
    db.prepare(
      `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, created_at, updated_at)
       VALUES (1, 'salon', 's', 'brand', 0, 10, 0, 0)`,
    ).run();
    migrate(db, materialsMigration.version);
    expect(tables(db).filter((name) => !before.has(name))).toEqual([
      'calendar_material_tags',
      'calendar_materials',
    ]);
    expect(db.prepare('SELECT participants_entered, conversions, spent_cents FROM activities').get()).toEqual(
      {
        participants_entered: null,
        conversions: null,
        spent_cents: null,
      },
    );
    expect(() => db.prepare('UPDATE activities SET conversions = -1').run()).toThrow(/CHECK/);

    const material = db.prepare(
      `INSERT INTO calendar_materials (kind, title, search_text, created_at, updated_at) VALUES (?, 't', 't', 0, 0)`,
    );
    expect(() => material.run('video')).toThrow(/CHECK/);
    const id = Number(material.run('text').lastInsertRowid);
    db.prepare('INSERT INTO calendar_material_tags (material_id, tag) VALUES (?, ?)').run(id, '节日');
    expect(() =>
      db.prepare('INSERT INTO calendar_material_tags (material_id, tag) VALUES (?, ?)').run(id, '节日'),
    ).toThrow(/UNIQUE|PRIMARY/);
    db.prepare('DELETE FROM calendar_materials WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) AS n FROM calendar_material_tags').get()).toEqual({ n: 0 });
    const plan = (
      db
        .prepare("EXPLAIN QUERY PLAN SELECT material_id FROM calendar_material_tags WHERE tag = '节日'")
        .all() as {
        detail: string;
      }[]
    )
      .map((row) => row.detail)
      .join(' | ');
    expect(plan).toMatch(/calendar_material_tags_tag/);
    db.close();
  });
});

describe('migration 0014 (activity keyword and points awards)', () => {
  it('gives existing challenges the keyword 打卡, and keeps one live award per activity, member and key', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, keywordMigration.version - 1);
    const before = new Set(tables(db));
    db.exec(`
      INSERT INTO groups (id, name, type, created_at, updated_at) VALUES (1, 'g', 'activity', 0, 0);
      INSERT INTO members (id, display_name, created_at, updated_at) VALUES (1, '小王', 0, 0);
      INSERT INTO activities (id, group_id, kind, title, goal, starts_at, ends_at, created_at, updated_at)
        VALUES (1, 1, 'checkin_challenge', 'c', 'engagement', 0, 10, 0, 0),
               (2, 1, 'salon', 's', 'brand', 0, 10, 0, 0);
    `);
    migrate(db, keywordMigration.version);
    expect(tables(db).filter((name) => !before.has(name))).toEqual(['activity_point_awards']);
    expect(
      db
        .prepare('SELECT id, check_in_keyword, points_rules, points_issued_at FROM activities ORDER BY id')
        .all(),
    ).toEqual([
      { id: 1, check_in_keyword: '打卡', points_rules: '{}', points_issued_at: null },
      { id: 2, check_in_keyword: '', points_rules: '{}', points_issued_at: null },
    ]);

    const award = db.prepare(
      `INSERT INTO activity_point_awards (activity_id, member_id, award_key, amount, occurred_at, ledger_entry_id, awarded_at)
       VALUES (1, 1, 'check_in:2026-11-01', ?, 0, ?, 0)`,
    );
    expect(() => award.run(0, 1)).toThrow(/CHECK/);
    const first = Number(award.run(1, 1).lastInsertRowid);
    expect(() => award.run(1, 2)).toThrow(/UNIQUE/);
    // Reversed, the same key may be awarded again; a reversal needs both its entry and its time.
    expect(() =>
      db.prepare('UPDATE activity_point_awards SET reversal_entry_id = 3 WHERE id = ?').run(first),
    ).toThrow(/CHECK/);
    db.prepare('UPDATE activity_point_awards SET reversal_entry_id = 3, reversed_at = 5 WHERE id = ?').run(
      first,
    );
    award.run(2, 4);
    db.prepare('DELETE FROM activities WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM activity_point_awards').get()).toEqual({ n: 0 });
    db.close();
  });

  it('finds keyword messages by an index range on group and time', () => {
    const db = new Database(':memory:');
    migrate(db, keywordMigration.version);
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT member_id FROM messages
           WHERE group_id = 1 AND sent_at >= 0 AND sent_at < 10 AND kind <> 'system' AND instr(content, '打卡') > 0
           ORDER BY sent_at, id`,
        )
        .all() as { detail: string }[]
    )
      .map((row) => row.detail)
      .join(' | ');
    expect(plan).toMatch(/messages_group_time \(group_id=\? AND sent_at>\? AND sent_at<\?\)/);
    db.close();
  });
});
