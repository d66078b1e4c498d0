/**
 * Offline drills (演练): a scenario of timed injects run against a playbook version. The participant ticks steps and
 * writes messages; finishing scores the run. State lives in the database, so a drill survives an app restart: the
 * time the app was away is recorded as a pause (visible on the timeline) rather than counted against the
 * participant or silently dropped.
 */
import type { Locale, Page } from '../../../shared/domain/types';
import type { Playbook, TemplateKind } from '../../../shared/domain/crisis/playbook';
import {
  reviewDraft,
  scoreRun,
  type ReviewDraft,
  type RunScore,
} from '../../../shared/domain/crisis/scoring';
import { dueInjects, isPaused, runState, secondsToNextInject } from '../../../shared/domain/crisis/timeline';
import type {
  DrillDetail,
  DrillOverview,
  DrillParticipantOverview,
  DrillSummary,
} from '../../../shared/domain/crisis/views';
import type { RunEventInput } from '../../../shared/ipc/channels/crisis';
import { translate } from '../../../shared/i18n';
import { AppError } from '../../../shared/ipc/errors';
import {
  findDrill,
  findGroupName,
  finishDrillRow,
  insertDrill,
  insertEvent,
  listDrillHistory,
  listDrillInjects,
  listDrillRows,
  listEvents,
  type DrillRow,
} from '../db/repositories/crisisRuns';
import type { ServiceContext } from './context';
import { requireCurrentPlaybook } from './crisisPlaybooks';
import {
  auditCrisis,
  privacyDetectorCheck,
  buildRunEvent,
  iso,
  iso0,
  loadDefinition,
  renderReview,
  toEventView,
  toStateView,
} from './crisisRuns';

const day = 24 * 3600 * 1000;

interface StoredScoreCard {
  score: RunScore;
  review: ReviewDraft;
}

function scenarioTitle(definition: Playbook, scenarioId: string): string {
  return definition.scenarios.find((scenario) => scenario.id === scenarioId)?.title ?? scenarioId;
}

function summarize(row: DrillRow, definition: Playbook): DrillSummary {
  return {
    id: row.id,
    playbookId: row.playbookId,
    playbookKey: row.playbookKey,
    playbookName: row.playbookName,
    playbookVersion: row.playbookVersion,
    scenarioId: row.scenarioId,
    scenarioTitle: scenarioTitle(definition, row.scenarioId),
    participant: row.participant,
    groupId: row.groupId,
    status: row.status,
    startedAt: iso(row.startedAt),
    finishedAt: iso0(row.finishedAt),
    score: row.score,
  };
}

function requireDrill(context: ServiceContext, id: number): DrillRow {
  const row = findDrill(context.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'crisis.errors.drillNotFound', { id });
  return row;
}

function requireRunning(context: ServiceContext, id: number): DrillRow {
  const row = requireDrill(context, id);
  if (row.status !== 'running') throw new AppError('CONFLICT', 'crisis.errors.drillFinished', { id });
  return row;
}

export function getDrill(context: ServiceContext, id: number, locale: Locale): DrillDetail {
  const row = requireDrill(context, id);
  const definition = loadDefinition(context.db, row.playbookId, row.playbookVersion);
  const events = listEvents(context.db, { drillId: id });
  const injects = listDrillInjects(context.db, id);
  const now = row.finishedAt ?? Math.max(context.now(), row.startedAt);
  const state = runState(definition, events, { startedAt: row.startedAt, now });
  const card = row.scoreCard === null ? null : (JSON.parse(row.scoreCard) as StoredScoreCard);
  return {
    ...summarize(row, definition),
    definition,
    injects,
    dueInjects: dueInjects(injects, state.elapsedSeconds).length,
    secondsToNextInject: secondsToNextInject(injects, state.elapsedSeconds),
    events: events.map(toEventView),
    state: toStateView(state, now),
    scoreCard: card === null ? null : { ...card.score, review: renderReview(card.review, locale) },
  };
}

