/**
 * 群规: the rules as announced, version by version. Publishing adds a version (never edits one); any version can be
 * read again, side by side with the one before it.
 */
import {
  Badge,
  Box,
  Button,
  Grid,
  Group,
  NavLink,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconCopy, IconFilePlus, IconScale } from '@tabler/icons-react';
import { useState } from 'react';
import {
  diffLines,
  fillGroupTemplate,
  ruleTemplates,
  type GroupDetail,
  type RuleVersion,
} from '../../../../shared/domain/groups';
import { groupTypes, type GroupType, type Locale } from '../../../../shared/domain/types';
import { call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { writeClipboard } from '../../ui/clipboard';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { todayLocal } from '../calendar/calendarDates';
import { useBusy } from '../../ui/formKit';
import { CardAction, SectionCard } from './parts';
import { DateField } from '../../ui/DateField';

/** A template with the group's name filled in (other placeholders, if any, stay for the moderator). */
function templateFor(type: GroupType, locale: string, groupName: string): string {
  const template = (ruleTemplates[locale as Locale] ?? ruleTemplates['zh-CN'])[type];
  const filled = fillGroupTemplate(template, { group: groupName });
  return filled.ok ? filled.text : template;
}

export function RulesTab({ group }: { group: GroupDetail }) {
  const { t } = useFormat();
  const { data: versions } = useChannel('rules.list', { groupId: group.id }, ['groups']);
  const [selected, setSelected] = useState<number | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  if (!versions) return null;

  const shown = versions.find((version) => version.version === selected) ?? versions[0];
  if (draft !== null || !shown) {
    if (draft === null) {
      return (
        <Paper withBorder>
          <EmptyState
            icon={<IconScale size={32} />}
            title={t('groupsUi.rules.emptyTitle')}
            text={t('groupsUi.rules.emptyText')}
            actions={<TemplateButtons group={group} onPick={setDraft} />}
          />
        </Paper>
      );
    }
    return (
      <RuleEditor
        group={group}
        initial={draft}
        latest={versions[0] ?? null}
        onDone={(published) => {
          setDraft(null);
          if (published) setSelected(null);
        }}
      />
    );
  }

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <RuleView
          version={shown}
          previous={versions.find((version) => version.version === shown.version - 1) ?? null}
          latest={shown.version === versions[0]?.version}
          onNewVersion={() => setDraft(versions[0]?.body ?? '')}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <SectionCard title={t('groupsUi.rules.history')} testId="rules-history">
          <Stack gap={2}>
            {versions.map((version) => (
              <NavLink
                key={version.id}
                active={version.version === shown.version}
                onClick={() => setSelected(version.version)}
                label={t('groupsUi.rules.versionLabel', { version: version.version })}
                description={`${t('groupsUi.rules.announcedOn', { date: version.announcedOn })}${version.note ? ` · ${version.note}` : ''}`}
                data-testid="rules-version"
              />
            ))}
          </Stack>
        </SectionCard>
      </Grid.Col>
    </Grid>
  );
}

function TemplateButtons({ group, onPick }: { group: GroupDetail; onPick(body: string): void }) {
  const { t, locale } = useFormat();
  return (
    <Group gap="sm" justify="center" mt="xs">
      {groupTypes.map((type) => (
        <Button
          key={type}
          variant={type === group.type ? 'filled' : 'light'}
          leftSection={<IconFilePlus size={16} />}
          onClick={() => onPick(templateFor(type, locale, group.name))}
          data-testid={`rules-template-${type}`}
        >
          {t('groupsUi.rules.fromTemplate', { type: t(`groups.types.${type}`) })}
        </Button>
      ))}
      <Button variant="default" onClick={() => onPick('')}>
        {t('groupsUi.rules.blank')}
      </Button>
    </Group>
  );
}

