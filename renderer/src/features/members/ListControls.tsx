/** The row under the search box: filter panel, saved views, sort and columns, and the filters in effect as chips. */
import { Badge, Button, CloseButton, Group, Indicator, Menu, Text } from '@mantine/core';
import {
  IconAdjustmentsHorizontal,
  IconArrowsSort,
  IconCheck,
  IconColumns3,
  IconSortAscending,
  IconSortDescending,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  defaultMemberColumns,
  memberListColumns,
  memberSortKeys,
  type MemberListColumn,
} from '../../../../shared/ipc/channels/members';
import type { ListFilters } from '../../ui/ListScreen';
import { useChannel } from '../../ui/useChannel';
import { FilterDrawer } from './FilterDrawer';
import { ImportMembersButton } from './ImportMembersModal';
import { maxVisibleColumns } from './memberColumns';
import { activeFilterCount, cleanPanel, type ListSettings, type PanelFilter } from './listState';
import { ViewsMenu } from './ViewsMenu';

export function ListControls(props: {
  filters: ListFilters;
  settings: ListSettings;
  onSettings(settings: ListSettings): void;
  activeViewId: number | null;
  onActiveView(id: number | null): void;
  total: number | null;
}) {
  const { t } = useTranslation();
  const { settings, onSettings } = props;
  const [panelOpen, setPanelOpen] = useState(false);
  const count = activeFilterCount(settings.panel);
  const setPanel = (panel: PanelFilter) => onSettings({ ...settings, panel: cleanPanel(panel) });
  const toggleColumn = (column: MemberListColumn) => {
    const shown = new Set(settings.columns);
    if (shown.has(column)) shown.delete(column);
    else shown.add(column);
    // Kept in the list's own order, whatever order they were ticked in.
    const columns = memberListColumns.filter((key) => shown.has(key));
    if (columns.length > 0) onSettings({ ...settings, columns });
  };

  return (
    <Group gap="xs" wrap="nowrap" align="center" mih={30}>
      <Indicator label={count} size={16} disabled={count === 0} offset={4} color="brand">
        <Button
          size="xs"
          variant={count > 0 ? 'light' : 'default'}
          leftSection={<IconAdjustmentsHorizontal size={14} />}
          onClick={() => setPanelOpen(true)}
          data-testid="open-filters"
        >
          {t('membersUi.filters.button')}
        </Button>
      </Indicator>
      <ViewsMenu
        filters={props.filters}
        settings={settings}
        onSettings={onSettings}
        activeViewId={props.activeViewId}
        onActiveView={props.onActiveView}
      />
      <Menu position="bottom-start" shadow="md" width={200}>
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconArrowsSort size={14} />}
            rightSection={
              settings.order === 'asc' ? <IconSortAscending size={14} /> : <IconSortDescending size={14} />
            }
            data-testid="sort-menu"
          >
            {t(`membersUi.sort.${settings.sort}`)}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {memberSortKeys.map((key) => (
            <Menu.Item
              key={key}
              leftSection={settings.sort === key ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
              onClick={() => onSettings({ ...settings, sort: key })}
            >
              {t(`membersUi.sort.${key}`)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          {(['asc', 'desc'] as const).map((order) => (
            <Menu.Item
              key={order}
              leftSection={
                settings.order === order ? <IconCheck size={14} /> : <span style={{ width: 14 }} />
              }
              onClick={() => onSettings({ ...settings, order })}
            >
              {t(`membersUi.sort.${order}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Menu position="bottom-start" shadow="md" width={200} closeOnItemClick={false}>
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconColumns3 size={14} />}
            data-testid="columns-menu"
          >
            {t('membersUi.columnsButton')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('membersUi.columnsLimit', { max: maxVisibleColumns })}</Menu.Label>
          {memberListColumns.map((column) => {
            const shown = settings.columns.includes(column);
            return (
              <Menu.Item
                key={column}
                leftSection={shown ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
                disabled={!shown && settings.columns.length >= maxVisibleColumns}
                onClick={() => toggleColumn(column)}
                data-testid={`column-${column}`}
              >
                {t(`membersUi.columns.${column}`)}
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          <Menu.Item onClick={() => onSettings({ ...settings, columns: defaultMemberColumns })}>
            {t('membersUi.columnsReset')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <FilterChips panel={settings.panel} onPanel={setPanel} />
      <Group ml="auto" style={{ flexShrink: 0 }}>
        <ImportMembersButton />
      </Group>
      <FilterDrawer
        opened={panelOpen}
        onClose={() => setPanelOpen(false)}
        panel={settings.panel}
        onPanel={setPanel}
        total={props.total}
      />
    </Group>
  );
}

/** One removable chip per filter in effect, so what narrows the list is always in sight. */
function FilterChips(props: { panel: PanelFilter; onPanel(panel: PanelFilter): void }) {
  const { t } = useTranslation();
  const { data: tagList } = useChannel('tags.list', {}, ['members']);
  const { panel } = props;
  const range = (from: number | string | undefined, to: number | string | undefined) =>
    from !== undefined && to !== undefined
      ? t('membersUi.chips.between', { from, to })
      : from !== undefined
        ? t('membersUi.chips.atLeast', { value: from })
        : t('membersUi.chips.atMost', { value: to });
  const tagName = (id: number) => tagList?.tags.find((tag) => tag.id === id)?.name ?? `#${id}`;
  const chips: { key: string; label: string; clear: (keyof PanelFilter)[] }[] = [];
  if (panel.tier) chips.push({ key: 'tier', label: t(`tiers.names.${panel.tier}`), clear: ['tier'] });
  if (panel.status && panel.status !== 'all')
    chips.push({ key: 'status', label: t(`membersUi.filters.statuses.${panel.status}`), clear: ['status'] });
  if (panel.tagIds?.length)
    chips.push({ key: 'tags', label: panel.tagIds.map(tagName).join('、'), clear: ['tagIds'] });
  if (panel.joinChannels?.length)
    chips.push({
      key: 'channels',
      label: panel.joinChannels.map((channel) => t(`members.channels.${channel}`)).join('、'),
      clear: ['joinChannels'],
    });
  if (panel.pointsMin !== undefined || panel.pointsMax !== undefined)
    chips.push({
      key: 'points',
      label: `${t('membersUi.chips.points')} ${range(panel.pointsMin, panel.pointsMax)}`,
      clear: ['pointsMin', 'pointsMax'],
    });
  if (panel.violationsMin !== undefined || panel.violationsMax !== undefined)
    chips.push({
      key: 'violations',
      label: `${t('membersUi.chips.violations')} ${range(panel.violationsMin, panel.violationsMax)}`,
      clear: ['violationsMin', 'violationsMax'],
    });
  if (panel.joinedFrom || panel.joinedTo)
    chips.push({
      key: 'joined',
      label: `${t('membersUi.chips.joined')} ${range(panel.joinedFrom, panel.joinedTo)}`,
      clear: ['joinedFrom', 'joinedTo'],
    });
  if (panel.leftFrom || panel.leftTo)
    chips.push({
      key: 'left',
      label: `${t('membersUi.chips.left')} ${range(panel.leftFrom, panel.leftTo)}`,
      clear: ['leftFrom', 'leftTo'],
    });
  if (panel.identityPlatform)
    chips.push({
      key: 'identity',
      label: t('membersUi.chips.identity', { platform: t(`members.platforms.${panel.identityPlatform}`) }),
      clear: ['identityPlatform'],
    });
  if (chips.length === 0) return null;
  const without = (keys: (keyof PanelFilter)[]) =>
    Object.fromEntries(Object.entries(panel).filter(([key]) => !keys.includes(key as keyof PanelFilter)));
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0, overflow: 'hidden' }} ml={4}>
      {chips.map((chip) => (
        <Badge
          key={chip.key}
          variant="light"
          radius="sm"
          size="lg"
          tt="none"
          fw={500}
          style={{ flexShrink: 1, minWidth: 0 }}
          rightSection={
            <CloseButton
              size="xs"
              variant="transparent"
              aria-label={t('membersUi.chips.remove', { filter: chip.label })}
              onClick={() => props.onPanel(without(chip.clear))}
            />
          }
          data-testid="filter-chip"
        >
          <Text span size="xs" fw={500} truncate>
            {chip.label}
          </Text>
        </Badge>
      ))}
      {chips.length > 1 && (
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => props.onPanel({})}>
          {t('membersUi.filters.clearAll')}
        </Button>
      )}
    </Group>
  );
}
