import { describe, expect, it } from 'vitest';
import { readStarterLists } from '../../../electron/main/services/riskLists';
import { starterListFiles } from '../../../shared/domain/sensitive';
import { addMessages, listInput, useRiskBackend } from './fixtures';

const t = useRiskBackend();

const db = () => t.backend.context.db;
const count = (sql: string, ...params: unknown[]) => t.count(sql, ...params);
const hitsOf = (messageId: number) =>
  db()
    .prepare(
      'SELECT word, category, status FROM risk_hits WHERE message_id = ? ORDER BY span_start, span_end',
    )
    .all(messageId) as { word: string; category: string; status: string }[];

describe('starter lists', () => {
  it('are seeded on first use, once, and a deleted starter stays deleted', async () => {
    const first = await t.call('risk.lists');
    const starters = readStarterLists();
    expect(starters.map((starter) => starter.file)).toEqual([...starterListFiles]);
    expect(first.lists.map((list) => list.name).sort()).toEqual(
      starters.map((starter) => starter.list.name).sort(),
    );
    expect(first.lists.every((list) => list.origin === 'starter' && list.version === 1 && list.enabled)).toBe(
      true,
    );
    expect(first.rulesetVersion).toBe(1);

    const again = await t.call('risk.lists');
    expect(again).toEqual(first);
    expect(count("SELECT count(*) FROM audit_log WHERE entity = 'risk-list' AND action = 'seed'")).toBe(
      starters.length,
    );

    const abuse = first.lists.find((list) => list.category === 'abuse')!;
    await t.call('risk.deleteList', { id: abuse.id });
    const after = await t.call('risk.lists');
    expect(after.lists.some((list) => list.name === abuse.name)).toBe(false);
    expect(after.rulesetVersion).toBe(2);
  });
});

