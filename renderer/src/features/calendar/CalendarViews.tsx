/**
 * Month, week and agenda views over the same data: entries, activities and the empty cadence slots of the visible
 * range, by local date. Days and empty slots take dropped entries (drag to reschedule).
 */
import { ActionIcon, Badge, Group, Paper, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconRepeat, IconTrophy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentType } from '../../../../shared/domain/calendar/contentTypes';
import type { LocalDate } from '../../../../shared/domain/calendar/localTime';
import type { SpecialDate } from '../../../../shared/domain/calendar/specialDates';
import type { Activity, CalendarEntry } from '../../../../shared/domain/calendar/types';
import { formatLocalDate, isWeekend, weekdayOf } from './calendarDates';
import { ContentTypeBadge, StatusBadge, typeColor } from './calendarLabels';
import {
  ActivityChip,
  EntryChip,
  SlotPlaceholder,
  useDropZone,
  type DropEntry,
  type SlotOnScreen,
} from './CalendarPieces';
import { SpecialDateLabels } from './SpecialDates';

export interface BoardData {
  days: LocalDate[];
  today: LocalDate;
  entries: Map<LocalDate, CalendarEntry[]>;
  activities: Map<LocalDate, Activity[]>;
  slots: Map<LocalDate, SlotOnScreen[]>;
  /** Across groups, every chip names its group. */
  showGroup: boolean;
  /** Keys of the entries counted in a WeCom cap warning. */
  overCap: ReadonlySet<string>;
  /** Holidays, festivals, commerce dates and solar terms of each day. */
  specialDates: Map<LocalDate, SpecialDate[]>;
}

export interface BoardActions {
  openEntry(entry: CalendarEntry): void;
  openActivity(activity: Activity): void;
  fillSlot(slot: SlotOnScreen): void;
  newOnDay(date: LocalDate): void;
  showWeek(date: LocalDate): void;
  dropEntry: DropEntry;
  /** A special date's topic idea picked: plan an entry with it. */
  planTopic(date: LocalDate, topic: string): void;
}

type DayItem =
  | { kind: 'entry'; time: string; key: string; entry: CalendarEntry }
  | { kind: 'activity'; time: string; key: string; activity: Activity }
  | { kind: 'slot'; time: string; key: string; slot: SlotOnScreen };

/** Everything on a day in time order; whole-day slots first, then by time. */
function dayItems(data: BoardData, date: LocalDate, withSlots: boolean): DayItem[] {
  const items: DayItem[] = [
    ...(data.entries.get(date) ?? []).map((entry): DayItem => ({
      kind: 'entry',
      time: entry.localTime,
      key: entry.key,
      entry,
    })),
    ...(data.activities.get(date) ?? []).map((activity): DayItem => ({
      kind: 'activity',
      time: activity.localTime,
      key: `activity:${activity.id}`,
      activity,
    })),
  ];
  if (withSlots) {
    for (const slot of data.slots.get(date) ?? []) {
      items.push({
        kind: 'slot',
        time: slot.wholeDay ? '' : slot.time,
        key: `slot:${slot.groupId}:${slot.bucketKey}:${slot.ruleId}:${slot.ordinal}`,
        slot,
      });
    }
  }
  return items.sort((a, b) => a.time.localeCompare(b.time) || a.key.localeCompare(b.key));
}

function DayItemView(props: { item: DayItem; data: BoardData; actions: BoardActions; stacked: boolean }) {
  const { item, data, actions } = props;
  if (item.kind === 'entry') {
    return (
      <EntryChip
        entry={item.entry}
        showGroup={data.showGroup}
        stacked={props.stacked}
        overCap={data.overCap.has(item.entry.key)}
        onOpen={actions.openEntry}
      />
    );
  }
  if (item.kind === 'activity')
    return <ActivityChip activity={item.activity} showGroup={data.showGroup} onOpen={actions.openActivity} />;
  return (
    <SlotPlaceholder
      slot={item.slot}
      showGroup={data.showGroup}
      onFill={actions.fillSlot}
      onDrop={actions.dropEntry}
    />
  );
}

function WeekdayHeads({ days }: { days: LocalDate[] }) {
  const { t } = useTranslation();
  return days.slice(0, 7).map((date) => (
    <div key={date} className="cal-head">
      {t(`calendar.weekdays.${weekdayOf(date)}`)}
    </div>
  ));
}

