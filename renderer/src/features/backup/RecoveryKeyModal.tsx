/**
 * The recovery key of a new encrypted vault, shown this once: the backend never stores it in a readable form. The
 * dialog only closes after the user says it is saved; 打印 prints a sheet with the key alone, not the app.
 */
import { Alert, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconPrinter } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import { BackupModal } from './dialogParts';
import './backup.css';

const printingClass = 'backup-printing';

/** While printing, only the sheet is shown (backup.css hides the rest of the page). */
function printSheet(): void {
  document.body.classList.add(printingClass);
  const done = () => {
    document.body.classList.remove(printingClass);
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

export function RecoveryKeyModal(props: { recoveryKey: string | null; vaultPath: string; onDone(): void }) {
  const { t } = useTranslation();
  const clipboard = useClipboard({ timeout: 3000 });
  const [saved, setSaved] = useState(false);
  const [shownKey, setShownKey] = useState(props.recoveryKey);
  // The dialog keeps its key while it fades out; a new key starts unconfirmed.
  if (props.recoveryKey && props.recoveryKey !== shownKey) {
    setShownKey(props.recoveryKey);
    setSaved(false);
  }
  useEffect(() => () => document.body.classList.remove(printingClass), []);

  return (
    <BackupModal
      opened={props.recoveryKey !== null}
      onClose={() => saved && props.onDone()}
      // Forget the key once the dialog is gone.
      onExitTransitionEnd={() => setShownKey(null)}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="lg"
      title={t('backupUi.recovery.title')}
      testId="recovery-key-dialog"
    >
      <Stack gap="md">
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={t('backupUi.recovery.onlyOnce')}
        >
          {t('backupUi.recovery.warning')}
        </Alert>
        <Paper withBorder p="md" radius="md" bg="var(--mantine-color-default-hover)">
          <Text
            ff="monospace"
            fw={600}
            fz={20}
            ta="center"
            lh={1.7}
            style={{ letterSpacing: '0.06em', overflowWrap: 'anywhere', userSelect: 'all' }}
            data-testid="recovery-key"
          >
            {shownKey}
          </Text>
        </Paper>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('backupUi.recovery.vault', { path: props.vaultPath })}
        </Text>
        <Text size="sm">{t('backupUi.recovery.instructions')}</Text>
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={clipboard.copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            onClick={() => clipboard.copy(shownKey ?? '')}
            data-testid="recovery-copy"
          >
            {clipboard.copied ? t('backupUi.recovery.copied') : t('backupUi.recovery.copy')}
          </Button>
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={printSheet}>
            {t('backupUi.recovery.print')}
          </Button>
          {clipboard.error && (
            <Text size="sm" c="red">
              {t('backupUi.recovery.copyFailed')}
            </Text>
          )}
        </Group>
        <Checkbox
          label={t('backupUi.recovery.saved')}
          checked={saved}
          onChange={(event) => setSaved(event.currentTarget.checked)}
          data-testid="recovery-saved"
        />
        <Group justify="flex-end">
          <Button disabled={!saved} onClick={props.onDone} data-testid="recovery-done">
            {t('backupUi.recovery.done')}
          </Button>
        </Group>
      </Stack>
      {shownKey &&
        createPortal(
          <div className="backup-print-sheet" aria-hidden="true">
            <Title order={2}>{t('backupUi.recovery.printTitle')}</Title>
            <p>{t('backupUi.recovery.vault', { path: props.vaultPath })}</p>
            <p>{formatDateTime(new Date().toISOString())}</p>
            <p className="backup-print-key">{shownKey}</p>
            <p>{t('backupUi.recovery.printNote')}</p>
          </div>,
          document.body,
        )}
    </BackupModal>
  );
}
