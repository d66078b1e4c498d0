/**
 * The draft workflow of one entry: only the legal next steps as buttons (idea → draft → review → approved → sent,
 * and back for rework), approval with an override reason when the sensitive-word check blocks it, the send step
 * (copy the final text, mark as sent) and the history of who did what when.
 */
import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, Timeline, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconCopy, IconSend, IconShieldExclamation } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { CalendarItem, StatusChange } from '../../../../shared/domain/calendar/types';
import {
  draftStatuses,
  draftTransitions,
  type DraftStatus,
} from '../../../../shared/domain/calendar/workflow';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { operatorLabel, StatusBadge, statusColors, statusIcons } from './calendarLabels';
import { writeClipboard } from '../../ui/clipboard';
import { describeCalendarError, notifyCalendarError } from './calendarErrors';
import { finalText } from './clipboard';

/** What blocked an approval: the message, and the words and categories the sensitive check found. */
interface Blocked {
  message: string;
  words: string[];
  categories: string[];
}

function blockedBy(error: ApiError): Blocked {
  const params = error.payload.params ?? {};
  const list = (value: string | number | undefined, separator: string) =>
    String(value ?? '')
      .split(separator)
      .filter((part) => part !== '');
  return {
    message: describeCalendarError(error),
    words: list(params.words, '、'),
    categories: list(params.categories, ','),
  };
}

type Step = Exclude<DraftStatus, 'sent'>;

/** Forward steps are the main action; steps back are quieter. */
function isForward(from: DraftStatus, to: DraftStatus): boolean {
  return draftStatuses.indexOf(to) > draftStatuses.indexOf(from);
}

function stepLabelKey(from: DraftStatus, to: Step): string {
  if (to === 'draft')
    return from === 'idea' ? 'calendarUi.workflow.toDraft' : 'calendarUi.workflow.backToDraft';
  return `calendarUi.workflow.${to === 'idea' ? 'toIdea' : to === 'review' ? 'toReview' : 'approve'}`;
}

export interface EntryRef {
  id: number;
  occurrenceDate?: string;
}

