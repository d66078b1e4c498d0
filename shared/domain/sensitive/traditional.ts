/**
 * Traditional → simplified at character level, from opencc-js's TSCharacters table.
 * A character table (not opencc's phrase converter) keeps the mapping 1:1, so offsets into the original text survive,
 * and a Map lookup per character is far faster than running the converter on every message.
 * The table is parsed once, on first use.
 */
import { Locale } from 'opencc-js/t2cn';

let table: Map<number, number> | undefined;

function parseDictionary(target: Map<number, number>, dictionary: unknown): void {
  if (typeof dictionary === 'string') {
    for (const entry of dictionary.split('|')) {
      const [from, to] = entry.split(' ');
      addPair(target, from, to);
    }
  } else if (Array.isArray(dictionary)) {
    for (const pair of dictionary as [string, string][]) addPair(target, pair[0], pair[1]);
  }
}

function addPair(target: Map<number, number>, from: string | undefined, to: string | undefined): void {
  if (!from || !to) return;
  const fromPoint = from.codePointAt(0)!;
  const toPoint = to.codePointAt(0)!;
  // Only single characters: phrase entries (TSPhrases) would break the 1:1 offset mapping.
  if (String.fromCodePoint(fromPoint) !== from || String.fromCodePoint(toPoint) !== to) return;
  if (!target.has(fromPoint)) target.set(fromPoint, toPoint);
}

/** Code point → simplified code point, for the characters opencc converts. */
export function traditionalToSimplifiedTable(): Map<number, number> {
  if (table) return table;
  const built = new Map<number, number>();
  for (const group of Locale.to.cn ?? []) {
    for (const dictionary of group) parseDictionary(built, dictionary);
  }
  table = built;
  return built;
}
