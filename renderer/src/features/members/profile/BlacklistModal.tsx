/** 加入黑名单: every identity the member is known by (wxid, phone, platform ids), shared by all groups. */
import { Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { notifySuccess } from '../../../ui/errors';
import { FormActions } from '../parts';
import { useBusy } from '../../../ui/formKit';
import { FormModal } from '../../../ui/formKit';

export function BlacklistModal(props: { memberId: number; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <FormModal opened={props.opened} onClose={props.onClose} title={t('membersUi.blacklist.addTitle')}>
      <BlacklistForm memberId={props.memberId} onClose={props.onClose} />
    </FormModal>
  );
}

function BlacklistForm(props: { memberId: number; onClose(): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { busy, run } = useBusy();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const { entries } = await call('blacklist.add', { memberId: props.memberId, reason });
      notifySuccess(t('membersUi.blacklist.added', { count: entries.length }));
    });
    if (done) props.onClose();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('membersUi.blacklist.addHint')}
        </Text>
        <Textarea
          label={t('membersUi.blacklist.reason')}
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          data-autofocus
          data-testid="blacklist-reason"
        />
        <FormActions
          onCancel={props.onClose}
          label={t('membersUi.blacklist.add')}
          color="red"
          busy={busy}
          disabled={reason.trim() === ''}
          testId="blacklist-submit"
        />
      </Stack>
    </form>
  );
}
