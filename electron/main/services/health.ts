/**
 * The health dashboard: cards per group (RAG, trend against the previous equal period, what changed), time series,
 * heatmap, cohorts and top lists, all computed from the SQL aggregates of db/repositories/health.ts.
 * Ranges are whole UTC+8 days; without an explicit end they end on the last day that has messages (capped at today),
 * so an archive imported months later still shows its own last 30 days.
 */
import {
  dateOfDay,
  dayMs,
  dayOfDate,
  dayOfInstant,
  daysOf,
  firstDayOfMonth,
  instantOfDay,
  labelOfMonth,
  monthOfDay,
  previousRange,
  rangeLength,
  type DayRange,
} from '../../../shared/domain/health/days';
import {
  describeChanges,
  ragOf,
  trendOf,
  worstRag,
  type MetricReading,
} from '../../../shared/domain/health/evaluate';
import {
  buildFlows,
  bucketActiveDays,
  channelMix,
  countsFrom,
  MembershipTimeline,
  share,
  type MembershipFlow,
} from '../../../shared/domain/health/membership';
import {
  bandedMetricIds,
  bandsProblem,
  contextMetricIds,
  metricDefinitions,
  retentionDays,
  seriesDefinitions,
  type Bands,
  type BandedMetricId,
  type HealthMetricId,
  type SeriesId,
} from '../../../shared/domain/health/metrics';
import type {
  CardMetric,
  ChannelMixReport,
  CohortReport,
  CohortRow,
  HealthCard,
  HealthOverview,
  HeatmapReport,
  MetricSeries,
  MetricValue,
  ResolvedRange,
  ThresholdView,
  TopReport,
} from '../../../shared/domain/health/types';
import { defaultWakeSettings, type WakeSettings } from '../../../shared/domain/health/wakeUp';
import { WordCounter } from '../../../shared/domain/health/words';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  activeDaysDistribution,
  cohortCounts,
  dailyActivity,
  firstMessageAt,
  groupNames,
  heatmapCounts,
  kindMix,
  latestMessageAt,
  listThresholds,
  membershipFlowRows,
  newSpeakersByDay,
  recentTexts,
  retention,
  readWakeSettings,
  rollingActive,
  saveThreshold,
  saveWakeSettings,
  silentWakeUp,
  topMembers,
  wakeUpsByDay,
  type HealthScope,
  type WakeWindows,
} from '../db/repositories/health';
import { refreshHealthRollups, rollupVersion } from '../db/repositories/healthRollups';
import type { ServiceContext } from './context';
import type { HealthSources } from './healthSources';

export interface RangeInput {
  days: number;
  /** The last day, 'YYYY-MM-DD'; absent: the last day with messages. */
  to?: string | undefined;
}

export const weekDays = 7;
/**
 * Top words read at most this many of the newest text messages: Intl.Segmenter costs about 1 µs a character,
 * and ten thousand messages already rank a group's words steadily.
 */
export const wordSampleLimit = 10_000;

// Ranges and scopes -------------------------------------------------------------------------------------------------

/** The day the dashboard ends on by default: the last day with messages, not after today. */
export function defaultEndDay(context: ServiceContext): { day: number; dataEndsOn: string | null } {
  const today = dayOfInstant(context.now());
  const latest = latestMessageAt(context.db);
  const day = latest === null ? today : Math.min(today, dayOfInstant(latest));
  return { day, dataEndsOn: latest === null ? null : dateOfDay(dayOfInstant(latest)) };
}

export function resolveRange(context: ServiceContext, input: RangeInput, defaultEnd?: number): DayRange {
  const toDay = input.to !== undefined ? dayOfDate(input.to) : (defaultEnd ?? defaultEndDay(context).day);
  return { fromDay: toDay - input.days + 1, toDay };
}

export function describeRange(range: DayRange): ResolvedRange {
  return { from: dateOfDay(range.fromDay), to: dateOfDay(range.toDay), days: rangeLength(range) };
}

/** One group (checked) or every group. */
export function groupIdsFor(context: ServiceContext, groupId: number | undefined): number[] {
  const all = groupNames(context.db).map((group) => group.id);
  if (groupId === undefined) return all;
  if (!all.includes(groupId)) throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id: groupId });
  return [groupId];
}

const caches = new WeakMap<ServiceContext['db'], Map<string, { version: string; value: unknown }>>();
/** Results kept per connection; the entries of the last few scopes are plenty for a dashboard. */
const cacheEntries = 256;

