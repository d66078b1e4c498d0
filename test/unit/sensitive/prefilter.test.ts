/**
 * The detector prefilter skips, per message, every detector that cannot fire; it must never skip one that would.
 * Property: on text built from what the detectors look at (digits in every style, letters, cues, separators, dots,
 * invisible characters in the BMP and beyond, address marks) and from things each detector finds (phone, ID-card and
 * bank-card numbers, emails, links, IPs, WeChat IDs, QQ numbers, addresses), whole or with a character dropped,
 * runDetectors finds exactly what the detectors find when all of them run on the whole text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDetectors, runDetectorsUnfiltered } from '../../../shared/domain/sensitive/detectors';
import { detectorKinds, type DetectorKind } from '../../../shared/domain/sensitive/types';

const options = { enabled: new Set(detectorKinds), competitorDomains: ['rival.com'] };

const pieces = [
  ...'0123456789０１２３４５６７８９一二三八零幺两十百①❸𝟏𝟐',
  ...'abcdefghijklmnopqrstuvwxyzQVWX',
  'abc_123',
  'zhangsan88',
  'abcdef',
  '138',
  '0013',
  '8000',
  '110101',
  '19900307',
  '4477',
  'x',
  '6222021234567890128',
  'wxid_',
  'vx',
  'wx',
  'weixin',
  'wechat',
  'id',
  'qq',
  '扣扣',
  '企鹅',
  'q号',
  '加',
  '+',
  '我',
  '的',
  '微信',
  '薇信',
  'v信',
  '号',
  '号码',
  ...' :：=,，-_.。点@/?#',
  'http://',
  'https://',
  '://',
  'ｈｔｔｐ：／／',
  'www.',
  'www',
  '192.168',
  '.com',
  '.cn',
  'rival',
  '路',
  '号楼',
  '号院',
  '座',
  '幢',
  '房',
  '房间',
  '楼',
  '层',
  'A',
  '第',
  '大厦',
  '幸福',
  '栋',
  '单元',
  '室',
  '小区',
  '花园',
  '阳光',
  '在',
  '订单',
  '\u200b',
  '\u200d',
  '\u{E0001}',
  '\u{1F3FB}',
  '😀',
  '好',
  '你',
];
/** Digits as people write them to dodge filters: ASCII mostly, full-width, 一二三, circled, mathematical. */
const digitStyles: ((digit: number) => string)[] = [
  (digit) => String(digit),
  (digit) => String(digit),
  (digit) => String(digit),
  (digit) => String.fromCharCode(0xff10 + digit),
  (digit) => '零一二三四五六七八九'[digit]!,
  (digit) => (digit === 0 ? '⓪' : String.fromCharCode(0x245f + digit)),
  (digit) => String.fromCodePoint(0x1d7ce + digit),
];
/** Between the digit groups of a number: nothing, a space or dash, or characters the view drops. */
const groupSeparator = fc.constantFrom('', '', ' ', '-', '\u200b', '\u{E0001}', '\u{1F3FB}');
const digitRun = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max });
/** Digits in one style (one choice in eight mixes them), in groups of `sizes` joined by one separator. */
const writtenNumber = (digits: number[], sizes: number[]) =>
  fc.tuple(fc.nat({ max: digitStyles.length }), groupSeparator).map(([style, separator]) => {
    const written = digits.map((digit, index) =>
      (digitStyles[style] ?? digitStyles[index % digitStyles.length]!)(digit),
    );
    const groups: string[] = [];
    let at = 0;
    for (const size of sizes) {
      if (at >= written.length) break;
      groups.push(written.slice(at, at + size).join(''));
      at += size;
    }
    if (at < written.length) groups.push(written.slice(at).join(''));
    return groups.join(separator);
  });

