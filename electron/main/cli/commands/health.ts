/**
 * `stats [--group <name|id>] [--from <date>] [--to <date>]`: every health metric with its value, band and the
 * threshold used, per group and for all groups together (`--json`: the whole report, see services/healthStats.ts).
 * Without --from/--to: the 30 days up to the last day with messages. Dates are UTC+8 days, YYYY-MM-DD.
 */
import { metricDefinitions } from '../../../../shared/domain/health/metrics';
import { healthDateSchema } from '../../../../shared/ipc/channels/health';
import { AppError } from '../../../../shared/ipc/errors';
import { findGroup, findGroupIdByName } from '../../db/repositories/groups';
import type { Db } from '../../db/connection';
import { healthStats, type StatsMetric, type StatsReport } from '../../services/healthStats';
import { defaultHealthSources } from '../../services/healthSources';
import type { CliCommand, CliContext } from '../context';

function dateOption(context: CliContext, name: string): string | undefined {
  const value = context.option(name);
  if (value !== undefined && !healthDateSchema.safeParse(value).success)
    throw new AppError('VALIDATION', 'health.cli.badDate', { option: name, value });
  return value;
}

function groupIdOf(db: Db, nameOrId: string): number {
  const byName = findGroupIdByName(db, nameOrId);
  if (byName !== null) return byName;
  const byId = /^\d+$/.test(nameOrId) ? findGroup(db, Number(nameOrId)) : null;
  if (!byId) throw new AppError('NOT_FOUND', 'health.cli.unknownGroup', { name: nameOrId });
  return byId.id;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

function formatValue(context: CliContext, metric: StatsMetric): string {
  if (metric.value === null)
    return context.t(`health.status.${metric.status === 'ok' ? 'noData' : metric.status}`);
  const unit = metricDefinitions[metric.metric].unit;
  if (unit === 'percent') return percent(metric.value);
  return unit === 'count' ? String(Math.round(metric.value)) : metric.value.toFixed(1);
}

function printReport(context: CliContext, report: StatsReport): void {
  context.out(
    context.t('health.cli.range', { from: report.range.from, to: report.range.to, days: report.range.days }),
  );
  context.out(
    context.t('health.cli.wakeUps', {
      silence: report.wakeSettings.silenceDays,
      response: report.wakeSettings.responseDays,
    }),
  );
  for (const scope of report.scopes) {
    context.out('');
    context.out(
      `${scope.groupName ?? context.t('health.thresholds.allGroups')} · ${context.t(`health.rag.${scope.status ?? 'none'}`)}`,
    );
    for (const metric of scope.metrics) {
      const threshold = metric.threshold
        ? context.t('health.cli.threshold', {
            amber: percent(metric.threshold.amber),
            red: percent(metric.threshold.red),
            source: context.t(`health.thresholds.source.${metric.threshold.source}`),
          })
        : '';
      const band = metric.band ? context.t(`health.rag.${metric.band}`) : '';
      context.out(
        `  ${context.t(`health.metrics.${metric.metric}.name`).padEnd(10, '　')} ${formatValue(context, metric).padStart(8)}  ${band}${threshold ? `  ${threshold}` : ''}`,
      );
    }
    for (const activity of scope.conversions) {
      context.out(
        `  ${context.t('health.cli.conversion', {
          date: activity.date,
          title: activity.title,
          converted: activity.converted ?? '—',
          reached: activity.reached,
          rate: activity.rate === null ? context.t('health.conversions.notEntered') : percent(activity.rate),
          band: activity.rag ? ` · ${context.t(`health.rag.${activity.rag}`)}` : '',
        })}`,
      );
    }
    if (scope.complaintsByCategory !== null) {
      const categories = Object.entries(scope.complaintsByCategory).sort((a, b) => b[1] - a[1]);
      context.out(
        `  ${context.t('health.cli.violations', {
          list:
            categories.length === 0
              ? context.t('health.violations.none')
              : categories
                  .map(([category, hits]) => `${context.t(`sensitive.category.${category}`)} ${hits}`)
                  .join(' · '),
        })}`,
      );
    }
    context.out(
      `  ${context.t('health.cli.growth', {
        joins: scope.growth.joins,
        leaves: scope.growth.leaves,
        size: scope.growth.sizeAtEnd,
      })}`,
    );
  }
}

export const statsCommand: CliCommand = {
  name: 'stats',
  summaryKey: 'health.cli.summary',
  usage: 'stats [--group <name|id>] [--from <date>] [--to <date>]',
  async run(context) {
    const group = context.option('--group');
    const from = dateOption(context, '--from');
    const to = dateOption(context, '--to');
    return context.withBackend((backend) => {
      const sources = defaultHealthSources(backend.context);
      const groupId = group === undefined ? undefined : groupIdOf(backend.context.db, group);
      const report = healthStats(backend.context, sources, { groupId, from, to });
      printReport(context, report);
      return report;
    });
  },
};
