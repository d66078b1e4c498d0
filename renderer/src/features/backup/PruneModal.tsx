/**
 * Prune by retention: the counts start from the saved settings; 预览 runs a dry run listing what stays (and why)
 * and what goes, and only then can the deletion run, with exactly the previewed counts.
 */
import { Badge, Button, Group, NumberInput, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconEye, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { call } from '../../api/client';
import type {
  BackupSettings,
  PruneReport,
  SnapshotSummary,
  VaultSummary,
} from '../../../../shared/ipc/channels/backup';
import { translateKey } from '../../app/i18n';
import { describeError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { formatBytes } from './backupFormat';
import { announceBackupChange } from './backupStore';
import { BackupModal, DialogButtons, FormError } from './dialogParts';

type Retention = Pick<BackupSettings, 'keepDaily' | 'keepWeekly' | 'keepMonthly'>;
const retentionFields = ['keepDaily', 'keepWeekly', 'keepMonthly'] as const;

export function PruneModal(props: {
  opened: boolean;
  vault: VaultSummary;
  snapshots: SnapshotSummary[];
  retention: Retention;
  onClose(): void;
  onPruned(): void;
}) {
  const { t } = useFormat();
  return (
    <BackupModal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={t('backupUi.prune.title')}
      testId="prune-snapshots"
    >
      <PruneForm {...props} />
    </BackupModal>
  );
}

function PruneForm(props: {
  vault: VaultSummary;
  snapshots: SnapshotSummary[];
  retention: Retention;
  onClose(): void;
  onPruned(): void;
}) {
  const { t, number, dateTime, locale } = useFormat();
  // Only the counts: the channel refuses other fields.
  const [retention, setRetention] = useState<Retention>(() => ({
    keepDaily: props.retention.keepDaily,
    keepWeekly: props.retention.keepWeekly,
    keepMonthly: props.retention.keepMonthly,
  }));
  const [preview, setPreview] = useState<PruneReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState<'preview' | 'prune' | null>(null);
  const createdAt = new Map(props.snapshots.map((snapshot) => [snapshot.id, snapshot.createdAt]));
  const label = (id: string) => {
    const at = createdAt.get(id);
    return at ? dateTime(at) : id;
  };

  const run = async (dryRun: boolean) => {
    setWorking(dryRun ? 'preview' : 'prune');
    setError(null);
    try {
      const report = await call('backup.prune', { vaultId: props.vault.id, ...retention, dryRun });
      if (dryRun) {
        setPreview(report);
      } else {
        notifySuccess(
          t('backupUi.prune.done', {
            count: number(report.removed.length),
            size: formatBytes(report.bytesFreed, locale),
          }),
        );
        announceBackupChange();
        props.onPruned();
        props.onClose();
      }
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setWorking(null);
    }
  };

  const rows = preview
    ? [
        ...preview.removed.map((id) => ({ id, removed: true, reasons: [] as string[] })),
        ...preview.kept.map((kept) => ({ id: kept.id, removed: false, reasons: kept.reasons })),
      ].sort((a, b) => b.id.localeCompare(a.id))
    : [];

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('backupUi.prune.text')}
      </Text>
      <Group gap="sm" grow>
        {retentionFields.map((field) => (
          <NumberInput
            key={field}
            label={t(`backupUi.prune.${field}`)}
            min={0}
            max={1000}
            allowDecimal={false}
            allowNegative={false}
            value={retention[field]}
            onChange={(value) => {
              setRetention((previous) => ({ ...previous, [field]: typeof value === 'number' ? value : 0 }));
              // A preview is only good for the counts it was made with.
              setPreview(null);
            }}
            data-testid={`prune-${field}`}
          />
        ))}
      </Group>
      {preview && (
        <Stack gap="xs" data-testid="prune-preview">
          <Group gap="xs">
            <Badge color="green" variant="light">
              {t('backupUi.prune.willKeep', { count: number(preview.kept.length) })}
            </Badge>
            <Badge color={preview.removed.length > 0 ? 'red' : 'gray'} variant="light">
              {t('backupUi.prune.willRemove', { count: number(preview.removed.length) })}
            </Badge>
            {preview.removed.length > 0 && (
              <Text size="sm" c="dimmed">
                {t('backupUi.prune.freed', { size: formatBytes(preview.bytesFreed, locale) })}
              </Text>
            )}
          </Group>
          {preview.removed.length === 0 && <Text size="sm">{t('backupUi.prune.nothingToRemove')}</Text>}
          <ScrollArea.Autosize mah={260} type="auto">
            <Table verticalSpacing={4} layout="fixed">
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr
                    key={row.id}
                    data-testid="prune-row"
                    data-removed={row.removed ? 'true' : 'false'}
                  >
                    <Table.Td className="tabular" w={170}>
                      <Text
                        size="sm"
                        td={row.removed ? 'line-through' : undefined}
                        c={row.removed ? 'dimmed' : undefined}
                      >
                        {label(row.id)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {row.removed ? (
                        <Badge color="red" variant="light" size="sm">
                          {t('backupUi.prune.toRemove')}
                        </Badge>
                      ) : (
                        <Group gap={4}>
                          {row.reasons.map((reason) => (
                            <Badge key={reason} color="green" variant="light" size="sm">
                              {t(`backupUi.prune.reasons.${reason}`, { defaultValue: reason })}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          {preview.sweepSkipped && (
            <Text size="sm" c="orange">
              {translateKey(preview.sweepSkipped)}
            </Text>
          )}
        </Stack>
      )}
      {!preview && (
        <Text size="xs" c="dimmed">
          {t('backupUi.prune.previewHint')}
        </Text>
      )}
      <FormError message={error} />
      <DialogButtons onCancel={props.onClose}>
        <Button
          variant="light"
          leftSection={<IconEye size={16} />}
          loading={working === 'preview'}
          onClick={() => void run(true)}
          data-testid="prune-preview-button"
        >
          {t('backupUi.prune.preview')}
        </Button>
        <Button
          color="red"
          leftSection={<IconTrash size={16} />}
          disabled={!preview || preview.removed.length === 0}
          loading={working === 'prune'}
          onClick={() => void run(false)}
          data-testid="prune-confirm"
        >
          {t('backupUi.prune.confirm', { count: number(preview?.removed.length ?? 0) })}
        </Button>
      </DialogButtons>
    </Stack>
  );
}
