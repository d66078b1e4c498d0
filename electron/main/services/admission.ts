/**
 * Admission (入群审核): entry QR codes and their expiry reminders, the entry questionnaire, the pipeline of stages
 * and the applications moving through it. Every change is one transaction with its audit row; a refused move
 * writes nothing.
 */
import {
  defaultQrExpiry,
  planMove,
  scoreAnswers,
  type AdmissionConfig,
  type AdmissionStats,
  type AnswerProblem,
  type ApplicationDetail,
  type ApplicationStatus,
  type ApplicationView,
  type MoveRefusal,
  type MoveRequest,
  type PipelineStage,
  type QrCode,
  type Questionnaire,
} from '../../../shared/domain/admission';
import type { Page } from '../../../shared/domain/types';
import type { ApplicationInput, QrCodeInput } from '../../../shared/ipc/channels/groups';
import { AppError } from '../../../shared/ipc/errors';
import {
  admissionStats,
  blacklistReasonsOfMember,
  findAdmissionConfig,
  findApplication,
  findMemberByPhone,
  findQrCode,
  insertApplication,
  insertDecision,
  insertQrCode,
  isCurrentMember,
  listApplications,
  listDecisions,
  listExpiringQrCodes,
  listQrCodes,
  moveApplication,
  pendingApplicationFor,
  pendingByStage,
  rejoinGroup,
  retireQrCode,
  saveAdmissionConfig,
  toApplicationView,
  type ApplicationDbRow,
} from '../db/repositories/admission';
import { countCurrentMembers } from '../db/repositories/groupDetails';
import { findGroup } from '../db/repositories/groups';
import { findIdentityOwner, identityKeysOf, type IdentityKey } from '../db/repositories/identities';
import { addGroupMember, findMember, insertMember, updateMemberProfile } from '../db/repositories/members';
import type { ServiceContext } from './context';
import { audit, inTransaction, requireGroup } from './membersCommon';
import { checkBlacklist, normalizeIdentity } from './membersIdentities';

// ---- QR codes ------------------------------------------------------------------------------------------------

function qrView(context: ServiceContext, id: number, reminderDays?: number): QrCode {
  const code = findQrCode(context.db, id);
  if (!code) throw new AppError('NOT_FOUND', 'qrcodes.errors.notFound', { id });
  return listQrCodes(context.db, code.group_id, context.now(), reminderDays).find((item) => item.id === id)!;
}

export function groupQrCodes(context: ServiceContext, groupId: number, reminderDays: number): QrCode[] {
  requireGroup(context, groupId);
  return listQrCodes(context.db, groupId, context.now(), reminderDays);
}

export function expiringQrCodes(context: ServiceContext, withinDays: number, groupId?: number): QrCode[] {
  if (groupId !== undefined) requireGroup(context, groupId);
  return listExpiringQrCodes(context.db, context.now(), withinDays, groupId);
}

/** Records a code as generated in WeChat; it expires seven days later unless another expiry is given. */
export function addQrCode(context: ServiceContext, input: QrCodeInput): QrCode {
  const id = inTransaction(context, () => {
    requireGroup(context, input.groupId);
    const now = context.now();
    const generatedAt = input.generatedAt ?? now;
    const expiresAt = input.expiresAt ?? defaultQrExpiry(generatedAt);
    if (expiresAt <= generatedAt) throw new AppError('VALIDATION', 'qrcodes.errors.expiryBeforeGenerated');
    if (input.replacesId !== undefined) {
      const replaced = findQrCode(context.db, input.replacesId);
      if (!replaced || replaced.group_id !== input.groupId)
        throw new AppError('NOT_FOUND', 'qrcodes.errors.notFound', { id: input.replacesId });
      retireQrCode(context.db, replaced.id, now);
    }
    const newId = insertQrCode(
      context.db,
      {
        groupId: input.groupId,
        label: input.label,
        joinChannel: input.joinChannel,
        generatedAt,
        expiresAt,
        note: input.note,
        operator: context.operator(),
      },
      now,
    );
    audit(context, 'add-qr', 'group', input.groupId, {
      qrCodeId: newId,
      label: input.label,
      expiresAt: new Date(expiresAt).toISOString(),
      replacesId: input.replacesId,
    });
    return newId;
  });
  return qrView(context, id);
}

