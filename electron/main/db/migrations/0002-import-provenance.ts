import type { Migration } from './index';

/**
 * Import provenance and message identity:
 * - imports: where the file came from, the time zone assumed, read/skipped counts, the bytes read, a heartbeat
 *   (to tell a crashed import from a running one), the error and a JSON report; rejected rows with reasons.
 * - messages: the export's own id (MsgSvrID …), the system event, the ordinal among identical messages in one
 *   second (part of the identity), and an index by import (to undo or report one import).
 * - membership_events: join/leave history read from system notices.
 * - The FTS insert trigger now skips imported rows: the importer indexes each batch itself, because FTS5 inside a
 *   trigger flushes its pending index on every row (measured about six times slower on bulk loads).
 */
const migration: Migration = {
  version: 2,
  name: 'import-provenance',
  up(db) {
    db.exec(`
      ALTER TABLE imports ADD COLUMN file_path TEXT;
      ALTER TABLE imports ADD COLUMN time_zone TEXT;
      ALTER TABLE imports ADD COLUMN chat_name TEXT;
      ALTER TABLE imports ADD COLUMN rows_read INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE imports ADD COLUMN rows_skipped INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE imports ADD COLUMN bytes_read INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE imports ADD COLUMN heartbeat_at INTEGER;
      ALTER TABLE imports ADD COLUMN error_code TEXT;
      ALTER TABLE imports ADD COLUMN error_key TEXT;
      ALTER TABLE imports ADD COLUMN error_params TEXT;
      ALTER TABLE imports ADD COLUMN report TEXT;
      CREATE INDEX imports_group ON imports (group_id, started_at);
      CREATE INDEX imports_sha256 ON imports (sha256);

      CREATE TABLE import_rejections (
        import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        reason TEXT NOT NULL,
        params TEXT
      ) STRICT;
      CREATE INDEX import_rejections_import ON import_rejections (import_id, line);

      ALTER TABLE messages ADD COLUMN server_id TEXT;
      ALTER TABLE messages ADD COLUMN system_event TEXT CHECK (system_event IN
        ('join', 'leave', 'invite', 'recall', 'pat', 'rename', 'redPacket', 'transfer'));
      ALTER TABLE messages ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX messages_import ON messages (import_id);

      -- Senders are matched by name within a group: display name (indexed in 0001) or group nickname.
      CREATE INDEX group_members_nickname ON group_members (group_id, group_nickname) WHERE group_nickname IS NOT NULL;

      CREATE TABLE membership_events (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        event TEXT NOT NULL CHECK (event IN ('join', 'leave')),
        at INTEGER NOT NULL,
        import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL
      ) STRICT;
      CREATE UNIQUE INDEX membership_events_key ON membership_events (group_id, member_id, event, at);
      CREATE INDEX membership_events_member ON membership_events (member_id, at);

      DROP TRIGGER messages_fts_insert;
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.import_id IS NULL BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
      END;
    `);
  },
};

export default migration;
