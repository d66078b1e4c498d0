import type { Migration } from './index';

/**
 * Sensitive-word and risk panel:
 * - risk_lists: the workspace's word lists (seeded from the starter CSVs on first use), each a JSON list the engine
 *   compiles as-is; risk_list_versions keeps every saved revision.
 * - The ruleset version (workspace_meta `risk.rulesetVersion`) goes up on any change that can alter hits; a message
 *   is scanned again when risk_scan_state says it was scanned with an older one.
 * - risk_hits: one row per hit, with the review decision. Message time, group and member are copied onto the hit
 *   so the queue and the per-day chart read one table on its own indexes.
 * - risk_allow_phrases: phrases added to the review allow list from dismissed hits (where each came from).
 */
const categories = `('ads', 'scam', 'competitor', 'privacy', 'abuse', 'crisis', 'complaint', 'custom')`;
const severities = `('low', 'medium', 'high', 'critical')`;
const actions = `('remind', 'recall', 'mute', 'warnPrivately', 'remove')`;

const migration: Migration = {
  version: 8,
  name: 'risk',
  up(db) {
    db.exec(`
      CREATE TABLE risk_lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        kind TEXT NOT NULL CHECK (kind IN ('deny', 'allow')),
        category TEXT NOT NULL CHECK (category IN ${categories}),
        severity TEXT NOT NULL CHECK (severity IN ${severities}),
        action TEXT NOT NULL CHECK (action IN ${actions}),
        options TEXT NOT NULL CHECK (json_valid(options)),
        words TEXT NOT NULL CHECK (json_valid(words)),
        word_count INTEGER NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        -- starter: seeded from resources/lexicons/<starter_file>; review: allow phrases from dismissed hits.
        origin TEXT NOT NULL CHECK (origin IN ('starter', 'user', 'review')),
        starter_file TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX risk_lists_name ON risk_lists (name);

      CREATE TABLE risk_list_versions (
        list_id INTEGER NOT NULL REFERENCES risk_lists (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        list TEXT NOT NULL CHECK (json_valid(list)),
        word_count INTEGER NOT NULL,
        saved_at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        PRIMARY KEY (list_id, version)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE risk_scan_state (
        message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
        version INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE risk_hits (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        sent_at INTEGER NOT NULL,
        span_start INTEGER NOT NULL CHECK (span_start >= 0),
        span_end INTEGER NOT NULL CHECK (span_end > span_start),
        text TEXT NOT NULL,
        word TEXT NOT NULL,
        list TEXT NOT NULL,
        category TEXT NOT NULL CHECK (category IN ${categories}),
        severity TEXT NOT NULL CHECK (severity IN ${severities}),
        action TEXT NOT NULL CHECK (action IN ${actions}),
        rule TEXT NOT NULL CHECK (rule IN ('literal', 'normalised', 'pinyin', 'split', 'detector')),
        detector TEXT,
        -- The ruleset version whose scan last found it; open hits not found again by a newer scan are removed.
        version INTEGER NOT NULL,
        found_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
        decided_by TEXT,
        decided_at INTEGER,
        reason TEXT,
        violation_id INTEGER REFERENCES violations (id) ON DELETE SET NULL,
        CHECK ((status = 'open') = (decided_at IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX risk_hits_key ON risk_hits (message_id, span_start, span_end, list, word);
      -- The queue reads by status and time; so does the per-day chart (one range per counted status).
      CREATE INDEX risk_hits_queue ON risk_hits (status, sent_at, id);
      CREATE INDEX risk_hits_group_time ON risk_hits (group_id, sent_at);
      CREATE INDEX risk_hits_violation ON risk_hits (violation_id) WHERE violation_id IS NOT NULL;

      CREATE TABLE risk_allow_phrases (
        id INTEGER PRIMARY KEY,
        phrase TEXT NOT NULL,
        hit_id INTEGER REFERENCES risk_hits (id) ON DELETE SET NULL,
        word TEXT,
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX risk_allow_phrases_phrase ON risk_allow_phrases (phrase);
    `);
  },
};

export default migration;
