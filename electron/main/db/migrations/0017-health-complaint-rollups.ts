import type { Migration } from './index';

/** A UTC+8 day number, as in shared/domain/health/days.ts (8 h and one day in ms). */
const dayOf = (column: string) => `((${column} + 28800000) / 86400000)`;

/** Notes a (group, day) for the next refresh to recompute; a pair noted already stays as it is. */
const markDirty = (row: 'old' | 'new') =>
  `INSERT INTO health_rollup_dirty (group_id, day) VALUES (${row}.group_id, ${dayOf(`${row}.sent_at`)})
     ON CONFLICT DO NOTHING;`;

/** The categories the complaint rate counts (the complaint source of riskReview.ts counted the same). */
const complaintCategories = `('complaint', 'crisis')`;
/** Another live complaint hit of the same message on the same (group, day) as the hit `row`. */
const otherComplaintHit = (row: 'old' | 'new') => `EXISTS (
  SELECT 1 FROM risk_hits o WHERE o.message_id = ${row}.message_id AND o.id <> ${row}.id
    AND o.status <> 'dismissed' AND o.category IN ${complaintCategories}
    AND o.group_id = ${row}.group_id AND ${dayOf('o.sent_at')} = ${dayOf(`${row}.sent_at`)})`;

/** Counts a hit that is not dismissed: by category, and its message as a complaint unless counted already. */
const addHit = (row: 'old' | 'new') => `
  INSERT INTO health_hit_categories (group_id, day, category, hits)
    SELECT ${row}.group_id, ${dayOf(`${row}.sent_at`)}, ${row}.category, 1 WHERE ${row}.status <> 'dismissed'
    ON CONFLICT (group_id, day, category) DO UPDATE SET hits = hits + 1;
  INSERT INTO health_scanned_daily (group_id, day, scanned, complaint_messages)
    SELECT ${row}.group_id, ${dayOf(`${row}.sent_at`)}, 0, 1
    WHERE ${row}.status <> 'dismissed' AND ${row}.category IN ${complaintCategories} AND NOT ${otherComplaintHit(row)}
    ON CONFLICT (group_id, day) DO UPDATE SET complaint_messages = complaint_messages + 1;`;

/** Takes a hit's counts back out (rows left at zero go, as a recompute would not write them). */
const removeHit = (row: 'old' | 'new') => `
  UPDATE health_hit_categories SET hits = hits - 1
    WHERE ${row}.status <> 'dismissed'
      AND group_id = ${row}.group_id AND day = ${dayOf(`${row}.sent_at`)} AND category = ${row}.category;
  DELETE FROM health_hit_categories
    WHERE group_id = ${row}.group_id AND day = ${dayOf(`${row}.sent_at`)} AND category = ${row}.category AND hits = 0;
  UPDATE health_scanned_daily SET complaint_messages = complaint_messages - 1
    WHERE ${row}.status <> 'dismissed' AND ${row}.category IN ${complaintCategories} AND NOT ${otherComplaintHit(row)}
      AND group_id = ${row}.group_id AND day = ${dayOf(`${row}.sent_at`)};
  DELETE FROM health_scanned_daily
    WHERE group_id = ${row}.group_id AND day = ${dayOf(`${row}.sent_at`)} AND scanned = 0 AND complaint_messages = 0;`;

/** The scanned message's (group, day). */
const scannedMessage = (row: 'old' | 'new') =>
  `SELECT group_id, ${dayOf('sent_at')} FROM messages WHERE id = ${row}.message_id`;

/**
 * Health rollups, second part.
 *
 * 1. The rollup triggers of migration 0013 noted a changed (group, day) with `INSERT OR IGNORE`. SQLite runs a
 *    foreign-key action (messages.member_id ON DELETE SET NULL when a member is deleted) with ABORT conflict
 *    handling, which overrides the OR IGNORE of the triggers it fires: the second message of the same day failed
 *    with "UNIQUE constraint failed: health_rollup_dirty" and the delete was refused. An upsert's DO NOTHING is not
 *    overridden; the triggers are recreated with it and are otherwise unchanged. Every trigger below upserts too.
 *
 * 2. Each member-day keeps the last message instant of the member's previous day with a message in the group
 *    (`previous_last_at`, NULL for their first day there), so wake-ups, silences and rolling active counts read
 *    the days of their range alone instead of ordering every member's days with window functions. Each speaker
 *    keeps their last message in the group (`health_speakers.last_at`): the previous day of their first new day
 *    when an import adds days after the stored ones. The rollup refresh keeps both (healthRollups.ts).
 *
 * 3. The complaint rate's source, per group and UTC+8 day: messages the sensitive-word scan has read (their
 *    `risk_scan_state` row), messages with a live (not dismissed) complaint or crisis hit, and live hits per
 *    category (hits carry their message's group and time). Triggers on the scan state and the hits keep them as the
 *    scan job and the review write; deleted or moved messages mark their days dirty (above) and the refresh
 *    recomputes those days. `complaints_current` = 0 makes the next refresh recompute them all: set here, so the
 *    first refresh after this migration counts the scans already done, and by a rebuild.
 */
