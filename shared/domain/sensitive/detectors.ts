/**
 * Detectors beside the word lists: phone, ID-card and bank-card numbers (validated, not length-only), email, URLs and
 * bare domains, WeChat IDs and QQ numbers after a cue, street addresses. They run on a "view" of the text: every code
 * point normalised (digits 一/①/０ → 0-9, width, case, look-alike letters), invisible characters dropped, with a map
 * back to the original offsets. Scam phrasing is rule-based on cue words the matcher collects (see scamRules).
 */
import { findAddresses } from './address';
import { normaliserFor, NOISE_INVISIBLE, type CharNormaliser } from './normalise';
import type { DetectorKind, SensitiveCategory, Severity, SuggestedAction } from './types';

export interface DetectorSetting {
  category: SensitiveCategory;
  severity: Severity;
  action: SuggestedAction;
}

export const defaultDetectorSettings: Record<DetectorKind, DetectorSetting> = {
  mobile: { category: 'privacy', severity: 'medium', action: 'recall' },
  landline: { category: 'privacy', severity: 'low', action: 'remind' },
  idCard: { category: 'privacy', severity: 'high', action: 'recall' },
  bankCard: { category: 'privacy', severity: 'high', action: 'recall' },
  email: { category: 'privacy', severity: 'low', action: 'remind' },
  url: { category: 'ads', severity: 'medium', action: 'recall' },
  ipv4: { category: 'ads', severity: 'low', action: 'remind' },
  wechatId: { category: 'ads', severity: 'high', action: 'recall' },
  qq: { category: 'ads', severity: 'high', action: 'recall' },
  scam: { category: 'scam', severity: 'high', action: 'recall' },
  address: { category: 'privacy', severity: 'medium', action: 'recall' },
};

/** A detector finding in original-text offsets. */
export interface DetectorFinding {
  kind: DetectorKind;
  start: number;
  end: number;
  /** Normalised value: digits of a number, the URL or host, the ID. */
  value: string;
  /** Set when a URL's host is on the competitor-domain list. */
  competitor?: boolean;
}

const allSteps = { case: true, width: true, traditional: false, digits: true, letters: true, noise: true };
let viewNormaliser: CharNormaliser | undefined;
const detectorNormaliser = (): CharNormaliser => (viewNormaliser ??= normaliserFor(allSteps));

/** Cheap per-character flags: the prefilter below skips every detector that cannot fire on a text. */
const FLAG_DIGIT = 1;
const FLAG_LETTER = 2;
const FLAG_AT = 4;
const FLAG_DOT = 8;
const FLAG_SEPARATOR = 16;
const FLAG_QQ_CUE = 32;
const FLAG_ID_PUNCTUATION = 64;
const FLAG_INVISIBLE = 128;
/** Characters a WeChat-ID cue starts with: 加 + v w 微 薇 威 (vx, wx, 微信, 加我…). */
const FLAG_WECHAT_CUE = 256;
/** A high surrogate: astral characters (mathematical digits and letters…) are not in the table. */
const FLAG_ASTRAL = 512;
/**
 * What follows the number (or building letter) of an address: 号 栋 幢 座 室 房 弄 单(元) 户 组 楼 层 (3号楼, 2单元,
 * 502室, 302房, A座, 5楼502).
 */
const FLAG_ADDRESS_UNIT = 1024;
/** Ends of a road or estate name, for the 6-2-301 shorthand: 路 街 巷 道 区 园 苑 村 城 寓 厦 府 场 院 庄 馆… */
const FLAG_PLACE = 2048;
/** ':' and '/' of a link's scheme (http://), which needs no dotted host (http://192.168.1.1/admin). */
const FLAG_COLON = 4096;
const FLAG_SLASH = 8192;
/** 十 and 百 in a house number (幸福路十号); other numerals are digits in the view. */
const FLAG_NUMERAL = 16384;
/** A building mark, which may follow a letter (A座, b栋) as well as a number. */
const FLAG_BUILDING = 32768;
const ADDRESS_NUMBER = FLAG_DIGIT | FLAG_NUMERAL;
const buildingMarks = '栋棟幢座';
const addressUnits = '号號栋棟幢座室房弄单單户戶组組楼樓层層';
const placeEnds = '区區园園苑村城寓厦廈府场場路街巷道同院庄莊馆館';

