/**
 * Health dashboard channels. Ranges are whole UTC+8 days: `days` ending on `to` ('YYYY-MM-DD'), or, without `to`,
 * on the last day that has messages. `groupId` absent means every group together (memberships counted per group).
 * Outputs are SQL aggregates: counts per day, hour, month or member — never message rows.
 */
import { z } from 'zod';
import { dateOfDay, dayOfDate } from '../../domain/health/days';
import { bandedMetricIds, seriesIds } from '../../domain/health/metrics';
import type {
  ChannelMixReport,
  CohortReport,
  ConversionReport,
  HealthOverview,
  HeatmapReport,
  MetricSeries,
  ThresholdView,
  TopReport,
  ViolationReport,
} from '../../domain/health/types';
import {
  maxOutreachMembers,
  maxOutreachNoteLength,
  outreachChannels,
  wakeSettingBounds,
  type Outreach,
  type OutreachReport,
  type WakeSettings,
} from '../../domain/health/wakeUp';
import { boundedText, channel, idSchema, noInput } from '../channel';
import { instantSchema } from './calendar';

/** Longest range a dashboard request may cover: a year and a day (leap years). */
export const maxHealthRangeDays = 366;

export const healthDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD expected')
  .refine((value) => {
    const day = dayOfDate(value);
    // Month 13 parses to NaN, 02-30 to 03-01: only a date that round-trips exists.
    return value >= '1970-01-01' && value <= '2199-12-31' && Number.isFinite(day) && dateOfDay(day) === value;
  }, 'no such date');

const rangeShape = {
  days: z.number().int().min(1).max(maxHealthRangeDays).default(30),
  to: healthDateSchema.optional(),
};
const groupShape = { groupId: idSchema.optional() };
/** A rate threshold as a fraction (0.05 = 5 %). */
const bandValue = z.number().min(0).max(1);
const wakeDays = (bounds: { min: number; max: number }) => z.number().int().min(bounds.min).max(bounds.max);

export const healthChannels = {
  /** A health card per group: RAG status, trend against the previous equal period, what changed. */
  'health.overview': channel<HealthOverview>()(z.object({ ...groupShape, ...rangeShape }).strict()),
  /** One chart's series for a group (or all) over a range, with the bands to draw and annotations. */
  'health.metric': channel<MetricSeries>()(
    z.object({ series: z.enum(seriesIds), ...groupShape, ...rangeShape }).strict(),
  ),
  /** Messages by weekday × hour of day. */
  'health.heatmap': channel<HeatmapReport>()(z.object({ ...groupShape, ...rangeShape }).strict()),
  /** Monthly join cohorts × months since joining: still present, still speaking. */
  'health.cohorts': channel<CohortReport>()(
    z
      .object({
        ...groupShape,
        months: z.number().int().min(1).max(24).default(6),
        to: healthDateSchema.optional(),
      })
      .strict(),
  ),
  /** Top members and words, message-kind mix, members by active days. */
  'health.top': channel<TopReport>()(
    z.object({ ...groupShape, ...rangeShape, limit: z.number().int().min(1).max(50).default(10) }).strict(),
  ),
  /** Join channels of the member DB: stays begun in the range and members at its end. */
  'health.channels': channel<ChannelMixReport>()(z.object({ ...groupShape, ...rangeShape }).strict()),
  /** Activities started in the range: members reached, conversions, rate and band each, and the overall rate. */
  'health.conversions': channel<ConversionReport>()(z.object({ ...groupShape, ...rangeShape }).strict()),
  /** Live sensitive-word hits per category in the range (the breakdown beside the complaint rate). */
  'health.violations': channel<ViolationReport>()(z.object({ ...groupShape, ...rangeShape }).strict()),
  /** Rebuilds the daily rollups from the messages, as a job (they are kept by imports; this is the repair). */
  'health.rebuildRollups': channel<{ jobId: string }>()(noInput),
  /** The bands in force for a group (or workspace-wide without `groupId`), and where each comes from. */
  'health.thresholds': channel<ThresholdView[]>()(z.object({ ...groupShape }).strict()),
  /** Overrides one metric's bands for a group or (groupId null) every group; `bands: null` goes back to inherited. */
  'health.updateThresholds': channel<ThresholdView[]>()(
    z
      .object({
        groupId: idSchema.nullable(),
        metric: z.enum(bandedMetricIds),
        bands: z.object({ amber: bandValue, red: bandValue }).strict().nullable(),
      })
      .strict(),
  ),
  /** Wake-up outreach (唤醒触达) done in the range, each with the members it found silent and how many woke. */
  'health.outreach': channel<OutreachReport>()(z.object({ ...groupShape, ...rangeShape }).strict()),
  /**
   * Records an outreach: when, how, a note and the members reached (absent: every member of the group silent at
   * that moment, snapshotted now). Refused in the future, for nobody, or for members not of the group.
   */
  'health.recordOutreach': channel<Outreach>()(
    z
      .object({
        groupId: idSchema,
        at: instantSchema,
        channel: z.enum(outreachChannels),
        note: boundedText(maxOutreachNoteLength).default(''),
        memberIds: z.array(idSchema).min(1).max(maxOutreachMembers).optional(),
      })
      .strict(),
  ),
  'health.deleteOutreach': channel<{ deleted: true }>()(z.object({ id: idSchema }).strict()),
  /** The silence that makes a member silent and the response window after an action (days). */
  'health.wakeSettings': channel<WakeSettings>()(noInput),
  'health.updateWakeSettings': channel<WakeSettings>()(
    z
      .object({
        silenceDays: wakeDays(wakeSettingBounds.silenceDays),
        responseDays: wakeDays(wakeSettingBounds.responseDays),
      })
      .strict(),
  ),
};
