/**
 * The member list's state beyond search and group: the filter panel, sort and columns, as a saved view stores them,
 * and their translation into `members.list` input (dates as local day boundaries).
 */
import type { z } from 'zod';
import {
  defaultMemberColumns,
  type memberFilterSchema,
  type MemberListColumn,
  type MemberSortKey,
  type MemberView,
  type MemberViewFilter,
} from '../../../../shared/ipc/channels/members';

/** The panel's filters: a view's filter without the search text and group, which the toolbar holds. */
export type PanelFilter = Omit<MemberViewFilter, 'groupId' | 'query' | 'includeMerged'>;
export type MemberFilterInput = z.input<typeof memberFilterSchema>;

export interface ListSettings {
  panel: PanelFilter;
  sort: MemberSortKey;
  order: 'asc' | 'desc';
  columns: MemberListColumn[];
}

export const defaultListSettings: ListSettings = {
  panel: {},
  sort: 'name',
  order: 'asc',
  columns: defaultMemberColumns,
};

const dateKeys = ['joinedFrom', 'joinedTo', 'leftFrom', 'leftTo'] as const;

/** Drops empty values, so an emptied field no longer counts as a filter. */
export function cleanPanel(panel: PanelFilter): PanelFilter {
  return Object.fromEntries(
    Object.entries(panel).filter(
      ([key, value]) =>
        value !== undefined &&
        value !== '' &&
        !(Array.isArray(value) && value.length === 0) &&
        !(key === 'status' && value === 'all'),
    ),
  ) as PanelFilter;
}

/** How many panel filters are set (a range counts once). */
export function activeFilterCount(panel: PanelFilter): number {
  const keys = new Set(Object.keys(cleanPanel(panel)).map((key) => key.replace(/(Min|Max|From|To)$/, '')));
  return keys.size;
}

/** A day as the start or the end of that local day, as an instant the backend reads the same anywhere. */
function dayBoundary(day: string, end: boolean): string {
  return new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString();
}

export function listFilterInput(
  base: { query?: string; groupId?: number },
  panel: PanelFilter,
): MemberFilterInput {
  const input: MemberFilterInput = { ...base, ...cleanPanel(panel) };
  for (const key of dateKeys) {
    const day = input[key];
    if (day) input[key] = dayBoundary(day.slice(0, 10), key.endsWith('To'));
  }
  return input;
}

/** What a saved view stores of the current state. */
export function viewOf(
  base: { query?: string; groupId?: number },
  settings: ListSettings,
): Pick<MemberView, 'filter' | 'sort' | 'order' | 'columns'> {
  return {
    filter: { ...base, ...cleanPanel(settings.panel) },
    sort: settings.sort,
    order: settings.order,
    columns: settings.columns,
  };
}

/** A saved view split back into toolbar (search, group) and panel state. */
export function openView(view: MemberView): {
  query: string;
  groupId: number | null;
  settings: ListSettings;
} {
  const { query, groupId, includeMerged: _merged, ...panel } = view.filter;
  return {
    query: query ?? '',
    groupId: groupId ?? null,
    settings: { panel, sort: view.sort, order: view.order, columns: view.columns },
  };
}

/** Whether the current state is what the view saved (so "save" has nothing to do). */
export function sameAsView(
  view: MemberView,
  base: { query?: string; groupId?: number },
  settings: ListSettings,
): boolean {
  const current = viewOf(base, settings);
  const saved = { filter: view.filter, sort: view.sort, order: view.order, columns: view.columns };
  return JSON.stringify(sortKeys(current)) === JSON.stringify(sortKeys(saved));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, field]) => [key, sortKeys(field)]),
    );
  }
  return value;
}
