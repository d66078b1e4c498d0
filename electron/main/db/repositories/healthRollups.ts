/**
 * Keeps the health rollups of migration 0013 equal to the messages: `refreshHealthRollups` folds in messages added
 * since the last refresh (ids above the watermark) and recomputes the (group, day) pairs that triggers marked after
 * a delete or an edit. Imports call it once per batch inside the batch's transaction; the dashboard calls it before
 * reading, where it costs one indexed lookup when nothing changed. Only members' messages count (not system notices).
 * Migration 0017 adds each member-day's link to the member's previous day (`previous_last_at`), kept here too, and
 * the complaint rollups (scanned messages, complaint messages, hits by category), which triggers keep as the scan and
 * the review write; here they are recomputed for dirty days, and all of them after a migration or a rebuild.
 */
import {
  dayMs,
  dayOfInstant,
  instantOfDay,
  moderatorUtcOffsetMs,
  monthOfDay,
} from '../../../../shared/domain/health/days';
import { messageKinds, type MessageKind } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { BulkInsert } from './membersBulk';
import { cachedStatement as prepared } from './statementCache';

const hourMs = 3_600_000;
const dayOf = (column: string) => `((${column} + ${moderatorUtcOffsetMs}) / ${dayMs})`;
const hourOf = (column: string) => `(((${column} + ${moderatorUtcOffsetMs}) % ${dayMs}) / ${hourMs})`;
/** `monthOfDay` in SQL: months counted from year 0 of a day number (its UTC midnight carries the UTC+8 date). */
export const monthOfDaySql = (day: string) =>
  `(CAST(strftime('%Y', ${day} * 86400, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ${day} * 86400, 'unixepoch') AS INTEGER) - 1)`;
/** The day number of the first day of a month counted as above. */
const firstDayOfMonthSql = (month: string) =>
  `CAST(julianday(printf('%04d-%02d-01', (${month}) / 12, (${month}) % 12 + 1)) - 2440587.5 AS INTEGER)`;

/** Temp tables of one fold: the new messages by (group, day, hour, kind) and by (group, day, member). */
const tempTables = `
  CREATE TEMP TABLE IF NOT EXISTS health_fold_cells (
    group_id INTEGER NOT NULL, day INTEGER NOT NULL, hour INTEGER NOT NULL, kind TEXT NOT NULL, messages INTEGER NOT NULL
  );
  CREATE TEMP TABLE IF NOT EXISTS health_fold_member_days (
    group_id INTEGER NOT NULL, day INTEGER NOT NULL, member_id INTEGER NOT NULL,
    messages INTEGER NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL,
    -- The last message of the member's previous day among these (NULL on their first day here).
    previous_last_at INTEGER,
    PRIMARY KEY (group_id, day, member_id)
  ) WITHOUT ROWID;
  -- Per member of the fold: first day, first and last message; and the last message per month.
  CREATE TEMP TABLE IF NOT EXISTS health_fold_members (
    group_id INTEGER NOT NULL, member_id INTEGER NOT NULL, first_day INTEGER NOT NULL,
    first_at INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (group_id, member_id)
  ) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS health_fold_member_months (
    group_id INTEGER NOT NULL, member_id INTEGER NOT NULL, month INTEGER NOT NULL, last_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id, month)
  ) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS health_fold_speakers (
    group_id INTEGER NOT NULL, member_id INTEGER NOT NULL, PRIMARY KEY (group_id, member_id)
  ) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS health_fold_months (
    group_id INTEGER NOT NULL, month INTEGER NOT NULL, PRIMARY KEY (group_id, month)
  ) WITHOUT ROWID;`;

