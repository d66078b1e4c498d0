/**
 * Crisis playbooks (危机预案): what a moderator does, in which order and how fast, when a group catches fire.
 * A playbook is a plain JSON document validated by `playbookSchema`; the workspace stores every saved version so
 * an incident or a drill can always be read against the exact version it used.
 *
 * Cross-references (a step's owner role, a step's templates, a trigger's severity, a template's placeholders) are
 * checked here, so a bad playbook is refused with one clear issue per field and nothing is stored.
 */
import { z } from 'zod';
import { findPlaceholders } from './templates';

/** 信息泄露 / 广告骚扰 / 舆论危机 / 数据丢失 / 竞品链接误发 / 其他 */
export const riskTypes = [
  'info_leak',
  'ad_spam',
  'opinion_crisis',
  'data_loss',
  'competitor_link',
  'other',
] as const;
export type RiskType = (typeof riskTypes)[number];

/** 群公告 / 私信 / 官方声明 */
export const templateKinds = ['announcement', 'private_message', 'official_statement'] as const;
export type TemplateKind = (typeof templateKinds)[number];

/** 群消息 / 成员举报 / 截图（文字描述）/ 上级询问等提示 */
export const injectKinds = ['message', 'report', 'screenshot', 'prompt'] as const;
export type InjectKind = (typeof injectKinds)[number];

/** Placeholders the app fills itself from the incident or drill; a playbook declares any others it uses. */
export const builtinPlaceholders = ['群名', '事件时间', '处理人', '预案名称'] as const;
export type BuiltinPlaceholder = (typeof builtinPlaceholders)[number];

export const playbookFormat = 'qundesk.playbook';
export const playbookFormatVersion = 1;

/** Issue messages are i18n keys under `crisis.issues`; `describeIssues` turns them into text per field. */
const issue = (key: string) => ({ message: `crisis.issues.${key}` });

export const slugPattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const placeholderNamePattern = /^[\p{L}\p{N}_]{1,20}$/u;

const slug = z.string().trim().regex(slugPattern, issue('slug'));
/** One line of text: titles, labels, names. */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, issue('required'))
    .max(max)
    .regex(/^[^\r\n]*$/, issue('singleLine'));
/** Free text that may span lines; line endings are normalised so exports are stable. */
const paragraph = (max: number) =>
  z
    .string()
    .overwrite((text) => text.replace(/\r\n?/g, '\n'))
    .trim()
    .max(max);
/** A sensitive-word category as the risk engine names it, e.g. `complaint`, `ads`, `privacy`. */
const category = z
  .string()
  .trim()
  .min(1, issue('required'))
  .max(40)
  .regex(/^[^\s`、，,]+$/u, issue('category'));

export const severityLevelSchema = z
  .object({ id: slug, label: line(20), description: paragraph(300).default('') })
  .strict();

export const roleSchema = z.object({ id: slug, label: line(30) }).strict();

export const preventionMeasureSchema = z
  .object({
    id: slug,
    title: line(80),
    description: paragraph(1000).default(''),
    /** How often the measure should be re-checked per group (the audit marks it due after this many days). */
    checkEveryDays: z.number().int().min(1).max(365).default(30),
  })
  .strict();

export const triggerSchema = z
  .object({
    id: slug,
    label: line(80),
    /** Sensitive-word categories whose hits count towards this trigger (any of them). */
    categories: z.array(category).min(1, issue('required')).max(10),
    /** Fires when at least `threshold` hits fall within `windowMinutes` (both ends inclusive). */
    threshold: z.number().int().min(1).max(10_000),
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    /** Severity level the incident opens with when this trigger fires. */
    severity: slug,
  })
  .strict();

export const stepSchema = z
  .object({
    id: slug,
    title: line(80),
    description: paragraph(1000).default(''),
    /** Role id from the playbook's roles. */
    ownerRole: slug,
    /** Target time from the start of the incident, in seconds (e.g. 撤回 within 120). */
    targetSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600),
    /** Optional steps never count as missed. */
    required: z.boolean().default(true),
    /** Templates this step sends, by id. */
    templateIds: z.array(slug).max(5).default([]),
  })
  .strict();

export const stageSchema = z
  .object({ id: slug, title: line(80), steps: z.array(stepSchema).min(1, issue('required')).max(30) })
  .strict();

export const rubricElementSchema = z
  .object({
    id: slug,
    label: line(40),
    /** The element counts as present when the written text contains any of these phrases. */
    anyOf: z
      .array(line(40).regex(/^[^`]*$/, issue('noBacktick')))
      .min(1, issue('required'))
      .max(30),
  })
  .strict();

