import { Button, Group, Paper, Stack, TextInput } from '@mantine/core';
import { IconFileImport, IconFolderOpen, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { ImportHistory } from './ImportHistory';
import { ImportPreviewCard } from './ImportPreviewCard';
import { definedOptions, targetInput, type ChosenFile } from './importOptions';

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

  const addPaths = (paths: string[]) => setFiles((previous) => [...previous, ...paths.map(chooseFile)]);

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
    <Button
      leftSection={<IconFileImport size={16} />}
      onClick={() => void start()}
      loading={starting}
      disabled={files.length === 0}
      data-testid="start-import-files"
    >
      {t('importUi.startImport')}
    </Button>
  );

  return (
    <>
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
              text={t('importUi.emptyText')}
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
            onRemove={() => setFiles((previous) => previous.filter((item) => item.key !== file.key))}
          />
        ))}
        {files.length > 0 && <Group justify="flex-end">{startButton}</Group>}
      </Stack>
      <ImportHistory />
    </>
  );
}
