/** Messages by weekday × hour (UTC+8) as an SVG grid of cells; each cell's title gives the exact count. */
import { Group, Text } from '@mantine/core';
import type { HeatmapReport } from '../../../../shared/domain/health/types';
import { ChartCard, ChartPlaceholder, Swatch } from './parts';
import { useChartColors, useHealthFormat } from './healthFormat';

const cell = 22;
const gap = 3;
const labelWidth = 40;
const headerHeight = 18;
const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
const hours = Array.from({ length: 24 }, (_, hour) => hour);

export function Heatmap({ report }: { report: HeatmapReport | undefined }) {
  const { t, number } = useHealthFormat();
  const colors = useChartColors();
  const width = labelWidth + 24 * (cell + gap);
  const height = headerHeight + 7 * (cell + gap);
  return (
    <ChartCard
      title={t('health.sections.heatmap')}
      definition={t('health.sections.heatmapHint')}
      testId="chart-heatmap"
      exports={
        report && report.total > 0
          ? {
              rows: () => [
                [t('health.export.columns.weekday'), ...hours.map(String)],
                ...weekdays.map((weekday, row) => [
                  t(`health.heatmap.weekdays.${weekday}`),
                  ...hours.map((hour) => report.cells[row]?.[hour] ?? 0),
                ]),
              ],
              legend: [
                { label: t('health.heatmap.less'), color: colors.scale(0.15) },
                { label: t('health.heatmap.more'), color: colors.scale(1) },
              ],
            }
          : null
      }
    >
      {!report || report.total === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} />
      ) : (
        <>
          <svg
            viewBox={`0 0 ${width} ${height}`}
            width="100%"
            role="img"
            aria-label={t('health.sections.heatmap')}
            data-chart-svg
            style={{ display: 'block', maxHeight: 260 }}
          >
            {hours
              .filter((hour) => hour % 3 === 0)
              .map((hour) => (
                <text
                  key={hour}
                  x={labelWidth + hour * (cell + gap) + cell / 2}
                  y={12}
                  fontSize={10}
                  textAnchor="middle"
                  fill={colors.text}
                >
                  {hour}
                </text>
              ))}
            {weekdays.map((weekday, row) => {
              const name = t(`health.heatmap.weekdays.${weekday}`);
              return (
                <g key={weekday}>
                  <text
                    x={0}
                    y={headerHeight + row * (cell + gap) + cell / 2 + 4}
                    fontSize={11}
                    fill={colors.text}
                  >
                    {name}
                  </text>
                  {hours.map((hour) => {
                    const count = report.cells[row]?.[hour] ?? 0;
                    // Square root: a few very busy hours should not wash out the rest.
                    const strength = report.max > 0 ? Math.sqrt(count / report.max) : 0;
                    return (
                      <rect
                        key={hour}
                        x={labelWidth + hour * (cell + gap)}
                        y={headerHeight + row * (cell + gap)}
                        width={cell}
                        height={cell}
                        rx={4}
                        fill={count > 0 ? colors.scale(strength) : colors.grid}
                        data-count={count}
                      >
                        <title>
                          {t('health.heatmap.cell', { weekday: name, hour, count: number(count) })}
                        </title>
                      </rect>
                    );
                  })}
                </g>
              );
            })}
          </svg>
          <Group gap={6} justify="flex-end" mt={6}>
            <Text size="xs" c="dimmed">
              {t('health.heatmap.less')}
            </Text>
            {[0.1, 0.3, 0.55, 0.8, 1].map((strength) => (
              <Swatch key={strength} color={colors.scale(strength)} size={14} square />
            ))}
            <Text size="xs" c="dimmed">
              {t('health.heatmap.more')}
            </Text>
          </Group>
        </>
      )}
    </ChartCard>
  );
}
