import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { JsonFileSettingsStore } from '../../../electron/main/services/settings';
import type { Result } from '../../../shared/ipc/errors';
import { makeTempDir, makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('groups, members, messages and audit through the dispatcher', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let dispatch: Dispatch;
  const call = (channel: string, input: unknown = {}) => dispatch(channel, input, trustedSender);

  beforeAll(async () => {
    backend = makeTestBackend();
    dispatch = backend.createDispatch(trustAppOrigin);
    await backend.jobs.wait(backend.jobs.start('demo.load', { seed: 11, scale: 0.1 }, 'tester'));
  });
  afterAll(async () => backend.dispose());

  it('creates a group with defaults, audits it and refuses a duplicate name', async () => {
    const created = value<{ id: number; memberCap: number; type: string }>(
      await call('groups.create', { name: '  新品体验群 ', type: 'activity' }),
    );
    expect(created).toMatchObject({ name: '新品体验群', memberCap: 500, type: 'activity', memberCount: 0 });
    const duplicate = await call('groups.create', { name: '新品体验群', type: 'service' });
    expect(duplicate).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'groups.errors.nameTaken', params: { name: '新品体验群' } },
    });
    const audit = value<{ rows: { action: string; entity: string; entityId: string }[] }>(
      await call('audit.list', {}),
    );
    expect(audit.rows[0]).toMatchObject({ action: 'create', entity: 'group', entityId: String(created.id) });
  });

  it('validates group input with field paths', async () => {
    const result = await call('groups.create', { name: '', type: 'party', memberCap: -1 });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues?.map((i) => i.path).sort()).toEqual(['memberCap', 'name', 'type']);
  });

  it('updates and deletes a group; deleting cascades its messages and memberships', async () => {
    const groups = value<{ id: number; name: string; messageCount: number }[]>(await call('groups.list'));
    const target = groups.find((g) => g.messageCount > 0)!;
    const renamed = value<{ name: string }>(
      await call('groups.update', { id: target.id, patch: { name: '改名后的群' } }),
    );
    expect(renamed.name).toBe('改名后的群');
    expect((await call('groups.update', { id: 999_999, patch: { name: 'x' } })).ok).toBe(false);
    value(await call('groups.delete', { id: target.id }));
    const left = value<{ total: number }>(await call('messages.search', { groupId: target.id }));
    expect(left.total).toBe(0);
    expect(await call('groups.get', { id: target.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('searches members by name with LIKE wildcards taken literally', async () => {
    const all = value<{ total: number; rows: { displayName: string }[] }>(
      await call('members.list', { limit: 5 }),
    );
    expect(all.total).toBeGreaterThan(50);
    const name = all.rows[0]!.displayName;
    const found = value<{ rows: { displayName: string }[] }>(await call('members.list', { query: name }));
    expect(found.rows.some((row) => row.displayName === name)).toBe(true);
    const wildcard = value<{ total: number }>(await call('members.list', { query: '%' }));
    expect(wildcard.total).toBe(0);
  });

  it('searches messages by full text (3+ characters) and by scan (shorter)', async () => {
    const long = value<{ total: number; rows: { content: string }[] }>(
      await call('messages.search', { query: '早读】今日推荐' }),
    );
    const short = value<{ total: number; rows: { content: string; senderName: string }[] }>(
      await call('messages.search', { query: '早读' }),
    );
    for (const row of long.rows) expect(row.content).toContain('早读】今日推荐');
    for (const row of short.rows) expect(`${row.content} ${row.senderName}`).toContain('早读');
    expect(short.total).toBeGreaterThanOrEqual(long.total);
    const quote = await call('messages.search', { query: '"); DROP TABLE messages; --' });
    expect(quote.ok).toBe(true);
  });
});

describe('JSON settings store', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('starts from defaults, persists updates and survives a corrupt or hostile file', () => {
    const file = join(temp.dir, 'config.json');
    const store = new JsonFileSettingsStore(file);
    expect(store.get()).toEqual({ locale: 'zh-CN', colorScheme: 'auto' });
    expect(store.update({ locale: 'en' })).toEqual({ locale: 'en', colorScheme: 'auto' });
    expect(new JsonFileSettingsStore(file).get().locale).toBe('en');
    writeFileSync(file, '{not json');
    expect(store.get()).toEqual({ locale: 'zh-CN', colorScheme: 'auto' });
    writeFileSync(file, JSON.stringify({ locale: 'fr', colorScheme: 'dark', __proto__: { admin: true } }));
    expect(store.get()).toEqual({ locale: 'zh-CN', colorScheme: 'dark' });
  });
});
