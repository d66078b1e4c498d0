import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../../shared/domain/crisis/views';
import type { OperatorSummary } from '../../../shared/domain/operators';
import type { AuditEntry, Group, Page } from '../../../shared/domain/types';
import type { AuditFacets } from '../../../shared/ipc/channels/session';
import { failure, minute, operatorsTestBackend, value, type OperatorsTestBackend } from './fixtures';

describe('audit attribution, viewer filters and CSV export', () => {
  let t: OperatorsTestBackend;
  let owner: OperatorSummary;
  let admin: OperatorSummary;
  let observer: OperatorSummary;
  const start = Date.parse('2024-05-01T09:00:00+08:00');
  /** Exports write the computer's local time. */
  const local = (ms: number) => dayjs(ms).format('YYYY-MM-DD HH:mm:ss');
  const list = async (input: Record<string, unknown> = {}) =>
    value<Page<AuditEntry>>(await t.call('audit.list', input));
  const signInAs = async (who: OperatorSummary) => {
    value(await t.call('session.lock'));
    value(await t.call('session.unlock', { operatorId: who.id, passphrase: 'pass-word' }));
  };

  beforeAll(async () => {
    t = operatorsTestBackend();
    // Before any operator: the implicit owner.
    value(await t.call('groups.create', { name: '=早期群', type: 'service' }));
    const create = async (name: string, role: string) =>
      value<OperatorSummary>(await t.call('operators.create', { name, role, passphrase: 'pass-word' }));
    owner = await create('群主甲', 'owner');
    value(await t.call('operators.updateSettings', { idleMinutes: 0, watermarkExports: true }));
    admin = await create('管理员乙', 'admin');
    observer = await create('观察员丙', 'observer');
    t.clock.now += 60 * minute;
    await signInAs(admin);
    const group = value<Group>(await t.call('groups.create', { name: '读书会', type: 'service' }));
    t.clock.now += 24 * 60 * minute;
    value(await t.call('groups.update', { id: group.id, patch: { coreGoal: '每周共读' } }));
    value(await t.call('groups.delete', { id: group.id }));
  });
  afterAll(async () => t.dispose());

  it('attributes every entry to the signed-in operator without the services knowing', async () => {
    const groupEntries = (await list({ entity: 'group' })).rows;
    expect(groupEntries.map((entry) => [entry.action, entry.operator, entry.operatorId])).toEqual([
      ['delete', '管理员乙', admin.id],
      ['update', '管理员乙', admin.id],
      ['create', '管理员乙', admin.id],
      ['create', 'local', null],
    ]);
    const created = (await list({ entity: 'operator' })).rows.map((entry) => [entry.operator, entry.detail]);
    // The first operator was created by the implicit owner, the others by that owner once signed in.
    expect(created.at(-1)).toEqual(['local', JSON.stringify({ name: '群主甲', role: 'owner' })]);
    expect(created[0]).toEqual(['群主甲', JSON.stringify({ name: '观察员丙', role: 'observer' })]);
  });

  it('filters by operator, action, entity and date range, with paging', async () => {
    const byAdmin = await list({ operator: '管理员乙' });
    expect(byAdmin.rows.every((entry) => entry.operator === '管理员乙')).toBe(true);
    expect(byAdmin.total).toBe(4); // sign-in + three group changes
    expect(
      (await list({ operator: '管理员乙', action: 'update' })).rows.map((entry) => entry.entity),
    ).toEqual(['group']);
    const secondDay = Date.parse('2024-05-02T00:00:00+08:00');
    const late = await list({ from: new Date(secondDay).toISOString() });
    expect(late.rows.map((entry) => entry.action)).toEqual(['delete', 'update']);
    const early = await list({ to: new Date(secondDay - 1).toISOString(), entity: 'group' });
    expect(early.total).toBe(2);
    const all = await list();
    const pageTwo = await list({ offset: 2, limit: 2 });
    expect(pageTwo.total).toBe(all.total);
    expect(pageTwo.rows.map((entry) => entry.id)).toEqual(all.rows.slice(2, 4).map((entry) => entry.id));
    expect(failure(await t.call('audit.list', { from: 'yesterday' })).code).toBe('VALIDATION');
  });

  it('offers the operators, actions and entities present in the log', async () => {
    const facets = value<AuditFacets>(await t.call('audit.facets'));
    expect(facets.operators).toEqual(expect.arrayContaining(['local', '群主甲', '管理员乙']));
    expect(facets.actions).toEqual(expect.arrayContaining(['create', 'update', 'delete', 'sign-in']));
    expect(facets.entities).toEqual(expect.arrayContaining(['group', 'operator', 'session']));
  });

  it('exports the filtered log as UTF-8 CSV with a BOM and a watermark, and logs the export', async () => {
    const before = (await list()).total;
    const file = value<ExportedFile>(await t.call('audit.export', { entity: 'group' }));
    expect(file.fileName).toMatch(/^操作日志-\d{8}-\d{6}\.csv$/);
    expect(file.mimeType).toBe('text/csv');
    expect(file.content.startsWith('\uFEFF')).toBe(true);
    const lines = file.content.slice(1).trimEnd().split('\r\n');
    const exportedAt = local(start + 25 * 60 * minute);
    expect(lines[0]).toBe(`导出人 管理员乙 · ${exportedAt} · QunDesk`);
    expect(lines[1]).toBe('时间,操作人,操作员编号,操作,对象,对象编号,详情');
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(
      new RegExp(`^${exportedAt},管理员乙,${admin.id},删除,群组,\\d+,"\\{""name"":""读书会""`),
    );
    // The implicit owner's entry, labelled as the viewer shows it.
    expect(lines[5]).toMatch(
      new RegExp(`^${local(start)},本机用户,,新建,群组,\\d+,"\\{""name"":""=早期群""`),
    );
    const after = await list();
    expect(after.total).toBe(before + 1);
    expect(after.rows[0]).toMatchObject({ action: 'export', entity: 'audit', operator: '管理员乙' });
    expect(JSON.parse(after.rows[0]!.detail!)).toEqual({ rows: 4, entity: 'group' });
  });

  it('writes English headers for an English UI and leaves the watermark out when it is off', async () => {
    await signInAs(owner);
    value(await t.call('operators.updateSettings', { watermarkExports: false }));
    value(await t.call('settings.update', { locale: 'en' }));
    const file = value<ExportedFile>(await t.call('audit.export', { operator: 'local', entity: 'group' }));
    expect(file.fileName).toMatch(/^activity-log-/);
    const lines = file.content.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Time,Operator,Operator id,Action,Object,Object id,Detail');
    expect(lines[1]).toContain(`${local(start)},Local user,,Create,Group,`);
    value(await t.call('settings.update', { locale: 'zh-CN' }));
  });

  it('refuses the export to an operator without the export permission', async () => {
    await signInAs(observer);
    expect(failure(await t.call('audit.export', {})).message).toBe('operators.errors.denied.export');
    value(await t.call('audit.list', { operator: '观察员丙' }));
  });
});
