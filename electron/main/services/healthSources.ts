/**
 * Extension points of the health dashboard for data other features keep. Each is an interface with a provider that
 * has nothing yet, so the dashboard says "no scan yet" / "no data source" instead of inventing numbers; the feature
 * that owns the data passes its own provider to `healthHandlers` (electron/main/ipc/handlers/health.ts).
 */
import { dateOfDay, dayOfInstant } from '../../../shared/domain/health/days';
import type { Annotation, AnnotationKind } from '../../../shared/domain/health/types';
import { eventsInRange, importsInRange, type HealthScope } from '../db/repositories/health';
import type { ServiceContext } from './context';

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

/** Participants or operator-entered conversions of activities against the members they reached. */
export interface ConversionSource {
  conversions(scope: HealthScope): { reached: number; converted: number } | null;
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

export const noComplaintScan: ComplaintSource = { complaints: () => null };
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
    complaints: noComplaintScan,
    conversions: noConversionSource,
    annotations: [
      importAnnotations(context),
      eventAnnotations(context, 'activity'),
      eventAnnotations(context, 'incident'),
      eventAnnotations(context, 'calendar'),
    ],
    tiers: noTierSource,
  };
}
