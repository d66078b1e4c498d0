/** Monthly join cohorts × months since joining; each cell shaded by its share (still present or still speaking). */
import { SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { CohortReport } from '../../../../shared/domain/health/types';
import { ChartCard, ChartPlaceholder, NumberCell } from './parts';
import { useChartColors, useHealthFormat } from './healthFormat';

type Measure = 'present' | 'speaking';

export function CohortTable({ report }: { report: CohortReport | undefined }) {
  const { t, percent, number } = useHealthFormat();
  const colors = useChartColors();
  const [measure, setMeasure] = useState<Measure>('present');
  const offsets = Math.max(0, ...(report?.cohorts ?? []).map((row) => row.cells.length));
  const toggle = (
    <SegmentedControl
      size="xs"
      value={measure}
      onChange={(value) => setMeasure(value as Measure)}
      data={[
        { value: 'present', label: t('health.cohorts.present') },
        { value: 'speaking', label: t('health.cohorts.speaking') },
      ]}
      data-testid="cohort-measure"
    />
  );
  return (
    <ChartCard
      title={t('health.sections.cohorts')}
      definition={t('health.sections.cohortsHint')}
      testId="chart-cohorts"
      extra={toggle}
      exports={
        report && report.cohorts.length > 0
          ? {
              rows: () => [
                [
                  t('health.cohorts.month'),
                  t('health.cohorts.joined'),
                  t('health.cohorts.offsetColumn'),
                  t('health.cohorts.present'),
                  t('health.cohorts.speaking'),
                  t('health.cohorts.partial'),
                ],
                ...report.cohorts.flatMap((row) =>
                  row.cells.map((cell) => [
                    row.month,
                    row.joined,
                    cell.offset,
                    cell.present,
                    cell.speaking,
                    cell.partial ? 1 : 0,
                  ]),
                ),
              ],
            }
          : null
      }
    >
      {!report || report.cohorts.length === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} text={t('health.cohorts.empty')} height={160} />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table withRowBorders={false} verticalSpacing={4} horizontalSpacing={6} data-testid="cohort-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>
                  <Text size="xs" c="dimmed">
                    {t('health.cohorts.month')}
                  </Text>
                </Table.Th>
                <Table.Th ta="right">
                  <Text size="xs" c="dimmed">
                    {t('health.cohorts.joined')}
                  </Text>
                </Table.Th>
                {Array.from({ length: offsets }, (_, offset) => (
                  <Table.Th key={offset} ta="center">
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {offset === 0 ? t('health.cohorts.offset0') : t('health.cohorts.offset', { n: offset })}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.cohorts.map((row) => (
                <Table.Tr key={row.month} data-testid="cohort-row">
                  <Table.Td>
                    <Text size="sm" className="tabular">
                      {row.month}
                    </Text>
                  </Table.Td>
                  <NumberCell>{number(row.joined)}</NumberCell>
                  {Array.from({ length: offsets }, (_, offset) => {
                    const cell = row.cells[offset];
                    if (!cell) return <Table.Td key={offset} />;
                    const count = measure === 'present' ? cell.present : cell.speaking;
                    const share = row.joined > 0 ? count / row.joined : 0;
                    const strong = share > 0.55;
                    return (
                      <Table.Td key={offset} p={2}>
                        <Tooltip
                          label={`${number(count)} / ${number(row.joined)}${cell.partial ? ` · ${t('health.cohorts.partial')}` : ''}`}
                        >
                          <Text
                            size="xs"
                            ta="center"
                            fw={600}
                            className="tabular"
                            py={6}
                            style={{
                              borderRadius: 4,
                              background: colors.scale(share),
                              color: strong ? '#fff' : undefined,
                              fontStyle: cell.partial ? 'italic' : undefined,
                              opacity: cell.partial ? 0.85 : 1,
                            }}
                          >
                            {percent(share)}
                          </Text>
                        </Tooltip>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </ChartCard>
  );
}
