/** One backup location: name, folder, encryption and lock state, last snapshot; unlock/lock and a menu. */
import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconDots,
  IconKey,
  IconLock,
  IconLockOpen,
  IconPlugConnectedX,
  IconStar,
  IconTrash,
} from '@tabler/icons-react';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { VaultSummary } from '../../../../shared/ipc/channels/backup';
import { useFormat } from '../../ui/format';
import { vaultName } from './backupFormat';

export interface VaultCardActions {
  select(): void;
  unlock(): void;
  lock(): void;
  setDefault(): void;
  changePassphrase(): void;
  remove(): void;
}

/** Clicks on the card's own buttons must not also select the card. */
const stop = (event: MouseEvent) => event.stopPropagation();

export function VaultCard({
  vault,
  selected,
  actions,
}: {
  vault: VaultSummary;
  selected: boolean;
  actions: VaultCardActions;
}) {
  const { t, relative, dateTime } = useFormat();
  const locked = vault.encrypted && !vault.unlocked;
  const onKey = (event: KeyboardEvent) => {
    if (event.target === event.currentTarget && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      actions.select();
    }
  };

  return (
    <Paper
      withBorder
      p="md"
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      onClick={actions.select}
      onKeyDown={onKey}
      style={{
        cursor: 'pointer',
        minWidth: 0,
        borderColor: selected ? 'var(--mantine-primary-color-filled)' : undefined,
        background: selected ? 'var(--mantine-primary-color-light)' : undefined,
      }}
      data-testid="vault-card"
      data-selected={selected ? 'true' : 'false'}
    >
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={700} truncate title={vaultName(vault)} data-testid="vault-name">
            {vaultName(vault)}
          </Text>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            {vault.isDefault && (
              <Badge variant="filled" leftSection={<IconStar size={11} />}>
                {t('backupUi.vaults.isDefault')}
              </Badge>
            )}
            {!vault.available && (
              <Tooltip label={t('backupUi.vaults.unavailableHint')}>
                <Badge color="orange" variant="light" leftSection={<IconPlugConnectedX size={11} />}>
                  {t('backupUi.vaults.unavailable')}
                </Badge>
              </Tooltip>
            )}
            {vault.encrypted ? (
              <Badge
                color={locked ? 'gray' : 'teal'}
                variant="light"
                leftSection={locked ? <IconLock size={11} /> : <IconLockOpen size={11} />}
                data-testid="vault-lock-state"
              >
                {locked ? t('backupUi.vaults.locked') : t('backupUi.vaults.unlocked')}
              </Badge>
            ) : (
              <Badge color="red" variant="light">
                {t('backupUi.vaults.unencrypted')}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="xs" c="dimmed" ff="monospace" truncate title={vault.path}>
          {vault.path}
        </Text>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text
            size="sm"
            c="dimmed"
            truncate
            title={vault.lastSnapshotAt ? dateTime(vault.lastSnapshotAt) : undefined}
          >
            {vault.lastSnapshotAt
              ? t('backupUi.vaults.lastSnapshot', { time: relative(vault.lastSnapshotAt) })
              : t('backupUi.vaults.noSnapshot')}
          </Text>
          <Group gap={4} wrap="nowrap" onClick={stop}>
            {locked && (
              <Button
                size="compact-sm"
                leftSection={<IconLockOpen size={14} />}
                onClick={actions.unlock}
                data-testid="vault-unlock"
              >
                {t('backupUi.vaults.unlock')}
              </Button>
            )}
            {vault.encrypted && !locked && (
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconLock size={14} />}
                onClick={actions.lock}
                data-testid="vault-lock"
              >
                {t('backupUi.vaults.lock')}
              </Button>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('backupUi.vaults.more')}
                  data-testid="vault-menu"
                >
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconStar size={16} />}
                  disabled={vault.isDefault}
                  onClick={actions.setDefault}
                >
                  {t('backupUi.vaults.setDefault')}
                </Menu.Item>
                {vault.encrypted && (
                  <Menu.Item
                    leftSection={<IconKey size={16} />}
                    disabled={locked}
                    onClick={actions.changePassphrase}
                  >
                    {locked
                      ? t('backupUi.changePassphrase.needsUnlock')
                      : t('backupUi.vaults.changePassphrase')}
                  </Menu.Item>
                )}
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={actions.remove}>
                  {t('backupUi.vaults.remove')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
