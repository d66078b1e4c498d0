import type { Migration } from './index';

/** A message's UTC+8 day number, as in shared/domain/health/days.ts (8 h and one day in ms). */
const dayOf = (column: string) => `((${column} + 28800000) / 86400000)`;

const bumpMembership =
  'UPDATE health_rollup_state SET membership_version = membership_version + 1 WHERE id = 1;';
/** Any change to memberships, join / leave notices or join channels. */
const membershipTriggers = [
  ['group_members_insert', 'AFTER INSERT ON group_members'],
  ['group_members_delete', 'AFTER DELETE ON group_members'],
  ['group_members_update', 'AFTER UPDATE OF group_id, member_id, joined_at, left_at ON group_members'],
  ['membership_events_insert', 'AFTER INSERT ON membership_events'],
  ['membership_events_delete', 'AFTER DELETE ON membership_events'],
  ['membership_events_update', 'AFTER UPDATE ON membership_events'],
  ['members_channel', 'AFTER UPDATE OF join_channel ON members'],
]
  .map(([name, event]) => `CREATE TRIGGER health_${name} ${event} BEGIN ${bumpMembership} END;`)
  .join('\n      ');

/**
 * Daily rollups behind the health dashboard, per group and UTC+8 day, counting members' messages (system notices
 * are nobody's message): totals and distinct speakers, hour-of-day counts, message kinds, each member's day
 * (messages, first and last instant), each member's months (months count from year 0: year * 12 + month - 1) and
 * each member's first message in the group.
 *
 * Imports fold their new rows in once per batch, in the batch's transaction (`refreshHealthRollups`): every message
 * with an id above `rolled_through` is added. Deletes and edits of messages (a failed import taken back out, a member
 * merge, a group deleted) cannot be folded in by addition, so triggers note the (group, day) they touch and the next
 * refresh recomputes those days from the messages. A delete also lowers `rolled_through` to the highest id left, since
 * SQLite hands a deleted top id out again. `rolled_through` starts at 0: the first refresh after this migration (the
 * first import batch, the first dashboard read, or the `health.rebuildRollups` job) folds in every existing message.
 */
const migration: Migration = {
  version: 13,
  name: 'health-rollups',
  up(db) {
    db.exec(`
      CREATE TABLE health_daily (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        speakers INTEGER NOT NULL,
        PRIMARY KEY (group_id, day)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE health_hourly (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
        messages INTEGER NOT NULL,
        PRIMARY KEY (group_id, day, hour)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE health_kinds (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        kind TEXT NOT NULL,
        messages INTEGER NOT NULL,
        PRIMARY KEY (group_id, day, kind)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE health_member_days (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        first_at INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, day, member_id)
      ) STRICT, WITHOUT ROWID;

      -- A member's months with a message, and their last message there (the cohort table's "still speaking").
      CREATE TABLE health_member_months (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL,
        month INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, member_id, month)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE health_speakers (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL,
        first_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX health_speakers_first ON health_speakers (group_id, first_at);

      CREATE TABLE health_rollup_dirty (
        group_id INTEGER NOT NULL,
        day INTEGER NOT NULL,
        PRIMARY KEY (group_id, day)
      ) STRICT, WITHOUT ROWID;

      -- generation: bumped by every refresh that changed the rollups; membership_version: by every change to who is
      -- in which group since when. Together they tell the dashboard's in-memory caches when to recompute.
      CREATE TABLE health_rollup_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        rolled_through INTEGER NOT NULL,
        generation INTEGER NOT NULL DEFAULT 0,
        membership_version INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO health_rollup_state (id, rolled_through) VALUES (1, 0);

      CREATE TRIGGER health_rollup_message_delete AFTER DELETE ON messages BEGIN
        INSERT OR IGNORE INTO health_rollup_dirty (group_id, day) VALUES (old.group_id, ${dayOf('old.sent_at')});
        UPDATE health_rollup_state SET rolled_through = coalesce((SELECT max(id) FROM messages), 0)
          WHERE rolled_through > coalesce((SELECT max(id) FROM messages), 0);
      END;
      CREATE TRIGGER health_rollup_message_update AFTER UPDATE OF group_id, member_id, sent_at, kind ON messages
        WHEN new.group_id IS NOT old.group_id OR new.member_id IS NOT old.member_id
          OR new.sent_at IS NOT old.sent_at OR new.kind IS NOT old.kind BEGIN
        INSERT OR IGNORE INTO health_rollup_dirty (group_id, day) VALUES (old.group_id, ${dayOf('old.sent_at')});
        INSERT OR IGNORE INTO health_rollup_dirty (group_id, day) VALUES (new.group_id, ${dayOf('new.sent_at')});
      END;

      ${membershipTriggers}
    `);
  },
};

export default migration;
