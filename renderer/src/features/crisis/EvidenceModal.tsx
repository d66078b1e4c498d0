/**
 * Links a message or a member to an incident as evidence: search the incident's group (or every group), pick a
 * row, add a note. The timeline then shows who or what it was.
 */
import { Button, Group, Paper, ScrollArea, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconLink, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceKind } from '../../../../shared/domain/crisis/timeline';
import type { RunEventInput } from '../../../../shared/ipc/channels/crisis';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { FormModal, useBusy } from '../../ui/formKit';

const resultLimit = 20;

interface Candidate {
  id: number;
  title: string;
  detail: string;
}

export function EvidenceModal(props: {
  opened: boolean;
  onClose(): void;
  groupId: number | null;
  onLink(event: RunEventInput): Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      size="xl"
      title={t('crisisUi.evidence.title')}
      testId="evidence-form"
    >
      <EvidenceForm {...props} />
    </FormModal>
  );
}

function EvidenceForm(props: {
  onClose(): void;
  groupId: number | null;
  onLink(event: RunEventInput): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const [kind, setKind] = useState<EvidenceKind>('message');
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const [note, setNote] = useState('');
  const { busy: linking, run } = useBusy();
  const filter = {
    ...(props.groupId !== null ? { groupId: props.groupId } : {}),
    ...(query ? { query } : {}),
    limit: resultLimit,
  };
  // Both lists are asked for; the hidden one costs one small query and switching is instant.
  const { data: messages } = useChannel('messages.search', filter);
  const { data: members } = useChannel('members.list', filter);
  const candidates: Candidate[] =
    kind === 'message'
      ? (messages?.rows ?? []).map((row) => ({
          id: row.id,
          title: `${row.senderName} · ${dateTime(row.sentAt)}`,
          detail: row.content,
        }))
      : (members?.rows ?? []).map((row) => ({
          id: row.id,
          title: row.displayName,
          detail: row.groupNames.join('、'),
        }));

  const link = (candidate: Candidate) =>
    run(async () => {
      await props.onLink({
        kind: 'evidence_linked',
        evidence: { kind, id: candidate.id },
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      notifySuccess(t('crisisUi.evidence.linked'));
      props.onClose();
    });

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={kind}
          onChange={(value) => setKind(value as EvidenceKind)}
          data={[
            { value: 'message', label: t('crisis.evidenceKinds.message') },
            { value: 'member', label: t('crisis.evidenceKinds.member') },
          ]}
          data-testid="evidence-kind"
        />
        <TextInput
          style={{ flex: 1, minWidth: 220 }}
          leftSection={<IconSearch size={16} />}
          placeholder={t('crisisUi.evidence.search')}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          aria-label={t('crisisUi.evidence.search')}
          data-testid="evidence-search"
        />
      </Group>
      <TextInput
        label={t('crisisUi.evidence.note')}
        maxLength={1000}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        data-testid="evidence-note"
      />
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack gap={6}>
          {candidates.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="lg">
              {t('crisisUi.evidence.none')}
            </Text>
          )}
          {candidates.map((candidate) => (
            <Paper key={candidate.id} withBorder p="xs" radius="sm" data-testid="evidence-candidate">
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate>
                    {candidate.title}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {candidate.detail || '—'}
                  </Text>
                </Stack>
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconLink size={14} />}
                  loading={linking}
                  onClick={() => void link(candidate)}
                  data-testid="evidence-link"
                >
                  {t('crisisUi.evidence.link')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onClose}>
          {t('common.close')}
        </Button>
      </Group>
    </Stack>
  );
}
