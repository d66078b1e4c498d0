/**
 * What activities and the sensitive-word scan add to the dashboard: the conversion rate of each activity in the
 * range (with its band) and live hits per category beside the complaint rate. Both read SQL aggregates through the
 * health sources, so the cards, these tables and `qundesk stats` count the same way.
 */
import { dateOfDay, dayOfInstant } from '../../../shared/domain/health/days';
import { ragOf } from '../../../shared/domain/health/evaluate';
import type { Bands } from '../../../shared/domain/health/metrics';
import type { ConversionReport, ViolationReport } from '../../../shared/domain/health/types';
import type { HealthScope } from '../db/repositories/health';
import type { ServiceContext } from './context';
import {
  describeRange,
  freshRollups,
  groupIdsFor,
  noSource,
  rate,
  resolveRange,
  thresholdsFor,
  type RangeInput,
} from './health';
import type { HealthSources } from './healthSources';

type ScopeInput = RangeInput & { groupId?: number | undefined };

function scopeOf(context: ServiceContext, input: ScopeInput): HealthScope {
  return { groupIds: groupIdsFor(context, input.groupId), ...resolveRange(context, input) };
}

function conversionBands(context: ServiceContext, groupId: number | null): Bands {
  return thresholdsFor(context, groupId).find((view) => view.metric === 'conversionRate')!.bands;
}

/** Every activity started in the range with its conversion rate and band, and the rate over all of them. */
export function conversionReport(
  context: ServiceContext,
  sources: HealthSources,
  input: ScopeInput,
): ConversionReport {
  freshRollups(context);
  const scope = scopeOf(context, input);
  const counts = sources.conversions.conversions(scope);
  const bandsOfGroup = new Map<number, Bands>();
  const bandsFor = (groupId: number) => {
    let bands = bandsOfGroup.get(groupId);
    if (!bands) bandsOfGroup.set(groupId, (bands = conversionBands(context, groupId)));
    return bands;
  };
  const total = counts === null ? noSource('noSource') : rate(counts.converted, counts.reached);
  return {
    range: describeRange(scope),
    bands: conversionBands(context, input.groupId ?? null),
    total,
    activities: (counts?.activities ?? []).map((row) => ({
      activityId: row.activityId,
      groupId: row.groupId,
      groupName: row.groupName,
      title: row.title,
      date: dateOfDay(dayOfInstant(row.startsAt)),
      reached: row.reached,
      converted: row.converted,
      basis: row.basis,
      rate: row.rate,
      rag: ragOf('conversionRate', row.rate, bandsFor(row.groupId)),
    })),
  };
}

/** Live (not dismissed) sensitive-word hits per category in the range, most first; unknown before any scan. */
export function violationReport(
  context: ServiceContext,
  sources: HealthSources,
  input: ScopeInput,
): ViolationReport {
  freshRollups(context);
  const scope = scopeOf(context, input);
  const counts = sources.complaints.complaints(scope);
  return {
    range: describeRange(scope),
    status: counts === null ? 'noScan' : 'ok',
    scannedMessages: counts?.scannedMessages ?? 0,
    complaintMessages: counts?.complaintMessages ?? 0,
    categories: Object.entries(counts?.byCategory ?? {})
      .map(([category, hits]) => ({ category, hits }))
      .sort((a, b) => b.hits - a.hits || (a.category < b.category ? -1 : 1)),
  };
}