export function listDrills(
  context: ServiceContext,
  filter: {
    participant?: string | undefined;
    status?: 'running' | 'finished' | undefined;
    offset: number;
    limit: number;
  },
): Page<DrillSummary> {
  const page = listDrillRows(context.db, {
    ...(filter.participant !== undefined ? { participant: filter.participant } : {}),
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    offset: filter.offset,
    limit: filter.limit,
  });
  const definitions = new Map<string, Playbook>();
  return {
    total: page.total,
    rows: page.rows.map((row) => {
      const cacheKey = `${row.playbookId}:${row.playbookVersion}`;
      const definition =
        definitions.get(cacheKey) ?? loadDefinition(context.db, row.playbookId, row.playbookVersion);
      definitions.set(cacheKey, definition);
      return summarize(row, definition);
    }),
  };
}

export function startDrill(
  context: ServiceContext,
  input: { playbookId: number; scenarioId: string; participant: string; groupId?: number | undefined },
  locale: Locale,
): DrillDetail {
  const { row: playbook, definition } = requireCurrentPlaybook(context, input.playbookId);
  const scenario = definition.scenarios.find((candidate) => candidate.id === input.scenarioId);
  if (!scenario)
    throw new AppError('NOT_FOUND', 'crisis.errors.unknownScenario', { scenario: input.scenarioId });
  const id = context.db.transaction(() => {
    if (input.groupId !== undefined && findGroupName(context.db, input.groupId) === null) {
      throw new AppError('NOT_FOUND', 'crisis.errors.groupNotFound', { id: input.groupId });
    }
    const now = context.now();
    const drillId = insertDrill(
      context.db,
      {
        playbookId: playbook.id,
        playbookVersion: playbook.currentVersion,
        scenarioId: scenario.id,
        participant: input.participant,
        groupId: input.groupId ?? null,
        startedAt: now,
      },
      scenario.injects,
    );
    insertEvent(
      context.db,
      { drillId },
      { at: now, kind: 'detected', actor: input.participant, severity: definition.defaultSeverity },
    );
    auditCrisis(context, 'drill', drillId, 'start', {
      playbook: playbook.key,
      version: playbook.currentVersion,
      scenario: scenario.id,
      participant: input.participant,
    });
    return drillId;
  })();
  return getDrill(context, id, locale);
}

/** Records one drill event as the participant; refused while the drill is paused or finished. */
function addDrillEvent(
  context: ServiceContext,
  id: number,
  input: RunEventInput,
  locale: Locale,
): DrillDetail {
  context.db.transaction(() => {
    const row = requireRunning(context, id);
    const events = listEvents(context.db, { drillId: id });
    if (isPaused(events)) throw new AppError('CONFLICT', 'crisis.errors.drillPaused', { id });
    const definition = loadDefinition(context.db, row.playbookId, row.playbookVersion);
    const now = context.now();
    const event = buildRunEvent(context.db, definition, events, input, now, row.participant);
    const eventId = insertEvent(context.db, { drillId: id }, event);
    auditCrisis(context, 'drill', id, 'event', {
      event: eventId,
      kind: event.kind,
      ...(event.stepId ? { step: event.stepId } : {}),
    });
  })();
  return getDrill(context, id, locale);
}

export function recordDrillStep(
  context: ServiceContext,
  input: { id: number; stepId: string; action: 'started' | 'done' | 'skipped'; note?: string | undefined },
  locale: Locale,
): DrillDetail {
  const event: RunEventInput =
    input.action === 'started'
      ? { kind: 'step_started', stepId: input.stepId }
      : input.action === 'done'
        ? { kind: 'step_done', stepId: input.stepId, ...(input.note ? { note: input.note } : {}) }
        : { kind: 'step_skipped', stepId: input.stepId, reason: input.note ?? '—' };
  return addDrillEvent(context, input.id, event, locale);
}

export function sendDrillMessage(
  context: ServiceContext,
  input: { id: number; templateId?: string | undefined; channel: TemplateKind; text: string },
  locale: Locale,
): DrillDetail {
  return addDrillEvent(
    context,
    input.id,
    {
      kind: 'message_sent',
      channel: input.channel,
      text: input.text,
      ...(input.templateId !== undefined ? { templateId: input.templateId } : {}),
    },
    locale,
  );
}

