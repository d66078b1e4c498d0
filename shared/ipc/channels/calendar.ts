/**
 * Content calendar and activity planner channels. Instants go in as ISO date-times with an offset
 * ('2026-11-25T14:00:00+08:00') and come out as ISO UTC strings; local dates are 'YYYY-MM-DD' in each group's zone.
 * An entry of the calendar is addressed as `{ id, occurrenceDate }` exactly as `calendar.items` returns it: for an
 * occurrence generated from a series, the change is stored as an edited occurrence of that series.
 * Every change is audited and announced with `data.changed` (see the handlers for the entities).
 */
import { z } from 'zod';
import { activityGoals } from '../../domain/calendar/activities';
import { activityPointsRulesSchema, maxCheckInKeywordLength } from '../../domain/calendar/activityPoints';
import { cadencePeriods, maxTimesPerPeriod, type CadenceRuleFields } from '../../domain/calendar/cadence';
import type { CapSettings } from '../../domain/calendar/caps';
import { activityKinds, contentTypes, sendChannels } from '../../domain/calendar/contentTypes';
import type { ActivityTemplate } from '../../domain/calendar/activities';
import {
  isWebLink,
  materialKinds,
  maxMaterialTagLength,
  maxMaterialTags,
  type Material,
  type MaterialTag,
} from '../../domain/calendar/materials';
import type { SpecialDate } from '../../domain/calendar/specialDates';
import type { ExportedFile } from '../../domain/crisis/views';
import {
  isLocalDate,
  maxUtcOffsetMinutes,
  minUtcOffsetMinutes,
  toDayNumber,
} from '../../domain/calendar/localTime';
import {
  maxRecurrenceCount,
  maxRecurrenceInterval,
  recurrenceFrequencies,
} from '../../domain/calendar/recurrence';
import {
  checkInSources,
  type Activity,
  type ActivityPointsSummary,
  type ActivityReport,
  type CadenceSettings,
  type CalendarEntry,
  type CalendarItem,
  type CalendarItemDetail,
  type CapReport,
  type CheckIn,
  type GapReportView,
  type MessageCheckInResult,
  type StreakReport,
} from '../../domain/calendar/types';
import { draftStatuses } from '../../domain/calendar/workflow';
import { boundedText, channel, idSchema, noInput } from '../channel';

const id = idSchema;
const text = boundedText;

/** Longest range one request may expand (a year and a bit: a year view plus its edges). */
export const maxRangeDays = 400;

export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD expected')
  .refine((value) => isLocalDate(value) && value >= '1970-01-01' && value <= '2199-12-31', 'no such date');

/** An ISO date-time with its offset or Z; handlers receive epoch ms. */
export const instantSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => value >= '1970' && value < '2200', 'date out of range')
  .transform((value) => Date.parse(value));

const rangeShape = { from: localDateSchema, to: localDateSchema };
function checkRange(range: { from: string; to: string }, context: z.core.$RefinementCtx): void {
  // zod still runs this after a field failed its own check: a malformed date is reported there (and would throw here).
  if (!isLocalDate(range.from) || !isLocalDate(range.to)) return;
  if (range.to < range.from)
    context.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  else if (toDayNumber(range.to) - toDayNumber(range.from) >= maxRangeDays) {
    context.addIssue({ code: 'custom', path: ['to'], message: `at most ${maxRangeDays} days` });
  }
}

const weekdaySchema = z.literal([1, 2, 3, 4, 5, 6, 7]);
const minuteOfDay = z.number().int().min(0).max(1440);