export function retireQr(context: ServiceContext, id: number): QrCode {
  inTransaction(context, () => {
    const code = findQrCode(context.db, id);
    if (!code) throw new AppError('NOT_FOUND', 'qrcodes.errors.notFound', { id });
    if (code.retired_at !== null) throw new AppError('CONFLICT', 'qrcodes.errors.alreadyRetired', { id });
    retireQrCode(context.db, id, context.now());
    audit(context, 'retire-qr', 'group', code.group_id, { qrCodeId: id });
  });
  return qrView(context, id);
}

// ---- Questionnaire and pipeline ---------------------------------------------------------------------------------

export function admissionConfig(context: ServiceContext, groupId: number): AdmissionConfig {
  requireGroup(context, groupId);
  return { groupId, ...findAdmissionConfig(context.db, groupId) };
}

/** A new questionnaire version; applications already entered keep the score they got. */
export function saveQuestionnaire(
  context: ServiceContext,
  groupId: number,
  questionnaire: Questionnaire,
): AdmissionConfig {
  inTransaction(context, () => {
    requireGroup(context, groupId);
    const current = findAdmissionConfig(context.db, groupId);
    const version = current.questionnaireVersion + 1;
    saveAdmissionConfig(
      context.db,
      groupId,
      { ...current, questionnaire, questionnaireVersion: version },
      context.now(),
    );
    audit(context, 'save-questionnaire', 'group', groupId, {
      version,
      questions: questionnaire.questions.length,
      passScore: questionnaire.passScore,
    });
  });
  return admissionConfig(context, groupId);
}

/**
 * A new pipeline. Refused while a pending application sits in a stage the new pipeline drops, or would sit in its
 * last stage (reaching the last stage means admitted, so such an application could never move again).
 */
export function saveStages(
  context: ServiceContext,
  groupId: number,
  stages: PipelineStage[],
): AdmissionConfig {
  inTransaction(context, () => {
    requireGroup(context, groupId);
    const keys = stages.map((stage) => stage.key);
    const lastKey = keys.at(-1);
    for (const [stage, count] of pendingByStage(context.db, groupId)) {
      if (!keys.includes(stage))
        throw new AppError('CONFLICT', 'admission.errors.stageInUse', { stage, count });
      if (stage === lastKey)
        throw new AppError('CONFLICT', 'admission.errors.lastStageOccupied', { stage, count });
    }
    const current = findAdmissionConfig(context.db, groupId);
    saveAdmissionConfig(context.db, groupId, { ...current, stages }, context.now());
    audit(context, 'save-stages', 'group', groupId, { stages: keys });
  });
  return admissionConfig(context, groupId);
}

// ---- Applications -----------------------------------------------------------------------------------------------

export function applicationPage(
  context: ServiceContext,
  query: {
    groupId?: number | undefined;
    status?: ApplicationStatus | undefined;
    offset: number;
    limit: number;
  },
): Page<ApplicationView> {
  if (query.groupId !== undefined) requireGroup(context, query.groupId);
  return listApplications(context.db, query);
}

function requireApplication(context: ServiceContext, id: number): ApplicationDbRow {
  const row = findApplication(context.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'admission.errors.notFound', { id });
  return row;
}

export function getApplication(context: ServiceContext, id: number): ApplicationDetail {
  const row = requireApplication(context, id);
  return {
    ...toApplicationView(row),
    answers: JSON.parse(row.answers) as ApplicationDetail['answers'],
    questionnaireVersion: row.questionnaire_version,
    decisions: listDecisions(context.db, id),
  };
}

function answerError(problem: AnswerProblem): AppError {
  switch (problem.kind) {
    case 'missingRequired':
      return new AppError('VALIDATION', 'admission.errors.missingAnswer', { question: problem.prompt });
    case 'unknownQuestion':
      return new AppError('VALIDATION', 'admission.errors.unknownQuestion', { question: problem.questionId });
    case 'unknownOption':
      return new AppError('VALIDATION', 'admission.errors.unknownOption', {
        question: problem.questionId,
        option: problem.optionId,
      });
    case 'wrongShape':
      return new AppError('VALIDATION', 'admission.errors.wrongShape', { question: problem.questionId });
  }
}

