import type { Migration } from './index';

/**
 * Risk hits record the engine's two newer match rules, reversed words (倒序) and homophones (谐音), instead of
 * storing them as 'normalised'. SQLite cannot change a CHECK in place, so the table is rebuilt: same columns, ids
 * and indexes. Dropping the old table runs its foreign-key actions, so the allow phrases' links to the hits they
 * came from are kept aside and put back (the ids are unchanged).
 */
const categories = `('ads', 'scam', 'competitor', 'privacy', 'abuse', 'crisis', 'complaint', 'custom')`;
const severities = `('low', 'medium', 'high', 'critical')`;
const actions = `('remind', 'recall', 'mute', 'warnPrivately', 'remove')`;
const rules = `('literal', 'normalised', 'pinyin', 'split', 'detector', 'reversed', 'homophone')`;

const migration: Migration = {
  version: 16,
  name: 'risk-rules',
  up(db) {
    db.exec(`
      CREATE TABLE risk_hits_next (
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
        rule TEXT NOT NULL CHECK (rule IN ${rules}),
        detector TEXT,
        version INTEGER NOT NULL,
        found_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
        decided_by TEXT,
        decided_at INTEGER,
        reason TEXT,
        violation_id INTEGER REFERENCES violations (id) ON DELETE SET NULL,
        CHECK ((status = 'open') = (decided_at IS NULL))
      ) STRICT;
      INSERT INTO risk_hits_next SELECT * FROM risk_hits;

      CREATE TEMP TABLE allow_phrase_hits AS
        SELECT id, hit_id FROM risk_allow_phrases WHERE hit_id IS NOT NULL;
      DROP TABLE risk_hits;
      ALTER TABLE risk_hits_next RENAME TO risk_hits;
      UPDATE risk_allow_phrases
        SET hit_id = (SELECT kept.hit_id FROM allow_phrase_hits AS kept WHERE kept.id = risk_allow_phrases.id)
        WHERE id IN (SELECT id FROM allow_phrase_hits);
      DROP TABLE temp.allow_phrase_hits;

      CREATE UNIQUE INDEX risk_hits_key ON risk_hits (message_id, span_start, span_end, list, word);
      -- The queue reads by status and time; so does the per-day chart (one range per counted status).
      CREATE INDEX risk_hits_queue ON risk_hits (status, sent_at, id);
      CREATE INDEX risk_hits_group_time ON risk_hits (group_id, sent_at);
      CREATE INDEX risk_hits_violation ON risk_hits (violation_id) WHERE violation_id IS NOT NULL;
    `);
  },
};

export default migration;
