/**
 * A live incident: the clock since detection, the current stage, every step with its SLA colour and time left,
 * notes and decisions, messages rendered from the playbook's templates, severity changes, the timeline, and the
 * close with an after-action review. A closed incident shows its review and stays exportable.
 */
import {
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconFlag, IconLink, IconPrinter, IconSend, IconTrendingUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunEventInput } from '../../../../shared/ipc/channels/crisis';
import type { IncidentDetail } from '../../../../shared/domain/crisis/views';
import { call } from '../../api/client';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { approveScreenExport } from '../../ui/screenExport';
import { Permitted } from '../lock/Permitted';
import { CloseIncidentModal } from './CloseIncidentModal';
import {
  formatClock,
  formatDateTimeSeconds,
  severityColor,
  severityLabel,
  useLiveElapsed,
} from './crisisFormat';
import { EvidenceModal } from './EvidenceModal';
import { ExportMenu } from './ExportMenu';
import { FormModal, ModalActions, rememberValue, rememberedValue, useBusy } from '../../ui/formKit';
import { IncidentMessageModal } from './IncidentMessageModal';
import { crisisPaths } from './paths';
import { BackLink } from './PlaybookDetail';
import { PrintableIncident } from './PrintableIncident';
import { RunSteps, type StepActions } from './RunSteps';
import { RunTimeline } from './RunTimeline';

const actorStorageKey = 'qundesk.crisis.actor';

