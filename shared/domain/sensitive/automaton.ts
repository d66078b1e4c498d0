/**
 * Aho-Corasick automaton over typed arrays. Symbols are dense integers (1..alphabetSize).
 * Everything the scan touches for one state sits in one 16-byte record of `nodes` (child, target, fail, output), so a
 * step costs one cache line: the root has a dense table; a state with one child (most deep states) stores it inline;
 * a state with several children points at its own small open-addressing table in `childSlots`, which keeps the
 * children of the busy shallow states close together. Output links give every hit, overlapping and nested (the case
 * mint-filter gets wrong: 微信号码 + 信号 in 你的微信号多少).
 *
 * The states that end a pattern ("outputs") are numbered densely on their own, and what a scan needs of one output —
 * its length and the next output down its fail chain — shares one record of `outputs`, with two slots left for the
 * caller (the engine keeps the range of its entries there), so a hit costs one more cache line, not one per array.
 * A bit filter over the pairs of symbols that follow each other in the patterns sends most characters of a text
 * straight to the root's transition, without a state's record or child table (see Automaton.pairBits).
 */

/** Fields of a node record (stride NODE_STRIDE in Automaton.nodes). */
export const NODE_STRIDE = 4;
/** Symbol of the only child; 0 for none; -(base + 1) when the children are in childSlots[base…]. */
export const NODE_CHILD = 0;
/** Target of the only child (a child target, see TARGET_HAS_OUTPUT), or the slot mask of the state's child table. */
export const NODE_TARGET = 1;
export const NODE_FAIL = 2;
/** The deepest output on the fail chain from (and including) this state, as an output number; 0 if none. */
export const NODE_OUTPUT = 3;

/**
 * Child targets (NODE_TARGET of a single child, the target of a child-table slot) carry this bit when the child has
 * an output (NODE_OUTPUT ≠ 0), so a scan entering a state needs its record only to leave it by one of its own edges;
 * most states are left by the root's transition instead (see Automaton.pairBits) and their record is never read.
 * TARGET_STATE masks the state out of a target.
 */
export const TARGET_HAS_OUTPUT = 1 << 30;
export const TARGET_STATE = TARGET_HAS_OUTPUT - 1;

/** Fields of an output record (stride OUTPUT_STRIDE in Automaton.outputs, indexed by output number). */
export const OUTPUT_STRIDE = 4;
/** Length of the output's pattern, in symbols. */
export const OUTPUT_DEPTH = 0;
/** The next output further down its fail chain; 0 if none. */
export const OUTPUT_NEXT = 1;
/** Free for the caller (zero as built). */
export const OUTPUT_USER_A = 2;
export const OUTPUT_USER_B = 3;

/** Slot of a symbol in a state's child table (pairs of [symbol, target]). */
export const childHash = (symbol: number): number => Math.imul(symbol, 0x9e3779b1) >>> 16;

/**
 * One byte per child-table slot (0 empty), from other bits of the symbol than its slot. A probe reads these first:
 * the tags of the busy shallow tables stay in the CPU cache where the tables themselves do not, and most probes (a
 * character that continues no word) end on a tag without touching the table.
 */
export const childTag = (symbol: number): number => Math.imul(symbol, 0x2c1b3c6d) >>> 24 || 1;

/**
 * Slot of a pair of consecutive symbols in the pair filter (see Automaton.pairBits): `shift` is 32 minus the
 * filter's size in bits, as a power of two.
 */
export const pairSlot = (previous: number, symbol: number, shift: number): number =>
  Math.imul(previous ^ Math.imul(symbol, 0x27d4eb2d), 0x9e3779b1) >>> shift;

