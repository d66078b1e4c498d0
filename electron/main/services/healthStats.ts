/**
 * Every health metric of a group (or of each group and all of them together) over a date range, as one report: the
 * banded metrics with their value, band (RAG), the threshold used and where it comes from, and the other figures of
 * the dashboard (growth, speakers, join channels, message kinds, top members and words, complaints by category,
 * cohorts, tiers against their targets). What `qundesk stats --json` prints.
 */
import {
  dateOfDay,
  dayOfDate,
  previousRange,
  rangeLength,
  type DayRange,
} from '../../../shared/domain/health/days';
import type { Rag } from '../../../shared/domain/health/evaluate';
import { channelMix, MembershipTimeline, countsFrom } from '../../../shared/domain/health/membership';
import type { BandedMetricId, HealthMetricId } from '../../../shared/domain/health/metrics';
import type {
  ActivityConversion,
  ChannelMixRow,
  CohortRow,
  HealthCard,
  MetricValue,
  ResolvedRange,
  ThresholdSource,
  TopMember,
} from '../../../shared/domain/health/types';
import type { WakeSettings } from '../../../shared/domain/health/wakeUp';
import type { WordCount } from '../../../shared/domain/health/words';
import type { GroupTierDistribution } from '../../../shared/ipc/channels/members';
import { maxHealthRangeDays } from '../../../shared/ipc/channels/health';
import { AppError } from '../../../shared/ipc/errors';
import { groupNames, newSpeakersByDay, dailyActivity } from '../db/repositories/health';
import type { ServiceContext } from './context';
import {
  buildCard,
  cohorts,
  defaultEndDay,
  describeRange,
  freshRollups,
  membershipFlows,
  readPeriod,
  thresholdsFor,
  topReport,
  wakeSettings,
} from './health';
import { conversionReport } from './healthOutcomes';
import type { HealthSources } from './healthSources';
import { groupTierDistributions } from './membersTiers';

export interface StatsMetric extends MetricValue {
  metric: HealthMetricId;
  /** The band the value falls in; null for context figures and missing values. */
  band: Rag | null;
  /** The threshold the band was judged against, and where it comes from. */
  threshold: { amber: number; red: number; source: ThresholdSource } | null;
  previous: number | null;
  trend: HealthCard['metrics'][number]['trend'];
}

export interface StatsScope {
  /** null for every group together. */
  groupId: number | null;
  groupName: string | null;
  status: Rag | null;
  metrics: StatsMetric[];
  changes: HealthCard['changes'];
  growth: { joins: number; leaves: number; net: number; sizeAtStart: number; sizeAtEnd: number };
  speakers: { newSpeakerDays: number; returningSpeakerDays: number; messages: number };
  channels: ChannelMixRow[];
  kinds: { kind: string; messages: number }[];
  topMembers: TopMember[];
  topWords: WordCount[];
  complaintsByCategory: Record<string, number> | null;
  /** Activities started in the range, each with members reached, conversions, rate and band. */
  conversions: ActivityConversion[];
  cohorts: CohortRow[];
  /** Current members by tier against the target ranges (a group's own targets); per group when across groups. */
  tiers: GroupTierDistribution[];
}

export interface StatsReport {
  range: ResolvedRange;
  previous: ResolvedRange;
  dataEndsOn: string | null;
  /** The silence and response window the silent wake-up rate was counted with. */
  wakeSettings: WakeSettings;
  scopes: StatsScope[];
}