/**
 * A result computed once per version of the data: the rollups' generation and the memberships' version (both read
 * from the database, so writes of other connections and worker threads count too).
 */
function cachedResult<T>(context: ServiceContext, key: string, compute: () => T): T {
  const { messages, memberships } = rollupVersion(context.db);
  const version = `${messages}:${memberships}`;
  let cache = caches.get(context.db);
  if (!cache) caches.set(context.db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit?.version === version) return hit.value as T;
  const value = compute();
  cache.delete(key);
  cache.set(key, { version, value });
  if (cache.size > cacheEntries) cache.delete(cache.keys().next().value!);
  return value;
}

/**
 * Every stay of the groups' memberships, in total and per join channel. One query per group over all time, kept
 * until a membership or a message changes; several groups' flows simply add up.
 */
export function membershipFlows(context: ServiceContext, groupIds: readonly number[]) {
  return buildFlows(
    groupIds.flatMap((groupId) =>
      cachedResult(context, `flow:${groupId}`, () => membershipFlowRows(context.db, [groupId])),
    ),
  );
}

function timelineOf(flow: MembershipFlow, range: DayRange): MembershipTimeline {
  return new MembershipTimeline(countsFrom(flow, range.fromDay), range.toDay);
}

function timelineFor(context: ServiceContext, scope: HealthScope): MembershipTimeline {
  return timelineOf(membershipFlows(context, scope.groupIds).total, scope);
}

/**
 * Folds new and changed messages into the rollups before a read. Imports keep them current batch by batch, so this
 * is one indexed lookup unless messages came another way (the demo, a merge, a failed import taken back out).
 */
export function freshRollups(context: ServiceContext): void {
  refreshHealthRollups(context.db);
}

// Thresholds --------------------------------------------------------------------------------------------------------

export function thresholdsFor(context: ServiceContext, groupId: number | null): ThresholdView[] {
  const rows = listThresholds(context.db, groupId);
  return bandedMetricIds.map((metric) => {
    const defaults = metricDefinitions[metric].defaultBands!;
    const workspace = rows.find((row) => row.metric === metric && row.groupId === null);
    const own =
      groupId === null ? undefined : rows.find((row) => row.metric === metric && row.groupId === groupId);
    const chosen = own ?? workspace;
    return {
      metric,
      defaults,
      bands: chosen ? { amber: chosen.amber, red: chosen.red } : defaults,
      source: own ? 'group' : workspace ? 'workspace' : 'default',
    };
  });
}

function bandsByMetric(context: ServiceContext, groupId: number | null): Map<HealthMetricId, Bands> {
  return new Map(thresholdsFor(context, groupId).map((view) => [view.metric, view.bands]));
}

/** Sets (or with `bands: null` removes) one override, audited; returns the thresholds now in force. */
export function updateThreshold(
  context: ServiceContext,
  input: { groupId: number | null; metric: BandedMetricId; bands: Bands | null },
): ThresholdView[] {
  if (input.groupId !== null) groupIdsFor(context, input.groupId);
  if (input.bands !== null) {
    const problem = bandsProblem(input.metric, input.bands);
    if (problem) throw new AppError('VALIDATION', `health.errors.${problem}`, { metric: input.metric });
  }
  context.db.transaction(() => {
    const now = context.now();
    saveThreshold(context.db, input, now, context.operator());
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: input.bands === null ? 'delete' : 'update',
      entity: 'healthThreshold',
      entityId: input.groupId,
      detail: { metric: input.metric, ...(input.bands ?? {}) },
    });
  })();
  return thresholdsFor(context, input.groupId);
}

// Wake-up settings: the silence and the response window of the silent wake-up rate ---------------------------------

export function wakeSettings(context: ServiceContext): WakeSettings {
  return readWakeSettings(context.db) ?? { ...defaultWakeSettings };
}

/** The silence and response window in ms, as the queries take them. */
export function wakeWindows(context: ServiceContext): WakeWindows {
  const settings = wakeSettings(context);
  return { silence: settings.silenceDays * dayMs, response: settings.responseDays * dayMs };
}

export function updateWakeSettings(context: ServiceContext, input: WakeSettings): WakeSettings {
  context.db.transaction(() => {
    const now = context.now();
    saveWakeSettings(context.db, input, now, context.operator());
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'update',
      entity: 'healthWakeSettings',
      entityId: null,
      detail: { ...input },
    });
  })();
  return wakeSettings(context);
}

// Cards -------------------------------------------------------------------------------------------------------------

