/** 备注: moderator-only timestamped notes, newest first, and a box to add one. */
import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconNotes } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { formatDateTime } from '../../../ui/format';
import { Permitted } from '../../lock/Permitted';
import { useCan } from '../../lock/session';
import { EmptyLine, SectionCard } from '../parts';
import { useBusy } from '../../../ui/formKit';

export function NotesCard({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const { busy, run } = useBusy();
  const canEdit = useCan('edit');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call('members.addNote', { memberIds: [member.id], body }))) setBody('');
  };
  return (
    <SectionCard title={t('membersUi.notes.title')} icon={<IconNotes size={18} />} testId="notes-card">
      {!readOnly && (
        <form onSubmit={submit}>
          <Stack gap={6}>
            <Textarea
              placeholder={t('membersUi.notes.placeholder')}
              aria-label={t('membersUi.notes.label')}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={2000}
              value={body}
              disabled={!canEdit}
              onChange={(event) => setBody(event.currentTarget.value)}
              data-testid="note-body"
            />
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed">
                {t('membersUi.notes.hint')}
              </Text>
              <Permitted>
                <Button
                  type="submit"
                  size="compact-sm"
                  style={{ flexShrink: 0 }}
                  loading={busy}
                  disabled={body.trim() === ''}
                  data-testid="add-note"
                >
                  {t('membersUi.notes.add')}
                </Button>
              </Permitted>
            </Group>
          </Stack>
        </form>
      )}
      {member.notes.length === 0 ? (
        <EmptyLine>{t('membersUi.notes.empty')}</EmptyLine>
      ) : (
        <Stack gap={10} mah={320} style={{ overflowY: 'auto' }}>
          {member.notes.map((note) => (
            <Stack
              key={note.id}
              gap={2}
              pl="sm"
              style={{ borderLeft: '3px solid var(--mantine-color-default-border)' }}
              data-testid="member-note"
            >
              {note.body ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {note.body}
                </Text>
              ) : (
                <Text size="sm" c="dimmed" fs="italic">
                  {t('membersUi.notes.erased')}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {t(`audit.operators.${note.operator}`, { defaultValue: note.operator })} ·{' '}
                {formatDateTime(note.createdAt)}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