export interface StatsInput {
  groupId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const defaultDays = 30;

/** The range of `from`..`to` (either may be absent: 30 days ending on the last day with messages). */
export function statsRange(context: ServiceContext, input: StatsInput): DayRange {
  const toDay = input.to !== undefined ? dayOfDate(input.to) : defaultEndDay(context).day;
  const fromDay = input.from !== undefined ? dayOfDate(input.from) : toDay - defaultDays + 1;
  if (fromDay > toDay)
    throw new AppError('VALIDATION', 'health.errors.rangeOrder', {
      from: dateOfDay(fromDay),
      to: dateOfDay(toDay),
    });
  if (toDay - fromDay + 1 > maxHealthRangeDays)
    throw new AppError('VALIDATION', 'health.errors.rangeTooLong', { max: maxHealthRangeDays });
  return { fromDay, toDay };
}

function scopeStats(
  context: ServiceContext,
  sources: HealthSources,
  group: { id: number; name: string } | null,
  groupIds: readonly number[],
  range: DayRange,
): StatsScope {
  const flows = membershipFlows(context, groupIds);
  const thresholds = thresholdsFor(context, group?.id ?? null);
  const bands = new Map<HealthMetricId, { amber: number; red: number }>(
    thresholds.map((view) => [view.metric, view.bands]),
  );
  const card = buildCard(
    group ?? { id: 0, name: '' },
    readPeriod(context, sources, groupIds, range, flows.total),
    readPeriod(context, sources, groupIds, previousRange(range), flows.total),
    bands,
  );
  const timeline = new MembershipTimeline(countsFrom(flows.total, range.fromDay - 1), range.toDay);
  let joins = 0;
  let leaves = 0;
  for (let day = range.fromDay; day <= range.toDay; day += 1) {
    joins += timeline.joinsOn(day);
    leaves += timeline.leavesOn(day);
  }
  const scope = { groupIds, ...range };
  const days = dailyActivity(context.db, scope);
  const activeDays = days.reduce((sum, row) => sum + row.active, 0);
  const newDays = [...newSpeakersByDay(context.db, scope).values()].reduce((sum, n) => sum + n, 0);
  const rangeInput = { days: rangeLength(range), to: dateOfDay(range.toDay), groupId: group?.id };
  const top = topReport(context, { ...rangeInput, limit: 10 });
  const complaints = sources.complaints.complaints(scope);
  return {
    groupId: group?.id ?? null,
    groupName: group?.name ?? null,
    status: card.status,
    metrics: card.metrics.map((item) => {
      const view = thresholds.find((threshold) => threshold.metric === (item.metric as BandedMetricId));
      return {
        metric: item.metric,
        ...item.current,
        band: item.rag,
        threshold: view ? { ...view.bands, source: view.source } : null,
        previous: item.previous.value,
        trend: item.trend,
      };
    }),
    changes: card.changes,
    growth: {
      joins,
      leaves,
      net: joins - leaves,
      sizeAtStart: timeline.sizeAtEndOf(range.fromDay - 1),
      sizeAtEnd: timeline.sizeAtEndOf(range.toDay),
    },
    speakers: {
      newSpeakerDays: newDays,
      returningSpeakerDays: activeDays - newDays,
      messages: days.reduce((sum, row) => sum + row.messages, 0),
    },
    channels: channelMix(flows.byChannel, range.fromDay, range.toDay).sort(
      (a, b) => b.members - a.members || b.joined - a.joined,
    ),
    kinds: top.kinds,
    topMembers: top.members,
    topWords: top.words.slice(0, 20),
    complaintsByCategory: complaints?.byCategory ?? null,
    conversions: conversionReport(context, sources, rangeInput).activities,
    cohorts: cohorts(context, { groupId: group?.id, months: 6, to: dateOfDay(range.toDay) }).cohorts,
    tiers: groupTierDistributions(context.db, group?.id),
  };
}

/** One group's report, or each group's and then all groups together. */
export function healthStats(context: ServiceContext, sources: HealthSources, input: StatsInput): StatsReport {
  freshRollups(context);
  const range = statsRange(context, input);
  const groups = groupNames(context.db);
  const chosen = input.groupId === undefined ? groups : groups.filter((group) => group.id === input.groupId);
  if (input.groupId !== undefined && chosen.length === 0)
    throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id: input.groupId });
  const scopes = chosen.map((group) => scopeStats(context, sources, group, [group.id], range));
  if (input.groupId === undefined && groups.length > 1)
    scopes.push(
      scopeStats(
        context,
        sources,
        null,
        groups.map((group) => group.id),
        range,
      ),
    );
  return {
    range: describeRange(range),
    previous: describeRange(previousRange(range)),
    dataEndsOn: defaultEndDay(context).dataEndsOn,
    wakeSettings: wakeSettings(context),
    scopes,
  };
}