describe('risk.scan job', () => {
  it('scans every message once, then nothing until the lists change', async () => {
    const first = await t.scan();
    const total = count('SELECT count(*) FROM messages');
    expect(first.scanned).toBe(total);
    expect(first.version).toBe(1);
    // ads: the ad's three hits, 私聊我 in the scam line and the old ad.
    expect(first.byCategory).toEqual({ ads: 5, scam: 2, complaint: 3, privacy: 1, abuse: 1 });
    expect(first.hits).toBe(Object.values(first.byCategory).reduce((sum, n) => sum + (n ?? 0), 0));
    expect(count('SELECT count(*) FROM risk_scan_state WHERE version = 1')).toBe(total);

    const { messages } = t.seeded;
    expect(hitsOf(messages.ad!).map((hit) => hit.word)).toEqual(['加我微信', 'wx123456', '免费领取']);
    expect(hitsOf(messages.complaint!)).toEqual([{ word: '投诉', category: 'complaint', status: 'open' }]);
    expect(hitsOf(messages.hello!)).toEqual([]);
    // A system notice is marked scanned but never read for hits.
    expect(hitsOf(messages.system!)).toEqual([]);

    const second = await t.scan();
    expect(second).toMatchObject({ scanned: 0, hits: 0, withdrawn: 0 });
    expect(second.openByCategory).toEqual(first.openByCategory);

    // New messages alone are scanned next time.
    addMessages(db(), t.seeded.groupId, t.seeded.members, [
      { key: 'new', sender: 'li', content: '这次买到假货了', ago: 1 },
    ]);
    const third = await t.scan();
    expect(third.scanned).toBe(1);
    expect(third.byCategory).toEqual({ complaint: 1 });
  });

  it('scans everything again after a list edit and withdraws open hits the lists no longer raise', async () => {
    await t.scan();
    const { lists } = await t.call('risk.lists');
    const complaintList = lists.find((list) => list.category === 'complaint')!;
    const detail = await t.call('risk.getList', { id: complaintList.id });
    // Confirm the first refund hit; it must survive the edit as history.
    const [refund1] = await hitIdsOf(t.seeded.messages.refund1!);
    await t.call('risk.decide', { hitIds: [refund1!], decision: 'dismiss' });

    const saved = await t.call('risk.saveList', {
      id: complaintList.id,
      list: { ...listInput(detail), words: detail.words.filter((word) => word.word !== '退款') },
    });
    expect(saved.version).toBe(2);
    expect(saved.wordCount).toBe(detail.words.length - 1);
    const summary = await t.call('risk.summary');
    expect(summary.rulesetVersion).toBe(2);
    expect(summary.pending).toBe(summary.messages);

    const rescan = await t.scan();
    expect(rescan.scanned).toBe(count('SELECT count(*) FROM messages'));
    expect(rescan.withdrawn).toBe(1);
    expect(hitsOf(t.seeded.messages.refund2!)).toEqual([]);
    expect(hitsOf(t.seeded.messages.refund1!)).toEqual([
      { word: '退款', category: 'complaint', status: 'dismissed' },
    ]);
    expect(count('SELECT count(*) FROM risk_list_versions WHERE list_id = ?', complaintList.id)).toBe(2);
  });

  it('keeps finished batches when cancelled and goes on from there', async () => {
    const total = count('SELECT count(*) FROM messages');
    const progress: number[] = [];
    const unsubscribe = t.backend.events.subscribe((event, payload) => {
      if (event === 'jobs.progress' && 'done' in payload) progress.push(payload.done);
    });
    const jobId = t.backend.jobs.start('risk.scan', { batchSize: 2 }, 'test');
    t.backend.jobs.cancel(jobId);
    const state = await t.backend.jobs.wait(jobId);
    unsubscribe();
    expect(state.status).toBe('cancelled');
    const scanned = count('SELECT count(*) FROM risk_scan_state');
    expect(scanned % 2).toBe(0);
    expect(scanned).toBeLessThan(total);

    const rest = await t.scan({ batchSize: 3 });
    expect(rest.scanned).toBe(total - scanned);
    expect(count('SELECT count(*) FROM risk_scan_state WHERE version = 1')).toBe(total);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('stores homophone, reversed and address hits with their own rules', async () => {
    addMessages(db(), t.seeded.groupId, t.seeded.members, [
      { key: 'homophone', sender: 'li', content: '有事加我威信', ago: 5 },
      { key: 'reversed', sender: 'li', content: '资料在信微里', ago: 4 },
      { key: 'address', sender: 'wang', content: '寄到幸福路128号3栋2单元就行', ago: 3 },
      { key: 'respected', sender: 'zhang', content: '老师在群里很有威信', ago: 2 },
    ]);
    await t.scan();
    const stored = (key: string) =>
      db()
        .prepare(
          `SELECT h.word, h.text, h.rule, h.detector, h.category, h.severity FROM risk_hits h
           JOIN messages m ON m.id = h.message_id WHERE m.content = ? ORDER BY h.span_start`,
        )
        .all(key);
    // 加我微信 (medium) through a homophone: one level lower; the 微信 inside it says nothing new.
    expect(stored('有事加我威信')).toEqual([
      {
        word: '加我微信',
        text: '加我威信',
        rule: 'homophone',
        detector: null,
        category: 'ads',
        severity: 'low',
      },
    ]);
    expect(stored('资料在信微里')).toEqual([
      { word: '微信', text: '信微', rule: 'reversed', detector: null, category: 'ads', severity: 'low' },
    ]);
    expect(stored('寄到幸福路128号3栋2单元就行')).toEqual([
      {
        word: '幸福路128号3栋2单元',
        text: '幸福路128号3栋2单元',
        rule: 'detector',
        detector: 'address',
        category: 'privacy',
        severity: 'medium',
      },
    ]);
    // The starter allow list keeps 威信 as a real word.
    expect(stored('老师在群里很有威信')).toEqual([]);

    const checked = await t.call('risk.check', { text: '有事加我威信，资料在信微里' });
    expect(checked.hits.map((hit) => [hit.text, hit.rule])).toEqual([
      ['加我威信', 'homophone'],
      ['信微', 'reversed'],
    ]);
  });

  it('starts one job at a time through the channel', async () => {
    const { jobId } = await t.call('risk.scan');
    const again = await t.call('risk.scan');
    expect(again.jobId).toBe(jobId);
    expect((await t.backend.jobs.wait(jobId)).status).toBe('done');
    const summary = await t.call('risk.summary');
    expect(summary).toMatchObject({ pending: 0, runningJobId: null, lastScan: { version: 1 } });
    expect(summary.open).toBe(Object.values(summary.openByCategory).reduce((sum, n) => sum + (n ?? 0), 0));
  });
});

async function hitIdsOf(messageId: number): Promise<number[]> {
  return db()
    .prepare('SELECT id FROM risk_hits WHERE message_id = ? ORDER BY id')
    .pluck()
    .all(messageId) as number[];
}
