/**
 * Writes parsed messages of one import into the workspace, a batch per transaction: senders matched to members
 * (wxid, else name within the group) or created, a stable identity per message so re-imports add nothing, the
 * batch's rows added to the full-text index, and join/leave history from system notices.
 */
import type { ImportMemberMatches } from '../../../shared/ipc/channels/imports';
import { AppError } from '../../../shared/ipc/errors';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import { CountedMessages, refreshHealthRollups } from '../db/repositories/healthRollups';
import {
  importedMessageFingerprint,
  normaliseForFingerprint,
  senderContentHash,
  serverIdFingerprint,
} from '../services/fingerprint';
import { namesJoining, namesLeaving } from './content';
import type { ParsedMessage } from './types';

/**
 * `normaliseForFingerprint` (NFKC, whitespace runs folded to one space, trimmed) without its cost for the bulk of
 * chat messages: text made only of printable ASCII, CJK ideographs and kana, common CJK and quotation punctuation
 * (none of which NFKC changes or composes with a neighbour), full-width ASCII forms (which NFKC maps one to one onto
 * ASCII), the ideographic space and ASCII whitespace is normalised here in one pass, and returned as it is when
 * nothing changes. Anything else goes through the general function.
 */
export function fingerprintContent(text: string): string {
  let changed = false;
  let pendingSpace = false;
  let seenNonSpace = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13) || code === 0x3000) {
      if (code !== 32 || pendingSpace || !seenNonSpace) changed = true;
      pendingSpace = true;
      continue;
    }
    if (code >= 33 && code < 127) {
      pendingSpace = false;
      seenNonSpace = true;
      continue;
    }
    if (code >= 0xff01 && code <= 0xff5e) changed = true;
    else if (code < 0x4e00 || code > 0x9fff ? !stableBelowIdeographs(code) : false)
      return normaliseForFingerprint(text);
    pendingSpace = false;
    seenNonSpace = true;
  }
  if (pendingSpace && seenNonSpace) changed = true;
  return changed ? foldFastText(text) : text;
}

/**
 * The normal form of text `fingerprintContent` accepted: full-width forms to ASCII, whitespace folded and trimmed.
 * Runs of other characters are copied as slices: one string per run rather than one per character.
 */
function foldFastText(text: string): string {
  let out = '';
  /** Where the current run of characters kept as they are began (-1: not in one). */
  let runStart = -1;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13) || code === 0x3000;
    const fullWidth = code >= 0xff01 && code <= 0xff5e;
    if (!space && !fullWidth) {
      if (runStart === -1) {
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        runStart = i;
      }
      continue;
    }
    if (runStart !== -1) {
      out += text.slice(runStart, i);
      runStart = -1;
    }
    if (space) {
      pendingSpace = out.length > 0;
    } else {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      out += String.fromCharCode(code - 0xfee0);
    }
  }
  if (runStart !== -1) out += text.slice(runStart);
  return out;
}

/** Characters below U+4E00 that NFKC leaves as they are and that never compose with a neighbour. */
function stableBelowIdeographs(code: number): boolean {
  return (
    (code >= 0x3400 && code <= 0x4dbf) || // CJK extension A
    (code >= 0x3001 && code <= 0x3029) || // 、。〃〄々〆〇〈〉《》「」『』【】〒〓〔〕〖〗〘〙〚〛〜〝〞〟〠 and Suzhou numerals
    (code >= 0x3041 && code <= 0x3096) || // hiragana
    (code >= 0x30a1 && code <= 0x30fa) || // katakana
    (code >= 0x2010 && code <= 0x2022 && code !== 0x2011 && code !== 0x2017) || // dashes, quotation marks, bullets
    code === 0x00b7 // middle dot
  );
}

/** Slots of an empty `OrdinalCounter` table (a power of two). */
const ordinalSlots = 1024;
/** How long a second stays counted after a later one: exports run in time order, give or take. */
const ordinalMemorySeconds = 3600;

/** 32 bits of a string (FNV-1a over UTF-16 units): the counter keeps numbers, not the strings themselves. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1)
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash;
}

/**
 * Counts identical messages (group, sender, second, content) within one file, so the third "好" of a second gets
 * ordinal 2 in every re-import. Only the last hour is kept: exports run in time order (and a copy of a message that
 * an out-of-order file brings back later still meets its twin as a stored message, see StoredMessageKeys). Seconds
 * older than an hour before the newest are dropped when the number of seconds held passes twice what the last sweep
 * kept (and at least 256).
 *
 * Held in typed arrays, as numbers: a map from seconds to the keys' strings, swept as often, still left most of them
 * in V8's old generation (its tables and keys, allocated at sites V8 had learnt to place there), about a hundred MB
 * of a million-message import for the next full collection: 283-292 MB peak RSS, 197 without the strings, 180
 * without the counter. Two keys of one second that share 32 bits count as one key: it shifts the later one's ordinal,
 * the same way on every import of the file, and never merges two messages (their fingerprints hash 64 bits).
 */
export class OrdinalCounter {
  /**
   * Seconds are kept relative to the first one seen (epoch seconds are past V8's small-integer range). `origin` is
   * null until then.
   */
  private origin: number | null = null;
  private newestSecond = -Infinity;
  private sweepAt = 256;
  /** (second, key) → how many were seen. */
  private readonly pairs = new SecondKeyCounts();
  /** The distinct seconds held (what the sweep is triggered by), each under key 0. */
  private readonly seconds = new SecondKeyCounts();

