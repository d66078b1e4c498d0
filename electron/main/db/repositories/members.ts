import type { Membership, MemberNote } from '../../../../shared/domain/members';
import type { MemberFilter, MemberSortKey } from '../../../../shared/ipc/channels/members';
import { maskIdentifier, maskPhone } from '../../../../shared/domain/members';
import { decodeReason, type Tier } from '../../../../shared/domain/tiers';
import type { JoinChannel, MemberRow, MemberRole, Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import {
  compactSearchForm,
  indexPendingNames,
  isoOrNull,
  maxPieceLength,
  piecePrefixMatch,
  searchForm,
} from './memberNames';
import { NewMembers, reversedDigits, type MemberFields } from './membersBulk';
import { cachedStatement } from './statementCache';
import { bestTierReasonSql } from './tiers';

export { reversedDigits, type MemberFields } from './membersBulk';

/** Inserts a member and indexes its names for search (pinyin, initials, substrings) in the same go. */
export function insertMember(db: Db, fields: MemberFields, now: number): number {
  return db
    .transaction(() => {
      const added = new NewMembers(db, now);
      const id = added.add(fields);
      added.flush();
      return id;
    })
    .immediate();
}

export function addGroupMember(
  db: Db,
  membership: {
    groupId: number;
    memberId: number;
    role: MemberRole;
    groupNickname: string | null;
    joinedAt: number | null;
    leftAt?: number | null | undefined;
    customRoleId?: number | null | undefined;
  },
): void {
  const inserted = cachedStatement(
    db,
    `INSERT INTO group_members (group_id, member_id, role, group_nickname, joined_at, left_at, custom_role_id)
     VALUES (@groupId, @memberId, @role, @groupNickname, @joinedAt, @leftAt, @customRoleId)
     ON CONFLICT (group_id, member_id) DO NOTHING`,
  ).run({
    groupId: membership.groupId,
    memberId: membership.memberId,
    role: membership.role,
    groupNickname: membership.groupNickname,
    joinedAt: membership.joinedAt,
    leftAt: membership.leftAt ?? null,
    customRoleId: membership.customRoleId ?? null,
  });
  if (inserted.changes > 0 && membership.groupNickname !== null) indexPendingNames(db, membership.memberId);
}

/** Escapes LIKE wildcards so a user's `%` or `_` matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Upper bound for an index prefix range: every string starting with `prefix` is >= prefix and < this. */
function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

const sortColumns: Record<MemberSortKey, string> = {
  name: 'm.name_sort',
  joinedAt: 'm.joined_at',
  lastSpokeAt: 'm.last_spoke_at',
  messageCount: 'm.message_count',
  points: 'm.points_balance',
  violations: 'm.violation_count',
};

/**
 * The list's filters (see memberFilterShape: in a group when `groupId` is given, dates in epoch ms, `status`
 * current / left relative to the group or to every group), plus the page and its order.
 */
export type MemberQuery = MemberFilter & {
  /** Only these members (a bulk action's explicit selection). */
  memberIds?: readonly number[] | undefined;
  offset: number;
  limit: number;
  sort?: MemberSortKey | undefined;
  order?: 'asc' | 'desc' | undefined;
};

interface MemberDbRow {
  id: number;
  display_name: string;
  wxid: string | null;
  join_channel: JoinChannel | null;
  joined_at: number | null;
  remark: string | null;
  phone: string | null;
  tier: Tier | null;
  tier_reason: string | null;
  points_balance: number;
  violation_count: number;
  last_spoke_at: number | null;
  message_count: number;
  group_names: string | null;
  tags: string | null;
  blacklisted: number;
  left: number;
}

const separator = '\u001f';

/**
 * The search part of the member list, as member-id sets each served by an index: any name (current or past,
 * nickname, group nickname, remark) containing the text, pinyin or initials starting with it, a wxid starting with
 * it, an identity equal to it, a phone ending with it.
 */
function searchIds(db: Db, text: string): number[] {
  const folded = searchForm(text);
  const chars = Array.from(folded);
  const match = piecePrefixMatch(compactSearchForm(text).slice(0, maxPieceLength).join(''));
  const params: Record<string, unknown> = {
    like: likePattern(text),
    match,
    exact: text,
    exactEnd: prefixEnd(text),
  };
  // Pieces hold no whitespace; text with whitespace in its first three characters never matched a piece (when
  // pieces were 1- to 3-character substrings), and longer text is checked against the names as written. A member
  // has a piece starting with the text's first piece when its search document has a token starting with it.
  const pieceQuery =
    match === null || chars.slice(0, 3).some((char) => char.trim() === '')
      ? null
      : chars.length <= 3
        ? 'SELECT rowid FROM member_name_pieces WHERE member_name_pieces MATCH @match'
        : `SELECT p.rowid FROM member_name_pieces p WHERE member_name_pieces MATCH @match
             AND EXISTS (SELECT 1 FROM member_names n WHERE n.member_id = p.rowid AND n.name LIKE @like ESCAPE '\\')`;
  const parts = [
    ...(pieceQuery ? [pieceQuery] : []),
    // Names written since the last indexing pass have no pieces yet; there are few, and the pinyin index finds them.
    `SELECT member_id FROM member_names WHERE pinyin_full IS NULL AND name LIKE @like ESCAPE '\\'`,
    'SELECT id FROM members WHERE wxid >= @exact AND wxid < @exactEnd',
    'SELECT member_id FROM member_identities WHERE value = @exact',
  ];
  if (/^[a-z]{1,40}$/.test(folded)) {
    params.pinyin = folded;
    params.pinyinEnd = prefixEnd(folded);
    parts.push(
      'SELECT member_id FROM member_names WHERE pinyin_full >= @pinyin AND pinyin_full < @pinyinEnd',
    );
    parts.push(
      'SELECT member_id FROM member_names WHERE pinyin_initials >= @pinyin AND pinyin_initials < @pinyinEnd',
    );
  }
  if (/^\d{3,15}$/.test(text)) {
    params.tail = reversedDigits(text);
    params.tailEnd = prefixEnd(params.tail as string);
    parts.push('SELECT id FROM members WHERE phone_reversed >= @tail AND phone_reversed < @tailEnd');
  }
  // Each part on its own index, merged here: cheaper than SQL's UNION, which sorts everything through a temp tree.
  const ids = new Set<number>();
  for (const sql of parts) {
    const used = Object.fromEntries(Object.entries(params).filter(([key]) => sql.includes(`@${key}`)));
    for (const id of cachedStatement(db, sql, { pluck: true }).all(used) as number[]) ids.add(id);
  }
  return [...ids];
}

/** Conditions on one group's memberships, as one member-id set. */
function membershipSet(query: MemberQuery, params: Record<string, unknown>): MemberSet | null {
  if (query.groupId === undefined) return null;
  const conditions = ['gm.group_id = @groupId'];
  params.groupId = query.groupId;
  if (query.joinedFrom !== undefined) conditions.push('gm.joined_at >= @joinedFrom');
  if (query.joinedTo !== undefined) conditions.push('gm.joined_at <= @joinedTo');
  // A group left keeps the tier it last had there, which is no tier of the group's now (nor counted in its
  // distribution).
  if (query.tier !== undefined) conditions.push('gm.tier = @tier AND gm.left_at IS NULL');
  if (query.leftFrom !== undefined) conditions.push('gm.left_at >= @leftFrom');
  if (query.leftTo !== undefined) conditions.push('gm.left_at <= @leftTo');
  if (query.status === 'current') conditions.push('gm.left_at IS NULL');
  if (query.status === 'left') conditions.push('gm.left_at IS NOT NULL');
  const where = conditions.join(' AND ');
  return {
    sql: `SELECT gm.member_id AS id FROM group_members gm WHERE ${where}`,
    unique: true,
    probe: `EXISTS (SELECT 1 FROM group_members gm WHERE gm.member_id = c.id AND ${where})`,
  };
}

/** A member-id set (a subquery selecting `id`); `unique` when it never lists a member twice; `size` when known. */
interface MemberSet {
  sql: string;
  unique: boolean;
  size?: number;
  /** The set as a condition on a candidate `c.id`, answered by one index lookup. */
  probe?: string;
}

interface BuiltWhere {
  /** All conditions. */
  sql: string;
  /** The member-id sets (group, tags, identity, search) intersected into one subquery, or null when there are none. */
  candidates: string | null;
  /** Conditions reading the member row itself. */
  rows: string[];
  /** The candidates intersect several sets: worth computing once rather than for the count and again for the page. */
  combined: boolean;
}

/**
 * One subquery for the intersection of the sets, computed on their own indexes without reading member rows
 * (every id in them references a member). A small set of known size drives it; the others are probed.
 */
function intersection(sets: MemberSet[]): { sql: string; combined: boolean } | null {
  const ordered = [...sets].sort(
    (a, b) => (a.size ?? 5_000) - (b.size ?? 5_000) || Number(b.unique) - Number(a.unique),
  );
  const [driver, ...others] = ordered;
  if (!driver) return null;
  if (others.length === 0 && driver.unique) return { sql: driver.sql, combined: false };
  // Against a driver listed in full (search results, a selection), a lookup per candidate is cheaper than listing
  // a whole set to check them against (a group's 11,000 members for 3,000 search results: 7 → 2 ms).
  const probes = others.map((set) =>
    driver.size !== undefined && set.probe ? set.probe : `c.id IN (${set.sql})`,
  );
  return {
    sql: `SELECT ${driver.unique ? '' : 'DISTINCT '}c.id FROM (${driver.sql}) AS c ${probes.length ? `WHERE ${probes.join(' AND ')}` : ''}`,
    combined: others.length > 0,
  };
}

/** Whether any member was merged into another: when none was, "not merged" need not be checked row by row. */
function anyMerged(db: Db): boolean {
  return (
    cachedStatement(db, 'SELECT 1 FROM members WHERE merged_into_id IS NOT NULL LIMIT 1').get() !== undefined
  );
}

export function memberWhere(
  db: Db,
  query: MemberQuery,
  params: Record<string, unknown>,
  checkMerged = true,
): BuiltWhere {
  const rows: string[] = [];
  const sets: MemberSet[] = [];
  const membership = membershipSet(query, params);
  if (membership) {
    sets.push(membership);
  } else {
    // Without a group the member row's own columns answer: current groups, date they left the last one.
    if (query.status === 'current') rows.push('m.active_groups > 0');
    if (query.status === 'left') {
      // Served entirely by the partial index on (left_at, active_groups).
      sets.push({
        sql: 'SELECT id FROM members WHERE left_at IS NOT NULL AND active_groups = 0',
        unique: true,
      });
    }
    if (query.leftFrom !== undefined) rows.push('m.left_at >= @leftFrom');
    if (query.leftTo !== undefined) rows.push('m.left_at <= @leftTo');
    if (query.tier !== undefined) rows.push('m.tier = @tier');
    if (query.joinedFrom !== undefined) rows.push('m.joined_at >= @joinedFrom');
    if (query.joinedTo !== undefined) rows.push('m.joined_at <= @joinedTo');
  }
  if (query.tier !== undefined) params.tier = query.tier;
  for (const key of ['joinedFrom', 'joinedTo', 'leftFrom', 'leftTo'] as const) {
    if (query[key] !== undefined) params[key] = query[key];
  }
  if (query.tagIds?.length) {
    const tagged = 'mt.tag_id IN (SELECT value FROM json_each(@tagIds))';
    sets.push({
      sql: `SELECT mt.member_id AS id FROM member_tags mt WHERE ${tagged}`,
      unique: query.tagIds.length === 1,
      probe: `EXISTS (SELECT 1 FROM member_tags mt WHERE mt.member_id = c.id AND ${tagged})`,
    });
    params.tagIds = JSON.stringify(query.tagIds);
  }
  if (query.joinChannels?.length) {
    rows.push('m.join_channel IN (SELECT value FROM json_each(@joinChannels))');
    params.joinChannels = JSON.stringify(query.joinChannels);
  }
  const ranges = [
    ['pointsMin', 'm.points_balance >='],
    ['pointsMax', 'm.points_balance <='],
    ['violationsMin', 'm.violation_count >='],
    ['violationsMax', 'm.violation_count <='],
  ] as const;
  for (const [key, sql] of ranges) {
    if (query[key] !== undefined) {
      rows.push(`${sql} @${key}`);
      params[key] = query[key];
    }
  }
  // Spelled out so SQLite can use the partial index of members with violations.
  if ((query.violationsMin ?? 0) > 0) rows.push('m.violation_count > 0');
  if (query.identityPlatform !== undefined) {
    params.platform = query.identityPlatform;
    const listed = 'SELECT mi.member_id AS id FROM member_identities mi WHERE mi.platform = @platform';
    if (query.identityPlatform === 'wxid') rows.push(`(m.wxid IS NOT NULL OR m.id IN (${listed}))`);
    else if (query.identityPlatform === 'phone') rows.push(`(m.phone IS NOT NULL OR m.id IN (${listed}))`);
    else
      sets.push({
        sql: listed,
        unique: false,
        probe:
          'EXISTS (SELECT 1 FROM member_identities mi WHERE mi.member_id = c.id AND mi.platform = @platform)',
      });
  }
  if (query.memberIds) {
    params.memberIds = JSON.stringify(query.memberIds);
    // The ids a caller holds (a selection) may name members gone since: only those still here count.
    sets.push({
      sql: 'SELECT m.id FROM members m WHERE m.id IN (SELECT value FROM json_each(@memberIds))',
      unique: true,
      size: query.memberIds.length,
    });
  }
  const text = query.query?.trim();
  if (text) {
    // Computed once, then shared by the count and the page query.
    const ids = searchIds(db, text);
    params.searchIds = JSON.stringify(ids);
    sets.push({ sql: 'SELECT value AS id FROM json_each(@searchIds)', unique: true, size: ids.length });
  }
  if (!query.includeMerged && checkMerged) rows.push('m.merged_into_id IS NULL');
  const candidates = intersection(sets);
  return {
    sql: whereSql(candidates?.sql ?? null, rows, false),
    candidates: candidates?.sql ?? null,
    rows,
    combined: candidates?.combined ?? false,
  };
}

/** `+m.id` keeps SQLite from driving the query by the candidates, so it walks the sort index and checks them instead. */
function whereSql(candidates: string | null, rows: string[], walk: boolean): string {
  const all = [...(candidates ? [`${walk ? '+' : ''}m.id IN (${candidates})`] : []), ...rows];
  return all.length ? `WHERE ${all.join(' AND ')}` : '';
}

function countMatching(db: Db, built: BuiltWhere, params: Record<string, unknown>): number {
  const sql =
    built.rows.length === 0 && built.candidates
      ? `SELECT count(*) AS n FROM (${built.candidates})`
      : `SELECT count(*) AS n FROM members m ${built.sql}`;
  return (cachedStatement(db, sql).get(params) as { n: number }).n;
}

function countAll(db: Db, includeMerged: boolean): number {
  // A whole-table count reads the smallest index's pages, far cheaper than checking every row.
  const all = (cachedStatement(db, 'SELECT count(*) AS n FROM members').get() as { n: number }).n;
  if (includeMerged) return all;
  return (
    all -
    (
      cachedStatement(db, 'SELECT count(*) AS n FROM members WHERE merged_into_id IS NOT NULL').get() as {
        n: number;
      }
    ).n
  );
}

const pageColumns = `m.id, m.display_name, m.wxid, m.join_channel, m.joined_at, m.remark, m.phone, m.points_balance,
  m.violation_count,
  (SELECT max(sent_at) FROM messages msg WHERE msg.member_id = m.id) AS last_spoke_at,
  (SELECT count(*) FROM messages msg WHERE msg.member_id = m.id) AS message_count,
  (SELECT group_concat(g.name, '${separator}') FROM group_members gm JOIN groups g ON g.id = gm.group_id
     WHERE gm.member_id = m.id AND (gm.left_at IS NULL OR m.active_groups = 0)) AS group_names,
  (SELECT group_concat(t.id || ':' || t.name, '${separator}') FROM member_tags mt JOIN tags t ON t.id = mt.tag_id
     WHERE mt.member_id = m.id) AS tags,
  EXISTS (SELECT 1 FROM blacklist b WHERE b.member_id = m.id) AS blacklisted`;

/** Above this many candidates the one-pass read (below) would hold too much in memory for one page. */
const onePassMax = 20_000;

/** SQLite's order for the sort keys: NULL first, then numbers or (ASCII pinyin) text ascending; ties by id. */
function compareKeys(
  a: { k: number | string | null; id: number },
  b: { k: number | string | null; id: number },
): number {
  if (a.k !== b.k) {
    if (a.k === null) return -1;
    if (b.k === null) return 1;
    return a.k < b.k ? -1 : 1;
  }
  return a.id - b.id;
}

/**
 * The page's ids, in order, with the total. The plan follows the total: walking the sort column's index pays for
 * every entry up to the page's end (`(offset + limit) × all / total`, cheap each), sorting the candidates pays a
 * row seek for each of them (`total`); deep pages of small sets are sorted, the rest walked.
 */
function pageIds(
  db: Db,
  query: MemberQuery,
  built: BuiltWhere,
  params: Record<string, unknown>,
): { total: number; ids: number[] } {
  const all = countAll(db, query.includeMerged ?? false);
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  const sortColumn = sortColumns[query.sort ?? 'name'];
  if (built.candidates && built.rows.length > 0) {
    // Row conditions on a candidate set: counting has to read each candidate's row anyway, so read the sort key
    // in the same pass and page in memory instead of reading every row a second time.
    const candidates = (
      cachedStatement(db, `SELECT count(*) AS n FROM (${built.candidates})`).get(params) as { n: number }
    ).n;
    if (candidates <= onePassMax) {
      const keyed = cachedStatement(
        db,
        `SELECT m.id AS id, ${sortColumn} AS k FROM members m ${built.sql}`,
      ).all(params) as {
        id: number;
        k: number | string | null;
      }[];
      keyed.sort(direction === 'ASC' ? compareKeys : (a, b) => compareKeys(b, a));
      return {
        total: keyed.length,
        ids: keyed.slice(query.offset, query.offset + query.limit).map((row) => row.id),
      };
    }
  }
  let { candidates } = built;
  let total: number;
  if (candidates && built.combined && built.rows.length === 0) {
    // Several sets intersected (a search within a group, a tag in a group): the intersection is listed once here,
    // not once by the count and again by the page query (a common surname in a group of 10,000: 12.9 → 9.4 ms).
    const matching = cachedStatement(db, candidates, { pluck: true }).all(params) as number[];
    total = matching.length;
    params.candidateIds = JSON.stringify(matching);
    candidates = 'SELECT value FROM json_each(@candidateIds)';
  } else total = built.sql === '' ? all : countMatching(db, built, params);
  if (total === 0 || query.offset >= total) return { total, ids: [] };
  // Measured: a walked index entry costs ~1/16 of a candidate's row seek when the walk reads nothing else, about
  // half when row conditions make it read the row too.
  const walkCost = built.rows.length === 0 ? 1 / 16 : 1 / 2;
  const walk = candidates === null || (query.offset + query.limit) * (all / total) * walkCost < total;
  const ids = cachedStatement(
    db,
    // `+` on the sort column keeps SQLite off its index, so it sorts the candidates instead of walking it.
    `SELECT m.id FROM members m ${whereSql(candidates, built.rows, walk)}
     ORDER BY ${walk ? '' : '+'}${sortColumn} ${direction}, m.id ${direction} LIMIT @limit OFFSET @offset`,
    { pluck: true },
  ).all(params) as number[];
  return { total, ids };
}

/**
 * One page of members. Two steps: the page's ids (filter, sort, offset), then the display columns of those ids
 * only, so the per-row subqueries never run for rows a sort discards.
 */
export function listMembers(db: Db, query: MemberQuery): Page<MemberRow> {
  const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
  const built = memberWhere(db, query, params, !query.includeMerged && anyMerged(db));
  const { total, ids } = pageIds(db, query, built, params);
  if (ids.length === 0) return { total, rows: [] };
  // In a group, the tier shown is the member's tier there.
  const detailSql =
    query.groupId === undefined
      ? `SELECT ${pageColumns}, m.tier, ${bestTierReasonSql} AS tier_reason,
           m.active_groups = 0 AND m.left_at IS NOT NULL AS left FROM members m`
      : `SELECT ${pageColumns}, gm.tier, gm.tier_reason, gm.left_at IS NOT NULL AS left
         FROM members m LEFT JOIN group_members gm ON gm.member_id = m.id AND gm.group_id = @groupId`;
  const rows = cachedStatement(db, `${detailSql} WHERE m.id IN (SELECT value FROM json_each(@ids))`).all({
    ids: JSON.stringify(ids),
    ...(query.groupId === undefined ? {} : { groupId: query.groupId }),
  }) as MemberDbRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const groupView = query.groupId !== undefined;
  return {
    total,
    rows: ids.flatMap((id) => (byId.has(id) ? [toMemberRow(byId.get(id)!, groupView)] : [])),
  };
}

function toMemberRow(row: MemberDbRow, groupView: boolean): MemberRow {
  return {
    id: row.id,
    displayName: row.display_name,
    wxid: row.wxid === null ? null : maskIdentifier(row.wxid),
    joinChannel: row.join_channel,
    firstSeenAt: isoOrNull(row.joined_at),
    lastSpokeAt: isoOrNull(row.last_spoke_at),
    messageCount: row.message_count,
    groupNames: row.group_names ? row.group_names.split(separator) : [],
    remark: row.remark,
    phone: row.phone === null ? null : maskPhone(row.phone),
    // A group left keeps the tier it last had there; it is not the member's tier any more.
    tier: row.left ? null : row.tier,
    tierReason: row.left ? null : decodeReason(row.tier, row.tier_reason),
    left: row.left !== 1 ? null : groupView ? 'group' : 'all',
    pointsBalance: row.points_balance,
    violationCount: row.violation_count,
    tags: row.tags
      ? row.tags.split(separator).map((entry) => {
          const colon = entry.indexOf(':');
          return { id: Number(entry.slice(0, colon)), name: entry.slice(colon + 1) };
        })
      : [],
    blacklisted: row.blacklisted === 1,
  };
}

/** Member ids matching a query, for bulk actions on a filtered selection (bounded). */
export function memberIdsMatching(
  db: Db,
  query: Omit<MemberQuery, 'offset' | 'limit'>,
  max: number,
): number[] {
  const params: Record<string, unknown> = { max };
  const built = memberWhere(db, { ...query, offset: 0, limit: max }, params);
  return (
    db.prepare(`SELECT m.id FROM members m ${built.sql} ORDER BY m.id LIMIT @max`).all(params) as {
      id: number;
    }[]
  ).map((row) => row.id);
}

export interface MemberRecord {
  id: number;
  display_name: string;
  wxid: string | null;
  join_channel: JoinChannel | null;
  remark: string | null;
  phone: string | null;
  region: string | null;
  inviter_member_id: number | null;
  inviter_name: string | null;
  joined_at: number | null;
  tier: Tier | null;
  points_balance: number;
  violation_count: number;
  merged_into_id: number | null;
  /** When the member's personal data was erased (被遗忘权); null for everyone else. */
  forgotten_at: number | null;
  created_at: number;
  updated_at: number;
}

export function findMember(db: Db, id: number): MemberRecord | null {
  return (db.prepare('SELECT * FROM members WHERE id = ?').get(id) as MemberRecord | undefined) ?? null;
}

export function existingMemberIds(db: Db, ids: readonly number[]): Set<number> {
  const rows = db
    .prepare('SELECT id FROM members WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as {
    id: number;
  }[];
  return new Set(rows.map((row) => row.id));
}

export interface ProfilePatch {
  displayName?: string | undefined;
  remark?: string | null | undefined;
  phone?: string | null | undefined;
  region?: string | null | undefined;
  joinChannel?: JoinChannel | null | undefined;
  inviterMemberId?: number | null | undefined;
  inviterName?: string | null | undefined;
  joinedAt?: number | null | undefined;
}

const patchColumns: Record<keyof ProfilePatch, string> = {
  displayName: 'display_name',
  remark: 'remark',
  phone: 'phone',
  region: 'region',
  joinChannel: 'join_channel',
  inviterMemberId: 'inviter_member_id',
  inviterName: 'inviter_name',
  joinedAt: 'joined_at',
};

export function updateMemberProfile(db: Db, id: number, patch: ProfilePatch, now: number): void {
  const sets: string[] = ['updated_at = @now'];
  const params: Record<string, unknown> = { id, now };
  for (const [key, column] of Object.entries(patchColumns) as [keyof ProfilePatch, string][]) {
    if (patch[key] === undefined) continue;
    sets.push(`${column} = @${key}`);
    params[key] = patch[key];
  }
  if (patch.phone !== undefined) {
    sets.push('phone_reversed = @phoneReversed');
    params.phoneReversed = reversedDigits(patch.phone);
  }
  db.prepare(`UPDATE members SET ${sets.join(', ')} WHERE id = @id`).run(params);
  indexPendingNames(db, id);
}

export interface MembershipPatch {
  groupId: number;
  role?: MemberRole | undefined;
  customRoleId?: number | null | undefined;
  groupNickname?: string | null | undefined;
  joinedAt?: number | null | undefined;
  leftAt?: number | null | undefined;
}

const membershipColumns = {
  role: 'role',
  customRoleId: 'custom_role_id',
  groupNickname: 'group_nickname',
  joinedAt: 'joined_at',
  leftAt: 'left_at',
} as const;

/** Returns false when the member is not in that group. */
export function updateMembership(db: Db, memberId: number, patch: MembershipPatch): boolean {
  const sets: string[] = [];
  const params: Record<string, unknown> = { memberId, groupId: patch.groupId };
  for (const [key, column] of Object.entries(membershipColumns) as [
    keyof typeof membershipColumns,
    string,
  ][]) {
    if (patch[key] === undefined) continue;
    sets.push(`${column} = @${key}`);
    params[key] = patch[key];
  }
  if (sets.length === 0) {
    return (
      db
        .prepare('SELECT 1 FROM group_members WHERE member_id = ? AND group_id = ?')
        .get(memberId, patch.groupId) !== undefined
    );
  }
  const changed = db
    .prepare(
      `UPDATE group_members SET ${sets.join(', ')} WHERE member_id = @memberId AND group_id = @groupId`,
    )
    .run(params).changes;
  indexPendingNames(db, memberId);
  return changed > 0;
}

interface MembershipDbRow {
  group_id: number;
  group_name: string;
  role: MemberRole;
  custom_role_id: number | null;
  group_nickname: string | null;
  joined_at: number | null;
  left_at: number | null;
  tier: Tier | null;
  tier_reason: string | null;
}

export function listMemberships(db: Db, memberId: number): Membership[] {
  const rows = db
    .prepare(
      `SELECT gm.group_id, g.name AS group_name, gm.role, gm.custom_role_id, gm.group_nickname, gm.joined_at, gm.left_at,
         gm.tier, gm.tier_reason
       FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.member_id = ? ORDER BY gm.joined_at, g.id`,
    )
    .all(memberId) as MembershipDbRow[];
  return rows.map((row) => ({
    groupId: row.group_id,
    groupName: row.group_name,
    role: row.role,
    customRoleId: row.custom_role_id,
    groupNickname: row.group_nickname,
    joinedAt: isoOrNull(row.joined_at),
    leftAt: isoOrNull(row.left_at),
    tier: row.tier,
    tierReason: decodeReason(row.tier, row.tier_reason),
  }));
}

export function insertNote(db: Db, memberId: number, body: string, operator: string, now: number): number {
  return Number(
    db
      .prepare('INSERT INTO member_notes (member_id, body, operator, created_at) VALUES (?, ?, ?, ?)')
      .run(memberId, body, operator, now).lastInsertRowid,
  );
}

export function listNotes(db: Db, memberId: number): MemberNote[] {
  const rows = db
    .prepare(
      'SELECT id, body, operator, created_at FROM member_notes WHERE member_id = ? ORDER BY created_at DESC, id DESC',
    )
    .all(memberId) as { id: number; body: string; operator: string; created_at: number }[];
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    operator: row.operator,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
