/**
 * Crisis channels: playbooks (list, versions, save, duplicate, import/export as JSON or Markdown, template preview,
 * trigger evaluation), incidents (open, timeline events, close with an after-action review, Markdown export),
 * drills (start a scenario, tick steps, write messages, pause/resume, finish with a score card, history and the
 * monthly-drill overview) and prevention audits per group. Every change is audited.
 *
 * Playbook definitions arrive as plain objects and are validated by the service, which answers a bad one with
 * VALIDATION and one localised issue per field (`crisis.errors.invalidPlaybook`).
 */
import { z } from 'zod';
import { slugPattern, templateKinds, type PlaybookInput } from '../../domain/crisis/playbook';
import { evidenceKinds } from '../../domain/crisis/timeline';
import type { TriggerFiring } from '../../domain/crisis/triggers';
import {
  incidentSourceKinds,
  preventionStatuses,
  type DrillDetail,
  type DrillOverview,
  type DrillSummary,
  type ExportedFile,
  type IncidentDetail,
  type IncidentSuggestion,
  type IncidentSummary,
  type PlaybookDetail,
  type PlaybookImportResult,
  type PlaybookSaveResult,
  type PlaybookSummary,
  type PreventionItem,
} from '../../domain/crisis/views';
import type { Page } from '../../domain/types';
import { boundedText, channel, idSchema, noInput, pageInput } from '../channel';

const id = idSchema;
const text = boundedText;
const slug = z.string().regex(slugPattern);
const version = z.number().int().positive();
/** Someone other than the operator did it (until operator profiles exist, several admins share one workstation). */
const actor = text(40).min(1).optional();
const isoInstant = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value)), {
    message: 'ISO date-time expected',
  })
  .transform((value) => Date.parse(value));

/** Checked in depth by the service, so the answer can name every bad field in the user's language. */
const definition = z.custom<PlaybookInput>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  {
    message: 'playbook object expected',
  },
);

const templateValues = z
  .record(z.string().max(20), z.string().max(2000))
  .refine((values) => Object.keys(values).length <= 50);

const exportFormat = z.enum(['json', 'md']);

/** One thing that happened during an incident or a drill. */
export const runEventInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('step_started'), stepId: slug, actor }).strict(),
  z.object({ kind: z.literal('step_done'), stepId: slug, note: text(1000).optional(), actor }).strict(),
  z.object({ kind: z.literal('step_skipped'), stepId: slug, reason: text(1000).min(1), actor }).strict(),
  z.object({ kind: z.literal('note'), text: text(4000).min(1), actor }).strict(),
  z.object({ kind: z.literal('decision'), text: text(4000).min(1), actor }).strict(),
  z
    .object({
      kind: z.literal('message_sent'),
      templateId: slug.optional(),
      channel: z.enum(templateKinds),
      text: text(4000).min(1),
      actor,
    })
    .strict(),
  z
    .object({ kind: z.literal('severity_changed'), severity: slug, reason: text(1000).optional(), actor })
    .strict(),
  z
    .object({
      kind: z.literal('evidence_linked'),
      evidence: z.object({ kind: z.enum(evidenceKinds), id }).strict(),
      note: text(1000).optional(),
      actor,
    })
    .strict(),
]);
export type RunEventInput = z.output<typeof runEventInputSchema>;

const suggestionKey = z.string().min(1).max(200);
const suggestionLookback = z.object({ lookbackDays: z.number().int().min(1).max(90).default(7) }).strict();

export const incidentReviewSchema = z
  .object({
    whatHappened: text(4000).min(1),
    whatWorked: text(4000).default(''),
    whatToChange: text(4000).default(''),
    followUps: z
      .array(z.object({ text: text(500).min(1), owner: text(40).default('') }).strict())
      .max(30)
      .default([]),
  })
  .strict();

