import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  OperatorSummary,
  OperatorsView,
  RoleSummary,
  SessionStatus,
} from '../../../shared/domain/operators';
import { failure, operatorsTestBackend, value, type OperatorsTestBackend } from './fixtures';

describe('operator management rules', () => {
  let t: OperatorsTestBackend;
  let owner: OperatorSummary;
  const create = async (name: string, role: string, passphrase = 'pass-word') =>
    value<OperatorSummary>(await t.call('operators.create', { name, role, passphrase }));

  beforeEach(async () => {
    t = operatorsTestBackend();
    owner = await create('群主甲', 'owner', 'owner-pass');
  });
  afterEach(async () => t.dispose());

  it('keeps the last owner: no delete, no demotion, and nobody deletes themselves', async () => {
    expect(
      failure(await t.call('operators.update', { id: owner.id, patch: { role: 'admin' } })).message,
    ).toBe('operators.errors.lastOwner');
    const second = await create('群主乙', 'owner');
    expect(failure(await t.call('operators.delete', { id: owner.id })).message).toBe(
      'operators.errors.deleteSelf',
    );
    value(await t.call('operators.update', { id: second.id, patch: { role: 'observer' } }));
    // Now 群主甲 is the only owner again; signed in as someone else, they still cannot be removed.
    value(await t.call('operators.update', { id: second.id, patch: { role: 'owner' } }));
    value(await t.call('session.lock'));
    value(await t.call('session.unlock', { operatorId: second.id, passphrase: 'pass-word' }));
    value(await t.call('operators.delete', { id: owner.id }));
    const view = value<OperatorsView>(await t.call('operators.list'));
    expect(view.operators.map((operator) => operator.name)).toEqual(['群主乙']);
    expect(failure(await t.call('operators.delete', { id: owner.id })).code).toBe('NOT_FOUND');
  });

  it('refuses reserved and duplicate names (case-insensitive) and unknown roles', async () => {
    expect(
      failure(await t.call('operators.create', { name: 'Local', role: 'admin', passphrase: 'pass-word' }))
        .message,
    ).toBe('operators.errors.reservedName');
    await create('Amy', 'admin');
    expect(
      failure(await t.call('operators.create', { name: 'amy', role: 'admin', passphrase: 'pass-word' })).code,
    ).toBe('CONFLICT');
    expect(
      failure(await t.call('operators.create', { name: 'Bob', role: 'custom:99', passphrase: 'pass-word' }))
        .message,
    ).toBe('operators.errors.roleNotFound');
    expect(
      failure(await t.call('operators.create', { name: 'Bob', role: 'admin', passphrase: '12345' })).code,
    ).toBe('VALIDATION');
  });

  it('manages custom roles: unique names, not a built-in one, not deleted while in use', async () => {
    expect(failure(await t.call('operators.saveRole', { name: '管理员', permissions: [] })).message).toBe(
      'operators.errors.roleNameReserved',
    );
    const role = value<RoleSummary>(
      await t.call('operators.saveRole', { name: '客服', permissions: ['reveal'] }),
    );
    expect(failure(await t.call('operators.saveRole', { name: '客服', permissions: [] })).code).toBe(
      'CONFLICT',
    );
    const helper = await create('客服小王', role.key);
    const id = Number(role.key.split(':')[1]);
    expect(failure(await t.call('operators.deleteRole', { id }))).toMatchObject({
      message: 'operators.errors.roleInUse',
      params: { name: '客服', count: 1 },
    });
    const renamed = value<RoleSummary>(
      await t.call('operators.saveRole', { id, name: '客服组', permissions: ['reveal', 'export'] }),
    );
    expect(renamed).toMatchObject({ key: role.key, name: '客服组', operatorCount: 1 });
    value(await t.call('operators.update', { id: helper.id, patch: { role: 'observer' } }));
    value(await t.call('operators.deleteRole', { id }));
    const view = value<OperatorsView>(await t.call('operators.list'));
    expect(view.roles.map((summary) => summary.key)).toEqual(['owner', 'admin', 'observer']);
  });

  it('resets a passphrase: the old one stops working, and no passphrase reaches the log', async () => {
    const admin = await create('管理员乙', 'admin', 'first-pass');
    value(await t.call('operators.resetPassphrase', { id: admin.id, passphrase: 'second-pass' }));
    value(await t.call('session.lock'));
    expect(
      failure(await t.call('session.unlock', { operatorId: admin.id, passphrase: 'first-pass' })).code,
    ).toBe('FORBIDDEN');
    const status = value<SessionStatus>(
      await t.call('session.unlock', { operatorId: admin.id, passphrase: 'second-pass' }),
    );
    expect(status.operator?.name).toBe('管理员乙');
    const log = JSON.stringify(t.backend.context.db.prepare('SELECT * FROM audit_log').all());
    for (const secret of ['owner-pass', 'first-pass', 'second-pass', 'pass-word'])
      expect(log).not.toContain(secret);
    const stored = t.backend.context.db
      .prepare('SELECT passphrase_hash FROM operators')
      .pluck()
      .all() as string[];
    expect(stored.every((hash) => hash.startsWith('scrypt$1024$8$1$'))).toBe(true);
  });

  it('saves lock settings and reports them to the lock screen', async () => {
    expect(value<SessionStatus>(await t.call('session.status')).watermarkExports).toBe(false);
    const settings = value(
      await t.call('operators.updateSettings', { idleMinutes: 30, watermarkExports: true }),
    );
    expect(settings).toEqual({ idleMinutes: 30, watermarkExports: true });
    expect(value<SessionStatus>(await t.call('session.status'))).toMatchObject({
      idleMinutes: 30,
      watermarkExports: true,
    });
    expect(failure(await t.call('operators.updateSettings', { idleMinutes: -1 })).code).toBe('VALIDATION');
  });
});
