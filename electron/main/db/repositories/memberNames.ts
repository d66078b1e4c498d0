/**
 * Pinyin keys for member names, so `zs` and `zhangsan` both find 张三. Triggers record every name a member had
 * (with NULL keys); this fills the keys in, for one member right after a write or for everything still pending.
 */
import { pinyin } from 'pinyin-pro';
import type { NameKind, NameRecord } from '../../../../shared/domain/members';
import type { Db } from '../connection';
import { cachedStatement } from './statementCache';

const han = /\p{Script=Han}/uy;
const notAlphanumeric = /[^a-z0-9]/g;
/** No character below U+2E80 (CJK Radicals Supplement) is of the Han script. */
const firstHan = 0x2e80;

export interface PinyinKeys {
  /** Whole name in toneless pinyin, Latin letters and digits kept, lower case: 张三Amy → zhangsanamy. */
  full: string;
  /** First letter of each Chinese syllable, other letters and digits kept: 张三Amy → zsamy. */
  initials: string;
}

/**
 * What pinyin-pro's tone marks become without them, ü as v (its `toneType: 'none'` and `v: true`); any other
 * character but a-z and 0-9 is dropped from a syllable (ê, combining marks).
 */
const toneless = new Map(
  Object.entries({
    a: 'āáǎà',
    o: 'ōóǒò',
    e: 'ēéěè',
    i: 'īíǐì',
    u: 'ūúǔù',
    v: 'ǖǘǚǜü',
    n: 'ńňǹ',
    m: 'ḿ',
  }).flatMap(([plain, marked]) => Array.from(marked, (char) => [char, plain] as const)),
);
const tonelessChar = (char: string) => toneless.get(char) ?? '';

/**
 * Pinyin-pro's options for a name: surname mode reads 单/曾/长孙 as family names (names are where those readings
 * matter most). Tone marks are taken off by `tonelessChar`, which costs a fraction of pinyin-pro's own
 * `toneType: 'none'` (nine regular expressions per syllable).
 */
const pinyinOptions = { type: 'array', surname: 'head' } as const;

/**
 * Syllables as pinyin-pro writes them → as the keys hold them. Pinyin has about 1,600 toned syllables; the cap only
 * matters for what pinyin-pro returns as it is (characters it cannot read).
 */
const plainSyllables = new Map<string, string>();
const plainSyllablesKept = 10_000;

/** The name's Han characters' syllables, toneless, only a-z and 0-9. */
function hanSyllables(hanChars: string): string[] {
  if (hanChars === '') return [];
  const syllables = pinyin(hanChars, pinyinOptions);
  for (let index = 0; index < syllables.length; index += 1) {
    const syllable = syllables[index]!;
    let plain = plainSyllables.get(syllable);
    if (plain === undefined) {
      plain = syllable.replace(notAlphanumeric, tonelessChar);
      if (plainSyllables.size < plainSyllablesKept) plainSyllables.set(syllable, plain);
    }
    syllables[index] = plain;
  }
  return syllables;
}

/** The length in UTF-16 units of the character at `index` (2 for a surrogate pair). */
function charLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdbff || index + 1 >= text.length) return 1;
  const next = text.charCodeAt(index + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/** Whether the character at `index` is of the Han script. */
function isHanAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < firstHan) return false;
  // CJK Unified Ideographs, all of them Han: most names' characters.
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  // The second half of a surrogate pair (the regular expression would read the pair from its first half).
  if (code >= 0xdc00 && code <= 0xdfff) return false;
  han.lastIndex = index;
  return han.test(text);
}

/**
 * A name's pinyin keys. `syllablesByHan` keeps the readings of the names' Chinese characters for a bulk writer:
 * names that differ only in other characters (小鱼儿1, 小鱼儿2 …) share them.
 */
