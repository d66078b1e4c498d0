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

/** Texts other records could quote a person by: one-character names would match too much to tell. */
const quotableOf = (texts: readonly string[]): string[] => texts.filter((text) => [...text].length >= 2);

/**
 * Erases one record; returns how many rows of each kind were erased or anonymised, and how many rows elsewhere had
 * mentions of the person replaced (see eraseMentions).
 */
export function eraseMemberRecord(
  db: Db,
  memberId: number,
  placeholder: string,
  now: number,
): { rows: ErasedRows; mentions: number } {
  // Read before the profile columns are cleared: the wxid and phone are blacklist keys too.
  const keys = identityKeysOf(db, memberId);
  const knownNames = db
    .prepare('SELECT DISTINCT name FROM member_names WHERE member_id = ?')
    .pluck()
    .all(memberId) as string[];
  const names = (
    db.prepare('SELECT count(*) AS n FROM member_names WHERE member_id = ?').get(memberId) as { n: number }
  ).n;
  // What other records could quote them by (an inviter's name, a merge, a note).
  const mentioned = { names: quotableOf(knownNames), identifiers: quotableOf(keys.map((key) => key.value)) };
  const quotable = [...mentioned.names, ...mentioned.identifiers];
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
  // Its search document goes with them (what it left in the index's blocks is purged once the person's records
  // are erased: purgeDeletedPieces); indexing the placeholder writes the new one.
  changes(db, 'DELETE FROM member_name_pieces WHERE rowid = ?', memberId);
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
  // scores stay, who applied, what they answered, the blacklist reasons they matched (each one kept as the
  // placeholder, so the application still counts as flagged) and what reviewers noted about them go.
  const applicationIds = db
    .prepare(
      `SELECT id FROM admission_applications
       WHERE member_id = @memberId OR EXISTS (SELECT 1 FROM json_each(@keys) k
         WHERE (json_extract(k.value, '$.platform') = 'wxid' AND admission_applications.wxid = json_extract(k.value, '$.value'))
            OR (json_extract(k.value, '$.platform') = 'phone' AND admission_applications.phone = json_extract(k.value, '$.value')))`,
    )
    .pluck()
    .all({ memberId, keys: JSON.stringify(keys) }) as number[];
  const applications = changes(
    db,
    `UPDATE admission_applications SET applicant_name = @placeholder, wxid = NULL, phone = NULL, inviter_name = NULL,
       answers = '{}', note = '', blacklist_hits = (SELECT json_group_array(@placeholder) FROM json_each(blacklist_hits))
     WHERE id IN (SELECT value FROM json_each(@ids))`,
    { placeholder, ids: JSON.stringify(applicationIds) },
  );
  withAppendOnlyLifted(db, 'admission_decisions', () =>
    changes(
      db,
      `UPDATE admission_decisions SET note = '' WHERE note <> '' AND application_id IN (SELECT value FROM json_each(?))`,
      JSON.stringify(applicationIds),
    ),
  );
  // The risk queue's hits on their messages: the copied text and the reviewer's reason go (as a violation's
  // excerpt and note do); the word, category and decision stay.
  changes(
    db,
    "UPDATE risk_hits SET text = '', reason = CASE WHEN reason IS NULL THEN NULL ELSE '' END WHERE member_id = ?",
    memberId,
  );
  // Crisis timelines linking them (as a member, or a message of theirs) as evidence: the label named them.
  changes(
    db,
    `UPDATE crisis_events SET payload = json_set(payload, '$.evidence.label', @placeholder)
     WHERE kind = 'evidence_linked' AND json_valid(payload) AND (
       (json_extract(payload, '$.evidence.kind') = 'member' AND json_extract(payload, '$.evidence.id') = @memberId)
       OR (json_extract(payload, '$.evidence.kind') = 'message' AND json_extract(payload, '$.evidence.id') IN (
         SELECT id FROM messages WHERE member_id = @memberId)))`,
    { placeholder, memberId },
  );
  const checkIns = (
    db.prepare('SELECT count(*) AS n FROM activity_checkins WHERE member_id = ?').get(memberId) as {
      n: number;
    }
  ).n;
  const mentions = eraseMentions(db, mentioned, placeholder);
  const rows: ErasedRows = {
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
  return { rows, mentions };
}

/**
 * Runs `work` with the append-only guard of `table` lifted (in the caller's transaction, so no other change can
 * slip through meanwhile): erasure is the one change an append-only record allows.
 */
function withAppendOnlyLifted<T>(db: Db, table: string, work: () => T): T {
  const guards = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%append_only'`,
    )
    .all(table) as { name: string; sql: string }[];
  for (const guard of guards) db.exec(`DROP TRIGGER "${guard.name.replace(/"/g, '""')}"`);
  const result = work();
  for (const guard of guards) db.exec(guard.sql);
  return result;
}

