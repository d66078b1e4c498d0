/**
 * Reversed words (倒序) and homophones (谐音): both only for words flagged for them, each switchable per list, offsets
 * into the original text; the homophone table's own rules; homophone hits one severity lower and allow-listable.
 */
import { describe, expect, it } from 'vitest';
import {
  compileEngine,
  defaultListOptions,
  normaliseText,
  parseListCsv,
  serialiseListCsv,
  type SensitiveListInput,
} from '../../../shared/domain/sensitive';
import { homophoneGroups } from '../../../shared/domain/sensitive/homophones';
import { scanCase, sortTuples, tuples, type EngineCase } from './support';

const flagged = (word: string, flags: { reverse?: boolean; homophone?: boolean; pinyin?: boolean }) => ({
  word,
  ...flags,
});

const cases: EngineCase[] = [
  // Reversed
  {
    name: 'reversed word',
    words: [flagged('微信', { reverse: true })],
    text: '加我信微',
    expected: [['微信', 2, 4, 'reversed']],
  },
  {
    name: 'reversed three characters',
    words: [flagged('加微信', { reverse: true })],
    text: '信微加一下',
    expected: [['加微信', 0, 3, 'reversed']],
  },
  {
    name: 'reversed with noise inside',
    words: [flagged('微信', { reverse: true })],
    text: '信😀微',
    expected: [['微信', 0, 4, 'reversed']],
  },
  {
    name: 'reversed with an astral character',
    words: [flagged('𠮷野', { reverse: true })],
    text: '去野𠮷家',
    expected: [['𠮷野', 1, 4, 'reversed']],
  },
  {
    name: 'reversed in traditional',
    words: [flagged('发票', { reverse: true })],
    text: '代開票發',
    expected: [['发票', 2, 4, 'reversed']],
  },
  { name: 'unflagged word is not reversed', words: ['微信'], text: '信微', expected: [] },
  {
    name: 'list switch off: flagged word not reversed',
    words: [flagged('微信', { reverse: true })],
    options: { reverse: false },
    text: '信微',
    expected: [],
  },
  {
    name: 'a palindrome is reported once, as itself',
    words: [flagged('妈妈', { reverse: true })],
    text: '妈妈',
    expected: [['妈妈', 0, 2, 'literal']],
  },
  {
    name: 'reversed and forward in one text',
    words: [flagged('微信', { reverse: true })],
    text: '微信信微',
    expected: [
      ['微信', 0, 2, 'literal'],
      ['微信', 2, 4, 'reversed'],
    ],
  },
  {
    name: 'reversed ASCII word keeps its boundary',
    words: [{ word: 'vx', reverse: true, boundary: true }],
    text: 'xvid xv',
    expected: [['vx', 5, 7, 'reversed']],
  },

  // Homophones
  {
    name: 'B-25 homophone 威信',
    words: [flagged('微信', { homophone: true })],
    text: '加我威信',
    expected: [['微信', 2, 4, 'homophone']],
  },
  {
    name: 'B-25 homophone 薇信',
    words: [flagged('微信', { homophone: true })],
    text: '薇信',
    expected: [['微信', 0, 2, 'homophone']],
  },
  {
    name: 'B-25 traditional 維信 folds to 维, a homophone of 微',
    words: [flagged('微信', { homophone: true })],
    text: '維信',
    expected: [['微信', 0, 2, 'homophone']],
  },
  {
    name: 'two homophones in one word',
    words: [flagged('微信', { homophone: true })],
    text: '加薇芯',
    expected: [['微信', 1, 3, 'homophone']],
  },
  {
    name: 'homophone with noise between',
    words: [flagged('加微信', { homophone: true })],
    text: '伽 威 信',
    expected: [['加微信', 0, 5, 'homophone']],
  },
  {
    name: 'homophone and repeat (the tighter span)',
    words: [flagged('刷单', { homophone: true })],
    text: '唰唰丹',
    expected: [['刷单', 1, 3, 'homophone']],
  },
  {
    name: 'the listed word itself stays literal',
    words: [flagged('微信', { homophone: true })],
    text: '微信',
    expected: [['微信', 0, 2, 'literal']],
  },
  {
    name: 'a word listed with a homophone matches the usual spelling',
    words: [flagged('威信', { homophone: true })],
    text: '微信',
    expected: [['威信', 0, 2, 'homophone']],
  },
  {
    name: 'homophone of a reversed word',
    words: [flagged('微信', { homophone: true, reverse: true })],
    text: '芯威',
    expected: [['微信', 0, 2, 'reversed']],
  },
  {
    name: 'homophone inside a pinyin mix',
    words: [flagged('微信', { homophone: true, pinyin: true })],
    text: '威xin',
    expected: [['微信', 0, 4, 'pinyin']],
  },
  { name: 'unflagged word takes no homophone', words: ['微信'], text: '威信', expected: [] },
  {
    name: 'list switch off: flagged word takes no homophone',
    words: [flagged('微信', { homophone: true })],
    options: { homophone: false },
    text: '威信',
    expected: [],
  },
  {
    name: 'a character outside the table is no homophone',
    words: [flagged('微信', { homophone: true })],
    text: '为信',
    expected: [],
  },
  {
    name: 'an unflagged neighbour keeps its own characters',
    words: [flagged('微信', { homophone: true }), '微信号', '信号'],
    text: '威信号',
    expected: [
      ['微信', 0, 2, 'homophone'],
      ['信号', 1, 3, 'literal'],
    ],
  },
  {
    name: 'an unflagged word written with a homophone keeps its own characters',
    words: [flagged('微信', { homophone: true }), '芯片'],
    text: '信片芯片',
    expected: [['芯片', 2, 4, 'literal']],
  },
  {
    name: 'C-12 威信 as a real word is cancelled by an allow phrase',
    words: [flagged('微信', { homophone: true })],
    allow: ['很有威信'],
    text: '他在群里很有威信',
    expected: [],
  },
  {
    name: 'an allow phrase spelled with a homophone does not cancel the real word',
    words: [flagged('微信', { homophone: true })],
    allow: ['有威信'],
    text: '你有微信吗',
    expected: [['微信', 2, 4, 'literal']],
  },
];

