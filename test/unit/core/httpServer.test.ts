import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../../electron/main/server/httpServer';
import { makeTempDir, makeTestBackend } from '../../support/tempWorkspace';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can send the Host and Origin headers a browser would not let them forge. */
function raw(
  server: RunningServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const { port } = new URL(server.origin);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('browser-mode HTTP server', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let server: RunningServer;
  const renderer = makeTempDir('qundesk-renderer-');

  beforeAll(async () => {
    mkdirSync(join(renderer.dir, 'assets'));
    writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>群管工作台</title>');
    writeFileSync(join(renderer.dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(renderer.dir, '..', 'secret.txt'), 'secret');
    backend = makeTestBackend();
    server = await startHttpServer({ backend, rendererDir: renderer.dir });
  });
  afterAll(async () => {
    await server.close();
    await backend.dispose();
    renderer.remove();
  });

  const invoke = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(server, `/api/invoke/${channel}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-qundesk-token': server.token,
        origin: server.origin,
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it('listens on loopback only and prints a token URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('serves the renderer with the CSP and falls back to index.html for routes', async () => {
    const index = await raw(server, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await raw(server, '/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    expect((await raw(server, '/groups')).body).toContain('群管工作台');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2fsecret.txt',
    '/..\\secret.txt',
    '/assets/%00.js',
  ])('refuses the path escape %s', async (path) => {
    const response = await raw(server, path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('secret');
  });

  it('answers an authorised call with the dispatcher result', async () => {
    const response = await invoke('workspace.info', {});
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { isEmpty: true } });
  });

  it('refuses a missing or wrong token', async () => {
    expect((await invoke('workspace.info', {}, { 'x-qundesk-token': '' })).status).toBe(401);
    expect((await invoke('workspace.info', {}, { 'x-qundesk-token': `${server.token}x` })).status).toBe(401);
  });

  it('refuses foreign origins and hosts (cross-site requests, DNS rebinding)', async () => {
    expect((await invoke('workspace.info', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await invoke('workspace.info', {}, { host: 'evil.example' })).status).toBe(421);
    expect((await raw(server, '/', { headers: { host: 'localhost.evil.example' } })).status).toBe(421);
  });

  it('refuses non-JSON bodies, malformed JSON and oversized bodies with clear errors', async () => {
    expect((await invoke('workspace.info', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    const malformed = await raw(server, '/api/invoke/workspace.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-qundesk-token': server.token },
      body: '{"unterminated',
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.code).toBe('VALIDATION');
    const huge = await invoke('groups.create', { name: 'x'.repeat(3 * 1024 * 1024), type: 'service' });
    expect(huge.status).toBe(413);
    const invalid = JSON.parse((await invoke('groups.create', { name: '', type: 'x' })).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('pushes events over server-sent events', async () => {
    const { port } = new URL(server.origin);
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/events?token=${server.token}`,
          headers: { host: `127.0.0.1:${port}` },
        },
        (res) => {
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            buffer += chunk;
            if (buffer.includes('event: data.changed')) {
              req.destroy();
              resolve(buffer);
            }
          });
        },
      );
      req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await invoke('groups.create', { name: '事件测试群', type: 'content' });
    expect(await received).toContain('"entities":["groups","audit"]');
  });
});
