/**
 * The frame of a searchable, virtualised list screen (members, messages): header, search box + group filter,
 * the list filling the window, and the two empty states (nothing yet / nothing matches).
 */
import { Paper, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { EmptyState, GoHomeButton } from './EmptyState';
import { ListToolbar } from './ListToolbar';
import { PageHeader } from './PageHeader';

export interface ListFilters {
  search: string;
  setSearch(value: string): void;
  groupId: number | null;
  setGroupId(value: number | null): void;
  /** The search text once typing paused, trimmed. */
  query: string;
  /** Changes whenever the filters do (restarts paging, scrolls to the top). */
  queryKey: string;
  filtered: boolean;
  /** The filters as channel input. */
  input: { query?: string; groupId?: number };
}

export function useListFilters(debounceMs: number): ListFilters {
  const [search, setSearch] = useState('');
  const [groupId, setGroupId] = useState<number | null>(null);
  const [query] = useDebouncedValue(search.trim(), debounceMs);
  return {
    search,
    setSearch,
    groupId,
    setGroupId,
    query,
    queryKey: JSON.stringify([query, groupId]),
    filtered: query !== '' || groupId !== null,
    input: { ...(query ? { query } : {}), ...(groupId !== null ? { groupId } : {}) },
  };
}

interface EmptyText {
  icon: ReactNode;
  title: string;
  text: string;
}

export function ListScreen(props: {
  title: string;
  subtitle: string;
  searchPlaceholder: string;
  searchTestId: string;
  filters: ListFilters;
  total: number | null;
  /** A line under the search box. */
  note?: ReactNode;
  /** Shown when the workspace has no rows at all; offers the way home (demo, import). */
  empty: EmptyText;
  /** Shown when the filters match nothing. */
  noMatch: EmptyText;
  children: ReactNode;
}) {
  const { filters } = props;
  const emptyText = filters.filtered ? props.noMatch : props.empty;
  return (
    <Stack h="100%" gap="md">
      <PageHeader title={props.title} subtitle={props.subtitle} />
      <Stack gap={6}>
        <ListToolbar
          search={filters.search}
          onSearch={filters.setSearch}
          placeholder={props.searchPlaceholder}
          groupId={filters.groupId}
          onGroupId={filters.setGroupId}
          total={props.total}
          searchTestId={props.searchTestId}
        />
        {props.note}
      </Stack>
      <Paper
        withBorder
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: 'hidden' }}
      >
        {props.total === 0 ? (
          <EmptyState
            icon={emptyText.icon}
            title={emptyText.title}
            text={emptyText.text}
            actions={filters.filtered ? undefined : <GoHomeButton />}
          />
        ) : (
          props.children
        )}
      </Paper>
    </Stack>
  );
}
