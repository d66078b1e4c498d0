import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';

describe('member database indexes', () => {
  const db = new Database(':memory:');
  migrate(db);
  afterAll(() => db.close());
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((row) => row.detail)
      .join(' | ');

  it.each([
    [
      "SELECT member_id FROM member_names WHERE pinyin_full >= 'zh' AND pinyin_full < 'zi'",
      /member_names_pinyin_full/,
    ],
    [
      "SELECT member_id FROM member_names WHERE pinyin_initials >= 'zs' AND pinyin_initials < 'zt'",
      /member_names_pinyin_initials/,
    ],
    // Name pieces: a token prefix query on the full-text index (migration 0022).
    [
      `SELECT rowid FROM member_name_pieces WHERE member_name_pieces MATCH '"张" *'`,
      /VIRTUAL TABLE INDEX 0:M/,
    ],
    [
      "SELECT id FROM members WHERE phone_reversed >= '4321' AND phone_reversed < '4322'",
      /members_phone_reversed/,
    ],
    ["SELECT id FROM members WHERE wxid >= 'wxid_a' AND wxid < 'wxid_b'", /members_wxid/],
    ["SELECT member_id FROM member_identities WHERE value = 'oU_x'", /member_identities_lookup/],
    [
      "SELECT member_id FROM member_names WHERE pinyin_full IS NULL AND name LIKE '%x%'",
      /member_names_pinyin_full \(pinyin_full=\?\)/,
    ],
    [
      'SELECT id FROM member_names WHERE pinyin_full IS NULL AND member_id = 7',
      /member_names_pinyin_full \(pinyin_full=\? AND member_id=\?\)/,
    ],
    ["SELECT id FROM members WHERE tier = 'core' ORDER BY name_sort LIMIT 100", /members_tier/],
    ['SELECT id FROM members ORDER BY name_sort LIMIT 100', /members_name_sort/],
    [
      "SELECT count(*) FROM members WHERE join_channel = 'app' AND tier = 'core' AND joined_at > 5",
      /COVERING INDEX members_facets/,
    ],
    [
      'SELECT balance_after FROM points_ledger WHERE member_id = 1 ORDER BY id DESC LIMIT 1',
      /points_ledger_member/,
    ],
    [
      "SELECT member_id FROM group_members WHERE group_id = 1 AND tier = 'silent'",
      /group_members_group_tier/,
    ],
    // The tier distribution, after every recompute and on the health dashboard.
    [
      'SELECT group_id, tier, count(*) FROM group_members WHERE left_at IS NULL GROUP BY group_id, tier',
      /SCAN group_members USING COVERING INDEX group_members_group_tier$/,
    ],
    ['SELECT id FROM members WHERE violation_count >= 3 AND violation_count > 0', /members_violations/],
    ['SELECT id FROM members WHERE left_at IS NOT NULL AND active_groups = 0', /members_left_at/],
  ])('%s', (sql, index) => {
    expect(plan(sql)).toMatch(index);
  });
});