  /** `key` names sender and content (a hash: full texts would only cost more to hash). */
  next(epochSecond: number, key: string): number {
    this.origin ??= epochSecond;
    const second = epochSecond - this.origin;
    const seen = this.pairs.add(second, hash32(key));
    if (seen > 0) return seen;
    if (this.seconds.add(second, 0) === 0) {
      if (second > this.newestSecond) this.newestSecond = second;
      if (this.seconds.size > this.sweepAt) this.sweep();
    }
    return 0;
  }

  /** Drops seconds an hour older than the newest one seen. */
  private sweep(): void {
    const oldest = this.newestSecond - ordinalMemorySeconds;
    this.pairs.keepFrom(oldest);
    this.seconds.keepFrom(oldest);
    this.sweepAt = 2 * this.seconds.size + 256;
  }
}

/**
 * (second, 32-bit key) → count, by open addressing in typed arrays (a count of 0 is an empty slot), grown to stay
 * at most half full. Seconds as doubles: a file's times may lie further apart than 32 bits of seconds (68 years).
 */
class SecondKeyCounts {
  private seconds = new Float64Array(ordinalSlots);
  private keys = new Int32Array(ordinalSlots);
  private counts = new Int32Array(ordinalSlots);
  /** Entries held. */
  size = 0;

  /** Counts one more (second, key); returns how many there were before. */
  add(second: number, key: number): number {
    const mask = this.counts.length - 1;
    let slot = entrySlot(second, key) & mask;
    for (let count = this.counts[slot]!; count !== 0; count = this.counts[slot]!) {
      if (this.seconds[slot] === second && this.keys[slot] === key) {
        this.counts[slot] = count + 1;
        return count;
      }
      slot = (slot + 1) & mask;
    }
    this.seconds[slot] = second;
    this.keys[slot] = key;
    this.counts[slot] = 1;
    this.size += 1;
    if (this.size * 2 > this.counts.length) this.rehash(this.counts.length * 2);
    return 0;
  }

  /** Drops the entries of seconds before `oldest`, in a table sized for those left. */
  keepFrom(oldest: number): void {
    this.rehash(tableSlots(this.size), oldest);
  }

  /** The entries in a table of `slots` slots, without those of seconds before `oldest`. */
  private rehash(slots: number, oldest = -Infinity): void {
    const { seconds, keys, counts } = this;
    this.seconds = new Float64Array(slots);
    this.keys = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.size = 0;
    const mask = slots - 1;
    for (let from = 0; from < counts.length; from += 1) {
      const second = seconds[from]!;
      if (counts[from] === 0 || second < oldest) continue;
      let slot = entrySlot(second, keys[from]!) & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.seconds[slot] = second;
      this.keys[slot] = keys[from]!;
      this.counts[slot] = counts[from]!;
      this.size += 1;
    }
  }
}

/** A table's slots for `entries`: at most half full after a sweep, a power of two. */
function tableSlots(entries: number): number {
  let slots = ordinalSlots;
  while (slots < entries * 4) slots *= 2;
  return slots;
}

