/**
 * 内容日历: the content plan of one group or all of them (month, week, agenda) with festival and solar-term labels,
 * its cadence gaps and WeCom cap warnings, exports (ICS, weekly plan), the item editor with the draft workflow, the
 * activities with their check-ins and reports (`/calendar/activities`), and the material library (`/calendar/materials`).
 */
import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import {
  IconBooks,
  IconCalendarEvent,
  IconChevronLeft,
  IconChevronRight,
  IconPlus,
  IconSettings,
  IconTrophy,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import {
  contentTypes,
  isActivityKind,
  type ActivityKind,
} from '../../../../shared/domain/calendar/contentTypes';
import { toLocal, formatMinutes, type LocalDate } from '../../../../shared/domain/calendar/localTime';
import { specialDatesOn } from '../../../../shared/domain/calendar/specialDates';
import type {
  Activity,
  CalendarEntry,
  GapReportView,
  GapView,
} from '../../../../shared/domain/calendar/types';
import { draftStatuses } from '../../../../shared/domain/calendar/workflow';
import { navigate, pathSegments, usePath } from '../../app/router';
import { EmptyState } from '../../ui/EmptyState';
import { notifyError, notifySuccess } from '../../ui/errors';
import { PageHeader } from '../../ui/PageHeader';
import { useChannel } from '../../ui/useChannel';
import { newGroupPath } from '../groups/GroupsPage';
import { ActivitiesPanel } from './ActivitiesPanel';
import { ActivityEditor, type ActivityTarget } from './ActivityEditor';
import { CadenceModal } from './CadenceModal';
import {
  calendarViews,
  formatLocalDate,
  instantAt,
  rangeTitle,
  shiftAnchor,
  todayLocal,
  visibleRange,
  weekOf,
  daysOf,
  type CalendarView,
} from './calendarDates';
import { contentTypeLabel, statusIcons, typeColor } from './calendarLabels';
import type { SlotOnScreen } from './CalendarPieces';
import { AgendaView, MonthView, WeekView, type BoardActions, type BoardData } from './CalendarViews';
import { GroupSelect } from './ItemForm';
import { ItemEditor, targetOfEntry, type EditorTarget, type ItemSeed } from './ItemEditor';
import { MaterialsPanel } from './MaterialsPanel';
import { PlanExportMenu } from './PlanExport';
import { CapWarnings, GapPanel } from './PlanningPanels';
import { Permitted } from '../lock/Permitted';
import './calendar.css';

export const calendarPath = '/calendar';
export const activitiesPath = '/calendar/activities';
export const materialsPath = '/calendar/materials';

const tabPaths = { plan: calendarPath, activities: activitiesPath, materials: materialsPath } as const;
type CalendarTab = keyof typeof tabPaths;

const calendarEntities = ['calendar', 'activities', 'groups'] as const;
const defaultNewTime = '10:00';
const maxSegmentedGroups = 3;
/** A whole-day window (the activity rhythms) suggests no time of its own. */
const dayMs = 86_400_000;

interface Dialog<T> {
  opened: boolean;
  target: T | null;
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => LocalDate): Map<LocalDate, T[]> {
  const map = new Map<LocalDate, T[]>();
  for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
  return map;
}

function emptySlots(report: GapReportView | undefined): SlotOnScreen[] {
  return (report?.groups ?? []).flatMap((group) =>
    group.slots
      .filter((slot) => slot.filledBy === null)
      .map((slot) => ({
        ...slot,
        groupId: group.groupId,
        groupName: group.groupName,
        utcOffsetMinutes: group.utcOffsetMinutes,
        wholeDay: Date.parse(slot.windowEndsAt) - Date.parse(slot.windowStartsAt) >= dayMs,
      })),
  );
}

export function CalendarPage() {
  const { t } = useTranslation();
  const segments = pathSegments(usePath());
  const tab: CalendarTab =
    segments[1] === 'activities' ? 'activities' : segments[1] === 'materials' ? 'materials' : 'plan';
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [editor, setEditor] = useState<Dialog<EditorTarget>>({ opened: false, target: null });
  const [activityEditor, setActivityEditor] = useState<Dialog<ActivityTarget>>({
    opened: false,
    target: null,
  });
  const [cadenceOpen, setCadenceOpen] = useState(false);
  const [anchor, setAnchor] = useState<LocalDate>(todayLocal);

  const openItem = (target: EditorTarget) => setEditor({ opened: true, target });
  const newItem = (seed: Partial<ItemSeed> = {}) =>
    openItem({
      mode: 'new',
      seed: { groupId, contentType: 'tutorial', date: anchor, time: defaultNewTime, ...seed },
    });
  const openActivity = (target: ActivityTarget) => setActivityEditor({ opened: true, target });
  const newActivity = (kind: ActivityKind, seed: { groupId?: number | null; date?: LocalDate } = {}) =>
    openActivity({ mode: 'new', kind, groupId: seed.groupId ?? groupId, date: seed.date ?? todayLocal() });

  const header = (
    <PageHeader
      title={t('calendarUi.title')}
      subtitle={t('calendarUi.subtitle')}
      actions={
        groups?.length ? (
          <>
            <Permitted>
              <Button
                variant="default"
                leftSection={<IconSettings size={16} />}
                onClick={() => setCadenceOpen(true)}
                data-testid="open-cadence"
              >
                {t('calendarUi.cadence.open')}
              </Button>
            </Permitted>
            <Permitted>
              <Button leftSection={<IconPlus size={16} />} onClick={() => newItem()} data-testid="new-item">
                {t('calendarUi.actions.newItem')}
              </Button>
            </Permitted>
          </>
        ) : null
      }
    />
  );

  if (groups && groups.length === 0) {
    return (
      <>
        {header}
        <Paper withBorder>
          <EmptyState
            icon={<IconUsersGroup size={32} />}
            title={t('calendarUi.noGroupsTitle')}
            text={t('calendarUi.noGroupsText')}
            actions={
              <Button leftSection={<IconPlus size={16} />} onClick={() => navigate(newGroupPath)}>
                {t('groups.newGroup')}
              </Button>
            }
          />
        </Paper>
      </>
    );
  }

  return (
    <>
      {header}
      <Tabs
        value={tab}
        onChange={(value) => navigate(tabPaths[(value ?? 'plan') as CalendarTab] ?? calendarPath)}
        mb="md"
      >
        <Tabs.List>
          <Tabs.Tab value="plan" leftSection={<IconCalendarEvent size={16} />} data-testid="tab-plan">
            {t('calendarUi.tabs.plan')}
          </Tabs.Tab>
          <Tabs.Tab value="activities" leftSection={<IconTrophy size={16} />} data-testid="tab-activities">
            {t('calendarUi.tabs.activities')}
          </Tabs.Tab>
          <Tabs.Tab value="materials" leftSection={<IconBooks size={16} />} data-testid="tab-materials">
            {t('calendarUi.tabs.materials')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'materials' && <MaterialsPanel />}
      {tab === 'plan' && (
        <PlanBoard
          groupId={groupId}
          setGroupId={setGroupId}
          anchor={anchor}
          setAnchor={setAnchor}
          onOpenEntry={(entry) => openItem(targetOfEntry(entry))}
          onNewItem={newItem}
          onOpenActivity={(activity) => openActivity({ mode: 'edit', id: activity.id })}
          onNewActivity={newActivity}
          onOpenCadence={() => setCadenceOpen(true)}
        />
      )}
      {tab === 'activities' && (
        <Stack gap="md">
          <Group>
            <GroupFilter groupId={groupId} setGroupId={setGroupId} />
          </Group>
          <ActivitiesPanel
            groupId={groupId}
            onNew={(kind) => newActivity(kind)}
            onOpen={(activity) => openActivity({ mode: 'edit', id: activity.id })}
          />
        </Stack>
      )}
      <ItemEditor
        opened={editor.opened}
        target={editor.target}
        onClose={() => setEditor((previous) => ({ ...previous, opened: false }))}
        onTarget={(target) => setEditor({ opened: true, target })}
      />
      <ActivityEditor
        opened={activityEditor.opened}
        target={activityEditor.target}
        onClose={() => setActivityEditor((previous) => ({ ...previous, opened: false }))}
      />
      <CadenceModal opened={cadenceOpen} groupId={groupId} onClose={() => setCadenceOpen(false)} />
    </>
  );
}

/** A few groups fit as a segmented switch; more become a searchable select. */
function GroupFilter(props: { groupId: number | null; setGroupId(value: number | null): void }) {
  const { t } = useTranslation();
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  if (!groups) return null;
  if (groups.length > maxSegmentedGroups) {
    return (
      <GroupSelect
        value={props.groupId === null ? null : String(props.groupId)}
        onChange={(value) => props.setGroupId(value === null ? null : Number(value))}
        placeholder={t('common.allGroups')}
        clearable
        w={220}
        testId="calendar-group"
      />
    );
  }
  return (
    <SegmentedControl
      data={[
        { value: 'all', label: t('common.allGroups') },
        ...groups.map((group) => ({ value: String(group.id), label: group.name })),
      ]}
      value={props.groupId === null ? 'all' : String(props.groupId)}
      onChange={(value) => props.setGroupId(value === 'all' ? null : Number(value))}
      data-testid="calendar-group"
    />
  );
}

function PlanBoard(props: {
  groupId: number | null;
  setGroupId(value: number | null): void;
  anchor: LocalDate;
  setAnchor(value: LocalDate): void;
  onOpenEntry(entry: CalendarEntry): void;
  onNewItem(seed?: Partial<ItemSeed>): void;
  onOpenActivity(activity: Activity): void;
  onNewActivity(kind: ActivityKind, seed: { groupId?: number | null; date?: LocalDate }): void;
  onOpenCadence(): void;
}) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useLocalStorage<CalendarView>({
    key: 'qundesk.calendar.view',
    defaultValue: 'week',
  });
  const { anchor, groupId } = props;
  const range = visibleRange(view, anchor);
  const week = weekOf(anchor);
  const byGroup = groupId === null ? {} : { groupId };
  const today = todayLocal();

  const { data: entries } = useChannel('calendar.items', { ...range, ...byGroup }, calendarEntities);
  const { data: rangeGaps } = useChannel('calendar.gaps', { ...range, ...byGroup }, calendarEntities);
  const { data: weekGaps } = useChannel('calendar.gaps', { ...week, ...byGroup }, calendarEntities);
  const { data: caps } = useChannel('calendar.capWarnings', range, calendarEntities);
  const { data: activities } = useChannel('activities.list', { ...range, ...byGroup }, calendarEntities);
  const { data: specialDates } = useChannel('calendar.specialDates', range);

  const data: BoardData = {
    days: daysOf(range),
    today,
    entries: groupBy(entries ?? [], (entry) => entry.localDate),
    activities: groupBy(activities ?? [], (activity) => activity.localDate),
    slots: groupBy(emptySlots(rangeGaps), (slot) => slot.date),
    showGroup: groupId === null,
    overCap: new Set(caps?.warnings.flatMap((warning) => warning.entryKeys) ?? []),
    specialDates: new Map(daysOf(range).map((date) => [date, specialDatesOn(specialDates ?? [], date)])),
  };

  const dropEntry = async (key: string, date: LocalDate, time?: string) => {
    const entry = entries?.find((candidate) => candidate.key === key);
    if (!entry) return;
    const nextTime = time ?? entry.localTime;
    if (entry.localDate === date && entry.localTime === nextTime) return;
    try {
      await call('calendar.move', {
        id: entry.id,
        ...(entry.occurrenceDate ? { occurrenceDate: entry.occurrenceDate } : {}),
        startsAt: instantAt(date, nextTime, entry.utcOffsetMinutes),
      });
      notifySuccess(
        t('calendarUi.moved', {
          title: entry.title,
          when: `${formatLocalDate(date, i18n.language, { month: 'long', day: 'numeric', weekday: 'short' })} ${nextTime}`,
        }),
      );
    } catch (error) {
      notifyError(error);
    }
  };

  const fill = (seed: {
    groupId: number;
    contentType: ItemSeed['contentType'];
    date: LocalDate;
    time: string;
  }) => {
    if (isActivityKind(seed.contentType)) props.onNewActivity(seed.contentType, seed);
    else props.onNewItem(seed);
  };

  const actions: BoardActions = {
    openEntry: props.onOpenEntry,
    openActivity: props.onOpenActivity,
    fillSlot: (slot) =>
      fill({
        groupId: slot.groupId,
        contentType: slot.contentType,
        date: slot.date,
        time: slot.wholeDay ? defaultNewTime : slot.time,
      }),
    newOnDay: (date) => props.onNewItem({ date }),
    showWeek: (date) => {
      props.setAnchor(date);
      setView('week');
    },
    dropEntry: (key, date, time) => void dropEntry(key, date, time),
    planTopic: (date, topic) => props.onNewItem({ date, title: topic, contentType: 'interactive_topic' }),
  };

  const fillGap = (gap: GapView, utcOffsetMinutes: number) => {
    const local = toLocal(Date.parse(gap.startsAt), utcOffsetMinutes);
    fill({
      groupId: gap.groupId,
      contentType: gap.contentType,
      date: local.date,
      time: formatMinutes(local.minutes),
    });
  };

  const weekLabel = rangeTitle('week', anchor, i18n.language);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Tooltip label={t('calendarUi.nav.previous')}>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => props.setAnchor(shiftAnchor(view, anchor, -1))}
              aria-label={t('calendarUi.nav.previous')}
              data-testid="calendar-previous"
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
          </Tooltip>
          <Button variant="default" onClick={() => props.setAnchor(today)} data-testid="calendar-today">
            {t('calendarUi.views.today')}
          </Button>
          <Tooltip label={t('calendarUi.nav.next')}>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => props.setAnchor(shiftAnchor(view, anchor, 1))}
              aria-label={t('calendarUi.nav.next')}
              data-testid="calendar-next"
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Tooltip>
          <Title order={4} ml="xs" style={{ whiteSpace: 'nowrap' }} data-testid="calendar-range">
            {rangeTitle(view, anchor, i18n.language)}
          </Title>
        </Group>
        <Group gap="sm" wrap="nowrap">
          <GroupFilter groupId={groupId} setGroupId={props.setGroupId} />
          <PlanExportMenu range={range} week={week} groupId={groupId} />
          <SegmentedControl
            data={calendarViews.map((value) => ({ value, label: t(`calendarUi.views.${value}`) }))}
            value={view}
            onChange={(value) => setView(value)}
            data-testid="calendar-view"
          />
        </Group>
      </Group>
      <CapWarnings report={caps} />
      <GapPanel
        report={weekGaps}
        rangeLabel={weekLabel}
        showGroup={groupId === null}
        onFillGap={fillGap}
        onOpenCadence={props.onOpenCadence}
      />
      {view === 'month' && <MonthView data={data} actions={actions} month={anchor.slice(0, 7)} />}
      {view === 'week' && <WeekView data={data} actions={actions} />}
      {view === 'agenda' && <AgendaView data={data} actions={actions} />}
      <Legend />
    </Stack>
  );
}

/** What the colours and icons mean. */
function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" mt={4} data-testid="calendar-legend">
      {contentTypes.map((type) => (
        <Group key={type} gap={4} wrap="nowrap">
          <span
            className="cal-swatch"
            style={{ background: `var(--mantine-color-${typeColor(type)}-filled)` }}
          />
          <Text size="xs" c="dimmed">
            {contentTypeLabel(t, type)}
          </Text>
        </Group>
      ))}
      <Text size="xs" c="dimmed">
        ·
      </Text>
      {draftStatuses.map((status) => {
        const StatusIcon = statusIcons[status];
        return (
          <Group key={status} gap={4} wrap="nowrap">
            <StatusIcon size={12} color="var(--mantine-color-dimmed)" />
            <Text size="xs" c="dimmed">
              {t(`calendar.statuses.${status}`)}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}
