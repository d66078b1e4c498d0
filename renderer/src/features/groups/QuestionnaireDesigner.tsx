/**
 * 入群问卷 designer: single choice, multiple choice and text questions, required or not; each option carries a score
 * (and may be a knockout, 一票否决); the pass score must be reachable. Checked here with the backend's own schema.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import {
  maxScore,
  questionKinds,
  questionnaireSchema,
  type Question,
  type QuestionKind,
  type Questionnaire,
} from '../../../../shared/domain/admission';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { useBusy } from '../../ui/formKit';
import { SectionCard } from './parts';

/** The next free key with this prefix: q1, q2 … / o1, o2 … */
function nextKey(prefix: string, used: readonly string[]): string {
  const numbers = used.map((key) => Number(key.slice(prefix.length))).filter(Number.isInteger);
  return `${prefix}${Math.max(0, ...numbers) + 1}`;
}

function newQuestion(kind: QuestionKind, used: readonly string[]): Question {
  return {
    id: nextKey('q', used),
    kind,
    prompt: '',
    required: true,
    options:
      kind === 'text'
        ? []
        : [
            { id: 'o1', label: '', score: 0, knockout: false },
            { id: 'o2', label: '', score: 0, knockout: false },
          ],
    textScore: 0,
  };
}

export function QuestionnaireDesigner({ group }: { group: GroupDetail }) {
  const { data: config } = useChannel('admission.config', { groupId: group.id }, ['groups']);
  if (!config) return null;
  return (
    <Designer
      key={`${config.groupId}-${config.questionnaireVersion}`}
      group={group}
      saved={config.questionnaire}
      version={config.questionnaireVersion}
    />
  );
}

