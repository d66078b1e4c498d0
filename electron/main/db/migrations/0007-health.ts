import type { Migration } from './index';

/**
 * Health thresholds chosen by the operators. A row overrides the built-in default bands of one metric, for every
 * group (group_id NULL) or for one group; a group's own row wins over the workspace-wide one. Rates are fractions.
 */
const migration: Migration = {
  version: 7,
  name: 'health',
  up(db) {
    db.exec(`
      CREATE TABLE health_thresholds (
        id INTEGER PRIMARY KEY,
        group_id INTEGER REFERENCES groups (id) ON DELETE CASCADE,
        metric TEXT NOT NULL,
        amber REAL NOT NULL,
        red REAL NOT NULL,
        updated_at INTEGER NOT NULL,
        operator TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX health_thresholds_scope ON health_thresholds (coalesce(group_id, 0), metric);
    `);
  },
};

export default migration;
