/**
 * Adds a backup location: a new vault in an empty or new folder (encrypted unless the user explicitly accepts the
 * risk), or a folder that already holds a vault. The backend checks the folder; its messages show under the field
 * they are about.
 */
import { Button, Checkbox, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { CreatedVault } from '../../../../shared/ipc/channels/backup';
import { describeError, notifySuccess } from '../../ui/errors';
import { vaultName } from './backupFormat';
import { announceBackupChange } from './backupStore';
import {
  BackupModal,
  DialogButtons,
  FolderInput,
  FormError,
  RiskConfirm,
  folderPathProblem,
} from './dialogParts';
import {
  PassphraseFields,
  checkPassphrase,
  emptyPassphrase,
  type PassphraseValues,
} from './PassphraseFields';

interface FieldErrors {
  path?: string | undefined;
  passphrase?: string | undefined;
  confirm?: string | undefined;
}

/** Backend messages about the folder go under the path; those about the secret under the passphrase. */
const pathErrorKeys = new Set(
  [
    'folderNotEmpty',
    'alreadyAVault',
    'notAVault',
    'vaultUnreadable',
    'headerDamaged',
    'newerVault',
    'io',
    'headerMismatch',
  ].map((key) => `backup.errors.${key}`),
);
const passphraseErrorKeys = new Set(
  ['wrongPassphrase', 'passphraseRequired', 'passphraseTooShort'].map((key) => `backup.errors.${key}`),
);

export function CreateVaultModal(props: {
  opened: boolean;
  onClose(): void;
  onCreated(created: CreatedVault): void;
}) {
  const { t } = useTranslation();
  return (
    <BackupModal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={t('backupUi.create.title')}
      testId="create-vault"
    >
      <CreateVaultForm onClose={props.onClose} onCreated={props.onCreated} />
    </BackupModal>
  );
}

function CreateVaultForm({
  onClose,
  onCreated,
}: {
  onClose(): void;
  onCreated(created: CreatedVault): void;
}) {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const [label, setLabel] = useState('');
  const [encrypt, setEncrypt] = useState(true);
  const [secret, setSecret] = useState<PassphraseValues>(emptyPassphrase);
  const [acceptUnencrypted, setAcceptUnencrypted] = useState(false);
  const [makeDefault, setMakeDefault] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const checkLocally = (): FieldErrors => {
    const found: FieldErrors = {};
    const pathProblem = folderPathProblem(path, t);
    if (pathProblem) found.path = pathProblem;
    if (encrypt) Object.assign(found, checkPassphrase(secret, t));
    return found;
  };

  const showError = (error: unknown) => {
    if (!(error instanceof ApiError)) return setFormError(describeError(error));
    const { message, issues } = error.payload;
    if (issues?.length) {
      const next: FieldErrors = {};
      for (const issue of issues) {
        if (issue.path === 'path') next.path = t('backupUi.create.pathRequired');
        else if (issue.path === 'passphrase') next.passphrase = describeError(error);
      }
      setErrors(next);
      if (!next.path && !next.passphrase) setFormError(describeError(error));
    } else if (pathErrorKeys.has(message)) {
      setErrors({ path: describeError(error) });
    } else if (passphraseErrorKeys.has(message)) {
      setErrors({ passphrase: describeError(error) });
    } else {
      setFormError(describeError(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = checkLocally();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const created = await call('backup.createVault', {
        path: path.trim(),
        label: label.trim(),
        ...(encrypt ? { passphrase: secret.passphrase } : { allowUnencrypted: true }),
        makeDefault,
      });
      const name = vaultName(created.vault);
      notifySuccess(t(created.attached ? 'backupUi.create.attached' : 'backupUi.create.created', { name }));
      announceBackupChange();
      onCreated(created);
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <FolderInput
          label={t('backupUi.create.path')}
          description={t('backupUi.create.pathHint')}
          value={path}
          onChange={(value) => {
            setPath(value);
            setErrors((previous) => ({ ...previous, path: undefined }));
          }}
          error={errors.path}
          testId="vault-path"
        />
        <TextInput
          label={t('backupUi.create.label')}
          placeholder={t('backupUi.create.labelPlaceholder')}
          maxLength={80}
          value={label}
          onChange={(event) => setLabel(event.currentTarget.value)}
          data-testid="vault-label"
        />
        <Switch
          label={t('backupUi.create.encrypt')}
          description={t('backupUi.create.encryptHint')}
          checked={encrypt}
          onChange={(event) => {
            setEncrypt(event.currentTarget.checked);
            setErrors({});
          }}
          data-testid="vault-encrypt"
        />
        {encrypt ? (
          <PassphraseFields
            label={t('backupUi.create.passphrase')}
            values={secret}
            errors={errors}
            onChange={(values) => {
              setSecret(values);
              setErrors((previous) => ({ ...previous, passphrase: undefined, confirm: undefined }));
            }}
          />
        ) : (
          <RiskConfirm
            title={t('backupUi.create.unencryptedTitle')}
            text={t('backupUi.create.unencryptedText')}
            label={t('backupUi.create.unencryptedConfirm')}
            checked={acceptUnencrypted}
            onChange={setAcceptUnencrypted}
            testId="unencrypted-warning"
            checkboxTestId="accept-unencrypted"
          />
        )}
        <Checkbox
          label={t('backupUi.create.makeDefault')}
          checked={makeDefault}
          onChange={(event) => setMakeDefault(event.currentTarget.checked)}
        />
        <FormError message={formError} />
        <DialogButtons onCancel={onClose}>
          <Button
            type="submit"
            loading={saving}
            // Without encryption, only after the risk was accepted explicitly.
            disabled={!encrypt && !acceptUnencrypted}
            data-testid="create-vault-submit"
          >
            {t('backupUi.create.submit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}
