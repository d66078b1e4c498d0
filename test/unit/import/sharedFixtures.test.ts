/**
 * Extra checks against the reference exports in ../shared/fixtures/chatlogs (one real PyWxDump export, doc excerpts
 * and files built from the exporters' code). Skipped when this checkout has no ../shared.
 */
import { describe, expect, it } from 'vitest';
import type { ImportFormat } from '../../../shared/ipc/channels/imports';
import { appErrorKey, collectFile, hasSharedFixtures, sharedFixturesDir } from './support';

const shared = (name: string) => `${sharedFixturesDir}${name}`;

describe.skipIf(!hasSharedFixtures)('reference exports in ../shared', () => {
  it('reads the real PyWxDump export re-saved by Excel: minute times, server ids, recalls, multi-line quotes', async () => {
    const result = await collectFile(shared('pywxdump/weclone_test_person_test_0_730.csv'));
    expect(result.format).toBe('pywxdump-csv');
    expect(result.encoding).toBe('utf-8');
    expect(result.rejected).toEqual([]);
    expect(result.messages.length).toBeGreaterThan(50);
    expect(
      result.messages.every((message) => message.sentAt % 60_000 === 0 && message.serverId !== null),
    ).toBe(true);
    expect(new Set(result.messages.map((message) => message.serverId)).size).toBe(result.messages.length);
    const recall = result.messages.find((message) => message.systemEvent === 'recall');
    expect(recall).toMatchObject({ kind: 'system', senderName: '', content: '你撤回了一条消息' });
    const quote = result.messages.find((message) => message.content.includes('[引用]('));
    expect(quote?.content.split('\n').length).toBeGreaterThan(1);
    const times = result.messages.map((message) => message.sentAt);
    expect(Math.min(...times)).toBe(Date.parse('2024-10-04T11:42:00+08:00'));
  });

  const synthetic: [string, ImportFormat, number, string?][] = [
    ['memotrace/group_utf8.synthetic.csv', 'memotrace-csv', 8],
    ['memotrace/group.synthetic.txt', 'memotrace-txt', 8],
    ['pywxdump/chatroom_0_9.synthetic.csv', 'pywxdump-csv', 8],
    ['chatlog/chatlog.synthetic.csv', 'chatlog-csv', 7],
    ['chatlog/chatlog-text.synthetic.txt', 'chatlog-txt', 7, '2024-03-01'],
    ['weflow/group.synthetic.txt', 'weflow-txt', 6],
    ['weflow/group_weclone.synthetic.csv', 'weclone-csv', 6],
    ['wechatexporter/index.synthetic.txt', 'wechatexporter-txt', 8],
    ['chatlab/chatlab-doc-group-example.excerpt.json', 'chatlab-json', 2],
    ['chatlab/chatlab-doc-example.excerpt.jsonl', 'chatlab-jsonl', 3],
    ['weflow/http-api-chatlab-pull.excerpt.json', 'chatlab-json', 1],
    ['weflow/http-api-messages.excerpt.json', 'weflow-json', 2],
  ];

  it.each(synthetic)('%s is %s with %d messages', async (file, format, messages, date) => {
    const result = await collectFile(shared(file), { date });
    expect(result.format).toBe(format);
    expect(result.rejected.filter((row) => !row.skipped)).toEqual([]);
    expect(result.messages).toHaveLength(messages);
  });

  it('agrees across tools on the shared scenario: times, the same-second pair and the recall', async () => {
    const memotrace = await collectFile(shared('memotrace/group_utf8.synthetic.csv'));
    const pywxdump = await collectFile(shared('pywxdump/chatroom_0_9.synthetic.csv'));
    const weclone = await collectFile(shared('weflow/group_weclone.synthetic.csv'));
    const times = (result: { messages: { sentAt: number }[] }) =>
      result.messages.map((message) => message.sentAt);
    expect(times(pywxdump)).toEqual(times(memotrace));
    expect(times(weclone)).toEqual(times(memotrace).filter((_, index) => ![0, 5].includes(index)));
    expect(memotrace.messages[1]!.sentAt).toBe(memotrace.messages[2]!.sentAt);
    expect(memotrace.messages[5]).toMatchObject({ kind: 'system', systemEvent: 'recall' });
  });

  it('refuses what is not a chat export', async () => {
    expect(await appErrorKey(() => collectFile(shared('weflow/http-api-group-members.excerpt.json')))).toBe(
      'import.errors.unknownFormat',
    );
    expect(await appErrorKey(() => collectFile(shared('weflow/push-events.excerpt.txt')))).toBe(
      'import.errors.unknownFormat',
    );
  });
});
