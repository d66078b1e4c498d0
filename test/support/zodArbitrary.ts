/**
 * fast-check arbitraries derived from the zod schemas of the IPC contract, so fuzz tests send payloads that pass
 * validation (and reach the handlers) as often as payloads that fail it. Covers the schema kinds the contract uses;
 * an unknown kind throws, so a new kind is noticed rather than silently fuzzed with garbage.
 *
 * Refinements (`.refine`, `.superRefine`) are not derived: values are biased towards what they usually check
 * (real dates in a narrow window, ISO instants, http URLs, small ids), and callers classify each payload with
 * `safeParse` rather than trusting the generator.
 */
import fc from 'fast-check';
import { type z } from 'zod';

export interface ZodArbitraryOptions {
  /** String fields by object key (also the elements of an array under that key): e.g. paths kept in a temp folder. */
  strings?: Record<string, fc.Arbitrary<string>>;
}

type Def = { type: string; [key: string]: unknown };
type Check = { check: string; [key: string]: unknown };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (schema: z.ZodType): Check[] =>
  ((defOf(schema).checks as { _zod: { def: Check } }[] | undefined) ?? []).map((check) => check._zod.def);

const dayMs = 86_400_000;
const windowStart = Date.UTC(2024, 3, 1);
/** Real calendar days in a three-month window: a from/to pair is in order half the time and always in range. */
export const localDateArbitrary = fc
  .integer({ min: 0, max: 90 })
  .map((day) => new Date(windowStart + day * dayMs).toISOString().slice(0, 10));
export const isoInstantArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 90 * 24 * 60 }), fc.constantFrom('Z', '+08:00', '-05:00'))
  .map(([minute, offset]) => {
    const utc = new Date(windowStart + minute * 60_000).toISOString().slice(0, 19);
    return offset === 'Z' ? `${utc}Z` : `${utc}${offset}`;
  });
/** What free-text fields are most often refined into: dates, instants, links, offsets. */
const plausibleStrings = fc.oneof(
  localDateArbitrary,
  isoInstantArbitrary,
  fc.constantFrom(
    'https://example.com/a',
    'http://example.org/',
    'Z',
    '+08:00',
    'owner',
    '会员1',
    '读书会 1',
  ),
);

function intBounds(checks: Check[]): { min: number; max: number; int: boolean } {
  let min = -1_000_000;
  let max = 1_000_000;
  let int = false;
  for (const check of checks) {
    if (check.check === 'number_format') int = true;
    if (check.check === 'greater_than')
      min = Math.max(min, (check.value as number) + (check.inclusive ? 0 : int ? 1 : 1e-6));
    if (check.check === 'less_than')
      max = Math.min(max, (check.value as number) - (check.inclusive ? 0 : int ? 1 : 1e-6));
  }
  if (int) return { min: Math.ceil(min), max: Math.floor(max), int };
  return { min, max, int };
}

function lengthBounds(checks: Check[], fallbackMax: number): { minLength: number; maxLength: number } {
  let minLength = 0;
  let maxLength = Infinity;
  for (const check of checks) {
    if (check.check === 'min_length') minLength = check.minimum as number;
    if (check.check === 'max_length') maxLength = check.maximum as number;
    if (check.check === 'length_equals') minLength = maxLength = check.length as number;
  }
  return { minLength, maxLength: Math.min(maxLength, minLength + fallbackMax) };
}

function stringArbitrary(schema: z.ZodType): fc.Arbitrary<string> {
  const def = defOf(schema);
  if (def.format === 'datetime') return isoInstantArbitrary;
  const checks = checksOf(schema);
  const pattern = checks.find((check) => check.check === 'string_format' && check.pattern instanceof RegExp)
    ?.pattern as RegExp | undefined;
  if (pattern) {
    if (pattern.source === String.raw`^\d{4}-\d{2}-\d{2}$`)
      return fc.oneof({ arbitrary: localDateArbitrary, weight: 4 }, fc.stringMatching(pattern));
    return fc.stringMatching(pattern);
  }
  const { minLength, maxLength } = lengthBounds(checks, 16);
  const random = fc.string({
    minLength,
    maxLength,
    unit: fc.constantFrom('a', 'b', '群', ' ', '1', '-', '_'),
  });
  // A refined free-text field (e.g. "an ISO date") mostly gets the plausible values, a plain one mostly random text.
  const refined = checks.some((check) => check.check === 'custom');
  return refined
    ? fc.oneof({ arbitrary: plausibleStrings, weight: 4 }, random)
    : fc.oneof({ arbitrary: random, weight: 3 }, plausibleStrings);
}

