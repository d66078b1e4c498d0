/**
 * The snapshots of one unlocked, reachable vault, newest first: when, what kind, how big, how much it added to the
 * vault, member and message counts, and the last verification; with backup, verify, restore and prune.
 */
import { Alert, Badge, Button, Group, List, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArchive,
  IconDatabaseExport,
  IconRestore,
  IconScissors,
  IconShieldCheck,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { BackupSettings, SnapshotSummary, VaultSummary } from '../../../../shared/ipc/channels/backup';
import { translateKey } from '../../app/i18n';
import { EmptyState } from '../../ui/EmptyState';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { useBackupActions } from './backupActions';
import { formatBytes, vaultName } from './backupFormat';
import { PruneModal } from './PruneModal';
import { RestoreModal, type RestoreDialogState } from './RestoreModal';

const kindColors: Record<SnapshotSummary['kind'], string> = {
  manual: 'blue',
  scheduled: 'grape',
  safety: 'orange',
};

function VerifiedBadge({ snapshot }: { snapshot: SnapshotSummary }) {
  const { t, dateTime, number } = useFormat();
  const verified = snapshot.verified;
  if (!verified) {
    return (
      <Badge color="gray" variant="light" data-testid="snapshot-verified" data-state="none">
        {t('backupUi.snapshots.notVerified')}
      </Badge>
    );
  }
  const label = verified.ok
    ? t('backupUi.snapshots.verifiedAt', { time: dateTime(verified.at) })
    : t('backupUi.snapshots.problemDetail', {
        missing: number(verified.missing),
        damaged: number(verified.damaged),
        time: dateTime(verified.at),
      });
  return (
    <Tooltip label={label} multiline maw={300}>
      <Badge
        color={verified.ok ? 'green' : 'red'}
        variant="light"
        leftSection={verified.ok ? <IconShieldCheck size={12} /> : <IconAlertTriangle size={12} />}
        data-testid="snapshot-verified"
        data-state={verified.ok ? 'ok' : 'bad'}
      >
        {verified.ok ? t('backupUi.snapshots.verifiedOk') : t('backupUi.snapshots.verifiedBad')}
      </Badge>
    </Tooltip>
  );
}

export function SnapshotsPanel({
  vault,
  settings,
}: {
  vault: VaultSummary;
  settings: BackupSettings | undefined;
}) {
  const { t, number, dateTime, relative, locale } = useFormat();
  const name = vaultName(vault);
  const target = { id: vault.id, name };
  // Refetched when backup jobs end (data.changed 'backups') and after a prune; the panel only exists while the
  // vault is unlocked, so a lock never makes it ask a locked vault.
  const { data: list, reload } = useChannel('backup.snapshots', { vaultId: vault.id }, ['backups']);
  const { backUp, verify, busy, backingUp } = useBackupActions();
  const [restoring, setRestoring] = useState<RestoreDialogState>({ opened: false, snapshot: null });
  const [pruning, setPruning] = useState(false);

  const snapshots = [...(list?.snapshots ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const stored = snapshots.reduce((sum, snapshot) => sum + snapshot.bytesWritten, 0);
  const hasSnapshots = snapshots.length > 0;

  return (
    <Paper withBorder p="lg" data-testid="snapshots-panel">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md" mb="md">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={4} style={{ overflowWrap: 'anywhere' }}>
            {t('backupUi.snapshots.titleOf', { vault: name })}
          </Title>
          {list && hasSnapshots && (
            <Text size="sm" c="dimmed" className="tabular">
              {t('backupUi.snapshots.rows', {
                count: number(snapshots.length),
                size: formatBytes(stored, locale),
              })}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          {hasSnapshots && (
            <>
              <Button
                variant="default"
                leftSection={<IconScissors size={16} />}
                disabled={busy}
                onClick={() => setPruning(true)}
                data-testid="prune-open"
              >
                {t('backupUi.snapshots.prune')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconShieldCheck size={16} />}
                disabled={busy}
                onClick={() => void verify(target)}
                data-testid="verify-all"
              >
                {t('backupUi.snapshots.verifyAll')}
              </Button>
            </>
          )}
          <Button
            variant="light"
            leftSection={<IconDatabaseExport size={16} />}
            loading={backingUp}
            disabled={busy && !backingUp}
            onClick={() => void backUp(target)}
            data-testid="backup-here"
          >
            {t('backupUi.snapshots.backupHere')}
          </Button>
        </Group>
      </Group>

      {list && list.damaged.length > 0 && (
        <Alert
          color="red"
          variant="light"
          mb="md"
          icon={<IconAlertTriangle size={18} />}
          title={t('backupUi.snapshots.damagedTitle', { count: number(list.damaged.length) })}
          data-testid="damaged-manifests"
        >
          <List size="sm">
            {list.damaged.map((damaged) => (
              <List.Item key={damaged.id}>
                {damaged.id}：{translateKey(damaged.reason)}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      {list && !hasSnapshots && (
        <EmptyState
          icon={<IconArchive size={32} />}
          title={t('backupUi.snapshots.emptyTitle')}
          text={t('backupUi.snapshots.emptyText')}
        />
      )}

      {hasSnapshots && (
        <Table.ScrollContainer minWidth={820} type="native">
          <Table
            layout="fixed"
            verticalSpacing="xs"
            horizontalSpacing="sm"
            highlightOnHover
            data-testid="snapshots-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={164}>{t('backupUi.snapshots.columns.createdAt')}</Table.Th>
                <Table.Th w={96}>{t('backupUi.snapshots.columns.kind')}</Table.Th>
                <Table.Th w={86} ta="right">
                  {t('backupUi.snapshots.columns.size')}
                </Table.Th>
                <Table.Th w={86} ta="right">
                  {t('backupUi.snapshots.columns.written')}
                </Table.Th>
                <Table.Th>{t('backupUi.snapshots.columns.counts')}</Table.Th>
                <Table.Th w={104}>{t('backupUi.snapshots.columns.verified')}</Table.Th>
                <Table.Th w={212} ta="right">
                  {t('backupUi.snapshots.columns.actions')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {snapshots.map((snapshot) => (
                <Table.Tr key={snapshot.id} data-testid="snapshot-row" data-snapshot-id={snapshot.id}>
                  <Table.Td>
                    <Tooltip label={snapshot.id}>
                      <Stack gap={0}>
                        <Text size="sm" className="tabular" style={{ whiteSpace: 'nowrap' }}>
                          {dateTime(snapshot.createdAt)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {relative(snapshot.createdAt)}
                        </Text>
                      </Stack>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={t(`backup.kinds.${snapshot.kind}`)}>
                      <Badge color={kindColors[snapshot.kind]} variant="light">
                        {t(`backupUi.snapshots.kindsShort.${snapshot.kind}`)}
                      </Badge>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    <Text size="sm">{formatBytes(snapshot.totalBytes, locale)}</Text>
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    <Tooltip
                      label={t('backupUi.snapshots.reused', {
                        size: formatBytes(snapshot.bytesReused, locale),
                      })}
                    >
                      <Text size="sm">{formatBytes(snapshot.bytesWritten, locale)}</Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="tabular" truncate>
                      {t('backupUi.snapshots.members', { count: number(snapshot.counts.members) })}
                    </Text>
                    <Text size="xs" c="dimmed" className="tabular" truncate>
                      {t('backupUi.snapshots.messages', { count: number(snapshot.counts.messages) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <VerifiedBadge snapshot={snapshot} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        leftSection={<IconShieldCheck size={14} />}
                        disabled={busy}
                        onClick={() => void verify(target, snapshot.id)}
                        data-testid="verify-snapshot"
                      >
                        {t('backupUi.snapshots.verify')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconRestore size={14} />}
                        disabled={busy}
                        onClick={() => setRestoring({ opened: true, snapshot })}
                        data-testid="restore-open"
                      >
                        {t('backupUi.snapshots.restore')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <RestoreModal
        vault={vault}
        state={restoring}
        onClose={() => setRestoring((previous) => ({ ...previous, opened: false }))}
      />
      {settings && (
        <PruneModal
          opened={pruning}
          vault={vault}
          snapshots={snapshots}
          retention={settings}
          onClose={() => setPruning(false)}
          onPruned={reload}
        />
      )}
    </Paper>
  );
}
