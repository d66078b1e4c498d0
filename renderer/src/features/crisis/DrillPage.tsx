/**
 * A drill in progress: the scenario's injects appear on a simulated group chat at their offsets (with a countdown
 * to the next one), the participant ticks steps and writes messages, can pause, and finishes to a score card.
 *
 * Time: the clock ticks locally from the backend's `elapsedSeconds`. A running drill this window did not start
 * was interrupted (the app was closed or reloaded), so the first time it is opened here `drills.resume` records
 * the gap as a pause; coming back to it later in the same session does not.
 */
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconFlag, IconPlayerPause, IconPlayerPlay, IconSend, IconWand } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templateKinds, type InjectKind, type TemplateKind } from '../../../../shared/domain/crisis/playbook';
import {
  dueInjects,
  effectiveSeconds,
  pausedSpans,
  secondsToNextInject,
  type TimelineEvent,
} from '../../../../shared/domain/crisis/timeline';
import type { DrillDetail, TimelineEventView } from '../../../../shared/domain/crisis/views';
import { ApiError, call } from '../../api/client';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { formatClock, useLiveElapsed } from './crisisFormat';
import { claimDrillForThisSession } from './drillSession';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';
import { crisisPaths } from './paths';
import { BackLink } from './PlaybookDetail';
import { RunSteps, type StepActions } from './RunSteps';
import { RunTimeline } from './RunTimeline';
import { ScoreCard } from './ScoreCard';

const injectColors: Record<InjectKind, string> = {
  message: 'gray',
  report: 'orange',
  screenshot: 'grape',
  prompt: 'red',
};

