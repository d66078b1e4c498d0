/**
 * 打开这个工作区: after an archive import or a restore into a folder, the app switches to that folder itself and
 * opens it at every start from then on (before, the user had to restart it with another data folder). Every open
 * screen refetches (the backend announces all data as changed) and the home page shows the workspace just opened.
 */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconFolderOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { describeError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { closeReport } from './backupStore';
import { FormError } from './dialogParts';

/** Switches to the workspace in `path`; `onError` gets a refusal (not a workspace, jobs running …). */
export function useOpenWorkspace() {
  const { t } = useTranslation();
  const [opening, setOpening] = useState(false);
  const open = async (path: string, onError: (error: unknown) => void): Promise<boolean> => {
    setOpening(true);
    try {
      const opened = await call('backup.openWorkspace', { path });
      notifySuccess(t('backupUi.openWorkspace.opened', { path: opened.workspace.path }));
      closeReport();
      navigate('/');
      return true;
    } catch (error) {
      onError(error);
      return false;
    } finally {
      setOpening(false);
    }
  };
  return [opening, open] as const;
}

/** What switching means, where the current workspace stays, and the button; under a finished import or restore. */
export function OpenWorkspaceAction({ path }: { path: string }) {
  const { t } = useTranslation();
  const { data: info } = useChannel('workspace.info', {}, ['workspace']);
  const [opening, open] = useOpenWorkspace();
  const [error, setError] = useState<string | null>(null);
  return (
    <Alert color="blue" variant="light" data-testid="open-workspace">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('backupUi.openWorkspace.title')}
        </Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('backupUi.openWorkspace.text', { current: info?.path ?? '' })}
        </Text>
        <FormError message={error} />
        <Group justify="flex-start">
          <Button
            leftSection={<IconFolderOpen size={16} />}
            loading={opening}
            onClick={() => {
              setError(null);
              void open(path, (failure) => setError(describeError(failure)));
            }}
            data-testid="open-workspace-button"
          >
            {t('backupUi.openWorkspace.button')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
