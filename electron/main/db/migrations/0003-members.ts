import type { Migration } from './index';

const tierCheck = "IN ('core', 'active', 'potential', 'silent')";
const platformCheck = "IN ('wxid', 'oa_openid', 'unionid', 'mp_openid', 'douyin', 'app_user', 'phone')";
/** SQLite's clock in epoch ms, for rows written by triggers that have no timestamp of their own. */
const nowMs = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
/** SET clause recomputing a member's current-group count and leave date from their memberships. */
const presence = (memberId: string) => `
  active_groups = (SELECT count(*) FROM group_members p WHERE p.member_id = ${memberId} AND p.left_at IS NULL),
  left_at = CASE WHEN EXISTS (SELECT 1 FROM group_members p WHERE p.member_id = ${memberId} AND p.left_at IS NULL) THEN NULL
    ELSE (SELECT max(p.left_at) FROM group_members p WHERE p.member_id = ${memberId}) END`;

/**
 * The member database: profile fields, names over time with pinyin keys, custom roles, notes, tags, custom fields,
 * points and violation ledgers, blacklist, platform identities, tiers with history, merges.
 * Cached columns on `members` (points_balance, violation_count, joined_at, active_groups, left_at) and the name
 * history are kept by triggers, so any writer (chat import, demo, this feature) keeps them right; pinyin keys and
 * name pieces are filled in by the app; message_count / last_spoke_at / tier come from the recompute job.
 */