let flagTable: Uint16Array | undefined;
function flags(): Uint16Array {
  if (flagTable) return flagTable;
  const normaliser = detectorNormaliser();
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    const cp = normaliser.bmp[unit]!;
    let flag = '加+vw微薇威'.includes(String.fromCharCode(cp)) ? FLAG_WECHAT_CUE : 0;
    if (cp >= 0x30 && cp <= 0x39) flag |= FLAG_DIGIT;
    else if (cp >= 0x61 && cp <= 0x7a) flag |= FLAG_LETTER | (cp === 0x71 ? FLAG_QQ_CUE : 0);
    else if (cp === 0x40) flag |= FLAG_AT;
    else if (cp === 0x2e) flag |= FLAG_DOT | FLAG_SEPARATOR;
    else if (cp === 0x3002 || cp === 0x70b9 || cp === 0x9ede)
      flag |= FLAG_DOT; // 。 点 點
    else if (cp === 0x2d) flag |= FLAG_SEPARATOR | FLAG_ID_PUNCTUATION;
    else if (cp === 0x5f) flag |= FLAG_ID_PUNCTUATION;
    else if (cp === 0x3a) flag |= FLAG_COLON;
    else if (cp === 0x2f) flag |= FLAG_SLASH;
    else if (cp === 0x20 || cp === 0xa0 || cp === 0x2014) flag |= FLAG_SEPARATOR;
    else if ('扣抠企球'.includes(String.fromCharCode(cp))) flag |= FLAG_QQ_CUE;
    else if (addressUnits.includes(String.fromCharCode(cp))) {
      flag |= FLAG_ADDRESS_UNIT | (buildingMarks.includes(String.fromCharCode(cp)) ? FLAG_BUILDING : 0);
    } else if (placeEnds.includes(String.fromCharCode(cp))) flag |= FLAG_PLACE;
    else if (cp === 0x5341 || cp === 0x767e)
      flag |= FLAG_NUMERAL; // 十 百
    else if (unit >= 0xd800 && unit <= 0xdbff) flag = FLAG_ASTRAL;
    else if (normaliser.noise(cp) === NOISE_INVISIBLE) flag = FLAG_INVISIBLE;
    table[unit] = flag;
  }
  flagTable = table;
  return table;
}

interface Prefilter {
  /** Longest digit run, single separators allowed between digits. */
  digitRun: number;
  /**
   * A run of [a-z0-9_-] starting with a letter, 6 or more long (a WeChat ID is 6-20 of them), that starts at most
   * WECHAT_CUE_REACH characters after a cue character (加 + v w 微 薇 威) or holds one (wxid_…).
   */
  wechatId: boolean;
  qqCue: boolean;
  /** An '@' (an address may end its local part in . _ % + -, so what comes before is not checked). */
  at: boolean;
  /**
   * Looks like a link: a dot (or 。点) between a letter/digit and a letter (a domain), between a letter and a digit
   * (www.4399), or a scheme's :// .
   */
  domain: boolean;
  /** Digit-dot-digit transitions (IPv4 needs three). */
  dottedDigits: number;
  /** A digit or 十/百 right before an address unit, or a letter before a building mark, a space allowed (3号, 十号, A座). */
  addressNumber: boolean;
  /** An estate-name end and a digit-dash-digit (阳光小区6-2-301). */
  place: boolean;
  dashedDigits: boolean;
}

/**
 * The farthest a WeChat ID starts after the last cue character in the view, by the cue patterns below: 7 for 微信号码
 * or vx号码 and three separators (weixin and wechat are ID-like runs that hold their cue); a margin on top.
 */
const WECHAT_CUE_REACH = 16;

/** 1 for a unit that may stand between a cue and the ID (信 号 码 我, letters of vx / weixin / id, separators). */
let cueTailTable: Uint8Array | undefined;
function cueTail(): Uint8Array {
  if (cueTailTable) return cueTailTable;
  const normaliser = detectorNormaliser();
  const table = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    const char = String.fromCharCode(normaliser.bmp[unit]!);
    const allowed =
      /^[a-z\s:：=,，\-信号码我]$/.test(char) || normaliser.noise(normaliser.bmp[unit]!) === NOISE_INVISIBLE;
    table[unit] = allowed ? 1 : 0;
  }
  cueTailTable = table;
  return table;
}

/** Can text[from, to) be what the WeChat cue patterns allow between a cue character and the ID? */
function cueReaches(text: string, from: number, to: number): boolean {
  const table = cueTail();
  for (let index = from; index < to; index++) {
    if (table[text.charCodeAt(index)]) continue;
    const cp = text.codePointAt(index)!;
    if (cp <= 0xffff) return false;
    // An astral character: by what it normalises to (𝐢𝐝 are letters, tag characters invisible).
    const normaliser = detectorNormaliser();
    const mapped = normaliser.map(cp);
    if (mapped < 0x10000 ? !table[mapped] : normaliser.noise(mapped) !== NOISE_INVISIBLE) return false;
    index++;
  }
  return true;
}

const astralFlags = new Map<number, number>();

/**
 * Flags of an astral character by what it normalises to (𝟏 → digit, 𝐰 → letter, 😀 → nothing); invisible ones (tag
 * characters, skin tones) are dropped from the view like zero-width characters, so they must not break a run.
 */
function astralFlag(cp: number): number {
  let flag = astralFlags.get(cp);
  if (flag === undefined) {
    const normaliser = detectorNormaliser();
    const mapped = normaliser.map(cp);
    if (mapped < 0x10000) flag = flags()[mapped]!;
    else flag = normaliser.noise(mapped) === NOISE_INVISIBLE ? FLAG_INVISIBLE : 0;
    astralFlags.set(cp, flag);
  }
  return flag;
}

