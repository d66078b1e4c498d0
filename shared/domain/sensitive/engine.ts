/**
 * The compiled engine: every list word (plus its pinyin / 拆字 / reversed variants, allow phrases and scam cue words)
 * goes into one Aho-Corasick automaton over the text normalised with the union of the lists' options. One pass over
 * the text finds every candidate; a hit from a list whose options are narrower than the union is re-checked on its
 * span with that list's own options, so each step stays switchable per list at no cost to the scan.
 *
 * Homophones work the same way: when some list has words flagged `homophone`, the union folds each homophone group
 * to one symbol (a character class), and candidates of every other word that contains such a symbol are re-checked
 * without the folding — so the class applies to the flagged words only.
 */
import {
  buildAutomaton,
  childHash,
  childTag,
  directEdge,
  NODE_CHILD,
  NODE_FAIL,
  NODE_OUTPUT,
  NODE_STRIDE,
  NODE_TARGET,
  OUTPUT_DEPTH,
  OUTPUT_NEXT,
  OUTPUT_STRIDE,
  OUTPUT_USER_A,
  OUTPUT_USER_B,
  pairSlot,
  TARGET_HAS_OUTPUT,
  TARGET_STATE,
  transition,
  type Automaton,
} from './automaton';
import {
  defaultDetectorSettings,
  evaluateScamRules,
  normaliseDomain,
  runDetectors,
  scamCueWords,
  type CueHit,
  type DetectorFinding,
  type DetectorRunOptions,
  type DetectorSetting,
} from './detectors';
import { homophoneRepresentatives } from './homophones';
import {
  charOptionsKey,
  gapBudget,
  NOISE_VISIBLE,
  isAsciiAlnum,
  isAsciiLetter,
  NOISE_INVISIBLE,
  normaliserFor,
  type CharNormaliser,
  type CharOptions,
} from './normalise';
import {
  completeList,
  defaultListOptions,
  detectorKinds,
  matchingSteps,
  noNormalisation,
  severities,
  type DetectorKind,
  type ListOptions,
  type MatchRule,
  type SensitiveHit,
  type SensitiveList,
  type SensitiveListInput,
  type Severity,
} from './types';
import { pinyinVariants, splitVariants } from './variants';

export interface EngineOptions {
  /** Detectors to run: all by default; `false` for none, or per kind `false` / a setting override. */
  detectors?: false | Partial<Record<DetectorKind, boolean | Partial<DetectorSetting>>>;
  /** Hosts whose links are reported as competitor links (category `competitor`). */
  competitorDomains?: readonly string[];
}

export interface EngineStats {
  lists: number;
  words: number;
  /** Strings compiled into the matcher: words, variants, allow phrases and cue words. */
  patterns: number;
  states: number;
  alphabet: number;
  buildMs: number;
}

export interface SensitiveEngine {
  /** Every hit in the text, sorted by start then end; overlapping and nested hits included. */
  scan(text: string): SensitiveHit[];
  readonly lists: readonly SensitiveList[];
  readonly stats: EngineStats;
}

/** Boundary requirement at one end of a compiled string. */
const BOUNDARY_NONE = 0;
const BOUNDARY_ALNUM = 1;
const BOUNDARY_LETTER = 2;

type VariantRule = 'base' | 'pinyin' | 'split' | 'reversed';

/** One compiled string: a listed word, one of its variants, an allow phrase or a scam cue. */
interface Entry {
  /** Index into the list's words (-1 for a scam cue). */
  wordIndex: number;
  /** The string compiled (the word itself or its variant). */
  text: string;
  variant: VariantRule;
  boundaryStart: number;
  boundaryEnd: number;
  /** The compiled string's normalised code points under the union options. */
  points: number[];
  cue: number;
  /** Homophones of the table may stand in for its characters (a flagged word of a list with the step on). */
  homophone: boolean;
  /**
   * The union folds homophones and this string, which takes none, has a character of the table: EXACT_SPAN when
   * only a folded character in the text can make a wrong candidate, EXACT_ALWAYS when the string itself was folded
   * (an unflagged 芯片 compiles as 信片, so 信片 in the text needs a check too).
   */
  exact: number;
  /** Noise the compiled string starts / ends with (".com"): added back to the span when the text has it too. */
  leading: string;
  trailing: string;
}

interface PreparedList {
  /** What the entries were prepared from: a changed words array, kind or option set prepares the list again. */
  key: string;
  words: readonly unknown[];
  entries: readonly Entry[];
}

/**
 * Per list object passed in: its entries for a given union option set, so after a live edit only the edited list is
 * prepared again. Entries are shared between engines and never mutated. An edit is noticed when the list's words
 * array, its length, kind or options change (replace the array rather than editing a word object in place).
 */
const preparedCache = new WeakMap<object, PreparedList>();

const NOISE_SYMBOL = 1 << 24;
const ASTRAL = -0x40000000;

/** Re-check modes of an entry's candidates: none, with the list's options (without / with homophones folded). */
const CHECK_NONE = 0;
const CHECK_PLAIN = 1;
const CHECK_HOMOPHONE = 2;
/** Only homophone folding may have made the candidate: re-check (like CHECK_PLAIN) when the span has a folded unit. */
const CHECK_UNFOLDED = 3;

type UnionOptions = ListOptions & CharOptions;

/**
 * The entries ending at one output sit side by side in `entryData`, the output record holding their range; each
 * entry record carries what the scan tests first, so most candidates never load the entry object itself.
 */
const OUTPUT_ENTRIES = OUTPUT_USER_A;
const OUTPUT_ENTRIES_END = OUTPUT_USER_B;
const ENTRY_STRIDE = 4;
/** Index into the engine's entries. */
const ENTRY_INDEX = 0;
/** Index into the list's words. */
const ENTRY_WORD = 1;
/** The list index, or -1 - cue for a scam cue word. */
const ENTRY_OWNER = 2;
const ENTRY_INFO = 3;
/** Info bits: the CHECK_* mode in the low two bits, then flags, then the variant. */
const INFO_CHECK = 3;
/** Boundaries to test or edge noise to add back: the scan looks at the entry object. */
const INFO_EDGES = 4;
const INFO_ALLOW = 8;
const INFO_HOMOPHONE = 16;
const INFO_VARIANT_SHIFT = 5;
const variantRules: readonly VariantRule[] = ['base', 'pinyin', 'split', 'reversed'];

/** Does a list ask for homophones at all (the step on and a word flagged)? Only then does the union fold them. */
function usesHomophones(list: SensitiveList): boolean {
  return list.kind === 'deny' && list.options.homophone && list.words.some((word) => word.homophone === true);
}

function unionOptions(all: readonly ListOptions[], foldHomophones: boolean): UnionOptions {
  const union: UnionOptions = { ...noNormalisation, foldHomophones };
  for (const options of all) {
    union.case ||= options.case;
    union.width ||= options.width;
    union.traditional ||= options.traditional;
    union.digits ||= options.digits;
    union.letters ||= options.letters;
    union.noise ||= options.noise;
    union.repeat ||= options.repeat;
    union.pinyin ||= options.pinyin;
    union.split ||= options.split;
    if (options.noise) union.maxGap = Math.max(union.maxGap, options.maxGap);
  }
  return union;
}

