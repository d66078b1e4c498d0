/**
 * 发放积分: what an activity's check-ins earn members (per day, per rung of the reward ladder, for taking part), what
 * is still to write, the button that writes it to their ledgers, and per member what was written and which rungs
 * (the 7-day unlock) they reached. Participants checked in by name only earn nothing until linked to a member.
 */
import { Alert, Badge, Button, Center, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCoin, IconTrophy } from '@tabler/icons-react';
import { useState } from 'react';
import { call } from '../../api/client';
import type {
  Activity,
  ActivityPointsSummary,
  MemberPointsLine,
} from '../../../../shared/domain/calendar/types';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';

/** The rung the guide calls out (连续 7 天解锁): its badge stands out. */
const headlineRung = 7;

export function ActivityPointsPanel({ activity }: { activity: Activity }) {
  const { data: summary } = useChannel('activities.points', { id: activity.id }, ['activities', 'members']);
  if (!summary) {
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  return <PointsSummary summary={summary} />;
}

function PointsSummary({ summary }: { summary: ActivityPointsSummary }) {
  const { t, number, dateTime } = useFormat();
  const [issuing, setIssuing] = useState(false);
  const { pending } = summary;
  const somethingPending = pending.add + pending.reverse > 0;

  const issue = async () => {
    setIssuing(true);
    try {
      const result = await call('activities.issuePoints', { id: summary.activityId });
      notifySuccess(t('calendarUi.points.issued', { entries: result.entries, points: result.points }));
    } catch (error) {
      notifyError(error);
    } finally {
      setIssuing(false);
    }
  };

  const pendingText = somethingPending
    ? [
        t('calendarUi.points.pendingAdd', { count: pending.add, points: number(pending.addPoints) }),
        ...(pending.reverse > 0
          ? [
              t('calendarUi.points.pendingReverse', {
                count: pending.reverse,
                points: number(pending.reversePoints),
              }),
            ]
          : []),
      ].join(t('calendarUi.points.separator'))
    : summary.issuedAt
      ? t('calendarUi.points.upToDate')
      : t('calendarUi.points.nothingToIssue');

  return (
    <Stack gap="md" data-testid="points-panel">
      <Paper withBorder p="sm" radius="md">
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={2}>
              <Text fw={600} size="sm">
                {t('calendarUi.points.issueTitle')}
              </Text>
              <Text size="xs" c="dimmed" data-testid="points-status">
                {summary.issuedAt
                  ? t('calendarUi.points.issuedAt', { when: dateTime(summary.issuedAt) })
                  : t('calendarUi.points.notIssued')}
              </Text>
            </Stack>
            <Button
              size="xs"
              leftSection={<IconCoin size={14} />}
              loading={issuing}
              disabled={!somethingPending}
              onClick={() => void issue()}
              style={{ flexShrink: 0 }}
              data-testid="issue-points"
            >
              {t('calendarUi.points.issue')}
            </Button>
          </Group>
          <Text size="sm" data-testid="points-pending">
            {pendingText}
          </Text>
          <Text size="sm" c="dimmed" data-testid="points-written">
            {t('calendarUi.points.written', {
              entries: number(summary.entries),
              reversals: number(summary.reversals),
              points: number(summary.points),
            })}
          </Text>
          {summary.unlinked.length > 0 && (
            <Alert
              color="yellow"
              variant="light"
              p="xs"
              icon={<IconAlertTriangle size={16} />}
              data-testid="points-unlinked"
            >
              <Text size="xs">
                {t('calendarUi.points.unlinked', {
                  count: summary.unlinked.length,
                  names: summary.unlinked.map((participant) => participant.participant).join('、'),
                })}
              </Text>
            </Alert>
          )}
        </Stack>
      </Paper>

      <Stack gap={6}>
        <Text fw={600} size="sm">
          {t('calendarUi.points.perMember')}
        </Text>
        {summary.members.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('calendarUi.points.noMembers')}
          </Text>
        ) : (
          <Table layout="fixed" verticalSpacing={6} horizontalSpacing="xs" fz="xs" data-testid="points-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('calendarUi.points.columns.member')}</Table.Th>
                <Table.Th w={52} ta="right">
                  {t('calendarUi.points.columns.checkIns')}
                </Table.Th>
                <Table.Th w={52} ta="right">
                  {t('calendarUi.points.columns.rewards')}
                </Table.Th>
                <Table.Th w={52} ta="right">
                  {t('calendarUi.points.columns.participation')}
                </Table.Th>
                <Table.Th w={56} ta="right">
                  {t('calendarUi.points.columns.total')}
                </Table.Th>
                <Table.Th w={52} ta="right">
                  {t('calendarUi.points.columns.entries')}
                </Table.Th>
                <Table.Th w={136}>{t('calendarUi.points.columns.unlocked')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.members.map((line) => (
                <MemberLine key={line.memberId} line={line} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

function MemberLine({ line }: { line: MemberPointsLine }) {
  const { number } = useFormat();
  return (
    <Table.Tr data-testid="points-row" data-member={line.displayName}>
      <Table.Td>
        <Text size="xs" fw={600} truncate>
          {line.displayName}
        </Text>
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(line.checkInPoints)}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(line.streakPoints)}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(line.participationPoints)}
      </Table.Td>
      <Table.Td ta="right" className="tabular" fw={700} data-testid="points-total">
        {number(line.total)}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(line.entries)}
      </Table.Td>
      <Table.Td>
        <UnlockedRewards unlocked={line.unlocked} testId="points-unlock" />
      </Table.Td>
    </Table.Tr>
  );
}

/** The rungs a streak reached, the 7-day unlock standing out; a dash when none. */
export function UnlockedRewards(props: {
  unlocked: readonly { threshold: number; on: string }[];
  testId: string;
}) {
  const { t } = useFormat();
  return (
    <Group gap={4}>
      {props.unlocked.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('common.none')}
        </Text>
      ) : (
        props.unlocked.map((unlock) => (
          <Badge
            key={`${unlock.threshold}:${unlock.on}`}
            size="sm"
            radius="sm"
            color="pink"
            variant={unlock.threshold === headlineRung ? 'filled' : 'light'}
            leftSection={unlock.threshold === headlineRung ? <IconTrophy size={10} /> : undefined}
            title={unlock.on}
            data-testid={props.testId}
          >
            {t('calendarUi.checkins.days', { count: unlock.threshold })}
          </Badge>
        ))
      )}
    </Group>
  );
}
