/** Starts a drill: a playbook's scenario, run by one participant (the name their score card is kept under). */
import { Button, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { useDurations } from './crisisFormat';
import { markDrillOfThisSession } from './drillSession';
import { ModalActions, rememberValue, rememberedValue, useBusy } from '../../ui/formKit';
import { PlaybookFormModal, PlaybookSelect } from './formKit';
import { crisisPaths } from './paths';
import {
  catalogEntry,
  usePlaybookChoice,
  type PlaybookFormProps,
  type PlaybookModalProps,
} from './usePlaybooks';

const participantStorageKey = 'qundesk.crisis.participant';

export function StartDrillModal(props: PlaybookModalProps) {
  const { t } = useTranslation();
  return (
    <PlaybookFormModal
      {...props}
      title={t('crisisUi.startDrill.title')}
      testId="start-drill-form"
      form={StartDrillForm}
    />
  );
}

function StartDrillForm(props: PlaybookFormProps) {
  const { t } = useTranslation();
  const { duration } = useDurations();
  const [playbookId, setPlaybookId] = usePlaybookChoice(props);
  const [scenarioId, setScenarioId] = useState<string | null>(null);
  const [participant, setParticipant] = useState(() => rememberedValue(participantStorageKey));
  const { busy: saving, run } = useBusy();

  const scenarios = catalogEntry(props.catalog, playbookId)?.scenarios ?? [];
  const chosenScenarioId = scenarioId ?? scenarios[0]?.id ?? null;
  const scenario = scenarios.find((candidate) => candidate.id === chosenScenarioId);
  const name = participant.trim();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (playbookId === null || chosenScenarioId === null || name === '') return;
    await run(async () => {
      const drill = await call('drills.start', {
        playbookId,
        scenarioId: chosenScenarioId,
        participant: name,
      });
      markDrillOfThisSession(drill.id);
      rememberValue(participantStorageKey, name);
      props.onClose();
      navigate(crisisPaths.drill(drill.id));
    });
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <PlaybookSelect
          label={t('crisisUi.startDrill.playbook')}
          catalog={props.catalog}
          value={playbookId}
          onChange={(value) => {
            setPlaybookId(value);
            setScenarioId(null);
          }}
          testId="drill-playbook"
        />
        <Select
          label={t('crisisUi.startDrill.scenario')}
          withAsterisk
          data={scenarios.map((candidate) => ({ value: candidate.id, label: candidate.title }))}
          value={chosenScenarioId}
          onChange={setScenarioId}
          allowDeselect={false}
          placeholder={t('crisisUi.startDrill.noScenario')}
          error={
            playbookId !== null && props.catalog.list && scenarios.length === 0
              ? t('crisisUi.startDrill.noScenario')
              : undefined
          }
          data-testid="drill-scenario"
        />
        {scenario && (
          <Text size="sm" c="dimmed">
            {scenario.description}
            {scenario.description ? ' ' : ''}
            {t('crisisUi.startDrill.scenarioLength', {
              count: scenario.injectCount,
              duration: duration(scenario.lengthSeconds),
            })}
          </Text>
        )}
        <TextInput
          label={t('crisisUi.startDrill.participant')}
          description={t('crisisUi.startDrill.participantHint')}
          withAsterisk
          maxLength={40}
          value={participant}
          onChange={(event) => setParticipant(event.currentTarget.value)}
          data-testid="drill-participant"
        />
        <ModalActions onCancel={props.onClose}>
          <Button
            type="submit"
            loading={saving}
            disabled={playbookId === null || chosenScenarioId === null || name === ''}
            data-testid="start-drill-submit"
          >
            {t('crisisUi.startDrill.submit')}
          </Button>
        </ModalActions>
      </Stack>
    </form>
  );
}