function unionKeyOf(options: UnionOptions): string {
  return `${charOptionsKey(options)}:${options.maxGap}`;
}

function boundaryAt(cp: number | undefined, kind: number): number {
  if (cp === undefined || kind === BOUNDARY_NONE) return BOUNDARY_NONE;
  if (kind === BOUNDARY_LETTER) return isAsciiLetter(cp) ? BOUNDARY_LETTER : BOUNDARY_NONE;
  return isAsciiAlnum(cp) ? BOUNDARY_ALNUM : BOUNDARY_NONE;
}

function prepareList(
  source: object,
  list: SensitiveList,
  normaliser: CharNormaliser,
  unionKey: string,
): readonly Entry[] {
  const key = `${unionKey}|${list.kind}|${JSON.stringify(list.options)}|${list.words.length}`;
  const cached = preparedCache.get(source);
  if (cached && cached.key === key && cached.words === list.words) return cached.entries;
  const entries: Entry[] = [];
  const deny = list.kind === 'deny';
  const unfolding = unfoldingOf(normaliser);
  const add = (
    wordIndex: number,
    text: string,
    variant: VariantRule,
    boundaryKind: number,
    homophone: boolean,
  ): void => {
    const points = normaliser.pattern(text);
    if (points.length === 0) return;
    const { leading, trailing } = edgeNoise(text, normaliser, points.length);
    entries.push({
      wordIndex,
      text,
      variant,
      boundaryStart: boundaryAt(points[0], boundaryKind),
      boundaryEnd: boundaryAt(points[points.length - 1], boundaryKind),
      points,
      cue: -1,
      homophone,
      exact: homophone ? EXACT_NONE : exactness(unfolding, text, points),
      leading,
      trailing,
    });
  };
  list.words.forEach((word, wordIndex) => {
    const text = word.word.trim();
    if (!text) return;
    const boundaryKind = word.boundary || list.options.boundary ? BOUNDARY_ALNUM : BOUNDARY_NONE;
    const homophone = deny && list.options.homophone && word.homophone === true;
    add(wordIndex, text, 'base', boundaryKind, homophone);
    if (deny && list.options.split) {
      for (const variant of splitVariants(text)) add(wordIndex, variant, 'split', boundaryKind, homophone);
    }
    if (deny && list.options.pinyin && word.pinyin) {
      // Pinyin spellings always need letter boundaries: `wx` must not fire inside `wxyz`.
      for (const variant of pinyinVariants(text)) {
        add(wordIndex, variant, 'pinyin', BOUNDARY_LETTER, homophone);
      }
    }
    if (deny && list.options.reverse && word.reverse) {
      const reversed = reversedWord(text);
      if (reversed !== text) add(wordIndex, reversed, 'reversed', boundaryKind, homophone);
    }
  });
  preparedCache.set(source, { key, words: list.words, entries });
  return entries;
}

/** A word written backwards, by code point (信微 for 微信; astral characters stay whole). */
export function reversedWord(word: string): string {
  return Array.from(word).reverse().join('');
}

/** The same normaliser without homophone folding, when it folds (to tell which strings folding changed). */
function unfoldingOf(normaliser: CharNormaliser): CharNormaliser | undefined {
  return normaliser.options.foldHomophones
    ? normaliserFor({ ...normaliser.options, foldHomophones: false })
    : undefined;
}

const EXACT_NONE = 0;
const EXACT_SPAN = 1;
const EXACT_ALWAYS = 2;

/** How a string that takes no homophones must be re-checked when the union folds them (see Entry.exact). */
function exactness(unfolding: CharNormaliser | undefined, text: string, points: readonly number[]): number {
  if (!unfolding) return EXACT_NONE;
  const representatives = homophoneRepresentatives();
  if (!points.some((point) => representatives.has(point))) return EXACT_NONE;
  const unfolded = unfolding.pattern(text);
  return unfolded.every((point, index) => point === points[index]) ? EXACT_SPAN : EXACT_ALWAYS;
}

/** The noise characters a word starts and ends with, when noise is dropped from it (".com" → "", "com"). */
function edgeNoise(
  text: string,
  normaliser: CharNormaliser,
  kept: number,
): { leading: string; trailing: string } {
  const { points, starts } = normaliser.codePoints(text);
  if (points.length === kept) return { leading: '', trailing: '' };
  let first = 0;
  while (first < points.length && normaliser.noise(points[first]!) > 0) first++;
  let last = points.length - 1;
  while (last > first && normaliser.noise(points[last]!) > 0) last--;
  return {
    leading: first > 0 && first < points.length ? text.slice(0, starts[first]) : '',
    trailing: last < points.length - 1 && first < points.length ? text.slice(starts[last + 1]) : '',
  };
}

/** Options to re-check a span with, and their normaliser (looked up once, not per candidate). */
interface SpanCheck {
  options: ListOptions;
  normaliser: CharNormaliser;
}

function spanCheck(options: ListOptions, foldHomophones: boolean): SpanCheck {
  return { options, normaliser: normaliserFor({ ...options, foldHomophones }) };
}

/**
 * Does the span, normalised with the check's options, spell the compiled string? `repeats` collects where the
 * span has a repeat it collapsed (the offset of each character skipped as one).
 */
function spanMatches(
  text: string,
  start: number,
  end: number,
  target: string,
  check: SpanCheck,
  repeats?: number[],
): boolean {
  const { options, normaliser } = check;
  // The literal span needs no normalising (compared in place: no substring per candidate).
  if (end - start === target.length && text.startsWith(target, start)) return true;
  const expected = normaliser.cachedPattern(target);
  const budget = options.noise ? gapBudget(options.maxGap) : 0;
  let matched = 0;
  let gap = 0;
  let previous = -1;
  for (let index = start; index < end;) {
    const at = index;
    const cp = text.codePointAt(index)!;
    index += cp > 0xffff ? 2 : 1;
    const mapped = normaliser.map(cp);
    if (matched < expected.length && mapped === expected[matched]) {
      matched++;
      gap = 0;
      previous = mapped;
      continue;
    }
    const weight = normaliser.noise(mapped);
    if (weight > 0) {
      gap += weight;
      if (gap > budget) return false;
      continue;
    }
    if (options.repeat && mapped === previous) {
      repeats?.push(at);
      continue;
    }
    return false;
  }
  return matched === expected.length;
}

function codePointBefore(text: string, index: number): number {
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2)!;
  }
  return low;
}

function countCodePoints(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0xdc00 || unit > 0xdfff || index === start) count++;
  }
  return count;
}

/**
 * Double states (a state whose last two symbols are equal) that a repeat in the text may reach as a double of the
 * union's classes only: the double is two characters for a word compiled through it (a plain 地皓浩 compiles as 地号号
 * when another list folds homophones; a list with case off compiles aA as aa when another has it on), or the state
 * before it joins words that differ there under their own options (天皓地 and 天浩浩 share 天号, so 天皓皓地 would
 * take 天浩浩's double). The scan then also skips the repeat on a side path. Undefined when there is none.
 */
