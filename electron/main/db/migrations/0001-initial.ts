import type { Migration } from './index';

/** Workspace meta, groups, members, messages, imports and the audit log. Times are epoch milliseconds (UTC). */
const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE workspace_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('service', 'activity', 'content')),
        positioning TEXT NOT NULL DEFAULT '',
        core_goal TEXT NOT NULL DEFAULT '',
        member_cap INTEGER NOT NULL DEFAULT 500 CHECK (member_cap > 0),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX groups_name ON groups (name);

      CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        display_name TEXT NOT NULL,
        wxid TEXT,
        join_channel TEXT CHECK (join_channel IN
          ('official_account', 'mini_program', 'short_video', 'app', 'referral', 'offline', 'other')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX members_wxid ON members (wxid) WHERE wxid IS NOT NULL;
      CREATE INDEX members_display_name ON members (display_name);

      CREATE TABLE group_members (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
        group_nickname TEXT,
        joined_at INTEGER,
        left_at INTEGER,
        PRIMARY KEY (group_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX group_members_member ON group_members (member_id);

      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        encoding TEXT NOT NULL,
        group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
        messages_added INTEGER NOT NULL DEFAULT 0,
        messages_duplicate INTEGER NOT NULL DEFAULT 0,
        rows_rejected INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        sender_name TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'image', 'voice', 'video', 'file', 'link', 'emoji', 'system', 'other')),
        content TEXT NOT NULL,
        -- Stable hash of (group, sender, time, normalised content): re-importing an overlapping export adds nothing.
        fingerprint TEXT NOT NULL,
        import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL
      ) STRICT;
      CREATE UNIQUE INDEX messages_fingerprint ON messages (fingerprint);
      CREATE INDEX messages_group_time ON messages (group_id, sent_at);
      CREATE INDEX messages_member_time ON messages (member_id, sent_at);

      -- Trigram FTS handles Chinese without a word segmenter; shorter queries fall back to LIKE.
      CREATE VIRTUAL TABLE messages_fts USING fts5 (content, content = 'messages', content_rowid = 'id', tokenize = 'trigram');
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
      END;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        detail TEXT
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log (at);
    `);
  },
};

export default migration;
