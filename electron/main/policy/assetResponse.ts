/**
 * What the app:// protocol answers for a request: the file from the renderer folder with the security headers,
 * or a bare 404/405. Kept free of Electron so tests can call it directly.
 */
import { readFile } from 'node:fs/promises';
import { contentTypeFor, resolveAssetRequest } from './assetPath';
import { responseSecurityHeaders } from './csp';

export interface AssetResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

export async function appAssetResponse(
  requestUrl: string,
  method: string,
  rendererRoot: string,
): Promise<AssetResponse> {
  if (method !== 'GET' && method !== 'HEAD') return bare(405);
  const lookup = resolveAssetRequest(requestUrl, rendererRoot);
  if (lookup.kind !== 'file') return bare(404);
  let body: Uint8Array;
  try {
    body = await readFile(lookup.path);
  } catch {
    return bare(404);
  }
  return {
    status: 200,
    headers: {
      ...responseSecurityHeaders,
      'Content-Type': contentTypeFor(lookup.path),
      // Files change with every build; the protocol is local, so revalidating costs nothing.
      'Cache-Control': 'no-cache',
    },
    body: method === 'HEAD' ? null : body,
  };
}

function bare(status: number): AssetResponse {
  return {
    status,
    headers: { ...responseSecurityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
    body: null,
  };
}