function classDoublesOf(
  automaton: Automaton,
  entries: readonly Entry[],
  patterns: readonly Int32Array[],
  union: CharNormaliser,
  ownNormaliser: (entry: number) => CharNormaliser,
): Uint8Array | undefined {
  // Parents of double states (where words with different own spellings meet matters only there), and the strings
  // that have a double.
  const parent = new Uint8Array(automaton.stateCount);
  // The states on the way from the root to a parent, itself included: a string that leaves them meets no parent.
  const towardsParent = new Uint8Array(automaton.stateCount);
  const withDoubles: number[] = [];
  let parentDepth = 0;
  for (let index = 0; index < entries.length; index++) {
    const symbols = patterns[index]!;
    let hasDouble = false;
    for (let position = 1; position < symbols.length && !hasDouble; position++)
      hasDouble = symbols[position] === symbols[position - 1];
    if (!hasDouble) continue;
    withDoubles.push(index);
    let state = 0;
    let lastParentDepth = 0;
    for (let position = 0; position < symbols.length; position++) {
      if (position > 0 && symbols[position] === symbols[position - 1]) {
        parent[state] = 1;
        lastParentDepth = position;
      }
      state = directEdge(automaton, state, symbols[position]!);
    }
    parentDepth = Math.max(parentDepth, lastParentDepth);
    state = 0;
    for (let position = 0; position < lastParentDepth; position++) {
      state = directEdge(automaton, state, symbols[position]!);
      towardsParent[state] = 1;
    }
  }
  if (withDoubles.length === 0) return undefined;
  /**
   * The first `limit` characters of a string that the union keeps (noise dropped as in its pattern), each under
   * the string's own options.
   */
  const ownSpelling = (index: number, limit: number): number[] => {
    const own = ownNormaliser(index);
    const kept: number[] = [];
    for (const character of entries[index]!.text) {
      if (kept.length === limit) break;
      const cp = character.codePointAt(0)!;
      if (union.noise(union.map(cp)) === 0) kept.push(own.map(cp));
    }
    return kept;
  };
  // A parent where strings of different own spellings meet (hashes of the spelling up to it differ) is mixed.
  const spellingHash = new Int32Array(automaton.stateCount);
  const mixed = new Uint8Array(automaton.stateCount);
  for (let index = 0; index < entries.length; index++) {
    const symbols = patterns[index]!;
    // Most strings leave the way to every parent at once: their spelling is not needed.
    if (symbols.length === 0 || !towardsParent[directEdge(automaton, 0, symbols[0]!)]) continue;
    const spelling = ownSpelling(index, parentDepth);
    let state = 0;
    let hash = 0;
    for (let position = 0; position < spelling.length && position < symbols.length; position++) {
      state = directEdge(automaton, state, symbols[position]!);
      if (!towardsParent[state]) break;
      hash = (Math.imul(hash, 0x01000193) ^ spelling[position]!) | 0 || 1;
      if (!parent[state]) continue;
      if (spellingHash[state] === 0) spellingHash[state] = hash;
      else if (spellingHash[state] !== hash) mixed[state] = 1;
    }
  }
  let doubles: Uint8Array | undefined;
  for (const index of withDoubles) {
    const symbols = patterns[index]!;
    const spelling = ownSpelling(index, symbols.length);
    const aligned = spelling.length === symbols.length;
    let state = 0;
    for (let position = 0; position < symbols.length; position++) {
      const before = state;
      state = directEdge(automaton, state, symbols[position]!);
      if (position === 0 || symbols[position] !== symbols[position - 1]) continue;
      if (mixed[before] || (aligned && spelling[position] !== spelling[position - 1])) {
        (doubles ??= new Uint8Array(automaton.stateCount))[state] = 1;
      }
    }
  }
  return doubles;
}

/** Most side paths alive at once; more are rare (a run of repeats and keyword emoji), and the extra ones dropped. */
const MAX_SIDE_PATHS = 8;

/** The side paths of a scan (see collect): states, noise gaps and rings of starts, reused between messages. */
class SidePaths {
  count = 0;
  readonly states = new Int32Array(MAX_SIDE_PATHS);
  readonly gaps = new Int32Array(MAX_SIDE_PATHS);
  readonly positions = new Int32Array(MAX_SIDE_PATHS);
  readonly rings: Int32Array;

  constructor(readonly ringSize: number) {
    this.rings = new Int32Array(MAX_SIDE_PATHS * ringSize);
  }

  /** A path leaving the plain path at `state`, with the plain path's ring of starts. */
  spawn(state: number, gap: number, ring: Int32Array, position: number): void {
    if (this.count === MAX_SIDE_PATHS) return;
    const path = this.count++;
    this.states[path] = state;
    this.gaps[path] = gap;
    this.positions[path] = position;
    this.rings.set(ring, path * this.ringSize);
  }

  /** A copy of a path, which skips the character the original takes. */
  copy(path: number, gap: number): void {
    if (this.count === MAX_SIDE_PATHS) return;
    const copy = this.count++;
    this.states[copy] = this.states[path]!;
    this.gaps[copy] = gap;
    this.positions[copy] = this.positions[path]!;
    this.rings.copyWithin(copy * this.ringSize, path * this.ringSize, (path + 1) * this.ringSize);
  }

  /** Noise that is no symbol: every path's gap grows, and a path past the limit ends. */
  addGap(
    weight: number,
    limit: number,
    plainState: number,
    plainRing: Int32Array,
    plainPosition: number,
    depth: Int32Array,
    keepDistinct: boolean,
  ): void {
    for (let path = 0; path < this.count; path++) {
      this.gaps[path]! += weight;
      if (this.gaps[path]! > limit) this.states[path] = -1;
    }
    this.compact(plainState, plainRing, plainPosition, depth, keepDistinct);
  }

  /**
   * Drops ended paths (-1, the root) and a path in the state of the plain path or of another path: the plain
   * path's spans are the tightest, and of two paths the later start wins. With `keepDistinct` (class doubles, where
   * the tighter span can be wrong for a word and a wider one right) only a path whose spans would be the same as
   * the other's from now on is dropped.
   */
  compact(
    plainState: number,
    plainRing: Int32Array,
    plainPosition: number,
    depth: Int32Array,
    keepDistinct: boolean,
  ): void {
    const size = this.ringSize;
    const mask = size - 1;
    let kept = 0;
    for (let path = 0; path < this.count; path++) {
      const state = this.states[path]!;
      if (state <= 0) continue;
      const base = path * size;
      const position = this.positions[path]!;
      const length = depth[state]!;
      if (state === plainState) {
        if (!keepDistinct || this.sameStarts(base, position, plainRing, 0, plainPosition, length)) continue;
      }
      let twin = -1;
      for (let other = 0; other < kept && twin < 0; other++) {
        if (this.states[other] !== state) continue;
        const otherPosition = this.positions[other]!;
        if (!keepDistinct || this.sameStarts(base, position, this.rings, other * size, otherPosition, length))
          twin = other;
      }
      if (twin >= 0) {
        // Keep the tighter of the two (the later start at the state's full depth).
        const startOf = (at: number) => this.rings[at * size + ((this.positions[at]! - length) & mask)]!;
        if (startOf(path) > startOf(twin)) this.move(path, twin);
        continue;
      }
      if (kept !== path) this.move(path, kept);
      kept++;
    }
    this.count = kept;
  }