/** The live member a wxid or phone belongs to (following merges), or null. */
function memberOf(context: ServiceContext, wxid: string | null, phone: string | null): number | null {
  const found =
    (wxid === null ? null : findIdentityOwner(context.db, { platform: 'wxid', value: wxid })) ??
    (phone === null ? null : findMemberByPhone(context.db, phone));
  if (found === null) return null;
  return findMember(context.db, found)?.merged_into_id ?? found;
}

/** Reasons of the blacklist entries matching the applicant's identities, or their member record's. */
function blacklistReasons(context: ServiceContext, keys: IdentityKey[], memberId: number | null): string[] {
  const all = memberId === null ? keys : [...keys, ...identityKeysOf(context.db, memberId)];
  const reasons = checkBlacklist(context, all).map((entry) => entry.reason);
  if (memberId !== null) reasons.push(...blacklistReasonsOfMember(context.db, memberId));
  return [...new Set(reasons)];
}

function identityKeys(wxid: string | null, phone: string | null): IdentityKey[] {
  return [
    ...(wxid === null ? [] : [{ platform: 'wxid' as const, value: wxid }]),
    ...(phone === null ? [] : [{ platform: 'phone' as const, value: phone }]),
  ];
}

/**
 * Enters an application from what the applicant sent: required answers checked, the answers scored against the
 * group's questionnaire, the blacklist checked (a hit is flagged, and blocks admission later), and linked to the
 * member record the wxid or phone belongs to. Someone already in the group, or with a pending application to it,
 * is refused.
 */
export function applyForAdmission(context: ServiceContext, input: ApplicationInput): ApplicationDetail {
  const id = inTransaction(context, () => {
    requireGroup(context, input.groupId);
    const phone =
      input.phone === null ? null : normalizeIdentity({ platform: 'phone', value: input.phone }).value;
    const wxid = input.wxid;
    if (input.qrCodeId !== null) {
      const code = findQrCode(context.db, input.qrCodeId);
      if (!code || code.group_id !== input.groupId)
        throw new AppError('NOT_FOUND', 'qrcodes.errors.notFound', { id: input.qrCodeId });
    }
    const config = findAdmissionConfig(context.db, input.groupId);
    const hasQuestions = config.questionnaire.questions.length > 0;
    const scored = scoreAnswers(config.questionnaire, input.answers);
    if (!scored.ok) throw answerError(scored.problems[0]!);
    const memberId = memberOf(context, wxid, phone);
    if (memberId !== null && isCurrentMember(context.db, input.groupId, memberId))
      throw new AppError('CONFLICT', 'admission.errors.alreadyMember', { name: input.applicantName });
    const pending = pendingApplicationFor(context.db, input.groupId, wxid, phone);
    if (pending !== null)
      throw new AppError('CONFLICT', 'admission.errors.duplicatePending', { id: pending });
    const hits = blacklistReasons(context, identityKeys(wxid, phone), memberId);
    const now = context.now();
    const firstStage = config.stages[0]!.key;
    const newId = insertApplication(
      context.db,
      {
        groupId: input.groupId,
        applicantName: input.applicantName,
        wxid,
        phone,
        joinChannel: input.joinChannel,
        inviterName: input.inviterName,
        qrCodeId: input.qrCodeId,
        answers: input.answers,
        questionnaireVersion: hasQuestions ? config.questionnaireVersion : null,
        score: hasQuestions ? scored.result.score : null,
        maxScore: hasQuestions ? scored.result.maxScore : null,
        passScore: hasQuestions ? scored.result.passScore : null,
        questionnairePassed: hasQuestions ? scored.result.passed : null,
        knockouts: scored.result.knockouts,
        blacklistHits: hits,
        stage: firstStage,
        memberId,
        note: input.note,
        appliedAt: input.appliedAt ?? now,
      },
      now,
    );
    insertDecision(
      context.db,
      {
        applicationId: newId,
        kind: 'submit',
        fromStage: null,
        toStage: firstStage,
        decidedBy: input.decidedBy ?? context.operator(),
        note: '',
      },
      now,
    );
    audit(context, 'apply', 'admission', newId, {
      groupId: input.groupId,
      joinChannel: input.joinChannel,
      score: hasQuestions ? scored.result.score : null,
      blacklisted: hits.length > 0,
    });
    return newId;
  });
  return getApplication(context, id);
}

