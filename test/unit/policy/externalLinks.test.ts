import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxExternalUrlLength, safeExternalUrl } from '../../../electron/main/policy/externalLinks';

describe('safeExternalUrl', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/path?q=1#frag', 'https://example.com/path?q=1#frag'],
    ['http://www.example.org/a/../b', 'http://www.example.org/b'],
    ['HTTPS://EXAMPLE.COM/Path', 'https://example.com/Path'],
    ['https://example.com:8443/', 'https://example.com:8443/'],
    ['https://example.com./', 'https://example.com./'],
    ['https://sub-domain.example.co.uk/x', 'https://sub-domain.example.co.uk/x'],
    ['https://例子.中国/页面', 'https://xn--fsqu00a.xn--fiqs8s/%E9%A1%B5%E9%9D%A2'],
    ['https://example.com/search?q=%E7%BE%A4', 'https://example.com/search?q=%E7%BE%A4'],
  ])('accepts %s as %s', (input, expected) => {
    expect(safeExternalUrl(input)).toBe(expected);
  });

  it.each([
    // Other schemes, including ones that look like http.
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'java\nscript:alert(1)',
    'java\tscript:alert(1)',
    'file:///etc/passwd',
    'file://C:/Windows/System32/calc.exe',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://example.com/file',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=calc',
    'mailto:someone@example.com',
    'weixin://dl/chat',
    'app://qundesk/index.html',
    'chrome://settings',
    'blob:https://example.com/uuid',
    // Spelled-out tricks the parser would accept.
    'https:example.com',
    'https:/example.com',
    'https:\\\\example.com',
    'https:\\/example.com',
    '//example.com',
    'example.com',
    'https://',
    'https:///example.com',
    // Credentials and user-info confusion.
    'https://user:pass@example.com/',
    'https://user@example.com/',
    'https://example.com@evil.com/',
    'https://example.com%40evil.com/',
    // IP literals in every spelling, loopback and private networks.
    'http://127.0.0.1/',
    'http://127.0.0.1:43123/?token=abc',
    'http://2130706433/',
    'http://0x7f.0.0.1/',
    'http://0x7f000001/',
    'http://017700000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0/',
    'http://0.0.0.0/',
    'http://10.0.0.1/',
    'http://192.168.1.1/router',
    'http://169.254.169.254/latest/meta-data/',
    'http://8.8.8.8/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[fe80::1%25eth0]/',
    // Names that only resolve locally.
    'http://localhost/',
    'http://localhost:5173/',
    'http://LOCALHOST./',
    'http://app.localhost/',
    'http://printer.local/',
    'http://intranet/',
    'http://wiki.corp/',
    'http://router.lan/',
    'http://metadata.google.internal/',
    'http://1.0.0.127.in-addr.arpa/',
    'http://nas.home.arpa/',
    'http://example.123/',
    // Invisible, control and bidi characters.
    'https://example.com/\u0000',
    'https://exa\u00admple.com/',
    'https://example.com/\u202egnp.exe',
    'https://example\u200b.com/',
    'https://example.com/\ufeff',
    'https://example.com/a b',
    'https://example.com/\u3000',
    'https://example.com/\r\nSet-Cookie:x',
    'https://example.com/\\..\\',
    'https://example.com ',
    // Malformed hosts.
    'https://-example.com/',
    'https://example-.com/',
    'https://exa_mple..com/',
    `https://${'a'.repeat(64)}.com/`,
    `https://${'a.'.repeat(130)}com/`,
    'https://.com/',
    'https://example.c/',
    // Length.
    `https://example.com/${'a'.repeat(maxExternalUrlLength)}`,
    // Not strings.
    '',
  ])('refuses %j', (input) => {
    expect(safeExternalUrl(input)).toBeNull();
  });

  it.each([undefined, null, 42, {}, ['https://example.com'], new URL('https://example.com')])(
    'refuses non-string %s',
    (value) => {
      expect(safeExternalUrl(value)).toBeNull();
    },
  );

  it('accepts a URL exactly at the length limit and refuses one past it', () => {
    const base = 'https://example.com/';
    const atLimit = base + 'a'.repeat(maxExternalUrlLength - base.length);
    expect(safeExternalUrl(atLimit)).toBe(atLimit);
    expect(safeExternalUrl(atLimit + 'a')).toBeNull();
  });

  // URLs put together from a scheme, a host that is either public or local-only, an optional port and a path, so
  // both kinds (with and without ports) come up in most runs: random strings and fc.webUrl() never produce a
  // port, localhost, an intranet name or an IP literal.
  const label = fc.oneof(
    fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,12}[a-z0-9])?$/),
    // Local-sounding labels are fine anywhere but at the end.
    fc.constantFrom('www', 'localhost', 'local', 'intranet', 'corp', '127', 'sub-domain'),
  );
  const publicHost = fc
    .tuple(
      fc.array(label, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('com', 'org', 'cn', 'io', 'co.uk', 'museum', 'xn--fiqs8s'),
    )
    .map(([labels, topLevel]) => [...labels, topLevel].join('.'));
  const byte = fc.integer({ min: 0, max: 255 });
  const ipV4 = fc
    .tuple(byte, byte, byte, byte, fc.constantFrom('dotted', 'decimal', 'hex', 'octal', 'short'))
    .map(([a, b, c, d, spelling]) => {
      const whole = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
      if (spelling === 'decimal') return String(whole);
      if (spelling === 'hex') return `0x${whole.toString(16)}`;
      if (spelling === 'octal') return [a, b, c, d].map((part) => `0${part.toString(8)}`).join('.');
      if (spelling === 'short') return `${a}.${(b << 16) | (c << 8) | d}`;
      return `${a}.${b}.${c}.${d}`;
    });
  const localHost = fc.oneof(
    fc.constantFrom('localhost', 'intranet', 'nas', 'wiki', 'printer'),
    fc
      .tuple(
        label,
        fc.constantFrom(
          'localhost',
          'local',
          'localdomain',
          'internal',
          'intranet',
          'lan',
          'home',
          'corp',
          'home.arpa',
          'in-addr.arpa',
        ),
      )
      .map(([name, suffix]) => `${name}.${suffix}`),
    ipV4,
    fc.ipV6().map((address) => `[${address}]`),
  );
  const linkTo = (host: fc.Arbitrary<string>) =>
    fc
      .record({
        scheme: fc.constantFrom('http', 'https', 'HTTPS'),
        host: fc.tuple(host, fc.boolean(), fc.boolean()).map(([name, upper, dot]) => {
          const cased = upper ? name.toUpperCase() : name;
          return dot && !name.startsWith('[') ? `${cased}.` : cased;
        }),
        port: fc.option(fc.oneof(fc.constantFrom(80, 443, 8080, 5173), fc.integer({ min: 1, max: 65535 })), {
          nil: undefined,
          freq: 2,
        }),
        rest: fc.constantFrom('', '/', '/a/b', '/search?q=%E7%BE%A4', '/页面', '?x=1', '#frag'),
      })
      .map((parts) => ({
        ...parts,
        raw: `${parts.scheme}://${parts.host}${parts.port === undefined ? '' : `:${parts.port}`}${parts.rest}`,
      }));

  it('opens public names with any port as themselves, and refuses local names and IPs whatever the port', () => {
    let opened = 0;
    let openedWithPort = 0;
    let refused = 0;
    let refusedWithPort = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          linkTo(publicHost).map((link) => ({ ...link, isPublic: true })),
          linkTo(localHost).map((link) => ({ ...link, isPublic: false })),
        ),
        ({ raw, scheme, host, port, isPublic }) => {
          const result = safeExternalUrl(raw);
          if (!isPublic) {
            expect(result, raw).toBeNull();
            refused += 1;
            if (port !== undefined) refusedWithPort += 1;
            return;
          }
          expect(result, raw).not.toBeNull();
          const url = new URL(result!);
          // Same scheme, same host, same port (the scheme's default port is left out): nothing else is opened.
          expect(url.protocol).toBe(`${scheme.toLowerCase()}:`);
          expect(url.hostname).toBe(host.toLowerCase());
          const defaultPort = url.protocol === 'https:' ? 443 : 80;
          expect(url.port).toBe(port === undefined || port === defaultPort ? '' : String(port));
          expect(safeExternalUrl(result)).toBe(result);
          opened += 1;
          if (port !== undefined) openedWithPort += 1;
        },
      ),
      { numRuns: 2000 },
    );
    expect(opened).toBeGreaterThan(700);
    expect(refused).toBeGreaterThan(700);
    expect(openedWithPort).toBeGreaterThan(300);
    expect(refusedWithPort).toBeGreaterThan(300);
  });

  it('only ever returns http(s) URLs to public names, and is idempotent on its output', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc
            .tuple(fc.constantFrom('http://', 'https://', 'HTTP://', 'javascript:', 'file://'), fc.string())
            .map(([scheme, rest]) => scheme + rest),
        ),
        (input) => {
          const result = safeExternalUrl(input);
          if (result === null) return;
          const url = new URL(result);
          expect(['http:', 'https:']).toContain(url.protocol);
          expect(url.username + url.password).toBe('');
          expect(url.hostname).not.toMatch(/^\[|^\d+\.\d+\.\d+\.\d+$|localhost/);
          expect(safeExternalUrl(result)).toBe(result);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
