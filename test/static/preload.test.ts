/**
 * The preload exposes exactly one global, `api`, built from the contract; the page never gets ipcRenderer, IPC event
 * objects or Node. Checked on the source (with a fake 'electron') and on the built, sandbox-loadable bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, pushEventNames } from '../../shared/ipc/contract';
import { importSpecifiers, readRepoFile, repoRoot } from './sourceFiles';

type Listener = (...args: unknown[]) => void;

/** A stand-in for the parts of 'electron' a preload can reach. */
function fakeElectron() {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'reply' })),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => exposed.set(key, value)),
    exposeInIsolatedWorld: vi.fn(),
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? [])
      listener({ sender: ipcRenderer, ports: [] }, ...args);
  };
  return { module: { contextBridge, ipcRenderer }, exposed, listeners, ipcRenderer, contextBridge, emit };
}

type Fake = ReturnType<typeof fakeElectron>;

/** Every value reachable from the exposed object (functions and nested objects). */
function reachable(root: unknown): unknown[] {
  const seen = new Set<unknown>();
  const visit = (value: unknown) => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value))
      return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) visit((value as Record<PropertyKey, unknown>)[key]);
  };
  visit(root);
  return [...seen];
}

async function assertExposesOnlyApi(fake: Fake): Promise<void> {
  expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  expect(fake.contextBridge.exposeInIsolatedWorld).not.toHaveBeenCalled();
  expect([...fake.exposed.keys()]).toEqual(['api']);
  const api = fake.exposed.get('api') as Record<
    string,
    Record<string, (input?: unknown) => Promise<unknown>>
  > & {
    on: (event: string, listener: (payload: unknown) => void) => () => void;
  };

  // Nothing reachable from the api is ipcRenderer or one of its methods.
  const values = reachable(api);
  for (const forbidden of [fake.ipcRenderer, ...Object.values(fake.ipcRenderer)])
    expect(values).not.toContain(forbidden);

  // Exactly the contract's channels, as namespace.method functions, plus `on` and `pathForFile` (dropped files).
  expect(typeof (api as unknown as { pathForFile: unknown }).pathForFile).toBe('function');
  const methods = Object.entries(api)
    .filter(([key]) => key !== 'on' && key !== 'pathForFile')
    .flatMap(([ns, group]) => Object.keys(group).map((method) => `${ns}.${method}`));
  expect(methods.sort()).toEqual([...channelNames].sort());
  expect(typeof api.on).toBe('function');

  // A call goes through the single invoke channel with the channel name and input; nothing else.
  const [firstChannel] = channelNames;
  const [ns, method] = (firstChannel ?? '').split('.') as [string, string];
  await expect(api[ns]?.[method]?.({ probe: 1 })).resolves.toEqual({ ok: true, value: 'reply' });
  expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('qundesk:invoke', firstChannel, { probe: 1 });
  expect(fake.ipcRenderer.send).not.toHaveBeenCalled();
  expect(fake.ipcRenderer.sendSync).not.toHaveBeenCalled();

  // Push events: only the payload reaches the page, only for the subscribed name, and unsubscribe works.
  const [eventName, otherEvent] = pushEventNames;
  const received: unknown[][] = [];
  const unsubscribe = api.on(eventName, (...args: unknown[]) => received.push(args));
  fake.emit('qundesk:event', eventName, { n: 1 });
  fake.emit('qundesk:event', otherEvent, { n: 2 });
  fake.emit('some-other-channel', eventName, { n: 3 });
  expect(received).toEqual([[{ n: 1 }]]);
  unsubscribe();
  fake.emit('qundesk:event', eventName, { n: 4 });
  expect(received).toHaveLength(1);
  expect(fake.listeners.get('qundesk:event')?.size ?? 0).toBe(0);

  // Unknown event names and non-function listeners are refused rather than subscribed.
  expect(() => api.on('qundesk:invoke', () => {})).toThrow();
  expect(() => api.on('__proto__', () => {})).toThrow();
  expect(() => api.on(eventName, 'alert(1)' as unknown as () => void)).toThrow();
  expect(fake.ipcRenderer.on).toHaveBeenCalledTimes(1);
}

describe('preload source', () => {
  let fake: Fake;
  beforeEach(() => {
    vi.resetModules();
    fake = fakeElectron();
    vi.doMock('electron', () => fake.module);
  });

  it('exposes only window.api, built from the contract', async () => {
    await import('../../electron/preload/index');
    await assertExposesOnlyApi(fake);
  });

  it('mentions exposeInMainWorld once and never hands ipcRenderer to the page', () => {
    const source = readRepoFile('electron/preload/index.ts');
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(source).toMatch(
      /exposeInMainWorld\('api', \{ \.\.\.buildApi\(invoke, subscribe\), pathForFile \}\)/,
    );
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(importSpecifiers(source).filter((specifier) => !specifier.startsWith('.'))).toEqual(['electron']);
  });
});

const builtPreload = join(repoRoot, 'out', 'preload', 'index.cjs');

describe.skipIf(!existsSync(builtPreload))('built preload (out/preload/index.cjs)', () => {
  it('loads with nothing but electron, as a sandboxed preload must, and exposes only window.api', async () => {
    const fake = fakeElectron();
    const required: string[] = [];
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id === 'electron') return fake.module;
      throw new Error(`a sandboxed preload cannot require '${id}'`);
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(builtPreload, 'utf8'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
      console,
      TypeError,
      Error,
    });
    expect(required).toEqual(['electron']);
    await assertExposesOnlyApi(fake);
  });
});
