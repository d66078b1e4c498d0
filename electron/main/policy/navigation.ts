/**
 * Where the app's own pages live and where a page may go. The renderer is served from `app://qundesk`
 * (see shell/protocol.ts); every navigation away from a trusted origin and every new window is denied.
 */

export const appScheme = 'app';
export const appHost = 'qundesk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * Privileges of the `app` scheme: standard (so origins, relative URLs and 'self' work) and secure, and nothing
 * that weakens the page (no bypassCSP, no service workers, no CORS opt-in).
 */
export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

/**
 * The origin of a URL in the form the trust checks compare (`app://qundesk`, `http://localhost:5173`),
 * or null when the URL is not one the app could ever trust (other schemes, credentials, unparsable).
 */
export function trustableOrigin(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol === `${appScheme}:`) {
    // app: is not a WHATWG special scheme, so Node reports origin "null"; the host decides.
    return parsed.host === appHost ? appOrigin : null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  return null;
}

/**
 * The dev server's origin when `url` (electron-vite's ELECTRON_RENDERER_URL) is a plain http URL on loopback;
 * anything else is ignored so a tampered environment cannot make a remote site trusted.
 */
export function devServerOrigin(url: string | undefined): string | null {
  if (url === undefined || url === '') return null;
  const origin = trustableOrigin(url);
  if (origin === null) return null;
  const { protocol, hostname } = new URL(url);
  const loopback = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  return protocol === 'http:' && loopback ? origin : null;
}

export interface NavigationPolicy {
  /** The origins whose pages may talk to the backend and navigate among themselves. */
  readonly trustedOrigins: ReadonlySet<string>;
  /** True when `url` belongs to one of the trusted origins. */
  isTrustedUrl(url: string): boolean;
  /** Navigation of an existing frame: only within the trusted origins. */
  allowsNavigation(url: string): boolean;
  /**
   * Any request the session makes: the app's own scheme, in-page data:/blob: URLs and, in development, the dev
   * server (its page and its HMR websocket) and dev tools. Everything else is cancelled, so the app stays offline
   * even if some page content slipped past the CSP.
   */
  allowsRequest(url: string): boolean;
}

/** The policy for the app's origin plus, in development only, the dev server's origin. */
export function createNavigationPolicy(options: { devServerUrl?: string } = {}): NavigationPolicy {
  const trustedOrigins = new Set([appOrigin]);
  const devOrigin = devServerOrigin(options.devServerUrl);
  if (devOrigin !== null) trustedOrigins.add(devOrigin);
  const isTrustedUrl = (url: string) => {
    const origin = typeof url === 'string' ? trustableOrigin(url) : null;
    return origin !== null && trustedOrigins.has(origin);
  };
  const allowsRequest = (url: string) => {
    if (typeof url !== 'string') return false;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    if (scheme === 'data' || scheme === 'blob') return true;
    if (scheme === 'devtools') return devOrigin !== null;
    // The dev server's HMR websocket shares its host and port.
    if (scheme === 'ws' || scheme === 'wss')
      return devOrigin !== null && isTrustedUrl(url.replace(/^ws/i, 'http'));
    return isTrustedUrl(url);
  };
  return { trustedOrigins, isTrustedUrl, allowsNavigation: isTrustedUrl, allowsRequest };
}
