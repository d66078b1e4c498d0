import { describe, expect, it } from 'vitest';
import { suggestAllowPhrase } from '../../../electron/main/services/riskReview';
import type { RiskQueueItem } from '../../../shared/ipc/channels/risk';
import { useRiskBackend } from './fixtures';

const t = useRiskBackend({ scan: true });

const db = () => t.backend.context.db;
const count = (sql: string, ...params: unknown[]) => t.count(sql, ...params);

async function queueItem(messageKey: string, word?: string): Promise<RiskQueueItem> {
  const page = await t.call('risk.queue', { status: 'all', limit: 200 });
  const item = page.rows.find(
    (row) => row.message.id === t.seeded.messages[messageKey] && (word === undefined || row.word === word),
  );
  if (!item) throw new Error(`no hit on ${messageKey} ${word ?? ''}`);
  return item;
}

describe('review queue', () => {
  it('lists open hits newest first with the message in context, member, group and a suggestion', async () => {
    const page = await t.call('risk.queue', {});
    expect(page.total).toBe(count("SELECT count(*) FROM risk_hits WHERE status = 'open'"));
    const times = page.rows.map((row) => row.message.sentAt);
    expect([...times].sort().reverse()).toEqual(times);

    const complaint = await queueItem('complaint');
    expect(complaint).toMatchObject({
      status: 'open',
      word: '投诉',
      category: 'complaint',
      text: '投诉',
      message: { content: '这家店服务太差了，我要投诉！', groupName: '读书服务群', senderName: '王五' },
      member: { id: t.seeded.members.wang, displayName: '王五', violationCount: 0 },
      suggestedAllowPhrase: '我要投诉',
    });
    expect(complaint.message.content.slice(complaint.start, complaint.end)).toBe('投诉');
    expect(complaint.before.map((message) => message.content)).toEqual([
      '群里不要发广告哦',
      '兼职刷单日赚300，私聊我',
    ]);
    expect(complaint.after.map((message) => message.content)).toEqual([
      '我的手机号是13812345678有事联系',
      '退款申请提交了，大概几天到账',
    ]);
    // Every hit of the ad line is there to highlight.
    const ad = await queueItem('ad', '加我微信');
    expect(ad.spans.map((span) => span.word)).toEqual(['加我微信', 'wx123456', '免费领取']);
    // Detector hits have nothing to allow.
    expect((await queueItem('phone')).suggestedAllowPhrase).toBeNull();
    expect((await queueItem('abuse')).member).toBeNull();
  });

  it('filters by category, severity, group and status', async () => {
    const complaints = await t.call('risk.queue', { category: 'complaint' });
    expect(complaints.rows.every((row) => row.category === 'complaint')).toBe(true);
    expect(complaints.total).toBe(3);
    const critical = await t.call('risk.queue', { severity: 'critical' });
    expect(critical.rows.map((row) => row.word)).toEqual(['兼职刷单']);
    expect((await t.call('risk.queue', { groupId: t.seeded.groupId + 1 })).total).toBe(0);
    expect((await t.call('risk.queue', { status: 'confirmed' })).total).toBe(0);
    const paged = await t.call('risk.queue', { offset: 2, limit: 3 });
    expect(paged.rows).toHaveLength(3);
  });
});

