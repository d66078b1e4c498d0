/**
 * 备份与恢复: the backup status, the backup locations (vaults) and the snapshots of the chosen one, and the daily
 * backup settings. Routes: /backup, /backup/new (add a location), /backup/unlock/<id>[/backup] (unlock, then
 * optionally back up: where 立即备份 leads when the vault is locked).
 */
import { Button, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import {
  IconCalendarTime,
  IconDatabaseExport,
  IconFolderPlus,
  IconHistory,
  IconLock,
  IconPlugConnectedX,
  IconShieldLock,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { call } from '../../api/client';
import type { CreatedVault, VaultSummary } from '../../../../shared/ipc/channels/backup';
import { navigate, pathSegments, usePath } from '../../app/router';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { ArchivePanel } from './ArchivePanel';
import { backupPath, newVaultPath, unlockPath, useBackupActions, useBackupChannel } from './backupActions';
import { formatPeriod, vaultName } from './backupFormat';
import { announceBackupChange } from './backupStore';
import { BackupSettingsPanel } from './BackupSettingsPanel';
import { CreateVaultModal } from './CreateVaultModal';
import { RecoveryKeyModal } from './RecoveryKeyModal';
import { SnapshotsPanel } from './SnapshotsPanel';
import { UnlockModal } from './UnlockModal';
import { VaultCard } from './VaultCard';
import {
  ChangePassphraseModal,
  RemoveVaultModal,
  closedVaultDialog,
  type VaultDialogState,
} from './VaultDialogs';
import { Permitted } from '../lock/Permitted';

function StatusItem(props: {
  icon: ReactNode;
  label: string;
  value: string;
  hint?: string;
  color?: string;
  testId: string;
}) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid={props.testId}>
      <ThemeIcon size={36} radius="md" variant="light" color={props.color}>
        {props.icon}
      </ThemeIcon>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed">
          {props.label}
        </Text>
        <Text fw={600} size="sm" title={props.hint}>
          {props.value}
        </Text>
      </Stack>
    </Group>
  );
}

function LockedPanel({ vault }: { vault: VaultSummary }) {
  const { t } = useFormat();
  const unavailable = !vault.available;
  return (
    <Paper withBorder data-testid="snapshots-unavailable">
      <EmptyState
        icon={unavailable ? <IconPlugConnectedX size={32} /> : <IconLock size={32} />}
        title={unavailable ? t('backupUi.snapshots.unavailableTitle') : t('backupUi.snapshots.lockedTitle')}
        text={
          unavailable
            ? t('backupUi.snapshots.unavailableText', { path: vault.path })
            : t('backupUi.snapshots.lockedText')
        }
        actions={
          unavailable ? undefined : (
            <Button leftSection={<IconLock size={16} />} onClick={() => navigate(unlockPath(vault.id))}>
              {t('backupUi.vaults.unlock')}
            </Button>
          )
        }
      />
    </Paper>
  );
}