/** Reused by every call (the prefilter runs on every message; most need nothing more). */
const reusedSignals: Prefilter = {
  digitRun: 0,
  wechatId: false,
  qqCue: false,
  at: false,
  domain: false,
  dottedDigits: 0,
  addressNumber: false,
  place: false,
  dashedDigits: false,
};

function prefilter(text: string): Prefilter {
  const table = flags();
  // Locals in the loop, written to the reused result once at the end; cue flags are simply or-ed together.
  let seen = 0;
  let longestDigitRun = 0;
  let wechatId = false;
  let domain = false;
  let dottedDigits = 0;
  let addressNumber = false;
  let dashedDigits = false;
  let digitRun = 0;
  let afterSeparator = false;
  let idRun = 0;
  let idRunStart = 0;
  let idRunStartIndex = 0;
  let previous = 0;
  let beforePrevious = 0;
  // Position in the detector view (invisible characters dropped, an astral character counts one), for cue distances.
  let position = 0;
  let lastWechatCue = -WECHAT_CUE_REACH - 1;
  let lastWechatCueEnd = 0;
  const length = text.length;
  let index = 0;
  while (index < length) {
    let flag = table[text.charCodeAt(index)]!;
    if (flag === 0) {
      // Most characters (Han, punctuation) just end every run: skip the whole stretch in one tight loop.
      const stretch = index;
      do index++;
      while (index < length && table[text.charCodeAt(index)] === 0);
      position += index - stretch;
      digitRun = 0;
      afterSeparator = false;
      idRun = 0;
      previous = 0;
      continue;
    }
    const charStart = index;
    if (flag & FLAG_ASTRAL) {
      const cp = text.codePointAt(index)!;
      if (cp > 0xffff) index++;
      flag = astralFlag(cp);
    }
    index++;
    if (flag === FLAG_INVISIBLE) continue;
    if (flag === 0) {
      position++;
      digitRun = 0;
      afterSeparator = false;
      idRun = 0;
      previous = 0;
      continue;
    }
    seen |= flag;
    if (flag & FLAG_WECHAT_CUE) {
      lastWechatCue = position;
      lastWechatCueEnd = index;
    }
    if (flag & FLAG_DIGIT) {
      digitRun++;
      afterSeparator = false;
      if (digitRun > longestDigitRun) longestDigitRun = digitRun;
      if (idRun > 0) idRun++;
      if (previous & FLAG_DOT && beforePrevious & FLAG_LETTER) domain = true;
      if (beforePrevious & FLAG_DIGIT) {
        if (previous & FLAG_DOT) dottedDigits++;
        if (previous & FLAG_ID_PUNCTUATION) dashedDigits = true;
      }
    } else {
      if (flag & FLAG_SEPARATOR && previous & FLAG_DIGIT && !afterSeparator) afterSeparator = true;
      else {
        digitRun = 0;
        afterSeparator = false;
      }
      if (flag & FLAG_LETTER) {
        if (idRun++ === 0) {
          idRunStart = position;
          idRunStartIndex = charStart;
        }
        if (previous & FLAG_DOT && beforePrevious & (FLAG_LETTER | FLAG_DIGIT)) domain = true;
      } else if (!(flag & FLAG_ID_PUNCTUATION && idRun > 0)) idRun = 0;
      else idRun++;
      if (flag & FLAG_SLASH && previous & FLAG_SLASH && beforePrevious & FLAG_COLON) domain = true;
      // 3号, 十号, A座, or 998 号 with a space between.
      if (flag & FLAG_ADDRESS_UNIT) {
        const before = previous === FLAG_SEPARATOR ? beforePrevious : previous;
        if (before & (flag & FLAG_BUILDING ? ADDRESS_NUMBER | FLAG_LETTER : ADDRESS_NUMBER))
          addressNumber = true;
      }
    }
    // An ID-like run holding a cue (wxid_…), or starting shortly after one with only what a cue pattern allows between.
    if (idRun >= 6 && !wechatId) {
      wechatId =
        lastWechatCue >= idRunStart ||
        (idRun === 6 &&
          idRunStart - lastWechatCue <= WECHAT_CUE_REACH &&
          cueReaches(text, lastWechatCueEnd, idRunStartIndex));
    }
    beforePrevious = previous;
    previous = flag;
    position++;
  }
  const result = reusedSignals;
  result.digitRun = longestDigitRun;
  result.wechatId = wechatId;
  result.qqCue = (seen & FLAG_QQ_CUE) !== 0;
  result.at = (seen & FLAG_AT) !== 0;
  result.domain = domain;
  result.dottedDigits = dottedDigits;
  result.addressNumber = addressNumber;
  result.place = (seen & FLAG_PLACE) !== 0;
  result.dashedDigits = dashedDigits;
  return result;
}