function RuleView(props: {
  version: RuleVersion;
  previous: RuleVersion | null;
  latest: boolean;
  onNewVersion(): void;
}) {
  const { t, dateTime } = useFormat();
  const [mode, setMode] = useState<'text' | 'diff'>('text');
  const { version, previous } = props;
  const comparing = mode === 'diff' && previous !== null;

  const copy = async () => {
    if (await writeClipboard(version.body)) notifySuccess(t('common.copied'));
  };

  return (
    <SectionCard
      title={t('groupsUi.rules.versionLabel', { version: version.version })}
      testId="rules-current"
      actions={
        <>
          {props.latest && (
            <Badge variant="light" color="green" radius="sm">
              {t('groupsUi.rules.current')}
            </Badge>
          )}
          <CardAction icon={IconCopy} label={t('common.copy')} onClick={() => void copy()} />
          <CardAction
            icon={IconFilePlus}
            label={t('groupsUi.rules.newVersion')}
            variant="filled"
            onClick={props.onNewVersion}
            testId="rules-new"
          />
        </>
      }
    >
      <Group justify="space-between" mb="sm" gap="xs">
        <Text size="sm" c="dimmed">
          {t('groupsUi.rules.announcedOn', { date: version.announcedOn })}
          {version.note && ` · ${version.note}`}
          {' · '}
          {t('groupsUi.rules.recordedBy', {
            time: dateTime(version.recordedAt),
            operator: t(`audit.operators.${version.operator}`, { defaultValue: version.operator }),
          })}
        </Text>
        <SegmentedControl
          size="xs"
          value={comparing ? 'diff' : 'text'}
          onChange={(value) => setMode(value as 'text' | 'diff')}
          data={[
            { value: 'text', label: t('groupsUi.rules.fullText') },
            { value: 'diff', label: t('groupsUi.rules.compare'), disabled: previous === null },
          ]}
          data-testid="rules-mode"
        />
      </Group>
      {comparing ? (
        <RuleDiff before={previous.body} after={version.body} />
      ) : (
        <Paper withBorder radius="sm" p="md">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="rules-body">
            {version.body}
          </Text>
        </Paper>
      )}
    </SectionCard>
  );
}

const diffColors = {
  added: { background: 'var(--mantine-color-green-light)', mark: '+' },
  removed: { background: 'var(--mantine-color-red-light)', mark: '−' },
  same: { background: undefined, mark: ' ' },
} as const;

function RuleDiff({ before, after }: { before: string; after: string }) {
  const { t } = useFormat();
  const changes = diffLines(before, after);
  const added = changes.filter((change) => change.kind === 'added').length;
  const removed = changes.filter((change) => change.kind === 'removed').length;
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        {t('groupsUi.rules.diffSummary', { added, removed })}
      </Text>
      <Paper withBorder radius="sm" py={4} data-testid="rules-diff">
        {changes.map((change, index) => (
          <Box
            key={index}
            px="sm"
            py={2}
            bg={diffColors[change.kind].background}
            data-change={change.kind}
            style={{ display: 'flex', gap: 8 }}
          >
            <Text size="sm" ff="monospace" c="dimmed" style={{ flexShrink: 0 }}>
              {diffColors[change.kind].mark}
            </Text>
            <Text
              size="sm"
              style={{
                whiteSpace: 'pre-wrap',
                textDecoration: change.kind === 'removed' ? 'line-through' : undefined,
              }}
            >
              {change.text || ' '}
            </Text>
          </Box>
        ))}
      </Paper>
    </Stack>
  );
}

function RuleEditor(props: {
  group: GroupDetail;
  initial: string;
  latest: RuleVersion | null;
  onDone(published: boolean): void;
}) {
  const { t, locale } = useFormat();
  const [body, setBody] = useState(props.initial);
  const [announcedOn, setAnnouncedOn] = useState(todayLocal());
  const [note, setNote] = useState('');
  const { busy, run } = useBusy();

  const publish = () =>
    run(async () => {
      const saved = await call('rules.publish', { groupId: props.group.id, body, announcedOn, note });
      notifySuccess(t('groupsUi.rules.published', { version: saved.version }));
      props.onDone(true);
    });

  return (
    <SectionCard
      title={t('groupsUi.rules.editorTitle', { version: (props.latest?.version ?? 0) + 1 })}
      testId="rules-editor"
      actions={
        <Select
          size="xs"
          w={200}
          placeholder={t('groupsUi.rules.insertTemplate')}
          data={groupTypes.map((type) => ({ value: type, label: t(`groups.types.${type}`) }))}
          value={null}
          onChange={(type) => type && setBody(templateFor(type as GroupType, locale, props.group.name))}
          comboboxProps={{ withinPortal: true }}
        />
      }
    >
      <Stack gap="md">
        <Textarea
          label={t('groupsUi.rules.body')}
          autosize
          minRows={10}
          maxRows={24}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          data-testid="rules-body-input"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateField
            label={t('groupsUi.rules.announcedOnLabel')}
            value={announcedOn}
            onChange={setAnnouncedOn}
            data-testid="rules-announced-on"
          />
          <TextInput
            label={t('groupsUi.rules.note')}
            placeholder={t('groupsUi.rules.notePlaceholder')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            data-testid="rules-note"
          />
        </SimpleGrid>
        {props.latest && body !== props.latest.body && <RuleDiff before={props.latest.body} after={body} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => props.onDone(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={busy}
            disabled={!body.trim()}
            onClick={() => void publish()}
            data-testid="rules-publish"
          >
            {t('groupsUi.rules.publish')}
          </Button>
        </Group>
      </Stack>
    </SectionCard>
  );
}
