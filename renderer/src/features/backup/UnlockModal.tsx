/** Unlocks an encrypted vault for this session with its passphrase or, when that is forgotten, its recovery key. */
import { Alert, Button, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconKey, IconLock } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { VaultSummary } from '../../../../shared/ipc/channels/backup';
import { describeError, notifySuccess } from '../../ui/errors';
import { useBackupActions } from './backupActions';
import { vaultName } from './backupFormat';
import { announceBackupChange } from './backupStore';
import { BackupModal, DialogButtons } from './dialogParts';

type SecretKind = 'passphrase' | 'recoveryKey';

export function UnlockModal(props: {
  vault: VaultSummary | null;
  opened: boolean;
  /** Starts a backup once unlocked (the way 立即备份 continues when the vault was locked). */
  thenBackUp: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <BackupModal
      opened={props.opened}
      onClose={props.onClose}
      title={t('backupUi.unlock.title')}
      subtitle={props.vault && vaultName(props.vault)}
      testId="unlock-vault"
    >
      {props.vault && (
        <UnlockForm
          key={props.vault.id}
          vault={props.vault}
          thenBackUp={props.thenBackUp}
          onClose={props.onClose}
        />
      )}
    </BackupModal>
  );
}

function UnlockForm({
  vault,
  thenBackUp,
  onClose,
}: {
  vault: VaultSummary;
  thenBackUp: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { backUp } = useBackupActions();
  const [kind, setKind] = useState<SecretKind>('passphrase');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!secret.trim()) return;
    setWorking(true);
    setError(null);
    try {
      await call(
        'backup.unlock',
        kind === 'passphrase'
          ? { vaultId: vault.id, passphrase: secret }
          : { vaultId: vault.id, recoveryKey: secret },
      );
      const name = vaultName(vault);
      notifySuccess(t('backupUi.unlock.unlocked', { name }));
      announceBackupChange();
      onClose();
      if (thenBackUp) await backUp({ id: vault.id, name });
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setWorking(false);
    }
  };

  const onSecret = (value: string) => {
    setSecret(value);
    setError(null);
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <SegmentedControl
          fullWidth
          value={kind}
          onChange={(value) => {
            setKind(value as SecretKind);
            onSecret('');
          }}
          data={[
            { value: 'passphrase', label: t('backupUi.unlock.withPassphrase') },
            { value: 'recoveryKey', label: t('backupUi.unlock.withRecoveryKey') },
          ]}
        />
        {kind === 'passphrase' ? (
          <PasswordInput
            label={t('backupUi.unlock.withPassphrase')}
            leftSection={<IconLock size={16} />}
            data-autofocus
            autoComplete="current-password"
            value={secret}
            onChange={(event) => onSecret(event.currentTarget.value)}
            error={error}
            data-testid="unlock-passphrase"
          />
        ) : (
          <TextInput
            label={t('backupUi.unlock.withRecoveryKey')}
            placeholder={t('backupUi.unlock.recoveryKeyPlaceholder')}
            leftSection={<IconKey size={16} />}
            ff="monospace"
            spellCheck={false}
            autoComplete="off"
            value={secret}
            onChange={(event) => onSecret(event.currentTarget.value)}
            error={error}
            data-testid="unlock-recovery-key"
          />
        )}
        <Alert variant="light" color="gray" p="xs">
          <Text size="xs" c="dimmed">
            {t('backupUi.unlock.memoryNote')}
          </Text>
        </Alert>
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={working} disabled={!secret.trim()} data-testid="unlock-submit">
            {thenBackUp ? t('backupUi.unlock.submitAndBackup') : t('backupUi.unlock.submit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}
