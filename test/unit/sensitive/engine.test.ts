/**
 * Table-driven matcher cases: overlaps and nested outputs, every normalisation step (on and off), noise gaps,
 * repeats, pinyin, 拆字, allow spans, ASCII/number boundaries, offsets with emoji and astral characters.
 * Many rows are the literal cases of the design note (A-*, B-*, C-*), written out here as test data.
 */
import { describe, expect, it } from 'vitest';
import { compileEngine } from '../../../shared/domain/sensitive';
import { scanCase, sortTuples, tuples, type EngineCase } from './support';

const off = (step: string) => ({ [step]: false });

const matcherCases: EngineCase[] = [
  // A. Matcher correctness
  {
    name: 'A-1 nested suffix (mint-filter misses it)',
    words: ['微信号码', '信号'],
    text: '你的微信号多少',
    expected: [['信号', 3, 5]],
  },
  {
    name: 'A-1 with 微信 listed too',
    words: ['微信号码', '信号', '微信'],
    text: '你的微信号多少',
    expected: [
      ['微信', 2, 4],
      ['信号', 3, 5],
    ],
  },
  {
    name: 'A-2 nested in a longer partial match',
    words: ['中国人民', '国人'],
    text: '中国人说',
    expected: [['国人', 1, 3]],
  },
  {
    name: 'A-3 overlapping',
    words: ['中国', '国人'],
    text: '我是中国人',
    expected: [
      ['中国', 2, 4],
      ['国人', 3, 5],
    ],
  },
  {
    name: 'A-4 all occurrences, prefix and longer word',
    words: ['我的世界', '我的'],
    text: '他的世界都不是我的也不是我的世界',
    expected: [
      ['我的', 7, 9],
      ['我的', 12, 14],
      ['我的世界', 12, 16],
    ],
  },
  {
    name: 'A-5 prefix of a longer listed word',
    words: ['文化大革命', '文化'],
    text: '文化人',
    expected: [['文化', 0, 2]],
  },
  {
    name: 'A-6 repeats do not block real transitions',
    words: ['一', '二二', '三三三'],
    text: '一,二二,三三三',
    expected: [
      ['一', 0, 1],
      ['二二', 2, 4],
      ['三三三', 5, 8],
    ],
  },
  {
    name: 'A-7 real doubles survive repeat collapse',
    words: ['妈妈'],
    text: '他妈妈的',
    expected: [['妈妈', 1, 3]],
  },
  {
    name: 'A-8 astral character in a word',
    words: ['𠮷野家'],
    text: '去𠮷野家吃饭',
    expected: [['𠮷野家', 1, 5]],
  },
  { name: 'A-9 emoji keyword', words: ['🍆'], text: '发个🍆看看', expected: [['🍆', 2, 4, 'literal']] },
  {
    name: 'three-way overlap',
    words: ['abc', 'bcd', 'cde'],
    text: 'abcde',
    expected: [
      ['abc', 0, 3],
      ['bcd', 1, 4],
      ['cde', 2, 5],
    ],
  },
  {
    name: 'nested suffixes all reported',
    words: ['微信号', '信号', '号'],
    text: '微信号',
    expected: [
      ['微信号', 0, 3],
      ['信号', 1, 3],
      ['号', 2, 3],
    ],
  },
  {
    name: 'same word twice',
    words: ['信号'],
    text: '信号信号',
    expected: [
      ['信号', 0, 2],
      ['信号', 2, 4],
    ],
  },
  { name: 'no hit in unrelated text', words: ['信号', '微信'], text: '今天天气很好', expected: [] },
  { name: 'empty text', words: ['信号'], text: '', expected: [] },
  { name: 'word at the very end', words: ['结尾'], text: '这是结尾', expected: [['结尾', 2, 4]] },
  { name: 'word is the whole text', words: ['全文'], text: '全文', expected: [['全文', 0, 2, 'literal']] },
  {
    name: 'overlapping occurrences of one word',
    words: ['哈哈'],
    text: '哈哈哈',
    options: off('repeat'),
    expected: [
      ['哈哈', 0, 2],
      ['哈哈', 1, 3],
    ],
  },

  // B. Normalisation and evasion
  {
    name: 'B-1 case',
    words: ['fuck'],
    text: 'fuCK the bad words.',
    expected: [['fuck', 0, 4, 'normalised']],
  },
  { name: 'B-2 full width', words: ['fuck'], text: 'ｆｕｃｋ the bad words.', expected: [['fuck', 0, 4]] },
  { name: 'B-3 full width + case', words: ['weixin'], text: 'ＷＥＩＸＩＮ', expected: [['weixin', 0, 6]] },
  {
    name: 'B-3 pinyin-initial mix in full width',
    words: [{ word: '微信', pinyin: true }],
    text: '加Ｖ信',
    expected: [['微信', 1, 3, 'pinyin']],
  },
  {
    name: 'B-4 traditional',
    words: ['五星红旗'],
    text: '我爱我的祖国和五星紅旗。',
    expected: [['五星红旗', 7, 11, 'normalised']],
  },
  { name: 'B-5 traditional 發票', words: ['发票'], text: '代開發票', expected: [['发票', 2, 4]] },
  { name: 'B-5 traditional 賭博', words: ['赌博'], text: '網上賭博', expected: [['赌博', 2, 4]] },
  { name: 'B-5 traditional 台獨', words: ['台独'], text: '台獨', expected: [['台独', 0, 2]] },
  {
    name: 'traditional word matches simplified text',
    words: ['發票'],
    text: '代开发票',
    expected: [['發票', 2, 4]],
  },
  { name: 'B-11 enclosed letters', words: ['fuck'], text: 'Ⓕⓤc⒦ the bad words', expected: [['fuck', 0, 4]] },
  {
    name: 'B-12 mathematical bold (astral)',
    words: ['weixin'],
    text: '𝐰𝐞𝐢𝐱𝐢𝐧',
    expected: [['weixin', 0, 12]],
  },
  {
    name: 'B-12 negative squared (astral)',
    words: ['weixin'],
    text: '🆆🅴🅸🆇🅸🅽',
    expected: [['weixin', 0, 12]],
  },
  { name: 'B-13 Cyrillic look-alikes', words: ['vx'], text: '加ѵх', expected: [['vx', 1, 3]] },
  { name: 'Greek look-alikes', words: ['vip'], text: 'νιρ会员', expected: [['vip', 0, 3]] },
  { name: 'B-14 Kangxi radicals', words: ['大麻'], text: '⼤⿇', expected: [['大麻', 0, 2]] },
  {
    name: 'B-15 ASCII noise',
    words: ['傻冒', '狗东西'],
    text: '傻@冒，狗+东西',
    expected: [
      ['傻冒', 0, 3],
      ['狗东西', 4, 8],
    ],
  },
  { name: 'B-16 full-width ￥ in the noise', words: ['傻逼'], text: '傻@#￥%逼', expected: [['傻逼', 0, 6]] },
  { name: 'B-17 CJK punctuation', words: ['麻痹'], text: '你麻。。。痹的', expected: [['麻痹', 1, 6]] },
  { name: 'B-18 space', words: ['微信'], text: '微 信', expected: [['微信', 0, 3]] },
  { name: 'B-18 tab', words: ['微信'], text: '微\t信', expected: [['微信', 0, 3]] },
  { name: 'B-18 spaced letters', words: ['vx'], text: 'V x', expected: [['vx', 0, 3]] },
  { name: 'B-19 zero-width space', words: ['微信'], text: '微\u200b信', expected: [['微信', 0, 3]] },
  { name: 'B-19 zero-width joiner', words: ['微信'], text: '微\u200d信', expected: [['微信', 0, 3]] },
  { name: 'B-19 BOM', words: ['微信'], text: '微\ufeff信', expected: [['微信', 0, 3]] },
  { name: 'B-19 word joiner', words: ['微信'], text: '微\u2060信', expected: [['微信', 0, 3]] },
  { name: 'zero-width non-joiner', words: ['微信'], text: '微\u200c信', expected: [['微信', 0, 3]] },
  { name: 'B-20 emoji inside', words: ['微信'], text: '微😀信', expected: [['微信', 0, 4]] },
  { name: 'B-20 emoji with variation selector', words: ['微信'], text: '微❤️信', expected: [['微信', 0, 4]] },
  { name: 'B-21 combining overlay', words: ['微信'], text: '微̶信', expected: [['微信', 0, 3]] },
  { name: 'B-22 markup around', words: ['傻逼'], text: '<p>傻逼</p>', expected: [['傻逼', 3, 5, 'literal']] },
  {
    name: 'B-23 repeats and letter styles',
    words: ['fuck'],
    text: 'ⒻⒻⒻfⓤuⓤ⒰cⓒ⒦ the bad words',
    expected: [['fuck', 3, 11]],
  },
  { name: 'B-24 CJK repeats', words: ['傻逼'], text: '傻傻傻逼逼', expected: [['傻逼', 2, 4]] },
  { name: 'B-24 CJK repeats 微信', words: ['微信'], text: '微微微信信信', expected: [['微信', 2, 4]] },
  {
    name: 'repeat inside a longer word',
    words: ['习近平'],
    text: '习习近近平',
    expected: [['习近平', 1, 5, 'normalised']],
  },
  {
    name: 'B-25 pinyin',
    words: [{ word: '微信', pinyin: true }],
    text: 'weixin',
    expected: [['微信', 0, 6, 'pinyin']],
  },
  {
    name: 'B-25 spaced pinyin',
    words: [{ word: '微信', pinyin: true }],
    text: 'wei xin',
    expected: [['微信', 0, 7, 'pinyin']],
  },
  {
    name: 'B-25 mixed-case pinyin',
    words: [{ word: '微信', pinyin: true }],
    text: 'WeiXin',
    expected: [['微信', 0, 6, 'pinyin']],
  },
  {
    name: 'B-25 initials vx',
    words: [{ word: '微信', pinyin: true }],
    text: '加vx',
    expected: [['微信', 1, 3, 'pinyin']],
  },
  {
    name: 'B-25 initials wx',
    words: [{ word: '微信', pinyin: true }],
    text: 'wx联系',
    expected: [['微信', 0, 2, 'pinyin']],
  },
  {
    name: 'B-25 letter + character',
    words: [{ word: '微信', pinyin: true }],
    text: 'V信',
    expected: [['微信', 0, 2, 'pinyin']],
  },
  {
    name: 'B-25 character + pinyin',
    words: [{ word: '微信', pinyin: true }],
    text: '微xin',
    expected: [['微信', 0, 4, 'pinyin']],
  },
  {
    name: 'B-26 initials',
    words: [{ word: '法轮功', pinyin: true }],
    text: 'flg',
    expected: [['法轮功', 0, 3, 'pinyin']],
  },
  {
    name: 'B-26 mixed 法lun功',
    words: [{ word: '法轮功', pinyin: true }],
    text: '法lun功',
    expected: [['法轮功', 0, 5, 'pinyin']],
  },
  {
    name: 'B-26 mixed fa轮功',
    words: [{ word: '法轮功', pinyin: true }],
    text: 'fa轮功',
    expected: [['法轮功', 0, 4, 'pinyin']],
  },
  { name: 'pinyin only for words flagged', words: ['微信'], text: 'weixin', expected: [] },
  {
    name: 'long word: whole-syllable pinyin',
    words: [{ word: '微信公众号码', pinyin: true }],
    text: 'weixingongzhonghaoma',
    expected: [['微信公众号码', 0, 20, 'pinyin']],
  },
  { name: 'B-27 拆字', words: ['强奸'], text: '弓虽女干', expected: [['强奸', 0, 4, 'split']] },
  {
    name: '拆字 for one character of the word',
    words: ['骗子'],
    text: '他是马扁子',
    expected: [['骗子', 2, 5, 'split']],
  },
  {
    name: '拆字 with noise between the parts',
    words: ['加群'],
    text: '力口 君羊',
    expected: [['加群', 0, 5, 'split']],
  },
  {
    name: 'B-29 CJK word glued to ASCII',
    words: ['中文敏感词'],
    text: 'ddddddd中文敏感词eeeee',
    expected: [['中文敏感词', 7, 12]],
  },
  {
    name: 'B-30 digits spaced',
    words: [{ word: '六四', boundary: true }],
    text: '6 4',
    expected: [['六四', 0, 3]],
  },
  {
    name: 'B-30 capital numerals',
    words: [{ word: '六四', boundary: true }],
    text: '陆肆',
    expected: [['六四', 0, 2]],
  },
  {
    name: 'B-30 circled digits',
    words: [{ word: '六四', boundary: true }],
    text: '⑥④',
    expected: [['六四', 0, 2]],
  },
  {
    name: 'houbb#12 word digits normalised too (一八禁)',
    words: ['18禁'],
    text: '一八禁',
    expected: [['18禁', 0, 3]],
  },
  { name: 'houbb#12 一条狗 against 1条狗', words: ['一条狗'], text: '1条狗', expected: [['一条狗', 0, 3]] },
  { name: 'digit styles in a word', words: ['520'], text: '⑤②〇', expected: [['520', 0, 3]] },
  { name: 'spoken 幺 and 两', words: ['1122'], text: '幺一两二', expected: [['1122', 0, 4]] },
  {
    name: 'word with a space in the list',
    words: ['习 近平'],
    text: '习近平',
    expected: [['习 近平', 0, 3]],
  },
  {
    name: 'domain word with 。 for the dot',
    words: ['baidu.com'],
    text: 'baidu。com',
    expected: [['baidu.com', 0, 9]],
  },
  {
    name: 'leading noise of a word is part of the span',
    words: ['.com'],
    text: 'abc.com',
    expected: [['.com', 3, 7, 'literal']],
  },
  { name: 'accented letters', words: ['cafe'], text: 'Café', expected: [['cafe', 0, 4]] },

  // Noise gap
  { name: 'gap of four visible characters', words: ['微信'], text: '微!!!!信', expected: [['微信', 0, 6]] },
  { name: 'gap of five exceeds the default', words: ['微信'], text: '微!!!!!信', expected: [] },
  {
    name: 'gap set to one: two is too many',
    words: ['微信'],
    options: { maxGap: 1 },
    text: '微!!信',
    expected: [],
  },
  {
    name: 'gap set to one: one is fine',
    words: ['微信'],
    options: { maxGap: 1 },
    text: '微!信',
    expected: [['微信', 0, 3]],
  },
  {
    name: 'invisible characters barely use the gap',
    words: ['微信'],
    options: { maxGap: 1 },
    text: '微\u200b\u200b\u200b!信',
    expected: [['微信', 0, 6]],
  },
  { name: 'letters in between are not noise', words: ['微信'], text: '微a信', expected: [] },
  {
    name: 'C-13 noise skipping across a sentence break (no allow phrase)',
    words: ['微信'],
    text: '稍微。信任',
    expected: [['微信', 1, 4]],
  },

  // Each step switched off
  { name: 'noise off', words: ['微信'], options: off('noise'), text: '微 信', expected: [] },
  {
    name: 'noise off still matches plain text',
    words: ['微信'],
    options: off('noise'),
    text: '加微信',
    expected: [['微信', 1, 3]],
  },
  { name: 'case off', words: ['fuck'], options: off('case'), text: 'FUCK', expected: [] },
  { name: 'width off', words: ['fuck'], options: off('width'), text: 'ｆｕｃｋ', expected: [] },
  { name: 'traditional off', words: ['发票'], options: off('traditional'), text: '發票', expected: [] },
  { name: 'digits off', words: ['六四'], options: off('digits'), text: '64', expected: [] },
  { name: 'letters off', words: ['weixin'], options: off('letters'), text: '𝐰𝐞𝐢𝐱𝐢𝐧', expected: [] },
  { name: 'repeat off', words: ['习近平'], options: off('repeat'), text: '习习近近平', expected: [] },
  {
    name: 'repeat off keeps the plain occurrence',
    words: ['傻逼'],
    options: off('repeat'),
    text: '傻傻逼',
    expected: [['傻逼', 1, 3]],
  },
  {
    name: 'pinyin off',
    words: [{ word: '微信', pinyin: true }],
    options: off('pinyin'),
    text: 'weixin',
    expected: [],
  },
  { name: 'split off', words: ['强奸'], options: off('split'), text: '弓虽女干', expected: [] },

  // C. False positives: allow spans and boundaries
  {
    name: 'C-1 allow 路口交通',
    words: ['口交'],
    allow: ['路口交通'],
    text: '路口交通已恢复！',
    expected: [],
  },
  {
    name: 'C-1 without the allow phrase',
    words: ['口交'],
    text: '路口交通已恢复！',
    expected: [['口交', 1, 3]],
  },
  {
    name: 'C-2 allow 三黄片: only the second',
    words: ['黄片'],
    allow: ['三黄片'],
    text: '三黄片黄片',
    expected: [['黄片', 3, 5]],
  },
  {
    name: 'C-3 allow 共产党: only the last',
    words: ['共产'],
    allow: ['共产党'],
    text: '共产党是白名单不会被检测，但是共产是黑名单',
    expected: [['共产', 15, 17]],
  },
  { name: 'C-4 allow 平台独家', words: ['台独'], allow: ['平台独家'], text: '平台独家优惠', expected: [] },
  { name: 'C-5 allow 学习大纲', words: ['习大'], allow: ['学习大纲'], text: '学习大纲', expected: [] },
  {
    name: 'C-6 allow 我稍微信任他',
    words: ['微信'],
    allow: ['我稍微信任他'],
    text: '我稍微信任他',
    expected: [],
  },
  { name: 'C-6 allow 稍微信任', words: ['微信'], allow: ['稍微信任'], text: '我稍微信任他', expected: [] },
  { name: 'C-9 allow 他妈妈', words: ['他妈'], allow: ['他妈妈'], text: '他妈妈的生日', expected: [] },
  {
    name: 'C-9 the abuse is still found',
    words: ['他妈'],
    allow: ['他妈妈'],
    text: '他妈的',
    expected: [['他妈', 0, 2]],
  },
  {
    name: 'C-13 allow phrase normalised too',
    words: ['微信'],
    allow: ['稍微信任'],
    text: '稍微。信任',
    expected: [],
  },
  {
    name: 'allow phrase only covers its own span',
    words: ['微信'],
    allow: ['稍微信任'],
    text: '稍微信任，加微信',
    expected: [['微信', 6, 8]],
  },
  {
    name: 'allow shorter than the hit does not cancel it',
    words: ['黄片网'],
    allow: ['黄片'],
    text: '黄片网',
    expected: [['黄片网', 0, 3]],
  },
  {
    name: 'C-7 number boundary 64GB',
    words: [{ word: '六四', boundary: true }],
    text: '内存64GB',
    expected: [],
  },
  {
    name: 'C-7 number boundary 1964',
    words: [{ word: '六四', boundary: true }],
    text: '1964年',
    expected: [],
  },
  {
    name: 'C-7 number boundary 6400',
    words: [{ word: '六四', boundary: true }],
    text: '6400元',
    expected: [],
  },
  {
    name: 'C-7 without boundary the digits match',
    words: ['六四'],
    text: '1964年',
    expected: [['六四', 2, 4]],
  },
  {
    name: 'C-8 av not in have',
    words: [{ word: 'av', boundary: true }],
    text: 'I have a nice day',
    expected: [],
  },
  { name: 'C-8 sm not in smile', words: [{ word: 'sm', boundary: true }], text: 'smile', expected: [] },
  {
    name: 'C-8 69 not in 695',
    words: [{ word: '69', boundary: true }],
    text: '695 billion yen',
    expected: [],
  },
  {
    name: 'C-8 248 not in A1002481003',
    words: [{ word: '248', boundary: true }],
    text: 'A1002481003吃饭',
    expected: [],
  },
  {
    name: 'boundary word next to CJK',
    words: [{ word: 'av', boundary: true }],
    text: '看av片',
    expected: [['av', 1, 3]],
  },
  {
    name: 'boundary word next to a space',
    words: [{ word: '69', boundary: true }],
    text: '等 69 天',
    expected: [['69', 2, 4]],
  },
  {
    name: 'spaced-out letters inside a word',
    words: [{ word: 'av', boundary: true }],
    text: 'h a v e',
    expected: [],
  },
  {
    name: 'spaced-out letters on their own',
    words: [{ word: 'av', boundary: true }],
    text: 'a v 女优',
    expected: [['av', 0, 3]],
  },
  {
    name: 'list-level boundary',
    words: ['sb'],
    options: { boundary: true },
    text: 'sbc 你sb',
    expected: [['sb', 5, 7]],
  },
  {
    name: 'boundary on a CJK word has no effect',
    words: [{ word: '微信', boundary: true }],
    text: 'a微信b',
    expected: [['微信', 1, 3]],
  },
  {
    name: 'pinyin initials need letter boundaries',
    words: [{ word: '微信', pinyin: true }],
    text: 'wxyz',
    expected: [],
  },
  {
    name: 'pinyin initials inside wxid',
    words: [{ word: '微信', pinyin: true }],
    text: 'wxid',
    expected: [],
  },
  {
    name: 'pinyin initials next to digits',
    words: [{ word: '微信', pinyin: true }],
    text: 'wx123',
    expected: [['微信', 0, 2, 'pinyin']],
  },

  // Offsets with emoji and astral characters
  { name: 'offsets after emoji', words: ['微信'], text: '😀😀微信', expected: [['微信', 4, 6]] },
  { name: 'offsets after an astral ideograph', words: ['微信'], text: '𠮷微信', expected: [['微信', 2, 4]] },
  { name: 'two emoji in the gap', words: ['微信'], text: '微😀😀信', expected: [['微信', 0, 6]] },
  { name: 'ZWJ emoji sequence in the gap', words: ['微信'], text: '微👨‍👩‍👧信', expected: [['微信', 0, 10]] },
  { name: 'skin-tone modifier in the gap', words: ['微信'], text: '微👍🏻信', expected: [['微信', 0, 6]] },
  {
    name: 'emoji keyword inside a candidate',
    words: ['微信', '🍆'],
    text: '微🍆信',
    expected: [
      ['微信', 0, 4],
      ['🍆', 1, 3],
    ],
  },
  {
    name: 'unpaired surrogate breaks nothing',
    words: ['微信'],
    text: '\ud800微信\udc00',
    expected: [['微信', 1, 3]],
  },
];

