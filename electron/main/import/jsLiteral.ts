/**
 * Parses one JavaScript object literal as MemoTrace writes them into its HTML export:
 * `{ type:1, text: '大家好',is_send:0,timestamp:1709254805,displayname:'张三'}`. Unquoted keys, single- or
 * double-quoted strings with backslash escapes, numbers, true/false/null, nested objects and arrays.
 * Not `eval`: the file is untrusted.
 */
export class JsLiteralError extends Error {}

export function parseJsLiteral(text: string): unknown {
  const parser = new LiteralParser(text);
  const value = parser.value();
  parser.skipSpace();
  if (!parser.atEnd()) throw new JsLiteralError(`unexpected text at ${parser.position}`);
  return value;
}

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

class LiteralParser {
  position = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position]!)) this.position += 1;
  }

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === undefined) throw new JsLiteralError('unexpected end');
    if (char === '{') return this.nested(() => this.object());
    if (char === '[') return this.nested(() => this.array());
    if (char === "'" || char === '"') return this.string();
    return this.bare();
  }

  private nested<T>(read: () => T): T {
    this.depth += 1;
    if (this.depth > 64) throw new JsLiteralError('too deep');
    const value = read();
    this.depth -= 1;
    return value;
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.position += 1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === '}') {
        this.position += 1;
        return result;
      }
      const key = this.key();
      this.skipSpace();
      if (this.text[this.position] !== ':') throw new JsLiteralError(`expected : at ${this.position}`);
      this.position += 1;
      const value = this.value();
      // Plain data only: a key like __proto__ must not change the object's prototype.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const separator = this.text[this.position];
      if (separator === ',') this.position += 1;
      else if (separator !== '}') throw new JsLiteralError(`expected , or } at ${this.position}`);
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.position += 1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position += 1;
        return result;
      }
      result.push(this.value());
      this.skipSpace();
      const separator = this.text[this.position];
      if (separator === ',') this.position += 1;
      else if (separator !== ']') throw new JsLiteralError(`expected , or ] at ${this.position}`);
    }
  }

  private key(): string {
    const char = this.text[this.position];
    if (char === "'" || char === '"') return this.string();
    const match = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.position, this.position + 200));
    if (!match) throw new JsLiteralError(`expected a key at ${this.position}`);
    this.position += match[0].length;
    return match[0];
  }

  private string(): string {
    const quote = this.text[this.position]!;
    let result = '';
    let i = this.position + 1;
    for (;;) {
      const next = this.text.indexOf(quote, i);
      const backslash = this.text.indexOf('\\', i);
      if (next === -1) throw new JsLiteralError('unterminated string');
      if (backslash === -1 || backslash > next) {
        result += this.text.slice(i, next);
        this.position = next + 1;
        return result;
      }
      result += this.text.slice(i, backslash);
      const escaped = this.text[backslash + 1];
      if (escaped === undefined) throw new JsLiteralError('unterminated string');
      if (escaped === 'u' || escaped === 'x') {
        const hex =
          escaped === 'u'
            ? this.text.slice(backslash + 2, backslash + 6)
            : this.text.slice(backslash + 2, backslash + 4);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== (escaped === 'u' ? 4 : 2))
          throw new JsLiteralError('bad escape');
        result += String.fromCharCode(Number.parseInt(hex, 16));
        i = backslash + 2 + hex.length;
      } else if (escaped === '\n') {
        i = backslash + 2;
      } else {
        result += escapes[escaped] ?? escaped;
        i = backslash + 2;
      }
    }
  }

  private bare(): unknown {
    const match = /^(?:-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|true|false|null|undefined)/.exec(
      this.text.slice(this.position, this.position + 64),
    );
    if (!match) throw new JsLiteralError(`unexpected value at ${this.position}`);
    this.position += match[0].length;
    const word = match[0];
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null' || word === 'undefined') return null;
    return Number(word);
  }
}
