/**
 * Who the members are: join channels from the member DB (members now, joins in the range) and the tier
 * distribution against its target ranges (core 10–20 %, active 20–35 %, potential 30–50 %, silent 10–20 % unless the
 * tier rules say otherwise), both as recharts bar charts.
 */
import { Group, Stack, Text } from '@mantine/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type XAxisProps,
} from 'recharts';
import type { ChannelMixReport } from '../../../../shared/domain/health/types';
import {
  tierDistribution,
  tiers,
  type RangeStatus,
  type TierDistribution,
} from '../../../../shared/domain/tiers';
import type { GroupTierDistribution, TierRulesView } from '../../../../shared/ipc/channels/members';
import { useChartColors, useHealthFormat, type ChartPalette } from './healthFormat';
import { ChartCard, ChartPlaceholder, Swatch } from './parts';

export const rowHeight = 30;

/** Room for the longest category label (CJK characters are about twice as wide as Latin ones). */
function axisWidth(labels: readonly string[]): number {
  const widest = Math.max(
    0,
    ...labels.map((label) => [...label].reduce((sum, char) => sum + (char > '\u2e80' ? 12 : 6.6), 0)),
  );
  return Math.min(150, Math.max(48, Math.ceil(widest) + 14));
}

/**
 * Grid and axes of a horizontal bar chart: values along x, one labelled row per category. Returned as elements, not
 * a component, because recharts reads its axes from the chart's direct children.
 */
export function horizontalAxes(
  colors: ChartPalette,
  labels: readonly string[],
  values: Partial<XAxisProps> = {},
) {
  return [
    <CartesianGrid key="grid" stroke={colors.grid} strokeDasharray="3 3" horizontal={false} />,
    <XAxis
      key="x"
      type="number"
      tick={{ fill: colors.text, fontSize: 11 }}
      stroke={colors.axis}
      {...values}
    />,
    <YAxis
      key="y"
      type="category"
      dataKey="label"
      width={axisWidth(labels)}
      tick={{ fill: colors.text, fontSize: 12 }}
      stroke={colors.axis}
      interval={0}
    />,
  ];
}

export function tooltipStyle(colors: ChartPalette) {
  return {
    contentStyle: { background: colors.surface, borderColor: colors.border, borderRadius: 6, fontSize: 12 },
    labelStyle: { color: colors.text },
    itemStyle: { color: colors.text },
  };
}

export function ChannelMix({ report }: { report: ChannelMixReport | undefined }) {
  const { t, number } = useHealthFormat();
  const colors = useChartColors();
  const rows = (report?.channels ?? []).map((row) => ({
    label: t(`members.channels.${row.channel}`, { defaultValue: row.channel }),
    members: row.members,
    joined: row.joined,
  }));
  const legend = [
    { label: t('health.channels.members'), color: colors.primary },
    { label: t('health.channels.joined'), color: colors.secondary },
  ];
  return (
    <ChartCard
      title={t('health.channels.title')}
      definition={t('health.channels.hint')}
      testId="chart-channels"
      exports={
        rows.length > 0
          ? {
              rows: () => [
                [t('members.columns.channel'), t('health.channels.members'), t('health.channels.joined')],
                ...rows.map((row) => [row.label, row.members, row.joined]),
              ],
              legend,
            }
          : null
      }
    >
      {!report || rows.length === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} text={t('health.channels.empty')} height={160} />
      ) : (
        <>
          <div style={{ width: '100%', height: 24 + rows.length * rowHeight * 1.5 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={rows}
                layout="vertical"
                margin={{ top: 4, right: 40, bottom: 0, left: 0 }}
                barGap={2}
              >
                {horizontalAxes(
                  colors,
                  rows.map((row) => row.label),
                  { allowDecimals: false },
                )}
                <Tooltip
                  cursor={{ fill: colors.cursor }}
                  formatter={(value, name) => [number(Number(value)), t(`health.channels.${String(name)}`)]}
                  {...tooltipStyle(colors)}
                />
                <Bar
                  dataKey="members"
                  fill={colors.primary}
                  radius={[0, 3, 3, 0]}
                  barSize={12}
                  isAnimationActive={false}
                >
                  <LabelList dataKey="members" position="right" fill={colors.text} fontSize={11} />
                </Bar>
                <Bar
                  dataKey="joined"
                  fill={colors.secondary}
                  radius={[0, 3, 3, 0]}
                  barSize={8}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <LegendRow items={legend} />
        </>
      )}
    </ChartCard>
  );
}