export const noSource = (status: MetricValue['status']): MetricValue => ({ value: null, status });

/** A share with its counts, or `noData` when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): MetricValue {
  const value = share(numerator, denominator);
  return value === null ? { value, status: 'noData' } : { value, status: 'ok', numerator, denominator };
}

function plain(value: number): MetricValue {
  return { value, status: 'ok' };
}

/**
 * The first day the archive of these groups covers (null: no messages at all). Before it, "no message" only means
 * nothing was imported, so message-based figures there are unknown rather than zero.
 */
export function coverageStart(context: ServiceContext, groupIds: readonly number[]): number | null {
  const first = firstMessageAt(context.db, groupIds);
  return first === null ? null : dayOfInstant(first);
}

const unknown = (): MetricValue => noSource('noData');

/** Every card metric of one period, for a set of groups. */
export function readPeriod(
  context: ServiceContext,
  sources: HealthSources,
  groupIds: readonly number[],
  range: DayRange,
  flow: MembershipFlow = membershipFlows(context, groupIds).total,
): Record<HealthMetricId, MetricValue> {
  const scope: HealthScope = { groupIds, ...range };
  const timeline = timelineOf(flow, scope);
  const complaints = sources.complaints.complaints(scope);
  const conversions = sources.conversions.conversions(scope);
  const windowMs = retentionDays * dayMs;
  const cohort = retention(
    context.db,
    groupIds,
    instantOfDay(range.fromDay) - windowMs,
    instantOfDay(range.toDay + 1) - windowMs,
    windowMs,
  );
  const membership = {
    retention30: rate(cohort.retained, cohort.joined),
    complaintRate: complaints
      ? rate(complaints.complaintMessages, complaints.scannedMessages)
      : noSource('noScan'),
    conversionRate: conversions ? rate(conversions.converted, conversions.reached) : noSource('noSource'),
    memberCount: plain(timeline.sizeAtEndOf(range.toDay)),
    netGrowth: plain(timeline.sizeAtEndOf(range.toDay) - timeline.sizeAtEndOf(range.fromDay - 1)),
  };

  // Message-based figures only over the days the archive covers.
  const firstDay = coverageStart(context, groupIds);
  if (firstDay === null || firstDay > range.toDay) {
    const none = { dailyActivityRate: unknown(), weeklyActivityRate: unknown(), silentWakeUpRate: unknown() };
    return { ...membership, ...none, messagesPerDay: unknown(), activeDaysPerMember: unknown() };
  }
  const covered: DayRange = { fromDay: Math.max(range.fromDay, firstDay), toDay: range.toDay };
  const days = dailyActivity(context.db, { groupIds, ...covered });
  const memberDays = days.reduce((sum, row) => sum + row.active, 0);
  const messages = days.reduce((sum, row) => sum + row.messages, 0);
  const presentDays = daysOf(covered).reduce((sum, day) => sum + timeline.presentDuring(day, day), 0);
  const present = timeline.presentDuring(covered.fromDay, covered.toDay);

  const weekFrom = Math.max(covered.fromDay, range.toDay - weekDays + 1);
  const lastDay = { groupIds, fromDay: range.toDay, toDay: range.toDay };
  const weekActive = rollingActive(context.db, lastDay, range.toDay - weekFrom + 1).get(range.toDay) ?? 0;
  // Each action counts only where the archive reaches back the whole silence before it (see wakeUp.ts).
  const wake = silentWakeUp(context.db, scope, wakeWindows(context));

  return {
    ...membership,
    dailyActivityRate: rate(memberDays, presentDays),
    weeklyActivityRate: rate(weekActive, timeline.presentDuring(weekFrom, range.toDay)),
    silentWakeUpRate: rate(wake.woken, wake.targeted),
    messagesPerDay: plain(messages / rangeLength(covered)),
    activeDaysPerMember: present > 0 ? plain(memberDays / present) : unknown(),
  };
}

/** A card from two periods' readings and the bands in force. */
export function buildCard(
  group: { id: number; name: string },
  current: Record<HealthMetricId, MetricValue>,
  previous: Record<HealthMetricId, MetricValue>,
  bands: ReadonlyMap<HealthMetricId, Bands>,
): HealthCard {
  const metrics: CardMetric[] = [...bandedMetricIds, ...contextMetricIds].map((metric) => {
    const metricBands = bands.get(metric) ?? null;
    return {
      metric,
      current: current[metric],
      previous: previous[metric],
      bands: metricBands,
      rag: ragOf(metric, current[metric].value, metricBands),
      trend: trendOf(metric, current[metric].value, previous[metric].value),
    };
  });
  const readings: MetricReading[] = metrics.map((item) => ({
    metric: item.metric,
    current: item.current.value,
    previous: item.previous.value,
    bands: item.bands,
  }));
  return {
    groupId: group.id,
    groupName: group.name,
    status: worstRag(metrics.map((item) => item.rag)),
    metrics,
    changes: describeChanges(readings),
  };
}

