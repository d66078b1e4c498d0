/** Changing a vault's passphrase, and removing a vault's registration (its folder stays untouched). */
import { Button, Group, Stack, Text } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { VaultSummary } from '../../../../shared/ipc/channels/backup';
import { describeError, notifyError, notifySuccess } from '../../ui/errors';
import { vaultName } from './backupFormat';
import { announceBackupChange } from './backupStore';
import { BackupModal, DialogButtons, FormError } from './dialogParts';
import {
  PassphraseFields,
  checkPassphrase,
  emptyPassphrase,
  type PassphraseValues,
} from './PassphraseFields';

/** A dialog about one vault, which keeps showing it while it fades out. */
export interface VaultDialogState {
  opened: boolean;
  vault: VaultSummary | null;
}

export const closedVaultDialog: VaultDialogState = { opened: false, vault: null };

function VaultModal(props: {
  state: VaultDialogState;
  title: string;
  onClose(): void;
  testId: string;
  children(vault: VaultSummary): ReactNode;
}) {
  return (
    <BackupModal
      opened={props.state.opened}
      onClose={props.onClose}
      title={props.title}
      subtitle={props.state.vault && vaultName(props.state.vault)}
      testId={props.testId}
    >
      {props.state.vault && props.children(props.state.vault)}
    </BackupModal>
  );
}

export function ChangePassphraseModal(props: { state: VaultDialogState; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <VaultModal
      state={props.state}
      title={t('backupUi.changePassphrase.title')}
      onClose={props.onClose}
      testId="change-passphrase"
    >
      {(vault) => <ChangePassphraseForm key={vault.id} vault={vault} onClose={props.onClose} />}
    </VaultModal>
  );
}

function ChangePassphraseForm({ vault, onClose }: { vault: VaultSummary; onClose(): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<PassphraseValues>(emptyPassphrase);
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkPassphrase(values, t);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await call('backup.changePassphrase', { vaultId: vault.id, newPassphrase: values.passphrase });
      notifySuccess(t('backupUi.changePassphrase.done', { name: vaultName(vault) }));
      announceBackupChange();
      onClose();
    } catch (error) {
      setFormError(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('backupUi.changePassphrase.text')}
        </Text>
        <PassphraseFields
          label={t('backupUi.changePassphrase.newPassphrase')}
          values={values}
          errors={errors}
          onChange={(next) => {
            setValues(next);
            setErrors({});
          }}
          autoFocus
        />
        <FormError message={formError} />
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={saving}>
            {t('backupUi.changePassphrase.submit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}

export function RemoveVaultModal(props: { state: VaultDialogState; onClose(): void }) {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState(false);

  const remove = async (vault: VaultSummary) => {
    setRemoving(true);
    try {
      await call('backup.removeVault', { id: vault.id });
      notifySuccess(t('backupUi.remove.removed', { name: vaultName(vault) }));
      announceBackupChange();
      props.onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setRemoving(false);
    }
  };

  return (
    <VaultModal
      state={props.state}
      title={t('backupUi.remove.title')}
      onClose={props.onClose}
      testId="remove-vault"
    >
      {(vault) => (
        <Stack gap="md">
          <Text>{t('backupUi.remove.confirm', { name: vaultName(vault) })}</Text>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {vault.path}
          </Text>
          <Text size="sm">{t('backupUi.remove.text')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onClose} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={removing} onClick={() => void remove(vault)}>
              {t('backupUi.remove.submit')}
            </Button>
          </Group>
        </Stack>
      )}
    </VaultModal>
  );
}
