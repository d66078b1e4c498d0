/**
 * The fields of a calendar item: title, group, content type, how it goes out, when, how long, the text (emoji
 * welcome), attachments by name, notes and the recurrence. The backend's zod schema decides what is valid; its
 * VALIDATION issues come back per field.
 */
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Collapse,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import {
  contentTypes,
  sendChannels,
  type ContentType,
  type SendChannel,
} from '../../../../shared/domain/calendar/contentTypes';
import { type LocalDate, type Weekday } from '../../../../shared/domain/calendar/localTime';
import {
  recurrenceFrequencies,
  type Recurrence,
  type RecurrenceFrequency,
} from '../../../../shared/domain/calendar/recurrence';
import { materialInsertion, type Material } from '../../../../shared/domain/calendar/materials';
import type { CalendarItem } from '../../../../shared/domain/calendar/types';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { describeError, notifyError, validationMessages } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { contentTypeLabel } from './calendarLabels';
import { formatLocalDate, instantAt } from './calendarDates';
import { MaterialPicker } from './MaterialPicker';
import { WeekdayPicker } from './WeekdayPicker';
import { DateField, TimeField } from '../../ui/DateField';

type EndKind = Recurrence['end']['kind'];

export interface ItemFormValues {
  title: string;
  groupId: string | null;
  contentType: ContentType;
  channel: SendChannel;
  date: LocalDate;
  time: string;
  durationMinutes: number | string;
  body: string;
  attachments: string[];
  notes: string;
  repeat: boolean;
  freq: RecurrenceFrequency;
  interval: number | string;
  byWeekday: string[];
  endKind: EndKind;
  until: string;
  count: number | string;
}

const formFields = [
  'title',
  'groupId',
  'contentType',
  'date',
  'durationMinutes',
  'body',
  'attachments',
  'notes',
  'recurrence',
] as const;
type FormField = (typeof formFields)[number];
type FieldErrors = Partial<Record<FormField, string>>;

/** Which field a zod issue path belongs to; startsAt is the date and time together. */
function fieldOfIssue(path: string): FormField | null {
  const first = path.split('.')[0] ?? '';
  if (first === 'startsAt') return 'date';
  return (formFields as readonly string[]).includes(first) ? (first as FormField) : null;
}

/** A few emoji operators use every day, one click away; any other can be typed or pasted. */
const quickEmoji = ['🎉', '🔥', '👍', '📢', '✅', '🎁', '⏰', '💡', '❤️', '👉'];

export function blankValues(seed: {
  groupId: number | null;
  contentType: ContentType;
  date: LocalDate;
  time: string;
  title?: string;
}): ItemFormValues {
  return {
    title: seed.title ?? '',
    groupId: seed.groupId === null ? null : String(seed.groupId),
    contentType: seed.contentType,
    channel: 'manual',
    date: seed.date,
    time: seed.time,
    durationMinutes: 30,
    body: '',
    attachments: [],
    notes: '',
    repeat: false,
    freq: 'weekly',
    interval: 1,
    byWeekday: [],
    endKind: 'never',
    until: '',
    count: 10,
  };
}

/** The form's values for a stored item; `date` overrides the item's (an occurrence of a series). */
export function valuesOf(item: CalendarItem, date?: LocalDate): ItemFormValues {
  const recurrence = item.recurrence;
  return {
    title: item.title,
    groupId: String(item.groupId),
    contentType: item.contentType,
    channel: item.channel,
    date: date ?? item.localDate,
    time: item.localTime,
    durationMinutes: item.durationMinutes,
    body: item.body,
    attachments: item.attachments,
    notes: item.notes,
    repeat: recurrence !== null,
    freq: recurrence?.freq ?? 'weekly',
    interval: recurrence?.interval ?? 1,
    byWeekday: (recurrence?.byWeekday ?? []).map(String),
    endKind: recurrence?.end.kind ?? 'never',
    until: recurrence?.end.kind === 'until' ? recurrence.end.until : '',
    count: recurrence?.end.kind === 'count' ? recurrence.end.count : 10,
  };
}

