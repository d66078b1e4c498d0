/** Who talks, about what, in which form, and how often: top members, top words, kind mix, members by active days. */
import { Badge, Group, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ActiveDaysBucket, TopReport } from '../../../../shared/domain/health/types';
import { ChartCard, ChartPlaceholder, chartHeight, NumberCell, Swatch } from './parts';
import { useChartColors, useHealthFormat } from './healthFormat';

export function TopMembers({ report }: { report: TopReport | undefined }) {
  const { t, number } = useHealthFormat();
  return (
    <ChartCard
      title={t('health.sections.members')}
      testId="top-members"
      exports={
        report && report.members.length > 0
          ? {
              rows: () => [
                ['#', t('health.top.member'), t('health.top.messages'), t('health.top.activeDays')],
                ...report.members.map((member, index) => [
                  index + 1,
                  member.name,
                  member.messages,
                  member.activeDays,
                ]),
              ],
            }
          : null
      }
    >
      {!report || report.members.length === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} text={t('health.top.noMembers')} height={120} />
      ) : (
        <Table verticalSpacing={5} horizontalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={28} />
              <Table.Th>{t('health.top.member')}</Table.Th>
              <Table.Th ta="right">{t('health.top.messages')}</Table.Th>
              <Table.Th ta="right">{t('health.top.activeDays')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.members.map((member, index) => (
              <Table.Tr key={member.memberId} data-testid="top-member">
                <Table.Td>
                  <Text size="xs" c="dimmed" className="tabular">
                    {index + 1}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" truncate maw={220}>
                    {member.name}
                  </Text>
                </Table.Td>
                <NumberCell strong>{number(member.messages)}</NumberCell>
                <NumberCell>{number(member.activeDays)}</NumberCell>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ChartCard>
  );
}

export function TopWords({ report }: { report: TopReport | undefined }) {
  const { t, number } = useHealthFormat();
  const top = report?.words[0]?.messages ?? 1;
  return (
    <ChartCard
      title={t('health.sections.words')}
      definition={report ? t('health.top.wordSample', { count: number(report.wordSample) }) : undefined}
      testId="top-words"
      exports={
        report && report.words.length > 0
          ? {
              rows: () => [
                [t('health.top.word'), t('health.top.messages')],
                ...report.words.map((word) => [word.word, word.messages]),
              ],
            }
          : null
      }
    >
      {!report || report.words.length === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} text={t('health.top.noWords')} height={120} />
      ) : (
        <Group gap={8}>
          {report.words.map((word) => {
            const weight = word.messages / top;
            return (
              <Tooltip key={word.word} label={t('health.top.wordMessages', { count: number(word.messages) })}>
                <Badge
                  variant={weight > 0.5 ? 'filled' : 'light'}
                  size={weight > 0.66 ? 'xl' : weight > 0.33 ? 'lg' : 'md'}
                  radius="sm"
                  data-testid="top-word"
                >
                  {word.word}
                </Badge>
              </Tooltip>
            );
          })}
        </Group>
      )}
    </ChartCard>
  );
}

export function KindMix({ report }: { report: TopReport | undefined }) {
  const { t, number, percent } = useHealthFormat();
  const total = report?.kinds.reduce((sum, kind) => sum + kind.messages, 0) ?? 0;
  const colors = ['brand', 'blue', 'grape', 'orange', 'cyan', 'pink', 'indigo', 'gray'];
  return (
    <ChartCard
      title={t('health.sections.kinds')}
      testId="kind-mix"
      exports={
        report && total > 0
          ? {
              rows: () => [
                [t('health.top.kind'), t('health.top.messages'), t('health.top.share')],
                ...report.kinds.map((kind) => [
                  t(`health.kinds.${kind.kind}`),
                  kind.messages,
                  Math.round((kind.messages / total) * 10_000) / 10_000,
                ]),
              ],
            }
          : null
      }
    >
      {!report || total === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} />
      ) : (
        <Stack gap="sm">
          <Progress.Root size={14} radius="sm">
            {report.kinds.map((kind, index) => (
              <Tooltip key={kind.kind} label={`${t(`health.kinds.${kind.kind}`)} ${number(kind.messages)}`}>
                <Progress.Section
                  value={(kind.messages / total) * 100}
                  color={colors[index % colors.length]}
                />
              </Tooltip>
            ))}
          </Progress.Root>
          <Stack gap={4}>
            {report.kinds.map((kind, index) => (
              <Group key={kind.kind} justify="space-between" wrap="nowrap">
                <Group gap={6} wrap="nowrap">
                  <Swatch
                    color={`var(--mantine-color-${colors[index % colors.length]}-filled)`}
                    size={10}
                    square
                  />
                  <Text size="sm">{t(`health.kinds.${kind.kind}`)}</Text>
                </Group>
                <Text size="sm" className="tabular" c="dimmed">
                  {number(kind.messages)} · {percent(kind.messages / total)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Stack>
      )}
    </ChartCard>
  );
}

function bucketLabel(bucket: ActiveDaysBucket, t: ReturnType<typeof useHealthFormat>['t']): string {
  if (bucket.max === 0) return t('health.activeDays.none');
  if (bucket.max === 1 && bucket.min === 1) return t('health.activeDays.one');
  if (bucket.max === null) return t('health.activeDays.atLeast', { min: bucket.min });
  return t('health.activeDays.between', { min: bucket.min, max: bucket.max });
}

export function ActiveDays({ report }: { report: TopReport | undefined }) {
  const { t, number } = useHealthFormat();
  const colors = useChartColors();
  const rows = (report?.activeDays ?? []).map((bucket) => ({
    label: bucketLabel(bucket, t),
    members: bucket.members,
  }));
  const empty = rows.every((row) => row.members === 0);
  return (
    <ChartCard
      title={t('health.sections.activeDays')}
      definition={t('health.metrics.activeDaysPerMember.definition')}
      testId="chart-activeDays"
      exports={
        report && !empty
          ? {
              rows: () => [
                [t('health.sections.activeDays'), t('health.lines.members')],
                ...rows.map((row) => [row.label, row.members]),
              ],
              legend: [{ label: t('health.lines.members'), color: colors.primary }],
            }
          : null
      }
    >
      {!report || empty ? (
        <ChartPlaceholder empty={Boolean(report)} />
      ) : (
        <div style={{ width: '100%', height: chartHeight }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="label"
                tick={{ fill: colors.text, fontSize: 11 }}
                stroke={colors.axis}
                interval={0}
              />
              <YAxis
                tick={{ fill: colors.text, fontSize: 11 }}
                stroke={colors.axis}
                width={40}
                allowDecimals={false}
              />
              <ChartTooltip
                cursor={{ fill: colors.cursor }}
                formatter={(value) => [number(Number(value)), t('health.lines.members')]}
                contentStyle={{
                  background: colors.surface,
                  borderColor: colors.border,
                  borderRadius: 6,
                  fontSize: 12,
                }}
                labelStyle={{ color: colors.text }}
                itemStyle={{ color: colors.text }}
              />
              <Bar dataKey="members" fill={colors.primary} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </ChartCard>
  );
}
