/**
 * Sensitive-word and risk engine: the list model, the options of the normalisation pipeline and the hit shape.
 * Everything here is JSON-safe so lists and hits can cross IPC and be stored as-is.
 */

export const sensitiveCategories = [
  'ads',
  'scam',
  'competitor',
  'privacy',
  'abuse',
  'crisis',
  'complaint',
  'custom',
] as const;
/** 广告引流 / 诈骗 / 竞品 / 隐私 / 辱骂 / 危机 / 投诉 / 自定义 */
export type SensitiveCategory = (typeof sensitiveCategories)[number];

export const severities = ['low', 'medium', 'high', 'critical'] as const;
/** 低 / 中 / 高 / 严重 */
export type Severity = (typeof severities)[number];

export const suggestedActions = ['remind', 'recall', 'mute', 'warnPrivately', 'remove'] as const;
/** 提醒 / 撤回 / 禁言 / 私信警告 / 移出 */
export type SuggestedAction = (typeof suggestedActions)[number];

export const matchRules = [
  'literal',
  'normalised',
  'pinyin',
  'split',
  'reversed',
  'homophone',
  'detector',
] as const;
/**
 * How a hit was found: the exact text, after normalisation, through a pinyin, 拆字 or reversed (倒序) variant, with a
 * homophone (谐音) in place of one of the word's characters, or by a detector.
 */
export type MatchRule = (typeof matchRules)[number];

export const detectorKinds = [
  'mobile',
  'landline',
  'idCard',
  'bankCard',
  'email',
  'url',
  'ipv4',
  'wechatId',
  'qq',
  'scam',
  'address',
] as const;
export type DetectorKind = (typeof detectorKinds)[number];

export const listKinds = ['deny', 'allow'] as const;
/** A deny list raises hits; an allow list's phrases cancel any hit they cover (crisis hits excepted). */
export type ListKind = (typeof listKinds)[number];

/** Character-level steps; each can be switched off per list. */
export const normalisationSteps = [
  'case',
  'width',
  'traditional',
  'digits',
  'letters',
  'noise',
  'repeat',
  'pinyin',
  'split',
  'reverse',
  'homophone',
] as const;
export type NormalisationStep = (typeof normalisationSteps)[number];

export interface ListOptions {
  /** Upper/lower case, including Cyrillic and Greek. */
  case: boolean;
  /** Full-width ↔ half-width (ＡＢＣ１２３，ideographic space). */
  width: boolean;
  /** Traditional → simplified (opencc-js character table), Kangxi radicals and compatibility ideographs. */
  traditional: boolean;
  /** ①⑴⒈❶➀㊀㈠⓵ⅰⅠ¹₁０ 零〇一…九 壹…玖 幺 两 → 0-9. */
  digits: boolean;
  /** Circled, parenthesised, squared and mathematical letters, Cyrillic/Greek look-alikes, accents. */
  letters: boolean;
  /** Skip punctuation, symbols, spaces, zero-width characters and emoji between a word's characters. */
  noise: boolean;
  /** Collapse repeated characters (傻傻傻逼) without breaking words with real doubles (妈妈). */
  repeat: boolean;
  /** Pinyin and pinyin-initial variants for words flagged `pinyin`. */
  pinyin: boolean;
  /** 拆字 variants (弓虽 → 强) from the split-character table. */
  split: boolean;
  /** The word written backwards (信微 for 微信) for words flagged `reverse`. */
  reverse: boolean;
  /** Homophones from the team's table (威/薇 for 微, 芯 for 信) in place of characters of words flagged `homophone`. */
  homophone: boolean;
  /** Most visible noise characters allowed between two characters of a word. */
  maxGap: number;
  /** Require ASCII/number word boundaries for every word of the list (otherwise per word). */
  boundary: boolean;
}

export const defaultListOptions: ListOptions = {
  case: true,
  width: true,
  traditional: true,
  digits: true,
  letters: true,
  noise: true,
  repeat: true,
  pinyin: true,
  split: true,
  reverse: true,
  homophone: true,
  maxGap: 4,
  boundary: false,
};

/** Every step off: literal matching only (a baseline, and the start of the engine's union of options). */
export const noNormalisation: ListOptions = {
  ...defaultListOptions,
  ...Object.fromEntries(normalisationSteps.map((step) => [step, false])),
  maxGap: 0,
};

/** Steps that only add spellings of flagged words (or all words, for 拆字) rather than fold the text. */
const variantSteps: readonly NormalisationStep[] = ['pinyin', 'split', 'reverse', 'homophone'];

/** The character-level steps that decide whether two texts are "the same" for every word of a list. */
export const matchingSteps = normalisationSteps.filter((step) => !variantSteps.includes(step));

/** Per-word flags (CSV options column): each opts the word in to a list-level step. */
export const wordFlags = ['pinyin', 'boundary', 'reverse', 'homophone'] as const;
export type WordFlag = (typeof wordFlags)[number];

/** The flags a word carries, in the order a list file writes them. */
export function wordFlagsOf(word: SensitiveWord): WordFlag[] {
  return wordFlags.filter((flag) => word[flag] === true);
}

export interface SensitiveWord {
  word: string;
  category?: SensitiveCategory;
  severity?: Severity;
  action?: SuggestedAction;
  /** Also match its pinyin and pinyin initials (weixin, wx, vx, 微xin). */
  pinyin?: boolean;
  /** ASCII letters/digits at the word's ends must not touch other letters/digits (`av` not in `have`). */
  boundary?: boolean;
  /** Also match the word written backwards (信微). */
  reverse?: boolean;
  /** Accept a homophone from the team's table for any of its characters (威信, 薇芯 for 微信). */
  homophone?: boolean;
}

export interface SensitiveList {
  name: string;
  kind: ListKind;
  category: SensitiveCategory;
  severity: Severity;
  action: SuggestedAction;
  options: ListOptions;
  words: SensitiveWord[];
}

/** What callers may pass: everything but the name and words has a default. */
export type SensitiveListInput = Pick<SensitiveList, 'name' | 'words'> &
  Partial<Omit<SensitiveList, 'name' | 'words' | 'options'>> & { options?: Partial<ListOptions> };

export interface SensitiveHit {
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** The original text of the span. */
  text: string;
  /** The listed word, or for detectors the normalised value (digits, host, id). */
  word: string;
  /** The list's name, or `detector:<kind>`. */
  list: string;
  category: SensitiveCategory;
  severity: Severity;
  action: SuggestedAction;
  rule: MatchRule;
  detector?: DetectorKind;
}

export const severityRank: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** Fills the defaults of a list given by a caller. */
export function completeList(input: SensitiveListInput): SensitiveList {
  return {
    name: input.name,
    kind: input.kind ?? 'deny',
    category: input.category ?? 'custom',
    severity: input.severity ?? 'medium',
    action: input.action ?? 'remind',
    options: { ...defaultListOptions, ...input.options },
    words: input.words,
  };
}
