import type { Migration } from './index';

/**
 * Crisis playbooks with their versions, prevention audit checks per group, incidents and drills with their
 * timelines, drill injects and scores. A run (incident or drill) points at the exact playbook version it used, so a
 * later edit never rewrites history; versions therefore cannot be deleted while a run uses them.
 */
const migration: Migration = {
  version: 5,
  name: 'crisis',
  up(db) {
    db.exec(`
      CREATE TABLE crisis_playbooks (
        id INTEGER PRIMARY KEY,
        -- Stable slug from the definition; import of a file with the same key adds a version instead of a copy.
        key TEXT NOT NULL,
        -- Name and risk type of the current version, kept here for lists.
        name TEXT NOT NULL,
        risk_type TEXT NOT NULL,
        current_version INTEGER NOT NULL CHECK (current_version > 0),
        origin TEXT NOT NULL CHECK (origin IN ('starter', 'user', 'import', 'duplicate')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX crisis_playbooks_key ON crisis_playbooks (key);

      CREATE TABLE crisis_playbook_versions (
        playbook_id INTEGER NOT NULL REFERENCES crisis_playbooks (id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version > 0),
        -- The validated definition as canonical JSON.
        definition TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (playbook_id, version)
      ) STRICT, WITHOUT ROWID;

      -- One row per audit of one prevention measure in one group; the latest row is the measure's current state.
      CREATE TABLE crisis_prevention_checks (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        playbook_id INTEGER NOT NULL REFERENCES crisis_playbooks (id) ON DELETE CASCADE,
        playbook_version INTEGER NOT NULL,
        measure_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'gap', 'not_applicable')),
        note TEXT NOT NULL DEFAULT '',
        checked_at INTEGER NOT NULL,
        checked_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX crisis_prevention_checks_latest
        ON crisis_prevention_checks (group_id, playbook_id, measure_id, checked_at);

      CREATE TABLE crisis_incidents (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        playbook_id INTEGER NOT NULL,
        playbook_version INTEGER NOT NULL,
        group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('manual', 'trigger', 'review_hit')),
        source_ref TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        opened_at INTEGER NOT NULL,
        opened_by TEXT NOT NULL,
        closed_at INTEGER,
        -- After-action review (what happened, what worked, what to change, follow-ups) as JSON, set on close.
        review TEXT,
        FOREIGN KEY (playbook_id, playbook_version) REFERENCES crisis_playbook_versions (playbook_id, version)
      ) STRICT;
      CREATE INDEX crisis_incidents_opened ON crisis_incidents (status, opened_at);
      CREATE INDEX crisis_incidents_playbook ON crisis_incidents (playbook_id, playbook_version);

      CREATE TABLE crisis_drills (
        id INTEGER PRIMARY KEY,
        playbook_id INTEGER NOT NULL,
        playbook_version INTEGER NOT NULL,
        scenario_id TEXT NOT NULL,
        participant TEXT NOT NULL,
        group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        -- 0-100 once finished; the full score card is JSON beside it.
        score INTEGER CHECK (score BETWEEN 0 AND 100),
        score_card TEXT,
        FOREIGN KEY (playbook_id, playbook_version) REFERENCES crisis_playbook_versions (playbook_id, version)
      ) STRICT;
      CREATE INDEX crisis_drills_participant ON crisis_drills (participant, started_at);
      CREATE INDEX crisis_drills_started ON crisis_drills (started_at);
      CREATE INDEX crisis_drills_playbook ON crisis_drills (playbook_id, playbook_version);

      -- The scenario's script as it was when the drill started (scenarios are edited with their playbook).
      CREATE TABLE crisis_drill_injects (
        drill_id INTEGER NOT NULL REFERENCES crisis_drills (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at_seconds INTEGER NOT NULL CHECK (at_seconds >= 0),
        kind TEXT NOT NULL CHECK (kind IN ('message', 'report', 'screenshot', 'prompt')),
        sender TEXT NOT NULL,
        content TEXT NOT NULL,
        PRIMARY KEY (drill_id, seq)
      ) STRICT, WITHOUT ROWID;

      -- Timeline of an incident or of a drill (exactly one of the two).
      CREATE TABLE crisis_events (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER REFERENCES crisis_incidents (id) ON DELETE CASCADE,
        drill_id INTEGER REFERENCES crisis_drills (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('detected', 'step_started', 'step_done', 'step_skipped', 'note', 'decision',
          'message_sent', 'severity_changed', 'evidence_linked', 'paused', 'resumed', 'closed')),
        actor TEXT NOT NULL,
        step_id TEXT,
        -- Kind-specific fields (text, severity, template, channel, evidence) as JSON.
        payload TEXT NOT NULL DEFAULT '{}',
        CHECK ((incident_id IS NULL) <> (drill_id IS NULL))
      ) STRICT;
      CREATE INDEX crisis_events_incident ON crisis_events (incident_id, at) WHERE incident_id IS NOT NULL;
      CREATE INDEX crisis_events_drill ON crisis_events (drill_id, at) WHERE drill_id IS NOT NULL;
    `);
  },
};

export default migration;
