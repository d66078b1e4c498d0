/**
 * The archive's filters beyond search and group: sender (a member picker searching the server), a date range,
 * message types (kinds and system notices) and risk hits. They become `messages.search` input.
 */
import { Button, Group, MultiSelect, Select, Switch, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconUserSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { messageKinds, type MessageKind } from '../../../../shared/domain/types';
import { systemEvents, type SystemEvent } from '../../../../shared/ipc/channels/imports';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { DateField } from '../../ui/DateField';

export interface Sender {
  id: number;
  name: string;
}

type SearchInput = NonNullable<ChannelInput<'messages.search'>>;
export type ArchiveInput = Pick<
  SearchInput,
  'memberId' | 'from' | 'to' | 'kinds' | 'systemEvents' | 'hasRiskHit'
>;

export interface ArchiveFilterState {
  sender: Sender | null;
  setSender(sender: Sender | null): void;
  /** `YYYY-MM-DD`, local days, both inclusive; '' when open. */
  fromDate: string;
  setFromDate(value: string): void;
  toDate: string;
  setToDate(value: string): void;
  /** `kind:image`, `event:join` … */
  types: string[];
  setTypes(values: string[]): void;
  riskOnly: boolean;
  setRiskOnly(value: boolean): void;
  /** The start date is after the end date: the range is left out. */
  badRange: boolean;
  active: boolean;
  clear(): void;
  input: ArchiveInput;
}

/** The start of a local calendar day as an ISO instant (`dayOffset` 1: the next day, for an exclusive end). */
function localDayStart(date: string, dayOffset = 0): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + dayOffset).toISOString();
}

export function useArchiveFilters(): ArchiveFilterState {
  const [sender, setSender] = useState<Sender | null>(null);
  const [fromDate, setFromDate] = useState('');
  const [toDate, setToDate] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [riskOnly, setRiskOnly] = useState(false);
  const badRange = fromDate !== '' && toDate !== '' && fromDate > toDate;
  const kinds = types
    .filter((value) => value.startsWith('kind:'))
    .map((value) => value.slice(5) as MessageKind);
  const events = types
    .filter((value) => value.startsWith('event:'))
    .map((value) => value.slice(6) as SystemEvent);
  const input: ArchiveInput = {
    ...(sender ? { memberId: sender.id } : {}),
    ...(fromDate && !badRange ? { from: localDayStart(fromDate) } : {}),
    ...(toDate && !badRange ? { to: localDayStart(toDate, 1) } : {}),
    ...(kinds.length ? { kinds } : {}),
    ...(events.length ? { systemEvents: events } : {}),
    ...(riskOnly ? { hasRiskHit: true } : {}),
  };
  return {
    sender,
    setSender,
    fromDate,
    setFromDate,
    toDate,
    setToDate,
    types,
    setTypes,
    riskOnly,
    setRiskOnly,
    badRange,
    active: sender !== null || fromDate !== '' || toDate !== '' || types.length > 0 || riskOnly,
    clear() {
      setSender(null);
      setFromDate('');
      setToDate('');
      setTypes([]);
      setRiskOnly(false);
    },
    input,
  };
}

/** Members of the group (or all), most active first, searched on the server as the user types. */
function SenderPicker(props: {
  groupId: number | null;
  value: Sender | null;
  onChange(sender: Sender | null): void;
}) {
  const { t } = useFormat();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  // While a sender is chosen the box shows their name: list the group's members, not just that one.
  const typed = props.value && query === props.value.name ? '' : query;
  const { data } = useChannel(
    'members.list',
    {
      ...(props.groupId !== null ? { groupId: props.groupId } : {}),
      ...(typed ? { query: typed } : {}),
      sort: 'messageCount',
      order: 'desc',
      offset: 0,
      limit: 30,
    },
    ['members'],
  );
  const options = (data?.rows ?? []).map((member) => ({
    value: String(member.id),
    label: member.displayName,
  }));
  if (props.value && !options.some((option) => option.value === String(props.value!.id)))
    options.unshift({ value: String(props.value.id), label: props.value.name });
  return (
    <Select
      w={180}
      size="sm"
      leftSection={<IconUserSearch size={16} />}
      placeholder={t('archive.filters.senderPlaceholder')}
      aria-label={t('archive.filters.sender')}
      searchable
      clearable
      data={options}
      filter={({ options: all }) => all}
      searchValue={search}
      onSearchChange={setSearch}
      value={props.value ? String(props.value.id) : null}
      onChange={(value, option) =>
        props.onChange(value === null ? null : { id: Number(value), name: option?.label ?? '' })
      }
      nothingFoundMessage={t('archive.filters.noSenders')}
      comboboxProps={{ withinPortal: true }}
      data-testid="sender-filter"
    />
  );
}

export function ArchiveFilters(props: { filters: ArchiveFilterState; groupId: number | null }) {
  const { t } = useFormat();
  const { filters } = props;
  const typeOptions = [
    {
      group: t('archive.typeGroups.kinds'),
      items: messageKinds
        .filter((kind) => kind !== 'system')
        .map((kind) => ({ value: `kind:${kind}`, label: t(`archive.kinds.${kind}`) })),
    },
    {
      group: t('archive.typeGroups.events'),
      items: [
        { value: 'kind:system', label: t('archive.kinds.system') },
        ...systemEvents.map((event) => ({ value: `event:${event}`, label: t(`archive.events.${event}`) })),
      ],
    },
  ];
  return (
    <Group gap="sm" wrap="wrap" align="center" data-testid="archive-filters">
      <SenderPicker groupId={props.groupId} value={filters.sender} onChange={filters.setSender} />
      <Group gap={6} wrap="nowrap">
        <DateField
          size="sm"
          w={150}
          aria-label={t('archive.filters.dateFrom')}
          value={filters.fromDate}
          near={filters.toDate}
          onChange={filters.setFromDate}
          error={filters.badRange}
          data-testid="date-from"
        />
        <Text size="sm" c="dimmed">
          {t('archive.filters.dateSeparator')}
        </Text>
        <DateField
          size="sm"
          w={150}
          aria-label={t('archive.filters.dateTo')}
          value={filters.toDate}
          near={filters.fromDate}
          onChange={filters.setToDate}
          error={filters.badRange}
          data-testid="date-to"
        />
      </Group>
      <MultiSelect
        w={200}
        size="sm"
        placeholder={filters.types.length ? undefined : t('archive.filters.typesPlaceholder')}
        aria-label={t('archive.filters.types')}
        data={typeOptions}
        value={filters.types}
        onChange={filters.setTypes}
        clearable
        maxValues={12}
        comboboxProps={{ withinPortal: true }}
        data-testid="type-filter"
      />
      <Switch
        label={t('archive.filters.riskOnly')}
        checked={filters.riskOnly}
        onChange={(event) => filters.setRiskOnly(event.currentTarget.checked)}
        data-testid="risk-filter"
      />
      {filters.active && (
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconFilterOff size={14} />}
          onClick={filters.clear}
          data-testid="clear-filters"
        >
          {t('archive.filters.clear')}
        </Button>
      )}
      {filters.badRange && (
        <Text size="xs" c="red" w="100%">
          {t('archive.filters.badRange')}
        </Text>
      )}
    </Group>
  );
}
