/**
 * Browser mode: hosts the built renderer and the same dispatcher on 127.0.0.1, so the whole app runs in a browser
 * where Electron is absent. A random token (in the printed URL) guards the API; Host and Origin are checked so a
 * web page elsewhere cannot reach it (DNS rebinding, cross-site requests).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { Backend } from '../backend';
import type { Dispatch } from '../ipc/dispatcher';
import { contentSecurityPolicy } from '../policy/csp';
import { resolveAssetPath } from '../policy/assetPath';

export interface HttpServerOptions {
  backend: Backend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const maxBodyBytes = 2 * 1024 * 1024;
const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, status: number, body: string | Buffer, type: string): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let allowedHosts = new Set<string>();
  const dispatch: Dispatch = options.backend.createDispatch((sender) => sender.origin === origin && sender.isMainFrame);
  const streams = new Set<ServerResponse>();
  const unsubscribe = options.backend.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'INTERNAL', message: 'errors.internal' } });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: only our own host name reaches the app (the printed URL uses 127.0.0.1, never localhost).
    if (!allowedHosts.has(request.headers.host ?? '')) return send(response, 421, 'Misdirected Request', 'text/plain');
    const url = new URL(request.url ?? '/', origin);
    const requestOrigin = request.headers.origin;

    if (url.pathname.startsWith('/api/')) {
      if (requestOrigin !== undefined && requestOrigin !== origin) {
        return sendJson(response, 403, { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'errors.forbiddenSender' } });
      }
      const given = (request.headers['x-qundesk-token'] as string | undefined) ?? url.searchParams.get('token') ?? '';
      if (!sameSecret(given, token)) {
        return sendJson(response, 401, { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'errors.forbiddenSender' } });
      }
      if (url.pathname === '/api/events' && request.method === 'GET') {
        response.writeHead(200, { ...securityHeaders, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        response.write(': connected\n\n');
        streams.add(response);
        request.on('close', () => streams.delete(response));
        return;
      }
      const match = /^\/api\/invoke\/([\w.]+)$/.exec(url.pathname);
      if (match && request.method === 'POST') {
        if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(response, 415, { ok: false, error: { code: 'VALIDATION', message: 'errors.validation' } });
        }
        const body = await readBody(request);
        if (body === null) return sendJson(response, 413, { ok: false, error: { code: 'VALIDATION', message: 'errors.validation' } });
        let input: unknown;
        try {
          input = body === '' ? {} : JSON.parse(body);
        } catch {
          return sendJson(response, 400, { ok: false, error: { code: 'VALIDATION', message: 'errors.validation' } });
        }
        // The HTTP transport's "frame" is the page at our origin: the token and Origin checks above stand for the
        // sender check Electron does on frames.
        const result = await dispatch(match[1], input, { origin, isMainFrame: true });
        return sendJson(response, 200, result);
      }
      return sendJson(response, 404, { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'errors.unknownChannel' } });
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method Not Allowed', 'text/plain');
    const file = resolveAssetPath(options.rendererDir, url.pathname);
    if (!file) return send(response, 404, 'Not Found', 'text/plain');
    try {
      const content = await readFile(file);
      send(response, 200, content, mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      send(response, 404, 'Not Found', 'text/plain');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`]);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      unsubscribe();
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
