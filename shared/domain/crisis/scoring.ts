/**
 * Scoring a drill (or grading an incident after the fact): each step's response time against its target, missed
 * steps, order errors, and a rubric for the messages the participant wrote. Then a draft after-action review.
 *
 * Points, so a score card can explain itself:
 * - a required step is worth 10, an optional one 5 (an optional step left undone is simply not counted);
 * - on time: full points; late: 1 − 0.5 × (late by ÷ target), never below a quarter (at twice the target: half);
 * - missed, or a required step skipped: 0;
 * - done before an earlier step of the playbook that was done later (an order error): × 0.8;
 * - each template a required step sends is worth 10: the share of its rubric elements present in the best message
 *   written for it, and 0 if that message leaks personal data (phone number, ID number, e-mail address).
 * The total is points ÷ maximum, 0–100, rounded.
 */
import type { Locale } from '../types';
import { orderedSteps, type Playbook, type TemplateKind } from './playbook';
import { runState, sortedEvents, type RunClock, type TimelineEvent } from './timeline';

export const stepOutcomes = ['on_time', 'late', 'missed', 'skipped'] as const;
export type StepOutcome = (typeof stepOutcomes)[number];

export const scoringWeights = {
  requiredStep: 10,
  optionalStep: 5,
  template: 10,
  orderErrorFactor: 0.8,
  lateFloor: 0.25,
} as const;

export interface StepScore {
  stepId: string;
  stageId: string;
  title: string;
  order: number;
  required: boolean;
  targetSeconds: number;
  responseSeconds: number | null;
  outcome: StepOutcome;
  lateBySeconds: number;
  /** Earlier steps (by playbook order) that were done after this one. */
  doneBefore: string[];
  points: number;
  maxPoints: number;
}

/** Kinds the built-in patterns find (phone, idCard, email) and those only the risk engine's detectors add. */
export const personalDataKinds = ['phone', 'landline', 'idCard', 'bankCard', 'email'] as const;
export type PersonalDataKind = (typeof personalDataKinds)[number];

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  start: number;
  end: number;
  text: string;
}

/** Detects personal data a public message must not carry. The risk engine can add its own findings. */
const personalDataPatterns: Partial<Record<PersonalDataKind, RegExp>> = {
  // Mainland mobile numbers, also written with spaces or dashes (138 0013 8000, 138-0013-8000).
  phone: /(?<![\d０-９])1[3-9]\d(?:[\s-]?\d){8}(?![\d０-９])/g,
  // 18-digit resident ID: region, birth date, sequence, check digit.
  idCard: /(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])/g,
  email: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
};