const migration: Migration = {
  version: 3,
  name: 'members',
  up(db) {
    db.exec(`
      CREATE TABLE member_roles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        permissions TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX member_roles_name ON member_roles (name);

      ALTER TABLE members ADD COLUMN remark TEXT;
      ALTER TABLE members ADD COLUMN phone TEXT;
      -- Digits reversed: a phone-tail search is an index prefix range.
      ALTER TABLE members ADD COLUMN phone_reversed TEXT;
      ALTER TABLE members ADD COLUMN region TEXT;
      ALTER TABLE members ADD COLUMN inviter_member_id INTEGER REFERENCES members (id) ON DELETE SET NULL;
      ALTER TABLE members ADD COLUMN inviter_name TEXT;
      ALTER TABLE members ADD COLUMN joined_at INTEGER;
      -- Groups the member is currently in, and when they left the last one (NULL while in any): kept by triggers.
      ALTER TABLE members ADD COLUMN active_groups INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN left_at INTEGER;
      -- Full pinyin of the display name: the list's name order.
      ALTER TABLE members ADD COLUMN name_sort TEXT;
      -- The best current tier across the member's groups (the reason lives on that membership).
      ALTER TABLE members ADD COLUMN tier TEXT CHECK (tier ${tierCheck});
      ALTER TABLE members ADD COLUMN points_balance INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN violation_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN last_spoke_at INTEGER;
      ALTER TABLE members ADD COLUMN merged_into_id INTEGER REFERENCES members (id) ON DELETE SET NULL;
      CREATE INDEX members_name_sort ON members (name_sort);
      CREATE INDEX members_tier ON members (tier, name_sort);
      CREATE INDEX members_join_channel ON members (join_channel, name_sort);
      CREATE INDEX members_joined_at ON members (joined_at);
      CREATE INDEX members_left_at ON members (left_at, active_groups) WHERE left_at IS NOT NULL;
      -- Counts combinations of these filters (channel first) from the index alone, without reading member rows.
      CREATE INDEX members_facets ON members (join_channel, tier, joined_at, points_balance, violation_count);
      CREATE INDEX members_points ON members (points_balance);
      CREATE INDEX members_violations ON members (violation_count) WHERE violation_count > 0;
      CREATE INDEX members_message_count ON members (message_count);
      CREATE INDEX members_last_spoke ON members (last_spoke_at);
      CREATE INDEX members_phone_reversed ON members (phone_reversed) WHERE phone_reversed IS NOT NULL;
      CREATE INDEX members_merged_into ON members (merged_into_id) WHERE merged_into_id IS NOT NULL;

      ALTER TABLE group_members ADD COLUMN custom_role_id INTEGER REFERENCES member_roles (id) ON DELETE SET NULL;
      ALTER TABLE group_members ADD COLUMN tier TEXT CHECK (tier ${tierCheck});
      -- Reasons are stored compactly as metric:days:value:threshold (see encodeReason).
      ALTER TABLE group_members ADD COLUMN tier_reason TEXT;
      ALTER TABLE group_members ADD COLUMN tier_at INTEGER;
      CREATE INDEX group_members_group_tier ON group_members (group_id, tier);

      -- Every name a member was known by; pinyin keys are filled in by the app (NULL = not indexed yet).
      CREATE TABLE member_names (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('wechat_nickname', 'group_nickname', 'remark')),
        group_id INTEGER REFERENCES groups (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        pinyin_full TEXT,
        pinyin_initials TEXT,
        from_at INTEGER,
        to_at INTEGER
      ) STRICT;
      CREATE INDEX member_names_member ON member_names (member_id, kind);
      -- Also finds the names not indexed yet (pinyin_full IS NULL, per member).
      CREATE INDEX member_names_pinyin_full ON member_names (pinyin_full, member_id);
      CREATE INDEX member_names_pinyin_initials ON member_names (pinyin_initials, member_id);
      -- Every 1-, 2- and 3-character piece of every name (lower case): substring search by index, not by scan.
      CREATE TABLE member_name_grams (
        gram TEXT NOT NULL,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        PRIMARY KEY (gram, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_name_grams_member ON member_name_grams (member_id);

      CREATE TRIGGER members_names_insert AFTER INSERT ON members BEGIN
        INSERT INTO member_names (member_id, kind, name, from_at) VALUES (new.id, 'wechat_nickname', new.display_name, new.created_at);
      END;
      CREATE TRIGGER members_names_rename AFTER UPDATE OF display_name ON members
        WHEN new.display_name IS NOT old.display_name BEGIN
        UPDATE member_names SET to_at = new.updated_at WHERE member_id = new.id AND kind = 'wechat_nickname' AND to_at IS NULL;
        INSERT INTO member_names (member_id, kind, name, from_at) VALUES (new.id, 'wechat_nickname', new.display_name, new.updated_at);
      END;
      CREATE TRIGGER members_names_remark AFTER UPDATE OF remark ON members
        WHEN new.remark IS NOT old.remark BEGIN
        UPDATE member_names SET to_at = new.updated_at WHERE member_id = new.id AND kind = 'remark' AND to_at IS NULL;
        INSERT INTO member_names (member_id, kind, name, from_at)
          SELECT new.id, 'remark', new.remark, new.updated_at WHERE new.remark IS NOT NULL;
      END;
      CREATE TRIGGER group_members_names_insert AFTER INSERT ON group_members WHEN new.group_nickname IS NOT NULL BEGIN
        INSERT INTO member_names (member_id, kind, group_id, name, from_at)
          VALUES (new.member_id, 'group_nickname', new.group_id, new.group_nickname, coalesce(new.joined_at, ${nowMs}));
      END;
      CREATE TRIGGER group_members_names_rename AFTER UPDATE OF group_nickname ON group_members
        WHEN new.group_nickname IS NOT old.group_nickname BEGIN
        UPDATE member_names SET to_at = ${nowMs}
          WHERE member_id = new.member_id AND kind = 'group_nickname' AND group_id = new.group_id AND to_at IS NULL;
        INSERT INTO member_names (member_id, kind, group_id, name, from_at)
          SELECT new.member_id, 'group_nickname', new.group_id, new.group_nickname, ${nowMs} WHERE new.group_nickname IS NOT NULL;
      END;
      -- A new membership only adds: counted incrementally, the common case on import.
      CREATE TRIGGER group_members_presence_insert AFTER INSERT ON group_members BEGIN
        UPDATE members SET active_groups = active_groups + 1, left_at = NULL WHERE id = new.member_id AND new.left_at IS NULL;
        UPDATE members SET left_at = max(coalesce(left_at, 0), new.left_at)
          WHERE id = new.member_id AND new.left_at IS NOT NULL AND active_groups = 0;
      END;
      CREATE TRIGGER group_members_presence_update AFTER UPDATE OF left_at, member_id ON group_members
        WHEN new.left_at IS NOT old.left_at OR new.member_id <> old.member_id BEGIN
        UPDATE members SET ${presence('new.member_id')} WHERE id = new.member_id;
        UPDATE members SET ${presence('old.member_id')} WHERE id = old.member_id AND old.member_id <> new.member_id;
      END;
      CREATE TRIGGER group_members_presence_delete AFTER DELETE ON group_members BEGIN
        UPDATE members SET ${presence('old.member_id')} WHERE id = old.member_id;
      END;
      -- The profile's join date is the earliest group join unless set by hand earlier.
      CREATE TRIGGER group_members_joined_insert AFTER INSERT ON group_members WHEN new.joined_at IS NOT NULL BEGIN
        UPDATE members SET joined_at = new.joined_at
          WHERE id = new.member_id AND (joined_at IS NULL OR joined_at > new.joined_at);
      END;
      CREATE TRIGGER group_members_joined_update AFTER UPDATE OF joined_at ON group_members
        WHEN new.joined_at IS NOT NULL AND new.joined_at IS NOT old.joined_at BEGIN
        UPDATE members SET joined_at = new.joined_at
          WHERE id = new.member_id AND (joined_at IS NULL OR joined_at > new.joined_at);
      END;

      CREATE TABLE member_notes (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        operator TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX member_notes_member ON member_notes (member_id, created_at);

      CREATE TABLE tag_groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX tag_groups_name ON tag_groups (name);
      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        tag_group_id INTEGER REFERENCES tag_groups (id) ON DELETE SET NULL,
        color TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX tags_name ON tags (name);
      CREATE TABLE member_tags (
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (tag_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_tags_member ON member_tags (member_id);

      CREATE TABLE custom_fields (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
        options TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX custom_fields_name ON custom_fields (name);
      CREATE TABLE member_field_values (
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        field_id INTEGER NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
        value TEXT NOT NULL,
        PRIMARY KEY (member_id, field_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_field_values_field ON member_field_values (field_id, value);

      -- Append-only: a correction is a new entry. balance_after makes the derived balance checkable row by row.
      CREATE TABLE points_ledger (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
        amount INTEGER NOT NULL CHECK (amount <> 0),
        balance_after INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('check_in', 'speaking', 'activity', 'redemption', 'manual', 'transfer')),
        reason TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        operator TEXT NOT NULL
      ) STRICT;
      CREATE INDEX points_ledger_member ON points_ledger (member_id, id);
      CREATE INDEX points_ledger_time ON points_ledger (occurred_at, member_id);
      CREATE TRIGGER points_ledger_balance AFTER INSERT ON points_ledger BEGIN
        UPDATE members SET points_balance = new.balance_after WHERE id = new.member_id;
      END;
      CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OF member_id, amount, balance_after, source, reason, occurred_at
        ON points_ledger BEGIN
        SELECT RAISE(ABORT, 'points_ledger is append-only');
      END;

      -- Evidence: a message of the archive (its text copied, so it survives deleting the archive) or a note.
      CREATE TABLE violations (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
        category TEXT NOT NULL CHECK (category IN ('ad', 'spam', 'abuse', 'sensitive', 'leak', 'fraud', 'other')),
        points INTEGER NOT NULL CHECK (points > 0),
        message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
        evidence_excerpt TEXT,
        note TEXT,
        decay_days INTEGER CHECK (decay_days IS NULL OR decay_days > 0),
        action TEXT NOT NULL CHECK (action IN ('remind', 'dm_warning', 'mute', 'remove', 'blacklist')),
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        CHECK (evidence_excerpt IS NOT NULL OR note IS NOT NULL)
      ) STRICT;
      CREATE INDEX violations_member ON violations (member_id, occurred_at);
      CREATE INDEX violations_message ON violations (message_id) WHERE message_id IS NOT NULL;
      CREATE TRIGGER violations_count_insert AFTER INSERT ON violations BEGIN
        UPDATE members SET violation_count = violation_count + 1 WHERE id = new.member_id;
      END;
      CREATE TRIGGER violations_count_delete AFTER DELETE ON violations BEGIN
        UPDATE members SET violation_count = violation_count - 1 WHERE id = old.member_id;
      END;
      CREATE TRIGGER violations_count_move AFTER UPDATE OF member_id ON violations WHEN new.member_id <> old.member_id BEGIN
        UPDATE members SET violation_count = violation_count - 1 WHERE id = old.member_id;
        UPDATE members SET violation_count = violation_count + 1 WHERE id = new.member_id;
      END;

      CREATE TABLE member_identities (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        platform TEXT NOT NULL CHECK (platform ${platformCheck}),
        value TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'manual',
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX member_identities_value ON member_identities (platform, value);
      CREATE INDEX member_identities_member ON member_identities (member_id, platform);
      -- Search finds a member by any identity value typed in full, whatever the platform.
      CREATE INDEX member_identities_lookup ON member_identities (value);

      -- Workspace-wide, keyed by identity so an entry outlives the member row it came from.
      CREATE TABLE blacklist (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL CHECK (platform ${platformCheck}),
        value TEXT NOT NULL,
        member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        display_name TEXT,
        reason TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        operator TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX blacklist_value ON blacklist (platform, value);
      CREATE INDEX blacklist_member ON blacklist (member_id) WHERE member_id IS NOT NULL;

      CREATE TABLE tier_history (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        tier TEXT NOT NULL CHECK (tier ${tierCheck}),
        previous_tier TEXT CHECK (previous_tier ${tierCheck}),
        reason TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX tier_history_member ON tier_history (member_id, at);

      -- Per-group overrides of the workspace's tier rules (JSON, validated by the app).
      CREATE TABLE tier_rules (
        group_id INTEGER PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
        rules TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- One row per merge: what moved, so the merge can be undone.
      CREATE TABLE member_merges (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        moved TEXT NOT NULL,
        merged_at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        undone_at INTEGER
      ) STRICT;
      CREATE INDEX member_merges_source ON member_merges (source_id);
      CREATE INDEX member_merges_target ON member_merges (target_id);
    `);
    // Existing members get their names indexed (pinyin filled in by the app on next use) and their join dates.
    db.exec(`
      INSERT INTO member_names (member_id, kind, name, from_at) SELECT id, 'wechat_nickname', display_name, created_at FROM members;
      INSERT INTO member_names (member_id, kind, group_id, name, from_at)
        SELECT member_id, 'group_nickname', group_id, group_nickname, joined_at FROM group_members WHERE group_nickname IS NOT NULL;
      UPDATE members SET joined_at = (SELECT min(joined_at) FROM group_members gm WHERE gm.member_id = members.id),
        ${presence('members.id')};
    `);
  },
};

export default migration;
