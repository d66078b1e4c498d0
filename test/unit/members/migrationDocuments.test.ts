/**
 * Migration 0022 moves a workspace's name pieces (suffixes, one row per piece and member) into a full-text index, one
 * document per member: the search finds the same members before and after, a deleted member's document goes, and the
 * tier index holds members with a tier only. The workspace is written with SQL as a version-21 app wrote it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import { nameGrams } from '../../../electron/main/db/repositories/memberNames';
import { oldPeople, oldPeopleQueries, oldPieceSearch, searchNow, writeOldMembers } from './oldWorkspace';

describe('migration 0022 (member name documents)', () => {
  it('moves the pieces into one search document per member; searches find the same members', () => {
    const db = new Database(':memory:');
    migrate(db, 21);
    const people = [
      ...oldPeople,
      // LIKE wildcards and quotes, taken literally.
      ['100%_真"实\'', null],
      ['张三', '张三丰的朋友'],
    ] as const;
    const names = writeOldMembers(db, people, nameGrams);
    const queries = [...oldPeopleQueries, '%', '_真', '"实', "实'", '0%', '丰的朋友'];
    const before = queries.map((text) => oldPieceSearch(db, text, 21));
    expect(before.flat().length).toBeGreaterThan(queries.length);

    migrate(db, 22);
    const objects = (name: string) =>
      db.prepare('SELECT count(*) FROM sqlite_schema WHERE name = ?').pluck().get(name);
    expect(objects('member_name_grams')).toBe(0);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'members_tier'").pluck().get()).toMatch(
      /WHERE tier IS NOT NULL$/,
    );
    // One document per member, holding exactly the pieces of its names.
    db.exec('CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, member_name_pieces, row)');
    const expected = new Map<string, Set<number>>();
    for (const row of names)
      for (const piece of nameGrams(row.name))
        expected.set(piece, (expected.get(piece) ?? new Set()).add(row.member_id));
    expect(new Set(db.prepare('SELECT term FROM temp.vocabulary').pluck().all())).toEqual(
      new Set(expected.keys()),
    );
    const holding = db
      .prepare('SELECT rowid FROM member_name_pieces WHERE member_name_pieces MATCH ?')
      .pluck();
    for (const [piece, holders] of expected)
      expect(new Set(holding.all(`"${piece.replace(/"/g, '""')}"`)), piece).toEqual(holders);

    const search = (text: string) => searchNow(db, text);
    expect(queries.map(search)).toEqual(before);

    // Deleting a member deletes its document.
    db.prepare('DELETE FROM members WHERE id = 1').run();
    expect(holding.all('"张三丰"')).toEqual([]);
    expect(search('张三丰')).toEqual([5]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