interface TextView {
  /** Normalised characters, one per kept code point (astral ones become U+FFFD unless they fold to the BMP). */
  chars: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** Reused between calls: building a view allocates nothing but its string. */
let viewUnits = new Uint16Array(256);
let viewStarts = new Int32Array(256);
let viewEnds = new Int32Array(256);

function buildView(text: string): TextView {
  const normaliser = detectorNormaliser();
  const bmp = normaliser.bmp;
  const table = flags();
  if (viewUnits.length < text.length + 1) {
    viewUnits = new Uint16Array(text.length * 2);
    viewStarts = new Int32Array(text.length * 2);
    viewEnds = new Int32Array(text.length * 2);
  }
  let count = 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const unit = text.charCodeAt(index);
    const flag = table[unit]!;
    // The flag table already knows what the BMP normalises to and which characters are invisible.
    if (flag === FLAG_INVISIBLE) continue;
    let mapped: number;
    viewStarts[count] = index;
    if (flag & FLAG_ASTRAL) {
      const cp = text.codePointAt(index)!;
      mapped = normaliser.map(cp);
      if (cp > 0xffff) index++;
      if (normaliser.noise(mapped) === NOISE_INVISIBLE) continue;
    } else {
      mapped = bmp[unit]!;
    }
    viewEnds[count] = index + 1;
    viewUnits[count++] = mapped > 0xffff ? 0xfffd : mapped;
  }
  let chars = '';
  for (let offset = 0; offset < count; offset += 4096) {
    chars += String.fromCharCode.apply(
      null,
      viewUnits.subarray(offset, Math.min(count, offset + 4096)) as unknown as number[],
    );
  }
  return { chars, starts: viewStarts, ends: viewEnds };
}

const isDigitCode = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isSeparator = (char: string): boolean =>
  char === ' ' || char === '-' || char === '.' || char === '\u00a0' || char === '—';

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let value = digits.charCodeAt(index) - 0x30;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckCharacters = '10x98765432';

/** GB 11643 checksum plus a plausible region and birth date. */
export function idCardValid(candidate: string): boolean {
  if (!/^[1-9]\d{16}[\dx]$/i.test(candidate)) return false;
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += (candidate.charCodeAt(index) - 0x30) * idWeights[index]!;
  if (idCheckCharacters[sum % 11] !== candidate[17]!.toLowerCase()) return false;
  const year = Number(candidate.slice(6, 10));
  const month = Number(candidate.slice(10, 12));
  const day = Number(candidate.slice(12, 14));
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export { luhnValid };

const orderCue = /(?:订单|单号|运单|快递|物流|编号|流水|交易号|工单|条码)[^\d]{0,6}$/;

interface DigitGroup {
  digits: string;
  start: number;
  end: number;
}

type NumberKind = 'mobile' | 'landline' | 'idCard' | 'bankCard';

function classifyNumber(
  groups: DigitGroup[],
  view: TextView,
  precededByOrderCue: boolean,
): NumberKind | undefined {
  // Four dotted groups of up to three digits are an IP address, not a phone number.
  if (
    groups.length === 4 &&
    groups.every((group, index) => group.digits.length <= 3 && (index === 3 || view.chars[group.end] === '.'))
  ) {
    return undefined;
  }
  const digits = groups.map((group) => group.digits).join('');
  const length = digits.length;
  if (length === 18 && idCardValid(digits)) return 'idCard';
  // Only an ID card ends in X: 1380013800X is no phone number, 400-875-503X no hotline.
  if (digits.endsWith('x')) return undefined;
  if (length === 11 && /^1[3-9]/.test(digits)) return 'mobile';
  if (length === 13 && /^861[3-9]/.test(digits)) return 'mobile';
  if (length >= 16 && length <= 19 && /^[3-6]/.test(digits) && !/x/.test(digits) && luhnValid(digits)) {
    return precededByOrderCue ? undefined : 'bankCard';
  }
  if (/^[48]00/.test(digits) && length === 10 && groups.length >= 2) return 'landline';
  const first = groups[0]!;
  if (
    groups.length >= 2 &&
    /^0\d{2,3}$/.test(first.digits) &&
    view.chars[first.end] === '-' &&
    /^\d{7,8}$/.test(groups[1]!.digits)
  ) {
    return 'landline';
  }
  return undefined;
}

/** Numbers: runs of digits with single separators (138 0013 8000, 1 3 8…), classified over whole groups. */
function detectNumbers(view: TextView, found: DetectorFinding[]): void {
  const chars = view.chars;
  let index = 0;
  while (index < chars.length) {
    if (!isDigitCode(chars.charCodeAt(index))) {
      index++;
      continue;
    }
    // Digits glued to letters are a code (A1002481003, abc888), not a number on its own.
    if (index > 0 && /[a-z_]/.test(chars[index - 1]!)) {
      while (index < chars.length && isDigitCode(chars.charCodeAt(index))) index++;
      continue;
    }
    const groups: DigitGroup[] = [];
    let cursor = index;
    for (;;) {
      const groupStart = cursor;
      while (cursor < chars.length && isDigitCode(chars.charCodeAt(cursor))) cursor++;
      // An ID card may end in X.
      if (cursor - groupStart >= 1 && chars[cursor] === 'x' && !/[a-z]/.test(chars[cursor + 1] ?? ''))
        cursor++;
      groups.push({ digits: chars.slice(groupStart, cursor), start: groupStart, end: cursor });
      if (chars[cursor - 1] === 'x') break;
      if (
        cursor + 1 < chars.length &&
        isSeparator(chars[cursor]!) &&
        isDigitCode(chars.charCodeAt(cursor + 1))
      ) {
        cursor++;
        continue;
      }
      break;
    }
    let first = 0;
    while (first < groups.length) {
      let matched = -1;
      let matchedKind: NumberKind | undefined;
      for (let last = groups.length - 1; last >= first; last--) {
        const window = groups.slice(first, last + 1);
        const before = chars.slice(Math.max(0, window[0]!.start - 12), window[0]!.start);
        const kind = classifyNumber(window, view, orderCue.test(before));
        if (kind) {
          matched = last;
          matchedKind = kind;
          break;
        }
      }
      if (matched >= 0 && matchedKind) {
        const startGroup = groups[first]!;
        const endGroup = groups[matched]!;
        found.push({
          kind: matchedKind,
          start: view.starts[startGroup.start]!,
          end: view.ends[endGroup.end - 1]!,
          value: groups
            .slice(first, matched + 1)
            .map((group) => group.digits)
            .join(''),
        });
        first = matched + 1;
      } else {
        first++;
      }
    }
    index = cursor;
  }
}

function pushMatches(
  view: TextView,
  chars: string,
  pattern: RegExp,
  kind: DetectorKind,
  found: DetectorFinding[],
  group = 0,
): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(chars); match; match = pattern.exec(chars)) {
    const value = match[group];
    if (value === undefined) continue;
    const offset = match.index + match[0].indexOf(value);
    found.push({ kind, start: view.starts[offset]!, end: view.ends[offset + value.length - 1]!, value });
  }
}