/** Max of two instants where either may be NULL (SQLite's max() is NULL when an argument is). */
const laterOf = (a: string, b: string) => `max(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
const dayStartOf = (day: string) => `(${day}) * ${dayMs} - ${moderatorUtcOffsetMs}`;

/** A member-day of the fold added to the same member-day stored by an earlier fold. */
const addToStoredMemberDay = `ON CONFLICT (group_id, day, member_id) DO UPDATE SET
  messages = messages + excluded.messages, first_at = min(first_at, excluded.first_at),
  last_at = max(last_at, excluded.last_at),
  previous_last_at = ${laterOf('previous_last_at', 'excluded.previous_last_at')}`;

/**
 * Adds member-days of the fold (rows of `source`, aliased `b`, with the columns of temp.health_fold_member_days), each
 * linked to the member's previous day: the previous day in the fold (with what an earlier fold stored of that day),
 * or for the member's first day in the fold their last stored message (kept on health_speakers) when it lies on an
 * earlier day. That holds when the member's stored days all come before (or on) their first folded day, as in an
 * import in time order; members with stored days after it are linked again afterwards (`interleavedSpeakers`,
 * `relinkSpeakers`). The result does not depend on the order the rows go in, nor on how many statements they take.
 */
const addMemberDaysFrom = (source: string) => `
  INSERT INTO health_member_days (group_id, day, member_id, messages, first_at, last_at, previous_last_at)
  SELECT b.group_id, b.day, b.member_id, b.messages, b.first_at, b.last_at, CASE
    WHEN b.previous_last_at IS NULL THEN
      (SELECT s.last_at FROM health_speakers s
       WHERE s.group_id = b.group_id AND s.member_id = b.member_id AND s.last_at < ${dayStartOf('b.day')})
    -- The previous day here may also hold messages of an earlier fold (a day spread over two folds, or an
    -- import out of order): its last message is the later of the two.
    ELSE ${laterOf(
      'b.previous_last_at',
      `(SELECT d.last_at FROM health_member_days d
        WHERE d.group_id = b.group_id AND d.member_id = b.member_id
          AND d.day = ${dayOf('b.previous_last_at')})`,
    )}
  END
  FROM ${source} b
  WHERE true
  ${addToStoredMemberDay}`;

const addMemberDays = addMemberDaysFrom('temp.health_fold_member_days');

/**
 * `addMemberDaysFrom` for rows bound as values (see CountedMessages.writeMemberDays), split where `BulkInsert` puts
 * its VALUES rows: the import's member-days go straight into the rollup rather than through the temp table.
 */
const [memberDayValuesHead, memberDayValuesTail] = addMemberDaysFrom(
  // Bound JS numbers are REAL: the day arithmetic on them (dayOf) needs integers, as the temp table's columns give.
  `(SELECT CAST(column1 AS INTEGER) AS group_id, CAST(column2 AS INTEGER) AS day, CAST(column3 AS INTEGER) AS member_id,
      CAST(column4 AS INTEGER) AS messages, CAST(column5 AS INTEGER) AS first_at, CAST(column6 AS INTEGER) AS last_at,
      CAST(column7 AS INTEGER) AS previous_last_at FROM (:values))`,
).split(':values') as [string, string];

/** Members of the fold with a stored message after their first folded day (before the fold updates speakers). */
const interleavedSpeakers = `
  INSERT OR IGNORE INTO temp.health_fold_speakers (group_id, member_id)
  SELECT f.group_id, f.member_id
  FROM temp.health_fold_members f
  JOIN health_speakers s ON s.group_id = f.group_id AND s.member_id = f.member_id
  WHERE s.last_at >= ${dayStartOf('f.first_day + 1')}`;

/**
 * Every day of the members in temp.health_fold_speakers linked to their previous day again: one pass over the member-
 * days of their groups (there is no index by member; this runs only after deletes, merges and imports out of order).
 */
const relinkSpeakers = `
  UPDATE health_member_days AS d SET previous_last_at = x.previous
  FROM (
    SELECT p.group_id, p.day, p.member_id,
      LAG(p.last_at) OVER (PARTITION BY p.group_id, p.member_id ORDER BY p.day) AS previous
    FROM health_member_days p
    WHERE p.group_id IN (SELECT group_id FROM temp.health_fold_speakers)
      AND (p.group_id, p.member_id) IN (SELECT group_id, member_id FROM temp.health_fold_speakers)
  ) x
  WHERE d.group_id = x.group_id AND d.day = x.day AND d.member_id = x.member_id
    AND d.previous_last_at IS NOT x.previous`;

/** Counts of the temp tables added to the rollups, by table. */
const addFolded = {
  dailyMessages: `INSERT INTO health_daily (group_id, day, messages, speakers)
   SELECT group_id, day, SUM(messages), 0 FROM temp.health_fold_cells WHERE true GROUP BY group_id, day
   ON CONFLICT (group_id, day) DO UPDATE SET messages = messages + excluded.messages`,
  /**
   * Run after the member-days are added (and the messages, which give every day of theirs a row): each folded day's
   * speakers counted again, one range of the member-days' key per day rather than a lookup per folded member-day.
   * The folded days are read from the cells, which hold every day of the member-days (and days only non-members
   * spoke on, counted again to the same number).
   */
  dailySpeakers: `UPDATE health_daily SET speakers = (
     SELECT COUNT(*) FROM health_member_days d WHERE d.group_id = f.group_id AND d.day = f.day
   )
   FROM (SELECT DISTINCT group_id, day FROM temp.health_fold_cells) f
   WHERE health_daily.group_id = f.group_id AND health_daily.day = f.day`,
  speakers: `INSERT INTO health_speakers (group_id, member_id, first_at, last_at)
   SELECT group_id, member_id, first_at, last_at FROM temp.health_fold_members WHERE true
   ON CONFLICT (group_id, member_id) DO UPDATE SET first_at = min(first_at, excluded.first_at),
     last_at = max(last_at, excluded.last_at)`,
  memberMonths: `INSERT INTO health_member_months (group_id, member_id, month, last_at)
   SELECT group_id, member_id, month, last_at FROM temp.health_fold_member_months WHERE true
   ON CONFLICT (group_id, member_id, month) DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
  hourly: `INSERT INTO health_hourly (group_id, day, hour, messages)
   SELECT group_id, day, hour, SUM(messages) FROM temp.health_fold_cells WHERE true GROUP BY group_id, day, hour
   ON CONFLICT (group_id, day, hour) DO UPDATE SET messages = messages + excluded.messages`,
  kinds: `INSERT INTO health_kinds (group_id, day, kind, messages)
   SELECT group_id, day, kind, SUM(messages) FROM temp.health_fold_cells WHERE true GROUP BY group_id, day, kind
   ON CONFLICT (group_id, day, kind) DO UPDATE SET messages = messages + excluded.messages`,
};

