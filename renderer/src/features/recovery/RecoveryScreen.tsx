/** The screen a damaged workspace opens on: what the check found, and the three ways out. */
import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Group,
  List,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconDatabaseExport,
  IconEye,
  IconFileZip,
  IconHistory,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadableExport, RecoveryStatus } from '../../../../shared/ipc/channels/recovery';
import { call } from '../../api/client';
import { translateKey } from '../../app/i18n';
import { StandaloneScreen } from '../../ui/StandaloneScreen';
import { describeError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';

const otherFolder = 'other';

function OptionCard(props: {
  icon: ReactNode;
  title: string;
  hint: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder p="lg" radius="md" data-testid={props.testId}>
      <Stack gap="sm" h="100%">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" size="lg" radius="md">
            {props.icon}
          </ThemeIcon>
          <Title order={4} fz="md">
            {props.title}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {props.hint}
        </Text>
        {props.children}
      </Stack>
    </Paper>
  );
}

export function RecoveryScreen({
  status,
  onChanged,
}: {
  status: RecoveryStatus;
  onChanged(next: RecoveryStatus): void;
}) {
  const { t } = useTranslation();
  const { dateTime, number } = useFormat();
  const firstVault = status.vaults.find((vault) => vault.available) ?? status.vaults[0];
  const [vault, setVault] = useState<string>(firstVault ? String(firstVault.id) : otherFolder);
  const [vaultPath, setVaultPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [exportPath, setExportPath] = useState('');
  const [working, setWorking] = useState<'restore' | 'readOnly' | 'export' | 'diagnostics' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<ReadableExport | null>(null);

  const run = async (kind: NonNullable<typeof working>, action: () => Promise<void>) => {
    setWorking(kind);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setWorking(null);
    }
  };

  const restore = () =>
    run('restore', async () => {
      const report = await call('recovery.restoreLatest', {
        ...(vault === otherFolder ? { vaultPath } : { vaultId: Number(vault) }),
        ...(passphrase ? { passphrase } : {}),
      });
      notifySuccess(
        t('recovery.screen.restored', {
          snapshot: report.snapshotId,
          messages: number(report.counts?.messages ?? 0),
          members: number(report.counts?.members ?? 0),
          path: report.damagedCopy,
        }),
      );
      onChanged(await call('recovery.status'));
    });

  const chosen = status.vaults.find((candidate) => String(candidate.id) === vault);
  const canRestore = vault === otherFolder ? vaultPath.trim().length > 0 : chosen !== undefined;

  return (
    <StandaloneScreen testId="recovery-screen" languageTestId="recovery-language">
      <Stack maw={1080} mx="auto" px="lg" pb="xl" gap="lg">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <ThemeIcon color="red" variant="light" size={48} radius="md">
            <IconAlertTriangle size={28} />
          </ThemeIcon>
          <Stack gap={4}>
            <Title order={2}>{t('recovery.screen.title')}</Title>
            <Text c="dimmed">{t('recovery.screen.subtitle')}</Text>
          </Stack>
        </Group>

        <Paper withBorder p="lg" radius="md">
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('recovery.screen.problemsTitle')}
            </Text>
            <List size="sm" spacing={4} data-testid="recovery-problems">
              {status.problems.map((problem, index) => (
                <List.Item key={index}>{translateKey(problem.key, problem.params)}</List.Item>
              ))}
            </List>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {t('recovery.screen.path')}
              </Text>
              <Code style={{ overflowWrap: 'anywhere' }}>{status.workspacePath}</Code>
            </Group>
          </Stack>
        </Paper>

        {error && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            data-testid="recovery-error"
          >
            {error}
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          <OptionCard
            icon={<IconHistory size={20} />}
            title={t('recovery.screen.restoreTitle')}
            hint={t('recovery.screen.restoreHint')}
            testId="recovery-restore"
          >
            {status.vaults.length === 0 && (
              <Text size="xs" c="dimmed">
                {t('recovery.screen.noVaults')}
              </Text>
            )}
            <Select
              label={t('recovery.screen.vault')}
              value={vault}
              onChange={(value) => setVault(value ?? otherFolder)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data={[
                ...status.vaults.map((candidate) => ({
                  value: String(candidate.id),
                  label: `${candidate.label || candidate.path}${candidate.available ? '' : ` ${t('recovery.screen.vaultUnavailable')}`}`,
                })),
                { value: otherFolder, label: t('recovery.screen.vaultOther') },
              ]}
            />
            {chosen && (
              <Text size="xs" c="dimmed">
                {chosen.lastVerifiedAt
                  ? t('recovery.screen.lastVerified', { at: dateTime(chosen.lastVerifiedAt) })
                  : t('recovery.screen.neverVerified')}
              </Text>
            )}
            {vault === otherFolder && (
              <TextInput
                label={t('recovery.screen.vaultPath')}
                placeholder={t('recovery.screen.vaultPathPlaceholder')}
                value={vaultPath}
                onChange={(event) => setVaultPath(event.currentTarget.value)}
                data-testid="recovery-vault-path"
              />
            )}
            {(vault === otherFolder || chosen?.encrypted) && (
              <PasswordInput
                label={t('recovery.screen.passphrase')}
                value={passphrase}
                onChange={(event) => setPassphrase(event.currentTarget.value)}
                autoComplete="off"
              />
            )}
            <Box mt="auto">
              <Button
                fullWidth
                onClick={() => void restore()}
                loading={working === 'restore'}
                disabled={!canRestore || working !== null}
                data-testid="recovery-restore-button"
              >
                {t('recovery.screen.restore')}
              </Button>
              {working === 'restore' && (
                <Text size="xs" c="dimmed" mt={6}>
                  {t('recovery.screen.restoring')}
                </Text>
              )}
            </Box>
          </OptionCard>

          <OptionCard
            icon={<IconEye size={20} />}
            title={t('recovery.screen.readOnlyTitle')}
            hint={t('recovery.screen.readOnlyHint')}
            testId="recovery-read-only"
          >
            {!status.readable && (
              <Badge color="gray" variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
                {t('recovery.screen.unreadable')}
              </Badge>
            )}
            <Box mt="auto">
              <Button
                fullWidth
                variant="default"
                disabled={!status.readable || working !== null}
                loading={working === 'readOnly'}
                onClick={() =>
                  void run('readOnly', async () => onChanged(await call('recovery.openReadOnly')))
                }
                data-testid="recovery-read-only-button"
              >
                {t('recovery.screen.readOnly')}
              </Button>
            </Box>
          </OptionCard>

          <OptionCard
            icon={<IconDatabaseExport size={20} />}
            title={t('recovery.screen.exportTitle')}
            hint={t('recovery.screen.exportHint')}
            testId="recovery-export"
          >
            <TextInput
              label={t('recovery.screen.exportPath')}
              value={exportPath}
              onChange={(event) => setExportPath(event.currentTarget.value)}
              data-testid="recovery-export-path"
            />
            {exported && (
              <Alert color="brand" variant="light" data-testid="recovery-exported">
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {t('recovery.screen.exported', {
                    tables: number(exported.tables.length),
                    rows: number(exported.totalRows),
                    path: exported.folder,
                  })}
                </Text>
                {exported.tables.some((table) => !table.complete) && (
                  <Text size="xs" c="dimmed">
                    {t('recovery.screen.exportedPartial', {
                      count: exported.tables.filter((table) => !table.complete).length,
                    })}
                  </Text>
                )}
              </Alert>
            )}
            <Box mt="auto">
              <Button
                fullWidth
                variant="default"
                disabled={!status.readable || working !== null}
                loading={working === 'export'}
                onClick={() =>
                  void run('export', async () =>
                    setExported(
                      await call(
                        'recovery.exportReadable',
                        exportPath.trim() ? { path: exportPath.trim() } : {},
                      ),
                    ),
                  )
                }
                data-testid="recovery-export-button"
              >
                {t('recovery.screen.export')}
              </Button>
            </Box>
          </OptionCard>
        </SimpleGrid>

        <Group justify="flex-end">
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconFileZip size={16} />}
            loading={working === 'diagnostics'}
            onClick={() =>
              void run('diagnostics', async () => {
                const report = await call('diagnostics.export', {});
                notifySuccess(t('diagnostics.written', { path: report.path }));
              })
            }
            data-testid="recovery-diagnostics"
          >
            {t('recovery.screen.diagnostics')}
          </Button>
        </Group>
      </Stack>
    </StandaloneScreen>
  );
}
