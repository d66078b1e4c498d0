/**
 * A member import large enough for the bulk path (new members written in multi-row statements, the members'
 * indexes built after them, without foreign-key checks): the rows it leaves are what the one-member-at-a-time
 * writers leave (names with their pinyin keys and pieces, join dates and group counts the triggers keep, identities,
 * tags), every index is back, references hold, and a file with one bad row still writes nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { nameGrams, pinyinKeys } from '../../../electron/main/db/repositories/memberNames';
import { suggestMapping } from '../../../electron/main/services/membersCsv';
import type { JobState, MemberRow, Page } from '../../../shared/domain/types';
import type { MemberImportReport } from '../../../shared/ipc/channels/members';
import { makeTempDir, makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { value } from './fixtures';

const rows = 6000;
const surnames = ['张', '王', '李', '赵', '单', '曾', '欧阳'];
const given = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军'];

/** Row i of the file: names repeat (as real ones do), some rows have a remark, a group nickname, two groups, … */
function row(i: number): string[] {
  const name =
    i % 11 === 0
      ? `Amy${i % 97}`
      : `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${i % 5 === 0 ? '' : i % 13}`;
  return [
    name,
    i % 3 === 0 ? '' : `wxid_bulk_${i}`,
    i % 4 === 0 ? '' : String(13_000_000_000 + i),
    i % 9 === 0 ? `老客户${i % 17}` : '',
    ['公众号', '小程序', '朋友邀请', '线下'][i % 4]!,
    i % 6 === 0 ? '尝鲜客;忠实粉' : '社交达人',
    i % 10 === 0 ? '读书群、活动群' : '读书群',
    i % 8 === 0 ? `书友${i % 23}` : '',
    `2024-0${1 + (i % 9)}-1${i % 10}`,
    i % 7 === 0 ? `oU_bulk_${i}` : '',
  ];
}
const header = ['昵称', '微信号', '手机号', '备注', '渠道', '标签', '群名', '群昵称', '入群时间', 'unionid'];