export function findPersonalData(text: string): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  for (const kind of personalDataKinds) {
    const pattern = personalDataPatterns[kind];
    if (!pattern) continue;
    for (const match of text.matchAll(pattern)) {
      findings.push({ kind, start: match.index, end: match.index + match[0].length, text: match[0] });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** Both lists' findings, an extra one left out where it overlaps one already found (the same number twice). */
function mergeFindings(
  found: readonly PersonalDataFinding[],
  extra: readonly PersonalDataFinding[],
): PersonalDataFinding[] {
  const merged = [...found];
  for (const finding of extra) {
    if (!merged.some((other) => finding.start < other.end && other.start < finding.end)) merged.push(finding);
  }
  return merged.sort((a, b) => a.start - b.start);
}

export interface WrittenMessage {
  templateId: string | null;
  channel: TemplateKind | null;
  text: string;
  at: number;
  actor: string;
}

export interface MessageGrade extends WrittenMessage {
  present: string[];
  missing: { id: string; label: string }[];
  leaks: PersonalDataFinding[];
  /** 0–1: the share of rubric elements present, 0 with a leak. */
  score: number;
}

export type ExtraTextCheck = (text: string) => PersonalDataFinding[];

/** Grades one written message against its template's rubric (phrases matched case-insensitively). */
export function gradeMessage(
  playbook: Pick<Playbook, 'templates'>,
  message: WrittenMessage,
  extraCheck?: ExtraTextCheck,
): MessageGrade {
  const template = playbook.templates.find((candidate) => candidate.id === message.templateId);
  const haystack = message.text.toLowerCase();
  const present: string[] = [];
  const missing: { id: string; label: string }[] = [];
  for (const element of template?.rubric ?? []) {
    if (element.anyOf.some((phrase) => haystack.includes(phrase.toLowerCase()))) present.push(element.id);
    else missing.push({ id: element.id, label: element.label });
  }
  const leaks = mergeFindings(findPersonalData(message.text), extraCheck?.(message.text) ?? []);
  const total = present.length + missing.length;
  const coverage = total === 0 ? (message.text.trim() === '' ? 0 : 1) : present.length / total;
  return { ...message, present, missing, leaks, score: leaks.length > 0 ? 0 : coverage };
}

export function writtenMessages(events: readonly TimelineEvent[]): WrittenMessage[] {
  return sortedEvents(events)
    .filter((event) => event.kind === 'message_sent')
    .map((event) => ({
      templateId: event.templateId ?? null,
      channel: event.channel ?? null,
      text: event.text ?? '',
      at: event.at,
      actor: event.actor,
    }));
}

export interface RunScore {
  /** 0–100. */
  total: number;
  stepPoints: number;
  stepMaxPoints: number;
  writingPoints: number;
  writingMaxPoints: number;
  steps: StepScore[];
  messages: MessageGrade[];
  /** Templates a required step sends that nobody wrote. */
  unwrittenTemplates: string[];
  orderErrors: number;
  counts: Record<StepOutcome, number>;
  elapsedSeconds: number;
  pausedSeconds: number;
}

function stepFraction(targetSeconds: number, responseSeconds: number): number {
  if (responseSeconds <= targetSeconds) return 1;
  return Math.max(scoringWeights.lateFloor, 1 - (0.5 * (responseSeconds - targetSeconds)) / targetSeconds);
}

const roundTo = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Scores a finished run (`clock.now` = when it finished): anything not done by then is missed. */
export function scoreRun(
  playbook: Playbook,
  events: readonly TimelineEvent[],
  clock: RunClock,
  extraCheck?: ExtraTextCheck,
): RunScore {
  const state = runState(playbook, events, clock);
  const doneAt = new Map(
    state.steps.filter((step) => step.status === 'done').map((step) => [step.stepId, step.finishedAt!]),
  );
  const steps: StepScore[] = state.steps.map((step) => {
    const weight = step.required ? scoringWeights.requiredStep : scoringWeights.optionalStep;
    const finishedAt = doneAt.get(step.stepId);
    const doneBefore =
      finishedAt === undefined
        ? []
        : state.steps
            .filter(
              (earlier) =>
                earlier.order < step.order && (doneAt.get(earlier.stepId) ?? -Infinity) > finishedAt,
            )
            .map((earlier) => earlier.stepId);
    const common = {
      stepId: step.stepId,
      stageId: step.stageId,
      title: step.title,
      order: step.order,
      required: step.required,
      targetSeconds: step.targetSeconds,
      doneBefore,
    };
    if (step.status === 'done') {
      const response = step.elapsedSeconds!;
      const fraction =
        stepFraction(step.targetSeconds, response) *
        (doneBefore.length > 0 ? scoringWeights.orderErrorFactor : 1);
      return {
        ...common,
        responseSeconds: response,
        outcome: response <= step.targetSeconds ? 'on_time' : 'late',
        lateBySeconds: Math.max(0, response - step.targetSeconds),
        points: roundTo(weight * fraction),
        maxPoints: weight,
      };
    }
    return {
      ...common,
      responseSeconds: step.status === 'skipped' ? step.elapsedSeconds : null,
      outcome: step.status === 'skipped' ? 'skipped' : 'missed',
      lateBySeconds: 0,
      points: 0,
      maxPoints: step.required ? weight : 0,
    };
  });

  const messages = writtenMessages(events).map((message) => gradeMessage(playbook, message, extraCheck));
  const expectedTemplates = [
    ...new Set(
      orderedSteps(playbook)
        .filter((step) => step.required)
        .flatMap((step) => step.templateIds),
    ),
  ];
  const bestByTemplate = new Map<string, number>();
  for (const message of messages) {
    if (message.templateId === null) continue;
    bestByTemplate.set(
      message.templateId,
      Math.max(bestByTemplate.get(message.templateId) ?? 0, message.score),
    );
  }
  const writingMaxPoints = expectedTemplates.length * scoringWeights.template;
  const writingPoints = roundTo(
    expectedTemplates.reduce(
      (sum, templateId) => sum + (bestByTemplate.get(templateId) ?? 0) * scoringWeights.template,
      0,
    ),
  );
  const stepPoints = roundTo(steps.reduce((sum, step) => sum + step.points, 0));
  const stepMaxPoints = steps.reduce((sum, step) => sum + step.maxPoints, 0);
  const max = stepMaxPoints + writingMaxPoints;
  const counts = Object.fromEntries(
    stepOutcomes.map((outcome) => [outcome, steps.filter((step) => step.outcome === outcome).length]),
  ) as Record<StepOutcome, number>;
  return {
    total: max === 0 ? 0 : Math.round((100 * (stepPoints + writingPoints)) / max),
    stepPoints,
    stepMaxPoints,
    writingPoints,
    writingMaxPoints,
    steps,
    messages,
    unwrittenTemplates: expectedTemplates.filter((templateId) => !bestByTemplate.has(templateId)),
    orderErrors: steps.filter((step) => step.doneBefore.length > 0).length,
    counts,
    elapsedSeconds: state.elapsedSeconds,
    pausedSeconds: state.pausedSeconds,
  };
}

/** One line of an after-action review: an i18n key under `crisis.review` and its values. */
export interface ReviewLine {
  key: string;
  params: Record<string, string | number>;
}

export interface ReviewDraft {
  wentWell: ReviewLine[];
  toImprove: ReviewLine[];
}

export function formatDuration(seconds: number, locale: Locale): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  const zh = locale === 'zh-CN';
  const parts: string[] = [];
  if (hours > 0) parts.push(zh ? `${hours} 小时` : `${hours} h`);
  if (minutes > 0) parts.push(zh ? `${minutes} 分钟` : `${minutes} min`);
  if (rest > 0 || parts.length === 0) parts.push(zh ? `${rest} 秒` : `${rest} s`);
  return parts.join(' ');
}

/** A first draft of the after-action review, built from the score; people edit it before closing. */
export function reviewDraft(playbook: Playbook, score: RunScore, locale: Locale): ReviewDraft {
  const titleOf = (stepId: string) => score.steps.find((step) => step.stepId === stepId)?.title ?? stepId;
  const templateTitle = (templateId: string | null) =>
    playbook.templates.find((template) => template.id === templateId)?.title ?? templateId ?? '—';
  const wentWell: ReviewLine[] = [];
  const toImprove: ReviewLine[] = [];
  const counted = score.steps.filter((step) => step.maxPoints > 0);
  if (score.counts.on_time > 0) {
    wentWell.push({
      key: 'crisis.review.onTime',
      params: { count: score.counts.on_time, total: counted.length },
    });
  }
  for (const step of score.steps) {
    if (step.outcome === 'late') {
      toImprove.push({
        key: 'crisis.review.late',
        params: {
          title: step.title,
          late: formatDuration(step.lateBySeconds, locale),
          target: formatDuration(step.targetSeconds, locale),
        },
      });
    } else if (step.outcome === 'missed' && step.required) {
      toImprove.push({ key: 'crisis.review.missed', params: { title: step.title } });
    } else if (step.outcome === 'skipped' && step.required) {
      toImprove.push({ key: 'crisis.review.skipped', params: { title: step.title } });
    }
    if (step.doneBefore.length > 0) {
      toImprove.push({
        key: 'crisis.review.order',
        params: { title: step.title, before: step.doneBefore.map(titleOf).join('、') },
      });
    }
  }
  for (const message of score.messages) {
    const title = templateTitle(message.templateId);
    if (message.leaks.length > 0) {
      toImprove.push({ key: 'crisis.review.leak', params: { title, count: message.leaks.length } });
    } else if (message.missing.length > 0) {
      toImprove.push({
        key: 'crisis.review.incomplete',
        params: { title, elements: message.missing.map((element) => element.label).join('、') },
      });
    } else if (message.templateId !== null) {
      wentWell.push({ key: 'crisis.review.complete', params: { title } });
    }
  }
  for (const templateId of score.unwrittenTemplates) {
    toImprove.push({ key: 'crisis.review.unwritten', params: { title: templateTitle(templateId) } });
  }
  return { wentWell, toImprove };
}
