/**
 * The playbook editor: the definition as JSON text. The backend checks every field and cross-reference (roles,
 * templates, placeholders, severities) and answers a bad playbook with one localised issue per field; each issue
 * here selects its field in the text. Saving an existing playbook adds a version; incidents and drills already
 * run keep the version they used.
 */
import { Button, Code, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  builtinPlaceholders,
  injectKinds,
  riskTypes,
  templateKinds,
  type PlaybookInput,
} from '../../../../shared/domain/crisis/playbook';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifyError, notifySuccess } from '../../ui/errors';
import { jsonErrorOffset, lineAndColumn, locateJsonPath, type TextRange } from './jsonLocate';
import { crisisPaths } from './paths';
import { BackLink } from './PlaybookDetail';
import { PlaybookIssues, problemReport, type FieldIssue, type ProblemReport } from './PlaybookIssues';

function newPlaybookSkeleton(t: TFunction): PlaybookInput {
  const s = (key: string) => t(`crisisUi.editor.skeleton.${key}`);
  return {
    key: 'my-playbook',
    name: s('name'),
    riskType: 'other',
    summary: '',
    severityLevels: [
      { id: 'low', label: s('low') },
      { id: 'high', label: s('high') },
    ],
    defaultSeverity: 'low',
    roles: [{ id: 'admin', label: s('admin') }],
    prevention: [],
    triggers: [],
    stages: [
      {
        id: 'respond',
        title: s('stage'),
        steps: [{ id: 'first-step', title: s('step'), ownerRole: 'admin', targetSeconds: 300 }],
      },
    ],
    templates: [],
    placeholders: [],
    scenarios: [],
  };
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function PlaybookEditor({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(() =>
    id === null ? pretty(newPlaybookSkeleton(t)) : null,
  );
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<ProblemReport | null>(null);
  const [saving, setSaving] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  // Loaded once: a refetch on a data change must not overwrite the text being edited.
  useEffect(() => {
    if (id === null) return;
    let current = true;
    call('playbooks.get', { id }).then(
      (detail) => {
        if (!current) return;
        setText(pretty(detail.definition));
        setName(detail.name);
      },
      (error: unknown) => current && notifyError(error),
    );
    return () => {
      current = false;
    };
  }, [id]);

  const select = (range: TextRange) => {
    const element = area.current;
    if (!element || text === null) return;
    element.focus();
    element.setSelectionRange(range.start, range.end);
    const lineHeight = Number.parseFloat(getComputedStyle(element).lineHeight) || 18;
    element.scrollTop = Math.max(0, (lineAndColumn(text, range.start).line - 4) * lineHeight);
  };

  const selectIssue = (issue: FieldIssue) => {
    if (text === null) return;
    const range = locateJsonPath(text, issue.path);
    if (range) select(range);
  };

  const parse = (): unknown => {
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const offset = jsonErrorOffset(error);
      const where = offset === null ? null : lineAndColumn(text, offset);
      setProblem({
        summary: where
          ? t('crisisUi.editor.badJsonAt', where)
          : t('crisisUi.editor.badJson', { detail: String((error as Error).message) }),
        issues: [],
      });
      if (offset !== null) select({ start: offset, end: Math.min(text.length, offset + 1) });
      return undefined;
    }
  };

  const format = () => {
    const definition = parse();
    if (definition !== undefined) {
      setText(pretty(definition));
      setProblem(null);
    }
  };

  const save = async () => {
    const definition = parse();
    if (definition === undefined) return;
    setSaving(true);
    setProblem(null);
    try {
      const result = await call('playbooks.save', {
        ...(id !== null ? { id } : {}),
        definition: definition as PlaybookInput,
        note: note.trim(),
      });
      notifySuccess(
        id === null
          ? t('crisisUi.editor.created', { name: result.playbook.name })
          : result.versionCreated
            ? t('crisisUi.editor.saved', { version: result.playbook.currentVersion })
            : t('crisisUi.editor.unchanged'),
      );
      navigate(crisisPaths.playbook(result.playbook.id));
    } catch (error) {
      const report = problemReport(error);
      setProblem(report);
      const first = report.issues[0];
      if (first) selectIssue(first);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md" data-testid="playbook-editor">
      <BackLink
        label={id === null ? t('crisisUi.detail.back') : t('crisisUi.editor.backToPlaybook')}
        to={id === null ? crisisPaths.tab('playbooks') : crisisPaths.playbook(id)}
      />
      <Title order={3}>
        {id === null ? t('crisisUi.editor.newTitle') : t('crisisUi.editor.title', { name })}
      </Title>
      <Text size="sm" c="dimmed">
        {t('crisisUi.editor.hint')}
      </Text>
      <EditorReference />
      {problem && <PlaybookIssues report={problem} onSelect={selectIssue} />}
      <Textarea
        ref={area}
        value={text ?? ''}
        disabled={text === null}
        onChange={(event) => setText(event.currentTarget.value)}
        spellCheck={false}
        aria-label={t('crisisUi.editor.textLabel')}
        styles={{
          input: {
            height: 'min(58vh, 560px)',
            fontFamily: 'var(--mantine-font-family-monospace)',
            fontSize: 12.5,
            lineHeight: 1.55,
            whiteSpace: 'pre',
            overflowWrap: 'normal',
            overflowX: 'auto',
          },
        }}
        data-testid="playbook-json"
      />
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          style={{ flex: 1, minWidth: 240 }}
          label={t('crisisUi.editor.note')}
          placeholder={t('crisisUi.editor.notePlaceholder')}
          maxLength={200}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          data-testid="playbook-note"
        />
        <Button variant="default" onClick={format} disabled={text === null}>
          {t('crisisUi.editor.format')}
        </Button>
        <Button
          variant="default"
          onClick={() => navigate(id === null ? crisisPaths.tab('playbooks') : crisisPaths.playbook(id))}
        >
          {t('common.cancel')}
        </Button>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          onClick={() => void save()}
          loading={saving}
          disabled={text === null}
          data-testid="save-playbook"
        >
          {id === null ? t('common.create') : t('crisisUi.editor.saveVersion')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The values an author needs at hand: risk types, template and inject kinds, built-in placeholders. */
function EditorReference() {
  const { t } = useTranslation();
  const row = (label: string, values: readonly string[], describe?: (value: string) => string) => (
    <Group gap={6} wrap="wrap">
      <Text size="xs" c="dimmed" w={92}>
        {label}
      </Text>
      {values.map((value) => (
        <Text key={value} size="xs" span>
          <Code>{value}</Code>
          {describe ? ` ${describe(value)}` : ''}
        </Text>
      ))}
    </Group>
  );
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap={4}>
        {row(t('crisis.fields.riskType'), riskTypes, (value) => t(`crisis.riskTypes.${value}`))}
        {row(t('crisisUi.editor.templateKind'), templateKinds, (value) => t(`crisis.templateKinds.${value}`))}
        {row(t('crisisUi.editor.injectKind'), injectKinds, (value) => t(`crisis.injectKinds.${value}`))}
        {row(
          t('crisisUi.editor.builtins'),
          builtinPlaceholders.map((name) => `{{${name}}}`),
        )}
      </Stack>
    </Paper>
  );
}
