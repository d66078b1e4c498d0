/**
 * An activity (知识竞赛 / 拼团秒杀 / 线上沙龙 / 积分兑换 / 打卡挑战): when and where, goal, budget, reward ladder, the
 * run-sheet of timed tasks with owners, the materials checklist, its check-ins (or participants), the points they
 * earn members (per check-in, per rung of the ladder, for taking part) with 发放积分, and the post-event report.
 */
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconAlertCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import {
  activityGoals,
  activityTemplates,
  type ActivityGoal,
} from '../../../../shared/domain/calendar/activities';
import {
  defaultCheckInKeyword,
  defaultPointsRules,
  defaultRungPoints,
  maxAwardPoints,
  maxCheckInKeywordLength,
  type ActivityPointsRules,
} from '../../../../shared/domain/calendar/activityPoints';
import type { ActivityKind } from '../../../../shared/domain/calendar/contentTypes';
import {
  formatMinutes,
  toInstant,
  toLocal,
  type LocalDate,
} from '../../../../shared/domain/calendar/localTime';
import type { Activity } from '../../../../shared/domain/calendar/types';
import { describeError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { instantAt } from './calendarDates';
import { contentTypeLabel } from './calendarLabels';
import { ActivityPointsPanel } from './ActivityPointsPanel';
import { ActivityReportPanel } from './ActivityReportPanel';
import { CheckInPanel } from './CheckInPanel';
import { EditorDrawer } from './ItemEditor';
import { GroupSelect } from './ItemForm';
import { DateField, DateTimeField, TimeField } from '../../ui/DateField';

export type ActivityTarget =
  { mode: 'new'; kind: ActivityKind; groupId: number | null; date: LocalDate } | { mode: 'edit'; id: number };

interface TaskRow {
  task: string;
  owner: string;
  /** 'YYYY-MM-DDTHH:MM' on the group's clock, or ''. */
  at: string;
  done: boolean;
}

interface ActivityValues {
  title: string;
  groupId: string | null;
  kind: ActivityKind;
  goal: ActivityGoal;
  startDate: LocalDate;
  startTime: string;
  endDate: LocalDate;
  endTime: string;
  budgetYuan: number | string;
  rewardLadder: string[];
  runSheet: TaskRow[];
  materials: { name: string; done: boolean }[];
  notes: string;
  checkInKeyword: string;
  perCheckIn: number | string;
  participation: number | string;
  /** Points per rung of the ladder, by its days. */
  rungPoints: Record<string, number | string>;
}

function pointsValues(rules: ActivityPointsRules) {
  return {
    perCheckIn: rules.perCheckIn,
    participation: rules.participation,
    rungPoints: Object.fromEntries(rules.rungs.map((rung) => [String(rung.days), rung.points])),
  };
}

/** Whole points in range; an empty box counts as 0. */
const wholePoints = (value: number | string) =>
  typeof value === 'number' ? Math.min(maxAwardPoints, Math.max(0, Math.round(value))) : 0;

/** Wall-clock arithmetic only (no zone): where a start plus a length lands on the same clock. */
function localAfter(
  date: LocalDate,
  minutes: number,
  plusMinutes: number,
): { date: LocalDate; time: string } {
  const local = toLocal(toInstant(date, minutes, 0) + plusMinutes * 60_000, 0);
  return { date: local.date, time: formatMinutes(local.minutes) };
}

function localOf(iso: string, utcOffsetMinutes: number): { date: LocalDate; time: string } {
  const local = toLocal(Date.parse(iso), utcOffsetMinutes);
  return { date: local.date, time: formatMinutes(local.minutes) };
}

function templateValues(
  kind: ActivityKind,
  groupId: number | null,
  date: LocalDate,
  title: string,
): ActivityValues {
  const template = activityTemplates[kind];
  const end = localAfter(date, template.startMinutes, template.durationMinutes);
  return {
    title,
    groupId: groupId === null ? null : String(groupId),
    kind,
    goal: template.goal,
    startDate: date,
    startTime: formatMinutes(template.startMinutes),
    endDate: end.date,
    endTime: end.time,
    budgetYuan: 0,
    rewardLadder: template.rewardLadder.map(String),
    runSheet: [],
    materials: [],
    notes: '',
    checkInKeyword: defaultCheckInKeyword(kind),
    ...pointsValues(defaultPointsRules(kind, template.rewardLadder)),
  };
}

function activityValues(activity: Activity): ActivityValues {
  const end = localOf(activity.endsAt, activity.utcOffsetMinutes);
  return {
    title: activity.title,
    groupId: String(activity.groupId),
    kind: activity.kind,
    goal: activity.goal,
    startDate: activity.localDate,
    startTime: activity.localTime,
    endDate: end.date,
    endTime: end.time,
    budgetYuan: activity.budgetCents / 100,
    rewardLadder: activity.rewardLadder.map(String),
    runSheet: activity.runSheet.map((task) => {
      const at = task.at ? localOf(task.at, activity.utcOffsetMinutes) : null;
      return { task: task.task, owner: task.owner, at: at ? `${at.date}T${at.time}` : '', done: task.done };
    }),
    materials: activity.materials,
    notes: activity.notes,
    checkInKeyword: activity.checkInKeyword,
    ...pointsValues(activity.pointsRules),
  };
}

export function ActivityEditor(props: { target: ActivityTarget | null; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { target } = props;
  return (
    <EditorDrawer
      opened={props.opened}
      onClose={props.onClose}
      size={640}
      title={
        target?.mode === 'new' ? t('calendarUi.activities.newTitle') : t('calendarUi.activities.editTitle')
      }
      testId="activity-editor"
    >
      {target?.mode === 'new' && (
        <ActivityForm
          key={JSON.stringify(target)}
          initial={templateValues(target.kind, target.groupId, target.date, contentTypeLabel(t, target.kind))}
          activity={null}
          onClose={props.onClose}
        />
      )}
      {target?.mode === 'edit' && <StoredActivity key={target.id} id={target.id} onClose={props.onClose} />}
    </EditorDrawer>
  );
}

function StoredActivity({ id, onClose }: { id: number; onClose(): void }) {
  const { data: activity } = useChannel('activities.get', { id }, ['activities']);
  // The form starts afresh after each save (its key is the version); the open tab stays.
  const [tab, setTab] = useState<string | null>(null);
  if (!activity) {
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  return (
    <ActivityForm
      key={activity.updatedAt}
      initial={activityValues(activity)}
      activity={activity}
      onClose={onClose}
      tab={tab}
      onTabChange={setTab}
    />
  );
}

function ActivityForm(props: {
  initial: ActivityValues;
  activity: Activity | null;
  onClose(): void;
  /** The open tab, when the caller keeps it (null: the default). */
  tab?: string | null;
  onTabChange?(tab: string | null): void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<ActivityValues>(props.initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const isChallenge = values.kind === 'checkin_challenge';
  const ladder = values.rewardLadder.map(Number).filter((rung) => Number.isInteger(rung) && rung > 0);
  const [ownTab, setOwnTab] = useState<string | null>(null);
  const tab =
    (props.onTabChange ? props.tab : ownTab) ?? (props.activity && isChallenge ? 'checkins' : 'basics');
  const setTab = props.onTabChange ?? setOwnTab;

  const set = <F extends keyof ActivityValues>(field: F, value: ActivityValues[F]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (values.groupId === null) {
      setError(t('calendarUi.validation.groupId'));
      return;
    }
    setSaving(true);
    try {
      const groupId = Number(values.groupId);
      const { utcOffsetMinutes } = await call('cadence.get', { groupId });
      const at = (date: string, time: string) => instantAt(date, time, utcOffsetMinutes);
      const saved = await call('activities.save', {
        ...(props.activity ? { id: props.activity.id } : {}),
        groupId,
        kind: values.kind,
        title: values.title.trim(),
        goal: values.goal,
        startsAt: at(values.startDate, values.startTime),
        endsAt: at(values.endDate, values.endTime),
        budgetCents: Math.round((typeof values.budgetYuan === 'number' ? values.budgetYuan : 0) * 100),
        rewardLadder: ladder,
        runSheet: values.runSheet
          .filter((task) => task.task.trim() !== '')
          .map((task) => {
            const [date, time] = task.at.split('T');
            return {
              task: task.task.trim(),
              owner: task.owner.trim(),
              at: date && time ? at(date, time) : null,
              done: task.done,
            };
          }),
        materials: values.materials
          .filter((material) => material.name.trim() !== '')
          .map((material) => ({ name: material.name.trim(), done: material.done })),
        notes: values.notes,
        checkInKeyword: values.checkInKeyword.trim(),
        pointsRules: {
          perCheckIn: wholePoints(values.perCheckIn),
          participation: wholePoints(values.participation),
          rungs: ladder.map((days) => ({
            days,
            points: wholePoints(values.rungPoints[String(days)] ?? defaultRungPoints(days)),
          })),
        },
      });
      notifySuccess(t('calendarUi.activities.saved', { title: saved.title }));
      props.onClose();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!props.activity) return;
    try {
      await call('activities.delete', { id: props.activity.id });
      notifySuccess(t('calendarUi.activities.deleted', { title: props.activity.title }));
      props.onClose();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const form = (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="activity-form">
      <Stack gap="sm">
        <Tabs.Panel value="basics">
          <Stack gap="sm">
            <TextInput
              label={t('calendarUi.activities.fields.title')}
              withAsterisk
              value={values.title}
              onChange={(event) => set('title', event.currentTarget.value)}
              name="title"
            />
            <SimpleGrid cols={3} spacing="sm">
              <GroupSelect
                label={t('calendarUi.editor.group')}
                value={values.groupId}
                onChange={(value) => set('groupId', value)}
                testId="activity-group"
              />
              <Select
                label={t('calendarUi.activities.fields.kind')}
                data={Object.keys(activityTemplates).map((kind) => ({
                  value: kind,
                  label: contentTypeLabel(t, kind as ActivityKind),
                }))}
                value={values.kind}
                onChange={(value) => value && set('kind', value as ActivityKind)}
                allowDeselect={false}
                disabled={props.activity !== null}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label={t('calendarUi.activities.fields.goal')}
                data={activityGoals.map((goal) => ({ value: goal, label: t(`calendar.goals.${goal}`) }))}
                value={values.goal}
                onChange={(value) => value && set('goal', value as ActivityGoal)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
            </SimpleGrid>
            <SimpleGrid cols={4} spacing="sm">
              <DateField
                label={t('calendarUi.activities.fields.startDate')}
                value={values.startDate}
                onChange={(value) => set('startDate', value)}
              />
              <TimeField
                label={t('calendarUi.editor.time')}
                value={values.startTime}
                onChange={(value) => set('startTime', value)}
              />
              <DateField
                label={t('calendarUi.activities.fields.endDate')}
                value={values.endDate}
                near={values.startDate}
                onChange={(value) => set('endDate', value)}
              />
              <TimeField
                label={t('calendarUi.editor.time')}
                value={values.endTime}
                onChange={(value) => set('endTime', value)}
              />
            </SimpleGrid>
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput
                label={t('calendarUi.activities.fields.budget')}
                prefix="¥ "
                decimalScale={2}
                allowNegative={false}
                thousandSeparator=","
                value={values.budgetYuan}
                onChange={(value) => set('budgetYuan', value)}
              />
              <TagsInput
                label={t('calendarUi.activities.fields.rewardLadder')}
                description={t('calendarUi.activities.fields.rewardLadderHint')}
                value={values.rewardLadder}
                onChange={(value) =>
                  set(
                    'rewardLadder',
                    value.filter((rung) => /^\d+$/.test(rung)),
                  )
                }
              />
            </SimpleGrid>
            <TextInput
              label={t('calendarUi.activities.fields.checkInKeyword')}
              description={t('calendarUi.activities.fields.checkInKeywordHint')}
              maxLength={maxCheckInKeywordLength}
              value={values.checkInKeyword}
              onChange={(event) => set('checkInKeyword', event.currentTarget.value)}
              data-testid="activity-keyword"
            />
            <Textarea
              label={t('calendarUi.editor.notes')}
              autosize
              minRows={2}
              maxRows={6}
              value={values.notes}
              onChange={(event) => set('notes', event.currentTarget.value)}
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="points">
          <Stack gap="sm" data-testid="points-rules">
            <Text fw={600} size="sm">
              {t('calendarUi.points.rulesTitle')}
            </Text>
            <SimpleGrid cols={2} spacing="sm">
              <PointsInput
                label={t('calendarUi.points.perCheckIn')}
                description={t('calendarUi.points.perCheckInHint')}
                value={values.perCheckIn}
                onChange={(value) => set('perCheckIn', value)}
                testId="points-per-checkin"
              />
              <PointsInput
                label={t('calendarUi.points.participation')}
                description={t('calendarUi.points.participationHint')}
                value={values.participation}
                onChange={(value) => set('participation', value)}
                testId="points-participation"
              />
            </SimpleGrid>
            {ladder.length === 0 ? (
              <Text size="xs" c="dimmed">
                {t('calendarUi.points.noLadder')}
              </Text>
            ) : (
              <SimpleGrid cols={3} spacing="sm">
                {ladder.map((days) => (
                  <PointsInput
                    key={days}
                    label={t('calendarUi.points.rung', { count: days })}
                    value={values.rungPoints[String(days)] ?? defaultRungPoints(days)}
                    onChange={(value) => set('rungPoints', { ...values.rungPoints, [String(days)]: value })}
                    testId={`points-rung-${days}`}
                  />
                ))}
              </SimpleGrid>
            )}
            <Text size="xs" c="dimmed">
              {t('calendarUi.points.rulesHint')}
            </Text>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="plan">
          <Stack gap="md">
            <ChecklistEditor
              title={t('calendarUi.activities.runSheet')}
              addLabel={t('calendarUi.activities.addTask')}
              rows={values.runSheet}
              blank={{ task: '', owner: '', at: '', done: false }}
              onChange={(rows) => set('runSheet', rows)}
              fields={(task, patch) => (
                <>
                  <TextInput
                    size="xs"
                    style={{ flex: 1 }}
                    placeholder={t('calendarUi.activities.taskPlaceholder')}
                    value={task.task}
                    onChange={(event) => patch({ task: event.currentTarget.value })}
                  />
                  <TextInput
                    size="xs"
                    w={96}
                    placeholder={t('calendarUi.activities.ownerPlaceholder')}
                    value={task.owner}
                    onChange={(event) => patch({ owner: event.currentTarget.value })}
                  />
                  <DateTimeField
                    size="xs"
                    w={230}
                    value={task.at}
                    onChange={(at) => patch({ at })}
                    aria-label={t('calendarUi.activities.taskTime')}
                  />
                </>
              )}
            />
            <ChecklistEditor
              title={t('calendarUi.activities.materials')}
              addLabel={t('calendarUi.activities.addMaterial')}
              rows={values.materials}
              blank={{ name: '', done: false }}
              onChange={(rows) => set('materials', rows)}
              fields={(material, patch) => (
                <TextInput
                  size="xs"
                  style={{ flex: 1 }}
                  placeholder={t('calendarUi.activities.materialPlaceholder')}
                  value={material.name}
                  onChange={(event) => patch({ name: event.currentTarget.value })}
                />
              )}
            />
          </Stack>
        </Tabs.Panel>
        {(tab === 'basics' || tab === 'plan' || tab === 'points') && (
          <>
            {error && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="activity-form-error">
                {error}
              </Alert>
            )}
            <Group justify="space-between" gap="sm">
              {props.activity ? (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => void remove()}
                >
                  {t('common.delete')}
                </Button>
              ) : (
                <span />
              )}
              <Group gap="sm">
                <Button variant="default" onClick={props.onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={saving} data-testid="save-activity">
                  {props.activity ? t('common.save') : t('common.create')}
                </Button>
              </Group>
            </Group>
          </>
        )}
      </Stack>
    </form>
  );

  return (
    <Tabs value={tab} onChange={setTab} keepMounted>
      <Tabs.List mb="md">
        <Tabs.Tab value="basics">{t('calendarUi.activities.tabs.basics')}</Tabs.Tab>
        <Tabs.Tab value="plan">{t('calendarUi.activities.tabs.plan')}</Tabs.Tab>
        {props.activity && (
          <Tabs.Tab value="checkins" data-testid="checkins-tab">
            {isChallenge
              ? t('calendarUi.activities.tabs.checkins')
              : t('calendarUi.activities.tabs.participants')}
          </Tabs.Tab>
        )}
        <Tabs.Tab value="points" data-testid="points-tab">
          {t('calendarUi.activities.tabs.points')}
        </Tabs.Tab>
        {props.activity && (
          <Tabs.Tab value="report" data-testid="report-tab">
            {t('calendarUi.activities.tabs.report')}
          </Tabs.Tab>
        )}
      </Tabs.List>
      {form}
      {props.activity && (
        <Tabs.Panel value="checkins">
          <CheckInPanel activity={props.activity} />
        </Tabs.Panel>
      )}
      {/* Below the rules and their save button (the rules' panel is part of the form). */}
      {props.activity && tab === 'points' && (
        <Box pt="lg">
          <ActivityPointsPanel activity={props.activity} />
        </Box>
      )}
      {props.activity && tab === 'report' && (
        <Tabs.Panel value="report">
          <ActivityReportPanel activity={props.activity} />
        </Tabs.Panel>
      )}
    </Tabs>
  );
}

function PointsInput(props: {
  label: string;
  description?: string;
  value: number | string;
  onChange(value: number | string): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <NumberInput
      inputWrapperOrder={['label', 'input', 'description']}
      size="xs"
      label={props.label}
      description={props.description}
      suffix={` ${t('calendarUi.points.unit')}`}
      allowDecimal={false}
      allowNegative={false}
      min={0}
      max={maxAwardPoints}
      value={props.value}
      onChange={props.onChange}
      data-testid={props.testId}
    />
  );
}

/** A list of rows with a done box each (run-sheet tasks, materials): edit in place, remove, add a blank one. */
function ChecklistEditor<Row extends { done: boolean }>(props: {
  title: string;
  addLabel: string;
  rows: Row[];
  blank: Row;
  onChange(rows: Row[]): void;
  fields(row: Row, patch: (change: Partial<Row>) => void): ReactNode;
}) {
  const { t } = useTranslation();
  const patchAt = (index: number) => (change: Partial<Row>) =>
    props.onChange(props.rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        {props.title}
      </Text>
      {props.rows.map((row, index) => (
        <Group key={index} gap={6} wrap="nowrap">
          <Checkbox
            checked={row.done}
            onChange={(event) => patchAt(index)({ done: event.currentTarget.checked } as Partial<Row>)}
            aria-label={t('calendarUi.activities.done')}
          />
          {props.fields(row, patchAt(index))}
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={() => props.onChange(props.rows.filter((_, at) => at !== index))}
            aria-label={t('common.delete')}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconPlus size={14} />}
          onClick={() => props.onChange([...props.rows, { ...props.blank }])}
        >
          {props.addLabel}
        </Button>
      </Group>
    </Stack>
  );
}