export const crisisChannels = {
  'playbooks.list': channel<PlaybookSummary[]>()(noInput),
  'playbooks.get': channel<PlaybookDetail>()(z.object({ id, version: version.optional() }).strict()),
  /** Without `id`: a new playbook (its key must be free). With `id`: a new version, unless nothing changed. */
  'playbooks.save': channel<PlaybookSaveResult>()(
    z.object({ id: id.optional(), definition, note: text(200).default('') }).strict(),
  ),
  'playbooks.duplicate': channel<PlaybookDetail>()(
    z.object({ id, key: slug.optional(), name: text(80).min(1).optional() }).strict(),
  ),
  /** File content as text; `auto` reads JSON when it starts with `{`, Markdown otherwise. */
  'playbooks.import': channel<PlaybookImportResult>()(
    z
      .object({
        content: z.string().min(1).max(1_000_000),
        format: z.enum(['json', 'md', 'auto']).default('auto'),
      })
      .strict(),
  ),
  'playbooks.export': channel<ExportedFile>()(
    z.object({ id, version: version.optional(), format: exportFormat }).strict(),
  ),
  /** Fills a template; `fillMissing` shows 【占位符】 for values not given instead of failing (a preview). */
  'playbooks.renderTemplate': channel<{ text: string; used: string[] }>()(
    z
      .object({
        id,
        version: version.optional(),
        templateId: slug,
        values: templateValues.default({}),
        fillMissing: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Which playbooks' trigger signals fire for these sensitive-word hits (all history, or the window ending at `now`). */
  'playbooks.evaluateTriggers': channel<(TriggerFiring & { playbookId: number; playbookName: string })[]>()(
    z
      .object({
        hits: z
          .array(
            z
              .object({ at: isoInstant, category: text(40).min(1), groupId: id.nullable().optional() })
              .strict(),
          )
          .max(100_000),
        now: isoInstant.optional(),
      })
      .strict(),
  ),

  'incidents.list': channel<Page<IncidentSummary>>()(
    z.object({ status: z.enum(['open', 'closed']).optional(), ...pageInput }).strict(),
  ),
  'incidents.get': channel<IncidentDetail>()(z.object({ id }).strict()),
  /** From a playbook (its current version), by hand, from a trigger or from a review-queue hit. */
  'incidents.open': channel<IncidentDetail>()(
    z
      .object({
        playbookId: id,
        title: text(120).min(1).optional(),
        groupId: id.optional(),
        severity: slug.optional(),
        source: z
          .object({ kind: z.enum(incidentSourceKinds), ref: text(200).min(1).optional() })
          .strict()
          .default({ kind: 'manual' }),
        /** When the problem was noticed, if before now: the step clocks start there. */
        detectedAt: isoInstant.optional(),
        note: text(4000).optional(),
      })
      .strict(),
  ),
  'incidents.addEvent': channel<IncidentDetail>()(z.object({ id, event: runEventInputSchema }).strict()),
  'incidents.close': channel<IncidentDetail>()(z.object({ id, review: incidentReviewSchema }).strict()),
  'incidents.export': channel<ExportedFile>()(z.object({ id }).strict()),
  /**
   * Fills a template of the incident's playbook version; 群名, 事件时间, 处理人 and 预案名称 come from the incident.
   * `fillMissing` shows 【占位符】 for values not given yet instead of failing (a live preview while they are typed).
   */
  'incidents.renderTemplate': channel<{ text: string; used: string[] }>()(
    z
      .object({
        id,
        templateId: slug,
        values: templateValues.default({}),
        fillMissing: z.boolean().default(false),
      })
      .strict(),
  ),
  /** 开启事件 from a review-queue hit: the incident in the hit's group, its message and sender linked as evidence. */
  'incidents.openFromHit': channel<IncidentDetail>()(
    z
      .object({
        hitId: id,
        playbookId: id,
        severity: slug.optional(),
        title: text(120).min(1).optional(),
        note: text(4000).optional(),
      })
      .strict(),
  ),
  /** 建议开启事件: trigger signals firing on review-queue hits of the last `lookbackDays` (up to the newest hit). */
  'incidents.suggestions': channel<IncidentSuggestion[]>()(suggestionLookback),
  /** Accepts a suggestion: an incident at the trigger's severity with the burst's messages as evidence. */
  'incidents.openFromSuggestion': channel<IncidentDetail>()(
    z.object({ key: suggestionKey, ...suggestionLookback.shape }).strict(),
  ),
  'incidents.dismissSuggestion': channel<{ dismissed: true }>()(z.object({ key: suggestionKey }).strict()),

  'drills.start': channel<DrillDetail>()(
    z
      .object({ playbookId: id, scenarioId: slug, participant: text(40).min(1), groupId: id.optional() })
      .strict(),
  ),
  'drills.get': channel<DrillDetail>()(z.object({ id }).strict()),
  'drills.recordStep': channel<DrillDetail>()(
    z
      .object({
        id,
        stepId: slug,
        action: z.enum(['started', 'done', 'skipped']),
        note: text(1000).optional(),
      })
      .strict(),
  ),
  /** The participant's own version of a message (graded against the template's rubric when the drill finishes). */
  'drills.sendMessage': channel<DrillDetail>()(
    z
      .object({ id, templateId: slug.optional(), channel: z.enum(templateKinds), text: text(4000).min(1) })
      .strict(),
  ),
  'drills.pause': channel<DrillDetail>()(z.object({ id, reason: text(200).optional() }).strict()),
  /** Also after an app restart: with no pause open, the time since the last recorded activity is recorded as one. */
  'drills.resume': channel<DrillDetail>()(z.object({ id }).strict()),
  'drills.finish': channel<DrillDetail>()(z.object({ id }).strict()),
  'drills.list': channel<Page<DrillSummary>>()(
    z
      .object({
        participant: text(40).min(1).optional(),
        status: z.enum(['running', 'finished']).optional(),
        ...pageInput,
      })
      .strict(),
  ),
  /** Per participant: drills, scores over time, and who is overdue for the monthly drill. */
  'drills.overview': channel<DrillOverview>()(
    z.object({ intervalDays: z.number().int().min(1).max(365).default(30) }).strict(),
  ),

  'prevention.check': channel<PreventionItem>()(
    z
      .object({
        groupId: id,
        playbookId: id,
        measureId: slug,
        status: z.enum(preventionStatuses),
        note: text(1000).default(''),
      })
      .strict(),
  ),
  'prevention.status': channel<PreventionItem[]>()(z.object({ groupId: id.optional() }).strict()),
} as const;
