/**
 * 开启事件 on a review-queue hit: pick the playbook (those whose trigger signals count the hit's category come first,
 * the first of them chosen), its severity and a title; the incident opens in the hit's group with the message and
 * its sender as evidence, and the incident page opens.
 */
import { Button, Select, Stack, Text } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaybookSummary } from '../../../../shared/domain/crisis/views';
import type { RiskQueueItem } from '../../../../shared/ipc/channels/risk';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';
import { IncidentNoteInput, IncidentTitleInput, SeveritySelect } from './formKit';
import { crisisPaths } from './paths';

/** Playbooks whose triggers count `category`, first; the rest after, each group in list order. */
export function rankPlaybooksForCategory(
  playbooks: readonly PlaybookSummary[],
  category: string,
): { playbook: PlaybookSummary; recommended: boolean }[] {
  const wanted = category.toLowerCase();
  const ranked = playbooks.map((playbook) => ({
    playbook,
    recommended: playbook.triggerCategories.includes(wanted),
  }));
  return [...ranked.filter((entry) => entry.recommended), ...ranked.filter((entry) => !entry.recommended)];
}

function OpenFromHitForm({ hit, onClose }: { hit: RiskQueueItem; onClose(): void }) {
  const { t } = useTranslation();
  const { data: playbooks } = useChannel('playbooks.list', {}, ['crisis']);
  const ranked = rankPlaybooksForCategory(playbooks ?? [], hit.category);
  const [chosenId, setChosenId] = useState<number | null>(null);
  const playbookId = chosenId ?? ranked[0]?.playbook.id ?? null;
  const playbook = ranked.find((entry) => entry.playbook.id === playbookId)?.playbook;
  const [severity, setSeverity] = useState<string | null>(null);
  const chosenSeverity = severity ?? playbook?.defaultSeverity ?? null;
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const { busy: saving, run } = useBusy();
  const category = t(`sensitive.category.${hit.category}`);
  const anyRecommended = ranked.some((entry) => entry.recommended);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (playbookId === null) return;
    await run(async () => {
      const incident = await call('incidents.openFromHit', {
        hitId: hit.id,
        playbookId,
        ...(chosenSeverity ? { severity: chosenSeverity } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      notifySuccess(t('crisisUi.openIncident.opened', { title: incident.title }));
      onClose();
      navigate(crisisPaths.incident(incident.id));
    });
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Text size="sm" lineClamp={3} data-testid="from-hit-message">
          <Text span fw={600}>
            {hit.message.senderName}：
          </Text>
          {hit.message.content}
        </Text>
        <Select
          label={t('crisisUi.openIncident.playbook')}
          description={
            anyRecommended
              ? t('crisisUi.fromHit.recommendedHint', { category })
              : t('crisisUi.fromHit.noMatch', { category })
          }
          withAsterisk
          data={ranked.map(({ playbook: candidate, recommended }) => ({
            value: String(candidate.id),
            label: recommended ? `${candidate.name}（${t('crisisUi.fromHit.recommended')}）` : candidate.name,
          }))}
          value={playbookId === null ? null : String(playbookId)}
          onChange={(value) => {
            setChosenId(value === null ? null : Number(value));
            setSeverity(null);
          }}
          allowDeselect={false}
          data-testid="from-hit-playbook"
        />
        <SeveritySelect
          levels={playbook?.severityLevels ?? []}
          value={chosenSeverity}
          onChange={setSeverity}
          testId="from-hit-severity"
        />
        <IncidentTitleInput value={title} onChange={setTitle} />
        <IncidentNoteInput value={note} onChange={setNote} />
        <Text size="xs" c="dimmed">
          {t('crisisUi.fromHit.evidenceHint')}
        </Text>
        <ModalActions onCancel={onClose}>
          <Button
            type="submit"
            color="red"
            loading={saving}
            disabled={playbookId === null}
            data-testid="from-hit-submit"
          >
            {t('crisisUi.fromHit.submit')}
          </Button>
        </ModalActions>
      </Stack>
    </form>
  );
}

/** The button a review-queue card shows, with its dialog. */
export function OpenFromHitButton({ hit, disabled }: { hit: RiskQueueItem; disabled?: boolean }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        leftSection={<IconFlame size={14} />}
        disabled={disabled}
        onClick={() => setOpened(true)}
        data-testid="risk-open-incident"
      >
        {t('crisisUi.fromHit.button')}
      </Button>
      <FormModal
        opened={opened}
        onClose={() => setOpened(false)}
        size="lg"
        title={t('crisisUi.fromHit.title')}
        testId="open-from-hit"
      >
        <OpenFromHitForm hit={hit} onClose={() => setOpened(false)} />
      </FormModal>
    </>
  );
}
