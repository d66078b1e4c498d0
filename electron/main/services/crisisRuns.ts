/**
 * What incidents and drills share: loading the playbook version a run uses, checking a timeline event against it,
 * and turning domain state into the JSON-safe views the channels return.
 */
import dayjs from 'dayjs';
import type { Locale } from '../../../shared/domain/types';
import {
  knownPlaceholders,
  orderedSteps,
  playbookSchema,
  type Playbook,
} from '../../../shared/domain/crisis/playbook';
import type { ExtraTextCheck, PersonalDataKind, ReviewDraft } from '../../../shared/domain/crisis/scoring';
import { runDetectors } from '../../../shared/domain/sensitive/detectors';
import type { DetectorKind } from '../../../shared/domain/sensitive/types';
import { renderTemplate, type RenderProblem } from '../../../shared/domain/crisis/templates';
import { stepStates, type RunState, type TimelineEvent } from '../../../shared/domain/crisis/timeline';
import type { RenderedReview, RunStateView, TimelineEventView } from '../../../shared/domain/crisis/views';
import { translate } from '../../../shared/i18n';
import type { RunEventInput } from '../../../shared/ipc/channels/crisis';
import { AppError } from '../../../shared/ipc/errors';
import type { Db } from '../db/connection';
import { recordAudit } from '../db/repositories/audit';
import { findPlaybookVersion } from '../db/repositories/crisisPlaybooks';
import type { StoredEvent } from '../db/repositories/crisisRuns';
import type { ServiceContext } from './context';

export const iso = (ms: number) => new Date(ms).toISOString();
export const iso0 = (ms: number | null) => (ms === null ? null : iso(ms));

/** A stored definition, read through the schema so definitions saved by an older version get today's defaults. */
export function parseStoredDefinition(json: string): Playbook {
  return playbookSchema.parse(JSON.parse(json));
}

export function loadDefinition(db: Db, playbookId: number, version: number): Playbook {
  const row = findPlaybookVersion(db, playbookId, version);
  if (!row) throw new AppError('NOT_FOUND', 'crisis.errors.versionNotFound', { id: playbookId, version });
  return parseStoredDefinition(row.definition);
}

export function toEventView(event: StoredEvent): TimelineEventView {
  return {
    id: event.id,
    at: iso(event.at),
    kind: event.kind,
    actor: event.actor,
    stepId: event.stepId ?? null,
    text: event.text ?? null,
    severity: event.severity ?? null,
    templateId: event.templateId ?? null,
    channel: event.channel ?? null,
    evidence: event.evidence ?? null,
  };
}

export function toStateView(state: RunState, asOf: number): RunStateView {
  return {
    ...state,
    asOf: iso(asOf),
    steps: state.steps.map((step) => ({
      ...step,
      startedAt: iso0(step.startedAt),
      finishedAt: iso0(step.finishedAt),
    })),
  };
}

export function renderReview(draft: ReviewDraft, locale: Locale): RenderedReview {
  const render = (lines: ReviewDraft['wentWell']) =>
    lines.map((line) => ({ ...line, text: translate(locale, line.key, line.params) }));
  return { wentWell: render(draft.wentWell), toImprove: render(draft.toImprove) };
}

function describeEvidence(db: Db, evidence: { kind: 'message' | 'member'; id: number }): string {
  if (evidence.kind === 'message') {
    const row = db.prepare('SELECT sender_name, content FROM messages WHERE id = ?').get(evidence.id) as
      { sender_name: string; content: string } | undefined;
    if (!row)
      throw new AppError('NOT_FOUND', 'crisis.errors.evidenceNotFound', {
        kind: evidence.kind,
        id: evidence.id,
      });
    return `${row.sender_name}：${row.content.slice(0, 80)}`;
  }
  const row = db.prepare('SELECT display_name FROM members WHERE id = ?').get(evidence.id) as
    { display_name: string } | undefined;
  if (!row)
    throw new AppError('NOT_FOUND', 'crisis.errors.evidenceNotFound', {
      kind: evidence.kind,
      id: evidence.id,
    });
  return row.display_name;
}

/**
 * Checks an event against the run's playbook version and timeline, and turns it into a timeline event:
 * the step must exist and not be finished, the template and severity must be the playbook's own.
 */