export const templateSchema = z
  .object({
    id: slug,
    kind: z.enum(templateKinds),
    title: line(80),
    /** Text with `{{占位符}}` placeholders. */
    body: paragraph(4000).pipe(z.string().min(1, issue('required'))),
    /** Elements a drill participant's own version of this message must contain. */
    rubric: z.array(rubricElementSchema).max(10).default([]),
  })
  .strict();

export const placeholderSchema = z
  .object({
    name: z.string().trim().regex(placeholderNamePattern, issue('placeholderName')),
    label: line(40),
    example: line(200).optional(),
  })
  .strict();

export const injectSchema = z
  .object({
    /** Seconds after the drill starts at which the inject appears. */
    atSeconds: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600),
    kind: z.enum(injectKinds),
    from: line(40),
    text: paragraph(2000).pipe(z.string().min(1, issue('required'))),
  })
  .strict();

export const scenarioSchema = z
  .object({
    id: slug,
    title: line(80),
    description: paragraph(2000).default(''),
    injects: z.array(injectSchema).min(1, issue('required')).max(100),
  })
  .strict();

const playbookShape = z
  .object({
    key: slug,
    name: line(80),
    riskType: z.enum(riskTypes),
    summary: paragraph(2000).default(''),
    /** Lowest first. */
    severityLevels: z.array(severityLevelSchema).min(1, issue('required')).max(6),
    defaultSeverity: slug,
    roles: z.array(roleSchema).min(1, issue('required')).max(20),
    prevention: z.array(preventionMeasureSchema).max(30).default([]),
    triggers: z.array(triggerSchema).max(20).default([]),
    stages: z.array(stageSchema).min(1, issue('required')).max(10),
    templates: z.array(templateSchema).max(30).default([]),
    placeholders: z.array(placeholderSchema).max(30).default([]),
    scenarios: z.array(scenarioSchema).max(20).default([]),
  })
  .strict();

type PlaybookShape = z.output<typeof playbookShape>;
type Ctx = z.core.$RefinementCtx<PlaybookShape>;

function reportDuplicates(
  ctx: Ctx,
  items: readonly { id?: string; name?: string }[],
  path: (string | number)[],
  field: 'id' | 'name',
) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = item[field];
    if (value === undefined) return;
    if (seen.has(value)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, index, field],
        ...issue('duplicate'),
        params: { value },
      });
    }
    seen.add(value);
  });
}

