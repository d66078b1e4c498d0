import type { Migration } from './index';

/**
 * Saved views of the member list (a named filter + sort + column set), and when a member was forgotten
 * (被遗忘权): a forgotten member keeps an anonymous record so counts stay right, and the app shows it as erased.
 */
const migration: Migration = {
  version: 10,
  name: 'member-views',
  up(db) {
    db.exec(`
      CREATE TABLE member_views (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        -- JSON: the list's filters as the user gave them (dates as written), validated by the app.
        filter TEXT NOT NULL DEFAULT '{}',
        sort TEXT NOT NULL DEFAULT 'name',
        sort_order TEXT NOT NULL DEFAULT 'asc' CHECK (sort_order IN ('asc', 'desc')),
        -- JSON array of column keys, in display order.
        columns TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX member_views_name ON member_views (name);

      ALTER TABLE members ADD COLUMN forgotten_at INTEGER;
    `);
  },
};

export default migration;
