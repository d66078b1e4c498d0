/** The cards leading the dashboard: one per group, with its status, each banded metric, its trend and what changed. */
import {
  Badge,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import {
  IconArrowDownRight,
  IconArrowRight,
  IconArrowUpRight,
  IconMinus,
  type Icon,
} from '@tabler/icons-react';
import type { MetricChange, TrendDirection } from '../../../../shared/domain/health/evaluate';
import { bandedMetricIds, contextMetricIds } from '../../../../shared/domain/health/metrics';
import type { CardMetric, HealthCard } from '../../../../shared/domain/health/types';
import { ragColors, useHealthFormat, verdictColors } from './healthFormat';
import { Swatch } from './parts';

const trendIcons: Record<TrendDirection, Icon> = {
  up: IconArrowUpRight,
  down: IconArrowDownRight,
  flat: IconArrowRight,
  unknown: IconMinus,
};

export function RagBadge({ rag, testId }: { rag: HealthCard['status']; testId?: string }) {
  const { t } = useHealthFormat();
  return (
    <Badge
      variant="light"
      color={rag ? ragColors[rag] : 'gray'}
      radius="sm"
      leftSection={<Swatch color={`var(--mantine-color-${rag ? ragColors[rag] : 'gray'}-filled)`} />}
      data-testid={testId}
      data-rag={rag ?? 'none'}
    >
      {t(`health.rag.${rag ?? 'none'}`)}
    </Badge>
  );
}

function MetricRow({ item }: { item: CardMetric }) {
  const format = useHealthFormat();
  const { t } = format;
  const TrendIcon = trendIcons[item.trend.direction];
  const value = format.metric(item.metric, item.current);
  const missing = item.current.value === null;
  const counts =
    item.current.numerator !== undefined && item.current.denominator !== undefined
      ? ` (${format.number(item.current.numerator)} / ${format.number(item.current.denominator)})`
      : '';
  const bands = item.bands
    ? t('health.card.bands', { amber: format.percent(item.bands.amber), red: format.percent(item.bands.red) })
    : '';
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" data-testid={`card-metric-${item.metric}`}>
      <Tooltip
        label={`${format.metricDefinition(item.metric)}${bands ? `\n${bands}` : ''}`}
        multiline
        w={300}
        position="top-start"
        style={{ whiteSpace: 'pre-line' }}
      >
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Swatch
            color={
              item.rag
                ? `var(--mantine-color-${ragColors[item.rag]}-filled)`
                : 'var(--mantine-color-default-border)'
            }
          />
          <Text size="sm" truncate style={{ cursor: 'help' }}>
            {format.metricName(item.metric)}
          </Text>
        </Group>
      </Tooltip>
      <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
        <Tooltip
          label={`${value}${counts} · ${t('health.trend.previous', { value: format.metric(item.metric, item.previous) })}`}
        >
          <Text size="sm" fw={missing ? 400 : 600} c={missing ? 'dimmed' : undefined} className="tabular">
            {value}
          </Text>
        </Tooltip>
        <TrendIcon
          size={16}
          color={`var(--mantine-color-${verdictColors[item.trend.verdict]}-${item.trend.verdict === 'neutral' ? 'text' : 'filled'})`}
          aria-label={t(`health.trend.${item.trend.direction}`)}
          data-trend={item.trend.direction}
        />
      </Group>
    </Group>
  );
}

function ChangeLine({ change }: { change: MetricChange }) {
  const format = useHealthFormat();
  const card = {
    current: { value: change.to, status: 'ok' as const },
    previous: { value: change.from, status: 'ok' as const },
  };
  const text = format.t(`health.changes.${change.kind}`, {
    metric: format.metricName(change.metric),
    from: format.metric(change.metric, card.previous),
    to: format.metric(change.metric, card.current),
    rag: change.toRag ? format.t(`health.rag.${change.toRag}`) : '',
  });
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text size="xs" c={verdictColors[change.verdict]} lh={1.5}>
        ●
      </Text>
      <Text size="xs" c="dimmed" lh={1.5}>
        {text}
      </Text>
    </Group>
  );
}

export function HealthCardView(props: { card: HealthCard; selected: boolean; onSelect(): void }) {
  const format = useHealthFormat();
  const { card } = props;
  const banded = card.metrics.filter((item) => (bandedMetricIds as readonly string[]).includes(item.metric));
  const context = card.metrics.filter((item) =>
    (contextMetricIds as readonly string[]).includes(item.metric),
  );
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      data-testid="health-card"
      data-selected={props.selected || undefined}
      style={{
        borderColor: props.selected ? 'var(--mantine-primary-color-filled)' : undefined,
        boxShadow: props.selected ? '0 0 0 1px var(--mantine-primary-color-filled)' : undefined,
      }}
    >
      <Stack gap="sm" h="100%">
        <UnstyledButton
          onClick={props.onSelect}
          aria-label={format.t('health.card.select')}
          aria-pressed={props.selected}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={600} truncate data-testid="health-card-name">
              {card.groupName}
            </Text>
            <RagBadge rag={card.status} testId="health-card-status" />
          </Group>
        </UnstyledButton>
        <Stack gap={4}>
          {banded.map((item) => (
            <MetricRow key={item.metric} item={item} />
          ))}
        </Stack>
        <Group
          gap="lg"
          wrap="wrap"
          pt={6}
          style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
        >
          {context.map((item) => (
            <Tooltip key={item.metric} label={format.metricDefinition(item.metric)} multiline w={260}>
              <Stack gap={0} style={{ cursor: 'help' }}>
                <Text size="xs" c="dimmed">
                  {format.metricName(item.metric)}
                </Text>
                <Text size="sm" fw={600} className="tabular">
                  {format.metric(item.metric, item.current)}
                </Text>
              </Stack>
            </Tooltip>
          ))}
        </Group>
        <Stack gap={2} style={{ flex: 1 }} data-testid="health-card-changes">
          <Text size="xs" fw={600} c="dimmed">
            {format.t('health.changes.title')}
          </Text>
          {card.changes.length ? (
            card.changes.map((change) => <ChangeLine key={change.metric} change={change} />)
          ) : (
            <Text size="xs" c="dimmed">
              {format.t('health.changes.none')}
            </Text>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

export function HealthCards(props: {
  cards: HealthCard[] | undefined;
  groupId: number | null;
  onSelect(groupId: number | null): void;
}) {
  if (!props.cards) {
    return (
      <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="md">
        {[0, 1, 2].map((index) => (
          <Skeleton key={index} h={360} radius="md" />
        ))}
      </SimpleGrid>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="md" data-testid="health-cards">
      {props.cards.map((card) => (
        <HealthCardView
          key={card.groupId}
          card={card}
          selected={props.groupId === card.groupId}
          onSelect={() => props.onSelect(props.groupId === card.groupId ? null : card.groupId)}
        />
      ))}
    </SimpleGrid>
  );
}