export function IncidentPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data: incident } = useChannel('incidents.get', { id }, ['crisis']);
  const [actor, setActor] = useState(() => rememberedValue(actorStorageKey));
  const [message, setMessage] = useState<{ opened: boolean; templateId: string | null }>({
    opened: false,
    templateId: null,
  });
  const [severityOpened, setSeverityOpened] = useState(false);
  const [evidenceOpened, setEvidenceOpened] = useState(false);
  const [closing, setClosing] = useState(false);
  const open = incident?.status === 'open';
  const live = useLiveElapsed(incident?.state, open);

  if (!incident || incident.id !== id) return null;
  const { definition, state } = incident;
  const actorName = actor.trim();

  /** Records one event as the person handling it; throws on failure. */
  const sendEvent = (event: RunEventInput) =>
    call('incidents.addEvent', {
      id,
      event: { ...event, ...(actorName ? { actor: actorName } : {}) } as RunEventInput,
    });
  const addEvent = async (event: RunEventInput) => {
    try {
      await sendEvent(event);
    } catch (error) {
      notifyError(error);
    }
  };

  const actions: StepActions = {
    start: (stepId) => addEvent({ kind: 'step_started', stepId }),
    done: (stepId) => addEvent({ kind: 'step_done', stepId }),
    skip: (stepId, reason) => addEvent({ kind: 'step_skipped', stepId, reason }),
    writeTemplate: (templateId) => setMessage({ opened: true, templateId }),
  };

  const stage = open
    ? definition.stages.find((candidate) => candidate.id === state.currentStageId)
    : undefined;
  const finishedSteps = state.steps.filter((step) => step.finishedAt !== null).length;

  return (
    <Stack gap="md" data-testid="incident-page" data-status={incident.status}>
      <BackLink label={t('crisisUi.incident.back')} to={crisisPaths.tab('incidents')} />
      <Stack gap={6}>
        <Group gap={6} wrap="wrap">
          <Badge
            color={open ? 'red' : 'gray'}
            variant={open ? 'filled' : 'light'}
            data-testid="incident-status"
          >
            {t(`crisis.incidentStatus.${incident.status}`)}
          </Badge>
          <Badge
            color={severityColor(definition.severityLevels, state.severity)}
            variant="light"
            data-testid="incident-severity-badge"
          >
            {t('crisisUi.incident.severity', {
              label: severityLabel(definition.severityLevels, state.severity),
            })}
          </Badge>
          <Badge variant="outline" color="gray">
            {incident.playbookName} · {t('crisisUi.versionShort', { version: incident.playbookVersion })}
          </Badge>
          {incident.groupName && (
            <Badge variant="outline" color="gray">
              {incident.groupName}
            </Badge>
          )}
          <Badge variant="outline" color="gray">
            {t(`crisis.sourceKinds.${incident.source.kind}`)}
          </Badge>
        </Group>
        <Title order={3} data-testid="incident-title">
          {incident.title}
        </Title>
      </Stack>

      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {open ? t('crisisUi.incident.elapsed') : t('crisis.report.duration')}
            </Text>
            <Text
              fz={28}
              fw={700}
              className="tabular"
              c={open ? 'red' : undefined}
              data-testid="incident-clock"
            >
              {formatClock(live)}
            </Text>
          </Stack>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {t('crisisUi.run.currentStage')}
            </Text>
            <Text fw={600} truncate data-testid="incident-stage">
              {stage?.title ?? (open ? t('crisisUi.run.allDone') : '—')}
            </Text>
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('crisisUi.run.progress', { done: finishedSteps, total: state.steps.length })}
            </Text>
            <Progress
              value={(100 * finishedSteps) / Math.max(1, state.steps.length)}
              color="teal"
              size="sm"
            />
            <Text size="xs" c="dimmed">
              {t('crisisUi.run.counts', state.counts)}
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('crisis.report.opened')}
            </Text>
            <Text size="sm" className="tabular">
              {formatDateTimeSeconds(incident.openedAt)}
            </Text>
            <Text size="xs" c="dimmed">
              {incident.openedBy}
            </Text>
          </Stack>
        </SimpleGrid>
      </Paper>

      <Group gap="sm" wrap="wrap">
        {open && (
          <>
            <Button
              leftSection={<IconSend size={16} />}
              onClick={() => setMessage({ opened: true, templateId: null })}
              data-testid="send-message"
            >
              {t('crisisUi.incident.sendMessage')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconTrendingUp size={16} />}
              onClick={() => setSeverityOpened(true)}
              data-testid="change-severity"
            >
              {t('crisisUi.incident.changeSeverity')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconLink size={16} />}
              onClick={() => setEvidenceOpened(true)}
              data-testid="link-evidence"
            >
              {t('crisisUi.evidence.title')}
            </Button>
          </>
        )}
        <ExportMenu
          testId="export-incident"
          permission="export"
          choices={[{ id: 'md', label: 'Markdown', load: () => call('incidents.export', { id }) }]}
        />
        <Permitted permission="export">
          <Button
            variant="default"
            leftSection={<IconPrinter size={16} />}
            onClick={() =>
              void approveScreenExport('incident-report', `#${id}`).then(
                (approved) => approved && window.print(),
              )
            }
            data-testid="print-incident"
          >
            {t('crisisUi.incident.print')}
          </Button>
        </Permitted>
        {open && (
          <Button
            color="red"
            variant="outline"
            leftSection={<IconFlag size={16} />}
            onClick={() => setClosing(true)}
            data-testid="close-incident"
          >
            {t('crisisUi.incident.close')}
          </Button>
        )}
        {open && (
          <TextInput
            ml="auto"
            w={200}
            size="sm"
            placeholder={t('crisisUi.incident.actorPlaceholder')}
            aria-label={t('crisisUi.incident.actor')}
            leftSection={
              <Text size="xs" c="dimmed">
                {t('crisisUi.incident.actor')}
              </Text>
            }
            leftSectionWidth={58}
            maxLength={40}
            value={actor}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setActor(value);
              rememberValue(actorStorageKey, value);
            }}
            data-testid="incident-actor"
          />
        )}
      </Group>

      {incident.review && <ReviewView incident={incident} />}
      <PrintableIncident incident={incident} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <RunSteps
            definition={definition}
            state={open ? state : { ...state, currentStageId: null }}
            liveElapsed={live}
            readOnly={!open}
            ended={!open}
            actions={actions}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            {open && <NoteComposer onAdd={sendEvent} />}
            <Paper withBorder radius="md" p="md">
              <Text fw={600} size="sm" mb="sm">
                {t('crisis.report.timeline')}
              </Text>
              <RunTimeline events={incident.events} definition={definition} startedAt={incident.openedAt} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>

      {open && (
        <>
          <IncidentMessageModal
            opened={message.opened}
            templateId={message.templateId}
            incident={incident}
            actor={actorName}
            onClose={() => setMessage((previous) => ({ ...previous, opened: false }))}
          />
          <SeverityModal
            opened={severityOpened}
            incident={incident}
            onClose={() => setSeverityOpened(false)}
            onChange={(severity, reason) =>
              sendEvent({ kind: 'severity_changed', severity, ...(reason ? { reason } : {}) })
            }
          />
          <EvidenceModal
            opened={evidenceOpened}
            groupId={incident.groupId}
            onClose={() => setEvidenceOpened(false)}
            onLink={sendEvent}
          />
          <CloseIncidentModal opened={closing} incident={incident} onClose={() => setClosing(false)} />
        </>
      )}
    </Stack>
  );
}