function DayCell(props: {
  date: LocalDate;
  className: string;
  data: BoardData;
  actions: BoardActions;
  outside?: boolean;
  children: ReactNode;
}) {
  const drop = useDropZone(props.date, props.actions.dropEntry);
  const today = props.date === props.data.today;
  return (
    <div
      className={`cal-day ${props.className}`}
      data-date={props.date}
      data-today={today || undefined}
      data-outside={props.outside || undefined}
      data-testid="calendar-day"
      onDoubleClick={(event) => {
        if (event.target === event.currentTarget) props.actions.newOnDay(props.date);
      }}
      {...drop}
    >
      {props.children}
    </div>
  );
}

function DateNumber({ date, today, label }: { date: LocalDate; today: boolean; label?: string }) {
  return (
    <span className="cal-date" data-today={today || undefined}>
      {label ?? Number(date.slice(8, 10))}
    </span>
  );
}

const monthCellItems = 3;

export function MonthView(props: { data: BoardData; actions: BoardActions; month: string }) {
  const { t, i18n } = useTranslation();
  const { data, actions } = props;
  return (
    <div className="cal-grid" data-testid="calendar-month">
      <WeekdayHeads days={data.days} />
      {data.days.map((date) => {
        const items = dayItems(data, date, false);
        const hidden = items.length - monthCellItems;
        const emptySlots = data.slots.get(date)?.length ?? 0;
        const firstOfMonth = date.endsWith('-01');
        return (
          <DayCell
            key={date}
            date={date}
            className="cal-month-day"
            data={data}
            actions={actions}
            outside={date.slice(0, 7) !== props.month}
          >
            <Group justify="space-between" gap={4} wrap="nowrap">
              <DateNumber
                date={date}
                today={date === data.today}
                label={
                  firstOfMonth
                    ? formatLocalDate(date, i18n.language, { month: 'short', day: 'numeric' })
                    : undefined
                }
              />
              {emptySlots > 0 && (
                <Tooltip label={t('calendarUi.slots.openWeek')}>
                  <UnstyledButton
                    className="cal-more"
                    onClick={() => actions.showWeek(date)}
                    data-testid="month-empty-slots"
                  >
                    {t('calendarUi.slots.count', { count: emptySlots })}
                  </UnstyledButton>
                </Tooltip>
              )}
            </Group>
            <SpecialDateLabels
              date={date}
              dates={data.specialDates.get(date) ?? []}
              onTopic={actions.planTopic}
            />
            {items.slice(0, monthCellItems).map((item) => (
              <DayItemView key={item.key} item={item} data={data} actions={actions} stacked={false} />
            ))}
            {hidden > 0 && (
              <UnstyledButton className="cal-more" onClick={() => actions.showWeek(date)}>
                {t('calendarUi.views.more', { count: hidden })}
              </UnstyledButton>
            )}
          </DayCell>
        );
      })}
    </div>
  );
}

export function WeekView(props: { data: BoardData; actions: BoardActions }) {
  const { t, i18n } = useTranslation();
  const { data, actions } = props;
  return (
    <div className="cal-grid" data-testid="calendar-week">
      {data.days.map((date) => (
        <div key={date} className="cal-head" data-weekend={isWeekend(date) || undefined}>
          <Group justify="space-between" gap={2} wrap="nowrap">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <Text span size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {t(`calendar.weekdays.${weekdayOf(date)}`)}
              </Text>
              <DateNumber
                date={date}
                today={date === data.today}
                label={formatLocalDate(date, i18n.language, { month: 'numeric', day: 'numeric' })}
              />
            </Group>
            <Tooltip label={t('calendarUi.actions.newOnDay')}>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                onClick={() => actions.newOnDay(date)}
                aria-label={t('calendarUi.actions.newOnDay')}
              >
                <IconPlus size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <SpecialDateLabels
            date={date}
            dates={data.specialDates.get(date) ?? []}
            onTopic={actions.planTopic}
          />
        </div>
      ))}
      {data.days.map((date) => (
        <DayCell key={date} date={date} className="cal-week-day" data={data} actions={actions}>
          {dayItems(data, date, true).map((item) => (
            <DayItemView key={item.key} item={item} data={data} actions={actions} stacked />
          ))}
        </DayCell>
      ))}
    </div>
  );
}

