import type { Migration } from './index';

/**
 * Content calendar and activity planner: per-group zone and cadence rules, calendar items (single entries,
 * recurring series with skipped dates, edited occurrences) with their draft status history, cap settings,
 * activities and check-ins. Times are epoch milliseconds (UTC); local dates are 'YYYY-MM-DD' in the group's zone.
 */
const migration: Migration = {
  version: 6,
  name: 'calendar',
  up(db) {
    db.exec(`
      CREATE TABLE calendar_group_settings (
        group_id INTEGER PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
        utc_offset_minutes INTEGER NOT NULL DEFAULT 480 CHECK (utc_offset_minutes BETWEEN -720 AND 840),
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE cadence_rules (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        period TEXT NOT NULL CHECK (period IN ('day', 'week', 'month', 'quarter')),
        times_per_period INTEGER NOT NULL CHECK (times_per_period BETWEEN 1 AND 48),
        window_start INTEGER NOT NULL CHECK (window_start BETWEEN 0 AND 1439),
        window_end INTEGER NOT NULL CHECK (window_end > window_start AND window_end <= 1440),
        -- Bit (d - 1) set for ISO weekday d (1 = Monday).
        weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
        last_days INTEGER CHECK (last_days IS NULL OR last_days >= 1),
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cadence_rules_group ON cadence_rules (group_id, position);

      CREATE TABLE calendar_items (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        -- An edited occurrence points at its series and names the date it replaces.
        series_id INTEGER REFERENCES calendar_items (id) ON DELETE CASCADE,
        occurrence_date TEXT,
        title TEXT NOT NULL,
        content_type TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('manual', 'wecom_customer_mass', 'wecom_group_mass')),
        starts_at INTEGER NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 0 AND 100000),
        body TEXT NOT NULL DEFAULT '',
        -- JSON array of attachment names.
        attachments TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        -- JSON recurrence rule on a series; NULL otherwise.
        recurrence TEXT,
        -- Start of the day after a series' last occurrence; NULL when it never ends (or for a single item).
        recurrence_ends_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('idea', 'draft', 'review', 'approved', 'sent')),
        status_changed_at INTEGER,
        status_changed_by TEXT,
        sent_at INTEGER,
        sent_by TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((series_id IS NULL) = (occurrence_date IS NULL)),
        CHECK (series_id IS NULL OR recurrence IS NULL)
      ) STRICT;
      CREATE INDEX calendar_items_group_time ON calendar_items (group_id, starts_at);
      CREATE INDEX calendar_items_time ON calendar_items (starts_at);
      CREATE UNIQUE INDEX calendar_items_occurrence ON calendar_items (series_id, occurrence_date) WHERE series_id IS NOT NULL;
      CREATE INDEX calendar_items_series_span ON calendar_items (starts_at, recurrence_ends_at) WHERE recurrence IS NOT NULL;

      CREATE TABLE calendar_item_exceptions (
        series_id INTEGER NOT NULL REFERENCES calendar_items (id) ON DELETE CASCADE,
        occurrence_date TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (series_id, occurrence_date)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE calendar_item_status_history (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES calendar_items (id) ON DELETE CASCADE,
        from_status TEXT,
        to_status TEXT NOT NULL,
        at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        reason TEXT,
        override_reason TEXT,
        high_hits INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX calendar_item_status_history_item ON calendar_item_status_history (item_id, at);

      CREATE TABLE calendar_config (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE activities (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('quiz', 'flash_sale', 'salon', 'points_redemption', 'checkin_challenge')),
        title TEXT NOT NULL,
        goal TEXT NOT NULL CHECK (goal IN ('stickiness', 'conversion', 'brand', 'engagement')),
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL CHECK (ends_at >= starts_at),
        budget_cents INTEGER NOT NULL DEFAULT 0 CHECK (budget_cents >= 0),
        -- JSON: reward ladder (days in a row), run sheet tasks, materials checklist.
        reward_ladder TEXT NOT NULL DEFAULT '[]',
        run_sheet TEXT NOT NULL DEFAULT '[]',
        materials TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX activities_group_time ON activities (group_id, starts_at);
      CREATE INDEX activities_time ON activities (starts_at);

      CREATE TABLE activity_checkins (
        id INTEGER PRIMARY KEY,
        activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        participant TEXT NOT NULL,
        member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        checked_at INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('manual', 'paste', 'import')),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX activity_checkins_unique ON activity_checkins (activity_id, participant, checked_at);
      CREATE INDEX activity_checkins_member ON activity_checkins (member_id) WHERE member_id IS NOT NULL;
    `);
  },
};

export default migration;
