/**
 * The member list's filters, sort and paging against a plain evaluation of the same filters over rows read back from
 * the tables (the oracle). The list intersects member-id sets through whichever index fits (a group's memberships,
 * tags, identities, search results, a selection) and picks between walking a sort index and sorting in memory; the
 * oracle does none of that. Search text itself is checked by searchEquivalence.test.ts: here the oracle takes the
 * search results of the text alone and intersects them with everything else.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/main/db/migrations';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import {
  addGroupMember,
  insertMember,
  listMembers,
  memberIdsMatching,
  type MemberQuery,
} from '../../../electron/main/db/repositories/members';
import { SeededRandom } from '../../../shared/demo/random';
import { identityPlatforms, type IdentityPlatform } from '../../../shared/domain/members';
import { tiers, type Tier } from '../../../shared/domain/tiers';
import { joinChannels, type JoinChannel, type MemberRow } from '../../../shared/domain/types';
import { memberSortKeys, type MemberSortKey } from '../../../shared/ipc/channels/members';

const dayMs = 86_400_000;
const now = Date.UTC(2026, 5, 1);
const nameChars = [...'张三李四王伟芳单长孙小明红'];

interface MemberFacts {
  id: number;
  sortKeys: Record<MemberSortKey, number | string | null>;
  tier: Tier | null;
  joinedAt: number | null;
  leftAt: number | null;
  activeGroups: number;
  joinChannel: JoinChannel | null;
  points: number;
  violations: number;
  mergedInto: number | null;
  hasWxid: boolean;
  hasPhone: boolean;
  platforms: Set<IdentityPlatform>;
  tagIds: Set<number>;
  memberships: Map<number, { tier: Tier | null; joinedAt: number | null; leftAt: number | null }>;
}

let db: Database.Database;
const groupNames = ['读书服务群', '周末活动群', '新人群'];
let groupIds: number[];
let tagIds: number[];
let facts: MemberFacts[];

/** A workspace of 150 members in 3 groups with every attribute the filters read, seeded. */
function seed(): void {
  const random = new SeededRandom(17);
  const maybe = <T>(chance: number, value: () => T): T | null => (random.chance(chance) ? value() : null);
  const day = () => now - random.int(0, 200) * dayMs;
  groupIds = groupNames.map((name) =>
    insertGroup(db, { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 }, now),
  );
  tagIds = ['尝鲜客', '忠实粉', '社交达人', '待激活'].map((name) =>
    Number(db.prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid),
  );
  const memberIds: number[] = [];
  for (let index = 0; index < 150; index += 1) {
    const name = Array.from({ length: random.int(1, 3) }, () => random.pick(nameChars)).join('');
    const id = insertMember(
      db,
      {
        displayName: random.chance(0.1) ? `Amy${index}` : name,
        wxid: maybe(0.6, () => `wxid_${index}`),
        phone: maybe(0.4, () => `138${String(index).padStart(8, '0')}`),
        joinChannel: maybe(0.8, () => random.pick(joinChannels)),
        joinedAt: maybe(0.7, day),
      },
      now,
    );
    memberIds.push(id);
    for (const groupId of groupIds) {
      if (!random.chance(0.45)) continue;
      addGroupMember(db, {
        groupId,
        memberId: id,
        role: 'member',
        groupNickname: null,
        joinedAt: maybe(0.8, day),
        leftAt: maybe(0.25, day),
      });
      db.prepare('UPDATE group_members SET tier = ? WHERE group_id = ? AND member_id = ?').run(
        maybe(0.8, () => random.pick(tiers)),
        groupId,
        id,
      );
    }
    for (const tagId of tagIds)
      if (random.chance(0.25))
        db.prepare('INSERT INTO member_tags (tag_id, member_id, created_at) VALUES (?, ?, ?)').run(
          tagId,
          id,
          now,
        );
    for (const platform of identityPlatforms)
      if (random.chance(0.15))
        db.prepare(
          'INSERT INTO member_identities (member_id, platform, value, source, created_at) VALUES (?, ?, ?, ?, ?)',
        ).run(id, platform, `${platform}-${index}`, 'test', now);
    db.prepare(
      `UPDATE members SET tier = ?, points_balance = ?, violation_count = ?, message_count = ?, last_spoke_at = ?
       WHERE id = ?`,
    ).run(
      maybe(0.8, () => random.pick(tiers)),
      random.int(0, 40),
      random.chance(0.7) ? 0 : random.int(1, 6),
      random.int(0, 30),
      maybe(0.6, day),
      id,
    );
  }
  // A few members merged into others.
  for (let merged = 0; merged < 8; merged += 1)
    db.prepare('UPDATE members SET merged_into_id = ? WHERE id = ?').run(
      memberIds[merged + 10],
      memberIds[merged],
    );
  facts = readFacts();
}