/**
 * Free text that other records keep and that may mention a person by name, wxid or phone: notes and reasons people
 * wrote, labels, titles, invite references, copied message text, saved searches. `json`: the text is JSON, changed
 * in its string values only. `identifiersOnly`: the column names another record's own person (an applicant, a
 * check-in's participant, a blacklisted name), who may merely share the name, so only a wxid, phone or other
 * identity of theirs counts there. Message text itself is the group's record and is kept (its sender is anonymised).
 */
const mentionColumns: readonly {
  table: string;
  column: string;
  json?: boolean;
  identifiersOnly?: boolean;
}[] = [
  { table: 'members', column: 'inviter_name' },
  { table: 'member_notes', column: 'body' },
  { table: 'violations', column: 'evidence_excerpt' },
  { table: 'violations', column: 'note' },
  { table: 'points_ledger', column: 'reason' },
  { table: 'blacklist', column: 'display_name', identifiersOnly: true },
  { table: 'blacklist', column: 'reason' },
  { table: 'member_views', column: 'name' },
  { table: 'member_views', column: 'filter', json: true },
  { table: 'admission_applications', column: 'applicant_name', identifiersOnly: true },
  { table: 'admission_applications', column: 'inviter_name' },
  { table: 'admission_applications', column: 'note' },
  { table: 'admission_applications', column: 'answers', json: true },
  { table: 'admission_decisions', column: 'note' },
  { table: 'group_qr_codes', column: 'label' },
  { table: 'group_qr_codes', column: 'note' },
  { table: 'activities', column: 'notes' },
  { table: 'activities', column: 'run_sheet' },
  { table: 'activity_checkins', column: 'participant', identifiersOnly: true },
  { table: 'calendar_items', column: 'title' },
  { table: 'calendar_items', column: 'body' },
  { table: 'calendar_items', column: 'notes' },
  { table: 'risk_hits', column: 'text' },
  { table: 'risk_hits', column: 'reason' },
  { table: 'crisis_incidents', column: 'title' },
  { table: 'crisis_incidents', column: 'review', json: true },
  { table: 'crisis_events', column: 'payload', json: true },
  { table: 'crisis_prevention_checks', column: 'note' },
];

function replaceMentions(text: string, needles: readonly string[], placeholder: string): string {
  let result = text;
  for (const needle of needles) result = result.split(needle).join(placeholder);
  return result;
}

/** Every string value in a JSON document with the mentions replaced; keys and structure stay as they are. */
function replaceMentionsInJson(json: string, needles: readonly string[], placeholder: string): string {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return replaceMentions(value, needles, placeholder);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  try {
    return JSON.stringify(walk(JSON.parse(json)));
  } catch {
    // Not JSON after all: as plain text.
    return replaceMentions(json, needles, placeholder);
  }
}

/**
 * Replaces every mention of the person (their names; their wxid, phone and other identities) in the free text of
 * `mentionColumns` with the placeholder. Returns the rows changed. A row that would then clash on a unique key
 * with another (the same check-in recorded under both names) is the same record twice, and goes.
 */
function eraseMentions(
  db: Db,
  mentioned: { names: readonly string[]; identifiers: readonly string[] },
  placeholder: string,
): number {
  // Longest first: 李四四 before 李四.
  const longestFirst = (texts: readonly string[]) => [...new Set(texts)].sort((a, b) => b.length - a.length);
  const everything = longestFirst([...mentioned.names, ...mentioned.identifiers]);
  const identifiers = longestFirst(mentioned.identifiers);
  let rows = 0;
  for (const { table, column, json, identifiersOnly } of mentionColumns) {
    const needles = identifiersOnly ? identifiers : everything;
    if (needles.length === 0) continue;
    const needlesJson = JSON.stringify(needles);
    const found = db
      .prepare(
        `SELECT rowid AS id, "${column}" AS text FROM "${table}"
         WHERE "${column}" IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(?) n WHERE instr("${column}", n.value) > 0)`,
      )
      .all(needlesJson) as { id: number; text: string }[];
    if (found.length === 0) continue;
    withAppendOnlyLifted(db, table, () => {
      const update = db.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE rowid = ?`);
      const remove = db.prepare(`DELETE FROM "${table}" WHERE rowid = ?`);
      for (const row of found) {
        const next = json
          ? replaceMentionsInJson(row.text, needles, placeholder)
          : replaceMentions(row.text, needles, placeholder);
        if (next === row.text) continue;
        try {
          update.run(next, row.id);
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
          remove.run(row.id);
        }
        rows += 1;
      }
    });
  }
  return rows;
}