describe('decisions', () => {
  it('confirming adds one violation per message with the message as evidence', async () => {
    const ad = await t.call('risk.queue', { category: 'ads', limit: 200 });
    const adLine = ad.rows.filter((row) => row.message.id === t.seeded.messages.ad);
    expect(adLine).toHaveLength(3);
    const result = await t.call('risk.decide', {
      hitIds: adLine.map((row) => row.id),
      decision: 'confirm',
      reason: '发广告',
    });
    expect(result).toMatchObject({ decided: 3, skipped: 0, withoutMember: 0 });
    expect(result.violationIds).toHaveLength(1);
    const violation = db()
      .prepare('SELECT * FROM violations WHERE id = ?')
      .get(result.violationIds[0]) as Record<string, unknown>;
    expect(violation).toMatchObject({
      member_id: t.seeded.members.li,
      message_id: t.seeded.messages.ad,
      category: 'ad',
      // The most severe hit of the line (the WeChat ID, high) sets the points.
      points: 3,
      evidence_excerpt: '李四: 加我微信 wx123456 免费领取资料',
    });
    expect(count('SELECT violation_count FROM members WHERE id = ?', t.seeded.members.li)).toBe(1);
    const decided = await queueItem('ad', '免费领取');
    expect(decided).toMatchObject({
      status: 'confirmed',
      decidedBy: 'local',
      reason: '发广告',
      violationId: result.violationIds[0],
    });

    // Deciding again changes nothing; a complaint is confirmed without a violation (it is not misconduct).
    const again = await t.call('risk.decide', { hitIds: [decided.id], decision: 'dismiss' });
    expect(again).toMatchObject({ decided: 0, skipped: 1 });
    const complaint = await queueItem('complaint');
    const confirmed = await t.call('risk.decide', { hitIds: [complaint.id], decision: 'confirm' });
    expect(confirmed).toMatchObject({ decided: 1, violationIds: [] });
    // A hit with no known sender is confirmed, with no ledger to add to.
    const abuse = await queueItem('abuse');
    expect(await t.call('risk.decide', { hitIds: [abuse.id], decision: 'confirm' })).toMatchObject({
      decided: 1,
      withoutMember: 1,
      violationIds: [],
    });
    expect(
      count("SELECT count(*) FROM audit_log WHERE entity = 'risk-hit' AND action = 'confirm-hits'"),
    ).toBe(3);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'add-violation'")).toBe(1);
  });

  it('dismissing with the suggested allow phrase cancels the same false positive elsewhere on the next scan', async () => {
    const refund1 = await queueItem('refund1');
    const refund2 = await queueItem('refund2');
    expect(refund1.suggestedAllowPhrase).toBe('退款申请');
    const result = await t.call('risk.decide', {
      hitIds: [refund1.id],
      decision: 'dismiss',
      reason: '正常售后咨询',
      addAllowPhrase: true,
    });
    expect(result).toMatchObject({ decided: 1, allowPhrases: ['退款申请'], rulesetVersion: 2 });
    const lists = await t.call('risk.lists');
    const review = lists.lists.find((list) => list.origin === 'review')!;
    expect(review).toMatchObject({ kind: 'allow', wordCount: 1 });
    expect(
      count(
        'SELECT count(*) FROM risk_allow_phrases WHERE phrase = ? AND hit_id = ?',
        '退款申请',
        refund1.id,
      ),
    ).toBe(1);

    const rescan = await t.scan();
    expect(rescan.withdrawn).toBe(1);
    expect(count('SELECT count(*) FROM risk_hits WHERE id = ?', refund2.id)).toBe(0);
    expect(await queueItem('refund1')).toMatchObject({ status: 'dismissed', reason: '正常售后咨询' });
    // The live check agrees.
    expect((await t.call('risk.check', { text: '退款申请怎么弄' })).hits).toEqual([]);
    expect((await t.call('risk.check', { text: '我要退款' })).hits.map((hit) => hit.word)).toEqual(['退款']);

    // A typed phrase works too, and adding it twice adds it once.
    const complaint = await queueItem('complaint');
    const typed = await t.call('risk.decide', {
      hitIds: [complaint.id],
      decision: 'dismiss',
      addAllowPhrase: '我要投诉',
    });
    expect(typed.allowPhrases).toEqual(['我要投诉']);
    const scam = await queueItem('scam', '私聊我');
    const repeat = await t.call('risk.decide', {
      hitIds: [scam.id],
      decision: 'dismiss',
      addAllowPhrase: '我要投诉',
    });
    expect(repeat).toMatchObject({ decided: 1, allowPhrases: [], rulesetVersion: 3 });
  });
});

describe('allow-phrase suggestions', () => {
  const hit = (content: string, text: string, category: 'ads' | 'crisis' = 'ads') => {
    const start = content.indexOf(text);
    return suggestAllowPhrase(content, { start, end: start + text.length, category, rule: 'literal' });
  };
  it.each([
    ['我稍微信任他', '微信', '稍微信任'],
    ['退款申请提交了', '退款', '退款申请'],
    ['提交了退款', '退款', '交了退款'],
    ['看𠮷微信', '微信', '看𠮷微信'],
    ['快来看😀微信', '微信', null],
    ['好的，微信，谢谢', '微信', null],
    ['他妈妈做的饭', '他妈', '他妈妈做'],
  ])('%s / %s → %s', (content, text, expected) => {
    expect(hit(content, text)).toBe(expected);
  });
  it('offers none for crisis hits, which allow phrases never cancel', () => {
    expect(hit('我不想活了', '不想活', 'crisis')).toBeNull();
  });
});

describe('risk.stats', () => {
  it('counts hits per day and category, leaving out dismissed ones', async () => {
    const stats = await t.call('risk.stats', { from: '2024-04-29', to: '2024-05-01' });
    expect(stats.days.map((day) => day.date)).toEqual(['2024-04-29', '2024-04-30', '2024-05-01']);
    const open = count('SELECT count(*) FROM risk_hits WHERE sent_at >= ? ', Date.UTC(2024, 3, 28, 16));
    expect(stats.days.reduce((sum, day) => sum + day.total, 0)).toBe(open);
    expect(stats.totals.complaint).toBe(3);
    const complaint = await queueItem('complaint');
    await t.call('risk.decide', { hitIds: [complaint.id], decision: 'dismiss' });
    const after = await t.call('risk.stats', { from: '2024-04-29', to: '2024-05-01' });
    expect(after.totals.complaint).toBe(2);
    expect(
      (await t.call('risk.stats', { from: '2024-04-29', to: '2024-05-01', groupId: 999 })).totals,
    ).toEqual({});
    const backwards = await t.fail('risk.stats', { from: '2024-05-02', to: '2024-05-01' });
    expect(backwards.code).toBe('VALIDATION');
    const tooLong = await t.fail('risk.stats', { from: '2023-01-01', to: '2024-05-01' });
    expect(tooLong).toMatchObject({ code: 'VALIDATION', message: 'risk.errors.rangeTooLong' });
  });
});
