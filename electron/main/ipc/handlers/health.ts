import type { healthChannels } from '../../../../shared/ipc/channels/health';
import type { Backend } from '../../backend';
import {
  cohorts,
  healthOverview,
  heatmap,
  joinChannels,
  metricSeries,
  thresholdsFor,
  topReport,
  updateThreshold,
  updateWakeSettings,
  wakeSettings,
} from '../../services/health';
import { conversionReport, violationReport } from '../../services/healthOutcomes';
import { outreachReport, recordOutreach, removeOutreach } from '../../services/healthOutreach';
import { defaultHealthSources, type HealthSources } from '../../services/healthSources';
import type { Handlers } from '../dispatcher';

type HealthChannel = keyof typeof healthChannels;

/**
 * The health dashboard. `sources` bring other features' data (complaint scan, activity conversions, tiers,
 * annotations); by default only imports are annotated and the rest report that there is no data yet.
 */
export function healthHandlers(
  backend: Backend,
  sources: HealthSources = defaultHealthSources(backend.context),
): Pick<Handlers, HealthChannel> {
  const { context, jobs } = backend;
  return {
    'health.overview': (input) => healthOverview(context, sources, input),
    'health.metric': (input) => metricSeries(context, sources, input),
    'health.heatmap': (input) => heatmap(context, input),
    'health.cohorts': (input) => cohorts(context, input),
    'health.top': (input) => topReport(context, input),
    'health.channels': (input) => joinChannels(context, input),
    'health.conversions': (input) => conversionReport(context, sources, input),
    'health.violations': (input) => violationReport(context, sources, input),
    'health.rebuildRollups': () => ({
      jobId: jobs.start('health.rebuildRollups', {}, context.operator()),
    }),
    'health.thresholds': ({ groupId }) => thresholdsFor(context, groupId ?? null),
    // Thresholds are workspace settings; 'audit' makes open screens (the log, this dashboard) refetch.
    'health.updateThresholds': (input) => backend.changed(['audit'], () => updateThreshold(context, input)),
    'health.outreach': (input) => outreachReport(context, input),
    // Outreach and the wake-up settings only change the dashboard's figures: 'audit' refetches it, as above.
    'health.recordOutreach': (input) => backend.changed(['audit'], () => recordOutreach(context, input)),
    'health.deleteOutreach': ({ id }) => backend.changed(['audit'], () => removeOutreach(context, id)),
    'health.wakeSettings': () => wakeSettings(context),
    'health.updateWakeSettings': (input) =>
      backend.changed(['audit'], () => updateWakeSettings(context, input)),
  };
}
