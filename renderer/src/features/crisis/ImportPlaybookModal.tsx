/** Imports a playbook from a JSON or Markdown file, picked or pasted; a bad file shows one line per problem. */
import { Button, FileButton, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifySuccess } from '../../ui/errors';
import { FormModal, ModalActions } from '../../ui/formKit';
import { crisisPaths } from './paths';
import { PlaybookIssues, problemReport, type ProblemReport } from './PlaybookIssues';

type ImportFormat = 'auto' | 'json' | 'md';

export function ImportPlaybookModal(props: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      size="xl"
      title={t('crisisUi.import.title')}
      testId="import-playbook-form"
    >
      <ImportForm onClose={props.onClose} />
    </FormModal>
  );
}

function ImportForm({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [format, setFormat] = useState<ImportFormat>('auto');
  const [problem, setProblem] = useState<ProblemReport | null>(null);
  const [saving, setSaving] = useState(false);

  const readFile = async (file: File | null) => {
    if (!file) return;
    setContent(await file.text());
    setFileName(file.name);
    setProblem(null);
    if (/\.json$/i.test(file.name)) setFormat('json');
    else if (/\.(md|markdown)$/i.test(file.name)) setFormat('md');
  };

  const submit = async () => {
    setSaving(true);
    setProblem(null);
    try {
      const result = await call('playbooks.import', { content, format });
      const name = result.playbook.name;
      notifySuccess(
        result.created
          ? t('crisisUi.import.created', { name })
          : result.versionCreated
            ? t('crisisUi.import.newVersion', { name, version: result.playbook.currentVersion })
            : t('crisisUi.import.unchanged', { name }),
      );
      onClose();
      navigate(crisisPaths.playbook(result.playbook.id));
    } catch (error) {
      setProblem(problemReport(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('crisisUi.import.hint')}
      </Text>
      <Group gap="sm" wrap="wrap">
        <FileButton
          onChange={(file) => void readFile(file)}
          accept=".json,.md,.markdown,.txt,application/json,text/markdown,text/plain"
        >
          {(buttonProps) => (
            <Button variant="default" leftSection={<IconUpload size={16} />} {...buttonProps}>
              {t('crisisUi.import.pickFile')}
            </Button>
          )}
        </FileButton>
        {fileName && (
          <Text size="sm" c="dimmed" truncate maw={260}>
            {fileName}
          </Text>
        )}
        <SegmentedControl
          ml="auto"
          size="xs"
          value={format}
          onChange={(value) => setFormat(value as ImportFormat)}
          data={[
            { value: 'auto', label: t('crisisUi.import.formatAuto') },
            { value: 'json', label: 'JSON' },
            { value: 'md', label: 'Markdown' },
          ]}
        />
      </Group>
      <Textarea
        label={t('crisisUi.import.paste')}
        placeholder={t('crisisUi.import.pastePlaceholder')}
        autosize
        minRows={10}
        maxRows={18}
        value={content}
        onChange={(event) => {
          setContent(event.currentTarget.value);
          setProblem(null);
        }}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        data-testid="import-content"
      />
      {problem && <PlaybookIssues report={problem} />}
      <ModalActions onCancel={onClose}>
        <Button
          onClick={() => void submit()}
          loading={saving}
          disabled={content.trim() === ''}
          data-testid="import-submit"
        >
          {t('crisisUi.import.submit')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