function checkReferences(playbook: PlaybookShape, ctx: Ctx): void {
  reportDuplicates(ctx, playbook.severityLevels, ['severityLevels'], 'id');
  reportDuplicates(ctx, playbook.roles, ['roles'], 'id');
  reportDuplicates(ctx, playbook.prevention, ['prevention'], 'id');
  reportDuplicates(ctx, playbook.triggers, ['triggers'], 'id');
  reportDuplicates(ctx, playbook.stages, ['stages'], 'id');
  reportDuplicates(ctx, playbook.templates, ['templates'], 'id');
  reportDuplicates(ctx, playbook.placeholders, ['placeholders'], 'name');
  reportDuplicates(ctx, playbook.scenarios, ['scenarios'], 'id');

  const severities = new Set(playbook.severityLevels.map((level) => level.id));
  const roles = new Set(playbook.roles.map((role) => role.id));
  const templates = new Set(playbook.templates.map((template) => template.id));
  const placeholders = new Set<string>([...builtinPlaceholders, ...playbook.placeholders.map((p) => p.name)]);
  const unknown = (path: (string | number)[], key: string, value: string) =>
    ctx.addIssue({ code: 'custom', path, ...issue(key), params: { value } });

  if (!severities.has(playbook.defaultSeverity))
    unknown(['defaultSeverity'], 'unknownSeverity', playbook.defaultSeverity);
  playbook.triggers.forEach((trigger, index) => {
    if (!severities.has(trigger.severity))
      unknown(['triggers', index, 'severity'], 'unknownSeverity', trigger.severity);
  });

  const stepIds = new Set<string>();
  playbook.stages.forEach((stage, stageIndex) => {
    stage.steps.forEach((step, stepIndex) => {
      const path = ['stages', stageIndex, 'steps', stepIndex];
      // Step ids are unique across stages: timelines and scores refer to a step by its id alone.
      if (stepIds.has(step.id))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'id'],
          ...issue('duplicate'),
          params: { value: step.id },
        });
      stepIds.add(step.id);
      if (!roles.has(step.ownerRole)) unknown([...path, 'ownerRole'], 'unknownRole', step.ownerRole);
      step.templateIds.forEach((templateId, templateIndex) => {
        if (!templates.has(templateId))
          unknown([...path, 'templateIds', templateIndex], 'unknownTemplate', templateId);
      });
    });
  });

  playbook.templates.forEach((template, index) => {
    reportDuplicates(ctx, template.rubric, ['templates', index, 'rubric'], 'id');
    const found = findPlaceholders(template.body);
    for (const problem of found.malformed) {
      ctx.addIssue({
        code: 'custom',
        path: ['templates', index, 'body'],
        ...issue('malformedPlaceholder'),
        params: { value: problem.text },
      });
    }
    for (const name of found.names) {
      if (!placeholders.has(name)) unknown(['templates', index, 'body'], 'unknownPlaceholder', name);
    }
  });
}

/**
 * Cross-references are checked even when some fields already failed (a bad enum value, a too-long title), so one
 * pass names every problem; only a wrong type or a missing field, which breaks the shape, skips them.
 */
export const playbookSchema = playbookShape.superRefine(checkReferences, {
  when: (payload) =>
    payload.issues.every((issue) => issue.code !== 'invalid_type' && issue.code !== 'invalid_union'),
});

/** A validated playbook definition (what a version stores). */
export type Playbook = z.output<typeof playbookSchema>;
/** What an author writes: defaults may be left out. */
export type PlaybookInput = z.input<typeof playbookSchema>;
export type PlaybookStep = Playbook['stages'][number]['steps'][number];
export type PlaybookTemplate = Playbook['templates'][number];
export type PlaybookScenario = Playbook['scenarios'][number];
export type PlaybookTrigger = Playbook['triggers'][number];
export type RubricElement = PlaybookTemplate['rubric'][number];
export type ScenarioInject = PlaybookScenario['injects'][number];

/** A step with its stage and its position in the playbook's overall order. */
export interface OrderedStep extends PlaybookStep {
  stageId: string;
  stageTitle: string;
  order: number;
}

/** Every step in playbook order (stage by stage). */
export function orderedSteps(playbook: Pick<Playbook, 'stages'>): OrderedStep[] {
  return playbook.stages
    .flatMap((stage) => stage.steps.map((step) => ({ ...step, stageId: stage.id, stageTitle: stage.title })))
    .map((step, order) => ({ ...step, order }));
}

/** Every placeholder a template of this playbook may use: the built-in ones and the declared ones. */
export function knownPlaceholders(playbook: Pick<Playbook, 'placeholders'>): Set<string> {
  return new Set<string>([
    ...builtinPlaceholders,
    ...playbook.placeholders.map((placeholder) => placeholder.name),
  ]);
}

/** The stable JSON text of a definition: the same playbook always serialises to the same text (used to skip no-op saves). */
export function canonicalPlaybookJson(playbook: Playbook): string {
  return JSON.stringify(playbook);
}
