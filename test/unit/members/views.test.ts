import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tag } from '../../../shared/domain/members';
import type { MemberRow, Page } from '../../../shared/domain/types';
import type { MemberView } from '../../../shared/ipc/channels/members';
import { failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

describe('saved views of the member list', () => {
  let t: MemberTestBackend;
  beforeAll(() => {
    t = memberTestBackend();
  });
  afterAll(async () => t.dispose());

  const views = async () => value<MemberView[]>(await t.call('members.listViews'));

  it('saves a named filter + sort + columns and gives it back as written, applying to the list as before', async () => {
    const tag = value<Tag>(await t.call('tags.create', { name: '常客' }));
    value(
      await t.call('tags.assign', {
        tagIds: [tag.id],
        memberIds: [t.seeded.members.zhangsan, t.seeded.members.lisi],
      }),
    );
    const filter = {
      groupId: t.seeded.groups.service,
      tagIds: [tag.id],
      joinedFrom: '2000-01-01',
      status: 'current' as const,
    };
    const saved = value<MemberView>(
      await t.call('members.saveView', {
        name: '  服务群常客 ',
        filter,
        sort: 'name',
        order: 'desc',
        columns: ['tier', 'tags', 'messages'],
      }),
    );
    expect(saved).toMatchObject({
      name: '服务群常客',
      filter,
      sort: 'name',
      order: 'desc',
      columns: ['tier', 'tags', 'messages'],
    });
    expect(await views()).toEqual([saved]);

    // The stored filter is the list's input as is: the view shows what the filter showed.
    const direct = value<Page<MemberRow>>(
      await t.call('members.list', { ...filter, sort: 'name', order: 'desc' }),
    );
    const viaView = value<Page<MemberRow>>(
      await t.call('members.list', { ...saved.filter, sort: saved.sort, order: saved.order }),
    );
    expect(viaView.rows.map((row) => row.id)).toEqual(direct.rows.map((row) => row.id));
    expect(viaView.rows.map((row) => row.displayName)).toEqual(['张三', '李四']);
    const audit = t.backend.context.db
      .prepare("SELECT action, entity, entity_id FROM audit_log WHERE entity = 'member-view'")
      .all();
    expect(audit).toEqual([{ action: 'create', entity: 'member-view', entity_id: String(saved.id) }]);
  });

  it('replaces a view by id, refuses a name another view has, and deletes', async () => {
    const [first] = await views();
    const second = value<MemberView>(
      await t.call('members.saveView', { name: '沉默成员', filter: { tier: 'silent' }, columns: ['tier'] }),
    );
    expect(second).toMatchObject({ sort: 'name', order: 'asc' });
    const audits = t.auditCount();
    const conflict = failure(
      await t.call('members.saveView', { id: second.id, name: '服务群常客', filter: {}, columns: ['tier'] }),
    );
    expect(conflict).toMatchObject({ code: 'CONFLICT', message: 'members.errors.viewNameTaken' });
    expect(t.auditCount()).toBe(audits);

    const renamed = value<MemberView>(
      await t.call('members.saveView', {
        id: second.id,
        name: '沉默的老成员',
        filter: { tier: 'silent', joinedTo: '2030-12-31' },
        columns: ['lastSpoke', 'tier'],
      }),
    );
    expect(renamed).toMatchObject({ id: second.id, name: '沉默的老成员', columns: ['lastSpoke', 'tier'] });
    expect((await views()).map((view) => view.name)).toEqual(['沉默的老成员', '服务群常客']);

    value(await t.call('members.deleteView', { id: first!.id }));
    expect((await views()).map((view) => view.id)).toEqual([second.id]);
    expect(failure(await t.call('members.deleteView', { id: first!.id })).message).toBe(
      'members.errors.viewNotFound',
    );
    expect(
      failure(await t.call('members.saveView', { id: 9999, name: 'x', filter: {}, columns: ['tier'] })).code,
    ).toBe('NOT_FOUND');
  });

  it('rejects filters and columns the list does not know', async () => {
    const bad = [
      { name: 'a', filter: { nope: 1 }, columns: ['tier'] },
      { name: 'a', filter: { joinedFrom: 'yesterday' }, columns: ['tier'] },
      { name: 'a', filter: {}, columns: [] },
      { name: 'a', filter: {}, columns: ['tier', 'tier'] },
      { name: 'a', filter: {}, columns: ['salary'] },
      { name: '', filter: {}, columns: ['tier'] },
      { name: 'a', filter: {}, columns: ['tier'], sort: 'age' },
    ];
    for (const input of bad) {
      expect(failure(await t.call('members.saveView', input)).code, JSON.stringify(input)).toBe('VALIDATION');
    }
  });
});
