/**
 * The pieces the month, week and agenda views are built from: an entry chip (drag it to reschedule), an activity
 * chip, an empty cadence slot ("点击安排", also a drop target) and the drop zone behaviour shared by days and slots.
 */
import { Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconRepeat, IconTrophy } from '@tabler/icons-react';
import { useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalDate } from '../../../../shared/domain/calendar/localTime';
import type { Activity, CalendarEntry, SlotView } from '../../../../shared/domain/calendar/types';
import { contentTypeLabel, statusIcons, tintStyle, typeColor } from './calendarLabels';

/** An empty slot of a group's cadence, with the group it belongs to. */
export interface SlotOnScreen extends SlotView {
  groupId: number;
  groupName: string;
  utcOffsetMinutes: number;
  /** The rule's window covers the whole day (activity rhythms): no time is suggested. */
  wholeDay: boolean;
}

const entryMime = 'application/x-qundesk-entry';

/** Where a dragged entry lands: a day (keeping its time) or a slot (taking the slot's time). */
export type DropEntry = (entryKey: string, date: LocalDate, time?: string) => void;

/** Drag-over highlighting and the drop itself, for a day cell or an empty slot. */
export function useDropZone(date: LocalDate, onDrop: DropEntry, time?: string) {
  const [active, setActive] = useState(false);
  const accepts = (event: DragEvent) => event.dataTransfer.types.includes(entryMime);
  return {
    onDragOver: (event: DragEvent) => {
      if (!accepts(event)) return;
      event.preventDefault();
      event.stopPropagation();
      event.dataTransfer.dropEffect = 'move';
      if (!active) setActive(true);
    },
    onDragLeave: () => setActive(false),
    onDrop: (event: DragEvent) => {
      if (!accepts(event)) return;
      event.preventDefault();
      event.stopPropagation();
      setActive(false);
      const key = event.dataTransfer.getData(entryMime);
      if (key) onDrop(key, date, time);
    },
    'data-drop-active': active || undefined,
  };
}

/** Across groups, the last line of a chip names its group. */
function GroupLine({ name }: { name: string }) {
  return (
    <Text span size="10px" c="dimmed" display="block" truncate>
      {name}
    </Text>
  );
}

function EntryTooltip({ entry, children }: { entry: CalendarEntry; children: ReactNode }) {
  const { t } = useTranslation();
  const label = (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {entry.title}
      </Text>
      <Text size="xs">
        {entry.localDate} {entry.localTime} · {entry.groupName}
      </Text>
      <Text size="xs">
        {contentTypeLabel(t, entry.contentType)} · {t(`calendar.statuses.${entry.status}`)}
        {entry.overdue ? ` · ${t('calendar.cli.overdue')}` : ''}
      </Text>
    </Stack>
  );
  return (
    <Tooltip label={label} position="top-start" openDelay={500} maw={320} multiline>
      {children}
    </Tooltip>
  );
}

export function EntryChip(props: {
  entry: CalendarEntry;
  showGroup: boolean;
  /** Week columns have room for the title on a line of its own. */
  stacked: boolean;
  /** Counted in a WeCom cap warning. */
  overCap: boolean;
  onOpen(entry: CalendarEntry): void;
}) {
  const { entry } = props;
  const { t } = useTranslation();
  const StatusIcon = statusIcons[entry.status];
  // What has gone out cannot move: the backend refuses it, so the chip does not pretend.
  const draggable = entry.status !== 'sent';
  const icons = (
    <>
      <StatusIcon size={12} style={{ flexShrink: 0 }} />
      {entry.overdue && (
        <IconAlertTriangle size={12} color="var(--mantine-color-red-filled)" style={{ flexShrink: 0 }} />
      )}
      {props.stacked && entry.recurrence && <IconRepeat size={12} style={{ flexShrink: 0 }} />}
    </>
  );
  return (
    <EntryTooltip entry={entry}>
      <UnstyledButton
        className="cal-chip"
        style={tintStyle(typeColor(entry.contentType))}
        draggable={draggable}
        onDragStart={(event) => {
          event.dataTransfer.setData(entryMime, entry.key);
          event.dataTransfer.effectAllowed = 'move';
        }}
        onClick={() => props.onOpen(entry)}
        data-testid="calendar-entry"
        data-key={entry.key}
        data-status={entry.status}
        data-overdue={entry.overdue || undefined}
        data-over-cap={props.overCap || undefined}
        data-sent={entry.status === 'sent' || undefined}
        aria-label={`${entry.localTime} ${entry.title} · ${t(`calendar.statuses.${entry.status}`)}`}
      >
        {props.stacked ? (
          <>
            <span className="cal-chip-line">
              {icons}
              <span className="cal-time">{entry.localTime}</span>
            </span>
            <span className="cal-chip-title">{entry.title}</span>
          </>
        ) : (
          <span className="cal-chip-line">
            {icons}
            <span className="cal-time">{entry.localTime}</span>
            <span>{entry.title}</span>
          </span>
        )}
        {props.showGroup && <GroupLine name={entry.groupName} />}
      </UnstyledButton>
    </EntryTooltip>
  );
}

export function ActivityChip(props: {
  activity: Activity;
  showGroup: boolean;
  onOpen(activity: Activity): void;
}) {
  const { activity } = props;
  return (
    <UnstyledButton
      className="cal-chip"
      style={tintStyle(typeColor(activity.kind))}
      onClick={() => props.onOpen(activity)}
      data-activity
      data-testid="calendar-activity"
      title={`${activity.title} · ${activity.groupName}`}
    >
      <span className="cal-chip-line">
        <IconTrophy size={12} style={{ flexShrink: 0 }} />
        <span className="cal-time">{activity.localTime}</span>
        <span>{activity.title}</span>
      </span>
      {props.showGroup && <GroupLine name={activity.groupName} />}
    </UnstyledButton>
  );
}

export function SlotPlaceholder(props: {
  slot: SlotOnScreen;
  showGroup: boolean;
  onFill(slot: SlotOnScreen): void;
  onDrop: DropEntry;
}) {
  const { slot } = props;
  const { t } = useTranslation();
  const drop = useDropZone(slot.date, props.onDrop, slot.wholeDay ? undefined : slot.time);
  const type = contentTypeLabel(t, slot.contentType);
  return (
    <UnstyledButton
      className="cal-slot"
      onClick={() => props.onFill(slot)}
      data-testid="empty-slot"
      data-content-type={slot.contentType}
      aria-label={t('calendarUi.slots.fillLabel', { type, time: slot.wholeDay ? '' : slot.time })}
      {...drop}
    >
      <span className="cal-chip-line">
        <span
          className="cal-swatch"
          style={{ background: `var(--mantine-color-${typeColor(slot.contentType)}-filled)`, opacity: 0.6 }}
        />
        {!slot.wholeDay && <span className="cal-time">{slot.time}</span>}
        <span>{type}</span>
      </span>
      <span className="cal-chip-line">
        <span>{t('calendarUi.slots.fill')}</span>
      </span>
      {props.showGroup && <GroupLine name={slot.groupName} />}
    </UnstyledButton>
  );
}
