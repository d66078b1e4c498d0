/**
 * 健康度: the operations guide's monitoring table made visible. Health cards per group lead the page (status,
 * trend against the previous equal period, what changed); below them the charts for the chosen group (or all
 * groups) and range. Everything comes from SQL aggregates through `call()`.
 */
import {
  ActionIcon,
  Button,
  Chip,
  Group,
  Menu,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAdjustmentsHorizontal,
  IconDots,
  IconHeartbeat,
  IconPrinter,
  IconRefresh,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { seriesIds } from '../../../../shared/domain/health/metrics';
import type { AnnotationKind } from '../../../../shared/domain/health/types';
import { call } from '../../api/client';
import { EmptyState, GoHomeButton } from '../../ui/EmptyState';
import { notifyError, notifySuccess } from '../../ui/errors';
import { PageHeader } from '../../ui/PageHeader';
import { approveScreenExport } from '../../ui/screenExport';
import { useChannel } from '../../ui/useChannel';
import { Permitted } from '../lock/Permitted';
import { useCan } from '../lock/session';
import { ActivityConversions, ViolationCategories } from './ActivityOutcomes';
import { chartDataUrl, chartSvg, paletteSwap, type LegendItem } from './chartExport';
import { CohortTable } from './CohortTable';
import { HealthCards } from './HealthCards';
import { HealthReport, type HealthReportData } from './HealthReport';
import { Heatmap } from './Heatmap';
import {
  markColorNames,
  rangeChoices,
  useChartColors,
  useChartPalettes,
  useHealthFormat,
  type RangeChoice,
} from './healthFormat';
import { ChannelMix, combinedTiers, TierTargets } from './MemberMix';
import { ExportScopeContext, healthEntities, Swatch } from './parts';
import { SeriesChart } from './SeriesChart';
import { ThresholdsModal } from './ThresholdsModal';
import { ActiveDays, KindMix, TopMembers, TopWords } from './TopLists';
import { WakeOutreachCard } from './WakeOutreach';

const annotationKinds: readonly AnnotationKind[] = ['import', 'activity', 'incident', 'calendar', 'outreach'];
/** Tiers come from the members feature: its data and the groups. */
const tierEntities = ['members', 'groups'] as const;

/** The page's toggles of the annotation layer, each with the colour its marks are drawn in. */
function AnnotationToggles(props: {
  value: ReadonlySet<AnnotationKind>;
  onChange(kinds: Set<AnnotationKind>): void;
}) {
  const { t } = useHealthFormat();
  const colors = useChartColors();
  return (
    <Group gap="xs" wrap="wrap" data-testid="annotation-toggles">
      <Tooltip label={t('health.annotationLayer.hint')} multiline w={280}>
        <Text size="sm" c="dimmed" style={{ cursor: 'help' }}>
          {t('health.annotationLayer.title')}
        </Text>
      </Tooltip>
      <Chip.Group
        multiple
        value={[...props.value]}
        onChange={(kinds) => props.onChange(new Set(kinds as AnnotationKind[]))}
      >
        {annotationKinds.map((kind) => (
          <Chip
            key={kind}
            value={kind}
            size="xs"
            variant="outline"
            color={markColorNames[kind]}
            wrapperProps={{ 'data-testid': `annotation-toggle-${kind}` }}
            icon={<Swatch color={colors.marks[kind]} size={8} square />}
          >
            {t(`health.annotationLayer.kinds.${kind}`)}
          </Chip>
        ))}
      </Chip.Group>
    </Group>
  );
}

/** Months of join cohorts shown: enough to see a quarter's cohorts age. */
const cohortMonths = 6;

export function HealthPage() {
  const { t } = useHealthFormat();
  const [days, setDays] = useState<RangeChoice>(30);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [thresholdsOpen, setThresholdsOpen] = useState(false);
  const [marks, setMarks] = useState<ReadonlySet<AnnotationKind>>(() => new Set(annotationKinds));
  const [report, setReport] = useState<HealthReportData | null>(null);
  const [preparing, setPreparing] = useState(false);
  const palettes = useChartPalettes();
  const colors = useChartColors();
  const { data: overview } = useChannel('health.overview', { days }, healthEntities);
  const groupInput = groupId === null ? {} : { groupId };
  const { data: channels } = useChannel('health.channels', { ...groupInput, days }, healthEntities);
  const { data: tierGroups } = useChannel('tiers.distribution', groupInput, tierEntities);
  const { data: tierRules } = useChannel('tiers.rules', {}, tierEntities);
  const tiers = tierGroups ? combinedTiers(tierGroups, tierRules) : undefined;

  // The printed report stays until the print dialog closes.
  useEffect(() => {
    const done = () => setReport(null);
    window.addEventListener('afterprint', done);
    return () => window.removeEventListener('afterprint', done);
  }, []);
  useEffect(() => {
    if (report) window.print();
  }, [report]);
  const { data: heatmap } = useChannel('health.heatmap', { ...groupInput, days }, healthEntities);
  const { data: cohorts } = useChannel(
    'health.cohorts',
    { ...groupInput, months: cohortMonths },
    healthEntities,
  );
  const { data: conversions } = useChannel('health.conversions', { ...groupInput, days }, healthEntities);
  const { data: violations } = useChannel('health.violations', { ...groupInput, days }, healthEntities);
  const { data: outreach } = useChannel('health.outreach', { ...groupInput, days }, healthEntities);
  const { data: top } = useChannel('health.top', { ...groupInput, days, limit: 10 }, healthEntities);
  const canExport = useCan('export');

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
  const scopeName =
    groupId === null
      ? t('health.report.allGroups')
      : (groups.find((group) => group.id === groupId)?.name ?? '');

  /** Draws every chart as an image (light colours, for paper) and opens the print view with them. */
  const printReport = async () => {
    if (!overview) return;
    const name = `${scopeName} ${overview.range.from} – ${overview.range.to}`;
    if (!(await approveScreenExport('health-report', name))) return;
    setPreparing(true);
    try {
      const images = [];
      const swap = paletteSwap(colors, palettes.light);
      for (const card of document.querySelectorAll<HTMLElement>('[data-chart-title]')) {
        const svg = chartSvg(card);
        if (!svg) continue;
        const title = card.dataset.chartTitle ?? '';
        const legend = (JSON.parse(card.dataset.chartLegend ?? '[]') as LegendItem[]).map((item) => ({
          ...item,
          color: swap(item.color),
        }));
        const image = await chartDataUrl(svg, { title: '', legend, palette: colors, target: palettes.light });
        images.push({ title, ...image });
      }
      setReport({
        scope: scopeName,
        range: overview.range,
        generatedAt: new Date().toISOString(),
        cards: overview.cards.filter((card) => groupId === null || card.groupId === groupId),
        images,
        channels,
        tiers,
        top,
        cohorts,
        conversions,
      });
    } catch (error) {
      notifyError(error);
    } finally {
      setPreparing(false);
    }
  };

  const reportButton = (
    <Button
      variant="default"
      leftSection={<IconPrinter size={16} />}
      onClick={() => void printReport()}
      loading={preparing}
      disabled={!overview}
      data-testid="health-report"
    >
      {t('health.export.report')}
    </Button>
  );

  const rebuildRollups = () =>
    call('health.rebuildRollups', {}).then(() => notifySuccess(t('health.rollups.started')), notifyError);
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
            {canExport ? (
              <Tooltip label={t('health.export.reportHint')} multiline w={240}>
                {reportButton}
              </Tooltip>
            ) : (
              <Permitted permission="export">{reportButton}</Permitted>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('health.more')}
                  data-testid="health-more"
                >
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown maw={300}>
                <Menu.Item
                  leftSection={<IconRefresh size={16} />}
                  onClick={() => void rebuildRollups()}
                  data-testid="health-rebuild"
                >
                  <Text size="sm">{t('health.rollups.rebuild')}</Text>
                  <Text size="xs" c="dimmed">
                    {t('health.rollups.rebuildHint')}
                  </Text>
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />

      <ExportScopeContext.Provider
        value={overview ? { scope: scopeName, from: overview.range.from, to: overview.range.to } : null}
      >
        <HealthCards cards={overview?.cards} groupId={groupId} onSelect={setGroupId} />

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <ActivityConversions report={conversions} allGroups={groupId === null} />
          <ViolationCategories report={violations} />
        </SimpleGrid>
        <WakeOutreachCard report={outreach} groups={groups} groupId={groupId} />

        <Stack gap={6} mt="sm">
          <Group justify="space-between" align="flex-end" gap="xs">
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
          <AnnotationToggles value={marks} onChange={setMarks} />
        </Stack>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {seriesIds.map((series) => (
            <SeriesChart key={series} series={series} groupId={groupId} days={days} marks={marks} />
          ))}
        </SimpleGrid>

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <ChannelMix report={channels} />
          <TierTargets distribution={tiers} allGroups={groupId === null && (tierGroups?.length ?? 0) > 1} />
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
      </ExportScopeContext.Provider>

      {thresholdsOpen && (
        <ThresholdsModal
          opened
          onClose={() => setThresholdsOpen(false)}
          groups={groups}
          initialGroupId={groupId}
        />
      )}
      {report && <HealthReport data={report} />}
    </Stack>
  );
}