export function DrillPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data: drill } = useChannel('drills.get', { id }, ['crisis']);
  const running = drill?.status === 'running';
  const live = useLiveElapsed(drill?.state, running);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);

  const drillId = drill?.id;
  const needsResume = drill !== undefined && drill.status === 'running' && !drill.state.paused;
  useEffect(() => {
    if (drillId === undefined || !claimDrillForThisSession(drillId) || !needsResume) return;
    call('drills.resume', { id: drillId }).catch((error: unknown) => {
      // Nothing happened since the last activity (a fresh drill): nothing to account for.
      if (!(error instanceof ApiError && error.payload.code === 'CONFLICT')) notifyError(error);
    });
  }, [drillId, needsResume]);

  if (!drill || drill.id !== id) return null;
  const { definition, state } = drill;
  const paused = state.paused;

  const record = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      notifyError(error);
    }
  };
  const actions: StepActions = {
    start: (stepId) => record(() => call('drills.recordStep', { id, stepId, action: 'started' })),
    done: (stepId) => record(() => call('drills.recordStep', { id, stepId, action: 'done' })),
    skip: (stepId, note) => record(() => call('drills.recordStep', { id, stepId, action: 'skipped', note })),
    writeTemplate: (chosen) => setTemplateId(chosen),
  };

  return (
    <Stack gap="md" data-testid="drill-page" data-status={drill.status}>
      <BackLink label={t('crisisUi.drill.back')} to={crisisPaths.tab('drills')} />
      <Stack gap={6}>
        <Group gap={6} wrap="wrap">
          <Badge
            color={running ? (paused ? 'yellow' : 'blue') : 'gray'}
            variant="filled"
            data-testid="drill-status"
          >
            {running
              ? paused
                ? t('crisisUi.drill.paused')
                : t('crisisUi.drill.running')
              : t('crisisUi.drill.finished')}
          </Badge>
          <Badge variant="outline" color="gray">
            {t('crisisUi.drill.participant', { name: drill.participant })}
          </Badge>
          <Badge variant="outline" color="gray">
            {drill.playbookName} · {t('crisisUi.versionShort', { version: drill.playbookVersion })}
          </Badge>
        </Group>
        <Title order={3}>{t('crisisUi.drill.title', { scenario: drill.scenarioTitle })}</Title>
      </Stack>

      {drill.scoreCard ? (
        <>
          <ScoreCard card={drill.scoreCard} definition={definition} />
          <Paper withBorder radius="md" p="md">
            <Text fw={600} size="sm" mb="sm">
              {t('crisis.report.timeline')}
            </Text>
            <RunTimeline events={drill.events} definition={definition} startedAt={drill.startedAt} />
          </Paper>
        </>
      ) : (
        <>
          <Paper withBorder radius="md" p="md">
            <Group justify="space-between" wrap="wrap" gap="md">
              <Group gap="xl" wrap="wrap">
                <Stack gap={0}>
                  <Text size="xs" c="dimmed">
                    {t('crisisUi.incident.elapsed')}
                  </Text>
                  <Text fz={28} fw={700} className="tabular" data-testid="drill-clock">
                    {formatClock(live)}
                  </Text>
                </Stack>
                <NextInject drill={drill} live={live} />
              </Group>
              <Group gap="sm">
                {paused ? (
                  <Button
                    leftSection={<IconPlayerPlay size={16} />}
                    onClick={() => void record(() => call('drills.resume', { id }))}
                    data-testid="drill-resume"
                  >
                    {t('crisisUi.drill.resume')}
                  </Button>
                ) : (
                  <Button
                    variant="default"
                    leftSection={<IconPlayerPause size={16} />}
                    onClick={() => void record(() => call('drills.pause', { id }))}
                    data-testid="drill-pause"
                  >
                    {t('crisisUi.drill.pause')}
                  </Button>
                )}
                <Button
                  color="red"
                  leftSection={<IconFlag size={16} />}
                  onClick={() => setFinishing(true)}
                  data-testid="drill-finish"
                >
                  {t('crisisUi.drill.finish')}
                </Button>
              </Group>
            </Group>
          </Paper>
          {paused && (
            <Alert color="yellow" icon={<IconPlayerPause size={18} />} data-testid="drill-paused">
              {t('crisisUi.drill.pausedHint')}
            </Alert>
          )}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              {/* The chat and the composer stay in view while the steps scroll. */}
              <Stack gap="md" style={{ position: 'sticky', top: 0 }}>
                <ChatPanel drill={drill} live={live} />
                <DrillComposer
                  drill={drill}
                  disabled={paused}
                  templateId={templateId}
                  onTemplate={setTemplateId}
                />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <RunSteps
                definition={definition}
                state={state}
                liveElapsed={live}
                readOnly={paused}
                actions={actions}
              />
            </Grid.Col>
          </Grid>
          <FinishModal opened={finishing} drillId={id} onClose={() => setFinishing(false)} />
        </>
      )}
    </Stack>
  );
}

function NextInject({ drill, live }: { drill: DrillDetail; live: number }) {
  const { t } = useTranslation();
  const next = secondsToNextInject(drill.injects, Math.floor(live));
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {t('crisisUi.drill.nextInject')}
      </Text>
      <Text
        fz={20}
        fw={600}
        className="tabular"
        c={next === null ? 'dimmed' : undefined}
        data-testid="next-inject"
      >
        {next === null ? t('crisisUi.drill.scriptDone') : formatClock(next)}
      </Text>
    </Stack>
  );
}

type ChatItem =
  | { kind: 'inject'; key: string; offset: number; inject: DrillDetail['injects'][number] }
  | { kind: 'own'; key: string; offset: number; event: TimelineEventView };

/** Injects due by now and the participant's own messages, by their offset on the drill clock (pauses excluded). */
function chatItems(drill: DrillDetail, live: number): ChatItem[] {
  const start = Date.parse(drill.startedAt);
  const events: TimelineEvent[] = drill.events.map((event) => ({
    at: Date.parse(event.at),
    kind: event.kind,
    actor: event.actor,
  }));
  const spans = pausedSpans(events, Date.parse(drill.state.asOf));
  const items: ChatItem[] = [
    ...dueInjects(drill.injects, Math.floor(live)).map((inject) => ({
      kind: 'inject' as const,
      key: `inject-${inject.seq}`,
      offset: inject.atSeconds,
      inject,
    })),
    ...drill.events
      .filter((event) => event.kind === 'message_sent')
      .map((event) => ({
        kind: 'own' as const,
        key: `own-${event.id}`,
        offset: effectiveSeconds(start, Date.parse(event.at), spans),
        event,
      })),
  ];
  // Stable: an inject and a reply at the same second keep the inject first.
  return items.sort((a, b) => a.offset - b.offset);
}