  /** Do two rings hold the same last `length` starts? */
  private sameStarts(
    base: number,
    position: number,
    ring: Int32Array,
    otherBase: number,
    otherPosition: number,
    length: number,
  ): boolean {
    const mask = this.ringSize - 1;
    for (let back = 1; back <= length; back++) {
      if (this.rings[base + ((position - back) & mask)] !== ring[otherBase + ((otherPosition - back) & mask)])
        return false;
    }
    return true;
  }

  private move(from: number, to: number): void {
    this.states[to] = this.states[from]!;
    this.gaps[to] = this.gaps[from]!;
    this.positions[to] = this.positions[from]!;
    this.rings.copyWithin(to * this.ringSize, from * this.ringSize, (from + 1) * this.ringSize);
  }
}

const severityOrder = { low: 1, medium: 2, high: 3, critical: 4 } as const;
const ruleOrder: Record<MatchRule, number> = {
  literal: 0,
  normalised: 1,
  homophone: 2,
  split: 3,
  pinyin: 4,
  reversed: 5,
  detector: 6,
};

class CompiledEngine implements SensitiveEngine {
  readonly lists: SensitiveList[];
  readonly stats: EngineStats;
  private readonly union: UnionOptions;
  private readonly normaliser: CharNormaliser;
  private readonly automaton: Automaton;
  /** Entries themselves are shared between engines (see preparedCache). */
  private readonly entries: Entry[];
  /** Entry records grouped by output (ENTRY_STRIDE each); checks, list and flags per entry of this engine. */
  private readonly entryData: Int32Array;
  private readonly charClass: Int32Array;
  /**
   * The root's transition and that state's output per symbol, side by side: most steps end at the root's child
   * (see Automaton.pairBits), and then read neither the state's record nor a second array.
   */
  private readonly rootSteps: Int32Array;
  private readonly symbolOfAstral: Map<number, number>;
  private readonly symbolOfBmp: Int32Array;
  private readonly astralClass = new Map<number, number>();
  /** Per list: re-checks with its options, without and with homophone folding. */
  private readonly checks: [SpanCheck, SpanCheck][];
  private readonly cueCheck: SpanCheck;
  /** UTF-16 units the union's homophone folding changes (high surrogates included, to be safe). */
  private readonly foldedUnits: Uint8Array | undefined;
  private readonly gapLimit: number;
  private readonly ring: Int32Array;
  private readonly sides: SidePaths;
  /**
   * Some word sees two characters where the union sees one class (地皓浩 is 地号号 to the matcher when another list
   * folds homophones): a path's tighter span may then be wrong for that word and a wider one right, so side paths
   * keep their spans beside the plain path's instead of giving way to the tighter one (see SidePaths.compact).
   */
  private readonly keepWiderSpans: boolean;
  /** States a repeat may reach as a double of the union's classes only (see classDoublesOf); undefined if none. */
  private readonly classDoubles: Uint8Array | undefined;
  private readonly hasAllowList: boolean;
  /**
   * The normalised hits of the message being scanned, with the entry record (offset into entryData) each was matched
   * with; the string and check are looked up only when an allow span needs them. The arrays are reused; a scan
   * counts its own entries.
   */
  private readonly spelled = {
    hits: [] as SensitiveHit[],
    records: [] as number[],
  };
  private raw: Int32Array = new Int32Array(3 * 256);
  /** Did a side path add a candidate in the text being scanned? Only then can a hit hold another (see dedupe). */
  private sidesFound = false;
  /** Allow spans of the message being scanned, as [from, to] pairs; reused between messages. */
  private allowSpans: Int32Array = new Int32Array(2 * 16);
  private readonly detectorKinds: ReadonlySet<DetectorKind>;
  private readonly detectorSettings: Record<DetectorKind, DetectorSetting>;
  private readonly detectorOptions: DetectorRunOptions;
  private readonly cueWords: ReturnType<typeof scamCueWords>;

