/**
 * What the crisis channels return: JSON-safe views (times as ISO strings) over playbooks, incidents, drills and
 * prevention audits.
 */
import type { Playbook, InjectKind, RiskType, TemplateKind } from './playbook';
import type { TriggerFiring } from './triggers';
import type { RunScore, ReviewLine } from './scoring';
import type { EvidenceKind, SlaStatus, StepState, TimelineEventKind } from './timeline';

export const playbookOrigins = ['starter', 'user', 'import', 'duplicate'] as const;
export type PlaybookOrigin = (typeof playbookOrigins)[number];

export interface PlaybookSummary {
  id: number;
  key: string;
  name: string;
  riskType: RiskType;
  currentVersion: number;
  origin: PlaybookOrigin;
  stageCount: number;
  stepCount: number;
  triggerCount: number;
  preventionCount: number;
  templateCount: number;
  scenarioCount: number;
  createdAt: string;
  updatedAt: string;
  /** What the library cards and the start forms show, so they need not fetch each playbook. */
  summary: string;
  /** Lowest first. */
  severityLevels: Playbook['severityLevels'];
  defaultSeverity: string;
  /** Sensitive-word categories any trigger counts (lower case): picks the playbook for a review-queue hit. */
  triggerCategories: string[];
  scenarios: PlaybookScenarioBrief[];
}

export interface PlaybookScenarioBrief {
  id: string;
  title: string;
  description: string;
  injectCount: number;
  /** Offset of the last inject. */
  lengthSeconds: number;
}

export interface PlaybookVersionInfo {
  version: number;
  createdAt: string;
  createdBy: string;
  note: string;
}

export interface PlaybookDetail extends PlaybookSummary {
  /** The version `definition` belongs to (the current one unless an older one was asked for). */
  version: number;
  definition: Playbook;
  /** Newest first. */
  versions: PlaybookVersionInfo[];
}

export interface PlaybookSaveResult {
  playbook: PlaybookDetail;
  /** False when the definition was identical to the current version (nothing stored). */
  versionCreated: boolean;
}

export interface PlaybookImportResult extends PlaybookSaveResult {
  /** True when the file's key was new to this workspace. */
  created: boolean;
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface TimelineEventView {
  id: number;
  at: string;
  kind: TimelineEventKind;
  actor: string;
  stepId: string | null;
  text: string | null;
  severity: string | null;
  templateId: string | null;
  channel: TemplateKind | null;
  evidence: { kind: EvidenceKind; id: number; label?: string } | null;
}

export interface StepStateView extends Omit<StepState, 'startedAt' | 'finishedAt'> {
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunStateView {
  /** When the state was computed; with `elapsedSeconds` the UI can keep a clock running. */
  asOf: string;
  elapsedSeconds: number;
  pausedSeconds: number;
  paused: boolean;
  severity: string;
  currentStageId: string | null;
  steps: StepStateView[];
  counts: Record<SlaStatus, number>;
}

export const incidentSourceKinds = ['manual', 'trigger', 'review_hit'] as const;
export type IncidentSourceKind = (typeof incidentSourceKinds)[number];

export interface IncidentSummary {
  id: number;
  title: string;
  playbookId: number;
  playbookKey: string;
  playbookName: string;
  playbookVersion: number;
  groupId: number | null;
  groupName: string | null;
  source: { kind: IncidentSourceKind; ref: string | null };
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
}

/**
 * A playbook's trigger signal that fired on recent review-queue hits (e.g. 5 complaint hits in 10 minutes in one
 * group): a suggestion to open an incident, which only the moderator can act on.
 */
export interface IncidentSuggestion extends Omit<TriggerFiring, 'windowStart' | 'firedAt'> {
  /** Names this burst: accepting or dismissing it uses this key. */
  key: string;
  playbookId: number;
  playbookName: string;
  triggerLabel: string;
  groupName: string | null;
  severityLabel: string;
  categories: string[];
  windowStart: string;
  firedAt: string;
}

export interface IncidentReview {
  whatHappened: string;
  whatWorked: string;
  whatToChange: string;
  followUps: { text: string; owner: string }[];
}

export interface RenderedReviewLine extends ReviewLine {
  text: string;
}

export interface RenderedReview {
  wentWell: RenderedReviewLine[];
  toImprove: RenderedReviewLine[];
}

export interface IncidentDetail extends IncidentSummary {
  definition: Playbook;
  events: TimelineEventView[];
  state: RunStateView;
  review: IncidentReview | null;
  /** A machine draft of the after-action review from the step timings, to start the review from. */
  reviewDraft: RenderedReview;
}

export interface DrillInjectView {
  seq: number;
  atSeconds: number;
  kind: InjectKind;
  from: string;
  text: string;
}

export interface DrillSummary {
  id: number;
  playbookId: number;
  playbookKey: string;
  playbookName: string;
  playbookVersion: number;
  scenarioId: string;
  scenarioTitle: string;
  participant: string;
  groupId: number | null;
  status: 'running' | 'finished';
  startedAt: string;
  finishedAt: string | null;
  score: number | null;
}

export interface DrillScoreCard extends RunScore {
  review: RenderedReview;
}

export interface DrillDetail extends DrillSummary {
  definition: Playbook;
  /** The whole script; the UI shows those with `atSeconds <= state.elapsedSeconds`. */
  injects: DrillInjectView[];
  dueInjects: number;
  secondsToNextInject: number | null;
  events: TimelineEventView[];
  state: RunStateView;
  scoreCard: DrillScoreCard | null;
}

export interface DrillParticipantOverview {
  participant: string;
  drills: number;
  finished: number;
  lastStartedAt: string;
  lastScore: number | null;
  averageScore: number | null;
  /** Finished drills' scores, oldest first (at most the last 12). */
  trend: number[];
  daysSinceLast: number;
  /** No drill within the monthly interval. */
  overdue: boolean;
}

export interface DrillOverview {
  intervalDays: number;
  participants: DrillParticipantOverview[];
}

export const preventionStatuses = ['ok', 'gap', 'not_applicable'] as const;
export type PreventionStatus = (typeof preventionStatuses)[number];

export interface PreventionItem {
  groupId: number;
  groupName: string;
  playbookId: number;
  playbookKey: string;
  playbookName: string;
  measureId: string;
  title: string;
  checkEveryDays: number;
  lastCheckedAt: string | null;
  lastStatus: PreventionStatus | null;
  lastNote: string;
  checkedBy: string | null;
  /** When the next check is due; null when never checked or not applicable. */
  dueAt: string | null;
  /** never checked / ok and within its interval / a gap was found / ok but due again / not applicable. */
  state: 'never' | 'ok' | 'gap' | 'due' | 'not_applicable';
}
