/** Admission storage: entry QR codes, each group's questionnaire and pipeline, applications and their decisions. */
import {
  dayMs,
  defaultPipeline,
  defaultQrReminderDays,
  emptyQuestionnaire,
  passRate,
  qrStatus,
  type AdmissionStats,
  type Answers,
  type ApplicationDecision,
  type ApplicationStatus,
  type ApplicationView,
  type ChannelAdmissionStats,
  type DecisionKind,
  type PipelineStage,
  type QrCode,
  type Questionnaire,
} from '../../../../shared/domain/admission';
import { maskIdentifier, maskPhone } from '../../../../shared/domain/members';
import { joinChannels, type JoinChannel, type Page } from '../../../../shared/domain/types';
import type { Db } from '../connection';
import { isoOrNull } from './memberNames';

// ---- QR codes ------------------------------------------------------------------------------------------------

interface QrDbRow {
  id: number;
  group_id: number;
  group_name: string;
  label: string;
  join_channel: JoinChannel | null;
  generated_at: number;
  expires_at: number;
  retired_at: number | null;
  note: string;
}

const selectQr = `SELECT q.*, g.name AS group_name FROM group_qr_codes q JOIN groups g ON g.id = q.group_id`;

function toQrCode(row: QrDbRow, now: number, reminderDays: number): QrCode {
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    label: row.label,
    joinChannel: row.join_channel,
    generatedAt: new Date(row.generated_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    retiredAt: isoOrNull(row.retired_at),
    note: row.note,
    status: qrStatus({ expiresAt: row.expires_at, retiredAt: row.retired_at }, now, reminderDays),
    daysLeft: Math.ceil((row.expires_at - now) / dayMs),
  };
}

/** A group's codes, live ones first, newest first. */
export function listQrCodes(
  db: Db,
  groupId: number,
  now: number,
  reminderDays: number = defaultQrReminderDays,
): QrCode[] {
  const rows = db
    .prepare(
      `${selectQr} WHERE q.group_id = ? ORDER BY q.retired_at IS NOT NULL, q.generated_at DESC, q.id DESC`,
    )
    .all(groupId) as QrDbRow[];
  return rows.map((row) => toQrCode(row, now, reminderDays));
}

/** Live codes that expire before `now + withinDays` (already expired ones too, until retired), soonest first. */
export function listExpiringQrCodes(
  db: Db,
  now: number,
  withinDays: number,
  groupId: number | undefined,
): QrCode[] {
  const rows = db
    .prepare(
      `${selectQr} WHERE q.retired_at IS NULL AND q.expires_at <= @until
         AND (@groupId IS NULL OR q.group_id = @groupId)
       ORDER BY q.expires_at, q.id`,
    )
    .all({ until: now + withinDays * dayMs, groupId: groupId ?? null }) as QrDbRow[];
  return rows.map((row) => toQrCode(row, now, withinDays));
}

export function findQrCode(
  db: Db,
  id: number,
): { id: number; group_id: number; retired_at: number | null } | null {
  return (
    (db.prepare('SELECT id, group_id, retired_at FROM group_qr_codes WHERE id = ?').get(id) as
      { id: number; group_id: number; retired_at: number | null } | undefined) ?? null
  );
}

