import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assetSegments,
  contentTypeFor,
  resolveAssetPath,
  resolveAssetRequest,
} from '../../../electron/main/policy/assetPath';
import { appAssetResponse } from '../../../electron/main/policy/assetResponse';
import { contentSecurityPolicy } from '../../../electron/main/policy/csp';
import { makeTempDir } from '../../support/tempWorkspace';

describe('assetSegments (lexical check)', () => {
  it.each([
    ['/', ['index.html']],
    ['/index.html', ['index.html']],
    ['/assets/index-Bx3k_9.js', ['assets', 'index-Bx3k_9.js']],
    ['/assets/font@2x.woff2', ['assets', 'font@2x.woff2']],
    ['/assets/%E7%BE%A4.png', ['assets', '群.png']],
    // Extension-less paths are app routes.
    ['/groups', ['index.html']],
    ['/groups/12', ['index.html']],
    ['/groups/', ['index.html']],
    ['/assets', ['index.html']],
  ])('%s -> %j', (path, segments) => {
    expect(assetSegments(path)).toEqual({ ok: true, segments });
  });

  it.each([
    // Plain and encoded traversal.
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..',
    '/./index.html',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/%2e./secret.txt',
    '/.%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/..%2fsecret.txt',
    '/assets/..%2Fsecret.txt',
    '/..%5c..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/%uff0e%uff0e/secret.txt',
    '/\uff0e\uff0e/secret.txt',
    // Backslashes, NUL, control characters.
    '/..\\..\\secret.txt',
    '/assets\\index.js',
    '/index.html%00.png',
    '/index.html\u0000.png',
    '/index.html%0a',
    '/a%09b.js',
    // Absolute paths, drive letters, UNC, streams.
    '//etc/passwd',
    '///etc/passwd',
    '/C:/Windows/win.ini',
    '/c:%5cwindows%5cwin.ini',
    '/C%3A/Windows/win.ini',
    '//server/share/file.txt',
    '/index.html::$DATA',
    '/index.html:stream',
    'index.html',
    '',
    'C:\\Windows\\win.ini',
    '\\\\server\\share',
    // Hidden files and device names.
    '/.env',
    '/.vite/manifest.json',
    '/assets/.htaccess',
    '/nul.js',
    '/CON',
    '/assets/com1.txt',
    '/lpt9.png',
    // Malformed encoding, query/fragment characters, odd punctuation.
    '/%E7%BE',
    '/%',
    '/%zz.js',
    '/index.html?x=1',
    '/index.html#x',
    '/a b.js',
    '/a"b.js',
    '/a<b>.js',
    '/a|b.js',
    '/a*b.js',
    // Size limits.
    `/${'a'.repeat(1100)}.js`,
    `/${'a/'.repeat(20)}x.js`,
  ])('refuses %j', (path) => {
    expect(assetSegments(path).ok).toBe(false);
  });

  // Paths built from segments, half of them all plain asset names (which must be served as they are) and half with
  // one hostile segment somewhere (which must be refused): random strings are nearly always refused for a trivial
  // reason (no leading slash, an odd character), so they never test either side.
  const deviceStem = /^(?:con|prn|aux|nul|com\d|lpt\d)$/i;
  const plainName = fc
    .tuple(
      fc.oneof(
        fc.stringMatching(/^[a-z0-9][a-z0-9_~@+-]{0,10}$/).filter((stem) => !deviceStem.test(stem)),
        fc.constantFrom('群', '读书会', 'index-Bx3k_9', 'font@2x', 'café'),
      ),
      fc.constantFrom('', '', '.js', '.css', '.png', '.woff2', '.html', '.min.js'),
      fc.boolean(),
    )
    // Sometimes percent-encoded, as browsers send non-ASCII names.
    .map(([stem, extension, encode]) => {
      const name = stem + extension;
      return { name, raw: encode ? encodeURIComponent(name) : name };
    });
  const hostileSegment = fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E%2e',
    '.%2e',
    '%2e.',
    '..%2f..',
    'a%2fb',
    '..%5c..',
    '..\\..',
    '%252e%252e',
    '\uff0e\uff0e',
    'C:',
    'c%3a',
    '.env',
    '.git',
    'nul.js',
    'CON',
    'lpt1.png',
    'a%00.js',
    'a\u0000.js',
    'a b.js',
    '%E7%BE',
    '%zz',
  );
  const plainPath = fc
    .tuple(fc.array(plainName, { minLength: 1, maxLength: 6 }), fc.boolean())
    .map(([names, trailingSlash]) => ({
      path: '/' + names.map((name) => name.raw).join('/') + (trailingSlash ? '/' : ''),
      names: names.map((name) => name.name),
    }));
  const hostilePath = fc
    .tuple(fc.array(plainName, { maxLength: 5 }), hostileSegment, fc.nat())
    .map(([names, hostile, at]) => {
      const parts = names.map((name) => name.raw);
      parts.splice(at % (parts.length + 1), 0, hostile);
      return '/' + parts.join('/');
    });

  it('serves every path of plain names as those names, and refuses every path with a hostile segment', () => {
    let served = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(plainPath, hostilePath), (generated) => {
        if (typeof generated === 'string') {
          expect(assetSegments(generated), generated).toMatchObject({ ok: false });
          refused += 1;
          return;
        }
        const { path, names } = generated;
        // A path whose last name has no extension is an app route (a trailing slash changes nothing).
        const expected = names.at(-1)!.includes('.') ? names : ['index.html'];
        expect(assetSegments(path), path).toEqual({ ok: true, segments: expected });
        served += 1;
      }),
      { numRuns: 3000 },
    );
    expect(served).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });

  it('never yields a segment that could leave the folder, for any input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          hostilePath,
          fc
            .array(
              fc.constantFrom(
                '/',
                '.',
                '..',
                '%2e',
                '%2f',
                '%5c',
                '\\',
                'a',
                'b.js',
                ':',
                '%00',
                '%25',
                'C:',
              ),
              { maxLength: 12 },
            )
            .map((parts) => '/' + parts.join('')),
          plainPath.map((plain) => plain.path),
        ),
        (path) => {
          const result = assetSegments(path);
          if (!result.ok) return;
          accepted += 1;
          for (const segment of result.segments) {
            // eslint-disable-next-line no-control-regex -- NUL must never reach the file system
            expect(segment).not.toMatch(/^\.|[/\\:\u0000]/);
            expect(segment.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 3000 },
    );
    // The check above only bites on accepted paths: make sure there are many.
    expect(accepted).toBeGreaterThan(500);
  });
});

