/**
 * 记录违规: category, points, the action taken, an optional decay, and the evidence: a message picked from the
 * member's archived messages and/or a written note (at least one).
 */
import {
  Button,
  Group,
  NumberInput,
  Paper,
  Radio,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import {
  violationActions,
  violationCategories,
  type ViolationAction,
  type ViolationCategory,
} from '../../../../../shared/domain/members';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { notifySuccess } from '../../../ui/errors';
import { formatDateTime } from '../../../ui/format';
import { useChannel } from '../../../ui/useChannel';
import { useBusy } from '../../../ui/formKit';
import { FormModal } from '../../../ui/formKit';

type EvidenceKind = 'message' | 'note';

export function ViolationModal(props: {
  member: MemberDetail;
  suggested: ViolationAction | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { member } = props;
  const [category, setCategory] = useState<ViolationCategory>('ad');
  const [points, setPoints] = useState<number | string>(1);
  const [action, setAction] = useState<ViolationAction>(props.suggested ?? 'remind');
  const [decayDays, setDecayDays] = useState<number | string>('');
  const [evidence, setEvidence] = useState<EvidenceKind>('message');
  const [messageId, setMessageId] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const { data: messages } = useChannel(
    'members.messages',
    { memberId: member.id, limit: 30, ...(query ? { query } : {}) },
    ['messages'],
  );
  const { busy, run } = useBusy();
  const hasEvidence = (evidence === 'message' && messageId !== null) || note.trim() !== '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const result = await call('violations.add', {
        memberId: member.id,
        category,
        points: typeof points === 'number' ? points : Number.NaN,
        action,
        ...(evidence === 'message' && messageId !== null ? { messageId } : {}),
        ...(note.trim() ? { note } : {}),
        ...(typeof decayDays === 'number' ? { decayDays } : {}),
      });
      const next = result.suggestion.suggestedAction;
      notifySuccess(
        next
          ? t('membersUi.violations.addedWithSuggestion', { action: t(`members.violationActions.${next}`) })
          : t('membersUi.violations.added'),
      );
    });
    if (done) props.onClose();
  };

  return (
    <FormModal
      opened
      onClose={props.onClose}
      size="xl"
      title={t('membersUi.violations.addTitle', { name: member.displayName })}
      testId="violation-modal"
    >
      <form onSubmit={submit}>
        <Stack gap="md">
          <SimpleGrid cols={4} spacing="sm">
            <Select
              label={t('membersUi.violations.category')}
              data={violationCategories.map((key) => ({
                value: key,
                label: t(`members.violationCategories.${key}`),
              }))}
              value={category}
              onChange={(value) => value && setCategory(value as ViolationCategory)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="violation-category"
            />
            <NumberInput
              label={t('membersUi.violations.pointsLabel')}
              min={1}
              max={100}
              allowDecimal={false}
              value={points}
              onChange={setPoints}
              data-testid="violation-points"
            />
            <Select
              label={t('membersUi.violations.action')}
              description={props.suggested ? t('membersUi.violations.prefilled') : undefined}
              data={violationActions.map((key) => ({
                value: key,
                label: t(`members.violationActions.${key}`),
              }))}
              value={action}
              onChange={(value) => value && setAction(value as ViolationAction)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="violation-action"
            />
            <NumberInput
              label={t('membersUi.violations.decay')}
              placeholder={t('membersUi.violations.decayNever')}
              min={1}
              max={3650}
              allowDecimal={false}
              value={decayDays}
              onChange={setDecayDays}
            />
          </SimpleGrid>
          <Stack gap={6}>
            <Group justify="space-between">
              <Text size="sm" fw={500}>
                {t('membersUi.violations.evidence')}
              </Text>
              <SegmentedControl
                size="xs"
                value={evidence}
                onChange={(value) => setEvidence(value as EvidenceKind)}
                data={[
                  { value: 'message', label: t('membersUi.violations.evidenceMessage') },
                  { value: 'note', label: t('membersUi.violations.evidenceNote') },
                ]}
                data-testid="evidence-kind"
              />
            </Group>
            {evidence === 'message' && (
              <Paper withBorder radius="md" p="xs">
                <TextInput
                  size="xs"
                  leftSection={<IconSearch size={14} />}
                  placeholder={t('membersUi.violations.searchMessages')}
                  value={search}
                  onChange={(event) => setSearch(event.currentTarget.value)}
                  mb="xs"
                  data-testid="evidence-search"
                />
                <ScrollArea.Autosize mah={220}>
                  {messages?.rows.length === 0 ? (
                    <Text size="sm" c="dimmed" p="xs">
                      {t('membersUi.violations.noMessages')}
                    </Text>
                  ) : (
                    <Radio.Group
                      value={messageId === null ? null : String(messageId)}
                      onChange={(value) => setMessageId(Number(value))}
                    >
                      <Stack gap={4}>
                        {(messages?.rows ?? []).map((message) => (
                          <Radio.Card
                            key={message.id}
                            value={String(message.id)}
                            className="choice-card"
                            p="xs"
                            radius="sm"
                            data-testid="evidence-message"
                          >
                            <Group gap="sm" wrap="nowrap" align="flex-start">
                              <Radio.Indicator size="xs" mt={4} />
                              <Stack gap={0} style={{ minWidth: 0 }}>
                                <Text size="xs" c="dimmed">
                                  {message.groupName} · {formatDateTime(message.sentAt)}
                                </Text>
                                <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                                  {message.content}
                                </Text>
                              </Stack>
                            </Group>
                          </Radio.Card>
                        ))}
                      </Stack>
                    </Radio.Group>
                  )}
                </ScrollArea.Autosize>
              </Paper>
            )}
            <Textarea
              label={
                evidence === 'message'
                  ? t('membersUi.violations.noteOptional')
                  : t('membersUi.violations.noteLabel')
              }
              placeholder={t('membersUi.violations.notePlaceholder')}
              autosize
              minRows={2}
              maxRows={5}
              maxLength={1000}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              data-testid="violation-note"
            />
          </Stack>
          <Group justify="space-between" gap="sm">
            <Text size="xs" c={hasEvidence ? 'dimmed' : 'orange'}>
              {hasEvidence ? t('membersUi.violations.auditHint') : t('membersUi.violations.needEvidence')}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={props.onClose}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="red"
                loading={busy}
                disabled={!hasEvidence}
                data-testid="violation-submit"
              >
                {t('membersUi.violations.submit')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}
