/**
 * One time-series chart of the dashboard, fed by `health.metric` (SQL aggregates per day). Banded metrics draw their
 * green / amber / red zones behind the line (ReferenceArea); imports and other annotations are dashed lines; the
 * tooltip repeats the metric's definition, so a number is never shown without what it means.
 */
import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  metricDefinitions,
  seriesDefinitions,
  type SeriesId,
} from '../../../../shared/domain/health/metrics';
import type { Annotation, AnnotationKind, MetricSeries } from '../../../../shared/domain/health/types';
import { useChannel } from '../../ui/useChannel';
import type { LegendItem } from './chartExport';
import { useChartColors, useHealthFormat, type ChartPalette } from './healthFormat';
import {
  ChartCard,
  ChartPlaceholder,
  chartHeight,
  healthEntities,
  Swatch,
  type ChartExportSpec,
} from './parts';

type Row = Record<string, number | string | null>;

/** The definition shown in the chart's help icon and tooltip. */
function useSeriesText(series: SeriesId) {
  const { t } = useHealthFormat();
  const metric = seriesDefinitions[series].metric;
  // Rate charts share their metric's definition; the other charts have their own.
  const own = t(`health.series.${series}.definition`, { defaultValue: '' });
  return {
    title: t(`health.series.${series}.title`),
    definition: own || (metric ? t(`health.metrics.${metric}.definition`) : ''),
  };
}

function ChartTooltip(props: {
  active?: boolean;
  label?: unknown;
  payload?: readonly { dataKey?: unknown; value?: unknown; color?: string }[];
  series: MetricSeries;
  definition: string;
  marks: ReadonlySet<AnnotationKind>;
}) {
  const { t, byUnit } = useHealthFormat();
  const colors = useChartColors();
  if (!props.active || !props.payload?.length) return null;
  const date = String(props.label);
  const unit = seriesDefinitions[props.series.series].unit;
  const marks = props.series.annotations.filter((mark) => mark.date === date && props.marks.has(mark.kind));
  return (
    <Stack
      gap={4}
      p="xs"
      maw={280}
      style={{
        background: colors.surface,
        border: `1px solid ${colors.border}`,
        borderRadius: 'var(--mantine-radius-sm)',
        boxShadow: 'var(--mantine-shadow-sm)',
      }}
    >
      <Text size="xs" fw={600} className="tabular">
        {date}
      </Text>
      {props.payload.map((item) => {
        const key = String(item.dataKey);
        const value = typeof item.value === 'number' ? Math.abs(item.value) : null;
        return (
          <Group key={key} gap={6} wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap">
              <Swatch color={item.color ?? ''} />
              <Text size="xs">{t(`health.lines.${key}`)}</Text>
            </Group>
            <Text size="xs" fw={600} className="tabular">
              {value === null ? t('health.status.noData') : byUnit(value, key === 'size' ? 'count' : unit)}
            </Text>
          </Group>
        );
      })}
      {marks.map((mark, index) => (
        <Group key={index} gap={6} wrap="nowrap" align="flex-start">
          <Swatch color={colors.marks[mark.kind]} size={8} square />
          <Text size="xs" lh={1.2}>
            {t(`health.annotations.${mark.kind}`, { label: mark.label })}
          </Text>
        </Group>
      ))}
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'normal' }}>
        {props.definition}
      </Text>
    </Stack>
  );
}

/** Top of the y axis: the data's maximum, but always showing the amber line (and a little headroom). */
function rateDomainTop(series: MetricSeries): number {
  const values = series.lines
    .flatMap((line) => line.values)
    .filter((value): value is number => value !== null);
  const top = Math.max(0, ...values, series.bands ? Math.max(series.bands.amber, series.bands.red) : 0);
  return Math.min(1, top * 1.15 || 0.1);
}