export function healthOverview(
  context: ServiceContext,
  sources: HealthSources,
  input: RangeInput & { groupId?: number | undefined },
): HealthOverview {
  freshRollups(context);
  const end = defaultEndDay(context);
  const range = resolveRange(context, input, end.day);
  const previous = previousRange(range);
  const wanted = input.groupId === undefined ? null : groupIdsFor(context, input.groupId);
  const groups = groupNames(context.db).filter((group) => wanted === null || wanted.includes(group.id));
  const cards = groups.map((group) => {
    const flow = membershipFlows(context, [group.id]).total;
    return buildCard(
      group,
      readPeriod(context, sources, [group.id], range, flow),
      readPeriod(context, sources, [group.id], previous, flow),
      bandsByMetric(context, group.id),
    );
  });
  return {
    range: describeRange(range),
    previous: describeRange(previous),
    dataEndsOn: end.dataEndsOn,
    cards,
  };
}

// Series ------------------------------------------------------------------------------------------------------------

function seriesLines(
  context: ServiceContext,
  series: SeriesId,
  scope: HealthScope,
): Record<string, (number | null)[]> {
  const days = daysOf(scope);
  const { db } = context;
  const firstDay = coverageStart(context, scope.groupIds) ?? Number.POSITIVE_INFINITY;
  /** null where the archive does not reach back `lookBack` days before the day. */
  const coveredOr = (day: number, lookBack: number, value: () => number | null) =>
    day - lookBack < firstDay ? null : value();
  switch (series) {
    case 'dailyActivityRate': {
      const timeline = timelineFor(context, scope);
      const active = new Map(dailyActivity(db, scope).map((row) => [row.day, row.active]));
      return {
        rate: days.map((day) =>
          coveredOr(day, 0, () => share(active.get(day) ?? 0, timeline.presentDuring(day, day))),
        ),
      };
    }
    case 'weeklyActivityRate': {
      const timeline = timelineFor(context, { ...scope, fromDay: scope.fromDay - weekDays + 1 });
      const active = rollingActive(db, scope, weekDays);
      const rateOn = (day: number) =>
        share(active.get(day) ?? 0, timeline.presentDuring(day - weekDays + 1, day));
      return { rate: days.map((day) => coveredOr(day, weekDays - 1, () => rateOn(day))) };
    }
    case 'messages': {
      const messages = new Map(dailyActivity(db, scope).map((row) => [row.day, row.messages]));
      return { messages: days.map((day) => messages.get(day) ?? 0) };
    }
    case 'speakers': {
      const active = new Map(dailyActivity(db, scope).map((row) => [row.day, row.active]));
      const fresh = newSpeakersByDay(db, scope);
      return {
        returning: days.map((day) => (active.get(day) ?? 0) - (fresh.get(day) ?? 0)),
        new: days.map((day) => fresh.get(day) ?? 0),
      };
    }
    case 'growth': {
      const timeline = timelineFor(context, scope);
      return {
        joins: days.map((day) => timeline.joinsOn(day)),
        leaves: days.map((day) => timeline.leavesOn(day)),
        size: days.map((day) => timeline.sizeAtEndOf(day)),
      };
    }
    case 'wakeUps': {
      // The members the card's rate counts as woken, on the day they spoke again (days after the range: not drawn).
      const wakeUps = wakeUpsByDay(db, scope, wakeWindows(context));
      return { wakeUps: days.map((day) => coveredOr(day, 0, () => wakeUps.get(day) ?? 0)) };
    }
  }
}

