import { describe, expect, it } from 'vitest';
import {
  appEntryUrl,
  appOrigin,
  createNavigationPolicy,
  devServerOrigin,
  trustableOrigin,
} from '../../../electron/main/policy/navigation';

describe('trustableOrigin', () => {
  it.each([
    ['app://qundesk/index.html', 'app://qundesk'],
    ['app://qundesk/', 'app://qundesk'],
    ['app://qundesk/#/groups/3', 'app://qundesk'],
    ['APP://qundesk/x', 'app://qundesk'],
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['https://example.com/a?b', 'https://example.com'],
  ])('%s -> %s', (url, origin) => {
    expect(trustableOrigin(url)).toBe(origin);
  });

  it.each([
    'app://evil/index.html',
    'app://qundesk.evil.com/',
    'app://qundesk:80/',
    'app://qundesk./',
    'app://user@qundesk/',
    'app://user:pass@qundesk/',
    'app:qundesk/index.html',
    'app:///qundesk/index.html',
    'https://user:pw@example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'blob:app://qundesk/1234',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'ws://localhost:5173',
    '',
    'not a url',
    '//qundesk/index.html',
  ])('refuses %s', (url) => {
    expect(trustableOrigin(url)).toBeNull();
  });
});

describe('devServerOrigin', () => {
  it.each([
    ['http://localhost:5173', 'http://localhost:5173'],
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['http://127.0.0.1:5174/index.html', 'http://127.0.0.1:5174'],
    ['http://[::1]:5173/', 'http://[::1]:5173'],
  ])('accepts loopback dev server %s', (url, origin) => {
    expect(devServerOrigin(url)).toBe(origin);
  });

  it.each([
    undefined,
    '',
    'https://localhost:5173',
    'http://example.com:5173',
    'http://localhost.evil.com:5173',
    'http://192.168.1.10:5173',
    'http://0.0.0.0:5173',
    'http://user@localhost:5173',
    'file:///tmp/index.html',
    'app://qundesk',
  ])('ignores %s', (url) => {
    expect(devServerOrigin(url)).toBeNull();
  });
});

describe('createNavigationPolicy', () => {
  it('allows only the app origin in production', () => {
    const policy = createNavigationPolicy();
    expect([...policy.trustedOrigins]).toEqual([appOrigin]);
    expect(policy.allowsNavigation(appEntryUrl)).toBe(true);
    expect(policy.allowsNavigation('app://qundesk/#/settings')).toBe(true);
    expect(policy.allowsNavigation('http://localhost:5173/')).toBe(false);
  });

  it('adds the dev server only when given a loopback dev URL', () => {
    const dev = createNavigationPolicy({ devServerUrl: 'http://localhost:5173' });
    expect(dev.allowsNavigation('http://localhost:5173/#/groups')).toBe(true);
    expect(dev.allowsNavigation('http://localhost:5174/')).toBe(false);
    const tampered = createNavigationPolicy({ devServerUrl: 'https://evil.example.com' });
    expect([...tampered.trustedOrigins]).toEqual([appOrigin]);
  });

  it.each([
    'https://example.com/',
    'http://qundesk/',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:location="https://evil.example"',
    'data:text/html;base64,PHNjcmlwdD4=',
    'about:blank',
    'app://qundesk@evil.com/',
    'app://evil.com/?app://qundesk/',
  ])('denies navigation to %s', (url) => {
    expect(createNavigationPolicy({ devServerUrl: 'http://localhost:5173' }).allowsNavigation(url)).toBe(
      false,
    );
  });

  it('does not throw on non-string input', () => {
    const policy = createNavigationPolicy();
    for (const value of [undefined, null, 42, {}, ['app://qundesk/']]) {
      expect(policy.isTrustedUrl(value as unknown as string)).toBe(false);
    }
  });
});

describe('allowsRequest', () => {
  const production = createNavigationPolicy();
  const development = createNavigationPolicy({ devServerUrl: 'http://localhost:5173' });

  it.each([
    'app://qundesk/index.html',
    'app://qundesk/assets/index-abc.js',
    'data:image/png;base64,iVBORw0KGgo=',
    'blob:app://qundesk/6f1c2d3e-0000-4000-8000-000000000000',
  ])('lets the app load %s', (url) => {
    expect(production.allowsRequest(url)).toBe(true);
    expect(development.allowsRequest(url)).toBe(true);
  });

  it.each([
    'https://fonts.googleapis.com/css2?family=Noto+Sans+SC',
    'http://example.com/tracker.gif',
    'https://127.0.0.1:443/',
    'http://localhost:5173/@vite/client',
    'ws://localhost:5173/',
    'wss://example.com/socket',
    'file:///etc/passwd',
    'file://C:/Windows/win.ini',
    'app://evil/index.html',
    'app://user@qundesk/index.html',
    'devtools://devtools/bundled/inspector.html',
    'chrome-extension://abcdef/script.js',
    'ftp://example.com/',
    'javascript:alert(1)',
    '',
  ])('cancels %s in production', (url) => {
    expect(production.allowsRequest(url)).toBe(false);
  });

  it('lets development reach only its own dev server, HMR socket and dev tools', () => {
    expect(development.allowsRequest('http://localhost:5173/@vite/client')).toBe(true);
    expect(development.allowsRequest('ws://localhost:5173/?token=abc')).toBe(true);
    expect(development.allowsRequest('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(development.allowsRequest('ws://localhost:5174/')).toBe(false);
    expect(development.allowsRequest('wss://localhost:5173/')).toBe(false);
    expect(development.allowsRequest('http://127.0.0.1:5173/')).toBe(false);
    expect(development.allowsRequest('https://registry.npmjs.org/')).toBe(false);
  });

  it('does not throw on non-string input', () => {
    for (const value of [undefined, null, 42, {}]) {
      expect(production.allowsRequest(value as unknown as string)).toBe(false);
    }
  });
});
