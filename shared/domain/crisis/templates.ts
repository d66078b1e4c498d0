/**
 * Message templates with `{{占位符}}` placeholders (群公告, 私信, 官方声明).
 *
 * Rendering is one pass: a value that itself contains `{{...}}` is inserted literally, never expanded again.
 * Unknown, missing or malformed placeholders are reported, never silently left in a message a moderator is about to
 * paste into a group of five hundred people.
 */
const namePattern = /^[\p{L}\p{N}_]{1,20}$/u;

export interface MalformedPlaceholder {
  /** Offset of the opening `{{` in the template. */
  index: number;
  /** The offending text, cut to a readable length. */
  text: string;
}

interface PlaceholderToken {
  name: string;
  start: number;
  end: number;
}

interface Scan {
  tokens: PlaceholderToken[];
  malformed: MalformedPlaceholder[];
}

function scan(body: string): Scan {
  const tokens: PlaceholderToken[] = [];
  const malformed: MalformedPlaceholder[] = [];
  let cursor = 0;
  while (cursor < body.length) {
    const open = body.indexOf('{{', cursor);
    if (open < 0) break;
    const close = body.indexOf('}}', open + 2);
    if (close < 0) {
      malformed.push({ index: open, text: body.slice(open, open + 24) });
      break;
    }
    const name = body.slice(open + 2, close).trim();
    if (namePattern.test(name)) tokens.push({ name, start: open, end: close + 2 });
    else malformed.push({ index: open, text: body.slice(open, Math.min(close + 2, open + 24)) });
    cursor = close + 2;
  }
  return { tokens, malformed };
}

/** The distinct placeholder names a template uses (in order of first use), and any malformed ones. */
export function findPlaceholders(body: string): { names: string[]; malformed: MalformedPlaceholder[] } {
  const { tokens, malformed } = scan(body);
  return { names: [...new Set(tokens.map((token) => token.name))], malformed };
}

export type RenderProblem =
  | { kind: 'unknown'; name: string }
  | { kind: 'missing'; name: string }
  | { kind: 'malformed'; text: string; index: number };

export type RenderResult =
  { ok: true; text: string; used: string[] } | { ok: false; problems: RenderProblem[] };

export interface RenderOptions {
  /** Placeholder names the template may use; any other is `unknown`. Leave out to accept every well-formed name. */
  known?: ReadonlySet<string>;
  /** Fill a missing value with this instead of failing (e.g. `【待填写：{{name}}】` for a draft preview). */
  fallback?: (name: string) => string;
}

/** Fills every placeholder from `values`; reports all problems at once rather than the first. */
export function renderTemplate(
  body: string,
  values: Readonly<Record<string, string>>,
  options: RenderOptions = {},
): RenderResult {
  const { tokens, malformed } = scan(body);
  const problems: RenderProblem[] = malformed.map((item) => ({
    kind: 'malformed',
    text: item.text,
    index: item.index,
  }));
  const reported = new Set<string>();
  for (const { name } of tokens) {
    if (reported.has(name)) continue;
    if (options.known && !options.known.has(name)) {
      problems.push({ kind: 'unknown', name });
      reported.add(name);
    } else if (!Object.hasOwn(values, name) && !options.fallback) {
      problems.push({ kind: 'missing', name });
      reported.add(name);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  let text = '';
  let cursor = 0;
  for (const token of tokens) {
    text += body.slice(cursor, token.start);
    const value = Object.hasOwn(values, token.name) ? values[token.name] : undefined;
    text += value ?? options.fallback!(token.name);
    cursor = token.end;
  }
  text += body.slice(cursor);
  return { ok: true, text, used: [...new Set(tokens.map((token) => token.name))] };
}
