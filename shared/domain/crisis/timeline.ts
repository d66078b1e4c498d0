/**
 * The timeline of an incident or a drill, and what it says about each step: done on time, done late, overdue.
 *
 * Time is measured from the start, minus recorded pauses (a drill paused for a phone call, or interrupted by an app
 * restart, does not count against the participant; the pause itself stays on the record).
 */
import { orderedSteps, type Playbook, type ScenarioInject, type TemplateKind } from './playbook';

export const timelineEventKinds = [
  'detected',
  'step_started',
  'step_done',
  'step_skipped',
  'note',
  'decision',
  'message_sent',
  'severity_changed',
  'evidence_linked',
  'paused',
  'resumed',
  'closed',
] as const;
export type TimelineEventKind = (typeof timelineEventKinds)[number];

export const evidenceKinds = ['message', 'member'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export interface TimelineEvent {
  /** Epoch milliseconds. */
  at: number;
  kind: TimelineEventKind;
  /** Who did it (operator name or drill participant). */
  actor: string;
  stepId?: string;
  /** Note, decision, message text, skip reason, pause reason. */
  text?: string;
  /** For `detected` and `severity_changed`: the severity level id. */
  severity?: string;
  /** For `message_sent`. */
  templateId?: string;
  channel?: TemplateKind;
  /** For `evidence_linked`. */
  evidence?: { kind: EvidenceKind; id: number; label?: string };
}

/** `pending`: not done and still within its target; `overdue`: not done and past it. */
export const slaStatuses = ['on_time', 'late', 'overdue', 'pending', 'skipped'] as const;
export type SlaStatus = (typeof slaStatuses)[number];

export interface StepState {
  stepId: string;
  stageId: string;
  order: number;
  title: string;
  ownerRole: string;
  targetSeconds: number;
  required: boolean;
  status: 'todo' | 'in_progress' | 'done' | 'skipped';
  startedAt: number | null;
  /** When it was done or skipped. */
  finishedAt: number | null;
  by: string | null;
  /** Effective seconds from the start to done/skipped; null while open. */
  elapsedSeconds: number | null;
  sla: SlaStatus;
  /** Seconds left before the target (negative once overdue); null once finished. */
  remainingSeconds: number | null;
  note: string | null;
}

export interface RunState {
  elapsedSeconds: number;
  pausedSeconds: number;
  paused: boolean;
  severity: string;
  /** The first stage that still has an open required step; null when every required step is finished. */
  currentStageId: string | null;
  steps: StepState[];
  counts: Record<SlaStatus, number>;
}

export interface RunClock {
  startedAt: number;
  /** Evaluation time: now for a live run, the closing time for a finished one. */
  now: number;
}

/** Paused intervals [from, to); a pause still open ends at `until`. */
export function pausedSpans(events: readonly TimelineEvent[], until: number): [number, number][] {
  const spans: [number, number][] = [];
  let openedAt: number | null = null;
  for (const event of sortedEvents(events)) {
    if (event.kind === 'paused' && openedAt === null) openedAt = event.at;
    else if (event.kind === 'resumed' && openedAt !== null) {
      spans.push([openedAt, event.at]);
      openedAt = null;
    }
  }
  if (openedAt !== null && openedAt < until) spans.push([openedAt, until]);
  return spans;
}

export function isPaused(events: readonly TimelineEvent[]): boolean {
  let paused = false;
  for (const event of sortedEvents(events)) {
    if (event.kind === 'paused') paused = true;
    else if (event.kind === 'resumed') paused = false;
  }
  return paused;
}

/** Seconds from `startedAt` to `at` with the paused time taken out (never negative). */
export function effectiveSeconds(startedAt: number, at: number, spans: readonly [number, number][]): number {
  let paused = 0;
  for (const [from, to] of spans) {
    const overlap = Math.min(to, at) - Math.max(from, startedAt);
    if (overlap > 0) paused += overlap;
  }
  return Math.max(0, (at - startedAt - paused) / 1000);
}

/** Events in time order; equal times keep their recorded order. */
export function sortedEvents(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map(({ event }) => event);
}

export function slaOf(targetSeconds: number, elapsedSeconds: number, finished: boolean): SlaStatus {
  if (finished) return elapsedSeconds <= targetSeconds ? 'on_time' : 'late';
  return elapsedSeconds > targetSeconds ? 'overdue' : 'pending';
}

/** Each step's state at `clock.now`: the first done/skipped event of a step is final. */
export function stepStates(
  playbook: Pick<Playbook, 'stages'>,
  events: readonly TimelineEvent[],
  clock: RunClock,
): StepState[] {
  const spans = pausedSpans(events, clock.now);
  const elapsedNow = effectiveSeconds(clock.startedAt, clock.now, spans);
  const byStep = new Map<string, TimelineEvent[]>();
  for (const event of sortedEvents(events)) {
    if (!event.stepId) continue;
    byStep.set(event.stepId, [...(byStep.get(event.stepId) ?? []), event]);
  }
  return orderedSteps(playbook).map((step) => {
    const stepEvents = byStep.get(step.id) ?? [];
    const started = stepEvents.find((event) => event.kind === 'step_started');
    const finish = stepEvents.find((event) => event.kind === 'step_done' || event.kind === 'step_skipped');
    const base = {
      stepId: step.id,
      stageId: step.stageId,
      order: step.order,
      title: step.title,
      ownerRole: step.ownerRole,
      targetSeconds: step.targetSeconds,
      required: step.required,
      startedAt: started?.at ?? null,
    };
    if (finish) {
      const elapsedSeconds = effectiveSeconds(clock.startedAt, finish.at, spans);
      const skipped = finish.kind === 'step_skipped';
      return {
        ...base,
        status: skipped ? 'skipped' : 'done',
        finishedAt: finish.at,
        by: finish.actor,
        elapsedSeconds,
        sla: skipped ? 'skipped' : slaOf(step.targetSeconds, elapsedSeconds, true),
        remainingSeconds: null,
        note: finish.text ?? null,
      } satisfies StepState;
    }
    return {
      ...base,
      status: started ? 'in_progress' : 'todo',
      finishedAt: null,
      by: started?.actor ?? null,
      elapsedSeconds: null,
      sla: slaOf(step.targetSeconds, elapsedNow, false),
      remainingSeconds: step.targetSeconds - elapsedNow,
      note: null,
    } satisfies StepState;
  });
}

/** The latest severity: from `detected`, then every `severity_changed`. */
export function currentSeverity(events: readonly TimelineEvent[], fallback: string): string {
  let severity = fallback;
  for (const event of sortedEvents(events)) {
    if ((event.kind === 'detected' || event.kind === 'severity_changed') && event.severity)
      severity = event.severity;
  }
  return severity;
}

export function runState(
  playbook: Pick<Playbook, 'stages' | 'defaultSeverity'>,
  events: readonly TimelineEvent[],
  clock: RunClock,
): RunState {
  const spans = pausedSpans(events, clock.now);
  const steps = stepStates(playbook, events, clock);
  const counts = Object.fromEntries(
    (['on_time', 'late', 'overdue', 'pending', 'skipped'] as const).map((status) => [
      status,
      steps.filter((step) => step.sla === status).length,
    ]),
  ) as Record<SlaStatus, number>;
  const open = steps.find((step) => step.required && step.finishedAt === null);
  const elapsedSeconds = effectiveSeconds(clock.startedAt, clock.now, spans);
  return {
    elapsedSeconds,
    pausedSeconds: Math.max(0, (clock.now - clock.startedAt) / 1000 - elapsedSeconds),
    paused: isPaused(events),
    severity: currentSeverity(events, playbook.defaultSeverity),
    currentStageId: open?.stageId ?? null,
    steps,
    counts,
  };
}

/** The injects a drill participant has seen by `elapsedSeconds` (inclusive), in script order. */
export function dueInjects<T extends Pick<ScenarioInject, 'atSeconds'>>(
  injects: readonly T[],
  elapsedSeconds: number,
): T[] {
  return injects
    .filter((inject) => inject.atSeconds <= elapsedSeconds)
    .sort((a, b) => a.atSeconds - b.atSeconds);
}

/** Seconds until the next inject appears; null when the script is exhausted. */
export function secondsToNextInject(
  injects: readonly Pick<ScenarioInject, 'atSeconds'>[],
  elapsedSeconds: number,
): number | null {
  const next = injects
    .filter((inject) => inject.atSeconds > elapsedSeconds)
    .map((inject) => inject.atSeconds);
  return next.length === 0 ? null : Math.min(...next) - elapsedSeconds;
}
