/**
 * The item editor drawer: a new item, a stored item, or one occurrence of a series (edit just this one or the
 * whole series, skip it, restore skipped dates). The workflow sits on top: operators open an item to move it on.
 */
import {
  Alert,
  Badge,
  Button,
  Center,
  Divider,
  Drawer,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconLock,
  IconPlayerSkipForward,
  IconRepeat,
  IconRestore,
  IconTrash,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { ContentType } from '../../../../shared/domain/calendar/contentTypes';
import type { LocalDate } from '../../../../shared/domain/calendar/localTime';
import type { Recurrence } from '../../../../shared/domain/calendar/recurrence';
import type {
  CalendarEntry,
  CalendarItem,
  CalendarItemDetail,
} from '../../../../shared/domain/calendar/types';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { formatLocalDate, instantAt } from './calendarDates';
import { ContentTypeBadge } from './calendarLabels';
import { blankValues, ItemForm, valuesOf } from './ItemForm';
import { ItemWorkflow, StatusHistory, type EntryRef } from './ItemWorkflow';

export interface ItemSeed {
  groupId: number | null;
  contentType: ContentType;
  date: LocalDate;
  time: string;
  /** A topic idea picked from a special date. */
  title?: string;
}

export type EditorTarget =
  | { mode: 'new'; seed: ItemSeed }
  | { mode: 'item'; id: number }
  | { mode: 'occurrence'; seriesId: number; date: LocalDate };

/** Generated occurrences are addressed through their series; everything else by its own id. */
export function targetOfEntry(entry: CalendarEntry): EditorTarget {
  return entry.virtual && entry.occurrenceDate
    ? { mode: 'occurrence', seriesId: entry.id, date: entry.occurrenceDate }
    : { mode: 'item', id: entry.id };
}

function targetKey(target: EditorTarget | null): string {
  if (!target) return 'none';
  if (target.mode === 'new') return `new:${JSON.stringify(target.seed)}`;
  return target.mode === 'item' ? `item:${target.id}` : `occurrence:${target.seriesId}@${target.date}`;
}

export function recurrenceSummary(t: TFunction, recurrence: Recurrence): string {
  const every =
    recurrence.interval > 1
      ? t(`calendarUi.recurrence.summary.${recurrence.freq}N`, { count: recurrence.interval })
      : t(`calendarUi.recurrence.summary.${recurrence.freq}`);
  const days =
    recurrence.freq === 'weekly' && recurrence.byWeekday.length > 0
      ? ` ${recurrence.byWeekday.map((day) => t(`calendar.weekdays.${day}`)).join('、')}`
      : '';
  const end =
    recurrence.end.kind === 'until'
      ? t('calendarUi.recurrence.summary.until', { date: recurrence.end.until })
      : recurrence.end.kind === 'count'
        ? t('calendarUi.recurrence.summary.count', { count: recurrence.end.count })
        : '';
  return end ? `${every}${days} · ${end}` : `${every}${days}`;
}

export function ItemEditor(props: {
  target: EditorTarget | null;
  opened: boolean;
  onClose(): void;
  onTarget(target: EditorTarget): void;
}) {
  const { t } = useTranslation();
  const { target } = props;
  return (
    <EditorDrawer
      opened={props.opened}
      onClose={props.onClose}
      size={600}
      title={target?.mode === 'new' ? t('calendarUi.editor.newTitle') : t('calendarUi.editor.editTitle')}
      testId="item-editor"
    >
      {target?.mode === 'new' && (
        <NewItem key={targetKey(target)} seed={target.seed} onClose={props.onClose} />
      )}
      {target && target.mode !== 'new' && (
        <StoredItem
          key={targetKey(target)}
          target={target}
          onClose={props.onClose}
          onTarget={props.onTarget}
        />
      )}
    </EditorDrawer>
  );
}

/** The right-hand drawer both editors (entries, activities) open in. */
export function EditorDrawer(props: {
  opened: boolean;
  onClose(): void;
  size: number;
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Drawer
      opened={props.opened}
      onClose={props.onClose}
      position="right"
      size={props.size}
      title={
        <Text fw={700} size="lg">
          {props.title}
        </Text>
      }
      data-testid={props.testId}
    >
      {props.children}
    </Drawer>
  );
}

function NewItem({ seed, onClose }: { seed: ItemSeed; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <ItemForm
      initial={blankValues(seed)}
      occurrence={false}
      readOnly={false}
      target={null}
      submitLabel={t('common.create')}
      onSaved={(item) => {
        notifySuccess(t('calendarUi.editor.created', { title: item.title }));
        onClose();
      }}
      onDirty={() => {}}
      onCancel={onClose}
    />
  );
}

type Scope = 'occurrence' | 'series';

function StoredItem(props: {
  target: Exclude<EditorTarget, { mode: 'new' }>;
  onClose(): void;
  onTarget(target: EditorTarget): void;
}) {
  const { target } = props;
  const id = target.mode === 'item' ? target.id : target.seriesId;
  const { data: detail, error } = useChannel('calendar.get', { id }, ['calendar']);
  if (!detail) {
    return <Center py="xl">{error ? null : <Loader size="sm" />}</Center>;
  }
  return <ItemDetail detail={detail} target={target} onClose={props.onClose} onTarget={props.onTarget} />;
}

function ItemDetail(props: {
  detail: CalendarItemDetail;
  target: Exclude<EditorTarget, { mode: 'new' }>;
  onClose(): void;
  onTarget(target: EditorTarget): void;
}) {
  const { t, i18n } = useTranslation();
  const { detail, target } = props;
  const [scope, setScope] = useState<Scope>('occurrence');
  const [dirty, setDirty] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // Overdue as of when the drawer opened; the calendar behind it refreshes with the backend's own verdict.
  const [openedAt] = useState(() => Date.now());
  const occurrenceDate = target.mode === 'occurrence' ? target.date : null;
  const isSeries = detail.recurrence !== null;
  const editingSeries = isSeries && scope === 'series';
  const seriesId = detail.seriesId ?? (isSeries ? detail.id : null);
  /** The date this entry stands for: the occurrence's, or the item's own. */
  const date = occurrenceDate ?? detail.localDate;
  const entry: EntryRef = occurrenceDate ? { id: detail.id, occurrenceDate } : { id: detail.id };
  const sent = detail.status === 'sent';
  const endsAt =
    Date.parse(instantAt(date, detail.localTime, detail.utcOffsetMinutes)) + detail.durationMinutes * 60_000;
  const overdue = !sent && endsAt < openedAt;

  const afterChange = (item: CalendarItem) => {
    // A step on a generated occurrence stores it as an item of its own: follow it.
    if (target.mode === 'occurrence' || item.id !== detail.id) props.onTarget({ mode: 'item', id: item.id });
  };

  const skip = async () => {
    if (seriesId === null) return;
    try {
      await call('calendar.skipOccurrence', { id: seriesId, occurrenceDate: date });
      notifications.show({
        color: 'brand',
        autoClose: 8000,
        message: (
          <Group gap="sm" justify="space-between" wrap="nowrap">
            <Text size="sm">{t('calendarUi.series.skipped', { date })}</Text>
            <Button size="compact-xs" variant="light" onClick={() => void restore(date)}>
              {t('calendarUi.series.undo')}
            </Button>
          </Group>
        ),
      });
      props.onClose();
    } catch (caught) {
      notifyError(caught);
    }
  };

  const restore = async (skippedDate: LocalDate) => {
    if (seriesId === null) return;
    try {
      await call('calendar.restoreOccurrence', { id: seriesId, occurrenceDate: skippedDate });
      notifySuccess(t('calendarUi.series.restored', { date: skippedDate }));
    } catch (caught) {
      notifyError(caught);
    }
  };

  const remove = async () => {
    try {
      // Without an occurrence date a series goes whole; the button only shows for a series edited as a whole.
      await call('calendar.delete', { id: detail.id });
      notifySuccess(t('calendarUi.editor.deleted', { title: detail.title }));
      props.onClose();
    } catch (caught) {
      notifyError(caught);
    }
  };

  const skipButton = (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconPlayerSkipForward size={14} />}
      onClick={() => void skip()}
      data-testid="skip-occurrence"
    >
      {t('calendarUi.series.skip')}
    </Button>
  );

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={4} style={{ overflowWrap: 'anywhere' }}>
          {detail.title}
        </Title>
        <Group gap="xs">
          <ContentTypeBadge type={detail.contentType} />
          <Text size="sm" c="dimmed">
            {detail.groupName} ·{' '}
            {formatLocalDate(date, i18n.language, { month: 'long', day: 'numeric', weekday: 'short' })}{' '}
            {detail.localTime}
          </Text>
          {overdue && (
            <Badge color="red" variant="light" radius="sm" leftSection={<IconAlertTriangle size={12} />}>
              {t('calendarUi.status.overdue')}
            </Badge>
          )}
        </Group>
        {detail.recurrence && (
          <Group gap={6} wrap="nowrap">
            <IconRepeat size={14} />
            <Text size="sm" c="dimmed">
              {recurrenceSummary(t, detail.recurrence)}
            </Text>
          </Group>
        )}
        {detail.seriesId !== null && detail.occurrenceDate && (
          <Text size="sm" c="dimmed">
            {t('calendarUi.series.editedOccurrence', { date: detail.occurrenceDate })}
          </Text>
        )}
      </Stack>

      {!editingSeries && (
        <ItemWorkflow
          item={detail}
          status={detail.status}
          entry={entry}
          blockedBy={dirty ? t('calendarUi.workflow.saveFirst') : null}
          onChanged={afterChange}
        />
      )}

      {sent && (
        <Alert color="gray" icon={<IconLock size={18} />} data-testid="sent-lock">
          {t('calendarUi.editor.sentLocked')}
        </Alert>
      )}

      {isSeries && occurrenceDate && (
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap">
            <SegmentedControl
              size="xs"
              value={scope}
              onChange={(value) => {
                setScope(value);
                setDirty(false);
              }}
              data={[
                { value: 'occurrence', label: t('calendarUi.series.thisOne') },
                { value: 'series', label: t('calendarUi.series.wholeSeries') },
              ]}
              data-testid="edit-scope"
            />
            {!sent && skipButton}
          </Group>
          <Text size="xs" c="dimmed">
            {editingSeries ? t('calendarUi.series.wholeHint') : t('calendarUi.series.thisHint')}
          </Text>
        </Stack>
      )}
      {detail.seriesId !== null && detail.occurrenceDate && !sent && <Group>{skipButton}</Group>}

      <Divider />
      <ItemForm
        key={scope}
        initial={editingSeries ? valuesOf(detail) : valuesOf(detail, date)}
        occurrence={(isSeries && !editingSeries) || detail.seriesId !== null}
        readOnly={sent}
        target={editingSeries ? { id: detail.id } : entry}
        submitLabel={t('common.save')}
        onSaved={(item) => {
          notifySuccess(t('calendarUi.editor.saved', { title: item.title }));
          props.onClose();
        }}
        onDirty={setDirty}
        onCancel={props.onClose}
      />

      {isSeries && detail.exceptions.length > 0 && (
        <Stack gap={4} data-testid="skipped-dates">
          <Text size="sm" fw={600}>
            {t('calendarUi.series.skippedDates')}
          </Text>
          {detail.exceptions.map((skippedDate) => (
            <Group key={skippedDate} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {formatLocalDate(skippedDate, i18n.language, {
                  year: 'numeric',
                  month: 'long',
                  day: 'numeric',
                  weekday: 'short',
                })}
              </Text>
              <Button
                size="compact-xs"
                variant="light"
                leftSection={<IconRestore size={12} />}
                onClick={() => void restore(skippedDate)}
                data-testid="restore-occurrence"
              >
                {t('calendarUi.series.restore')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}

      {(!isSeries || editingSeries) && detail.seriesId === null && !sent && (
        <Group justify="flex-start">
          {confirmingDelete ? (
            <Group gap="xs">
              <Text size="sm">
                {editingSeries
                  ? t('calendarUi.editor.deleteSeriesConfirm')
                  : t('calendarUi.editor.deleteConfirm')}
              </Text>
              <Button size="xs" color="red" onClick={() => void remove()} data-testid="confirm-delete-item">
                {t('common.delete')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirmingDelete(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          ) : (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={() => setConfirmingDelete(true)}
              data-testid="delete-item"
            >
              {editingSeries ? t('calendarUi.editor.deleteSeries') : t('common.delete')}
            </Button>
          )}
        </Group>
      )}

      <Divider label={t('calendarUi.history.title')} labelPosition="left" />
      {isSeries && !editingSeries && (
        <Text size="xs" c="dimmed">
          {t('calendarUi.history.seriesNote')}
        </Text>
      )}
      <StatusHistory history={detail.history} />
    </Stack>
  );
}
