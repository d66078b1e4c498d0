/**
 * Maps an `app://qundesk/...` request to a file inside the built renderer folder, or refuses it. Two steps: a lexical
 * check of the still-encoded path (traversal, encoded separators, drive letters, device names...), then a realpath
 * check that the file really lies inside the root (a symlink cannot lead out).
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { appHost, appScheme } from './navigation';

export type AssetLookup =
  { kind: 'file'; path: string } | { kind: 'missing' } | { kind: 'refused'; reason: string };

export type AssetSegments = { ok: true; segments: string[] } | { ok: false; reason: string };

const maxPathLength = 1024;
const maxSegments = 16;
// Encoded dots, slashes, backslashes, colons and NUL: a real asset path never needs them encoded.
const encodedSeparators = /%(?:2e|2f|5c|3a|00)/i;
const safeSegment = /^[\p{L}\p{N}._~@+-]+$/u;
// Names Windows maps to devices whatever the extension (`nul.js` opens NUL).
const windowsDeviceName = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\.|$)/i;

export const spaEntryFile = 'index.html';

/**
 * Checks a URL path (as it arrives, percent-encoded, starting with '/') and returns the file's path segments under
 * the root. Extension-less paths are app routes and map to index.html.
 */
export function assetSegments(rawPath: string): AssetSegments {
  if (typeof rawPath !== 'string' || !rawPath.startsWith('/')) return refuse('not a rooted path');
  if (rawPath.length > maxPathLength) return refuse('path too long');
  if (encodedSeparators.test(rawPath)) return refuse('encoded separator or dot');
  const parts = rawPath.slice(1).split('/');
  if (parts.length > maxSegments) return refuse('too many segments');
  const segments: string[] = [];
  for (const [index, part] of parts.entries()) {
    // A trailing slash ('/groups/') is a route; empty segments elsewhere ('//x') are refused.
    if (part === '' && index === parts.length - 1) break;
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return refuse('malformed percent-encoding');
    }
    if (!safeSegment.test(decoded)) return refuse('unsafe characters');
    if (decoded.startsWith('.')) return refuse('dot segment or hidden file');
    if (windowsDeviceName.test(decoded)) return refuse('device name');
    segments.push(decoded);
  }
  const last = segments.at(-1);
  if (last === undefined || !last.includes('.')) return { ok: true, segments: [spaEntryFile] };
  return { ok: true, segments };
}

/** The file for a URL path under `rendererRoot`, after both checks. */
export function resolveAssetPath(rawPath: string, rendererRoot: string): AssetLookup {
  const lexical = assetSegments(rawPath);
  if (!lexical.ok) return { kind: 'refused', reason: lexical.reason };
  let root: string;
  let real: string;
  try {
    root = realpathSync(rendererRoot);
    real = realpathSync(join(root, ...lexical.segments));
  } catch {
    return { kind: 'missing' };
  }
  if (!real.startsWith(root + sep)) return { kind: 'refused', reason: 'outside the renderer root' };
  try {
    if (!statSync(real).isFile()) return { kind: 'missing' };
  } catch {
    return { kind: 'missing' };
  }
  return { kind: 'file', path: real };
}

/** The file for a full request URL; only `app://qundesk/...` is served. */
export function resolveAssetRequest(requestUrl: string, rendererRoot: string): AssetLookup {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', reason: 'unparsable URL' };
  }
  if (
    url.protocol !== `${appScheme}:` ||
    url.host !== appHost ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return { kind: 'refused', reason: 'foreign origin' };
  }
  return resolveAssetPath(url.pathname, rendererRoot);
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function refuse(reason: string): AssetSegments {
  return { ok: false, reason };
}
