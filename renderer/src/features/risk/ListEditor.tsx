/**
 * Edits one word list: its fields, its normalisation options and its words, one a line (`word[,category,severity,
 * options,action]` — the CSV row of a list file). Lines are parsed and linted as you type; saving first back-tests
 * the list on the last days of chat and asks to confirm with the number of messages it would hit.
 */
import {
  Alert,
  Anchor,
  Button,
  Collapse,
  Grid,
  Group,
  List,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowLeft, IconDeviceFloppy, IconFlask } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { LintWarning } from '../../../../shared/domain/sensitive/listFormat';
import {
  defaultListOptions,
  normalisationSteps,
  sensitiveCategories,
  severities,
  suggestedActions,
  type ListKind,
  type ListOptions,
  type SensitiveCategory,
  type SensitiveWord,
  type Severity,
  type SuggestedAction,
} from '../../../../shared/domain/sensitive/types';
import type { RiskBacktest, RiskListInput } from '../../../../shared/ipc/channels/risk';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { describeError, notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { BacktestView } from './BacktestView';
import { riskPaths } from './paths';
import { wordLines } from './riskFormat';

interface Form {
  name: string;
  kind: ListKind;
  category: SensitiveCategory;
  severity: Severity;
  action: SuggestedAction;
  options: ListOptions;
  text: string;
}

const blankForm: Form = {
  name: '',
  kind: 'deny',
  category: 'custom',
  severity: 'medium',
  action: 'remind',
  options: defaultListOptions,
  text: '',
};

type Parsed =
  | { words: SensitiveWord[]; warnings: LintWarning[]; error: null }
  | { words: null; warnings: []; error: string };

/** The word lines parsed by the main process a moment after typing pauses. */
function useParsedWords(text: string, options: ListOptions): Parsed | null {
  const [debounced] = useDebouncedValue(text, 300);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const optionsKey = JSON.stringify(options);
  useEffect(() => {
    let current = true;
    call('risk.parseWords', { text: debounced, options: JSON.parse(optionsKey) as ListOptions }).then(
      (result) => current && setParsed({ ...result, error: null }),
      (error: unknown) => current && setParsed({ words: null, warnings: [], error: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [debounced, optionsKey]);
  return parsed;
}

const backtestDays = ['7', '30', '90'] as const;

export function ListEditor({ id }: { id: number | null }) {
  const { t, number } = useFormat();
  const [form, setForm] = useState<Form | null>(id === null ? blankForm : null);
  const [showOptions, setShowOptions] = useState(false);
  const [days, setDays] = useState<(typeof backtestDays)[number]>('30');
  const [backtest, setBacktest] = useState<RiskBacktest | null>(null);
  const [testing, setTesting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    if (id === null) return;
    let current = true;
    call('risk.getList', { id }).then(
      (list) =>
        current &&
        setForm({
          name: list.name,
          kind: list.kind,
          category: list.category,
          severity: list.severity,
          action: list.action,
          options: list.options,
          text: wordLines(list.words),
        }),
      (error: unknown) => {
        notifyError(error);
        navigate(riskPaths.tab('lists'));
      },
    );
    return () => {
      current = false;
    };
  }, [id]);

  const parsed = useParsedWords(form?.text ?? '', form?.options ?? defaultListOptions);
  if (!form) return <Skeleton height={360} radius="md" />;

  const update = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setBacktest(null);
  };
  const listInput = (): RiskListInput | null =>
    parsed?.words
      ? {
          name: form.name.trim(),
          kind: form.kind,
          category: form.category,
          severity: form.severity,
          action: form.action,
          options: form.options,
          words: parsed.words,
        }
      : null;

  const runBacktest = async (): Promise<RiskBacktest | null> => {
    const list = listInput();
    if (!list || list.words.length === 0) return null;
    setTesting(true);
    try {
      const result = await call('risk.backtest', {
        list: { ...list, name: list.name || '-' },
        ...(id !== null ? { listId: id } : {}),
        days: Number(days),
      });
      setBacktest(result);
      return result;
    } catch (error) {
      notifyError(error);
      return null;
    } finally {
      setTesting(false);
    }
  };

  const askToSave = async () => {
    setSaveError(null);
    if ((await runBacktest()) !== null) setConfirming(true);
  };

  const save = async () => {
    const list = listInput();
    if (!list) return;
    setSaving(true);
    try {
      const saved = await call('risk.saveList', { ...(id !== null ? { id } : {}), list });
      notifySuccess(t('riskUi.editor.saved', { name: saved.name, version: saved.version }));
      setConfirming(false);
      navigate(riskPaths.tab('lists'));
    } catch (error) {
      setSaveError(describeError(error));
      setConfirming(false);
    } finally {
      setSaving(false);
    }
  };

  const wordCount = parsed?.words?.length ?? 0;
  const canSave = form.name.trim() !== '' && parsed?.words !== null && parsed !== null && wordCount > 0;

  return (
    <Stack gap="md" data-testid="risk-list-editor">
      <Group justify="space-between">
        <Anchor component="button" type="button" size="sm" onClick={() => navigate(riskPaths.tab('lists'))}>
          <Group gap={4}>
            <IconArrowLeft size={14} />
            {t('riskUi.editor.back')}
          </Group>
        </Anchor>
        <Group gap="xs">
          <Select
            w={120}
            size="xs"
            data={backtestDays.map((value) => ({ value, label: t('riskUi.editor.days', { days: value }) }))}
            value={days}
            onChange={(value) => value && setDays(value as (typeof backtestDays)[number])}
            allowDeselect={false}
            aria-label={t('riskUi.editor.backtestDays')}
            comboboxProps={{ withinPortal: true }}
          />
          <Button
            variant="default"
            size="xs"
            leftSection={<IconFlask size={14} />}
            onClick={() => void runBacktest()}
            loading={testing && !confirming}
            disabled={!canSave}
            data-testid="risk-backtest-run"
          >
            {t('riskUi.editor.backtest')}
          </Button>
          <Button
            size="xs"
            leftSection={<IconDeviceFloppy size={14} />}
            onClick={() => void askToSave()}
            disabled={!canSave}
            loading={testing && confirming}
            data-testid="risk-list-save"
          >
            {t('common.save')}
          </Button>
        </Group>
      </Group>
      {saveError && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          {saveError}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput
                label={t('riskUi.lists.name')}
                required
                maxLength={80}
                value={form.name}
                onChange={(event) => update({ name: event.currentTarget.value })}
                data-testid="risk-list-name"
              />
              <SegmentedControl
                value={form.kind}
                onChange={(value) => update({ kind: value as ListKind })}
                data={(['deny', 'allow'] as const).map((value) => ({
                  value,
                  label: t(`sensitive.kind.${value}`),
                }))}
              />
              <Select
                label={t('riskUi.columns.category')}
                data={sensitiveCategories.map((value) => ({
                  value,
                  label: t(`sensitive.category.${value}`),
                }))}
                value={form.category}
                onChange={(value) => value && update({ category: value as SensitiveCategory })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              <SimpleGrid cols={2} spacing="xs">
                <Select
                  label={t('riskUi.columns.severity')}
                  data={severities.map((value) => ({ value, label: t(`sensitive.severity.${value}`) }))}
                  value={form.severity}
                  onChange={(value) => value && update({ severity: value as Severity })}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                />
                <Select
                  label={t('riskUi.columns.action')}
                  data={suggestedActions.map((value) => ({ value, label: t(`sensitive.action.${value}`) }))}
                  value={form.action}
                  onChange={(value) => value && update({ action: value as SuggestedAction })}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                />
              </SimpleGrid>
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => setShowOptions((value) => !value)}
              >
                {showOptions ? t('riskUi.editor.hideOptions') : t('riskUi.editor.showOptions')}
              </Anchor>
              <Collapse expanded={showOptions}>
                <Stack gap={6}>
                  <SimpleGrid cols={2} spacing={6}>
                    {normalisationSteps.map((step) => (
                      <Switch
                        key={step}
                        size="xs"
                        label={t(`riskUi.options.${step}`)}
                        checked={form.options[step]}
                        onChange={(event) =>
                          update({ options: { ...form.options, [step]: event.currentTarget.checked } })
                        }
                      />
                    ))}
                    <Switch
                      size="xs"
                      label={t('riskUi.options.boundary')}
                      checked={form.options.boundary}
                      onChange={(event) =>
                        update({ options: { ...form.options, boundary: event.currentTarget.checked } })
                      }
                    />
                  </SimpleGrid>
                  <NumberInput
                    size="xs"
                    w={200}
                    label={t('riskUi.options.maxGap')}
                    min={0}
                    max={16}
                    value={form.options.maxGap}
                    onChange={(value) =>
                      update({ options: { ...form.options, maxGap: typeof value === 'number' ? value : 0 } })
                    }
                  />
                </Stack>
              </Collapse>
            </Stack>
          </Paper>
          {parsed && parsed.warnings.length > 0 && (
            <Alert
              mt="md"
              color="yellow"
              icon={<IconAlertTriangle size={18} />}
              title={t('riskUi.editor.warnings', { count: parsed.warnings.length })}
              data-testid="risk-lint"
            >
              <List size="sm" spacing={2}>
                {parsed.warnings.slice(0, 30).map((warning) => (
                  <List.Item key={`${warning.code}:${warning.index}`}>
                    {t(`sensitive.lint.${warning.code}`, { word: warning.word, other: warning.other ?? '' })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Group justify="space-between" mb={4}>
              <Title order={5}>{t('riskUi.editor.words')}</Title>
              <Text size="sm" c="dimmed" className="tabular" data-testid="risk-word-count">
                {t('riskUi.editor.wordCount', { count: number(wordCount) })}
              </Text>
            </Group>
            <Text size="xs" c="dimmed" mb="xs">
              {t('riskUi.editor.wordsHelp')}
            </Text>
            <Textarea
              autosize
              minRows={14}
              maxRows={28}
              value={form.text}
              onChange={(event) => update({ text: event.currentTarget.value })}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              aria-label={t('riskUi.editor.words')}
              data-testid="risk-list-words"
            />
            {parsed?.error && (
              <Alert
                mt="sm"
                color="red"
                icon={<IconAlertTriangle size={18} />}
                data-testid="risk-parse-error"
              >
                {parsed.error}
              </Alert>
            )}
          </Paper>
          {backtest && !confirming && (
            <Paper withBorder p="md" mt="md">
              <BacktestView result={backtest} />
            </Paper>
          )}
        </Grid.Col>
      </Grid>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('riskUi.editor.confirmTitle')}
        size="lg"
      >
        {backtest && <BacktestView result={backtest} />}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </Button>
          <Button loading={saving} onClick={() => void save()} data-testid="risk-list-save-confirm">
            {t('riskUi.editor.confirmSave')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
