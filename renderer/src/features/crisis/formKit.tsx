/** Form pieces the crisis screens share: the playbook dialog, severity choice, an incident's title and note. */
import { Select, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlaybookSummary } from '../../../../shared/domain/crisis/views';
import { FormModal } from '../../ui/formKit';
import {
  playbookOptions,
  type PlaybookCatalog,
  type PlaybookFormComponent,
  type PlaybookModalProps,
} from './usePlaybooks';

/** A dialog around a playbook form; every opening starts the form afresh on the given playbook. */
export function PlaybookFormModal(
  props: PlaybookModalProps & { title: string; testId: string; form: PlaybookFormComponent },
) {
  const Form = props.form;
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={props.title}
      testId={props.testId}
    >
      <Form
        key={props.playbookId ?? 'any'}
        catalog={props.catalog}
        initialPlaybookId={props.playbookId}
        onClose={props.onClose}
      />
    </FormModal>
  );
}

/** The playbook a form works on; every form that starts something from a playbook picks it here. */
export function PlaybookSelect(props: {
  label: string;
  catalog: PlaybookCatalog;
  value: number | null;
  onChange(value: number | null): void;
  testId: string;
}) {
  return (
    <Select
      label={props.label}
      withAsterisk
      data={playbookOptions(props.catalog)}
      value={props.value === null ? null : String(props.value)}
      onChange={(value) => props.onChange(value === null ? null : Number(value))}
      allowDeselect={false}
      data-testid={props.testId}
    />
  );
}

/** The severity levels of a playbook to choose from, the chosen one's description under it. */
export function SeveritySelect(props: {
  levels: PlaybookSummary['severityLevels'];
  value: string | null;
  onChange(value: string | null): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('crisisUi.openIncident.severity')}
      data={props.levels.map((level) => ({ value: level.id, label: level.label }))}
      value={props.value}
      onChange={props.onChange}
      allowDeselect={false}
      description={props.levels.find((level) => level.id === props.value)?.description || undefined}
      data-testid={props.testId}
    />
  );
}

/** An incident's own title (the playbook and group name when left empty) and its opening note. */
export function IncidentTitleInput(props: { value: string; onChange(value: string): void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('crisisUi.openIncident.titleField')}
      placeholder={t('crisisUi.openIncident.titlePlaceholder')}
      value={props.value}
      maxLength={120}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}

export function IncidentNoteInput(props: { value: string; onChange(value: string): void }) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('crisisUi.openIncident.note')}
      autosize
      minRows={2}
      maxRows={5}
      maxLength={4000}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}
