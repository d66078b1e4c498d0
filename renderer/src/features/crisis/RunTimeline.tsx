/** The timeline of an incident or drill, newest first: what happened, when (and how long after the start), by whom. */
import { Text, Timeline } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconFlag,
  IconGavel,
  IconLink,
  IconNotes,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerSkipForward,
  IconSend,
  IconTrendingUp,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Playbook } from '../../../../shared/domain/crisis/playbook';
import type { TimelineEventKind } from '../../../../shared/domain/crisis/timeline';
import type { TimelineEventView } from '../../../../shared/domain/crisis/views';
import { formatClock, formatDateTimeSeconds, severityLabel } from './crisisFormat';

const kindStyle: Record<TimelineEventKind, { color: string; icon: Icon }> = {
  detected: { color: 'red', icon: IconAlertTriangle },
  step_started: { color: 'blue', icon: IconPlayerPlay },
  step_done: { color: 'teal', icon: IconCheck },
  step_skipped: { color: 'gray', icon: IconPlayerSkipForward },
  note: { color: 'gray', icon: IconNotes },
  decision: { color: 'grape', icon: IconGavel },
  message_sent: { color: 'blue', icon: IconSend },
  severity_changed: { color: 'orange', icon: IconTrendingUp },
  evidence_linked: { color: 'cyan', icon: IconLink },
  paused: { color: 'yellow', icon: IconPlayerPause },
  resumed: { color: 'yellow', icon: IconPlayerPlay },
  closed: { color: 'dark', icon: IconFlag },
};

export function RunTimeline(props: { events: TimelineEventView[]; definition: Playbook; startedAt: string }) {
  const { t } = useTranslation();
  const { definition } = props;
  const start = Date.parse(props.startedAt);
  const stepTitle = (id: string | null) =>
    definition.stages.flatMap((stage) => stage.steps).find((step) => step.id === id)?.title ?? id ?? '';
  const templateTitle = (event: TimelineEventView) =>
    definition.templates.find((template) => template.id === event.templateId)?.title ??
    (event.channel ? t(`crisis.templateKinds.${event.channel}`) : '—');
  const label = (event: TimelineEventView) =>
    t(`crisis.events.${event.kind}`, {
      step: stepTitle(event.stepId),
      template: templateTitle(event),
      severity: severityLabel(definition.severityLevels, event.severity ?? ''),
    });
  const newestFirst = [...props.events].reverse();
  return (
    <Timeline bulletSize={24} lineWidth={2} data-testid="run-timeline">
      {newestFirst.map((event) => {
        const style = kindStyle[event.kind];
        const offset = Math.max(0, (Date.parse(event.at) - start) / 1000);
        return (
          <Timeline.Item
            key={event.id}
            bullet={<style.icon size={13} />}
            color={style.color}
            title={
              <Text size="sm" fw={600}>
                {label(event)}
              </Text>
            }
            data-testid="timeline-event"
            data-kind={event.kind}
          >
            {event.text && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={6}>
                {event.text}
              </Text>
            )}
            {event.evidence && (
              <Text size="sm">
                {t(`crisis.evidenceKinds.${event.evidence.kind}`)} #{event.evidence.id}
                {event.evidence.label ? `：${event.evidence.label}` : ''}
              </Text>
            )}
            <Text size="xs" c="dimmed" className="tabular">
              {formatDateTimeSeconds(event.at).slice(11)} · +{formatClock(offset)} · {event.actor}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
