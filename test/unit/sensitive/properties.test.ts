/**
 * Property tests: noise inserted into a listed word (within the gap) still matches with exact offsets; in text built
 * of listed words and near misses of them (a character short, interrupted, swapped, noise past the gap), each word is
 * found at its span and nothing else is (lists and detectors); with normalisation off the engine agrees with a
 * brute-force indexOf oracle (every overlapping occurrence); homophones and noise in a flagged word never lose its
 * hit, and flagging words in one list changes nothing for the others.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileEngine,
  defaultListOptions,
  noNormalisation,
  normaliseText,
  type ListOptions,
} from '../../../shared/domain/sensitive';

/** Words from one CJK block (some of its characters fold to digits or simplified forms, on both sides alike). */
const wordChar = fc.integer({ min: 0x5000, max: 0x51ff }).map((cp) => String.fromCodePoint(cp));
const word = fc.array(wordChar, { minLength: 2, maxLength: 6 }).map((chars) => chars.join(''));
const lexicon = fc.uniqueArray(word, { minLength: 1, maxLength: 30 });

/** Noise the default gap (4 visible characters) must absorb: symbols, spaces, zero-width, emoji, selectors. */
const noiseUnit = fc.constantFrom(
  ' ',
  '@',
  '￥',
  '，',
  '。',
  '*',
  '-',
  '\u200b',
  '\u200d',
  '\ufeff',
  '😀',
  '❤️',
  '👍🏻',
  '\t',
);
const noiseRun = fc.array(noiseUnit, { minLength: 0, maxLength: 4 }).map((units) => units.join(''));

