/**
 * The same chat exported by two tools: MemoTrace (no server ids, senders with names and wxids) and PyWxDump (server
 * ids, senders as wxids with names from users.json, or bare wxids without it). Whichever comes second adds nothing;
 * an overlapping export adds only the messages the first lacked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportFileReport } from '../../../electron/main/jobs/importJob';
import {
  generateChat,
  memotraceCsvText,
  writePywxdumpSplitSet,
  type GeneratedMessage,
} from '../../support/exportWriters';
import { makeTestBackend } from '../../support/tempWorkspace';
import { fixture } from './support';

let backend: ReturnType<typeof makeTestBackend>;
beforeEach(() => {
  backend = makeTestBackend();
});
afterEach(async () => backend.dispose());

const count = (sql: string) => backend.context.db.prepare(sql).pluck().get() as number;

function writeFile(relative: string, text: string): string {
  const path = join(backend.dir, 'exports', relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function importInto(path: string, groupName: string): Promise<ImportFileReport> {
  const state = await backend.jobs.wait(
    backend.jobs.start('import.file', { path, timeZone: '+08:00', groupName }, 'local'),
  );
  if (state.status !== 'done') throw new Error(`import ${state.status}: ${JSON.stringify(state.error)}`);
  return state.result as ImportFileReport;
}

// One evening of a chat, written by hand as each tool writes it. Two identical "收到" in one second (both are kept),
// a sender known by a group nickname in MemoTrace, a join notice, an image (XML in MemoTrace, a path in PyWxDump).
const memotraceRows = [
  '\ufefflocalId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender',
  '11,5,10000,0,0,1717243200,4,"""群主""邀请""小雨""加入了群聊",2024-06-01 20:00:00,,,',
  '12,5,1,0,0,1717243205,4,欢迎小雨,2024-06-01 20:00:05,,老周,wxid_laozhou',
  '13,5,1,0,0,1717243211,4,收到,2024-06-01 20:00:11,,小雨,wxid_xiaoyu01',
  '14,5,1,0,0,1717243211,4,收到,2024-06-01 20:00:11,,小雨,wxid_xiaoyu01',
  '15,5,3,0,0,1717243230,4,"<?xml version=""1.0""?><msg><img length=""1024"" /></msg>",2024-06-01 20:00:30,,老周,wxid_laozhou',
  '16,5,1,0,0,1717243260,4,"明天  几点开始？",2024-06-01 20:01:00,,小雨,wxid_xiaoyu01',
  '17,5,1,0,1,1717243290,2,七点半，记得带书,2024-06-01 20:01:30,,群主,wxid_owner',
];
const pywxdumpRows = [
  'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime',
  '1,9100000000000000011,系统通知,0,未知,55501@chatroom,"""群主""邀请""小雨""加入了群聊",,2024-06-01 20:00:00',
  '2,9100000000000000012,文本,0,wxid_laozhou,55501@chatroom,欢迎小雨,,2024-06-01 20:00:05',
  '3,9100000000000000013,文本,0,wxid_xiaoyu01,55501@chatroom,收到,,2024-06-01 20:00:11',
  '4,9100000000000000014,文本,0,wxid_xiaoyu01,55501@chatroom,收到,,2024-06-01 20:00:11',
  '5,9100000000000000015,图片,0,wxid_laozhou,55501@chatroom,图片,FileStorage\\MsgAttach\\aa\\Image\\1.dat,2024-06-01 20:00:30',
  '6,9100000000000000016,文本,0,wxid_xiaoyu01,55501@chatroom,明天 几点开始？,,2024-06-01 20:01:00',
  '7,9100000000000000017,文本,1,wxid_owner,55501@chatroom,七点半，记得带书,,2024-06-01 20:01:30',
];
const usersJson = JSON.stringify({
  wxid_laozhou: { wxid: 'wxid_laozhou', nickname: '老周' },
  wxid_xiaoyu01: { wxid: 'wxid_xiaoyu01', nickname: '小雨' },
  wxid_owner: { wxid: 'wxid_owner', nickname: '群主' },
});

const memotraceCsv = (rows: string[]) => `${rows.join('\r\n')}\r\n`;

describe('one chat from two tools', () => {
  it('MemoTrace CSV, then PyWxDump CSV of the same evening: the second import inserts nothing', async () => {
    const memotrace = writeFile('memotrace/夜读群_utf8.csv', memotraceCsv(memotraceRows));
    writeFile('pywxdump/users.json', usersJson);
    const pywxdump = writeFile('pywxdump/55501@chatroom_0_7.csv', memotraceCsv(pywxdumpRows));
    const first = await importInto(memotrace, '夜读群');
    expect(first).toMatchObject({ read: 7, inserted: 7, duplicates: 0 });
    const members = count('SELECT count(*) FROM members');
    const second = await importInto(pywxdump, '夜读群');
    expect(second).toMatchObject({ read: 7, inserted: 0, duplicates: 7 });
    expect(count('SELECT count(*) FROM messages')).toBe(7);
    expect(count('SELECT count(*) FROM members')).toBe(members);
    // Both "收到" of that second stay: two messages, not one stored twice.
    expect(count(`SELECT count(*) FROM messages WHERE content = '收到'`)).toBe(2);
  });

  it('PyWxDump first (bare wxids, no users.json), then MemoTrace: names resolve to the same members', async () => {
    const pywxdump = writeFile('bare/55501@chatroom_0_7.csv', memotraceCsv(pywxdumpRows));
    const memotrace = writeFile('memotrace/夜读群_utf8.csv', memotraceCsv(memotraceRows));
    expect(await importInto(pywxdump, '夜读群')).toMatchObject({ inserted: 7 });
    expect(await importInto(memotrace, '夜读群')).toMatchObject({ inserted: 0, duplicates: 7 });
    expect(count('SELECT count(*) FROM messages')).toBe(7);
    // Re-importing either adds nothing either.
    expect(await importInto(pywxdump, '夜读群')).toMatchObject({ inserted: 0, duplicates: 7 });
    expect(await importInto(memotrace, '夜读群')).toMatchObject({ inserted: 0, duplicates: 7 });
  });

  it('an overlapping export of the other tool adds only what the first lacked, a third "收到" included', async () => {
    // MemoTrace covers the first five rows; PyWxDump the whole evening plus a third "收到" in the same second.
    const memotrace = writeFile('memotrace/夜读群_utf8.csv', memotraceCsv(memotraceRows.slice(0, 6)));
    writeFile('pywxdump/users.json', usersJson);
    const third = '8,9100000000000000018,文本,0,wxid_xiaoyu01,55501@chatroom,收到,,2024-06-01 20:00:11';
    const pywxdump = writeFile(
      'pywxdump/55501@chatroom_0_8.csv',
      memotraceCsv([...pywxdumpRows.slice(0, 5), third, ...pywxdumpRows.slice(5)]),
    );
    expect(await importInto(memotrace, '夜读群')).toMatchObject({ inserted: 5 });
    expect(await importInto(pywxdump, '夜读群')).toMatchObject({ read: 8, inserted: 3, duplicates: 5 });
    expect(count(`SELECT count(*) FROM messages WHERE content = '收到'`)).toBe(3);
    expect(count('SELECT count(*) FROM messages')).toBe(8);
  });

  it('does not take a different group, sender or text for the same message', async () => {
    const memotrace = writeFile('memotrace/夜读群_utf8.csv', memotraceCsv(memotraceRows));
    writeFile('pywxdump/users.json', usersJson);
    const changed = pywxdumpRows.map((row) =>
      row.replace('欢迎小雨', '欢迎小雨！').replace('wxid_owner', 'wxid_laozhou'),
    );
    const pywxdump = writeFile('pywxdump/55501@chatroom_0_7.csv', memotraceCsv(changed));
    await importInto(memotrace, '夜读群');
    // Another text and another sender: two new messages; the rest are the same.
    expect(await importInto(pywxdump, '夜读群')).toMatchObject({ inserted: 2, duplicates: 5 });
    // Another group is another chat: everything is new there.
    expect(await importInto(pywxdump, '别的群')).toMatchObject({ inserted: 7, duplicates: 0 });
  });

  it('the committed exports of one chat by five more tools add nothing after the PyWxDump one', async () => {
    const first = await importInto(fixture('pywxdump/20240506123@chatroom_0_10.csv'), '读书会三群');
    expect(first.inserted).toBe(9);
    // Names only (WeFlow TXT), wxid with the owner's own rows named 我 (chatlog), server ids of another kind (WeFlow,
    // ChatLab JSON), names and wxids without server ids (MemoTrace CSV).
    for (const other of [
      'memotrace/读书会三群_utf8.csv',
      'weflow/读书会三群.txt',
      'chatlog/读书会三群.csv',
      'weflow/读书会三群.json',
      'chatlab/读书会三群.json',
    ]) {
      const report = await importInto(fixture(other), '读书会三群');
      expect({ other, inserted: report.inserted }).toEqual({ other, inserted: 0 });
      expect(report.duplicates).toBe(report.read - report.skipped - report.rejected);
    }
    expect(count('SELECT count(*) FROM messages')).toBe(9);
  });

  it('a generated chat as a MemoTrace CSV and an overlapping PyWxDump split set merges into one timeline', async () => {
    const messages: GeneratedMessage[] = [
      ...generateChat({ seed: 11, count: 900, members: 40, startAt: Date.UTC(2024, 3, 1) }),
    ];
    const memotrace = writeFile('gen/大群_utf8.csv', memotraceCsvText(messages.slice(0, 600)));
    const dir = join(backend.dir, 'exports', 'gen-pywxdump');
    mkdirSync(dir, { recursive: true });
    const pages = await writePywxdumpSplitSet(dir, '77701@chatroom', messages.slice(300), 250);
    expect(pages.length).toBe(3);
    expect((await importInto(memotrace, '大群')).inserted).toBe(600);
    let inserted = 0;
    let duplicates = 0;
    for (const page of pages) {
      const report = await importInto(page, '大群');
      inserted += report.inserted;
      duplicates += report.duplicates;
    }
    expect({ inserted, duplicates }).toEqual({ inserted: 300, duplicates: 300 });
    expect(count('SELECT count(*) FROM messages')).toBe(900);
  });
});
