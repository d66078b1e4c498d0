/** Normalisation table: each step on its own, the full pipeline, and the offset map back to the original text. */
import { describe, expect, it } from 'vitest';
import {
  defaultListOptions,
  noNormalisation,
  normaliseText,
  type CharOptions,
} from '../../../shared/domain/sensitive';
import {
  normaliserFor,
  noiseWeightOf,
  NOISE_INVISIBLE,
  NOISE_VISIBLE,
} from '../../../shared/domain/sensitive/normalise';

const none: CharOptions = noNormalisation;
const all: CharOptions = defaultListOptions;
const only = (step: keyof CharOptions): CharOptions => ({ ...none, [step]: true });

const cases: [string, CharOptions, string, string][] = [
  ['case: ASCII', only('case'), 'WeiXin', 'weixin'],
  ['case: Cyrillic and Greek', only('case'), 'ВΑ', 'вα'],
  ['case off keeps capitals', none, 'ABC', 'ABC'],
  ['width: letters, digits, punctuation', only('width'), 'ＡＢＣ１２３！', 'ABC123!'],
  ['width: ideographic space', only('width'), 'a\u3000b', 'a b'],
  ['width: full-width yen sign', only('width'), '￥', '¥'],
  ['width alone does not lower case', only('width'), 'ＷＸ', 'WX'],
  ['traditional: characters', only('traditional'), '愛國發票賭博', '爱国发票赌博'],
  ['traditional: Kangxi radicals', only('traditional'), '⼤⿇', '大麻'],
  ['traditional: compatibility ideograph, then simplified', only('traditional'), '\uf900', '岂'],
  ['traditional keeps simplified text', only('traditional'), '简体中文', '简体中文'],
  ['digits: styles', only('digits'), '①⑴⒈❶➀㊀㈠⓵ⅰⅠ¹₁０', '1111111111110'],
  ['digits: Chinese numerals', only('digits'), '零〇一二三四五六七八九', '00123456789'],
  ['digits: capital numerals', only('digits'), '壹贰叁肆伍陆柒捌玖', '123456789'],
  ['digits: spoken 幺 and 两', only('digits'), '幺两', '12'],
  ['digits: roman numerals to nine', only('digits'), 'ⅨⅸⅢ', '993'],
  ['digits: dingbats and double circled', only('digits'), '➊❾⓿⓽', '1909'],
  ['digits: white circle as zero', only('digits'), '○', '0'],
  ['digits: mathematical digits', only('digits'), '𝟏𝟐', '12'],
  ['digits: 十 is not a digit', only('digits'), '十', '十'],
  ['letters: circled and parenthesised', only('letters'), 'Ⓐⓐ⒜', 'Aaa'],
  ['letters: mathematical alphanumerics', only('letters'), '𝐰𝒆𝓲𝔵', 'weix'],
  ['letters: squared and negative squared', only('letters'), '🄰🅐🅰', 'AAA'],
  ['letters: regional indicators', only('letters'), '🇻🇽', 'VX'],
  ['letters: Cyrillic look-alikes', only('letters'), 'ѵхорсАВ', 'vxopcAB'],
  ['letters: Greek look-alikes', only('letters'), 'νορΑΒΕ', 'vopABE'],
  ['letters: accents', only('letters'), 'éÖŏ', 'eOo'],
  ['letters leave roman numerals to digits', only('letters'), 'Ⅻ', 'Ⅻ'],
  ['letters leave full-width letters to width', only('letters'), 'ａ', 'ａ'],
  ['all steps together', all, 'ＷＥＩ𝐱𝐢𝐧 ①③⑧ 發票', 'weixin 138 发票'],
  ['all steps: traditional numeral to digit', all, '貳兩', '22'],
  ['all steps keep CJK punctuation', all, '你好。', '你好。'],
];

describe('character normalisation', () => {
  it.each(cases)('%s', (_name, options, input, expected) => {
    expect(normaliseText(input, options)).toBe(expected);
  });

  it('maps code points one to one, with UTF-16 offsets into the original', () => {
    const { points, starts, ends } = normaliserFor(all).codePoints('𠮷Ａ😀b');
    expect(points.map((cp) => String.fromCodePoint(cp))).toEqual(['𠮷', 'a', '😀', 'b']);
    expect(starts).toEqual([0, 2, 3, 5]);
    expect(ends).toEqual([2, 3, 5, 6]);
  });

  it('drops noise from words but keeps a word that is only an emoji', () => {
    const normaliser = normaliserFor(all);
    expect(String.fromCodePoint(...normaliser.pattern('微 信！'))).toBe('微信');
    expect(String.fromCodePoint(...normaliser.pattern('🍆'))).toBe('🍆');
    expect(String.fromCodePoint(...normaliser.pattern('❤️'))).toBe('❤');
    expect(String.fromCodePoint(...normaliserFor({ ...all, noise: false }).pattern('微 信'))).toBe('微 信');
  });

  it('classifies noise: visible, invisible and real characters', () => {
    for (const char of [' ', '，', '。', '@', '￥', '¥', '😀', '❤', '\t', '·', '【']) {
      expect(noiseWeightOf(char.codePointAt(0)!), char).toBe(NOISE_VISIBLE);
    }
    for (const char of ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\ufe0f', '\u0336', '🏻']) {
      expect(noiseWeightOf(char.codePointAt(0)!), char.codePointAt(0)!.toString(16)).toBe(NOISE_INVISIBLE);
    }
    for (const char of ['a', '1', '微', '𠮷', 'ㄅ'])
      expect(noiseWeightOf(char.codePointAt(0)!), char).toBe(0);
  });
});