function Designer(props: { group: GroupDetail; saved: Questionnaire; version: number }) {
  const { t } = useFormat();
  const [draft, setDraft] = useState<Questionnaire>(props.saved);
  const [problems, setProblems] = useState<string[]>([]);
  const { busy, run } = useBusy();
  const dirty = JSON.stringify(draft) !== JSON.stringify(props.saved);
  const max = maxScore(draft.questions);

  const setQuestion = (index: number, change: Partial<Question>) =>
    setDraft((previous) => ({
      ...previous,
      questions: previous.questions.map((question, at) =>
        at === index ? { ...question, ...change } : question,
      ),
    }));
  const move = (index: number, by: -1 | 1) =>
    setDraft((previous) => {
      const questions = [...previous.questions];
      const [item] = questions.splice(index, 1);
      questions.splice(index + by, 0, item!);
      return { ...previous, questions };
    });
  const remove = (index: number) =>
    setDraft((previous) => ({ ...previous, questions: previous.questions.filter((_, at) => at !== index) }));
  const add = (kind: QuestionKind) =>
    setDraft((previous) => ({
      ...previous,
      questions: [
        ...previous.questions,
        newQuestion(
          kind,
          previous.questions.map((question) => question.id),
        ),
      ],
    }));

  const save = () => {
    const parsed = questionnaireSchema.safeParse(draft);
    if (!parsed.success) {
      setProblems([
        ...new Set(
          parsed.error.issues.map((issue) => {
            const at = issue.path[1];
            const number = typeof at === 'number' && issue.path[0] === 'questions' ? at + 1 : null;
            const reason = t(`groupsUi.questionnaire.problems.${issue.message}`, {
              defaultValue: t('groupsUi.questionnaire.problems.incomplete'),
            });
            return number === null ? reason : t('groupsUi.questionnaire.problemAt', { number, reason });
          }),
        ),
      ]);
      return;
    }
    setProblems([]);
    return run(async () => {
      const saved = await call('admission.saveQuestionnaire', {
        groupId: props.group.id,
        questionnaire: parsed.data,
      });
      notifySuccess(t('groupsUi.questionnaire.saved', { version: saved.questionnaireVersion }));
    });
  };

  return (
    <SectionCard
      title={t('groupsUi.questionnaire.title')}
      testId="questionnaire"
      actions={
        <Badge variant="light" radius="sm">
          {props.version === 0
            ? t('groupsUi.questionnaire.unsaved')
            : t('groupsUi.questionnaire.version', { version: props.version })}
        </Badge>
      }
    >
      <Stack gap="md">
        {draft.questions.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('groupsUi.questionnaire.empty')}
          </Text>
        )}
        {draft.questions.map((question, index) => (
          <Paper key={question.id} withBorder radius="md" p="md" data-testid="question">
            <Stack gap="sm">
              <Group gap="sm" wrap="nowrap" align="flex-end">
                <Text fw={600} size="sm" pb={8} style={{ flexShrink: 0 }}>
                  {index + 1}.
                </Text>
                <TextInput
                  style={{ flex: 1 }}
                  label={t('groupsUi.questionnaire.prompt')}
                  value={question.prompt}
                  onChange={(event) => setQuestion(index, { prompt: event.currentTarget.value })}
                  data-testid="question-prompt"
                />
                <Select
                  w={160}
                  label={t('groupsUi.questionnaire.kind')}
                  data={questionKinds.map((kind) => ({
                    value: kind,
                    label: t(`groupsUi.questionnaire.kinds.${kind}`),
                  }))}
                  value={question.kind}
                  allowDeselect={false}
                  onChange={(value) => {
                    const kind = value as QuestionKind;
                    const fresh = newQuestion(kind, []);
                    setQuestion(index, {
                      kind,
                      options:
                        kind === 'text' ? [] : question.options.length ? question.options : fresh.options,
                    });
                  }}
                  comboboxProps={{ withinPortal: true }}
                />
                <Switch
                  pb={8}
                  label={t('groupsUi.questionnaire.required')}
                  checked={question.required}
                  onChange={(event) => setQuestion(index, { required: event.currentTarget.checked })}
                  style={{ flexShrink: 0 }}
                />
                <Group gap={2} wrap="nowrap" pb={4}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={t('groupsUi.questionnaire.up')}
                  >
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={index === draft.questions.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={t('groupsUi.questionnaire.down')}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => remove(index)}
                    aria-label={t('common.delete')}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Group>
              {question.kind === 'text' ? (
                <NumberInput
                  w={220}
                  label={t('groupsUi.questionnaire.textScore')}
                  min={0}
                  max={100}
                  allowDecimal={false}
                  value={question.textScore}
                  onChange={(value) =>
                    setQuestion(index, { textScore: typeof value === 'number' ? value : 0 })
                  }
                />
              ) : (
                <Stack gap={6} pl="lg">
                  {question.options.map((option, optionIndex) => {
                    const setOption = (change: Partial<typeof option>) =>
                      setQuestion(index, {
                        options: question.options.map((item, at) =>
                          at === optionIndex ? { ...item, ...change } : item,
                        ),
                      });
                    return (
                      <Group key={option.id} gap="sm" wrap="nowrap" data-testid="question-option">
                        <TextInput
                          style={{ flex: 1 }}
                          size="xs"
                          placeholder={t('groupsUi.questionnaire.optionLabel', { number: optionIndex + 1 })}
                          value={option.label}
                          onChange={(event) => setOption({ label: event.currentTarget.value })}
                          data-testid="option-label"
                        />
                        <NumberInput
                          size="xs"
                          w={110}
                          min={-100}
                          max={100}
                          allowDecimal={false}
                          leftSection={<Text size="xs">{t('groupsUi.questionnaire.scoreShort')}</Text>}
                          leftSectionWidth={36}
                          value={option.score}
                          onChange={(value) => setOption({ score: typeof value === 'number' ? value : 0 })}
                          data-testid="option-score"
                        />
                        <Tooltip label={t('groupsUi.questionnaire.knockoutHint')}>
                          <Checkbox
                            size="xs"
                            label={t('groupsUi.questionnaire.knockout')}
                            checked={option.knockout}
                            onChange={(event) => setOption({ knockout: event.currentTarget.checked })}
                            style={{ flexShrink: 0 }}
                          />
                        </Tooltip>
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          color="gray"
                          disabled={question.options.length <= 2}
                          onClick={() =>
                            setQuestion(index, {
                              options: question.options.filter((_, at) => at !== optionIndex),
                            })
                          }
                          aria-label={t('common.delete')}
                        >
                          <IconX size={14} />
                        </ActionIcon>
                      </Group>
                    );
                  })}
                  <div>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconPlus size={12} />}
                      disabled={question.options.length >= 12}
                      onClick={() =>
                        setQuestion(index, {
                          options: [
                            ...question.options,
                            {
                              id: nextKey(
                                'o',
                                question.options.map((item) => item.id),
                              ),
                              label: '',
                              score: 0,
                              knockout: false,
                            },
                          ],
                        })
                      }
                      data-testid="option-add"
                    >
                      {t('groupsUi.questionnaire.addOption')}
                    </Button>
                  </div>
                </Stack>
              )}
            </Stack>
          </Paper>
        ))}
        <Group gap="xs">
          {questionKinds.map((kind) => (
            <Button
              key={kind}
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => add(kind)}
              disabled={draft.questions.length >= 30}
              data-testid={`question-add-${kind}`}
            >
              {t(`groupsUi.questionnaire.add.${kind}`)}
            </Button>
          ))}
        </Group>
        <Group justify="space-between" align="flex-end">
          <Group gap="md" align="flex-end">
            <NumberInput
              w={160}
              label={t('groupsUi.questionnaire.passScore')}
              min={0}
              allowDecimal={false}
              value={draft.passScore}
              onChange={(value) =>
                setDraft((previous) => ({ ...previous, passScore: typeof value === 'number' ? value : 0 }))
              }
              data-testid="pass-score"
            />
            <Text size="sm" c="dimmed" pb={8} data-testid="max-score">
              {t('groupsUi.questionnaire.maxScore', { max })}
            </Text>
          </Group>
          <Button
            loading={busy}
            disabled={!dirty}
            onClick={() => void save()}
            data-testid="questionnaire-save"
          >
            {t('groupsUi.questionnaire.save')}
          </Button>
        </Group>
        {problems.length > 0 && (
          <Alert color="red" data-testid="questionnaire-problems">
            <Stack gap={2}>
              {problems.map((problem) => (
                <Text key={problem} size="sm">
                  {problem}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
      </Stack>
    </SectionCard>
  );
}
