/**
 * Create / edit a group. The backend's zod schema is the one source of truth: a VALIDATION error comes back with
 * the failing fields, shown under each field in the current language; CONFLICT (name taken) shows under the name.
 */
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { groupTypes, type Group as GroupRecord, type GroupType } from '../../../../shared/domain/types';
import { describeError, notifyError, notifySuccess, validationMessages } from '../../ui/errors';

const formFields = ['name', 'type', 'positioning', 'coreGoal', 'memberCap'] as const;
type FormField = (typeof formFields)[number];
type FieldErrors = Partial<Record<FormField, string>>;

interface FormValues {
  name: string;
  type: GroupType;
  positioning: string;
  coreGoal: string;
  memberCap: number | string;
}

const defaultMemberCap = 500;

function initialValues(group: GroupRecord | null): FormValues {
  return group
    ? {
        name: group.name,
        type: group.type,
        positioning: group.positioning,
        coreGoal: group.coreGoal,
        memberCap: group.memberCap,
      }
    : { name: '', type: 'service', positioning: '', coreGoal: '', memberCap: defaultMemberCap };
}

function isFormField(value: string): value is FormField {
  return (formFields as readonly string[]).includes(value);
}

/** The issue paths of `groups.create` are fields; of `groups.update` they sit under `patch.`. */
function fieldOfIssue(path: string): FormField | null {
  const field = path.replace(/^patch\./, '').split('.')[0] ?? '';
  return isFormField(field) ? field : null;
}

export function GroupFormModal(props: { opened: boolean; group: GroupRecord | null; onClose(): void }) {
  const { t } = useTranslation();
  // The modal unmounts its content when closed, so every opening starts with a fresh form.
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={
        <Text fw={700} size="lg">
          {props.group ? t('groups.editGroup') : t('groups.newGroup')}
        </Text>
      }
      data-testid="group-form"
    >
      <GroupForm key={props.group?.id ?? 'new'} group={props.group} onClose={props.onClose} />
    </Modal>
  );
}

function GroupForm({ group, onClose }: { group: GroupRecord | null; onClose(): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<FormValues>(() => initialValues(group));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = <F extends FormField>(field: F, value: FormValues[F]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const showError = (error: unknown) => {
    if (!(error instanceof ApiError)) return notifyError(error);
    const { code, issues } = error.payload;
    if (code === 'VALIDATION' && issues?.length) {
      const { fields, rest } = validationMessages(issues, fieldOfIssue, 'groups.validation');
      setErrors(fields);
      setFormError(rest);
    } else if (code === 'CONFLICT') {
      setErrors({ name: describeError(error) });
    } else {
      setFormError(describeError(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFormError(null);
    const input = {
      name: values.name,
      type: values.type,
      positioning: values.positioning,
      coreGoal: values.coreGoal,
      // An emptied number box is sent as-is so the backend's rule explains it.
      memberCap: typeof values.memberCap === 'number' ? values.memberCap : Number.NaN,
    };
    try {
      const saved = group
        ? await call('groups.update', { id: group.id, patch: input })
        : await call('groups.create', input);
      notifySuccess(t(group ? 'groups.updated' : 'groups.created', { name: saved.name }));
      onClose();
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('groups.fields.name')}
          placeholder={t('groups.fields.namePlaceholder')}
          withAsterisk
          data-autofocus
          value={values.name}
          onChange={(event) => set('name', event.currentTarget.value)}
          error={errors.name}
          name="name"
        />
        <Radio.Group
          label={t('groups.fields.type')}
          withAsterisk
          value={values.type}
          onChange={(value) => set('type', value as GroupType)}
          error={errors.type}
        >
          <SimpleGrid cols={3} spacing="sm" mt={6}>
            {groupTypes.map((type) => (
              <Radio.Card
                key={type}
                value={type}
                radius="md"
                p="sm"
                className="choice-card"
                data-testid={`group-type-${type}`}
              >
                <Group wrap="nowrap" align="flex-start" gap="xs">
                  <Radio.Indicator mt={3} />
                  <div>
                    <Text fw={600} size="sm">
                      {t(`groups.types.${type}`)}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.4}>
                      {t(`groups.typeHints.${type}`)}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </SimpleGrid>
        </Radio.Group>
        <Textarea
          label={t('groups.fields.positioning')}
          placeholder={t('groups.fields.positioningPlaceholder')}
          autosize
          minRows={2}
          maxRows={5}
          value={values.positioning}
          onChange={(event) => set('positioning', event.currentTarget.value)}
          error={errors.positioning}
          name="positioning"
        />
        <Textarea
          label={t('groups.fields.coreGoal')}
          placeholder={t('groups.fields.coreGoalPlaceholder')}
          autosize
          minRows={2}
          maxRows={5}
          value={values.coreGoal}
          onChange={(event) => set('coreGoal', event.currentTarget.value)}
          error={errors.coreGoal}
          name="coreGoal"
        />
        <NumberInput
          label={t('groups.fields.memberCap')}
          description={t('groups.fields.memberCapHint')}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=","
          styles={{ wrapper: { width: 220 } }}
          value={values.memberCap}
          onChange={(value) => set('memberCap', value)}
          error={errors.memberCap}
          name="memberCap"
        />
        {formError && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="group-form-error">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {group ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
