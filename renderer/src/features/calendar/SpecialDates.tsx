/**
 * Festival, holiday, commerce-date and solar-term labels on the month and week views. A label opens the date's topic
 * ideas; picking one starts a calendar entry with it as the title.
 */
import { Badge, Button, Group, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBulb, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalDate } from '../../../../shared/domain/calendar/localTime';
import type { SpecialDate, SpecialDateKind } from '../../../../shared/domain/calendar/specialDates';
import type { Locale } from '../../../../shared/domain/types';
import { formatLocalDate, weekdayOf } from './calendarDates';

export const specialKindColors: Record<SpecialDateKind, string> = {
  holiday: 'red',
  workday: 'gray',
  festival: 'grape',
  commerce: 'orange',
  solar_term: 'teal',
};

export function localeOf(language: string): Locale {
  return language === 'en' ? 'en' : 'zh-CN';
}

/**
 * Days off show on each of their days; a longer festival or shopping period only where it starts and at the start of
 * each week, so a three-week 年货节 does not fill every cell.
 */
function shownOn(special: SpecialDate, date: LocalDate): boolean {
  return (
    special.kind === 'holiday' || special.kind === 'workday' || date === special.from || weekdayOf(date) === 1
  );
}

export function SpecialDateLabels(props: {
  date: LocalDate;
  dates: readonly SpecialDate[];
  onTopic(date: LocalDate, topic: string): void;
}) {
  const shown = props.dates.filter((special) => shownOn(special, props.date));
  if (shown.length === 0) return null;
  return (
    <div className="cal-specials">
      {shown.map((special) => (
        <SpecialDateLabel key={special.id} special={special} date={props.date} onTopic={props.onTopic} />
      ))}
    </div>
  );
}

function SpecialDateLabel(props: {
  special: SpecialDate;
  date: LocalDate;
  onTopic(date: LocalDate, topic: string): void;
}) {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const { special } = props;
  const locale = localeOf(i18n.language);
  const name = special.name[locale];
  const color = specialKindColors[special.kind];
  const dayOff =
    special.kind === 'holiday'
      ? t('calendarUi.special.dayOff')
      : special.kind === 'workday'
        ? t('calendarUi.special.workday')
        : null;
  const span =
    special.from === special.to
      ? formatLocalDate(special.from, i18n.language, { month: 'long', day: 'numeric', weekday: 'short' })
      : `${formatLocalDate(special.from, i18n.language, { month: 'long', day: 'numeric' })} – ${formatLocalDate(special.to, i18n.language, { month: 'long', day: 'numeric' })}`;
  const topics = special.topics[locale];
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width={320}
      position="bottom-start"
      withinPortal
      shadow="md"
    >
      <Popover.Target>
        <UnstyledButton
          className="cal-special"
          data-kind={special.kind}
          style={{
            color: `var(--mantine-color-${color}-light-color)`,
            background: `var(--mantine-color-${color}-light)`,
          }}
          onClick={() => setOpened((open) => !open)}
          title={name}
          data-testid="special-date"
          data-special-id={special.id}
        >
          {dayOff && <span className="cal-special-mark">{dayOff}</span>}
          <span className="cal-special-name">{name}</span>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="special-date-topics">
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Text fw={700}>{name}</Text>
            <Badge size="sm" radius="sm" variant="light" color={color}>
              {t(`calendar.specialKinds.${special.kind}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {span}
          </Text>
          {special.note && <Text size="xs">{special.note[locale]}</Text>}
          <Text size="sm" fw={600} mt={4}>
            {t('calendarUi.special.topics')}
          </Text>
          {topics.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t('calendarUi.special.noTopics')}
            </Text>
          ) : (
            topics.map((topic) => (
              <Group key={topic} gap={6} wrap="nowrap" justify="space-between" align="flex-start">
                <Group gap={6} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
                  <IconBulb size={14} style={{ flexShrink: 0, marginTop: 3 }} />
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {topic}
                  </Text>
                </Group>
                <Button
                  size="compact-xs"
                  variant="light"
                  leftSection={<IconPlus size={12} />}
                  style={{ flexShrink: 0 }}
                  onClick={() => {
                    setOpened(false);
                    props.onTopic(props.date, topic);
                  }}
                  data-testid="plan-topic"
                >
                  {t('calendarUi.special.plan')}
                </Button>
              </Group>
            ))
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