export function SeriesChart(props: {
  series: SeriesId;
  groupId: number | null;
  days: number;
  /** The annotation kinds shown (the page's toggles). */
  marks: ReadonlySet<AnnotationKind>;
}) {
  const { byUnit, t } = useHealthFormat();
  const colors = useChartColors();
  const text = useSeriesText(props.series);
  const { data } = useChannel(
    'health.metric',
    { series: props.series, days: props.days, ...(props.groupId === null ? {} : { groupId: props.groupId }) },
    healthEntities,
  );
  const definition = seriesDefinitions[props.series];

  let body: ReactNode;
  // Zeros are an answer (no wake-ups this week); only a range with no value at all has nothing to draw.
  const hasData = data?.lines.some((line) => line.values.some((value) => value !== null));
  if (!data || !hasData) {
    body = <ChartPlaceholder empty={Boolean(data)} />;
  } else {
    const rows: Row[] = data.dates.map((date, index) => {
      const row: Row = { date };
      for (const line of data.lines) {
        const value = line.values[index] ?? null;
        // Leaves go below the axis, so joins and leaves read as in and out.
        row[line.key] = line.key === 'leaves' && value !== null ? -value : value;
      }
      return row;
    });
    const axisTick = { fill: colors.text, fontSize: 11 };
    const unit = definition.unit;
    const tickFormatter = (value: number) =>
      unit === 'percent' ? byUnit(value, 'percent') : byUnit(value, 'count');
    const xAxis = (
      <XAxis
        dataKey="date"
        tickFormatter={(date: string) => date.slice(5)}
        tick={axisTick}
        stroke={colors.axis}
        minTickGap={18}
        interval="preserveStartEnd"
      />
    );
    const yAxis = (
      <YAxis
        tick={axisTick}
        stroke={colors.axis}
        width={48}
        tickFormatter={tickFormatter}
        allowDecimals={unit === 'percent'}
        {...(unit === 'percent' ? { domain: [0, rateDomainTop(data)] } : {})}
      />
    );
    const grid = <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" vertical={false} />;
    const tooltip = (
      <Tooltip
        cursor={{ fill: colors.cursor, stroke: colors.axis }}
        content={(tooltipProps) => (
          <ChartTooltip
            active={tooltipProps.active}
            label={tooltipProps.label}
            payload={tooltipProps.payload as never}
            series={data}
            definition={text.definition}
            marks={props.marks}
          />
        )}
      />
    );
    const marks = visibleMarks(data.annotations, props.marks).map((mark) => (
      <ReferenceLine
        key={`${mark.date}-${mark.kind}`}
        x={mark.date}
        stroke={colors.marks[mark.kind]}
        strokeWidth={1.5}
        strokeDasharray={markDashes[mark.kind]}
        ifOverflow="hidden"
        className={`health-mark health-mark-${mark.kind}`}
      />
    ));
    const bands = bandAreas(data, colors);
    const margin = { top: 8, right: 8, bottom: 0, left: 0 };
    const chart =
      definition.chart === 'line' ? (
        <LineChart data={rows} margin={margin}>
          {grid}
          {bands}
          {xAxis}
          {yAxis}
          {tooltip}
          {marks}
          <Line
            dataKey="rate"
            type="monotone"
            stroke={colors.primary}
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      ) : definition.chart === 'growth' ? (
        <ComposedChart data={rows} margin={margin} stackOffset="sign">
          {grid}
          {xAxis}
          {yAxis}
          <YAxis
            yAxisId="size"
            orientation="right"
            tick={axisTick}
            stroke={colors.axis}
            width={44}
            allowDecimals={false}
          />
          {tooltip}
          {marks}
          <ReferenceLine y={0} stroke={colors.axis} />
          <Bar dataKey="joins" stackId="flow" fill={colors.positive} isAnimationActive={false} />
          <Bar dataKey="leaves" stackId="flow" fill={colors.negative} isAnimationActive={false} />
          <Line
            yAxisId="size"
            dataKey="size"
            type="monotone"
            stroke={colors.secondary}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      ) : (
        <BarChart data={rows} margin={margin}>
          {grid}
          {xAxis}
          {yAxis}
          {tooltip}
          {marks}
          {definition.lines.map((key, index) => (
            <Bar
              key={key}
              dataKey={key}
              stackId={definition.chart === 'stacked' ? 'stack' : undefined}
              fill={[colors.primary, colors.secondary, colors.tertiary][index] ?? colors.primary}
              radius={
                definition.chart === 'stacked' && index < definition.lines.length - 1 ? 0 : [2, 2, 0, 0]
              }
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      );
    body = (
      <>
        <div style={{ width: '100%', height: chartHeight }}>
          <ResponsiveContainer width="100%" height="100%">
            {chart}
          </ResponsiveContainer>
        </div>
        <Legend lines={definition.lines} chart={definition.chart} bands={data.bands !== null} />
      </>
    );
  }
  const exports: ChartExportSpec | null =
    data && hasData
      ? {
          rows: () => [
            [
              t('health.export.columns.date'),
              ...definition.lines.map((key) => t(`health.lines.${key}`)),
              t('health.annotationLayer.title'),
            ],
            ...data.dates.map((date, index) => [
              date,
              ...data.lines.map((line) => line.values[index] ?? null),
              data.annotations
                .filter((mark) => mark.date === date && props.marks.has(mark.kind))
                .map((mark) => t(`health.annotations.${mark.kind}`, { label: mark.label }))
                .join('；'),
            ]),
          ],
          legend: [
            ...legendItems(definition.lines, data.bands !== null, definition.chart, colors, t),
            ...visibleMarks(data.annotations, props.marks)
              .map((mark) => mark.kind)
              .filter((kind, index, kinds) => kinds.indexOf(kind) === index)
              .map((kind) => ({
                label: t(`health.annotationLayer.kinds.${kind}`),
                color: colors.marks[kind],
              })),
          ],
        }
      : null;
  return (
    <ChartCard
      title={text.title}
      definition={text.definition}
      testId={`chart-${props.series}`}
      exports={exports}
    >
      {body}
    </ChartCard>
  );
}

/** Dash patterns that tell the kinds of marks apart without colour too. */
const markDashes: Record<AnnotationKind, string> = {
  import: '2 3',
  activity: '6 3',
  incident: '0',
  calendar: '4 2 1 2',
  outreach: '1 2',
};

/** One mark per day and kind, of the kinds switched on. */
function visibleMarks(annotations: readonly Annotation[], kinds: ReadonlySet<AnnotationKind>): Annotation[] {
  const seen = new Set<string>();
  return annotations.filter((mark) => {
    const key = `${mark.date}|${mark.kind}`;
    if (!kinds.has(mark.kind) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function bandAreas(series: MetricSeries, colors: ChartPalette): ReactNode[] {
  const bands = series.bands;
  const metric = seriesDefinitions[series.series].metric;
  if (!bands || !metric) return [];
  const top = rateDomainTop(series);
  const higher = metricDefinitions[metric].direction === 'higherIsBetter';
  // From the bottom of the axis up: red, amber, green when higher is better; the other way round otherwise.
  const zones = higher
    ? ([
        ['red', 0, bands.red],
        ['amber', bands.red, bands.amber],
        ['green', bands.amber, top],
      ] as const)
    : ([
        ['green', 0, bands.amber],
        ['amber', bands.amber, bands.red],
        ['red', bands.red, top],
      ] as const);
  return zones
    .filter(([, from, to]) => to > from)
    .map(([rag, from, to]) => (
      <ReferenceArea
        key={rag}
        y1={from}
        y2={Math.min(to, top)}
        fill={colors.band[rag]}
        fillOpacity={colors.bandOpacity}
        stroke="none"
        ifOverflow="hidden"
      />
    ));
}

function legendColors(chart: string, colors: ChartPalette): string[] {
  return chart === 'growth'
    ? [colors.positive, colors.negative, colors.secondary]
    : [colors.primary, colors.secondary, colors.tertiary];
}

/** The chart's legend: the bands behind a rate, or one entry per line. */
function legendItems(
  lines: readonly string[],
  bands: boolean,
  chart: string,
  colors: ChartPalette,
  t: (key: string) => string,
): (LegendItem & { area?: boolean })[] {
  if (bands)
    return (['green', 'amber', 'red'] as const).map((rag) => ({
      label: t(`health.bands.${rag}`),
      color: colors.band[rag],
      area: true,
    }));
  const lineColors = legendColors(chart, colors);
  return lines.map((key, index) => ({
    label: t(`health.lines.${key}`),
    color: lineColors[index] ?? colors.primary,
  }));
}

function Legend(props: { lines: readonly string[]; chart: string; bands: boolean }) {
  const { t } = useHealthFormat();
  const colors = useChartColors();
  return (
    <Group gap="md" mt={6} justify="center">
      {legendItems(props.lines, props.bands, props.chart, colors, t).map((item) => (
        <Group key={item.label} gap={6} wrap="nowrap">
          <Swatch color={item.color} size={10} square={item.area} opacity={item.area ? 0.55 : 1} />
          <Text size="xs" c="dimmed">
            {item.label}
          </Text>
        </Group>
      ))}
    </Group>
  );
}
