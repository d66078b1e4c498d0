import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import {
  permissions,
  type OperatorSummary,
  type Permission,
  type RoleSummary,
} from '../../../shared/domain/operators';
import { channelNames, channels } from '../../../shared/ipc/contract';
import { channelPermissions, requiredPermissions } from '../../../shared/ipc/permissions';
import type { Result } from '../../../shared/ipc/errors';
import { failure, operatorsTestBackend, value, type OperatorsTestBackend } from './fixtures';

const missingId = 987_654;

/** One call per permission, on records that do not exist: a refusal is FORBIDDEN, a pass reaches the service. */
const probes: Record<Permission, [string, unknown]> = {
  edit: ['groups.update', { id: missingId, patch: { coreGoal: '只读角色改不了' } }],
  reveal: ['members.get', { id: missingId, reveal: true }],
  export: ['audit.export', {}],
  delete: ['groups.delete', { id: missingId }],
  editLists: ['risk.enableList', { id: missingId, enabled: false }],
  restore: [
    'backup.restore',
    { vaultId: missingId, snapshotId: '20240101-000000-abcdef', target: { kind: 'workspace' } },
  ],
  manageOperators: ['operators.updateSettings', { idleMinutes: 20 }],
};

describe('permissions per role, enforced by the backend', () => {
  let t: OperatorsTestBackend;
  const people: Record<string, OperatorSummary> = {};
  const passphrase = 'pass-word';

  beforeAll(async () => {
    t = operatorsTestBackend();
    const create = async (name: string, role: string) =>
      value<OperatorSummary>(await t.call('operators.create', { name, role, passphrase }));
    people.owner = await create('群主甲', 'owner');
    people.admin = await create('管理员乙', 'admin');
    people.observer = await create('观察员丙', 'observer');
    const role = value<RoleSummary>(
      await t.call('operators.saveRole', { name: '数据专员', permissions: ['export', 'restore', 'export'] }),
    );
    expect(role).toMatchObject({
      key: expect.stringMatching(/^custom:\d+$/),
      permissions: ['export', 'restore'],
    });
    people.custom = await create('专员丁', role.key);
  });
  afterAll(async () => t.dispose());

  const signInAs = async (who: OperatorSummary) => {
    value(await t.call('session.lock'));
    value(await t.call('session.unlock', { operatorId: who.id, passphrase }));
  };
  const allowed = async (): Promise<Permission[]> => {
    const passed: Permission[] = [];
    for (const permission of permissions) {
      const [channel, input] = probes[permission];
      const result: Result<unknown> = await t.call(channel, input);
      if (result.ok || result.error.code !== 'FORBIDDEN') passed.push(permission);
      else expect(result.error.message).toBe(`operators.errors.denied.${permission}`);
    }
    return passed;
  };

  it.each([
    ['owner', [...permissions]],
    ['admin', ['edit', 'reveal', 'export', 'delete', 'editLists']],
    ['observer', []],
    ['custom', ['export', 'restore']],
  ])('%s may do exactly its permissions', async (who, expected) => {
    await signInAs(people[who]!);
    expect(await allowed()).toEqual(expected);
  });

  it('lets an observer read, including masked member profiles, and logs each refusal', async () => {
    await signInAs(people.observer!);
    expect(failure(await t.call('members.get', { id: missingId })).code).toBe('NOT_FOUND');
    value(await t.call('groups.list'));
    const refused = failure(await t.call('members.export', { path: '/tmp/never-written.csv' }));
    expect(refused.message).toBe('operators.errors.denied.export');
    expect(listAudit(t.backend.context.db, 0, 1).rows[0]).toMatchObject({
      operator: '观察员丙',
      operatorId: people.observer!.id,
      action: 'permission-denied',
      detail: JSON.stringify({ channel: 'members.export', permissions: ['export'] }),
    });
  });

  it('asks for reveal as well when an export writes contacts unmasked', async () => {
    expect(
      requiredPermissions('members.export', channels['members.export'].input.parse({ path: '/x.csv' })),
    ).toEqual(['export']);
    expect(
      requiredPermissions(
        'members.export',
        channels['members.export'].input.parse({ path: '/x.csv', reveal: true }),
      ),
    ).toEqual(['export', 'reveal']);
  });

  it('makes every export and delete channel of the contract need its permission unless listed on purpose', () => {
    for (const name of channelNames) {
      const method = name.split('.')[1]!;
      const listed = Object.hasOwn(channelPermissions, name);
      // Inputs do not matter for name-based rules; the table's functions only read optional flags.
      const needed = requiredPermissions(name, {} as never);
      if (/^export/i.test(method) && !listed) expect(needed, name).toContain('export');
      if (/^(delete|remove)/i.test(method) && !listed) expect(needed, name).toContain('delete');
    }
    expect(requiredPermissions('groups.delete', { id: 1 })).toEqual(['delete']);
    expect(requiredPermissions('backup.restore', {} as never)).toEqual(['restore']);
  });
});