describe('matcher table', () => {
  it.each(matcherCases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const hits = scanCase(testCase);
    expect(sortTuples(tuples(hits, testCase.expected))).toEqual(sortTuples(testCase.expected));
    for (const hit of hits) expect(hit.text).toBe(testCase.text.slice(hit.start, hit.end));
  });
});

describe('lists with different options in one engine', () => {
  it('checks each hit with its own list options (traditional off for one list)', () => {
    const engine = compileEngine(
      [
        { name: 'strict', words: [{ word: '发票' }], options: { traditional: false } },
        { name: 'loose', words: [{ word: '赌博' }] },
      ],
      { detectors: false },
    );
    expect(engine.scan('發票 賭博').map((hit) => [hit.list, hit.word])).toEqual([['loose', '赌博']]);
    expect(engine.scan('发票').map((hit) => hit.list)).toEqual(['strict']);
  });

  it('noise off for one list, on for another', () => {
    const engine = compileEngine(
      [
        { name: 'tight', words: [{ word: '微信' }], options: { noise: false } },
        { name: 'loose', words: [{ word: '傻逼' }] },
      ],
      { detectors: false },
    );
    expect(engine.scan('微 信 傻 逼').map((hit) => hit.word)).toEqual(['傻逼']);
  });

  it('a smaller gap for one list', () => {
    const engine = compileEngine(
      [
        { name: 'narrow', words: [{ word: '微信' }], options: { maxGap: 1 } },
        { name: 'wide', words: [{ word: '傻逼' }], options: { maxGap: 4 } },
      ],
      { detectors: false },
    );
    expect(engine.scan('微!!信 傻!!逼').map((hit) => hit.word)).toEqual(['傻逼']);
  });

  it('the same word in two lists gives one hit per list, with each list’s category and action', () => {
    const engine = compileEngine(
      [
        { name: '广告', category: 'ads', action: 'recall', words: [{ word: '微信' }] },
        {
          name: '竞品',
          category: 'competitor',
          severity: 'high',
          words: [{ word: '微信', action: 'remove' }],
        },
      ],
      { detectors: false },
    );
    const hits = engine.scan('加微信');
    expect(hits.map((hit) => [hit.list, hit.category, hit.severity, hit.action])).toEqual([
      ['广告', 'ads', 'medium', 'recall'],
      ['竞品', 'competitor', 'high', 'remove'],
    ]);
  });

  it('word fields override the list’s', () => {
    const engine = compileEngine(
      [
        {
          name: 'l',
          category: 'ads',
          severity: 'low',
          words: [{ word: '跑分', category: 'scam', severity: 'critical', action: 'mute' }],
        },
      ],
      { detectors: false },
    );
    expect(engine.scan('跑分')[0]).toMatchObject({
      category: 'scam',
      severity: 'critical',
      action: 'mute',
      rule: 'literal',
    });
  });

  it('crisis hits are never cancelled by an allow phrase, and negation still surfaces', () => {
    const engine = compileEngine(
      [
        { name: '危机', category: 'crisis', words: [{ word: '自杀' }] },
        { name: '白名单', kind: 'allow', words: [{ word: '不要自杀' }] },
      ],
      { detectors: false },
    );
    expect(engine.scan('不要自杀').map((hit) => hit.word)).toEqual(['自杀']);
  });
});