function numberArbitrary(schema: z.ZodType): fc.Arbitrary<number> {
  const { min, max, int } = intBounds(checksOf(schema));
  if (!int) return fc.double({ min, max, noNaN: true });
  // Small values most of the time: ids that exist, counts and limits near their bounds.
  return fc.oneof(
    { arbitrary: fc.integer({ min, max: Math.min(max, min + 4) }), weight: 3 },
    fc.integer({ min, max }),
  );
}

/** An arbitrary for (mostly) valid inputs of `schema`. */
export function zodArbitrary(
  schema: z.ZodType,
  options: ZodArbitraryOptions = {},
  key?: string,
): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (next: unknown, nextKey = key) => zodArbitrary(next as z.ZodType, options, nextKey);
  switch (def.type) {
    case 'string': {
      const override = key === undefined ? undefined : options.strings?.[key];
      return override ?? stringArbitrary(schema);
    }
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [field, fieldSchema] of Object.entries(shape)) {
        model[field] = inner(fieldSchema, field);
        const optin = (fieldSchema as unknown as { _zod: { optin?: string } })._zod.optin;
        if (optin === undefined) requiredKeys.push(field);
      }
      return fc.record(model, { requiredKeys });
    }
    case 'array': {
      const { minLength, maxLength } = lengthBounds(checksOf(schema), 3);
      return fc.array(inner(def.element), { minLength, maxLength });
    }
    case 'tuple':
      return fc.tuple(...(def.items as z.ZodType[]).map((item) => inner(item)));
    case 'record':
      return fc.dictionary(inner(def.keyType) as fc.Arbitrary<string>, inner(def.valueType), { maxKeys: 4 });
    case 'optional':
      return fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType);
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((option) => inner(option)));
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner((def.getter as () => z.ZodType)());
    case 'template_literal':
      return fc
        .tuple(
          ...(def.parts as unknown[]).map((part) =>
            typeof part === 'object' && part !== null ? inner(part) : fc.constant(part),
          ),
        )
        .map((parts) => parts.map(String).join(''));
    case 'custom':
      // Only the handler knows the shape (e.g. a playbook, checked in depth by the service).
      return fc.oneof(fc.constant({}), fc.object({ maxDepth: 1 }));
    case 'any':
    case 'unknown':
      return fc.anything();
    default:
      throw new Error(`zodArbitrary: no arbitrary for zod type "${def.type}"`);
  }
}

/** Values of the wrong kind for any field. */
const wrongValues = fc.constantFrom<unknown>(null, -1, 0.5, '', 'x', [], {}, true, '\u0000');

type Container = Record<string, unknown> | unknown[];
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Every object and array inside `value` (itself included), copied so they can be changed. */
function copyContainers(value: unknown, found: Container[]): unknown {
  if (!isContainer(value)) return value;
  const copy: Container = Array.isArray(value)
    ? value.map((item) => copyContainers(item, found))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyContainers(item, found)]));
  found.push(copy);
  return copy;
}

/**
 * A near miss of a valid value, at any depth: a field dropped, a field added (the schemas are strict), a field or
 * element of the wrong kind, or the whole value replaced. Often invalid, but not always (an optional field
 * dropped), hence `safeParse`.
 */
export function nearMiss(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.constantFrom('drop', 'add', 'retype', 'replace'), fc.nat(), fc.nat(), wrongValues)
    .map(([value, how, where, pick, wrong]) => {
      const containers: Container[] = [];
      const copy = copyContainers(value, containers);
      const target = containers[where % Math.max(containers.length, 1)];
      if (target === undefined || how === 'replace') return wrong;
      const keys = Object.keys(target);
      const field = keys[pick % Math.max(keys.length, 1)];
      if (Array.isArray(target)) {
        if (field === undefined || how === 'add') target.push(wrong);
        else if (how === 'drop') target.splice(Number(field), 1);
        else target[Number(field)] = wrong;
      } else if (how === 'add' || field === undefined) target.unexpected = wrong;
      else if (how === 'drop') delete target[field];
      else target[field] = wrong;
      return copy;
    });
}

/** Mostly valid payloads, then near misses, then anything at all. */
export function payloadArbitrary(
  schema: z.ZodType,
  options: ZodArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const valid = zodArbitrary(schema, options);
  return fc.oneof(
    { arbitrary: valid, weight: 4 },
    { arbitrary: nearMiss(valid), weight: 2 },
    { arbitrary: fc.anything(), weight: 1 },
  );
}
