/** What the health channels return. JSON-safe: dates are 'YYYY-MM-DD' (UTC+8 days), months 'YYYY-MM'. */
import type { MessageKind } from '../types';
import type { ConversionBasis } from './conversion';
import type { MetricChange, Rag, Trend } from './evaluate';
import type { Bands, BandedMetricId, HealthMetricId, SeriesId } from './metrics';
import type { WordCount } from './words';

export interface ResolvedRange {
  from: string;
  to: string;
  days: number;
}

/**
 * Why a metric has no value: `noData` (nothing to divide by in this range), `noScan` (the sensitive-word scan has
 * not covered these messages yet: unknown, not zero), `noSource` (the data it needs is not kept yet).
 */
export type MetricStatus = 'ok' | 'noData' | 'noScan' | 'noSource';

export interface MetricValue {
  value: number | null;
  status: MetricStatus;
  /** The counts behind a rate, for the tooltip ("12 / 150"). */
  numerator?: number;
  denominator?: number;
}

export interface CardMetric {
  metric: HealthMetricId;
  current: MetricValue;
  previous: MetricValue;
  /** The bands in force for this group (null for context metrics). */
  bands: Bands | null;
  rag: Rag | null;
  trend: Trend;
}

export interface HealthCard {
  groupId: number;
  groupName: string;
  /** The worst band among the metrics that have a value; null when none has. */
  status: Rag | null;
  metrics: CardMetric[];
  changes: MetricChange[];
}

export interface HealthOverview {
  range: ResolvedRange;
  previous: ResolvedRange;
  /** The last day with messages in the workspace (the default range ends there); null for an empty one. */
  dataEndsOn: string | null;
  cards: HealthCard[];
}

export type AnnotationKind = 'import' | 'activity' | 'incident' | 'calendar' | 'outreach';

/** A mark on the time axis that may explain a dip or a spike. */
export interface Annotation {
  date: string;
  kind: AnnotationKind;
  label: string;
  groupId: number | null;
}

export interface MetricSeries {
  series: SeriesId;
  range: ResolvedRange;
  dates: string[];
  /** One array per line of the series' definition, aligned with `dates`; null where undefined (no members). */
  lines: { key: string; values: (number | null)[] }[];
  /** Bands of the metric the chart draws behind its line. */
  bands: Bands | null;
  annotations: Annotation[];
}

export interface HeatmapReport {
  range: ResolvedRange;
  /** cells[weekday - 1][hour]: messages, weekday 1 = Monday … 7 = Sunday, hours 0–23 in UTC+8. */
  cells: number[][];
  max: number;
  total: number;
}

export interface CohortCell {
  /** Months since the join month (0 = the join month itself). */
  offset: number;
  /** Still in the group at the end of that month (or now, for the current month). */
  present: number;
  /** Sent at least one message during that month. */
  speaking: number;
  /** The month has not ended yet. */
  partial: boolean;
}

export interface CohortRow {
  month: string;
  joined: number;
  cells: CohortCell[];
}

export interface CohortReport {
  /** The last month shown (the `to` date's month). */
  through: string;
  cohorts: CohortRow[];
}

export interface TopMember {
  memberId: number;
  name: string;
  messages: number;
  activeDays: number;
}

export interface ActiveDaysBucket {
  /** Inclusive bounds; `max` null for the open last bucket. */
  min: number;
  max: number | null;
  members: number;
}

export interface TopReport {
  range: ResolvedRange;
  members: TopMember[];
  words: WordCount[];
  /** Text messages read for the words (the newest ones, up to `wordSampleLimit`). */
  wordSample: number;
  wordSampleLimit: number;
  kinds: { kind: MessageKind; messages: number }[];
  activeDays: ActiveDaysBucket[];
}

/** Members by the join channel of the member DB ('unknown' when it has none). */
export interface ChannelMixRow {
  channel: string;
  /** Stays begun during the range (returns included). */
  joined: number;
  /** In the group at the end of the range. */
  members: number;
}

export interface ChannelMixReport {
  range: ResolvedRange;
  channels: ChannelMixRow[];
}

export type ThresholdSource = 'default' | 'workspace' | 'group';

export interface ThresholdView {
  metric: BandedMetricId;
  defaults: Bands;
  bands: Bands;
  /** Where `bands` come from: the built-in defaults, a workspace-wide override or this group's own. */
  source: ThresholdSource;
}

/** One activity's conversion rate, judged against the bands of its group. */
export interface ActivityConversion {
  activityId: number;
  groupId: number;
  groupName: string;
  title: string;
  /** The start day, 'YYYY-MM-DD' (UTC+8). */
  date: string;
  /** Members of the group present when the activity started. */
  reached: number;
  /** Entered conversions, else participants; null when nothing was recorded. */
  converted: number | null;
  basis: ConversionBasis | null;
  rate: number | null;
  rag: Rag | null;
}

export interface ConversionReport {
  range: ResolvedRange;
  /** The bands in force for the scope (the group's, or workspace-wide for all groups). */
  bands: Bands;
  /** Sum converted ÷ sum reached over the activities that have a rate. */
  total: MetricValue;
  activities: ActivityConversion[];
}

/** Live sensitive-word hits per category in the range, beside the complaint rate. */
export interface ViolationReport {
  range: ResolvedRange;
  /** `noScan`: the scan has not read any message of the scope yet (unknown, not zero). */
  status: 'ok' | 'noScan';
  scannedMessages: number;
  complaintMessages: number;
  categories: { category: string; hits: number }[];
}
