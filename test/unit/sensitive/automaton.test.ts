/**
 * The automaton's child tables: a probe reads one-byte tags before the table, so symbols that share a tag must still
 * each find their own child, and absent symbols none. The pair filter lets a scan step to the root's transition
 * without visiting a state: it must never turn away a pair that some state on the fail chain takes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildAutomaton,
  childTag,
  directEdge,
  NODE_OUTPUT,
  NODE_STRIDE,
  pairMayStep,
  transition,
} from '../../../shared/domain/sensitive/automaton';

describe('automaton child tables', () => {
  it('finds every child and no other when all their tags are the same', () => {
    // Symbols sharing one tag: 300 become children of the state after symbol 1, 300 more stay absent.
    const tag = childTag(2);
    const sameTag: number[] = [];
    for (let symbol = 2; sameTag.length < 600; symbol++) if (childTag(symbol) === tag) sameTag.push(symbol);
    const children = sameTag.slice(0, 300);
    const absent = [
      ...sameTag.slice(300),
      ...Array.from({ length: 300 }, (_, index) => 3 + index * 7),
    ].filter((symbol) => !children.includes(symbol));
    const alphabet = Math.max(...sameTag, ...absent) + 1;
    const automaton = buildAutomaton(
      children.map((symbol) => [1, symbol]),
      alphabet,
    );
    const afterOne = directEdge(automaton, 0, 1);
    expect(afterOne).toBeGreaterThan(0);

    const targets = children.map((symbol) => directEdge(automaton, afterOne, symbol));
    expect(targets.every((target) => target > 0)).toBe(true);
    expect(new Set(targets).size).toBe(children.length);
    // Each symbol leads to the state that ends its own pattern.
    expect(targets.map((target) => automaton.nodes[target * NODE_STRIDE + NODE_OUTPUT])).toEqual(
      Array.from(automaton.terminalOf),
    );
    for (const symbol of absent) expect(directEdge(automaton, afterOne, symbol), `symbol ${symbol}`).toBe(-1);
    expect(automaton.outputCount).toBe(children.length);
  });
});

describe('automaton pair filter', () => {
  it('passes every pair whose transition is not the root’s', () => {
    const symbols = fc.integer({ min: 1, max: 12 });
    fc.assert(
      fc.property(
        fc.array(fc.array(symbols, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 40 }),
        fc.array(symbols, { minLength: 1, maxLength: 60 }),
        (patterns, text) => {
          const automaton = buildAutomaton(patterns, 12);
          let state = 0;
          let previous = -1;
          for (const symbol of text) {
            const next = transition(automaton, state, symbol);
            if (state !== 0 && !pairMayStep(automaton, previous, symbol)) {
              expect(next).toBe(automaton.rootNext[symbol]);
            }
            state = next;
            previous = symbol;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('turns away most pairs that no pattern holds', () => {
    // 2,000 patterns of three symbols over a 5,000-symbol alphabet: at most 4,000 of the 25 million pairs are held.
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % 5000;
    const patterns = Array.from({ length: 2000 }, () => [next() + 1, next() + 1, next() + 1]);
    const automaton = buildAutomaton(patterns, 5001);
    let passed = 0;
    for (let trial = 0; trial < 10_000; trial++) if (pairMayStep(automaton, next() + 1, next() + 1)) passed++;
    expect(passed).toBeLessThan(1500);
  });
});
