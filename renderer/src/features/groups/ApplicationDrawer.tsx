/**
 * One application: who applied and how, the answers with their score, the blacklist flag, where it stands in the
 * pipeline, every decision with who took it and when, and the next move (advance / admit, or reject with a reason).
 */
import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  Stack,
  Stepper,
  Text,
  TextInput,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { IconBan, IconCheck, IconUserCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { AdmissionConfig, ApplicationDetail, Question } from '../../../../shared/domain/admission';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { rememberValue, rememberedValue, useBusy } from '../../ui/formKit';
import { JoinChannelBadge } from '../members/JoinChannelBadge';
import { stageLabel } from './AdmissionTab';
import { ScoreBadge, statusColors, useApplicationState } from './ApplicationsPanel';
import { Fact } from './parts';

export const deciderStorageKey = 'qundesk.admission.decidedBy';

export function ApplicationDrawer(props: { id: number | null; config: AdmissionConfig; onClose(): void }) {
  const { t } = useFormat();
  return (
    <Drawer
      opened={props.id !== null}
      onClose={props.onClose}
      position="right"
      size="lg"
      title={<Title order={4}>{t('groupsUi.application.title')}</Title>}
      data-testid="application-drawer"
    >
      {props.id !== null && <ApplicationBody key={props.id} id={props.id} config={props.config} />}
    </Drawer>
  );
}

function answerText(
  question: Question | undefined,
  answer: string | string[],
  t: (key: string) => string,
): string {
  const ids = typeof answer === 'string' ? [answer] : answer;
  if (!question || question.kind === 'text') return ids.join('、');
  return (
    ids.map((id) => question.options.find((option) => option.id === id)?.label ?? id).join('、') ||
    t('common.none')
  );
}

function ApplicationBody({ id, config }: { id: number; config: AdmissionConfig }) {
  const { t, dateTime } = useFormat();
  const { data: application } = useChannel('admission.get', { id }, ['groups', 'members']);
  const describe = useApplicationState();
  if (!application) return null;
  const stages = config.stages;
  const current = stages.findIndex((stage) => stage.key === application.stage);
  const questions = new Map(config.questionnaire.questions.map((question) => [question.id, question]));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={700} size="lg" truncate data-testid="application-name">
            {application.applicantName}
          </Text>
          <Text size="xs" c="dimmed">
            {t('groupsUi.application.appliedAt', { time: dateTime(application.appliedAt) })}
          </Text>
        </Stack>
        <Badge
          variant="light"
          size="lg"
          color={statusColors[application.status]}
          radius="sm"
          tt="none"
          data-testid="application-state"
        >
          {describe(application, stages)}
        </Badge>
      </Group>

      {application.blacklisted && (
        <Alert
          color="red"
          icon={<IconBan size={18} />}
          title={t('groupsUi.application.blacklistTitle')}
          data-testid="application-blacklist"
        >
          {t('groupsUi.application.blacklistText', { reasons: application.blacklistReasons.join('；') })}
        </Alert>
      )}

      <Paper withBorder radius="md" p="md">
        <Stack gap="xs">
          <Fact label={t('groupsUi.applications.channel')}>
            <JoinChannelBadge channel={application.joinChannel} />
          </Fact>
          {application.inviterName && (
            <Fact label={t('groupsUi.application.inviter')}>
              <Text size="sm">{application.inviterName}</Text>
            </Fact>
          )}
          <Fact label={t('groupsUi.application.wxid')}>
            <Text size="sm">{application.wxid ?? t('common.none')}</Text>
          </Fact>
          <Fact label={t('groupsUi.application.phone')}>
            <Text size="sm">{application.phone ?? t('common.none')}</Text>
          </Fact>
          {application.note && (
            <Fact label={t('groupsUi.application.note')}>
              <Text size="sm">{application.note}</Text>
            </Fact>
          )}
        </Stack>
      </Paper>

      {application.questionnairePassed !== null && (
        <Stack gap="xs" data-testid="application-answers">
          <Group justify="space-between">
            <Text fw={600} size="sm">
              {t('groupsUi.application.answers')}
            </Text>
            <Group gap="xs">
              <ScoreBadge application={application} />
              <Badge color={application.questionnairePassed ? 'green' : 'orange'} radius="sm">
                {application.questionnairePassed
                  ? t('groupsUi.application.passed')
                  : t('groupsUi.application.failed', { pass: application.passScore ?? 0 })}
              </Badge>
            </Group>
          </Group>
          {Object.entries(application.answers).map(([questionId, answer]) => {
            const question = questions.get(questionId);
            return (
              <Paper key={questionId} withBorder radius="sm" px="sm" py={6}>
                <Text size="xs" c="dimmed">
                  {question?.prompt ?? questionId}
                  {application.knockouts.includes(questionId) && (
                    <Text span c="red" size="xs" fw={600}>
                      {' · '}
                      {t('groupsUi.application.knockout')}
                    </Text>
                  )}
                </Text>
                <Text size="sm">{answerText(question, answer, t)}</Text>
              </Paper>
            );
          })}
        </Stack>
      )}

      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('groupsUi.application.pipeline')}
        </Text>
        <Stepper
          active={application.status === 'admitted' ? stages.length : Math.max(0, current)}
          size="xs"
          iconSize={24}
          styles={{ separator: { marginInline: 6, minWidth: 8 }, stepLabel: { whiteSpace: 'nowrap' } }}
          color={application.status === 'rejected' ? 'red' : undefined}
          data-testid="application-stepper"
        >
          {stages.map((stage, index) => (
            <Stepper.Step
              key={stage.key}
              label={stageLabel(stage, stage.key, t)}
              icon={application.status === 'rejected' && index === current ? <IconX size={14} /> : undefined}
            />
          ))}
        </Stepper>
      </Stack>

      {application.status === 'pending' && <DecisionForm application={application} config={config} />}

      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('groupsUi.application.history')}
        </Text>
        <Timeline bulletSize={18} lineWidth={2} data-testid="application-history">
          {application.decisions.map((decision) => (
            <Timeline.Item
              key={decision.id}
              color={decision.kind === 'reject' ? 'red' : decision.kind === 'admit' ? 'green' : 'blue'}
              title={
                <Text size="sm" fw={500}>
                  {t(`admission.decisions.${decision.kind}`, {
                    stage: stageLabel(
                      stages.find((stage) => stage.key === decision.toStage),
                      decision.toStage,
                      t,
                    ),
                  })}
                </Text>
              }
            >
              <Text size="xs" c="dimmed">
                {t('groupsUi.application.decidedBy', {
                  who: t(`audit.operators.${decision.decidedBy}`, { defaultValue: decision.decidedBy }),
                  time: dateTime(decision.decidedAt),
                })}
              </Text>
              {decision.note && <Text size="sm">{decision.note}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Stack>
  );
}

function DecisionForm({ application, config }: { application: ApplicationDetail; config: AdmissionConfig }) {
  const { t } = useFormat();
  const [decidedBy, setDecidedBy] = useState(() => rememberedValue(deciderStorageKey));
  const [note, setNote] = useState('');
  const { busy, run } = useBusy();
  const stages = config.stages;
  const index = stages.findIndex((stage) => stage.key === application.stage);
  const next = stages[index + 1];
  const admits = index + 1 === stages.length - 1;
  const who = decidedBy.trim() || undefined;

  const decide = (kind: 'advance' | 'reject') =>
    run(async () => {
      if (who) rememberValue(deciderStorageKey, who);
      if (kind === 'reject') {
        await call('admission.reject', { id: application.id, decidedBy: who, note });
        notifySuccess(t('groupsUi.application.rejectedNotice', { name: application.applicantName }));
      } else {
        await call('admission.advance', { id: application.id, toStage: next!.key, decidedBy: who, note });
        notifySuccess(
          admits
            ? t('groupsUi.application.admittedNotice', { name: application.applicantName })
            : t('groupsUi.application.advancedNotice', {
                name: application.applicantName,
                stage: stageLabel(next, next!.key, t),
              }),
        );
      }
      setNote('');
    });

  return (
    <Paper withBorder radius="md" p="md" data-testid="decision-form">
      <Stack gap="sm">
        <Group grow gap="sm" align="flex-start">
          <TextInput
            label={t('groupsUi.application.decider')}
            placeholder={t('groupsUi.application.deciderPlaceholder')}
            value={decidedBy}
            onChange={(event) => setDecidedBy(event.currentTarget.value)}
            data-testid="decided-by"
          />
        </Group>
        <Textarea
          label={t('groupsUi.application.decisionNote')}
          placeholder={t('groupsUi.application.decisionNotePlaceholder')}
          autosize
          minRows={2}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          data-testid="decision-note"
        />
        <Group justify="flex-end" gap="sm">
          <Button
            variant="light"
            color="red"
            leftSection={<IconX size={16} />}
            disabled={!note.trim()}
            loading={busy}
            onClick={() => void decide('reject')}
            data-testid="application-reject"
          >
            {t('groupsUi.application.reject')}
          </Button>
          {next && (
            <Button
              color={admits ? 'green' : undefined}
              leftSection={admits ? <IconUserCheck size={16} /> : <IconCheck size={16} />}
              loading={busy}
              onClick={() => void decide('advance')}
              data-testid="application-advance"
            >
              {admits
                ? t('groupsUi.application.admit')
                : t('groupsUi.application.advance', { stage: stageLabel(next, next.key, t) })}
            </Button>
          )}
        </Group>
        {!note.trim() && (
          <Text size="xs" c="dimmed" ta="right">
            {t('groupsUi.application.rejectNeedsNote')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
