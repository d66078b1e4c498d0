/** Word-list files: TXT and CSV parsing, round trips, every malformed-input error key, and lint warnings. */
import { describe, expect, it } from 'vitest';
import {
  completeList,
  lintList,
  parseList,
  parseListCsv,
  parseListTxt,
  serialiseList,
  type SensitiveList,
} from '../../../shared/domain/sensitive';
import { AppError } from '../../../shared/ipc/errors';
import { dictionaries, translate } from '../../../shared/i18n';

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('TXT lists', () => {
  it('reads one word a line, skipping blanks, comments and duplicates, with header lines', () => {
    const text =
      '\ufeff# name: 广告\r\n# category: 广告\r\n# severity: 高\r\n# options: -split, gap=2\r\n# 随便的注释：不是字段\r\n加微信\r\n\r\n  私聊我  \r\n加微信\r\n';
    const list = parseListTxt(text);
    expect(list).toMatchObject({
      name: '广告',
      kind: 'deny',
      category: 'ads',
      severity: 'high',
      action: 'remind',
    });
    expect(list.options).toMatchObject({ split: false, maxGap: 2, pinyin: true });
    expect(list.words).toEqual([{ word: '加微信' }, { word: '私聊我' }]);
  });

  it('takes the name and defaults from the caller when the file has none', () => {
    const list = parseListTxt('跑分\n杀猪盘', { name: 'scam.txt', category: 'scam', action: 'remove' });
    expect(list).toMatchObject({ name: 'scam.txt', category: 'scam', action: 'remove', severity: 'medium' });
    expect(list.words.map((word) => word.word)).toEqual(['跑分', '杀猪盘']);
  });

  it('round-trips through serialiseList (a word starting with # needs CSV: TXT reads it as a comment)', () => {
    const list = completeList({
      name: '自定义',
      category: 'abuse',
      severity: 'critical',
      action: 'mute',
      options: { repeat: false, boundary: true, maxGap: 3 },
      words: [{ word: '傻逼' }, { word: 'sb' }, { word: '#话题' }],
    });
    expect(parseList(serialiseList(list, 'txt'), 'txt')).toEqual({
      ...list,
      words: [{ word: '傻逼' }, { word: 'sb' }],
    });
  });
});

describe('CSV lists', () => {
  it('reads a header row in any order, Chinese labels and flags', () => {
    const text = [
      '# name: 诈骗',
      '# kind: 黑名单',
      '# category: scam',
      '敏感词,级别,分类,动作,选项',
      '跑分,严重,诈骗,移出,',
      '微信,低,广告,提醒,拼音;边界',
      'usdt,高,,,boundary',
    ].join('\n');
    const list = parseListCsv(text);
    expect(list.category).toBe('scam');
    expect(list.words).toEqual([
      { word: '跑分', severity: 'critical', category: 'scam', action: 'remove' },
      { word: '微信', severity: 'low', category: 'ads', action: 'remind', pinyin: true, boundary: true },
      { word: 'usdt', severity: 'high', boundary: true },
    ]);
  });

  it('reads positional columns without a header: word, category, severity, options, action', () => {
    const list = parseListCsv('投诉,complaint,medium,,remind\n12315,complaint,high,boundary\n骗子', {
      name: 'c',
    });
    expect(list.words).toEqual([
      { word: '投诉', category: 'complaint', severity: 'medium', action: 'remind' },
      { word: '12315', category: 'complaint', severity: 'high', boundary: true },
      { word: '骗子' },
    ]);
  });

  it('handles quotes, commas, doubled quotes and newlines inside fields, CRLF and a BOM', () => {
    const text = '\ufeffword,category\r\n"高压气枪,气枪子弹",ads\r\n"说""你好""的人",\r\n"两行\n的词",\r\n';
    const list = parseListCsv(text, { name: 'q' });
    expect(list.words.map((word) => word.word)).toEqual(['高压气枪,气枪子弹', '说"你好"的人', '两行\n的词']);
  });

  it('round-trips every field through serialiseList', () => {
    const list: SensitiveList = completeList({
      name: '全字段, "引号"',
      kind: 'deny',
      category: 'privacy',
      severity: 'low',
      action: 'warnPrivately',
      options: { traditional: false, noise: false, maxGap: 0 },
      words: [
        { word: '身份证号', category: 'privacy', severity: 'high', action: 'recall', boundary: true },
        { word: 'a,b', pinyin: true },
        { word: '"引"', severity: 'critical' },
        { word: '#开头' },
      ],
    });
    expect(parseList(serialiseList(list, 'csv'), 'csv')).toEqual(list);
  });

  it('round-trips an allow list', () => {
    const list = completeList({ name: '白名单', kind: 'allow', words: [{ word: '稍微信任' }] });
    expect(parseListCsv(serialiseList(list, 'csv'))).toEqual(list);
  });
});

