/**
 * 观察员 is read-only: every channel that changes the workspace needs `edit` (or a more specific permission) and
 * is refused to an observer by the dispatcher's authorize, audited; reads, the session and the language switch
 * still answer. Before any operator exists (open mode) everything stays allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/main/backend';
import { listAudit } from '../../../electron/main/db/repositories/audit';
import { buildHandlers } from '../../../electron/main/ipc/handlers';
import type { OperatorSummary, SessionStatus } from '../../../shared/domain/operators';
import type { Group } from '../../../shared/domain/types';
import { lockScreenChannels } from '../../../shared/ipc/channels/session';
import { channelNames, channels, type ChannelName } from '../../../shared/ipc/contract';
import { readChannels, requiredPermissions } from '../../../shared/ipc/permissions';
import { failure, operatorsTestBackend, value, type OperatorsTestBackend } from './fixtures';

const passphrase = 'pass-word';

/** The channel's parsed input when `{}` is valid for it, else `{}` as is (name rules never read the input). */
function inputFor(name: ChannelName): never {
  const parsed = channels[name].input.safeParse({});
  return (parsed.success ? parsed.data : {}) as never;
}

/** Inputs that fit many read channels of a demo workspace; the first one a channel accepts is used. */
const sampleInputs: Record<string, unknown>[] = [
  {},
  { id: 1 },
  { groupId: 1 },
  { memberId: 1 },
  { activityId: 1 },
  { from: '2024-05-01', to: '2024-05-31' },
  { series: 'messages' },
  { text: '加微信领红包 13800138000' },
  { identities: [{ platform: 'wxid', value: 'wxid_demo' }] },
];

function sampleInputFor(name: ChannelName): never {
  for (const candidate of sampleInputs) {
    const parsed = channels[name].input.safeParse(candidate);
    if (parsed.success) return parsed.data as never;
  }
  return {} as never;
}

const changingChannels = channelNames.filter((name) => !readChannels.has(name));

describe('the observer role is read-only', () => {
  let t: OperatorsTestBackend;
  const people: Record<'owner' | 'admin' | 'observer', OperatorSummary> = {} as never;
  let group: Group;

  const signInAs = async (who: OperatorSummary) => {
    value(await t.call('session.lock'));
    value(await t.call('session.unlock', { operatorId: who.id, passphrase }));
  };
  /** What the dispatcher's authorize says for each channel, for whoever is signed in. */
  const refusals = () =>
    new Map(
      channelNames.map((name) => [name, t.backend.session.authorize(name, inputFor(name))?.message ?? null]),
    );

  beforeAll(async () => {
    t = operatorsTestBackend();
    group = value<Group>(await t.call('groups.create', { name: '读书会', type: 'service' }));
    const create = async (name: string, role: string) =>
      value<OperatorSummary>(await t.call('operators.create', { name, role, passphrase }));
    people.owner = await create('群主甲', 'owner');
    value(await t.call('operators.updateSettings', { idleMinutes: 0 }));
    people.admin = await create('管理员乙', 'admin');
    people.observer = await create('观察员丙', 'observer');
  });
  afterAll(async () => t.dispose());

  it('classifies every channel: more than a hundred change data, the session and language switch only read', () => {
    expect(changingChannels.length).toBeGreaterThan(100);
    for (const name of lockScreenChannels) expect(readChannels.has(name), name).toBe(true);
    for (const name of ['groups.create', 'members.update', 'calendar.save', 'jobs.cancel', 'tiers.recompute'])
      expect(requiredPermissions(name as ChannelName, inputFor(name as ChannelName)), name).toEqual(['edit']);
    // A dry run counts and writes nothing.
    expect(requiredPermissions('checkins.fromMessages', { activityId: 1, dryRun: true })).toEqual([]);
    expect(requiredPermissions('checkins.fromMessages', { activityId: 1, dryRun: false })).toEqual(['edit']);
  });

  it('refuses every changing channel of the contract to an observer, and writes each refusal to the log', async () => {
    await signInAs(people.observer);
    const before = listAudit(t.backend.context.db, 0, 1).total;
    const refused = refusals();
    for (const name of changingChannels)
      expect(refused.get(name), name).toMatch(/^operators\.errors\.denied\./);
    for (const name of readChannels) expect(refused.get(name as ChannelName), name).toBeNull();
    // Everyday changes say which permission is missing: edit.
    expect(refused.get('groups.create')).toBe('operators.errors.denied.edit');
    expect(refused.get('groups.delete')).toBe('operators.errors.denied.delete');
    const log = listAudit(t.backend.context.db, 0, changingChannels.length);
    expect(log.total - before).toBe(changingChannels.length);
    expect(
      log.rows.every((entry) => entry.action === 'permission-denied' && entry.operator === '观察员丙'),
    ).toBe(true);
    expect(new Set(log.rows.map((entry) => JSON.parse(entry.detail ?? '{}').channel))).toEqual(
      new Set(changingChannels),
    );
  });

  it('lets an admin make every change but restores and operator management; the owner everything', async () => {
    await signInAs(people.admin);
    const adminRefused = [...refusals()].filter(([, message]) => message !== null);
    for (const [name, message] of adminRefused)
      expect(message, name).toMatch(/^operators\.errors\.denied\.(restore|manageOperators)$/);
    expect(adminRefused.map(([name]) => name)).toEqual(
      expect.arrayContaining(['backup.restore', 'operators.create']),
    );
    await signInAs(people.owner);
    expect([...refusals()].filter(([, message]) => message !== null)).toEqual([]);
  });

  it('refuses real changes through the dispatcher before anything is written', async () => {
    await signInAs(people.observer);
    const attempts: [string, unknown][] = [
      ['groups.create', { name: '观察员的群', type: 'service' }],
      ['groups.update', { id: group.id, patch: { coreGoal: '观察员改的' } }],
      ['tags.create', { name: '观察员标签', tagGroupName: '观察员分组' }],
      ['fields.create', { name: '观察员字段', kind: 'text' }],
      ['workspace.loadDemo', {}],
      ['tiers.recompute', {}],
    ];
    for (const [channel, input] of attempts)
      expect(failure(await t.call(channel, input)), channel).toMatchObject({
        code: 'FORBIDDEN',
        message: 'operators.errors.denied.edit',
      });
    expect(value<Group[]>(await t.call('groups.list')).map((each) => [each.name, each.coreGoal])).toEqual([
      ['读书会', ''],
    ]);
    expect(value<{ groups: unknown[] }>(await t.call('tags.list')).groups).toEqual([]);
    expect(value<unknown[]>(await t.call('jobs.list'))).toEqual([]);

    // The session, the language switch and reads still answer.
    expect(value<{ locale: string }>(await t.call('settings.update', { locale: 'en' })).locale).toBe('en');
    value(await t.call('settings.update', { locale: 'zh-CN' }));
    value(await t.call('session.activity'));
    value(await t.call('members.list', {}));
    expect(value<SessionStatus>(await t.call('session.lock')).mode).toBe('locked');

    // The same change goes through for an admin.
    await signInAs(people.admin);
    value(await t.call('groups.update', { id: group.id, patch: { coreGoal: '每周共读' } }));
    value(await t.call('tags.create', { name: '活跃', tagGroupName: '状态' }));
  });

  it('keeps every channel open before operators exist', async () => {
    const open = operatorsTestBackend();
    try {
      const refused = channelNames.filter((name) => open.backend.session.authorize(name, inputFor(name)));
      expect(refused).toEqual([]);
    } finally {
      await open.dispose();
    }
  });
});

