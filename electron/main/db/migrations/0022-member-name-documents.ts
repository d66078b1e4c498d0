import type { Migration } from './index';
import { piecesDocument } from '../repositories/memberNames';
import { withLargePageCache } from '../repositories/membersBulk';

/**
 * ASCII characters the name pieces' tokenizer keeps inside a token: the printable ones but letters and digits
 * (tokens already) and the space (which pieces never hold). Control characters split tokens: a name holding one
 * is indexed as the pieces between them, and a query holding one finds no piece (see `piecePrefixMatch`).
 */
const tokenChars = Array.from({ length: 0x7e - 0x21 + 1 }, (_, index) => String.fromCharCode(0x21 + index))
  .filter((char) => !/[0-9A-Za-z]/.test(char))
  .join('');
const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Member import speed (issue 4): the member name pieces move from a table of (piece, member) rows to a full-text
 * index, one document per member (rowid = member id) holding the pieces of all its names as tokens. A substring
 * search was a prefix range over the pieces; it is now a token prefix query, which finds the same members. A member
 * import of 200,000 rows wrote 821,000 piece rows into a primary key and an index by member at a random place each
 * (the largest part of its SQLite time; 27 MB); the full-text index collects its tokens in memory and writes them in
 * sorted runs (6–7 MB), several times less CPU. A 1-character prefix index keeps the most common query (one
 * character: a surname) to one posting list.
 *
 * The tokenizer is `ascii` with every printable ASCII character declared a token character, so a piece is exactly
 * one token: non-ASCII characters are token characters already, and ASCII letters are folded to lower case as the
 * pieces already are. `contentless_delete` lets a member's document be replaced or deleted by rowid (renames,
 * merges, forgetting); deleting a member deletes its document (trigger). A deleted document's tokens stay in the
 * index's blocks until a merge: forgetting a member rewrites the index (see `purgeDeletedPieces`).
 *
 * `members_tier` only holds members with a tier now: every query through it asks for one tier (`tier = ?`, which
 * implies NOT NULL), and new members have none until the tier recompute, so a 200,000-member import no longer sorts
 * 200,000 entries for it.
 */
const migration: Migration = {
  version: 22,
  name: 'member-name-documents',
  up(db) {
    db.exec(`
      DROP TABLE member_name_grams;
      DROP INDEX members_tier;
      CREATE INDEX members_tier ON members (tier, name_sort) WHERE tier IS NOT NULL;
      CREATE VIRTUAL TABLE member_name_pieces USING fts5 (
        pieces,
        content = '',
        contentless_delete = 1,
        detail = none,
        prefix = '1',
        tokenize = ${quoted(`ascii tokenchars ${quoted(tokenChars)}`)}
      );
      CREATE TRIGGER members_name_pieces_delete AFTER DELETE ON members BEGIN
        DELETE FROM member_name_pieces WHERE rowid = old.id;
      END;
    `);
    const addDocument = db.prepare('INSERT INTO member_name_pieces (rowid, pieces) VALUES (?, ?)');
    // Read first: a connection cannot write while it steps through a query.
    const names = db.prepare('SELECT member_id, name FROM member_names ORDER BY member_id').raw().all() as [
      number,
      string,
    ][];
    withLargePageCache(db, () => {
      let start = 0;
      while (start < names.length) {
        const memberId = names[start]![0];
        let end = start;
        while (end < names.length && names[end]![0] === memberId) end += 1;
        addDocument.run(memberId, piecesDocument(names.slice(start, end).map(([, name]) => name)));
        start = end;
      }
    });
  },
};

export default migration;
