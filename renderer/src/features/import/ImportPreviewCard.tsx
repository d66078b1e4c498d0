import {
  ActionIcon,
  Alert,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconFolder, IconInfoCircle, IconX } from '@tabler/icons-react';
import { useEffect, useEffectEvent, useState } from 'react';
import type { Group as GroupRecord } from '../../../../shared/domain/types';
import {
  importEncodings,
  importFormats,
  type ImportEncoding,
  type ImportFormat,
  type ImportPreview,
} from '../../../../shared/ipc/channels/imports';
import { ApiError, call } from '../../api/client';
import { describeError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { PreviewDetails } from './PreviewDetails';
import {
  definedOptions,
  timeZoneChoices,
  type ChosenFile,
  type FileOptions,
  type TargetChoice,
} from './importOptions';
import { DateField } from '../../ui/DateField';

const autoValue = '';

interface PreviewState {
  requestKey: string;
  preview: ImportPreview | null;
  error: unknown;
}

/** The error's message key, to react to specific problems (a missing date, a folder instead of a file). */
function errorKey(error: unknown): string | null {
  return error instanceof ApiError ? error.payload.message : null;
}

/** Reruns `imports.preview` whenever the path or an override changes; keeps the last preview while it loads. */
function usePreview(path: string, options: FileOptions) {
  const requestKey = JSON.stringify({ path, ...definedOptions(options) });
  const [state, setState] = useState<PreviewState | null>(null);
  useEffect(() => {
    let current = true;
    call('imports.preview', JSON.parse(requestKey) as { path: string } & FileOptions).then(
      (preview) => current && setState({ requestKey, preview, error: null }),
      (error: unknown) =>
        current && setState((previous) => ({ requestKey, preview: previous?.preview ?? null, error })),
    );
    return () => {
      current = false;
    };
  }, [requestKey]);
  return { ...state, loading: state?.requestKey !== requestKey };
}

function targetValue(target: TargetChoice): string {
  if (target.kind === 'existing') return `group:${target.groupId}`;
  return target.kind;
}

export function ImportPreviewCard(props: {
  file: ChosenFile;
  groups: GroupRecord[];
  onChange: (file: ChosenFile) => void;
  onRemove: () => void;
  /** Tells the page whether this file's preview failed (the start button waits for a fix). */
  onProblem: (failed: boolean) => void;
}) {
  const { t } = useFormat();
  const { file, groups } = props;
  const { preview, error, loading } = usePreview(file.path, file.options);
  const failure = loading ? null : error;
  const failureKey = errorKey(failure);
  const isFolder = failureKey === 'import.errors.notAFile';
  const needsDate =
    failureKey === 'import.errors.dateRequired' ||
    file.options.date !== undefined ||
    preview?.format === 'chatlog-txt';
  const shown = failure ? null : preview;
  const failed = failure !== null && failure !== undefined && !isFolder;
  // The last answer was an error (also while a changed option reloads): no start until a preview succeeds.
  const blocking = error !== null && error !== undefined && errorKey(error) !== 'import.errors.notAFile';
  const reportProblem = useEffectEvent(props.onProblem);
  useEffect(() => reportProblem(blocking), [blocking]);

  const setOptions = (patch: Partial<FileOptions>) =>
    props.onChange({ ...file, options: { ...file.options, ...patch } });
  const setTarget = (target: TargetChoice) => props.onChange({ ...file, target });

  const autoLabel = shown?.existingGroup
    ? t('importUi.target.existing', { name: shown.existingGroup.name })
    : shown?.chatName
      ? t('importUi.target.auto', { name: shown.chatName })
      : t('importUi.target.autoNoName');
  const targetOptions = [
    { value: 'auto', label: autoLabel },
    ...groups.map((group) => ({ value: `group:${group.id}`, label: group.name })),
    { value: 'new', label: t('importUi.target.create') },
  ];

  return (
    <Paper withBorder p="md" data-testid="import-preview">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {isFolder && <IconFolder size={18} />}
            <Text fw={600} truncate title={file.path} data-testid="preview-file">
              {shown?.fileName ?? file.path}
            </Text>
            {loading && <Loader size="xs" aria-label={t('importUi.previewLoading')} />}
          </Group>
          <Tooltip label={t('importUi.remove')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('importUi.remove')}
              onClick={props.onRemove}
            >
              <IconX size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>

        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
          <Select
            label={t('importUi.fields.format')}
            data={[
              { value: autoValue, label: t('importUi.auto') },
              ...importFormats.map((format) => ({ value: format, label: t(`import.formats.${format}`) })),
            ]}
            value={file.options.format ?? autoValue}
            onChange={(value) => setOptions({ format: (value || undefined) as ImportFormat | undefined })}
            allowDeselect={false}
            data-testid="option-format"
          />
          <Select
            label={t('importUi.fields.encoding')}
            data={[
              { value: autoValue, label: t('importUi.auto') },
              ...importEncodings.map((value) => ({ value, label: value })),
            ]}
            value={file.options.encoding ?? autoValue}
            onChange={(value) => setOptions({ encoding: (value || undefined) as ImportEncoding | undefined })}
            allowDeselect={false}
          />
          <Select
            label={t('importUi.fields.timeZone')}
            data={[
              { value: autoValue, label: t('importUi.auto') },
              ...timeZoneChoices.map((value) => ({ value, label: `UTC${value}` })),
            ]}
            value={file.options.timeZone ?? autoValue}
            onChange={(value) => setOptions({ timeZone: value || undefined })}
            allowDeselect={false}
            searchable
            disabled={shown ? !shown.usesTimeZone && !file.options.timeZone : false}
          />
          <Select
            label={t('importUi.fields.targetGroup')}
            data={targetOptions}
            value={targetValue(file.target)}
            onChange={(value) => {
              if (value === 'new') setTarget({ kind: 'new', name: shown?.chatName ?? '' });
              else if (value?.startsWith('group:'))
                setTarget({ kind: 'existing', groupId: Number(value.slice(6)) });
              else setTarget({ kind: 'auto' });
            }}
            allowDeselect={false}
            searchable
            data-testid="option-target"
          />
          {file.target.kind === 'new' && (
            <TextInput
              label={t('importUi.fields.newGroupName')}
              value={file.target.name}
              maxLength={80}
              onChange={(event) => setTarget({ kind: 'new', name: event.currentTarget.value })}
              data-testid="new-group-name"
            />
          )}
          {needsDate && (
            <DateField
              label={t('importUi.fields.date')}
              value={file.options.date ?? ''}
              onChange={(date) => setOptions({ date: date || undefined })}
              data-testid="option-date"
            />
          )}
        </SimpleGrid>

        {isFolder && (
          <Alert color="blue" icon={<IconInfoCircle size={18} />} data-testid="preview-folder">
            {t('importUi.folder')}
          </Alert>
        )}
        {failed && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="preview-error">
            {describeError(failure)}
          </Alert>
        )}

        {shown && <PreviewDetails preview={shown} />}
      </Stack>
    </Paper>
  );
}
