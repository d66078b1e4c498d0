import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import {
  IconAlertTriangle,
  IconFileImport,
  IconFolderOpen,
  IconInfoCircle,
  IconPlus,
} from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { DropZone } from './DropZone';
import { ImportHistory } from './ImportHistory';
import { ImportPreviewCard } from './ImportPreviewCard';
import { definedOptions, targetInput, type ChosenFile } from './importOptions';
import { Permitted } from '../lock/Permitted';

let nextFileKey = 1;

function chooseFile(path: string): ChosenFile {
  return { key: nextFileKey++, path, options: {}, target: { kind: 'auto' } };
}

export function ImportPage() {
  const { t } = useFormat();
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const [files, setFiles] = useState<ChosenFile[]>([]);
  // Browser mode has no file dialog (imports.pickFiles answers UNSUPPORTED): the user pastes a path instead.
  const [typingPath, setTypingPath] = useState(false);
  const [typedPath, setTypedPath] = useState('');
  const [starting, setStarting] = useState(false);
  /** Files whose preview failed: starting waits until they are fixed or removed. */
  const [failing, setFailing] = useState<ReadonlySet<number>>(new Set());
  /** Names of files dropped in browser mode, which cannot tell their location. */
  const [droppedWithoutPath, setDroppedWithoutPath] = useState<string[]>([]);
  const blocked = files.some((file) => failing.has(file.key));

  const addPaths = (paths: string[]) => setFiles((previous) => [...previous, ...paths.map(chooseFile)]);

  const setProblem = (key: number, failed: boolean) =>
    setFailing((previous) => {
      if (previous.has(key) === failed) return previous;
      const next = new Set(previous);
      if (failed) next.add(key);
      else next.delete(key);
      return next;
    });

  const dropFiles = (dropped: File[]) => {
    const pathForFile = window.api?.pathForFile;
    if (!pathForFile) {
      // Browser mode: the page is never told where a dropped file lives, so the user types its path.
      setDroppedWithoutPath(dropped.map((file) => file.name));
      setTypingPath(true);
      return;
    }
    const paths = dropped.map((file) => pathForFile(file)).filter((path) => path !== '');
    if (paths.length === 0) notifications.show({ color: 'orange', message: t('importUi.dropNoPath') });
    addPaths(paths);
  };

  const pickFiles = async () => {
    try {
      const { paths } = await call('imports.pickFiles', {});
      addPaths(paths);
    } catch (error) {
      if (error instanceof ApiError && error.payload.code === 'UNSUPPORTED') setTypingPath(true);
      else notifyError(error);
    }
  };

  const addTypedPath = () => {
    const path = typedPath.trim();
    if (!path) return;
    addPaths([path]);
    setTypedPath('');
  };

  // One start per file, so each keeps its own overrides and target group.
  const start = async () => {
    setStarting(true);
    const started: number[] = [];
    try {
      for (const file of files) {
        await call('imports.start', {
          paths: [file.path],
          ...definedOptions(file.options),
          ...targetInput(file.target),
        });
        started.push(file.key);
      }
    } catch (error) {
      notifyError(error);
    } finally {
      setStarting(false);
      if (started.length > 0) {
        setFiles((previous) => previous.filter((file) => !started.includes(file.key)));
        notifySuccess(t('importUi.startedCount', { count: started.length }));
      }
    }
  };

  const startButton = (
    <Permitted>
      <Button
        leftSection={<IconFileImport size={16} />}
        onClick={() => void start()}
        loading={starting}
        disabled={files.length === 0 || blocked}
        data-testid="start-import-files"
      >
        {t('importUi.startImport')}
      </Button>
    </Permitted>
  );

  return (
    <DropZone onFiles={dropFiles}>
      <PageHeader
        title={t('importUi.title')}
        subtitle={t('importUi.subtitle')}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconFolderOpen size={16} />}
              onClick={() => void pickFiles()}
              data-testid="pick-files"
            >
              {t('importUi.pickFiles')}
            </Button>
            {startButton}
          </>
        }
      />
      <Stack gap="md">
        {droppedWithoutPath.length > 0 && (
          <Alert
            color="blue"
            icon={<IconInfoCircle size={18} />}
            withCloseButton
            onClose={() => setDroppedWithoutPath([])}
            data-testid="drop-needs-path"
          >
            {t('importUi.dropNeedsPath', { names: droppedWithoutPath.join('、') })}
          </Alert>
        )}
        {typingPath && (
          <Paper withBorder p="md">
            <Group align="flex-end" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t('importUi.pathLabel')}
                description={t('importUi.pathHint')}
                placeholder={t('importUi.pathPlaceholder')}
                value={typedPath}
                onChange={(event) => setTypedPath(event.currentTarget.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') addTypedPath();
                }}
                data-testid="import-path"
                autoFocus
              />
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={addTypedPath}
                disabled={!typedPath.trim()}
                data-testid="add-path"
              >
                {t('importUi.addPath')}
              </Button>
            </Group>
          </Paper>
        )}
        {files.length === 0 && !typingPath && (
          <Paper withBorder>
            <EmptyState
              icon={<IconFileImport size={32} />}
              title={t('importUi.emptyTitle')}
              text={`${t('importUi.emptyText')} ${t('importUi.dropHint')}`}
            />
          </Paper>
        )}
        {files.map((file) => (
          <ImportPreviewCard
            key={file.key}
            file={file}
            groups={groups ?? []}
            onChange={(changed) =>
              setFiles((previous) => previous.map((item) => (item.key === changed.key ? changed : item)))
            }
            onRemove={() => {
              setFiles((previous) => previous.filter((item) => item.key !== file.key));
              setProblem(file.key, false);
            }}
            onProblem={(failed) => setProblem(file.key, failed)}
          />
        ))}
        {files.length > 0 && (
          <Group justify="flex-end" wrap="nowrap">
            {blocked && (
              <Group gap={6} wrap="nowrap">
                <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" />
                <Text size="sm" c="orange" data-testid="start-blocked">
                  {t('importUi.startBlocked')}
                </Text>
              </Group>
            )}
            {startButton}
          </Group>
        )}
      </Stack>
      <ImportHistory />
    </DropZone>
  );
}