export function buildRunEvent(
  db: Db,
  definition: Playbook,
  events: readonly TimelineEvent[],
  input: RunEventInput,
  at: number,
  defaultActor: string,
): TimelineEvent {
  const actor = input.actor ?? defaultActor;
  switch (input.kind) {
    case 'step_started':
    case 'step_done':
    case 'step_skipped': {
      const step = orderedSteps(definition).find((candidate) => candidate.id === input.stepId);
      if (!step) throw new AppError('VALIDATION', 'crisis.errors.unknownStep', { step: input.stepId });
      const state = stepStates(definition, events, { startedAt: at, now: at }).find(
        (candidate) => candidate.stepId === step.id,
      )!;
      if (state.finishedAt !== null)
        throw new AppError('CONFLICT', 'crisis.errors.stepFinished', { step: step.title });
      if (input.kind === 'step_started') {
        if (state.startedAt !== null)
          throw new AppError('CONFLICT', 'crisis.errors.stepStarted', { step: step.title });
        return { at, kind: input.kind, actor, stepId: step.id };
      }
      const text = input.kind === 'step_done' ? input.note : input.reason;
      return { at, kind: input.kind, actor, stepId: step.id, ...(text ? { text } : {}) };
    }
    case 'note':
    case 'decision':
      return { at, kind: input.kind, actor, text: input.text };
    case 'message_sent':
      if (
        input.templateId !== undefined &&
        !definition.templates.some((template) => template.id === input.templateId)
      ) {
        throw new AppError('VALIDATION', 'crisis.errors.unknownTemplate', { template: input.templateId });
      }
      return {
        at,
        kind: input.kind,
        actor,
        text: input.text,
        channel: input.channel,
        ...(input.templateId !== undefined ? { templateId: input.templateId } : {}),
      };
    case 'severity_changed':
      assertSeverity(definition, input.severity);
      return {
        at,
        kind: input.kind,
        actor,
        severity: input.severity,
        ...(input.reason ? { text: input.reason } : {}),
      };
    case 'evidence_linked': {
      const label = describeEvidence(db, input.evidence);
      return {
        at,
        kind: input.kind,
        actor,
        evidence: { ...input.evidence, label },
        ...(input.note ? { text: input.note } : {}),
      };
    }
  }
}

export function assertSeverity(definition: Playbook, severity: string): void {
  if (!definition.severityLevels.some((level) => level.id === severity)) {
    throw new AppError('VALIDATION', 'crisis.errors.unknownSeverity', {
      severity,
      known: definition.severityLevels.map((level) => level.id).join(', '),
    });
  }
}

/** An error carrying one issue per problem, in the VALIDATION payload's `issues`. */
export class CrisisValidationError extends AppError {
  constructor(
    messageKey: string,
    params: Record<string, string | number>,
    readonly issues: { path: string; message: string }[],
  ) {
    super('VALIDATION', messageKey, params);
  }

  override toPayload() {
    return { ...super.toPayload(), issues: this.issues };
  }
}

function describeRenderProblem(problem: RenderProblem, locale: Locale): string {
  if (problem.kind === 'malformed')
    return translate(locale, 'crisis.issues.malformedPlaceholder', { value: problem.text });
  return translate(
    locale,
    problem.kind === 'unknown' ? 'crisis.issues.unknownPlaceholder' : 'crisis.issues.missingValue',
    { value: problem.name },
  );
}

/** Fills a template of `definition`, or fails with every unknown, missing or malformed placeholder named. */
export function renderDefinitionTemplate(
  definition: Playbook,
  templateId: string,
  values: Record<string, string>,
  locale: Locale,
  fillMissing = false,
): { text: string; used: string[] } {
  const template = definition.templates.find((candidate) => candidate.id === templateId);
  if (!template) throw new AppError('NOT_FOUND', 'crisis.errors.unknownTemplate', { template: templateId });
  const result = renderTemplate(template.body, values, {
    known: knownPlaceholders(definition),
    ...(fillMissing ? { fallback: (name: string) => `【${name}】` } : {}),
  });
  if (result.ok) return { text: result.text, used: result.used };
  const issues = result.problems.map((problem) => ({
    path: `templates.${templateId}`,
    message: describeRenderProblem(problem, locale),
  }));
  throw new CrisisValidationError(
    'crisis.errors.templateProblems',
    { details: issues.map((issue) => issue.message).join('；') },
    issues,
  );
}

export const formatLocalTime = (ms: number) => dayjs(ms).format('YYYY-MM-DD HH:mm');

/** The risk engine's privacy detectors, as the personal-data kinds a crisis message is graded on. */
const privacyDetectors: Partial<Record<DetectorKind, PersonalDataKind>> = {
  mobile: 'phone',
  landline: 'landline',
  idCard: 'idCard',
  bankCard: 'bankCard',
  email: 'email',
};
const privacyDetectorOptions = {
  enabled: new Set(Object.keys(privacyDetectors) as DetectorKind[]),
  competitorDomains: [],
};

/**
 * The rubric's "no leaked personal data" check by the risk engine's detectors (validated ID-card and bank-card
 * numbers, landlines, numbers written with full-width or Chinese digits), on top of the scoring's own patterns.
 */
export const privacyDetectorCheck: ExtraTextCheck = (text) =>
  runDetectors(text, privacyDetectorOptions).flatMap((finding) => {
    const kind = privacyDetectors[finding.kind];
    return kind
      ? [{ kind, start: finding.start, end: finding.end, text: text.slice(finding.start, finding.end) }]
      : [];
  });

export type CrisisEntity = 'playbook' | 'incident' | 'drill' | 'prevention';

/** Audits one crisis change; called inside the change's own transaction. */
export function auditCrisis(
  context: ServiceContext,
  entity: CrisisEntity,
  entityId: number,
  action: string,
  detail?: Record<string, unknown>,
  operator: string = context.operator(),
): void {
  recordAudit(context.db, context.now(), {
    operator,
    action,
    entity,
    entityId,
    ...(detail ? { detail } : {}),
  });
}
