import type { Migration } from './index';
import { nameGrams } from '../repositories/memberNames';
import { withLargePageCache } from '../repositories/membersBulk';

/**
 * Member name search pieces as suffixes (issue 4): `member_name_grams` held every 1-, 2- and 3-character substring
 * of every name (1.75 million rows for 200,000 members, a quarter of a member import's time); it now holds each
 * name's suffixes, cut at 12 characters (see `nameGrams`), and a substring search is a prefix range on the same
 * primary key. The table keeps its name and columns, so every writer that deletes or adds a member's pieces works
 * as before; its rows are rebuilt here from the names.
 *
 * Entry QR code images (issue 4): the picture moderators post, kept in the database beside its code (so backups
 * and restores carry it with everything else), one per code, gone with the code.
 */
const migration: Migration = {
  version: 20,
  name: 'member-pieces-qr-images',
  up(db) {
    db.exec('DELETE FROM member_name_grams');
    const addPiece = db.prepare('INSERT OR IGNORE INTO member_name_grams (gram, member_id) VALUES (?, ?)');
    // Read first: a connection cannot write while it steps through a query.
    const names = db.prepare('SELECT member_id, name FROM member_names ORDER BY member_id').raw().all() as [
      number,
      string,
    ][];
    withLargePageCache(db, () => {
      for (const [memberId, name] of names)
        for (const piece of nameGrams(name)) addPiece.run(piece, memberId);
    });

    db.exec(`
      CREATE TABLE group_qr_code_images (
        qr_code_id INTEGER PRIMARY KEY REFERENCES group_qr_codes (id) ON DELETE CASCADE,
        mime TEXT NOT NULL CHECK (mime = 'image/png' OR mime = 'image/jpeg'),
        bytes BLOB NOT NULL,
        byte_size INTEGER NOT NULL CHECK (byte_size = length(bytes)),
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        attached_at INTEGER NOT NULL,
        operator TEXT NOT NULL
      ) STRICT;
    `);
  },
};

export default migration;