const errorCases: [string, () => unknown, string, Record<string, string | number>][] = [
  [
    'unterminated quote',
    () => parseListCsv('word\n"跑分,scam', { name: 'x' }),
    'csvUnterminatedQuote',
    { line: 2 },
  ],
  [
    'stray quote after a closing quote',
    () => parseListCsv('"跑"分,scam', { name: 'x' }),
    'csvStrayQuote',
    { line: 1 },
  ],
  [
    'quote in the middle of a field',
    () => parseListCsv('跑"分,scam', { name: 'x' }),
    'csvStrayQuote',
    { line: 1 },
  ],
  [
    'too many columns',
    () => parseListCsv('a,ads,low,,remind,extra', { name: 'x' }),
    'csvColumns',
    { line: 1, count: 6, max: 5 },
  ],
  [
    'unknown header',
    () => parseListCsv('word,colour\n跑分,red', { name: 'x' }),
    'csvHeader',
    { line: 1, value: 'colour' },
  ],
  ['missing word', () => parseListCsv('word,category\n,scam', { name: 'x' }), 'csvMissingWord', { line: 2 }],
  [
    'unknown category',
    () => parseListCsv('跑分,politics', { name: 'x' }),
    'unknownCategory',
    { line: 1, value: 'politics' },
  ],
  [
    'unknown severity',
    () => parseListCsv('跑分,scam,huge', { name: 'x' }),
    'unknownSeverity',
    { line: 1, value: 'huge' },
  ],
  [
    'unknown action',
    () => parseListCsv('跑分,scam,high,,ban', { name: 'x' }),
    'unknownAction',
    { line: 1, value: 'ban' },
  ],
  [
    'unknown word flag',
    () => parseListCsv('跑分,scam,high,fuzzy', { name: 'x' }),
    'unknownFlag',
    { line: 1, value: 'fuzzy' },
  ],
  [
    'unknown list option',
    () => parseListTxt('# options: -spelling\n跑分', { name: 'x' }),
    'unknownOption',
    { line: 1, value: 'spelling' },
  ],
  [
    'unknown list kind',
    () => parseListTxt('# kind: grey\n跑分', { name: 'x' }),
    'unknownKind',
    { line: 1, value: 'grey' },
  ],
  [
    'unknown category header line',
    () => parseListTxt('\n# category: 政治\n跑分', { name: 'x' }),
    'unknownCategory',
    { line: 2, value: '政治' },
  ],
  [
    'gap too large',
    () => parseListTxt('# options: gap=99\n跑分', { name: 'x' }),
    'badGap',
    { line: 1, value: 'gap=99', max: 16 },
  ],
  [
    'word too long',
    () => parseListTxt(`短\n${'长'.repeat(101)}`, { name: 'x' }),
    'wordTooLong',
    { line: 2, max: 100 },
  ],
  ['binary file', () => parseListTxt('ab\ncd\u0000ef', { name: 'x' }), 'binaryFile', { line: 2 }],
  ['no name anywhere', () => parseListTxt('跑分'), 'missingName', {}],
];

describe('malformed input', () => {
  it.each(errorCases)('%s', (_name, run, key, params) => {
    const error = errorOf(run);
    expect(error.code).toBe('BAD_FILE');
    expect(error.messageKey).toBe(`sensitive.errors.${key}`);
    expect(error.params ?? {}).toEqual(params);
  });

  it('every error key has Chinese and English text', () => {
    const errorsOf = (locale: 'zh-CN' | 'en') =>
      Object.keys(
        (dictionaries[locale].sensitive as unknown as { errors: Record<string, string> }).errors,
      ).sort();
    const keys = errorsOf('zh-CN');
    expect(keys).toEqual(errorsOf('en'));
    for (const [, , key] of errorCases) expect(keys).toContain(key);
    expect(translate('zh-CN', 'sensitive.errors.csvColumns', { line: 3, count: 6, max: 5 })).toBe(
      '第 3 行有 6 列，最多 5 列（词、分类、级别、选项、动作）',
    );
  });
});

describe('lint', () => {
  it('flags single characters, duplicates after normalisation, comma lists and symbol-only words', () => {
    const list = completeList({
      name: 'l',
      words: [
        { word: '发票' },
        { word: '妈' },
        { word: '發票' },
        { word: '考试,答案' },
        { word: '!!!' },
        { word: 'ＡＢ' },
        { word: 'ab' },
      ],
    });
    expect(lintList(list).map((warning) => [warning.code, warning.word, warning.other ?? ''])).toEqual([
      ['singleChar', '妈', ''],
      ['duplicate', '發票', '发票'],
      ['separator', '考试,答案', ''],
      ['noiseOnly', '!!!', ''],
      ['duplicate', 'ab', 'ＡＢ'],
    ]);
  });

  it('a clean list has no warnings', () => {
    expect(lintList(completeList({ name: 'l', words: [{ word: '跑分' }, { word: '杀猪盘' }] }))).toEqual([]);
  });
});
