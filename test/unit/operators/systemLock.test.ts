/** The shell calls `session.lockForSystem` when the computer sleeps or its screen locks (electron/main/shell/systemLock.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import type { OperatorSummary } from '../../../shared/domain/operators';
import { failure, operatorsTestBackend, value, type OperatorsTestBackend } from './fixtures';

describe('lock on OS sleep and screen lock', () => {
  let t: OperatorsTestBackend;
  let changes: string[][];
  const sessionEntries = () =>
    listAudit(t.backend.context.db, 0, 20, { entity: 'session' }).rows.map((entry) => [
      entry.action,
      entry.operator,
      entry.detail,
    ]);

  beforeEach(() => {
    t = operatorsTestBackend();
    changes = [];
    t.backend.events.subscribe((event, payload) => {
      if (event === 'data.changed') changes.push((payload as { entities: string[] }).entities);
    });
  });
  afterEach(async () => t.dispose());

  it('does nothing before operators exist: nobody could unlock', async () => {
    expect(t.backend.session.lockForSystem('suspend').mode).toBe('open');
    expect(t.backend.session.lockForSystem('lock-screen').mode).toBe('open');
    value(await t.call('groups.list'));
    expect(sessionEntries()).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('signs the operator out, tells the screens, logs which event did it, and only once', async () => {
    const owner = value<OperatorSummary>(
      await t.call('operators.create', { name: '王群主', role: 'owner', passphrase: 'owner-pass' }),
    );
    changes.length = 0;
    expect(t.backend.session.lockForSystem('suspend').mode).toBe('locked');
    expect(failure(await t.call('groups.list')).code).toBe('LOCKED');
    expect(changes).toEqual([['session']]);
    // The screen lock that follows sleep finds the workstation locked already.
    t.backend.session.lockForSystem('lock-screen');
    expect(sessionEntries()[0]).toEqual(['system-lock', '王群主', JSON.stringify({ event: 'suspend' })]);
    expect(sessionEntries().filter(([action]) => action === 'system-lock')).toHaveLength(1);

    value(await t.call('session.unlock', { operatorId: owner.id, passphrase: 'owner-pass' }));
    t.backend.session.lockForSystem('lock-screen');
    expect(failure(await t.call('members.list', {})).code).toBe('LOCKED');
    expect(sessionEntries()[0]).toEqual(['system-lock', '王群主', JSON.stringify({ event: 'lock-screen' })]);
  });
});
