/**
 * The checked opener's rule: which links may leave the app for the user's browser. Only plain http(s) links to
 * public host names pass; the result is the parsed, normalised URL that is actually opened.
 */

export const maxExternalUrlLength = 2048;

// Control characters, whitespace, backslashes, and invisible/bidi characters that make a link read differently
// from where it goes. A real link never needs them, so they are refused rather than cleaned up.
const forbiddenCharacters =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0020\u007f-\u00a0\u00ad\\\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb]/u;

/** Names that resolve on the local machine or network, never to a public site. */
const localOnlySuffixes = [
  'localhost',
  'local',
  'localdomain',
  'internal',
  'intranet',
  'lan',
  'home',
  'corp',
  'arpa',
];

/** Returns the normalised URL when it is safe to open externally, or null. */
export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxExternalUrlLength) return null;
  if (forbiddenCharacters.test(raw)) return null;
  // The parser would accept `https:host` or `https:/host`; a link the user clicks is spelled out in full.
  if (!/^https?:\/\/[^/]/i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (!isPublicHostName(url.hostname)) return null;
  const normalised = url.href;
  return normalised.length <= maxExternalUrlLength ? normalised : null;
}

/**
 * A DNS name with at least two labels and an alphabetic (or IDN) top-level label. IP literals in any spelling are
 * refused: the URL parser turns `0x7f.1`, `2130706433` or `017700000001` into dotted quads, and IPv6 hosts keep
 * their brackets, so both are caught here.
 */
function isPublicHostName(hostname: string): boolean {
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (name.length === 0 || name.length > 253 || name.startsWith('[')) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(label))) return false;
  const topLevel = labels.at(-1) ?? '';
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(topLevel)) return false;
  return !localOnlySuffixes.includes(topLevel);
}
