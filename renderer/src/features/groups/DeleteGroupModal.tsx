import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Group as GroupRecord } from '../../../../shared/domain/types';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';

/** Asks before deleting: a group takes its messages and memberships with it. */
export function DeleteGroupModal(props: { opened: boolean; group: GroupRecord | null; onClose(): void }) {
  const { t } = useTranslation();
  const { number } = useFormat();
  const [deleting, setDeleting] = useState(false);
  const group = props.group;

  const confirm = async () => {
    if (!group) return;
    setDeleting(true);
    try {
      await call('groups.delete', { id: group.id });
      notifySuccess(t('groups.deleted', { name: group.name }));
      props.onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={
        <Text fw={700} size="lg">
          {t('groups.deleteTitle')}
        </Text>
      }
      data-testid="group-delete"
    >
      {group && (
        <Stack gap="md">
          <Text>{t('groups.deleteConfirm', { name: group.name })}</Text>
          <Text size="sm" c="dimmed">
            {t('groups.deleteWarning', { messages: number(group.messageCount) })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onClose} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={deleting} onClick={() => void confirm()}>
              {t('groups.deleteButton')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