/**
 * Adds the temp tables' counts to the rollups. `firsts`: also each member's first and last message and months (a
 * recompute rebuilds those itself, as a delete can move them), and the links of members whose folded days fall
 * between stored ones (a recompute links every member it touched). `addMemberDayRows` writes the member-days when
 * they are not in their temp table.
 */
function addFoldedRows(
  db: Db,
  firsts: boolean,
  addMemberDayRows: () => void = () => prepared(db, addMemberDays).run(),
): void {
  prepared(db, addFolded.dailyMessages).run();
  const interleaved = firsts && prepared(db, interleavedSpeakers).run().changes > 0;
  addMemberDayRows();
  prepared(db, addFolded.dailySpeakers).run();
  if (firsts) {
    prepared(db, addFolded.speakers).run();
    prepared(db, addFolded.memberMonths).run();
  }
  if (interleaved) {
    prepared(db, relinkSpeakers).run();
    prepared(db, 'DELETE FROM temp.health_fold_speakers').run();
  }
  prepared(db, addFolded.hourly).run();
  prepared(db, addFolded.kinds).run();
}

/** Rows of `table` in the group and UTC+8 day of the dirty pair `d` (an index range on group and time). */
const onDirtyDay = (table: string) => `${table}.group_id = d.group_id
  AND ${table}.sent_at >= d.day * ${dayMs} - ${moderatorUtcOffsetMs}
  AND ${table}.sent_at < (d.day + 1) * ${dayMs} - ${moderatorUtcOffsetMs}`;

/** Which messages a fold reads: a range of ids (new rows), or every message of the dirty (group, day) pairs. */
const foldSources = {
  ids: `FROM messages WHERE id > @after AND id <= @through AND kind <> 'system'`,
  dirty: `FROM temp.health_fold_dirty d JOIN messages ON ${onDirtyDay('messages')}
    WHERE messages.kind <> 'system'`,
} as const;

/** The categories the complaint rate counts, as migration 0017's triggers do. */
const complaintCategories = `('complaint', 'crisis')`;

/**
 * The complaint rollups recomputed from the scan state and the hits: of the dirty (group, day) pairs, or of every
 * day. Counted by the scanned message's group and time, and by the hit's (a hit carries its message's).
 */