  constructor(inputs: readonly (SensitiveListInput | SensitiveList)[], options: EngineOptions) {
    const started = performance.now();
    this.lists = inputs.map((input) => completeList(input));
    const { kinds, settings } = resolveDetectors(options.detectors);
    // Scam cue words are matched like a list with the default options, whatever the user lists switch off.
    const union = unionOptions(
      [...this.lists.map((list) => list.options), ...(kinds.has('scam') ? [defaultListOptions] : [])],
      this.lists.some(usesHomophones),
    );
    this.union = union;
    this.normaliser = normaliserFor(union);
    this.gapLimit = union.noise ? gapBudget(union.maxGap) : 0;
    const unionKey = unionKeyOf(union);

    this.detectorKinds = kinds;
    this.detectorSettings = settings;
    this.detectorOptions = {
      enabled: kinds,
      competitorDomains: (options.competitorDomains ?? []).map(normaliseDomain).filter(Boolean),
    };

    const entries: Entry[] = [];
    const listOfEntry: number[] = [];
    this.lists.forEach((list, listIndex) => {
      for (const entry of prepareList(inputs[listIndex]!, list, this.normaliser, unionKey)) {
        entries.push(entry);
        listOfEntry.push(listIndex);
      }
    });
    this.cueWords = kinds.has('scam') ? scamCueWords() : [];
    this.cueWords.forEach(({ word }, cue) => {
      const points = this.normaliser.pattern(word);
      listOfEntry.push(-1);
      entries.push({
        wordIndex: -1,
        text: word,
        variant: 'base',
        boundaryStart: 0,
        boundaryEnd: 0,
        points,
        cue,
        homophone: false,
        exact: exactness(unfoldingOf(this.normaliser), word, points),
        leading: '',
        trailing: '',
      });
    });
    this.entries = entries;
    this.checks = this.lists.map((list) => [spanCheck(list.options, false), spanCheck(list.options, true)]);
    this.cueCheck = spanCheck(defaultListOptions, false);
    this.hasAllowList = this.lists.some((list) => list.kind === 'allow');
    const listChecks = this.lists.map((list) => listNeedsCheck(list.options, union));
    /** CHECK_NONE, or re-check the span with the list's options (CHECK_PLAIN) or with homophones folded. */
    const checkModeOf = (entry: Entry, listIndex: number): number => {
      const listCheck = listIndex >= 0 && listChecks[listIndex]!;
      if (entry.homophone) return listCheck ? CHECK_HOMOPHONE : CHECK_NONE;
      if (listCheck || entry.exact === EXACT_ALWAYS) return CHECK_PLAIN;
      return entry.exact === EXACT_SPAN ? CHECK_UNFOLDED : CHECK_NONE;
    };
    this.foldedUnits = union.foldHomophones ? foldedUnitsOf(this.normaliser, union) : undefined;

    // Alphabet: dense symbols for the normalised code points the compiled strings use.
    const symbolOfBmp = new Int32Array(0x10000);
    const symbolOfAstral = new Map<number, number>();
    let alphabetSize = 0;
    const patterns: Int32Array[] = new Array<Int32Array>(entries.length);
    for (let index = 0; index < entries.length; index++) {
      const points = entries[index]!.points;
      const symbols = new Int32Array(points.length);
      for (let position = 0; position < points.length; position++) {
        const cp = points[position]!;
        let symbol = cp < 0x10000 ? symbolOfBmp[cp]! : (symbolOfAstral.get(cp) ?? 0);
        if (symbol === 0) {
          symbol = ++alphabetSize;
          if (cp < 0x10000) symbolOfBmp[cp] = symbol;
          else symbolOfAstral.set(cp, symbol);
        }
        symbols[position] = symbol;
      }
      patterns[index] = symbols;
    }
    this.symbolOfAstral = symbolOfAstral;
    this.symbolOfBmp = symbolOfBmp;
    const automaton = buildAutomaton(patterns, alphabetSize);
    this.automaton = automaton;
    // The normaliser each compiled string is re-checked with: narrower than the union's for a list with a step
    // off, or for a word that takes no homophones when some list folds them.
    const ownNormaliser = (index: number): CharNormaliser => {
      const listIndex = listOfEntry[index]!;
      if (listIndex < 0) return this.cueCheck.normaliser;
      return this.checks[listIndex]![entries[index]!.homophone ? 1 : 0].normaliser;
    };
    this.keepWiderSpans = entries.some((_, index) => ownNormaliser(index) !== this.normaliser);
    this.classDoubles = this.keepWiderSpans
      ? classDoublesOf(automaton, entries, patterns, this.normaliser, ownNormaliser)
      : undefined;

    // Entry records grouped by output, in entry order within a group.
    const { outputs, terminalOf } = automaton;
    for (let index = 0; index < entries.length; index++) {
      if (terminalOf[index]! > 0) outputs[terminalOf[index]! * OUTPUT_STRIDE + OUTPUT_ENTRIES_END]!++;
    }
    let grouped = 0;
    for (let output = 1; output <= automaton.outputCount; output++) {
      const record = output * OUTPUT_STRIDE;
      const count = outputs[record + OUTPUT_ENTRIES_END]!;
      outputs[record + OUTPUT_ENTRIES] = grouped;
      outputs[record + OUTPUT_ENTRIES_END] = grouped;
      grouped += count;
    }
    const entryData = new Int32Array(grouped * ENTRY_STRIDE);
    for (let index = 0; index < entries.length; index++) {
      const output = terminalOf[index]!;
      if (output <= 0) continue;
      const entry = entries[index]!;
      const listIndex = listOfEntry[index]!;
      const at = outputs[output * OUTPUT_STRIDE + OUTPUT_ENTRIES_END]!++ * ENTRY_STRIDE;
      const edges =
        entry.boundaryStart !== BOUNDARY_NONE ||
        entry.boundaryEnd !== BOUNDARY_NONE ||
        entry.leading ||
        entry.trailing;
      entryData[at + ENTRY_INDEX] = index;
      entryData[at + ENTRY_WORD] = entry.wordIndex;
      entryData[at + ENTRY_OWNER] = entry.cue >= 0 ? -1 - entry.cue : listIndex;
      entryData[at + ENTRY_INFO] =
        checkModeOf(entry, listIndex) |
        (edges ? INFO_EDGES : 0) |
        (listIndex >= 0 && this.lists[listIndex]!.kind === 'allow' ? INFO_ALLOW : 0) |
        (entry.homophone ? INFO_HOMOPHONE : 0) |
        (variantRules.indexOf(entry.variant) << INFO_VARIANT_SHIFT);
    }
    this.entryData = entryData;

    // One class per UTF-16 unit: a symbol (flagged when it is also noise), noise weight (negative), 0 or ASTRAL.
    const charClass = new Int32Array(0x10000);
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdbff) {
        charClass[unit] = ASTRAL;
        continue;
      }
      if (unit >= 0xdc00 && unit <= 0xdfff) continue;
      const mapped = this.normaliser.bmp[unit]!;
      charClass[unit] = this.classify(
        mapped,
        mapped < 0x10000 ? symbolOfBmp[mapped]! : (symbolOfAstral.get(mapped) ?? 0),
      );
    }
    this.charClass = charClass;
    const rootSteps = new Int32Array((alphabetSize + 1) * 2);
    for (let symbol = 1; symbol <= alphabetSize; symbol++) {
      const target = automaton.rootNext[symbol]!;
      rootSteps[symbol * 2] = target;
      rootSteps[symbol * 2 + 1] = target === 0 ? 0 : automaton.nodes[target * NODE_STRIDE + NODE_OUTPUT]!;
    }
    this.rootSteps = rootSteps;
    let ringSize = 16;
    while (ringSize <= automaton.maxDepth + 1) ringSize *= 2;
    this.ring = new Int32Array(ringSize);
    this.sides = new SidePaths(ringSize);

    this.stats = {
      lists: this.lists.length,
      words: this.lists.reduce((sum, list) => sum + list.words.length, 0),
      patterns: entries.length,
      states: automaton.stateCount,
      alphabet: alphabetSize,
      buildMs: performance.now() - started,
    };
  }

  private classify(mapped: number, symbol: number): number {
    const weight = this.normaliser.noise(mapped);
    if (symbol > 0) return weight > 0 ? symbol | NOISE_SYMBOL : symbol;
    return -weight;
  }

  private classOfAstral(cp: number): number {
    let value = this.astralClass.get(cp);
    if (value === undefined) {
      const mapped = this.normaliser.map(cp);
      const symbol = mapped < 0x10000 ? this.symbolOfBmp[mapped]! : (this.symbolOfAstral.get(mapped) ?? 0);
      value = this.classify(mapped, symbol);
      this.astralClass.set(cp, value);
    }
    return value;
  }

  /** Raw candidates as [terminal state, start, end] triples; returns how many. */
  private collect(text: string): number {
    const automaton = this.automaton;
    const charClass = this.charClass;
    const rootSteps = this.rootSteps;
    const nodes = automaton.nodes;
    const childSlots = automaton.childSlots;
    const childTags = automaton.childTags;
    const outputs = automaton.outputs;
    const depth = automaton.depth;
    const pairBits = automaton.pairBits;
    const pairShift = automaton.pairShift;
    const keepWiderSpans = this.keepWiderSpans;
    const classDoubles = this.classDoubles;
    const ring = this.ring;
    const ringMask = ring.length - 1;
    const repeat = this.union.repeat;
    const gapLimit = this.gapLimit;
    let raw = this.raw;
    let rawCount = 0;

    let state = 0;
    let previousSymbol = -1;
    let gap = 0;
    let position = 0;
    // Side paths run beside the plain Aho-Corasick path only while they differ from it: each skips what the plain
    // path consumed — a repeated character (傻傻逼 → 傻逼) or a noise character that is also a keyword (微🍆信 → 微信).
    // The plain path alone guarantees every literal occurrence; the side paths add the evasions.
    const sides = this.sides;
    // sides.count, kept in a local for the loop's test (most characters have no side path to step).
    let sideCount = 0;

    const length = text.length;
    for (let index = 0; index < length; index++) {
      const start = index;
      let value = charClass[text.charCodeAt(index)]!;
      if (value === ASTRAL) {
        const low = text.charCodeAt(index + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          value = this.classOfAstral(text.codePointAt(index)!);
          index++;
        } else {
          value = 0;
        }
      }
      if (value > 0) {
        const noiseSymbol = value >= NOISE_SYMBOL;
        const symbol = noiseSymbol ? value & ~NOISE_SYMBOL : value;
        // Aho-Corasick step, inlined: direct edge, else fail links; straight to the root's transition when the pair
        // filter shows that no state on the fail chain takes the symbol.
        let next = 0;
        let from = state;
        if (from !== 0) {
          const pair = pairSlot(previousSymbol, symbol, pairShift);
          if ((pairBits[pair >>> 5]! & (1 << (pair & 31))) === 0) from = 0;
        }
        const tag = from === 0 ? 0 : childTag(symbol);
        while (from !== 0) {
          const at = from * NODE_STRIDE;
          const child = nodes[at + NODE_CHILD]!;
          if (child === symbol) {
            next = nodes[at + NODE_TARGET]!;
            break;
          }
          if (child < 0) {
            const base = -child - 1;
            const mask = nodes[at + NODE_TARGET]!;
            let slot = childHash(symbol) & mask;
            let found = 0;
            for (;;) {
              const stored = childTags[base + slot]!;
              if (stored === tag && childSlots[(base + slot) * 2] === symbol) {
                found = childSlots[(base + slot) * 2 + 1]!;
                break;
              }
              if (stored === 0) break;
              slot = (slot + 1) & mask;
            }
            if (found !== 0) {
              next = found;
              break;
            }
          }
          from = nodes[at + NODE_FAIL]!;
        }
        let output = 0;
        if (from === 0) {
          next = rootSteps[symbol * 2]!;
          output = rootSteps[symbol * 2 + 1]!;
        } else if (next >= TARGET_HAS_OUTPUT) {
          next &= TARGET_STATE;
          output = nodes[next * NODE_STRIDE + NODE_OUTPUT]!;
        }
        const end = index + 1;
        const repeated = repeat && symbol === previousSymbol;

        const before = state;
        const beforeGap = gap;
        const beforePosition = position;
        gap = 0;
        state = next;
        ring[position++ & ringMask] = start;
        previousSymbol = symbol;
        if (sideCount > 0) {
          rawCount = this.stepSides(symbol, noiseSymbol, repeated, next, position, start, rawCount);
          raw = this.raw;
          sideCount = sides.count;
        }
        // Skipping this character is the alternative to the plain path's step, taken beside it: a repeat the plain
        // path cannot take (or takes only as a class double, see classDoublesOf), or a noise symbol it cannot take.
        // The ring reads only below the position the path leaves at, so the ring as it is now serves.
        if (before !== 0) {
          if (repeated) {
            // A class double is skipped even where the plain path stays in its state (发髮發發天: the path that took
            // 髮發 must be able to skip the second 發 while the plain path moves on to 發發).
            if (classDoubles?.[next] === 1 || (next !== before && depth[next]! <= depth[before]!)) {
              sides.spawn(before, 0, ring, beforePosition);
              sideCount = sides.count;
            }
          } else if (
            next !== before &&
            noiseSymbol &&
            beforeGap + NOISE_VISIBLE <= gapLimit &&
            directEdge(automaton, before, symbol) < 0
          ) {
            sides.spawn(before, beforeGap + NOISE_VISIBLE, ring, beforePosition);
            sideCount = sides.count;
          }
        }
        while (output !== 0) {
          if (rawCount * 3 + 3 > raw.length) {
            this.grow();
            raw = this.raw;
          }
          const record = output * OUTPUT_STRIDE;
          raw[rawCount * 3] = output;
          raw[rawCount * 3 + 1] = ring[(position - outputs[record + OUTPUT_DEPTH]!) & ringMask]!;
          raw[rawCount * 3 + 2] = end;
          rawCount++;
          output = outputs[record + OUTPUT_NEXT]!;
        }
      } else if (value === 0) {
        state = 0;
        sides.count = 0;
        sideCount = 0;
        previousSymbol = -1;
        gap = 0;
      } else {
        if (sideCount > 0) {
          sides.addGap(-value, gapLimit, state, ring, position, depth, keepWiderSpans);
          sideCount = sides.count;
        }
        if (state !== 0) {
          gap -= value;
          if (gap > gapLimit) {
            state = 0;
            previousSymbol = -1;
            gap = 0;
          }
        }
      }
    }
    sides.count = 0;
    return rawCount;
  }

  /**
   * One character for every side path: a path skips a noise symbol it cannot take, and takes any other character;
   * a repeat it cannot take, or takes only as a class double, it also skips (a copy does), and takes it through the
   * fail links all the same (its suffixes are not the plain path's). The plain path has taken the character already
   * (`plainState`, `plainPosition`).
   */
  private stepSides(
    symbol: number,
    noiseSymbol: boolean,
    repeated: boolean,
    plainState: number,
    plainPosition: number,
    start: number,
    rawCount: number,
  ): number {
    const automaton = this.automaton;
    const sides = this.sides;
    const classDoubles = this.classDoubles;
    const rings = sides.rings;
    const ringSize = sides.ringSize;
    const mask = ringSize - 1;
    let found = rawCount;
    const count = sides.count;
    for (let path = 0; path < count; path++) {
      const current = sides.states[path]!;
      const edge = directEdge(automaton, current, symbol);
      // Skipping a noise symbol uses up the gap, repeated or not (as in spanMatches).
      const skipGap = sides.gaps[path]! + (noiseSymbol ? NOISE_VISIBLE : 0);
      if (repeated) {
        // Where it cannot take the repeat, or takes it only as a class double (see classDoublesOf), a copy skips it.
        if (skipGap <= this.gapLimit && (edge < 0 || classDoubles?.[edge] === 1)) sides.copy(path, skipGap);
      } else if (noiseSymbol && edge < 0) {
        sides.gaps[path] = skipGap;
        if (skipGap > this.gapLimit) sides.states[path] = -1;
        continue;
      }
      const next = edge >= 0 ? edge : transition(automaton, current, symbol);
      sides.states[path] = next;
      sides.gaps[path] = 0;
      const base = path * ringSize;
      rings[base + (sides.positions[path]!++ & mask)] = start;
      if (next !== 0) {
        found = this.emit(
          next,
          rings,
          base,
          sides.positions[path]!,
          plainState,
          plainPosition,
          start + 1,
          found,
        );
      }
    }
    sides.compact(plainState, this.ring, plainPosition, automaton.depth, this.keepWiderSpans);
    return found;
  }

  /**
   * Outputs of a side path, except those the plain path reports at the same end: its span is tighter. Where the
   * tighter span can be wrong for a word (see keepWiderSpans), only the same span is left out.
   */
  private emit(
    state: number,
    ring: Int32Array,
    base: number,
    position: number,
    plainState: number,
    plainPosition: number,
    end: number,
    rawCount: number,
  ): number {
    const { nodes, outputs } = this.automaton;
    const mask = this.sides.ringSize - 1;
    const plainRing = this.ring;
    let count = rawCount;
    let output = nodes[state * NODE_STRIDE + NODE_OUTPUT]!;
    for (; output !== 0; output = outputs[output * OUTPUT_STRIDE + OUTPUT_NEXT]!) {
      const length = outputs[output * OUTPUT_STRIDE + OUTPUT_DEPTH]!;
      const start = ring[base + ((position - length) & mask)]!;
      let plain = nodes[plainState * NODE_STRIDE + NODE_OUTPUT]!;
      while (plain !== 0 && plain !== output) plain = outputs[plain * OUTPUT_STRIDE + OUTPUT_NEXT]!;
      if (
        plain === output &&
        (!this.keepWiderSpans || plainRing[(plainPosition - length) & mask] === start)
      ) {
        continue;
      }
      if (count * 3 + 3 > this.raw.length) this.grow();
      this.sidesFound = true;
      this.raw[count * 3] = output;
      this.raw[count * 3 + 1] = start;
      this.raw[count * 3 + 2] = end;
      count++;
    }
    return count;
  }

  private grow(): void {
    const bigger = new Int32Array(this.raw.length * 2);
    bigger.set(this.raw);
    this.raw = bigger;
  }

  /** The normalised neighbour of a span end; `loose` skips noise like the match itself did. */
  private neighbour(text: string, index: number, direction: -1 | 1, loose: boolean): number | undefined {
    let cursor = index;
    let budget = this.gapLimit;
    for (;;) {
      if (direction < 0 ? cursor <= 0 : cursor >= text.length) return undefined;
      const cp = direction < 0 ? codePointBefore(text, cursor) : text.codePointAt(cursor)!;
      cursor += direction * (cp > 0xffff ? 2 : 1);
      const mapped = this.normaliser.map(cp);
      const weight = this.normaliser.noise(mapped);
      if (weight === NOISE_INVISIBLE || (loose && weight > 0 && (budget -= weight) >= 0)) continue;
      return mapped;
    }
  }

  private boundaryHolds(text: string, start: number, end: number, entry: Entry): boolean {
    if (entry.boundaryStart === BOUNDARY_NONE && entry.boundaryEnd === BOUNDARY_NONE) return true;
    const loose = countCodePoints(text, start, end) > entry.points.length;
    if (entry.boundaryStart !== BOUNDARY_NONE) {
      const before = this.neighbour(text, start, -1, loose);
      if (before !== undefined && boundaryAt(before, entry.boundaryStart) !== BOUNDARY_NONE) return false;
    }
    if (entry.boundaryEnd !== BOUNDARY_NONE) {
      const after = this.neighbour(text, end, 1, loose);
      if (after !== undefined && boundaryAt(after, entry.boundaryEnd) !== BOUNDARY_NONE) return false;
    }
    return true;
  }

  scan(text: string): SensitiveHit[] {
    this.sidesFound = false;
    const rawCount = this.entries.length > 0 ? this.collect(text) : 0;
    let hits: SensitiveHit[] | undefined;
    let allowCount = 0;
    let cues: CueHit[] | undefined;
    // What each normalised hit spells, to find the repeats it collapsed (see removeAllowed).
    const spelled = this.spelled;
    let spelledCount = 0;
    const raw = this.raw;
    const outputs = this.automaton.outputs;
    const entryData = this.entryData;
    for (let index = 0; index < rawCount; index++) {
      const record = raw[index * 3]! * OUTPUT_STRIDE;
      const start = raw[index * 3 + 1]!;
      const end = raw[index * 3 + 2]!;
      const last = outputs[record + OUTPUT_ENTRIES_END]! * ENTRY_STRIDE;
      for (let at = outputs[record + OUTPUT_ENTRIES]! * ENTRY_STRIDE; at < last; at += ENTRY_STRIDE) {
        const owner = entryData[at + ENTRY_OWNER]!;
        const info = entryData[at + ENTRY_INFO]!;
        const mode = info & INFO_CHECK;
        // A cue word is checked with the default options: never with homophones, whatever the lists flag.
        if (
          mode !== CHECK_NONE &&
          (mode !== CHECK_UNFOLDED || this.spanFolded(text, start, end)) &&
          !spanMatches(
            text,
            start,
            end,
            this.entries[entryData[at + ENTRY_INDEX]!]!.text,
            owner < 0 ? this.cueCheck : this.checks[owner]![mode === CHECK_HOMOPHONE ? 1 : 0],
          )
        ) {
          continue;
        }
        if (owner < 0) {
          (cues ??= []).push({ cue: -1 - owner, start, end });
          continue;
        }
        let from = start;
        let to = end;
        if (info & INFO_EDGES) {
          const entry = this.entries[entryData[at + ENTRY_INDEX]!]!;
          if (!this.boundaryHolds(text, start, end, entry)) continue;
          if (entry.leading && text.startsWith(entry.leading, start - entry.leading.length))
            from -= entry.leading.length;
          if (entry.trailing && text.startsWith(entry.trailing, end)) to += entry.trailing.length;
        }
        if (info & INFO_ALLOW) {
          this.keepAllowSpan(allowCount++, from, to);
          continue;
        }
        const list = this.lists[owner]!;
        const word = list.words[entryData[at + ENTRY_WORD]!]!;
        // Most hits spell their word exactly: compared in place, the word's own string serves as the hit's text.
        const literal = to - from === word.word.length && text.startsWith(word.word, from);
        const original = literal ? word.word : text.slice(from, to);
        const severity = word.severity ?? list.severity;
        const variant = variantRules[info >>> INFO_VARIANT_SHIFT]!;
        const rule: MatchRule =
          variant !== 'base'
            ? variant
            : literal
              ? 'literal'
              : info & INFO_HOMOPHONE &&
                  !spanMatches(
                    text,
                    start,
                    end,
                    this.entries[entryData[at + ENTRY_INDEX]!]!.text,
                    this.checks[owner]![0],
                  )
                ? 'homophone'
                : 'normalised';
        const hit: SensitiveHit = {
          start: from,
          end: to,
          text: original,
          word: word.word,
          list: list.name,
          category: word.category ?? list.category,
          // A homophone can be a real word (很有威信): it says less than the word itself, so one level lower.
          severity: rule === 'homophone' ? lowerSeverity(severity) : severity,
          action: word.action ?? list.action,
          rule,
        };
        (hits ??= []).push(hit);
        if (this.hasAllowList && (rule === 'normalised' || rule === 'homophone')) {
          spelled.hits[spelledCount] = hit;
          spelled.records[spelledCount++] = at;
        }
      }
    }
    if (this.detectorKinds.size > 0) {
      for (const finding of runDetectors(text, this.detectorOptions))
        (hits ??= []).push(this.detectorHit(text, finding));
      if (cues) {
        for (const finding of evaluateScamRules(text, cues, this.cueWords)) {
          (hits ??= []).push(this.detectorHit(text, finding));
        }
      }
    }
    if (!hits) return [];
    dedupe(hits);
    if (this.sidesFound && hits.length > 1) dropHoldingHits(hits);
    if (allowCount > 0) {
      removeAllowed(hits, this.allowSpans, allowCount, (hit) => {
        let index = 0;
        while (index < spelledCount && spelled.hits[index] !== hit) index++;
        const repeats: number[] = [];
        if (index < spelledCount) {
          const at = spelled.records[index]!;
          const check = this.checks[entryData[at + ENTRY_OWNER]!]![
            entryData[at + ENTRY_INFO]! & INFO_HOMOPHONE ? 1 : 0
          ];
          spanMatches(text, hit.start, hit.end, this.entries[entryData[at + ENTRY_INDEX]!]!.text, check, repeats);
        }
        return repeats;
      });
    }
    return hits;
  }

  /** Stores the allow span number `count` in the reused buffer, growing it when full. */
  private keepAllowSpan(count: number, from: number, to: number): void {
    if (count * 2 + 2 > this.allowSpans.length) {
      const bigger = new Int32Array(this.allowSpans.length * 2);
      bigger.set(this.allowSpans);
      this.allowSpans = bigger;
    }
    this.allowSpans[count * 2] = from;
    this.allowSpans[count * 2 + 1] = to;
  }

  /** Does the span hold a character the homophone folding changed? Most hits do not, and need no re-check. */
  private spanFolded(text: string, start: number, end: number): boolean {
    const folded = this.foldedUnits;
    if (!folded) return false;
    for (let index = start; index < end; index++) if (folded[text.charCodeAt(index)]) return true;
    return false;
  }

  private detectorHit(text: string, finding: DetectorFinding): SensitiveHit {
    const setting = this.detectorSettings[finding.kind];
    const competitor = finding.competitor === true;
    return {
      start: finding.start,
      end: finding.end,
      text: text.slice(finding.start, finding.end),
      word: finding.value,
      list: `detector:${finding.kind}`,
      category: competitor ? 'competitor' : setting.category,
      severity:
        competitor && severityOrder[setting.severity] < severityOrder.high ? 'high' : setting.severity,
      action: setting.action,
      rule: 'detector',
      detector: finding.kind,
    };
  }
}

