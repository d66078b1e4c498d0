/**
 * Word-list files: TXT (one word a line) and CSV (word, category, severity, options, action), both with optional
 * `# key: value` header lines for the list itself. Pure functions over strings (decoding is the caller's job);
 * malformed input throws AppError('BAD_FILE', 'sensitive.errors.*', { line, … }).
 */
import { AppError } from '../../ipc/errors';
import { normaliserFor } from './normalise';
import {
  completeList,
  defaultListOptions,
  normalisationSteps,
  type ListKind,
  type ListOptions,
  type SensitiveCategory,
  type SensitiveList,
  type SensitiveListInput,
  type SensitiveWord,
  type Severity,
  type SuggestedAction,
  type WordFlag,
  wordFlagsOf,
} from './types';

/** What a file cannot say about itself: the caller's defaults (e.g. the name from the file name). */
export type ListDefaults = Partial<Omit<SensitiveList, 'words' | 'options'>> & {
  options?: Partial<ListOptions>;
};

export const maxWordLength = 100;
const maxGapLimit = 16;

const categoryNames: Record<string, SensitiveCategory> = {
  ads: 'ads',
  广告: 'ads',
  引流: 'ads',
  广告引流: 'ads',
  scam: 'scam',
  fraud: 'scam',
  诈骗: 'scam',
  competitor: 'competitor',
  竞品: 'competitor',
  privacy: 'privacy',
  隐私: 'privacy',
  abuse: 'abuse',
  辱骂: 'abuse',
  crisis: 'crisis',
  危机: 'crisis',
  complaint: 'complaint',
  投诉: 'complaint',
  客诉: 'complaint',
  custom: 'custom',
  自定义: 'custom',
};
const severityNames: Record<string, Severity> = {
  low: 'low',
  低: 'low',
  '1': 'low',
  medium: 'medium',
  中: 'medium',
  '2': 'medium',
  high: 'high',
  高: 'high',
  '3': 'high',
  critical: 'critical',
  严重: 'critical',
  '4': 'critical',
};
const actionNames: Record<string, SuggestedAction> = {
  remind: 'remind',
  提醒: 'remind',
  recall: 'recall',
  撤回: 'recall',
  mute: 'mute',
  禁言: 'mute',
  warnprivately: 'warnPrivately',
  私信警告: 'warnPrivately',
  remove: 'remove',
  移出: 'remove',
  踢出: 'remove',
};
const kindNames: Record<string, ListKind> = { deny: 'deny', 黑名单: 'deny', allow: 'allow', 白名单: 'allow' };
const flagNames: Record<string, WordFlag> = {
  pinyin: 'pinyin',
  拼音: 'pinyin',
  boundary: 'boundary',
  边界: 'boundary',
  词边界: 'boundary',
  reverse: 'reverse',
  reversed: 'reverse',
  倒序: 'reverse',
  homophone: 'homophone',
  homophones: 'homophone',
  谐音: 'homophone',
};
const stepNames: Record<string, keyof ListOptions> = {
  case: 'case',
  大小写: 'case',
  width: 'width',
  全半角: 'width',
  traditional: 'traditional',
  繁简: 'traditional',
  digits: 'digits',
  数字: 'digits',
  letters: 'letters',
  字母: 'letters',
  noise: 'noise',
  符号: 'noise',
  repeat: 'repeat',
  重复: 'repeat',
  pinyin: 'pinyin',
  拼音: 'pinyin',
  split: 'split',
  拆字: 'split',
  reverse: 'reverse',
  倒序: 'reverse',
  homophone: 'homophone',
  谐音: 'homophone',
  boundary: 'boundary',
  边界: 'boundary',
};

const columnNames: Record<string, 'word' | 'category' | 'severity' | 'options' | 'action'> = {
  word: 'word',
  词: 'word',
  词语: 'word',
  敏感词: 'word',
  关键词: 'word',
  category: 'category',
  分类: 'category',
  类别: 'category',
  severity: 'severity',
  级别: 'severity',
  等级: 'severity',
  options: 'options',
  flags: 'options',
  选项: 'options',
  标记: 'options',
  action: 'action',
  动作: 'action',
  处理: 'action',
};
const positionalColumns = ['word', 'category', 'severity', 'options', 'action'] as const;