function complaintRecompute(scope: 'dirty' | 'all'): string[] {
  const dirty = scope === 'dirty';
  const key = (table: 'm' | 'h') =>
    dirty ? 'd.group_id, d.day' : `${table}.group_id, ${dayOf(`${table}.sent_at`)}`;
  const inDirty = (table: string) =>
    dirty
      ? `WHERE EXISTS (SELECT 1 FROM temp.health_fold_dirty d WHERE d.group_id = ${table}.group_id AND d.day = ${table}.day)`
      : '';
  const scanned = dirty
    ? `temp.health_fold_dirty d JOIN messages m ON ${onDirtyDay('m')} JOIN risk_scan_state s ON s.message_id = m.id`
    : 'risk_scan_state s JOIN messages m ON m.id = s.message_id';
  const hits = dirty ? `temp.health_fold_dirty d JOIN risk_hits h ON ${onDirtyDay('h')}` : 'risk_hits h';
  return [
    `DELETE FROM health_scanned_daily ${inDirty('health_scanned_daily')}`,
    `DELETE FROM health_hit_categories ${inDirty('health_hit_categories')}`,
    `INSERT INTO health_scanned_daily (group_id, day, scanned, complaint_messages)
     SELECT ${key('m')}, COUNT(*), 0 FROM ${scanned} GROUP BY ${key('m')}`,
    `INSERT INTO health_scanned_daily (group_id, day, scanned, complaint_messages)
     SELECT ${key('h')}, 0, COUNT(DISTINCT h.message_id) FROM ${hits}
     WHERE h.status <> 'dismissed' AND h.category IN ${complaintCategories}
     GROUP BY ${key('h')}
     ON CONFLICT (group_id, day) DO UPDATE SET complaint_messages = excluded.complaint_messages`,
    `INSERT INTO health_hit_categories (group_id, day, category, hits)
     SELECT ${key('h')}, h.category, COUNT(*) FROM ${hits} WHERE h.status <> 'dismissed'
     GROUP BY ${key('h')}, h.category`,
  ];
}

function fillTempTables(db: Db, source: keyof typeof foldSources, params: Record<string, number>): void {
  const from = foldSources[source];
  // better-sqlite3 refuses named values for a statement without parameters.
  const run = (sql: string) => (source === 'ids' ? prepared(db, sql).run(params) : prepared(db, sql).run());
  run(
    `INSERT INTO temp.health_fold_cells (group_id, day, hour, kind, messages)
     SELECT messages.group_id, ${dayOf('messages.sent_at')} AS day, ${hourOf('messages.sent_at')} AS hour,
       messages.kind, COUNT(*) ${from}
     GROUP BY messages.group_id, day, hour, messages.kind`,
  );
  run(
    `INSERT INTO temp.health_fold_member_days (group_id, day, member_id, messages, first_at, last_at, previous_last_at)
     SELECT messages.group_id, ${dayOf('messages.sent_at')} AS day, messages.member_id, COUNT(*),
       MIN(messages.sent_at), MAX(messages.sent_at),
       LAG(MAX(messages.sent_at)) OVER (
         PARTITION BY messages.group_id, messages.member_id ORDER BY ${dayOf('messages.sent_at')}
       )
     ${from} AND messages.member_id IS NOT NULL
     GROUP BY messages.group_id, day, messages.member_id`,
  );
  // Only a fold of new rows adds to each member's first message and months (a recompute rebuilds those).
  if (source !== 'ids') return;
  prepared(
    db,
    `INSERT INTO temp.health_fold_members (group_id, member_id, first_day, first_at, last_at)
     SELECT group_id, member_id, MIN(day), MIN(first_at), MAX(last_at) FROM temp.health_fold_member_days
     GROUP BY group_id, member_id`,
  ).run();
  prepared(
    db,
    `INSERT INTO temp.health_fold_member_months (group_id, member_id, month, last_at)
     SELECT group_id, member_id, ${monthOfDaySql('day')} AS month, MAX(last_at) FROM temp.health_fold_member_days
     GROUP BY group_id, member_id, month`,
  ).run();
}

/** Rows per multi-row statement of BulkInsert. */
const statementRows = 500;

/**
 * Queues a row and writes the queue once it fills a statement. Queued whole, a fold's rows (tens of thousands of
 * member-days) make arrays of several MB, which V8 counts as survivors of its young generation: enough of those and
 * it doubles that generation for good (see CountedMessages.slots).
 */
function addWritingAsYouGo(rows: BulkInsert, ...values: unknown[]): void {
  rows.add(...values);
  if (rows.size >= statementRows) rows.flush();
}

/**
 * One group's new messages counted by whoever writes them (an import batch), so that folding them in need not read
 * them back: the same counts `fillTempTables` computes from the messages with ids in (after, through] (members'
 * messages only; system notices count for nobody). Kept in small integers and typed arrays: an import counts a
 * million messages, and objects per member-day would pile up in the old generation between full collections.
 */
