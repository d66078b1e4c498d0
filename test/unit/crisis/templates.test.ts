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

  // Literal text without braces, and placeholders from the known set with arbitrary values (braces included).
  const literal = fc.string({ maxLength: 12 }).filter((text) => !text.includes('{') && !text.includes('}'));
  const segment = fc.oneof(
    literal.map((text) => ({ text })),
    fc.constantFrom(...known).map((name) => ({ name })),
  );
  const values = fc.record({ 群名: fc.string(), 事件时间: fc.string(), 处理人: fc.string() });

  it('property: rendering is the concatenation of literals and values', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), values, fc.boolean(), (segments, filled, spaced) => {
        const body = segments
          .map((part) => ('name' in part ? (spaced ? `{{ ${part.name} }}` : `{{${part.name}}}`) : part.text))
          .join('');
        const expected = segments
          .map((part) => ('name' in part ? filled[part.name as keyof typeof filled] : part.text))
          .join('');
        const result = renderTemplate(body, filled, { known });
        expect(result).toEqual({
          ok: true,
          text: expected,
          used: [...new Set(segments.flatMap((part) => ('name' in part ? [part.name] : [])))],
        });
      }),
      { numRuns: 400 },
    );
  });

  it('property: any text either renders or names its problems; it never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60, unit: fc.constantFrom('{', '}', '群', '名', ' ', 'a', '_', '\n') }),
        (body) => {
          const result = renderTemplate(body, { 群名: 'X' }, { known });
          if (result.ok) expect(findPlaceholders(body).malformed).toEqual([]);
          else expect(result.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