export function insertQrCode(
  db: Db,
  fields: {
    groupId: number;
    label: string;
    joinChannel: JoinChannel | null;
    generatedAt: number;
    expiresAt: number;
    note: string;
    operator: string;
  },
  now: number,
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO group_qr_codes (group_id, label, join_channel, generated_at, expires_at, note, recorded_at, operator)
         VALUES (@groupId, @label, @joinChannel, @generatedAt, @expiresAt, @note, @now, @operator)`,
      )
      .run({ ...fields, now }).lastInsertRowid,
  );
}

export function retireQrCode(db: Db, id: number, now: number): void {
  db.prepare('UPDATE group_qr_codes SET retired_at = ? WHERE id = ? AND retired_at IS NULL').run(now, id);
}

export interface StoredQrImage {
  qr_code_id: number;
  mime: 'image/png' | 'image/jpeg';
  bytes: Buffer;
  byte_size: number;
  sha256: string;
  file_name: string;
  attached_at: number;
  operator: string;
}

export function findQrImage(db: Db, qrCodeId: number): StoredQrImage | null {
  return (
    (db.prepare('SELECT * FROM group_qr_code_images WHERE qr_code_id = ?').get(qrCodeId) as
      StoredQrImage | undefined) ?? null
  );
}

/** One image per code: attaching another replaces it. */
export function saveQrImage(db: Db, image: Omit<StoredQrImage, 'byte_size'>): void {
  db.prepare(
    `INSERT INTO group_qr_code_images (qr_code_id, mime, bytes, byte_size, sha256, file_name, attached_at, operator)
     VALUES (@qr_code_id, @mime, @bytes, length(@bytes), @sha256, @file_name, @attached_at, @operator)
     ON CONFLICT (qr_code_id) DO UPDATE SET mime = excluded.mime, bytes = excluded.bytes,
       byte_size = excluded.byte_size, sha256 = excluded.sha256, file_name = excluded.file_name,
       attached_at = excluded.attached_at, operator = excluded.operator`,
  ).run(image);
}

export function deleteQrImage(db: Db, qrCodeId: number): boolean {
  return db.prepare('DELETE FROM group_qr_code_images WHERE qr_code_id = ?').run(qrCodeId).changes > 0;
}

// ---- Questionnaire and pipeline -------------------------------------------------------------------------------

export interface StoredAdmissionConfig {
  questionnaire: Questionnaire;
  questionnaireVersion: number;
  stages: PipelineStage[];
}

/** A group without a row uses no questions and the default pipeline. */
export function findAdmissionConfig(db: Db, groupId: number): StoredAdmissionConfig {
  const row = db
    .prepare('SELECT questionnaire, questionnaire_version, stages FROM admission_configs WHERE group_id = ?')
    .get(groupId) as { questionnaire: string; questionnaire_version: number; stages: string } | undefined;
  if (!row) return { questionnaire: emptyQuestionnaire, questionnaireVersion: 0, stages: defaultPipeline };
  return {
    questionnaire: JSON.parse(row.questionnaire) as Questionnaire,
    questionnaireVersion: row.questionnaire_version,
    stages: JSON.parse(row.stages) as PipelineStage[],
  };
}

export function saveAdmissionConfig(
  db: Db,
  groupId: number,
  config: StoredAdmissionConfig,
  now: number,
): void {
  db.prepare(
    `INSERT INTO admission_configs (group_id, questionnaire, questionnaire_version, stages, updated_at)
     VALUES (@groupId, @questionnaire, @version, @stages, @now)
     ON CONFLICT (group_id) DO UPDATE SET questionnaire = excluded.questionnaire,
       questionnaire_version = excluded.questionnaire_version, stages = excluded.stages, updated_at = excluded.updated_at`,
  ).run({
    groupId,
    questionnaire: JSON.stringify(config.questionnaire),
    version: config.questionnaireVersion,
    stages: JSON.stringify(config.stages),
    now,
  });
}

/** How many pending applications sit in each stage of a group. */
export function pendingByStage(db: Db, groupId: number): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT stage, count(*) AS n FROM admission_applications WHERE group_id = ? AND status = 'pending' GROUP BY stage`,
    )
    .all(groupId) as { stage: string; n: number }[];
  return new Map(rows.map((row) => [row.stage, row.n]));
}

// ---- Applications ---------------------------------------------------------------------------------------------

export interface NewApplication {
  groupId: number;
  applicantName: string;
  wxid: string | null;
  phone: string | null;
  joinChannel: JoinChannel;
  inviterName: string | null;
  qrCodeId: number | null;
  answers: Answers;
  questionnaireVersion: number | null;
  score: number | null;
  maxScore: number | null;
  passScore: number | null;
  questionnairePassed: boolean | null;
  knockouts: string[];
  blacklistHits: string[];
  stage: string;
  memberId: number | null;
  note: string;
  appliedAt: number;
}

export interface ApplicationDbRow {
  id: number;
  group_id: number;
  group_name: string;
  applicant_name: string;
  wxid: string | null;
  phone: string | null;
  join_channel: JoinChannel;
  inviter_name: string | null;
  qr_code_id: number | null;
  answers: string;
  questionnaire_version: number | null;
  score: number | null;
  max_score: number | null;
  pass_score: number | null;
  questionnaire_passed: 0 | 1 | null;
  knockouts: string;
  blacklist_hits: string;
  stage: string;
  status: ApplicationStatus;
  member_id: number | null;
  note: string;
  applied_at: number;
  closed_at: number | null;
}

const selectApplications = `
  SELECT a.*, g.name AS group_name FROM admission_applications a JOIN groups g ON g.id = a.group_id`;