/** Units whose normalised form differs with and without homophone folding. */
function foldedUnitsOf(normaliser: CharNormaliser, union: UnionOptions): Uint8Array {
  const plain = normaliserFor({ ...union, foldHomophones: false });
  const units = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (normaliser.bmp[unit] !== plain.bmp[unit] || (unit >= 0xd800 && unit <= 0xdbff)) units[unit] = 1;
  }
  return units;
}

function lowerSeverity(severity: Severity): Severity {
  return severities[Math.max(0, severities.indexOf(severity) - 1)]!;
}

function listNeedsCheck(options: ListOptions, union: ListOptions): boolean {
  if (matchingSteps.some((step) => options[step] !== union[step])) return true;
  return options.noise && options.maxGap < union.maxGap;
}

function resolveDetectors(config: EngineOptions['detectors']): {
  kinds: Set<DetectorKind>;
  settings: Record<DetectorKind, DetectorSetting>;
} {
  const kinds = new Set<DetectorKind>();
  const settings = { ...defaultDetectorSettings };
  if (config === false) return { kinds, settings };
  for (const kind of detectorKinds) {
    const value = config?.[kind];
    if (value === false) continue;
    kinds.add(kind);
    if (typeof value === 'object') settings[kind] = { ...settings[kind], ...value };
  }
  return { kinds, settings };
}

