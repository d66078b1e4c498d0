/**
 * Extension points of the health dashboard for data other features keep. Each is an interface; where the data is not
 * there yet the provider says "no scan yet" / "no data source" instead of inventing numbers. The complaint rate reads
 * the scan's rollups; a feature with other data passes its own provider to `healthHandlers`
 * (electron/main/ipc/handlers/health.ts).
 */
import { dateOfDay, dayOfInstant } from '../../../shared/domain/health/days';
import type { Annotation, AnnotationKind } from '../../../shared/domain/health/types';
import {
  activityConversion,
  conversionTotals,
  type ActivityConversionCounts,
  type ActivityOutcomeRow,
} from '../../../shared/domain/health/conversion';
import {
  activityOutcomes,
  complaintCounts,
  eventsInRange,
  importsInRange,
  type HealthScope,
} from '../db/repositories/health';
import type { ServiceContext } from './context';
import { outreachAnnotations } from './healthOutreach';

export interface ComplaintCounts {
  /** Messages of the scope that hit a complaint or crisis category. */
  complaintMessages: number;
  /** Messages of the scope the scan has read (the rate's denominator). */
  scannedMessages: number;
  /** Violations by category (ads, scam, complaint …), for the breakdown. */
  byCategory: Record<string, number>;
}

/** The sensitive-word scan's results. null: no scan has covered this scope yet — unknown, not zero. */
export interface ComplaintSource {
  complaints(scope: HealthScope): ComplaintCounts | null;
}

/** One activity of the scope with its conversion counts. */
export type ActivityConversionRow = ActivityOutcomeRow & ActivityConversionCounts;

/**
 * Participants or operator-entered conversions of activities against the members they reached: totals over the
 * activities that have a rate, and every activity of the scope. null: no such data is kept.
 */
export interface ConversionSource {
  conversions(
    scope: HealthScope,
  ): { reached: number; converted: number; activities: ActivityConversionRow[] } | null;
}

/** Marks on the time axis: imports, activities, incidents, calendar events. */
export interface AnnotationSource {
  annotations(scope: HealthScope): Annotation[];
}

/**
 * Members per tier (core / active / potential / silent) against the guide's target ranges; null until the members
 * feature computes tiers. Tiers are named by string so this file does not depend on that feature's module.
 */
export interface TierSource {
  distribution(scope: HealthScope): { tier: string; members: number }[] | null;
}

export interface HealthSources {
  complaints: ComplaintSource;
  conversions: ConversionSource;
  annotations: readonly AnnotationSource[];
  tiers: TierSource;
}

/**
 * The complaint rate from the sensitive-word scan, read from its daily rollups (kept by triggers as the scan and the
 * review write; the caller refreshes the rollups first). Unknown (null) where the scan has read no message of the
 * scope. A message counts once per day it has a live complaint or crisis hit on.
 */
export function scanComplaintSource(context: ServiceContext): ComplaintSource {
  return {
    complaints(scope) {
      const counts = complaintCounts(context.db, scope);
      return counts.scannedMessages === 0 ? null : counts;
    },
  };
}
/** Conversions of the calendar's activities started in the scope (see shared/domain/health/conversion.ts). */
export function activityConversionSource(context: ServiceContext): ConversionSource {
  return {
    conversions(scope) {
      const activities = activityOutcomes(context.db, scope).map((row) => ({
        ...row,
        ...activityConversion(row),
      }));
      const { converted, reached } = conversionTotals(activities);
      return { converted, reached, activities };
    },
  };
}
export const noConversionSource: ConversionSource = { conversions: () => null };
export const noTierSource: TierSource = { distribution: () => null };

/** Finished imports, from the imports table every workspace has. */
export function importAnnotations(context: ServiceContext): AnnotationSource {
  return {
    annotations: (scope) =>
      importsInRange(context.db, scope).map((row) => ({
        date: dateOfDay(dayOfInstant(row.at)),
        kind: 'import',
        label: row.fileName,
        groupId: row.groupId,
      })),
  };
}

const eventTables = {
  activity: 'activitiesInRange',
  incident: 'incidentsInRange',
  calendar: 'calendarInRange',
} as const satisfies Partial<Record<AnnotationKind, Parameters<typeof eventsInRange>[1]>>;

/** Activities (start), crisis incidents (opened) and one-off calendar entries, read-only from their tables. */
export function eventAnnotations(context: ServiceContext, kind: keyof typeof eventTables): AnnotationSource {
  return {
    annotations: (scope) =>
      eventsInRange(context.db, eventTables[kind], scope).map((row) => ({
        date: dateOfDay(dayOfInstant(row.at)),
        kind,
        label: row.label,
        groupId: row.groupId,
      })),
  };
}

export function defaultHealthSources(context: ServiceContext): HealthSources {
  return {
    complaints: scanComplaintSource(context),
    conversions: activityConversionSource(context),
    annotations: [
      importAnnotations(context),
      eventAnnotations(context, 'activity'),
      eventAnnotations(context, 'incident'),
      eventAnnotations(context, 'calendar'),
      outreachAnnotations(context),
    ],
    tiers: noTierSource,
  };
}
