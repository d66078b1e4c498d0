/** The settings page's "export diagnostics" control: writes the support zip and shows where it went. */
import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconFileZip } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { notifyError } from '../../ui/errors';

export function DiagnosticsExport() {
  const { t } = useTranslation();
  const [working, setWorking] = useState(false);
  const [path, setPath] = useState<string | null>(null);

  const exportBundle = async () => {
    setWorking(true);
    try {
      setPath((await call('diagnostics.export', {})).path);
    } catch (error) {
      notifyError(error);
    } finally {
      setWorking(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap" gap="lg">
        <Text size="sm" c="dimmed" style={{ minWidth: 0 }}>
          {t('diagnostics.hint')}
        </Text>
        <Button
          variant="default"
          leftSection={<IconFileZip size={16} />}
          loading={working}
          onClick={() => void exportBundle()}
          style={{ flexShrink: 0 }}
          data-testid="diagnostics-export"
        >
          {t('diagnostics.export')}
        </Button>
      </Group>
      {path && (
        <Text size="sm" data-testid="diagnostics-written">
          {t('diagnostics.written', { path: '' })}
          <Code style={{ overflowWrap: 'anywhere' }}>{path}</Code>
        </Text>
      )}
    </Stack>
  );
}
