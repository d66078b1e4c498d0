import type { Migration } from './index';

/**
 * Wake-up outreach (唤醒触达, issue 9): what an operator did to reach silent members of a group (private messages, an
 * @ in the group, an official-account push, SMS …), when, and whom it reached. The members are snapshotted when
 * the outreach is recorded (by default every member silent at that moment), so later imports do not change who was
 * reached. The silent wake-up rate ties wake-ups to these and to the calendar's activities.
 *
 * The silence that makes a member "silent" and the response window after an action are workspace settings (one
 * row, absent until changed: the built-in defaults apply).
 */
const migration: Migration = {
  version: 19,
  name: 'health-outreach',
  up(db) {
    db.exec(`
      CREATE TABLE health_outreach (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('private', 'mention', 'officialAccount', 'sms', 'other')),
        note TEXT NOT NULL DEFAULT '',
        -- 'silent': every member silent at that moment; 'chosen': the members the operator picked.
        audience TEXT NOT NULL CHECK (audience IN ('silent', 'chosen')),
        created_at INTEGER NOT NULL,
        operator TEXT NOT NULL
      ) STRICT;
      CREATE INDEX health_outreach_group_time ON health_outreach (group_id, at);
      CREATE TABLE health_outreach_members (
        outreach_id INTEGER NOT NULL REFERENCES health_outreach (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        PRIMARY KEY (outreach_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX health_outreach_members_member ON health_outreach_members (member_id);
      CREATE TABLE health_wake_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        silence_days INTEGER NOT NULL CHECK (silence_days BETWEEN 1 AND 365),
        response_days INTEGER NOT NULL CHECK (response_days BETWEEN 1 AND 90),
        updated_at INTEGER NOT NULL,
        operator TEXT NOT NULL
      ) STRICT;
    `);
  },
};

export default migration;