/** A 32-bit mix (MurmurHash3's finaliser): every input bit moves the low bits a table slot is taken from. */
function mix32(value: number): number {
  let hash = value ^ (value >>> 16);
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

const entrySlot = (second: number, key: number) => mix32(second ^ Math.imul(key, 0x9e3779b1));

/**
 * Fingerprints the group already stores, read a time window at a time (index range scans), so a re-import
 * recognises its duplicates without a write attempt per row. Rows this import adds and server-id duplicates stored
 * under another time (another time zone, Excel's lost seconds) still meet the unique index on insert. Windows are
 * small enough that each one's fingerprints are garbage before the young generation is collected twice: a million
 * stored fingerprints would otherwise end up in the old generation, as memory nothing frees until a full collection.
 */
export class StoredFingerprints {
  /** The window's fingerprints in stored order (time, then id). */
  private fingerprints: string[] = [];
  /** Where each of them is in `fingerprints`: built once a fingerprint is not the one at `next`. */
  private positions: Map<string, number> | null = null;
  /** The stored fingerprint an export imported before, read again in its own order, brings next. */
  private next = 0;
  /** The window covers the messages sent in [from, to]. */
  private from = Infinity;
  private to = -Infinity;
  private readonly statements;

  constructor(
    db: Db,
    private readonly groupId: number,
    private readonly windowRows = 4096,
  ) {
    this.statements = {
      // Where a window of `windowRows` messages ends: read from the time index alone.
      end: db
        .prepare(
          'SELECT sent_at FROM messages WHERE group_id = ? AND sent_at >= ? ORDER BY sent_at LIMIT 1 OFFSET ?',
        )
        .pluck(),
      // In the time index's order (time, then id): the order an export's rows were stored in.
      fingerprints: db
        .prepare(
          'SELECT fingerprint FROM messages WHERE group_id = ? AND sent_at >= ? AND sent_at <= ? ORDER BY sent_at, id',
        )
        .pluck(),
    };
  }

  /**
   * Whether the group stores this fingerprint. An export read again (the same file, or an overlapping later one)
   * brings the stored messages in their stored order: each is first compared with the one after the last found,
   * and only a fingerprint out of that order is looked up (positions built for the window on first need).
   */
  has(fingerprint: string, sentAt: number): boolean {
    if (sentAt < this.from || sentAt > this.to) this.load(sentAt);
    if (this.fingerprints[this.next] === fingerprint) {
      this.next += 1;
      return true;
    }
    if (this.positions === null) {
      this.positions = new Map();
      this.fingerprints.forEach((stored, position) => this.positions!.set(stored, position));
    }
    const position = this.positions.get(fingerprint);
    if (position === undefined) return false;
    this.next = position + 1;
    return true;
  }

  private load(from: number): void {
    const end = this.statements.end.get(this.groupId, from, this.windowRows) as number | undefined;
    // The window ends before the first message past it, on a whole millisecond (it may hold more than
    // `windowRows` messages when that many share the millisecond it starts on).
    const to = end === undefined ? Number.MAX_SAFE_INTEGER : Math.max(from, end - 1);
    this.fingerprints = this.statements.fingerprints.all(this.groupId, from, to) as string[];
    this.positions = null;
    this.next = 0;
    this.from = from;
    this.to = end === undefined ? Infinity : to;
  }
}

/**
 * The messages of the group stored by other imports, counted per second, sender (the resolved member) and
 * normalised content: the same chat exported by two tools gets two different fingerprints (one tool has server
 * ids, the other not; one names senders by wxid, the other by display name), so a message whose fingerprint is new
 * is also looked up here. Read a time window at a time, whole seconds only, and only once a fingerprint misses
 * where the group already has messages.
 */
export class StoredMessageKeys {
  /** Per `second:key`, stored messages of other imports: all of them, and those without a server id. */
  private all = new Map<string, number>();
  private withoutServerId = new Map<string, number>();
  private from = Infinity;
  private to = -Infinity;
  private readonly window;
  private readonly wholeSecond;

  constructor(
    db: Db,
    private readonly groupId: number,
    private readonly importId: number,
    private readonly windowRows = 20_000,
  ) {
    const columns = 'SELECT sent_at, member_id, content, server_id IS NULL AS no_server_id FROM messages';
    this.window = db.prepare(
      `${columns} WHERE group_id = ? AND sent_at >= ? AND import_id IS NOT ? ORDER BY sent_at LIMIT ?`,
    );
    this.wholeSecond = db.prepare(
      `${columns} WHERE group_id = ? AND sent_at >= ? AND sent_at < ? AND import_id IS NOT ?`,
    );
  }

  /**
   * Whether the `ordinal`-th identical message of this second is already stored. A message with a server id is
   * only matched to stored copies without one: stored messages with another server id are other messages (split
   * files of one tool, a burst of identical texts across the split).
   */
  has(second: number, key: string, ordinal: number, hasServerId: boolean): boolean {
    const start = second * 1000;
    if (start < this.from || start > this.to) this.load(start);
    const counts = hasServerId ? this.withoutServerId : this.all;
    return (counts.get(`${second}:${key}`) ?? 0) > ordinal;
  }

  private load(start: number): void {
    type Row = { sent_at: number; member_id: number | null; content: string; no_server_id: number };
    let rows = this.window.all(this.groupId, start, this.importId, this.windowRows) as Row[];
    this.from = start;
    this.to = Infinity;
    if (rows.length === this.windowRows) {
      // A full window may end inside a second: it covers the seconds before the last one.
      const lastSecondStart = Math.floor(rows.at(-1)!.sent_at / 1000) * 1000;
      if (lastSecondStart > start) {
        this.to = lastSecondStart - 1;
        rows = rows.filter((row) => row.sent_at < lastSecondStart);
      } else {
        this.to = start + 999;
        rows = this.wholeSecond.all(this.groupId, start, start + 1000, this.importId) as Row[];
      }
    }
    this.all = new Map();
    this.withoutServerId = new Map();
    for (const row of rows) {
      const id = `${Math.floor(row.sent_at / 1000)}:${sameMessageKey(row.member_id, fingerprintContent(row.content))}`;
      this.all.set(id, (this.all.get(id) ?? 0) + 1);
      if (row.no_server_id) this.withoutServerId.set(id, (this.withoutServerId.get(id) ?? 0) + 1);
    }
  }
}

/**
 * A copy of `text` that shares no memory with the file chunk it was cut from: parsed fields are slices of the decoded
 * chunk, and a slice kept as a long-lived map key would keep its whole chunk (tens of KB) alive.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** One of the group's members, as `GroupMemberNames` finds them by name. */
interface NamedMember extends MemberRow {
  hasWxid: boolean;
}

/** A member as read for `GroupMemberNames` (the columns both of its queries select). */
interface NamedMemberRow extends MemberRow {
  has_wxid: number;
  display_name: string;
}

/**
 * The group's members by display name and by group nickname, read in one query and then kept up to date by the
 * writer (the members it adds to the group, the wxids it attaches): a large import looks up a new sender or a joining
 * name here rather than with two index lookups each, which a bulk load's small page cache makes slow. Read again
 * after another connection has written (see ImportWriter.revalidate).
 */
class GroupMemberNames {
  /** Per name, the group's members of that display name (or group nickname), lowest id first. */
  private readonly byDisplayName = new Map<string, NamedMember[]>();
  private readonly byNickname = new Map<string, NamedMember[]>();
  private readonly byId = new Map<number, NamedMember>();

  constructor(db: Db, groupId: number) {
    const rows = db
      .prepare(
        `SELECT m.id, m.merged_into_id, m.wxid IS NOT NULL AS has_wxid, m.display_name, gm.group_nickname
         FROM group_members gm JOIN members m ON m.id = gm.member_id WHERE gm.group_id = ? ORDER BY m.id`,
      )
      .all(groupId) as (NamedMemberRow & { group_nickname: string | null })[];
    for (const row of rows) this.add(row, row.group_nickname);
  }

  /** A member who joined the group (ids may come in any order). */
  add(row: NamedMemberRow, nickname: string | null): void {
    const member: NamedMember = {
      id: row.id,
      merged_into_id: row.merged_into_id,
      hasWxid: row.has_wxid === 1,
    };
    this.byId.set(member.id, member);
    insertById(this.byDisplayName, row.display_name, member);
    if (nickname !== null) insertById(this.byNickname, nickname, member);
  }

  member(id: number): NamedMember | undefined {
    return this.byId.get(id);
  }

  /**
   * The group's member of this display name, else of this group nickname (the lowest id first), only among members
   * without a wxid when `withoutWxid`.
   */
  find(name: string, withoutWxid: boolean): NamedMember | undefined {
    const fits = (member: NamedMember) => !withoutWxid || !member.hasWxid;
    return this.byDisplayName.get(name)?.find(fits) ?? this.byNickname.get(name)?.find(fits);
  }
}

function insertById(lists: Map<string, NamedMember[]>, name: string, member: NamedMember): void {
  const list = lists.get(name);
  if (!list) {
    lists.set(name, [member]);
    return;
  }
  let at = list.length;
  while (at > 0 && list[at - 1]!.id > member.id) at -= 1;
  list.splice(at, 0, member);
}

/** Sender (resolved member, none for notices) and normalised content: what two tools agree a message is. */
function sameMessageKey(memberId: number | null, normalisedContent: string): string {
  return senderContentHash(memberId === null ? '' : String(memberId), normalisedContent);
}

/** Messages per insert statement (see ImportWriter.pendingValues): 16 measured 1.2 µs a row faster than 1. */
const insertRows = 16;

interface MembershipState {
  joinedAt: number | null;
  leftAt: number | null;
  /** The member's first and last message in the open batch (NaN: none yet). */
  batchFirst: number;
  batchLast: number;
}

interface MemberRow {
  id: number;
  merged_into_id: number | null;
}

/** Created rows of this import, so a failed import can be taken back out. */
export interface CreatedRows {
  members: number[];
  memberships: number[];
  /** The lowest and highest message id the import inserted (messages are found by id, not by an import index). */
  messages?: { first: number; last: number } | null;
}

export class ImportWriter {
  inserted = 0;
  duplicates = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  readonly matches: ImportMemberMatches = { created: 0, matchedById: 0, matchedByName: 0 };
  readonly created: CreatedRows = { members: [], memberships: [], messages: null };
  /** Messages counted for the health rollups as they are written, since the last fold (see foldHealth). */
  private readonly healthCounts: CountedMessages;
  /** How many messages `healthCounts` holds. */
  private healthPending = 0;

  /** Members met in this import, by wxid and (for senders without one) by name. */
  private readonly memberByWxid = new Map<string, number>();
  private readonly memberByName = new Map<string, number>();
  /**
   * Join and leave times of the group's members, mirrored from group_members (read whole at the start, one query
   * rather than one per sender) so that a batch only updates the rows whose times actually move.
   */
  private readonly memberships = new Map<number, MembershipState>();
  /**
   * Whether any member holds a wxid as a listed identity: most workspaces hold none, and then a new sender's wxid is
   * looked up on the members alone (the identity lookup cost 38 µs a sender, a third of importing a split set).
   */
  private wxidIdentities = false;
  /**
   * The group's members by their wxid, read with the memberships: a chat's senders are mostly its members, found here
   * without a lookup each (a split set's 40 files looked up the same 2,000 senders again in each). Left empty when
   * wxids are listed as identities, which take precedence over the members' own.
   */
  private readonly groupMembersByWxid = new Map<string, MemberRow>();
  private readonly ordinals = new OrdinalCounter();
  private readonly statements;
  /**
   * Members with messages in the open batch, whose span is on their MembershipState (rather than an object per member
   * and batch: those live as long as the batch, long enough for V8 to copy them out of its young generation).
   */
  private readonly batchSpeakers: number[] = [];
  private batchFirstId = 0;
  /** `PRAGMA data_version` when the last batch began: it changes when another connection has written since. */
  private dataVersion: number | null = null;
  /**
   * The full-text index's insert trigger on messages (its stored SQL), suspended for each batch: a batch indexes its
   * rows itself (see `finishBatch`), and with a trigger on the table every multi-row insert keeps a statement journal.
   */
  private readonly ftsInsertTrigger: string | null;
  private readonly stored: StoredFingerprints | null;
  private readonly storedKeys: StoredMessageKeys | null;
  /** Read when a sender is first looked up by name (most imports of a known chat never do). */
  private groupMemberNames: GroupMemberNames | null = null;
  private readonly db: Db;
  /**
   * Messages waiting to be inserted, up to `insertRows` at a time: one statement for many rows crosses into SQLite
   * once (and keeps no statement journal, see `flush`). Flushed before anything that must see them stored (a join or
   * leave notice's membership changes, the end of the batch).
   */
  private readonly pendingValues: unknown[] = [];
  private readonly pendingMessages: ParsedMessage[] = [];
  private readonly pendingMembers: (number | null)[] = [];
  private readonly pendingFingerprints: string[] = [];
  /** Insert statements by their number of rows. */
  private readonly insertStatements: Statement[] = [];

  constructor(
    db: Db,
    private readonly groupId: number,
    private readonly importId: number,
    private readonly now: number,
    /** Look stored duplicates up by time window (off for bulk loads, which run without the time index). */
    checkStored = true,
  ) {
    this.statements = {
      maxMessageId: db.prepare('SELECT coalesce(max(id), 0) AS id FROM messages').pluck(),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      targetExists: db.prepare(
        'SELECT (SELECT count(*) FROM groups WHERE id = ?) AS groupExists, (SELECT count(*) FROM imports WHERE id = ?) AS importExists',
      ),
      storedInRange: db.prepare('SELECT id, fingerprint FROM messages WHERE id >= ? AND id <= ?').raw(),
      fingerprintStored: db.prepare('SELECT 1 FROM messages WHERE fingerprint = ?'),
      indexFts: db.prepare(
        'INSERT INTO messages_fts (rowid, content) SELECT id, content FROM messages WHERE id > ?',
      ),
      memberByIdentity: db.prepare(
        `SELECT m.id, m.merged_into_id FROM member_identities i JOIN members m ON m.id = i.member_id
         WHERE i.platform = 'wxid' AND i.value = ?`,
      ),
      memberByWxid: db.prepare('SELECT id, merged_into_id FROM members WHERE wxid = ?'),
      memberById: db.prepare('SELECT id, merged_into_id FROM members WHERE id = ?'),
      attachWxid: db.prepare('UPDATE members SET wxid = ?, updated_at = ? WHERE id = ? AND wxid IS NULL'),
      insertMember: db.prepare(
        'INSERT INTO members (display_name, wxid, join_channel, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)',
      ),
      groupMemberships: db.prepare(
        `SELECT gm.member_id, gm.joined_at, gm.left_at, m.wxid, m.merged_into_id
         FROM group_members gm JOIN members m ON m.id = gm.member_id WHERE gm.group_id = ?`,
      ),
      anyWxidIdentity: db.prepare(`SELECT 1 FROM member_identities WHERE platform = 'wxid' LIMIT 1`),
      namedMember: db.prepare(
        'SELECT id, merged_into_id, wxid IS NOT NULL AS has_wxid, display_name FROM members WHERE id = ?',
      ),
      insertMembership: db.prepare(
        `INSERT INTO group_members (group_id, member_id, role, group_nickname, joined_at) VALUES (?, ?, 'member', ?, ?)`,
      ),
      // Speaking earlier than the recorded join moves the join back; speaking after a recorded leave means a return.
      touchMembership: db.prepare(
        `UPDATE group_members SET
           joined_at = CASE WHEN joined_at IS NULL OR joined_at > @first THEN @first ELSE joined_at END,
           left_at = CASE WHEN left_at IS NOT NULL AND left_at < @last THEN NULL ELSE left_at END
         WHERE group_id = @groupId AND member_id = @memberId`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO membership_events (group_id, member_id, event, at, import_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (group_id, member_id, event, at) DO NOTHING`,
      ),
      joined: db.prepare(
        `UPDATE group_members SET
           joined_at = CASE WHEN left_at IS NOT NULL AND left_at <= @at THEN @at
                            WHEN joined_at IS NULL OR joined_at > @at THEN @at ELSE joined_at END,
           left_at = CASE WHEN left_at IS NOT NULL AND left_at <= @at THEN NULL ELSE left_at END
         WHERE group_id = @groupId AND member_id = @memberId`,
      ),
      left: db.prepare(
        `UPDATE group_members SET left_at = @at
         WHERE group_id = @groupId AND member_id = @memberId AND (left_at IS NULL OR left_at < @at)
           AND (joined_at IS NULL OR joined_at <= @at)`,
      ),
    };
    this.ftsInsertTrigger =
      (db
        .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'messages_fts_insert'`)
        .pluck()
        .get() as string | undefined) ?? null;
    this.healthCounts = new CountedMessages(groupId);
    this.db = db;
    this.readGroupState();
    this.stored = checkStored ? new StoredFingerprints(db, groupId) : null;
    this.storedKeys = checkStored ? new StoredMessageKeys(db, groupId, importId) : null;
  }

  /**
   * Starts a batch: the caller has opened its transaction (which holds the write lock until it commits). Batches may
   * run without foreign-key checks (see ImportRun.begin): the group, the import and the members this writer refers
   * to exist as long as no other connection has written since the last batch; when one has, they are checked again
   * (group and import) or looked up again (members, which may have been merged or deleted meanwhile).
   */
  beginBatch(): void {
    this.clearPending();
    const version = this.statements.dataVersion.get() as number;
    if (this.dataVersion !== null && version !== this.dataVersion) this.revalidate();
    this.dataVersion = version;
    this.batchFirstId = this.statements.maxMessageId.get() as number;
    // Counts carry over from batch to batch only while this writer wrote every message since they began: someone
    // else's messages in between are folded in now with the counted ones (the fold then reads that id range back).
    if (this.healthCounts.through !== this.batchFirstId) {
      if (this.healthPending > 0) this.foldHealth();
      this.healthCounts.reset(this.batchFirstId);
    }
    this.clearBatchSpans();
    // Dropped inside the batch's transaction and created again before it commits (`finishBatch`): no other
    // connection ever sees it missing, and a batch rolled back (or cut off by a crash) takes the drop back with it.
    if (this.ftsInsertTrigger !== null) this.db.exec('DROP TRIGGER messages_fts_insert');
  }

  private revalidate(): void {
    const found = this.statements.targetExists.get(this.groupId, this.importId) as {
      groupExists: number;
      importExists: number;
    };
    if (!found.groupExists)
      throw new AppError('NOT_FOUND', 'import.errors.groupNotFound', { id: this.groupId });
    if (!found.importExists) throw new AppError('CONFLICT');
    this.memberByWxid.clear();
    this.memberByName.clear();
    this.groupMemberNames = null;
    this.readGroupState();
  }

  /**
   * Reads what the writer mirrors: the group's memberships and its members' wxids, and whether any wxid is listed as
   * an identity.
   */
  private readGroupState(): void {
    this.memberships.clear();
    this.groupMembersByWxid.clear();
    this.wxidIdentities = this.statements.anyWxidIdentity.get() !== undefined;
    const rows = this.statements.groupMemberships.all(this.groupId) as {
      member_id: number;
      joined_at: number | null;
      left_at: number | null;
      wxid: string | null;
      merged_into_id: number | null;
    }[];
    for (const row of rows) {
      this.memberships.set(row.member_id, {
        joinedAt: row.joined_at,
        leftAt: row.left_at,
        batchFirst: NaN,
        batchLast: NaN,
      });
      if (row.wxid !== null && !this.wxidIdentities)
        this.groupMembersByWxid.set(row.wxid, { id: row.member_id, merged_into_id: row.merged_into_id });
    }
  }

  /** Writes one message of the open batch (rows go in as they are parsed, so no batch piles up in memory). */
  write(message: ParsedMessage): void {
    const { sentAt } = message;
    const groupId = this.groupId;
    if (this.firstAt === null || sentAt < this.firstAt) this.firstAt = sentAt;
    if (this.lastAt === null || sentAt > this.lastAt) this.lastAt = sentAt;
    const second = Math.floor(sentAt / 1000);
    const content = fingerprintContent(message.content);
    const contentHash = senderContentHash(message.senderId ?? message.senderName, content);
    const ordinal = this.ordinals.next(second, contentHash);
    const fingerprint = message.serverId
      ? serverIdFingerprint(groupId, message.serverId)
      : importedMessageFingerprint(groupId, second, contentHash, ordinal);
    if (this.stored?.has(fingerprint, sentAt)) {
      this.duplicates += 1;
      return;
    }
    const memberId = this.senderMember(message);
    // A new fingerprint may still be a message another tool's export brought in.
    if (this.storedKeys?.has(second, sameMessageKey(memberId, content), ordinal, message.serverId !== null)) {
      this.duplicates += 1;
      return;
    }
    this.pendingValues.push(
      groupId,
      memberId,
      message.senderName,
      sentAt,
      message.kind,
      message.content,
      fingerprint,
      this.importId,
      message.serverId,
      message.systemEvent,
      ordinal,
    );
    this.pendingMessages.push(message);
    this.pendingMembers.push(memberId);
    this.pendingFingerprints.push(fingerprint);
    const event = message.systemEvent;
    if (
      this.pendingMessages.length >= insertRows ||
      event === 'join' ||
      event === 'invite' ||
      event === 'leave'
    )
      this.flush();
  }

  /** Inserts the waiting messages, then does what each one stored brings: counts, speaking spans, joins and leaves. */
  private flush(): void {
    const count = this.pendingMessages.length;
    if (count === 0) return;
    // OR IGNORE rather than ON CONFLICT (fingerprint) DO NOTHING: a statement that cannot abort half-way needs no
    // statement journal (with the insert trigger suspended, see beginBatch), which was a copy of every index page
    // each statement touched: 40 % of inserting into a million stored messages. It also passes over rows a NOT NULL
    // or CHECK constraint refuses; those are told from duplicates below.
    const statement = (this.insertStatements[count] ??= this.db.prepare(
      `INSERT OR IGNORE INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint,
         import_id, server_id, system_event, ordinal)
       VALUES ${Array.from({ length: count }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    ));
    const { changes, lastInsertRowid } = statement.run(this.pendingValues);
    // Each stored row took the next id (the highest plus one: the batch holds the write lock), so the rows stored
    // have the ids lastId - changes + 1 … lastId. Without RETURNING SQLite need not collect the rows it stored.
    const lastId = Number(lastInsertRowid);
    const firstId = lastId - changes + 1;
    const { pendingMessages: messages, pendingMembers: members } = this;
    if (changes === count) {
      for (let row = 0; row < count; row += 1) this.wasStored(messages[row]!, members[row]!, firstId + row);
    } else {
      // Some were duplicates: which rows were stored is read back by fingerprint (a rare path).
      const idByFingerprint = new Map<string, number>();
      if (changes > 0) {
        const stored = this.statements.storedInRange.all(firstId, lastId) as [number, string][];
        for (const [id, fingerprint] of stored) idByFingerprint.set(fingerprint, id);
      }
      for (let row = 0; row < count; row += 1) {
        // A fingerprint twice in one statement: the first row is stored, the second is a duplicate.
        const fingerprint = this.pendingFingerprints[row]!;
        const id = idByFingerprint.get(fingerprint);
        if (id === undefined) {
          // A duplicate's fingerprint is stored (before, or by an earlier row of this statement); a refused row's not.
          if (this.statements.fingerprintStored.get(fingerprint) === undefined)
            throw new Error(`import: the database refused a message row (${fingerprint})`);
          this.duplicates += 1;
          continue;
        }
        idByFingerprint.delete(fingerprint);
        this.wasStored(messages[row]!, members[row]!, id);
      }
    }
    this.clearPending();
  }

  private clearPending(): void {
    this.pendingValues.length = 0;
    this.pendingMessages.length = 0;
    this.pendingMembers.length = 0;
    this.pendingFingerprints.length = 0;
  }

  /** A message that was inserted as `id`. */
  private wasStored(message: ParsedMessage, memberId: number | null, id: number): void {
    const { sentAt } = message;
    this.inserted += 1;
    const range = (this.created.messages ??= { first: id, last: id });
    if (id < range.first) range.first = id;
    if (id > range.last) range.last = id;
    this.healthCounts.add(id, memberId, sentAt, message.kind);
    this.healthPending += 1;
    if (memberId !== null) {
      const state = this.memberships.get(memberId)!;
      if (Number.isNaN(state.batchFirst)) {
        state.batchFirst = sentAt;
        state.batchLast = sentAt;
        this.batchSpeakers.push(memberId);
      } else if (sentAt < state.batchFirst) state.batchFirst = sentAt;
      else if (sentAt > state.batchLast) state.batchLast = sentAt;
    }
    if (message.systemEvent === 'join' || message.systemEvent === 'invite') this.recordJoins(message);
    else if (message.systemEvent === 'leave') this.recordLeaves(message);
  }

  /**
   * Folds the counted messages into the health rollups, inside the open batch's transaction. Every few batches rather
   * than every batch (see ImportRun.commit): a member's day that runs across batches is written once, and the
   * per-member rows (first message, months) once per fold. A fold not done yet loses nothing: the dashboard folds
   * whatever is missing (read back from the messages) before it reads, and so does the next import.
   */
  foldHealth(): void {
    refreshHealthRollups(this.db, this.healthCounts);
    this.healthCounts.reset(this.healthCounts.through);
    this.healthPending = 0;
  }

  /** Messages written since the last health fold. */
  get unfoldedMessages(): number {
    return this.healthPending;
  }

  /** Ends the batch inside its transaction: membership times, then the batch's rows into the full-text index. */
  finishBatch(): void {
    this.flush();
    const groupId = this.groupId;
    for (const memberId of this.batchSpeakers) {
      const state = this.memberships.get(memberId)!;
      const first = state.batchFirst;
      const last = state.batchLast;
      const joinsEarlier = state.joinedAt === null || state.joinedAt > first;
      const cameBack = state.leftAt !== null && state.leftAt < last;
      if (!joinsEarlier && !cameBack) continue;
      this.statements.touchMembership.run({ groupId, memberId, first, last });
      if (joinsEarlier) state.joinedAt = first;
      if (cameBack) state.leftAt = null;
    }
    this.clearBatchSpans();
    this.statements.indexFts.run(this.batchFirstId);
    if (this.ftsInsertTrigger !== null) this.db.exec(this.ftsInsertTrigger);
  }

  /** Forgets the open batch's speakers and their spans. */
  private clearBatchSpans(): void {
    for (const memberId of this.batchSpeakers) {
      const state = this.memberships.get(memberId);
      if (state) state.batchFirst = NaN;
    }
    this.batchSpeakers.length = 0;
  }

  /** The member who sent a message: null for system notices and rows without any sender. */
  private senderMember(message: ParsedMessage): number | null {
    if (message.kind === 'system' || (!message.senderId && !message.senderName)) return null;
    return this.resolveMember(message.senderName || message.senderId!, message.senderId, message.sentAt);
  }

  private resolveMember(name: string, wxid: string | null, at: number): number {
    const known = wxid ? this.memberByWxid : this.memberByName;
    const cached = known.get(wxid ?? name);
    if (cached !== undefined) return cached;
    const { memberByIdentity, memberByWxid, attachWxid, insertMember } = this.statements;
    let memberId: number | null = null;
    if (wxid) {
      const row = (this.groupMembersByWxid.get(wxid) ??
        (this.wxidIdentities ? memberByIdentity.get(wxid) : undefined) ??
        memberByWxid.get(wxid)) as MemberRow | undefined;
      if (row) {
        memberId = this.survivor(row);
        this.matches.matchedById += 1;
      }
    }
    if (memberId === null) {
      // By name only among this group's members, and never onto someone known under another wxid.
      this.groupMemberNames ??= new GroupMemberNames(this.db, this.groupId);
      const row = this.groupMemberNames.find(name, wxid !== null);
      if (row) {
        memberId = this.survivor(row);
        if (wxid) {
          attachWxid.run(wxid, this.now, memberId);
          // The survivor has a wxid now (this one, or the one it had): mirrored if it is in the group.
          const survivor = this.groupMemberNames.member(memberId);
          if (survivor) survivor.hasWxid = true;
        }
        this.matches.matchedByName += 1;
      }
    }
    if (memberId === null) {
      memberId = Number(insertMember.run(name, wxid, this.now, this.now).lastInsertRowid);
      this.created.members.push(memberId);
      this.matches.created += 1;
    }
    known.set(detached(wxid ?? name), memberId);
    this.ensureMembership(memberId, name, at);
    return memberId;
  }

  /** Follows merges to the member that absorbed this one. */
  private survivor(row: MemberRow): number {
    let current = row;
    for (let hops = 0; current.merged_into_id !== null && hops < 16; hops += 1) {
      const next = this.statements.memberById.get(current.merged_into_id) as MemberRow | undefined;
      if (!next) break;
      current = next;
    }
    return current.id;
  }

  private ensureMembership(memberId: number, name: string, at: number): void {
    // Every membership of the group is mirrored (readGroupState): one not there is new.
    if (this.memberships.has(memberId)) return;
    const member = this.statements.namedMember.get(memberId) as NamedMemberRow;
    const nickname = member.display_name === name ? null : name;
    this.statements.insertMembership.run(this.groupId, memberId, nickname, at);
    this.groupMemberNames?.add(member, nickname === null ? null : detached(nickname));
    this.memberships.set(memberId, { joinedAt: at, leftAt: null, batchFirst: NaN, batchLast: NaN });
    this.created.memberships.push(memberId);
  }

  private recordJoins(message: ParsedMessage): void {
    for (const name of namesJoining(message.content)) {
      const memberId = this.resolveMember(name, null, message.sentAt);
      this.statements.insertEvent.run(this.groupId, memberId, 'join', message.sentAt, this.importId);
      // Mirror of the statement (run only when it changes something): a join after a leave is a return,
      // otherwise the join can only move earlier.
      const state = this.memberships.get(memberId)!;
      const returns = state.leftAt !== null && state.leftAt <= message.sentAt;
      if (!returns && state.joinedAt !== null && state.joinedAt <= message.sentAt) continue;
      this.statements.joined.run({ groupId: this.groupId, memberId, at: message.sentAt });
      state.joinedAt = message.sentAt;
      if (returns) state.leftAt = null;
    }
  }

  private recordLeaves(message: ParsedMessage): void {
    for (const name of namesLeaving(message.content)) {
      const memberId = this.resolveMember(name, null, message.sentAt);
      this.statements.insertEvent.run(this.groupId, memberId, 'leave', message.sentAt, this.importId);
      // Mirror of the statement (run only when it changes something).
      const state = this.memberships.get(memberId)!;
      if (
        (state.leftAt === null || state.leftAt < message.sentAt) &&
        (state.joinedAt === null || state.joinedAt <= message.sentAt)
      ) {
        this.statements.left.run({ groupId: this.groupId, memberId, at: message.sentAt });
        state.leftAt = message.sentAt;
      }
    }
  }
}

export function groupHasMessages(db: Db, groupId: number): boolean {
  return db.prepare('SELECT 1 FROM messages WHERE group_id = ? LIMIT 1').get(groupId) !== undefined;
}

/**
 * Takes a failed import back out: its messages, its join/leave events, and the members and memberships it
 * created that nothing else uses now. Runs in one transaction.
 */
export function removeImportedRows(
  db: Db,
  importId: number,
  groupId: number | null,
  created: CreatedRows,
): void {
  db.transaction(() => {
    // Within the ids the import inserted (other imports' rows may be interleaved there): a rowid range scan. Without
    // the range, every message is looked at.
    if (created.messages) {
      db.prepare('DELETE FROM messages WHERE id >= ? AND id <= ? AND import_id = ?').run(
        created.messages.first,
        created.messages.last,
        importId,
      );
    } else if (created.messages === undefined) {
      db.prepare('DELETE FROM messages WHERE import_id = ?').run(importId);
    }
    db.prepare('DELETE FROM membership_events WHERE import_id = ?').run(importId);
    if (groupId !== null) {
      const dropMembership = db.prepare(
        `DELETE FROM group_members WHERE group_id = ? AND member_id = ?
           AND NOT EXISTS (SELECT 1 FROM messages WHERE group_id = ? AND member_id = ?)
           AND NOT EXISTS (SELECT 1 FROM membership_events WHERE group_id = ? AND member_id = ?)`,
      );
      for (const memberId of created.memberships)
        dropMembership.run(groupId, memberId, groupId, memberId, groupId, memberId);
    }
    const dropMember = db.prepare(
      `DELETE FROM members WHERE id = ?
         AND NOT EXISTS (SELECT 1 FROM group_members WHERE member_id = ?)
         AND NOT EXISTS (SELECT 1 FROM messages WHERE member_id = ?)`,
    );
    for (const memberId of created.members) dropMember.run(memberId, memberId, memberId);
  })();
}