const emailPattern =
  /(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9])/g;

/** TLDs seen in Chinese spam and everyday links; two-letter words that are also TLDs (in, is, it…) are left out. */
const tlds =
  'com|net|org|cn|top|xyz|vip|cc|io|me|info|biz|tv|app|site|online|shop|store|club|live|link|fun|icu|ltd|work|' +
  'tech|wang|ink|pro|asia|mobi|name|hk|tw|us|uk|jp|kr|ru|de|la|win|bet|cloud|space|website|life|fit|art|im|gg|ly|gl';
/** A link with a scheme is a link whatever its host (an IP, an unlisted TLD); an IP host is found as an IP too. */
const urlWithScheme = /(?:https?|ftp):\/\/[a-z0-9\-._~%!$&'()*+,;=:@/?#[\]]+/g;
const bareDomain = new RegExp(
  `(?<![a-z0-9@.\\-_/])(?:www\\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${tlds})(?![a-z0-9\\-])(?::\\d{2,5})?(?:/[a-z0-9\\-._~%!$&'()*+,;=:@/?#]*)?`,
  'g',
);
/** A www. host with a TLD the list does not know (www.4399, www.shop.zz): a link all the same. */
const wwwHost = new RegExp(
  `(?<![a-z0-9@.\\-_/])www\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\\d{2,5})?(?:/[a-z0-9\\-._~%!$&'()*+,;=:@/?#]*)?`,
  'g',
);
const ipv4Pattern =
  /(?<![0-9.v])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9]|\.\d)/g;
/** 点 / 點 / 。 written for the dot of a domain (baidu点com), only between ASCII letters or digits. */
const spelledDot = /(?<=[a-z0-9])[点點。](?=[a-z0-9])/g;

const wxidPattern = /(?<![a-z0-9_-])wxid_[a-z0-9_-]{4,30}/g;
/**
 * A WeChat ID (6-20 of [a-z0-9_-], starting with a letter) after a cue. Letter cues (v, vx, wx…) need a separator or
 * 号 before the ID so `vip7036` is not read as v + ip7036; a bare 加 needs an ID with a digit or _ (加iPhone is not one).
 */
const wechatAfterCue =
  /(?:(?:加|\+)(?:我|个|1下)?(?:好友)?(?:的)?(?:vx|v信|v|wx|微信|薇信|威信)(?:号|号码|id)?[\s:：=,，-]{0,3}|加我[\s:：=,，-]{0,3}|(?:微信|薇信|威信|v信)(?:号|号码|id)?[\s:：=,，-]{0,3}|(?<![a-z])(?:vx|wx(?!id_)|weixin|wechat|v)(?:(?:号|号码)[\s:：=,，-]{0,3}|id[\s:：=,，-]{1,3}|[\s:：=,，-]{1,3}))([a-z][a-z0-9_-]{5,19})(?![a-z0-9_-])/g;
