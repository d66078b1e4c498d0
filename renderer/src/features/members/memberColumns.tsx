/** The member list's columns: how each one renders, how wide it is, and which sort key its header sets. */
import { Anchor, Avatar, Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconBan } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { MemberRow } from '../../../../shared/domain/types';
import type { MemberListColumn, MemberSortKey } from '../../../../shared/ipc/channels/members';
import type { useFormat } from '../../ui/format';
import type { VirtualColumn } from '../../ui/VirtualList';
import { JoinChannelBadge } from './JoinChannelBadge';
import { avatarColor } from './avatar';
import { memberPaths } from './paths';
import { TierBadge } from './TierBadge';

type Format = ReturnType<typeof useFormat>;

interface ColumnSpec {
  width: string;
  align?: 'right';
  sort?: MemberSortKey;
  render(member: MemberRow, format: Format): ReactNode;
}

const dimmedNone = (format: Format) => (
  <Text size="sm" c="dimmed">
    {format.t('common.none')}
  </Text>
);

const monospace = (value: string | null, format: Format) =>
  value === null ? (
    dimmedNone(format)
  ) : (
    <Text size="xs" ff="monospace" c="dimmed" truncate title={value}>
      {value}
    </Text>
  );

const count = (value: number, format: Format, alert = false) => (
  <Text
    size="sm"
    className="tabular"
    c={alert && value > 0 ? 'red' : undefined}
    fw={alert && value > 0 ? 600 : 400}
  >
    {format.number(value)}
  </Text>
);

/** More columns than this would squeeze the list below readable widths at 1280 px. */
export const maxVisibleColumns = 9;

export const columnSpecs: Record<MemberListColumn, ColumnSpec> = {
  tier: {
    width: 'minmax(64px, 0.7fr)',
    render: (member) => <TierBadge tier={member.tier} reason={member.tierReason} left={member.left} />,
  },
  wxid: { width: 'minmax(64px, 0.9fr)', render: (member, format) => monospace(member.wxid, format) },
  phone: { width: 'minmax(72px, 0.9fr)', render: (member, format) => monospace(member.phone, format) },
  remark: {
    width: 'minmax(56px, 1fr)',
    render: (member, format) =>
      member.remark ? (
        <Text size="sm" truncate title={member.remark}>
          {member.remark}
        </Text>
      ) : (
        dimmedNone(format)
      ),
  },
  groups: {
    width: 'minmax(72px, 1.4fr)',
    render: (member, format) => (
      <Text size="sm" truncate title={member.groupNames.join('、')} c={member.left ? 'dimmed' : undefined}>
        {member.groupNames.length ? member.groupNames.join('、') : format.t('common.none')}
      </Text>
    ),
  },
  channel: {
    width: 'minmax(72px, 1.1fr)',
    render: (member) => <JoinChannelBadge channel={member.joinChannel} />,
  },
  tags: {
    width: 'minmax(64px, 1.2fr)',
    render: (member, format) =>
      member.tags.length === 0 ? (
        dimmedNone(format)
      ) : (
        <Group
          gap={4}
          wrap="nowrap"
          style={{ overflow: 'hidden' }}
          title={member.tags.map((tag) => tag.name).join('、')}
        >
          {member.tags.slice(0, 2).map((tag) => (
            <Badge
              key={tag.id}
              variant="light"
              color="gray"
              radius="sm"
              size="sm"
              style={{ flexShrink: 1, minWidth: 0 }}
            >
              {tag.name}
            </Badge>
          ))}
          {member.tags.length > 2 && (
            <Text size="xs" c="dimmed">
              +{member.tags.length - 2}
            </Text>
          )}
        </Group>
      ),
  },
  points: {
    width: '56px',
    align: 'right',
    sort: 'points',
    render: (member, format) => count(member.pointsBalance, format),
  },
  violations: {
    width: '56px',
    align: 'right',
    sort: 'violations',
    render: (member, format) => count(member.violationCount, format, true),
  },
  firstSeen: {
    width: 'minmax(84px, 0.8fr)',
    sort: 'joinedAt',
    render: (member, format) => (
      <Text size="sm" className="tabular">
        {member.firstSeenAt ? format.date(member.firstSeenAt) : format.t('common.none')}
      </Text>
    ),
  },
  lastSpoke: {
    width: 'minmax(64px, 0.9fr)',
    sort: 'lastSpokeAt',
    render: (member, format) =>
      member.lastSpokeAt ? (
        <Tooltip label={format.dateTime(member.lastSpokeAt)}>
          <Text size="sm" truncate>
            {format.relative(member.lastSpokeAt)}
          </Text>
        </Tooltip>
      ) : (
        <Text size="sm" c="dimmed">
          {format.t('common.never')}
        </Text>
      ),
  },
  messages: {
    width: '64px',
    align: 'right',
    sort: 'messageCount',
    render: (member, format) => count(member.messageCount, format),
  },
};

