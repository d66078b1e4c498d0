/** Members written with SQL as an older app version wrote them, for the migration tests (today's writers need today's schema). */
import type Database from 'better-sqlite3';
import { insertGroup } from '../../../electron/main/db/repositories/groups';

/**
 * Writes `people` ([display name, remark]) into one group as rows, names by the triggers, empty pinyin keys and name
 * pieces (`piecesOf`, the old app's) in `member_name_grams`; returns the names written.
 */
export function writeOldMembers(
  db: Database.Database,
  people: readonly (readonly [string, string | null])[],
  piecesOf: (name: string) => string[],
): { member_id: number; name: string }[] {
  const now = Date.UTC(2026, 0, 1);
  const groupId = insertGroup(
    db,
    { name: '读书群', type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
    now,
  );
  people.forEach(([name, remark], index) => {
    const id = index + 1;
    db.prepare(
      'INSERT INTO members (id, display_name, wxid, remark, name_sort, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?)',
    ).run(id, name, remark, name, now, now);
    if (remark)
      db.prepare("INSERT INTO member_names (member_id, kind, name, from_at) VALUES (?, 'remark', ?, ?)").run(
        id,
        remark,
        now,
      );
    db.prepare(
      "INSERT INTO group_members (group_id, member_id, role, group_nickname, joined_at) VALUES (?, ?, 'member', ?, ?)",
    ).run(groupId, id, `群友${id}号`, now);
  });
  db.prepare("UPDATE member_names SET pinyin_full = '', pinyin_initials = ''").run();
  const names = db.prepare('SELECT member_id, name FROM member_names').all() as {
    member_id: number;
    name: string;
  }[];
  const addPiece = db.prepare('INSERT OR IGNORE INTO member_name_grams (gram, member_id) VALUES (?, ?)');
  for (const row of names) for (const piece of piecesOf(row.name)) addPiece.run(piece, row.member_id);
  return names;
}
