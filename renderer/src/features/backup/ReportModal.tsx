/**
 * The report of a finished verify or restore job this window started (and of a backup whose automatic check found
 * problems): which objects are missing or damaged and which files they affect; whether a restore is complete, its
 * database passed the integrity check and its counts match the snapshot. A restore into a folder and an imported
 * archive offer to open that folder as the workspace.
 */
import { Alert, Badge, Button, Code, Group, List, Paper, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type {
  ArchiveExportReport,
  ArchiveImportReport,
  RestoreReport,
  VerifyReport,
} from '../../../../shared/ipc/channels/backup';
import { translateKey } from '../../app/i18n';
import { useFormat } from '../../ui/format';
import { useJobs } from '../jobs/JobsProvider';
import { formatBytes } from './backupFormat';
import { closeReport, forgetBackupJob, showReport, useBackupUiState, type ShownReport } from './backupStore';
import { BackupModal } from './dialogParts';
import { OpenWorkspaceAction } from './OpenWorkspace';

/** Long lists (thousands of objects after a disk error) show their head and a count. */
const listedItems = 12;

function Verdict({ ok, label }: { ok: boolean; label: string }) {
  return (
    <Group gap="sm" wrap="nowrap" data-testid="report-verdict" data-ok={ok ? 'true' : 'false'}>
      <ThemeIcon size={36} radius="xl" variant="light" color={ok ? 'green' : 'red'}>
        {ok ? <IconCircleCheck size={22} /> : <IconCircleX size={22} />}
      </ThemeIcon>
      <Text fw={700} size="lg">
        {label}
      </Text>
    </Group>
  );
}

function ItemList({ title, items, code = false }: { title: string; items: string[]; code?: boolean }) {
  const { t, number } = useFormat();
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <List size="sm" spacing={2} styles={{ itemWrapper: { minWidth: 0 }, itemLabel: { minWidth: 0 } }}>
        {items.slice(0, listedItems).map((item) => (
          <List.Item key={item} style={{ overflowWrap: 'anywhere' }}>
            {code ? <Code>{item}</Code> : item}
          </List.Item>
        ))}
      </List>
      {items.length > listedItems && (
        <Text size="xs" c="dimmed">
          {t('backupUi.report.more', { count: number(items.length - listedItems) })}
        </Text>
      )}
    </Stack>
  );
}

function VerifyReportView({ report, afterBackup }: { report: VerifyReport; afterBackup: boolean }) {
  const { t, number, duration, locale } = useFormat();
  const problemOf = new Map(report.problems.map((problem) => [problem.object, problem.problem]));
  const describeObject = (object: string) => {
    const problem = problemOf.get(object);
    return problem ? `${object} · ${t(`backup.problems.${problem}`)}` : object;
  };
  return (
    <Stack gap="md">
      <Verdict
        ok={report.ok}
        label={report.ok ? t('backupUi.report.allOk') : t('backupUi.report.problems')}
      />
      {afterBackup && !report.ok && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          {t('backupUi.report.backupProblems')}
        </Alert>
      )}
      <Stack gap={2}>
        <Text size="sm">{t(`backupUi.report.modes.${report.mode}`)}</Text>
        <Text size="sm" c="dimmed" className="tabular" data-testid="verify-summary">
          {t('backupUi.report.summary', {
            objects: number(report.objectsChecked),
            size: formatBytes(report.bytesRead, locale),
            duration: duration(report.durationMs),
          })}
        </Text>
      </Stack>
      <Stack gap="xs" data-testid="verify-snapshots">
        {report.snapshots.map((snapshot) => (
          <Paper
            key={snapshot.id}
            withBorder
            px="sm"
            py="xs"
            data-testid="verify-snapshot"
            data-ok={snapshot.ok ? 'true' : 'false'}
          >
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Code>{snapshot.id}</Code>
              <Badge color={snapshot.ok ? 'green' : 'red'} variant="light" style={{ flexShrink: 0 }}>
                {snapshot.ok
                  ? t('backupUi.report.snapshotOk')
                  : snapshot.manifestProblem
                    ? translateKey(snapshot.manifestProblem)
                    : t('backupUi.report.snapshotBad', {
                        missing: number(snapshot.missingObjects.length),
                        damaged: number(snapshot.damagedObjects.length),
                      })}
              </Badge>
            </Group>
            {!snapshot.ok && (
              <Stack gap={6} mt="xs">
                <ItemList title={t('backupUi.report.missing')} items={snapshot.missingObjects} code />
                <ItemList
                  title={t('backupUi.report.damaged')}
                  items={snapshot.damagedObjects.map(describeObject)}
                  code
                />
                <ItemList title={t('backupUi.report.affectedFiles')} items={snapshot.affectedFiles} />
              </Stack>
            )}
          </Paper>
        ))}
      </Stack>
      {report.quarantined.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('backupUi.report.quarantined', { count: number(report.quarantined.length) })}
        </Text>
      )}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={190} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

