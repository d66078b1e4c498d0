/** Building blocks shared by the dashboard's charts, tables and cards. */
import { Card, Center, Group, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { DataEntity } from '../../../../shared/ipc/contract';
import { useHealthFormat } from './healthFormat';

export const chartHeight = 220;
/** The data the dashboard is made of; thresholds are audited, so 'audit' brings their changes too. */
export const healthEntities: readonly DataEntity[] = ['groups', 'members', 'messages', 'imports', 'audit'];

/** Card frame of a chart: title, the definition behind an info icon, and the chart (or a placeholder). */
export function ChartCard(props: {
  title: string;
  definition?: string;
  testId: string;
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="md" data-testid={props.testId}>
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
        {props.extra}
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
