import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconChevronRight, IconPencil, IconPlus, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import type { Group as GroupRecord } from '../../../../shared/domain/types';
import { navigate, pathSegments, usePath } from '../../app/router';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { DeleteGroupModal } from './DeleteGroupModal';
import { GroupFormModal } from './GroupFormModal';
import { GroupDetailPage } from './GroupDetailPage';
import { GroupTypeBadge } from './GroupTypeBadge';
import { Permitted } from '../lock/Permitted';
import { useCan } from '../lock/session';
import { groupPaths, parseGroupsRoute } from './paths';
import { QrExpiryAlert } from './QrReminders';

/** Share of the cap from which the bar turns orange: time to plan the next group. */
export const nearCapRatio = 0.9;

export const newGroupPath = groupPaths.create;

/** A dialog that keeps showing its record while it fades out. */
interface DialogState {
  opened: boolean;
  group: GroupRecord | null;
}

export function MemberCapBar({ group }: { group: GroupRecord }) {
  const { t, number } = useFormat();
  const ratio = group.memberCap > 0 ? group.memberCount / group.memberCap : 0;
  const near = ratio >= nearCapRatio;
  return (
    <Stack gap={4} miw={120}>
      <Text size="sm" className="tabular">
        {t('home.membersOfCap', { count: number(group.memberCount), cap: number(group.memberCap) })}
      </Text>
      <Tooltip label={t('groups.nearCap')} disabled={!near}>
        <Progress value={Math.min(100, ratio * 100)} color={near ? 'orange' : 'brand'} size="sm" />
      </Tooltip>
    </Stack>
  );
}

/** The list of groups, or one group's page (`/groups/<id>/…`). */
export function GroupsPage() {
  const route = parseGroupsRoute(pathSegments(usePath()));
  if (route.kind === 'group')
    return <GroupDetailPage key={route.id} id={route.id} tab={route.tab} section={route.section} />;
  return <GroupList creating={route.creating} />;
}

function GroupList({ creating }: { creating: boolean }) {
  const { t, number, relative, dateTime } = useFormat();
  const { data: groups } = useChannel('groups.list', {}, ['groups', 'members', 'messages']);
  const [editing, setEditing] = useState<DialogState>({ opened: false, group: null });
  const [deleting, setDeleting] = useState<DialogState>({ opened: false, group: null });

  const canEdit = useCan('edit');
  const canDelete = useCan('delete');
  const newButton = (
    <Permitted>
      <Button
        leftSection={<IconPlus size={16} />}
        onClick={() => navigate(newGroupPath)}
        data-testid="new-group"
      >
        {t('groups.newGroup')}
      </Button>
    </Permitted>
  );

  return (
    <>
      <PageHeader
        title={t('groups.title')}
        subtitle={t('groups.subtitle')}
        actions={groups?.length ? newButton : null}
      />
      <QrExpiryAlert />
      {groups && groups.length === 0 && (
        <Paper withBorder>
          <EmptyState
            icon={<IconUsersGroup size={32} />}
            title={t('groups.emptyTitle')}
            text={t('groups.emptyText')}
            actions={newButton}
          />
        </Paper>
      )}
      {groups && groups.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={860}>
            <Table
              layout="fixed"
              verticalSpacing="sm"
              horizontalSpacing="md"
              highlightOnHover
              data-testid="groups-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('groups.columns.name')}</Table.Th>
                  <Table.Th w={110}>{t('groups.columns.type')}</Table.Th>
                  <Table.Th w={170}>{t('groups.columns.members')}</Table.Th>
                  <Table.Th w={100} ta="right">
                    {t('groups.columns.messages')}
                  </Table.Th>
                  <Table.Th w={150}>{t('groups.columns.lastMessage')}</Table.Th>
                  <Table.Th w={128} ta="right">
                    {t('groups.columns.actions')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groups.map((group) => (
                  <Table.Tr key={group.id} data-testid="group-row">
                    <Table.Td>
                      <Anchor
                        fw={600}
                        c="var(--mantine-color-text)"
                        display="block"
                        truncate
                        onClick={() => navigate(groupPaths.group(group.id))}
                        data-testid="open-group"
                      >
                        {group.name}
                      </Anchor>
                      <Text size="sm" c="dimmed" truncate title={group.positioning || undefined}>
                        {group.positioning || t('groups.noPositioning')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <GroupTypeBadge type={group.type} />
                    </Table.Td>
                    <Table.Td>
                      <MemberCapBar group={group} />
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {number(group.messageCount)}
                    </Table.Td>
                    <Table.Td>
                      {group.lastMessageAt ? (
                        <Tooltip label={dateTime(group.lastMessageAt)}>
                          <Text size="sm">{relative(group.lastMessageAt)}</Text>
                        </Tooltip>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('common.none')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {canEdit && (
                          <Tooltip label={t('common.edit')}>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t('common.edit')}
                              onClick={() => setEditing({ opened: true, group })}
                              data-testid="edit-group"
                            >
                              <IconPencil size={18} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                        {canDelete && (
                          <Tooltip label={t('common.delete')}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('common.delete')}
                              onClick={() => setDeleting({ opened: true, group })}
                              data-testid="delete-group"
                            >
                              <IconTrash size={18} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                        <Tooltip label={t('groupsUi.open')}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t('groupsUi.open')}
                            onClick={() => navigate(groupPaths.group(group.id))}
                          >
                            <IconChevronRight size={18} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {groups && groups.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('common.rowsTotal', { count: number(groups.length) })}
        </Text>
      )}
      <GroupFormModal opened={creating} group={null} onClose={() => navigate(groupPaths.list)} />
      <GroupFormModal
        opened={editing.opened}
        group={editing.group}
        onClose={() => setEditing((previous) => ({ ...previous, opened: false }))}
      />
      <DeleteGroupModal
        opened={deleting.opened}
        group={deleting.group}
        onClose={() => setDeleting((previous) => ({ ...previous, opened: false }))}
      />
    </>
  );
}
