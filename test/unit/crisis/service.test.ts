import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend } from '../../../electron/main/backend';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { ensureStarterPlaybooks } from '../../../electron/main/services/crisisPlaybooks';
import type {
  DrillDetail,
  DrillOverview,
  ExportedFile,
  IncidentDetail,
  PlaybookDetail,
  PlaybookImportResult,
  PlaybookSaveResult,
  PlaybookSummary,
  PreventionItem,
} from '../../../shared/domain/crisis/views';
import type { Page } from '../../../shared/domain/types';
import type { Result } from '../../../shared/ipc/errors';
import { makeTestBackend, trustAppOrigin, trustedSender, openTestBackend } from '../../support/tempWorkspace';
import { samplePlaybook, samplePlaybookInput } from './fixtures';

const minute = 60_000;
const day = 24 * 60 * minute;
const clock = { now: Date.UTC(2024, 4, 1, 2, 0, 0) };
const advance = (ms: number) => {
  clock.now += ms;
};

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

function connect(backend: Backend) {
  const dispatch: Dispatch = backend.createDispatch(trustAppOrigin);
  const call = (channel: string, input: unknown = {}) => dispatch(channel, input, trustedSender);
  const get = async <T>(channel: string, input: unknown = {}) => value<T>(await call(channel, input));
  return { call, get };
}