function NoteComposer(props: { onAdd(event: RunEventInput): Promise<unknown> }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'note' | 'decision'>('note');
  const [text, setText] = useState('');
  const { busy: saving, run } = useBusy();
  const submit = () =>
    run(async () => {
      await props.onAdd({ kind, text: text.trim() });
      setText('');
    });
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="xs">
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(value) => setKind(value as 'note' | 'decision')}
          data={[
            { value: 'note', label: t('crisis.events.note') },
            { value: 'decision', label: t('crisis.events.decision') },
          ]}
          data-testid="note-kind"
        />
        <Textarea
          autosize
          minRows={2}
          maxRows={6}
          maxLength={4000}
          placeholder={
            kind === 'note'
              ? t('crisisUi.incident.notePlaceholder')
              : t('crisisUi.incident.decisionPlaceholder')
          }
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          aria-label={t(`crisis.events.${kind}`)}
          data-testid="note-text"
        />
        <Button
          size="xs"
          style={{ alignSelf: 'flex-end' }}
          disabled={!text.trim()}
          loading={saving}
          onClick={() => void submit()}
          data-testid="note-add"
        >
          {t('crisisUi.incident.addNote')}
        </Button>
      </Stack>
    </Paper>
  );
}

function SeverityModal(props: {
  opened: boolean;
  incident: IncidentDetail;
  onClose(): void;
  onChange(severity: string, reason: string): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const levels = props.incident.definition.severityLevels;
  const [severity, setSeverity] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const { busy: saving, run } = useBusy();
  const chosen = severity ?? props.incident.state.severity;
  const unchanged = chosen === props.incident.state.severity;
  const submit = () =>
    run(async () => {
      await props.onChange(chosen, reason.trim());
      notifySuccess(t('crisisUi.incident.severityChanged', { label: severityLabel(levels, chosen) }));
      setSeverity(null);
      setReason('');
      props.onClose();
    });
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      title={t('crisisUi.incident.changeSeverity')}
      testId="severity-form"
    >
      <Stack gap="md">
        <Select
          label={t('crisis.report.severity')}
          data={levels.map((level) => ({ value: level.id, label: level.label }))}
          value={chosen}
          onChange={setSeverity}
          allowDeselect={false}
          description={levels.find((level) => level.id === chosen)?.description || undefined}
          data-testid="severity-select"
        />
        <TextInput
          label={t('crisisUi.incident.severityReason')}
          maxLength={1000}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <ModalActions onCancel={props.onClose}>
          <Button
            disabled={unchanged}
            loading={saving}
            onClick={() => void submit()}
            data-testid="severity-submit"
          >
            {t('common.save')}
          </Button>
        </ModalActions>
      </Stack>
    </FormModal>
  );
}

function ReviewView({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const review = incident.review;
  if (!review) return null;
  const block = (label: string, text: string) =>
    text ? (
      <Stack gap={2}>
        <Text size="xs" c="dimmed" fw={600}>
          {label}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </Text>
      </Stack>
    ) : null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="incident-review">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('crisis.report.review')}</Text>
        {incident.closedAt && (
          <Text size="xs" c="dimmed">
            {t('crisisUi.incident.closedAt', { time: dateTime(incident.closedAt) })}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        {block(t('crisis.report.whatHappened'), review.whatHappened)}
        {block(t('crisis.report.whatWorked'), review.whatWorked)}
        {block(t('crisis.report.whatToChange'), review.whatToChange)}
      </SimpleGrid>
      {review.followUps.length > 0 && (
        <Stack gap={2} mt="sm">
          <Text size="xs" c="dimmed" fw={600}>
            {t('crisis.report.followUps')}
          </Text>
          {review.followUps.map((followUp, index) => (
            <Text key={index} size="sm">
              • {followUp.text}
              {followUp.owner ? `（${followUp.owner}）` : ''}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
