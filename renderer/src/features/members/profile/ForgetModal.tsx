/**
 * 删除个人信息（被遗忘权）: says exactly what goes and what stays, and asks for the member's name typed out before
 * the (irreversible) erase.
 */
import { Alert, List, SimpleGrid, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { notifySuccess } from '../../../ui/errors';
import { FormActions } from '../parts';
import { useBusy } from '../../../ui/formKit';
import { FormModal } from '../../../ui/formKit';

export function ForgetModal(props: { member: MemberDetail; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={t('membersUi.forget.title')}
      testId="forget-modal"
    >
      <ForgetForm member={props.member} onClose={props.onClose} />
    </FormModal>
  );
}

const erasedItems = ['names', 'contacts', 'notes', 'identities', 'evidence', 'history'] as const;
const keptItems = ['counts', 'ledgers', 'tiers', 'audit'] as const;

function Bullets(props: { title: string; items: string[]; erase: boolean }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {props.title}
      </Text>
      <List
        size="sm"
        spacing={4}
        icon={
          <ThemeIcon size={18} radius="xl" variant="light" color={props.erase ? 'red' : 'teal'}>
            {props.erase ? <IconTrash size={11} /> : <IconCheck size={11} />}
          </ThemeIcon>
        }
      >
        {props.items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

function ForgetForm({ member, onClose }: { member: MemberDetail; onClose(): void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const { busy, run } = useBusy();
  const matches = typed.trim() === member.displayName.trim();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches) return;
    const done = await run(async () => {
      const result = await call('members.forget', { id: member.id, confirmName: typed });
      notifySuccess(t('membersUi.forget.done', { name: result.placeholder }));
    });
    if (done) onClose();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          {t('membersUi.forget.warning')}
        </Alert>
        <SimpleGrid cols={2} spacing="lg">
          <Bullets
            title={t('membersUi.forget.erasedHeading')}
            items={erasedItems.map((key) => t(`membersUi.forget.erased.${key}`))}
            erase
          />
          <Bullets
            title={t('membersUi.forget.keptHeading')}
            items={keptItems.map((key) => t(`membersUi.forget.kept.${key}`))}
            erase={false}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed" data-testid="forget-backups-note">
          {t('membersUi.forget.backupsNote')}
        </Text>
        <TextInput
          label={t('membersUi.forget.confirmLabel', { name: member.displayName })}
          placeholder={member.displayName}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          data-autofocus
          data-testid="forget-confirm"
        />
        <FormActions
          onCancel={onClose}
          label={t('membersUi.forget.submit')}
          color="red"
          busy={busy}
          disabled={!matches}
          testId="forget-submit"
        />
      </Stack>
    </form>
  );
}