function fail(key: string, params: Record<string, string | number>): never {
  throw new AppError('BAD_FILE', `sensitive.errors.${key}`, params);
}

function lookup<T>(table: Record<string, T>, raw: string, errorKey: string, line: number): T {
  const value = table[raw.trim().toLowerCase()] ?? table[raw.trim()];
  if (value === undefined) fail(errorKey, { line, value: raw.trim() });
  return value;
}

function parseWordFlags(raw: string, line: number): Pick<SensitiveWord, WordFlag> {
  const flags: Pick<SensitiveWord, WordFlag> = {};
  for (const token of raw.split(/[;|/\s、]+/).filter(Boolean)) {
    flags[lookup(flagNames, token, 'unknownFlag', line)] = true;
  }
  return flags;
}

function parseListOptions(raw: string, line: number): Partial<ListOptions> {
  const options: Partial<ListOptions> = {};
  for (const token of raw.split(/[,，;\s]+/).filter(Boolean)) {
    const gap = /^(?:gap|间隔)=(\d+)$/i.exec(token);
    if (gap) {
      const value = Number(gap[1]);
      if (value > maxGapLimit) fail('badGap', { line, value: token, max: maxGapLimit });
      options.maxGap = value;
      continue;
    }
    const off = /^(?:-|!|no-)/.exec(token);
    const name = off ? token.slice(off[0].length) : token;
    const step = lookup(stepNames, name, 'unknownOption', line);
    (options as Record<string, boolean>)[step] = !off;
  }
  return options;
}

/** Reads `# key: value` header lines; returns undefined for a plain comment. */
function parseDirective(
  line: string,
  lineNumber: number,
  target: ListDefaults & { options: Partial<ListOptions> },
): boolean {
  const match = /^#\s*([\p{L}_]+)\s*[:：]\s*(.*)$/u.exec(line);
  if (!match) return false;
  const key = match[1]!.toLowerCase();
  const value = match[2]!.trim();
  switch (key) {
    case 'name':
    case '名称':
      target.name = value;
      return true;
    case 'kind':
    case '类型':
      target.kind = lookup(kindNames, value, 'unknownKind', lineNumber);
      return true;
    case 'category':
    case '分类':
      target.category = lookup(categoryNames, value, 'unknownCategory', lineNumber);
      return true;
    case 'severity':
    case '级别':
      target.severity = lookup(severityNames, value, 'unknownSeverity', lineNumber);
      return true;
    case 'action':
    case '动作':
      target.action = lookup(actionNames, value, 'unknownAction', lineNumber);
      return true;
    case 'options':
    case '选项':
      Object.assign(target.options, parseListOptions(value, lineNumber));
      return true;
    default:
      return false; // an ordinary comment that happens to contain a colon
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function checkText(text: string): void {
  if (text.includes('\u0000'))
    fail('binaryFile', { line: text.slice(0, text.indexOf('\u0000')).split('\n').length });
}

function checkWord(word: string, line: number): string {
  const trimmed = word.trim();
  if (trimmed.length > maxWordLength) fail('wordTooLong', { line, max: maxWordLength });
  return trimmed;
}

function finish(
  defaults: ListDefaults,
  header: ListDefaults & { options: Partial<ListOptions> },
  words: SensitiveWord[],
) {
  const input: SensitiveListInput = {
    ...defaults,
    ...header,
    name: header.name ?? defaults.name ?? '',
    options: { ...defaults.options, ...header.options },
    words,
  };
  if (!input.name) fail('missingName', {});
  return completeList(input);
}

/** TXT: one word a line; blank lines and `#` comments skipped; `# name: …` style header lines set list fields. */
export function parseListTxt(text: string, defaults: ListDefaults = {}): SensitiveList {
  const source = stripBom(text);
  checkText(source);
  const header: ListDefaults & { options: Partial<ListOptions> } = { options: {} };
  const words: SensitiveWord[] = [];
  const seen = new Set<string>();
  source.split(/\r\n|\r|\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trimStart().startsWith('#')) {
      parseDirective(line.trim(), lineNumber, header);
      return;
    }
    const word = checkWord(line, lineNumber);
    if (!word || seen.has(word)) return;
    seen.add(word);
    words.push({ word });
  });
  return finish(defaults, header, words);
}

