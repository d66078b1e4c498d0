/**
 * 风险监控: the review queue (复核队列), hits per day (命中趋势), a live check of any text (文本检查) and the word
 * lists (词表管理), with the scan status and its 开始扫描 button above them. The tab and the list being edited live
 * in the route.
 */
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChartBar, IconChecklist, IconListDetails, IconRadar, IconTextScan2 } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SensitiveCategory } from '../../../../shared/domain/sensitive/types';
import { call } from '../../api/client';
import { pathSegments, usePath } from '../../app/router';
import { notifyError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { RouteTabs } from '../../ui/RouteTabs';
import { useChannel } from '../../ui/useChannel';
import { JobCard } from '../jobs/JobCard';
import { useJobs } from '../jobs/JobsProvider';
import { CheckPanel } from './CheckPanel';
import { ListEditor } from './ListEditor';
import { ListsPanel } from './ListsPanel';
import { parseRiskRoute, riskPaths, riskTabs, type RiskRoute } from './paths';
import { QueuePanel } from './QueuePanel';
import { categoryColors } from './riskFormat';
import { TrendPanel } from './TrendPanel';
import './risk.css';

export const riskScanKind = 'risk.scan';

const tabIcons = {
  queue: IconChecklist,
  trend: IconChartBar,
  check: IconTextScan2,
  lists: IconListDetails,
} as const;

function ScanBar() {
  const { t, number, relative } = useFormat();
  const { data: summary } = useChannel('risk.summary', {}, ['risk', 'messages']);
  const { jobs, track } = useJobs();
  const [starting, setStarting] = useState(false);
  const job = jobs.find((candidate) => candidate.kind === riskScanKind && candidate.status === 'running');

  const start = async () => {
    setStarting(true);
    try {
      const { jobId } = await call('risk.scan', {});
      track(jobId);
    } catch (error) {
      notifyError(error);
    } finally {
      setStarting(false);
    }
  };

  const open = Object.entries(summary?.openByCategory ?? {}) as [SensitiveCategory, number][];
  return (
    <Paper withBorder p="md" mb="md" data-testid="risk-scan-bar">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} className="tabular" data-testid="risk-scan-status">
            {summary
              ? t('riskUi.scan.coverage', {
                  scanned: number(summary.scanned),
                  messages: number(summary.messages),
                  version: summary.rulesetVersion,
                })
              : t('common.loadingRows')}
          </Text>
          {summary && (
            <Text size="xs" c={summary.pending > 0 ? 'orange' : 'dimmed'} data-testid="risk-scan-pending">
              {summary.pending > 0
                ? t('riskUi.scan.pending', { count: number(summary.pending) })
                : t('riskUi.scan.upToDate')}
              {summary.lastScan ? ` · ${t('riskUi.scan.last', { when: relative(summary.lastScan.at) })}` : ''}
            </Text>
          )}
          {open.length > 0 && (
            <Group gap={6} mt={4}>
              {open.map(([category, count]) => (
                <Badge key={category} size="sm" variant="light" color={categoryColors[category]}>
                  {t(`sensitive.category.${category}`)} {number(count)}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
        <Button
          leftSection={<IconRadar size={16} />}
          onClick={() => void start()}
          loading={starting || job !== undefined}
          disabled={summary !== undefined && summary.messages === 0}
          data-testid="risk-start-scan"
          style={{ flexShrink: 0 }}
        >
          {t('riskUi.scan.start')}
        </Button>
      </Group>
      {job && (
        <Paper withBorder p="sm" mt="sm">
          <JobCard job={job} />
        </Paper>
      )}
    </Paper>
  );
}

function TabContent({ route }: { route: RiskRoute }): ReactNode {
  switch (route.tab) {
    case 'queue':
      return <QueuePanel />;
    case 'trend':
      return <TrendPanel />;
    case 'check':
      return <CheckPanel />;
    case 'lists': {
      if (route.item === 'new') return <ListEditor key="new" id={null} />;
      const id = route.item !== undefined && /^[1-9]\d{0,9}$/.test(route.item) ? Number(route.item) : null;
      return id !== null ? <ListEditor key={id} id={id} /> : <ListsPanel />;
    }
  }
}

export function RiskPage() {
  const { t } = useTranslation();
  const route = parseRiskRoute(pathSegments(usePath()));
  const { data: summary } = useChannel('risk.summary', {}, ['risk']);
  return (
    <>
      <PageHeader title={t('riskUi.title')} subtitle={t('riskUi.subtitle')} mb="md" />
      <ScanBar />
      <RouteTabs
        tabs={riskTabs}
        active={route.tab}
        icons={tabIcons}
        label={(tab) => t(`riskUi.tabs.${tab}`)}
        pathOf={riskPaths.tab}
        testIdPrefix="risk-tab"
        counts={{ queue: { value: summary?.open ?? 0, color: 'red', testId: 'risk-open-count' } }}
      />
      <TabContent route={route} />
    </>
  );
}
