/**
 * New members' name keys and search documents worked out on a second thread during a large import: the same as the
 * writer works them out itself, in source and in the built app's chunk, and an import with the helper stores exactly
 * what one without it stores.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/connection';
import { insertGroup } from '../../../electron/main/db/repositories/groups';
import { piecesDocument, pinyinKeys } from '../../../electron/main/db/repositories/memberNames';
import { importMembers, suggestMapping } from '../../../electron/main/services/membersCsv';
import { NameIndexAhead } from '../../../electron/main/services/nameIndexAhead';
import { makeTempDir, makeTestBackend } from '../../support/tempWorkspace';

const surnames = ['张', '王', '单', '曾', '欧阳', '长孙'];
const given = ['伟', '芳', '秀英', '敏', '乐', '重'];

/** Member i's names as an import sends them: nickname, maybe a remark, a group nickname per group. */
function memberNames(i: number): string[] {
  const nickname =
    i % 17 === 0
      ? `Amy_${i}🌸`
      : i % 29 === 0
        ? `${'很长的昵称'.repeat(3)}${i}`
        : `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${i % 4 === 0 ? '' : i % 31}`;
  const names = [nickname];
  if (i % 5 === 0) names.push(`老客户${i % 13}`);
  if (i % 7 === 0) names.push(`书友${i % 11}`, `书友${i % 11}`);
  return names;
}

const members = Array.from({ length: 5000 }, (_, i) => memberNames(i));

/** Checks that `ahead` serves every member's keys and document as the writer works them out. */
function expectServedAsWorkedOut(ahead: {
  keys: Map<string, unknown>;
  reach(n: number): void;
  document(n: number, names: readonly string[]): string | undefined;
}) {
  ahead.reach(members.length - 1);
  let documents = 0;
  members.forEach((names, ordinal) => {
    const document = ahead.document(ordinal, names);
    if (document !== undefined) documents += 1;
    expect(document).toBe(piecesDocument(names));
    for (const name of names) expect(ahead.keys.get(name)).toEqual(pinyinKeys(name));
  });
  expect(documents).toBe(members.length);
}

describe('names worked out ahead', () => {
  it('serves every member’s pinyin keys and search document as the writer works them out', () => {
    const ahead = new NameIndexAhead();
    try {
      ahead.send(members);
      expectServedAsWorkedOut(ahead);
      // Only for the names it was sent.
      expect(ahead.document(0, [...members[0]!, '别的名字'])).toBeUndefined();
      expect(ahead.document(1, members[2]!)).toBeUndefined();
      expect(ahead.document(members.length, ['张三'])).toBeUndefined();
    } finally {
      ahead.close();
    }
  });

  it('leaves the writer to itself once closed, and before it is sent anything', () => {
    const ahead = new NameIndexAhead();
    ahead.reach(10);
    expect(ahead.document(10, members[10]!)).toBeUndefined();
    ahead.close();
    ahead.send(members);
    const started = performance.now();
    ahead.reach(members.length - 1);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(ahead.document(0, members[0]!)).toBeUndefined();
  });

  // The built app's chunk holds this code under names of its own: the helper finds it there too.
  const chunks = join(import.meta.dirname, '../../../out/main/chunks');
  const builtChunk = existsSync(chunks)
    ? readdirSync(chunks).find((file) =>
        readFileSync(join(chunks, file), 'utf8').includes('serveNameIndexAhead'),
      )
    : undefined;
  it.skipIf(builtChunk === undefined)('serves the same from the built app', () => {
    const ahead = new NameIndexAhead(pathToFileURL(join(chunks, builtChunk!)).href);
    try {
      ahead.send(members);
      expectServedAsWorkedOut(ahead);
    } finally {
      ahead.close();
    }
  });

  describe('in an import', () => {
    const temp = makeTempDir('qundesk-names-ahead-');
    const backends = [makeTestBackend(), makeTestBackend()];
    afterAll(async () => {
      for (const backend of backends) await backend.dispose();
      temp.remove();
    });
    const header = ['昵称', '微信号', '备注', '群名', '群昵称'];
    const path = join(temp.dir, 'members.csv');
    writeFileSync(
      path,
      [
        header,
        ...members.map((names, i) => [
          names[0],
          `wxid_ahead_${i}`,
          i % 5 === 0 ? names[1] : '',
          i % 7 === 0 ? '读书群、活动群' : '读书群',
          i % 7 === 0 ? names.at(-1) : '',
        ]),
      ]
        .map((cells) => cells.join(','))
        .join('\n'),
    );
    const stored = (db: Db) => ({
      names: db
        .prepare(
          'SELECT member_id, kind, group_id, name, pinyin_full, pinyin_initials FROM member_names ORDER BY member_id, kind, group_id, name',
        )
        .all(),
      sort: db.prepare('SELECT id, name_sort FROM members ORDER BY id').all(),
      pieces: (() => {
        db.exec(
          "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pieces_vocabulary USING fts5vocab(main, 'member_name_pieces', 'row')",
        );
        return db.prepare('SELECT term, doc FROM temp.pieces_vocabulary ORDER BY term').all();
      })(),
      // A prefix query per member's first piece: the documents hold the same pieces for the same members.
      matches: db
        .prepare(
          'SELECT rowid FROM member_name_pieces WHERE member_name_pieces MATCH \'"欧阳" *\' ORDER BY rowid',
        )
        .all(),
    });

    it('stores exactly what an import without the helper stores', async () => {
      const importInto = async (backend: (typeof backends)[number], namesAhead: boolean) => {
        const { db } = backend.context;
        for (const name of ['读书群', '活动群'])
          insertGroup(db, { name, type: 'service', positioning: '', coreGoal: '', memberCap: 500 }, 1);
        const report = await importMembers(
          db,
          path,
          suggestMapping(header),
          { operator: 'test', now: 1 },
          { namesAhead },
        );
        expect(report).toMatchObject({ applied: true, created: members.length });
        return stored(db);
      };
      const withHelper = await importInto(backends[0]!, true);
      const without = await importInto(backends[1]!, false);
      expect(withHelper.names.length).toBeGreaterThan(members.length);
      expect(withHelper.pieces.length).toBeGreaterThan(1000);
      expect(withHelper.matches.length).toBeGreaterThan(100);
      expect(withHelper).toEqual(without);
    });
  });
});
