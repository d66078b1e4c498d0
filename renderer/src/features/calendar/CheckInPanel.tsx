/**
 * Check-ins of a challenge: record who checked in on a day (typed, or a pasted 接龙 list, one name a line), and the
 * streaks per participant with the rewards their run has unlocked (连续 7 天解锁).
 */
import {
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconCalendarCheck, IconFlame } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { toLocal, type LocalDate } from '../../../../shared/domain/calendar/localTime';
import type { Activity, ParticipantStreak } from '../../../../shared/domain/calendar/types';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { instantAt, todayLocal } from './calendarDates';

/** Names from a pasted list: "1. 小王" / "2、小李 打卡" / "小张" → 小王, 小李 打卡, 小张 (blank lines and repeats dropped). */
export function participantsOf(text: string): string[] {
  const names = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\d+\s*[.、)）:：]\s*/, '').trim())
    .filter((line) => line.length > 0);
  return [...new Set(names)];
}

/** A check-in counts for its day; noon keeps it inside that day in any nearby zone and makes repeats collide. */
const checkInTime = '12:00';

function activityDays(activity: Activity): { from: LocalDate; to: LocalDate } {
  return {
    from: activity.localDate,
    to: toLocal(Date.parse(activity.endsAt), activity.utcOffsetMinutes).date,
  };
}

export function CheckInPanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const days = activityDays(activity);
  const today = todayLocal();
  const [date, setDate] = useState<LocalDate>(
    today < days.from ? days.from : today > days.to ? days.to : today,
  );
  const [names, setNames] = useState('');
  const [busy, setBusy] = useState(false);
  const { data: report } = useChannel('checkins.streaks', { activityId: activity.id }, ['activities']);
  const participants = participantsOf(names);

  const record = async () => {
    setBusy(true);
    try {
      const at = instantAt(date, checkInTime, activity.utcOffsetMinutes);
      const result = await call('checkins.record', {
        activityId: activity.id,
        source: participants.length > 1 ? 'paste' : 'manual',
        entries: participants.map((participant) => ({ participant, at })),
      });
      notifySuccess(
        t('calendarUi.checkins.recorded', { added: result.added, duplicates: result.duplicates }),
      );
      setNames('');
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const rows = [...(report?.participants ?? [])].sort(
    (a, b) => b.current - a.current || b.longest - a.longest || a.participant.localeCompare(b.participant),
  );

  return (
    <Stack gap="md" data-testid="checkin-panel">
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <TextInput
              type="date"
              label={t('calendarUi.checkins.date')}
              value={date}
              min={days.from}
              max={days.to}
              onChange={(event) => setDate(event.currentTarget.value)}
              w={170}
              data-testid="checkin-date"
            />
            <Text size="xs" c="dimmed" pb={8}>
              {t('calendarUi.checkins.window', days)}
            </Text>
          </Group>
          <Textarea
            label={t('calendarUi.checkins.names')}
            description={t('calendarUi.checkins.namesHint')}
            autosize
            minRows={3}
            maxRows={10}
            value={names}
            onChange={(event) => setNames(event.currentTarget.value)}
            data-testid="checkin-names"
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('calendarUi.checkins.parsed', { count: participants.length })}
            </Text>
            <Button
              size="xs"
              leftSection={<IconCalendarCheck size={14} />}
              disabled={participants.length === 0}
              loading={busy}
              onClick={() => void record()}
              data-testid="record-checkins"
            >
              {t('calendarUi.checkins.record')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Stack gap={6}>
        <Group justify="space-between">
          <Text fw={600}>{t('calendarUi.checkins.streaks')}</Text>
          {report && (
            <Group gap={4}>
              <Text size="xs" c="dimmed">
                {t('calendarUi.checkins.ladder')}
              </Text>
              {report.rewardLadder.map((rung) => (
                <Badge key={rung} size="sm" variant="outline" radius="sm" color="pink">
                  {t('calendarUi.checkins.days', { count: rung })}
                </Badge>
              ))}
            </Group>
          )}
        </Group>
        {report && (
          <Text size="xs" c="dimmed">
            {t('calendarUi.checkins.asOf', { date: report.asOf })}
          </Text>
        )}
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('calendarUi.checkins.none')}
          </Text>
        ) : (
          <Table layout="fixed" verticalSpacing={6} horizontalSpacing="sm" data-testid="streaks-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('calendarUi.checkins.columns.participant')}</Table.Th>
                <Table.Th w={190}>{t('calendarUi.checkins.columns.current')}</Table.Th>
                <Table.Th w={64}>{t('calendarUi.checkins.columns.longest')}</Table.Th>
                <Table.Th w={84}>{t('calendarUi.checkins.columns.days')}</Table.Th>
                <Table.Th w={130}>{t('calendarUi.checkins.columns.unlocked')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <StreakRow key={`${row.memberId ?? ''}:${row.participant}`} row={row} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

function StreakRow({ row }: { row: ParticipantStreak }) {
  const { t } = useTranslation();
  const progress =
    row.nextThreshold !== null && row.nextThreshold > 0 ? (row.current / row.nextThreshold) * 100 : 100;
  return (
    <Table.Tr data-testid="streak-row" data-participant={row.participant}>
      <Table.Td>
        <Text size="sm" truncate>
          {row.participant}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Group gap={4} wrap="nowrap">
            {row.current > 0 && <IconFlame size={14} color="var(--mantine-color-orange-filled)" />}
            <Text size="sm" className="tabular" data-testid="streak-current">
              {t('calendarUi.checkins.days', { count: row.current })}
            </Text>
          </Group>
          {row.nextThreshold !== null && (
            <>
              <Progress value={progress} size={4} color="pink" />
              <Text size="10px" c="dimmed">
                {t('calendarUi.checkins.toNext', { count: row.daysToNext ?? 0, rung: row.nextThreshold })}
              </Text>
            </>
          )}
        </Stack>
      </Table.Td>
      <Table.Td className="tabular">{row.longest}</Table.Td>
      <Table.Td className="tabular">{row.checkInDays}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {row.unlocked.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t('common.none')}
            </Text>
          ) : (
            row.unlocked.map((unlock) => (
              <Badge
                key={`${unlock.threshold}:${unlock.on}`}
                size="sm"
                color="pink"
                radius="sm"
                title={unlock.on}
              >
                {t('calendarUi.checkins.days', { count: unlock.threshold })}
              </Badge>
            ))
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