export function AgendaView(props: { data: BoardData; actions: BoardActions }) {
  const { t, i18n } = useTranslation();
  const { data, actions } = props;
  const days = data.days.filter((date) => dayItems(data, date, false).length > 0 || date === data.today);
  if (days.length === 0) {
    return (
      <Paper withBorder p="xl">
        <Text c="dimmed" ta="center">
          {t('calendarUi.views.agendaEmpty')}
        </Text>
      </Paper>
    );
  }
  return (
    <Paper withBorder data-testid="calendar-agenda">
      <Table layout="fixed" verticalSpacing={6} horizontalSpacing="md" highlightOnHover>
        {/* A fixed layout takes its widths from the first row, which here is a day heading spanning all. */}
        <colgroup>
          <col style={{ width: 80 }} />
          <col />
          <col style={{ width: 170 }} />
          <col style={{ width: 130 }} />
          <col style={{ width: 190 }} />
        </colgroup>
        <Table.Tbody>
          {days.map((date) => {
            const items = dayItems(data, date, false);
            return [
              <Table.Tr
                key={date}
                bg={
                  date === data.today
                    ? 'var(--mantine-primary-color-light)'
                    : 'var(--mantine-color-default-hover)'
                }
              >
                <Table.Td colSpan={5}>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {formatLocalDate(date, i18n.language, {
                        month: 'long',
                        day: 'numeric',
                        weekday: 'short',
                      })}
                    </Text>
                    {date === data.today && (
                      <Badge size="xs" radius="sm">
                        {t('calendarUi.views.today')}
                      </Badge>
                    )}
                    {items.length === 0 && (
                      <Text size="xs" c="dimmed">
                        {t('calendarUi.views.nothingToday')}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>,
              ...items.map((item) =>
                item.kind === 'entry' ? (
                  <AgendaEntryRow key={item.key} entry={item.entry} onOpen={actions.openEntry} />
                ) : item.kind === 'activity' ? (
                  <AgendaActivityRow key={item.key} activity={item.activity} onOpen={actions.openActivity} />
                ) : null,
              ),
            ];
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function Swatch({ color }: { color: string }) {
  return <span className="cal-swatch" style={{ background: `var(--mantine-color-${color}-filled)` }} />;
}

/** One agenda line: time, colour and title, group, type, and a status cell. */
function AgendaRow(props: {
  time: string;
  color: string;
  icon: ReactNode;
  title: string;
  groupName: string;
  type: ContentType;
  status: ReactNode;
  onOpen(): void;
  testId: string;
  entryKey?: string;
  overdue?: boolean;
}) {
  return (
    <Table.Tr
      style={{ cursor: 'pointer' }}
      onClick={props.onOpen}
      data-testid={props.testId}
      data-key={props.entryKey}
      data-overdue={props.overdue || undefined}
    >
      <Table.Td className="tabular">
        <Text size="sm" fw={600}>
          {props.time}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Swatch color={props.color} />
          {props.icon}
          <Text size="sm" truncate>
            {props.title}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" truncate>
          {props.groupName}
        </Text>
      </Table.Td>
      <Table.Td>
        <ContentTypeBadge type={props.type} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          {props.status}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function AgendaEntryRow({ entry, onOpen }: { entry: CalendarEntry; onOpen(entry: CalendarEntry): void }) {
  const { t } = useTranslation();
  return (
    <AgendaRow
      time={entry.localTime}
      color={typeColor(entry.contentType)}
      icon={entry.recurrence ? <IconRepeat size={14} style={{ flexShrink: 0 }} /> : null}
      title={entry.title}
      groupName={entry.groupName}
      type={entry.contentType}
      onOpen={() => onOpen(entry)}
      testId="agenda-entry"
      entryKey={entry.key}
      overdue={entry.overdue}
      status={
        <>
          <StatusBadge status={entry.status} />
          {entry.overdue && (
            <Badge
              size="sm"
              radius="sm"
              color="red"
              variant="light"
              leftSection={<IconAlertTriangle size={12} />}
              data-testid="overdue-badge"
            >
              {t('calendarUi.status.overdue')}
            </Badge>
          )}
        </>
      }
    />
  );
}

function AgendaActivityRow({ activity, onOpen }: { activity: Activity; onOpen(activity: Activity): void }) {
  const { t } = useTranslation();
  return (
    <AgendaRow
      time={activity.localTime}
      color={typeColor(activity.kind)}
      icon={<IconTrophy size={14} style={{ flexShrink: 0 }} />}
      title={activity.title}
      groupName={activity.groupName}
      type={activity.kind}
      onOpen={() => onOpen(activity)}
      testId="agenda-activity"
      status={
        <Badge size="sm" radius="sm" variant="outline" color="gray">
          {t('calendarUi.activities.badge')}
        </Badge>
      }
    />
  );
}
