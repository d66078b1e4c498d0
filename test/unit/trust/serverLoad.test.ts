/**
 * Browser mode under load: 200 requests at once from loopback all get their own correct answer, while requests
 * without the token, with a wrong one, or with a foreign Host or Origin mixed into the same burst are all refused.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../../electron/main/server/httpServer';
import { createGroup } from '../../../electron/main/services/groups';
import { makeTempDir, makeTestBackend } from '../../support/tempWorkspace';

interface Reply {
  status: number;
  body: string;
}

const concurrent = 200;

describe('browser-mode server under 200 concurrent requests', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let server: RunningServer;
  let port: number;
  const groups: { id: number; name: string }[] = [];
  const renderer = makeTempDir('qundesk-renderer-');
  // One socket per request, all open at once: the burst really is concurrent.
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

  beforeAll(async () => {
    mkdirSync(join(renderer.dir, 'assets'));
    writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>群管工作台</title>');
    backend = makeTestBackend();
    for (let index = 0; index < 20; index += 1) {
      const group = createGroup(backend.context, {
        name: `压测群 ${index}`,
        type: 'service',
        positioning: '',
        coreGoal: '',
        memberCap: 100 + index,
      });
      groups.push({ id: group.id, name: group.name });
    }
    server = await startHttpServer({ backend, rendererDir: renderer.dir });
    port = Number(new URL(server.origin).port);
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
    await backend.dispose();
    renderer.remove();
  });

  const invoke = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path: `/api/invoke/${channel}`,
          method: 'POST',
          headers: {
            host: `127.0.0.1:${port}`,
            origin: server.origin,
            'content-type': 'application/json',
            'x-qundesk-token': server.token,
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  it('answers every one of 200 concurrent calls correctly', async () => {
    const started = Date.now();
    const calls = Array.from({ length: concurrent }, (_, index) => {
      const group = groups[index % groups.length]!;
      if (index % 4 === 3)
        return invoke('workspace.info', {}).then((reply) => ({ reply, expect: 'info' as const, group }));
      return invoke('groups.get', { id: group.id }).then((reply) => ({
        reply,
        expect: 'group' as const,
        group,
      }));
    });
    const results = await Promise.all(calls);
    for (const { reply, expect: kind, group } of results) {
      expect(reply.status).toBe(200);
      const parsed = JSON.parse(reply.body) as { ok: boolean; value: Record<string, unknown> };
      expect(parsed.ok).toBe(true);
      if (kind === 'group')
        expect(parsed.value).toMatchObject({
          id: group.id,
          name: group.name,
          memberCap: 100 + (group.id - groups[0]!.id),
        });
      else expect(parsed.value).toMatchObject({ counts: { groups: groups.length } });
    }
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('refuses bad tokens and foreign hosts or origins inside a concurrent burst, and still serves the rest', async () => {
    const kinds = ['good', 'noToken', 'wrongToken', 'foreignOrigin', 'foreignHost'] as const;
    const calls = Array.from({ length: concurrent }, (_, index) => {
      const kind = kinds[index % kinds.length]!;
      const headers: Record<string, string> =
        kind === 'noToken'
          ? { 'x-qundesk-token': '' }
          : kind === 'wrongToken'
            ? { 'x-qundesk-token': `${server.token.slice(0, -1)}${server.token.endsWith('A') ? 'B' : 'A'}` }
            : kind === 'foreignOrigin'
              ? { origin: 'http://evil.example' }
              : kind === 'foreignHost'
                ? { host: `localhost:${port}` }
                : {};
      return invoke('groups.list', {}, headers).then((reply) => ({ kind, reply }));
    });
    const expectedStatus = { good: 200, noToken: 401, wrongToken: 401, foreignOrigin: 403, foreignHost: 421 };
    for (const { kind, reply } of await Promise.all(calls)) {
      expect(reply.status, kind).toBe(expectedStatus[kind]);
      if (kind === 'good')
        expect((JSON.parse(reply.body) as { value: unknown[] }).value).toHaveLength(groups.length);
      else expect(reply.body).not.toContain('压测群');
    }
  });

  it('changes nothing when a refused burst carries writes', async () => {
    const before = JSON.stringify(
      backend.context.db.prepare('SELECT id, name FROM groups ORDER BY id').all(),
    );
    const calls = Array.from({ length: 50 }, (_, index) =>
      invoke(
        'groups.create',
        { name: `入侵 ${index}`, type: 'service' },
        index % 2 === 0 ? { 'x-qundesk-token': 'guess' } : { origin: 'http://127.0.0.1.evil.example' },
      ),
    );
    for (const reply of await Promise.all(calls)) expect([401, 403]).toContain(reply.status);
    expect(JSON.stringify(backend.context.db.prepare('SELECT id, name FROM groups ORDER BY id').all())).toBe(
      before,
    );
  });
});