function ChatPanel({ drill, live }: { drill: DrillDetail; live: number }) {
  const { t } = useTranslation();
  const scenario = drill.definition.scenarios.find((candidate) => candidate.id === drill.scenarioId);
  const items = chatItems(drill, live);
  const viewport = useRef<HTMLDivElement>(null);
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight, behavior: 'smooth' });
  }, [items.length]);
  const templateTitle = (event: TimelineEventView) =>
    drill.definition.templates.find((template) => template.id === event.templateId)?.title;
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }} data-testid="drill-chat">
      <Stack gap={2} px="md" py="sm" bg="var(--mantine-color-default-hover)">
        <Text fw={600} size="sm">
          {t('crisisUi.drill.chat')}
        </Text>
        {scenario?.description && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {scenario.description}
          </Text>
        )}
      </Stack>
      <ScrollArea h={300} viewportRef={viewport} type="auto">
        <Stack gap="sm" p="md">
          {items.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="xl">
              {t('crisisUi.drill.waiting')}
            </Text>
          )}
          {items.map((item) =>
            item.kind === 'inject' ? (
              <Group
                key={item.key}
                gap="xs"
                wrap="nowrap"
                align="flex-start"
                data-testid="drill-inject"
                data-kind={item.inject.kind}
              >
                <Avatar size={32} radius="xl" color={injectColors[item.inject.kind]}>
                  {item.inject.from.slice(0, 1)}
                </Avatar>
                <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap={6} wrap="wrap">
                    <Text size="xs" fw={600}>
                      {item.inject.from}
                    </Text>
                    {item.inject.kind !== 'message' && (
                      <Badge size="xs" variant="light" color={injectColors[item.inject.kind]}>
                        {t(`crisis.injectKinds.${item.inject.kind}`)}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed" className="tabular">
                      +{formatClock(item.offset)}
                    </Text>
                  </Group>
                  <ChatBubble
                    text={item.inject.text}
                    italic={item.inject.kind === 'screenshot'}
                    borderColor={
                      item.inject.kind === 'message'
                        ? undefined
                        : `var(--mantine-color-${injectColors[item.inject.kind]}-outline)`
                    }
                  />
                </Stack>
              </Group>
            ) : (
              <Stack key={item.key} gap={2} align="flex-end" data-testid="drill-sent">
                <Text size="xs" c="dimmed" className="tabular">
                  {[
                    t('crisisUi.drill.me'),
                    item.event.channel ? t(`crisis.templateKinds.${item.event.channel}`) : null,
                    templateTitle(item.event),
                    `+${formatClock(item.offset)}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                <ChatBubble text={item.event.text ?? ''} own />
              </Stack>
            ),
          )}
        </Stack>
      </ScrollArea>
    </Paper>
  );
}

function ChatBubble(props: {
  text: string;
  own?: boolean;
  italic?: boolean;
  borderColor?: string | undefined;
}) {
  return (
    <Paper
      px="sm"
      py={6}
      radius="md"
      withBorder={!props.own}
      bg={props.own ? 'var(--mantine-primary-color-light)' : undefined}
      style={{
        alignSelf: props.own ? 'flex-end' : 'flex-start',
        maxWidth: props.own ? '85%' : '100%',
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        fontStyle: props.italic ? 'italic' : undefined,
        borderColor: props.borderColor,
      }}
    >
      <Text size="sm">{props.text}</Text>
    </Paper>
  );
}

function DrillComposer(props: {
  drill: DrillDetail;
  disabled: boolean;
  templateId: string | null;
  onTemplate(templateId: string | null): void;
}) {
  const { t } = useTranslation();
  const { drill } = props;
  const templates = drill.definition.templates;
  const template = templates.find((candidate) => candidate.id === props.templateId);
  const [channel, setChannel] = useState<TemplateKind>('announcement');
  const [text, setText] = useState('');
  const { busy: sending, run } = useBusy();
  const chosenChannel = template?.kind ?? channel;

  const startFromTemplate = () =>
    run(async () => {
      if (!template) return;
      const rendered = await call('playbooks.renderTemplate', {
        id: drill.playbookId,
        version: drill.playbookVersion,
        templateId: template.id,
        values: {},
        fillMissing: true,
      });
      setText(rendered.text);
    });

  const send = () =>
    run(async () => {
      await call('drills.sendMessage', {
        id: drill.id,
        channel: chosenChannel,
        text: text.trim(),
        ...(template ? { templateId: template.id } : {}),
      });
      notifySuccess(t('crisisUi.drill.sent'));
      setText('');
    });

  return (
    <Paper withBorder radius="md" p="md" data-testid="drill-composer">
      <Stack gap="sm">
        <Text fw={600} size="sm">
          {t('crisisUi.drill.compose')}
        </Text>
        <Group gap="sm" wrap="wrap" align="flex-end">
          <Select
            style={{ flex: 1, minWidth: 200 }}
            label={t('crisisUi.message.template')}
            data={[
              ...templates.map((candidate) => ({ value: candidate.id, label: candidate.title })),
              { value: '', label: t('crisisUi.message.freeText') },
            ]}
            value={props.templateId ?? ''}
            onChange={(value) => props.onTemplate(value ? value : null)}
            allowDeselect={false}
            disabled={props.disabled}
            data-testid="drill-template"
          />
          <SegmentedControl
            size="xs"
            value={chosenChannel}
            onChange={(value) => setChannel(value as TemplateKind)}
            disabled={props.disabled || template !== undefined}
            data={templateKinds.map((kind) => ({ value: kind, label: t(`crisis.templateKinds.${kind}`) }))}
          />
        </Group>
        {template && template.rubric.length > 0 && (
          <Group gap={4} wrap="wrap">
            <Text size="xs" c="dimmed">
              {t('crisisUi.detail.rubric')}
            </Text>
            {template.rubric.map((element) => (
              <Badge key={element.id} size="sm" variant="outline" color="gray">
                {element.label}
              </Badge>
            ))}
          </Group>
        )}
        <Textarea
          autosize
          minRows={3}
          maxRows={8}
          maxLength={4000}
          placeholder={t('crisisUi.drill.composePlaceholder')}
          value={text}
          disabled={props.disabled}
          onChange={(event) => setText(event.currentTarget.value)}
          aria-label={t('crisisUi.drill.compose')}
          data-testid="drill-message-text"
        />
        <Group justify="space-between" gap="sm">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconWand size={14} />}
            disabled={props.disabled || !template}
            onClick={() => void startFromTemplate()}
            data-testid="drill-use-template"
          >
            {t('crisisUi.drill.useTemplate')}
          </Button>
          <Button
            leftSection={<IconSend size={16} />}
            disabled={props.disabled || !text.trim()}
            loading={sending}
            onClick={() => void send()}
            data-testid="drill-send"
          >
            {t('crisisUi.drill.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function FinishModal(props: { opened: boolean; drillId: number; onClose(): void }) {
  const { t } = useTranslation();
  const { busy: saving, run } = useBusy();
  const finish = () =>
    run(async () => {
      await call('drills.finish', { id: props.drillId });
      props.onClose();
    });
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      title={t('crisisUi.drill.finishTitle')}
      testId="finish-drill-form"
    >
      <Stack gap="md">
        <Text size="sm">{t('crisisUi.drill.finishConfirm')}</Text>
        <ModalActions onCancel={props.onClose}>
          <Button
            color="red"
            loading={saving}
            onClick={() => void finish()}
            data-testid="finish-drill-submit"
          >
            {t('crisisUi.drill.finish')}
          </Button>
        </ModalActions>
      </Stack>
    </FormModal>
  );
}