/** Empty number boxes go as NaN so the backend's rule explains them. */
const numberOf = (value: number | string) => (typeof value === 'number' ? value : Number.NaN);

function recurrenceOf(values: ItemFormValues): ChannelInput<'calendar.save'>['recurrence'] {
  if (!values.repeat) return null;
  const end: Recurrence['end'] =
    values.endKind === 'until'
      ? { kind: 'until', until: values.until }
      : values.endKind === 'count'
        ? { kind: 'count', count: numberOf(values.count) }
        : { kind: 'never' };
  return {
    freq: values.freq,
    interval: numberOf(values.interval),
    byWeekday: values.freq === 'weekly' ? values.byWeekday.map((day) => Number(day) as Weekday) : [],
    end,
  };
}

export function GroupSelect(props: {
  value: string | null;
  onChange(value: string | null): void;
  label?: string;
  placeholder?: string;
  clearable?: boolean;
  disabled?: boolean;
  error?: string | undefined;
  w?: number;
  testId?: string;
}) {
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  return (
    <Select
      w={props.w}
      label={props.label}
      placeholder={props.placeholder}
      clearable={props.clearable}
      disabled={props.disabled}
      error={props.error}
      withAsterisk={props.label !== undefined && !props.clearable}
      data={(groups ?? []).map((group) => ({ value: String(group.id), label: group.name }))}
      value={props.value}
      onChange={props.onChange}
      aria-label={props.label ?? props.placeholder}
      data-testid={props.testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function ItemForm(props: {
  initial: ItemFormValues;
  /** An occurrence of a series keeps its group and cannot repeat on its own. */
  occurrence: boolean;
  readOnly: boolean;
  /** The stored item being edited (absent: create). */
  target: { id: number; occurrenceDate?: LocalDate } | null;
  submitLabel: string;
  onSaved(item: CalendarItem): void;
  onDirty(dirty: boolean): void;
  onCancel(): void;
}) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<ItemFormValues>(props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const set = <F extends keyof ItemFormValues>(field: F, value: ItemFormValues[F]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    const errorField: FormField | null =
      field === 'time'
        ? 'date'
        : (formFields as readonly string[]).includes(field)
          ? (field as FormField)
          : 'recurrence';
    if (errorField) setErrors((previous) => ({ ...previous, [errorField]: undefined }));
    props.onDirty(true);
  };

  /** Puts text at the cursor of the body (replacing a selection) and leaves the cursor after it. */
  const insertText = (text: string) => {
    const area = bodyRef.current;
    const start = area?.selectionStart ?? values.body.length;
    const end = area?.selectionEnd ?? values.body.length;
    set('body', values.body.slice(0, start) + text + values.body.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const insertMaterial = (material: Material) => {
    const insertion = materialInsertion(material, {
      date: /^\d{4}-\d{2}-\d{2}$/.test(values.date)
        ? formatLocalDate(values.date, i18n.language, { month: 'long', day: 'numeric' })
        : '',
      group: groups?.find((group) => String(group.id) === values.groupId)?.name ?? '',
      title: values.title,
    });
    if ('attachment' in insertion) {
      if (!values.attachments.includes(insertion.attachment))
        set('attachments', [...values.attachments, insertion.attachment]);
    } else {
      insertText(insertion.text);
    }
  };

  const showError = (error: unknown) => {
    if (!(error instanceof ApiError)) return notifyError(error);
    const { code, issues } = error.payload;
    if (code === 'VALIDATION' && issues?.length) {
      const { fields, rest } = validationMessages(issues, fieldOfIssue, 'calendarUi.validation');
      setErrors(fields);
      setFormError(rest);
    } else {
      setFormError(describeError(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (values.groupId === null) {
      setErrors((previous) => ({ ...previous, groupId: t('calendarUi.validation.groupId') }));
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || !/^\d{2}:\d{2}$/.test(values.time)) {
      setErrors((previous) => ({ ...previous, date: t('calendarUi.validation.date') }));
      return;
    }
    setSaving(true);
    try {
      const groupId = Number(values.groupId);
      const { utcOffsetMinutes } = await call('cadence.get', { groupId });
      const input = {
        ...(props.target ? { id: props.target.id } : {}),
        ...(props.target?.occurrenceDate ? { occurrenceDate: props.target.occurrenceDate } : {}),
        groupId,
        title: values.title.trim(),
        contentType: values.contentType,
        channel: values.channel,
        startsAt: instantAt(values.date, values.time, utcOffsetMinutes),
        durationMinutes: numberOf(values.durationMinutes),
        body: values.body,
        attachments: values.attachments,
        notes: values.notes,
        recurrence: props.occurrence ? null : recurrenceOf(values),
      };
      const saved = await call('calendar.save', input);
      props.onDirty(false);
      props.onSaved(saved);
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const disabled = props.readOnly;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="item-form">
      <Stack gap="sm">
        <TextInput
          label={t('calendarUi.editor.title')}
          placeholder={t('calendarUi.editor.titlePlaceholder')}
          withAsterisk
          data-autofocus
          value={values.title}
          onChange={(event) => set('title', event.currentTarget.value)}
          error={errors.title}
          disabled={disabled}
          name="title"
        />
        <SimpleGrid cols={2} spacing="sm">
          <GroupSelect
            label={t('calendarUi.editor.group')}
            value={values.groupId}
            onChange={(value) => set('groupId', value)}
            disabled={disabled || props.occurrence}
            error={errors.groupId}
            testId="item-group"
          />
          <Select
            label={t('calendarUi.editor.contentType')}
            data={contentTypes.map((type) => ({ value: type, label: contentTypeLabel(t, type) }))}
            value={values.contentType}
            onChange={(value) => value && set('contentType', value as ContentType)}
            allowDeselect={false}
            disabled={disabled}
            error={errors.contentType}
            data-testid="item-content-type"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <SimpleGrid cols={3} spacing="sm">
          <DateField
            label={t('calendarUi.editor.date')}
            value={values.date}
            onChange={(value) => set('date', value)}
            error={errors.date}
            disabled={disabled}
          />
          <TimeField
            label={t('calendarUi.editor.time')}
            value={values.time}
            onChange={(value) => set('time', value)}
            disabled={disabled}
          />
          <NumberInput
            label={t('calendarUi.editor.duration')}
            suffix={t('calendarUi.editor.minutesSuffix')}
            allowDecimal={false}
            allowNegative={false}
            min={0}
            value={values.durationMinutes}
            onChange={(value) => set('durationMinutes', value)}
            error={errors.durationMinutes}
            disabled={disabled}
            name="durationMinutes"
          />
        </SimpleGrid>
        <Select
          label={t('calendarUi.editor.channel')}
          description={t('calendarUi.editor.channelHint')}
          data={sendChannels.map((channel) => ({ value: channel, label: t(`calendar.channels.${channel}`) }))}
          value={values.channel}
          onChange={(value) => value && set('channel', value as SendChannel)}
          allowDeselect={false}
          disabled={disabled}
          comboboxProps={{ withinPortal: true }}
        />
        <Stack gap={4}>
          <Textarea
            ref={bodyRef}
            label={t('calendarUi.editor.body')}
            placeholder={t('calendarUi.editor.bodyPlaceholder')}
            autosize
            minRows={4}
            maxRows={12}
            value={values.body}
            onChange={(event) => set('body', event.currentTarget.value)}
            error={errors.body}
            disabled={disabled}
            name="body"
          />
          {!disabled && (
            <Group gap={2} aria-label={t('calendarUi.editor.emoji')}>
              {quickEmoji.map((emoji) => (
                <ActionIcon
                  key={emoji}
                  variant="subtle"
                  color="gray"
                  size="sm"
                  onClick={() => insertText(emoji)}
                  aria-label={t('calendarUi.editor.insertEmoji', { emoji })}
                >
                  <span style={{ fontSize: 14 }}>{emoji}</span>
                </ActionIcon>
              ))}
              <Text size="xs" c="dimmed" ml="xs">
                {t('calendarUi.editor.characters', { count: [...values.body].length })}
              </Text>
              <Box ml="auto">
                <MaterialPicker onPick={insertMaterial} />
              </Box>
            </Group>
          )}
        </Stack>
        <TagsInput
          label={t('calendarUi.editor.attachments')}
          description={t('calendarUi.editor.attachmentsHint')}
          placeholder={values.attachments.length ? '' : t('calendarUi.editor.attachmentsPlaceholder')}
          value={values.attachments}
          onChange={(value) => set('attachments', value)}
          error={errors.attachments}
          disabled={disabled}
          clearable
          data-testid="item-attachments"
        />
        <Textarea
          label={t('calendarUi.editor.notes')}
          autosize
          minRows={1}
          maxRows={4}
          value={values.notes}
          onChange={(event) => set('notes', event.currentTarget.value)}
          error={errors.notes}
          disabled={disabled}
          name="notes"
        />
        {!props.occurrence && (
          <RecurrenceFields values={values} set={set} error={errors.recurrence} disabled={disabled} />
        )}
        {formError && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="item-form-error">
            {formError}
          </Alert>
        )}
        {!disabled && (
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onCancel}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="save-item">
              {props.submitLabel}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function RecurrenceFields(props: {
  values: ItemFormValues;
  set<F extends keyof ItemFormValues>(field: F, value: ItemFormValues[F]): void;
  error: string | undefined;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const { values, set, disabled } = props;
  return (
    <Stack gap="xs">
      <Switch
        label={t('calendarUi.recurrence.repeat')}
        checked={values.repeat}
        onChange={(event) => set('repeat', event.currentTarget.checked)}
        disabled={disabled}
        data-testid="item-repeat"
      />
      <Collapse expanded={values.repeat}>
        <Stack gap="xs" pl="md" style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}>
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <SegmentedControl
              size="xs"
              data={recurrenceFrequencies.map((freq) => ({
                value: freq,
                label: t(`calendarUi.recurrence.freq.${freq}`),
              }))}
              value={values.freq}
              onChange={(value) => set('freq', value)}
              disabled={disabled}
            />
            <NumberInput
              size="xs"
              w={150}
              label={t('calendarUi.recurrence.interval')}
              suffix={` ${t(`calendarUi.recurrence.unit.${values.freq}`)}`}
              prefix={t('calendarUi.recurrence.every')}
              allowDecimal={false}
              allowNegative={false}
              min={1}
              max={99}
              value={values.interval}
              onChange={(value) => set('interval', value)}
              disabled={disabled}
            />
          </Group>
          {values.freq === 'weekly' && (
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                {t('calendarUi.recurrence.weekdaysHint')}
              </Text>
              <WeekdayPicker
                value={values.byWeekday}
                onChange={(value) => set('byWeekday', value)}
                disabled={disabled}
                label={t('calendarUi.recurrence.weekdaysHint')}
              />
            </Stack>
          )}
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <SegmentedControl
              size="xs"
              data={(['never', 'until', 'count'] as const).map((kind) => ({
                value: kind,
                label: t(`calendarUi.recurrence.end.${kind}`),
              }))}
              value={values.endKind}
              onChange={(value) => set('endKind', value)}
              disabled={disabled}
            />
            {values.endKind === 'until' && (
              <DateField
                size="xs"
                aria-label={t('calendarUi.recurrence.end.until')}
                value={values.until}
                near={values.date}
                onChange={(value) => set('until', value)}
                disabled={disabled}
              />
            )}
            {values.endKind === 'count' && (
              <NumberInput
                size="xs"
                w={120}
                aria-label={t('calendarUi.recurrence.end.count')}
                suffix={` ${t('calendarUi.recurrence.times')}`}
                allowDecimal={false}
                allowNegative={false}
                min={1}
                value={values.count}
                onChange={(value) => set('count', value)}
                disabled={disabled}
              />
            )}
          </Group>
          {props.error && (
            <Text size="xs" c="red">
              {props.error}
            </Text>
          )}
        </Stack>
      </Collapse>
    </Stack>
  );
}
