import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { channelNames, channels, type ChannelName } from '../../../shared/ipc/contract';
import { buildApi } from '../../../shared/ipc/api';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { nearMiss, payloadArbitrary, zodArbitrary } from '../../support/zodArbitrary';
import { seedWorkspace } from '../backup/fixtures';

const hostileSenders = [
  { origin: 'https://evil.example', isMainFrame: true },
  { origin: 'app://qundesk', isMainFrame: false },
  { origin: 'app://qundesk.evil', isMainFrame: true },
  { origin: 'null', isMainFrame: true },
  { origin: 'file://', isMainFrame: true },
  { origin: '', isMainFrame: true },
];
const malformedSenders: unknown[] = [
  null,
  undefined,
  'app://qundesk',
  {},
  { origin: 'app://qundesk' },
  { origin: 1, isMainFrame: true },
];
const invalidPayloads: unknown[] = [
  null,
  42,
  'text',
  [],
  true,
  { __proto__: { polluted: 1 } },
  { unexpected: 'field' },
];

describe('IPC contract', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  beforeAll(() => {
    backend = makeTestBackend();
    dispatch = backend.createDispatch(trustAppOrigin);
  });
  afterAll(async () => backend.dispose());

  it('has channel names of the form namespace.method, each with a zod schema', () => {
    for (const name of channelNames) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(typeof channels[name].input.safeParse).toBe('function');
    }
  });

  it.each(channelNames)('%s refuses foreign and malformed senders before anything else', async (name) => {
    for (const sender of [...hostileSenders, ...malformedSenders]) {
      const result = await dispatch(name, {}, sender as never);
      expect(result).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN_SENDER', message: 'errors.forbiddenSender' },
      });
    }
  });

  it.each(channelNames)('%s rejects invalid payloads with a VALIDATION error', async (name) => {
    for (const payload of invalidPayloads) {
      const result = await dispatch(name, payload, trustedSender);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message).toBe('errors.validation');
        expect(Array.isArray(result.error.issues)).toBe(true);
      }
    }
  });

  it('refuses unknown channels, including prototype names', async () => {
    for (const name of [
      'nope',
      '__proto__',
      'constructor',
      'toString',
      'groups',
      'groups.list.extra',
      42,
      null,
    ]) {
      const result = await dispatch(name, {}, trustedSender);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('refuses a path holding a NUL character as bad input, which the file system would throw on', async () => {
    const calls: [ChannelName, unknown][] = [
      ['recovery.exportReadable', { path: '\u0000' }],
      ['diagnostics.export', { path: join(backend.dir, 'report\u0000.txt') }],
      ['imports.preview', { path: join(backend.dir, 'chat\u0000.csv') }],
      ['members.importPreview', { path: join(backend.dir, 'members\u0000.csv') }],
      ['backup.openWorkspace', { path: join(backend.dir, 'work\u0000space') }],
    ];
    for (const [name, payload] of calls)
      expect(await dispatch(name, payload, trustedSender), name).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: 'errors.validation' },
      });
  });

  it('answers near misses of valid payloads with issues, never by throwing (a throwing refinement is INTERNAL)', () => {
    let rejected = 0;
    for (const name of channelNames) {
      const schema = channels[name].input;
      fc.assert(
        fc.property(nearMiss(zodArbitrary(schema)), (payload) => {
          if (!schema.safeParse(payload).success) rejected += 1;
        }),
        { numRuns: 40 },
      );
    }
    expect(rejected).toBeGreaterThan(channelNames.length * 25);
  });

  describe('fuzzed with payloads derived from the channel schemas', () => {
    // Its own seeded workspace (rows with small ids, so generated ids hit something), cheap operator passphrase
    // hashing (operators.create, session.unlock), and unexpected errors recorded so a failure names the cause.
    let fuzzed: ReturnType<typeof makeTestBackend>;
    let fuzzDispatch: Dispatch;
    const crashes: string[] = [];
    beforeAll(() => {
      fuzzed = makeTestBackend({
        operatorScrypt: { N: 2 ** 10, r: 8, p: 1 },
        logError: (scope, error) =>
          crashes.push(`${scope}: ${error instanceof Error ? error.stack : String(error)}`),
      });
      seedWorkspace(fuzzed.context.db, fuzzed.workspace.dir, { groups: 2, members: 10, messages: 50 });
      fuzzDispatch = fuzzed.createDispatch(trustAppOrigin);
    });
    afterAll(async () => fuzzed.dispose());

    /**
     * Never called: once the fuzz has created an operator, `session.lock` locks the app, and a locked app answers
     * LOCKED before validating, so every later run would test the lock instead of its channel.
     */
    const notFuzzed = new Set(['session.lock']);
    /** Valid input starts heavy work (the demo seeds a whole workspace; a vault passphrase runs full-cost scrypt). */
    const invalidOnly = new Set([
      'workspace.loadDemo',
      'backup.createVault',
      'backup.exportArchive',
      'backup.importArchive',
    ]);
    const fuzzedChannels = channelNames.filter((name) => !notFuzzed.has(name));
    // Paths stay inside the test's temp folder (a valid payload really creates vaults, exports and folders), and
    // are new each time, so a run does not depend on what earlier runs left there.
    let pathCount = 0;
    const insideTemp = () => fc.constant('').map(() => join(fuzzed.dir, 'fuzz', `p${(pathCount += 1)}`));
    const pathKeys = new Set(['path', 'paths', 'target', 'vaultPath']);
    /**
     * Whether a payload names a path outside the test's folder: a near miss can put a short string ('x') where a path
     * goes, which is a valid relative path, and a handler would then write into the working directory.
     */
    const namesPathOutside = (value: unknown, key?: string): boolean => {
      if (typeof value === 'string')
        return key !== undefined && pathKeys.has(key) && !value.trim().startsWith(fuzzed.dir);
      if (Array.isArray(value)) return value.some((item) => namesPathOutside(item, key));
      if (typeof value === 'object' && value !== null)
        return Object.entries(value).some(([name, item]) => namesPathOutside(item, name));
      return false;
    };
    const payloads = new Map<string, fc.Arbitrary<unknown>>();
    const payloadFor = (name: ChannelName) => {
      let arbitrary = payloads.get(name);
      if (!arbitrary) {
        const path = insideTemp();
        const options = { strings: { path, paths: path, target: path, vaultPath: path } };
        payloads.set(name, (arbitrary = payloadArbitrary(channels[name].input, options)));
      }
      return arbitrary;
    };

    it('rejects exactly what the schema rejects, and handles what it accepts without an internal error', async () => {
      let accepted = 0;
      let rejected = 0;
      let succeeded = 0;
      const handled = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...fuzzedChannels).chain((name) => fc.tuple(fc.constant(name), payloadFor(name))),
          async ([name, payload]) => {
            const valid = channels[name].input.safeParse(payload).success;
            fc.pre(!(valid && (invalidOnly.has(name) || namesPathOutside(payload))));
            crashes.length = 0;
            const result = await fuzzDispatch(name, payload, trustedSender);
            if (!valid) {
              rejected += 1;
              expect(result, name).toMatchObject({
                ok: false,
                error: { code: 'VALIDATION', message: 'errors.validation', issues: expect.any(Array) },
              });
              return;
            }
            accepted += 1;
            handled.add(name);
            if (result.ok) {
              succeeded += 1;
              return;
            }
            // Past validation: refused by the service in its own words (not found, forbidden, ...), never a crash,
            // never the schema's generic answer.
            expect(result.error.code, `${name}: ${crashes.join('\n')}`).not.toBe('INTERNAL');
            expect(result.error.message, name).not.toBe('errors.validation');
            expect(result.error.message, name).toMatch(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/);
          },
        ),
        { numRuns: 600 },
      );
      // Both sides are really exercised, over most channels: fc.anything() almost never passed a schema.
      expect(accepted).toBeGreaterThan(250);
      expect(rejected).toBeGreaterThan(100);
      expect(succeeded).toBeGreaterThan(100);
      expect(handled.size).toBeGreaterThan(fuzzedChannels.length / 2);
    });
  });

  it('builds window.api with one function per channel and nothing else but `on`', () => {
    const api = buildApi(
      async () => ({ ok: true, value: null }),
      () => () => {},
    ) as unknown as Record<string, Record<string, unknown>>;
    const namespaces = new Set(channelNames.map((name) => name.split('.')[0]));
    expect(new Set(Object.keys(api))).toEqual(new Set([...namespaces, 'on']));
    for (const name of channelNames) {
      const [ns, method] = name.split('.') as [string, string];
      expect(typeof api[ns]?.[method]).toBe('function');
    }
  });
});
