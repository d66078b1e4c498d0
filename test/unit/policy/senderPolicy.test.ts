import { describe, expect, it } from 'vitest';
import { createNavigationPolicy } from '../../../electron/main/policy/navigation';
import { createSenderPolicy, senderInfoFromFrame } from '../../../electron/main/policy/senderPolicy';
import type { SenderInfo } from '../../../electron/main/ipc/dispatcher';

describe('createSenderPolicy', () => {
  const production = createSenderPolicy();
  const development = createSenderPolicy(createNavigationPolicy({ devServerUrl: 'http://localhost:5173' }));

  it('trusts the main frame of the app origin', () => {
    expect(production({ origin: 'app://qundesk', isMainFrame: true })).toBe(true);
    expect(development({ origin: 'http://localhost:5173', isMainFrame: true })).toBe(true);
  });

  it.each<[string, SenderInfo]>([
    ['sub-frame of the app origin', { origin: 'app://qundesk', isMainFrame: false }],
    ['dev server in production', { origin: 'http://localhost:5173', isMainFrame: true }],
    ['remote site', { origin: 'https://evil.example.com', isMainFrame: true }],
    ['opaque origin', { origin: 'null', isMainFrame: true }],
    ['empty origin', { origin: '', isMainFrame: true }],
    ['origin with path', { origin: 'app://qundesk/index.html', isMainFrame: true }],
    ['origin with trailing slash', { origin: 'app://qundesk/', isMainFrame: true }],
    ['upper-case origin', { origin: 'APP://QUNDESK', isMainFrame: true }],
    ['file origin', { origin: 'file://', isMainFrame: true }],
    ['look-alike host', { origin: 'app://qundesk.evil', isMainFrame: true }],
  ])('refuses %s', (_label, sender) => {
    expect(production(sender)).toBe(false);
  });

  it('refuses malformed sender objects without throwing', () => {
    for (const sender of [
      { origin: 'app://qundesk', isMainFrame: 'true' },
      { origin: 'app://qundesk', isMainFrame: 1 },
      { origin: ['app://qundesk'], isMainFrame: true },
      { isMainFrame: true },
    ]) {
      expect(production(sender as unknown as SenderInfo)).toBe(false);
    }
  });

  it('refuses another dev port in development', () => {
    expect(development({ origin: 'http://localhost:5174', isMainFrame: true })).toBe(false);
    expect(development({ origin: 'http://127.0.0.1:5173', isMainFrame: true })).toBe(false);
  });
});

describe('senderInfoFromFrame', () => {
  it('derives the origin from the frame URL', () => {
    expect(
      senderInfoFromFrame({ url: 'app://qundesk/index.html#/groups', origin: 'app://qundesk' }, true),
    ).toEqual({
      origin: 'app://qundesk',
      isMainFrame: true,
    });
    expect(senderInfoFromFrame({ url: 'app://qundesk/index.html' }, false)).toEqual({
      origin: 'app://qundesk',
      isMainFrame: false,
    });
  });

  it.each([
    ['destroyed frame', null],
    ['missing frame', undefined],
    ['frame without URL', { origin: 'app://qundesk' }],
    ['about:blank inheriting our origin', { url: 'about:blank', origin: 'app://qundesk' }],
    ['data URL', { url: 'data:text/html,hi', origin: 'null' }],
    ['URL and origin disagree', { url: 'app://qundesk/index.html', origin: 'https://evil.example.com' }],
    ['non-string URL', { url: 42 }],
  ])('yields an untrusted sender for a %s', (_label, frame) => {
    const info = senderInfoFromFrame(frame as { url?: unknown; origin?: unknown } | null, true);
    expect(createSenderPolicy()(info)).toBe(false);
  });
});
