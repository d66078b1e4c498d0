/**
 * Closing an incident is its after-action review: what happened, what worked, what to change, follow-ups with an
 * owner. The form starts from the backend's draft (built from the step timings), for people to correct.
 */
import { ActionIcon, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail, RenderedReviewLine } from '../../../../shared/domain/crisis/views';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { useDurations } from './crisisFormat';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';

const bullets = (lines: RenderedReviewLine[]) => lines.map((line) => `- ${line.text}`).join('\n');

export function CloseIncidentModal(props: { opened: boolean; onClose(): void; incident: IncidentDetail }) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      size="xl"
      title={t('crisisUi.review.title')}
      testId="close-incident-form"
    >
      <ReviewForm incident={props.incident} onClose={props.onClose} />
    </FormModal>
  );
}

interface FollowUp {
  key: number;
  text: string;
  owner: string;
}

function ReviewForm({ incident, onClose }: { incident: IncidentDetail; onClose(): void }) {
  const { t } = useTranslation();
  const { duration } = useDurations();
  const [whatHappened, setWhatHappened] = useState(() =>
    t('crisisUi.review.happenedDraft', {
      title: incident.title,
      playbook: incident.playbookName,
      duration: duration(incident.state.elapsedSeconds),
    }),
  );
  const [whatWorked, setWhatWorked] = useState(() => bullets(incident.reviewDraft.wentWell));
  const [whatToChange, setWhatToChange] = useState(() => bullets(incident.reviewDraft.toImprove));
  const [followUps, setFollowUps] = useState<FollowUp[]>([{ key: 0, text: '', owner: '' }]);
  const { busy: saving, run } = useBusy();

  const updateFollowUp = (key: number, patch: Partial<FollowUp>) =>
    setFollowUps((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const submit = () =>
    run(async () => {
      await call('incidents.close', {
        id: incident.id,
        review: {
          whatHappened: whatHappened.trim(),
          whatWorked: whatWorked.trim(),
          whatToChange: whatToChange.trim(),
          followUps: followUps
            .filter((row) => row.text.trim() !== '')
            .map((row) => ({ text: row.text.trim(), owner: row.owner.trim() })),
        },
      });
      notifySuccess(t('crisisUi.review.closed'));
      onClose();
    });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('crisisUi.review.hint')}
      </Text>
      <ReviewField
        label={t('crisis.report.whatHappened')}
        required
        value={whatHappened}
        onChange={setWhatHappened}
        testId="review-what-happened"
      />
      <ReviewField
        label={t('crisis.report.whatWorked')}
        value={whatWorked}
        onChange={setWhatWorked}
        testId="review-what-worked"
      />
      <ReviewField
        label={t('crisis.report.whatToChange')}
        value={whatToChange}
        onChange={setWhatToChange}
        testId="review-what-to-change"
      />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('crisis.report.followUps')}
        </Text>
        {followUps.map((row) => (
          <Group key={row.key} gap="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              placeholder={t('crisisUi.review.followUpText')}
              maxLength={500}
              value={row.text}
              onChange={(event) => updateFollowUp(row.key, { text: event.currentTarget.value })}
              aria-label={t('crisisUi.review.followUpText')}
              data-testid="follow-up-text"
            />
            <TextInput
              w={150}
              placeholder={t('crisisUi.review.followUpOwner')}
              maxLength={40}
              value={row.owner}
              onChange={(event) => updateFollowUp(row.key, { owner: event.currentTarget.value })}
              aria-label={t('crisisUi.review.followUpOwner')}
              data-testid="follow-up-owner"
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('common.delete')}
              onClick={() => setFollowUps((rows) => rows.filter((candidate) => candidate.key !== row.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          disabled={followUps.length >= 30}
          onClick={() =>
            setFollowUps((rows) => [
              ...rows,
              { key: Math.max(0, ...rows.map((row) => row.key)) + 1, text: '', owner: '' },
            ])
          }
        >
          {t('crisisUi.review.addFollowUp')}
        </Button>
      </Stack>
      <ModalActions onCancel={onClose}>
        <Button
          color="red"
          loading={saving}
          disabled={!whatHappened.trim()}
          onClick={() => void submit()}
          data-testid="review-submit"
        >
          {t('crisisUi.review.submit')}
        </Button>
      </ModalActions>
    </Stack>
  );
}

function ReviewField(props: {
  label: string;
  required?: boolean;
  value: string;
  onChange(value: string): void;
  testId: string;
}) {
  return (
    <Textarea
      label={props.label}
      withAsterisk={props.required}
      autosize
      minRows={props.required ? 3 : 2}
      maxRows={8}
      maxLength={4000}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      data-testid={props.testId}
    />
  );
}