describe('noise inside a listed word', () => {
  it('still matches, and the span runs from the first to the last character of the word', () => {
    fc.assert(
      fc.property(
        lexicon,
        fc.nat(),
        fc.array(noiseRun, { minLength: 5, maxLength: 5 }),
        fc.string({ maxLength: 6 }),
        (words, pick, runs, before) => {
          const target = words[pick % words.length]!;
          const chars = Array.from(target);
          const evaded = chars
            .map((char, index) => (index === 0 ? char : runs[index % runs.length]! + char))
            .join('');
          const prefix = `${before.replace(/[\ud800-\udfff]/g, '')}。`;
          const engine = compileEngine([{ name: 'l', words: words.map((entry) => ({ word: entry })) }], {
            detectors: false,
          });
          const hits = engine.scan(prefix + evaded);
          const hit = hits.find(
            (candidate) => candidate.word === target && candidate.start === prefix.length,
          );
          expect(hit, `${target} in ${JSON.stringify(evaded)}`).toBeDefined();
          expect(hit!.end).toBe(prefix.length + evaded.length);
          expect(hit!.text).toBe(evaded);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('listed words among near misses', () => {
  /** Characters no word uses: they end any match, so every piece of a text stands alone. */
  const otherChar = fc.integer({ min: 0x5200, max: 0x53ff }).map((cp) => String.fromCodePoint(cp));
  /** More visible noise than the default gap (4) allows between two characters of a word. */
  const overGap = fc.array(fc.constantFrom('@', '*', '-', '#', '!'), { minLength: 5, maxLength: 6 });
  const nearMissKinds = ['prefix', 'suffix', 'interrupted', 'swapped', 'overGap'] as const;
  type NearMiss = (typeof nearMissKinds)[number];
  const piece = fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('word' as const),
        pick: fc.nat(),
        runs: fc.array(noiseRun, { minLength: 5, maxLength: 5 }),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constantFrom(...nearMissKinds),
        pick: fc.nat(),
        at: fc.nat(),
        other: otherChar,
        gap: overGap,
      }),
      weight: 5,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('filler' as const),
        chars: fc.array(fc.oneof(otherChar, noiseUnit), { maxLength: 6 }),
      }),
      weight: 1,
    },
  );

  /** Ends a piece: no word holds it, and the matcher cannot skip it as noise. */
  const separator = '\ue000';
  const noise = /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Extended_Pictographic}]$/u;
  /**
   * What any word could match in a piece, generously: normalised, noise dropped (a run past the gap still ends a
   * match), repeats collapsed. A near miss is kept only when no word's skeleton is inside its skeleton.
   */
  function skeleton(text: string): string {
    const folded = normaliseText(text.replace(/[@*#!-]{5,}/g, separator), defaultListOptions);
    let out = '';
    for (const char of folded) if (!noise.test(char) && !out.endsWith(char)) out += char;
    return out;
  }

  function nearMiss(kind: NearMiss, word: string, at: number, other: string, gap: string[]): string {
    const chars = Array.from(word);
    const cut = 1 + (at % (chars.length - 1));
    switch (kind) {
      case 'prefix':
        return chars.slice(0, cut).join('');
      case 'suffix':
        return chars.slice(cut).join('');
      case 'interrupted':
        return [...chars.slice(0, cut), other, ...chars.slice(cut)].join('');
      case 'swapped':
        return [...chars.slice(0, cut - 1), chars[cut]!, chars[cut - 1]!, ...chars.slice(cut + 1)].join('');
      case 'overGap':
        return [...chars.slice(0, cut), ...gap, ...chars.slice(cut)].join('');
    }
  }

  it('finds each embedded word at its span, and nothing in near misses of the words around it', () => {
    const seen: Record<string, number> = {};
    const tally = (what: string, count = 1) => (seen[what] = (seen[what] ?? 0) + count);
    fc.assert(
      fc.property(lexicon, fc.array(piece, { minLength: 1, maxLength: 12 }), (words, pieces) => {
        const used = new Set(Array.from(normaliseText(words.join(''), defaultListOptions)));
        const foreign = (char: string) =>
          used.has(normaliseText(char, defaultListOptions)) ? separator : char;
        const wordSkeletons = words.map(skeleton);
        let text = '';
        const embedded: { word: string; start: number; end: number }[] = [];
        let nearMisses = 0;
        for (const part of pieces) {
          let written: string;
          if (part.kind === 'word') {
            const target = words[part.pick % words.length]!;
            written = Array.from(target)
              .map((char, index) => (index === 0 ? char : part.runs[index % part.runs.length]! + char))
              .join('');
            embedded.push({ word: target, start: text.length, end: text.length + written.length });
          } else if (part.kind === 'filler') {
            written = part.chars.map(foreign).join('');
          } else {
            written = nearMiss(
              part.kind,
              words[part.pick % words.length]!,
              part.at,
              foreign(part.other),
              part.gap,
            );
            // A near miss of one word may still be another word (or the same one, swapped back): not a miss then.
            const shape = skeleton(written);
            if (wordSkeletons.some((wordSkeleton) => shape.includes(wordSkeleton))) {
              tally('dropped');
              continue;
            }
            nearMisses += 1;
            tally(part.kind);
          }
          text += written + separator;
        }
        const engine = compileEngine([
          { name: 'l', words: words.map((entry) => ({ word: entry, pinyin: true })) },
        ]);
        const hits = engine.scan(text);
        for (const { word: target, start, end } of embedded) {
          expect(
            hits.some((hit) => hit.word === target && hit.start === start && hit.end === end),
            `${target} at ${start} in ${JSON.stringify(text)}`,
          ).toBe(true);
        }
        for (const hit of hits) {
          expect(hit.list, JSON.stringify(hit)).toBe('l');
          expect(
            embedded.some(({ start, end }) => start <= hit.start && hit.end <= end),
            `${JSON.stringify(hit)} outside the embedded words of ${JSON.stringify(text)}`,
          ).toBe(true);
        }
        tally('words', embedded.length);
        tally('nearMisses', nearMisses);
        if (embedded.length > 0 && nearMisses > 0) tally('runsWithBoth');
      }),
      { numRuns: 200 },
    );
    // Not vacuous: most texts hold both words and near misses of them, of every kind.
    expect(seen.runsWithBoth).toBeGreaterThan(100);
    for (const kind of nearMissKinds) expect(seen[kind], kind).toBeGreaterThan(50);
    expect(seen.dropped ?? 0).toBeLessThan(seen.nearMisses! / 4);
  });
});

describe('agreement with a brute-force oracle', () => {
  const smallAlphabet = fc.constantFrom('a', 'b', 'c', '微', '信', '号', '𠮷');
  const smallWord = fc.array(smallAlphabet, { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''));

  function oracle(words: string[], text: string): string[] {
    const found: string[] = [];
    for (const entry of new Set(words)) {
      for (let from = text.indexOf(entry); from >= 0; from = text.indexOf(entry, from + 1)) {
        found.push(`${from}:${from + entry.length}:${entry}`);
      }
    }
    return found.sort();
  }

  /** Random small lexicons and texts over one alphabet: the engine's hits against the oracle's. */
  function checkAgainstOracle(
    options: ListOptions,
    check: (found: string[], expected: string[]) => void,
  ): void {
    fc.assert(
      fc.property(
        fc.uniqueArray(smallWord, { minLength: 1, maxLength: 12 }),
        fc.array(smallAlphabet, { maxLength: 40 }),
        (words, chars) => {
          const text = chars.join('');
          const engine = compileEngine(
            [{ name: 'l', words: words.map((entry) => ({ word: entry })), options }],
            {
              detectors: false,
            },
          );
          const found = engine.scan(text).map((hit) => `${hit.start}:${hit.end}:${hit.word}`);
          check(found.sort(), oracle(words, text));
        },
      ),
      { numRuns: 300 },
    );
  }

  it('finds exactly every occurrence, overlapping and nested, with normalisation off', () => {
    checkAgainstOracle(noNormalisation, (found, expected) => expect(found).toEqual(expected));
  });

  it('with every step on, still finds at least every literal occurrence', () => {
    checkAgainstOracle(defaultListOptions, (found, expected) =>
      expect(found).toEqual(expect.arrayContaining(expected)),
    );
  });
});

describe('homophones and reversed words', () => {
  /** A few homophone groups of the table beside characters outside it. */
  const groups = ['微威薇维', '信芯鑫', '加伽珈', '号浩皓', '天', '地', '人', '和'];
  const groupIndex = fc.integer({ min: 0, max: groups.length - 1 });
  const spelling = fc.array(groupIndex, { minLength: 2, maxLength: 5 });
  const firstOf = (group: number) => Array.from(groups[group]!)[0]!;
  const listed = (spellingGroups: number[]) => spellingGroups.map(firstOf).join('');

  it('inserting noise or homophones never loses a hit for a flagged word', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(spelling, { minLength: 1, maxLength: 12, selector: listed }),
        fc.nat(),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        fc.array(noiseRun, { minLength: 5, maxLength: 5 }),
        (spellings, pick, choices, runs) => {
          const words = spellings.map(listed);
          const targetGroups = spellings[pick % spellings.length]!;
          const target = listed(targetGroups);
          const evaded = targetGroups
            .map((group, index) => {
              const members = Array.from(groups[group]!);
              const character = members[choices[index % choices.length]! % members.length]!;
              return index === 0 ? character : runs[index % runs.length]! + character;
            })
            .join('');
          const prefix = '说：';
          const engine = compileEngine(
            [{ name: 'l', words: words.map((word) => ({ word, homophone: true, reverse: true })) }],
            { detectors: false },
          );
          const hit = engine
            .scan(prefix + evaded)
            .find((candidate) => candidate.word === target && candidate.start === prefix.length);
          expect(hit, `${target} in ${JSON.stringify(evaded)}`).toBeDefined();
          expect(hit!.end).toBe(prefix.length + evaded.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('unflagged lists behave exactly as before when another list flags words', () => {
    const anyCharacter = fc.constantFrom(...groups.flatMap((group) => Array.from(group)), '@', ' ', '😀');
    const word = fc.array(anyCharacter, { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 10 }),
        fc.uniqueArray(word, { minLength: 1, maxLength: 6 }),
        fc.array(anyCharacter, { maxLength: 40 }),
        (plainWords, flaggedWords, chars) => {
          const text = chars.join('');
          const plain = { name: 'plain', words: plainWords.map((entry) => ({ word: entry })) };
          const flagged = {
            name: 'flagged',
            words: flaggedWords.map((entry) => ({ word: entry, homophone: true, reverse: true })),
          };
          const before = compileEngine([plain], { detectors: false }).scan(text);
          const after = compileEngine([plain, flagged], { detectors: false })
            .scan(text)
            .filter((hit) => hit.list === 'plain');
          expect(after).toEqual(before);
          // With the switches off, flagged words behave like unflagged ones.
          const switchedOff = compileEngine([{ ...flagged, options: { homophone: false, reverse: false } }], {
            detectors: false,
          }).scan(text);
          const unflagged = compileEngine(
            [{ name: 'flagged', words: flaggedWords.map((entry) => ({ word: entry })) }],
            { detectors: false },
          ).scan(text);
          expect(switchedOff).toEqual(unflagged);
        },
      ),
      { numRuns: 300 },
    );
  });

  // Found by the property above: a list flagged for homophones puts same-sounding characters in one class (皓, 浩:
  // hào), and a plain list's word then missed its repeated-character evasion (地皓皓浩 for 地皓浩), which the plain
  // list alone finds: the matcher took the repeated 皓 as the word's 浩.
  it("keeps a plain list's repeated-character match when another list flags homophones", () => {
    const plain = { name: 'plain', words: [{ word: '地皓浩' }] };
    const flagged = { name: 'flagged', words: [{ word: '微', homophone: true, reverse: true }] };
    expect(compileEngine([plain], { detectors: false }).scan('地皓皓浩')).toHaveLength(1);
    expect(compileEngine([plain, flagged], { detectors: false }).scan('地皓皓浩')).toHaveLength(1);
  });

  /**
   * The same cause wherever the union of the lists' steps joins two characters a list keeps apart (a step it
   * switches off, homophones it does not take): the list's hits beside another list are those it has alone.
   */
  const siblings: {
    name: string;
    words: string[];
    options?: Partial<ListOptions>;
    text: string;
    span: [number, number];
  }[] = [
    { name: 'homophones, a triple', words: ['地皓浩'], text: '地皓皓皓浩', span: [0, 5] },
    {
      name: 'homophones, another word’s real double',
      words: ['天皓地', '天浩浩'],
      text: '天皓皓地',
      span: [0, 4],
    },
    {
      name: 'traditional off',
      words: ['地後后'],
      options: { traditional: false },
      text: '地後後后',
      span: [0, 4],
    },
    {
      name: 'traditional off, the repeat last',
      words: ['髮發天'],
      options: { traditional: false },
      text: '发髮發發天',
      span: [1, 5],
    },
    { name: 'case off', words: ['xAa'], options: { case: false }, text: 'xAAa', span: [0, 4] },
    { name: 'digits off', words: ['天1一'], options: { digits: false }, text: '天11一', span: [0, 4] },
    {
      name: 'digits off, two repeats',
      words: ['1①一'],
      options: { digits: false },
      text: '11①①一',
      span: [1, 5],
    },
    { name: 'width off', words: ['bｂ天'], options: { width: false }, text: 'bｂｂ天', span: [0, 4] },
    {
      name: 'split off beside split on',
      words: ['弓强'],
      options: { split: false },
      text: '弓弓强',
      span: [1, 3],
    },
    { name: 'pinyin spellings beside', words: ['维信', 'wweixin'], text: '维维信 wweixin', span: [1, 3] },
  ];
  it.each(siblings)('$name: the same hits beside a list that joins its characters', (sibling) => {
    const plain = {
      name: 'plain',
      words: sibling.words.map((word) => ({ word })),
      options: sibling.options ?? {},
    };
    const other = {
      name: 'other',
      words: [
        { word: '微信', homophone: true, pinyin: true },
        { word: '强', homophone: true },
      ],
    };
    const alone = compileEngine([plain], { detectors: false }).scan(sibling.text);
    const beside = compileEngine([plain, other], { detectors: false })
      .scan(sibling.text)
      .filter((hit) => hit.list === 'plain');
    expect(alone.map((hit) => [hit.start, hit.end, hit.word])).toContainEqual([
      ...sibling.span,
      sibling.words[0],
    ]);
    expect(beside).toEqual(alone);
  });

  it('an allowed real double still protects a word the repeat would collapse into (他妈妈的 is no 他妈的)', () => {
    const engine = compileEngine(
      [
        { name: 'deny', words: [{ word: '他妈的' }, { word: '他妈' }] },
        { name: 'allow', kind: 'allow', words: [{ word: '他妈妈' }] },
      ],
      { detectors: false },
    );
    expect(engine.scan('他妈妈的生日')).toEqual([]);
    expect(engine.scan('他他妈的').map((hit) => [hit.start, hit.end, hit.word])).toEqual([
      [1, 3, '他妈'],
      [1, 4, '他妈的'],
    ]);
  });
});
