/**
 * Parser fuzzing at volume: for every import format, at least 2,000 generated and mutated files (random bytes,
 * token soup cut from the format's own fixture, byte flips, truncations, spliced and shuffled lines), each read at
 * a random chunk size. No parser may throw anything but a structured AppError, yield a malformed record, or take
 * longer than the per-file bound. `QUNDESK_FUZZ_RUNS` raises the count (scripts/fuzz-nightly.mjs uses 100,000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { messageKinds } from '../../../shared/domain/types';
import { importFormats, systemEvents, type ImportFormat } from '../../../shared/ipc/channels/imports';
import { AppError, errorCodes } from '../../../shared/ipc/errors';
import { sniffFile } from '../../../electron/main/import';
import { collectBytes, fixturesDir } from '../import/support';

const runsPerFormat = Math.max(2000, Number(process.env.QUNDESK_FUZZ_RUNS ?? 0) || 0);
/** One file may take this long at most (a generous bound for a loaded 2-core machine; typical is ~1 ms). */
const perFileBoundMs = Number(process.env.QUNDESK_FUZZ_FILE_MS ?? 3000);
const seed = process.env.QUNDESK_FUZZ_SEED === undefined ? undefined : Number(process.env.QUNDESK_FUZZ_SEED);

const kinds = new Set<string>(messageKinds);
const events = new Set<string>(systemEvents);
const codes = new Set(Object.keys(errorCodes));

/** The first fixture of each format, found by sniffing the fixture folder (so a new format needs a fixture). */
async function fixturesByFormat(): Promise<Map<ImportFormat, Buffer>> {
  const found = new Map<ImportFormat, Buffer>();
  for (const folder of readdirSync(fixturesDir, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'refused') continue;
    for (const name of readdirSync(join(fixturesDir, folder.name)).sort()) {
      const path = join(fixturesDir, folder.name, name);
      try {
        const sniff = await sniffFile(path);
        if (found.has(sniff.format)) continue;
        // Parsers get text after the BOM, as the pipeline hands it to them.
        found.set(sniff.format, readFileSync(path).subarray(sniff.bomLength));
      } catch {
        // Not an export (users.json): skip.
      }
    }
  }
  return found;
}

/** A generated or mutated file plus the chunk size to read it with. */
function fuzzInput(fixture: Buffer): fc.Arbitrary<{ bytes: Uint8Array; chunkSize: number }> {
  const text = fixture.toString('utf8');
  const tokens = text.match(/[\s,;:{}[\]"'<>()]|[^\s,;:{}[\]"'<>()]+/g) ?? [''];
  const lines = text.split(/(?<=\n)/);
  const at = fc.nat({ max: Math.max(0, fixture.length - 1) });
  const file = fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 800 }) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.constantFrom(...tokens), { maxLength: 200 })
        .map((parts) => Buffer.from(parts.join(''), 'utf8')),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(at, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
        .map((flips) => {
          const copy = Buffer.from(fixture);
          for (const [position, value] of flips) copy[position] = value;
          return copy;
        }),
    },
    { weight: 1, arbitrary: at.map((cut) => fixture.subarray(0, cut)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(at, at, fc.constantFrom('delete', 'duplicate', 'insert'), fc.uint8Array({ maxLength: 64 }))
        .map(([a, b, operation, noise]) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const head = fixture.subarray(0, from);
          const tail = fixture.subarray(to);
          if (operation === 'delete') return Buffer.concat([head, tail]);
          if (operation === 'duplicate')
            return Buffer.concat([fixture.subarray(0, to), fixture.subarray(from)]);
          return Buffer.concat([head, noise, fixture.subarray(from)]);
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.nat({ max: lines.length - 1 }), { maxLength: lines.length * 2 })
        .map((picks) => Buffer.from(picks.map((index) => lines[index]).join(''), 'utf8')),
    },
  );
  return fc.record({ bytes: file, chunkSize: fc.integer({ min: 1, max: 97 }) });
}

/** Parses within the time bound; returns the refusal (an AppError) or null, and fails on anything else. */
async function parseWithinBound(format: ImportFormat, bytes: Uint8Array, chunkSize: number): Promise<void> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no result after ${perFileBoundMs} ms`)), perFileBoundMs);
  });
  try {
    const result = await Promise.race([
      collectBytes(format, bytes, { chunkSize, date: '2024-05-06', fileName: 'fuzz.txt' }),
      hang,
    ]);
    for (const message of result.messages) {
      expect(Number.isFinite(message.sentAt)).toBe(true);
      expect(kinds.has(message.kind)).toBe(true);
      expect(message.systemEvent === null || events.has(message.systemEvent)).toBe(true);
      expect(typeof message.content).toBe('string');
      expect(typeof message.senderName).toBe('string');
    }
    for (const row of result.rejected) expect(row.reason).toMatch(/^import\.rows\.\w+$/);
  } catch (error) {
    // A refusal must be structured: a known code and an i18n key, never a raw TypeError or RangeError.
    if (!(error instanceof AppError)) throw error;
    expect(codes.has(error.code)).toBe(true);
    expect(error.messageKey).toMatch(/^[a-z]+(\.[A-Za-z0-9]+)+$/);
  } finally {
    clearTimeout(timer);
  }
  expect(performance.now() - started).toBeLessThan(perFileBoundMs);
}

describe(`parser fuzzing (${runsPerFormat} cases per format)`, () => {
  let fixtures: Map<ImportFormat, Buffer>;
  beforeAll(async () => {
    fixtures = await fixturesByFormat();
  });

  it('has a fixture to mutate for every format', () => {
    expect([...fixtures.keys()].sort()).toEqual([...importFormats].sort());
  });

  it.each(importFormats)(
    '%s: only structured refusals, within the time bound',
    async (format) => {
      const fixture = fixtures.get(format);
      expect(fixture).toBeDefined();
      await fc.assert(
        fc.asyncProperty(fuzzInput(fixture!), ({ bytes, chunkSize }) =>
          parseWithinBound(format, bytes, chunkSize),
        ),
        { numRuns: runsPerFormat, ...(seed === undefined ? {} : { seed }) },
      );
    },
    Math.max(60_000, runsPerFormat * 30),
  );
});
