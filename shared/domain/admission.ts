/**
 * Admission (入群审核): entry QR codes and their 7-day life, the entry questionnaire with its scoring, and the
 * pipeline of stages an application moves through (申请 → 面审 → 培训 → 考核 → 入群 by default).
 * Pure: the service validates with these schemas and asks `scoreAnswers` / `planMove` what is allowed.
 */
import { z } from 'zod';
import type { JoinChannel } from './types';

export const dayMs = 86_400_000;

/** A WeChat group QR code stops working seven days after it is generated. */
export const qrValidityDays = 7;
/** Codes expiring within this many days are listed as reminders. */
export const defaultQrReminderDays = 2;

export function defaultQrExpiry(generatedAt: number): number {
  return generatedAt + qrValidityDays * dayMs;
}

export const qrStatuses = ['active', 'expiring', 'expired', 'retired'] as const;
export type QrStatus = (typeof qrStatuses)[number];

/** Where a code stands at `now`: retired by hand, past its expiry, within the reminder window, or fine. */
export function qrStatus(
  code: { expiresAt: number; retiredAt: number | null },
  now: number,
  reminderDays: number = defaultQrReminderDays,
): QrStatus {
  if (code.retiredAt !== null) return 'retired';
  if (code.expiresAt <= now) return 'expired';
  if (code.expiresAt - now <= reminderDays * dayMs) return 'expiring';
  return 'active';
}

export interface QrCode {
  id: number;
  groupId: number;
  groupName: string;
  /** Where the code is posted (公众号菜单, 海报 …). */
  label: string;
  joinChannel: JoinChannel | null;
  generatedAt: string;
  expiresAt: string;
  retiredAt: string | null;
  note: string;
  status: QrStatus;
  /** Whole days until expiry, rounded up; negative once expired. */
  daysLeft: number;
}

// ---- Questionnaire (入群问卷) -------------------------------------------------------------------------------