function LegendRow({ items }: { items: { label: string; color: string; faint?: boolean }[] }) {
  return (
    <Group gap="md" mt={6} justify="center">
      {items.map((item) => (
        <Group key={item.label} gap={6} wrap="nowrap">
          <Swatch color={item.color} size={10} square />
          <Text size="xs" c="dimmed">
            {item.label}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

/**
 * One distribution: the chosen group's (with its own targets), or all groups' counts together against the
 * workspace targets.
 */
export function combinedTiers(
  groups: readonly GroupTierDistribution[],
  workspace: TierRulesView | undefined,
): (TierDistribution & { unranked: number }) | null {
  if (groups.length === 1) return groups[0]!;
  if (!workspace) return null;
  const counts: Record<string, number> = {};
  let unranked = 0;
  for (const group of groups) {
    unranked += group.unranked;
    for (const share of group.shares) counts[share.tier] = (counts[share.tier] ?? 0) + share.count;
  }
  return { ...tierDistribution(counts, workspace.rules.targets), unranked };
}

export function statusColor(status: RangeStatus, colors: ChartPalette): string {
  return status === 'within' ? colors.band.green : colors.band.amber;
}

export function TierTargets(props: {
  distribution: (TierDistribution & { unranked: number }) | null | undefined;
  allGroups: boolean;
}) {
  const { t, number } = useHealthFormat();
  const colors = useChartColors();
  const distribution = props.distribution;
  const rows = (distribution?.shares ?? []).map((share) => ({
    tier: share.tier,
    label: t(`tiers.names.${share.tier}`),
    percent: share.percent,
    count: share.count,
    status: share.status,
    target: share.target,
    range: [share.target.min, share.target.max],
  }));
  const max = Math.min(
    100,
    Math.ceil(Math.max(60, ...rows.map((row) => Math.max(row.percent, row.target.max) + 5)) / 10) * 10,
  );
  const legend = [
    { label: t('health.tiers.target'), color: colors.faint },
    { label: t('health.tiers.within'), color: colors.band.green },
    { label: `${t('health.tiers.below')} / ${t('health.tiers.above')}`, color: colors.band.amber },
  ];
  const empty = !distribution || distribution.total === 0;
  return (
    <ChartCard
      title={t('health.tiers.title')}
      definition={t('health.tiers.hint')}
      testId="chart-tiers"
      exports={
        !empty
          ? {
              rows: () => [
                [
                  t('health.top.kind'),
                  t('health.lines.members'),
                  t('health.tiers.share'),
                  `${t('health.tiers.target')} min`,
                  `${t('health.tiers.target')} max`,
                  t('health.report.band'),
                ],
                ...rows.map((row) => [
                  row.label,
                  row.count,
                  row.percent,
                  row.target.min,
                  row.target.max,
                  t(`health.tiers.${row.status}`),
                ]),
              ],
              legend,
            }
          : null
      }
    >
      {empty ? (
        <ChartPlaceholder empty={distribution !== undefined} text={t('health.tiers.empty')} height={160} />
      ) : (
        <Stack gap={4}>
          <div style={{ width: '100%', height: 24 + tiers.length * rowHeight * 2.2 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={rows}
                layout="vertical"
                margin={{ top: 4, right: 48, bottom: 0, left: 0 }}
                barGap={2}
              >
                {horizontalAxes(
                  colors,
                  rows.map((row) => row.label),
                  { domain: [0, max], tickFormatter: (value: number) => `${value}%` },
                )}
                <Tooltip
                  cursor={{ fill: colors.cursor }}
                  formatter={(value, name, item) => {
                    const row = item.payload as (typeof rows)[number];
                    return name === 'range'
                      ? [`${row.target.min}–${row.target.max}%`, t('health.tiers.target')]
                      : [`${String(value)}%（${number(row.count)}）`, t('health.tiers.share')];
                  }}
                  {...tooltipStyle(colors)}
                />
                {/* The target range floats above the share: [min, max] is a bar from min to max. */}
                <Bar
                  dataKey="range"
                  barSize={10}
                  fill={colors.faint}
                  radius={2}
                  isAnimationActive={false}
                  className="health-tier-target"
                >
                  <LabelList
                    dataKey="range"
                    position="right"
                    fill={colors.text}
                    fillOpacity={0.75}
                    fontSize={10}
                    formatter={(value: unknown) => (Array.isArray(value) ? `${value[0]}–${value[1]}%` : '')}
                  />
                </Bar>
                <Bar dataKey="percent" barSize={12} radius={[0, 3, 3, 0]} isAnimationActive={false}>
                  {rows.map((row) => (
                    <Cell key={row.tier} fill={statusColor(row.status, colors)} />
                  ))}
                  <LabelList
                    dataKey="percent"
                    position="right"
                    fill={colors.text}
                    fontSize={11}
                    formatter={(value: unknown) => `${String(value)}%`}
                  />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <LegendRow items={legend} />
          {(distribution.unranked > 0 || props.allGroups) && (
            <Text size="xs" c="dimmed" ta="center">
              {[
                props.allGroups ? t('health.tiers.allGroupsTargets') : '',
                distribution.unranked > 0
                  ? t('health.tiers.unranked', { count: number(distribution.unranked) })
                  : '',
              ]
                .filter(Boolean)
                .join(' ')}
            </Text>
          )}
        </Stack>
      )}
    </ChartCard>
  );
}
