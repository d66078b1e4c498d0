/**
 * Forgetting reaches what the other features keep about the member: entry applications with their review notes
 * (an append-only record), invite codes, check-ins, risk hits, crisis timelines and reviews, saved searches, and
 * other people's notes and ledger reasons that mention them. Afterwards no text column of any table holds their
 * name, wxid or phone; a namesake (same name, other phone) keeps theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForgetResult } from '../../../shared/ipc/channels/members';
import { dayMs, memberTestBackend, value, whereFound, type MemberTestBackend } from './fixtures';

/** 李四's personal data as the seed writes it. */
const personal = ['李四', 'wxid_lisi', '13912345678', '书虫小李'];

describe('members.forget and the records other features keep', () => {
  let t: MemberTestBackend;
  let lisi: number;
  let applicationId: number;
  let namesakeId: number;
  let incidentId: number;
  const count = (sql: string) => t.backend.context.db.prepare(sql).pluck().get() as number;

  beforeAll(async () => {
    t = memberTestBackend();
    const db = t.backend.context.db;
    lisi = t.seeded.members.lisi;
    const { activity } = t.seeded.groups;
    const now = Date.now();
    // An invite code named after them, and the application they filed with it (reviewed with notes about them).
    const code = value<{ id: number }>(
      await t.call('qrcodes.add', { groupId: activity, label: '李四专属邀请码', note: '发给书虫小李' }),
    );
    applicationId = value<{ id: number }>(
      await t.call('admission.apply', {
        groupId: activity,
        applicantName: '李四',
        phone: '139 1234 5678',
        joinChannel: 'referral',
        inviterName: '书虫小李',
        qrCodeId: code.id,
        note: '李四是老客户',
      }),
    ).id;
    const { stages } = value<{ stages: { key: string }[] }>(
      await t.call('admission.config', { groupId: activity }),
    );
    value(
      await t.call('admission.advance', {
        id: applicationId,
        toStage: stages[1]!.key,
        decidedBy: '群主',
        note: '电话 13912345678 核实过，李四本人',
      }),
    );
    // Someone else with the same name: their application is theirs, and stays.
    namesakeId = value<{ id: number }>(
      await t.call('admission.apply', {
        groupId: activity,
        applicantName: '李四',
        phone: '13600000000',
        joinChannel: 'offline',
      }),
    ).id;
    // Another member's note and ledger reason mention them; a saved search looks for their phone.
    value(await t.call('members.addNote', { memberIds: [t.seeded.members.wangwu], body: '是李四介绍来的' }));
    value(
      await t.call('points.add', {
        memberId: t.seeded.members.wangwu,
        amount: 5,
        source: 'manual',
        reason: '推荐人 wxid_lisi',
      }),
    );
    db.prepare(
      `INSERT INTO member_views (name, filter, sort, sort_order, columns, created_at, updated_at)
       VALUES ('找李四', '{"query":"13912345678"}', 'name', 'asc', '[]', ?, ?)`,
    ).run(now, now);
    // A risk hit on one of their messages, with the reviewer's reason.
    const message = db
      .prepare('SELECT id, group_id, sent_at FROM messages WHERE member_id = ? LIMIT 1')
      .get(lisi) as {
      id: number;
      group_id: number;
      sent_at: number;
    };
    db.prepare(
      `INSERT INTO risk_hits (message_id, group_id, member_id, sent_at, span_start, span_end, text, word, list, category,
         severity, action, rule, version, found_at, status, decided_by, decided_at, reason)
       VALUES (?, ?, ?, ?, 0, 2, '加我微信 wxid_lisi', '加我', 'ads', 'ads', 'low', 'remind', 'literal', 1, ?,
         'confirmed', '群主', ?, '李四又发广告')`,
    ).run(message.id, message.group_id, lisi, message.sent_at, now, now);
    // A crisis incident: the member linked as evidence, a timeline note and the review naming them.
    const playbooks = value<{ id: number }[]>(await t.call('playbooks.list', {}));
    incidentId = value<{ id: number }>(
      await t.call('incidents.open', {
        playbookId: playbooks[0]!.id,
        title: '李四引发争吵',
        groupId: activity,
      }),
    ).id;
    value(
      await t.call('incidents.addEvent', {
        id: incidentId,
        event: {
          kind: 'evidence_linked',
          evidence: { kind: 'member', id: lisi },
          note: '当事人书虫小李',
          actor: '群主',
        },
      }),
    );
    value(
      await t.call('incidents.addEvent', {
        id: incidentId,
        event: { kind: 'note', text: '已私聊 13912345678 沟通', actor: '群主' },
      }),
    );
    value(
      await t.call('incidents.close', {
        id: incidentId,
        review: { whatHappened: '李四在群里与人争吵', followUps: [{ text: '关注李四', owner: '群主' }] },
      }),
    );
    // A check-in recorded by name only, before the member was matched.
    const activityId = Number(
      db
        .prepare(
          `INSERT INTO activities (group_id, kind, title, goal, starts_at, ends_at, notes, created_at, updated_at)
           VALUES (?, 'salon', '读书沙龙', 'engagement', ?, ?, '奖品给李四', ?, ?)`,
        )
        .run(activity, now - dayMs, now, now, now).lastInsertRowid,
    );
    db.prepare(
      `INSERT INTO activity_checkins (activity_id, participant, member_id, checked_at, source, created_at)
       VALUES (?, 'wxid_lisi', NULL, ?, 'paste', ?)`,
    ).run(activityId, now, now);
  });
  afterAll(async () => t.dispose());

  it('finds their data in every one of those places before', () => {
    const found = whereFound(t.backend.context.db, personal);
    for (const place of [
      'admission_decisions.note',
      'admission_applications.applicant_name',
      'group_qr_codes.label',
      'group_qr_codes.note',
      'member_notes.body',
      'points_ledger.reason',
      'member_views.filter',
      'risk_hits.text',
      'risk_hits.reason',
      'crisis_incidents.title',
      'crisis_incidents.review',
      'crisis_events.payload',
      'activities.notes',
      'activity_checkins.participant',
    ])
      expect(
        found.some((entry) => entry.startsWith(`${place}:`)),
        place,
      ).toBe(true);
  });

  it('leaves none of it, keeps the records and their counts, and spares the namesake', async () => {
    const kept = () => ({
      applications: count('SELECT count(*) FROM admission_applications'),
      decisions: count('SELECT count(*) FROM admission_decisions'),
      hits: count('SELECT count(*) FROM risk_hits'),
      events: count('SELECT count(*) FROM crisis_events'),
      checkIns: count('SELECT count(*) FROM activity_checkins'),
      ledger: count('SELECT count(*) FROM points_ledger'),
    });
    const before = kept();
    const result = value<ForgetResult>(await t.call('members.forget', { id: lisi, confirmName: '李四' }));
    expect(result.erased.applications).toBe(1);
    const db = t.backend.context.db;
    // Only the namesake's own application still has the name.
    expect(whereFound(t.backend.context.db, personal)).toEqual([
      'admission_applications.applicant_name: 李四',
    ]);
    expect(
      db
        .prepare("SELECT id FROM admission_applications WHERE instr(applicant_name, '李四') > 0")
        .pluck()
        .all(),
    ).toEqual([namesakeId]);
    expect(kept()).toEqual(before);

    const placeholder = `已删除成员#${lisi}`;
    const application = db
      .prepare('SELECT applicant_name, phone, stage, status FROM admission_applications WHERE id = ?')
      .get(applicationId);
    expect(application).toMatchObject({ applicant_name: placeholder, phone: null, status: 'pending' });
    // Submitted, then advanced: both decisions stay, without their notes.
    expect(
      db.prepare('SELECT note FROM admission_decisions WHERE application_id = ?').pluck().all(applicationId),
    ).toEqual(['', '']);
    // The append-only guard is back.
    expect(() => db.prepare("UPDATE admission_decisions SET note = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE points_ledger SET reason = 'x'").run()).toThrow(/append-only/);
    expect(
      db.prepare('SELECT applicant_name, phone FROM admission_applications WHERE id = ?').get(namesakeId),
    ).toEqual({ applicant_name: '李四', phone: '13600000000' });
    expect(db.prepare('SELECT label FROM group_qr_codes').pluck().all()).toEqual([
      `${placeholder}专属邀请码`,
    ]);
    expect(
      db.prepare('SELECT body FROM member_notes WHERE member_id = ?').pluck().get(t.seeded.members.wangwu),
    ).toBe(`是${placeholder}介绍来的`);
    // JSON stays JSON, with its keys: only string values changed.
    expect(JSON.parse(db.prepare('SELECT filter FROM member_views').pluck().get() as string)).toEqual({
      query: placeholder,
    });
    const events = db
      .prepare('SELECT kind, payload FROM crisis_events WHERE incident_id = ? ORDER BY id')
      .all(incidentId) as { kind: string; payload: string }[];
    const evidence = JSON.parse(events.find((event) => event.kind === 'evidence_linked')!.payload) as {
      evidence: { kind: string; id: number; label: string };
      text: string;
    };
    expect(evidence).toMatchObject({ evidence: { kind: 'member', id: lisi, label: placeholder } });
    expect(evidence.text).toBe(`当事人${placeholder}`);
    expect(db.prepare('SELECT text, reason, word, status FROM risk_hits').get()).toEqual({
      text: '',
      reason: '',
      word: '加我',
      status: 'confirmed',
    });
  });
});