/** Everything the filters read, as plain objects. */
function readFacts(): MemberFacts[] {
  type Row = {
    id: number;
    name_sort: string;
    joined_at: number | null;
    left_at: number | null;
    active_groups: number;
    last_spoke_at: number | null;
    message_count: number;
    tier: Tier | null;
    join_channel: JoinChannel | null;
    points_balance: number;
    violation_count: number;
    merged_into_id: number | null;
    wxid: string | null;
    phone: string | null;
  };
  const rows = db.prepare('SELECT * FROM members ORDER BY id').all() as Row[];
  return rows.map((row) => {
    const memberships = new Map(
      (
        db
          .prepare('SELECT group_id, tier, joined_at, left_at FROM group_members WHERE member_id = ?')
          .all(row.id) as {
          group_id: number;
          tier: Tier | null;
          joined_at: number | null;
          left_at: number | null;
        }[]
      ).map((gm) => [gm.group_id, { tier: gm.tier, joinedAt: gm.joined_at, leftAt: gm.left_at }]),
    );
    return {
      id: row.id,
      sortKeys: {
        name: row.name_sort,
        joinedAt: row.joined_at,
        lastSpokeAt: row.last_spoke_at,
        messageCount: row.message_count,
        points: row.points_balance,
        violations: row.violation_count,
      },
      tier: row.tier,
      joinedAt: row.joined_at,
      leftAt: row.left_at,
      activeGroups: row.active_groups,
      joinChannel: row.join_channel,
      points: row.points_balance,
      violations: row.violation_count,
      mergedInto: row.merged_into_id,
      hasWxid: row.wxid !== null,
      hasPhone: row.phone !== null,
      platforms: new Set(
        db
          .prepare('SELECT platform FROM member_identities WHERE member_id = ?')
          .pluck()
          .all(row.id) as IdentityPlatform[],
      ),
      tagIds: new Set(
        db.prepare('SELECT tag_id FROM member_tags WHERE member_id = ?').pluck().all(row.id) as number[],
      ),
      memberships,
    };
  });
}

const within = (value: number | null, from: number | undefined, to: number | undefined) =>
  (from === undefined || (value !== null && value >= from)) &&
  (to === undefined || (value !== null && value <= to));

/** What a row shows of the member's groups and tier. */
function shownAs(row: MemberRow, query: MemberQuery) {
  return {
    left: row.left,
    tierShown: row.tier !== null,
    groupNames: [...row.groupNames].sort(),
    inGroupView: query.groupId !== undefined,
  };
}

/**
 * The same from the facts: left when they left the filtered group, or every group they were in; the groups they are
 * in (all they were in, once they left them all); no tier once left.
 */
function expectedShown(memberId: number, query: MemberQuery) {
  const member = facts.find((candidate) => candidate.id === memberId)!;
  const left =
    query.groupId !== undefined
      ? member.memberships.get(query.groupId)!.leftAt !== null && 'group'
      : member.activeGroups === 0 && member.leftAt !== null && 'all';
  const current = [...member.memberships].filter(([, membership]) => membership.leftAt === null);
  const listed = current.length > 0 ? current : [...member.memberships];
  const tier = query.groupId !== undefined ? member.memberships.get(query.groupId)!.tier : member.tier;
  return {
    left: left || null,
    tierShown: !left && tier !== null,
    groupNames: listed.map(([groupId]) => groupNames[groupIds.indexOf(groupId)]!).sort(),
    inGroupView: query.groupId !== undefined,
  };
}

