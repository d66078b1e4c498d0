/** Activities: the five templates of the operations guide to start from, and the activities planned so far. */
import { ActionIcon, Badge, Card, Paper, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconTrophy } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ActivityTemplate } from '../../../../shared/domain/calendar/activities';
import type { ActivityKind } from '../../../../shared/domain/calendar/contentTypes';
import { toLocal } from '../../../../shared/domain/calendar/localTime';
import type { Activity } from '../../../../shared/domain/calendar/types';
import { EmptyState } from '../../ui/EmptyState';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { describeRule } from './CadenceModal';
import { formatLocalDate } from './calendarDates';
import { ContentTypeBadge, contentTypeLabel, typeColor } from './calendarLabels';

function durationText(t: TFunction, minutes: number): string {
  if (minutes % 1440 === 0) return t('calendarUi.activities.lengthDays', { count: minutes / 1440 });
  if (minutes % 60 === 0) return t('calendarUi.activities.lengthHours', { count: minutes / 60 });
  return t('calendarUi.activities.lengthMinutes', { count: minutes });
}

function TemplateCard({
  template,
  onPick,
}: {
  template: ActivityTemplate;
  onPick(kind: ActivityKind): void;
}) {
  const { t } = useTranslation();
  const color = typeColor(template.kind);
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      component="button"
      type="button"
      onClick={() => onPick(template.kind)}
      style={{
        textAlign: 'left',
        cursor: 'pointer',
        borderTop: `3px solid var(--mantine-color-${color}-filled)`,
      }}
      data-testid={`activity-template-${template.kind}`}
    >
      <Stack gap={4}>
        <Text fw={600} size="sm">
          {contentTypeLabel(t, template.kind)}
        </Text>
        <Badge size="xs" variant="light" color={color} radius="sm" w="fit-content">
          {t(`calendar.goals.${template.goal}`)}
        </Badge>
        <Text size="xs" c="dimmed" lh={1.4}>
          {template.cadence ? describeRule(t, template.cadence) : t('calendarUi.activities.noRhythm')}
        </Text>
        <Text size="xs" c="dimmed" lh={1.4}>
          {template.rewardLadder.length > 0
            ? t('calendarUi.activities.ladderText', { days: template.rewardLadder.join(' / ') })
            : durationText(t, template.durationMinutes)}
        </Text>
      </Stack>
    </Card>
  );
}

export function ActivitiesPanel(props: {
  groupId: number | null;
  onNew(kind: ActivityKind): void;
  onOpen(activity: Activity): void;
}) {
  const { t, i18n } = useTranslation();
  const { number } = useFormat();
  const shortDate = (date: string) =>
    formatLocalDate(date, i18n.language, { year: 'numeric', month: 'short', day: 'numeric' });
  const { data: templates } = useChannel('activities.templates', {});
  const { data: activities } = useChannel(
    'activities.list',
    props.groupId === null ? {} : { groupId: props.groupId },
    ['activities', 'groups'],
  );
  const sorted = [...(activities ?? [])].sort((a, b) => b.startsAt.localeCompare(a.startsAt));

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Text fw={600}>{t('calendarUi.activities.templates')}</Text>
        <SimpleGrid cols={5} spacing="sm">
          {(templates ?? []).map((template) => (
            <TemplateCard key={template.kind} template={template} onPick={props.onNew} />
          ))}
        </SimpleGrid>
      </Stack>
      <Stack gap="xs">
        <Text fw={600}>{t('calendarUi.activities.planned')}</Text>
        {activities && sorted.length === 0 ? (
          <Paper withBorder>
            <EmptyState
              icon={<IconTrophy size={32} />}
              title={t('calendarUi.activities.emptyTitle')}
              text={t('calendarUi.activities.emptyText')}
            />
          </Paper>
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={820}>
              <Table
                layout="fixed"
                verticalSpacing="sm"
                horizontalSpacing="md"
                highlightOnHover
                data-testid="activities-table"
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('calendarUi.activities.columns.title')}</Table.Th>
                    <Table.Th w={120}>{t('calendarUi.activities.columns.kind')}</Table.Th>
                    <Table.Th w={140}>{t('calendarUi.activities.columns.group')}</Table.Th>
                    <Table.Th w={250}>{t('calendarUi.activities.columns.when')}</Table.Th>
                    <Table.Th w={90}>{t('calendarUi.activities.columns.goal')}</Table.Th>
                    <Table.Th w={80} ta="right">
                      {t('calendarUi.activities.columns.checkIns')}
                    </Table.Th>
                    <Table.Th w={56} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sorted.map((activity) => {
                    const end = toLocal(Date.parse(activity.endsAt), activity.utcOffsetMinutes).date;
                    return (
                      <Table.Tr
                        key={activity.id}
                        style={{ cursor: 'pointer' }}
                        onClick={() => props.onOpen(activity)}
                        data-testid="activity-row"
                      >
                        <Table.Td>
                          <Text size="sm" fw={600} truncate>
                            {activity.title}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <ContentTypeBadge type={activity.kind} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" truncate>
                            {activity.groupName}
                          </Text>
                        </Table.Td>
                        <Table.Td className="tabular">
                          <Text size="sm" truncate>
                            {shortDate(activity.localDate)} {activity.localTime}
                            {end !== activity.localDate ? ` → ${shortDate(end)}` : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{t(`calendar.goals.${activity.goal}`)}</Text>
                        </Table.Td>
                        <Table.Td ta="right" className="tabular">
                          {activity.kind === 'checkin_challenge' ? number(activity.checkInCount) : '—'}
                        </Table.Td>
                        <Table.Td>
                          <Tooltip label={t('common.edit')}>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('common.edit')}>
                              <IconPencil size={18} />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
    </Stack>
  );
}
