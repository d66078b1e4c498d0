/**
 * Bulk writes for the member database's hot paths (tier recompute, member import): many rows per statement, and
 * transactions without foreign-key checks where the rows are known to refer to rows that exist.
 */
import type { Statement } from 'better-sqlite3';
import type { JoinChannel, MemberRole } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import type { IdentityKey } from './identities';
import { piecesDocument, pinyinKeys, writeMemberPieces, type PinyinKeys } from './memberNames';
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
  /**
   * Statements by rows inserted and which columns they share (see `flush`), kept here: their SQL is long to build and
   * to look up.
   */
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    /** `INSERT INTO table (a, b, c)`: the VALUES rows go after it. */
    private readonly head: string,
    private readonly columns: number,
    /** What follows the VALUES rows, e.g. an ON CONFLICT clause. */
    private readonly tail = '',
  ) {}

  /**
   * The statement inserting `rows` rows (prepared once per connection), each row's `shared` columns taken from one
   * named parameter (`@c` and the column's number), the others from its own.
   */
  private statement(rows: number, shared: readonly boolean[]): Statement {
    const key = `${rows} ${shared.map((one) => (one ? 1 : 0)).join('')}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const row = `(${shared.map((one, column) => (one ? `@c${column}` : '?')).join(', ')})`;
      statement = cachedStatement(
        this.db,
        `${this.head} VALUES ${Array.from({ length: rows }, () => row).join(', ')} ${this.tail}`,
      );
      this.statements.set(key, statement);
    }
    return statement;
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

  /**
   * Writes the queued rows in the order queued: 500 to a statement, the rest in statements of 256, 128 … 1 rows (a
   * few statements rather than up to 499 of one row). A column that holds the same value in every row of a statement
   * (a creation time, a role, nulls) is bound once for all of them: each value bound costs about 0.1 µs, in
   * better-sqlite3 and in SQLite (a 200,000-member import binds 16 values a member, 7 of them the same for all).
   */
  flush(): void {
    const { columns, pending } = this;
    let start = 0;
    const write = (rows: number) => {
      const end = start + rows * columns;
      const shared: boolean[] = [];
      const named: Record<string, unknown> = {};
      for (let column = 0; column < columns; column += 1) {
        const value = pending[start + column];
        // Past a few statement shapes, every value is bound: each shape is a prepared statement of 500 rows kept.
        let same = rows > 1 && this.statements.size < maxStatementShapes;
        for (let at = start + column + columns; same && at < end; at += columns)
          same = Object.is(pending[at], value);
        shared.push(same);
        if (same) named[`c${column}`] = value;
      }
      const statement = this.statement(rows, shared);
      if (!shared.includes(true)) statement.run(pending.slice(start, end));
      else {
        const own: unknown[] = [];
        for (let at = start; at < end; at += columns)
          for (let column = 0; column < columns; column += 1)
            if (!shared[column]) own.push(pending[at + column]);
        statement.run(own, named);
      }
      start = end;
    };
    while (pending.length - start >= rowsPerStatement * columns) write(rowsPerStatement);
    for (let rows = leftoverStatementRows; rows >= 1; rows /= 2)
      if (pending.length - start >= rows * columns) write(rows);
    pending.length = 0;
  }
}

/** Statements (by rows and shared columns) a BulkInsert prepares at most before it binds every value. */
const maxStatementShapes = 40;

/** The largest statement for the rows left after the 500-row ones: 256 + 128 + … + 1 covers up to 511. */
const leftoverStatementRows = 256;

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

const surrogate = /[\uD800-\uDFFF]/;

/** Digits reversed: a phone-tail search is an index prefix range. */
export function reversedDigits(phone: string | null | undefined): string | null {
  if (!phone) return null;
  // Reversed by code point; a plain loop for the usual digits (an import reverses every row's phone).
  if (surrogate.test(phone)) return [...phone].reverse().join('');
  let reversed = '';
  for (let index = phone.length - 1; index >= 0; index -= 1) reversed += phone[index];
  return reversed;
}

/**
 * The insert triggers a bulk load suspends (migration 0003): they record a new member's nickname and a membership's
 * group nickname (without pinyin keys), and keep the member's presence (active groups, leave date) and join date,
 * each with statements per row. `NewMembers` writes the same rows and values itself when they are suspended.
 */
const bulkTriggers = [
  'members_names_insert',
  'group_members_names_insert',
  'group_members_presence_insert',
  'group_members_joined_insert',
];

/**
 * The health dashboard's membership trigger (migration 0013), suspended with `bulkTriggers` where present: it bumps
 * a version its caches are keyed on once per membership row; `NewMembers` bumps it once per flush instead.
 */
const membershipVersionTrigger = 'health_group_members_insert';

/** A member queued by `NewMembers`: its row, and what its memberships make of it until the flush. */
interface QueuedMember {
  fields: MemberFields;
  nameSort: string;
  joinedAt: number | null;
  activeGroups: number;
  leftAt: number | null;
  /** A member is in few groups: a list is cheaper than a set per member. */
  groupIds: number[];
}

/**
 * New members' name keys and search documents worked out ahead of the writer, on another thread (see
 * nameIndexAhead.ts): a cache the writer fills in itself where it falls short.
 */
export interface NamesAhead {
  /** Keys by name, as they arrive; the writer adds those it works out itself. */
  readonly keys: Map<string, PinyinKeys>;
  /** Waits until the member the writer adds `ordinal`-th (from 0) has been worked out, or the helper is gone. */
  reach(ordinal: number): void;
  /** That member's search document, if it was worked out from exactly `names`. */
  document(ordinal: number, names: readonly string[]): string | undefined;
}

/** The temp tables of `NewMembers`, created once per connection. */
const withKeysTable = new WeakSet<Db>();

/**
 * New members, written in bulk: ids handed out as they are added (one above the highest in the table, which holds
 * inside the caller's transaction), their rows, remarks, identities and memberships queued and written together by
 * `flush`, then every name they brought (nickname, remark, group nickname) indexed for search: pinyin keys worked
 * out once per distinct name and filled in with one statement (or written with the names, when the insert triggers
 * are suspended), name pieces as one search document per member, in multi-row inserts. Flush every few hundred
 * members (the queues are held in memory) and before anything reads them back.
 */
export class NewMembers {
  private nextId: number;
  /** The first id not flushed yet. */
  private firstQueued: number;
  private readonly members: BulkInsert;
  /** Members queued since the last flush, from `firstQueued` on. */
  private readonly queuedMembers: QueuedMember[] = [];
  /**
   * Names by kind (written in this order, so each member's names keep theirs: nickname, remark, group nicknames):
   * remarks, and nicknames and group nicknames when the triggers are suspended. Apart, a statement's rows share
   * their kind, and the nicknames' and remarks' group (none) and time (see BulkInsert.flush).
   */
  private readonly names: { nicknames: BulkInsert; remarks: BulkInsert; groupNicknames: BulkInsert };
  private readonly identities: BulkInsert;
  private readonly memberships: BulkInsert;
  /** Search documents (see `piecesDocument`), one per member flushed. */
  private readonly documents: BulkInsert;
  /** The names of each member queued, by member: written as its search document by `flush`. */
  private readonly documentNames = new Map<number, string[]>();
  private readonly nameKeys: BulkInsert;
  /** Pinyin keys by name, for every name this writer met (names repeat: 张伟 is one name of many members). */
  private readonly keys: Map<string, PinyinKeys>;
  /** The id of the first member this writer adds: a member's ordinal for `ahead` counts from it. */
  private readonly firstId: number;
  /** Pinyin by the names' Chinese characters (see pinyinKeys). */
  private readonly syllablesByHan = new Map<string, string[]>();
  /** Names the triggers record without keys (nicknames, group nicknames) since the last flush. */
  private readonly unkeyed = new Set<string>();
  /**
   * Whether the insert triggers (`bulkTriggers`) are in place; when a bulk load has them suspended (see
   * `withBulkTriggersSuspended`), names are written here with their keys and presence and join date computed here,
   * sparing the triggers' statements per row and the update that fills the names' keys in afterwards.
   */
  private readonly byTriggers: boolean;
  /** Whether the health membership trigger is suspended too (see `membershipVersionTrigger`). */
  private readonly bumpsMembershipVersion: boolean;

  constructor(
    private readonly db: Db,
    private readonly now: number,
    /** The names of the members to be added, worked out ahead (a large import). */
    private readonly ahead?: NamesAhead | undefined,
  ) {
    if (!db.inTransaction) throw new Error('NewMembers: hands out ids, so it needs the caller’s transaction');
    this.nextId =
      (cachedStatement(db, 'SELECT coalesce(max(id), 0) FROM members', { pluck: true }).get() as number) + 1;
    this.firstQueued = this.nextId;
    this.firstId = this.nextId;
    this.keys = ahead?.keys ?? new Map<string, PinyinKeys>();
    const triggers = cachedStatement(
      db,
      `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?))`,
      { pluck: true },
    ).get(JSON.stringify(bulkTriggers)) as number;
    if (triggers !== 0 && triggers !== bulkTriggers.length)
      throw new Error('NewMembers: the member insert triggers are only partly in place');
    this.byTriggers = triggers !== 0;
    this.bumpsMembershipVersion =
      !this.byTriggers &&
      cachedStatement(
        db,
        `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'health_rollup_state'`,
        { pluck: true },
      ).get() === 1 &&
      cachedStatement(db, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, {
        pluck: true,
      }).get(membershipVersionTrigger) === 0;
    if (!withKeysTable.has(db)) {
      db.exec(
        'CREATE TEMP TABLE IF NOT EXISTS new_member_name_keys (name TEXT PRIMARY KEY, full TEXT, initials TEXT)',
      );
      withKeysTable.add(db);
    }
    this.members = new BulkInsert(
      db,
      `INSERT INTO members (id, display_name, wxid, join_channel, remark, phone, phone_reversed, region,
         inviter_member_id, inviter_name, name_sort, joined_at, active_groups, left_at, created_at, updated_at)`,
      16,
    );
    const names = () =>
      new BulkInsert(
        db,
        `INSERT INTO member_names (member_id, kind, group_id, name, from_at, pinyin_full, pinyin_initials)`,
        7,
      );
    this.names = { nicknames: names(), remarks: names(), groupNicknames: names() };
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
    this.documents = new BulkInsert(db, 'INSERT INTO member_name_pieces (rowid, pieces)', 2);
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

  /** A name's pinyin keys (worked out once per name); the name joins the member's search document. */
  private indexName(memberId: number, name: string, keyedByTrigger: boolean): PinyinKeys {
    let keys = this.keys.get(name);
    if (!keys) {
      keys = pinyinKeys(name, this.syllablesByHan);
      this.keys.set(name, keys);
    }
    if (keyedByTrigger) this.unkeyed.add(name);
    const names = this.documentNames.get(memberId);
    if (names) names.push(name);
    else this.documentNames.set(memberId, [name]);
    return keys;
  }

  /** Queues a new member; returns its id. */
  add(fields: MemberFields): number {
    const id = this.nextId++;
    const { now } = this;
    this.ahead?.reach(id - this.firstId);
    // The insert trigger records the display name (its keys are filled in by `flush`), unless suspended.
    const nicknameKeys = this.indexName(id, fields.displayName, this.byTriggers);
    this.queuedMembers.push({
      fields,
      nameSort: nicknameKeys.full || fields.displayName,
      joinedAt: fields.joinedAt ?? null,
      activeGroups: 0,
      leftAt: null,
      groupIds: [],
    });
    if (!this.byTriggers)
      this.names.nicknames.add(
        id,
        'wechat_nickname',
        null,
        fields.displayName,
        now,
        nicknameKeys.full,
        nicknameKeys.initials,
      );
    // The remark is a name too.
    if (fields.remark) {
      const keys = this.indexName(id, fields.remark, false);
      this.names.remarks.add(id, 'remark', null, fields.remark, now, keys.full, keys.initials);
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
    const leftAt = membership.leftAt ?? null;
    if (!this.byTriggers) {
      // What the suspended triggers would have done, row by row (see migration 0003).
      const member = this.queuedMembers[memberId - this.firstQueued];
      if (!member) throw new Error(`NewMembers: member ${memberId} is not queued here`);
      if (member.groupIds.includes(membership.groupId)) return;
      member.groupIds.push(membership.groupId);
      if (leftAt === null) {
        member.activeGroups += 1;
        member.leftAt = null;
      } else if (member.activeGroups === 0) member.leftAt = Math.max(member.leftAt ?? 0, leftAt);
      if (membership.joinedAt !== null && (member.joinedAt === null || member.joinedAt > membership.joinedAt))
        member.joinedAt = membership.joinedAt;
      if (membership.groupNickname !== null) {
        const keys = this.indexName(memberId, membership.groupNickname, false);
        this.names.groupNicknames.add(
          memberId,
          'group_nickname',
          membership.groupId,
          membership.groupNickname,
          membership.joinedAt ?? this.now,
          keys.full,
          keys.initials,
        );
      }
    } else if (membership.groupNickname !== null) this.indexName(memberId, membership.groupNickname, true);
    this.memberships.add(
      membership.groupId,
      memberId,
      membership.role,
      membership.groupNickname,
      membership.joinedAt,
      leftAt,
    );
  }

  /** Writes everything queued, members first, then fills in the keys of the names their triggers recorded. */
  flush(): void {
    if (this.queued === 0) return;
    this.queuedMembers.forEach((member, index) => {
      const { fields } = member;
      this.members.add(
        this.firstQueued + index,
        fields.displayName,
        fields.wxid,
        fields.joinChannel,
        fields.remark ?? null,
        fields.phone ?? null,
        reversedDigits(fields.phone),
        fields.region ?? null,
        fields.inviterMemberId ?? null,
        fields.inviterName ?? null,
        member.nameSort,
        member.joinedAt,
        member.activeGroups,
        member.leftAt,
        this.now,
        this.now,
      );
    });
    this.queuedMembers.length = 0;
    this.members.flush();
    this.names.nicknames.flush();
    this.names.remarks.flush();
    this.names.groupNicknames.flush();
    this.identities.flush();
    const memberships = this.memberships.size;
    this.memberships.flush();
    if (memberships > 0 && this.bumpsMembershipVersion)
      cachedStatement(
        this.db,
        'UPDATE health_rollup_state SET membership_version = membership_version + ? WHERE id = 1',
      ).run(memberships);
    this.writeDocuments();
    if (this.unkeyed.size > 0) this.fillInKeys();
    this.firstQueued = this.nextId;
  }

  /**
   * Writes the search documents of the members flushed: all their names' pieces, once each (a member's names
   * often share pieces). A member flushed before (not one of this writer's, or of an earlier flush) gets its
   * document written again from all the names it has now.
   */
  private writeDocuments(): void {
    const earlier: number[] = [];
    for (const [memberId, names] of this.documentNames) {
      if (memberId < this.firstQueued) earlier.push(memberId);
      else
        this.documents.add(
          memberId,
          this.ahead?.document(memberId - this.firstId, names) ?? piecesDocument(names),
        );
    }
    this.documentNames.clear();
    this.documents.flush();
    for (const memberId of earlier) writeMemberPieces(this.db, memberId);
  }

  /** Fills in the keys of the names the triggers recorded for the members flushed. */
  private fillInKeys(): void {
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
  }
}

/**
 * Runs `work`, which adds members and their memberships with `NewMembers` only (no other writer inserting members or
 * memberships), with the insert triggers `NewMembers` can stand in for suspended (see `bulkTriggers` and
 * `membershipVersionTrigger`). Dropped and created again in the caller's transaction, like `withIndexesRebuilt`, so
 * no other connection ever sees them missing.
 */
export function withBulkTriggersSuspended<T>(db: Db, work: () => T): T {
  if (!db.inTransaction) throw new Error('withBulkTriggersSuspended: needs the caller’s transaction');
  const triggers = bulkTriggers.map(
    (name) =>
      db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`).pluck().get(name) as
        string | undefined,
  );
  if (triggers.some((sql) => sql === undefined)) return work();
  const versionTrigger = db
    .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`)
    .pluck()
    .get(membershipVersionTrigger) as string | undefined;
  for (const name of bulkTriggers) db.exec(`DROP TRIGGER ${name}`);
  if (versionTrigger !== undefined) db.exec(`DROP TRIGGER ${membershipVersionTrigger}`);
  try {
    return work();
  } finally {
    // Put back even when the caller catches a failure and commits; a transaction SQLite already rolled back
    // (disk full) has them back by itself.
    if (db.inTransaction) {
      for (const sql of triggers) db.exec(sql!);
      if (versionTrigger !== undefined) db.exec(versionTrigger);
    }
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

/** Page cache for a bulk load: a member import of 200,000 rows touches ~60 MB of table and index pages. */
const bulkCacheKib = 64 * 1024;

/**
 * Runs `work` with a 64 MB page cache, then puts the connection's own size back. With the default 16 MB, a large
 * import's one transaction spills dirty pages to the WAL and reads them back as rows land all over the indexes
 * (the name pieces' primary key above all): a 200,000-member import spent 1.3 s more CPU.
 */
export function withLargePageCache<T>(db: Db, work: () => T): T {
  const before = db.pragma('cache_size', { simple: true }) as number;
  if (before < 0 ? -before >= bulkCacheKib : false) return work();
  db.pragma(`cache_size = -${bulkCacheKib}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${before}`);
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

/** For `withIndexesRebuilt`: every index, unique ones too (building them checks the rows written meanwhile). */
export const everyIndex = (): boolean => true;

/** For `withIndexesRebuilt`: every index that does not enforce uniqueness (those must check the rows as they come). */
export const nonUniqueIndexes = (index: { sql: string }): boolean => !/^CREATE\s+UNIQUE\b/i.test(index.sql);