export function pauseDrill(
  context: ServiceContext,
  input: { id: number; reason?: string | undefined },
  locale: Locale,
): DrillDetail {
  context.db.transaction(() => {
    const row = requireRunning(context, input.id);
    if (isPaused(listEvents(context.db, { drillId: input.id })))
      throw new AppError('CONFLICT', 'crisis.errors.drillPaused', { id: input.id });
    const now = context.now();
    insertEvent(
      context.db,
      { drillId: input.id },
      { at: now, kind: 'paused', actor: row.participant, ...(input.reason ? { text: input.reason } : {}) },
    );
    auditCrisis(context, 'drill', input.id, 'pause');
  })();
  return getDrill(context, input.id, locale);
}

/**
 * Resumes a paused drill. With no pause open (the app was closed or crashed mid-drill), the time since the last
 * recorded activity becomes a pause marked as an interruption, so the clock resumes honestly.
 */
export function resumeDrill(context: ServiceContext, id: number, locale: Locale): DrillDetail {
  context.db.transaction(() => {
    const row = requireRunning(context, id);
    const events = listEvents(context.db, { drillId: id });
    const now = context.now();
    if (!isPaused(events)) {
      const lastActivity = Math.max(row.startedAt, ...events.map((event) => event.at));
      if (lastActivity >= now) throw new AppError('CONFLICT', 'crisis.errors.drillNotPaused', { id });
      insertEvent(
        context.db,
        { drillId: id },
        {
          at: lastActivity,
          kind: 'paused',
          actor: row.participant,
          text: translate(locale, 'crisis.pauseReasons.interrupted'),
        },
      );
    }
    insertEvent(context.db, { drillId: id }, { at: now, kind: 'resumed', actor: row.participant });
    auditCrisis(context, 'drill', id, 'resume');
  })();
  return getDrill(context, id, locale);
}

export function finishDrill(context: ServiceContext, id: number, locale: Locale): DrillDetail {
  context.db.transaction(() => {
    const row = requireRunning(context, id);
    const definition = loadDefinition(context.db, row.playbookId, row.playbookVersion);
    const now = context.now();
    insertEvent(context.db, { drillId: id }, { at: now, kind: 'closed', actor: row.participant });
    const events = listEvents(context.db, { drillId: id });
    const score = scoreRun(definition, events, { startedAt: row.startedAt, now }, privacyDetectorCheck);
    const card: StoredScoreCard = { score, review: reviewDraft(definition, score, locale) };
    finishDrillRow(context.db, id, now, score.total, JSON.stringify(card));
    auditCrisis(context, 'drill', id, 'finish', { score: score.total });
  })();
  return getDrill(context, id, locale);
}

/** Per participant: how many drills, how they scored over time, and who is overdue for the monthly drill. */
export function drillOverview(context: ServiceContext, intervalDays: number): DrillOverview {
  const now = context.now();
  const byParticipant = new Map<string, ReturnType<typeof listDrillHistory>>();
  for (const drill of listDrillHistory(context.db)) {
    byParticipant.set(drill.participant, [...(byParticipant.get(drill.participant) ?? []), drill]);
  }
  const participants: DrillParticipantOverview[] = [...byParticipant].map(([participant, drills]) => {
    const scores = drills
      .filter((drill) => drill.status === 'finished' && drill.score !== null)
      .map((drill) => drill.score!);
    const lastStartedAt = drills.at(-1)!.startedAt;
    return {
      participant,
      drills: drills.length,
      finished: scores.length,
      lastStartedAt: iso(lastStartedAt),
      lastScore: scores.at(-1) ?? null,
      averageScore:
        scores.length === 0
          ? null
          : Math.round(scores.reduce((sum, score) => sum + score, 0) / scores.length),
      trend: scores.slice(-12),
      daysSinceLast: Math.max(0, Math.floor((now - lastStartedAt) / day)),
      overdue: now - lastStartedAt > intervalDays * day,
    };
  });
  participants.sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.participant.localeCompare(b.participant, 'zh-CN'),
  );
  return { intervalDays, participants };
}
