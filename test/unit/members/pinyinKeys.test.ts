import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { pinyinKeys, type PinyinKeys } from '../../../electron/main/db/repositories/memberNames';
import { givenNameChars, nicknames, surnames } from '../../../shared/demo/names';
import { SeededRandom } from '../../../shared/demo/random';

/** The keys as first written: pinyin-pro's toneless syllables (v for ü) per Han character, by regular expressions. */
function keysByDefinition(name: string): PinyinKeys {
  const segments =
    name
      .normalize('NFKC')
      .toLowerCase()
      .match(/\p{Script=Han}|[^\p{Script=Han}]+/gu) ?? [];
  const han = /\p{Script=Han}/u;
  const hanChars = segments.filter((segment) => han.test(segment)).join('');
  const syllables = hanChars
    ? pinyin(hanChars, { toneType: 'none', type: 'array', surname: 'head', v: true })
    : [];
  let full = '';
  let initials = '';
  let next = 0;
  for (const segment of segments) {
    if (han.test(segment)) {
      const syllable = (syllables[next++] ?? '').replace(/[^a-z0-9]/g, '');
      full += syllable;
      initials += syllable.slice(0, 1);
    } else {
      const kept = segment.replace(/[^a-z0-9]/g, '');
      full += kept;
      initials += kept;
    }
  }
  return { full, initials };
}

describe('pinyin keys (the fast path a member import takes)', () => {
  it('reads Han characters as pinyin-pro does without tones', () => {
    // Every reading pinyin-pro has for a single character (all its tone marks, ü, ê, n and m syllables); radicals,
    // CJK symbols, compatibility ideographs (NFKC folds them) and a sample of the characters outside the BMP.
    const ranges = [
      [0x2e80, 0x303f, 1],
      [0x3400, 0x9fff, 1],
      [0xf900, 0xfaff, 1],
      [0x20000, 0x323af, 37],
    ] as const;
    for (const [first, last, step] of ranges)
      for (let code = first; code <= last; code += step) {
        const char = String.fromCodePoint(code);
        expect(pinyinKeys(char), char).toEqual(keysByDefinition(char));
      }
  });

  it('keys varied names as the regular-expression definition does, with or without the shared syllables', () => {
    const random = new SeededRandom(5);
    const chars = [
      ...surnames,
      ...givenNameChars,
      // Polyphonic and surname readings, words read together, ü, ê and the m/n syllables.
      ...'单曾长孙重庆朝阳行乐解仇朴查区盖女吕绿略欸嗯呣哼一不了的地得和',
      ...'aAzZ09 Ａ１_-.·•\u3000\u00a0éÉüÜñß',
      '😀',
      '𠀀',
      '𪚥',
      '\uD800',
      '\uDC00',
      '々',
      '〇',
      '⺀',
      '⼀',
    ];
    const names = [
      '',
      '张三',
      '张三Amy',
      '单雄信',
      '曾小贤',
      '长孙无忌',
      '重庆小面',
      '吕绿',
      '欸',
      '嗯嗯',
      'Ｚｈａｎｇ１２３',
      '小鱼儿😀123',
      '𠀀',
      '𠀀𪚥',
      '𠀀张',
      '张𪚥三',
      '𪚥a',
      '\uDC00张',
      '张\uD800',
      ...nicknames.map((nickname, index) => `${nickname}${index}`),
    ];
    for (let sample = 0; sample < 3000; sample += 1) {
      let name = '';
      for (let length = random.int(1, 8); length > 0; length -= 1) name += random.pick(chars);
      names.push(name);
    }
    const shared = new Map<string, string[]>();
    for (const name of names) {
      const expected = keysByDefinition(name);
      expect(pinyinKeys(name), JSON.stringify(name)).toEqual(expected);
      expect(pinyinKeys(name, shared), JSON.stringify(name)).toEqual(expected);
      expect(pinyinKeys(name, shared), JSON.stringify(name)).toEqual(expected);
    }
  });
});
