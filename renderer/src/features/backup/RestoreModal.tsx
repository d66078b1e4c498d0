/**
 * Restores a snapshot into a new folder (the current workspace stays as it is), or over the current workspace after
 * an explicit confirmation: the backend first takes and verifies a safety snapshot of it. The job's report opens
 * when it ends.
 */
import { Button, Group, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SnapshotSummary, VaultSummary } from '../../../../shared/ipc/channels/backup';
import { describeError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useBackupActions } from './backupActions';
import { formatBytes, vaultName } from './backupFormat';
import {
  BackupModal,
  DialogButtons,
  FolderInput,
  FormError,
  RiskConfirm,
  folderPathProblem,
} from './dialogParts';

type TargetKind = 'folder' | 'workspace';

export interface RestoreDialogState {
  opened: boolean;
  snapshot: SnapshotSummary | null;
}

export function RestoreModal(props: { vault: VaultSummary; state: RestoreDialogState; onClose(): void }) {
  const { t } = useFormat();
  return (
    <BackupModal
      opened={props.state.opened}
      onClose={props.onClose}
      size="lg"
      title={t('backupUi.restore.title')}
      testId="restore-snapshot"
    >
      {props.state.snapshot && (
        <RestoreForm
          key={props.state.snapshot.id}
          vault={props.vault}
          snapshot={props.state.snapshot}
          onClose={props.onClose}
        />
      )}
    </BackupModal>
  );
}

function RestoreForm(props: { vault: VaultSummary; snapshot: SnapshotSummary; onClose(): void }) {
  const { t, dateTime, locale } = useFormat();
  const { restore } = useBackupActions();
  const [target, setTarget] = useState<TargetKind>('folder');
  const [path, setPath] = useState('');
  const [pathError, setPathError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { snapshot } = props;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (target === 'folder') {
      const problem = folderPathProblem(path, t);
      if (problem) return setPathError(problem);
    }
    setStarting(true);
    try {
      await restore(
        { id: props.vault.id, name: vaultName(props.vault) },
        {
          snapshotId: snapshot.id,
          target: target === 'folder' ? { kind: 'folder', path: path.trim() } : { kind: 'workspace' },
        },
      );
      props.onClose();
    } catch (error) {
      if (target === 'folder') setPathError(describeError(error));
      else setFormError(describeError(error));
    } finally {
      setStarting(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Text size="sm" fw={500} className="tabular">
          {t('backupUi.restore.snapshot', {
            time: dateTime(snapshot.createdAt),
            kind: t(`backup.kinds.${snapshot.kind}`),
            size: formatBytes(snapshot.totalBytes, locale),
          })}
        </Text>
        <Radio.Group value={target} onChange={(value) => setTarget(value as TargetKind)}>
          <SimpleGrid cols={2} spacing="sm">
            {(['folder', 'workspace'] as const).map((kind) => (
              <Radio.Card
                key={kind}
                value={kind}
                radius="md"
                p="sm"
                className="choice-card"
                data-testid={`restore-target-${kind}`}
              >
                <Group wrap="nowrap" align="flex-start" gap="xs">
                  <Radio.Indicator mt={3} />
                  <div>
                    <Text fw={600} size="sm">
                      {t(kind === 'folder' ? 'backupUi.restore.toFolder' : 'backupUi.restore.toWorkspace')}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.4}>
                      {t(
                        kind === 'folder'
                          ? 'backupUi.restore.toFolderHint'
                          : 'backupUi.restore.toWorkspaceHint',
                      )}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </SimpleGrid>
        </Radio.Group>
        {target === 'folder' ? (
          <FolderInput
            label={t('backupUi.restore.folder')}
            description={t('backupUi.restore.folderHint')}
            value={path}
            onChange={(value) => {
              setPath(value);
              setPathError(null);
            }}
            error={pathError}
            testId="restore-path"
          />
        ) : (
          <RiskConfirm
            title={t('backupUi.restore.overwriteTitle')}
            text={t('backupUi.restore.overwriteText')}
            label={t('backupUi.restore.overwriteConfirm')}
            checked={confirmed}
            onChange={setConfirmed}
            testId="restore-overwrite-warning"
            checkboxTestId="restore-overwrite-confirm"
          />
        )}
        <FormError message={formError} />
        <DialogButtons onCancel={props.onClose}>
          <Button
            type="submit"
            color={target === 'workspace' ? 'red' : undefined}
            loading={starting}
            disabled={target === 'workspace' && !confirmed}
            data-testid="restore-submit"
          >
            {t('backupUi.restore.submit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}
