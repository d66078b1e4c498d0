import type { Migration } from './index';

/**
 * Member import speed (issue 4): no index on the members' display name. Nothing looks members up by it: names are
 * searched through the name documents (migration 22) and pinyin keys, the list sorts by `name_sort`, and the one
 * exact-name lookup (the CLI's `--sender`) joins memberships with an OR that reads every member anyway. Building it
 * cost 0.27 s of a 200,000-member import, and every member insert and rename kept it.
 */
const migration: Migration = {
  version: 24,
  name: 'drop-member-display-name-index',
  up(db) {
    db.exec('DROP INDEX IF EXISTS members_display_name');
  },
};

export default migration;
