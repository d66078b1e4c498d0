/** Daily backup on/off and its time, retention counts, and the age at which the red banner appears. */
import { Button, Group, NumberInput, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { call } from '../../api/client';
import type { BackupSettings } from '../../../../shared/ipc/channels/backup';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { formatPeriod, minutesToTime } from './backupFormat';
import { announceBackupChange } from './backupStore';

type Editable = Omit<BackupSettings, 'defaultVaultId'>;
const retentionFields = ['keepDaily', 'keepWeekly', 'keepMonthly'] as const;

/** Half-hour steps, shown as 24-hour `21:30` whatever the system's clock format; a saved odd time is kept. */
function timeOptions(current: number): { value: string; label: string }[] {
  const minutes = new Set(Array.from({ length: 48 }, (_, index) => index * 30)).add(current);
  return [...minutes]
    .sort((a, b) => a - b)
    .map((value) => ({ value: String(value), label: minutesToTime(value) }));
}

function editable(settings: BackupSettings): Editable {
  const { defaultVaultId: _defaultVaultId, ...rest } = settings;
  return rest;
}

function SettingRow({ label, hint, children }: { label: string; hint: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xl" py={6} align="center">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </Stack>
      <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
        {children}
      </Group>
    </Group>
  );
}

/** The form restarts from the saved values whenever they change (keyed by the caller). */
export function BackupSettingsPanel({ settings }: { settings: BackupSettings }) {
  const { t } = useFormat();
  const [values, setValues] = useState<Editable>(() => editable(settings));
  const [saving, setSaving] = useState(false);
  const saved = editable(settings);
  const dirty = (Object.keys(saved) as (keyof Editable)[]).some((key) => saved[key] !== values[key]);
  const set = <K extends keyof Editable>(key: K, value: Editable[K]) =>
    setValues((previous) => ({ ...previous, [key]: value }));
  const numberOf = (value: number | string, fallback: number) =>
    typeof value === 'number' ? value : fallback;

  const save = async () => {
    setSaving(true);
    try {
      await call('backup.updateSettings', values);
      notifySuccess(t('backupUi.settings.saved'));
      announceBackupChange();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="lg" data-testid="backup-settings">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={4}>{t('backupUi.settings.title')}</Title>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={!dirty}
          loading={saving}
          onClick={() => void save()}
          data-testid="backup-settings-save"
        >
          {t('backupUi.settings.save')}
        </Button>
      </Group>
      <Stack gap="xs" maw={880}>
        <SettingRow label={t('backupUi.settings.daily')} hint={t('backupUi.settings.dailyHint')}>
          <Select
            w={104}
            data={timeOptions(values.timeOfDay)}
            value={String(values.timeOfDay)}
            onChange={(value) => value !== null && set('timeOfDay', Number(value))}
            allowDeselect={false}
            disabled={!values.dailyEnabled}
            aria-label={t('backupUi.settings.time')}
            comboboxProps={{ withinPortal: true }}
            data-testid="daily-time"
          />
          <Switch
            checked={values.dailyEnabled}
            onChange={(event) => set('dailyEnabled', event.currentTarget.checked)}
            aria-label={t('backupUi.settings.daily')}
            data-testid="daily-enabled"
          />
        </SettingRow>
        <SettingRow label={t('backupUi.settings.retention')} hint={t('backupUi.settings.retentionHint')}>
          {retentionFields.map((field) => (
            <NumberInput
              key={field}
              w={124}
              min={0}
              max={1000}
              allowDecimal={false}
              allowNegative={false}
              suffix={t(`backupUi.settings.${field}`)}
              aria-label={t(`backupUi.prune.${field}`)}
              value={values[field]}
              onChange={(value) => set(field, numberOf(value, 0))}
              data-testid={`settings-${field}`}
            />
          ))}
        </SettingRow>
        <SettingRow
          label={t('backupUi.settings.warnAfter')}
          hint={t('backupUi.settings.warnAfterHint', { period: formatPeriod(values.warnAfterHours, t) })}
        >
          <NumberInput
            w={120}
            min={1}
            max={24 * 365}
            allowDecimal={false}
            allowNegative={false}
            suffix={t('backupUi.settings.hours')}
            aria-label={t('backupUi.settings.warnAfter')}
            value={values.warnAfterHours}
            onChange={(value) => set('warnAfterHours', Math.max(1, numberOf(value, 1)))}
            data-testid="warn-after"
          />
        </SettingRow>
      </Stack>
    </Paper>
  );
}