export const cadenceRuleSchema = z
  .object({
    contentType: z.enum(contentTypes),
    period: z.enum(cadencePeriods),
    timesPerPeriod: z.number().int().min(1).max(maxTimesPerPeriod),
    windowStart: minuteOfDay.max(1439),
    windowEnd: minuteOfDay.min(1),
    weekdays: z.array(weekdaySchema).min(1).max(7).default([1, 2, 3, 4, 5, 6, 7]),
    lastDays: z.number().int().min(1).max(92).nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((rule) => rule.windowEnd > rule.windowStart, {
    path: ['windowEnd'],
    message: 'window must end after it starts',
  });

export const recurrenceSchema = z
  .object({
    freq: z.enum(recurrenceFrequencies),
    interval: z.number().int().min(1).max(maxRecurrenceInterval).default(1),
    byWeekday: z.array(weekdaySchema).max(7).default([]),
    end: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('never') }).strict(),
        z.object({ kind: z.literal('until'), until: localDateSchema }).strict(),
        z
          .object({ kind: z.literal('count'), count: z.number().int().min(1).max(maxRecurrenceCount) })
          .strict(),
      ])
      .default({ kind: 'never' }),
  })
  .strict();

export const calendarItemInputSchema = z
  .object({
    /** Absent: create. A series' id with `occurrenceDate`: edit that occurrence only. */
    id: id.optional(),
    occurrenceDate: localDateSchema.optional(),
    groupId: id,
    title: text(200).min(1),
    contentType: z.enum(contentTypes),
    channel: z.enum(sendChannels).default('manual'),
    startsAt: instantSchema,
    durationMinutes: z.number().int().min(0).max(100_000).default(30),
    /** Rich text as the operator writes it (emoji included). */
    body: z.string().max(20_000).default(''),
    attachments: z.array(text(260).min(1)).max(50).default([]),
    notes: text(2000).default(''),
    recurrence: recurrenceSchema.nullable().default(null),
  })
  .strict();

const entryRef = { id, occurrenceDate: localDateSchema.optional() };

const capSettingsSchema = z
  .object({
    customerMassPerDay: z.number().int().min(0).max(100),
    groupMassPerMonth: z.number().int().min(0).max(10_000).nullable(),
  })
  .partial()
  .strict();

const runSheetTaskSchema = z
  .object({
    task: text(200).min(1),
    owner: text(80).default(''),
    at: instantSchema.nullable().default(null),
    done: z.boolean().default(false),
  })
  .strict();

export const activityInputSchema = z
  .object({
    id: id.optional(),
    groupId: id,
    kind: z.enum(activityKinds),
    title: text(200).min(1),
    /** Defaults to the kind's goal. */
    goal: z.enum(activityGoals).optional(),
    startsAt: instantSchema,
    /** Defaults to the kind's usual length. */
    endsAt: instantSchema.optional(),
    budgetCents: z.number().int().min(0).max(10_000_000_000).default(0),
    /** Days in a row that unlock a reward; defaults to the kind's ladder. */
    rewardLadder: z.array(z.number().int().min(1).max(366)).max(10).optional(),
    runSheet: z.array(runSheetTaskSchema).max(100).default([]),
    materials: z
      .array(z.object({ name: text(200).min(1), done: z.boolean().default(false) }).strict())
      .max(100)
      .default([]),
    notes: text(5000).default(''),
    /** Messages containing it in the activity's window count as check-ins; defaults to the kind's (打卡). */
    checkInKeyword: text(maxCheckInKeywordLength).optional(),
    /** Points per check-in day, per rung reached, for taking part; defaults to the kind's. */
    pointsRules: activityPointsRulesSchema.optional(),
  })
  .strict();

export const checkInEntrySchema = z
  .object({
    participant: text(80).min(1),
    memberId: id.optional(),
    /** When they checked in; defaults to now. */
    at: instantSchema.optional(),
  })
  .strict();

export const materialInputSchema = z
  .object({
    id: id.optional(),
    kind: z.enum(materialKinds),
    title: text(200).min(1),
    body: z.string().max(20_000).default(''),
    /** An image's file name or path; a link's http(s) URL. */
    reference: text(2000).default(''),
    tags: z.array(text(maxMaterialTagLength)).max(maxMaterialTags).default([]),
  })
  .strict()
  .superRefine((material, context) => {
    if (material.kind === 'image' && (material.reference === '' || material.reference.length > 260))
      context.addIssue({
        code: 'custom',
        path: ['reference'],
        message: 'a file name or path, up to 260 characters',
      });
    if (material.kind === 'link' && !isWebLink(material.reference))
      context.addIssue({ code: 'custom', path: ['reference'], message: 'an http(s) URL' });
    if ((material.kind === 'text' || material.kind === 'template') && material.body.trim() === '')
      context.addIssue({ code: 'custom', path: ['body'], message: 'the text is empty' });
  });

