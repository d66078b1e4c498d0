/**
 * 演练: start a drill, pick up a running one, the monthly-drill overview (the operations guide asks every admin
 * to drill once a month; overdue participants come first) and the history per participant.
 */
import { Alert, Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconAlarm, IconSchool } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { EmptyState } from '../../ui/EmptyState';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { crisisPaths } from './paths';
import { scoreColor } from './ScoreCard';
import { StartDrillModal } from './StartDrillModal';
import type { PlaybookCatalog } from './usePlaybooks';

const monthlyIntervalDays = 30;

/** Scores over time as a small line; a trend needs at least two points. */
function Sparkline({ values }: { values: number[] }) {
  if (values.length < 2) return null;
  const width = 96;
  const height = 24;
  const step = width / (values.length - 1);
  const points = values.map(
    (value, index) => `${(index * step).toFixed(1)},${(height - (value / 100) * height).toFixed(1)}`,
  );
  return (
    <svg width={width} height={height} role="img" aria-label={values.join(', ')} style={{ display: 'block' }}>
      <polyline
        points={points.join(' ')}
        fill="none"
        stroke="var(--mantine-primary-color-filled)"
        strokeWidth={1.8}
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function DrillsTab({ catalog }: { catalog: PlaybookCatalog }) {
  const { t } = useTranslation();
  const { relative, dateTime, number } = useFormat();
  const [starting, setStarting] = useState(false);
  const [participant, setParticipant] = useState<string | null>(null);
  const { data: overview } = useChannel('drills.overview', { intervalDays: monthlyIntervalDays }, ['crisis']);
  const { data: running } = useChannel('drills.list', { status: 'running', limit: 50 }, ['crisis']);
  const { data: history } = useChannel(
    'drills.list',
    { ...(participant ? { participant } : {}), limit: 200 },
    ['crisis'],
  );
  const participants = overview?.participants ?? [];
  const overdue = participants.filter((row) => row.overdue);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: 1, minWidth: 260 }}>
          {t('crisisUi.drills.intro', { days: monthlyIntervalDays })}
        </Text>
        <Button
          leftSection={<IconSchool size={16} />}
          onClick={() => setStarting(true)}
          data-testid="new-drill"
        >
          {t('crisisUi.drills.start')}
        </Button>
      </Group>

      {running && running.rows.length > 0 && (
        <Paper withBorder radius="md" p="md" data-testid="running-drills">
          <Text fw={600} size="sm" mb="xs">
            {t('crisisUi.drills.running')}
          </Text>
          <Stack gap={6}>
            {running.rows.map((drill) => (
              <Group key={drill.id} justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm" truncate>
                  {drill.participant} · {drill.scenarioTitle} · {drill.playbookName}
                </Text>
                <Group gap="sm" wrap="nowrap">
                  <Text size="xs" c="dimmed">
                    {relative(drill.startedAt)}
                  </Text>
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => navigate(crisisPaths.drill(drill.id))}
                  >
                    {t('crisisUi.drills.continue')}
                  </Button>
                </Group>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}

      {overdue.length > 0 && (
        <Alert color="orange" icon={<IconAlarm size={18} />} data-testid="drills-overdue">
          {t('crisisUi.drills.overdueAlert', {
            names: overdue.map((row) => row.participant).join('、'),
            days: monthlyIntervalDays,
          })}
        </Alert>
      )}

      <Paper withBorder radius="md">
        <Text fw={600} size="sm" px="md" pt="md">
          {t('crisisUi.drills.overview')}
        </Text>
        {participants.length === 0 ? (
          <EmptyState
            icon={<IconSchool size={32} />}
            title={t('crisisUi.drills.emptyTitle')}
            text={t('crisisUi.drills.emptyText')}
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="drill-overview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crisisUi.drills.columns.participant')}</Table.Th>
                  <Table.Th w={90} ta="right">
                    {t('crisisUi.drills.columns.drills')}
                  </Table.Th>
                  <Table.Th w={130}>{t('crisisUi.drills.columns.last')}</Table.Th>
                  <Table.Th w={90} ta="right">
                    {t('crisisUi.drills.columns.lastScore')}
                  </Table.Th>
                  <Table.Th w={90} ta="right">
                    {t('crisisUi.drills.columns.average')}
                  </Table.Th>
                  <Table.Th w={120}>{t('crisisUi.drills.columns.trend')}</Table.Th>
                  <Table.Th w={180}>{t('crisisUi.drills.columns.monthly')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {participants.map((row) => (
                  <Table.Tr
                    key={row.participant}
                    data-testid="overview-row"
                    data-overdue={row.overdue ? 'true' : 'false'}
                  >
                    <Table.Td>
                      <Text size="sm" fw={600} truncate>
                        {row.participant}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {number(row.finished)} / {number(row.drills)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{relative(row.lastStartedAt)}</Text>
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {row.lastScore ?? '—'}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {row.averageScore ?? '—'}
                    </Table.Td>
                    <Table.Td>
                      <Sparkline values={row.trend} />
                    </Table.Td>
                    <Table.Td>
                      {row.overdue ? (
                        <Badge color="orange" variant="filled">
                          {t('crisisUi.drills.overdue', { days: row.daysSinceLast })}
                        </Badge>
                      ) : (
                        <Badge color="teal" variant="light">
                          {t('crisisUi.drills.upToDate')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <Paper withBorder radius="md">
        <Group justify="space-between" px="md" pt="md" wrap="wrap" gap="sm">
          <Text fw={600} size="sm">
            {t('crisisUi.drills.history')}
          </Text>
          <Select
            size="xs"
            w={200}
            clearable
            placeholder={t('crisisUi.drills.allParticipants')}
            data={participants.map((row) => row.participant)}
            value={participant}
            onChange={setParticipant}
            aria-label={t('crisisUi.drills.columns.participant')}
            data-testid="history-participant"
          />
        </Group>
        {history && history.rows.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            {t('crisisUi.drills.noHistory')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table
              layout="fixed"
              verticalSpacing="xs"
              horizontalSpacing="md"
              highlightOnHover
              data-testid="drill-history"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={170}>{t('crisisUi.drills.columns.started')}</Table.Th>
                  <Table.Th w={120}>{t('crisisUi.drills.columns.participant')}</Table.Th>
                  <Table.Th>{t('crisisUi.drills.columns.scenario')}</Table.Th>
                  <Table.Th w={120}>{t('crisis.report.status')}</Table.Th>
                  <Table.Th w={80} ta="right">
                    {t('crisisUi.drills.columns.score')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(history?.rows ?? []).map((drill) => (
                  <Table.Tr
                    key={drill.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate(crisisPaths.drill(drill.id))}
                    data-testid="history-row"
                  >
                    <Table.Td className="tabular">{dateTime(drill.startedAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate>
                        {drill.participant}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate>
                        {drill.scenarioTitle}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {drill.playbookName} ·{' '}
                        {t('crisisUi.versionShort', { version: drill.playbookVersion })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={drill.status === 'running' ? 'blue' : 'gray'} variant="light">
                        {drill.status === 'running'
                          ? t('crisisUi.drill.running')
                          : t('crisisUi.drill.finished')}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      {drill.score === null ? (
                        '—'
                      ) : (
                        <Badge color={scoreColor(drill.score)} variant="light" className="tabular">
                          {drill.score}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <StartDrillModal
        opened={starting}
        playbookId={null}
        catalog={catalog}
        onClose={() => setStarting(false)}
      />
    </Stack>
  );
}
