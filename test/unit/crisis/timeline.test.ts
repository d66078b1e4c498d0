import { describe, expect, it } from 'vitest';
import {
  findPersonalData,
  gradeMessage,
  reviewDraft,
  scoreRun,
  formatDuration,
} from '../../../shared/domain/crisis/scoring';
import {
  dueInjects,
  effectiveSeconds,
  pausedSpans,
  runState,
  secondsToNextInject,
  type TimelineEvent,
} from '../../../shared/domain/crisis/timeline';
import { translate } from '../../../shared/i18n';
import { samplePlaybook } from './fixtures';

const start = Date.UTC(2024, 4, 1, 12, 0, 0);
const at = (seconds: number) => start + seconds * 1000;
const ev = (
  seconds: number,
  kind: TimelineEvent['kind'],
  extra: Partial<TimelineEvent> = {},
): TimelineEvent => ({
  at: at(seconds),
  kind,
  actor: '小林',
  ...extra,
});

describe('incident timeline and SLA', () => {
  const playbook = samplePlaybook();

  it('marks steps on time (exactly at the target), late, overdue, pending and skipped', () => {
    const events = [
      ev(0, 'detected', { severity: 'low' }),
      ev(120, 'step_done', { stepId: 'recall' }),
      ev(601, 'step_done', { stepId: 'announce' }),
      ev(700, 'step_skipped', { stepId: 'extra', text: '不适用' }),
      ev(800, 'severity_changed', { severity: 'high' }),
    ];
    const state = runState(playbook, events, { startedAt: start, now: at(3601) });
    const byId = Object.fromEntries(state.steps.map((step) => [step.stepId, step]));
    expect(byId.recall).toMatchObject({
      status: 'done',
      sla: 'on_time',
      elapsedSeconds: 120,
      by: '小林',
      remainingSeconds: null,
    });
    expect(byId.announce).toMatchObject({ status: 'done', sla: 'late', elapsedSeconds: 601 });
    expect(byId.trace).toMatchObject({ status: 'todo', sla: 'overdue', remainingSeconds: -1 });
    expect(byId.extra).toMatchObject({ status: 'skipped', sla: 'skipped', note: '不适用' });
    expect(state.severity).toBe('high');
    expect(state.currentStageId).toBe('review');
    expect(state.counts).toEqual({ on_time: 1, late: 1, overdue: 1, pending: 0, skipped: 1 });

    const earlier = runState(playbook, events.slice(0, 2), { startedAt: start, now: at(3600) });
    expect(earlier.steps.find((step) => step.stepId === 'trace')).toMatchObject({
      sla: 'pending',
      remainingSeconds: 0,
    });
    expect(earlier.currentStageId).toBe('contain');
  });

  it('takes paused time out of every clock; an open pause runs to now', () => {
    const events = [
      ev(0, 'detected'),
      ev(60, 'paused'),
      ev(360, 'resumed'),
      ev(400, 'step_done', { stepId: 'recall' }),
      ev(500, 'paused'),
    ];
    expect(pausedSpans(events, at(900))).toEqual([
      [at(60), at(360)],
      [at(500), at(900)],
    ]);
    const state = runState(playbook, events, { startedAt: start, now: at(900) });
    expect(state.steps[0]).toMatchObject({ stepId: 'recall', elapsedSeconds: 100, sla: 'on_time' });
    expect(state.elapsedSeconds).toBe(200);
    expect(state.pausedSeconds).toBe(700);
    expect(state.paused).toBe(true);
    expect(effectiveSeconds(start, at(30), [[at(60), at(90)]])).toBe(30);
  });

  it('shows drill injects at their offsets against an injected clock', () => {
    const injects = playbook.scenarios[0]!.injects;
    expect(dueInjects(injects, 0).map((inject) => inject.text)).toEqual(['第一条']);
    expect(dueInjects(injects, 29.9)).toHaveLength(1);
    expect(dueInjects(injects, 30)).toHaveLength(2);
    expect(secondsToNextInject(injects, 30)).toBe(60);
    expect(secondsToNextInject(injects, 90)).toBeNull();
  });
});

