/** Creating or editing a material: its kind, title, text (or description), file or link, and tags. */
import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import {
  materialKinds,
  maxMaterialTags,
  type Material,
  type MaterialKind,
} from '../../../../shared/domain/calendar/materials';
import { describeError, notifySuccess, validationMessages } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { materialKindIcons } from './materialKinds';

export type MaterialTarget = { mode: 'new'; kind: MaterialKind } | { mode: 'edit'; material: Material };

interface Values {
  kind: MaterialKind;
  title: string;
  body: string;
  reference: string;
  tags: string[];
}

const fields = ['title', 'body', 'reference', 'tags'] as const;
type Field = (typeof fields)[number];

function fieldOf(path: string): Field | null {
  const first = path.split('.')[0] ?? '';
  return (fields as readonly string[]).includes(first) ? (first as Field) : null;
}

function initialValues(target: MaterialTarget): Values {
  if (target.mode === 'new') return { kind: target.kind, title: '', body: '', reference: '', tags: [] };
  const { kind, title, body, reference, tags } = target.material;
  return { kind, title, body, reference, tags };
}

export function MaterialEditor(props: { target: MaterialTarget | null; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={
        <Text fw={700} size="lg">
          {props.target?.mode === 'edit'
            ? t('calendarUi.materials.editTitle')
            : t('calendarUi.materials.newTitle')}
        </Text>
      }
      data-testid="material-editor"
    >
      {props.target && (
        <MaterialForm
          key={props.target.mode === 'edit' ? props.target.material.id : 'new'}
          target={props.target}
          onClose={props.onClose}
        />
      )}
    </Modal>
  );
}

function MaterialForm({ target, onClose }: { target: MaterialTarget; onClose(): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => initialValues(target));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { data: tags } = useChannel('materials.tags', {}, ['calendar']);
  const set = <F extends keyof Values>(field: F, value: Values[F]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    if (field !== 'kind') setErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const hasReference = values.kind === 'image' || values.kind === 'link';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setSaving(true);
    try {
      const saved = await call('materials.save', {
        ...(target.mode === 'edit' ? { id: target.material.id } : {}),
        kind: values.kind,
        title: values.title.trim(),
        body: values.body,
        reference: hasReference ? values.reference.trim() : '',
        tags: values.tags,
      });
      notifySuccess(t('calendarUi.materials.saved', { title: saved.title }));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.payload.code === 'VALIDATION' && error.payload.issues?.length) {
        const messages = validationMessages(error.payload.issues, fieldOf, `calendarUi.materials.validation`);
        // The reference's message depends on the kind: a file for an image, a web address for a link.
        if (messages.fields.reference)
          messages.fields.reference = t(
            values.kind === 'image'
              ? 'calendarUi.materials.validation.referenceImage'
              : 'calendarUi.materials.validation.referenceLink',
          );
        setErrors(messages.fields);
        setFormError(messages.rest);
      } else {
        setFormError(describeError(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="material-form">
      <Stack gap="sm">
        <SegmentedControl
          fullWidth
          value={values.kind}
          onChange={(value) => set('kind', value as MaterialKind)}
          data={materialKinds.map((kind) => {
            const KindIcon = materialKindIcons[kind];
            return {
              value: kind,
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <KindIcon size={14} />
                  <span>{t(`calendar.materialKinds.${kind}`)}</span>
                </Group>
              ),
            };
          })}
          data-testid="material-kind"
        />
        <TextInput
          label={t('calendarUi.materials.fields.title')}
          placeholder={t(`calendarUi.materials.placeholders.title.${values.kind}`)}
          withAsterisk
          data-autofocus
          value={values.title}
          onChange={(event) => set('title', event.currentTarget.value)}
          error={errors.title}
          name="title"
        />
        {hasReference && (
          <TextInput
            label={t(`calendarUi.materials.fields.reference.${values.kind}`)}
            description={t(`calendarUi.materials.hints.reference.${values.kind}`)}
            placeholder={values.kind === 'link' ? 'https://' : t('calendarUi.materials.placeholders.file')}
            withAsterisk
            value={values.reference}
            onChange={(event) => set('reference', event.currentTarget.value)}
            error={errors.reference}
            name="reference"
          />
        )}
        <Textarea
          label={t(`calendarUi.materials.fields.body.${values.kind}`)}
          description={values.kind === 'template' ? t('calendarUi.materials.hints.template') : undefined}
          withAsterisk={!hasReference}
          autosize
          minRows={hasReference ? 2 : 5}
          maxRows={14}
          value={values.body}
          onChange={(event) => set('body', event.currentTarget.value)}
          error={errors.body}
          name="body"
        />
        <TagsInput
          label={t('calendarUi.materials.fields.tags')}
          description={t('calendarUi.materials.hints.tags')}
          data={(tags ?? []).map((tag) => tag.tag)}
          maxTags={maxMaterialTags}
          value={values.tags}
          onChange={(value) => set('tags', value)}
          error={errors.tags}
          clearable
          comboboxProps={{ withinPortal: true }}
          data-testid="material-tags"
        />
        {formError && (
          <Alert color="red" icon={<IconAlertCircle size={18} />}>
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving} data-testid="save-material">
            {target.mode === 'edit' ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