export function toApplicationView(row: ApplicationDbRow): ApplicationView {
  const hits = JSON.parse(row.blacklist_hits) as string[];
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    applicantName: row.applicant_name,
    wxid: row.wxid === null ? null : maskIdentifier(row.wxid),
    phone: row.phone === null ? null : maskPhone(row.phone),
    joinChannel: row.join_channel,
    inviterName: row.inviter_name,
    qrCodeId: row.qr_code_id,
    stage: row.stage,
    status: row.status,
    score: row.score,
    maxScore: row.max_score,
    passScore: row.pass_score,
    questionnairePassed: row.questionnaire_passed === null ? null : row.questionnaire_passed === 1,
    knockouts: JSON.parse(row.knockouts) as string[],
    blacklisted: hits.length > 0,
    blacklistReasons: hits,
    memberId: row.member_id,
    note: row.note,
    appliedAt: new Date(row.applied_at).toISOString(),
    closedAt: isoOrNull(row.closed_at),
  };
}

export function findApplication(db: Db, id: number): ApplicationDbRow | null {
  return (db.prepare(`${selectApplications} WHERE a.id = ?`).get(id) as ApplicationDbRow | undefined) ?? null;
}

export function listApplications(
  db: Db,
  query: {
    groupId?: number | undefined;
    status?: ApplicationStatus | undefined;
    offset: number;
    limit: number;
  },
): Page<ApplicationView> {
  const where = `WHERE (@groupId IS NULL OR a.group_id = @groupId) AND (@status IS NULL OR a.status = @status)`;
  const params = { groupId: query.groupId ?? null, status: query.status ?? null };
  const total = (
    db.prepare(`SELECT count(*) AS n FROM admission_applications a ${where}`).get(params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `${selectApplications} ${where} ORDER BY a.applied_at DESC, a.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: query.limit, offset: query.offset }) as ApplicationDbRow[];
  return { total, rows: rows.map(toApplicationView) };
}

export function insertApplication(db: Db, fields: NewApplication, now: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO admission_applications (group_id, applicant_name, wxid, phone, join_channel, inviter_name,
           qr_code_id, answers, questionnaire_version, score, max_score, pass_score, questionnaire_passed, knockouts,
           blacklist_hits, stage, status, member_id, note, applied_at, recorded_at)
         VALUES (@groupId, @applicantName, @wxid, @phone, @joinChannel, @inviterName, @qrCodeId, @answers,
           @questionnaireVersion, @score, @maxScore, @passScore, @questionnairePassed, @knockouts, @blacklistHits,
           @stage, 'pending', @memberId, @note, @appliedAt, @now)`,
      )
      .run({
        ...fields,
        answers: JSON.stringify(fields.answers),
        knockouts: JSON.stringify(fields.knockouts),
        blacklistHits: JSON.stringify(fields.blacklistHits),
        questionnairePassed: fields.questionnairePassed === null ? null : fields.questionnairePassed ? 1 : 0,
        now,
      }).lastInsertRowid,
  );
}

export function moveApplication(
  db: Db,
  id: number,
  fields: { stage: string; status: ApplicationStatus; memberId: number | null; closedAt: number | null },
): void {
  db.prepare(
    `UPDATE admission_applications SET stage = @stage, status = @status, member_id = @memberId, closed_at = @closedAt
     WHERE id = @id`,
  ).run({ ...fields, id });
}

interface DecisionDbRow {
  id: number;
  kind: DecisionKind;
  from_stage: string | null;
  to_stage: string;
  decided_by: string;
  note: string;
  decided_at: number;
}

export function insertDecision(
  db: Db,
  fields: {
    applicationId: number;
    kind: DecisionKind;
    fromStage: string | null;
    toStage: string;
    decidedBy: string;
    note: string;
  },
  now: number,
): void {
  db.prepare(
    `INSERT INTO admission_decisions (application_id, kind, from_stage, to_stage, decided_by, note, decided_at)
     VALUES (@applicationId, @kind, @fromStage, @toStage, @decidedBy, @note, @now)`,
  ).run({ ...fields, now });
}

export function listDecisions(db: Db, applicationId: number): ApplicationDecision[] {
  return (
    db
      .prepare('SELECT * FROM admission_decisions WHERE application_id = ? ORDER BY id')
      .all(applicationId) as DecisionDbRow[]
  ).map((row) => ({
    id: row.id,
    kind: row.kind,
    fromStage: row.from_stage,
    toStage: row.to_stage,
    decidedBy: row.decided_by,
    note: row.note,
    decidedAt: new Date(row.decided_at).toISOString(),
  }));
}