/**
 * Drops, in place, the hits an allow span covers, and those that collapsed a repeat inside an allow span: they
 * read the allowed phrase's real double as a stutter (他妈妈的 holds no 他妈的 when 他妈妈 is allowed). Crisis words
 * stand whatever is allowed around them.
 */
function removeAllowed(
  hits: SensitiveHit[],
  spans: Int32Array,
  spanCount: number,
  repeatsOf: (hit: SensitiveHit) => readonly number[],
): void {
  let kept = 0;
  for (const hit of hits) {
    let allowed = false;
    if (hit.category !== 'crisis') {
      let repeats: readonly number[] | undefined;
      for (let span = 0; span < spanCount && !allowed; span++) {
        const from = spans[span * 2]!;
        const to = spans[span * 2 + 1]!;
        allowed = from <= hit.start && hit.end <= to;
        if (!allowed && hit.rule !== 'literal' && from < hit.end && hit.start < to) {
          repeats ??= repeatsOf(hit);
          allowed = repeats.some((repeat) => from < repeat && repeat < to);
        }
      }
    }
    if (!allowed) hits[kept++] = hit;
  }
  hits.length = kept;
}

/** Few enough hits to sort by insertion (they arrive nearly in order: by end, not start). */
const INSERTION_SORT_LIMIT = 32;

