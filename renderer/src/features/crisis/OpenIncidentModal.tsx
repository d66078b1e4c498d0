/** Opens an incident from a playbook: which group, how severe, when it was noticed. */
import { Button, NumberInput, Select, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { ModalActions, useBusy } from '../../ui/formKit';
import {
  PlaybookFormModal,
  PlaybookSelect,
  IncidentNoteInput,
  IncidentTitleInput,
  SeveritySelect,
} from './formKit';
import { crisisPaths } from './paths';
import {
  catalogEntry,
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
  const { busy: saving, run } = useBusy();

  const playbook = catalogEntry(props.catalog, playbookId);
  const levels = playbook?.severityLevels ?? [];
  const chosenSeverity = severity ?? playbook?.defaultSeverity ?? null;

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
        <PlaybookSelect
          label={t('crisisUi.openIncident.playbook')}
          catalog={props.catalog}
          value={playbookId}
          onChange={(value) => {
            setPlaybookId(value);
            setSeverity(null);
          }}
          testId="incident-playbook"
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
        <SeveritySelect
          levels={levels}
          value={chosenSeverity}
          onChange={setSeverity}
          testId="incident-severity"
        />
        <IncidentTitleInput value={title} onChange={setTitle} />
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
        <IncidentNoteInput value={note} onChange={setNote} />
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
