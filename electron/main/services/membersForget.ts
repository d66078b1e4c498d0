/** 被遗忘权 (PIPL): "forget this member" erases their personal data in one transaction, keeping anonymous counts. */
import type { ForgetCounts, ForgetResult } from '../../../shared/ipc/channels/members';
import { AppError } from '../../../shared/ipc/errors';
import { translate } from '../../../shared/i18n';
import { purgeDeletedPieces } from '../db/repositories/memberNames';
import { eraseMemberRecord, recordsOfPerson } from '../db/repositories/membersForget';
import type { ServiceContext } from './context';
import { audit, inTransaction, requireMember } from './membersCommon';

/** The name a forgotten member keeps: stored data, so in the workspace's first language like the rest. */
export function forgottenName(id: number): string {
  return translate('zh-CN', 'members.forgottenName', { id });
}

/** `PRAGMA secure_delete` as it reads (0, 1, 2) and as it is set: "2" would set it on, not FAST. */
const secureDeleteModes = ['OFF', 'ON', 'FAST'] as const;

/**
 * Overwrites the database's free pages. Every connection zeroes deleted rows only within the pages it writes anyway
 * (FAST, see openDatabase), so a page freed whole (an index dropped and built again by a bulk write, a table
 * dropped) keeps what it held until reused: maybe a member's wxid or phone. A table of one page-sized empty blob
 * per free page takes them all (SQLite reuses free pages before growing the file), and dropping it with secure
 * delete on frees them as zeros. Costs nothing when there are none, which is usual: bulk writes reuse them.
 */
function overwriteFreePages(context: ServiceContext): void {
  const { db } = context;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  if (free === 0) return;
  // One row per page: what a table page can hold of a row without spilling to an overflow page, with room to spare.
  const blobBytes = (db.pragma('page_size', { simple: true }) as number) - 64;
  db.transaction(() => {
    db.exec('CREATE TABLE forget_free_page_overwrite (blank BLOB)');
    db.prepare(
      `INSERT INTO forget_free_page_overwrite (blank)
       WITH RECURSIVE pages (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM pages WHERE n < ?)
       SELECT zeroblob(?) FROM pages`,
    ).run(free, blobBytes);
    db.exec('DROP TABLE forget_free_page_overwrite');
  })();
}

/**
 * Runs `erase` with SQLite's secure delete fully on: beyond what every connection zeroes (see openDatabase), pages the
 * erase frees whole are overwritten too, and so are the pages that were free already (see overwriteFreePages), so
 * nothing erased stays in the file, where anyone with a copy of it (or a backup made after the forget) could read
 * it. Then folds the write-ahead log into the file and empties it, so the old page versions there go too. The log is
 * emptied only when no other connection is using it (otherwise the old versions are overwritten as later writes
 * reuse it).
 */
function overwritingErased<T>(context: ServiceContext, erase: () => T): T {
  const { db } = context;
  const before = secureDeleteModes[db.pragma('secure_delete', { simple: true }) as number] ?? 'FAST';
  db.pragma('secure_delete = ON');
  let result: T;
  try {
    result = erase();
    overwriteFreePages(context);
  } finally {
    db.pragma(`secure_delete = ${before}`);
  }
  // Without waiting for a job that is writing meanwhile (that would hold up the app for the busy timeout): then it
  // folds what it can, as a passive checkpoint would.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  return result;
}

/**
 * Erases the member and every record merged into them. `confirmName` must repeat the current name, so a slip of
 * the mouse (or a script with the wrong id) cannot erase someone. The audit entry keeps counts, never the data.
 */
export function forgetMember(context: ServiceContext, id: number, confirmName: string): ForgetResult {
  return overwritingErased(context, () => forgetInTransaction(context, id, confirmName));
}

function forgetInTransaction(context: ServiceContext, id: number, confirmName: string): ForgetResult {
  return inTransaction(context, () => {
    const member = requireMember(context, id);
    if (member.forgotten_at !== null)
      throw new AppError('CONFLICT', 'members.errors.alreadyForgotten', { id });
    if (confirmName.trim() !== member.display_name.trim()) {
      throw new AppError('VALIDATION', 'members.errors.forgetNameMismatch');
    }
    const now = context.now();
    const records = recordsOfPerson(context.db, id);
    const erased: ForgetCounts = {
      records: records.length,
      names: 0,
      notes: 0,
      fieldValues: 0,
      identities: 0,
      blacklistEntries: 0,
      messages: 0,
      violations: 0,
      checkIns: 0,
      applications: 0,
      merges: 0,
      auditEntries: 0,
    };
    // Rows elsewhere whose free text mentioned them (by name, wxid or phone) and now names the placeholder.
    let mentions = 0;
    for (const recordId of records) {
      const result = eraseMemberRecord(context.db, recordId, forgottenName(recordId), now);
      for (const [kind, count] of Object.entries(result.rows) as [keyof typeof result.rows, number][])
        erased[kind] += count;
      mentions += result.mentions;
    }
    // Their names' search documents are gone; so is what those documents left in the search index's blocks.
    purgeDeletedPieces(context.db);
    audit(context, 'forget', 'member', id, { records, erased, mentions });
    return { memberId: id, placeholder: forgottenName(id), erased };
  });
}
