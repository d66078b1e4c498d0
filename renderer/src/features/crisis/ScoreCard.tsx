/**
 * A finished drill's score card: the total and how it was reached (points per step against its target, order
 * errors, each written message against its template's rubric, personal data that must not be posted), and the
 * review draft: what went well, what to improve.
 */
import {
  Alert,
  Badge,
  Group,
  List,
  Paper,
  RingProgress,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Playbook } from '../../../../shared/domain/crisis/playbook';
import type { StepOutcome } from '../../../../shared/domain/crisis/scoring';
import type { DrillScoreCard } from '../../../../shared/domain/crisis/views';
import { formatClock, useDurations } from './crisisFormat';
import { MessageText } from './TemplatePreview';

const outcomeColors: Record<StepOutcome, string> = {
  on_time: 'teal',
  late: 'orange',
  missed: 'red',
  skipped: 'gray',
};

export function scoreColor(score: number): string {
  return score >= 80 ? 'teal' : score >= 60 ? 'yellow' : 'red';
}

export function ScoreCard({ card, definition }: { card: DrillScoreCard; definition: Playbook }) {
  const { t } = useTranslation();
  const { duration, target } = useDurations();
  const templateOf = (id: string | null) => definition.templates.find((template) => template.id === id);
  const points = (value: number) => Math.round(value * 10) / 10;
  return (
    <Stack gap="md" data-testid="score-card">
      <Paper withBorder radius="md" p="md">
        <Group gap="xl" wrap="wrap" align="center">
          <RingProgress
            size={132}
            thickness={12}
            roundCaps={card.total > 0}
            sections={[{ value: card.total, color: scoreColor(card.total) }]}
            label={
              <Stack gap={0} align="center">
                <Text fz={32} fw={700} className="tabular" data-testid="score-total">
                  {card.total}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('crisisUi.score.outOf')}
                </Text>
              </Stack>
            }
          />
          <Stack gap={6} style={{ flex: 1, minWidth: 260 }}>
            <Text fw={700} size="lg">
              {t('crisisUi.score.title')}
            </Text>
            <Text size="sm">
              {t('crisisUi.score.stepPoints', {
                points: points(card.stepPoints),
                max: card.stepMaxPoints,
              })}
              {' · '}
              {t('crisisUi.score.writingPoints', {
                points: points(card.writingPoints),
                max: card.writingMaxPoints,
              })}
            </Text>
            <Group gap={6} wrap="wrap">
              {(Object.keys(outcomeColors) as StepOutcome[]).map((outcome) => (
                <Badge key={outcome} color={outcomeColors[outcome]} variant="light">
                  {t(`crisisUi.score.outcomes.${outcome}`)} {card.counts[outcome]}
                </Badge>
              ))}
              {card.orderErrors > 0 && (
                <Badge color="orange" variant="outline">
                  {t('crisisUi.score.orderErrors', { count: card.orderErrors })}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {t('crisisUi.score.time', {
                elapsed: duration(card.elapsedSeconds),
                paused: duration(card.pausedSeconds),
              })}
            </Text>
          </Stack>
        </Group>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder radius="md" p="md" data-testid="review-went-well">
          <Text fw={600} size="sm" mb="xs" c="teal">
            {t('crisisUi.score.wentWell')}
          </Text>
          {card.review.wentWell.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {card.review.wentWell.map((line, index) => (
                <List.Item key={index}>{line.text}</List.Item>
              ))}
            </List>
          )}
        </Paper>
        <Paper withBorder radius="md" p="md" data-testid="review-to-improve">
          <Text fw={600} size="sm" mb="xs" c="orange">
            {t('crisisUi.score.toImprove')}
          </Text>
          {card.review.toImprove.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {card.review.toImprove.map((line, index) => (
                <List.Item key={index}>{line.text}</List.Item>
              ))}
            </List>
          )}
        </Paper>
      </SimpleGrid>

      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={640}>
          <Table layout="fixed" verticalSpacing="xs" horizontalSpacing="md" data-testid="score-steps">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>#</Table.Th>
                <Table.Th>{t('crisisUi.detail.step')}</Table.Th>
                <Table.Th w={120}>{t('crisis.report.target')}</Table.Th>
                <Table.Th w={100}>{t('crisisUi.score.response')}</Table.Th>
                <Table.Th w={110}>{t('crisisUi.score.outcome')}</Table.Th>
                <Table.Th w={80} ta="right">
                  {t('crisisUi.score.points')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.steps.map((step) => (
                <Table.Tr key={step.stepId} data-testid="score-step" data-outcome={step.outcome}>
                  <Table.Td className="tabular" c="dimmed">
                    {step.order + 1}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate>
                      {step.title}
                      {!step.required ? ` (${t('crisisUi.optional')})` : ''}
                    </Text>
                    {step.doneBefore.length > 0 && (
                      <Text size="xs" c="orange">
                        {t('crisisUi.score.outOfOrder')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{target(step.targetSeconds)}</Text>
                  </Table.Td>
                  <Table.Td className="tabular">
                    {step.responseSeconds === null ? '—' : formatClock(step.responseSeconds)}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={outcomeColors[step.outcome]} variant="light">
                      {t(`crisisUi.score.outcomes.${step.outcome}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {points(step.points)} / {step.maxPoints}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Stack gap="sm" data-testid="score-messages">
        <Text fw={600}>{t('crisisUi.score.messages')}</Text>
        {card.messages.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('crisisUi.score.noMessages')}
          </Text>
        )}
        {card.messages.map((message, index) => {
          const template = templateOf(message.templateId);
          const labelOf = (id: string) => template?.rubric.find((element) => element.id === id)?.label ?? id;
          return (
            <Paper key={index} withBorder radius="md" p="md" data-testid="message-grade">
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs" wrap="wrap">
                    {message.channel && (
                      <Badge variant="light">{t(`crisis.templateKinds.${message.channel}`)}</Badge>
                    )}
                    <Text fw={600} size="sm">
                      {template?.title ?? t('crisisUi.message.freeText')}
                    </Text>
                  </Group>
                  <Badge color={scoreColor(message.score * 100)} variant="filled" className="tabular">
                    {Math.round(message.score * 100)}%
                  </Badge>
                </Group>
                {(message.present.length > 0 || message.missing.length > 0) && (
                  <Group gap={4} wrap="wrap">
                    {message.present.map((id) => (
                      <Badge key={id} size="sm" color="teal" variant="light">
                        ✓ {labelOf(id)}
                      </Badge>
                    ))}
                    {message.missing.map((element) => (
                      <Badge key={element.id} size="sm" color="red" variant="outline">
                        ✗ {element.label}
                      </Badge>
                    ))}
                  </Group>
                )}
                {message.leaks.length > 0 && (
                  <Alert color="red" icon={<IconAlertTriangle size={16} />} p="xs">
                    <Text size="sm">
                      {t('crisisUi.score.leaks', {
                        items: message.leaks
                          .map((leak) => `${t(`crisisUi.score.leakKinds.${leak.kind}`)} ${leak.text}`)
                          .join('、'),
                      })}
                    </Text>
                  </Alert>
                )}
                <MessageText text={message.text} />
              </Stack>
            </Paper>
          );
        })}
        {card.unwrittenTemplates.length > 0 && (
          <Text size="sm" c="red">
            {t('crisisUi.score.unwritten', {
              titles: card.unwrittenTemplates.map((id) => templateOf(id)?.title ?? id).join('、'),
            })}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
