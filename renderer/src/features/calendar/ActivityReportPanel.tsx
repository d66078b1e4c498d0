/**
 * 活动复盘: the post-event report of an activity (participants, new joiners, messages during against the same time
 * before, conversions and cost per participant), the results the operator enters, and the other activities of
 * the same kind side by side.
 */
import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconDeviceFloppy } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { formatMinutes, toLocal } from '../../../../shared/domain/calendar/localTime';
import type { Activity, ActivityReport, ActivityReportRow } from '../../../../shared/domain/calendar/types';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { formatLocalDate } from './calendarDates';

function yuan(cents: number | null, locale: string): string {
  if (cents === null) return '—';
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
  }).format(cents / 100);
}

function percent(ratio: number | null, locale: string, signed = false): string {
  if (ratio === null) return '—';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
  }).format(ratio);
}

function Stat(props: { label: string; value: ReactNode; hint?: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={props.testId}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} size="xl" className="tabular" lh={1.3}>
        {props.value}
      </Text>
      {props.hint && (
        <Text size="xs" c="dimmed" mt={2}>
          {props.hint}
        </Text>
      )}
    </Paper>
  );
}

/** The windows compared, on the group's clock: "11月20日 20:00 – 22:00", the end's date only when it differs. */
function windowText(t: TFunction, report: ActivityReport, locale: string): string {
  const offset = report.activity.utcOffsetMinutes;
  const span = (startIso: string, endIso: string) => {
    const start = toLocal(Date.parse(startIso), offset);
    const end = toLocal(Date.parse(endIso), offset);
    const day = (date: string) => formatLocalDate(date, locale, { month: 'short', day: 'numeric' });
    const endText =
      end.date === start.date ? formatMinutes(end.minutes) : `${day(end.date)} ${formatMinutes(end.minutes)}`;
    return `${day(start.date)} ${formatMinutes(start.minutes)} – ${endText}`;
  };
  return t('calendarUi.report.window', {
    during: span(report.window.startsAt, report.window.endsAt),
    before: span(report.window.beforeStartsAt, report.window.startsAt),
  });
}