export class CountedMessages {
  /** The counts cover exactly the messages with ids in (after, through]. */
  after = 0;
  through = 0;
  /** By (day * 24 + hour) * 16 + kind index: messages. */
  private readonly cells = new Map<number, number>();
  /**
   * The member-days' rows in the arrays below, found by (day, member): an open-addressing table of row + 1 (0 for
   * none). Typed arrays rather than maps: a map entry per member-day lives until the fold, and a million messages'
   * worth of them, copied by every young-generation collection they survive, made V8 double that generation.
   */
  private slots = new Int32Array(4096);
  private rows = 0;
  private days = new Int32Array(1024);
  private members = new Int32Array(1024);
  private messages = new Int32Array(1024);
  /** First and last message of the member-day, in ms after the day's start. */
  private firsts = new Int32Array(1024);
  private lasts = new Int32Array(1024);
  /** Set by `fillTempTables`: the rows in day order, and each row's previous day's last message here (NaN: none). */
  private order = new Int32Array(0);
  private previousLasts = new Float64Array(0);

  constructor(private readonly groupId: number) {}

  /** Starts over for the messages after `after`. */
  reset(after: number): void {
    this.after = after;
    this.through = after;
    this.cells.clear();
    this.slots.fill(0);
    this.rows = 0;
  }

  /** Counts message `id` (ids only grow: the count covers every id up to the highest one counted). */
  add(id: number, memberId: number | null, sentAt: number, kind: MessageKind): void {
    if (id > this.through) this.through = id;
    if (kind === 'system') return;
    const local = sentAt + moderatorUtcOffsetMs;
    const day = Math.floor(local / dayMs);
    const sinceDayStart = local - day * dayMs;
    const cell = (day * 24 + Math.floor(sinceDayStart / hourMs)) * 16 + messageKinds.indexOf(kind);
    this.cells.set(cell, (this.cells.get(cell) ?? 0) + 1);
    if (memberId === null) return;
    const slot = this.slotOf(day, memberId);
    const row = this.slots[slot]! - 1;
    if (row === -1) {
      if (this.rows === this.days.length) this.grow();
      this.slots[slot] = this.rows + 1;
      this.days[this.rows] = day;
      this.members[this.rows] = memberId;
      this.messages[this.rows] = 1;
      this.firsts[this.rows] = sinceDayStart;
      this.lasts[this.rows] = sinceDayStart;
      this.rows += 1;
      if (this.rows * 2 > this.slots.length) this.growSlots();
    } else {
      this.messages[row]! += 1;
      if (sinceDayStart < this.firsts[row]!) this.firsts[row] = sinceDayStart;
      if (sinceDayStart > this.lasts[row]!) this.lasts[row] = sinceDayStart;
    }
  }

  /**
   * Writes the counts into the fold's temp tables, many rows per statement: the cells, each member's first day, first
   * and last message, and each member's last message per month. The member-days, linked to the member's previous
   * day here, wait for `writeMemberDays`.
   */
  fillTempTables(db: Db): void {
    const groupId = this.groupId;
    const cells = new BulkInsert(
      db,
      'INSERT INTO temp.health_fold_cells (group_id, day, hour, kind, messages)',
      5,
    );
    for (const [key, messages] of this.cells) {
      const dayHour = Math.floor(key / 16);
      addWritingAsYouGo(
        cells,
        groupId,
        Math.floor(dayHour / 24),
        dayHour % 24,
        messageKinds[key % 16],
        messages,
      );
    }
    cells.flush();
    const { days, members: memberOf } = this;
    // Rows are numbered as member-days first appear: already in day order for an export in time order (then the
    // sort, a tenth of the fold, is skipped).
    // A typed array: its storage lies outside the JS heap (see addWritingAsYouGo).
    const order = Int32Array.from({ length: this.rows }, (_, row) => row);
    if (days.subarray(1, this.rows).some((day, row) => day < days[row]!))
      order.sort((a, b) => days[a]! - days[b]! || memberOf[a]! - memberOf[b]!);
    this.order = order;
    this.previousLasts = new Float64Array(this.rows);
    // In day order a member's previous day here is the last one seen, their first day the first one seen, and
    // their last message (of the fold, of a month) the one seen last.
    const members = new Map<number, { firstDay: number; firstAt: number; lastAt: number }>();
    const months = new Map<number, Map<number, number>>();
    let monthDay = NaN;
    let lastOfMonth = new Map<number, number>();
    for (const row of order) {
      const day = days[row]!;
      const memberId = memberOf[row]!;
      const dayStart = instantOfDay(day);
      const firstAt = dayStart + this.firsts[row]!;
      const lastAt = dayStart + this.lasts[row]!;
      const member = members.get(memberId);
      this.previousLasts[row] = member?.lastAt ?? NaN;
      if (member) member.lastAt = lastAt;
      else members.set(memberId, { firstDay: day, firstAt, lastAt });
      if (day !== monthDay) {
        monthDay = day;
        const month = monthOfDay(day);
        lastOfMonth = months.get(month) ?? new Map();
        months.set(month, lastOfMonth);
      }
      lastOfMonth.set(memberId, lastAt);
    }
    const memberTotals = new BulkInsert(
      db,
      'INSERT INTO temp.health_fold_members (group_id, member_id, first_day, first_at, last_at)',
      5,
    );
    for (const [memberId, { firstDay, firstAt, lastAt }] of members)
      addWritingAsYouGo(memberTotals, groupId, memberId, firstDay, firstAt, lastAt);
    memberTotals.flush();
    const memberMonths = new BulkInsert(
      db,
      'INSERT INTO temp.health_fold_member_months (group_id, member_id, month, last_at)',
      4,
    );
    for (const [month, lastOfMember] of months)
      for (const [memberId, lastAt] of lastOfMember)
        addWritingAsYouGo(memberMonths, groupId, memberId, month, lastAt);
    memberMonths.flush();
  }

