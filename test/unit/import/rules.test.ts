import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyNotice,
  classifyPlaceholder,
  isBareNotice,
  namesJoining,
  namesLeaving,
  stripMarkup,
  unescapeExportName,
} from '../../../electron/main/import/content';
import { chatNameFromFileName, wechatMessage } from '../../../electron/main/import/parsers/common';
import {
  formatOffset,
  localTimeZone,
  parseEpoch,
  parseExportTime,
  parseLocalDateTime,
  parseOffset,
  parsePartialTime,
} from '../../../electron/main/import/time';
import { OrdinalCounter } from '../../../electron/main/import/writer';
import {
  hash64,
  importedMessageFingerprint,
  senderContentHash,
  serverIdFingerprint,
} from '../../../electron/main/services/fingerprint';
import { appErrorKey } from './support';

const utc = (text: string) => Date.parse(text);

describe('times', () => {
  it.each([
    ['2024-05-06 20:00:07', 480, '2024-05-06T12:00:07Z'],
    ['2024/5/6 9:05', 480, '2024-05-06T01:05:00Z'],
    ['2024-05-06 20:00:07.123000', 480, '2024-05-06T12:00:07.123Z'],
    ['2024-05-06T12:00:07.000Z', 480, '2024-05-06T12:00:07Z'],
    ['2024-05-06T20:00:07+08:00', 0, '2024-05-06T12:00:07Z'],
    ['2024-05-06 20:00:07', -300, '2024-05-07T01:00:07Z'],
  ])('%s at offset %d is %s', (text, offset, expected) => {
    expect(parseExportTime(text, offset)).toBe(utc(expected));
  });

  it.each([
    '2024-02-30 10:00:00',
    '2024-13-01 10:00:00',
    '2024-05-06 24:00:00',
    'yesterday',
    '1970-01-01 00:00:00',
    '2024-05-06 20:00:07+15:00',
  ])('rejects %s', (text) => {
    expect(Number.isNaN(parseLocalDateTime(text, 480))).toBe(true);
  });

  it('the fast path agrees with the general parser on every valid time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2001-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: -720, max: 840 }),
        (date, offset) => {
          const text = date.toISOString().slice(0, 19).replace('T', ' ');
          const expected = Math.floor(date.getTime() / 1000) * 1000 - offset * 60_000;
          expect(parseExportTime(text, offset)).toBe(expected);
          expect(parseLocalDateTime(text, offset)).toBe(expected);
        },
      ),
    );
  });

  it('reads epoch seconds and milliseconds, offsets both ways, and needs a date for partial times', async () => {
    expect(parseEpoch(1714996807)).toBe(1714996807000);
    expect(parseEpoch('1714996807000')).toBe(1714996807000);
    expect(Number.isNaN(parseEpoch('abc'))).toBe(true);
    expect(parseOffset('+08:00')).toBe(480);
    expect(parseOffset('-03:30')).toBe(-210);
    expect(formatOffset(-210)).toBe('-03:30');
    expect(localTimeZone(new Date())).toMatch(/^[+-]\d\d:\d\d$/);
    expect(await appErrorKey(async () => parseOffset('UTC+8'))).toBe('import.errors.badTimeZone');
    expect(parsePartialTime('20:00:07', 480, '2024-05-06')).toBe(utc('2024-05-06T12:00:07Z'));
    expect(parsePartialTime('05-06 20:00:07', 480, '2024-12-31')).toBe(utc('2024-05-06T12:00:07Z'));
    expect(await appErrorKey(async () => parsePartialTime('20:00:07', 480, undefined))).toBe(
      'import.errors.dateRequired',
    );
  });
});

