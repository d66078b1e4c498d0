/**
 * 命中趋势: hits per day per category (confirmed and open; dismissed false positives are left out) over the last 7,
 * 30 or 90 days, from `risk.stats` — the same aggregate the health dashboard reads.
 */
import {
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
  useComputedColorScheme,
  useMantineTheme,
} from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { dateOfDay, dayOfInstant } from '../../../../shared/domain/health/days';
import { sensitiveCategories, type SensitiveCategory } from '../../../../shared/domain/sensitive/types';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { CategoryBadge } from './RiskBadges';
import { categoryColors } from './riskFormat';

const rangeChoices = ['7', '30', '90'] as const;
type RangeChoice = (typeof rangeChoices)[number];

/** SVG colours for recharts (it cannot read CSS variables reliably): each category's Mantine colour. */
function useTrendColors() {
  const theme = useMantineTheme();
  const dark = useComputedColorScheme('light') === 'dark';
  const shade = (name: string) => theme.colors[name]?.[dark ? 5 : 6] ?? '#888';
  return {
    category: (category: SensitiveCategory) => shade(categoryColors[category]),
    text: dark ? theme.colors.dark[1] : theme.colors.gray[7],
    grid: dark ? theme.colors.dark[4] : theme.colors.gray[2],
    surface: dark ? theme.colors.dark[6] : theme.white,
    border: dark ? theme.colors.dark[4] : theme.colors.gray[3],
    cursor: dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.04)',
  };
}

export function TrendPanel() {
  const { t, number } = useFormat();
  const colors = useTrendColors();
  const [range, setRange] = useState<RangeChoice>('30');
  // Fixed when the tab opens: the range does not move under the moderator while they read it.
  const [today] = useState(() => dayOfInstant(Date.now()));
  const input = { from: dateOfDay(today - Number(range) + 1), to: dateOfDay(today) };
  const { data: stats } = useChannel('risk.stats', input, ['risk']);

  const categories = sensitiveCategories.filter((category) => (stats?.totals[category] ?? 0) > 0);
  const total = categories.reduce((sum, category) => sum + (stats?.totals[category] ?? 0), 0);
  const rows = (stats?.days ?? []).map((day) => ({ date: day.date.slice(5), ...day.counts }));

  return (
    <Paper withBorder p="md" data-testid="risk-trend">
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Stack gap={0}>
          <Title order={5}>{t('riskUi.trend.title')}</Title>
          <Text size="xs" c="dimmed">
            {t('riskUi.trend.hint')}
          </Text>
        </Stack>
        <SegmentedControl
          size="xs"
          value={range}
          onChange={(value) => setRange(value as RangeChoice)}
          data={rangeChoices.map((value) => ({ value, label: t('riskUi.editor.days', { days: value }) }))}
          data-testid="risk-trend-range"
        />
      </Group>
      {!stats ? (
        <Skeleton height={260} />
      ) : total === 0 ? (
        <Group gap="xs" c="dimmed" py={48} justify="center" data-testid="risk-trend-empty">
          <IconChartBar size={18} />
          <Text size="sm">{t('riskUi.trend.empty')}</Text>
        </Group>
      ) : (
        <>
          <Group gap={6} mb="sm" data-testid="risk-trend-totals">
            <Text size="sm" fw={600} className="tabular" data-testid="risk-trend-total">
              {t('riskUi.trend.total', { count: number(total) })}
            </Text>
            {categories.map((category) => (
              <Group key={category} gap={4} wrap="nowrap">
                <CategoryBadge category={category} />
                <Text size="xs" className="tabular">
                  {number(stats.totals[category] ?? 0)}
                </Text>
              </Group>
            ))}
          </Group>
          <div style={{ width: '100%', height: 260 }} data-testid="risk-trend-chart">
            <ResponsiveContainer>
              <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid stroke={colors.grid} vertical={false} />
                <XAxis
                  dataKey="date"
                  tick={{ fill: colors.text, fontSize: 11 }}
                  stroke={colors.grid}
                  minTickGap={12}
                />
                <YAxis
                  allowDecimals={false}
                  tick={{ fill: colors.text, fontSize: 11 }}
                  stroke={colors.grid}
                  width={48}
                />
                <Tooltip
                  cursor={{ fill: colors.cursor }}
                  contentStyle={{
                    background: colors.surface,
                    border: `1px solid ${colors.border}`,
                    borderRadius: 4,
                    fontSize: 12,
                  }}
                  labelStyle={{ color: colors.text }}
                />
                {categories.map((category) => (
                  <Bar
                    key={category}
                    dataKey={category}
                    name={t(`sensitive.category.${category}`)}
                    stackId="hits"
                    fill={colors.category(category)}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </Paper>
  );
}