function refusalError(refusal: MoveRefusal, stages: readonly PipelineStage[]): AppError {
  switch (refusal.reason) {
    case 'closed':
      return new AppError(
        'CONFLICT',
        refusal.status === 'admitted'
          ? 'admission.errors.alreadyAdmitted'
          : 'admission.errors.alreadyRejected',
      );
    case 'unknownStage':
      return new AppError('VALIDATION', 'admission.errors.unknownStage', { stage: refusal.stage });
    case 'notNext': {
      const step = (key: string) => stages.findIndex((stage) => stage.key === key) + 1;
      return new AppError('CONFLICT', 'admission.errors.notNextStage', {
        from: step(refusal.from),
        to: step(refusal.to),
        expected: step(refusal.expected),
      });
    }
  }
}

/**
 * Admits: blacklist checked again (it may have changed since the application), the group's cap respected, the
 * member found or created with the application's join channel, and put in the group.
 */
function admit(context: ServiceContext, row: ApplicationDbRow, now: number): number {
  const existing = row.member_id ?? memberOf(context, row.wxid, row.phone);
  const hits = blacklistReasons(context, identityKeys(row.wxid, row.phone), existing);
  if (hits.length > 0)
    throw new AppError('CONFLICT', 'admission.errors.blacklisted', { reason: hits.join('；') });
  const group = findGroup(context.db, row.group_id)!;
  if (existing !== null && isCurrentMember(context.db, row.group_id, existing)) return existing;
  if (countCurrentMembers(context.db, row.group_id) >= group.memberCap)
    throw new AppError('CONFLICT', 'admission.errors.groupFull', { cap: group.memberCap });
  let memberId = existing;
  if (memberId === null) {
    memberId = insertMember(
      context.db,
      {
        displayName: row.applicant_name,
        wxid: row.wxid,
        joinChannel: row.join_channel,
        phone: row.phone,
        inviterName: row.inviter_name,
      },
      now,
    );
  } else if (findMember(context.db, memberId)?.join_channel == null) {
    updateMemberProfile(context.db, memberId, { joinChannel: row.join_channel }, now);
  }
  if (!rejoinGroup(context.db, row.group_id, memberId, now)) {
    addGroupMember(context.db, {
      groupId: row.group_id,
      memberId,
      role: 'member',
      groupNickname: null,
      joinedAt: now,
    });
  }
  return memberId;
}

/** Advances or rejects a pending application; illegal moves are refused with nothing written. */
export function moveApplicationTo(
  context: ServiceContext,
  id: number,
  move: MoveRequest,
  decision: { decidedBy?: string | undefined; note: string },
): ApplicationDetail {
  inTransaction(context, () => {
    const row = requireApplication(context, id);
    const { stages } = findAdmissionConfig(context.db, row.group_id);
    const plan = planMove(stages, { stage: row.stage, status: row.status }, move);
    if (!plan.ok) throw refusalError(plan.refusal, stages);
    const now = context.now();
    const memberId = plan.decision === 'admit' ? admit(context, row, now) : row.member_id;
    moveApplication(context.db, id, {
      stage: plan.stage,
      status: plan.status,
      memberId,
      closedAt: plan.status === 'pending' ? null : now,
    });
    insertDecision(
      context.db,
      {
        applicationId: id,
        kind: plan.decision,
        fromStage: row.stage,
        toStage: plan.stage,
        decidedBy: decision.decidedBy ?? context.operator(),
        note: decision.note,
      },
      now,
    );
    audit(context, plan.decision, 'admission', id, {
      groupId: row.group_id,
      from: row.stage,
      to: plan.stage,
      memberId: plan.decision === 'admit' ? memberId : undefined,
      note: decision.note || undefined,
    });
  });
  return getApplication(context, id);
}

export function admissionStatsFor(context: ServiceContext, groupId?: number): AdmissionStats {
  if (groupId !== undefined) requireGroup(context, groupId);
  return admissionStats(context.db, groupId);
}
