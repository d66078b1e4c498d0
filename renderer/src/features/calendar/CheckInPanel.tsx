/**
 * Check-ins of an activity: record who checked in on a day (typed, or a pasted 接龙 list, one name a line), or find
 * them in the group's imported messages by keyword (previewed before recording); the streaks per participant with
 * the rewards their run has unlocked (连续 7 天解锁), and a way to link a name to a member so it earns points.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Popover,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { IconCalendarCheck, IconFlame, IconLink, IconMessageSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { maxCheckInKeywordLength } from '../../../../shared/domain/calendar/activityPoints';
import { toLocal, type LocalDate } from '../../../../shared/domain/calendar/localTime';
import type {
  Activity,
  MessageCheckInResult,
  ParticipantStreak,
} from '../../../../shared/domain/calendar/types';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { UnlockedRewards } from './ActivityPointsPanel';
import { instantAt, todayLocal } from './calendarDates';
import { DateField } from '../../ui/DateField';

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
            <DateField
              label={t('calendarUi.checkins.date')}
              value={date}
              min={days.from}
              max={days.to}
              clearable={false}
              onChange={setDate}
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

      <MessageImport key={activity.checkInKeyword} activity={activity} />

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
                <StreakRow
                  key={`${row.memberId ?? ''}:${row.participant}`}
                  row={row}
                  activityId={activity.id}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

/**
 * 从群消息导入: the activity's keyword (or another) looked up in the group's messages inside its window; the counts
 * come first (a dry run), recording adds only the days not recorded yet.
 */
function MessageImport({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState(activity.checkInKeyword);
  const [preview, setPreview] = useState<MessageCheckInResult | null>(null);
  const [busy, setBusy] = useState<'scan' | 'record' | null>(null);
  const trimmed = keyword.trim();

  const run = async (dryRun: boolean) => {
    setBusy(dryRun ? 'scan' : 'record');
    try {
      const result = await call('checkins.fromMessages', {
        activityId: activity.id,
        keyword: trimmed,
        dryRun,
      });
      if (dryRun) setPreview(result);
      else {
        notifySuccess(t('calendarUi.checkins.fromMessages.recorded', { count: result.added }));
        setPreview(null);
      }
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder p="sm" data-testid="message-import">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('calendarUi.checkins.fromMessages.title')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('calendarUi.checkins.fromMessages.hint')}
        </Text>
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <TextInput
            size="xs"
            w={200}
            label={t('calendarUi.checkins.fromMessages.keyword')}
            maxLength={maxCheckInKeywordLength}
            value={keyword}
            onChange={(event) => {
              setKeyword(event.currentTarget.value);
              setPreview(null);
            }}
            data-testid="import-keyword"
          />
          <Button
            size="xs"
            variant="default"
            leftSection={<IconMessageSearch size={14} />}
            disabled={trimmed === ''}
            loading={busy === 'scan'}
            onClick={() => void run(true)}
            data-testid="scan-messages"
          >
            {t('calendarUi.checkins.fromMessages.scan')}
          </Button>
        </Group>
        {preview && (
          <Stack gap={6}>
            <Stack gap={2}>
              <Text size="sm" data-testid="import-preview">
                {t('calendarUi.checkins.fromMessages.preview', {
                  keyword: preview.keyword,
                  messages: preview.messages,
                  found: preview.found,
                  recorded: preview.alreadyRecorded,
                  toAdd: preview.toAdd,
                })}
              </Text>
              {preview.unlinked > 0 && (
                <Text size="xs" c="orange">
                  {t('calendarUi.checkins.fromMessages.unlinked', { count: preview.unlinked })}
                </Text>
              )}
            </Stack>
            <Group justify="flex-end">
              <Button
                size="xs"
                leftSection={<IconCalendarCheck size={14} />}
                disabled={preview.toAdd === 0}
                loading={busy === 'record'}
                onClick={() => void run(false)}
                data-testid="import-checkins"
              >
                {t('calendarUi.checkins.fromMessages.record', { count: preview.toAdd })}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** Links a name to a member picked by search (name, pinyin, initials; members.list `query`). */
function LinkMember({ activityId, participant }: { activityId: number; participant: string }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" withinPortal trapFocus shadow="md">
      <Popover.Target>
        <Tooltip label={t('calendarUi.checkins.link.action')}>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="orange"
            aria-label={t('calendarUi.checkins.link.action')}
            onClick={() => setOpened((open) => !open)}
            data-testid="link-member"
          >
            <IconLink size={14} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown w={260} data-testid="link-member-dropdown">
        {opened && (
          <MemberSearch
            participant={participant}
            onPick={async (memberId) => {
              try {
                const { linked } = await call('checkins.link', { activityId, participant, memberId });
                notifySuccess(t('calendarUi.checkins.link.linked', { participant, count: linked }));
                setOpened(false);
              } catch (error) {
                notifyError(error);
              }
            }}
          />
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

const memberSearchLimit = 20;

function MemberSearch(props: { participant: string; onPick(memberId: number): Promise<void> }) {
  const { t } = useTranslation();
  // Starts from the name as entered: the member is often already called that.
  const [search, setSearch] = useState(props.participant);
  const query = search.trim();
  const { data: members } = useChannel(
    'members.list',
    { ...(query ? { query } : {}), sort: 'name', limit: memberSearchLimit },
    ['members'],
  );
  return (
    <Select
      size="xs"
      label={t('calendarUi.checkins.link.label', { participant: props.participant })}
      placeholder={t('calendarUi.checkins.link.placeholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The backend already matched names, pinyin and initials: show its answer as it is.
      filter={({ options }) => options}
      data={(members?.rows ?? []).map((member) => ({
        value: String(member.id),
        label:
          member.groupNames.length > 0
            ? `${member.displayName}（${member.groupNames.join('、')}）`
            : member.displayName,
      }))}
      nothingFoundMessage={t('calendarUi.checkins.link.none')}
      onChange={(value) => {
        if (value) void props.onPick(Number(value));
      }}
      comboboxProps={{ withinPortal: false }}
      data-testid="link-member-search"
    />
  );
}

function StreakRow({ row, activityId }: { row: ParticipantStreak; activityId: number }) {
  const { t } = useTranslation();
  const progress =
    row.nextThreshold !== null && row.nextThreshold > 0 ? (row.current / row.nextThreshold) * 100 : 100;
  return (
    <Table.Tr data-testid="streak-row" data-participant={row.participant}>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" truncate>
            {row.participant}
          </Text>
          {row.memberId === null && <LinkMember activityId={activityId} participant={row.participant} />}
        </Group>
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
        <UnlockedRewards unlocked={row.unlocked} testId="streak-unlock" />
      </Table.Td>
    </Table.Tr>
  );
}
