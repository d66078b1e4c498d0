/**
 * Migration 0022 moves a workspace's name pieces (suffixes, one row per piece and member) into a full-text index, one
 * document per member: the search finds the same members before and after, a deleted member's document goes, and the
 * tier index holds members with a tier only. The workspace is written with SQL as a version-21 app wrote it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import { compactSearchForm, nameGrams } from '../../../electron/main/db/repositories/memberNames';
import { memberIdsMatching } from '../../../electron/main/db/repositories/members';
import { writeOldMembers } from './oldWorkspace';

/** The members the piece part of the version-21 search found: a prefix range over the suffixes, LIKE past 3. */
function suffixSearch(db: Database.Database, text: string): number[] {
  const piece = compactSearchForm(text).slice(0, 12).join('');
  const found = db
    .prepare('SELECT member_id FROM member_name_grams WHERE gram >= ? AND gram < ?')
    .pluck()
    .all(piece, `${piece}\u{10FFFF}`) as number[];
  const like = db.prepare("SELECT 1 FROM member_names WHERE member_id = ? AND name LIKE '%' || ? || '%'");
  return [...new Set(found)]
    .filter((id) => Array.from(text).length <= 3 || like.get(id, text) !== undefined)
    .sort((a, b) => a - b);
}

describe('migration 0022 (member name documents)', () => {
  it('moves the pieces into one search document per member; searches find the same members', () => {
    const db = new Database(':memory:');
    migrate(db, 21);
    const people = [
      ['张三丰', '老客户 Amy'],
      ['欧阳娜娜', null],
      ['Ｂｅｎ 李', '书友会会长阿强'],
      ['100%_真"实\'', null],
      ['张三', '张三丰的朋友'],
    ] as const;
    const names = writeOldMembers(db, people, nameGrams);
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
      '%',
      '_真',
      '"实',
      "实'",
      '0%',
      '丰的朋友',
    ];
    const before = queries.map((text) => suffixSearch(db, text));
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

    const search = (text: string) =>
      memberIdsMatching(db, { query: text, includeMerged: true }, 100).sort((a, b) => a - b);
    expect(queries.map(search)).toEqual(before);

    // Deleting a member deletes its document.
    db.prepare('DELETE FROM members WHERE id = 1').run();
    expect(holding.all('"张三丰"')).toEqual([]);
    expect(search('张三丰')).toEqual([5]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
