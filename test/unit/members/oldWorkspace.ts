/** Members written with SQL as an older app version wrote them, for the migration tests (today's writers need today's schema). */
import type Database from 'better-sqlite3';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { compactSearchForm } from '../../../electron/main/db/repositories/memberNames';
import { memberIdsMatching } from '../../../electron/main/db/repositories/members';

/** Members of an older workspace ([display name, remark]): Han, a compound surname, full-width Latin, a remark. */
export const oldPeople = [
  ['张三丰', '老客户 Amy'],
  ['欧阳娜娜', null],
  ['Ｂｅｎ 李', '书友会会长阿强'],
] as const;

/** Searches over `oldPeople`: pieces of names, remarks and group nicknames, Latin in another width and case. */
export const oldPeopleQueries = [
  '张',
  '三丰',
  '张三丰',
  '娜娜',
  '欧阳娜',
  'amy',
  'ben',
  'ｂｅｎ李',
  '友会会长',
  '群友2',
  '号',
];

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

/**
 * The members the piece part of an older app's search found in `member_name_grams`: version 19 looked the text's
 * first three characters up as one piece; versions 20 and 21 took a prefix range over the suffixes. Past three
 * characters, the names were checked with LIKE.
 */
export function oldPieceSearch(db: Database.Database, text: string, version: 19 | 20 | 21): number[] {
  const chars = compactSearchForm(text);
  const piece = chars.slice(0, version === 19 ? 3 : 12).join('');
  const pieces =
    version === 19
      ? db.prepare('SELECT member_id FROM member_name_grams WHERE gram = ?').pluck().all(piece)
      : db
          .prepare('SELECT member_id FROM member_name_grams WHERE gram >= ? AND gram < ?')
          .pluck()
          .all(piece, `${piece}\u{10FFFF}`);
  const like = db.prepare("SELECT 1 FROM member_names WHERE member_id = ? AND name LIKE '%' || ? || '%'");
  return [...new Set(pieces as number[])]
    .filter((id) => Array.from(text).length <= 3 || like.get(id, text) !== undefined)
    .sort((a, b) => a - b);
}

/** Today's search of the members (merged ones too), ids ascending. */
export function searchNow(db: Database.Database, text: string): number[] {
  return memberIdsMatching(db, { query: text, includeMerged: true }, 100).sort((a, b) => a - b);
}