describe('live edits', () => {
  it('a rebuilt engine reflects an edited list and keeps the unchanged one', () => {
    const big = {
      name: 'big',
      words: Array.from({ length: 2000 }, (_, index) => ({ word: `词${index}号` })),
    };
    const small = { name: 'small', words: [{ word: '旧词' }] };
    const first = compileEngine([big, small], { detectors: false });
    expect(first.scan('旧词 词7号').map((hit) => hit.word)).toEqual(['旧词', '词7号']);
    const edited = { ...small, words: [{ word: '新词' }] };
    const second = compileEngine([big, edited], { detectors: false });
    expect(second.scan('旧词 新词 词7号').map((hit) => hit.word)).toEqual(['新词', '词7号']);
    expect(first.scan('新词')).toEqual([]);
    expect(second.stats.words).toBe(2001);
  });

  it('engines sharing list objects in a different order do not disturb each other', () => {
    const ads = { name: 'ads', category: 'ads' as const, words: [{ word: '加微信' }] };
    const abuse = { name: 'abuse', category: 'abuse' as const, words: [{ word: '傻逼' }] };
    const first = compileEngine([ads, abuse], { detectors: false });
    const second = compileEngine([abuse, ads], { detectors: false });
    const lists = (hits: { list: string }[]) => hits.map((hit) => hit.list);
    expect(lists(first.scan('加微信 傻逼'))).toEqual(['ads', 'abuse']);
    expect(lists(second.scan('加微信 傻逼'))).toEqual(['ads', 'abuse']);
  });

  it('notices a list whose words array was replaced in place', () => {
    const list = { name: 'l', words: [{ word: '旧词' }] };
    expect(compileEngine([list], { detectors: false }).scan('新词')).toEqual([]);
    list.words = [{ word: '新词' }];
    expect(
      compileEngine([list], { detectors: false })
        .scan('新词')
        .map((hit) => hit.word),
    ).toEqual(['新词']);
  });

  it('an empty engine finds nothing', () => {
    expect(compileEngine([], { detectors: false }).scan('任何文字')).toEqual([]);
  });
});