describe('read channels change nothing', () => {
  /**
   * Every handler that changes data announces it through `backend.changed` (open screens refetch): the read channels'
   * handlers, called with what they accept, never announce anything but the audit log (a revealed profile).
   */
  it('no read handler announces a data change', async () => {
    const t = operatorsTestBackend();
    try {
      // A small demo workspace, so lookups by id find something and the handlers run to the end.
      const demo = t.backend.jobs.start('demo.load', { seed: 3, scale: 0.02 }, 'test');
      expect((await t.backend.jobs.wait(demo)).status).toBe('done');
      const announced = new Map<string, string[]>();
      let current = '';
      const spy: Backend = {
        ...t.backend,
        changed(entities) {
          announced.set(current, entities);
          throw new Error('stop: the handler would change data');
        },
      };
      const handlers = buildHandlers(spy) as Record<string, (input: unknown) => unknown>;
      let completed = 0;
      const call = async (name: ChannelName) => {
        current = name;
        try {
          await handlers[name]!(sampleInputFor(name));
          completed += 1;
        } catch {
          // A read that finds nothing is fine: only an announced change matters.
        }
      };
      // Session handlers manage the lock and the UI language; reopening read-only swaps the workspace.
      const skipped = new Set<string>([...lockScreenChannels, 'recovery.openReadOnly']);
      for (const name of readChannels) if (!skipped.has(name)) await call(name as ChannelName);
      const changes = [...announced].filter(([, entities]) => entities.some((entity) => entity !== 'audit'));
      expect(changes).toEqual([]);
      // Most of them ran to the end on the demo data (the rest need ids of things the demo does not have).
      expect(completed).toBeGreaterThan((readChannels.size - skipped.size) * 0.7);

      // The spy does see changes: the same call on changing channels is caught.
      for (const name of ['groups.create', 'tags.create', 'members.addNote'] as const) await call(name);
      expect([...announced.keys()]).toEqual(expect.arrayContaining(['groups.create', 'tags.create']));
    } finally {
      await t.dispose();
    }
  });
});
