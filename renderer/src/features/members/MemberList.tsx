/**
 * The member list: search and group (the shared toolbar), then the filter panel, saved views, columns and sort, and
 * row selection with bulk tag / note / export. Everything runs server-side over pages, so it scales to 200,000.
 */
import { Checkbox } from '@mantine/core';
import { IconUserSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { call } from '../../api/client';
import type { MemberRow } from '../../../../shared/domain/types';
import { ListScreen, type ListFilters } from '../../ui/ListScreen';
import { useFormat } from '../../ui/format';
import { usePagedRows } from '../../ui/usePagedRows';
import { VirtualTable, type VirtualColumn } from '../../ui/VirtualList';
import { BulkBar, type Selection } from './BulkBar';
import { ListControls } from './ListControls';
import { activeFilterCount, listFilterInput, type ListSettings } from './listState';
import { buildColumns } from './memberColumns';

export function MemberList(props: {
  filters: ListFilters;
  settings: ListSettings;
  onSettings(settings: ListSettings): void;
  activeViewId: number | null;
  onActiveView(id: number | null): void;
}) {
  const format = useFormat();
  const { t } = format;
  const { filters, settings, onSettings } = props;
  const filterInput = listFilterInput(filters.input, settings.panel);
  const queryKey = JSON.stringify([filterInput, settings.sort, settings.order]);
  const rows = usePagedRows<MemberRow>(
    queryKey,
    (offset, limit) =>
      call('members.list', { ...filterInput, sort: settings.sort, order: settings.order, offset, limit }),
    ['members', 'groups'],
  );
  // A selection belongs to the filters it was made under: changing them starts a new one.
  const [selectionState, setSelectionState] = useState<{ key: string; selection: Selection }>({
    key: '',
    selection: { kind: 'ids', ids: new Set() },
  });
  const filterKey = JSON.stringify(filterInput);
  const selection: Selection =
    selectionState.key === filterKey ? selectionState.selection : { kind: 'ids', ids: new Set() };
  const setSelection = (next: Selection) => setSelectionState({ key: filterKey, selection: next });
  const selectedCount = selection.kind === 'all' ? (rows.total ?? 0) : selection.ids.size;

  const toggleRow = (id: number) => {
    const ids = new Set(selection.kind === 'ids' ? selection.ids : []);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    setSelection({ kind: 'ids', ids });
  };
  const selectColumn: VirtualColumn<MemberRow> = {
    key: 'select',
    width: '20px',
    header: (
      <Checkbox
        size="xs"
        aria-label={t('membersUi.bulk.selectAll')}
        checked={selection.kind === 'all'}
        indeterminate={selection.kind === 'ids' && selection.ids.size > 0}
        onChange={() =>
          setSelection(
            selection.kind === 'all' || selection.ids.size > 0
              ? { kind: 'ids', ids: new Set() }
              : { kind: 'all' },
          )
        }
        data-testid="select-all"
      />
    ),
    render: (member) => (
      <Checkbox
        size="xs"
        aria-label={t('membersUi.bulk.selectRow', { name: member.displayName })}
        checked={selection.kind === 'all' || selection.ids.has(member.id)}
        disabled={selection.kind === 'all'}
        onChange={() => toggleRow(member.id)}
        data-testid="select-row"
      />
    ),
  };
  const columns = buildColumns(
    settings.columns,
    format,
    {
      sort: settings.sort,
      order: settings.order,
      onSort: (sort, order) => onSettings({ ...settings, sort, order }),
    },
    selectColumn,
  );
  const panelCount = activeFilterCount(settings.panel);

  return (
    <ListScreen
      title={t('members.title')}
      subtitle={t('membersUi.subtitle')}
      searchPlaceholder={t('membersUi.searchPlaceholder')}
      searchTestId="member-search"
      filters={{ ...filters, filtered: filters.filtered || panelCount > 0 }}
      total={rows.total}
      note={
        selectedCount > 0 ? (
          <BulkBar
            selection={selection}
            count={selectedCount}
            filter={filterInput}
            onClear={() => setSelection({ kind: 'ids', ids: new Set() })}
          />
        ) : (
          <ListControls
            filters={filters}
            settings={settings}
            onSettings={onSettings}
            activeViewId={props.activeViewId}
            onActiveView={props.onActiveView}
            total={rows.total}
          />
        )
      }
      empty={{ icon: <IconUsers size={32} />, title: t('members.emptyTitle'), text: t('members.emptyText') }}
      noMatch={{
        icon: <IconUserSearch size={32} />,
        title: t('members.noMatchTitle'),
        text: t('membersUi.noMatchText'),
      }}
    >
      <VirtualTable columns={columns} rows={rows} queryKey={queryKey} rowHeight={52} testId="members-list" />
    </ListScreen>
  );
}
