/** 编辑资料: name, remark, phone, region, join channel, inviter and join date. Only changed fields are sent. */
import { Alert, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../../api/client';
import { joinChannels, type JoinChannel } from '../../../../../shared/domain/types';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { describeError, notifyError, notifySuccess, validationMessages } from '../../../ui/errors';
import { FormActions } from '../parts';
import { FormModal } from '../../../ui/formKit';
import { DateField } from '../../../ui/DateField';

const formFields = [
  'displayName',
  'remark',
  'phone',
  'region',
  'joinChannel',
  'inviterName',
  'joinedAt',
] as const;
type FormField = (typeof formFields)[number];
type Values = Record<FormField, string>;

function initialValues(member: MemberDetail): Values {
  return {
    displayName: member.displayName,
    remark: member.remark ?? '',
    // A masked phone is not an editable value: the field starts empty and says how it is kept.
    phone: '',
    region: member.region ?? '',
    joinChannel: member.joinChannel ?? '',
    inviterName: member.inviter.name ?? '',
    joinedAt: member.joinedAt ? member.joinedAt.slice(0, 10) : '',
  };
}

function fieldOfIssue(path: string): FormField | null {
  const field = path.replace(/^patch\./, '').split('.')[0] ?? '';
  return (formFields as readonly string[]).includes(field) ? (field as FormField) : null;
}

export function EditProfileModal(props: { member: MemberDetail; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <FormModal opened={props.opened} onClose={props.onClose} size="lg" title={t('membersUi.edit.title')}>
      <EditForm member={props.member} onClose={props.onClose} />
    </FormModal>
  );
}

function EditForm({ member, onClose }: { member: MemberDetail; onClose(): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => initialValues(member));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const initial = initialValues(member);
  const set = (field: FormField, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changed = (field: FormField) => values[field] !== initial[field];
    const orNull = (value: string) => (value.trim() === '' ? null : value);
    const patch = {
      ...(changed('displayName') ? { displayName: values.displayName } : {}),
      ...(changed('remark') ? { remark: orNull(values.remark) } : {}),
      ...(changed('phone') ? { phone: values.phone } : {}),
      ...(changed('region') ? { region: orNull(values.region) } : {}),
      ...(changed('joinChannel') ? { joinChannel: orNull(values.joinChannel) as JoinChannel | null } : {}),
      ...(changed('inviterName') ? { inviterName: orNull(values.inviterName) } : {}),
      ...(changed('joinedAt')
        ? { joinedAt: values.joinedAt ? new Date(`${values.joinedAt}T00:00:00`).toISOString() : null }
        : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setFormError(null);
    try {
      await call('members.update', { id: member.id, patch });
      notifySuccess(t('membersUi.edit.saved'));
      onClose();
    } catch (error) {
      if (!(error instanceof ApiError)) notifyError(error);
      else if (error.payload.message === 'members.errors.badPhone')
        setErrors({ phone: describeError(error) });
      else if (error.payload.code === 'VALIDATION' && error.payload.issues?.length) {
        const { fields, rest } = validationMessages(
          error.payload.issues,
          fieldOfIssue,
          'membersUi.validation',
        );
        setErrors(fields);
        setFormError(rest);
      } else setFormError(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const text = (field: FormField, extra: { placeholder?: string; description?: string } = {}) => (
    <TextInput
      label={t(`membersUi.edit.${field}`)}
      value={values[field]}
      onChange={(event) => set(field, event.currentTarget.value)}
      error={errors[field]}
      data-testid={`edit-${field}`}
      {...extra}
    />
  );

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        {formError && (
          <Alert color="red" icon={<IconAlertCircle size={18} />}>
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={2} spacing="md">
          {text('displayName')}
          {text('remark')}
          {text('phone', {
            placeholder: member.phone ?? t('membersUi.edit.phonePlaceholder'),
            description: member.phone ? t('membersUi.edit.phoneKeep') : undefined,
          })}
          {text('region')}
          <Select
            label={t('membersUi.edit.joinChannel')}
            clearable
            data={joinChannels.map((channel) => ({
              value: channel,
              label: t(`members.channels.${channel}`),
            }))}
            value={values.joinChannel || null}
            onChange={(value) => set('joinChannel', value ?? '')}
            comboboxProps={{ withinPortal: true }}
            error={errors.joinChannel}
          />
          {text('inviterName')}
          <DateField
            label={t('membersUi.edit.joinedAt')}
            value={values.joinedAt}
            onChange={(value) => set('joinedAt', value)}
            error={errors.joinedAt}
            data-testid="edit-joinedAt"
          />
        </SimpleGrid>
        <FormActions onCancel={onClose} label={t('common.save')} busy={busy} testId="edit-save" />
      </Stack>
    </form>
  );
}