export function pinyinKeys(name: string, syllablesByHan?: Map<string, string[]>): PinyinKeys {
  const folded = name.normalize('NFKC').toLowerCase();
  let hanCount = 0;
  for (let index = 0; index < folded.length; index += 1) if (isHanAt(folded, index)) hanCount += 1;
  // A name all of Han characters of the BMP (most are) is one syllable per character (or none, for a character
  // pinyin-pro cannot read).
  const allHan = hanCount === folded.length;
  // The Han characters are read together (pinyin-pro reads words, not characters: 长孙, 重庆).
  let hanChars = folded;
  if (!allHan) {
    hanChars = '';
    for (let index = 0; index < folded.length; index += charLength(folded, index))
      if (isHanAt(folded, index)) hanChars += folded.slice(index, index + charLength(folded, index));
  }
  let syllables = syllablesByHan?.get(hanChars);
  if (!syllables) {
    syllables = hanSyllables(hanChars);
    syllablesByHan?.set(hanChars, syllables);
  }
  let full = '';
  let initials = '';
  if (allHan) {
    for (let next = 0; next < hanCount; next += 1) {
      const syllable = syllables[next] ?? '';
      full += syllable;
      initials += syllable.slice(0, 1);
    }
    return { full, initials };
  }
  // Other characters are kept when they are a-z or 0-9.
  let next = 0;
  for (let index = 0; index < folded.length;) {
    const length = charLength(folded, index);
    if (isHanAt(folded, index)) {
      const syllable = syllables[next++] ?? '';
      full += syllable;
      initials += syllable.slice(0, 1);
    } else if (length === 1) {
      const code = folded.charCodeAt(index);
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
        full += folded[index];
        initials += folded[index];
      }
    }
    index += length;
  }
  return { full, initials };
}

/** Lower case, full-width folded: how names and queries are compared. */
export function searchForm(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The longest name piece indexed. A name's pieces are its suffixes (from each character to the end, at most this
 * long), so any text of up to this many characters inside a name is the start of one of its pieces: a substring
 * search is one index range. Longer queries look up their first piece and check the rest.
 */
export const maxPieceLength = 12;

/** The name's characters as the pieces hold them: folded, without whitespace. */
export function compactSearchForm(text: string): string[] {
  return Array.from(searchForm(text)).filter((char) => char.trim() !== '');
}

const whitespace = /\s/g;
const surrogate = /[\uD800-\uDFFF]/;

/**
 * A name's search pieces, once each: every suffix of its compact form, cut at `maxPieceLength` characters. One row
 * per character instead of one per 1-, 2- and 3-character substring (≈ 2.5 times fewer rows to write on import),
 * and queries of any length up to the cap are served by the index alone.
 */
export function nameGrams(name: string): string[] {
  const folded = searchForm(name);
  if (surrogate.test(folded)) return nameGramsByCodePoint(name);
  // One UTF-16 unit per character: the compact form is one string (\s is the whitespace trim() removes), its
  // suffixes are slices. Below the cap they differ in length, so only names longer than it can repeat a piece.
  const compact = folded.replace(whitespace, '');
  const pieces: string[] = [];
  for (let start = 0; start < compact.length; start += 1)
    pieces.push(compact.slice(start, start + maxPieceLength));
  return compact.length > maxPieceLength ? [...new Set(pieces)] : pieces;
}

/** `nameGrams` for names with characters outside the BMP (emoji, rare Han): counted by code point. */
function nameGramsByCodePoint(name: string): string[] {
  const chars = compactSearchForm(name);
  const pieces = new Set<string>();
  for (let start = 0; start < chars.length; start += 1)
    pieces.add(chars.slice(start, start + maxPieceLength).join(''));
  return [...pieces];
}

/** Writes a name's pinyin keys; the member's name order key too when it is the current nickname. */
function writeNameKeys(
  db: Db,
  row: { id: number | null; member_id: number; name: string; setSort: boolean },
): PinyinKeys {
  const keys = pinyinKeys(row.name);
  if (row.id === null) {
    cachedStatement(
      db,
      'UPDATE member_names SET pinyin_full = ?, pinyin_initials = ? WHERE member_id = ? AND name = ? AND pinyin_full IS NULL',
    ).run(keys.full, keys.initials, row.member_id, row.name);
  } else {
    cachedStatement(db, 'UPDATE member_names SET pinyin_full = ?, pinyin_initials = ? WHERE id = ?').run(
      keys.full,
      keys.initials,
      row.id,
    );
  }
  // Sorting by pinyin puts 张 near 章, which code-point order would not.
  if (row.setSort)
    cachedStatement(db, 'UPDATE members SET name_sort = ? WHERE id = ?').run(
      keys.full || row.name,
      row.member_id,
    );
  return keys;
}

