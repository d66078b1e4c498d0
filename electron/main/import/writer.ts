/**
 * Writes parsed messages of one import into the workspace, a batch per transaction: senders matched to members
 * (wxid, else name within the group) or created, a stable identity per message so re-imports add nothing, the
 * batch's rows added to the full-text index, and join/leave history from system notices.
 */
import type { ImportMemberMatches } from '../../../shared/ipc/channels/imports';
import type { Db } from '../db/connection';
import {
  importedMessageFingerprint,
  normaliseForFingerprint,
  senderContentHash,
  serverIdFingerprint,
} from '../services/fingerprint';
import { namesJoining, namesLeaving } from './content';
import type { ParsedMessage } from './types';

/**
 * Counts identical messages (group, sender, second, content) within one file, so the third "好" of a second gets
 * ordinal 2 in every re-import. Only recent seconds are kept: exports run in time order.
 */
export class OrdinalCounter {
  /** Per second, per sender-and-content hash, how many were seen. */
  private readonly seconds = new Map<number, Map<string, number>>();
  private newestSecond = -Infinity;

  /** `key` names sender and content (a hash: full texts would fill the map). */
  next(second: number, key: string): number {
    let counts = this.seconds.get(second);
    if (!counts) {
      counts = new Map();
      this.seconds.set(second, counts);
      if (second > this.newestSecond) this.newestSecond = second;
      if (this.seconds.size > 4096) this.sweep();
    }
    const ordinal = counts.get(key) ?? 0;
    counts.set(key, ordinal + 1);
    return ordinal;
  }

  /** Drops seconds an hour older than the newest one seen. */
  private sweep(): void {
    const oldest = this.newestSecond - 3600;
    for (const second of this.seconds.keys()) if (second < oldest) this.seconds.delete(second);
  }
}

/**
 * Fingerprints the group already stores, read a time window at a time (one index range scan each), so a re-import
 * recognises its duplicates without a write attempt per row. Rows this import adds and server-id duplicates stored
 * under another time (another time zone, Excel's lost seconds) still meet the unique index on insert.
 */
export class StoredFingerprints {
  private fingerprints = new Set<string>();
  private from = Infinity;
  private to = -Infinity;
  private readonly window;

  constructor(
    db: Db,
    private readonly groupId: number,
    private readonly windowRows = 20_000,
  ) {
    this.window = db.prepare(
      'SELECT fingerprint, sent_at FROM messages WHERE group_id = ? AND sent_at >= ? ORDER BY sent_at LIMIT ?',
    );
  }

  has(fingerprint: string, sentAt: number): boolean {
    if (sentAt < this.from || sentAt > this.to) this.load(sentAt);
    return this.fingerprints.has(fingerprint);
  }

  private load(from: number): void {
    const rows = this.window.all(this.groupId, from, this.windowRows) as {
      fingerprint: string;
      sent_at: number;
    }[];
    this.fingerprints = new Set(rows.map((row) => row.fingerprint));
    this.from = from;
    const last = rows.at(-1)?.sent_at;
    // A full window may have cut its last millisecond short: it covers up to just before it.
    this.to = rows.length < this.windowRows ? Infinity : Math.max(from, last! - 1);
  }
}

interface MemberRow {
  id: number;
  merged_into_id: number | null;
}

/** Created rows of this import, so a failed import can be taken back out. */
export interface CreatedRows {
  members: number[];
  memberships: number[];
}

export class ImportWriter {
  inserted = 0;
  duplicates = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  readonly matches: ImportMemberMatches = { created: 0, matchedById: 0, matchedByName: 0 };
  readonly created: CreatedRows = { members: [], memberships: [] };

  /** Members met in this import, by wxid and (for senders without one) by name. */
  private readonly memberByWxid = new Map<string, number>();
  private readonly memberByName = new Map<string, number>();
  /**
   * Join and leave times of the members this import has met in the group, mirrored from group_members so that a
   * batch only updates the rows whose times actually move.
   */
  private readonly memberships = new Map<number, { joinedAt: number | null; leftAt: number | null }>();
  private readonly ordinals = new OrdinalCounter();
  private readonly statements;
  /** The batch's span of messages per member, for the membership times. */
  private readonly spans = new Map<number, { first: number; last: number }>();
  private batchFirstId = 0;
  private readonly stored: StoredFingerprints | null;