describe('member import in bulk', () => {
  const temp = makeTempDir('qundesk-members-bulk-');
  const backend = makeTestBackend();
  const db = backend.context.db;
  const dispatch = backend.createDispatch(trustAppOrigin);
  const schema = () =>
    db.prepare('SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name').all();
  const runImport = async (lines: string[][]) => {
    const path = join(temp.dir, `members-${lines.length}.csv`);
    writeFileSync(path, [header, ...lines].map((cells) => cells.join(',')).join('\n'));
    const mapping = suggestMapping(header);
    const started = value<{ jobId: string }>(
      await dispatch('members.import', { path, mapping }, trustedSender),
    );
    const job: JobState = await backend.jobs.wait(started.jobId);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    return job.result as MemberImportReport;
  };
  let schemaBefore: unknown;

  beforeAll(() => {
    for (const name of ['读书群', '活动群'])
      insertGroup(db, { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 }, Date.now());
    schemaBefore = schema();
  });
  afterAll(async () => {
    await backend.dispose();
    temp.remove();
  });

  it('writes nothing when one row of a large file is bad', async () => {
    const lines = Array.from({ length: rows }, (_, i) => row(i));
    lines[4321]![4] = '电报群';
    const report = await runImport(lines);
    expect(report).toMatchObject({ applied: false, created: 0, errorCount: 1 });
    expect(report.errors[0]).toMatchObject({ line: 4323, field: 'joinChannel' });
    expect(db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM member_names').pluck().get()).toBe(0);
    expect(schema()).toEqual(schemaBefore);
  });

  it('writes every row as the single-member writers would', async () => {
    const membershipVersion = () =>
      db.prepare('SELECT membership_version FROM health_rollup_state WHERE id = 1').pluck().get() as number;
    const versionBefore = membershipVersion();
    const report = await runImport(Array.from({ length: rows }, (_, i) => row(i)));
    expect(report).toMatchObject({ applied: true, created: rows, updated: 0, errorCount: 0 });
    expect(report.identitiesAdded).toBe(Math.ceil(rows / 7));
    // Indexes dropped for the load are all back, and every reference holds.
    expect(schema()).toEqual(schemaBefore);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The health dashboard's caches see the memberships: their version moved by one per membership, as the
    // suspended trigger would have moved it.
    expect(membershipVersion() - versionBefore).toBe(
      db.prepare('SELECT count(*) FROM group_members').pluck().get(),
    );

    const members = db
      .prepare(
        'SELECT id, display_name, wxid, phone, phone_reversed, remark, name_sort, joined_at, active_groups FROM members ORDER BY id',
      )
      .all() as {
      id: number;
      display_name: string;
      wxid: string | null;
      phone: string | null;
      phone_reversed: string | null;
      remark: string | null;
      name_sort: string;
      joined_at: number;
      active_groups: number;
    }[];
    expect(members).toHaveLength(rows);
    const names = db
      .prepare('SELECT member_id, kind, name, pinyin_full, pinyin_initials FROM member_names')
      .all() as {
      member_id: number;
      kind: string;
      name: string;
      pinyin_full: string | null;
      pinyin_initials: string | null;
    }[];
    const expectedGrams = new Map<string, Set<number>>();
    const namesOf = new Map<number, string[]>();
    for (const name of names) {
      namesOf.set(name.member_id, [...(namesOf.get(name.member_id) ?? []), `${name.kind}:${name.name}`]);
      const keys = pinyinKeys(name.name);
      expect([name.pinyin_full, name.pinyin_initials], name.name).toEqual([keys.full, keys.initials]);
      for (const gram of nameGrams(name.name)) {
        const holders = expectedGrams.get(gram);
        if (holders) holders.add(name.member_id);
        else expectedGrams.set(gram, new Set([name.member_id]));
      }
    }
    // The search index holds exactly those pieces, each in the documents of the members with a name cut into it.
    db.exec('CREATE VIRTUAL TABLE temp.pieces_vocabulary USING fts5vocab(main, member_name_pieces, row)');
    const terms = db.prepare('SELECT term FROM temp.pieces_vocabulary').pluck().all() as string[];
    expect(new Set(terms)).toEqual(new Set(expectedGrams.keys()));
    const holding = db
      .prepare('SELECT rowid FROM member_name_pieces WHERE member_name_pieces MATCH ?')
      .pluck();
    for (const [gram, holders] of expectedGrams)
      expect(new Set(holding.all(`"${gram.replace(/"/g, '""')}"`) as number[]), gram).toEqual(holders);
    db.exec('DROP TABLE temp.pieces_vocabulary');
    members.forEach((member, i) => {
      const cells = row(i);
      expect(namesOf.get(member.id)?.sort(), cells[0]).toEqual(
        [
          `wechat_nickname:${cells[0]}`,
          ...(cells[3] ? [`remark:${cells[3]}`] : []),
          ...(cells[7]
            ? (cells[6]!.includes('、') ? [1, 2] : [1]).map(() => `group_nickname:${cells[7]}`)
            : []),
        ].sort(),
      );
      expect(member).toMatchObject({
        display_name: cells[0],
        wxid: cells[1] || null,
        phone: cells[2] || null,
        phone_reversed: cells[2] ? [...cells[2]].reverse().join('') : null,
        remark: cells[3] || null,
        name_sort: pinyinKeys(cells[0]!).full || cells[0],
        joined_at: Date.parse(cells[8]!),
        active_groups: cells[6]!.includes('、') ? 2 : 1,
      });
    });
    const tagged = db
      .prepare(
        'SELECT t.name, count(*) AS n FROM member_tags mt JOIN tags t ON t.id = mt.tag_id GROUP BY t.name ORDER BY t.name',
      )
      .all();
    expect(tagged).toEqual([
      { name: '尝鲜客', n: rows / 6 },
      { name: '忠实粉', n: rows / 6 },
      { name: '社交达人', n: rows - rows / 6 },
    ]);
  });

  it('finds imported members by pinyin, initials, piece of a name and phone tail', async () => {
    const list = async (query: string) =>
      value<Page<MemberRow>>(await dispatch('members.list', { query, limit: 5 }, trustedSender));
    for (const query of ['shanwei', 'sw', '单伟', '0001234'])
      expect((await list(query)).total, query).toBeGreaterThan(0);
    expect((await list('0001234')).rows.map((member) => member.displayName)).toContain(row(1234)[0]);
  });
});
