/**
 * Browser mode: hosts the built renderer and the same dispatcher on 127.0.0.1, so the whole app runs in a browser
 * where Electron is absent. A random token (in the printed URL) guards the API; Host and Origin are checked so a
 * web page elsewhere cannot reach it (DNS rebinding, cross-site requests).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../backend';
import type { Dispatch } from '../ipc/dispatcher';
import { contentTypeFor, resolveAssetPath } from '../policy/assetPath';
import { responseSecurityHeaders } from '../policy/csp';

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

const securityHeaders = { ...responseSecurityHeaders, 'X-Frame-Options': 'DENY' };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, status: number, body: string | Buffer, type: string): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is read to its end and dropped, so the client gets the 413 instead of a reset connection.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBodyBytes) chunks.push(chunk);
  }
  return size > maxBodyBytes ? null : Buffer.concat(chunks).toString('utf8');
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let allowedHosts = new Set<string>();
  const dispatch: Dispatch = options.backend.createDispatch((sender) => sender.origin === origin && sender.isMainFrame);
  const streams = new Set<ServerResponse>();
  const unsubscribe = options.backend.pushEvents.subscribe((event, payload) => {
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
        response.writeHead(200, {
          ...securityHeaders,
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
        });
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
    // Same path policy as the app:// protocol: no escape from the renderer folder.
    const lookup = resolveAssetPath(url.pathname, options.rendererDir);
    if (lookup.kind !== 'file') return send(response, 404, 'Not Found', 'text/plain');
    try {
      send(response, 200, await readFile(lookup.path), contentTypeFor(lookup.path));
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