/** Entered results: a whole number, or null for "not entered". */
const enteredCount = z.number().int().min(0).max(100_000_000).nullable();

export const calendarChannels = {
  /** Entries whose local date (in their group's zone) lies in [from, to], series expanded; by group or all. */
  'calendar.items': channel<CalendarEntry[]>()(
    z
      .object({ ...rangeShape, groupId: id.optional() })
      .strict()
      .superRefine(checkRange),
  ),
  /** A stored item with its status history (a series with its skipped and edited dates). */
  'calendar.get': channel<CalendarItemDetail>()(z.object({ id }).strict()),
  'calendar.save': channel<CalendarItem>()(calendarItemInputSchema),
  /** Drag to reschedule: moves an entry; a series moves whole (its skipped and edited dates with it). */
  'calendar.move': channel<CalendarItem>()(z.object({ ...entryRef, startsAt: instantSchema }).strict()),
  /** Deletes an entry; for an occurrence of a series, skips it. */
  'calendar.delete': channel<{ deleted: true }>()(z.object(entryRef).strict()),
  'calendar.skipOccurrence': channel<CalendarItem>()(
    z.object({ id, occurrenceDate: localDateSchema }).strict(),
  ),
  'calendar.restoreOccurrence': channel<CalendarItem>()(
    z.object({ id, occurrenceDate: localDateSchema }).strict(),
  ),
  /** Expected slots against planned entries and activities, per group, with the gaps as i18n messages. */
  'calendar.gaps': channel<GapReportView>()(
    z
      .object({ ...rangeShape, groupId: id.optional() })
      .strict()
      .superRefine(checkRange),
  ),
  /** Days and months in the range where planned WeCom mass sends exceed the caps. */
  'calendar.capWarnings': channel<CapReport>()(z.object(rangeShape).strict().superRefine(checkRange)),
  'calendar.caps': channel<CapSettings>()(noInput),
  'calendar.updateCaps': channel<CapSettings>()(capSettingsSchema),
  /** Holidays, adjusted working days, festivals, commerce dates and solar terms touching the range, with topic ideas. */
  'calendar.specialDates': channel<SpecialDate[]>()(z.object(rangeShape).strict().superRefine(checkRange)),
  /** The plan of a range as an iCalendar file, or as the printable weekly plan in Markdown. */
  'calendar.export': channel<ExportedFile>()(
    z
      .object({ ...rangeShape, groupId: id.optional(), format: z.enum(['ics', 'markdown']) })
      .strict()
      .superRefine(checkRange),
  ),

  /** The material library; every search term must match (words, or pinyin of title and tags). */
  'materials.list': channel<Material[]>()(
    z
      .object({
        query: text(200).optional(),
        tag: text(maxMaterialTagLength).min(1).optional(),
        kind: z.enum(materialKinds).optional(),
      })
      .strict(),
  ),
  'materials.tags': channel<MaterialTag[]>()(noInput),
  'materials.save': channel<Material>()(materialInputSchema),
  'materials.delete': channel<{ deleted: true }>()(z.object({ id }).strict()),

  'cadence.get': channel<CadenceSettings>()(z.object({ groupId: id }).strict()),
  /** Replaces the group's rules (and zone, when given). */
  'cadence.update': channel<CadenceSettings>()(
    z
      .object({
        groupId: id,
        utcOffsetMinutes: z.number().int().min(minUtcOffsetMinutes).max(maxUtcOffsetMinutes).optional(),
        rules: z.array(cadenceRuleSchema).max(50),
      })
      .strict(),
  ),
  /** 'replace' drops the current rules; 'merge' adds the template's rules for content types not covered yet. */
  'cadence.applyTemplate': channel<CadenceSettings>()(
    z
      .object({
        groupId: id,
        template: z.enum(['operations', 'activities']),
        mode: z.enum(['replace', 'merge']).default('merge'),
      })
      .strict(),
  ),
  'cadence.templates': channel<{ operations: CadenceRuleFields[]; activities: CadenceRuleFields[] }>()(
    noInput,
  ),

  /** Moves a draft along idea → draft → review → approved → sent (or back); approval runs the sensitive check. */
  'drafts.transition': channel<CalendarItem>()(
    z
      .object({
        ...entryRef,
        to: z.enum(draftStatuses).exclude(['sent']),
        reason: text(500).optional(),
        /** Approves a draft with high-severity sensitive hits; must say why. */
        overrideReason: text(500).min(1).optional(),
      })
      .strict(),
  ),
  /** The send step: records when and by whom an approved entry went out. */
  'drafts.markSent': channel<CalendarItem>()(
    z.object({ ...entryRef, sentAt: instantSchema.optional(), sentBy: text(80).min(1).optional() }).strict(),
  ),

  'activities.list': channel<Activity[]>()(
    z
      .object({ from: localDateSchema.optional(), to: localDateSchema.optional(), groupId: id.optional() })
      .strict()
      .refine((range) => !range.from || !range.to || range.to >= range.from, {
        path: ['to'],
        message: 'to must not be before from',
      }),
  ),
  'activities.get': channel<Activity>()(z.object({ id }).strict()),
  'activities.save': channel<Activity>()(activityInputSchema),
  'activities.delete': channel<{ deleted: true }>()(z.object({ id }).strict()),
  'activities.templates': channel<ActivityTemplate[]>()(noInput),
  /** What the operator records after an activity; null clears a value. */
  'activities.recordResults': channel<Activity>()(
    z
      .object({
        id,
        participantsEntered: enteredCount,
        conversions: enteredCount,
        spentCents: z.number().int().min(0).max(10_000_000_000).nullable(),
      })
      .strict(),
  ),
  /** What the activity wrote to members' ledgers, per member, what is still to write, who is not linked. */
  'activities.points': channel<ActivityPointsSummary>()(z.object({ id }).strict()),
  /** 发放积分: writes the points its check-ins earn; from then on check-in changes keep the ledgers in step. */
  'activities.issuePoints': channel<ActivityPointsSummary>()(z.object({ id }).strict()),
  /** The post-event report, with the other activities of the same kind for comparison. */
  'activities.report': channel<ActivityReport>()(z.object({ id }).strict()),

  /** Records check-ins (duplicates of the same participant and instant are counted, not stored twice). */
  'checkins.record': channel<{ added: number; duplicates: number }>()(
    z
      .object({
        activityId: id,
        source: z.enum(checkInSources).default('manual'),
        entries: z.array(checkInEntrySchema).min(1).max(5000),
      })
      .strict(),
  ),
  'checkins.list': channel<CheckIn[]>()(z.object({ activityId: id }).strict()),
  /**
   * Check-ins from the group's imported messages containing the keyword (default: the activity's) inside the
   * activity's window, one per person per day; days already recorded are skipped. `dryRun` only counts.
   */
  'checkins.fromMessages': channel<MessageCheckInResult>()(
    z
      .object({
        activityId: id,
        keyword: text(maxCheckInKeywordLength).min(1).optional(),
        dryRun: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Links the check-ins entered under a name (not linked yet) to a member. */
  'checkins.link': channel<{ linked: number }>()(
    z.object({ activityId: id, participant: text(80).min(1), memberId: id }).strict(),
  ),
  'checkins.remove': channel<{ deleted: true }>()(z.object({ id }).strict()),
  /** Streaks per participant as of a day (default: today, or the activity's last day once it is over). */
  'checkins.streaks': channel<StreakReport>()(
    z.object({ activityId: id, asOf: localDateSchema.optional() }).strict(),
  ),
} as const;

export type CalendarItemInput = z.output<typeof calendarItemInputSchema>;
export type ActivityInput = z.output<typeof activityInputSchema>;
export type CadenceRuleInput = z.output<typeof cadenceRuleSchema>;
export type MaterialInput = z.output<typeof materialInputSchema>;
