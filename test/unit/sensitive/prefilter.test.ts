/**
 * The detector prefilter skips, per message, every detector that cannot fire; it must never skip one that would.
 * Property: on text built from what the detectors look at (digits in every style, letters, cues, separators, dots,
 * invisible characters in the BMP and beyond, address marks), runDetectors finds exactly what the detectors find
 * when all of them run on the whole text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDetectors, runDetectorsUnfiltered } from '../../../shared/domain/sensitive/detectors';
import { detectorKinds } from '../../../shared/domain/sensitive/types';

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
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((parts) => parts.join(''));

describe('detector prefilter', () => {
  it('never skips a detector that would find something', () => {
    fc.assert(
      fc.property(text, (sample) => {
        expect(runDetectors(sample, options)).toEqual(runDetectorsUnfiltered(sample, options));
      }),
      { numRuns: Number(process.env.PREFILTER_RUNS ?? 3000) },
    );
  });

  it('lets a number through when tag characters or skin tones sit between its digits', () => {
    const findings = runDetectors('电话138\u{E0001}0013\u{1F3FB}8000', options);
    expect(findings.map((finding) => [finding.kind, finding.value])).toEqual([['mobile', '13800138000']]);
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
