/**
 * Migration 0020 turns a workspace's name pieces (every 1- to 3-character substring) into suffixes, and the search
 * finds the same members before and after (and after migration 0022 moved the pieces into a full-text index); it
 * adds the QR image table. The workspace is written with SQL as a version-19 app wrote it: today's writers need
 * today's schema.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import { nameGrams } from '../../../electron/main/db/repositories/memberNames';
import { oldPeople, oldPeopleQueries, oldPieceSearch, searchNow, writeOldMembers } from './oldWorkspace';

/** The pieces as the app wrote them before 0020. */
function oldPieces(name: string): string[] {
  const chars = Array.from(name.normalize('NFKC').toLowerCase()).filter((char) => char.trim() !== '');
  const pieces = new Set<string>();
  for (let start = 0; start < chars.length; start += 1)
    for (let length = 1; length <= 3 && start + length <= chars.length; length += 1)
      pieces.add(chars.slice(start, start + length).join(''));
  return [...pieces];
}

describe('migration 0020 (member name pieces, QR images)', () => {
  it('rebuilds the pieces of existing names as suffixes; searches find the same members', () => {
    const db = new Database(':memory:');
    migrate(db, 19);
    // As a version-19 workspace holds them: rows, names by the triggers, keys and old pieces by the app.
    writeOldMembers(db, oldPeople, oldPieces);
    const queries = oldPeopleQueries;
    const before = queries.map((text) => oldPieceSearch(db, text, 19));
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
    expect(queries.map((text) => oldPieceSearch(db, text, 20))).toEqual(before);

    expect(
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'group_qr_code_images'").pluck().get(),
    ).toBe(1);

    // Today's search, on the full-text index migration 0022 builds from the names.
    migrate(db);
    expect(queries.map((text) => searchNow(db, text))).toEqual(before);
    db.close();
  });
});
