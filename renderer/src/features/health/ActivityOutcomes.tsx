/**
 * Beside the health cards: the conversion rate of each activity in the range (with its band and the overall rate)
 * and the sensitive-word hits by category that stand behind the complaint rate.
 */
import { Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Bar, BarChart, LabelList, ResponsiveContainer, Tooltip as ChartTooltip } from 'recharts';
import type { ConversionReport, ViolationReport } from '../../../../shared/domain/health/types';
import { ragColors, useChartColors, useHealthFormat } from './healthFormat';
import { horizontalAxes, rowHeight, tooltipStyle } from './MemberMix';
import { ChartCard, ChartPlaceholder, NumberCell, Swatch } from './parts';

export function ActivityConversions(props: { report: ConversionReport | undefined; allGroups: boolean }) {
  const format = useHealthFormat();
  const { t, number, percent } = format;
  const { report } = props;
  const rows = report?.activities ?? [];
  const rateText = (rate: number | null) =>
    rate === null ? t('health.conversions.notEntered') : percent(rate);
  const total =
    report && report.total.value !== null
      ? t('health.conversions.total', {
          rate: percent(report.total.value),
          converted: number(report.total.numerator ?? 0),
          reached: number(report.total.denominator ?? 0),
          count: number(rows.filter((row) => row.rate !== null).length),
        })
      : null;
  return (
    <ChartCard
      title={t('health.sections.conversions')}
      definition={`${t('health.conversions.hint')} ${t('health.card.bands', {
        amber: percent(report?.bands.amber ?? 0),
        red: percent(report?.bands.red ?? 0),
      })}`}
      testId="activity-conversions"
      exports={
        rows.length > 0
          ? {
              rows: () => [
                [
                  t('health.conversions.date'),
                  t('health.conversions.group'),
                  t('health.conversions.activity'),
                  t('health.conversions.reached'),
                  t('health.conversions.converted'),
                  t('health.conversions.rate'),
                  t('health.conversions.band'),
                ],
                ...rows.map((row) => [
                  row.date,
                  row.groupName,
                  row.title,
                  row.reached,
                  row.converted ?? '',
                  row.rate === null ? '' : Math.round(row.rate * 10_000) / 10_000,
                  row.rag ? t(`health.rag.${row.rag}`) : '',
                ]),
              ],
            }
          : null
      }
    >
      {!report || rows.length === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} text={t('health.conversions.empty')} height={120} />
      ) : (
        <Stack gap="xs">
          {total && (
            <Text size="sm" fw={500} className="tabular" data-testid="conversion-total">
              {total}
            </Text>
          )}
          <Table.ScrollContainer minWidth={420} mah={320}>
            <Table verticalSpacing={5} horizontalSpacing="xs" highlightOnHover stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('health.conversions.activity')}</Table.Th>
                  <Table.Th ta="right">{t('health.conversions.reached')}</Table.Th>
                  <Table.Th ta="right">{t('health.conversions.converted')}</Table.Th>
                  <Table.Th ta="right">{t('health.conversions.rate')}</Table.Th>
                  <Table.Th>{t('health.conversions.band')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.activityId} data-testid="conversion-row">
                    <Table.Td maw={240}>
                      <Text size="sm" truncate>
                        {row.title}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {props.allGroups ? `${row.date} · ${row.groupName}` : row.date}
                      </Text>
                    </Table.Td>
                    <NumberCell>{number(row.reached)}</NumberCell>
                    <Table.Td ta="right">
                      <Tooltip
                        label={row.basis ? t(`health.conversions.basis.${row.basis}`) : ''}
                        disabled={!row.basis}
                      >
                        <Text size="sm" className="tabular" c={row.converted === null ? 'dimmed' : undefined}>
                          {row.converted === null ? '—' : number(row.converted)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <NumberCell strong>{rateText(row.rate)}</NumberCell>
                    <Table.Td>
                      {row.rag && (
                        <Group gap={6} wrap="nowrap" data-rag={row.rag}>
                          <Swatch color={`var(--mantine-color-${ragColors[row.rag]}-filled)`} />
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {t(`health.rag.${row.rag}`)}
                          </Text>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </ChartCard>
  );
}

export function ViolationCategories({ report }: { report: ViolationReport | undefined }) {
  const { t, number } = useHealthFormat();
  const colors = useChartColors();
  const rows = (report?.categories ?? []).map((row) => ({
    label: t(`sensitive.category.${row.category}`, { defaultValue: row.category }),
    hits: row.hits,
  }));
  const hitsLabel = t('health.violations.hits');
  return (
    <ChartCard
      title={t('health.sections.violations')}
      definition={t('health.violations.hint')}
      testId="chart-violations"
      exports={
        rows.length > 0
          ? {
              rows: () => [
                [t('health.violations.category'), hitsLabel],
                ...rows.map((row) => [row.label, row.hits]),
              ],
              legend: [{ label: hitsLabel, color: colors.negative }],
            }
          : null
      }
    >
      {!report ? (
        <ChartPlaceholder empty={false} height={120} />
      ) : report.status === 'noScan' || rows.length === 0 ? (
        <ChartPlaceholder
          empty
          text={t(report.status === 'noScan' ? 'health.violations.noScan' : 'health.violations.none')}
          height={120}
        />
      ) : (
        <Stack gap={4}>
          <div style={{ width: '100%', height: 24 + rows.length * rowHeight }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 40, bottom: 0, left: 0 }}>
                {horizontalAxes(
                  colors,
                  rows.map((row) => row.label),
                  { allowDecimals: false },
                )}
                <ChartTooltip
                  cursor={{ fill: colors.cursor }}
                  formatter={(value) => [number(Number(value)), hitsLabel]}
                  {...tooltipStyle(colors)}
                />
                <Bar
                  dataKey="hits"
                  fill={colors.negative}
                  radius={[0, 3, 3, 0]}
                  barSize={14}
                  isAnimationActive={false}
                >
                  <LabelList dataKey="hits" position="right" fill={colors.text} fontSize={11} />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <Group justify="flex-end">
            <Text size="xs" c="dimmed" className="tabular">
              {t('health.violations.scanned', {
                scanned: number(report.scannedMessages),
                complaints: number(report.complaintMessages),
              })}
            </Text>
          </Group>
        </Stack>
      )}
    </ChartCard>
  );
}
