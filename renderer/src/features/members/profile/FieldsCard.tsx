/** 自定义字段: the workspace's custom fields with this member's values, edited together and saved at once. */
import { Button, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconForms } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import type { CustomField } from '../../../../../shared/domain/members';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { notifySuccess } from '../../../ui/errors';
import { useChannel } from '../../../ui/useChannel';
import { Permitted } from '../../lock/Permitted';
import { FieldsModal } from './AttributeModals';
import { EmptyLine, InfoRow, ManageButton, SectionCard } from '../parts';
import { useBusy } from '../../../ui/formKit';

export function FieldsCard({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const { data: fields } = useChannel('fields.list', {}, ['members']);
  const [editing, setEditing] = useState(false);
  const [managing, setManaging] = useState(false);
  const values = Object.fromEntries(member.customFields.map((field) => [field.fieldId, field.value]));
  return (
    <SectionCard
      title={t('membersUi.fields.title')}
      icon={<IconForms size={18} />}
      testId="fields-card"
      actions={
        readOnly ? null : (
          <>
            {!editing && (fields?.length ?? 0) > 0 && (
              <Permitted>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => setEditing(true)}
                  data-testid="edit-fields"
                >
                  {t('common.edit')}
                </Button>
              </Permitted>
            )}
            <Permitted>
              <ManageButton
                label={t('membersUi.fields.manage')}
                onClick={() => setManaging(true)}
                testId="manage-fields"
              />
            </Permitted>
          </>
        )
      }
    >
      {!fields?.length ? (
        <EmptyLine>{t('membersUi.fields.none')}</EmptyLine>
      ) : editing ? (
        <FieldsForm memberId={member.id} fields={fields} values={values} onDone={() => setEditing(false)} />
      ) : (
        fields.map((field) => (
          <InfoRow key={field.id} label={field.name}>
            {values[field.id] ?? (
              <Text span size="sm" c="dimmed">
                {t('common.none')}
              </Text>
            )}
          </InfoRow>
        ))
      )}
      <FieldsModal opened={managing} onClose={() => setManaging(false)} />
    </SectionCard>
  );
}

function FieldsForm(props: {
  memberId: number;
  fields: CustomField[];
  values: Record<number, string>;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Record<number, string>>(props.values);
  const { busy, run } = useBusy();
  const set = (id: number, value: string) => setDraft((previous) => ({ ...previous, [id]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const customFields = props.fields
      .filter((field) => (draft[field.id] ?? '') !== (props.values[field.id] ?? ''))
      .map((field) => ({ fieldId: field.id, value: draft[field.id]?.trim() ? draft[field.id]! : null }));
    if (customFields.length === 0) return props.onDone();
    const done = await run(async () => {
      await call('members.update', { id: props.memberId, patch: { customFields } });
      notifySuccess(t('membersUi.fields.saved'));
    });
    if (done) props.onDone();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        {props.fields.map((field) => {
          const common = { label: field.name, size: 'sm' as const, 'data-testid': `field-${field.id}` };
          const value = draft[field.id] ?? '';
          switch (field.kind) {
            case 'number':
              return (
                <NumberInput
                  key={field.id}
                  {...common}
                  value={value}
                  onChange={(next) => set(field.id, String(next))}
                />
              );
            case 'choice':
              return (
                <Select
                  key={field.id}
                  {...common}
                  clearable
                  data={field.options}
                  value={value || null}
                  onChange={(next) => set(field.id, next ?? '')}
                  comboboxProps={{ withinPortal: true }}
                />
              );
            default:
              return (
                <TextInput
                  key={field.id}
                  {...common}
                  type={field.kind === 'date' ? 'date' : 'text'}
                  maxLength={500}
                  value={value}
                  onChange={(event) => set(field.id, event.currentTarget.value)}
                />
              );
          }
        })}
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={props.onDone}>
            {t('common.cancel')}
          </Button>
          <Button size="xs" type="submit" loading={busy} data-testid="save-fields">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
