/**
 * The red banner on top of every screen while the last good backup is older than the user's threshold (or there
 * is none), with 立即备份. The app shell renders it; it also hosts the backup job reports, which must open on
 * whatever screen the user is on when a job ends.
 */
import { Box, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowRight, IconDatabaseExport } from '@tabler/icons-react';
import { useInterval } from '@mantine/hooks';
import { navigate, usePath } from '../../app/router';
import { useFormat } from '../../ui/format';
import { backupPath, useBackupActions, useBackupChannel } from './backupActions';
import { formatPeriod } from './backupFormat';
import { BackupReports } from './ReportModal';
import './backup.css';
import { Permitted } from '../lock/Permitted';

/** The age of the last backup grows while the app stays open: the status is asked again this often. */
const statusRefreshMs = 5 * 60_000;

export function BackupBanner() {
  const { t, relative, dateTime } = useFormat();
  const path = usePath();
  const { data: status, reload } = useBackupChannel('backup.status', {});
  const { backUp, backingUp } = useBackupActions();

  useInterval(reload, statusRefreshMs, { autoInvoke: true });

  const lastGood = status?.lastGoodBackupAt ?? null;
  return (
    <>
      {status?.stale && (
        <Box
          role="alert"
          px="md"
          py={8}
          className="backup-banner"
          style={{ flexShrink: 0 }}
          data-testid="backup-banner"
        >
          <Group gap="sm" wrap="nowrap" justify="space-between">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconAlertTriangle size={20} style={{ flexShrink: 0 }} />
              <Text fw={600} size="sm" truncate>
                {lastGood
                  ? t('backupUi.banner.stale', { period: formatPeriod(status.warnAfterHours, t) })
                  : t('backupUi.banner.never')}
              </Text>
              {lastGood && (
                <Text size="sm" title={dateTime(lastGood)} style={{ opacity: 0.85, whiteSpace: 'nowrap' }}>
                  {t('backupUi.banner.lastGood', { time: relative(lastGood) })}
                </Text>
              )}
            </Group>
            <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
              {!path.startsWith(backupPath) && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="white"
                  rightSection={<IconArrowRight size={14} />}
                  onClick={() => navigate(backupPath)}
                >
                  {t('backupUi.banner.open')}
                </Button>
              )}
              <Permitted>
                <Button
                  size="compact-sm"
                  variant="white"
                  color="red"
                  leftSection={<IconDatabaseExport size={16} />}
                  loading={backingUp}
                  onClick={() => void backUp(null)}
                  data-testid="banner-backup-now"
                >
                  {t('backupUi.backupNow')}
                </Button>
              </Permitted>
            </Group>
          </Group>
        </Box>
      )}
      <BackupReports />
    </>
  );
}
