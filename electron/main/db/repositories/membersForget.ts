/**
 * 被遗忘权 (PIPL): erasing one member record's personal data in place. The row stays, anonymous, so message counts,
 * memberships, tiers, points and violation amounts still add up; every text that could name or reach the person
 * goes. The caller runs it in a transaction and writes the audit entry.
 */
import type { ForgetCounts } from '../../../../shared/ipc/channels/members';
import type { Db } from '../connection';
import { identityKeysOf } from './identities';
import { indexPendingNames } from './memberNames';

/** The record and every record merged into it, directly or through a chain (they are the same person). */
export function recordsOfPerson(db: Db, memberId: number): number[] {
  return db
    .prepare(
      `WITH RECURSIVE chain (id) AS (
         SELECT ?
         UNION SELECT m.id FROM members m JOIN chain c ON m.merged_into_id = c.id
       ) SELECT id FROM chain`,
    )
    .pluck()
    .all(memberId) as number[];
}

export type ErasedRows = Omit<ForgetCounts, 'records'>;

const changes = (db: Db, sql: string, ...params: unknown[]): number => db.prepare(sql).run(...params).changes;

/** Erases one record; returns how many rows of each kind were erased or anonymised. */
export function eraseMemberRecord(db: Db, memberId: number, placeholder: string, now: number): ErasedRows {
  // Read before the profile columns are cleared: the wxid and phone are blacklist keys too.
  const keys = identityKeysOf(db, memberId);
  const knownNames = db
    .prepare('SELECT DISTINCT name FROM member_names WHERE member_id = ?')
    .pluck()
    .all(memberId) as string[];
  const names = (
    db.prepare('SELECT count(*) AS n FROM member_names WHERE member_id = ?').get(memberId) as { n: number }
  ).n;
  // What other audit entries could quote them by (an inviter's name, a merge): one-character names would match
  // too much to tell.
  const quotable = [...knownNames, ...keys.map((key) => key.value)].filter((text) => [...text].length >= 2);
  const blacklistEntries = changes(
    db,
    `DELETE FROM blacklist WHERE member_id = @memberId OR EXISTS (SELECT 1 FROM json_each(@keys) k
       WHERE blacklist.platform = json_extract(k.value, '$.platform') AND blacklist.value = json_extract(k.value, '$.value'))`,
    { memberId, keys: JSON.stringify(keys) },
  );
  changes(db, 'UPDATE group_members SET group_nickname = NULL WHERE member_id = ?', memberId);
  db.prepare(
    `UPDATE members SET display_name = @placeholder, wxid = NULL, phone = NULL, phone_reversed = NULL, region = NULL,
       remark = NULL, inviter_name = NULL, inviter_member_id = NULL, forgotten_at = @now, updated_at = @now
     WHERE id = @memberId`,
  ).run({ placeholder, now, memberId });
  // The name triggers closed the old names and recorded the placeholder; only the placeholder may remain.
  changes(db, 'DELETE FROM member_names WHERE member_id = ?', memberId);
  changes(db, 'DELETE FROM member_name_grams WHERE member_id = ?', memberId);
  db.prepare(
    "INSERT INTO member_names (member_id, kind, name, from_at) VALUES (?, 'wechat_nickname', ?, ?)",
  ).run(memberId, placeholder, now);
  indexPendingNames(db, memberId);
  // Members this one invited named them as their inviter.
  changes(
    db,
    'UPDATE members SET inviter_name = ? WHERE inviter_member_id = ? AND inviter_name IS NOT NULL',
    placeholder,
    memberId,
  );
  // Activity check-ins list the participant by name; a clash on the unique key means the same check-in twice.
  changes(
    db,
    'UPDATE OR IGNORE activity_checkins SET participant = ? WHERE member_id = ?',
    placeholder,
    memberId,
  );
  changes(
    db,
    'DELETE FROM activity_checkins WHERE member_id = ? AND participant <> ?',
    memberId,
    placeholder,
  );
  // Entry applications (入群申请) of this member, linked or matching their wxid or phone: the decisions and
  // scores stay, who applied and what they answered go.
  const applications = changes(
    db,
    `UPDATE admission_applications SET applicant_name = @placeholder, wxid = NULL, phone = NULL, inviter_name = NULL,
       answers = '{}', note = ''
     WHERE member_id = @memberId OR EXISTS (SELECT 1 FROM json_each(@keys) k
       WHERE (json_extract(k.value, '$.platform') = 'wxid' AND admission_applications.wxid = json_extract(k.value, '$.value'))
          OR (json_extract(k.value, '$.platform') = 'phone' AND admission_applications.phone = json_extract(k.value, '$.value')))`,
    { placeholder, memberId, keys: JSON.stringify(keys) },
  );
  const checkIns = (
    db.prepare('SELECT count(*) AS n FROM activity_checkins WHERE member_id = ?').get(memberId) as {
      n: number;
    }
  ).n;
  return {
    names,
    notes: changes(db, "UPDATE member_notes SET body = '' WHERE member_id = ?", memberId),
    fieldValues: changes(db, 'DELETE FROM member_field_values WHERE member_id = ?', memberId),
    identities: changes(db, 'DELETE FROM member_identities WHERE member_id = ?', memberId),
    blacklistEntries,
    messages: changes(db, 'UPDATE messages SET sender_name = ? WHERE member_id = ?', placeholder, memberId),
    // The cited message stays linked (its sender now anonymous); the copied excerpt and the note text go.
    violations: changes(
      db,
      "UPDATE violations SET evidence_excerpt = NULL, note = '' WHERE member_id = ?",
      memberId,
    ),
    checkIns,
    applications,
    // A merge record keeps the moved wxid and group nicknames to undo the merge: erasing makes it final.
    merges: changes(db, 'DELETE FROM member_merges WHERE source_id = ? OR target_id = ?', memberId, memberId),
    // Earlier audit details may quote names, notes, phones or reasons; the entries stay, their details go.
    auditEntries: changes(
      db,
      `UPDATE audit_log SET detail = '{"erased":true}'
       WHERE detail IS NOT NULL AND detail <> '{"erased":true}' AND (
         (entity = 'member' AND entity_id = @id)
         OR (entity = 'identity' AND json_valid(detail) AND json_extract(detail, '$.memberId') = @memberId)
         OR EXISTS (SELECT 1 FROM json_each(@quotable) q WHERE instr(detail, q.value) > 0))`,
      { id: String(memberId), memberId, quotable: JSON.stringify(quotable) },
    ),
  };
}