describe('drill scoring', () => {
  const playbook = samplePlaybook();
  const goodAnnouncement = '各位：今晚的消息已撤回，深表歉意。';

  it('gives full marks when every step is on time and the message has every rubric element', () => {
    const events = [
      ev(0, 'detected'),
      ev(100, 'step_done', { stepId: 'recall' }),
      ev(300, 'message_sent', { templateId: 'ann', channel: 'announcement', text: goodAnnouncement }),
      ev(310, 'step_done', { stepId: 'announce' }),
      ev(1000, 'step_done', { stepId: 'trace' }),
    ];
    const score = scoreRun(playbook, events, { startedAt: start, now: at(1200) });
    expect(score.total).toBe(100);
    expect(score.counts).toEqual({ on_time: 3, late: 0, missed: 1, skipped: 0 });
    // The optional step left undone costs nothing.
    expect(score.steps.find((step) => step.stepId === 'extra')).toMatchObject({
      outcome: 'missed',
      maxPoints: 0,
    });
    expect(score.unwrittenTemplates).toEqual([]);
  });

  it('scores late steps on a slope, missed steps at zero and out-of-order steps at 80 %', () => {
    const events = [
      ev(0, 'detected'),
      ev(240, 'step_done', { stepId: 'announce' }), // on time, but before recall: order error
      ev(240 + 1, 'step_done', { stepId: 'recall' }), // 121 s late against 120 s: 1 − 0.5 × 121/120
    ];
    const score = scoreRun(playbook, events, { startedAt: start, now: at(4000) });
    const byId = Object.fromEntries(score.steps.map((step) => [step.stepId, step]));
    expect(byId.announce).toMatchObject({ outcome: 'on_time', doneBefore: ['recall'], points: 8 });
    expect(byId.recall).toMatchObject({ outcome: 'late', lateBySeconds: 121, points: 4.96 });
    expect(byId.trace).toMatchObject({ outcome: 'missed', points: 0, maxPoints: 10 });
    expect(score.orderErrors).toBe(1);
    expect(score.unwrittenTemplates).toEqual(['ann']);
    // (8 + 4.96 + 0) of 30 for steps, 0 of 10 for the unwritten announcement.
    expect(score.total).toBe(Math.round((100 * 12.96) / 40));
    const review = reviewDraft(playbook, score, 'zh-CN');
    const texts = review.toImprove.map((line) => translate('zh-CN', line.key, line.params));
    expect(texts).toEqual([
      '「撤回」超时 2 分钟 1 秒（目标 2 分钟）',
      '「发公告」在「撤回」之前完成，顺序有误',
      '「查源头」未完成',
      '没有写「说明公告」',
    ]);
    expect(translate('zh-CN', review.wentWell[0]!.key, review.wentWell[0]!.params)).toBe(
      '1/3 个步骤按时完成',
    );
  });

  it('never scores below a quarter for a very late step; a required skipped step scores zero', () => {
    const events = [
      ev(0, 'detected'),
      ev(10_000, 'step_done', { stepId: 'recall' }),
      ev(10, 'step_skipped', { stepId: 'announce', text: '来不及' }),
    ];
    const score = scoreRun(playbook, events, { startedAt: start, now: at(10_001) });
    expect(score.steps[0]).toMatchObject({ outcome: 'late', points: 2.5 });
    expect(score.steps[1]).toMatchObject({ outcome: 'skipped', points: 0, maxPoints: 10 });
  });

  it('grades a written message: missing rubric elements, and zero when it leaks personal data', () => {
    const base = { templateId: 'ann', channel: 'announcement' as const, at: start, actor: '小林' };
    const partial = gradeMessage(playbook, { ...base, text: '消息已撤回，请勿转发' });
    expect(partial).toMatchObject({
      present: ['facts'],
      missing: [{ id: 'apology', label: '致歉' }],
      score: 0.5,
      leaks: [],
    });
    const leaking = gradeMessage(playbook, { ...base, text: '已撤回，深表歉意。当事人电话 138 0013 8000' });
    expect(leaking.score).toBe(0);
    expect(leaking.leaks.map((leak) => leak.kind)).toEqual(['phone']);
  });

  it('finds phone numbers, ID numbers and e-mail addresses, but not prices, dates or order numbers', () => {
    const found = findPersonalData('电话13800138000，身份证 11010519491231002X，邮箱 a.b@example.com');
    expect(found.map((item) => item.kind)).toEqual(['phone', 'idCard', 'email']);
    expect(
      findPersonalData('订单号 202405011234567890123，价格 1380 元，日期 2024-05-01，活动 12:30'),
    ).toEqual([]);
  });

  it('formats durations in both languages', () => {
    expect(formatDuration(3725, 'zh-CN')).toBe('1 小时 2 分钟 5 秒');
    expect(formatDuration(0, 'en')).toBe('0 s');
    expect(formatDuration(120, 'en')).toBe('2 min');
  });
});
