/**
 * Cadence settings of a group: the rules the gap report checks ("干货教程 每周 3 次 10:00-11:00"), the operations
 * guide's templates one click away, and the WeCom mass-send caps the plan is checked against.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Menu,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconChevronDown, IconPlus, IconTemplate, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import {
  cadencePeriods,
  describeWindow,
  type CadencePeriod,
  type CadenceRuleFields,
} from '../../../../shared/domain/calendar/cadence';
import { contentTypes, type ContentType } from '../../../../shared/domain/calendar/contentTypes';
import {
  allWeekdays,
  formatMinutes,
  parseMinutes,
  type Weekday,
} from '../../../../shared/domain/calendar/localTime';
import type { CadenceSettings } from '../../../../shared/domain/calendar/types';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { contentTypeLabel } from './calendarLabels';
import { GroupSelect } from './ItemForm';
import { WeekdayPicker } from './WeekdayPicker';

interface RuleRow {
  contentType: ContentType;
  period: CadencePeriod;
  timesPerPeriod: number | string;
  windowStart: string;
  windowEnd: string;
  weekdays: string[];
  lastDays: number | string;
  enabled: boolean;
}

type TemplateName = 'operations' | 'activities';

function rowOf(rule: CadenceRuleFields): RuleRow {
  return {
    contentType: rule.contentType,
    period: rule.period,
    timesPerPeriod: rule.timesPerPeriod,
    windowStart: formatMinutes(rule.windowStart),
    windowEnd: formatMinutes(rule.windowEnd),
    weekdays: rule.weekdays.map(String),
    lastDays: rule.lastDays ?? '',
    enabled: rule.enabled,
  };
}

const newRow: RuleRow = {
  contentType: 'tutorial',
  period: 'week',
  timesPerPeriod: 1,
  windowStart: '10:00',
  windowEnd: '11:00',
  weekdays: allWeekdays.map(String),
  lastDays: '',
  enabled: true,
};

/** "干货教程 每周 3 次 10:00-11:00" for the template previews. */
export function describeRule(t: TFunction, rule: CadenceRuleFields): string {
  const window = rule.windowStart === 0 && rule.windowEnd === 1440 ? '' : ` ${describeWindow(rule)}`;
  return `${contentTypeLabel(t, rule.contentType)} ${t('calendarUi.cadence.frequency', {
    period: t(`calendarUi.cadence.periods.${rule.period}`),
    count: rule.timesPerPeriod,
  })}${window}`;
}

export function CadenceModal(props: { opened: boolean; groupId: number | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size={1000}
      title={
        <Text fw={700} size="lg">
          {t('calendarUi.cadence.title')}
        </Text>
      }
      data-testid="cadence-modal"
    >
      <CadenceContent initialGroupId={props.groupId} />
    </Modal>
  );
}

function CadenceContent({ initialGroupId }: { initialGroupId: number | null }) {
  const { t } = useTranslation();
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const [chosen, setChosen] = useState<string | null>(
    initialGroupId === null ? null : String(initialGroupId),
  );
  const groupId = chosen ?? (groups?.[0] ? String(groups[0].id) : null);
  return (
    <Stack gap="lg">
      <Group gap="sm" align="flex-end">
        <GroupSelect
          label={t('calendarUi.editor.group')}
          value={groupId}
          onChange={(value) => value && setChosen(value)}
          w={260}
          testId="cadence-group"
        />
        <Text size="sm" c="dimmed" pb={6}>
          {t('calendarUi.cadence.subtitle')}
        </Text>
      </Group>
      {groupId === null ? (
        <Text c="dimmed">{t('calendarUi.noGroupsText')}</Text>
      ) : (
        <GroupCadence key={groupId} groupId={Number(groupId)} />
      )}
      <CapSettingsForm />
    </Stack>
  );
}

function GroupCadence({ groupId }: { groupId: number }) {
  const { data: settings } = useChannel('cadence.get', { groupId }, ['calendar']);
  if (!settings) return null;
  // A fresh table whenever the stored rules change (a template applied, a save).
  return <RulesTable key={JSON.stringify(settings.rules)} settings={settings} />;
}

