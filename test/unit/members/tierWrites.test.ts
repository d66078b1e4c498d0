/**
 * The recompute's write path: migration 18's CHECK constraints (same values accepted and refused), and tier writes
 * without foreign-key checks that stay consistent when another connection removes members meanwhile.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/main/db/connection';
import { migrate } from '../../../electron/main/db/migrations';
import { withoutForeignKeyChecks } from '../../../electron/main/db/repositories/membersBulk';
import {
  dataVersion,
  effectiveTierRules,
  refreshMemberSummaries,
  TierRecompute,
} from '../../../electron/main/db/repositories/tiers';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { memberTestBackend, type MemberTestBackend } from './fixtures';

describe('migration 18', () => {
  const db = new Database(':memory:');
  migrate(db);
  db.exec(`INSERT INTO groups (id, name, type, created_at, updated_at) VALUES (1, 'g', 'service', 0, 0);
    INSERT INTO members (id, display_name, created_at, updated_at) VALUES (1, 'a', 0, 0);
    INSERT INTO group_members (group_id, member_id) VALUES (1, 1);`);
  const refused = (sql: string) =>
    expect(() => db.prepare(sql).run(), sql).toThrow(/CHECK constraint failed/);
  const accepted = (sql: string) => expect(() => db.prepare(sql).run(), sql).not.toThrow();

  it('accepts exactly the values the IN lists allowed, and NULL where the column allows it', () => {
    for (const tier of ['core', 'active', 'potential', 'silent']) {
      accepted(`UPDATE members SET tier = '${tier}' WHERE id = 1`);
      accepted(`UPDATE group_members SET tier = '${tier}' WHERE member_id = 1`);
      accepted(
        `INSERT INTO tier_history (member_id, group_id, tier, previous_tier, reason, at) VALUES (1, 1, '${tier}', '${tier}', 'r', 0)`,
      );
    }
    accepted('UPDATE members SET tier = NULL, join_channel = NULL WHERE id = 1');
    accepted(
      "INSERT INTO tier_history (member_id, group_id, tier, previous_tier, reason, at) VALUES (1, 1, 'core', NULL, 'r', 0)",
    );
    accepted("UPDATE members SET join_channel = 'mini_program' WHERE id = 1");
    accepted("UPDATE group_members SET role = 'owner' WHERE member_id = 1");
    accepted("INSERT INTO member_names (member_id, kind, name) VALUES (1, 'remark', 'x')");
    accepted(
      "INSERT INTO member_identities (member_id, platform, value, created_at) VALUES (1, 'douyin', 'd', 0)",
    );
  });

  it('refuses anything else', () => {
    refused("UPDATE members SET tier = 'Core' WHERE id = 1");
    refused("UPDATE members SET join_channel = 'wechat' WHERE id = 1");
    refused("UPDATE group_members SET tier = 'gold' WHERE member_id = 1");
    refused("UPDATE group_members SET role = 'boss' WHERE member_id = 1");
    refused(
      "INSERT INTO tier_history (member_id, group_id, tier, previous_tier, reason, at) VALUES (1, 1, 'core', 'x', 'r', 0)",
    );
    refused("INSERT INTO member_names (member_id, kind, name) VALUES (1, 'alias', 'x')");
    refused(
      "INSERT INTO member_identities (member_id, platform, value, created_at) VALUES (1, 'qq', 'q', 0)",
    );
  });

  it('counts the tier distribution from the memberships index alone', () => {
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT group_id, tier, count(*) FROM group_members WHERE left_at IS NULL GROUP BY group_id, tier',
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail)).toEqual([
      'SCAN group_members USING COVERING INDEX group_members_group_tier',
    ]);
  });
});

describe('tier writes without foreign-key checks', () => {
  let t: MemberTestBackend;
  /** The recompute's own connection, as a job has (the backend's is the other writer). */
  let jobDb: Db;
  beforeEach(() => {
    t = memberTestBackend();
    jobDb = openDatabase(workspaceDbFile(join(t.backend.dir, 'workspace')), { migrate: false });
  });
  afterEach(async () => {
    jobDb.close();
    await t.dispose();
  });

  /** Classifies every group on the job connection, lets `meanwhile` run on the other, then writes. */
  function recompute(meanwhile: () => void): { othersWrote: boolean } {
    const now = Date.now();
    const readVersion = dataVersion(jobDb);
    const recomputing = new TierRecompute(jobDb);
    for (const groupId of Object.values(t.seeded.groups))
      recomputing.classify(groupId, effectiveTierRules(jobDb, groupId), now);
    meanwhile();
    const othersWrote = dataVersion(jobDb) !== readVersion;
    withoutForeignKeyChecks(jobDb, () => {
      recomputing.write(now, othersWrote);
      refreshMemberSummaries(jobDb);
    });
    expect(jobDb.pragma('foreign_keys', { simple: true })).toBe(1);
    return { othersWrote };
  }
  const history = (memberId: number) =>
    jobDb.prepare('SELECT count(*) FROM tier_history WHERE member_id = ?').pluck().get(memberId) as number;

  it('writes every membership and its history when nobody else wrote', () => {
    expect(recompute(() => {})).toEqual({ othersWrote: false });
    const { zhangsan, zhaoliu } = t.seeded.members;
    expect(history(zhangsan)).toBe(2);
    expect(history(zhaoliu)).toBe(2);
    expect(
      jobDb
        .prepare('SELECT count(*) FROM group_members WHERE left_at IS NULL AND tier IS NULL')
        .pluck()
        .get(),
    ).toBe(0);
    expect(jobDb.pragma('foreign_key_check')).toEqual([]);
  });

  it('writes no history for a member another connection deleted meanwhile', () => {
    const { zhaoliu, lisi } = t.seeded.members;
    const other = t.backend.context.db;
    const result = recompute(() => other.prepare('DELETE FROM members WHERE id = ?').run(zhaoliu));
    expect(result).toEqual({ othersWrote: true });
    expect(history(zhaoliu)).toBe(0);
    expect(history(lisi)).toBe(1);
    expect(jobDb.pragma('foreign_key_check')).toEqual([]);
    expect(jobDb.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
