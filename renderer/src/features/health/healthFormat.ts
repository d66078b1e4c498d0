/** Formatting and colours shared by the dashboard's cards and charts, for the current language and colour scheme. */
import { useComputedColorScheme, useMantineTheme } from '@mantine/core';
import type { Rag, TrendVerdict } from '../../../../shared/domain/health/evaluate';
import {
  metricDefinitions,
  type HealthMetricId,
  type MetricUnit,
} from '../../../../shared/domain/health/metrics';
import type { AnnotationKind, MetricValue } from '../../../../shared/domain/health/types';
import { useFormat } from '../../ui/format';

/** Mantine colour names for the bands (the amber band is orange: yellow text is unreadable on white). */
export const ragColors: Record<Rag, string> = { green: 'teal', amber: 'orange', red: 'red' };
export const verdictColors: Record<TrendVerdict, string> = { better: 'teal', worse: 'red', neutral: 'gray' };

/** Mantine colour names of the annotation kinds (the palette's `marks` are shades of these). */
export const markColorNames: Record<AnnotationKind, string> = {
  import: 'indigo',
  activity: 'grape',
  incident: 'red',
  calendar: 'orange',
  outreach: 'cyan',
};

/** The last range choices of the selector. */
export const rangeChoices = [7, 30, 90] as const;
export type RangeChoice = (typeof rangeChoices)[number];

export function useHealthFormat() {
  const format = useFormat();
  const { locale, t } = format;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });

  const byUnit = (value: number, unit: MetricUnit): string =>
    unit === 'percent'
      ? percent.format(value)
      : unit === 'count'
        ? integer.format(value)
        : decimal.format(value);

  return {
    ...format,
    percent: (value: number) => percent.format(value),
    byUnit,
    /** A metric's value as a card shows it; the status text when there is none. */
    metric(metric: HealthMetricId, value: MetricValue): string {
      if (value.value === null) return t(`health.status.${value.status === 'ok' ? 'noData' : value.status}`);
      return metric === 'netGrowth'
        ? signed.format(value.value)
        : byUnit(value.value, metricDefinitions[metric].unit);
    },
    metricName: (metric: HealthMetricId) => t(`health.metrics.${metric}.name`),
    metricDefinition: (metric: HealthMetricId) => t(`health.metrics.${metric}.definition`),
  };
}

type Theme = ReturnType<typeof useMantineTheme>;

/** Colours for recharts, which draws SVG attributes that cannot read CSS variables reliably. */
export function chartPalette(theme: Theme, dark: boolean) {
  const shade = (name: string, light: number, darkShade: number) =>
    theme.colors[name]?.[dark ? darkShade : light] ?? '#888';
  return {
    dark,
    text: dark ? theme.colors.dark[1] : theme.colors.gray[7],
    grid: dark ? theme.colors.dark[4] : theme.colors.gray[2],
    axis: dark ? theme.colors.dark[3] : theme.colors.gray[4],
    surface: dark ? theme.colors.dark[6] : theme.white,
    border: dark ? theme.colors.dark[4] : theme.colors.gray[3],
    cursor: dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.04)',
    primary: shade('brand', 7, 5),
    secondary: shade('blue', 6, 4),
    tertiary: shade('grape', 6, 4),
    positive: shade('teal', 6, 5),
    negative: shade('red', 6, 5),
    /** A light fill behind a bar (target ranges, the part of a total). */
    faint: dark ? theme.colors.dark[4] : theme.colors.gray[3],
    // Light tints on white; on the dark surface the same hues, brighter and fainter (dark shades turn brown).
    band: {
      green: shade('teal', 5, 5),
      amber: shade('orange', 4, 5),
      red: shade('red', 5, 5),
    } satisfies Record<Rag, string>,
    bandOpacity: dark ? 0.13 : 0.12,
    /** The annotation layer: one hue per kind of mark. */
    marks: {
      import: shade('indigo', 5, 4),
      activity: shade('grape', 6, 4),
      incident: shade('red', 8, 6),
      calendar: shade('orange', 7, 5),
      outreach: shade('cyan', 7, 4),
    } satisfies Record<AnnotationKind, string>,
    /** The heatmap's and cohort table's scale: the primary colour at a given strength. */
    scale: (strength: number) => {
      const alpha = strength <= 0 ? 0 : 0.12 + 0.88 * Math.min(1, strength);
      return `rgba(${dark ? scaleRgb.dark : scaleRgb.light}, ${alpha.toFixed(3)})`;
    },
  };
}
export type ChartPalette = ReturnType<typeof chartPalette>;

export const scaleRgb = { light: '17, 142, 95', dark: '83, 196, 150' } as const;

export function useChartColors(): ChartPalette {
  const theme = useMantineTheme();
  return chartPalette(theme, useComputedColorScheme('light') === 'dark');
}

/** Both palettes, for exports that redraw a dark-mode chart in light colours (the printed report). */
export function useChartPalettes(): { light: ChartPalette; dark: ChartPalette } {
  const theme = useMantineTheme();
  return { light: chartPalette(theme, false), dark: chartPalette(theme, true) };
}