/** The filters, evaluated member by member. */
function expectedIds(query: MemberQuery): number[] {
  const text = query.query?.trim();
  const found = text ? new Set(memberIdsMatching(db, { query: text, includeMerged: true }, 1_000_000)) : null;
  const selected = query.memberIds ? new Set(query.memberIds) : null;
  const matching = facts.filter((member) => {
    if (found && !found.has(member.id)) return false;
    if (selected && !selected.has(member.id)) return false;
    if (!query.includeMerged && member.mergedInto !== null) return false;
    if (query.groupId !== undefined) {
      const membership = member.memberships.get(query.groupId);
      if (!membership) return false;
      if (query.tier !== undefined && (membership.tier !== query.tier || membership.leftAt !== null))
        return false;
      if (!within(membership.joinedAt, query.joinedFrom, query.joinedTo)) return false;
      if (!within(membership.leftAt, query.leftFrom, query.leftTo)) return false;
      if (query.status === 'current' && membership.leftAt !== null) return false;
      if (query.status === 'left' && membership.leftAt === null) return false;
    } else {
      if (query.tier !== undefined && member.tier !== query.tier) return false;
      if (!within(member.joinedAt, query.joinedFrom, query.joinedTo)) return false;
      if (!within(member.leftAt, query.leftFrom, query.leftTo)) return false;
      if (query.status === 'current' && member.activeGroups === 0) return false;
      if (query.status === 'left' && !(member.leftAt !== null && member.activeGroups === 0)) return false;
    }
    if (query.tagIds?.length && !query.tagIds.some((tagId) => member.tagIds.has(tagId))) return false;
    if (query.joinChannels?.length && !query.joinChannels.includes(member.joinChannel!)) return false;
    if (!within(member.points, query.pointsMin, query.pointsMax)) return false;
    if (!within(member.violations, query.violationsMin, query.violationsMax)) return false;
    const platform = query.identityPlatform;
    if (platform !== undefined) {
      const fromProfile =
        (platform === 'wxid' && member.hasWxid) || (platform === 'phone' && member.hasPhone);
      if (!fromProfile && !member.platforms.has(platform)) return false;
    }
    return true;
  });
  const sort = query.sort ?? 'name';
  // SQLite's order: NULL first, then ascending; ties by id. Descending reverses all of it.
  matching.sort((a, b) => {
    const ka = a.sortKeys[sort];
    const kb = b.sortKeys[sort];
    if (ka !== kb) {
      if (ka === null) return -1;
      if (kb === null) return 1;
      return ka < kb ? -1 : 1;
    }
    return a.id - b.id;
  });
  if (query.order === 'desc') matching.reverse();
  return matching.map((member) => member.id);
}

const dayArbitrary = fc.integer({ min: 0, max: 200 }).map((days) => now - days * dayMs);

/**
 * A page query with up to four of the filters (all of them at once match nobody, which would check nothing), or a tier
 * within a group with up to two more, in any order, sort and paging.
 */
function queryArbitrary(): fc.Arbitrary<MemberQuery> {
  const filters = {
    groupId: fc.constantFrom(...groupIds),
    query: fc.oneof(
      fc.constantFrom(...nameChars),
      fc.constantFrom('zh', 'l', 'wxid_1', 'Amy', '138000', 'x'),
    ),
    tier: fc.constantFrom(...tiers),
    tagIds: fc.subarray(tagIds, { minLength: 1 }),
    joinChannels: fc.subarray([...joinChannels], { minLength: 1 }),
    pointsMin: fc.integer({ min: 0, max: 40 }),
    pointsMax: fc.integer({ min: 0, max: 40 }),
    violationsMin: fc.integer({ min: 0, max: 6 }),
    violationsMax: fc.integer({ min: 0, max: 6 }),
    joinedFrom: dayArbitrary,
    joinedTo: dayArbitrary,
    leftFrom: dayArbitrary,
    leftTo: dayArbitrary,
    status: fc.constantFrom('all' as const, 'current' as const, 'left' as const),
    identityPlatform: fc.constantFrom(...identityPlatforms),
    memberIds: fc.subarray(
      Array.from({ length: 160 }, (_, index) => index + 1),
      { maxLength: 60 },
    ),
  };
  const filterKeys = Object.keys(filters) as (keyof typeof filters)[];
  return fc
    .record({
      values: fc.record(filters),
      kept: fc.oneof(
        { weight: 2, arbitrary: fc.subarray(filterKeys, { maxLength: 4 }) },
        // A tier within a group, with up to two more filters: among any four of sixteen filters the pair came up in
        // a handful of runs, and listed anyone in fewer.
        {
          weight: 1,
          arbitrary: fc
            .subarray(
              filterKeys.filter((key) => key !== 'groupId' && key !== 'tier'),
              { maxLength: 2 },
            )
            .map((more): (keyof typeof filters)[] => ['groupId', 'tier', ...more]),
        },
      ),
      paging: fc.record(
        {
          includeMerged: fc.boolean(),
          sort: fc.constantFrom(...memberSortKeys),
          order: fc.constantFrom('asc' as const, 'desc' as const),
          offset: fc.constantFrom(0, 0, 3, 20, 90),
          limit: fc.constantFrom(1, 7, 25, 200),
        },
        { requiredKeys: ['offset', 'limit'] },
      ),
    })
    .map(({ values, kept, paging }) => ({
      ...paging,
      ...Object.fromEntries(kept.map((key) => [key, values[key]])),
    }));
}

