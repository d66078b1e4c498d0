import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/connection';
import { insertMember } from '../../../electron/main/db/repositories/members';
import type { Dispatch } from '../../../electron/main/ipc/dispatcher';
import { privacyDetectorCheck } from '../../../electron/main/services/crisisRuns';
import { messageFingerprint } from '../../../electron/main/services/fingerprint';
import type {
  DrillDetail,
  IncidentDetail,
  IncidentSuggestion,
  PlaybookSummary,
} from '../../../shared/domain/crisis/views';
import type { Result } from '../../../shared/ipc/errors';
import { makeTestBackend, trustAppOrigin, trustedSender } from '../../support/tempWorkspace';

const minute = 60_000;
const clock = { now: Date.UTC(2024, 5, 3, 2, 0, 0) };

let backend: ReturnType<typeof makeTestBackend>;
let dispatch: Dispatch;
const call = (channel: string, input: unknown = {}) => dispatch(channel, input, trustedSender);
async function get<T>(channel: string, input: unknown = {}): Promise<T> {
  const result: Result<unknown> = await call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

let sequence = 0;
/** A message and a review-queue hit on it, as the risk scan would store them. */
function addHit(
  db: Db,
  hit: { groupId: number; memberId?: number | null; at: number; category: string; text?: string },
): { hitId: number; messageId: number } {
  const content = `第 ${(sequence += 1)} 条：${hit.text ?? '我要投诉'}，太过分了`;
  const senderName = `成员${sequence % 7}`;
  const messageId = Number(
    db
      .prepare(
        `INSERT INTO messages (group_id, member_id, sender_name, sent_at, kind, content, fingerprint)
         VALUES (?, ?, ?, ?, 'text', ?, ?)`,
      )
      .run(
        hit.groupId,
        hit.memberId ?? null,
        senderName,
        hit.at,
        content,
        messageFingerprint(hit.groupId, senderName, hit.at, content),
      ).lastInsertRowid,
  );
  const text = hit.text ?? '我要投诉';
  const start = content.indexOf(text);
  const hitId = Number(
    db
      .prepare(
        `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list,
           category, severity, action, rule, version, found_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '投诉预警', ?, 'medium', 'remind', 'literal', 1, ?)`,
      )
      .run(
        messageId,
        hit.groupId,
        hit.memberId ?? null,
        hit.at,
        start,
        start + text.length,
        text,
        text,
        hit.category,
        clock.now,
      ).lastInsertRowid,
  );
  return { hitId, messageId };
}

describe('crisis from the review queue: incidents from hits, trigger suggestions, the privacy rubric', () => {
  let groupA: number;
  let groupB: number;
  let memberId: number;
  let playbooks: PlaybookSummary[];
  const playbook = (key: string) => playbooks.find((candidate) => candidate.key === key)!;

  beforeAll(async () => {
    backend = makeTestBackend({ now: () => clock.now });
    dispatch = backend.createDispatch(trustAppOrigin);
    groupA = (await get<{ id: number }>('groups.create', { name: '团购一群', type: 'activity' })).id;
    groupB = (await get<{ id: number }>('groups.create', { name: '团购二群', type: 'activity' })).id;
    memberId = insertMember(
      backend.workspace.db,
      { displayName: '爱抱怨的王姐', wxid: 'wxid_wang', joinChannel: 'referral' },
      clock.now,
    );
    playbooks = await get<PlaybookSummary[]>('playbooks.list');
  });
  afterAll(async () => backend.dispose());

  it('playbook summaries carry severity levels, trigger categories and scenarios, so screens need no second fetch', async () => {
    const opinion = playbook('opinion-crisis');
    const detail = await get<{ definition: { severityLevels: unknown; scenarios: { id: string }[] } }>(
      'playbooks.get',
      { id: opinion.id },
    );
    expect(opinion.severityLevels).toEqual(detail.definition.severityLevels);
    expect(opinion.defaultSeverity).toBe('medium');
    expect(opinion.triggerCategories.sort()).toEqual(['complaint', 'crisis']);
    expect(opinion.scenarios.map((scenario) => scenario.id)).toEqual(
      detail.definition.scenarios.map((scenario) => scenario.id),
    );
    expect(opinion.scenarios[0]!.injectCount).toBeGreaterThan(0);
    expect(opinion.scenarios[0]!.lengthSeconds).toBeGreaterThan(0);
    expect(playbook('info-leak').triggerCategories).toEqual(['privacy']);
  });

  it('opens an incident from a hit in one transaction, with the message and its sender as evidence', async () => {
    const db = backend.workspace.db;
    const { hitId, messageId } = addHit(db, {
      groupId: groupA,
      memberId,
      at: clock.now - 30 * minute,
      category: 'complaint',
    });
    const auditBefore = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

    // A bad severity refuses the whole thing: no incident, no events, no audit.
    expect(
      await call('incidents.openFromHit', {
        hitId,
        playbookId: playbook('opinion-crisis').id,
        severity: 'nope',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'crisis.errors.unknownSeverity' } });
    expect(
      await call('incidents.openFromHit', { hitId: 9999, playbookId: playbook('opinion-crisis').id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'crisis.errors.hitNotFound' },
    });
    expect(db.prepare('SELECT count(*) FROM crisis_incidents').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(auditBefore);

    const incident = await get<IncidentDetail>('incidents.openFromHit', {
      hitId,
      playbookId: playbook('opinion-crisis').id,
      severity: 'high',
    });
    expect(incident).toMatchObject({
      groupId: groupA,
      groupName: '团购一群',
      status: 'open',
      source: { kind: 'review_hit', ref: `hit:${hitId}` },
      title: `${playbook('opinion-crisis').name} · 团购一群`,
    });
    expect(incident.state.severity).toBe('high');
    const evidence = incident.events.filter((event) => event.kind === 'evidence_linked');
    expect(evidence.map((event) => event.evidence)).toEqual([
      { kind: 'message', id: messageId, label: expect.stringContaining('我要投诉') },
      { kind: 'member', id: memberId, label: '爱抱怨的王姐' },
    ]);
    expect(evidence[0]!.text).toBe('审核队列命中「我要投诉」（投诉）');
    const audited = db
      .prepare("SELECT action FROM audit_log WHERE entity = 'incident' AND entity_id = ? ORDER BY id")
      .pluck()
      .all(String(incident.id));
    expect(audited).toEqual(['open', 'event', 'event']);

    // A hit whose message has no member: the message alone.
    const lone = addHit(db, {
      groupId: groupB,
      at: clock.now - 20 * minute,
      category: 'ads',
      text: '加我微信',
    });
    const second = await get<IncidentDetail>('incidents.openFromHit', {
      hitId: lone.hitId,
      playbookId: playbook('ad-spam').id,
    });
    expect(second.state.severity).toBe(playbook('ad-spam').defaultSeverity);
    expect(second.events.filter((event) => event.kind === 'evidence_linked')).toHaveLength(1);
    for (const id of [incident.id, second.id])
      await get('incidents.close', { id, review: { whatHappened: '测试结束' } });
  });

  it('suggests an incident when a trigger fires (5 complaints in 10 minutes), per group, until answered', async () => {
    const db = backend.workspace.db;
    db.prepare('DELETE FROM risk_hits').run();
    const burstStart = clock.now - 2 * 3600_000;
    // Group A: five complaints within ten minutes. Group B: four only.
    for (let i = 0; i < 5; i += 1)
      addHit(db, { groupId: groupA, at: burstStart + i * 2 * minute, category: 'complaint' });
    for (let i = 0; i < 4; i += 1)
      addHit(db, { groupId: groupB, at: burstStart + i * minute, category: 'complaint' });
    let suggestions = await get<IncidentSuggestion[]>('incidents.suggestions', {});
    expect(suggestions).toHaveLength(1);
    const [first] = suggestions;
    expect(first).toMatchObject({
      playbookId: playbook('opinion-crisis').id,
      triggerId: 'complaint-burst',
      triggerLabel: '投诉集中出现',
      groupId: groupA,
      groupName: '团购一群',
      count: 5,
      threshold: 5,
      windowMinutes: 10,
      severity: 'medium',
      windowStart: new Date(burstStart).toISOString(),
      firedAt: new Date(burstStart + 8 * minute).toISOString(),
    });

    // Dismissed: gone. A new burst an hour later in the same group: suggested again, under a new key.
    await get('incidents.dismissSuggestion', { key: first!.key });
    expect(await get<IncidentSuggestion[]>('incidents.suggestions', {})).toEqual([]);
    const later = burstStart + 3600_000;
    for (let i = 0; i < 5; i += 1)
      addHit(db, { groupId: groupA, at: later + i * minute, category: 'complaint' });
    suggestions = await get<IncidentSuggestion[]>('incidents.suggestions', {});
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]!.key).not.toBe(first!.key);
    expect(await call('incidents.openFromSuggestion', { key: first!.key })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'crisis.errors.suggestionGone' },
    });

    // Accepted: an incident at the trigger's severity with the burst's messages as evidence; then no suggestion.
    const incident = await get<IncidentDetail>('incidents.openFromSuggestion', { key: suggestions[0]!.key });
    expect(incident).toMatchObject({
      groupId: groupA,
      source: { kind: 'trigger', ref: suggestions[0]!.key },
      playbookId: playbook('opinion-crisis').id,
    });
    expect(incident.state.severity).toBe('medium');
    expect(incident.events[0]!.text).toBe('触发信号「投诉集中出现」：10 分钟内 5 次命中');
    expect(incident.events.filter((event) => event.kind === 'evidence_linked')).toHaveLength(5);
    expect(await get<IncidentSuggestion[]>('incidents.suggestions', {})).toEqual([]);
    // Closed, it still answers that burst.
    await get('incidents.close', { id: incident.id, review: { whatHappened: '已平息' } });
    expect(await get<IncidentSuggestion[]>('incidents.suggestions', {})).toEqual([]);

    // Dismissed hits do not count; nothing opens without the moderator.
    expect(
      db.prepare("SELECT count(*) FROM crisis_incidents WHERE source_kind = 'trigger'").pluck().get(),
    ).toBe(1);
    expect(await call('incidents.dismissSuggestion', { key: 'not-a-key' })).toMatchObject({
      ok: false,
      error: { message: 'crisis.errors.badSuggestionKey' },
    });
  });

  it('renders an incident template with missing values marked when asked to', async () => {
    // No group: 群名 has no value, so the plain render names it and the preview marks it.
    const incident = await get<IncidentDetail>('incidents.open', { playbookId: playbook('info-leak').id });
    expect(await call('incidents.renderTemplate', { id: incident.id, templateId: 'ann-leak' })).toMatchObject(
      {
        ok: false,
        error: { code: 'VALIDATION', message: 'crisis.errors.templateProblems' },
      },
    );
    const preview = await get<{ text: string }>('incidents.renderTemplate', {
      id: incident.id,
      templateId: 'ann-leak',
      fillMissing: true,
    });
    expect(preview.text).toContain('—— 【群名】 管理员');
    expect(preview.text).not.toContain('{{');
    const filled = await get<{ text: string }>('incidents.renderTemplate', {
      id: incident.id,
      templateId: 'ann-leak',
      values: { 群名: '团购一群' },
      fillMissing: true,
    });
    expect(filled.text).toContain('—— 团购一群 管理员');
    await get('incidents.close', { id: incident.id, review: { whatHappened: '演示' } });
  });

  it('the drill rubric finds personal data with the risk engine detectors too (bank card, full-width phone)', async () => {
    expect(
      privacyDetectorCheck('卡号 6222 0200 0000 0000 000，电话 １３８００１３８０００').map(
        (leak) => leak.kind,
      ),
    ).toEqual(['bankCard', 'phone']);
    const info = playbook('info-leak');
    const drill = await get<DrillDetail>('drills.start', {
      playbookId: info.id,
      scenarioId: info.scenarios[0]!.id,
      participant: '小林',
    });
    const apology = '非常抱歉，泄露的消息已撤回，后续我们会加强管理';
    await get('drills.sendMessage', {
      id: drill.id,
      templateId: 'ann-leak',
      channel: 'announcement',
      text: apology,
    });
    await get('drills.sendMessage', {
      id: drill.id,
      templateId: 'ann-leak',
      channel: 'announcement',
      text: `${apology}。退款请联系 １３８００１３８０００ 或转账到 6222 0200 0000 0000 000`,
    });
    clock.now += 5 * minute;
    const finished = await get<DrillDetail>('drills.finish', { id: drill.id });
    const [clean, leaking] = finished.scoreCard!.messages;
    expect(clean!.leaks).toEqual([]);
    expect(clean!.score).toBeGreaterThan(0);
    expect(leaking!.leaks.map((leak) => [leak.kind, leak.text])).toEqual([
      ['phone', '１３８００１３８０００'],
      ['bankCard', '6222 0200 0000 0000 000'],
    ]);
    expect(leaking!.score).toBe(0);
  });
});
