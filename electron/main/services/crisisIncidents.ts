/**
 * Incidents (事件): a real run of a playbook version with a live clock, ticked steps, a timeline of notes, decisions,
 * messages and evidence, and an after-action review on close. Every change is audited in the same transaction.
 */
import type { Locale, Page } from '../../../shared/domain/types';
import { exportIncidentMarkdown } from '../../../shared/domain/crisis/incidentMarkdown';
import { reviewDraft, scoreRun } from '../../../shared/domain/crisis/scoring';
import { runState } from '../../../shared/domain/crisis/timeline';
import type {
  ExportedFile,
  IncidentDetail,
  IncidentReview,
  IncidentSourceKind,
  IncidentSummary,
} from '../../../shared/domain/crisis/views';
import type { RunEventInput } from '../../../shared/ipc/channels/crisis';
import { AppError } from '../../../shared/ipc/errors';
import {
  closeIncidentRow,
  findGroupName,
  findIncident,
  insertEvent,
  insertIncident,
  listEvents,
  listIncidentRows,
  type IncidentRow,
} from '../db/repositories/crisisRuns';
import { exportWatermark } from './audit';
import type { ServiceContext } from './context';
import { findReviewHit } from '../db/repositories/crisisSignals';
import { translate } from '../../../shared/i18n';
import { requireCurrentPlaybook } from './crisisPlaybooks';
import {
  assertSeverity,
  auditCrisis,
  buildRunEvent,
  formatLocalTime,
  iso,
  iso0,
  loadDefinition,
  privacyDetectorCheck,
  renderDefinitionTemplate,
  renderReview,
  toEventView,
  toStateView,
} from './crisisRuns';

function summarize(row: IncidentRow): IncidentSummary {
  return {
    id: row.id,
    title: row.title,
    playbookId: row.playbookId,
    playbookKey: row.playbookKey,
    playbookName: row.playbookName,
    playbookVersion: row.playbookVersion,
    groupId: row.groupId,
    groupName: row.groupName,
    source: { kind: row.sourceKind, ref: row.sourceRef },
    status: row.status,
    openedAt: iso(row.openedAt),
    openedBy: row.openedBy,
    closedAt: iso0(row.closedAt),
  };
}

function requireIncident(context: ServiceContext, id: number): IncidentRow {
  const row = findIncident(context.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'crisis.errors.incidentNotFound', { id });
  return row;
}

function requireOpen(context: ServiceContext, id: number): IncidentRow {
  const row = requireIncident(context, id);
  if (row.status !== 'open') throw new AppError('CONFLICT', 'crisis.errors.incidentClosed', { id });
  return row;
}

export function getIncident(context: ServiceContext, id: number, locale: Locale): IncidentDetail {
  const row = requireIncident(context, id);
  const definition = loadDefinition(context.db, row.playbookId, row.playbookVersion);
  const events = listEvents(context.db, { incidentId: id });
  const clock = { startedAt: row.openedAt, now: row.closedAt ?? Math.max(context.now(), row.openedAt) };
  return {
    ...summarize(row),
    definition,
    events: events.map(toEventView),
    state: toStateView(runState(definition, events, clock), clock.now),
    review: row.review === null ? null : (JSON.parse(row.review) as IncidentReview),
    reviewDraft: renderReview(
      reviewDraft(definition, scoreRun(definition, events, clock, privacyDetectorCheck), locale),
      locale,
    ),
  };
}

export function listIncidents(
  context: ServiceContext,
  filter: { status?: 'open' | 'closed' | undefined; offset: number; limit: number },
): Page<IncidentSummary> {
  const page = listIncidentRows(context.db, {
    ...(filter.status ? { status: filter.status } : {}),
    offset: filter.offset,
    limit: filter.limit,
  });
  return { total: page.total, rows: page.rows.map(summarize) };
}

export interface OpenIncidentInput {
  playbookId: number;
  title?: string | undefined;
  groupId?: number | undefined;
  severity?: string | undefined;
  source: { kind: IncidentSourceKind; ref?: string | undefined };
  detectedAt?: number | undefined;
  note?: string | undefined;
}

export function openIncident(
  context: ServiceContext,
  input: OpenIncidentInput,
  locale: Locale,
): IncidentDetail {
  const id = context.db.transaction(() => insertOpenedIncident(context, input))();
  return getIncident(context, id, locale);
}

/**
 * Opens an incident on the playbook's current version with its `detected` event, audited; call it inside a
 * transaction (evidence and notes of the same change go into the same one). Returns the incident's id.
 */
export function insertOpenedIncident(context: ServiceContext, input: OpenIncidentInput): number {
  const { row: playbook, definition } = requireCurrentPlaybook(context, input.playbookId);
  const now = context.now();
  const groupName = input.groupId === undefined ? null : findGroupName(context.db, input.groupId);
  if (input.groupId !== undefined && groupName === null) {
    throw new AppError('NOT_FOUND', 'crisis.errors.groupNotFound', { id: input.groupId });
  }
  const severity = input.severity ?? definition.defaultSeverity;
  assertSeverity(definition, severity);
  const detectedAt = input.detectedAt ?? now;
  if (detectedAt > now) throw new AppError('VALIDATION', 'crisis.errors.futureTime');
  const title = input.title ?? (groupName ? `${definition.name} · ${groupName}` : definition.name);
  const operator = context.operator();
  const incidentId = insertIncident(context.db, {
    title,
    playbookId: playbook.id,
    playbookVersion: playbook.currentVersion,
    groupId: input.groupId ?? null,
    sourceKind: input.source.kind,
    sourceRef: input.source.ref ?? null,
    openedAt: detectedAt,
    openedBy: operator,
  });
  insertEvent(
    context.db,
    { incidentId },
    {
      at: detectedAt,
      kind: 'detected',
      actor: operator,
      severity,
      ...(input.note ? { text: input.note } : {}),
    },
  );
  auditCrisis(context, 'incident', incidentId, 'open', {
    playbook: playbook.key,
    version: playbook.currentVersion,
    severity,
    source: input.source,
  });
  return incidentId;
}

