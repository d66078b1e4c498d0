/**
 * Migration 0020 turns a workspace's name pieces (every 1- to 3-character substring) into suffixes, and the search
 * finds the same members before and after (and after migration 0022 moved the pieces into a full-text index); it
 * adds the QR image table. The workspace is written with SQL as a version-19 app wrote it: today's writers need
 * today's schema.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import { compactSearchForm, nameGrams } from '../../../electron/main/db/repositories/memberNames';
import { memberIdsMatching } from '../../../electron/main/db/repositories/members';
import { writeOldMembers } from './oldWorkspace';

/** The pieces as the app wrote them before 0020. */
function oldPieces(name: string): string[] {
  const chars = Array.from(name.normalize('NFKC').toLowerCase()).filter((char) => char.trim() !== '');
  const pieces = new Set<string>();
  for (let start = 0; start < chars.length; start += 1)
    for (let length = 1; length <= 3 && start + length <= chars.length; length += 1)
      pieces.add(chars.slice(start, start + length).join(''));
  return [...pieces];
}

/** The members the piece part of the search found in the pieces table, as the version-19 or -20 app searched it. */
function pieceSearch(db: Database.Database, text: string, version: 19 | 20): number[] {
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

describe('migration 0020 (member name pieces, QR images)', () => {
  it('rebuilds the pieces of existing names as suffixes; searches find the same members', () => {
    const db = new Database(':memory:');
    migrate(db, 19);
    const people = [
      ['张三丰', '老客户 Amy'],
      ['欧阳娜娜', null],
      ['Ｂｅｎ 李', '书友会会长阿强'],
    ] as const;
    // As a version-19 workspace holds them: rows, names by the triggers, keys and old pieces by the app.
    writeOldMembers(db, people, oldPieces);
    const queries = [
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
    const before = queries.map((text) => pieceSearch(db, text, 19));
    expect(before.flat().length).toBeGreaterThan(queries.length);

    migrate(db, 20);
    const pieces = db
      .prepare('SELECT gram, member_id FROM member_name_grams ORDER BY member_id, gram')
      .raw()
      .all();
    const expected = (
      db.prepare('SELECT member_id, name FROM member_names').all() as { member_id: number; name: string }[]
    )
      .flatMap((row) => nameGrams(row.name).map((piece) => [piece, row.member_id]))
      .sort(([a, x], [b, y]) => Number(x) - Number(y) || (String(a) < String(b) ? -1 : 1));
    expect(pieces).toEqual([...new Map(expected.map((row) => [row.join('|'), row])).values()]);
    expect(pieces).toContainEqual(['张三丰', 1]);
    expect(pieces).not.toContainEqual(['张', 1]);
    expect(queries.map((text) => pieceSearch(db, text, 20))).toEqual(before);

    expect(
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'group_qr_code_images'").pluck().get(),
    ).toBe(1);

    // Today's search, on the full-text index migration 0022 builds from the names.
    migrate(db);
    const search = (text: string) =>
      memberIdsMatching(db, { query: text, includeMerged: true }, 100).sort((a, b) => a - b);
    expect(queries.map(search)).toEqual(before);
    db.close();
  });
});