describe('crisis playbooks, incidents, drills and prevention through the dispatcher', () => {
  let backend: ReturnType<typeof makeTestBackend>;
  let api: ReturnType<typeof connect>;
  let groupId: number;
  let sampleId: number;
  const auditCount = async () => (await api.get<{ total: number }>('audit.list', { limit: 1 })).total;

  beforeAll(async () => {
    backend = makeTestBackend({ now: () => clock.now });
    api = connect(backend);
    groupId = (await api.get<{ id: number }>('groups.create', { name: '阳光团购群', type: 'activity' })).id;
  });
  afterAll(async () => backend.dispose());

  it('seeds the starter playbooks on first use, once', async () => {
    const first = await api.get<PlaybookSummary[]>('playbooks.list');
    expect(first.map((playbook) => playbook.key).sort()).toEqual([
      'ad-spam',
      'competitor-link',
      'data-loss',
      'info-leak',
      'opinion-crisis',
    ]);
    expect(first.every((playbook) => playbook.origin === 'starter' && playbook.currentVersion === 1)).toBe(
      true,
    );
    const again = await api.get<PlaybookSummary[]>('playbooks.list');
    expect(again).toEqual(first);
    const audit = await api.get<{ rows: { action: string; entity: string }[] }>('audit.list', { limit: 50 });
    expect(audit.rows.filter((row) => row.action === 'seed' && row.entity === 'playbook')).toHaveLength(5);
  });

  it('seeds a starter added later, but never one whose key the workspace already uses', () => {
    const extra = { file: 'new.json', playbook: { ...samplePlaybook(), key: 'later-starter' } };
    const clash = {
      file: 'clash.json',
      playbook: { ...samplePlaybook(), key: 'info-leak', name: '不应覆盖' },
    };
    expect(ensureStarterPlaybooks(backend.context, [extra, clash])).toBe(1);
    expect(ensureStarterPlaybooks(backend.context, [extra, clash])).toBe(0);
  });

  it('refuses a bad playbook with one localised issue per field and stores nothing', async () => {
    const before = {
      playbooks: (await api.get<PlaybookSummary[]>('playbooks.list')).length,
      audit: await auditCount(),
    };
    const bad = samplePlaybookInput();
    bad.stages[0]!.steps[0]!.ownerRole = 'ghost';
    bad.templates![0]!.body = '{{不存在}}';
    (bad as Record<string, unknown>).riskType = 'meteor';
    const result = await api.call('playbooks.save', { definition: bad });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      code: 'VALIDATION',
      message: 'crisis.errors.invalidPlaybook',
      params: { count: 3 },
    });
    expect(result.error.issues?.map((issue) => issue.path).sort()).toEqual([
      'riskType',
      'stages[0].steps[0].ownerRole',
      'templates[0].body',
    ]);
    expect(result.error.issues?.find((issue) => issue.path === 'templates[0].body')?.message).toContain(
      '未知占位符 不存在',
    );
    expect((await api.get<PlaybookSummary[]>('playbooks.list')).length).toBe(before.playbooks);
    expect(await auditCount()).toBe(before.audit);
    // The contract itself refuses a definition that is not an object.
    expect(await api.call('playbooks.save', { definition: 'text' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('versions a playbook: identical saves add nothing, changes add a version, old versions stay readable', async () => {
    const created = await api.get<PlaybookSaveResult>('playbooks.save', {
      definition: samplePlaybookInput(),
      note: '初版',
    });
    sampleId = created.playbook.id;
    expect(created).toMatchObject({
      versionCreated: true,
      playbook: { key: 'test-leak', currentVersion: 1, origin: 'user' },
    });

    const same = await api.get<PlaybookSaveResult>('playbooks.save', {
      id: sampleId,
      definition: samplePlaybookInput(),
    });
    expect(same.versionCreated).toBe(false);
    expect(same.playbook.currentVersion).toBe(1);

    const changed = samplePlaybookInput();
    changed.stages[0]!.steps[0]!.targetSeconds = 90;
    advance(minute);
    const v2 = await api.get<PlaybookSaveResult>('playbooks.save', {
      id: sampleId,
      definition: changed,
      note: '缩短撤回时限',
    });
    expect(v2.playbook).toMatchObject({ currentVersion: 2, version: 2 });
    expect(v2.playbook.versions.map((info) => [info.version, info.note])).toEqual([
      [2, '缩短撤回时限'],
      [1, '初版'],
    ]);
    const v1 = await api.get<PlaybookDetail>('playbooks.get', { id: sampleId, version: 1 });
    expect(v1.definition.stages[0]!.steps[0]!.targetSeconds).toBe(120);
    expect(v1.currentVersion).toBe(2);

    const renamedKey = { ...changed, key: 'other-key' };
    expect(await api.call('playbooks.save', { id: sampleId, definition: renamedKey })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'crisis.errors.keyChanged' },
    });
    expect(await api.call('playbooks.save', { definition: samplePlaybookInput() })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'crisis.errors.keyTaken', params: { key: 'test-leak' } },
    });
    expect(await api.call('playbooks.get', { id: sampleId, version: 9 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('duplicates a playbook under a free key with a copy name', async () => {
    const copy = await api.get<PlaybookDetail>('playbooks.duplicate', { id: sampleId });
    expect(copy).toMatchObject({
      key: 'test-leak-copy',
      name: '测试预案（副本）',
      origin: 'duplicate',
      currentVersion: 1,
    });
    expect(copy.definition.stages).toEqual(
      (await api.get<PlaybookDetail>('playbooks.get', { id: sampleId })).definition.stages,
    );
    const second = await api.get<PlaybookDetail>('playbooks.duplicate', { id: sampleId, name: '另一份' });
    expect(second).toMatchObject({ key: 'test-leak-copy-2', name: '另一份' });
  });

  it('exports JSON and Markdown that import back into another workspace unchanged', async () => {
    const json = await api.get<ExportedFile>('playbooks.export', { id: sampleId, format: 'json' });
    expect(json).toMatchObject({ fileName: 'test-leak-v2.json', mimeType: 'application/json' });
    const markdown = await api.get<ExportedFile>('playbooks.export', { id: sampleId, format: 'md' });
    expect(markdown.fileName).toBe('test-leak-v2.md');
    expect(markdown.content).toContain('#### 步骤 `recall` 撤回');

    const other = makeTestBackend({ now: () => clock.now });
    try {
      const otherApi = connect(other);
      const original = (await api.get<PlaybookDetail>('playbooks.get', { id: sampleId })).definition;
      const imported = await otherApi.get<PlaybookImportResult>('playbooks.import', {
        content: json.content,
      });
      expect(imported).toMatchObject({
        created: true,
        versionCreated: true,
        playbook: { origin: 'import', currentVersion: 1 },
      });
      expect(imported.playbook.definition).toEqual(original);
      expect(imported.playbook.versions[0]!.note).toBe('import (json, v2)');
      const again = await otherApi.get<PlaybookImportResult>('playbooks.import', {
        content: markdown.content,
      });
      expect(again).toMatchObject({ created: false, versionCreated: false });
      const edited = markdown.content.replace('- 目标时间：90 秒', '- 目标时间：75 秒');
      const fromMarkdown = await otherApi.get<PlaybookImportResult>('playbooks.import', {
        content: edited,
        format: 'md',
      });
      expect(fromMarkdown).toMatchObject({
        created: false,
        versionCreated: true,
        playbook: { currentVersion: 2 },
      });
      expect(fromMarkdown.playbook.definition.stages[0]!.steps[0]!.targetSeconds).toBe(75);
      const broken = await otherApi.call('playbooks.import', { content: '{"key": "x"}' });
      expect(broken).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: 'crisis.errors.invalidPlaybook' },
      });
    } finally {
      await other.dispose();
    }
  });

  it('previews templates, and names unknown or missing placeholders', async () => {
    const preview = await api.get<{ text: string }>('playbooks.renderTemplate', {
      id: sampleId,
      templateId: 'ann',
      values: { 群名: '读书会' },
      fillMissing: true,
    });
    expect(preview.text).toBe('读书会的各位：【事件时间】有消息泄露了【信息类型】，已撤回，深表歉意。');
    const missing = await api.call('playbooks.renderTemplate', {
      id: sampleId,
      templateId: 'ann',
      values: { 群名: '读书会' },
    });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'crisis.errors.templateProblems' },
    });
    if (!missing.ok)
      expect(missing.error.issues?.map((issue) => issue.message)).toEqual([
        '占位符「事件时间」没有提供内容',
        '占位符「信息类型」没有提供内容',
      ]);
  });

  it('evaluates trigger signals over sensitive-word hits', async () => {
    const base = Date.UTC(2024, 4, 1, 3, 0, 0);
    const hits = [0, 2, 4, 6, 10].map((m) => ({
      at: new Date(base + m * minute).toISOString(),
      category: 'complaint',
      groupId,
    }));
    const firings = await api.get<{ playbookKey: string; playbookId: number; count: number }[]>(
      'playbooks.evaluateTriggers',
      { hits },
    );
    expect(firings.map((firing) => firing.playbookKey).sort()).toEqual([
      'later-starter',
      'opinion-crisis',
      'test-leak',
      'test-leak-copy',
      'test-leak-copy-2',
    ]);
    const live = await api.get<unknown[]>('playbooks.evaluateTriggers', {
      hits,
      now: new Date(base + 11 * minute).toISOString(),
    });
    expect(live).toEqual([]);
  });

  let incidentId: number;

  it('opens an incident on the current version, ticks steps with SLA, and keeps that version after later edits', async () => {
    const opened = await api.get<IncidentDetail>('incidents.open', {
      playbookId: sampleId,
      groupId,
      severity: 'high',
      source: { kind: 'review_hit', ref: 'hit:42' },
      note: '群友举报订单截图',
    });
    incidentId = opened.id;
    expect(opened).toMatchObject({
      title: '测试预案 · 阳光团购群',
      playbookVersion: 2,
      groupName: '阳光团购群',
      status: 'open',
      source: { kind: 'review_hit', ref: 'hit:42' },
      state: { severity: 'high', elapsedSeconds: 0, currentStageId: 'contain' },
    });
    expect(opened.events).toMatchObject([
      { kind: 'detected', severity: 'high', text: '群友举报订单截图', actor: 'local' },
    ]);

    advance(80_000);
    let detail = await api.get<IncidentDetail>('incidents.addEvent', {
      id: incidentId,
      event: { kind: 'step_done', stepId: 'recall' },
    });
    expect(detail.state.steps[0]).toMatchObject({
      stepId: 'recall',
      status: 'done',
      sla: 'on_time',
      elapsedSeconds: 80,
      by: 'local',
    });
    advance(11 * minute);
    detail = await api.get<IncidentDetail>('incidents.get', { id: incidentId });
    expect(detail.state.steps[1]).toMatchObject({ stepId: 'announce', sla: 'overdue' });

    const rendered = await api.get<{ text: string }>('incidents.renderTemplate', {
      id: incidentId,
      templateId: 'ann',
      values: { 信息类型: '手机号' },
    });
    expect(rendered.text).toMatch(
      /^阳光团购群的各位：2024-05-0\d \d\d:\d\d有消息泄露了手机号，已撤回，深表歉意。$/,
    );
    await api.get('incidents.addEvent', {
      id: incidentId,
      event: { kind: 'message_sent', templateId: 'ann', channel: 'announcement', text: rendered.text },
    });
    detail = await api.get<IncidentDetail>('incidents.addEvent', {
      id: incidentId,
      event: { kind: 'step_done', stepId: 'announce', note: '已发公告', actor: '小周' },
    });
    expect(detail.state.steps[1]).toMatchObject({ sla: 'late', by: '小周', note: '已发公告' });
    await api.get('incidents.addEvent', {
      id: incidentId,
      event: { kind: 'severity_changed', severity: 'low', reason: '影响有限' },
    });
    detail = await api.get<IncidentDetail>('incidents.addEvent', {
      id: incidentId,
      event: { kind: 'decision', text: '不再公开回应' },
    });
    expect(detail.state.severity).toBe('low');
    expect(detail.events.map((event) => event.kind)).toEqual([
      'detected',
      'step_done',
      'message_sent',
      'step_done',
      'severity_changed',
      'decision',
    ]);

    // A later edit of the playbook does not touch the incident.
    const v3 = samplePlaybookInput();
    v3.stages[0]!.steps[0]!.title = '改过的撤回';
    await api.get('playbooks.save', { id: sampleId, definition: v3 });
    detail = await api.get<IncidentDetail>('incidents.get', { id: incidentId });
    expect(detail.playbookVersion).toBe(2);
    expect(detail.definition.stages[0]!.steps[0]!.title).toBe('撤回');
  });

  it('refuses bad events without auditing anything', async () => {
    const before = await auditCount();
    const cases: [unknown, string][] = [
      [{ kind: 'step_done', stepId: 'nope' }, 'crisis.errors.unknownStep'],
      [{ kind: 'step_done', stepId: 'recall' }, 'crisis.errors.stepFinished'],
      [{ kind: 'severity_changed', severity: 'extreme' }, 'crisis.errors.unknownSeverity'],
      [
        { kind: 'message_sent', templateId: 'zzz', channel: 'announcement', text: 'x' },
        'crisis.errors.unknownTemplate',
      ],
      [
        { kind: 'evidence_linked', evidence: { kind: 'member', id: 999_999 } },
        'crisis.errors.evidenceNotFound',
      ],
    ];
    for (const [event, message] of cases) {
      const result = await api.call('incidents.addEvent', { id: incidentId, event });
      expect(result, message).toMatchObject({ ok: false, error: { message } });
    }
    expect(await auditCount()).toBe(before);
    expect(
      await api.call('incidents.addEvent', { id: incidentId, event: { kind: 'teleport' } }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('closes with an after-action review, then refuses changes; lists and exports as Markdown', async () => {
    const draft = (await api.get<IncidentDetail>('incidents.get', { id: incidentId })).reviewDraft;
    expect(draft.toImprove.map((line) => line.text)).toContain('「查源头」未完成');
    advance(minute);
    const closed = await api.get<IncidentDetail>('incidents.close', {
      id: incidentId,
      review: {
        whatHappened: '订单截图泄露手机号',
        whatWorked: '80 秒内撤回',
        followUps: [{ text: '更新群公告', owner: '小周' }],
      },
    });
    expect(closed).toMatchObject({
      status: 'closed',
      review: { whatToChange: '', followUps: [{ text: '更新群公告', owner: '小周' }] },
    });
    expect(closed.state.elapsedSeconds).toBe(80 + 11 * 60 + 60);
    expect(
      await api.call('incidents.addEvent', { id: incidentId, event: { kind: 'note', text: '迟到的备注' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'crisis.errors.incidentClosed' },
    });
    expect(
      await api.call('incidents.close', { id: incidentId, review: { whatHappened: '再次' } }),
    ).toMatchObject({ ok: false });

    const open = await api.get<Page<{ id: number }>>('incidents.list', { status: 'open' });
    const all = await api.get<Page<{ id: number; status: string }>>('incidents.list', {});
    expect(open.total).toBe(0);
    expect(all.rows).toMatchObject([{ id: incidentId, status: 'closed' }]);

    const file = await api.get<ExportedFile>('incidents.export', { id: incidentId });
    expect(file.fileName).toBe(`incident-${incidentId}-2024-05-01.md`);
    for (const text of [
      '# 测试预案 · 阳光团购群',
      '- 预案：测试预案（v2）',
      '| 撤回 | 管理员 | 1 分钟 30 秒 |',
      '| 按时 |',
      '超时完成',
      '### 发生了什么',
      '- [ ] 更新群公告（小周）',
      '级别调整为「一般」',
    ]) {
      expect(file.content, text).toContain(text);
    }
  });

  it('opens incidents by hand with a detection time in the past, and refuses unknown groups and future times', async () => {
    const starters = await api.get<PlaybookSummary[]>('playbooks.list');
    const leak = starters.find((playbook) => playbook.key === 'info-leak')!;
    const detected = new Date(clock.now - 5 * minute).toISOString();
    const opened = await api.get<IncidentDetail>('incidents.open', {
      playbookId: leak.id,
      detectedAt: detected,
    });
    expect(opened).toMatchObject({
      title: '信息泄露应急预案',
      source: { kind: 'manual', ref: null },
      state: { elapsedSeconds: 300, severity: 'medium' },
    });
    expect(opened.state.steps.find((step) => step.stepId === 'recall')).toMatchObject({ sla: 'overdue' });
    expect(await api.call('incidents.open', { playbookId: leak.id, groupId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const future = new Date(clock.now + minute).toISOString();
    expect(await api.call('incidents.open', { playbookId: leak.id, detectedAt: future })).toMatchObject({
      ok: false,
      error: { message: 'crisis.errors.futureTime' },
    });
  });

  it('audits prevention checks per group and marks them due after their interval', async () => {
    const before = await api.get<PreventionItem[]>('prevention.status', { groupId });
    const starterMeasures = before.filter((item) => item.playbookKey === 'info-leak');
    expect(starterMeasures.map((item) => item.measureId)).toContain('no-location');
    expect(starterMeasures.every((item) => item.state === 'never' && item.lastCheckedAt === null)).toBe(true);
    const leakId = starterMeasures[0]!.playbookId;

    const checked = await api.get<PreventionItem>('prevention.check', {
      groupId,
      playbookId: leakId,
      measureId: 'no-location',
      status: 'ok',
      note: '群规已写明',
    });
    expect(checked).toMatchObject({
      state: 'ok',
      lastStatus: 'ok',
      lastNote: '群规已写明',
      checkedBy: 'local',
      lastCheckedAt: new Date(clock.now).toISOString(),
    });
    expect(checked.dueAt).toBe(new Date(clock.now + 30 * day).toISOString());
    await api.get('prevention.check', {
      groupId,
      playbookId: leakId,
      measureId: 'mask-screenshots',
      status: 'gap',
      note: '公告没写',
    });

    advance(30 * day);
    const later = await api.get<PreventionItem[]>('prevention.status', {});
    const state = (measureId: string) =>
      later.find((item) => item.playbookId === leakId && item.measureId === measureId)?.state;
    expect([state('no-location'), state('mask-screenshots'), state('internal-docs')]).toEqual([
      'due',
      'gap',
      'never',
    ]);
    expect(
      await api.call('prevention.check', { groupId, playbookId: leakId, measureId: 'nope', status: 'ok' }),
    ).toMatchObject({
      ok: false,
      error: { message: 'crisis.errors.unknownMeasure' },
    });
  });
});

describe('drills', () => {
  let backend: Backend;
  let api: ReturnType<typeof connect>;
  let temp: ReturnType<typeof makeTestBackend>;
  let playbookId: number;
  const reopen = () =>
    openTestBackend(join(temp.dir, 'workspace'), join(temp.dir, 'settings.json'), { now: () => clock.now });

  beforeAll(async () => {
    temp = makeTestBackend({ now: () => clock.now });
    backend = temp;
    api = connect(backend);
    playbookId = (await api.get<PlaybookSaveResult>('playbooks.save', { definition: samplePlaybookInput() }))
      .playbook.id;
  });
  afterAll(async () => {
    await backend.close();
    await temp.dispose().catch(() => {});
  });

  it('runs a scenario: injects appear on time, pauses are excluded, a restart mid-drill resumes honestly, and finishing scores it', async () => {
    const started = await api.get<DrillDetail>('drills.start', {
      playbookId,
      scenarioId: 's1',
      participant: '小林',
    });
    const id = started.id;
    expect(started).toMatchObject({
      status: 'running',
      playbookVersion: 1,
      scenarioTitle: '演练一',
      dueInjects: 1,
      secondsToNextInject: 30,
    });
    expect(started.injects.map((inject) => [inject.atSeconds, inject.kind, inject.from])).toEqual([
      [0, 'message', '甲'],
      [30, 'report', '乙'],
      [90, 'prompt', '老板'],
    ]);

    advance(30_000);
    expect((await api.get<DrillDetail>('drills.get', { id })).dueInjects).toBe(2);
    advance(20_000);
    let detail = await api.get<DrillDetail>('drills.recordStep', { id, stepId: 'recall', action: 'done' });
    expect(detail.state.steps[0]).toMatchObject({ sla: 'on_time', elapsedSeconds: 50, by: '小林' });

    // A manual pause: nothing can be recorded until it resumes, and the paused minutes do not count.
    detail = await api.get<DrillDetail>('drills.pause', { id, reason: '接电话' });
    expect(detail.state.paused).toBe(true);
    advance(5 * minute);
    expect(await api.call('drills.recordStep', { id, stepId: 'announce', action: 'done' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'crisis.errors.drillPaused' },
    });
    detail = await api.get<DrillDetail>('drills.resume', { id });
    expect(detail.state).toMatchObject({ paused: false, elapsedSeconds: 50, pausedSeconds: 300 });

    advance(40_000);
    await api.get('drills.sendMessage', {
      id,
      templateId: 'ann',
      channel: 'announcement',
      text: '消息已撤回，深表歉意',
    });

    // The app closes mid-drill and comes back ten minutes later.
    await backend.close();
    advance(10 * minute);
    backend = reopen();
    api = connect(backend);
    detail = await api.get<DrillDetail>('drills.get', { id });
    expect(detail.status).toBe('running');
    expect(detail.state.elapsedSeconds).toBe(50 + 40 + 600);
    detail = await api.get<DrillDetail>('drills.resume', { id });
    expect(detail.state.elapsedSeconds).toBe(90);
    const interruption = detail.events.filter((event) => event.kind === 'paused').at(-1)!;
    expect(interruption).toMatchObject({
      text: '程序中断（关闭或重启期间不计时）',
      at: new Date(clock.now - 10 * minute).toISOString(),
    });
    expect(await api.call('drills.resume', { id })).toMatchObject({
      ok: false,
      error: { message: 'crisis.errors.drillNotPaused' },
    });

    advance(10_000);
    detail = await api.get<DrillDetail>('drills.recordStep', { id, stepId: 'announce', action: 'done' });
    expect(detail.state.steps[1]).toMatchObject({ sla: 'on_time', elapsedSeconds: 100 });
    advance(minute);
    detail = await api.get<DrillDetail>('drills.finish', { id });
    expect(detail.status).toBe('finished');
    const card = detail.scoreCard!;
    expect(card.counts).toEqual({ on_time: 2, late: 0, missed: 2, skipped: 0 });
    expect(card.messages[0]).toMatchObject({ templateId: 'ann', present: ['apology', 'facts'], score: 1 });
    // recall 10 + announce 10 + trace 0 of 30, announcement 10 of 10.
    expect(card.total).toBe(75);
    expect(detail.score).toBe(75);
    expect(card.review.toImprove.map((line) => line.text)).toEqual(['「查源头」未完成']);
    expect(await api.call('drills.recordStep', { id, stepId: 'trace', action: 'done' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'crisis.errors.drillFinished' },
    });
  });

  it('keeps drill history per participant and flags who is overdue for the monthly drill', async () => {
    const second = await api.get<DrillDetail>('drills.start', {
      playbookId,
      scenarioId: 's1',
      participant: '小周',
    });
    advance(minute);
    await api.get('drills.finish', { id: second.id });
    advance(20 * day);
    const third = await api.get<DrillDetail>('drills.start', {
      playbookId,
      scenarioId: 's1',
      participant: '小林',
    });
    await api.get('drills.recordStep', { id: third.id, stepId: 'recall', action: 'started' });
    expect(
      await api.call('drills.recordStep', { id: third.id, stepId: 'recall', action: 'started' }),
    ).toMatchObject({
      ok: false,
      error: { message: 'crisis.errors.stepStarted' },
    });
    advance(15 * day);

    const history = await api.get<Page<{ participant: string; status: string; score: number | null }>>(
      'drills.list',
      { participant: '小林' },
    );
    expect(history.rows.map((row) => [row.status, row.score])).toEqual([
      ['running', null],
      ['finished', 75],
    ]);
    const overview = await api.get<DrillOverview>('drills.overview', {});
    expect(
      overview.participants.map((p) => [p.participant, p.overdue, p.drills, p.lastScore, p.daysSinceLast]),
    ).toEqual([
      ['小周', true, 1, 0, 35],
      ['小林', false, 2, 75, 15],
    ]);
    expect(
      await api.call('drills.start', { playbookId, scenarioId: 'missing', participant: '小林' }),
    ).toMatchObject({
      ok: false,
      error: { message: 'crisis.errors.unknownScenario' },
    });
  });
});