/** RFC 4180 rows with the line number each starts on; quoted fields may hold commas, quotes and newlines. */
function csvRows(text: string): { cells: string[]; line: number; raw: string }[] {
  const rows: { cells: string[]; line: number; raw: string }[] = [];
  let line = 1;
  let index = 0;
  while (index < text.length) {
    const rowLine = line;
    const rowStart = index;
    if (text[index] === '#') {
      // A comment or `# key: value` line is taken whole, quotes and commas included.
      let lineEnd = text.indexOf('\n', index);
      if (lineEnd < 0) lineEnd = text.length;
      rows.push({ cells: [], line: rowLine, raw: text.slice(rowStart, lineEnd).replace(/\r$/, '') });
      index = lineEnd + 1;
      line++;
      continue;
    }
    const cells: string[] = [];
    let cell = '';
    let rowDone = false;
    while (!rowDone) {
      if (text[index] === '"') {
        index++;
        for (;;) {
          if (index >= text.length) fail('csvUnterminatedQuote', { line: rowLine });
          const char = text[index]!;
          if (char === '"') {
            if (text[index + 1] === '"') {
              cell += '"';
              index += 2;
              continue;
            }
            index++;
            break;
          }
          if (char === '\n') line++;
          cell += char;
          index++;
        }
        // Only a separator or the end of the row may follow a closing quote.
        const after = text[index];
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
          fail('csvStrayQuote', { line: rowLine });
        }
      }
      while (index < text.length && text[index] !== ',' && text[index] !== '\n' && text[index] !== '\r') {
        if (text[index] === '"') fail('csvStrayQuote', { line: rowLine });
        cell += text[index];
        index++;
      }
      cells.push(cell);
      cell = '';
      if (text[index] === ',') {
        index++;
        continue;
      }
      if (text[index] === '\r') index++;
      if (text[index] === '\n') index++;
      line++;
      rowDone = true;
    }
    rows.push({ cells, line: rowLine, raw: text.slice(rowStart, index) });
  }
  return rows;
}

/** CSV: optional `#` header lines, optional column header row, then word, category, severity, options, action. */
export function parseListCsv(text: string, defaults: ListDefaults = {}): SensitiveList {
  const source = stripBom(text);
  checkText(source);
  const header: ListDefaults & { options: Partial<ListOptions> } = { options: {} };
  const words: SensitiveWord[] = [];
  const seen = new Set<string>();
  let columns: readonly (typeof positionalColumns)[number][] | undefined;
  for (const row of csvRows(source)) {
    if (row.raw.startsWith('#')) {
      parseDirective(row.raw.trim(), row.line, header);
      continue;
    }
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    if (!columns) {
      const first = row.cells[0]!.trim().toLowerCase();
      if (columnNames[first] === 'word') {
        columns = row.cells.map((cell) => lookup(columnNames, cell, 'csvHeader', row.line));
        continue;
      }
      columns = positionalColumns;
    }
    if (row.cells.length > columns.length)
      fail('csvColumns', { line: row.line, count: row.cells.length, max: columns.length });
    const entry: SensitiveWord = { word: '' };
    row.cells.forEach((cell, index) => {
      const value = cell.trim();
      const column = columns![index]!;
      if (column === 'word') entry.word = checkWord(cell, row.line);
      else if (!value) return;
      else if (column === 'category')
        entry.category = lookup(categoryNames, value, 'unknownCategory', row.line);
      else if (column === 'severity')
        entry.severity = lookup(severityNames, value, 'unknownSeverity', row.line);
      else if (column === 'action') entry.action = lookup(actionNames, value, 'unknownAction', row.line);
      else Object.assign(entry, parseWordFlags(value, row.line));
    });
    if (!entry.word) fail('csvMissingWord', { line: row.line });
    if (seen.has(entry.word)) continue;
    seen.add(entry.word);
    words.push(entry);
  }
  return finish(defaults, header, words);
}