export function ActivityReportPanel({ activity }: { activity: Activity }) {
  const { data: report } = useChannel('activities.report', { id: activity.id }, [
    'activities',
    'messages',
    'members',
  ]);
  if (!report) {
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  return <ReportView report={report} />;
}

function ReportView({ report }: { report: ActivityReport }) {
  const { t, i18n } = useTranslation();
  const { number } = useFormat();
  const locale = i18n.language;
  const { row } = report;
  const change = row.messageChange;
  return (
    <Stack gap="md" data-testid="activity-report">
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {windowText(t, report, locale)}
        </Text>
        {row.state !== 'over' && (
          <Badge size="sm" variant="light" color={row.state === 'ongoing' ? 'blue' : 'gray'} radius="sm">
            {t(`calendarUi.report.states.${row.state}`)}
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={3} spacing="sm">
        <Stat
          label={t('calendarUi.report.participants')}
          value={number(row.participants)}
          hint={t(`calendar.report.sources.${row.participantsSource}`)}
          testId="report-participants"
        />
        <Stat
          label={t('calendarUi.report.newJoiners')}
          value={number(row.newJoiners)}
          testId="report-joiners"
        />
        <Stat
          label={t('calendarUi.report.messages')}
          value={
            <Group gap={6} wrap="nowrap" align="baseline">
              <span>{number(row.messagesDuring)}</span>
              {change !== null && (
                <Text
                  span
                  size="sm"
                  fw={600}
                  c={change >= 0 ? 'teal' : 'red'}
                  style={{ display: 'inline-flex', alignItems: 'center' }}
                >
                  {change >= 0 ? <IconArrowUpRight size={14} /> : <IconArrowDownRight size={14} />}
                  {percent(change, locale, true)}
                </Text>
              )}
            </Group>
          }
          hint={t('calendarUi.report.messagesBefore', { count: row.messagesBefore })}
          testId="report-messages"
        />
        <Stat
          label={t('calendarUi.report.conversions')}
          value={row.conversions === null ? '—' : number(row.conversions)}
          hint={t('calendarUi.report.conversionRate', { rate: percent(row.conversionRate, locale) })}
          testId="report-conversions"
        />
        <Stat
          label={t('calendarUi.report.cost')}
          value={yuan(row.costCents, locale)}
          hint={
            row.costSource === null
              ? t('calendar.report.notEntered')
              : t(`calendar.report.costSources.${row.costSource}`)
          }
          testId="report-cost"
        />
        <Stat
          label={t('calendarUi.report.costPerParticipant')}
          value={yuan(row.costPerParticipantCents, locale)}
          hint={t('calendarUi.report.costPerConversion', { cost: yuan(row.costPerConversionCents, locale) })}
          testId="report-cost-per-participant"
        />
      </SimpleGrid>
      <ResultsForm key={report.activity.updatedAt} activity={report.activity} />
      <SameKindTable report={report} />
    </Stack>
  );
}

/** The operator's numbers: a head count when people were not checked in one by one, conversions, money spent. */
function ResultsForm({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const [participants, setParticipants] = useState<number | string>(activity.participantsEntered ?? '');
  const [conversions, setConversions] = useState<number | string>(activity.conversions ?? '');
  const [spent, setSpent] = useState<number | string>(
    activity.spentCents === null ? '' : activity.spentCents / 100,
  );
  const [saving, setSaving] = useState(false);
  const count = (value: number | string) => (typeof value === 'number' ? value : null);
  const save = async () => {
    setSaving(true);
    try {
      await call('activities.recordResults', {
        id: activity.id,
        participantsEntered: count(participants),
        conversions: count(conversions),
        spentCents: typeof spent === 'number' ? Math.round(spent * 100) : null,
      });
      notifySuccess(t('calendarUi.report.saved'));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('calendarUi.report.resultsTitle')}
        </Text>
        <SimpleGrid cols={3} spacing="sm">
          <NumberInput
            inputWrapperOrder={['label', 'input', 'description']}
            size="xs"
            label={t('calendarUi.report.fields.participants')}
            description={t('calendarUi.report.fields.participantsHint')}
            allowDecimal={false}
            allowNegative={false}
            value={participants}
            onChange={setParticipants}
            data-testid="results-participants"
          />
          <NumberInput
            inputWrapperOrder={['label', 'input', 'description']}
            size="xs"
            label={t('calendarUi.report.fields.conversions')}
            description={t('calendarUi.report.fields.conversionsHint')}
            allowDecimal={false}
            allowNegative={false}
            value={conversions}
            onChange={setConversions}
            data-testid="results-conversions"
          />
          <NumberInput
            inputWrapperOrder={['label', 'input', 'description']}
            size="xs"
            label={t('calendarUi.report.fields.spent')}
            description={t('calendarUi.report.fields.spentHint', {
              budget: (activity.budgetCents / 100).toFixed(2),
            })}
            prefix="¥ "
            decimalScale={2}
            allowNegative={false}
            thousandSeparator=","
            value={spent}
            onChange={setSpent}
            data-testid="results-spent"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button
            size="xs"
            leftSection={<IconDeviceFloppy size={14} />}
            loading={saving}
            onClick={() => void save()}
            data-testid="save-results"
          >
            {t('calendarUi.report.saveResults')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function SameKindTable({ report }: { report: ActivityReport }) {
  const { t, i18n } = useTranslation();
  const { number } = useFormat();
  const locale = i18n.language;
  const rows: ActivityReportRow[] = report.sameKind;
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        {t('calendarUi.report.sameKind', { kind: t(`calendar.contentTypes.${report.activity.kind}`) })}
      </Text>
      {rows.length < 2 && (
        <Text size="xs" c="dimmed">
          {t('calendarUi.report.onlyOne')}
        </Text>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table
          layout="fixed"
          verticalSpacing={6}
          horizontalSpacing="xs"
          fz="xs"
          data-testid="same-kind-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('calendarUi.report.columns.activity')}</Table.Th>
              <Table.Th w={58} ta="right">
                {t('calendarUi.report.columns.participants')}
              </Table.Th>
              <Table.Th w={58} ta="right">
                {t('calendarUi.report.columns.joiners')}
              </Table.Th>
              <Table.Th w={92} ta="right">
                {t('calendarUi.report.columns.messages')}
              </Table.Th>
              <Table.Th w={70} ta="right">
                {t('calendarUi.report.columns.conversionRate')}
              </Table.Th>
              <Table.Th w={84} ta="right">
                {t('calendarUi.report.columns.costPerParticipant')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr
                key={row.activityId}
                bg={row.activityId === report.activity.id ? 'var(--mantine-primary-color-light)' : undefined}
                data-testid="same-kind-row"
                data-current={row.activityId === report.activity.id || undefined}
              >
                <Table.Td>
                  <Text size="xs" fw={600} truncate>
                    {row.title}
                  </Text>
                  <Text size="10px" c="dimmed" truncate>
                    {formatLocalDate(row.localDate, locale, {
                      year: 'numeric',
                      month: 'short',
                      day: 'numeric',
                    })}{' '}
                    · {row.groupName}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {number(row.participants)}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {number(row.newJoiners)}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {number(row.messagesDuring)} / {number(row.messagesBefore)}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {percent(row.conversionRate, locale)}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {yuan(row.costPerParticipantCents, locale)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