  /**
   * Adds the member-days (after `fillTempTables`) to health_member_days, in day order, many rows per statement, as
   * `addMemberDays` does from the temp table. A member-day whose previous day here comes after every day stored for
   * the group keeps that day's last message here as its link (nothing stored can be later), without `addMemberDays`'
   * lookups: in an import in time order, every member-day but a member's first here and those of the days next to
   * the last fold's.
   */
  writeMemberDays(db: Db): void {
    const groupId = this.groupId;
    const lastStoredDay =
      (prepared(db, 'SELECT max(day) FROM health_member_days WHERE group_id = ?', { pluck: true }).get(
        groupId,
      ) as number | null) ?? -Infinity;
    const withLookups = new BulkInsert(db, memberDayValuesHead, 7, memberDayValuesTail);
    const linkedHere = new BulkInsert(
      db,
      'INSERT INTO health_member_days (group_id, day, member_id, messages, first_at, last_at, previous_last_at)',
      7,
      addToStoredMemberDay,
    );
    for (const row of this.order) {
      const dayStart = instantOfDay(this.days[row]!);
      const previousLast = this.previousLasts[row]!;
      addWritingAsYouGo(
        !Number.isNaN(previousLast) && dayOfInstant(previousLast) > lastStoredDay ? linkedHere : withLookups,
        groupId,
        this.days[row],
        this.members[row],
        this.messages[row],
        dayStart + this.firsts[row]!,
        dayStart + this.lasts[row]!,
        Number.isNaN(previousLast) ? null : previousLast,
      );
    }
    withLookups.flush();
    linkedHere.flush();
  }

  /** The slot of (day, member): where its row is, or the empty slot where it goes. */
  private slotOf(day: number, memberId: number): number {
    const mask = this.slots.length - 1;
    let hash = Math.imul(day, 0x9e3779b1) ^ Math.imul(memberId, 0x85ebca77);
    hash ^= hash >>> 15;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const row = this.slots[slot]! - 1;
      if (row === -1 || (this.days[row] === day && this.members[row] === memberId)) return slot;
    }
  }

  /** Doubles the slot table (kept at most half full) and places every row again. */
  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let row = 0; row < this.rows; row += 1)
      this.slots[this.slotOf(this.days[row]!, this.members[row]!)] = row + 1;
  }

  private grow(): void {
    const larger = (array: Int32Array) => {
      const next = new Int32Array(array.length * 2);
      next.set(array);
      return next;
    };
    this.days = larger(this.days);
    this.members = larger(this.members);
    this.messages = larger(this.messages);
    this.firsts = larger(this.firsts);
    this.lasts = larger(this.lasts);
  }
}

function clearTempTables(db: Db): void {
  for (const table of ['cells', 'member_days', 'members', 'member_months'])
    prepared(db, `DELETE FROM temp.health_fold_${table}`).run();
}