/** Does the pair filter hold the pair (previous, symbol)? False means no state entered by `previous` takes `symbol`. */
export function pairMayStep(automaton: Automaton, previous: number, symbol: number): boolean {
  const slot = pairSlot(previous, symbol, automaton.pairShift);
  return (automaton.pairBits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
}

export interface Automaton {
  stateCount: number;
  alphabetSize: number;
  /** Root transitions by symbol; 0 means "stay at the root". */
  rootNext: Int32Array;
  nodes: Int32Array;
  childSlots: Int32Array;
  /** childTag of the symbol in each slot of childSlots, 0 for an empty slot. */
  childTags: Uint8Array;
  depth: Int32Array;
  /** Number of outputs (states that end a pattern); output numbers run 1..outputCount. */
  outputCount: number;
  /** Output records, OUTPUT_STRIDE per output number (record 0 unused). */
  outputs: Int32Array;
  /** For every input pattern: the output number of its terminal state (-1 for an empty pattern). */
  terminalOf: Int32Array;
  maxDepth: number;
  /**
   * One bit per hashed pair (a, b) of symbols such that a state entered by a has an edge labelled b, i.e. a and b
   * follow each other in some pattern. Every state on a fail chain was entered by the same symbol as the first, so
   * when the bit of (symbol before, symbol) is clear the transition is the root's, with no state visited: most
   * characters of a text take this way, which skips the child-table probes and their cache misses.
   */
  pairBits: Int32Array;
  /** 32 minus log2 of the filter's size in bits (see pairSlot). */
  pairShift: number;
}

/** Filter bits per distinct pair, at least: about one in ten pairs not in the patterns then passes the filter. */
const PAIR_FILTER_BITS_PER_PAIR = 8;

/** The pair filter over the trie edges that leave a state other than the root (see Automaton.pairBits). */
function pairFilter(
  stateCount: number,
  parent: Int32Array,
  symbolOf: Int32Array,
  sizeBits: number,
): { bits: Int32Array; shift: number } {
  const shift = 32 - sizeBits;
  const bits = new Int32Array(Math.max(1, (1 << sizeBits) >>> 5));
  for (let state = 1; state < stateCount; state++) {
    const up = parent[state]!;
    if (up === 0) continue;
    const slot = pairSlot(symbolOf[up]!, symbolOf[state]!, shift);
    bits[slot >>> 5]! |= 1 << (slot & 31);
  }
  return { bits, shift };
}

function setBitCount(bits: Int32Array): number {
  let count = 0;
  for (let index = 0; index < bits.length; index++) {
    let word = bits[index]! >>> 0;
    while (word !== 0) {
      word &= word - 1;
      count++;
    }
  }
  return count;
}

/** Direct edge from a state (no fail links), or -1. */
export function directEdge(automaton: Automaton, state: number, symbol: number): number {
  if (state === 0) {
    const target = automaton.rootNext[symbol]!;
    return target === 0 ? -1 : target;
  }
  const nodes = automaton.nodes;
  const at = state * NODE_STRIDE;
  const child = nodes[at + NODE_CHILD]!;
  if (child === symbol) return nodes[at + NODE_TARGET]! & TARGET_STATE;
  if (child >= 0) return -1;
  const { childSlots, childTags } = automaton;
  const base = -child - 1;
  const mask = nodes[at + NODE_TARGET]!;
  const tag = childTag(symbol);
  let slot = childHash(symbol) & mask;
  for (;;) {
    const stored = childTags[base + slot]!;
    if (stored === tag && childSlots[(base + slot) * 2] === symbol)
      return childSlots[(base + slot) * 2 + 1]! & TARGET_STATE;
    if (stored === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** The Aho-Corasick transition: direct edge, else follow fail links; the root absorbs everything. */
export function transition(automaton: Automaton, state: number, symbol: number): number {
  let current = state;
  while (current !== 0) {
    const target = directEdge(automaton, current, symbol);
    if (target >= 0) return target;
    current = automaton.nodes[current * NODE_STRIDE + NODE_FAIL]!;
  }
  return automaton.rootNext[symbol]!;
}

function tableSize(children: number): number {
  let size = 4;
  while (size < children * 2) size *= 2;
  return size;
}

function comparePatterns(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const shorter = Math.min(a.length, b.length);
  for (let index = 0; index < shorter; index++) {
    const difference = a[index]! - b[index]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * Pattern indices in lexicographic order of the patterns: a counting sort on the first symbol, then a comparison
 * sort inside each bucket (a fraction of the comparisons one sort of everything makes, each one shorter).
 */
function sortedOrder(patterns: readonly ArrayLike<number>[], alphabetSize: number): Int32Array {
  // Bucket 0 holds the empty patterns, which sort first.
  const bucketStart = new Int32Array(alphabetSize + 2);
  for (const pattern of patterns) bucketStart[(pattern.length > 0 ? pattern[0]! : 0) + 1]!++;
  for (let bucket = 1; bucket < bucketStart.length; bucket++) bucketStart[bucket]! += bucketStart[bucket - 1]!;
  const order = new Int32Array(patterns.length);
  const cursor = bucketStart.slice();
  for (let index = 0; index < patterns.length; index++) {
    const pattern = patterns[index]!;
    order[cursor[pattern.length > 0 ? pattern[0]! : 0]!++] = index;
  }
  const compare = (a: number, b: number): number => comparePatterns(patterns[a]!, patterns[b]!);
  for (let bucket = 0; bucket <= alphabetSize; bucket++) {
    const from = bucketStart[bucket]!;
    const to = bucketStart[bucket + 1]!;
    if (to - from > 1) order.subarray(from, to).sort(compare);
  }
  return order;
}

/**
 * Builds the automaton; patterns are arrays of symbols in 1..alphabetSize, empty patterns are ignored.
 * Patterns are inserted in sorted order, so each shares its prefix with the previous one and the trie needs no
 * lookups while it grows; states are numbered depth-first, which keeps a chain of states together in memory.
 */
export function buildAutomaton(patterns: readonly ArrayLike<number>[], alphabetSize: number): Automaton {
  const order = sortedOrder(patterns, alphabetSize);

  let totalSymbols = 0;
  let maxDepth = 0;
  for (const pattern of patterns) {
    totalSymbols += pattern.length;
    if (pattern.length > maxDepth) maxDepth = pattern.length;
  }
  const bound = totalSymbols + 1;
  const parent = new Int32Array(bound);
  const symbolOf = new Int32Array(bound);
  const depth = new Int32Array(bound);
  const childCount = new Int32Array(bound);
  const terminal = new Uint8Array(bound);
  const terminalOf = new Int32Array(patterns.length).fill(-1);
  const path = new Int32Array(maxDepth + 1);
  let stateCount = 1;
  let previous: ArrayLike<number> = [];

  for (const patternIndex of order) {
    const pattern = patterns[patternIndex]!;
    if (pattern.length === 0) continue;
    let shared = 0;
    const limit = Math.min(pattern.length, previous.length);
    while (shared < limit && pattern[shared] === previous[shared]) shared++;
    for (let position = shared; position < pattern.length; position++) {
      const up = path[position]!;
      const state = stateCount++;
      parent[state] = up;
      symbolOf[state] = pattern[position]!;
      depth[state] = position + 1;
      childCount[up]!++;
      path[position + 1] = state;
    }
    const last = path[pattern.length]!;
    terminal[last] = 1;
    terminalOf[patternIndex] = last;
    previous = pattern;
  }

  // Children in CSR form, sorted by symbol (states were created in sorted order).
  const childStart = new Int32Array(stateCount + 1);
  for (let state = 0; state < stateCount; state++)
    childStart[state + 1] = childStart[state]! + childCount[state]!;
  const childSymbol = new Int32Array(stateCount);
  const childTarget = new Int32Array(stateCount);
  const cursor = childStart.slice(0, stateCount);
  for (let state = 1; state < stateCount; state++) {
    const up = parent[state]!;
    const slot = cursor[up]!++;
    childSymbol[slot] = symbolOf[state]!;
    childTarget[slot] = state;
  }
  const rootNext = new Int32Array(alphabetSize + 1);
  for (let slot = childStart[0]!; slot < childStart[1]!; slot++)
    rootNext[childSymbol[slot]!] = childTarget[slot]!;

  const childOf = (state: number, symbol: number): number => {
    if (state === 0) return rootNext[symbol]! || -1;
    let low = childStart[state]!;
    let high = childStart[state + 1]! - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = childSymbol[middle]!;
      if (found === symbol) return childTarget[middle]!;
      if (found < symbol) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  };

  // The pair filter, sized by its distinct pairs: a first pass at a size that leaves few collisions counts them.
  const trialBits = Math.min(24, Math.max(10, Math.ceil(Math.log2(stateCount * 4))));
  const distinctPairs = setBitCount(pairFilter(stateCount, parent, symbolOf, trialBits).bits);
  const pairs = pairFilter(
    stateCount,
    parent,
    symbolOf,
    Math.min(trialBits, Math.max(10, Math.ceil(Math.log2(distinctPairs * PAIR_FILTER_BITS_PER_PAIR + 1)))),
  );

  // Breadth-first order by counting sort on depth: a state's fail link only depends on shallower states.
  const perDepth = new Int32Array(maxDepth + 2);
  for (let state = 1; state < stateCount; state++) perDepth[depth[state]! + 1]!++;
  for (let level = 1; level < perDepth.length; level++) perDepth[level]! += perDepth[level - 1]!;
  const breadthFirst = new Int32Array(stateCount - 1);
  for (let state = 1; state < stateCount; state++) breadthFirst[perDepth[depth[state]!]!++] = state;

  const fail = new Int32Array(stateCount);
  const firstOutput = new Int32Array(stateCount);
  const outputLink = new Int32Array(stateCount);
  for (let index = 0; index < breadthFirst.length; index++) {
    const state = breadthFirst[index]!;
    const up = parent[state]!;
    const symbol = symbolOf[state]!;
    let link = 0;
    if (up !== 0) {
      let candidate = fail[up]!;
      for (;;) {
        const target = childOf(candidate, symbol);
        if (target >= 0) {
          link = target;
          break;
        }
        if (candidate === 0) break;
        candidate = fail[candidate]!;
      }
    }
    fail[state] = link;
    outputLink[state] = firstOutput[link]!;
    firstOutput[state] = terminal[state] ? state : firstOutput[link]!;
  }

  // Renumber breadth-first: the shallow states a scan visits all the time end up side by side in memory.
  const renumbered = new Int32Array(stateCount);
  for (let index = 0; index < breadthFirst.length; index++) renumbered[breadthFirst[index]!] = index + 1;
  const id = (state: number): number => renumbered[state]!;
  const targetOf = (state: number): number => id(state) | (firstOutput[state] !== 0 ? TARGET_HAS_OUTPUT : 0);

  // Scan-time records: inline single child, or a per-state child table sized to half load.
  const nodes = new Int32Array(stateCount * NODE_STRIDE);
  let slotsNeeded = 0;
  for (let state = 1; state < stateCount; state++) {
    const count = childCount[state]!;
    if (count > 1) slotsNeeded += tableSize(count);
  }
  const childSlots = new Int32Array(slotsNeeded * 2);
  const childTags = new Uint8Array(slotsNeeded);
  const finalDepth = new Int32Array(stateCount);
  // Outputs numbered in breadth-first order too.
  const outputNumber = new Int32Array(stateCount);
  let outputCount = 0;
  for (let index = 0; index < breadthFirst.length; index++) {
    const state = breadthFirst[index]!;
    if (terminal[state]) outputNumber[state] = ++outputCount;
  }
  const outputs = new Int32Array((outputCount + 1) * OUTPUT_STRIDE);
  let nextBase = 0;
  for (let index = 0; index < breadthFirst.length; index++) {
    const state = breadthFirst[index]!;
    const at = id(state) * NODE_STRIDE;
    const count = childCount[state]!;
    finalDepth[id(state)] = depth[state]!;
    if (terminal[state]) {
      const record = outputNumber[state]! * OUTPUT_STRIDE;
      outputs[record + OUTPUT_DEPTH] = depth[state]!;
      outputs[record + OUTPUT_NEXT] = outputNumber[outputLink[state]!]!;
    }
    nodes[at + NODE_FAIL] = id(fail[state]!);
    nodes[at + NODE_OUTPUT] = outputNumber[firstOutput[state]!]!;
    if (count === 1) {
      nodes[at + NODE_CHILD] = childSymbol[childStart[state]!]!;
      nodes[at + NODE_TARGET] = targetOf(childTarget[childStart[state]!]!);
    } else if (count > 1) {
      const size = tableSize(count);
      const mask = size - 1;
      nodes[at + NODE_CHILD] = -(nextBase + 1);
      nodes[at + NODE_TARGET] = mask;
      for (let child = childStart[state]!; child < childStart[state + 1]!; child++) {
        let slot = childHash(childSymbol[child]!) & mask;
        while (childTags[nextBase + slot] !== 0) slot = (slot + 1) & mask;
        childTags[nextBase + slot] = childTag(childSymbol[child]!);
        childSlots[(nextBase + slot) * 2] = childSymbol[child]!;
        childSlots[(nextBase + slot) * 2 + 1] = targetOf(childTarget[child]!);
      }
      nextBase += size;
    }
  }
  for (let symbol = 0; symbol < rootNext.length; symbol++) rootNext[symbol] = id(rootNext[symbol]!);
  for (let index = 0; index < terminalOf.length; index++) {
    if (terminalOf[index]! > 0) terminalOf[index] = outputNumber[terminalOf[index]!]!;
  }

  return {
    stateCount,
    alphabetSize,
    rootNext,
    nodes,
    childSlots,
    childTags,
    depth: finalDepth,
    outputCount,
    outputs,
    terminalOf,
    maxDepth,
    pairBits: pairs.bits,
    pairShift: pairs.shift,
  };
}