describe('reversed and homophone matching', () => {
  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const hits = scanCase(testCase);
    expect(sortTuples(tuples(hits, testCase.expected))).toEqual(sortTuples(testCase.expected));
  });

  it('gives a homophone hit one severity level less than the word', () => {
    const engine = compileEngine(
      [{ name: 'ads', severity: 'high', words: [flagged('微信', { homophone: true })] }],
      { detectors: false },
    );
    expect(engine.scan('威信')[0]).toMatchObject({ severity: 'medium', rule: 'homophone', text: '威信' });
    expect(engine.scan('微信')[0]).toMatchObject({ severity: 'high', rule: 'literal' });
    const low = compileEngine(
      [{ name: 'ads', severity: 'low', words: [flagged('微信', { homophone: true })] }],
      { detectors: false },
    );
    expect(low.scan('威信')[0]!.severity).toBe('low');
  });

  it('leaves the scam cues alone: homophones of cue words are no scam phrasing', () => {
    const lists: SensitiveListInput[] = [{ name: 'ads', words: [flagged('微信', { homophone: true })] }];
    const engine = compileEngine(lists);
    const scam = (text: string) => engine.scan(text).filter((hit) => hit.detector === 'scam');
    expect(scam('刷单返利，名额有限')).toHaveLength(1);
    expect(scam('唰丹反利，名额有限')).toEqual([]);
  });

  it('reads and writes the flags and list switches in CSV', () => {
    const list = parseListCsv(
      '# name: 引流\n# options: -reverse\nword,options\n微信,谐音;倒序\n加群,homophone\n信号,\n',
    );
    expect(list.options).toMatchObject({ reverse: false, homophone: true });
    expect(list.words).toEqual([
      { word: '微信', homophone: true, reverse: true },
      { word: '加群', homophone: true },
      { word: '信号' },
    ]);
    const again = parseListCsv(serialiseListCsv(list));
    expect(again.words).toEqual(list.words);
    expect(again.options).toEqual(list.options);
    expect(serialiseListCsv(list)).toContain('微信,,,reverse;homophone,');
  });

  it('has both switches on by default, so only the words flagged for them change', () => {
    expect(defaultListOptions).toMatchObject({ reverse: true, homophone: true });
  });
});

describe('the homophone table', () => {
  const characters = homophoneGroups.flatMap((group) => Array.from(group));

  it('puts every character in one group only', () => {
    expect(new Set(characters).size).toBe(characters.length);
  });

  it('has groups of two or more Han characters that the other steps leave alone', () => {
    for (const group of homophoneGroups) expect(Array.from(group).length).toBeGreaterThanOrEqual(2);
    for (const character of characters) {
      expect(character, character).toMatch(/^\p{Script=Han}$/u);
      // Digits fold first and traditional forms fold to simplified first: neither may be in the table.
      expect(normaliseText(character, defaultListOptions), character).toBe(character);
    }
  });
});
