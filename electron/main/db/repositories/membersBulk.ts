/**
 * Bulk writes for the member database's hot paths (tier recompute, member import): many rows per statement, and
 * transactions without foreign-key checks where the rows are known to refer to rows that exist.
 */
import type { Statement } from 'better-sqlite3';
import type { JoinChannel, MemberRole } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import type { IdentityKey } from './identities';
import { nameGrams, pinyinKeys, type PinyinKeys } from './memberNames';
import { cachedStatement } from './statementCache';

/** Rows per multi-row statement: 500 rows of up to 60 columns stay under SQLite's 32,766 parameters. */
const rowsPerStatement = 500;

/**
 * Rows for one `INSERT INTO table (columns…)`, queued by `add` and written by `flush` 500 to a statement. A statement
 * run per row costs more than the row: crossing into SQLite, stepping the statement, and, for a table with
 * triggers or several indexes, copying every page the statement touches into its statement journal (64 µs of a
 * member insert's 70). Nothing is written before `flush`, so rows queued on several tables can be flushed in the
 * order their references need.
 */
export class BulkInsert {
  private readonly pending: unknown[] = [];
  private readonly many: Statement;
  private readonly one: Statement;

  constructor(
    db: Db,
    /** `INSERT INTO table (a, b, c)`: the VALUES rows go after it. */
    head: string,
    private readonly columns: number,
    /** What follows the VALUES rows, e.g. an ON CONFLICT clause. */
    tail = '',
  ) {
    const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    this.many = cachedStatement(
      db,
      `${head} VALUES ${Array.from({ length: rowsPerStatement }, () => row).join(', ')} ${tail}`,
    );
    this.one = cachedStatement(db, `${head} VALUES ${row} ${tail}`);
  }

  /** Queues one row (as many values as columns). */
  add(...values: unknown[]): void {
    if (values.length !== this.columns)
      throw new Error(`BulkInsert: ${values.length} values for ${this.columns} columns`);
    for (const value of values) this.pending.push(value);
  }

  get size(): number {
    return this.pending.length / this.columns;
  }

  /** Writes the queued rows in the order queued. */
  flush(): void {
    const batch = rowsPerStatement * this.columns;
    let start = 0;
    for (; start + batch <= this.pending.length; start += batch)
      this.many.run(this.pending.slice(start, start + batch));
    for (; start < this.pending.length; start += this.columns)
      this.one.run(this.pending.slice(start, start + this.columns));
    this.pending.length = 0;
  }
}

export interface MemberFields {
  displayName: string;
  wxid: string | null;
  joinChannel: JoinChannel | null;
  remark?: string | null | undefined;
  /** Normalised digits (see normalizePhone). */
  phone?: string | null | undefined;
  region?: string | null | undefined;
  inviterMemberId?: number | null | undefined;
  inviterName?: string | null | undefined;
  /** The profile's join date; memberships added later move it earlier (their trigger). */
  joinedAt?: number | null | undefined;
}

/** Digits reversed: a phone-tail search is an index prefix range. */
export function reversedDigits(phone: string | null | undefined): string | null {
  return phone ? [...phone].reverse().join('') : null;
}

/** The temp tables of `NewMembers`, created once per connection. */
const withKeysTable = new WeakSet<Db>();

/**
 * New members, written in bulk: ids handed out as they are added (one above the highest in the table, which holds
 * inside the caller's transaction), their rows, remarks, identities and memberships queued and written together by
 * `flush`, then every name they brought (nickname, remark, group nickname) indexed for search: pinyin keys worked
 * out once per distinct name and filled in with one statement, name pieces as multi-row inserts. Flush every few
 * hundred members (the queues are held in memory) and before anything reads them back.
 */
