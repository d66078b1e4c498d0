/**
 * Planning over the calendar: cadence rules per group (and the group's zone), the gap report against planned
 * entries and activities, and WeCom cap warnings.
 */
import { activitiesTemplate } from '../../../shared/domain/calendar/activities';
import {
  operationsTemplate,
  planningExtent,
  type CadenceRuleFields,
} from '../../../shared/domain/calendar/cadence';
import {
  capExtent,
  capWarnings,
  type CapEntry,
  type CapSettings,
} from '../../../shared/domain/calendar/caps';
import { gapReport, type PlannedEntry } from '../../../shared/domain/calendar/gaps';
import {
  formatMinutes,
  formatUtcOffset,
  rangeInstantsAnyZone,
  type DateRange,
} from '../../../shared/domain/calendar/localTime';
import type {
  CadenceSettings,
  CapReport,
  GapReportView,
  GroupGapReport,
} from '../../../shared/domain/calendar/types';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  groupZones,
  listRules,
  readCapSettings,
  replaceRules,
  setGroupOffset,
  writeCapSettings,
  type GroupZone,
} from '../db/repositories/calendar';
import { listActivities } from '../db/repositories/calendarActivities';
import { iso, listEntries } from './calendar';
import type { ServiceContext } from './context';

export const cadenceTemplates = { operations: operationsTemplate, activities: activitiesTemplate } as const;
export type CadenceTemplateName = keyof typeof cadenceTemplates;

function requireZone(context: ServiceContext, groupId: number): GroupZone {
  const zone = groupZones(context.db, groupId)[0];
  if (!zone) throw new AppError('NOT_FOUND', 'groups.errors.notFound', { id: groupId });
  return zone;
}

export function getCadence(context: ServiceContext, groupId: number): CadenceSettings {
  const zone = requireZone(context, groupId);
  return {
    groupId,
    groupName: zone.groupName,
    utcOffsetMinutes: zone.utcOffsetMinutes,
    utcOffset: formatUtcOffset(zone.utcOffsetMinutes),
    rules: listRules(context.db, groupId),
  };
}

export function updateCadence(
  context: ServiceContext,
  input: { groupId: number; utcOffsetMinutes?: number | undefined; rules: CadenceRuleFields[] },
): CadenceSettings {
  context.db.transaction(() => {
    requireZone(context, input.groupId);
    const now = context.now();
    if (input.utcOffsetMinutes !== undefined)
      setGroupOffset(context.db, input.groupId, input.utcOffsetMinutes, now);
    replaceRules(context.db, input.groupId, input.rules, now);
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'update',
      entity: 'cadence',
      entityId: input.groupId,
      detail: { rules: input.rules.length, utcOffsetMinutes: input.utcOffsetMinutes },
    });
  })();
  return getCadence(context, input.groupId);
}

/** 'replace' swaps the rules for the template's; 'merge' adds the template's rules for content types not covered. */
export function applyCadenceTemplate(
  context: ServiceContext,
  input: { groupId: number; template: CadenceTemplateName; mode: 'replace' | 'merge' },
): CadenceSettings {
  context.db.transaction(() => {
    requireZone(context, input.groupId);
    const template = cadenceTemplates[input.template];
    const current = input.mode === 'replace' ? [] : listRules(context.db, input.groupId);
    const covered = new Set(current.map((rule) => rule.contentType));
    const added = template.filter((rule) => !covered.has(rule.contentType));
    const now = context.now();
    replaceRules(context.db, input.groupId, [...current, ...added], now);
    recordAudit(context.db, now, {
      operator: context.operator(),
      action: 'applyTemplate',
      entity: 'cadence',
      entityId: input.groupId,
      detail: { template: input.template, mode: input.mode, added: added.length },
    });
  })();
  return getCadence(context, input.groupId);
}

// ---- gaps ----

/** Calendar entries and activities of a group as planned entries for the gap report. */
function plannedEntries(context: ServiceContext, groupId: number, extent: DateRange): PlannedEntry[] {
  const entries: PlannedEntry[] = listEntries(context, extent, groupId).map((entry) => ({
    key: entry.key,
    contentType: entry.contentType,
    startsAt: Date.parse(entry.startsAt),
  }));
  const coarse = rangeInstantsAnyZone(extent);
  for (const activity of listActivities(context.db, { start: coarse.start, end: coarse.end, groupId })) {
    entries.push({ key: `activity:${activity.id}`, contentType: activity.kind, startsAt: activity.startsAt });
  }
  return entries;
}

/** Gaps of one group, or of every group that has enabled rules. */
export function gapsFor(context: ServiceContext, range: DateRange, groupId?: number): GapReportView {
  const zones = groupId === undefined ? groupZones(context.db) : [requireZone(context, groupId)];
  const groups: GroupGapReport[] = [];
  for (const zone of zones) {
    const rules = listRules(context.db, zone.groupId).filter((rule) => rule.enabled);
    if (rules.length === 0 && groupId === undefined) continue;
    const report = gapReport({
      rules,
      utcOffsetMinutes: zone.utcOffsetMinutes,
      range,
      planned: plannedEntries(context, zone.groupId, planningExtent(rules, range)),
    });
    groups.push({
      groupId: zone.groupId,
      groupName: zone.groupName,
      utcOffsetMinutes: zone.utcOffsetMinutes,
      expected: report.expected,
      filled: report.filled,
      slots: report.slots.map(({ minutes, startsAt, windowStartsAt, windowEndsAt, ...slot }) => ({
        ...slot,
        time: formatMinutes(minutes),
        startsAt: iso(startsAt),
        windowStartsAt: iso(windowStartsAt),
        windowEndsAt: iso(windowEndsAt),
      })),
      gaps: report.gaps.map((gap) => ({
        ...gap,
        startsAt: iso(gap.startsAt),
        groupId: zone.groupId,
        groupName: zone.groupName,
      })),
    });
  }
  const expected = groups.reduce((sum, group) => sum + group.expected, 0);
  const filled = groups.reduce((sum, group) => sum + group.filled, 0);
  return { range, groups, expected, filled, missing: expected - filled };
}

// ---- caps ----

export function capReport(context: ServiceContext, range: DateRange): CapReport {
  const settings = readCapSettings(context.db);
  const capEntries: CapEntry[] = [];
  const groupNames = new Map<number, string>();
  for (const entry of listEntries(context, capExtent(range))) {
    if (entry.channel === 'manual') continue;
    groupNames.set(entry.groupId, entry.groupName);
    capEntries.push({
      key: entry.key,
      groupId: entry.groupId,
      channel: entry.channel,
      startsAt: Date.parse(entry.startsAt),
      utcOffsetMinutes: entry.utcOffsetMinutes,
    });
  }
  return { range, settings, warnings: capWarnings(capEntries, settings, range, groupNames) };
}

export function updateCapSettings(context: ServiceContext, patch: Partial<CapSettings>): CapSettings {
  return context.db.transaction(() => {
    const next = { ...readCapSettings(context.db), ...patch };
    writeCapSettings(context.db, next);
    recordAudit(context.db, context.now(), {
      operator: context.operator(),
      action: 'update',
      entity: 'calendar_caps',
      detail: patch,
    });
    return next;
  })();
}

export { readCapSettings };