const migration: Migration = {
  version: 17,
  name: 'health-complaint-rollups',
  up(db) {
    db.exec(`
      DROP TRIGGER health_rollup_message_delete;
      DROP TRIGGER health_rollup_message_update;
      CREATE TRIGGER health_rollup_message_delete AFTER DELETE ON messages BEGIN
        ${markDirty('old')}
        UPDATE health_rollup_state SET rolled_through = coalesce((SELECT max(id) FROM messages), 0)
          WHERE rolled_through > coalesce((SELECT max(id) FROM messages), 0);
      END;
      CREATE TRIGGER health_rollup_message_update AFTER UPDATE OF group_id, member_id, sent_at, kind ON messages
        WHEN new.group_id IS NOT old.group_id OR new.member_id IS NOT old.member_id
          OR new.sent_at IS NOT old.sent_at OR new.kind IS NOT old.kind BEGIN
        ${markDirty('old')}
        ${markDirty('new')}
      END;

      ALTER TABLE health_member_days ADD COLUMN previous_last_at INTEGER;
      UPDATE health_member_days AS d SET previous_last_at = p.previous
      FROM (
        SELECT group_id, day, member_id,
          LAG(last_at) OVER (PARTITION BY group_id, member_id ORDER BY day) AS previous
        FROM health_member_days
      ) p
      WHERE p.previous IS NOT NULL AND p.group_id = d.group_id AND p.day = d.day AND p.member_id = d.member_id;
      ALTER TABLE health_speakers ADD COLUMN last_at INTEGER NOT NULL DEFAULT 0;
      UPDATE health_speakers AS s SET last_at = d.last_at
      FROM (SELECT group_id, member_id, MAX(last_at) AS last_at FROM health_member_days GROUP BY group_id, member_id) d
      WHERE d.group_id = s.group_id AND d.member_id = s.member_id;

      CREATE TABLE health_scanned_daily (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        scanned INTEGER NOT NULL,
        complaint_messages INTEGER NOT NULL,
        PRIMARY KEY (group_id, day)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE health_hit_categories (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        category TEXT NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (group_id, day, category)
      ) STRICT, WITHOUT ROWID;
      ALTER TABLE health_rollup_state ADD COLUMN complaints_current INTEGER NOT NULL DEFAULT 0;

      CREATE TRIGGER health_complaints_scan_insert AFTER INSERT ON risk_scan_state BEGIN
        INSERT INTO health_scanned_daily (group_id, day, scanned, complaint_messages)
          SELECT *, 1, 0 FROM (${scannedMessage('new')}) WHERE true
          ON CONFLICT (group_id, day) DO UPDATE SET scanned = scanned + 1;
      END;
      CREATE TRIGGER health_complaints_scan_delete AFTER DELETE ON risk_scan_state BEGIN
        UPDATE health_scanned_daily SET scanned = scanned - 1 WHERE (group_id, day) = (${scannedMessage('old')});
        DELETE FROM health_scanned_daily
          WHERE (group_id, day) = (${scannedMessage('old')}) AND scanned = 0 AND complaint_messages = 0;
      END;
      CREATE TRIGGER health_complaints_hit_insert AFTER INSERT ON risk_hits BEGIN
        ${addHit('new')}
      END;
      CREATE TRIGGER health_complaints_hit_delete AFTER DELETE ON risk_hits BEGIN
        ${removeHit('old')}
      END;
      CREATE TRIGGER health_complaints_hit_update AFTER UPDATE OF message_id, group_id, sent_at, category, status
        ON risk_hits
        WHEN new.message_id IS NOT old.message_id OR new.group_id IS NOT old.group_id
          OR new.sent_at IS NOT old.sent_at OR new.category IS NOT old.category OR new.status IS NOT old.status BEGIN
        ${removeHit('old')}
        ${addHit('new')}
      END;
    `);
  },
};

export default migration;
