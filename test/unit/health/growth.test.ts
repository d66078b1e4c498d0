/**
 * A chat export imported for real (MemoTrace CSV, batches of 2 messages so the rollups are folded in several times),
 * with numbers worked out by hand. All times UTC+8. Group 晨读群, range 2024-03-01 (Friday) .. 03-07:
 *   甲  join notice 03-01 09:00, speaks 03-01 10:00, leaves 03-03 12:00, invited back 03-05 08:00, speaks 03-05 09:00
 *   乙  first seen speaking 03-01 23:59:30 and again 03-02 00:00:30 (one second before / after midnight), leaves
 *       03-07 20:00 for good
 *   丙  speaks 03-02 08:00 (the inviter)
 *   03-04 and 03-06: nobody speaks (empty days)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupState } from '../../../electron/main/db/repositories/healthRollups';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import { memotraceCsvText, type GeneratedMessage } from '../../support/exportWriters';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { at } from './fixtures';

const person = (name: string) => ({ senderName: name, senderId: `wxid_${name}` });
const notice = (sentAt: number, content: string): GeneratedMessage => ({
  sentAt,
  senderName: '',
  senderId: null,
  type: 10000,
  content,
});
const says = (sentAt: number, name: string, content: string, type = 1): GeneratedMessage => ({
  sentAt,
  ...person(name),
  type,
  content,
});

const chat: GeneratedMessage[] = [
  notice(at('2024-03-01', '09:00'), '"成员甲"加入了群聊'),
  says(at('2024-03-01', '10:00'), '成员甲', '早上好'),
  says(at('2024-03-01', '23:59') + 30_000, '成员乙', '睡前打卡'),
  says(at('2024-03-02', '00:00') + 30_000, '成员乙', '零点打卡'),
  says(at('2024-03-02', '08:00'), '成员丙', '[图片]', 3),
  notice(at('2024-03-03', '12:00'), '"成员甲"退出了群聊'),
  notice(at('2024-03-05', '08:00'), '"成员丙"邀请"成员甲"加入了群聊'),
  says(at('2024-03-05', '09:00'), '成员甲', '我又回来了'),
  notice(at('2024-03-07', '20:00'), '"成员乙"退出了群聊'),
];

describe('growth and activity from a real import: returns, midnight, empty days', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  let groupId: number;

  async function call<K extends ChannelName>(name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(name, input, trustedSender);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as ChannelOutput<K>;
  }
  const lines = async (series: ChannelInput<'health.metric'>['series']) => {
    const output = await call('health.metric', { series, groupId, days: 7, to: '2024-03-07' });
    return Object.fromEntries(output.lines.map((line) => [line.key, line.values]));
  };

  beforeAll(async () => {
    backend = makeTestBackend({ now: () => at('2024-06-01') });
    dispatch = backend.createDispatch(trustAppOrigin);
    const path = join(backend.dir, '晨读群_utf8.csv');
    writeFileSync(path, memotraceCsvText(chat));
    const job = await backend.jobs.wait(
      backend.jobs.start(
        'import.file',
        { path, timeZone: '+08:00', groupName: '晨读群', batchSize: 2 },
        'local',
      ),
    );
    expect(job.status).toBe('done');
    groupId = (
      backend.context.db.prepare("SELECT id FROM groups WHERE name = '晨读群'").get() as { id: number }
    ).id;
  });
  afterAll(async () => backend.dispose());

  it('folds every batch into the rollups during the import itself', () => {
    const state = rollupState(backend.context.db);
    expect(state).toEqual({
      rolledThrough: state.lastMessageId,
      lastMessageId: 9,
      dirty: 0,
      complaintsCurrent: 1,
    });
    const rows = backend.context.db
      .prepare('SELECT day, messages, speakers FROM health_daily WHERE group_id = ? ORDER BY day')
      .all(groupId);
    // 03-01 甲 乙 · 03-02 乙 丙 · 03-05 甲 (the notices are nobody's messages).
    expect(rows.map((row) => Object.values(row as object).slice(1))).toEqual([
      [2, 2],
      [2, 2],
      [1, 1],
    ]);
  });

  it('counts a member who left and came back as a leave, a join, and one member throughout', async () => {
    const growth = await lines('growth');
    // 甲 (notice) and 乙 (first message) join 03-01; 甲 leaves 03-03 and is back 03-05; 乙 leaves 03-07.
    expect(growth.joins).toEqual([2, 1, 0, 0, 1, 0, 0]);
    expect(growth.leaves).toEqual([0, 0, 1, 0, 0, 0, 1]);
    expect(growth.size).toEqual([2, 3, 2, 2, 3, 3, 2]);
    const overview = await call('health.overview', { groupId, days: 7, to: '2024-03-07' });
    const card = overview.cards[0]!;
    const metric = (id: string) => card.metrics.find((item) => item.metric === id)!.current;
    expect(metric('memberCount').value).toBe(2);
    expect(metric('netGrowth').value).toBe(2);
    // Member-days present: 2, 3, 3 (甲 leaves 03-03), 2, 3 (甲 back), 3, 3 (乙 leaves 03-07) = 19; active 2+2+0+0+1+0+0.
    expect(metric('dailyActivityRate')).toMatchObject({ numerator: 5, denominator: 19 });
    // Over the week 甲 is one member, not two stays: 甲 乙 丙 present, 甲 乙 丙 all spoke.
    expect(metric('weeklyActivityRate')).toMatchObject({ numerator: 3, denominator: 3 });
  });

  it('puts a message one second before midnight and one second after on different days', async () => {
    expect((await lines('messages')).messages).toEqual([2, 2, 0, 0, 1, 0, 0]);
    const heatmap = await call('health.heatmap', { groupId, days: 7, to: '2024-03-07' });
    // Friday 23:00 and Saturday 00:00, 08:00; Tuesday 09:00; Friday 10:00.
    expect(heatmap.cells[4]![23]).toBe(1);
    expect(heatmap.cells[5]![0]).toBe(1);
    expect(heatmap.cells[5]![8]).toBe(1);
    expect(heatmap.cells[1]![9]).toBe(1);
    expect(heatmap.total).toBe(5);
  });

  it('keeps empty days as zeros (not gaps) and new speakers on their first day', async () => {
    const speakers = await lines('speakers');
    expect(speakers.new).toEqual([2, 1, 0, 0, 0, 0, 0]);
    expect(speakers.returning).toEqual([0, 1, 0, 0, 1, 0, 0]);
    const daily = (await lines('dailyActivityRate')).rate!;
    expect(daily).toEqual([2 / 2, 2 / 3, 0, 0, 1 / 3, 0, 0]);
  });

  it('splits joins and members by join channel', async () => {
    backend.context.db
      .prepare("UPDATE members SET join_channel = 'referral' WHERE display_name = '成员甲'")
      .run();
    const report = await call('health.channels', { groupId, days: 7, to: '2024-03-07' });
    expect(report.channels).toEqual([
      // 甲: two stays begun in the range, in the group at the end.
      { channel: 'referral', joined: 2, members: 1 },
      // 乙 (joined, left) and 丙 (first seen 03-02, still there).
      { channel: 'unknown', joined: 2, members: 1 },
    ]);
  });
});
