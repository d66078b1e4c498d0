/**
 * The app's date and time fields. A date is typed as YYYY-MM-DD or picked in a calendar that speaks the app's
 * language and starts the week on Monday. The browser's own date input took its format and first weekday from the
 * operating system (mm/dd/yyyy on an English Windows beside a Chinese screen) and ignored the dark theme.
 */
import { Group, Input } from '@mantine/core';
import { DateInput, DatesProvider, TimePicker, useDatesContext } from '@mantine/dates';
import { IconCalendar, IconClock } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useId, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import 'dayjs/locale/zh-cn';
import type { Locale } from '../../../shared/domain/types';

const dayjsLocales: Record<Locale, string> = { 'zh-CN': 'zh-cn', en: 'en' };

/** How the calendar names months, years and days: 2026年11月 as Chinese writes it (dayjs would give 十一月 2026). */
const calendarFormats: Record<string, { month: string; year: string; day: string }> = {
  'zh-cn': { month: 'YYYY年M月', year: 'YYYY年', day: 'YYYY年M月D日' },
  en: { month: 'MMMM YYYY', year: 'YYYY', day: 'D MMMM YYYY' },
};

/** Wraps the app so every date field and calendar follows its language (Monday first in both). */
export function DatesLocale({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <DatesProvider settings={{ locale: dayjsLocales[locale], firstDayOfWeek: 1, consistentWeeks: true }}>
      {children}
    </DatesProvider>
  );
}

export interface DateFieldProps {
  /** A local date, YYYY-MM-DD, or '' when empty (as a form's text field holds it). */
  value: string;
  onChange(value: string): void;
  id?: string;
  label?: ReactNode;
  description?: ReactNode;
  'aria-label'?: string;
  /** Earliest and latest dates accepted, typed or picked (YYYY-MM-DD). */
  min?: string | undefined;
  max?: string | undefined;
  /** Where the calendar of an empty field opens (the other end of a from–to pair), when not at `min` or today. */
  near?: string | undefined;
  error?: ReactNode;
  required?: boolean;
  /** Whether the field has a button that empties it (default: unless required). */
  clearable?: boolean;
  disabled?: boolean;
  size?: 'xs' | 'sm' | 'md';
  w?: number | string;
  style?: CSSProperties;
  'data-testid'?: string;
}

/**
 * The calendar opens on a click or ArrowDown, not on focus, and closes once a date is typed or picked: left open
 * under a typed date, it covered the fields below it, where the next click went.
 */
export function DateField({ value, onChange, min, max, near, required, clearable, ...rest }: DateFieldProps) {
  const [calendarOpen, setCalendarOpen] = useState(false);
  // The month the calendar shows when it opens: the value's, else the other end's, else where the accepted range
  // starts, else today's.
  const [shownMonth, setShownMonth] = useState<string | undefined>(undefined);
  const openCalendar = () => {
    if (!calendarOpen) setShownMonth(value || near || min || max || dayjs().format('YYYY-MM-DD'));
    setCalendarOpen(true);
  };
  const locale = useDatesContext().getLocale();
  const formats = calendarFormats[locale] ?? calendarFormats.en!;
  return (
    <DateInput
      {...rest}
      value={value === '' ? null : value}
      onChange={(next) => {
        setCalendarOpen(false);
        onChange(next ?? '');
      }}
      onClick={openCalendar}
      onBlur={() => setCalendarOpen(false)}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') openCalendar();
        else if (event.key === 'Escape' || event.key === 'Enter') setCalendarOpen(false);
      }}
      valueFormat="YYYY-MM-DD"
      placeholder="YYYY-MM-DD"
      monthLabelFormat={formats.month}
      yearLabelFormat={formats.year}
      getDayAriaLabel={(date) => dayjs(date).locale(locale).format(formats.day)}
      highlightToday
      date={shownMonth}
      onDateChange={setShownMonth}
      minDate={min || undefined}
      maxDate={max || undefined}
      required={required}
      clearable={clearable ?? !required}
      leftSection={<IconCalendar size={16} stroke={1.6} />}
      leftSectionPointerEvents="none"
      popoverProps={{ withinPortal: true, opened: calendarOpen, onDismiss: () => setCalendarOpen(false) }}
    />
  );
}

export interface TimeFieldProps {
  /** `HH:mm` (24-hour), or '' when empty. */
  value: string;
  onChange(value: string): void;
  label?: string;
  'aria-label'?: string;
  error?: ReactNode;
  disabled?: boolean;
  size?: 'xs' | 'sm' | 'md';
  w?: number | string;
  'data-testid'?: string;
}

/**
 * The one time field: 24-hour hours and minutes, typed (1430 fills both) or stepped with the arrow keys (minutes
 * by five). The
 * browser's own time input showed 10:00 AM on an English system, beside a Chinese screen that writes 10:00.
 */
export function TimeField({ value, onChange, 'aria-label': ariaLabel, ...rest }: TimeFieldProps) {
  const { t } = useTranslation();
  // The hours and minutes inputs are named after the field: 时间 时, 时间 分.
  const field = ariaLabel ?? rest.label;
  const name = field ? `${field} ` : '';
  return (
    <TimePicker
      {...rest}
      format="24h"
      value={value}
      onChange={onChange}
      minutesStep={5}
      hoursInputLabel={`${name}${t('common.hours')}`}
      minutesInputLabel={`${name}${t('common.minutes')}`}
      leftSection={<IconClock size={16} stroke={1.6} />}
      leftSectionPointerEvents="none"
    />
  );
}

export interface DateTimeFieldProps {
  /** `YYYY-MM-DDTHH:mm` in local time (see dateTimeInputValue), or '' when empty. */
  value: string;
  onChange(value: string): void;
  label?: string;
  'aria-label'?: string;
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  size?: 'xs' | 'sm' | 'md';
  w?: number | string;
  /** The date part gets `<id>-date`, the time part `<id>-time`. */
  'data-testid'?: string;
}

/**
 * A local date and time as two fields side by side, each typed or picked. A time set before any date goes on
 * today; a date set without a time starts at 00:00.
 */
export function DateTimeField(props: DateTimeFieldProps) {
  const { t } = useTranslation();
  // The label names the date part, the first of the two.
  const dateId = useId();
  const { value, onChange, size, disabled } = props;
  const name = props.label ?? props['aria-label'] ?? '';
  const testId = props['data-testid'];
  const date = value.slice(0, 10);
  const time = value.slice(11, 16);
  const combine = (nextDate: string, nextTime: string) =>
    nextDate === '' ? '' : `${nextDate}T${nextTime || '00:00'}`;
  return (
    <Input.Wrapper
      id={dateId}
      label={props.label}
      error={props.error}
      required={props.required}
      size={size}
      w={props.w}
    >
      <Group gap={6} wrap="nowrap" data-testid={testId}>
        <DateField
          id={dateId}
          value={date}
          onChange={(nextDate) => onChange(combine(nextDate, time))}
          aria-label={`${name} ${t('common.date')}`.trim()}
          required={props.required}
          disabled={disabled}
          size={size}
          error={Boolean(props.error)}
          style={{ flex: 1, minWidth: 0 }}
          data-testid={testId && `${testId}-date`}
        />
        <TimeField
          value={time}
          onChange={(nextTime) => onChange(combine(date || dayjs().format('YYYY-MM-DD'), nextTime))}
          aria-label={name}
          disabled={disabled}
          size={size}
          error={Boolean(props.error)}
          w={size === 'xs' ? 84 : 96}
          data-testid={testId && `${testId}-time`}
        />
      </Group>
    </Input.Wrapper>
  );
}