/** The Luhn check digit that makes `digits` plus it a valid card number. */
function luhnDigit(digits: number[]): number {
  let sum = 0;
  digits.forEach((digit, index) => {
    // Doubling starts at the digit next to the check digit.
    const doubled = (digits.length - index) % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  });
  return (10 - (sum % 10)) % 10;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The GB 11643 check character of the first 17 digits. */
const idCheck = (digits: number[]) =>
  '10x98765432'[digits.reduce((sum, digit, index) => sum + digit * idWeights[index]!, 0) % 11]!;
const word = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{${min - 1},${max - 1}}$`));

/** Something each detector finds, written the ways messages write it. */
const findable: Record<Exclude<DetectorKind, 'scam'>, fc.Arbitrary<string>> = {
  mobile: fc
    .tuple(
      fc.constantFrom('', '电话', '+86 ', '86', '手机：'),
      fc.integer({ min: 3, max: 9 }),
      digitRun(9, 9),
    )
    .chain(([cue, second, rest]) =>
      writtenNumber([1, second, ...rest], [3, 4, 4]).map((number) => cue + number),
    ),
  landline: fc.oneof(
    fc.tuple(digitRun(2, 3), digitRun(7, 8)).map(([area, local]) => `0${area.join('')}-${local.join('')}`),
    fc
      .tuple(fc.constantFrom('400', '800'), digitRun(7, 7))
      .map(([prefix, rest]) => `${prefix}-${rest.slice(0, 3).join('')}-${rest.slice(3).join('')}`),
  ),
  idCard: fc
    .tuple(
      fc.integer({ min: 110000, max: 659999 }),
      fc.integer({ min: 1900, max: 2099 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      digitRun(3, 3),
    )
    .chain(([region, year, month, day, sequence]) => {
      const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
      const digits = [...Array.from(`${region}${birth}`, Number), ...sequence];
      return writtenNumber(digits, [6, 8, 3]).map((number) => number + idCheck(digits));
    }),
  bankCard: fc
    .tuple(fc.integer({ min: 3, max: 6 }), digitRun(14, 17), fc.constantFrom('', '', '卡号', '订单'))
    .chain(([first, rest, cue]) => {
      const digits = [first, ...rest];
      return writtenNumber([...digits, luhnDigit(digits)], [4, 4, 4, 4]).map((number) => cue + number);
    }),
  email: fc
    .tuple(
      word(2, 8),
      fc.constantFrom('', '.', '_'),
      word(2, 6),
      fc.constantFrom('com', 'cn', 'net', 'qq.com'),
    )
    .map(([local, dot, host, tld]) => `${local}${dot}x@${host}.${tld}`),
  url: fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'www.', '', 'ｈｔｔｐ：／／'),
      word(2, 8),
      fc.constantFrom('.com', '.cn', '.top', '点com', '.com/abc?id=1', 'rival.com', '.4399'),
    )
    .map(([scheme, host, end]) => scheme + host + end),
  ipv4: fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
      fc.constantFrom('.', '.', '点', '。'),
    )
    .map(([octets, dot]) => octets.join(dot)),
  wechatId: fc
    .tuple(
      fc.constantFrom('加我vx：', '微信号：', 'vx ', 'weixin号码：', '+v:', '加', '我的 ', 'v信', 'wxid_'),
      fc.stringMatching(/^[a-z][a-z0-9_-]{4,12}[0-9_]$/),
    )
    .map(([cue, id]) => cue + id),
  // 5 to 12 digits, as many of each length: the shortest are where a digit-count threshold goes wrong.
  qq: fc
    .tuple(
      fc.constantFrom('qq', 'QQ', '扣扣', '企鹅', 'q号', 'qq号：', '球球 '),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 4, max: 11 }).chain((length) => digitRun(length, length)),
    )
    .map(([cue, first, rest]) => cue + first + rest.join('')),
  address: fc.oneof(
    fc
      .tuple(
        fc.constantFrom('幸福', '人民', '中山'),
        fc.constantFrom('路', '街', '大道'),
        fc.integer({ min: 1, max: 999 }),
      )
      .map(([place, road, number]) => `${place}${road}${number}号`),
    fc
      .tuple(
        fc.constantFrom('阳光小区', '幸福花园', '新村'),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
      )
      .chain(([estate, building, unit]) =>
        fc.integer({ min: 101, max: 2505 }).map((room) => `${estate}${building}-${unit}-${room}`),
      ),
    fc
      .tuple(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 101, max: 2505 }),
      )
      .map(([building, unit, room]) => `${building}栋${unit}单元${room}室`),
    fc
      .tuple(fc.constantFrom('三号楼二单元', 'A座', 'b栋'), fc.integer({ min: 101, max: 2505 }))
      .map(([building, room]) => `${building}${room}`),
    fc.integer({ min: 101, max: 9999 }).map((room) => `${room}室`),
  ),
};
/** The kinds runDetectors reports: scam phrasing is paired from cue words the word matcher finds, not here. */
const reportedKinds = Object.keys(findable) as (keyof typeof findable)[];

/** A findable thing, whole or with one character dropped (a near miss: a digit short, a cue or dot gone). */
const seeded = fc.oneof(...Object.values(findable)).chain((whole) =>
  fc.oneof(
    { arbitrary: fc.constant(whole), weight: 3 },
    {
      arbitrary: fc.nat({ max: whole.length - 1 }).map((at) => whole.slice(0, at) + whole.slice(at + 1)),
      weight: 1,
    },
  ),
);
const text = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...pieces), weight: 2 }, { arbitrary: seeded, weight: 1 }), {
    maxLength: 24,
  })
  .map((parts) => parts.join(''));

describe('detector prefilter', () => {
  it('never skips a detector that would find something', () => {
    const runs = Number(process.env.PREFILTER_RUNS ?? 3000);
    const fired: Record<string, number> = Object.fromEntries(reportedKinds.map((kind) => [kind, 0]));
    fc.assert(
      fc.property(text, (sample) => {
        const unfiltered = runDetectorsUnfiltered(sample, options);
        expect(runDetectors(sample, options)).toEqual(unfiltered);
        for (const kind of new Set(unfiltered.map((finding) => finding.kind))) fired[kind]! += 1;
      }),
      { numRuns: runs },
    );
    // Not vacuous: every detector the prefilter may skip finds something in a fair share of the texts.
    for (const kind of reportedKinds) expect(fired[kind], kind).toBeGreaterThan(runs / 50);
  });

  it('lets a number through when tag characters or skin tones sit between its digits', () => {
    const findings = runDetectors('电话138\u{E0001}0013\u{1F3FB}8000', options);
    expect(findings.map((finding) => [finding.kind, finding.value])).toEqual([['mobile', '13800138000']]);
  });

  // Found by the property: the X that ends an ID card counted as a digit of any number, so 400-875-503X was a
  // hotline to the detectors but nine digits to the prefilter (and 1380013800X a mobile number to both).
  it('reads a trailing X as the end of an ID card only', () => {
    for (const sample of ['400-875-503X', '电话1380013800x', '400-87-5503X']) {
      expect(runDetectorsUnfiltered(sample, options), sample).toEqual([]);
      expect(runDetectors(sample, options), sample).toEqual([]);
    }
  });

  it('finds WeChat IDs up to the farthest a cue pattern reaches', () => {
    const cued = [
      '加我vx：wxid_abc123',
      '微信号：abc_123456',
      '微\u200b信\u200b号\u200b：abc_123456',
      'vx zhangsan88',
      '加abc12345',
      '我的 wxid_9x8y7z6',
      'weixin号码：  abc_123',
      // The farthest an ID may start from its last cue character: 信 or x, 号码, three separators.
      '微信号码：  abc_123',
      'vx号码：- abc_123',
    ];
    for (const sample of cued)
      expect(
        runDetectors(sample, options).some((finding) => finding.kind === 'wechatId'),
        sample,
      ).toBe(true);
    // A cue, then other words before an ID-like run: no ID.
    expect(runDetectors('加油吧，明天发iphone15给你', options)).toEqual([]);
  });
});
