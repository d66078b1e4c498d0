/** Opens an incident from a playbook: which group, how severe, when it was noticed. */
import { Button, NumberInput, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { ModalActions, PlaybookFormModal, useBusy } from './formKit';
import { crisisPaths } from './paths';
import {
  playbookOptions,
  usePlaybookChoice,
  type PlaybookFormProps,
  type PlaybookModalProps,
} from './usePlaybooks';

export function OpenIncidentModal(props: PlaybookModalProps) {
  const { t } = useTranslation();
  return (
    <PlaybookFormModal
      {...props}
      title={t('crisisUi.openIncident.title')}
      testId="open-incident-form"
      form={OpenIncidentForm}
    />
  );
}

function OpenIncidentForm(props: PlaybookFormProps) {
  const { t } = useTranslation();
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const [playbookId, setPlaybookId] = usePlaybookChoice(props);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [severity, setSeverity] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [minutesAgo, setMinutesAgo] = useState<number | string>(0);
  const [note, setNote] = useState('');
  const [saving, run] = useBusy();

  const definition = playbookId === null ? undefined : props.catalog.details?.get(playbookId)?.definition;
  const levels = definition?.severityLevels ?? [];
  const chosenSeverity = severity ?? definition?.defaultSeverity ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (playbookId === null) return;
    const minutes = typeof minutesAgo === 'number' && minutesAgo > 0 ? minutesAgo : 0;
    await run(async () => {
      const incident = await call('incidents.open', {
        playbookId,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(groupId !== null ? { groupId } : {}),
        ...(chosenSeverity ? { severity: chosenSeverity } : {}),
        ...(minutes > 0 ? { detectedAt: new Date(Date.now() - minutes * 60_000).toISOString() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        source: { kind: 'manual' },
      });
      notifySuccess(t('crisisUi.openIncident.opened', { title: incident.title }));
      props.onClose();
      navigate(crisisPaths.incident(incident.id));
    });
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Select
          label={t('crisisUi.openIncident.playbook')}
          withAsterisk
          data={playbookOptions(props.catalog)}
          value={playbookId === null ? null : String(playbookId)}
          onChange={(value) => {
            setPlaybookId(value === null ? null : Number(value));
            setSeverity(null);
          }}
          allowDeselect={false}
          data-testid="incident-playbook"
        />
        <Select
          label={t('crisisUi.openIncident.group')}
          description={t('crisisUi.openIncident.groupHint')}
          placeholder={t('crisisUi.openIncident.noGroup')}
          clearable
          data={(groups ?? []).map((group) => ({ value: String(group.id), label: group.name }))}
          value={groupId === null ? null : String(groupId)}
          onChange={(value) => setGroupId(value === null ? null : Number(value))}
          data-testid="incident-group"
        />
        <Select
          label={t('crisisUi.openIncident.severity')}
          data={levels.map((level) => ({ value: level.id, label: level.label }))}
          value={chosenSeverity}
          onChange={(value) => setSeverity(value)}
          allowDeselect={false}
          description={levels.find((level) => level.id === chosenSeverity)?.description || undefined}
          data-testid="incident-severity"
        />
        <TextInput
          label={t('crisisUi.openIncident.titleField')}
          placeholder={t('crisisUi.openIncident.titlePlaceholder')}
          value={title}
          maxLength={120}
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
        <NumberInput
          label={t('crisisUi.openIncident.minutesAgo')}
          description={t('crisisUi.openIncident.minutesAgoHint')}
          allowDecimal={false}
          allowNegative={false}
          min={0}
          max={7 * 24 * 60}
          styles={{ wrapper: { width: 160 } }}
          value={minutesAgo}
          onChange={setMinutesAgo}
        />
        <Textarea
          label={t('crisisUi.openIncident.note')}
          autosize
          minRows={2}
          maxRows={5}
          maxLength={4000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <ModalActions onCancel={props.onClose}>
          <Button
            type="submit"
            color="red"
            loading={saving}
            disabled={playbookId === null}
            data-testid="open-incident-submit"
          >
            {t('crisisUi.openIncident.submit')}
          </Button>
        </ModalActions>
      </Stack>
    </form>
  );
}