function RulesTable({ settings }: { settings: CadenceSettings }) {
  const { t } = useTranslation();
  const { data: templates } = useChannel('cadence.templates', {});
  const [rows, setRows] = useState<RuleRow[]>(() => settings.rules.map(rowOf));
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (index: number, patch: Partial<RuleRow>) => {
    setRows((previous) => previous.map((row, at) => (at === index ? { ...row, ...patch } : row)));
    setDirty(true);
    setError(null);
  };

  const apply = async (template: TemplateName, mode: 'merge' | 'replace') => {
    setBusy(true);
    try {
      const result = await call('cadence.applyTemplate', { groupId: settings.groupId, template, mode });
      notifySuccess(
        t('calendarUi.cadence.applied', {
          template: t(`calendar.templates.${template}`),
          count: result.rules.length,
        }),
      );
    } catch (caught) {
      notifyError(caught);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const rules: CadenceRuleFields[] = [];
    for (const row of rows) {
      const windowStart = parseMinutes(row.windowStart);
      const windowEnd = parseMinutes(row.windowEnd);
      if (windowStart === null || windowEnd === null || windowEnd <= windowStart) {
        setError(t('calendarUi.cadence.badWindow', { type: contentTypeLabel(t, row.contentType) }));
        return;
      }
      if (row.weekdays.length === 0) {
        setError(t('calendarUi.cadence.noWeekdays', { type: contentTypeLabel(t, row.contentType) }));
        return;
      }
      rules.push({
        contentType: row.contentType,
        period: row.period,
        timesPerPeriod: typeof row.timesPerPeriod === 'number' ? row.timesPerPeriod : Number.NaN,
        windowStart,
        windowEnd,
        weekdays: row.weekdays.map((day) => Number(day) as Weekday).sort((a, b) => a - b),
        lastDays:
          (row.period === 'month' || row.period === 'quarter') && typeof row.lastDays === 'number'
            ? row.lastDays
            : null,
        enabled: row.enabled,
      });
    }
    setBusy(true);
    try {
      await call('cadence.update', { groupId: settings.groupId, rules });
      notifySuccess(t('calendarUi.cadence.saved', { group: settings.groupName }));
    } catch (caught) {
      notifyError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {t('calendarUi.cadence.zone', { offset: settings.utcOffset })}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconTemplate size={14} />}
            loading={busy}
            onClick={() => void apply('operations', 'merge')}
            data-testid="apply-operations-template"
          >
            {t('calendarUi.cadence.applyOperations')}
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="light" size="md" aria-label={t('calendarUi.cadence.moreTemplates')}>
                <IconChevronDown size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {(['operations', 'activities'] as const).map((template) => (
                <Menu.Sub key={template}>
                  <Menu.Sub.Target>
                    <Menu.Sub.Item>{t(`calendar.templates.${template}`)}</Menu.Sub.Item>
                  </Menu.Sub.Target>
                  <Menu.Sub.Dropdown>
                    <Menu.Item onClick={() => void apply(template, 'merge')}>
                      {t('calendarUi.cadence.merge')}
                    </Menu.Item>
                    <Menu.Item color="red" onClick={() => void apply(template, 'replace')}>
                      {t('calendarUi.cadence.replace')}
                    </Menu.Item>
                  </Menu.Sub.Dropdown>
                </Menu.Sub>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {templates && (
        <Text size="xs" c="dimmed">
          {t('calendarUi.cadence.templatePreview', {
            rules: templates.operations.map((rule) => describeRule(t, rule)).join('；'),
          })}
        </Text>
      )}
      <Paper withBorder>
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing={6} horizontalSpacing="sm" data-testid="cadence-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>{t('calendarUi.cadence.columns.type')}</Table.Th>
                <Table.Th w={190}>{t('calendarUi.cadence.columns.frequency')}</Table.Th>
                <Table.Th w={170}>{t('calendarUi.cadence.columns.window')}</Table.Th>
                <Table.Th>{t('calendarUi.cadence.columns.weekdays')}</Table.Th>
                <Table.Th w={60}>{t('calendarUi.cadence.columns.enabled')}</Table.Th>
                <Table.Th w={44} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed" ta="center" py="md">
                      {t('calendarUi.cadence.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((row, index) => (
                <Table.Tr key={index} data-testid="cadence-rule">
                  <Table.Td>
                    <Select
                      size="xs"
                      data={contentTypes.map((type) => ({ value: type, label: contentTypeLabel(t, type) }))}
                      value={row.contentType}
                      onChange={(value) => value && update(index, { contentType: value as ContentType })}
                      allowDeselect={false}
                      aria-label={t('calendarUi.cadence.columns.type')}
                      comboboxProps={{ withinPortal: true }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Select
                        size="xs"
                        w={86}
                        data={cadencePeriods.map((period) => ({
                          value: period,
                          label: t(`calendarUi.cadence.periods.${period}`),
                        }))}
                        value={row.period}
                        onChange={(value) => value && update(index, { period: value as CadencePeriod })}
                        allowDeselect={false}
                        aria-label={t('calendarUi.cadence.columns.frequency')}
                        comboboxProps={{ withinPortal: true }}
                      />
                      <NumberInput
                        size="xs"
                        w={92}
                        min={1}
                        max={48}
                        allowDecimal={false}
                        allowNegative={false}
                        suffix={` ${t('calendarUi.cadence.times')}`}
                        value={row.timesPerPeriod}
                        onChange={(value) => update(index, { timesPerPeriod: value })}
                        aria-label={t('calendarUi.cadence.timesLabel')}
                      />
                    </Group>
                    {(row.period === 'month' || row.period === 'quarter') && (
                      <NumberInput
                        mt={4}
                        size="xs"
                        w={182}
                        min={1}
                        max={92}
                        allowDecimal={false}
                        allowNegative={false}
                        placeholder={t('calendarUi.cadence.lastDaysPlaceholder')}
                        prefix={t('calendarUi.cadence.lastDaysPrefix')}
                        suffix={t('calendarUi.cadence.lastDaysSuffix')}
                        value={row.lastDays}
                        onChange={(value) => update(index, { lastDays: value })}
                        aria-label={t('calendarUi.cadence.lastDaysPlaceholder')}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <TextInput
                        size="xs"
                        w={68}
                        value={row.windowStart}
                        onChange={(event) => update(index, { windowStart: event.currentTarget.value })}
                        aria-label={t('calendarUi.cadence.windowStart')}
                        placeholder="HH:MM"
                      />
                      <Text size="xs">–</Text>
                      <TextInput
                        size="xs"
                        w={68}
                        value={row.windowEnd}
                        onChange={(event) => update(index, { windowEnd: event.currentTarget.value })}
                        aria-label={t('calendarUi.cadence.windowEnd')}
                        placeholder="HH:MM"
                      />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <WeekdayPicker
                      value={row.weekdays}
                      onChange={(value) => update(index, { weekdays: value })}
                      label={t('calendarUi.cadence.columns.weekdays')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      checked={row.enabled}
                      onChange={(event) => update(index, { enabled: event.currentTarget.checked })}
                      aria-label={t('calendarUi.cadence.columns.enabled')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={t('common.delete')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          setRows((previous) => previous.filter((_, at) => at !== index));
                          setDirty(true);
                        }}
                        aria-label={t('common.delete')}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <Group justify="space-between">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlus size={14} />}
          onClick={() => {
            setRows((previous) => [...previous, { ...newRow }]);
            setDirty(true);
          }}
        >
          {t('calendarUi.cadence.addRule')}
        </Button>
        <Button
          size="sm"
          disabled={!dirty}
          loading={busy}
          onClick={() => void save()}
          data-testid="save-cadence"
        >
          {t('calendarUi.cadence.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function CapSettingsForm() {
  const { t } = useTranslation();
  const { data: caps } = useChannel('calendar.caps', {}, ['calendar']);
  if (!caps) return null;
  return (
    <CapFields
      key={JSON.stringify(caps)}
      customer={caps.customerMassPerDay}
      group={caps.groupMassPerMonth}
      t={t}
    />
  );
}

function CapFields(props: { customer: number; group: number | null; t: TFunction }) {
  const { t } = props;
  const [customer, setCustomer] = useState<number | string>(props.customer);
  const [group, setGroup] = useState<number | string>(props.group ?? '');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await call('calendar.updateCaps', {
        customerMassPerDay: typeof customer === 'number' ? customer : Number.NaN,
        groupMassPerMonth: typeof group === 'number' ? group : null,
      });
      notifySuccess(t('calendarUi.caps.saved'));
    } catch (caught) {
      notifyError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Title order={5}>{t('calendarUi.caps.settingsTitle')}</Title>
      <Text size="xs" c="dimmed">
        {t('calendarUi.caps.settingsHint')}
      </Text>
      <Group gap="sm" align="flex-end">
        <NumberInput
          size="xs"
          w={220}
          label={t('calendarUi.caps.customerPerDay')}
          min={0}
          max={100}
          allowDecimal={false}
          allowNegative={false}
          value={customer}
          onChange={setCustomer}
        />
        <NumberInput
          size="xs"
          w={260}
          label={t('calendarUi.caps.groupPerMonth')}
          placeholder={t('calendarUi.caps.groupPerMonthDefault')}
          min={0}
          max={10000}
          allowDecimal={false}
          allowNegative={false}
          value={group}
          onChange={setGroup}
        />
        <Button size="xs" variant="light" loading={busy} onClick={() => void save()}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