export class NewMembers {
  private nextId: number;
  /** The first id not flushed yet. */
  private firstQueued: number;
  private readonly members: BulkInsert;
  private readonly remarks: BulkInsert;
  private readonly identities: BulkInsert;
  private readonly memberships: BulkInsert;
  private readonly grams: BulkInsert;
  private readonly nameKeys: BulkInsert;
  /** Pinyin keys by name, for every name this writer met (names repeat: 张伟 is one name of many members). */
  private readonly keys = new Map<string, PinyinKeys>();
  /** Names the triggers record without keys (nicknames, group nicknames) since the last flush. */
  private readonly unkeyed = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly now: number,
  ) {
    if (!db.inTransaction) throw new Error('NewMembers: hands out ids, so it needs the caller’s transaction');
    this.nextId =
      (cachedStatement(db, 'SELECT coalesce(max(id), 0) FROM members', { pluck: true }).get() as number) + 1;
    this.firstQueued = this.nextId;
    if (!withKeysTable.has(db)) {
      db.exec(
        'CREATE TEMP TABLE IF NOT EXISTS new_member_name_keys (name TEXT PRIMARY KEY, full TEXT, initials TEXT)',
      );
      withKeysTable.add(db);
    }
    this.members = new BulkInsert(
      db,
      `INSERT INTO members (id, display_name, wxid, join_channel, remark, phone, phone_reversed, region,
         inviter_member_id, inviter_name, name_sort, joined_at, created_at, updated_at)`,
      14,
    );
    this.remarks = new BulkInsert(
      db,
      `INSERT INTO member_names (member_id, kind, name, from_at, pinyin_full, pinyin_initials)`,
      6,
    );
    this.identities = new BulkInsert(
      db,
      'INSERT INTO member_identities (member_id, platform, value, source, created_at)',
      5,
    );
    this.memberships = new BulkInsert(
      db,
      'INSERT INTO group_members (group_id, member_id, role, group_nickname, joined_at, left_at)',
      6,
      'ON CONFLICT (group_id, member_id) DO NOTHING',
    );
    this.grams = new BulkInsert(db, 'INSERT OR IGNORE INTO member_name_grams (gram, member_id)', 2);
    this.nameKeys = new BulkInsert(
      db,
      'INSERT OR IGNORE INTO temp.new_member_name_keys (name, full, initials)',
      3,
    );
  }

  /** Members queued and not flushed yet. */
  get queued(): number {
    return this.nextId - this.firstQueued;
  }

  /** A name's pinyin keys (worked out once per name), its pieces queued for the member. */
  private indexName(memberId: number, name: string, keyedByTrigger: boolean): PinyinKeys {
    let keys = this.keys.get(name);
    if (!keys) {
      keys = pinyinKeys(name);
      this.keys.set(name, keys);
    }
    if (keyedByTrigger) this.unkeyed.add(name);
    for (const gram of nameGrams(name)) this.grams.add(gram, memberId);
    return keys;
  }

  /** Queues a new member; returns its id. */
  add(fields: MemberFields): number {
    const id = this.nextId++;
    const { now } = this;
    // The insert trigger records the display name; its keys are filled in by `flush`.
    const nameSort = this.indexName(id, fields.displayName, true).full || fields.displayName;
    this.members.add(
      id,
      fields.displayName,
      fields.wxid,
      fields.joinChannel,
      fields.remark ?? null,
      fields.phone ?? null,
      reversedDigits(fields.phone),
      fields.region ?? null,
      fields.inviterMemberId ?? null,
      fields.inviterName ?? null,
      nameSort,
      fields.joinedAt ?? null,
      now,
      now,
    );
    // The remark is a name too.
    if (fields.remark) {
      const keys = this.indexName(id, fields.remark, false);
      this.remarks.add(id, 'remark', fields.remark, now, keys.full, keys.initials);
    }
    return id;
  }

  /** Queues an identity of a member queued here. */
  addIdentity(memberId: number, key: IdentityKey, source: string): void {
    this.identities.add(memberId, key.platform, key.value, source, this.now);
  }

  /** Queues a membership of a member queued here (nothing when they are in the group already). */
  addMembership(
    memberId: number,
    membership: {
      groupId: number;
      role: MemberRole;
      groupNickname: string | null;
      joinedAt: number | null;
      leftAt?: number | null | undefined;
    },
  ): void {
    this.memberships.add(
      membership.groupId,
      memberId,
      membership.role,
      membership.groupNickname,
      membership.joinedAt,
      membership.leftAt ?? null,
    );
    if (membership.groupNickname !== null) this.indexName(memberId, membership.groupNickname, true);
  }

  /** Writes everything queued, members first, then fills in the keys of the names their triggers recorded. */
  flush(): void {
    if (this.queued === 0) return;
    this.members.flush();
    this.remarks.flush();
    this.identities.flush();
    this.memberships.flush();
    this.grams.flush();
    for (const name of this.unkeyed) {
      const keys = this.keys.get(name)!;
      this.nameKeys.add(name, keys.full, keys.initials);
    }
    this.nameKeys.flush();
    cachedStatement(
      this.db,
      `UPDATE member_names SET pinyin_full = k.full, pinyin_initials = k.initials
       FROM temp.new_member_name_keys AS k
       WHERE member_names.pinyin_full IS NULL AND member_names.member_id BETWEEN @first AND @last
         AND member_names.name = k.name`,
    ).run({ first: this.firstQueued, last: this.nextId - 1 });
    cachedStatement(this.db, 'DELETE FROM temp.new_member_name_keys').run();
    this.unkeyed.clear();
    this.firstQueued = this.nextId;
  }
}

/**
 * Runs `work` in one IMMEDIATE transaction with foreign-key checks off: for writes whose references are guaranteed
 * by the statements themselves (e.g. an insert that joins the parent rows it refers to), where a check per row would
 * look each parent up again (a third of inserting 200,000 tier history rows). The pragma only takes effect outside a
 * transaction, so it is set before BEGIN and put back after COMMIT or ROLLBACK; inside a caller's transaction the
 * checks stay as they are.
 */
export function withoutForeignKeyChecks<T>(db: Db, work: () => T): T {
  if (db.inTransaction) return work();
  const enabled = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    return db.transaction(work).immediate();
  } finally {
    if (enabled) db.pragma('foreign_keys = ON');
  }
}

/**
 * Runs `work`, which writes many rows of `table`, with the table's indexes that `rebuilt` picks dropped and built
 * again afterwards (in the caller's transaction, so nobody ever sees them missing): a sort per index instead of a
 * delete and an insert at a random place per row and index (200,000 members' tiers wrote three times as fast).
 */
export function withIndexesRebuilt<T>(
  db: Db,
  table: string,
  rebuilt: (index: { name: string; sql: string; columns: string[] }) => boolean,
  work: () => T,
): T {
  const indexes = (
    db
      .prepare(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
      )
      .all(table) as { name: string; sql: string }[]
  ).filter((index) =>
    rebuilt({
      ...index,
      columns: db.prepare('SELECT name FROM pragma_index_info(?)').pluck().all(index.name) as string[],
    }),
  );
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  const result = work();
  for (const index of indexes) db.exec(index.sql);
  return result;
}

/** For `withIndexesRebuilt`: the indexes on any of these columns. */
export const indexesOn =
  (...columns: string[]) =>
  (index: { columns: string[] }): boolean =>
    index.columns.some((column) => columns.includes(column));

/** For `withIndexesRebuilt`: every index that does not enforce uniqueness (those must check the rows as they come). */
export const nonUniqueIndexes = (index: { sql: string }): boolean => !/^CREATE\s+UNIQUE\b/i.test(index.sql);
