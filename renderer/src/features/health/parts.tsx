/** Building blocks shared by the dashboard's charts, tables and cards. */
import { ActionIcon, Card, Center, Group, Menu, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconInfoCircle, IconPhoto } from '@tabler/icons-react';
import { createContext, useContext, useRef, type ReactNode } from 'react';
import type { CsvValue } from '../../../../shared/domain/csv';
import type { DataEntity } from '../../../../shared/ipc/contract';
import { notifyError } from '../../ui/errors';
import { saveBlob } from '../../ui/fileActions';
import { approveScreenExport } from '../../ui/screenExport';
import { useCan } from '../lock/session';
import { chartPng, chartSvg, safeFileName, saveCsv, type LegendItem } from './chartExport';
import { useChartColors, useHealthFormat } from './healthFormat';

export const chartHeight = 220;
/**
 * The data the dashboard is made of; thresholds are audited, so 'audit' brings their changes too. Activities feed
 * the conversion rate, the sensitive-word scan ('risk') the complaint rate and the violations.
 */
export const healthEntities: readonly DataEntity[] = [
  'groups',
  'members',
  'messages',
  'imports',
  'audit',
  'activities',
  'risk',
];

/** What the exported files are named after: the group (or all groups) and the range. */
export interface ExportScope {
  scope: string;
  from: string;
  to: string;
}
export const ExportScopeContext = createContext<ExportScope | null>(null);

/** A chart's exports: its data as rows (header first) and, for SVG charts, an image with this legend. */
export interface ChartExportSpec {
  rows(): CsvValue[][];
  /** Absent: the chart is HTML (a table, a list) and exports as CSV only. */
  legend?: readonly LegendItem[];
}

function ExportMenu(props: {
  title: string;
  testId: string;
  spec: ChartExportSpec;
  card: () => HTMLElement | null;
}) {
  const { t } = useHealthFormat();
  const palette = useChartColors();
  const scope = useContext(ExportScopeContext);
  // Charts name members (top speakers) and quote activity: roles without the export permission get no menu.
  const canExport = useCan('export');
  const stem = safeFileName(
    [t('health.title'), scope?.scope, props.title, scope ? `${scope.from}_${scope.to}` : '']
      .filter(Boolean)
      .join('-'),
  );
  const png = async () => {
    const svg = props.card() && chartSvg(props.card()!);
    if (!svg) return;
    const approved = await approveScreenExport('health-chart', `${stem}.png`);
    if (!approved) return;
    const scopeLine = scope ? `${scope.scope} · ${scope.from} – ${scope.to}` : '';
    const blob = await chartPng(svg, {
      title: props.title,
      subtitle: [scopeLine, approved.watermark].filter(Boolean).join(' · ') || undefined,
      legend: props.spec.legend,
      palette,
    });
    saveBlob(blob, `${stem}.png`);
  };
  const csv = async () => {
    const approved = await approveScreenExport('health-chart', `${stem}.csv`);
    if (approved) saveCsv(stem, props.spec.rows(), approved.watermark ?? undefined);
  };
  if (!canExport) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t('health.export.menu')}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('health.export.menu')}
            data-testid={`export-${props.testId}`}
          >
            <IconDownload size={16} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {props.spec.legend && (
          <Menu.Item
            leftSection={<IconPhoto size={16} />}
            onClick={() => png().catch(notifyError)}
            data-testid={`export-png-${props.testId}`}
          >
            {t('health.export.png')}
          </Menu.Item>
        )}
        <Menu.Item
          leftSection={<IconFileSpreadsheet size={16} />}
          onClick={() => void csv()}
          data-testid={`export-csv-${props.testId}`}
        >
          {t('health.export.csv')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Card frame of a chart: title, the definition behind an info icon, exports, and the chart (or a placeholder). */
export function ChartCard(props: {
  title: string;
  definition?: string;
  testId: string;
  children: ReactNode;
  extra?: ReactNode;
  exports?: ChartExportSpec | null;
}) {
  const card = useRef<HTMLDivElement>(null);
  const extra =
    props.extra || props.exports ? (
      <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
        {props.extra}
        {props.exports && (
          <ExportMenu
            title={props.title}
            testId={props.testId}
            spec={props.exports}
            card={() => card.current}
          />
        )}
      </Group>
    ) : null;
  return (
    <Card
      ref={card}
      withBorder
      radius="md"
      padding="md"
      data-testid={props.testId}
      data-chart-title={props.exports?.legend ? props.title : undefined}
      data-chart-legend={props.exports?.legend ? JSON.stringify(props.exports.legend) : undefined}
    >
      <Group justify="space-between" gap="xs" mb="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" truncate>
            {props.title}
          </Text>
          {props.definition && (
            <Tooltip label={props.definition} multiline w={300} position="top-start">
              <IconInfoCircle
                size={16}
                color="var(--mantine-color-dimmed)"
                style={{ flexShrink: 0 }}
                aria-label={props.definition}
              />
            </Tooltip>
          )}
        </Group>
        {extra}
      </Group>
      {props.children}
    </Card>
  );
}

/** While loading: a skeleton. Loaded with nothing to show: a line saying so (`text`, or "no data in this range"). */
export function ChartPlaceholder(props: { empty: boolean; text?: string; height?: number }) {
  const { t } = useHealthFormat();
  const height = props.height ?? chartHeight;
  return props.empty ? (
    <Center h={height}>
      <Text size="sm" c="dimmed" ta="center">
        {props.text ?? t('health.chart.noData')}
      </Text>
    </Center>
  ) : (
    <Skeleton h={height} radius="sm" />
  );
}

/** A small coloured mark: a dot for a line, a band or a status, a square for an area or a step of a scale. */
export function Swatch(props: { color: string; size?: number; square?: boolean; opacity?: number }) {
  const size = props.size ?? 8;
  return (
    <span
      style={{
        width: size,
        height: size,
        flexShrink: 0,
        borderRadius: props.square ? 3 : size / 2,
        background: props.color,
        opacity: props.opacity,
        display: 'inline-block',
      }}
    />
  );
}

/** A right-aligned number cell of a table, digits lined up. */
export function NumberCell(props: { children: ReactNode; strong?: boolean }) {
  return (
    <Table.Td ta="right">
      <Text size="sm" className="tabular" fw={props.strong ? 500 : undefined}>
        {props.children}
      </Text>
    </Table.Td>
  );
}