export function ItemWorkflow(props: {
  item: CalendarItem;
  /** The status shown: an occurrence not edited yet has its series' status. */
  status: DraftStatus;
  entry: EntryRef;
  /** Set while the form has unsaved changes: steps act on the saved text. */
  blockedBy: string | null;
  onChanged(item: CalendarItem): void;
}) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const { item, status } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const [overrideReason, setOverrideReason] = useState('');

  const run = async (key: string, action: () => Promise<CalendarItem>, done: string) => {
    setBusy(key);
    try {
      const changed = await action();
      setBlocked(null);
      notifySuccess(done);
      props.onChanged(changed);
    } catch (error) {
      // High-severity hits block approval: say so here and ask for the reason instead of a passing toast.
      if (error instanceof ApiError && error.payload.message === 'calendar.errors.sensitiveBlocked') {
        setBlocked(blockedBy(error));
      } else {
        notifyCalendarError(error);
      }
    } finally {
      setBusy(null);
    }
  };

  const transition = (to: Step, extra: { overrideReason?: string } = {}) =>
    run(
      to,
      () => call('drafts.transition', { ...props.entry, to, ...extra }),
      t('calendarUi.workflow.moved', { status: t(`calendar.statuses.${to}`) }),
    );

  const markSent = () =>
    run('sent', () => call('drafts.markSent', props.entry), t('calendarUi.workflow.sentDone'));

  const copy = async () => {
    const text = finalText(item, (names) => t('calendarUi.copy.attachmentsLine', { names }));
    if (await writeClipboard(text)) notifySuccess(t('calendarUi.copy.done'));
    else notifications.show({ color: 'red', message: t('calendarUi.copy.failed'), autoClose: 8000 });
  };

  const steps = draftTransitions[status].filter((to): to is Step => to !== 'sent');
  const disabled = props.blockedBy !== null;

  return (
    <Paper withBorder p="sm" data-testid="item-workflow">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {t('calendarUi.workflow.status')}
            </Text>
            <StatusBadge status={status} size="lg" />
          </Group>
          <Tooltip label={t('calendarUi.copy.hint')}>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconCopy size={14} />}
              onClick={() => void copy()}
              data-testid="copy-text"
            >
              {t('calendarUi.copy.button')}
            </Button>
          </Tooltip>
        </Group>
        <Tooltip label={props.blockedBy ?? ''} disabled={!disabled}>
          <Group gap="xs">
            {steps.map((to) => {
              const forward = isForward(status, to);
              return (
                <Button
                  key={to}
                  size="xs"
                  variant={forward ? 'filled' : 'default'}
                  color={forward ? statusColors[to] : undefined}
                  leftSection={forward ? <IconCheck size={14} /> : <IconArrowBackUp size={14} />}
                  loading={busy === to}
                  disabled={disabled || (busy !== null && busy !== to)}
                  onClick={() => void transition(to)}
                  data-testid={`transition-${to}`}
                >
                  {t(stepLabelKey(status, to))}
                </Button>
              );
            })}
            {status === 'approved' && (
              <Button
                size="xs"
                color="green"
                leftSection={<IconSend size={14} />}
                loading={busy === 'sent'}
                disabled={disabled || (busy !== null && busy !== 'sent')}
                onClick={() => void markSent()}
                data-testid="mark-sent"
              >
                {t('calendarUi.workflow.markSent')}
              </Button>
            )}
            {status === 'sent' && item.sentAt && (
              <Text size="sm" data-testid="sent-info">
                {t('calendarUi.workflow.sentInfo', {
                  at: dateTime(item.sentAt),
                  by: operatorLabel(t, item.sentBy),
                })}
              </Text>
            )}
          </Group>
        </Tooltip>
        {blocked && (
          <Alert
            color="red"
            icon={<IconShieldExclamation size={18} />}
            title={t('calendarUi.workflow.blockedTitle')}
            data-testid="approval-blocked"
          >
            <Stack gap="xs">
              <Text size="sm">{blocked.message}</Text>
              {(blocked.words.length > 0 || blocked.categories.length > 0) && (
                <Group gap={6} data-testid="blocked-hits">
                  {blocked.words.map((word) => (
                    <Badge
                      key={word}
                      color="red"
                      variant="filled"
                      radius="sm"
                      tt="none"
                      data-testid="blocked-word"
                    >
                      {word}
                    </Badge>
                  ))}
                  {blocked.categories.map((category) => (
                    <Badge key={category} color="red" variant="outline" radius="sm" tt="none">
                      {t(`sensitive.category.${category}`, { defaultValue: category })}
                    </Badge>
                  ))}
                </Group>
              )}
              <Textarea
                label={t('calendarUi.workflow.overrideReason')}
                placeholder={t('calendarUi.workflow.overridePlaceholder')}
                autosize
                minRows={2}
                value={overrideReason}
                onChange={(event) => setOverrideReason(event.currentTarget.value)}
              />
              <Group justify="flex-end">
                <Button
                  size="xs"
                  color="red"
                  disabled={overrideReason.trim() === ''}
                  loading={busy === 'approved'}
                  onClick={() => void transition('approved', { overrideReason: overrideReason.trim() })}
                  data-testid="approve-override"
                >
                  {t('calendarUi.workflow.approveAnyway')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

export function StatusHistory({ history }: { history: StatusChange[] }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  if (history.length === 0) return null;
  // Newest first: the latest step is what the operator looks for.
  const newestFirst = [...history].reverse();
  return (
    <Timeline bulletSize={22} lineWidth={2} active={newestFirst.length} data-testid="status-history">
      {newestFirst.map((change) => {
        const StepIcon = statusIcons[change.to];
        const reason = change.reason
          ? t(`calendarUi.history.reasons.${change.reason}`, { defaultValue: change.reason })
          : null;
        return (
          <Timeline.Item
            key={change.id}
            bullet={<StepIcon size={12} />}
            color={statusColors[change.to]}
            title={
              <Text size="sm" fw={600}>
                {change.from
                  ? t('calendarUi.history.change', {
                      from: t(`calendar.statuses.${change.from}`),
                      to: t(`calendar.statuses.${change.to}`),
                    })
                  : t('calendarUi.history.created', { status: t(`calendar.statuses.${change.to}`) })}
              </Text>
            }
            data-testid="history-item"
          >
            <Text size="xs" c="dimmed">
              {operatorLabel(t, change.operator)} · {dateTime(change.at)}
            </Text>
            {reason && <Text size="xs">{reason}</Text>}
            {change.overrideReason && (
              <Text size="xs" c="red">
                {t('calendarUi.history.override', { count: change.highHits, reason: change.overrideReason })}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
