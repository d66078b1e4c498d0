/**
 * Member search must find exactly what it found when every 1- to 3-character piece of every name was indexed:
 * this test states that behaviour as a plain scan over the names (the oracle) and checks the indexed search against
 * it for generated names (Han, Latin in both cases, full-width letters, digits, spaces, LIKE wildcards; nicknames,
 * renames, remarks, group nicknames) and queries (pieces of the names, pinyin and initials prefixes, phone tails, wxid
 * prefixes, random text).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { searchForm } from '../../../electron/main/db/repositories/memberNames';
import {
  addGroupMember,
  insertMember,
  memberIdsMatching,
  updateMemberProfile,
} from '../../../electron/main/db/repositories/members';

const alphabet = [
  ...'张三李四王伟芳单曾长孙欧阳小明红',
  ...'aAbBzZsS',
  ...'ＡＢｚ１',
  ...'0123456789',
  ' ',
  '%',
  '_',
  // Characters with a meaning in full-text query syntax: the pieces' index must take them literally.
  '"',
  "'",
  '*',
  '-',
  '(',
  ':',
  '🐟',
];
const nameArbitrary = fc
  .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 9 })
  .map((chars) => chars.join('').trim())
  .filter((name) => name.length > 0);

/** SQLite's LIKE as the search uses it: ASCII letters without case, `\` escapes the wildcards. */
function sqliteLikeContains(haystack: string, needle: string): boolean {
  const lowerAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lowerAscii(haystack).includes(lowerAscii(needle));
}

interface NameRow {
  member_id: number;
  name: string;
  pinyin_full: string;
  pinyin_initials: string;
}

const nameRowsOf = new WeakMap<Database.Database, (NameRow & { compact: string })[]>();
function nameRows(db: Database.Database): (NameRow & { compact: string })[] {
  let rows = nameRowsOf.get(db);
  if (!rows) {
    rows = (
      db.prepare('SELECT member_id, name, pinyin_full, pinyin_initials FROM member_names').all() as NameRow[]
    ).map((row) => ({
      ...row,
      // Pieces were taken from the name's characters without whitespace.
      compact: Array.from(searchForm(row.name))
        .filter((char) => char.trim() !== '')
        .join(''),
    }));
    nameRowsOf.set(db, rows);
  }
  return rows;
}

/** The search as it was with 1- to 3-character pieces, by scanning: the behaviour the index must keep. */
function oracle(db: Database.Database, text: string): number[] {
  const folded = searchForm(text);
  const chars = Array.from(folded);
  const firstPiece = chars.slice(0, 3).join('');
  const found = new Set<number>();
  for (const row of nameRows(db)) {
    const { compact } = row;
    const pieceFound = compact.includes(firstPiece) && !/\s/u.test(firstPiece);
    if (pieceFound && (chars.length <= 3 || sqliteLikeContains(row.name, text))) found.add(row.member_id);
    if (/^[a-z]{1,40}$/.test(folded)) {
      if (row.pinyin_full.startsWith(folded) || row.pinyin_initials.startsWith(folded))
        found.add(row.member_id);
    }
  }
  for (const member of db.prepare('SELECT id, wxid, phone FROM members').all() as {
    id: number;
    wxid: string | null;
    phone: string | null;
  }[]) {
    if (member.wxid !== null && member.wxid.startsWith(text)) found.add(member.id);
    if (/^\d{3,15}$/.test(text) && member.phone?.endsWith(text)) found.add(member.id);
  }
  for (const identity of db.prepare('SELECT member_id, value FROM member_identities').all() as {
    member_id: number;
    value: string;
  }[])
    if (identity.value === text) found.add(identity.member_id);
  return [...found].sort((a, b) => a - b);
}

describe('member search keeps what it finds', () => {
  const db = new Database(':memory:');
  const now = Date.UTC(2026, 0, 1);
  const names: string[] = [];

  beforeAll(() => {
    migrate(db);
    const groupId = insertGroup(
      db,
      { name: '读书群', type: 'service', positioning: '', coreGoal: '', memberCap: 500 },
      now,
    );
    const members = fc.sample(
      fc.record({
        name: nameArbitrary,
        remark: fc.option(nameArbitrary, { nil: null }),
        groupNickname: fc.option(nameArbitrary, { nil: null }),
        renamed: fc.option(nameArbitrary, { nil: null }),
        phone: fc.option(fc.stringMatching(/^1[3-9]\d{9}$/), { nil: null }),
      }),
      { numRuns: 300, seed: 20260101 },
    );
    members.forEach((member, index) => {
      const id = insertMember(
        db,
        {
          displayName: member.name,
          wxid: index % 3 === 0 ? `wxid_Eq${index}` : null,
          joinChannel: null,
          remark: member.remark,
          phone: member.phone,
        },
        now,
      );
      addGroupMember(db, {
        groupId,
        memberId: id,
        role: 'member',
        groupNickname: member.groupNickname,
        joinedAt: now,
      });
      if (member.renamed !== null) updateMemberProfile(db, id, { displayName: member.renamed }, now + 1);
      names.push(
        member.name,
        ...[member.remark, member.groupNickname, member.renamed].filter((n) => n !== null),
      );
    });
  });
  afterAll(() => db.close());

  const search = (text: string) =>
    memberIdsMatching(db, { query: text, includeMerged: true }, 1_000_000).sort((a, b) => a - b);

  it('finds by pieces of the names, as the old pieces did', () => {
    const queries = new Set<string>();
    for (const name of names.slice(0, 400)) {
      const chars = Array.from(name);
      for (let start = 0; start < chars.length; start += 1)
        for (const length of [1, 2, 3, 4, 6]) queries.add(chars.slice(start, start + length).join(''));
    }
    for (const query of queries) {
      const text = query.trim();
      if (text) expect(search(text), text).toEqual(oracle(db, text));
    }
  });

  it('finds by pinyin, initials, phone tail, wxid and random text', () => {
    const queries = ['zs', 'zhangsan', 'zh', 'z', 'ls', 'lisi', 'ouyang', 'oy', 'shan', 'zeng', 'xm', 'am'];
    queries.push('wxid_eq', 'wxid_Eq1', 'wxid_Eq12', '138', '1234', '%', '_', '张 三', 'ＡＢ', 'ab', 'AB');
    queries.push(...fc.sample(nameArbitrary, { numRuns: 200, seed: 7 }));
    for (const text of queries) expect(search(text), text).toEqual(oracle(db, text));
  });

  it('the oracle is not trivially empty', () => {
    expect(oracle(db, 'z').length).toBeGreaterThan(10);
    expect(oracle(db, Array.from(names[0]!).slice(0, 2).join('').trim() || 'a').length).toBeGreaterThan(0);
  });
});
