/** Versions of a group's rules (群规): append-only, numbered 1, 2, 3 … per group. */
import type { RuleVersion } from '../../../../shared/domain/groups';
import type { Db } from '../connection';

interface RuleDbRow {
  id: number;
  group_id: number;
  version: number;
  body: string;
  announced_on: string;
  note: string;
  recorded_at: number;
  operator: string;
}

function toRuleVersion(row: RuleDbRow): RuleVersion {
  return {
    id: row.id,
    groupId: row.group_id,
    version: row.version,
    body: row.body,
    announcedOn: row.announced_on,
    note: row.note,
    recordedAt: new Date(row.recorded_at).toISOString(),
    operator: row.operator,
  };
}

/** Newest first. */
export function listRuleVersions(db: Db, groupId: number): RuleVersion[] {
  return (
    db
      .prepare('SELECT * FROM group_rule_versions WHERE group_id = ? ORDER BY version DESC')
      .all(groupId) as RuleDbRow[]
  ).map(toRuleVersion);
}

export function latestRuleVersion(db: Db, groupId: number): RuleVersion | null {
  const row = db
    .prepare('SELECT * FROM group_rule_versions WHERE group_id = ? ORDER BY version DESC LIMIT 1')
    .get(groupId) as RuleDbRow | undefined;
  return row ? toRuleVersion(row) : null;
}

export function insertRuleVersion(
  db: Db,
  fields: {
    groupId: number;
    version: number;
    body: string;
    announcedOn: string;
    note: string;
    operator: string;
  },
  now: number,
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO group_rule_versions (group_id, version, body, announced_on, note, recorded_at, operator)
         VALUES (@groupId, @version, @body, @announcedOn, @note, @now, @operator)`,
      )
      .run({ ...fields, now }).lastInsertRowid,
  );
}

/** The current version number and announcement day of every group that has rules. */
export function currentRuleVersions(db: Db): Map<number, { version: number; announcedOn: string }> {
  const rows = db
    .prepare(
      `SELECT r.group_id, r.version, r.announced_on FROM group_rule_versions r
       WHERE r.version = (SELECT max(version) FROM group_rule_versions x WHERE x.group_id = r.group_id)`,
    )
    .all() as { group_id: number; version: number; announced_on: string }[];
  return new Map(rows.map((row) => [row.group_id, { version: row.version, announcedOn: row.announced_on }]));
}