export function BackupPage() {
  const { t, relative, dateTime } = useFormat();
  const segments = pathSegments(usePath());
  const { data: vaults, reload: reloadVaults } = useBackupChannel('backup.vaults', {});
  const { data: status } = useBackupChannel('backup.status', {});
  const { data: settings } = useBackupChannel('backup.settings', {});
  const { backUp, backingUp, busy } = useBackupActions();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [created, setCreated] = useState<CreatedVault | null>(null);
  const [changing, setChanging] = useState<VaultDialogState>(closedVaultDialog);
  const [removing, setRemoving] = useState<VaultDialogState>(closedVaultDialog);
  // For "due now": the clock moves on while the page stays open.
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), 60_000, { autoInvoke: true });

  const selected =
    vaults?.find((vault) => vault.id === selectedId) ??
    vaults?.find((vault) => vault.isDefault) ??
    vaults?.[0] ??
    null;

  const unlockingId = segments[1] === 'unlock' ? Number(segments[2]) : null;
  const unlocking = vaults?.find((vault) => vault.id === unlockingId) ?? null;
  const [lastUnlocking, setLastUnlocking] = useState<VaultSummary | null>(null);
  // The unlock dialog keeps its vault while it fades out.
  if (unlocking && unlocking !== lastUnlocking) setLastUnlocking(unlocking);

  const lock = async (vault: VaultSummary) => {
    try {
      await call('backup.lock', { vaultId: vault.id });
      notifySuccess(t('backupUi.unlock.locked', { name: vaultName(vault) }));
      // Only the vault list: the snapshot panel goes away once it shows the vault locked.
      reloadVaults();
    } catch (error) {
      notifyError(error);
    }
  };

  const setDefault = async (vault: VaultSummary) => {
    try {
      await call('backup.updateSettings', { defaultVaultId: vault.id });
      notifySuccess(t('backupUi.setDefaultDone', { name: vaultName(vault) }));
      announceBackupChange();
    } catch (error) {
      notifyError(error);
    }
  };

  const onCreated = (result: CreatedVault) => {
    setSelectedId(result.vault.id);
    if (result.recoveryKey) setCreated(result);
    navigate(backupPath);
  };

  const addButton = (
    <Button
      variant="default"
      leftSection={<IconFolderPlus size={16} />}
      onClick={() => navigate(newVaultPath)}
      data-testid="add-vault"
    >
      {t('backupUi.addVault')}
    </Button>
  );
  const hasVaults = (vaults?.length ?? 0) > 0;
  const defaultVault = vaults?.find((vault) => vault.isDefault);

  return (
    <>
      <PageHeader
        title={t('backupUi.title')}
        subtitle={t('backupUi.subtitle')}
        actions={
          hasVaults ? (
            <>
              {addButton}
              <Permitted>
                <Button
                  leftSection={<IconDatabaseExport size={16} />}
                  loading={backingUp}
                  disabled={busy && !backingUp}
                  onClick={() =>
                    void backUp(defaultVault ? { id: defaultVault.id, name: vaultName(defaultVault) } : null)
                  }
                  data-testid="backup-now"
                >
                  {t('backupUi.backupNow')}
                </Button>
              </Permitted>
            </>
          ) : null
        }
      />
      <Stack gap="lg">
        {status && (
          <Paper withBorder p="md" data-testid="backup-status">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <StatusItem
                testId="status-last-good"
                icon={<IconHistory size={20} />}
                color={status.stale ? 'red' : 'green'}
                label={t('backupUi.status.lastGood')}
                value={
                  status.lastGoodBackupAt ? relative(status.lastGoodBackupAt) : t('backupUi.status.none')
                }
                hint={status.lastGoodBackupAt ? dateTime(status.lastGoodBackupAt) : undefined}
              />
              <StatusItem
                testId="status-next-due"
                icon={<IconCalendarTime size={20} />}
                label={t('backupUi.status.nextDue')}
                value={
                  status.nextDueAt === null
                    ? t('backupUi.status.dailyOff')
                    : new Date(status.nextDueAt).getTime() <= now
                      ? t('backupUi.status.overdue')
                      : dateTime(status.nextDueAt)
                }
                hint={defaultVault && !defaultVault.unlocked ? t('backupUi.status.needsUnlock') : undefined}
              />
              <StatusItem
                testId="status-threshold"
                icon={<IconShieldLock size={20} />}
                color="gray"
                label={t('backupUi.status.threshold')}
                value={t('backupUi.status.thresholdValue', {
                  period: formatPeriod(status.warnAfterHours, t),
                })}
              />
            </SimpleGrid>
          </Paper>
        )}

        <Stack gap="sm">
          <Title order={4}>{t('backupUi.vaults.title')}</Title>
          {vaults && !hasVaults && (
            <Paper withBorder>
              <EmptyState
                icon={<IconShieldLock size={32} />}
                title={t('backupUi.vaults.emptyTitle')}
                text={t('backupUi.vaults.emptyText')}
                actions={
                  <Button
                    leftSection={<IconFolderPlus size={16} />}
                    onClick={() => navigate(newVaultPath)}
                    data-testid="add-first-vault"
                  >
                    {t('backupUi.addVault')}
                  </Button>
                }
              />
            </Paper>
          )}
          {vaults && hasVaults && (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {vaults.map((vault) => (
                <VaultCard
                  key={vault.id}
                  vault={vault}
                  selected={vault.id === selected?.id}
                  actions={{
                    select: () => setSelectedId(vault.id),
                    unlock: () => navigate(unlockPath(vault.id)),
                    lock: () => void lock(vault),
                    setDefault: () => void setDefault(vault),
                    changePassphrase: () => setChanging({ opened: true, vault }),
                    remove: () => setRemoving({ opened: true, vault }),
                  }}
                />
              ))}
            </SimpleGrid>
          )}
        </Stack>

        {selected &&
          (selected.available && selected.unlocked ? (
            <SnapshotsPanel key={selected.id} vault={selected} settings={settings} />
          ) : (
            <LockedPanel vault={selected} />
          ))}

        {settings && <BackupSettingsPanel key={JSON.stringify(settings)} settings={settings} />}

        <ArchivePanel />
      </Stack>

      <CreateVaultModal
        opened={segments[1] === 'new'}
        onClose={() => navigate(backupPath)}
        onCreated={onCreated}
      />
      <RecoveryKeyModal
        recoveryKey={created?.recoveryKey ?? null}
        vaultPath={created?.vault.path ?? ''}
        onDone={() => setCreated(null)}
      />
      <UnlockModal
        opened={unlocking !== null}
        vault={unlocking ?? lastUnlocking}
        thenBackUp={segments[3] === 'backup'}
        onClose={() => navigate(backupPath)}
      />
      <ChangePassphraseModal
        state={changing}
        onClose={() => setChanging((previous) => ({ ...previous, opened: false }))}
      />
      <RemoveVaultModal
        state={removing}
        onClose={() => setRemoving((previous) => ({ ...previous, opened: false }))}
      />
    </>
  );
}
