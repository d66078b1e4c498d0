/**
 * Character normalisation: each code point maps to exactly one code point, so every normalised position points back
 * to one span of the original text. Steps run in a fixed order (width → letters → traditional → digits → case →
 * homophone); noise is a property of the normalised character. Per option set the BMP is precomputed into one table.
 */
import { homophoneFolding } from './homophones';
import { traditionalToSimplifiedTable } from './traditional';
import type { ListOptions } from './types';

export type CharOptions = Pick<
  ListOptions,
  'case' | 'width' | 'traditional' | 'digits' | 'letters' | 'noise'
> & {
  /**
   * Fold homophones to their group's first character. Only the engine asks for it, for words flagged `homophone` in
   * lists whose `homophone` step is on; passing a list's options never folds.
   */
  foldHomophones?: boolean;
};

/** Noise weights: a visible noise character uses up one unit of the gap, an invisible one a sixteenth. */
export const NOISE_VISIBLE = 16;
export const NOISE_INVISIBLE = 1;
/** Gap budget for `maxGap` visible characters plus up to 15 invisible ones (zero-width, variation selectors…). */
export const gapBudget = (maxGap: number): number => maxGap * NOISE_VISIBLE + 15;

const ASCII_0 = 0x30;
const ASCII_UPPER_A = 0x41;

/** Chinese numerals (capital 大写 forms, spoken 幺, 两, 〇, ○) → digit value. */
const chineseDigits = new Map<number, number>();
const chineseDigitGroups: [number, string][] = [
  [0, '零〇○◯'],
  [1, '一壹幺弌'],
  [2, '二贰貳两兩弍'],
  [3, '三叁叄弎'],
  [4, '四肆'],
  [5, '五伍'],
  [6, '六陆陸'],
  [7, '七柒'],
  [8, '八捌'],
  [9, '九玖'],
];
for (const [value, characters] of chineseDigitGroups) {
  for (const character of characters) chineseDigits.set(character.codePointAt(0)!, ASCII_0 + value);
}

/** Digit styles NFKC leaves alone: dingbat and double-circled digits, roman numerals Ⅰ-Ⅸ / ⅰ-ⅸ. */
function styledDigit(cp: number): number {
  if (cp >= 0x2776 && cp <= 0x277e) return ASCII_0 + 1 + cp - 0x2776; // ❶-❾
  if (cp >= 0x2780 && cp <= 0x2788) return ASCII_0 + 1 + cp - 0x2780; // ➀-➈
  if (cp >= 0x278a && cp <= 0x2792) return ASCII_0 + 1 + cp - 0x278a; // ➊-➒
  if (cp >= 0x24f5 && cp <= 0x24fd) return ASCII_0 + 1 + cp - 0x24f5; // ⓵-⓽
  if (cp === 0x24ff || cp === 0x24ea) return ASCII_0; // ⓿ ⓪
  if (cp >= 0x2160 && cp <= 0x2168) return ASCII_0 + 1 + cp - 0x2160; // Ⅰ-Ⅸ
  if (cp >= 0x2170 && cp <= 0x2178) return ASCII_0 + 1 + cp - 0x2170; // ⅰ-ⅸ
  return -1;
}

/** Latin/Cyrillic/Greek look-alikes commonly used to dodge filters (ѵх for vx). */
const confusables = new Map<number, number>();
const confusablePairs =
  'аaеeёeоoрpсcуyхxѕsіiїiјjԁdԛqԝwһhѵvкkмmтtвbпnАAВBЕEКKМMНHОOРPСCТTХXҮYЅSІIЈJ' +
  'αaοoνvρpιiκkχxυuεeτtΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXɡgɑaʏy';
for (let index = 0; index + 1 < confusablePairs.length; index += 2) {
  confusables.set(confusablePairs.codePointAt(index)!, confusablePairs.codePointAt(index + 1)!);
}

/** NFKC of one code point with brackets, dots and commas stripped (⑴ → 1, ⒈ → 1, ⒜ → a), or -1. */
function computeCompatibilityCore(cp: number): number {
  const source = String.fromCodePoint(cp);
  let folded = source.normalize('NFKC');
  if (folded === source) return -1;
  if (folded.length > 1) folded = folded.replace(/[().,]/g, '');
  const first = folded.codePointAt(0);
  if (first === undefined || String.fromCodePoint(first) !== folded) return -1;
  return first;
}

let bmpCompatibility: Int32Array | undefined;

/** Cached for the BMP: every option set's table needs it, and NFKC per call is the slow part of a build. */
function compatibilityCore(cp: number): number {
  if (cp >= 0x10000) return computeCompatibilityCore(cp);
  if (!bmpCompatibility) {
    bmpCompatibility = new Int32Array(0x10000);
    for (let unit = 0; unit < 0x10000; unit++) {
      bmpCompatibility[unit] = unit >= 0xd800 && unit <= 0xdfff ? -1 : computeCompatibilityCore(unit);
    }
  }
  return bmpCompatibility[cp]!;
}

function isAsciiLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

function isWidthBlock(cp: number): boolean {
  return cp === 0x3000 || (cp >= 0xff00 && cp <= 0xffef);
}

function widthStep(cp: number): number {
  if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xfee0;
  if (cp === 0x3000) return 0x20;
  if (cp >= 0xff5f && cp <= 0xffef) {
    const folded = compatibilityCore(cp);
    return folded >= 0 ? folded : cp;
  }
  return cp;
}

const combiningMark = /^\p{M}+$/u;

function lettersStep(cp: number): number {
  if (cp < 0x80) return cp;
  const confusable = confusables.get(cp);
  if (confusable !== undefined) return confusable;
  if (cp >= 0x1f150 && cp <= 0x1f169) return ASCII_UPPER_A + cp - 0x1f150; // 🅐 negative circled
  if (cp >= 0x1f170 && cp <= 0x1f189) return ASCII_UPPER_A + cp - 0x1f170; // 🅰 negative squared
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return ASCII_UPPER_A + cp - 0x1f1e6; // 🇦 regional indicators
  // The width step owns full-width letters, the digits step roman numerals (Ⅰ-Ⅸ).
  if (isWidthBlock(cp) || (cp >= 0x2150 && cp <= 0x218f)) return cp;
  const folded = compatibilityCore(cp);
  if (folded >= 0 && isAsciiLetter(folded)) return folded;
  if (cp <= 0x24f) {
    // Accented Latin letters: é → e, Ŏ → O.
    const decomposed = String.fromCodePoint(cp).normalize('NFD');
    const base = decomposed.codePointAt(0)!;
    if (decomposed.length > 1 && isAsciiLetter(base) && combiningMark.test(decomposed.slice(1))) return base;
  }
  return cp;
}

function traditionalStep(cp: number): number {
  let current = cp;
  // Kangxi radicals, CJK radicals and compatibility ideographs fold to the unified ideograph (⼤ → 大).
  if ((cp >= 0x2e80 && cp <= 0x2fdf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) {
    const folded = compatibilityCore(cp);
    if (folded >= 0) current = folded;
  }
  return traditionalToSimplifiedTable().get(current) ?? current;
}

function digitsStep(cp: number): number {
  if (cp >= ASCII_0 && cp <= ASCII_0 + 9) return cp;
  const chinese = chineseDigits.get(cp);
  if (chinese !== undefined) return chinese;
  const styled = styledDigit(cp);
  if (styled >= 0) return styled;
  if (cp < 0x80) return cp;
  const folded = compatibilityCore(cp);
  if (folded >= ASCII_0 && folded <= ASCII_0 + 9) return folded;
  if (folded >= 0) return chineseDigits.get(folded) ?? cp; // ㊀ ㈠ fold to 一
  return cp;
}

function caseStep(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  const source = String.fromCodePoint(cp);
  const lower = source.toLowerCase();
  if (lower === source) return cp;
  const first = lower.codePointAt(0)!;
  return String.fromCodePoint(first) === lower ? first : cp;
}

function normaliseCodePoint(cp: number, options: CharOptions): number {
  let current = cp;
  if (options.width) current = widthStep(current);
  if (options.letters) current = lettersStep(current);
  if (options.traditional) current = traditionalStep(current);
  if (options.digits) current = digitsStep(current);
  if (options.case) current = caseStep(current);
  if (options.foldHomophones) current = homophoneFolding().get(current) ?? current;
  return current;
}

const invisibleNoise = /^[\p{Cf}\p{Mn}\p{Me}]$/u;
const visibleNoise = /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Extended_Pictographic}]$/u;

/** Noise weight of a (normalised) code point: 0 for a real character. */
export function noiseWeightOf(cp: number): number {
  if (cp >= 0x1f3fb && cp <= 0x1f3ff) return NOISE_INVISIBLE; // emoji skin-tone modifiers
  if (cp >= 0xe0000 && cp <= 0xe01ef) return NOISE_INVISIBLE; // tags, variation selectors supplement
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  const character = String.fromCodePoint(cp);
  if (invisibleNoise.test(character)) return NOISE_INVISIBLE;
  if (visibleNoise.test(character)) return NOISE_VISIBLE;
  return 0;
}

const astralNoise = new Map<number, number>();

/** noiseWeightOf for astral code points (emoji), remembered: the property regexes are slow to run per character. */
function astralNoiseWeight(cp: number): number {
  let weight = astralNoise.get(cp);
  if (weight === undefined) {
    weight = noiseWeightOf(cp);
    astralNoise.set(cp, weight);
  }
  return weight;
}

