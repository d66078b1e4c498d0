/** 群主与管理员: picked among the group's current members (the member list's own search). */
import { Button, MultiSelect, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';

/** A WeChat group has at most 500 members: one page of the member list holds them all. */
const memberPage = 500;

export function StaffModal(props: { opened: boolean; group: GroupDetail; onClose(): void }) {
  const { t } = useFormat();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      title={t('groupsUi.staff.title')}
      testId="staff-form"
    >
      <StaffForm group={props.group} onClose={props.onClose} />
    </FormModal>
  );
}

function StaffForm({ group, onClose }: { group: GroupDetail; onClose(): void }) {
  const { t } = useFormat();
  const { data: members } = useChannel(
    'members.list',
    { groupId: group.id, status: 'current', sort: 'name', limit: memberPage },
    ['members'],
  );
  const [owner, setOwner] = useState<string | null>(group.owner ? String(group.owner.memberId) : null);
  const [admins, setAdmins] = useState<string[]>(group.admins.map((admin) => String(admin.memberId)));
  const { busy, run } = useBusy();
  const options = (members?.rows ?? []).map((member) => ({
    value: String(member.id),
    label: member.displayName,
  }));

  const save = () =>
    run(async () => {
      await call('groupinfo.setStaff', {
        groupId: group.id,
        ownerMemberId: owner === null ? null : Number(owner),
        adminMemberIds: admins.filter((admin) => admin !== owner).map(Number),
      });
      notifySuccess(t('groupsUi.staff.saved'));
      onClose();
    });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('groupsUi.staff.hint')}
      </Text>
      <Select
        label={t('groupsUi.staff.owner')}
        data={options}
        value={owner}
        onChange={setOwner}
        searchable
        clearable
        nothingFoundMessage={t('groupsUi.staff.nobody')}
        comboboxProps={{ withinPortal: true }}
        data-testid="staff-owner"
      />
      <MultiSelect
        label={t('groupsUi.staff.admins')}
        data={options.filter((option) => option.value !== owner)}
        value={admins.filter((admin) => admin !== owner)}
        onChange={setAdmins}
        searchable
        nothingFoundMessage={t('groupsUi.staff.nobody')}
        comboboxProps={{ withinPortal: true }}
        data-testid="staff-admins"
      />
      <ModalActions onCancel={onClose}>
        <Button loading={busy} onClick={() => void save()} data-testid="save-staff">
          {t('common.save')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