describe('resolveAssetPath / resolveAssetRequest (filesystem check)', () => {
  const temp = makeTempDir('qundesk-assets-');
  const root = join(temp.dir, 'renderer');
  const outside = join(temp.dir, 'outside');

  beforeAll(() => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>群管工作台</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    // A symlinked file and a symlinked folder that both lead out of the root.
    symlinkSync(join(outside, 'secret.txt'), join(root, 'assets', 'leak.txt'));
    symlinkSync(outside, join(root, 'linked'), 'dir');
    // A symlink that stays inside is fine.
    symlinkSync(join(root, 'assets', 'app.js'), join(root, 'assets', 'alias.js'));
    mkdirSync(join(root, 'folder.d'));
  });
  afterAll(() => temp.remove());

  it('serves files inside the root and falls back to index.html for routes', () => {
    expect(resolveAssetPath('/assets/app.js', root)).toMatchObject({ kind: 'file' });
    expect(resolveAssetPath('/assets/alias.js', root)).toMatchObject({ kind: 'file' });
    const route = resolveAssetPath('/groups/12', root);
    expect(route.kind === 'file' && route.path.endsWith('index.html')).toBe(true);
  });

  it('refuses symlinks that escape the root', () => {
    expect(resolveAssetPath('/assets/leak.txt', root)).toMatchObject({ kind: 'refused' });
    expect(resolveAssetPath('/linked/secret.txt', root)).toMatchObject({ kind: 'refused' });
  });

  it('reports missing files and folders as missing', () => {
    expect(resolveAssetPath('/assets/nope.js', root)).toEqual({ kind: 'missing' });
    expect(resolveAssetPath('/folder.d', root)).toEqual({ kind: 'missing' });
    expect(resolveAssetPath('/index.html', join(temp.dir, 'no-such-root'))).toEqual({ kind: 'missing' });
  });

  it('refuses lexical escapes before touching the disk', () => {
    expect(resolveAssetPath('/../outside/secret.txt', root)).toMatchObject({ kind: 'refused' });
    expect(resolveAssetPath('/%2e%2e/outside/secret.txt', root)).toMatchObject({ kind: 'refused' });
  });

  it.each([
    ['app://qundesk/assets/app.js', 'file'],
    ['app://qundesk/', 'file'],
    ['app://qundesk/../outside/secret.txt', 'missing'],
    ['app://qundesk/assets/..%2f..%2foutside%2fsecret.txt', 'refused'],
    ['app://evil/assets/app.js', 'refused'],
    ['app://user@qundesk/assets/app.js', 'refused'],
    ['https://qundesk/assets/app.js', 'refused'],
    ['file:///etc/passwd', 'refused'],
    ['not a url', 'refused'],
  ])('request %s -> %s', (url, kind) => {
    expect(resolveAssetRequest(url, root).kind).toBe(kind);
  });
});

describe('appAssetResponse', () => {
  const temp = makeTempDir('qundesk-assets-');
  beforeAll(() => {
    mkdirSync(join(temp.dir, 'assets'));
    writeFileSync(join(temp.dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(temp.dir, 'assets', 'app.js'), 'export {}');
  });
  afterAll(() => temp.remove());

  it('serves a file with its type and the CSP header', async () => {
    const response = await appAssetResponse('app://qundesk/assets/app.js', 'GET', temp.dir);
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['Content-Security-Policy']).toBe(contentSecurityPolicy);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(new TextDecoder().decode(response.body ?? new Uint8Array())).toBe('export {}');
  });

  it('answers HEAD without a body, 404 for refused or missing paths, 405 for other methods', async () => {
    const head = await appAssetResponse('app://qundesk/index.html', 'HEAD', temp.dir);
    expect([head.status, head.body]).toEqual([200, null]);
    expect((await appAssetResponse('app://qundesk/%2e%2e/x.txt', 'GET', temp.dir)).status).toBe(404);
    expect((await appAssetResponse('app://qundesk/missing.js', 'GET', temp.dir)).status).toBe(404);
    const post = await appAssetResponse('app://qundesk/index.html', 'POST', temp.dir);
    expect([post.status, post.body]).toEqual([405, null]);
    expect(post.headers['Content-Security-Policy']).toBe(contentSecurityPolicy);
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.woff2', 'font/woff2'],
    ['a.svg', 'image/svg+xml'],
    ['a.exe', 'application/octet-stream'],
    ['noext', 'application/octet-stream'],
  ])('%s -> %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});
