import type { Migration } from './index';

/**
 * Activities and members' points: the keyword whose messages count as check-ins (打卡), the points rules (per
 * check-in day, per rung of the reward ladder, for taking part) and when points were first issued, plus what each
 * activity wrote to the points ledger. The ledger is append-only and has no reference column, so an award row ties a
 * ledger entry to its activity, member and reason (`award_key`); a compensated award keeps its row with the entry
 * that reversed it, and a live award is unique per activity, member and key (re-running adds nothing).
 */
const migration: Migration = {
  version: 14,
  name: 'activity-keyword',
  up(db) {
    db.exec(`
      ALTER TABLE activities ADD COLUMN check_in_keyword TEXT NOT NULL DEFAULT '';
      -- JSON {perCheckIn, participation, rungs: [{days, points}]}; '{}' reads as the kind's defaults.
      ALTER TABLE activities ADD COLUMN points_rules TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE activities ADD COLUMN points_issued_at INTEGER;
      UPDATE activities SET check_in_keyword = '打卡' WHERE kind = 'checkin_challenge';

      CREATE TABLE activity_point_awards (
        id INTEGER PRIMARY KEY,
        activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        -- The member credited (after merges are followed at the time of writing).
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        -- 'check_in:<date>', 'streak:<days>:<date>' or 'participation'.
        award_key TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        occurred_at INTEGER NOT NULL,
        ledger_entry_id INTEGER NOT NULL,
        awarded_at INTEGER NOT NULL,
        reversal_entry_id INTEGER,
        reversed_at INTEGER,
        CHECK ((reversal_entry_id IS NULL) = (reversed_at IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX activity_point_awards_live ON activity_point_awards (activity_id, member_id, award_key)
        WHERE reversed_at IS NULL;
      CREATE INDEX activity_point_awards_member ON activity_point_awards (member_id);
    `);
  },
};

export default migration;