/** Records one timeline event of an open incident, audited; call it inside a transaction. */
function recordIncidentEvent(context: ServiceContext, id: number, input: RunEventInput): void {
  const row = requireOpen(context, id);
  const definition = loadDefinition(context.db, row.playbookId, row.playbookVersion);
  const event = buildRunEvent(
    context.db,
    definition,
    listEvents(context.db, { incidentId: id }),
    input,
    context.now(),
    context.operator(),
  );
  const eventId = insertEvent(context.db, { incidentId: id }, event);
  auditCrisis(context, 'incident', id, 'event', {
    event: eventId,
    kind: event.kind,
    ...(event.stepId ? { step: event.stepId } : {}),
    actor: event.actor,
  });
}

/** Links a message or member to an incident as evidence, inside the caller's transaction. */
export function linkEvidence(
  context: ServiceContext,
  incidentId: number,
  evidence: { kind: 'message' | 'member'; id: number },
  note?: string,
): void {
  recordIncidentEvent(context, incidentId, { kind: 'evidence_linked', evidence, ...(note ? { note } : {}) });
}

/**
 * 开启事件 from a hit of the review queue, in one transaction: the incident (in the hit's group), its message and
 * the sender's member record as evidence.
 */
export function openIncidentFromHit(
  context: ServiceContext,
  input: {
    hitId: number;
    playbookId: number;
    severity?: string | undefined;
    title?: string | undefined;
    note?: string | undefined;
  },
  locale: Locale,
): IncidentDetail {
  const id = context.db.transaction(() => {
    const hit = findReviewHit(context.db, input.hitId);
    if (!hit) throw new AppError('NOT_FOUND', 'crisis.errors.hitNotFound', { id: input.hitId });
    const incidentId = insertOpenedIncident(context, {
      playbookId: input.playbookId,
      title: input.title,
      groupId: hit.groupId,
      severity: input.severity,
      source: { kind: 'review_hit', ref: `hit:${hit.id}` },
      note: input.note,
    });
    const category = translate(locale, `sensitive.category.${hit.category}`);
    linkEvidence(
      context,
      incidentId,
      { kind: 'message', id: hit.messageId },
      translate(locale, 'crisis.evidenceNotes.hit', { text: hit.text, category }),
    );
    if (hit.memberId !== null) {
      linkEvidence(
        context,
        incidentId,
        { kind: 'member', id: hit.memberId },
        translate(locale, 'crisis.evidenceNotes.sender'),
      );
    }
    return incidentId;
  })();
  return getIncident(context, id, locale);
}

export function addIncidentEvent(
  context: ServiceContext,
  id: number,
  input: RunEventInput,
  locale: Locale,
): IncidentDetail {
  context.db.transaction(() => recordIncidentEvent(context, id, input))();
  return getIncident(context, id, locale);
}

export function closeIncident(
  context: ServiceContext,
  id: number,
  review: IncidentReview,
  locale: Locale,
): IncidentDetail {
  context.db.transaction(() => {
    requireOpen(context, id);
    const now = context.now();
    insertEvent(
      context.db,
      { incidentId: id },
      { at: now, kind: 'closed', actor: context.operator(), text: review.whatHappened },
    );
    closeIncidentRow(context.db, id, now, JSON.stringify(review));
    auditCrisis(context, 'incident', id, 'close', { followUps: review.followUps.length });
  })();
  return getIncident(context, id, locale);
}

export function exportIncident(context: ServiceContext, id: number, locale: Locale): ExportedFile {
  const detail = getIncident(context, id, locale);
  const markdown = exportIncidentMarkdown(detail, locale);
  // The report names members and quotes their messages: stamped like the other exports of personal data.
  const watermark = exportWatermark(context.db, { operator: context.operator(), now: context.now() });
  const fileName = `incident-${id}-${detail.openedAt.slice(0, 10)}.md`;
  // Personal data leaving the app: recorded with who took it, as member and audit-log exports are.
  auditCrisis(context, 'incident', id, 'export', { file: fileName, watermarked: watermark !== undefined });
  return {
    fileName,
    mimeType: 'text/markdown',
    content: watermark === undefined ? markdown : `> ${watermark}\n\n${markdown}`,
  };
}

export function renderIncidentTemplate(
  context: ServiceContext,
  input: {
    id: number;
    templateId: string;
    values: Record<string, string>;
    fillMissing?: boolean | undefined;
  },
  locale: Locale,
): { text: string; used: string[] } {
  const row = requireIncident(context, input.id);
  const definition = loadDefinition(context.db, row.playbookId, row.playbookVersion);
  const builtins: Record<string, string> = {
    事件时间: formatLocalTime(row.openedAt),
    处理人: context.operator(),
    预案名称: definition.name,
    ...(row.groupName !== null ? { 群名: row.groupName } : {}),
  };
  return renderDefinitionTemplate(
    definition,
    input.templateId,
    { ...builtins, ...input.values },
    locale,
    input.fillMissing ?? false,
  );
}
