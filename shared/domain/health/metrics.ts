/**
 * The health metrics of the operations guide's monitoring table (群活跃度 日/周, 消息转化率 per activity,
 * 成员留存率 monthly, 投诉率 real time) plus the context figures a card shows beside them. Names and definitions are
 * i18n keys (`health.metrics.<id>.name` / `.definition`) so the tooltip and the CLI say the same thing.
 * Rates are fractions (0.12 = 12 %); bands are fractions too.
 */

/** Metrics with bands: the ones a card's status is made of, in the order a card lists them. */
export const bandedMetricIds = [
  'dailyActivityRate',
  'weeklyActivityRate',
  'retention30',
  'silentWakeUpRate',
  'complaintRate',
  'conversionRate',
] as const;
export type BandedMetricId = (typeof bandedMetricIds)[number];

/** Context figures shown under the banded ones. */
export const contextMetricIds = [
  'messagesPerDay',
  'memberCount',
  'netGrowth',
  'activeDaysPerMember',
] as const;

export const healthMetricIds = [...bandedMetricIds, ...contextMetricIds] as const;
export type HealthMetricId = (typeof healthMetricIds)[number];

export type MetricUnit = 'percent' | 'count' | 'perDay' | 'days';
/** Which way is good; `neutral` metrics are context (no band, the trend arrow stays grey). */
export type MetricDirection = 'higherIsBetter' | 'lowerIsBetter' | 'neutral';
/** How often the guide says to look at it. */
export type MetricPeriod = 'daily' | 'weekly' | 'monthly' | 'realtime' | 'activity';

/**
 * Thresholds in the metric's unit. Higher-is-better: below `red` is red, below `amber` amber, else green.
 * Lower-is-better: above `red` is red, above `amber` amber, else green.
 */
export interface Bands {
  amber: number;
  red: number;
}

export interface MetricDefinition {
  id: HealthMetricId;
  unit: MetricUnit;
  direction: MetricDirection;
  period: MetricPeriod;
  /** Defaults written by the team; operators can override them per workspace or per group. */
  defaultBands: Bands | null;
  /**
   * Smaller moves than this read as flat: absolute in the unit for rates (0.005 = half a percentage point),
   * relative to the previous value for counts (0.05 = 5 %).
   */
  flatWithin: { absolute: number } | { relative: number };
}

const points = (absolute: number) => ({ absolute });
const relative = (share: number) => ({ relative: share });

export const metricDefinitions: Readonly<Record<HealthMetricId, MetricDefinition>> = {
  dailyActivityRate: {
    id: 'dailyActivityRate',
    unit: 'percent',
    direction: 'higherIsBetter',
    period: 'daily',
    defaultBands: { amber: 0.1, red: 0.05 },
    flatWithin: points(0.005),
  },
  weeklyActivityRate: {
    id: 'weeklyActivityRate',
    unit: 'percent',
    direction: 'higherIsBetter',
    period: 'weekly',
    defaultBands: { amber: 0.3, red: 0.15 },
    flatWithin: points(0.01),
  },
  retention30: {
    id: 'retention30',
    unit: 'percent',
    direction: 'higherIsBetter',
    period: 'monthly',
    defaultBands: { amber: 0.8, red: 0.6 },
    flatWithin: points(0.02),
  },
  silentWakeUpRate: {
    id: 'silentWakeUpRate',
    unit: 'percent',
    direction: 'higherIsBetter',
    period: 'monthly',
    defaultBands: { amber: 0.05, red: 0.02 },
    flatWithin: points(0.005),
  },
  complaintRate: {
    id: 'complaintRate',
    unit: 'percent',
    direction: 'lowerIsBetter',
    period: 'realtime',
    defaultBands: { amber: 0.003, red: 0.01 },
    flatWithin: points(0.0005),
  },
  conversionRate: {
    id: 'conversionRate',
    unit: 'percent',
    direction: 'higherIsBetter',
    period: 'activity',
    defaultBands: { amber: 0.15, red: 0.05 },
    flatWithin: points(0.01),
  },
  messagesPerDay: {
    id: 'messagesPerDay',
    unit: 'perDay',
    direction: 'neutral',
    period: 'daily',
    defaultBands: null,
    flatWithin: relative(0.05),
  },
  memberCount: {
    id: 'memberCount',
    unit: 'count',
    direction: 'neutral',
    period: 'daily',
    defaultBands: null,
    flatWithin: relative(0.01),
  },
  netGrowth: {
    id: 'netGrowth',
    unit: 'count',
    direction: 'neutral',
    period: 'weekly',
    defaultBands: null,
    flatWithin: { absolute: 0 },
  },
  activeDaysPerMember: {
    id: 'activeDaysPerMember',
    unit: 'days',
    direction: 'neutral',
    period: 'weekly',
    defaultBands: null,
    flatWithin: relative(0.05),
  },
};

/** The retention window: still in the group this many days after joining. */
export const retentionDays = 30;

/**
 * Checks a threshold pair against its metric: both inside 0..1 for rates, and ordered so the amber band lies
 * between green and red. Returns a problem key (for the UI) or null.
 */
export function bandsProblem(
  metric: HealthMetricId,
  bands: Bands,
): 'outOfRange' | 'order' | 'noBands' | null {
  const definition = metricDefinitions[metric];
  if (definition.direction === 'neutral' || definition.defaultBands === null) return 'noBands';
  const finite = Number.isFinite(bands.amber) && Number.isFinite(bands.red);
  const inRange =
    definition.unit !== 'percent' ||
    (bands.amber >= 0 && bands.amber <= 1 && bands.red >= 0 && bands.red <= 1);
  if (!finite || !inRange) return 'outOfRange';
  const ordered =
    definition.direction === 'higherIsBetter' ? bands.red <= bands.amber : bands.red >= bands.amber;
  return ordered ? null : 'order';
}

/** The time-series charts, each tied to the metric whose bands it draws (if any). */
export const seriesIds = [
  'dailyActivityRate',
  'weeklyActivityRate',
  'messages',
  'speakers',
  'growth',
  'wakeUps',
] as const;
export type SeriesId = (typeof seriesIds)[number];

export interface SeriesDefinition {
  id: SeriesId;
  /** Lines (or stacked bars) of the chart, each with an i18n label `health.lines.<key>`. */
  lines: readonly string[];
  unit: MetricUnit;
  chart: 'line' | 'bar' | 'stacked' | 'growth';
  /** Its bands are drawn behind the line. */
  metric: BandedMetricId | null;
}

export const seriesDefinitions: Readonly<Record<SeriesId, SeriesDefinition>> = {
  dailyActivityRate: {
    id: 'dailyActivityRate',
    lines: ['rate'],
    unit: 'percent',
    chart: 'line',
    metric: 'dailyActivityRate',
  },
  weeklyActivityRate: {
    id: 'weeklyActivityRate',
    lines: ['rate'],
    unit: 'percent',
    chart: 'line',
    metric: 'weeklyActivityRate',
  },
  messages: { id: 'messages', lines: ['messages'], unit: 'count', chart: 'bar', metric: null },
  speakers: { id: 'speakers', lines: ['returning', 'new'], unit: 'count', chart: 'stacked', metric: null },
  growth: { id: 'growth', lines: ['joins', 'leaves', 'size'], unit: 'count', chart: 'growth', metric: null },
  wakeUps: { id: 'wakeUps', lines: ['wakeUps'], unit: 'count', chart: 'bar', metric: null },
};