/** A current membership of the group, if the member has one. */
export function isCurrentMember(db: Db, groupId: number, memberId: number): boolean {
  return (
    db
      .prepare('SELECT 1 FROM group_members WHERE group_id = ? AND member_id = ? AND left_at IS NULL')
      .get(groupId, memberId) !== undefined
  );
}

/** Rejoins a member who had left the group; true when there was such a membership. */
export function rejoinGroup(db: Db, groupId: number, memberId: number, joinedAt: number): boolean {
  return (
    db
      .prepare(
        `UPDATE group_members SET left_at = NULL, joined_at = ?, role = 'member'
         WHERE group_id = ? AND member_id = ? AND left_at IS NOT NULL`,
      )
      .run(joinedAt, groupId, memberId).changes > 0
  );
}

/** A member holding this phone, on the profile or as an identity. */
export function findMemberByPhone(db: Db, phone: string): number | null {
  const row = (db
    .prepare(`SELECT member_id AS id FROM member_identities WHERE platform = 'phone' AND value = ? LIMIT 1`)
    .get(phone) ??
    db.prepare('SELECT id FROM members WHERE phone = ? AND merged_into_id IS NULL LIMIT 1').get(phone)) as
    { id: number } | undefined;
  return row?.id ?? null;
}

/** A pending application to the group from the same wxid or phone, if any. */
export function pendingApplicationFor(
  db: Db,
  groupId: number,
  wxid: string | null,
  phone: string | null,
): number | null {
  if (wxid === null && phone === null) return null;
  const row = db
    .prepare(
      `SELECT id FROM admission_applications
       WHERE group_id = @groupId AND status = 'pending' AND (wxid = @wxid OR phone = @phone) LIMIT 1`,
    )
    .get({ groupId, wxid, phone }) as { id: number } | undefined;
  return row?.id ?? null;
}

/** Reasons of blacklist entries recorded against the member (whatever identity they were keyed by). */
export function blacklistReasonsOfMember(db: Db, memberId: number): string[] {
  return (
    db.prepare('SELECT reason FROM blacklist WHERE member_id = ?').all(memberId) as { reason: string }[]
  ).map((row) => row.reason);
}

// ---- Statistics -------------------------------------------------------------------------------------------------

interface StatsDbRow {
  join_channel: JoinChannel;
  applications: number;
  pending: number;
  admitted: number;
  rejected: number;
  questionnaire_passed: number;
  questionnaire_failed: number;
  blacklisted: number;
}

/** Outcomes per join channel, every channel listed (zeros included) in the fixed channel order. */
export function admissionStats(db: Db, groupId: number | undefined): AdmissionStats {
  const rows = db
    .prepare(
      `SELECT join_channel, count(*) AS applications,
         sum(status = 'pending') AS pending, sum(status = 'admitted') AS admitted, sum(status = 'rejected') AS rejected,
         sum(questionnaire_passed = 1) AS questionnaire_passed, sum(questionnaire_passed = 0) AS questionnaire_failed,
         sum(blacklist_hits <> '[]') AS blacklisted
       FROM admission_applications WHERE (@groupId IS NULL OR group_id = @groupId)
       GROUP BY join_channel`,
    )
    .all({ groupId: groupId ?? null }) as StatsDbRow[];
  const byChannel = new Map(rows.map((row) => [row.join_channel, row]));
  const channels: ChannelAdmissionStats[] = joinChannels.map((joinChannel) => {
    const row = byChannel.get(joinChannel);
    const counts = {
      applications: row?.applications ?? 0,
      pending: row?.pending ?? 0,
      admitted: row?.admitted ?? 0,
      rejected: row?.rejected ?? 0,
      questionnairePassed: row?.questionnaire_passed ?? 0,
      questionnaireFailed: row?.questionnaire_failed ?? 0,
      blacklisted: row?.blacklisted ?? 0,
    };
    return { joinChannel, ...counts, passRate: passRate(counts.admitted, counts.rejected) };
  });
  const sum = (key: keyof Omit<ChannelAdmissionStats, 'joinChannel' | 'passRate'>) =>
    channels.reduce((total, channel) => total + channel[key], 0);
  const total = {
    applications: sum('applications'),
    pending: sum('pending'),
    admitted: sum('admitted'),
    rejected: sum('rejected'),
    questionnairePassed: sum('questionnairePassed'),
    questionnaireFailed: sum('questionnaireFailed'),
    blacklisted: sum('blacklisted'),
  };
  return {
    groupId: groupId ?? null,
    channels,
    total: { ...total, passRate: passRate(total.admitted, total.rejected) },
  };
}
