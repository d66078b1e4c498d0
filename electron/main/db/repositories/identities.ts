/** Platform identities of a member (统一用户ID) and the workspace-wide blacklist, both keyed by (platform, value). */
import {
  maskIdentity,
  type BlacklistEntry,
  type Identity,
  type IdentityPlatform,
} from '../../../../shared/domain/members';
import type { Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { cachedStatement } from './statementCache';

export interface IdentityKey {
  platform: IdentityPlatform;
  value: string;
}

/** Who holds this identity: the identity table, or the wxid / phone on a member row. */
export function findIdentityOwner(db: Db, key: IdentityKey): number | null {
  // Cached: a member import asks this for every identity of every row.
  const listed = cachedStatement(
    db,
    'SELECT member_id FROM member_identities WHERE platform = ? AND value = ?',
  ).get(key.platform, key.value) as { member_id: number } | undefined;
  if (listed) return listed.member_id;
  if (key.platform === 'wxid') {
    return (
      (
        cachedStatement(db, 'SELECT id FROM members WHERE wxid = ?').get(key.value) as
          { id: number } | undefined
      )?.id ?? null
    );
  }
  return null;
}

export function insertIdentity(
  db: Db,
  memberId: number,
  key: IdentityKey,
  source: string,
  now: number,
): number {
  return Number(
    cachedStatement(
      db,
      'INSERT INTO member_identities (member_id, platform, value, source, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(memberId, key.platform, key.value, source, now).lastInsertRowid,
  );
}

export interface IdentityRecord {
  id: number;
  member_id: number;
  platform: IdentityPlatform;
  value: string;
  source: string;
  created_at: number;
}

export function findIdentity(db: Db, id: number): IdentityRecord | null {
  return (
    (db.prepare('SELECT * FROM member_identities WHERE id = ?').get(id) as IdentityRecord | undefined) ?? null
  );
}

export function deleteIdentity(db: Db, id: number): void {
  db.prepare('DELETE FROM member_identities WHERE id = ?').run(id);
}

export function listIdentities(db: Db, memberId: number, reveal: boolean): Identity[] {
  const rows = db
    .prepare('SELECT * FROM member_identities WHERE member_id = ? ORDER BY platform, id')
    .all(memberId) as IdentityRecord[];
  return rows.map((row) => ({
    id: row.id,
    platform: row.platform,
    value: reveal ? row.value : maskIdentity(row.platform, row.value),
    source: row.source,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

/** Every identity a member is known by, including the wxid and phone of the member row. */
export function identityKeysOf(db: Db, memberId: number): IdentityKey[] {
  const keys = db
    .prepare('SELECT platform, value FROM member_identities WHERE member_id = ?')
    .all(memberId) as IdentityKey[];
  const own = db.prepare('SELECT wxid, phone FROM members WHERE id = ?').get(memberId) as
    { wxid: string | null; phone: string | null } | undefined;
  if (own?.wxid && !keys.some((key) => key.platform === 'wxid' && key.value === own.wxid)) {
    keys.push({ platform: 'wxid', value: own.wxid });
  }
  if (own?.phone && !keys.some((key) => key.platform === 'phone' && key.value === own.phone)) {
    keys.push({ platform: 'phone', value: own.phone });
  }
  return keys;
}

export interface NewBlacklistEntry extends IdentityKey {
  memberId: number | null;
  displayName: string | null;
  reason: string;
  operator: string;
}

/** Returns null when that identity is already listed. */
export function insertBlacklist(db: Db, entry: NewBlacklistEntry, now: number): number | null {
  const result = db
    .prepare(
      `INSERT INTO blacklist (platform, value, member_id, display_name, reason, added_at, operator)
       VALUES (@platform, @value, @memberId, @displayName, @reason, @now, @operator)
       ON CONFLICT (platform, value) DO NOTHING`,
    )
    .run({ ...entry, now });
  return result.changes > 0 ? Number(result.lastInsertRowid) : null;
}

interface BlacklistDbRow {
  id: number;
  platform: IdentityPlatform;
  value: string;
  member_id: number | null;
  display_name: string | null;
  reason: string;
  added_at: number;
  operator: string;
}

function toBlacklistEntry(row: BlacklistDbRow): BlacklistEntry {
  return {
    id: row.id,
    platform: row.platform,
    value: maskIdentity(row.platform, row.value),
    memberId: row.member_id,
    displayName: row.display_name,
    reason: row.reason,
    addedAt: new Date(row.added_at).toISOString(),
    operator: row.operator,
  };
}

export function findBlacklistEntry(db: Db, id: number): BlacklistDbRow | null {
  return (db.prepare('SELECT * FROM blacklist WHERE id = ?').get(id) as BlacklistDbRow | undefined) ?? null;
}

export function deleteBlacklistEntry(db: Db, id: number): void {
  db.prepare('DELETE FROM blacklist WHERE id = ?').run(id);
}

export function listBlacklist(db: Db, offset: number, limit: number): Page<BlacklistEntry> {
  const total = (db.prepare('SELECT count(*) AS n FROM blacklist').get() as { n: number }).n;
  const rows = db
    .prepare('SELECT * FROM blacklist ORDER BY added_at DESC, id DESC LIMIT ? OFFSET ?')
    .all(limit, offset) as BlacklistDbRow[];
  return { total, rows: rows.map(toBlacklistEntry) };
}

/**
 * The blacklist entries matching any of these identities: for chat import and admission to check a newcomer.
 * Values are compared exactly; phones should be normalised first.
 */
export function findBlacklisted(db: Db, keys: readonly IdentityKey[]): BlacklistEntry[] {
  if (keys.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT b.* FROM blacklist b JOIN json_each(?) k
         ON b.platform = json_extract(k.value, '$.platform') AND b.value = json_extract(k.value, '$.value')`,
    )
    .all(
      JSON.stringify(keys.map((key) => ({ platform: key.platform, value: key.value }))),
    ) as BlacklistDbRow[];
  return rows.map(toBlacklistEntry);
}

export function isMemberBlacklisted(db: Db, memberId: number): boolean {
  if (db.prepare('SELECT 1 FROM blacklist WHERE member_id = ?').get(memberId)) return true;
  return findBlacklisted(db, identityKeysOf(db, memberId)).length > 0;
}