const wechatAfterBareAdd =
  /(?:加|\+)[\s:：=,，-]{0,3}([a-z](?=[a-z0-9_-]*[0-9_])[a-z0-9_-]{5,19})(?![a-z0-9_-])/g;
const qqCue =
  /(?<![a-z])(?:qq|扣扣|抠抠|企鹅|球球|q号)(?:号|号码|群)?[\s:：=,，-]{0,3}([1-9]\d{4,11})(?!\d|[a-z]|\.[a-z])/g;

export interface DetectorRunOptions {
  enabled: ReadonlySet<DetectorKind>;
  /** Hosts (lower case, without www.) whose links count as competitor links. */
  competitorDomains: readonly string[];
}

function hostOf(url: string): string {
  return url
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/:?#]/)[0]!;
}

export function isCompetitorHost(url: string, competitorDomains: readonly string[]): boolean {
  const host = hostOf(url);
  return competitorDomains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** Normalises a competitor-domain entry the way hosts are compared. */
export function normaliseDomain(domain: string): string {
  return hostOf(domain.trim().toLowerCase());
}

/** 〇 ○ ◯ and CJK ideographs (一 二 三, 壹 贰, ㈠ ㊀…): numerals the view reads as digits, never part of a link. */
function isChineseNumeral(cp: number): boolean {
  return (cp >= 0x3000 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || cp === 0x25cb || cp === 0x25ef;
}

/** ASCII characters a link may hold (the view is lower case). */
const linkCharacter = new Uint8Array(128);
for (const character of "abcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=:@/?#[]") {
  linkCharacter[character.charCodeAt(0)] = 1;
}

/**
 * The view for links: a Chinese numeral (a digit in the view) ends a link rather than extending it, so
 * `www.abc.com三个` is the link `www.abc.com` and `t.cn/xyz一二` is `t.cn/xyz`. A space stands in for a numeral
 * next to a link character (others cannot touch a link); most texts have none and are returned as they are.
 */
function withoutChineseNumerals(text: string, view: TextView, chars: string): string {
  let units: string[] | undefined;
  for (let index = 0; index < chars.length; index++) {
    const code = chars.charCodeAt(index);
    if (code < 0x30 || code > 0x39) continue;
    const before = index > 0 ? (units?.[index - 1] ?? chars[index - 1]!).charCodeAt(0) : 0;
    const after = index + 1 < chars.length ? chars.charCodeAt(index + 1) : 0;
    if (!linkCharacter[before] && !linkCharacter[after]) continue;
    if (!isChineseNumeral(text.codePointAt(view.starts[index]!)!)) continue;
    (units ??= chars.split(''))[index] = ' ';
  }
  return units ? units.join('') : chars;
}

const noFindings: readonly DetectorFinding[] = Object.freeze([]);

/** Runs the regex and number detectors (not the scam rules); findings are in original offsets. Do not mutate. */
export function runDetectors(text: string, options: DetectorRunOptions): readonly DetectorFinding[] {
  const enabled = options.enabled;
  // Scam phrasing alone needs no pass over the text here (the matcher collects its cue words).
  if (enabled.size === 0 || (enabled.size === 1 && enabled.has('scam'))) return noFindings;
  const signals = prefilter(text);
  // The signals first: most messages have none, and then no set is looked up.
  const wantNumbers =
    signals.digitRun >= 10 &&
    (enabled.has('mobile') || enabled.has('landline') || enabled.has('idCard') || enabled.has('bankCard'));
  const wantEmail = signals.at && signals.domain && enabled.has('email');
  const wantUrl = signals.domain && enabled.has('url');
  const wantIp = signals.dottedDigits >= 3 && enabled.has('ipv4');
  const wantWechat = signals.wechatId && enabled.has('wechatId');
  const wantQq = signals.qqCue && signals.digitRun >= 5 && enabled.has('qq');
  const wantAddress =
    (signals.addressNumber || (signals.place && signals.dashedDigits)) && enabled.has('address');
  if (!wantNumbers && !wantEmail && !wantUrl && !wantIp && !wantWechat && !wantQq && !wantAddress) {
    return noFindings;
  }
  return detectInView(text, options, {
    wantNumbers,
    wantEmail,
    wantUrl,
    wantIp,
    wantWechat,
    wantQq,
    wantAddress,
  });
}

type Wanted = 'wantNumbers' | 'wantEmail' | 'wantUrl' | 'wantIp' | 'wantWechat' | 'wantQq' | 'wantAddress';

/**
 * The detectors without the prefilter, for tests to hold the prefilter to: every enabled detector runs on the whole
 * text, except the address grammar, whose precondition is a rule of its own, stated here as a pattern over the view:
 * a number or 十/百 right before an address mark (3号, 2单元), a letter before a building mark (A座), or a road or
 * estate name and a dashed number (幸福路6-2-301). Slow; same findings.
 */
export function runDetectorsUnfiltered(text: string, options: DetectorRunOptions): DetectorFinding[] {
  const enabled = options.enabled;
  const chars = buildView(text).chars;
  return detectInView(text, options, {
    wantNumbers: ['mobile', 'landline', 'idCard', 'bankCard'].some((kind) =>
      enabled.has(kind as DetectorKind),
    ),
    wantEmail: enabled.has('email'),
    wantUrl: enabled.has('url'),
    wantIp: enabled.has('ipv4'),
    wantWechat: enabled.has('wechatId'),
    wantQq: enabled.has('qq'),
    wantAddress:
      enabled.has('address') &&
      (new RegExp(`[0-9十百] ?[${addressUnits}]|[a-z] ?[${buildingMarks}]`).test(chars) ||
        (new RegExp(`[${placeEnds}]`).test(chars) && /[0-9][-_][0-9]/.test(chars))),
  });
}

function detectInView(
  text: string,
  options: DetectorRunOptions,
  want: Record<Wanted, boolean>,
): DetectorFinding[] {
  const { wantNumbers, wantEmail, wantUrl, wantIp, wantWechat, wantQq, wantAddress } = want;
  const enabled = options.enabled;
  const view = buildView(text);
  const found: DetectorFinding[] = [];
  if (wantNumbers) {
    const numbers: DetectorFinding[] = [];
    detectNumbers(view, numbers);
    for (const finding of numbers) if (enabled.has(finding.kind)) found.push(finding);
  }
  if (wantEmail) pushMatches(view, view.chars, emailPattern, 'email', found);
  if (wantUrl || wantIp) {
    const urlChars = view.chars.replace(spelledDot, '.');
    const urls: DetectorFinding[] = [];
    if (wantUrl) {
      const linkChars = withoutChineseNumerals(text, view, urlChars);
      pushMatches(view, linkChars, urlWithScheme, 'url', urls);
      const covered = urls.map((url) => [url.start, url.end] as const);
      const bare: DetectorFinding[] = [];
      pushMatches(view, linkChars, bareDomain, 'url', bare);
      for (const candidate of bare) {
        if (!covered.some(([start, end]) => start <= candidate.start && candidate.end <= end))
          urls.push(candidate);
      }
      // A www. host stands for itself unless a link above holds it; it replaces a shorter bare domain it holds
      // (www.shop.zz, where only www.shop ends in a listed TLD).
      const www: DetectorFinding[] = [];
      pushMatches(view, linkChars, wwwHost, 'url', www);
      for (const candidate of www) {
        const overlapping = urls.filter((url) => url.start < candidate.end && candidate.start < url.end);
        const heldBareDomains = overlapping.every(
          (url) =>
            urls.indexOf(url) >= covered.length && candidate.start <= url.start && url.end <= candidate.end,
        );
        if (!heldBareDomains) continue;
        for (const url of overlapping) urls.splice(urls.indexOf(url), 1);
        urls.push(candidate);
      }
      urls.sort((first, second) => first.start - second.start);
      // A bare domain inside an email address is the email's, not a link.
      const emails = found.filter((finding) => finding.kind === 'email');
      for (const url of urls) {
        if (emails.some((email) => email.start <= url.start && url.end <= email.end)) continue;
        if (options.competitorDomains.length > 0 && isCompetitorHost(url.value, options.competitorDomains)) {
          url.competitor = true;
        }
        found.push(url);
      }
    }
    if (wantIp) pushMatches(view, urlChars, ipv4Pattern, 'ipv4', found);
  }
  if (wantWechat) {
    pushMatches(view, view.chars, wxidPattern, 'wechatId', found);
    const ids: DetectorFinding[] = [];
    pushMatches(view, view.chars, wechatAfterCue, 'wechatId', ids, 1);
    pushMatches(view, view.chars, wechatAfterBareAdd, 'wechatId', ids, 1);
    for (const id of ids) {
      if (
        !found.some((other) => other.kind === 'wechatId' && other.start <= id.start && id.end <= other.end)
      ) {
        found.push(id);
      }
    }
  }
  if (wantQq) pushMatches(view, view.chars, qqCue, 'qq', found, 1);
  if (wantAddress) {
    for (const { start, end } of findAddresses(view.chars)) {
      found.push({
        kind: 'address',
        start: view.starts[start]!,
        end: view.ends[end - 1]!,
        value: view.chars.slice(start, end),
      });
    }
  }
  return found;
}

/**
 * Scam phrasing: two cue groups close together (刷单 … 返利, 冻结 … 保证金). Cue words go into the matcher, so
 * evasions (刷@单, 刷單) are caught the same way as list words.
 */
export interface ScamRule {
  id: string;
  first: readonly string[];
  second: readonly string[];
}

export const scamRules: readonly ScamRule[] = [
  {
    id: 'brushing',
    first: ['刷单', '刷信誉', '刷好评'],
    second: ['返利', '返现', '佣金', '垫付', '日结', '提成', '本金', '押金', '做任务', '接单'],
  },
  {
    id: 'redPacket',
    first: ['红包'],
    second: ['返现', '返利', '翻倍', '回本', '保证金', '押金', '充值', '垫付', '激活'],
  },
  {
    id: 'transfer',
    first: ['转账', '打款', '汇款'],
    second: [
      '解冻',
      '保证金',
      '安全账户',
      '验证资金',
      '激活',
      '刷流水',
      '返还',
      '返利',
      '押金',
      '税费',
      '先转',
    ],
  },
  { id: 'frozen', first: ['冻结', '解冻'], second: ['缴纳', '保证金', '手续费', '验证金', '税费', '转账'] },
  {
    id: 'partTime',
    first: ['兼职', '招募', '招聘', '宝妈'],
    second: ['刷单', '打字员', '点赞员', '垫付', '佣金', '日入', '日赚', '日结', '手机就能做', '在家就能做'],
  },
  {
    id: 'investment',
    first: ['投资', '理财', '带单', '导师', '内幕', '炒币'],
    second: ['稳赚', '保本', '高回报', '翻倍', '包赚', '零风险', '高收益', '稳赚不赔', '日收益'],
  },
  {
    id: 'link',
    first: ['点击链接', '打开链接', '扫码', '点链接'],
    second: ['领取', '退款', '理赔', '激活', '解冻', '补贴', '认证'],
  },
  {
    id: 'refund',
    first: ['退款', '理赔', '退费', '客服'],
    second: ['验证码', '备用金', '屏幕共享', '共享屏幕', '注销', '征信', '百万保障'],
  },
];

/** Cue words followed by an amount: 日入过千, 日赚500. */
export const scamAmountCues: readonly string[] = ['日入', '日赚', '月入', '躺赚', '轻松赚', '日进'];

/** Largest distance in UTF-16 units between the two cues of a rule. */
export const scamWindow = 24;

export interface CueHit {
  cue: number;
  start: number;
  end: number;
}

/** Cue word → [rule index, side] pairs, plus amount cues (side 2). */
export function scamCueWords(): { word: string; uses: [number, number][] }[] {
  const byWord = new Map<string, [number, number][]>();
  scamRules.forEach((rule, index) => {
    for (const word of rule.first) byWord.set(word, [...(byWord.get(word) ?? []), [index, 0]]);
    for (const word of rule.second) byWord.set(word, [...(byWord.get(word) ?? []), [index, 1]]);
  });
  for (const word of scamAmountCues) byWord.set(word, [...(byWord.get(word) ?? []), [-1, 2]]);
  return [...byWord].map(([word, uses]) => ({ word, uses }));
}

const amountAfter = /^[\s:：]{0,2}(?:过|上|破|近)?(?:[0-9]|几|千|万|百)/;

/** Pairs cue hits into scam findings. */
export function evaluateScamRules(
  text: string,
  cues: readonly CueHit[],
  cueWords: readonly { word: string; uses: [number, number][] }[],
): DetectorFinding[] {
  const found: DetectorFinding[] = [];
  const view = detectorNormaliser();
  for (const cue of cues) {
    const uses = cueWords[cue.cue]!.uses;
    for (const [ruleIndex, side] of uses) {
      if (side === 2) {
        const after = text.slice(cue.end, cue.end + 6);
        let folded = '';
        for (const char of after) folded += String.fromCodePoint(view.map(char.codePointAt(0)!));
        if (amountAfter.test(folded)) {
          found.push({
            kind: 'scam',
            start: cue.start,
            end: cue.end,
            value: `${cueWords[cue.cue]!.word}+amount`,
          });
        }
        continue;
      }
      if (side !== 0) continue;
      for (const other of cues) {
        if (other === cue) continue;
        const pairs = cueWords[other.cue]!.uses.some(
          ([rule, otherSide]) => rule === ruleIndex && otherSide === 1,
        );
        if (!pairs) continue;
        const distance = other.start >= cue.end ? other.start - cue.end : cue.start - other.end;
        if (distance > scamWindow || (other.start < cue.end && other.end > cue.start)) continue;
        found.push({
          kind: 'scam',
          start: Math.min(cue.start, other.start),
          end: Math.max(cue.end, other.end),
          value: `${scamRules[ruleIndex]!.id}:${cueWords[cue.cue]!.word}+${cueWords[other.cue]!.word}`,
        });
      }
    }
  }
  return mergeByRule(found);
}

/** Overlapping findings of one rule (刷单 … 返利 … 佣金) become one span, named after its first pair. */
function mergeByRule(findings: DetectorFinding[]): DetectorFinding[] {
  if (findings.length < 2) return findings;
  const ruleOf = (finding: DetectorFinding) => finding.value.split(':')[0]!;
  const merged: DetectorFinding[] = [];
  for (const finding of [...findings].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const same = merged.find(
      (other) => ruleOf(other) === ruleOf(finding) && finding.start < other.end && other.start < finding.end,
    );
    if (same) same.end = Math.max(same.end, finding.end);
    else merged.push({ ...finding });
  }
  return merged;
}
