/**
 * Extra check on the public lexicons in ../shared/fixtures/lexicon (skipped when that folder is absent): every listed
 * word finds itself, and on text with planted words the engine reports at least every literal occurrence.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileEngine } from '../../../shared/domain/sensitive';

const lexiconDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'lexicon');

/** The describe body is collected even when skipped, so a missing folder must read as empty. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFiles(path);
    return name.endsWith('.txt') && !/^license/i.test(name) ? [path] : [];
  });
}

describe.skipIf(!existsSync(lexiconDir))('public lexicon fixtures', () => {
  const all = [
    ...new Set(
      listFiles(lexiconDir).flatMap((file) =>
        readFileSync(file, 'utf8')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => Array.from(line).length >= 2),
      ),
    ),
  ];
  // Every seventh word keeps the test fast while covering every file.
  const words = all.filter((_, index) => index % 7 === 0);
  const engine = compileEngine([{ name: 'fixtures', words: words.map((word) => ({ word })) }], {
    detectors: false,
  });

  it('every word finds itself as a literal hit', () => {
    const missed = words.filter(
      (word) => !engine.scan(word).some((hit) => hit.word === word && hit.rule === 'literal'),
    );
    expect(missed).toEqual([]);
  });

  it('reports every literal occurrence in text with planted words', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 300; round++) {
      const planted = [
        words[Math.floor(random() * words.length)]!,
        words[Math.floor(random() * words.length)]!,
      ];
      const text = `他说${planted[0]}，然后${planted[1]}吧`;
      const found = new Set(engine.scan(text).map((hit) => `${hit.start}:${hit.word}`));
      for (const word of planted) {
        expect(found, `${word} in ${text}`).toContain(`${text.indexOf(word)}:${word}`);
      }
    }
  });
});
