import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, renderTemplate } from '../../../shared/domain/crisis/templates';

const known = new Set(['群名', '事件时间', '处理人']);

describe('template rendering', () => {
  it('fills every placeholder, tolerating spaces inside the braces', () => {
    const result = renderTemplate(
      '【{{群名}}】{{ 事件时间 }}已处理，处理人：{{处理人}}。{{群名}}见。',
      { 群名: '读书会', 事件时间: '20:05', 处理人: '小林' },
      { known },
    );
    expect(result).toEqual({
      ok: true,
      text: '【读书会】20:05已处理，处理人：小林。读书会见。',
      used: ['群名', '事件时间', '处理人'],
    });
  });

  it('reports an unknown placeholder by name, a missing value, and malformed braces, all at once', () => {
    const result = renderTemplate(
      '{{群名}}{{客服微信}}{{处理人}}{{ }}{{坏 名}}{{未闭合',
      { 群名: 'A' },
      { known },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { kind: 'malformed', text: '{{ }}', index: 21 },
      { kind: 'malformed', text: '{{坏 名}}', index: 26 },
      { kind: 'malformed', text: '{{未闭合', index: 33 },
      { kind: 'unknown', name: '客服微信' },
      { kind: 'missing', name: '处理人' },
    ]);
  });

  it('never expands a value a second time, and keeps single braces literal', () => {
    const result = renderTemplate('{a} {{群名}} }}', { 群名: '{{处理人}}' }, { known });
    expect(result).toEqual({ ok: true, text: '{a} {{处理人}} }}', used: ['群名'] });
  });

  it('fills missing values with the fallback for previews', () => {
    const result = renderTemplate(
      '{{群名}}：{{处理人}}',
      { 群名: 'A' },
      { known, fallback: (name) => `【${name}】` },
    );
    expect(result).toEqual({ ok: true, text: 'A：【处理人】', used: ['群名', '处理人'] });
  });

  it('finds distinct placeholder names in order of first use', () => {
    expect(findPlaceholders('{{b}}{{a}}{{b}}')).toEqual({ names: ['b', 'a'], malformed: [] });
  });

  // Literal text may hold single braces (and `}}`), but never `{{` nor a trailing `{` that would join the next
  // `{{`: so every `{{` in a generated body is one of its placeholders.
  const literal = fc
    .string({ maxLength: 8, unit: fc.constantFrom('{', '}', '群', '名', ' ', 'a', '：', '\n') })
    .filter((text) => !text.includes('{{') && !text.endsWith('{'));
  const unknownNames = ['客服微信', 'abc_1', '群名2'];
  const segment = fc.oneof(
    literal.map((text) => ({ text })),
    fc
      .tuple(
        // Known names mostly, so a good share of templates renders.
        fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 6 }, fc.constantFrom(...unknownNames)),
        fc.constantFrom('', ' ', '  ', '\t'),
      )
      .map(([name, pad]) => ({ name, pad })),
  );
  // Values may look like placeholders themselves: they must be inserted as they are, never expanded again.
  const value = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('{{处理人}}', '{{群名}}', '{{', '}}', ''),
  );
  const values = fc.record({ 群名: value, 事件时间: value, 处理人: value }, { requiredKeys: [] });

  it('property: rendering is the concatenation of literals and values, or names each unknown and missing one', () => {
    let rendered = 0;
    let insertedLiterally = 0;
    let unknown = 0;
    let missing = 0;
    let fellBack = 0;
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 10 }), values, fc.boolean(), (segments, filled, preview) => {
        const body = segments
          .map((part) => ('name' in part ? `{{${part.pad}${part.name}${part.pad}}}` : part.text))
          .join('');
        const names = [...new Set(segments.flatMap((part) => ('name' in part ? [part.name] : [])))];
        const fallback = (name: string) => `【待填写：${name}】`;
        const valueOf = (name: string) =>
          Object.hasOwn(filled, name) ? filled[name as keyof typeof filled]! : fallback(name);
        const problems = names.flatMap((name) =>
          !known.has(name)
            ? [{ kind: 'unknown', name }]
            : !Object.hasOwn(filled, name) && !preview
              ? [{ kind: 'missing', name }]
              : [],
        );
        const result = renderTemplate(body, filled, preview ? { known, fallback } : { known });
        if (problems.length > 0) {
          expect(result).toEqual({ ok: false, problems });
          unknown += problems.some((problem) => problem.kind === 'unknown') ? 1 : 0;
          missing += problems.some((problem) => problem.kind === 'missing') ? 1 : 0;
          return;
        }
        const expected = segments.map((part) => ('name' in part ? valueOf(part.name) : part.text)).join('');
        expect(result).toEqual({ ok: true, text: expected, used: names });
        if (names.length > 0) rendered += 1;
        if (names.some((name) => valueOf(name).includes('{{'))) insertedLiterally += 1;
        if (names.some((name) => !Object.hasOwn(filled, name))) fellBack += 1;
      }),
      { numRuns: 600 },
    );
    // Every branch is reached often: filled, re-expansion bait, unknown names, missing values, preview fallback.
    expect(rendered).toBeGreaterThan(150);
    expect(insertedLiterally).toBeGreaterThan(50);
    expect(unknown).toBeGreaterThan(80);
    expect(missing).toBeGreaterThan(30);
    expect(fellBack).toBeGreaterThan(15);
  });

  it('property: any text either renders with no placeholder left or names its problems; it never throws', () => {
    // Pieces of real templates (placeholders, broken ones, stray braces) rather than random characters, which
    // almost never spell a placeholder.
    const piece = fc.oneof(
      { arbitrary: literal, weight: 3 },
      { arbitrary: fc.constantFrom(...known).map((name) => `{{${name}}}`), weight: 3 },
      fc.constantFrom(
        '{{ 群名 }}',
        '{{客服微信}}',
        '{{ }}',
        '{{坏 名}}',
        '{{未闭合',
        '{{a}',
        '{',
        '}',
        '}}',
        '{{{群名}}',
      ),
    );
    let rendered = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')),
        // Every value half the time, else some of them.
        fc.oneof(fc.constant([...known]), fc.subarray([...known])),
        (body, present) => {
          // Values without braces: then a rendered text holding `{{` can only be a placeholder left unreplaced.
          const filled = Object.fromEntries(present.map((name) => [name, `值${name}`]));
          const result = renderTemplate(body, filled, { known });
          const { names, malformed } = findPlaceholders(body);
          const renders = malformed.length === 0 && names.every((name) => known.has(name) && name in filled);
          expect(result.ok, body).toBe(renders);
          if (result.ok) {
            expect(result.text, body).not.toContain('{{');
            if (names.length > 0) rendered += 1;
          } else {
            expect(result.problems.length).toBeGreaterThan(0);
            refused += 1;
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(rendered).toBeGreaterThan(80);
    expect(refused).toBeGreaterThan(120);
  });
});
