/**
 * A message template with a live preview: the placeholders it uses get an input each, and the text is rendered
 * by the backend as the values change (unfilled ones show as 【占位符】), ready to copy.
 */
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Playbook, PlaybookTemplate } from '../../../../shared/domain/crisis/playbook';
import { findPlaceholders } from '../../../../shared/domain/crisis/templates';
import { useChannel } from '../../ui/useChannel';
import { copyText } from '../../ui/fileActions';

/** The backend fills this one from the playbook itself. */
const filledByPlaybook = '预案名称';

export function placeholderLabel(definition: Pick<Playbook, 'placeholders'>, name: string) {
  const declared = definition.placeholders.find((placeholder) => placeholder.name === name);
  return { label: declared?.label ?? name, example: declared?.example };
}

export function MessageText(props: { text: string; testId?: string }) {
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      bg="var(--mantine-color-default-hover)"
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      data-testid={props.testId}
    >
      <Text size="sm">{props.text}</Text>
    </Paper>
  );
}

export function TemplatePreview(props: {
  playbookId: number;
  version: number;
  definition: Playbook;
  template: PlaybookTemplate;
}) {
  const { t } = useTranslation();
  const { template, definition } = props;
  const names = findPlaceholders(template.body).names.filter((name) => name !== filledByPlaybook);
  const [values, setValues] = useState<Record<string, string>>({});
  const [debounced] = useDebouncedValue(values, 250);
  const filled = Object.fromEntries(Object.entries(debounced).filter(([, value]) => value.trim() !== ''));
  const { data: preview } = useChannel('playbooks.renderTemplate', {
    id: props.playbookId,
    version: props.version,
    templateId: template.id,
    values: filled,
    fillMissing: true,
  });
  const usedBy = definition.stages
    .flatMap((stage) => stage.steps)
    .filter((step) => step.templateIds.includes(template.id));

  return (
    <Paper withBorder p="md" radius="md" data-testid="template-card" data-template={template.id}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Badge variant="light">{t(`crisis.templateKinds.${template.kind}`)}</Badge>
              <Text fw={600}>{template.title}</Text>
            </Group>
            {usedBy.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('crisisUi.detail.usedBy', { steps: usedBy.map((step) => step.title).join('、') })}
              </Text>
            )}
          </Stack>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconCopy size={14} />}
            disabled={!preview}
            onClick={() => preview && void copyText(preview.text)}
            data-testid="copy-template"
          >
            {t('crisisUi.copy')}
          </Button>
        </Group>
        {names.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" verticalSpacing="xs">
            {names.map((name) => {
              const { label, example } = placeholderLabel(definition, name);
              return (
                <TextInput
                  key={name}
                  size="xs"
                  label={label}
                  placeholder={example ?? name}
                  value={values[name] ?? ''}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setValues((previous) => ({ ...previous, [name]: value }));
                  }}
                  data-testid={`placeholder-${name}`}
                />
              );
            })}
          </SimpleGrid>
        )}
        <MessageText text={preview?.text ?? template.body} testId="template-preview" />
        {template.rubric.length > 0 && (
          <Group gap={4} wrap="wrap">
            <Text size="xs" c="dimmed">
              {t('crisisUi.detail.rubric')}
            </Text>
            {template.rubric.map((element) => (
              <Badge
                key={element.id}
                size="sm"
                variant="outline"
                color="gray"
                title={element.anyOf.join(' / ')}
              >
                {element.label}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
