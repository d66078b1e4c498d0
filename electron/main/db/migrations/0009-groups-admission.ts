import type { Migration } from './index';

const channelCheck =
  "IN ('official_account', 'mini_program', 'short_video', 'app', 'referral', 'offline', 'other')";
const localDateCheck = (column: string) => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;

/**
 * Groups beyond the basics, group rules and admission (入群审核).
 * Owner and admins are not stored here: they are the `owner` / `admin` roles of group_members, so the member screens
 * and the group page read the same fact. Rule versions are append-only; the questionnaire and the pipeline are JSON
 * validated by the app (shared/domain/admission.ts). Applications keep the score they were entered with.
 */
const migration: Migration = {
  version: 9,
  name: 'groups-admission',
  up(db) {
    db.exec(`
      -- One row per group that has any of these set; the standby list (备用群组) of the backup and crisis screens.
      CREATE TABLE group_details (
        group_id INTEGER PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
        founded_on TEXT CHECK (founded_on IS NULL OR ${localDateCheck('founded_on')}),
        standby_group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
        -- A standby group kept outside this workspace, by name.
        standby_name TEXT,
        standby_join_method TEXT NOT NULL DEFAULT '',
        standby_template TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL,
        CHECK (standby_group_id IS NULL OR standby_group_id <> group_id)
      ) STRICT;
      CREATE INDEX group_details_standby ON group_details (standby_group_id) WHERE standby_group_id IS NOT NULL;

      CREATE TABLE group_rule_versions (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version > 0),
        body TEXT NOT NULL CHECK (length(body) > 0),
        announced_on TEXT NOT NULL CHECK (${localDateCheck('announced_on')}),
        note TEXT NOT NULL DEFAULT '',
        recorded_at INTEGER NOT NULL,
        operator TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX group_rule_versions_version ON group_rule_versions (group_id, version);
      CREATE TRIGGER group_rule_versions_append_only BEFORE UPDATE ON group_rule_versions BEGIN
        SELECT RAISE(ABORT, 'group_rule_versions is append-only');
      END;

      CREATE TABLE group_qr_codes (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        label TEXT NOT NULL DEFAULT '',
        join_channel TEXT CHECK (join_channel ${channelCheck}),
        generated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        retired_at INTEGER,
        note TEXT NOT NULL DEFAULT '',
        recorded_at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        CHECK (expires_at > generated_at)
      ) STRICT;
      CREATE INDEX group_qr_codes_group ON group_qr_codes (group_id, generated_at);
      -- The reminder scans live codes by expiry.
      CREATE INDEX group_qr_codes_live ON group_qr_codes (expires_at) WHERE retired_at IS NULL;

      CREATE TABLE admission_configs (
        group_id INTEGER PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
        questionnaire TEXT NOT NULL,
        questionnaire_version INTEGER NOT NULL DEFAULT 0,
        stages TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE admission_applications (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        applicant_name TEXT NOT NULL CHECK (length(applicant_name) > 0),
        wxid TEXT,
        -- Digits only (normalizePhone).
        phone TEXT,
        join_channel TEXT NOT NULL CHECK (join_channel ${channelCheck}),
        inviter_name TEXT,
        qr_code_id INTEGER REFERENCES group_qr_codes (id) ON DELETE SET NULL,
        answers TEXT NOT NULL DEFAULT '{}',
        questionnaire_version INTEGER,
        score INTEGER,
        max_score INTEGER,
        pass_score INTEGER,
        questionnaire_passed INTEGER CHECK (questionnaire_passed IN (0, 1)),
        knockouts TEXT NOT NULL DEFAULT '[]',
        -- Blacklist reasons matched when the application was entered (JSON array; '[]' = clean).
        blacklist_hits TEXT NOT NULL DEFAULT '[]',
        stage TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'admitted', 'rejected')),
        member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        note TEXT NOT NULL DEFAULT '',
        applied_at INTEGER NOT NULL,
        closed_at INTEGER,
        recorded_at INTEGER NOT NULL,
        CHECK ((status = 'pending') = (closed_at IS NULL))
      ) STRICT;
      CREATE INDEX admission_applications_group ON admission_applications (group_id, status, applied_at);
      CREATE INDEX admission_applications_channel ON admission_applications (join_channel, status);
      CREATE INDEX admission_applications_member ON admission_applications (member_id) WHERE member_id IS NOT NULL;

      -- Who moved an application and when; append-only like the rules.
      CREATE TABLE admission_decisions (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES admission_applications (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('submit', 'advance', 'admit', 'reject')),
        from_stage TEXT,
        to_stage TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        decided_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX admission_decisions_application ON admission_decisions (application_id, id);
      CREATE TRIGGER admission_decisions_append_only BEFORE UPDATE ON admission_decisions BEGIN
        SELECT RAISE(ABORT, 'admission_decisions is append-only');
      END;
    `);
  },
};

export default migration;
