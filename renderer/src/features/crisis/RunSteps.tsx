/**
 * The steps of a running incident or drill, stage by stage: each with its owner, its target time, a colour for
 * its SLA state (on time / late / overdue) and the time left ticking, and the buttons to start, finish or skip it.
 */
import { Badge, Button, Group, Paper, Popover, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconPlayerPlay, IconPlayerSkipForward, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Playbook } from '../../../../shared/domain/crisis/playbook';
import type { RunStateView, StepStateView } from '../../../../shared/domain/crisis/views';
import { formatClock, liveStep, slaColors, useDurations } from './crisisFormat';
import { useBusy } from '../../ui/formKit';

export interface StepActions {
  start(stepId: string): Promise<void>;
  done(stepId: string): Promise<void>;
  skip(stepId: string, reason: string): Promise<void>;
  /** Opens the message composer on one of the step's templates. */
  writeTemplate?(templateId: string): void;
}

export function RunSteps(props: {
  definition: Playbook;
  state: RunStateView;
  liveElapsed: number;
  /** Closed, finished or paused: steps are shown but cannot change. */
  readOnly: boolean;
  /** The run is over: a step not finished by then was not done, and has no time left. */
  ended?: boolean;
  actions: StepActions;
}) {
  const { t } = useTranslation();
  const { definition, state } = props;
  const byId = new Map(state.steps.map((step) => [step.stepId, step]));
  return (
    <Stack gap="md" data-testid="run-steps">
      {definition.stages.map((stage) => {
        const current = stage.id === state.currentStageId;
        return (
          <Stack key={stage.id} gap={6} data-testid="run-stage" data-current={current ? 'true' : 'false'}>
            <Group gap="xs">
              <Text fw={600} size="sm" c={current ? undefined : 'dimmed'}>
                {stage.title}
              </Text>
              {current && (
                <Badge size="sm" color="red" variant="light">
                  {t('crisisUi.run.currentStage')}
                </Badge>
              )}
            </Group>
            {stage.steps.map((step) => {
              const stepState = byId.get(step.id);
              return stepState ? (
                <StepRow
                  key={step.id}
                  definition={definition}
                  step={stepState}
                  templateIds={step.templateIds}
                  description={step.description}
                  baseElapsed={state.elapsedSeconds}
                  liveElapsed={props.liveElapsed}
                  readOnly={props.readOnly}
                  ended={props.ended ?? false}
                  actions={props.actions}
                />
              ) : null;
            })}
          </Stack>
        );
      })}
    </Stack>
  );
}

function StepRow(props: {
  definition: Playbook;
  step: StepStateView;
  templateIds: string[];
  description: string;
  baseElapsed: number;
  liveElapsed: number;
  readOnly: boolean;
  ended: boolean;
  actions: StepActions;
}) {
  const { t } = useTranslation();
  const { target } = useDurations();
  const { step, definition } = props;
  const { busy, run } = useBusy();
  const [skipOpened, setSkipOpened] = useState(false);
  const [reason, setReason] = useState('');
  const live = liveStep(step, props.baseElapsed, props.liveElapsed);
  const finished = step.status === 'done' || step.status === 'skipped';
  const notDone = props.ended && !finished;
  const color = notDone
    ? 'red'
    : finished || live.sla === 'overdue'
      ? slaColors[live.sla]
      : step.status === 'in_progress'
        ? 'blue'
        : 'gray';
  const roleLabel = definition.roles.find((role) => role.id === step.ownerRole)?.label ?? step.ownerRole;
  const badgeLabel = notDone
    ? t('crisisUi.score.outcomes.missed')
    : finished || live.sla === 'overdue'
      ? t(`crisis.sla.${live.sla}`)
      : t(`crisisUi.run.status.${step.status}`);

  const timing = (() => {
    if (notDone) return '';
    if (step.status === 'done' && step.elapsedSeconds !== null)
      return t('crisisUi.run.took', { time: formatClock(step.elapsedSeconds) });
    if (step.status === 'skipped') return t('crisisUi.run.skippedReason', { reason: step.note ?? '—' });
    if (live.remaining !== null && live.remaining >= 0)
      return t('crisisUi.run.remaining', { time: formatClock(live.remaining) });
    return t('crisisUi.run.overdueBy', { time: formatClock(-(live.remaining ?? 0)) });
  })();

  return (
    <Paper
      withBorder
      radius="sm"
      p="sm"
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-filled)` }}
      data-testid="run-step"
      data-step={step.stepId}
      data-status={step.status}
      data-sla={live.sla}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600} td={step.status === 'skipped' ? 'line-through' : undefined}>
              {step.order + 1}. {step.title}
            </Text>
            {!step.required && (
              <Badge size="xs" variant="outline" color="gray">
                {t('crisisUi.optional')}
              </Badge>
            )}
          </Group>
          {props.description && !finished && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {props.description}
            </Text>
          )}
          <Group gap={8} wrap="wrap">
            <Badge size="sm" color={color} variant="light" data-testid="step-sla">
              {badgeLabel}
            </Badge>
            {timing && (
              <Text
                size="xs"
                c={live.sla === 'overdue' ? 'red' : 'dimmed'}
                className="tabular"
                data-testid="step-timing"
              >
                {timing}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {roleLabel} · {target(step.targetSeconds)}
              {step.by && finished ? ` · ${step.by}` : ''}
            </Text>
          </Group>
        </Stack>
        {!props.readOnly && !finished && (
          <Group gap={4} wrap="nowrap">
            {props.actions.writeTemplate &&
              props.templateIds.map((templateId) => (
                <Button
                  key={templateId}
                  size="compact-sm"
                  variant="subtle"
                  leftSection={<IconSend size={14} />}
                  onClick={() => props.actions.writeTemplate?.(templateId)}
                  data-testid="step-write"
                >
                  {t('crisisUi.run.write')}
                </Button>
              ))}
            {step.status === 'todo' && (
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconPlayerPlay size={14} />}
                loading={busy}
                onClick={() => void run(() => props.actions.start(step.stepId))}
                data-testid="step-start"
              >
                {t('crisisUi.run.start')}
              </Button>
            )}
            <Button
              size="compact-sm"
              color="teal"
              leftSection={<IconCheck size={14} />}
              loading={busy}
              onClick={() => void run(() => props.actions.done(step.stepId))}
              data-testid="step-done"
            >
              {t('crisisUi.run.done')}
            </Button>
            <Popover opened={skipOpened} onChange={setSkipOpened} position="bottom-end" withArrow trapFocus>
              <Popover.Target>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconPlayerSkipForward size={14} />}
                  onClick={() => setSkipOpened((value) => !value)}
                  data-testid="step-skip"
                >
                  {t('crisisUi.run.skip')}
                </Button>
              </Popover.Target>
              <Popover.Dropdown>
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (!reason.trim()) return;
                    setSkipOpened(false);
                    void run(() => props.actions.skip(step.stepId, reason.trim()));
                  }}
                >
                  <Stack gap="xs" w={260}>
                    <TextInput
                      size="xs"
                      label={t('crisisUi.run.skipReason')}
                      value={reason}
                      maxLength={1000}
                      onChange={(event) => setReason(event.currentTarget.value)}
                      data-autofocus
                      data-testid="skip-reason"
                    />
                    <Button size="xs" type="submit" disabled={!reason.trim()} data-testid="skip-confirm">
                      {t('crisisUi.run.skipConfirm')}
                    </Button>
                  </Stack>
                </form>
              </Popover.Dropdown>
            </Popover>
          </Group>
        )}
      </Group>
    </Paper>
  );
}