describe('content rules', () => {
  it.each([
    ['"张三"邀请"李四、王五"加入了群聊', 'invite', ['李四', '王五'], []],
    ['你邀请"Amy"加入了群聊', 'invite', ['Amy'], []],
    ['"李四"通过扫描"张三"分享的二维码加入群聊', 'join', ['李四'], []],
    ['“赵六”加入了群聊', 'join', ['赵六'], []],
    ['"$username$"邀请"$names$"加入了群聊', 'invite', [], []],
    ['你将"周明"移出了群聊', 'leave', [], ['周明']],
    ['"周明"退出了群聊', 'leave', [], ['周明']],
    ['"Anna.林" 撤回了一条消息', 'recall', [], []],
    ['"张三" 拍了拍 "李四"', 'pat', [], []],
    ['"张三"修改群名为"读书会"', 'rename', [], []],
    ['收到红包，请在手机上查看', 'redPacket', [], []],
    ['群公告：周五交笔记', null, [], []],
  ])('%s is %s', (text, event, joining, leaving) => {
    expect(classifyNotice(text)).toBe(event);
    expect(namesJoining(text)).toEqual(joining);
    expect(namesLeaving(text)).toEqual(leaving);
  });

  it('recognises bare notices only when the whole line is one', () => {
    expect(isBareNotice('"Anna.林" 撤回了一条消息')).toBe(true);
    expect(isBareNotice('你将"周明"移出了群聊')).toBe(true);
    expect(isBareNotice('他说"Anna.林" 撤回了一条消息，真的吗')).toBe(false);
  });

  it('labels placeholders and strips notice markup', () => {
    expect(classifyPlaceholder('[图片]')).toEqual({ kind: 'image', systemEvent: null });
    expect(classifyPlaceholder('![动画表情](http://x)')).toEqual({ kind: 'emoji', systemEvent: null });
    expect(classifyPlaceholder('[转账|发送 1.00](备注)')).toEqual({ kind: 'other', systemEvent: 'transfer' });
    expect(classifyPlaceholder('[红包]')).toEqual({ kind: 'other', systemEvent: 'redPacket' });
    expect(classifyPlaceholder('[图片]后面还有文字')).toEqual({ kind: 'text', systemEvent: null });
    expect(classifyPlaceholder('图片')).toEqual({ kind: 'text', systemEvent: null });
    expect(
      stripMarkup('<![CDATA[你撤回了一条消息 <a href="weixin://revoke_edit_click">重新编辑</a>]]>'),
    ).toBe('你撤回了一条消息');
    expect(stripMarkup('<revokemsg>"A&amp;B" 撤回了一条消息</revokemsg>')).toBe('"A&B" 撤回了一条消息');
    expect(unescapeExportName('Tom\\\'s &amp; \\"Jerry\\"')).toBe('Tom\'s & "Jerry"');
  });

  it('maps WeChat type codes to kinds, events and readable text', () => {
    expect(wechatMessage(49, 6, '<msg><appmsg><title>报名表.xlsx</title></appmsg></msg>')).toEqual({
      kind: 'file',
      systemEvent: null,
      content: '[文件] 报名表.xlsx',
    });
    expect(wechatMessage(49, 57, '<msg><appmsg><title>同意</title></appmsg></msg>')).toEqual({
      kind: 'text',
      systemEvent: null,
      content: '同意',
    });
    expect(wechatMessage(49, 2001, '<msg><appmsg><title>恭喜发财</title></appmsg></msg>')).toMatchObject({
      systemEvent: 'redPacket',
    });
    expect(wechatMessage(10000, 4, '"张三" 拍了拍我')).toMatchObject({ kind: 'system', systemEvent: 'pat' });
    expect(
      wechatMessage(
        10002,
        0,
        '<sysmsg type="revokemsg"><revokemsg><replacemsg><![CDATA["张三" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>',
      ),
    ).toEqual({
      kind: 'system',
      systemEvent: 'recall',
      content: '"张三" 撤回了一条消息',
    });
  });

  it.each([
    ['读书会三群_utf8.csv', '读书会三群'],
    ['wxid_abc_0_5001.csv', 'wxid_abc'],
    ['index.txt', null],
    ['群聊.html', '群聊'],
  ])('chat name of %s is %s', (file, name) => {
    expect(chatNameFromFileName(file)).toBe(name);
  });
});

describe('message identity', () => {
  it('gives identical messages of one second successive ordinals, per sender and content', () => {
    const counter = new OrdinalCounter();
    expect([
      counter.next(100, 'a|好'),
      counter.next(100, 'a|好'),
      counter.next(100, 'b|好'),
      counter.next(101, 'a|好'),
      counter.next(100, 'a|好'),
    ]).toEqual([0, 1, 0, 0, 2]);
  });

  it('keys server ids by group, and other messages by group, second, sender, content and ordinal', () => {
    expect(serverIdFingerprint(3, '81000')).toBe('3#81000');
    const key = (group: number, sender: string, second: number, content: string, ordinal: number) =>
      importedMessageFingerprint(group, second, senderContentHash(sender, content), ordinal);
    const base = key(3, 'wxid_a', 1714996807, '你好呀', 0);
    expect(base).toMatch(/^3:[0-9a-z]+:[0-9a-f]{16}$/);
    expect(key(3, 'wxid_a', 1714996807, '你好呀', 0)).toBe(base);
    for (const other of [
      key(4, 'wxid_a', 1714996807, '你好呀', 0),
      key(3, 'wxid_b', 1714996807, '你好呀', 0),
      key(3, 'wxid_a', 1714996808, '你好呀', 0),
      key(3, 'wxid_a', 1714996807, '你好', 0),
      key(3, 'wxid_a', 1714996807, '你好呀', 1),
    ]) {
      expect(other).not.toBe(base);
    }
  });

  it('spreads a million near-identical keys without collisions', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000_000; i += 1) seen.add(hash64(`wxid_${i % 977}\u001f消息${i}\u001f0`));
    expect(seen.size).toBe(1_000_000);
  });
});