describe('member list filters, sort and paging', () => {
  beforeAll(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    seed();
  });
  afterAll(() => db.close());

  it('lists exactly the members a plain evaluation of the filters finds, in order, paged', () => {
    let nonEmpty = 0;
    let listed = 0;
    let tierInGroup = 0;
    fc.assert(
      fc.property(queryArbitrary(), (query) => {
        const expected = expectedIds(query);
        const page = listMembers(db, query);
        expect(page.total).toBe(expected.length);
        expect(page.rows.map((row) => row.id)).toEqual(
          expected.slice(query.offset, query.offset + query.limit),
        );
        for (const row of page.rows) expect(shownAs(row, query)).toEqual(expectedShown(row.id, query));
        listed += page.rows.length;
        if (page.rows.length > 0) nonEmpty += 1;
        if (query.groupId !== undefined && query.tier !== undefined && page.total > 0) tierInGroup += 1;
      }),
      { numRuns: 400, seed: 20261127 },
    );
    // Most queries list someone: with every filter at once none did, and the test checked nothing.
    expect(nonEmpty).toBeGreaterThan(200);
    expect(listed).toBeGreaterThan(2000);
    // A tier within a group lists members in a fifth of the runs or more (3 of 400 when drawn like the rest).
    expect(tierInGroup).toBeGreaterThan(80);
  });

  it('finds members through every combination of group, tags, identity, selection and search', () => {
    // Combinations of the sets the list intersects, each with a non-empty result somewhere.
    const [group] = groupIds;
    const queries: MemberQuery[] = [
      { groupId: group, query: '张', offset: 0, limit: 500 },
      { groupId: group, tagIds: [tagIds[0]!], query: '李', offset: 0, limit: 500 },
      { tagIds: tagIds.slice(0, 2), identityPlatform: 'unionid', offset: 0, limit: 500 },
      { memberIds: [11, 12, 13, 14, 15, 40, 41], groupId: group, tagIds, offset: 0, limit: 500 },
      { query: 'Amy', identityPlatform: 'wxid', offset: 0, limit: 500 },
    ];
    let nonEmpty = 0;
    for (const query of queries) {
      const expected = expectedIds(query);
      if (expected.length > 0) nonEmpty += 1;
      expect(listMembers(db, query).rows.map((row) => row.id)).toEqual(expected);
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(3);
  });

  it('pages a search, selection or tag within a group in every order (their intersection listed once)', () => {
    const [group] = groupIds;
    const sets: MemberQuery[] = [
      { groupId: group, query: '张', offset: 0, limit: 0 },
      { groupId: group, tagIds: [tagIds[0]!], query: '李', offset: 0, limit: 0 },
      { groupId: group, memberIds: Array.from({ length: 60 }, (_, i) => i + 1), offset: 0, limit: 0 },
      { groupId: group, tagIds: [tagIds[0]!], offset: 0, limit: 0 },
    ];
    for (const set of sets) {
      for (const sort of memberSortKeys) {
        for (const order of ['asc', 'desc'] as const) {
          for (const [offset, limit] of [
            [0, 3],
            [2, 5],
            [0, 500],
          ] as const) {
            // Merged members included: no condition on the member row, so the listed path is the one taken.
            const query: MemberQuery = { ...set, sort, order, offset, limit, includeMerged: true };
            const expected = expectedIds(query);
            expect(expected.length).toBeGreaterThan(2);
            const page = listMembers(db, query);
            expect(page.total).toBe(expected.length);
            expect(page.rows.map((row) => row.id)).toEqual(expected.slice(offset, offset + limit));
          }
        }
      }
    }
  });
});
