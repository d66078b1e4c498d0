/**
 * The automaton's child tables: a probe reads one-byte tags before the table, so symbols that share a tag must still
 * each find their own child, and absent symbols none.
 */
import { describe, expect, it } from 'vitest';
import {
  buildAutomaton,
  childTag,
  directEdge,
  NODE_OUTPUT,
  NODE_STRIDE,
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