function RestoreReportView({ report }: { report: RestoreReport }) {
  const { t, number, locale } = useFormat();
  const database = report.database;
  const integrityOk = database?.integrity === 'ok';
  return (
    <Stack gap="md">
      <Verdict
        ok={report.complete}
        label={report.complete ? t('backupUi.report.complete') : t('backupUi.report.incomplete')}
      />
      <Table withTableBorder verticalSpacing={6} layout="fixed" data-testid="restore-facts">
        <Table.Tbody>
          <Fact label={t('backupUi.report.target')}>
            {report.safetySnapshotId ? t('backupUi.report.workspace') : <Code>{report.target}</Code>}
          </Fact>
          <Fact label={t('backupUi.report.files')}>
            <Text size="sm" className="tabular" data-testid="restore-files">
              {t('backupUi.report.restoredFiles', {
                count: number(report.restoredFiles),
                size: formatBytes(report.bytesWritten, locale),
              })}
            </Text>
          </Fact>
          <Fact label={t('backupUi.report.integrity')}>
            {database ? (
              <Badge color={integrityOk ? 'green' : 'red'} variant="light" data-testid="restore-integrity">
                {integrityOk ? t('backupUi.report.integrityOk') : t('backupUi.report.integrityFailed')}
              </Badge>
            ) : (
              <Text size="sm" c="dimmed">
                {t('backupUi.report.noDatabase')}
              </Text>
            )}
          </Fact>
          {database && (
            <Fact label={t('backupUi.report.counts')}>
              <Stack gap={2}>
                <Badge
                  color={database.countsMatch ? 'green' : 'red'}
                  variant="light"
                  data-testid="restore-counts"
                >
                  {database.countsMatch
                    ? t('backupUi.report.countsMatch')
                    : database.counts
                      ? t('backupUi.report.countsMismatch')
                      : t('backupUi.report.countsUnreadable')}
                </Badge>
                {database.counts && (
                  <Text size="xs" c="dimmed" className="tabular">
                    {t('backupUi.report.countsValue', {
                      groups: number(database.counts.groups),
                      members: number(database.counts.members),
                      messages: number(database.counts.messages),
                      imports: number(database.counts.imports),
                    })}
                  </Text>
                )}
              </Stack>
            </Fact>
          )}
        </Table.Tbody>
      </Table>
      {database && !integrityOk && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
          <Stack gap="xs">
            <Text size="sm">{t('backupUi.report.integrityProblems')}</Text>
            {/* SQLite's own lines (up to ten), as it wrote them: what a technician needs. */}
            <Code block data-testid="restore-integrity-problems" style={{ whiteSpace: 'pre-wrap' }}>
              {database.integrity}
            </Code>
          </Stack>
        </Alert>
      )}
      <ItemList
        title={t('backupUi.report.failedFiles')}
        items={report.failedFiles.map((file) => `${file.path}：${translateKey(file.reason)}`)}
      />
      <ItemList
        title={t('backupUi.report.refusedFiles')}
        items={report.refusedFiles.map((file) => `${file.path}：${translateKey(file.reason)}`)}
      />
      {report.safetySnapshotId && (
        <Alert color="blue" variant="light">
          {t('backupUi.report.safetySnapshot', { id: report.safetySnapshotId })}
        </Alert>
      )}
      {!report.safetySnapshotId && report.complete && <OpenWorkspaceAction path={report.target} />}
    </Stack>
  );
}