/**
 * Sorted by position, one hit per (list, word, span), the plainest rule first (variants can meet on a span). Sorts
 * and compacts the array in place: it is the scan's own.
 */
function dedupe(hits: SensitiveHit[]): SensitiveHit[] {
  const count = hits.length;
  if (count < 2) return hits;
  if (count > INSERTION_SORT_LIMIT) hits.sort(compareHits);
  else {
    // Stable, like Array.prototype.sort.
    for (let index = 1; index < count; index++) {
      const hit = hits[index]!;
      let at = index - 1;
      if (compareHits(hits[at]!, hit) <= 0) continue;
      do {
        hits[at + 1] = hits[at]!;
        at--;
      } while (at >= 0 && compareHits(hits[at]!, hit) > 0);
      hits[at + 1] = hit;
    }
  }
  let kept = 1;
  let previous = hits[0]!;
  for (let index = 1; index < count; index++) {
    const hit = hits[index]!;
    const same =
      previous.start === hit.start &&
      previous.end === hit.end &&
      previous.list === hit.list &&
      previous.word === hit.word;
    if (!same) hits[kept++] = hit;
    previous = hit;
  }
  hits.length = kept;
  return hits;
}

/**
 * Drops, in place, a hit whose span holds a tighter hit of the same word and list (地皓浩浩 holds 地皓浩 by a
 * repeat collapsed at its end, found by a side path): the tighter span says it all. Hits are sorted by start, then
 * end.
 */
function dropHoldingHits(hits: SensitiveHit[]): void {
  const count = hits.length;
  let dropped: Uint8Array | undefined;
  for (let index = 0; index < count; index++) {
    const hit = hits[index]!;
    if (hit.rule === 'detector') continue;
    let holds = false;
    // Held hits start where this one does and end sooner (before it), or start later (after it).
    for (let at = index - 1; at >= 0 && !holds; at--) {
      const other = hits[at]!;
      if (other.start !== hit.start) break;
      holds = other.word === hit.word && other.list === hit.list;
    }
    for (let at = index + 1; at < count && !holds; at++) {
      const other = hits[at]!;
      if (other.start >= hit.end) break;
      holds = other.end <= hit.end && other.word === hit.word && other.list === hit.list;
    }
    if (holds) (dropped ??= new Uint8Array(count))[index] = 1;
  }
  if (!dropped) return;
  let kept = 0;
  for (let index = 0; index < count; index++) if (!dropped[index]) hits[kept++] = hits[index]!;
  hits.length = kept;
}

function compareHits(a: SensitiveHit, b: SensitiveHit): number {
  return (
    a.start - b.start ||
    a.end - b.end ||
    compareText(a.list, b.list) ||
    compareText(a.word, b.word) ||
    ruleOrder[a.rule] - ruleOrder[b.rule]
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compiles lists into an engine. Rebuilding after an edit reuses the prepared words of unchanged list objects. */
export function compileEngine(
  lists: readonly (SensitiveListInput | SensitiveList)[],
  options: EngineOptions = {},
): SensitiveEngine {
  return new CompiledEngine(lists, options);
}
