import { Chip, Group } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { allWeekdays } from '../../../../shared/domain/calendar/localTime';

/** Without the check icon a chosen day keeps the same width as the others. */
const compactChip = { '--chip-padding': '8px', '--chip-checked-padding': '8px' } as CSSProperties;

/** Seven compact toggles (一 二 三 … / M T W …), Monday first; values are ISO weekdays as strings. */
export function WeekdayPicker(props: {
  value: string[];
  onChange(value: string[]): void;
  disabled?: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <Chip.Group multiple value={props.value} onChange={props.onChange}>
      <Group gap={3} wrap="nowrap" role="group" aria-label={props.label}>
        {allWeekdays.map((day) => (
          <Chip
            key={day}
            value={String(day)}
            size="xs"
            radius="sm"
            disabled={props.disabled}
            styles={{ iconWrapper: { display: 'none' } }}
            style={compactChip}
            aria-label={t(`calendar.weekdays.${day}`)}
          >
            {t(`calendarUi.weekdayShort.${day}`)}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}