/**
 * A member's search document in `member_name_pieces` (migration 0022): the pieces of all its names (see
 * `nameGrams`), once each, separated by spaces. Pieces hold no whitespace, and the table's tokenizer keeps every
 * other character but ASCII control characters inside a token (see the migration), so each piece is one token.
 */
export function piecesDocument(names: readonly string[]): string {
  // One name's pieces never repeat (see `nameGrams`); several names often share some.
  if (names.length === 1) return nameGrams(names[0]!).join(' ');
  const pieces = new Set<string>();
  for (const name of names) for (const piece of nameGrams(name)) pieces.add(piece);
  return [...pieces].join(' ');
}

/**
 * The full-text query for the members with a piece starting with `piece` (a token prefix query): the same members
 * as a prefix range over the pieces. Null when it is empty or holds a character the tokenizer splits on (whitespace,
 * which pieces never hold, or an ASCII control character, which nobody types into a search box).
 */
export function piecePrefixMatch(piece: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (piece === '' || /[\s\x00-\x1f\x7f]/u.test(piece)) return null;
  return `"${piece.replace(/"/g, '""')}" *`;
}

/**
 * Rewrites the search index without what deleted or replaced documents left in it. A document deleted by rowid
 * (contentless, see migration 0022) is only marked deleted: its tokens stay in the index's blocks until a merge
 * rewrites them. Forgetting a member must not leave its names there; this rewrites the whole index (a fraction of
 * a second for 200,000 members).
 */
export function purgeDeletedPieces(db: Db): void {
  cachedStatement(db, "INSERT INTO member_name_pieces (member_name_pieces) VALUES ('optimize')").run();
}

/** Writes a member's search document again from the names it has now (none: the document goes). */
export function writeMemberPieces(db: Db, memberId: number): void {
  const names = cachedStatement(db, 'SELECT name FROM member_names WHERE member_id = ?', { pluck: true }).all(
    memberId,
  ) as string[];
  if (names.length === 0) cachedStatement(db, 'DELETE FROM member_name_pieces WHERE rowid = ?').run(memberId);
  else
    cachedStatement(db, 'INSERT OR REPLACE INTO member_name_pieces (rowid, pieces) VALUES (?, ?)').run(
      memberId,
      piecesDocument(names),
    );
}

interface PendingName {
  id: number;
  member_id: number;
  kind: NameKind;
  name: string;
  to_at: number | null;
}

/**
 * Indexes names not indexed yet (all of them, or one member's): pinyin keys, name pieces for substring search,
 * and the members' name order key. Triggers record names from any writer; this catches up with them.
 */
export function indexPendingNames(db: Db, memberId?: number): number {
  const pending = (
    memberId === undefined
      ? cachedStatement(
          db,
          'SELECT id, member_id, kind, name, to_at FROM member_names WHERE pinyin_full IS NULL',
        ).all()
      : cachedStatement(
          db,
          'SELECT id, member_id, kind, name, to_at FROM member_names WHERE pinyin_full IS NULL AND member_id = ?',
        ).all(memberId)
  ) as PendingName[];
  if (pending.length === 0) return 0;
  const write = () => {
    for (const row of pending) {
      writeNameKeys(db, { ...row, setSort: row.kind === 'wechat_nickname' && row.to_at === null });
    }
    for (const id of new Set(pending.map((row) => row.member_id))) writeMemberPieces(db, id);
  };
  if (db.inTransaction) write();
  else db.transaction(write)();
  return pending.length;
}

interface NameDbRow {
  kind: NameKind;
  group_id: number | null;
  name: string;
  from_at: number | null;
  to_at: number | null;
}

export function listMemberNames(db: Db, memberId: number): NameRecord[] {
  const rows = db
    .prepare(
      'SELECT kind, group_id, name, from_at, to_at FROM member_names WHERE member_id = ? ORDER BY coalesce(from_at, 0), id',
    )
    .all(memberId) as NameDbRow[];
  return rows.map((row) => ({
    kind: row.kind,
    groupId: row.group_id,
    name: row.name,
    from: isoOrNull(row.from_at),
    to: isoOrNull(row.to_at),
  }));
}

export function isoOrNull(epochMs: number | null): string | null {
  return epochMs == null ? null : new Date(epochMs).toISOString();
}