  constructor(
    db: Db,
    private readonly groupId: number,
    private readonly importId: number,
    private readonly now: number,
    /** Look stored duplicates up by time window (off for bulk loads, which run without the time index). */
    checkStored = true,
  ) {
    this.statements = {
      insertMessage: db.prepare(
        `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint, import_id, server_id,
           system_event, ordinal)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING`,
      ),
      maxMessageId: db.prepare('SELECT coalesce(max(id), 0) AS id FROM messages').pluck(),
      indexFts: db.prepare(
        'INSERT INTO messages_fts (rowid, content) SELECT id, content FROM messages WHERE id > ?',
      ),
      memberByIdentity: db.prepare(
        `SELECT m.id, m.merged_into_id FROM member_identities i JOIN members m ON m.id = i.member_id
         WHERE i.platform = 'wxid' AND i.value = ?`,
      ),
      memberByWxid: db.prepare('SELECT id, merged_into_id FROM members WHERE wxid = ?'),
      memberById: db.prepare('SELECT id, merged_into_id FROM members WHERE id = ?'),
      // Two indexed lookups (display name, then group nickname) instead of scanning the group's members;
      // CROSS JOIN keeps SQLite from starting at the group's member list when it has no statistics.
      memberByNameInGroup: db.prepare(
        `SELECT id, merged_into_id FROM (
           SELECT m.id, m.merged_into_id, 0 AS rank FROM members m
             CROSS JOIN group_members gm ON gm.group_id = @groupId AND gm.member_id = m.id
             WHERE m.display_name = @name AND (@anyWxid OR m.wxid IS NULL)
           UNION ALL
           SELECT m.id, m.merged_into_id, 1 AS rank FROM group_members gm JOIN members m ON m.id = gm.member_id
             WHERE gm.group_id = @groupId AND gm.group_nickname = @name AND (@anyWxid OR m.wxid IS NULL))
         ORDER BY rank, id LIMIT 1`,
      ),
      attachWxid: db.prepare('UPDATE members SET wxid = ?, updated_at = ? WHERE id = ? AND wxid IS NULL'),
      insertMember: db.prepare(
        'INSERT INTO members (display_name, wxid, join_channel, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)',
      ),
      membership: db.prepare(
        'SELECT joined_at, left_at FROM group_members WHERE group_id = ? AND member_id = ?',
      ),
      displayName: db.prepare('SELECT display_name FROM members WHERE id = ?').pluck(),
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
    this.stored = checkStored ? new StoredFingerprints(db, groupId) : null;
  }

  /** Starts a batch: the caller has opened its transaction. */
  beginBatch(): void {
    this.batchFirstId = this.statements.maxMessageId.get() as number;
    this.spans.clear();
  }

  /** Writes one message of the open batch (rows go in as they are parsed, so no batch piles up in memory). */
  write(message: ParsedMessage): void {
    const { sentAt } = message;
    const groupId = this.groupId;
    if (this.firstAt === null || sentAt < this.firstAt) this.firstAt = sentAt;
    if (this.lastAt === null || sentAt > this.lastAt) this.lastAt = sentAt;
    const second = Math.floor(sentAt / 1000);
    const contentHash = senderContentHash(
      message.senderId ?? message.senderName,
      normaliseForFingerprint(message.content),
    );
    const ordinal = this.ordinals.next(second, contentHash);
    const fingerprint = message.serverId
      ? serverIdFingerprint(groupId, message.serverId)
      : importedMessageFingerprint(groupId, second, contentHash, ordinal);
    if (this.stored?.has(fingerprint, sentAt)) {
      this.duplicates += 1;
      return;
    }
    const memberId = this.senderMember(message);
    const result = this.statements.insertMessage.run(
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
    if (result.changes === 0) {
      this.duplicates += 1;
      return;
    }
    this.inserted += 1;
    if (memberId !== null) {
      const span = this.spans.get(memberId);
      if (!span) this.spans.set(memberId, { first: sentAt, last: sentAt });
      else if (sentAt < span.first) span.first = sentAt;
      else if (sentAt > span.last) span.last = sentAt;
    }
    if (message.systemEvent === 'join' || message.systemEvent === 'invite') this.recordJoins(message);
    else if (message.systemEvent === 'leave') this.recordLeaves(message);
  }

  /** Ends the batch inside its transaction: membership times, then the batch's rows into the full-text index. */
  finishBatch(): void {
    const groupId = this.groupId;
    for (const [memberId, span] of this.spans) {
      const state = this.memberships.get(memberId)!;
      const joinsEarlier = state.joinedAt === null || state.joinedAt > span.first;
      const cameBack = state.leftAt !== null && state.leftAt < span.last;
      if (!joinsEarlier && !cameBack) continue;
      this.statements.touchMembership.run({ groupId, memberId, first: span.first, last: span.last });
      if (joinsEarlier) state.joinedAt = span.first;
      if (cameBack) state.leftAt = null;
    }
    this.spans.clear();
    this.statements.indexFts.run(this.batchFirstId);
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
    const { memberByIdentity, memberByWxid, memberByNameInGroup, attachWxid, insertMember } = this.statements;
    let memberId: number | null = null;
    if (wxid) {
      const row = (memberByIdentity.get(wxid) ?? memberByWxid.get(wxid)) as MemberRow | undefined;
      if (row) {
        memberId = this.survivor(row);
        this.matches.matchedById += 1;
      }
    }
    if (memberId === null) {
      // By name only among this group's members, and never onto someone known under another wxid.
      const row = memberByNameInGroup.get({ groupId: this.groupId, name, anyWxid: wxid ? 0 : 1 }) as
        MemberRow | undefined;
      if (row) {
        memberId = this.survivor(row);
        if (wxid) attachWxid.run(wxid, this.now, memberId);
        this.matches.matchedByName += 1;
      }
    }
    if (memberId === null) {
      memberId = Number(insertMember.run(name, wxid, this.now, this.now).lastInsertRowid);
      this.created.members.push(memberId);
      this.matches.created += 1;
    }
    known.set(wxid ?? name, memberId);
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
    if (this.memberships.has(memberId)) return;
    const row = this.statements.membership.get(this.groupId, memberId) as
      { joined_at: number | null; left_at: number | null } | undefined;
    if (row) {
      this.memberships.set(memberId, { joinedAt: row.joined_at, leftAt: row.left_at });
      return;
    }
    const displayName = this.statements.displayName.get(memberId) as string;
    this.statements.insertMembership.run(this.groupId, memberId, displayName === name ? null : name, at);
    this.memberships.set(memberId, { joinedAt: at, leftAt: null });
    this.created.memberships.push(memberId);
  }

  private recordJoins(message: ParsedMessage): void {
    for (const name of namesJoining(message.content)) {
      const memberId = this.resolveMember(name, null, message.sentAt);
      this.statements.insertEvent.run(this.groupId, memberId, 'join', message.sentAt, this.importId);
      this.statements.joined.run({ groupId: this.groupId, memberId, at: message.sentAt });
      // Mirror of the statement: a join after a leave is a return, otherwise the join can only move earlier.
      const state = this.memberships.get(memberId)!;
      if (state.leftAt !== null && state.leftAt <= message.sentAt) {
        state.joinedAt = message.sentAt;
        state.leftAt = null;
      } else if (state.joinedAt === null || state.joinedAt > message.sentAt) state.joinedAt = message.sentAt;
    }
  }

  private recordLeaves(message: ParsedMessage): void {
    for (const name of namesLeaving(message.content)) {
      const memberId = this.resolveMember(name, null, message.sentAt);
      this.statements.insertEvent.run(this.groupId, memberId, 'leave', message.sentAt, this.importId);
      this.statements.left.run({ groupId: this.groupId, memberId, at: message.sentAt });
      const state = this.memberships.get(memberId)!;
      if (
        (state.leftAt === null || state.leftAt < message.sentAt) &&
        (state.joinedAt === null || state.joinedAt <= message.sentAt)
      ) {
        state.leftAt = message.sentAt;
      }
    }
  }
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
    db.prepare('DELETE FROM messages WHERE import_id = ?').run(importId);
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
