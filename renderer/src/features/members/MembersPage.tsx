import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { IconUserSearch, IconUsers } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { MemberRow } from '../../../../shared/domain/types';
import { ListScreen, useListFilters } from '../../ui/ListScreen';
import { useFormat } from '../../ui/format';
import { usePagedRows } from '../../ui/usePagedRows';
import { VirtualTable, type VirtualColumn } from '../../ui/VirtualList';
import { JoinChannelBadge } from './JoinChannelBadge';

const avatarColors = ['brand', 'blue', 'grape', 'orange', 'cyan', 'pink', 'indigo', 'teal'];

/** A stable colour per member, so the same person looks the same across screens. */
export function avatarColor(seed: number): string {
  return avatarColors[seed % avatarColors.length] ?? 'gray';
}

export function MembersPage() {
  const { t, number, date, relative, dateTime } = useFormat();
  const filters = useListFilters(250);
  const { queryKey } = filters;
  const rows = usePagedRows<MemberRow>(
    queryKey,
    (offset, limit) => call('members.list', { offset, limit, ...filters.input }),
    ['members', 'groups'],
  );

  const columns: VirtualColumn<MemberRow>[] = [
    {
      key: 'name',
      header: t('members.columns.name'),
      width: 'minmax(150px, 1.3fr)',
      render: (member) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar size={30} radius="xl" color={avatarColor(member.id)} variant="light">
            {[...member.displayName][0]}
          </Avatar>
          <Text size="sm" fw={500} truncate data-testid="member-name">
            {member.displayName}
          </Text>
        </Group>
      ),
    },
    {
      key: 'wxid',
      header: t('members.columns.wxid'),
      width: 'minmax(130px, 1.1fr)',
      render: (member) => (
        <Text size="xs" ff="monospace" c="dimmed" truncate title={member.wxid ?? undefined}>
          {member.wxid ?? t('common.none')}
        </Text>
      ),
    },
    {
      key: 'groups',
      header: t('members.columns.groups'),
      width: 'minmax(150px, 1.5fr)',
      render: (member) => (
        <Text size="sm" truncate title={member.groupNames.join('、')}>
          {member.groupNames.length ? member.groupNames.join('、') : t('common.none')}
        </Text>
      ),
    },
    {
      key: 'channel',
      header: t('members.columns.channel'),
      width: '148px',
      render: (member) => <JoinChannelBadge channel={member.joinChannel} />,
    },
    {
      key: 'firstSeen',
      header: t('members.columns.firstSeen'),
      width: '100px',
      render: (member) => (
        <Text size="sm" className="tabular">
          {member.firstSeenAt ? date(member.firstSeenAt) : t('common.none')}
        </Text>
      ),
    },
    {
      key: 'lastSpoke',
      header: t('members.columns.lastSpoke'),
      width: '104px',
      render: (member) =>
        member.lastSpokeAt ? (
          <Tooltip label={dateTime(member.lastSpokeAt)}>
            <Text size="sm">{relative(member.lastSpokeAt)}</Text>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            {t('common.never')}
          </Text>
        ),
    },
    {
      key: 'messages',
      header: t('members.columns.messages'),
      width: '72px',
      align: 'right',
      render: (member) => (
        <Text size="sm" className="tabular">
          {number(member.messageCount)}
        </Text>
      ),
    },
  ];

  return (
    <ListScreen
      title={t('members.title')}
      subtitle={t('members.subtitle')}
      searchPlaceholder={t('members.searchPlaceholder')}
      searchTestId="member-search"
      filters={filters}
      total={rows.total}
      empty={{ icon: <IconUsers size={32} />, title: t('members.emptyTitle'), text: t('members.emptyText') }}
      noMatch={{
        icon: <IconUserSearch size={32} />,
        title: t('members.noMatchTitle'),
        text: t('members.noMatchText'),
      }}
    >
      <VirtualTable columns={columns} rows={rows} queryKey={queryKey} rowHeight={52} testId="members-list" />
    </ListScreen>
  );
}
