import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../../../electron/main/services/session';
import { workspaceDbFile } from '../../../electron/main/services/workspacePaths';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import type { OperatorSummary, SessionStatus } from '../../../shared/domain/operators';
import { lockScreenChannels } from '../../../shared/ipc/channels/session';
import { channelNames } from '../../../shared/ipc/contract';
import { trustAppOrigin, trustedSender } from '../../support/tempWorkspace';
import { failure, minute, operatorsTestBackend, value, type OperatorsTestBackend } from './fixtures';

describe('session and app lock', () => {
  let t: OperatorsTestBackend;
  const status = async () => value<SessionStatus>(await t.call('session.status'));
  const createOwner = async (name = '王群主', passphrase = 'owner-pass') =>
    value<OperatorSummary>(await t.call('operators.create', { name, role: 'owner', passphrase }));

  beforeEach(() => {
    t = operatorsTestBackend();
  });
  afterEach(async () => t.dispose());

  it('works as before while there are no operators: open, attributed to the implicit owner', async () => {
    expect(await status()).toMatchObject({ mode: 'open', operator: null, operators: [] });
    expect((await status()).permissions).toContain('manageOperators');
    value(await t.call('groups.create', { name: '读书会', type: 'service' }));
    expect(value<{ mode: string }>(await t.call('session.lock')).mode).toBe('open');
    value(await t.call('groups.list'));
    expect(listAudit(t.backend.context.db, 0, 1).rows[0]).toMatchObject({
      operator: 'local',
      operatorId: null,
    });
  });

  it('signs in whoever creates the first operator (an owner), and starts locked after a restart', async () => {
    expect(
      failure(await t.call('operators.create', { name: '小李', role: 'admin', passphrase: 'secret-1' }))
        .message,
    ).toBe('operators.errors.firstMustBeOwner');
    const owner = await createOwner();
    expect(await status()).toMatchObject({
      mode: 'signedIn',
      operator: { id: owner.id, name: '王群主', role: 'owner' },
    });

    const again = t.reopen();
    const dispatch = again.createDispatch(trustAppOrigin);
    expect(failure(await dispatch('groups.list', {}, trustedSender)).code).toBe('LOCKED');
    const locked = value<SessionStatus>(await dispatch('session.status', {}, trustedSender));
    expect(locked).toMatchObject({ mode: 'locked', operator: null, permissions: [] });
    expect(locked.operators).toEqual([{ id: owner.id, name: '王群主' }]);
    value(
      await dispatch('session.unlock', { operatorId: owner.id, passphrase: 'owner-pass' }, trustedSender),
    );
    value(await dispatch('groups.list', {}, trustedSender));
  });

  it('refuses every data channel of the contract while locked, and answers only the lock screen', async () => {
    await createOwner();
    expect(value<SessionStatus>(await t.call('session.lock')).mode).toBe('locked');
    const answered: string[] = [];
    for (const name of channelNames) {
      const result = await t.call(name, {});
      if (result.ok || result.error.code !== 'LOCKED') answered.push(name);
    }
    expect(answered.sort()).toEqual([...lockScreenChannels].sort());
    // Even invalid input to a data channel gets LOCKED, not a validation report about its schema.
    expect(failure(await t.call('members.get', { id: 'x' })).code).toBe('LOCKED');
    // Language and theme still switch on the lock screen.
    expect(value<{ locale: string }>(await t.call('settings.update', { locale: 'en' })).locale).toBe('en');
  });

  it('refuses a wrong passphrase, slows down after five failures and writes each failure to the log', async () => {
    const owner = await createOwner();
    value(await t.call('session.lock'));
    const attempt = (passphrase: string) => t.call('session.unlock', { operatorId: owner.id, passphrase });
    for (let i = 1; i <= 4; i += 1) {
      expect(failure(await attempt('wrong'))).toMatchObject({
        code: 'FORBIDDEN',
        message: 'operators.errors.wrongPassphrase',
        params: { remaining: 5 - i },
      });
    }
    expect(failure(await attempt('wrong'))).toMatchObject({
      message: 'operators.errors.tooManyAttempts',
      params: { seconds: 30 },
    });
    // During the pause even the right passphrase is not checked.
    t.clock.now += 10_000;
    expect(failure(await attempt('owner-pass'))).toMatchObject({ params: { seconds: 20 } });
    expect((await status()).retryAfterSeconds).toBe(20);
    t.clock.now += 20_000;
    expect(failure(await attempt('still wrong'))).toMatchObject({ params: { seconds: 60 } });
    t.clock.now += 60_000;
    expect(value<SessionStatus>(await attempt('owner-pass')).mode).toBe('signedIn');
    expect((await status()).retryAfterSeconds).toBe(0);
    const actions = listAudit(t.backend.context.db, 0, 20, { entity: 'session' }).rows.map(
      (row) => row.action,
    );
    expect(actions.filter((action) => action === 'sign-in-failed')).toHaveLength(6);
    expect(actions[0]).toBe('sign-in');
  });

  it('runs parallel guesses one at a time, so they cannot slip past the back-off', async () => {
    const owner = await createOwner();
    value(await t.call('session.lock'));
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.call('session.unlock', { operatorId: owner.id, passphrase: 'guess' }),
      ),
    );
    const messages = results.map((result) => failure(result).message);
    expect(messages.filter((message) => message === 'operators.errors.wrongPassphrase')).toHaveLength(4);
    expect(messages.slice(4).every((message) => message === 'operators.errors.tooManyAttempts')).toBe(true);
    expect(listAudit(t.backend.context.db, 0, 50, { action: 'sign-in-failed' }).total).toBe(5);
  });

  it('keeps the back-off across a restart', async () => {
    const owner = await createOwner();
    value(await t.call('session.lock'));
    for (let i = 0; i < 5; i += 1)
      await t.call('session.unlock', { operatorId: owner.id, passphrase: 'nope' });
    const again = t.reopen().createDispatch(trustAppOrigin);
    const result = await again(
      'session.unlock',
      { operatorId: owner.id, passphrase: 'owner-pass' },
      trustedSender,
    );
    expect(failure(result).message).toBe('operators.errors.tooManyAttempts');
  });

  it('locks itself after the idle minutes, counted from the last reported activity (injected clock)', async () => {
    await createOwner();
    value(await t.call('operators.updateSettings', { idleMinutes: 10 }));
    t.clock.now += 9 * minute;
    value(await t.call('groups.list'));
    // Calls are not activity: only the renderer's report of the user's input restarts the timer.
    const { idleLockAt } = value<{ idleLockAt: string }>(await t.call('session.activity'));
    expect(Date.parse(idleLockAt)).toBe(t.clock.now + 10 * minute);
    t.clock.now += 9 * minute;
    value(await t.call('groups.list'));
    t.clock.now += minute;
    expect(failure(await t.call('groups.list')).code).toBe('LOCKED');
    expect(listAudit(t.backend.context.db, 0, 1).rows[0]).toMatchObject({
      action: 'auto-lock',
      operator: '王群主',
    });
  });

  it('locks from its own timer and tells the screens, whatever the renderer does', async () => {
    await createOwner();
    value(await t.call('operators.updateSettings', { idleMinutes: 5 }));
    const events: string[][] = [];
    t.backend.events.subscribe((event, payload) => {
      if (event === 'data.changed') events.push((payload as { entities: string[] }).entities);
    });
    t.clock.now += 3 * minute;
    t.timers.runDue(t.clock.now);
    expect((await status()).mode).toBe('signedIn');
    t.clock.now += 2 * minute + 1000;
    t.timers.runDue(t.clock.now);
    expect(events).toContainEqual(['session']);
    expect((await status()).mode).toBe('locked');
    expect(t.timers.pending()).toBe(0);
  });

  it('never auto-locks with idle minutes 0', async () => {
    await createOwner();
    value(await t.call('operators.updateSettings', { idleMinutes: 0 }));
    t.clock.now += 24 * 60 * minute;
    value(await t.call('groups.list'));
    expect(t.timers.pending()).toBe(0);
  });

  it('locks when the signed-in operator disappears', async () => {
    const owner = await createOwner();
    await createOwner('新群主');
    expect((await status()).operator?.name).toBe('王群主');
    // As after restoring a snapshot taken before this operator existed.
    t.backend.context.db.prepare('DELETE FROM operators WHERE id = ?').run(owner.id);
    expect((await status()).mode).toBe('locked');
    expect(failure(await t.call('groups.list')).code).toBe('LOCKED');
  });

  it('holds job progress back from the screens while locked, not other parts of the backend', async () => {
    await createOwner();
    const pushed: string[] = [];
    const internal: string[] = [];
    t.backend.pushEvents.subscribe((event) => pushed.push(event));
    t.backend.events.subscribe((event) => internal.push(event));
    const job = { id: 'x' } as never;
    t.backend.events.emit('jobs.progress', job);
    value(await t.call('session.lock'));
    t.backend.events.emit('jobs.progress', job);
    expect(internal.filter((event) => event === 'jobs.progress')).toHaveLength(2);
    expect(pushed.filter((event) => event === 'jobs.progress')).toHaveLength(1);
    expect(pushed).toContain('data.changed');
  });

  it('still signs in on a read-only connection (recovery), keeping the back-off in memory', async () => {
    const owner = await createOwner();
    const db = new Database(workspaceDbFile(t.backend.workspace.dir), { readonly: true });
    try {
      const session = new Session({ db, now: () => t.clock.now, onChange: () => {} });
      expect(session.mode()).toBe('locked');
      for (let i = 0; i < 5; i += 1) await session.unlock(owner.id, 'nope').catch(() => undefined);
      expect(session.status().retryAfterSeconds).toBe(30);
      t.clock.now += 30_000;
      expect((await session.unlock(owner.id, 'owner-pass')).mode).toBe('signedIn');
      expect(session.operatorName()).toBe('王群主');
      session.dispose();
    } finally {
      db.close();
    }
  });

  it('reads a damaged read-only workspace with default lock settings, but never guesses the operators', async () => {
    const owner = await createOwner();
    const corrupt = () =>
      Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    /** The connection with the page behind `damagedTable` unreadable, as SQLite reports garbage there. */
    const damaged = (db: Database.Database, damagedTable: string) =>
      new Proxy(db, {
        get(target, property) {
          if (property === 'prepare')
            return (sql: string) => {
              if (sql.includes(damagedTable)) throw corrupt();
              return target.prepare(sql);
            };
          const member = Reflect.get(target, property, target) as unknown;
          return typeof member === 'function'
            ? (member as (...args: unknown[]) => unknown).bind(target)
            : member;
        },
      });
    const db = new Database(workspaceDbFile(t.backend.workspace.dir), { readonly: true });
    try {
      const metaDamaged = new Session({
        db: damaged(db, 'workspace_meta'),
        now: () => t.clock.now,
        onChange: () => {},
      });
      const status = metaDamaged.status();
      expect(status).toMatchObject({ mode: 'locked', idleMinutes: 15, retryAfterSeconds: 0 });
      expect(status.operators.map((operator) => operator.id)).toEqual([owner.id]);
      metaDamaged.dispose();

      const operatorsDamaged = new Session({
        db: damaged(db, 'operators'),
        now: () => t.clock.now,
        onChange: () => {},
      });
      expect(() => operatorsDamaged.status()).toThrow('malformed');
      operatorsDamaged.dispose();
    } finally {
      db.close();
    }
    // On a writable connection damage is never papered over.
    const writable = new Session({
      db: damaged(t.backend.workspace.db, 'workspace_meta'),
      now: () => t.clock.now,
      onChange: () => {},
    });
    expect(() => writable.status()).toThrow('malformed');
    writable.dispose();
  });
});
