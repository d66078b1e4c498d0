/**
 * 健康度: the operations guide's monitoring table made visible. Health cards per group lead the page (status,
 * trend against the previous equal period, what changed); below them the charts for the chosen group (or all
 * groups) and range. Everything comes from SQL aggregates through `call()`.
 */
import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconHeartbeat } from '@tabler/icons-react';
import { useState } from 'react';
import { seriesIds } from '../../../../shared/domain/health/metrics';
import { EmptyState, GoHomeButton } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useChannel } from '../../ui/useChannel';
import { CohortTable } from './CohortTable';
import { HealthCards } from './HealthCards';
import { Heatmap } from './Heatmap';
import { rangeChoices, useHealthFormat, type RangeChoice } from './healthFormat';
import { healthEntities } from './parts';
import { SeriesChart } from './SeriesChart';
import { ThresholdsModal } from './ThresholdsModal';
import { ActiveDays, KindMix, TopMembers, TopWords } from './TopLists';

/** Months of join cohorts shown: enough to see a quarter's cohorts age. */
const cohortMonths = 6;

export function HealthPage() {
  const { t } = useHealthFormat();
  const [days, setDays] = useState<RangeChoice>(30);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [thresholdsOpen, setThresholdsOpen] = useState(false);
  const { data: overview } = useChannel('health.overview', { days }, healthEntities);
  const groupInput = groupId === null ? {} : { groupId };
  const { data: heatmap } = useChannel('health.heatmap', { ...groupInput, days }, healthEntities);
  const { data: cohorts } = useChannel(
    'health.cohorts',
    { ...groupInput, months: cohortMonths },
    healthEntities,
  );
  const { data: top } = useChannel('health.top', { ...groupInput, days, limit: 10 }, healthEntities);

  if (overview && overview.cards.length === 0) {
    return (
      <Stack>
        <PageHeader title={t('health.title')} />
        <EmptyState
          icon={<IconHeartbeat size={32} />}
          title={t('health.emptyTitle')}
          text={t('health.emptyText')}
          actions={<GoHomeButton />}
        />
      </Stack>
    );
  }

  const groups = (overview?.cards ?? []).map((card) => ({ id: card.groupId, name: card.groupName }));
  const subtitle = overview
    ? [
        t('health.subtitle', { from: overview.range.from, to: overview.range.to, days: overview.range.days }),
        overview.dataEndsOn ? t('health.dataEndsOn', { date: overview.dataEndsOn }) : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : undefined;

  return (
    <Stack gap="lg" data-testid="health-page">
      <PageHeader
        mb={0}
        title={t('health.title')}
        subtitle={subtitle}
        actions={
          <>
            <Select
              w={200}
              placeholder={t('common.allGroups')}
              clearable
              data={groups.map((group) => ({ value: String(group.id), label: group.name }))}
              value={groupId === null ? null : String(groupId)}
              onChange={(value) => setGroupId(value === null ? null : Number(value))}
              aria-label={t('health.groupSelect')}
              data-testid="health-group"
              comboboxProps={{ withinPortal: true }}
            />
            <SegmentedControl
              value={String(days)}
              onChange={(value) => setDays(Number(value) as RangeChoice)}
              data={rangeChoices.map((choice) => ({
                value: String(choice),
                label: t(`health.range.days${choice}`),
              }))}
              data-testid="health-range"
            />
            <Button
              variant="default"
              leftSection={<IconAdjustmentsHorizontal size={16} />}
              onClick={() => setThresholdsOpen(true)}
              data-testid="open-thresholds"
            >
              {t('health.thresholds.open')}
            </Button>
          </>
        }
      />

      <HealthCards cards={overview?.cards} groupId={groupId} onSelect={setGroupId} />

      <Group justify="space-between" align="flex-end" mt="sm">
        <Title order={4}>
          {t('health.sections.trends')}
          {groupId !== null && (
            <Text span c="dimmed" fw={400} ml="xs" size="sm">
              {groups.find((group) => group.id === groupId)?.name}
            </Text>
          )}
        </Title>
        <Text size="xs" c="dimmed">
          {t('health.zoneNote')}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {seriesIds.map((series) => (
          <SeriesChart key={series} series={series} groupId={groupId} days={days} />
        ))}
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Heatmap report={heatmap} />
        <CohortTable report={cohorts} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TopMembers report={top} />
        <Stack gap="md">
          <TopWords report={top} />
          <KindMix report={top} />
        </Stack>
      </SimpleGrid>
      <ActiveDays report={top} />

      {thresholdsOpen && (
        <ThresholdsModal
          opened
          onClose={() => setThresholdsOpen(false)}
          groups={groups}
          initialGroupId={groupId}
        />
      )}
    </Stack>
  );
}