export const questionKinds = ['single', 'multi', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** Keys of questions and options: short, stable, safe in JSON paths. */
const keySchema = z.string().regex(/^[a-z][a-z0-9]{0,15}$/, 'key');
const scoreSchema = z.number().int().min(-100).max(100);

export const questionOptionSchema = z
  .object({
    id: keySchema,
    label: z.string().trim().min(1).max(100),
    score: scoreSchema,
    /** Choosing it fails the questionnaire whatever the score (一票否决, e.g. "不同意遵守群规"). */
    knockout: z.boolean().default(false),
  })
  .strict();

export const questionSchema = z
  .object({
    id: keySchema,
    kind: z.enum(questionKinds),
    prompt: z.string().trim().min(1).max(200),
    /** An application cannot be entered without an answer to it. */
    required: z.boolean(),
    options: z.array(questionOptionSchema).max(12).default([]),
    /** Text questions: points for any non-empty answer. */
    textScore: z.number().int().min(0).max(100).default(0),
  })
  .strict()
  .superRefine((question, context) => {
    const choice = question.kind !== 'text';
    if (choice && question.options.length < 2) {
      context.addIssue({ code: 'custom', path: ['options'], message: 'choiceNeedsOptions' });
    }
    if (!choice && question.options.length > 0) {
      context.addIssue({ code: 'custom', path: ['options'], message: 'textHasNoOptions' });
    }
    const ids = question.options.map((option) => option.id);
    if (new Set(ids).size !== ids.length) {
      context.addIssue({ code: 'custom', path: ['options'], message: 'duplicateOption' });
    }
  });
export type Question = z.infer<typeof questionSchema>;

export const questionnaireSchema = z
  .object({
    questions: z.array(questionSchema).max(30),
    /** Total score needed to pass (0 with no questions). */
    passScore: z.number().int().min(0).max(3000),
  })
  .strict()
  .superRefine((questionnaire, context) => {
    const ids = questionnaire.questions.map((question) => question.id);
    if (new Set(ids).size !== ids.length) {
      context.addIssue({ code: 'custom', path: ['questions'], message: 'duplicateQuestion' });
    }
    if (questionnaire.passScore > maxScore(questionnaire.questions)) {
      context.addIssue({ code: 'custom', path: ['passScore'], message: 'passScoreUnreachable' });
    }
  });
export type Questionnaire = z.infer<typeof questionnaireSchema>;
export type QuestionnaireInput = z.input<typeof questionnaireSchema>;

export const emptyQuestionnaire: Questionnaire = { questions: [], passScore: 0 };

/** Answers keyed by question id: an option id (single), option ids (multi) or text. */
export const answersSchema = z.record(
  z.string().max(16),
  z.union([z.string().trim().max(1000), z.array(z.string().max(16)).max(12)]),
);
export type Answers = z.infer<typeof answersSchema>;

/** The most a question can add: its best option (single), all its positive options (multi), its text score. */
export function questionMaxScore(question: Question): number {
  if (question.kind === 'text') return question.textScore;
  const scores = question.options.map((option) => Math.max(0, option.score));
  return question.kind === 'single' ? Math.max(0, ...scores) : scores.reduce((sum, score) => sum + score, 0);
}

export function maxScore(questions: readonly Question[]): number {
  return questions.reduce((sum, question) => sum + questionMaxScore(question), 0);
}

export type AnswerProblem =
  | { kind: 'missingRequired'; questionId: string; prompt: string }
  | { kind: 'unknownQuestion'; questionId: string }
  | { kind: 'unknownOption'; questionId: string; optionId: string }
  | { kind: 'wrongShape'; questionId: string };

export interface QuestionScore {
  questionId: string;
  score: number;
  max: number;
  knockout: boolean;
}

export interface ScoreResult {
  score: number;
  maxScore: number;
  passScore: number;
  /** Reached the pass score and chose no knockout answer. */
  passed: boolean;
  /** Questions answered with a knockout option. */
  knockouts: string[];
  perQuestion: QuestionScore[];
}

/** Answers left empty count as no answer: '' or []. */
function isBlank(answer: string | readonly string[] | undefined): boolean {
  return answer === undefined || answer.length === 0 || (typeof answer === 'string' && answer.trim() === '');
}

/**
 * Checks the answers against the questionnaire and scores them. Every problem is reported at once (a missing required
 * answer, a question or option the questionnaire does not have, a list given to a single-choice question …).
 */
export function scoreAnswers(
  questionnaire: Questionnaire,
  answers: Readonly<Answers>,
): { ok: true; result: ScoreResult } | { ok: false; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const byId = new Map(questionnaire.questions.map((question) => [question.id, question]));
  for (const questionId of Object.keys(answers)) {
    if (!byId.has(questionId)) problems.push({ kind: 'unknownQuestion', questionId });
  }
  const perQuestion: QuestionScore[] = [];
  for (const question of questionnaire.questions) {
    const answer = answers[question.id];
    const max = questionMaxScore(question);
    if (isBlank(answer)) {
      if (question.required)
        problems.push({ kind: 'missingRequired', questionId: question.id, prompt: question.prompt });
      perQuestion.push({ questionId: question.id, score: 0, max, knockout: false });
      continue;
    }
    if (question.kind === 'text') {
      if (typeof answer !== 'string') problems.push({ kind: 'wrongShape', questionId: question.id });
      perQuestion.push({ questionId: question.id, score: question.textScore, max, knockout: false });
      continue;
    }
    const chosen = typeof answer === 'string' ? [answer] : [...new Set(answer)];
    if ((question.kind === 'single') !== (typeof answer === 'string')) {
      problems.push({ kind: 'wrongShape', questionId: question.id });
      continue;
    }
    let score = 0;
    let knockout = false;
    for (const optionId of chosen) {
      const option = question.options.find((candidate) => candidate.id === optionId);
      if (!option) {
        problems.push({ kind: 'unknownOption', questionId: question.id, optionId });
        continue;
      }
      score += option.score;
      knockout ||= option.knockout;
    }
    perQuestion.push({ questionId: question.id, score, max, knockout });
  }
  if (problems.length > 0) return { ok: false, problems };
  const score = perQuestion.reduce((sum, item) => sum + item.score, 0);
  const knockouts = perQuestion.filter((item) => item.knockout).map((item) => item.questionId);
  return {
    ok: true,
    result: {
      score,
      maxScore: maxScore(questionnaire.questions),
      passScore: questionnaire.passScore,
      passed: score >= questionnaire.passScore && knockouts.length === 0,
      knockouts,
      perQuestion,
    },
  };
}

// ---- Pipeline (审核流程) ----------------------------------------------------------------------------------------

/** The four-step admission of the operations guide, plus the final 入群. */
export const defaultStageKeys = ['apply', 'interview', 'training', 'exam', 'admit'] as const;

export const pipelineStageSchema = z
  .object({
    key: keySchema,
    /** Shown instead of the built-in name of a default key; required for any other key. */
    name: z.string().trim().min(1).max(20).nullable(),
  })
  .strict();
export type PipelineStage = z.infer<typeof pipelineStageSchema>;

/** At least the entry and the admission; the first stage receives applications, reaching the last one admits. */
export const pipelineSchema = z
  .array(pipelineStageSchema)
  .min(2)
  .max(8)
  .superRefine((stages, context) => {
    const keys = stages.map((stage) => stage.key);
    if (new Set(keys).size !== keys.length) context.addIssue({ code: 'custom', message: 'duplicateStage' });
    stages.forEach((stage, index) => {
      if (stage.name === null && !(defaultStageKeys as readonly string[]).includes(stage.key)) {
        context.addIssue({ code: 'custom', path: [index, 'name'], message: 'stageNeedsName' });
      }
    });
  });

export const defaultPipeline: PipelineStage[] = defaultStageKeys.map((key) => ({ key, name: null }));

export const applicationStatuses = ['pending', 'admitted', 'rejected'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const decisionKinds = ['submit', 'advance', 'admit', 'reject'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export type MoveRequest = { kind: 'advance'; toStage: string } | { kind: 'reject' };

export type MoveRefusal =
  | { reason: 'closed'; status: ApplicationStatus }
  | { reason: 'unknownStage'; stage: string }
  | { reason: 'notNext'; from: string; to: string; expected: string };

export type PlannedMove =
  | { ok: true; decision: DecisionKind; stage: string; status: ApplicationStatus }
  | { ok: false; refusal: MoveRefusal };

/**
 * What a move does to an application, or why it is refused: only pending applications move; an advance goes one stage
 * forward, exactly to the stage the moderator saw as next (a stale screen cannot skip or repeat a step); reaching the
 * last stage admits; a reject closes the application where it stands.
 */
export function planMove(
  stages: readonly PipelineStage[],
  application: { stage: string; status: ApplicationStatus },
  move: MoveRequest,
): PlannedMove {
  if (application.status !== 'pending') {
    return { ok: false, refusal: { reason: 'closed', status: application.status } };
  }
  const index = stages.findIndex((stage) => stage.key === application.stage);
  if (index < 0) return { ok: false, refusal: { reason: 'unknownStage', stage: application.stage } };
  if (move.kind === 'reject')
    return { ok: true, decision: 'reject', stage: application.stage, status: 'rejected' };
  const next = stages[index + 1];
  if (!stages.some((stage) => stage.key === move.toStage)) {
    return { ok: false, refusal: { reason: 'unknownStage', stage: move.toStage } };
  }
  if (!next || next.key !== move.toStage) {
    return {
      ok: false,
      refusal: { reason: 'notNext', from: application.stage, to: move.toStage, expected: next?.key ?? '' },
    };
  }
  const admits = index + 1 === stages.length - 1;
  return {
    ok: true,
    decision: admits ? 'admit' : 'advance',
    stage: next.key,
    status: admits ? 'admitted' : 'pending',
  };
}

// ---- Views ---------------------------------------------------------------------------------------------------

export interface AdmissionConfig {
  groupId: number;
  questionnaire: Questionnaire;
  /** Bumped on every questionnaire change; applications remember the version they were scored with. */
  questionnaireVersion: number;
  stages: PipelineStage[];
}

export interface ApplicationDecision {
  id: number;
  kind: DecisionKind;
  fromStage: string | null;
  toStage: string;
  decidedBy: string;
  note: string;
  decidedAt: string;
}

export interface ApplicationView {
  id: number;
  groupId: number;
  groupName: string;
  applicantName: string;
  /** Masked. */
  wxid: string | null;
  /** Masked. */
  phone: string | null;
  joinChannel: JoinChannel;
  inviterName: string | null;
  qrCodeId: number | null;
  stage: string;
  status: ApplicationStatus;
  score: number | null;
  maxScore: number | null;
  passScore: number | null;
  /** null when the group had no questions when the application was entered. */
  questionnairePassed: boolean | null;
  knockouts: string[];
  /** The blacklist matched the applicant's wxid or phone when the application was entered. */
  blacklisted: boolean;
  blacklistReasons: string[];
  /** The member record the application is linked to (found by wxid / phone, or created on admission). */
  memberId: number | null;
  note: string;
  appliedAt: string;
  closedAt: string | null;
}

export interface ApplicationDetail extends ApplicationView {
  answers: Answers;
  questionnaireVersion: number | null;
  decisions: ApplicationDecision[];
}

export interface ChannelAdmissionStats {
  joinChannel: JoinChannel;
  applications: number;
  pending: number;
  admitted: number;
  rejected: number;
  questionnairePassed: number;
  questionnaireFailed: number;
  blacklisted: number;
  /** Admitted of the decided (admitted + rejected), percent with one decimal; null before any decision. */
  passRate: number | null;
}

export interface AdmissionStats {
  groupId: number | null;
  channels: ChannelAdmissionStats[];
  total: Omit<ChannelAdmissionStats, 'joinChannel'>;
}

/** Percent with one decimal, or null when nothing was decided. */
export function passRate(admitted: number, rejected: number): number | null {
  const decided = admitted + rejected;
  return decided === 0 ? null : Math.round((admitted / decided) * 1000) / 10;
}
