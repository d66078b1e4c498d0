import { describe, expect, it } from 'vitest';
import {
  compactSearchForm,
  maxPieceLength,
  nameGrams,
} from '../../../electron/main/db/repositories/memberNames';
import { reversedDigits } from '../../../electron/main/db/repositories/membersBulk';
import { SeededRandom } from '../../../shared/demo/random';

/** The pieces by their definition: each suffix of the compact form by code point, capped, once each. */
function piecesByDefinition(name: string): string[] {
  const chars = compactSearchForm(name);
  const pieces = new Set<string>();
  for (let start = 0; start < chars.length; start += 1)
    pieces.add(chars.slice(start, start + maxPieceLength).join(''));
  return [...pieces];
}

describe('name pieces and reversed phones (the fast paths a member import takes)', () => {
  it('cuts every name into the pieces of its definition, whatever its characters', () => {
    const random = new SeededRandom(3);
    const chars = [
      'a',
      'A',
      'Ａ',
      ' ',
      '\u3000',
      '\u00a0',
      '\n',
      '\u2028',
      '张',
      '三',
      '😀',
      '\uD800',
      '\uDC00',
    ];
    const names = ['张三', ' 张 三 ', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '小鱼儿😀123', '\uD800 \uDC00', ''];
    for (let sample = 0; sample < 2000; sample += 1) {
      let name = '';
      for (let length = random.int(0, 30); length > 0; length -= 1)
        name += random.chance(0.5) ? 'a' : random.pick(chars);
      names.push(name);
    }
    for (const name of names) expect(nameGrams(name), JSON.stringify(name)).toEqual(piecesByDefinition(name));
  });

  it('reverses phones by code point', () => {
    expect(reversedDigits('13800001111')).toBe('11110000831');
    expect(reversedDigits('1😀2')).toBe('2😀1');
    expect(reversedDigits('')).toBeNull();
    expect(reversedDigits(null)).toBeNull();
  });
});
