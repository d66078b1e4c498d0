import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, channels } from '../../../shared/ipc/contract';
import { buildApi } from '../../../shared/ipc/api';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';

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
/** Channels whose valid input starts heavy work; the fuzz only sends them input that fails validation. */
const heavyChannels = new Set(['workspace.loadDemo']);

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

  it('never throws and always returns an envelope, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channelNames), fc.anything(), async (name, payload) => {
        if (heavyChannels.has(name) && channels[name].input.safeParse(payload).success) return;
        const result = await dispatch(name, payload, trustedSender);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.error.message).toMatch(/^[a-zA-Z]+(\.[a-zA-Z]+)+$/);
      }),
      { numRuns: 300 },
    );
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
