/**
 * "发送消息" during an incident: pick a template, fill the placeholders the incident does not fill itself, and the
 * backend renders it (群名, 事件时间, 处理人 and 预案名称 come from the incident). The text shows at once, with
 * 【占位符】 where a value is still missing, and stays editable; copy it into WeChat, then record it on the timeline
 * as sent (not while a missing value's marker is still in it).
 */
import {
  Button,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy, IconSend } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templateKinds, type TemplateKind } from '../../../../shared/domain/crisis/playbook';
import { findPlaceholders } from '../../../../shared/domain/crisis/templates';
import type { IncidentDetail } from '../../../../shared/domain/crisis/views';
import { call } from '../../api/client';
import { describeError, notifySuccess } from '../../ui/errors';
import { copyText } from '../../ui/fileActions';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';
import { placeholderLabel } from './TemplatePreview';

/** Filled by the backend from the incident (群名 only when the incident has a group). */
const filledByIncident = new Set(['事件时间', '处理人', '预案名称']);

export function IncidentMessageModal(props: {
  opened: boolean;
  onClose(): void;
  incident: IncidentDetail;
  templateId: string | null;
  actor: string;
}) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      size="xl"
      title={t('crisisUi.message.title')}
      testId="message-form"
    >
      <MessageForm key={props.templateId ?? 'free'} {...props} />
    </FormModal>
  );
}

function MessageForm(props: {
  onClose(): void;
  incident: IncidentDetail;
  templateId: string | null;
  actor: string;
}) {
  const { t } = useTranslation();
  const { incident } = props;
  const templates = incident.definition.templates;
  const [templateId, setTemplateId] = useState<string | null>(props.templateId ?? templates[0]?.id ?? null);
  const template = templates.find((candidate) => candidate.id === templateId);
  const [channel, setChannel] = useState<TemplateKind>(template?.kind ?? 'announcement');
  const [values, setValues] = useState<Record<string, string>>({});
  const [debounced] = useDebouncedValue(values, 250);
  const [text, setText] = useState('');
  const [renderError, setRenderError] = useState<string | null>(null);
  const { busy: saving, run } = useBusy();

  const needed = template
    ? findPlaceholders(template.body).names.filter(
        (name) => !filledByIncident.has(name) && !(name === '群名' && incident.groupName !== null),
      )
    : [];
  const missing = needed.filter((name) => !(debounced[name] ?? '').trim());
  const neededKey = needed.join('|');
  const valuesKey = JSON.stringify(debounced);

  // Re-rendered when the template or a value changes; edits to the text in between are the user's to keep.
  useEffect(() => {
    if (!templateId) return;
    const given = JSON.parse(valuesKey) as Record<string, string>;
    const names = neededKey.split('|').filter(Boolean);
    let current = true;
    const valuesForTemplate = Object.fromEntries(
      names.filter((name) => (given[name] ?? '').trim()).map((name) => [name, given[name]!.trim()]),
    );
    call('incidents.renderTemplate', {
      id: incident.id,
      templateId,
      values: valuesForTemplate,
      fillMissing: true,
    }).then(
      (result) => {
        if (!current) return;
        setText(result.text);
        setRenderError(null);
      },
      (error: unknown) => {
        if (current) setRenderError(describeError(error));
      },
    );
    return () => {
      current = false;
    };
  }, [incident.id, templateId, neededKey, valuesKey]);

  // A marker of a value still missing must not go out to the group.
  const unfilled = template ? missing.filter((name) => text.includes(`【${name}】`)) : [];
  const sendable = text.trim() !== '' && unfilled.length === 0;

  const record = () =>
    run(async () => {
      await call('incidents.addEvent', {
        id: incident.id,
        event: {
          kind: 'message_sent',
          channel,
          text: text.trim(),
          ...(templateId ? { templateId } : {}),
          ...(props.actor ? { actor: props.actor } : {}),
        },
      });
      notifySuccess(t('crisisUi.message.recorded'));
      props.onClose();
    });

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Select
          style={{ flex: 1, minWidth: 240 }}
          label={t('crisisUi.message.template')}
          data={[
            ...templates.map((candidate) => ({
              value: candidate.id,
              label: `${candidate.title}（${t(`crisis.templateKinds.${candidate.kind}`)}）`,
            })),
            { value: '', label: t('crisisUi.message.freeText') },
          ]}
          value={templateId ?? ''}
          onChange={(value) => {
            const next = value ? value : null;
            setTemplateId(next);
            const nextTemplate = templates.find((candidate) => candidate.id === next);
            if (nextTemplate) setChannel(nextTemplate.kind);
            if (!next) setText('');
          }}
          allowDeselect={false}
          data-testid="message-template"
        />
        <SegmentedControl
          value={channel}
          onChange={(value) => setChannel(value as TemplateKind)}
          data={templateKinds.map((kind) => ({ value: kind, label: t(`crisis.templateKinds.${kind}`) }))}
          data-testid="message-channel"
        />
      </Group>
      {needed.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" verticalSpacing="xs">
          {needed.map((name) => {
            const { label, example } = placeholderLabel(incident.definition, name);
            return (
              <TextInput
                key={name}
                size="sm"
                label={label}
                placeholder={example ?? name}
                withAsterisk
                value={values[name] ?? ''}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setValues((previous) => ({ ...previous, [name]: value }));
                }}
                data-testid={`message-value-${name}`}
              />
            );
          })}
        </SimpleGrid>
      )}
      {template && missing.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('crisisUi.message.fillFirst', {
            names: missing.map((name) => placeholderLabel(incident.definition, name).label).join('、'),
          })}
        </Text>
      )}
      {renderError && (
        <Text size="sm" c="red">
          {renderError}
        </Text>
      )}
      <Textarea
        label={t('crisisUi.message.text')}
        description={t('crisisUi.message.textHint')}
        autosize
        minRows={5}
        maxRows={14}
        maxLength={4000}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        data-testid="message-text"
      />
      <ModalActions onCancel={props.onClose}>
        <Button
          variant="light"
          leftSection={<IconCopy size={16} />}
          disabled={!sendable}
          onClick={() => void copyText(text)}
          data-testid="message-copy"
        >
          {t('crisisUi.copy')}
        </Button>
        <Button
          leftSection={<IconSend size={16} />}
          disabled={!sendable}
          loading={saving}
          onClick={() => void record()}
          data-testid="message-record"
        >
          {t('crisisUi.message.record')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