/** An exported or imported archive: where it is, what it holds, and for an import the database check. */
function ArchiveReportView({
  shown,
}: {
  shown: Extract<ShownReport, { kind: 'exportArchive' | 'importArchive' }>;
}) {
  const { t, number, locale } = useFormat();
  const { counts } = shown.report;
  const imported = shown.kind === 'importArchive' ? shown.report : null;
  return (
    <Stack gap="md">
      <Verdict ok label={t(imported ? 'backupUi.archive.importedTitle' : 'backupUi.archive.exportedTitle')} />
      <Table withTableBorder verticalSpacing={6} layout="fixed" data-testid="archive-facts">
        <Table.Tbody>
          <Fact label={t(imported ? 'backupUi.archive.target' : 'backupUi.archive.file')}>
            <Code data-testid="archive-report-path">
              {imported ? imported.target : (shown.report as ArchiveExportReport).path}
            </Code>
          </Fact>
          {!imported && (
            <Fact label={t('backupUi.archive.size')}>
              {formatBytes((shown.report as ArchiveExportReport).bytesWritten, locale)}
            </Fact>
          )}
          <Fact label={t('backupUi.archive.contents')}>
            <Text size="sm" className="tabular" data-testid="archive-report-counts">
              {t('backupUi.archive.contentsValue', {
                files: number(counts.files),
                groups: number(counts.groups),
                members: number(counts.members),
                messages: number(counts.messages),
              })}
            </Text>
          </Fact>
          {shown.report.watermark !== null && (
            <Fact label={t('backupUi.archive.watermark')}>
              <Text size="sm" data-testid="archive-report-watermark">
                {shown.report.watermark}
              </Text>
            </Fact>
          )}
          {imported && (
            <Fact label={t('backupUi.archive.database')}>
              <Badge color="green" variant="light" data-testid="archive-report-integrity">
                {t('backupUi.archive.databaseOk')}
              </Badge>
            </Fact>
          )}
        </Table.Tbody>
      </Table>
      {imported ? (
        <OpenWorkspaceAction path={imported.target} />
      ) : (
        <Alert color="blue" variant="light">
          {t('backupUi.archive.exportedHint')}
        </Alert>
      )}
    </Stack>
  );
}

const reportTitles: Record<ShownReport['kind'], string> = {
  verify: 'backupUi.report.verifyTitle',
  restore: 'backupUi.report.restoreTitle',
  exportArchive: 'backupUi.archive.exportedTitle',
  importArchive: 'backupUi.archive.importedTitle',
};

/**
 * Watches the jobs this window started (through the jobs provider, which also announces how they ended) and opens
 * the report of each one that finishes. Rendered by the app shell, so reports open on any screen.
 */
export function BackupReports() {
  const { t } = useFormat();
  const { jobs } = useJobs();
  const { watched, report } = useBackupUiState();
  // The dialog keeps showing its report while it fades out.
  const [shown, setShown] = useState<ShownReport | null>(report);
  if (report && report !== shown) setShown(report);

  useEffect(() => {
    for (const [jobId, watch] of watched) {
      const job = jobs.find((candidate) => candidate.id === jobId);
      if (!job || job.status === 'running') continue;
      forgetBackupJob(jobId);
      if (job.status !== 'done' || job.result === null) continue;
      if (watch.kind === 'verify') {
        showReport({
          kind: 'verify',
          report: job.result as VerifyReport,
          vaultName: watch.vaultName,
          afterBackup: false,
        });
      } else if (watch.kind === 'restore') {
        showReport({ kind: 'restore', report: job.result as RestoreReport, vaultName: watch.vaultName });
      } else if (watch.kind === 'exportArchive') {
        showReport({
          kind: 'exportArchive',
          report: job.result as ArchiveExportReport,
          vaultName: watch.vaultName,
        });
      } else if (watch.kind === 'importArchive') {
        showReport({
          kind: 'importArchive',
          report: job.result as ArchiveImportReport,
          vaultName: watch.vaultName,
        });
      } else {
        const verify = (job.result as { verify?: VerifyReport }).verify;
        // A good backup only needs the notification; a backup whose own check failed shows what is wrong.
        if (verify && !verify.ok)
          showReport({ kind: 'verify', report: verify, vaultName: watch.vaultName, afterBackup: true });
      }
    }
  }, [jobs, watched]);

  return (
    <BackupModal
      opened={report !== null}
      onClose={closeReport}
      size="lg"
      title={shown ? t(reportTitles[shown.kind]) : ''}
      subtitle={shown?.vaultName}
      testId="backup-report"
    >
      {shown?.kind === 'verify' && <VerifyReportView report={shown.report} afterBackup={shown.afterBackup} />}
      {shown?.kind === 'restore' && <RestoreReportView report={shown.report} />}
      {(shown?.kind === 'exportArchive' || shown?.kind === 'importArchive') && (
        <ArchiveReportView shown={shown} />
      )}
      <Group justify="flex-end" mt="lg">
        <Button onClick={closeReport} data-autofocus>
          {t('common.close')}
        </Button>
      </Group>
    </BackupModal>
  );
}