let bmpNoiseTable: Uint8Array | undefined;
function bmpNoise(): Uint8Array {
  if (bmpNoiseTable) return bmpNoiseTable;
  const table = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) table[unit] = noiseWeightOf(unit);
  bmpNoiseTable = table;
  return table;
}

export function charOptionsKey(options: CharOptions): string {
  return [
    options.case,
    options.width,
    options.traditional,
    options.digits,
    options.letters,
    options.noise,
    options.foldHomophones,
  ]
    .map((flag) => (flag ? '1' : '0'))
    .join('');
}

/** A normaliser for one option set: a BMP table plus a cache for astral code points. */
export class CharNormaliser {
  readonly options: CharOptions;
  /** Normalised code point for every UTF-16 unit (surrogates map to themselves). */
  readonly bmp: Int32Array;
  private readonly astral = new Map<number, number>();
  private readonly noiseTable: Uint8Array;

  constructor(options: CharOptions) {
    this.options = {
      case: options.case,
      width: options.width,
      traditional: options.traditional,
      digits: options.digits,
      letters: options.letters,
      noise: options.noise,
      foldHomophones: options.foldHomophones === true,
    };
    this.noiseTable = bmpNoise();
    const table = new Int32Array(0x10000);
    const identity =
      !options.width &&
      !options.letters &&
      !options.traditional &&
      !options.digits &&
      !options.case &&
      !options.foldHomophones;
    for (let unit = 0; unit < 0x10000; unit++) {
      table[unit] = identity || (unit >= 0xd800 && unit <= 0xdfff) ? unit : normaliseCodePoint(unit, options);
    }
    this.bmp = table;
  }

  map(cp: number): number {
    if (cp < 0x10000) return this.bmp[cp]!;
    let mapped = this.astral.get(cp);
    if (mapped === undefined) {
      mapped = normaliseCodePoint(cp, this.options);
      this.astral.set(cp, mapped);
    }
    return mapped;
  }

  /** Noise weight of a normalised code point, 0 when this option set does not skip noise. */
  noise(normalisedCp: number): number {
    if (!this.options.noise) return 0;
    return normalisedCp < 0x10000 ? this.noiseTable[normalisedCp]! : astralNoiseWeight(normalisedCp);
  }

  /** Normalised code points of a string, each with the original [start, end) offsets. */
  codePoints(text: string): { points: number[]; starts: number[]; ends: number[] } {
    const points: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let index = 0; index < text.length;) {
      const cp = text.codePointAt(index)!;
      const width = cp > 0xffff ? 2 : 1;
      points.push(this.map(cp));
      starts.push(index);
      ends.push(index + width);
      index += width;
    }
    return { points, starts, ends };
  }

  private readonly patterns = new Map<string, number[]>();

  /** `pattern(word)`, remembered: re-checks ask for the same few words over and over. Do not mutate the result. */
  cachedPattern(word: string): number[] {
    let points = this.patterns.get(word);
    if (points === undefined) {
      // Bounded: a huge list re-checked word by word must not keep all of them.
      if (this.patterns.size >= 20_000) this.patterns.clear();
      points = this.pattern(word);
      this.patterns.set(word, points);
    }
    return points;
  }

  /**
   * A word's normalised code points as the matcher sees it: noise dropped when noise skipping is on, unless the word
   * is nothing but noise (an emoji keyword such as 🍆 stays as it is).
   */
  pattern(word: string): number[] {
    const kept: number[] = [];
    let noiseSeen = false;
    for (let index = 0; index < word.length; index++) {
      let cp = word.charCodeAt(index);
      if (cp >= 0xd800 && cp <= 0xdbff && index + 1 < word.length) {
        cp = word.codePointAt(index)!;
        if (cp > 0xffff) index++;
      }
      const mapped = this.map(cp);
      if (this.noise(mapped) === 0) kept.push(mapped);
      else noiseSeen = true;
    }
    if (kept.length > 0 || !noiseSeen) return kept;
    const { points } = this.codePoints(word);
    return points.filter((cp) => this.noise(cp) !== NOISE_INVISIBLE);
  }
}

const normalisers = new Map<string, CharNormaliser>();

/** One normaliser per option set for the whole process; the first call for a set builds its table (~30 ms). */
export function normaliserFor(options: CharOptions): CharNormaliser {
  const key = charOptionsKey(options);
  let normaliser = normalisers.get(key);
  if (!normaliser) {
    normaliser = new CharNormaliser(options);
    normalisers.set(key, normaliser);
  }
  return normaliser;
}

/** Normalises a whole string (1:1 by code point) — handy for display, lint and tests. */
export function normaliseText(text: string, options: CharOptions): string {
  const normaliser = normaliserFor(options);
  let out = '';
  for (const cp of normaliser.codePoints(text).points) out += String.fromCodePoint(cp);
  return out;
}

export function isAsciiAlnum(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
}

export { isAsciiLetter };