export type ListFormat = 'txt' | 'csv';

export function parseList(text: string, format: ListFormat, defaults: ListDefaults = {}): SensitiveList {
  return format === 'csv' ? parseListCsv(text, defaults) : parseListTxt(text, defaults);
}

/** The `options:` header value: only what differs from the defaults. */
function optionsDirective(options: ListOptions): string {
  const tokens: string[] = [];
  for (const step of normalisationSteps) {
    if (options[step] !== defaultListOptions[step]) tokens.push(options[step] ? step : `-${step}`);
  }
  if (options.boundary) tokens.push('boundary');
  if (options.maxGap !== defaultListOptions.maxGap) tokens.push(`gap=${options.maxGap}`);
  return tokens.join(', ');
}

function headerLines(list: SensitiveList): string[] {
  const lines = [
    `# name: ${list.name.replace(/[\r\n]+/g, ' ')}`,
    `# kind: ${list.kind}`,
    `# category: ${list.category}`,
    `# severity: ${list.severity}`,
    `# action: ${list.action}`,
  ];
  const options = optionsDirective(list.options);
  if (options) lines.push(`# options: ${options}`);
  return lines;
}

function csvCell(value: string): string {
  return /[",\r\n#]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function serialiseListCsv(list: SensitiveList): string {
  const rows = list.words.map((word) => {
    const flags = wordFlagsOf(word).join(';');
    return [word.word, word.category ?? '', word.severity ?? '', flags, word.action ?? '']
      .map(csvCell)
      .join(',');
  });
  return [...headerLines(list), positionalColumns.join(','), ...rows].join('\n') + '\n';
}

/** TXT keeps the list header and the words; per-word fields (category, flags…) need CSV. */
export function serialiseListTxt(list: SensitiveList): string {
  return (
    [...headerLines(list), ...list.words.map((word) => word.word.replace(/[\r\n]+/g, ' '))].join('\n') + '\n'
  );
}

export function serialiseList(list: SensitiveList, format: ListFormat): string {
  return format === 'csv' ? serialiseListCsv(list) : serialiseListTxt(list);
}

export type LintCode = 'singleChar' | 'duplicate' | 'separator' | 'noiseOnly';

export interface LintWarning {
  code: LintCode;
  word: string;
  /** Index into list.words. */
  index: number;
  /** For duplicates: the word it duplicates after normalisation. */
  other?: string;
}

/**
 * Warnings a moderator should see before saving: single characters (match almost everything), duplicates after
 * normalisation (發票 / 发票), comma lists that were probably meant as several words, words that are all symbols.
 */
export function lintList(list: SensitiveList): LintWarning[] {
  const warnings: LintWarning[] = [];
  const normaliser = normaliserFor(list.options);
  const firstByKey = new Map<string, string>();
  list.words.forEach((entry, index) => {
    const word = entry.word;
    const points = normaliser.codePoints(word).points;
    const kept = points.filter((cp) => normaliser.noise(cp) === 0);
    if (kept.length === 0) warnings.push({ code: 'noiseOnly', word, index });
    else if (Array.from(word.trim()).length === 1) warnings.push({ code: 'singleChar', word, index });
    if (/[,，]/.test(word)) warnings.push({ code: 'separator', word, index });
    const key = String.fromCodePoint(...(kept.length > 0 ? kept : points));
    const other = firstByKey.get(key);
    if (other !== undefined) warnings.push({ code: 'duplicate', word, index, other });
    else firstByKey.set(key, word);
  });
  return warnings;
}
