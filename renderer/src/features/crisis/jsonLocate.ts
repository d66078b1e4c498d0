/**
 * Finds where a field lives in JSON text, so an issue such as `stages[1].steps[0].ownerRole` can select that text
 * in the editor. A small scanner rather than JSON.parse, because parse results carry no positions. When the field
 * itself is missing (a required field left out), the closest enclosing value is returned.
 */
export interface TextRange {
  start: number;
  end: number;
}

type Segment = string | number;

export function parseIssuePath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}

class Scanner {
  index = 0;
  best: { depth: number; range: TextRange } | null = null;

  constructor(
    private readonly text: string,
    private readonly target: readonly Segment[],
  ) {}

  private skipSpace(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index]!)) this.index += 1;
  }

  private fail(): never {
    throw new Error('unreadable JSON');
  }

  private readString(): string {
    const start = this.index;
    this.index += 1;
    while (this.index < this.text.length) {
      const char = this.text[this.index]!;
      if (char === '\\') this.index += 2;
      else if (char === '"') {
        this.index += 1;
        return JSON.parse(this.text.slice(start, this.index)) as string;
      } else this.index += 1;
    }
    return this.fail();
  }

  /** Scans one value at `path` (given as its matched depth, or -1 once off the target). */
  value(depth: number): void {
    this.skipSpace();
    const start = this.index;
    const onTarget = depth >= 0;
    const char = this.text[this.index];
    if (char === '{') this.object(onTarget ? depth : -1);
    else if (char === '[') this.array(onTarget ? depth : -1);
    else if (char === '"') this.readString();
    else {
      const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
        this.text.slice(this.index),
      );
      if (!literal) this.fail();
      this.index += literal[0].length;
    }
    if (onTarget && (this.best === null || depth >= this.best.depth)) {
      this.best = { depth, range: { start, end: this.index } };
    }
  }

  private childDepth(depth: number, segment: Segment): number {
    return depth >= 0 && depth < this.target.length && this.target[depth] === segment ? depth + 1 : -1;
  }

  private object(depth: number): void {
    this.index += 1;
    this.skipSpace();
    if (this.text[this.index] === '}') {
      this.index += 1;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.index] !== '"') this.fail();
      const keyStart = this.index;
      const key = this.readString();
      const child = this.childDepth(depth, key);
      this.skipSpace();
      if (this.text[this.index] !== ':') this.fail();
      this.index += 1;
      this.value(child);
      // A field that matched: select from its key, which reads better than the bare value.
      if (child >= 0 && this.best?.depth === child) this.best.range.start = keyStart;
      this.skipSpace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === '}') return;
      if (next !== ',') this.fail();
    }
  }

  private array(depth: number): void {
    this.index += 1;
    this.skipSpace();
    if (this.text[this.index] === ']') {
      this.index += 1;
      return;
    }
    for (let position = 0; ; position += 1) {
      this.value(this.childDepth(depth, position));
      this.skipSpace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === ']') return;
      if (next !== ',') this.fail();
    }
  }
}

/** The text range of the field at `path` (or its nearest existing parent); null when the text is not JSON. */
export function locateJsonPath(text: string, path: string): TextRange | null {
  const scanner = new Scanner(text, parseIssuePath(path));
  try {
    scanner.value(0);
  } catch {
    return scanner.best?.range ?? null;
  }
  return scanner.best?.range ?? null;
}

/** The 1-based line and column of an offset, for messages like "第 12 行第 5 列". */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The offset a JSON.parse error names (V8: "… at position 123"), if any. */
export function jsonErrorOffset(error: unknown): number | null {
  const match = /position (\d+)/.exec(String((error as Error | undefined)?.message ?? ''));
  return match ? Number(match[1]) : null;
}