/** Numbers and dates read best largest / newest first when their header is first clicked. */
const descendingFirst = new Set<MemberSortKey>([
  'points',
  'violations',
  'messageCount',
  'lastSpokeAt',
  'joinedAt',
]);

export interface SortState {
  sort: MemberSortKey;
  order: 'asc' | 'desc';
  onSort(sort: MemberSortKey, order: 'asc' | 'desc'): void;
}

/** A header that sorts by its column: a second click turns the order around. */
export function SortHeader(props: {
  label: string;
  sortKey: MemberSortKey;
  state: SortState;
  align?: 'right';
}) {
  const { sort, order, onSort } = props.state;
  const active = sort === props.sortKey;
  const Arrow = order === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <UnstyledButton
      onClick={() =>
        onSort(
          props.sortKey,
          active ? (order === 'asc' ? 'desc' : 'asc') : descendingFirst.has(props.sortKey) ? 'desc' : 'asc',
        )
      }
      style={{ font: 'inherit', color: active ? 'var(--mantine-color-text)' : 'inherit' }}
      data-testid={`sort-${props.sortKey}`}
      data-active={active || undefined}
    >
      <Group gap={2} wrap="nowrap" justify={props.align === 'right' ? 'flex-end' : 'flex-start'}>
        {props.label}
        {active && <Arrow size={12} />}
      </Group>
    </UnstyledButton>
  );
}

export function buildColumns(
  columns: readonly MemberListColumn[],
  format: Format,
  sort: SortState,
  selectColumn: VirtualColumn<MemberRow>,
): VirtualColumn<MemberRow>[] {
  const { t } = format;
  const name: VirtualColumn<MemberRow> = {
    key: 'name',
    header: <SortHeader label={t('members.columns.name')} sortKey="name" state={sort} />,
    width: 'minmax(110px, 1.6fr)',
    render: (member) => (
      <Group gap="sm" wrap="nowrap">
        <Avatar size={30} radius="xl" color={avatarColor(member.id)} variant="light">
          {[...member.displayName][0]}
        </Avatar>
        <Anchor
          href={`#${memberPaths.profile(member.id)}`}
          size="sm"
          fw={500}
          c="var(--mantine-color-text)"
          truncate
          data-testid="member-name"
        >
          {member.displayName}
        </Anchor>
        {member.blacklisted && (
          <Tooltip label={t('membersUi.blacklisted')}>
            <IconBan size={14} color="var(--mantine-color-red-6)" style={{ flexShrink: 0 }} />
          </Tooltip>
        )}
      </Group>
    ),
  };
  return [
    selectColumn,
    name,
    ...columns.map((key): VirtualColumn<MemberRow> => {
      const spec = columnSpecs[key];
      const label = t(`membersUi.columns.${key}`);
      return {
        key,
        header: spec.sort ? (
          <SortHeader label={label} sortKey={spec.sort} state={sort} align={spec.align} />
        ) : (
          label
        ),
        width: spec.width,
        align: spec.align,
        render: (member) => spec.render(member, format),
      };
    }),
  ];
}
