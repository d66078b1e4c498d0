/**
 * 身份与合并 (统一用户ID): the member's identities across platforms, the blacklist entries that hold them, merge
 * suggestions with their evidence, and the merges they were in (undo the latest).
 */
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconBan,
  IconFingerprint,
  IconGitMerge,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { identityPlatforms, type IdentityPlatform } from '../../../../../shared/domain/members';
import type { MemberDetail, MergeSuggestion } from '../../../../../shared/ipc/channels/members';
import { notifySuccess } from '../../../ui/errors';
import { formatDate, formatDateTime } from '../../../ui/format';
import { useChannel } from '../../../ui/useChannel';
import { Permitted } from '../../lock/Permitted';
import { useCan } from '../../lock/session';
import { memberPaths } from '../paths';
import { BlacklistModal } from './BlacklistModal';
import type { RevealProps } from './MemberProfilePage';
import { RevealButton } from './ProfileOverview';
import { EmptyLine, SectionCard } from '../parts';
import { useBusy } from '../../../ui/formKit';
import { FormModal } from '../../../ui/formKit';

export function IdentitiesTab(props: RevealProps & { member: MemberDetail; readOnly: boolean }) {
  const { member, readOnly } = props;
  return (
    <Stack gap="md">
      <Grid gap="md">
        <Grid.Col span={7}>
          <IdentitiesCard {...props} />
        </Grid.Col>
        <Grid.Col span={5}>
          <BlacklistCard member={member} readOnly={readOnly} />
        </Grid.Col>
      </Grid>
      <Grid gap="md">
        <Grid.Col span={7}>
          <SuggestionsCard member={member} readOnly={readOnly} />
        </Grid.Col>
        <Grid.Col span={5}>
          <MergeHistoryCard member={member} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function IdentitiesCard(props: RevealProps & { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const { member, readOnly, revealed } = props;
  const canDelete = useCan('delete');
  const [platform, setPlatform] = useState<IdentityPlatform>('unionid');
  const [value, setValue] = useState('');
  const { busy, run } = useBusy();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call('identities.add', { memberId: member.id, platform, value }))) setValue('');
  };
  return (
    <SectionCard
      title={t('membersUi.identities.title')}
      icon={<IconFingerprint size={18} />}
      testId="identities-card"
      actions={
        <RevealButton
          revealed={revealed !== null}
          revealing={props.revealing}
          onReveal={props.onReveal}
          hidden={member.identities.length === 0}
        />
      }
    >
      <Text size="xs" c="dimmed">
        {t('membersUi.identities.hint')}
      </Text>
      {member.identities.length === 0 ? (
        <EmptyLine>{t('membersUi.identities.empty')}</EmptyLine>
      ) : (
        <Table verticalSpacing={6} fz="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>{t('membersUi.identities.platform')}</Table.Th>
              <Table.Th>{t('membersUi.identities.value')}</Table.Th>
              <Table.Th w={96}>{t('membersUi.identities.source')}</Table.Th>
              <Table.Th w={92}>{t('membersUi.identities.added')}</Table.Th>
              {!readOnly && canDelete && <Table.Th w={40} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {member.identities.map((identity) => (
              <Table.Tr key={identity.id} data-testid="identity-row">
                <Table.Td>{t(`members.platforms.${identity.platform}`)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" truncate>
                    {revealed?.identities[identity.id] ?? identity.value}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" truncate>
                    {t(`membersUi.identities.sources.${identity.source}`, { defaultValue: identity.source })}
                  </Text>
                </Table.Td>
                <Table.Td className="tabular">
                  <Text size="xs">{formatDate(identity.createdAt)}</Text>
                </Table.Td>
                {!readOnly && canDelete && (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('membersUi.identities.remove')}
                      onClick={() => void run(() => call('identities.remove', { id: identity.id }))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!readOnly && (
        <form onSubmit={add}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Select
              w={160}
              size="sm"
              label={t('membersUi.identities.platform')}
              data={identityPlatforms.map((key) => ({ value: key, label: t(`members.platforms.${key}`) }))}
              value={platform}
              onChange={(next) => next && setPlatform(next as IdentityPlatform)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="identity-platform"
            />
            <TextInput
              style={{ flex: 1 }}
              size="sm"
              label={t('membersUi.identities.value')}
              maxLength={128}
              value={value}
              onChange={(event) => setValue(event.currentTarget.value)}
              data-testid="identity-value"
            />
            <Permitted>
              <Button
                type="submit"
                size="sm"
                leftSection={<IconPlus size={14} />}
                loading={busy}
                disabled={value.trim() === ''}
                data-testid="identity-add"
              >
                {t('membersUi.identities.add')}
              </Button>
            </Permitted>
          </Group>
        </form>
      )}
    </SectionCard>
  );
}

function BlacklistCard({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const { data } = useChannel('blacklist.list', { memberId: member.id, limit: 50 }, ['members']);
  const [adding, setAdding] = useState(false);
  const { run } = useBusy();
  const canEditLists = useCan('editLists');
  return (
    <SectionCard
      title={t('membersUi.blacklist.title')}
      icon={<IconBan size={18} />}
      testId="blacklist-card"
      actions={
        readOnly ? null : (
          <Permitted permission="editLists">
            <Button
              size="compact-sm"
              variant="light"
              color="red"
              onClick={() => setAdding(true)}
              data-testid="blacklist-open"
            >
              {t('membersUi.blacklist.add')}
            </Button>
          </Permitted>
        )
      }
    >
      {data && data.total === 0 ? (
        <EmptyLine>{t('membersUi.blacklist.notListed')}</EmptyLine>
      ) : (
        (data?.rows ?? []).map((entry) => (
          <Group key={entry.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="blacklist-entry">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm">
                {t(`members.platforms.${entry.platform}`)}{' '}
                <Text span ff="monospace" size="sm">
                  {entry.value}
                </Text>
              </Text>
              <Text size="xs" c="dimmed" truncate title={entry.reason}>
                {entry.reason} · {formatDate(entry.addedAt)}
              </Text>
            </Stack>
            {!readOnly && canEditLists && (
              <Tooltip label={t('membersUi.blacklist.remove')}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('membersUi.blacklist.remove')}
                  onClick={() => void run(() => call('blacklist.remove', { id: entry.id }))}
                  data-testid="blacklist-remove"
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        ))
      )}
      <Text size="xs" c="dimmed">
        {t('membersUi.blacklist.shared')}
      </Text>
      <BlacklistModal memberId={member.id} opened={adding} onClose={() => setAdding(false)} />
    </SectionCard>
  );
}

function SuggestionsCard({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const { data } = useChannel('members.mergeSuggestions', { memberId: member.id, limit: 20 }, ['members']);
  const [confirming, setConfirming] = useState<MergeSuggestion | null>(null);
  const { busy, run } = useBusy();
  const other = (suggestion: MergeSuggestion) => {
    const index = suggestion.memberIds[0] === member.id ? 1 : 0;
    return { id: suggestion.memberIds[index]!, name: suggestion.names[index]! };
  };
  const merge = async () => {
    if (!confirming) return;
    const source = other(confirming);
    const done = await run(async () => {
      await call('members.merge', { sourceId: source.id, targetId: member.id });
      notifySuccess(t('membersUi.merge.merged', { name: source.name }));
    });
    if (done) setConfirming(null);
  };
  return (
    <SectionCard
      title={t('membersUi.merge.suggestionsTitle')}
      icon={<IconGitMerge size={18} />}
      testId="merge-suggestions"
    >
      {!data?.length ? (
        <EmptyLine>{t('membersUi.merge.noSuggestions')}</EmptyLine>
      ) : (
        data.map((suggestion) => {
          const candidate = other(suggestion);
          return (
            <Group
              key={candidate.id}
              justify="space-between"
              wrap="nowrap"
              gap="sm"
              data-testid="merge-suggestion"
            >
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap={6} wrap="nowrap">
                  <Anchor href={`#${memberPaths.profile(candidate.id)}`} size="sm" fw={600} truncate>
                    {candidate.name}
                  </Anchor>
                  <Badge
                    size="xs"
                    variant="light"
                    color={suggestion.confidence === 'certain' ? 'teal' : 'yellow'}
                  >
                    {t(`membersUi.merge.${suggestion.confidence}`)}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {t(suggestion.evidence.key, {
                    ...suggestion.evidence.params,
                    channel:
                      typeof suggestion.evidence.params.channel === 'string'
                        ? t(`members.channels.${suggestion.evidence.params.channel}`)
                        : '',
                  })}
                </Text>
              </Stack>
              {!readOnly && (
                <Permitted>
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => setConfirming(suggestion)}
                    data-testid="merge-open"
                  >
                    {t('membersUi.merge.mergeHere')}
                  </Button>
                </Permitted>
              )}
            </Group>
          );
        })
      )}
      <FormModal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('membersUi.merge.confirmTitle')}
      >
        {confirming && (
          <Stack gap="md">
            <Text size="sm">
              {t('membersUi.merge.confirmText', {
                source: other(confirming).name,
                target: member.displayName,
              })}
            </Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('common.cancel')}
              </Button>
              <Button loading={busy} onClick={() => void merge()} data-testid="merge-confirm">
                {t('membersUi.merge.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </FormModal>
    </SectionCard>
  );
}

function MergeHistoryCard({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { data } = useChannel('members.merges', { memberId: member.id }, ['members']);
  const { run } = useBusy();
  return (
    <SectionCard
      title={t('membersUi.merge.historyTitle')}
      icon={<IconArrowBackUp size={18} />}
      testId="merge-history"
    >
      {!data?.length ? (
        <EmptyLine>{t('membersUi.merge.noHistory')}</EmptyLine>
      ) : (
        data.map((entry) => (
          <Group key={entry.mergeId} justify="space-between" wrap="nowrap" gap="sm" data-testid="merge-entry">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {t('membersUi.merge.entry', { source: entry.sourceName, target: entry.targetName })}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(entry.mergedAt)}
                {entry.undoneAt
                  ? ` · ${t('membersUi.merge.undoneAt', { when: formatDateTime(entry.undoneAt) })}`
                  : ''}
              </Text>
            </Stack>
            {entry.undoable && (
              <Permitted>
                <Button
                  size="compact-sm"
                  variant="default"
                  leftSection={<IconArrowBackUp size={14} />}
                  onClick={() =>
                    void run(async () => {
                      await call('members.undoMerge', { mergeId: entry.mergeId });
                      notifySuccess(t('membersUi.merge.undone'));
                    })
                  }
                  data-testid="merge-undo"
                >
                  {t('membersUi.merge.undo')}
                </Button>
              </Permitted>
            )}
          </Group>
        ))
      )}
    </SectionCard>
  );
}
