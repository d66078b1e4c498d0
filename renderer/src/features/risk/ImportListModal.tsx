/**
 * Imports a word list from a TXT or CSV file. The bytes are sent as they are (GBK files from Excel decode in the
 * main process); a malformed file shows which line is wrong and stores nothing.
 */
import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskListFormat } from '../../../../shared/ipc/channels/risk';
import { ApiError, call } from '../../api/client';
import { navigate } from '../../app/router';
import { describeError, notifySuccess } from '../../ui/errors';
import { riskPaths } from './paths';

/** Base64 of a file's bytes, in slices so a large file does not overflow the argument list. */
function base64Of(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

/** Files larger than this exceed what one request carries; such lists are imported with the CLI. */
const maxFileBytes = 1_000_000;

function ImportForm({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [format, setFormat] = useState<RiskListFormat>('txt');
  const [name, setName] = useState('');
  const [replace, setReplace] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const pick = async (picked: File | null) => {
    if (!picked) return;
    setError(null);
    setConflict(false);
    if (picked.size > maxFileBytes) {
      setFile(null);
      setError(t('riskUi.import.tooLarge'));
      return;
    }
    setFile({ name: picked.name, base64: base64Of(await picked.arrayBuffer()) });
    setFormat(/\.csv$/i.test(picked.name) ? 'csv' : 'txt');
  };

  const submit = async () => {
    if (!file) return;
    setSaving(true);
    setError(null);
    try {
      const list = await call('risk.importList', {
        format,
        base64: file.base64,
        fileName: file.name,
        ...(name.trim() ? { name: name.trim() } : {}),
        replace,
      });
      notifySuccess(t('riskUi.import.done', { name: list.name, count: list.wordCount }));
      onClose();
      navigate(riskPaths.list(list.id));
    } catch (caught) {
      setConflict(caught instanceof ApiError && caught.payload.code === 'CONFLICT');
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('riskUi.import.intro')}
      </Text>
      <Group gap="sm">
        <FileButton onChange={(picked) => void pick(picked)} accept=".txt,.csv,text/plain,text/csv">
          {(props) => (
            <Button
              variant="default"
              leftSection={<IconFileUpload size={16} />}
              {...props}
              data-testid="risk-import-pick"
            >
              {t('riskUi.import.pick')}
            </Button>
          )}
        </FileButton>
        <Text
          size="sm"
          c={file ? undefined : 'dimmed'}
          truncate
          style={{ flex: 1, minWidth: 0 }}
          data-testid="risk-import-file"
        >
          {file?.name ?? t('riskUi.import.noFile')}
        </Text>
      </Group>
      <SegmentedControl
        value={format}
        onChange={(value) => setFormat(value as RiskListFormat)}
        data={[
          { value: 'txt', label: t('riskUi.import.txt') },
          { value: 'csv', label: t('riskUi.import.csv') },
        ]}
      />
      <TextInput
        label={t('riskUi.import.name')}
        placeholder={t('riskUi.import.namePlaceholder')}
        value={name}
        maxLength={80}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      {conflict && (
        <Checkbox
          label={t('riskUi.import.replace')}
          checked={replace}
          onChange={(event) => setReplace(event.currentTarget.checked)}
          data-testid="risk-import-replace"
        />
      )}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="risk-import-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          onClick={() => void submit()}
          disabled={!file}
          loading={saving}
          data-testid="risk-import-submit"
        >
          {t('riskUi.import.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

export function ImportListModal(props: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('riskUi.import.title')} size="lg">
      {props.opened && <ImportForm onClose={props.onClose} />}
    </Modal>
  );
}