export function metricSeries(
  context: ServiceContext,
  sources: HealthSources,
  input: RangeInput & { series: SeriesId; groupId?: number | undefined },
): MetricSeries {
  freshRollups(context);
  const groupIds = groupIdsFor(context, input.groupId);
  const range = resolveRange(context, input);
  const scope: HealthScope = { groupIds, ...range };
  const definition = seriesDefinitions[input.series];
  const lines = seriesLines(context, input.series, scope);
  // Across groups the workspace-wide bands apply; one group uses its own.
  const bands = definition.metric
    ? (bandsByMetric(context, input.groupId ?? null).get(definition.metric) ?? null)
    : null;
  return {
    series: input.series,
    range: describeRange(range),
    dates: daysOf(range).map(dateOfDay),
    lines: definition.lines.map((key) => ({ key, values: lines[key] ?? [] })),
    bands,
    annotations: sources.annotations
      .flatMap((source) => source.annotations(scope))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

// Heatmap, cohorts, top lists ---------------------------------------------------------------------------------------

export function heatmap(
  context: ServiceContext,
  input: RangeInput & { groupId?: number | undefined },
): HeatmapReport {
  freshRollups(context);
  const range = resolveRange(context, input);
  const cells = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  let max = 0;
  let total = 0;
  for (const row of heatmapCounts(context.db, { groupIds: groupIdsFor(context, input.groupId), ...range })) {
    cells[row.weekday - 1]![row.hour] = row.n;
    max = Math.max(max, row.n);
    total += row.n;
  }
  return { range: describeRange(range), cells, max, total };
}

export function cohorts(
  context: ServiceContext,
  input: { groupId?: number | undefined; months: number; to?: string | undefined },
): CohortReport {
  freshRollups(context);
  const groupIds = groupIdsFor(context, input.groupId);
  const toDay = input.to === undefined ? defaultEndDay(context).day : dayOfDate(input.to);
  const lastMonth = monthOfDay(toDay);
  const firstMonth = lastMonth - input.months + 1;
  const monthEndsAfterTo = firstDayOfMonth(lastMonth + 1) > toDay + 1;
  const counts = cohortCounts(context.db, groupIds, {
    firstMonth,
    lastMonth,
    start: instantOfDay(firstDayOfMonth(firstMonth)),
    end: instantOfDay(toDay + 1),
  });
  const speaking = new Map(counts.speaking.map((row) => [`${row.month}:${row.offset}`, row.speaking]));
  const rows = new Map<number, CohortRow>();
  for (const row of counts.presence) {
    let cohort = rows.get(row.month);
    if (!cohort)
      rows.set(row.month, (cohort = { month: labelOfMonth(row.month), joined: row.joined, cells: [] }));
    cohort.cells.push({
      offset: row.offset,
      present: row.present,
      speaking: speaking.get(`${row.month}:${row.offset}`) ?? 0,
      partial: monthEndsAfterTo && row.month + row.offset === lastMonth,
    });
  }
  return { through: labelOfMonth(lastMonth), cohorts: [...rows.values()] };
}

const defaultTopWords = 30;
/** The most words any request shows (`limit` is at most 50). */
const maxTopWords = 50;

export function topReport(
  context: ServiceContext,
  input: RangeInput & { groupId?: number | undefined; limit: number },
): TopReport {
  freshRollups(context);
  const range = resolveRange(context, input);
  const scope: HealthScope = { groupIds: groupIdsFor(context, input.groupId), ...range };
  // Segmenting the sample costs about a microsecond a character: once per range and data version.
  const { words, wordSample } = cachedResult(
    context,
    `words:${scope.groupIds.join(',')}:${range.fromDay}:${range.toDay}`,
    () => {
      const counter = new WordCounter();
      let sample = 0;
      for (const content of recentTexts(context.db, scope, wordSampleLimit)) {
        counter.add(content);
        sample += 1;
      }
      return { words: counter.top(maxTopWords), wordSample: sample };
    },
  );
  const present = timelineFor(context, scope).presentDuring(range.fromDay, range.toDay);
  return {
    range: describeRange(range),
    members: topMembers(context.db, scope, input.limit),
    words: words.slice(0, Math.max(input.limit, defaultTopWords)),
    wordSample,
    wordSampleLimit,
    kinds: kindMix(context.db, scope),
    activeDays: bucketActiveDays(activeDaysDistribution(context.db, scope), present),
  };
}

/** Join channels: stays begun in the range and members at its end, per channel of the member DB. */
export function joinChannels(
  context: ServiceContext,
  input: RangeInput & { groupId?: number | undefined },
): ChannelMixReport {
  freshRollups(context);
  const range = resolveRange(context, input);
  const { byChannel } = membershipFlows(context, groupIdsFor(context, input.groupId));
  const channels = channelMix(byChannel, range.fromDay, range.toDay)
    .filter((row) => row.joined > 0 || row.members > 0)
    .sort((a, b) => b.members - a.members || b.joined - a.joined || (a.channel < b.channel ? -1 : 1));
  return { range: describeRange(range), channels };
}