function ensureTempTables(db: Db): void {
  // Temp tables belong to the connection; IF NOT EXISTS makes this a no-op after the first call.
  if (!tempTablesReady.has(db)) {
    db.exec(tempTables);
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS health_fold_dirty (
      group_id INTEGER NOT NULL, day INTEGER NOT NULL, PRIMARY KEY (group_id, day)) WITHOUT ROWID`);
    tempTablesReady.add(db);
  }
}
const tempTablesReady = new WeakSet<Db>();

export interface RollupState {
  /** Messages with an id up to this one are folded in. */
  rolledThrough: number;
  /** The highest message id. */
  lastMessageId: number;
  /** (group, day) pairs waiting to be recomputed. */
  dirty: number;
  /** 0 when the complaint rollups wait for a recompute of every day (after migration 0017 or a rebuild). */
  complaintsCurrent: number;
}

export function rollupState(db: Db): RollupState {
  return prepared(
    db,
    `SELECT (SELECT rolled_through FROM health_rollup_state WHERE id = 1) AS rolledThrough,
       coalesce((SELECT max(id) FROM messages), 0) AS lastMessageId,
       (SELECT count(*) FROM health_rollup_dirty) AS dirty,
       (SELECT complaints_current FROM health_rollup_state WHERE id = 1) AS complaintsCurrent`,
  ).get() as RollupState;
}

export function isRollupCurrent(state: RollupState): boolean {
  return state.rolledThrough >= state.lastMessageId && state.dirty === 0 && state.complaintsCurrent === 1;
}

/**
 * Folds the messages with ids in (after, through] into the rollups, from `counted` when it counted exactly those.
 * The caller holds a transaction.
 */
function foldIds(db: Db, after: number, through: number, counted?: CountedMessages): void {
  ensureTempTables(db);
  if (counted && counted.after === after && counted.through === through) {
    counted.fillTempTables(db);
    addFoldedRows(db, true, () => counted.writeMemberDays(db));
  } else {
    fillTempTables(db, 'ids', { after, through });
    addFoldedRows(db, true);
  }
  clearTempTables(db);
  prepared(db, 'UPDATE health_rollup_state SET rolled_through = ? WHERE id = 1').run(through);
}

/**
 * Recomputes every marked (group, day) from its messages: their rollup rows are replaced, and the first message of
 * each member seen there (before or after) is looked up again.
 */
function recomputeDirty(db: Db): number {
  ensureTempTables(db);
  prepared(
    db,
    'INSERT OR IGNORE INTO temp.health_fold_dirty SELECT group_id, day FROM health_rollup_dirty',
  ).run();
  prepared(db, 'DELETE FROM health_rollup_dirty').run();
  const count = prepared(db, 'SELECT count(*) FROM temp.health_fold_dirty', { pluck: true }).get() as number;
  if (count === 0) return 0;
  const inDirty = (table: string) =>
    `EXISTS (SELECT 1 FROM temp.health_fold_dirty d WHERE d.group_id = ${table}.group_id AND d.day = ${table}.day)`;
  prepared(
    db,
    `INSERT OR IGNORE INTO temp.health_fold_speakers (group_id, member_id)
     SELECT group_id, member_id FROM health_member_days WHERE ${inDirty('health_member_days')}`,
  ).run();
  for (const table of ['health_daily', 'health_hourly', 'health_kinds', 'health_member_days'])
    prepared(db, `DELETE FROM ${table} WHERE ${inDirty(table)}`).run();
  fillTempTables(db, 'dirty', {});
  prepared(
    db,
    `INSERT OR IGNORE INTO temp.health_fold_speakers (group_id, member_id)
     SELECT group_id, member_id FROM temp.health_fold_member_days`,
  ).run();
  // Speakers and member-months are rebuilt below, not folded: a delete can move someone's first message later.
  addFoldedRows(db, false);
  // Days of these members were removed or added: each of their days links to its previous one again.
  prepared(db, relinkSpeakers).run();
  prepared(
    db,
    `INSERT OR IGNORE INTO temp.health_fold_months (group_id, month)
     SELECT group_id, ${monthOfDaySql('day')} FROM temp.health_fold_dirty`,
  ).run();
  prepared(
    db,
    `DELETE FROM health_member_months WHERE EXISTS (
       SELECT 1 FROM temp.health_fold_months m
       WHERE m.group_id = health_member_months.group_id AND m.month = health_member_months.month)`,
  ).run();
  prepared(
    db,
    `INSERT INTO health_member_months (group_id, member_id, month, last_at)
     SELECT d.group_id, d.member_id, m.month, MAX(d.last_at)
     FROM temp.health_fold_months m JOIN health_member_days d ON d.group_id = m.group_id
       AND d.day >= ${firstDayOfMonthSql('m.month')} AND d.day < ${firstDayOfMonthSql('m.month + 1')}
     GROUP BY d.group_id, d.member_id, m.month`,
  ).run();
  prepared(
    db,
    `DELETE FROM health_speakers WHERE EXISTS (
       SELECT 1 FROM temp.health_fold_speakers s
       WHERE s.group_id = health_speakers.group_id AND s.member_id = health_speakers.member_id)`,
  ).run();
  prepared(
    db,
    `INSERT INTO health_speakers (group_id, member_id, first_at, last_at)
     SELECT * FROM (
       SELECT s.group_id, s.member_id, (
         SELECT MIN(m.sent_at) FROM messages m
         WHERE m.member_id = s.member_id AND m.group_id = s.group_id AND m.kind <> 'system'
       ) AS first_at, (
         SELECT MAX(m.sent_at) FROM messages m
         WHERE m.member_id = s.member_id AND m.group_id = s.group_id AND m.kind <> 'system'
       ) AS last_at
       FROM temp.health_fold_speakers s
     ) WHERE first_at IS NOT NULL`,
  ).run();
  clearTempTables(db);
  for (const sql of complaintRecompute('dirty')) prepared(db, sql).run();
  prepared(db, 'DELETE FROM temp.health_fold_speakers').run();
  prepared(db, 'DELETE FROM temp.health_fold_months').run();
  prepared(db, 'DELETE FROM temp.health_fold_dirty').run();
  return count;
}

/**
 * Brings the rollups up to date: new messages folded in, marked days recomputed. Runs in the caller's transaction
 * when there is one (an import batch, which may pass the counts of what it wrote), otherwise in its own. Returns what
 * it did.
 */
export function refreshHealthRollups(
  db: Db,
  counted?: CountedMessages,
): { folded: number; recomputedDays: number } {
  const state = rollupState(db);
  if (isRollupCurrent(state)) return { folded: 0, recomputedDays: 0 };
  const work = () => {
    // New rows first, then the marked days: recomputing a day replaces whatever the fold added to it.
    const current = rollupState(db);
    if (current.lastMessageId > current.rolledThrough)
      foldIds(db, current.rolledThrough, current.lastMessageId, counted);
    const recomputedDays = recomputeDirty(db);
    if (current.complaintsCurrent !== 1) {
      for (const sql of complaintRecompute('all')) prepared(db, sql).run();
      prepared(db, 'UPDATE health_rollup_state SET complaints_current = 1 WHERE id = 1').run();
    }
    prepared(db, 'UPDATE health_rollup_state SET generation = generation + 1 WHERE id = 1').run();
    return { folded: Math.max(0, current.lastMessageId - current.rolledThrough), recomputedDays };
  };
  return db.inTransaction ? work() : db.transaction(work).immediate();
}

/**
 * Folds in the next messages up to `through` (for the rebuild job's batches), from `counted` when it counted exactly
 * those.
 */
export function foldHealthRollupsThrough(db: Db, through: number, counted?: CountedMessages): void {
  db.transaction(() => {
    const state = rollupState(db);
    if (through > state.rolledThrough)
      foldIds(db, state.rolledThrough, Math.min(through, state.lastMessageId), counted);
    prepared(db, 'UPDATE health_rollup_state SET generation = generation + 1 WHERE id = 1').run();
  }).immediate();
}

/**
 * What the dashboard's in-memory caches are keyed on: changes with every refresh that changed the rollups, and with
 * every change to memberships (other connections' and threads' writes too: it is read from the database).
 */
export function rollupVersion(db: Db): { messages: number; memberships: number } {
  return prepared(
    db,
    'SELECT generation AS messages, membership_version AS memberships FROM health_rollup_state WHERE id = 1',
  ).get() as { messages: number; memberships: number };
}

export const rollupTables = [
  'health_daily',
  'health_hourly',
  'health_kinds',
  'health_member_days',
  'health_member_months',
  'health_speakers',
] as const;

/** The complaint rate's rollups (migration 0017), kept by triggers on the scan state and the hits. */
export const complaintRollupTables = ['health_scanned_daily', 'health_hit_categories'] as const;

/**
 * Empties every rollup table and sets the watermark back to 0, so the next folds start over; the next refresh
 * recomputes the complaint rollups.
 */
export function clearHealthRollups(db: Db): void {
  db.transaction(() => {
    for (const table of [...rollupTables, ...complaintRollupTables, 'health_rollup_dirty'])
      db.prepare(`DELETE FROM ${table}`).run();
    db.prepare(
      `UPDATE health_rollup_state SET rolled_through = 0, complaints_current = 0, generation = generation + 1
       WHERE id = 1`,
    ).run();
  }).immediate();
}
