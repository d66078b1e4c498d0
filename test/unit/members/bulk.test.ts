import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMember } from '../../../electron/main/db/repositories/members';
import type { BlacklistEntry, MemberNote } from '../../../shared/domain/members';
import type { MessageRow, Page } from '../../../shared/domain/types';
import type {
  MemberDetail,
  MemberExportFile,
  MergeHistoryEntry,
  MergeResult,
  MergeSuggestion,
} from '../../../shared/ipc/channels/members';
import { failure, memberTestBackend, value, type MemberTestBackend } from './fixtures';

const csvNames = (file: MemberExportFile) =>
  file.content
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',')[1]);

describe('bulk actions and the profile side channels', () => {
  let t: MemberTestBackend;
  beforeAll(() => {
    t = memberTestBackend();
  });
  afterAll(async () => t.dispose());

  it('notes every member matching a filter, or the listed ones; never both', async () => {
    const result = value<{ notes: MemberNote[]; members: number }>(
      await t.call('members.addNote', {
        filter: { groupId: t.seeded.groups.activity },
        body: '线下活动已通知',
      }),
    );
    expect(result.members).toBe(2);
    expect(result.notes).toHaveLength(2);
    for (const id of [t.seeded.members.zhaoliu, t.seeded.members.zhangsan]) {
      const profile = value<MemberDetail>(await t.call('members.get', { id }));
      expect(profile.notes.map((note) => note.body)).toEqual(['线下活动已通知']);
    }
    expect(value<MemberDetail>(await t.call('members.get', { id: t.seeded.members.lisi })).notes).toEqual([]);
    const audits = t.auditCount();
    expect(
      failure(
        await t.call('members.addNote', {
          memberIds: [t.seeded.members.lisi],
          filter: { groupId: t.seeded.groups.activity },
          body: 'x',
        }),
      ).code,
    ).toBe('VALIDATION');
    expect(failure(await t.call('members.addNote', { body: 'x' })).code).toBe('VALIDATION');
    expect(t.auditCount()).toBe(audits);
  });

  it('exports the selected members as a CSV to download, masked unless revealed, audited', async () => {
    const { zhangsan, lisi } = t.seeded.members;
    const file = value<MemberExportFile>(await t.call('members.exportFile', { memberIds: [lisi, zhangsan] }));
    expect(file).toMatchObject({ rows: 2, revealed: false, mimeType: 'text/csv' });
    expect(file.fileName).toMatch(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csvNames(file)).toEqual(['李四', '张三']);
    expect(file.content).toContain('138****8000');
    expect(file.content).not.toContain('13800138000');
    const revealed = value<MemberExportFile>(
      await t.call('members.exportFile', { filter: { query: '张三' }, reveal: true }),
    );
    expect(csvNames(revealed)).toEqual(['张三']);
    expect(revealed.content).toContain('13800138000');
    const actions = t.backend.context.db
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'export%' ORDER BY id")
      .pluck()
      .all();
    expect(actions).toEqual(['export', 'export-revealed']);
  });

  it("lists a member's messages for evidence, newest first, filtered by text", async () => {
    const { zhangsan, lisi } = t.seeded.members;
    const page = value<Page<MessageRow>>(await t.call('members.messages', { memberId: lisi, limit: 3 }));
    expect(page.total).toBe(10);
    expect(page.rows).toHaveLength(3);
    expect(page.rows.every((row) => row.memberId === lisi && row.groupName === '读书服务群')).toBe(true);
    const times = page.rows.map((row) => row.sentAt);
    expect([...times].sort().reverse()).toEqual(times);
    const filtered = value<Page<MessageRow>>(
      await t.call('members.messages', { memberId: zhangsan, query: '第3天' }),
    );
    expect(filtered.total).toBe(4);
    expect(filtered.rows.every((row) => row.content.includes('第3天'))).toBe(true);
    expect(failure(await t.call('members.messages', { memberId: 424242 })).message).toBe(
      'members.errors.notFound',
    );
  });

  it("shows a member's blacklist entries, merge suggestions and merges with what can be undone", async () => {
    const db = t.backend.context.db;
    const { lisi, zhangsan } = t.seeded.members;
    const twin = insertMember(
      db,
      { displayName: '李四四', wxid: 'wxid_lisi_2', joinChannel: 'mini_program', phone: '13912345678' },
      Date.now(),
    );
    const suggestions = value<MergeSuggestion[]>(
      await t.call('members.mergeSuggestions', { memberId: twin }),
    );
    expect(suggestions.map((s) => s.memberIds)).toEqual([[lisi, twin]]);
    expect(
      value<MergeSuggestion[]>(await t.call('members.mergeSuggestions', { memberId: zhangsan })),
    ).toEqual([]);

    value(await t.call('blacklist.add', { memberId: lisi, reason: '广告' }));
    value(
      await t.call('blacklist.add', { identity: { platform: 'wxid', value: 'wxid_amy' }, reason: '诈骗' }),
    );
    const own = value<Page<BlacklistEntry>>(await t.call('blacklist.list', { memberId: lisi }));
    expect(own.rows.map((entry) => entry.platform).sort()).toEqual(['phone', 'wxid']);
    expect(value<Page<BlacklistEntry>>(await t.call('blacklist.list', {})).total).toBe(3);

    const first = value<MergeResult>(await t.call('members.merge', { sourceId: twin, targetId: lisi }));
    const third = insertMember(db, { displayName: '小李', wxid: null, joinChannel: 'app' }, Date.now());
    const second = value<MergeResult>(await t.call('members.merge', { sourceId: third, targetId: lisi }));
    const history = value<MergeHistoryEntry[]>(await t.call('members.merges', { memberId: lisi }));
    expect(history.map((entry) => [entry.mergeId, entry.sourceName, entry.undoable])).toEqual([
      [second.mergeId, '小李', true],
      [first.mergeId, '李四四', false],
    ]);
    value(await t.call('members.undoMerge', { mergeId: second.mergeId }));
    const after = value<MergeHistoryEntry[]>(await t.call('members.merges', { memberId: lisi }));
    expect(after.map((entry) => [entry.undoable, entry.undoneAt === null])).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(value<MergeHistoryEntry[]>(await t.call('members.merges', { memberId: twin }))).toHaveLength(1);
  });
});
