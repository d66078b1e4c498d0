/** 所在群与角色: each membership with its WeChat role (群主 / 管理员 / 成员), custom role, nickname and dates. */
import { Badge, Select, Table, Text } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { memberRoles, type MemberRole } from '../../../../../shared/domain/types';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { formatDate } from '../../../ui/format';
import { useChannel } from '../../../ui/useChannel';
import { TierBadge } from '../TierBadge';
import { Permitted } from '../../lock/Permitted';
import { useCan } from '../../lock/session';
import { RolesModal } from './AttributeModals';
import { EmptyLine, ManageButton, SectionCard } from '../parts';
import { useBusy } from '../../../ui/formKit';

export function GroupsCard({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const { data: roles } = useChannel('roles.list', {}, ['members']);
  const { run } = useBusy();
  const canEdit = useCan('edit');
  const [managing, setManaging] = useState(false);
  const update = (groupId: number, patch: { role?: MemberRole; customRoleId?: number | null }) =>
    void run(() =>
      call('members.update', { id: member.id, patch: { memberships: [{ groupId, ...patch }] } }),
    );
  return (
    <SectionCard
      title={t('membersUi.groups.title')}
      icon={<IconUsersGroup size={18} />}
      testId="groups-card"
      actions={
        readOnly ? null : (
          <Permitted>
            <ManageButton label={t('membersUi.roles.manage')} onClick={() => setManaging(true)} />
          </Permitted>
        )
      }
    >
      <RolesModal opened={managing} onClose={() => setManaging(false)} />
      {member.memberships.length === 0 ? (
        <EmptyLine>{t('membersUi.groups.empty')}</EmptyLine>
      ) : (
        <Table verticalSpacing={6} horizontalSpacing="sm" fz="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="26%">{t('membersUi.groups.group')}</Table.Th>
              <Table.Th w={100}>{t('membersUi.groups.tier')}</Table.Th>
              <Table.Th w={124}>{t('membersUi.groups.role')}</Table.Th>
              <Table.Th w={148}>{t('membersUi.groups.customRole')}</Table.Th>
              <Table.Th>{t('membersUi.groups.nickname')}</Table.Th>
              <Table.Th w={168}>{t('membersUi.groups.dates')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {member.memberships.map((membership) => (
              <Table.Tr key={membership.groupId} data-testid="membership-row">
                <Table.Td>
                  <Text size="sm" fw={500} truncate title={membership.groupName}>
                    {membership.groupName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <TierBadge
                    tier={membership.tier}
                    reason={membership.tierReason}
                    left={membership.leftAt !== null ? 'group' : null}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    data={memberRoles.map((role) => ({ value: role, label: t(`members.roles.${role}`) }))}
                    value={membership.role}
                    onChange={(value) => value && update(membership.groupId, { role: value as MemberRole })}
                    disabled={readOnly || !canEdit}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: true }}
                    aria-label={t('membersUi.groups.role')}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    clearable
                    placeholder={t('membersUi.groups.noCustomRole')}
                    data={(roles ?? []).map((role) => ({ value: String(role.id), label: role.name }))}
                    value={membership.customRoleId === null ? null : String(membership.customRoleId)}
                    onChange={(value) =>
                      update(membership.groupId, { customRoleId: value === null ? null : Number(value) })
                    }
                    disabled={readOnly || !canEdit || !roles?.length}
                    comboboxProps={{ withinPortal: true }}
                    aria-label={t('membersUi.groups.customRole')}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" truncate c={membership.groupNickname ? undefined : 'dimmed'}>
                    {membership.groupNickname ?? t('common.none')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" className="tabular">
                    {membership.joinedAt ? formatDate(membership.joinedAt) : '…'}
                    {' – '}
                    {membership.leftAt ? (
                      formatDate(membership.leftAt)
                    ) : (
                      <Badge size="xs" variant="light" color="teal" component="span">
                        {t('membersUi.groups.current')}
                      </Badge>
                    )}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}
