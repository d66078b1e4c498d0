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

interface TimeParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const p2 = (value: number) => String(value).padStart(2, '0');
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysIn = (year: number, month: number) =>
  [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;

/** Why a time is no time (or what edge it sits on), by the calendar rather than by the parser's code. */
function invalidReasons(t: TimeParts, noSeconds: boolean): string[] {
  const reasons: string[] = [];
  if (t.mo < 1 || t.mo > 12) reasons.push('month');
  else if (t.d < 1 || t.d > daysIn(t.y, t.mo)) {
    reasons.push('day');
    if (t.d === 31 && daysIn(t.y, t.mo) === 30) reasons.push('day31of30');
    if (t.mo === 2 && t.d === 29) reasons.push('feb29common');
  } else if (t.mo === 2 && t.d === 29) reasons.push('leapDay');
  if (t.h > 23) reasons.push('hour');
  if (t.mi > 59) reasons.push('minute');
  if (!noSeconds && t.s > 59) reasons.push('second');
  if (t.y < 2000 || t.y > 2099) reasons.push('year');
  return reasons;
}

/** Epoch ms of a local time at `offset`, or NaN: a valid calendar time from 2000 up to (not including) 2100 UTC. */
function independentReading(t: TimeParts, noSeconds: boolean, offset: number): number {
  if (invalidReasons(t, noSeconds).some((reason) => reason !== 'leapDay' && reason !== 'year'))
    return Number.NaN;
  const epoch = Date.UTC(t.y, t.mo - 1, t.d, t.h, t.mi, noSeconds ? 0 : t.s) - offset * 60_000;
  return epoch >= Date.UTC(2000, 0, 1) && epoch < Date.UTC(2100, 0, 1) ? epoch : Number.NaN;
}

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

  /**
   * Times as exports write them, right or wrong: every field in or just out of range (month 13, day 31 of a 30-day
   * month, 29 February of common years, hour 24, minute 60), years at the edges of the accepted range, and the
   * layouts people and Excel produce. Both parsers must match an independent reading: the same value, or both NaN.
   */
  interface LayoutSpec {
    /** Whether the general grammar takes the layout at all (fields aside). */
    accepted: boolean;
    noSeconds?: boolean;
    write: (t: TimeParts) => string;
  }
  const canonical = (t: TimeParts): string =>
    `${t.y}-${p2(t.mo)}-${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`;
  const layouts = {
    canonical: { accepted: true, write: canonical },
    isoT: {
      accepted: true,
      write: (t: TimeParts) => `${t.y}-${p2(t.mo)}-${p2(t.d)}T${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`,
    },
    slashes: {
      accepted: true,
      write: (t: TimeParts) => `${t.y}/${p2(t.mo)}/${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`,
    },
    dots: {
      accepted: true,
      write: (t: TimeParts) => `${t.y}.${p2(t.mo)}.${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`,
    },
    /** Excel's re-save, 2024/10/4 11:42: unpadded, seconds gone. */
    excel: {
      accepted: true,
      noSeconds: true,
      write: (t: TimeParts) => `${t.y}/${t.mo}/${t.d} ${t.h}:${p2(t.mi)}`,
    },
    noSeconds: {
      accepted: true,
      noSeconds: true,
      write: (t: TimeParts) => `${t.y}-${p2(t.mo)}-${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}`,
    },
    unpadded: {
      accepted: true,
      write: (t: TimeParts) => `${t.y}-${t.mo}-${t.d} ${t.h}:${p2(t.mi)}:${p2(t.s)}`,
    },
    padded: { accepted: true, write: (t: TimeParts) => ` ${canonical(t)}  ` },
    twoSpaces: { accepted: true, write: (t: TimeParts) => canonical(t).replace(' ', '  ') },
    underscores: { accepted: false, write: (t: TimeParts) => canonical(t).replace(/-/g, '_') },
    dashedClock: { accepted: false, write: (t: TimeParts) => canonical(t).replace(/:/g, '-') },
    colonDate: { accepted: false, write: (t: TimeParts) => canonical(t).replace(/-/g, ':') },
    noSpace: { accepted: false, write: (t: TimeParts) => canonical(t).replace(' ', '') },
    wideDigits: {
      accepted: false,
      write: (t: TimeParts) =>
        canonical(t).replace(/\d/, (digit) => String.fromCharCode(0xff10 + Number(digit))),
    },
    unpaddedMinute: {
      accepted: false,
      write: (t: TimeParts) => `${t.y}-${p2(t.mo)}-${p2(t.d)} ${p2(t.h)}:${t.mi % 10}:${p2(t.s)}`,
    },
  } satisfies Record<string, LayoutSpec>;
  type Layout = keyof typeof layouts;

  /** Month and day: any ordinary pair, a calendar edge (31 April, 29 February…), or a field out of range. */
  const monthDay = fc.oneof(
    {
      arbitrary: fc.record({ mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }),
      weight: 2,
    },
    {
      arbitrary: fc.constantFrom(
        ...[
          [2, 29],
          [2, 30],
          [2, 31],
          [2, 28],
          [4, 31],
          [6, 31],
          [9, 31],
          [11, 31],
          [4, 30],
          [1, 31],
          [12, 31],
        ].map(([mo, d]) => ({ mo: mo!, d: d! })),
      ),
      weight: 2,
    },
    // 29 February on its own, in common and leap years alike (see the years below).
    { arbitrary: fc.constant({ mo: 2, d: 29 }), weight: 1 },
    {
      arbitrary: fc.record({ mo: fc.constantFrom(0, 13, 99), d: fc.integer({ min: 1, max: 28 }) }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ mo: fc.integer({ min: 1, max: 12 }), d: fc.constantFrom(0, 32, 99) }),
      weight: 1,
    },
  );
  const inRange = (min: number, max: number, edges: number[]) =>
    fc.oneof(
      { arbitrary: fc.integer({ min, max }), weight: 4 },
      { arbitrary: fc.constantFrom(...edges), weight: 1 },
    );
  const timeParts = fc
    .record({
      // Leap years (2004-2096) as often as the rest, so 29 February is met both ways.
      y: fc.oneof(
        inRange(2001, 2098, [1900, 1999, 2000, 2004, 2023, 2024, 2096, 2099, 2100]),
        fc.integer({ min: 501, max: 524 }).map((quarter) => quarter * 4),
      ),
      date: monthDay,
      h: inRange(0, 23, [0, 23, 24, 99]),
      mi: inRange(0, 59, [0, 59, 60, 99]),
      s: inRange(0, 59, [0, 59, 60, 99]),
    })
    .map(({ date, ...clock }): TimeParts => ({ ...date, ...clock }));
  const layoutNames = Object.keys(layouts) as Layout[];
  const layout = fc.oneof(
    // The canonical layout, the fast path's, as often as all others together.
    { arbitrary: fc.constant<Layout>('canonical'), weight: layoutNames.length },
    { arbitrary: fc.constantFrom(...layoutNames), weight: layoutNames.length },
  );

  it('the fast path and the general parser read right and wrong times alike, as an independent reading does', () => {
    const seen: Record<string, number> = {};
    const count = (kind: string) => (seen[kind] = (seen[kind] ?? 0) + 1);
    fc.assert(
      fc.property(timeParts, layout, fc.integer({ min: -720, max: 840 }), (parts, layoutName, offset) => {
        const { accepted, noSeconds = false, write }: LayoutSpec = layouts[layoutName];
        const text = write(parts);
        const expected = accepted ? independentReading(parts, noSeconds, offset) : Number.NaN;
        expect(parseExportTime(text, offset), text).toBe(expected);
        expect(parseLocalDateTime(text, offset), text).toBe(expected);
        // Tally what was reached, so the property cannot quietly go vacuous.
        count(`${layoutName}:${Number.isNaN(expected) ? 'rejected' : 'accepted'}`);
        for (const reason of invalidReasons(parts, noSeconds))
          count(`${layoutName === 'canonical' ? 'fast' : 'slow'}:${reason}`);
      }),
      { numRuns: 3000 },
    );
    for (const name of layoutNames) expect(seen[`${name}:rejected`], `${name} rejected`).toBeGreaterThan(5);
    for (const name of layoutNames.filter((name) => layouts[name].accepted))
      expect(seen[`${name}:accepted`], `${name} accepted`).toBeGreaterThan(5);
    for (const path of ['fast', 'slow'])
      for (const reason of [
        'month',
        'day',
        'day31of30',
        'feb29common',
        'leapDay',
        'hour',
        'minute',
        'second',
        'year',
      ])
        expect(seen[`${path}:${reason}`], `${path} ${reason}`).toBeGreaterThan(path === 'fast' ? 10 : 5);
  });

  it('the fast path and the general parser agree on canonical times with one character changed', () => {
    let fastShaped = 0;
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2001-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.nat({ max: 18 }),
        fc.constantFrom(...'0123456789 :-/.Tx+Z０'),
        (date, at, replacement) => {
          const canonical = date.toISOString().slice(0, 19).replace('T', ' ');
          const text = canonical.slice(0, at) + replacement + canonical.slice(at + 1);
          if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text)) fastShaped += 1;
          expect(parseExportTime(text, 480), text).toBe(parseLocalDateTime(text, 480));
        },
      ),
      { numRuns: 1000 },
    );
    // Digit-for-digit swaps keep the fast path's shape: out-of-range fields reach it.
    expect(fastShaped).toBeGreaterThan(200);
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
