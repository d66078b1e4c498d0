/** Helpers for the sensitive-engine tables: compile small lists and reduce hits to comparable tuples. */
import {
  compileEngine,
  type EngineOptions,
  type ListOptions,
  type MatchRule,
  type SensitiveHit,
  type SensitiveListInput,
  type SensitiveWord,
} from '../../../shared/domain/sensitive';

export type WordSpec = string | SensitiveWord;

/** [word, start, end] or [word, start, end, rule]. */
export type ExpectedHit = [string, number, number] | [string, number, number, MatchRule];

export interface EngineCase {
  name: string;
  words: WordSpec[];
  allow?: string[];
  options?: Partial<ListOptions>;
  text: string;
  expected: ExpectedHit[];
}

const toWord = (spec: WordSpec): SensitiveWord => (typeof spec === 'string' ? { word: spec } : spec);

export function listsFor(testCase: Pick<EngineCase, 'words' | 'allow' | 'options'>): SensitiveListInput[] {
  const lists: SensitiveListInput[] = [
    { name: 'deny', category: 'custom', words: testCase.words.map(toWord), options: testCase.options ?? {} },
  ];
  if (testCase.allow)
    lists.push({ name: 'allow', kind: 'allow', words: testCase.allow.map((word) => ({ word })) });
  return lists;
}

export function scanCase(
  testCase: EngineCase,
  options: EngineOptions = { detectors: false },
): SensitiveHit[] {
  return compileEngine(listsFor(testCase), options).scan(testCase.text);
}

/** Hits as tuples; the rule is kept only where the expectation names one. */
export function tuples(hits: SensitiveHit[], expected: ExpectedHit[]): ExpectedHit[] {
  const withRule = expected.some((entry) => entry.length === 4);
  return hits.map((hit) =>
    withRule ? [hit.word, hit.start, hit.end, hit.rule] : [hit.word, hit.start, hit.end],
  );
}

export function sortTuples(list: ExpectedHit[]): ExpectedHit[] {
  return [...list].sort((a, b) => a[1] - b[1] || a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
