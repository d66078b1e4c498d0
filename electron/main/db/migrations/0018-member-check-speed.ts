import type { Migration } from './index';
import { checkInListAsEqualities, rewriteTableDefinition } from './0015-import-speed';

/**
 * Tier recompute and member import speed (issue 4): the tables they write row by row had their CHECK constraints
 * as IN lists, which SQLite evaluates by building a lookup table for each row written (see
 * `checkInListAsEqualities`): 200,000 tier history rows took four times as long to insert as without the checks.
 * Same constraints, written as equality tests; the rows are untouched, so this takes no time on a large workspace. The columns per table are those with an IN-list CHECK (members' join channel and best tier, a
 * membership's role and tier, a tier history row's tiers, a name's kind, an identity's platform).
 *
 * The memberships' tier index also holds the leave date, so each group's current members by tier (the tier
 * distribution, after every recompute and on the health dashboard) are counted from the index alone.
 */
const inListColumns: Record<string, readonly string[]> = {
  members: ['join_channel', 'tier'],
  group_members: ['role', 'tier'],
  tier_history: ['tier', 'previous_tier'],
  member_names: ['kind'],
  member_identities: ['platform'],
};

const migration: Migration = {
  version: 18,
  name: 'member-check-speed',
  up(db) {
    for (const [table, columns] of Object.entries(inListColumns)) {
      rewriteTableDefinition(db, table, (sql) =>
        columns.reduce((rewritten, column) => checkInListAsEqualities(rewritten, column), sql),
      );
    }
    db.exec(`DROP INDEX group_members_group_tier;
      CREATE INDEX group_members_group_tier ON group_members (group_id, tier, left_at);`);
  },
};

export default migration;
