/** The 资料 tab: contacts and origin, tags, notes, groups and roles, custom fields, tier history, names over time. */
import { Anchor, Badge, Button, Grid, Group, Stack, Text, Timeline, Tooltip } from '@mantine/core';
import {
  IconAddressBook,
  IconEye,
  IconEyeCheck,
  IconHistory,
  IconSignature,
  IconTimeline,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { formatDate, formatDateTime } from '../../../ui/format';
import { Permitted } from '../../lock/Permitted';
import { useCan } from '../../lock/session';
import { JoinChannelBadge } from '../JoinChannelBadge';
import { memberPaths } from '../paths';
import { TierBadge } from '../TierBadge';
import { FieldsCard } from './FieldsCard';
import { GroupsCard } from './GroupsCard';
import type { RevealProps } from './MemberProfilePage';
import { NotesCard } from './NotesCard';
import { EmptyLine, InfoRow, SectionCard } from '../parts';
import { TagsCard } from './TagsCard';

export function ProfileOverview(props: RevealProps & { member: MemberDetail; readOnly: boolean }) {
  const { member, readOnly } = props;
  return (
    <Stack gap="md">
      <Grid gap="md">
        <Grid.Col span={7}>
          <Stack gap="md">
            <ContactCard {...props} />
            <FieldsCard member={member} readOnly={readOnly} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={5}>
          <Stack gap="md">
            <TagsCard member={member} readOnly={readOnly} />
            <NotesCard member={member} readOnly={readOnly} />
          </Stack>
        </Grid.Col>
      </Grid>
      <GroupsCard member={member} readOnly={readOnly} />
      <Grid gap="md">
        <Grid.Col span={7}>
          <TierHistoryCard member={member} />
        </Grid.Col>
        <Grid.Col span={5}>
          <NamesCard member={member} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The reveal button of a card showing masked contacts; once revealed it says the reveal was logged. */
export function RevealButton(props: {
  revealed: boolean;
  revealing: boolean;
  onReveal(): void;
  hidden?: boolean;
}) {
  const { t } = useTranslation();
  const canReveal = useCan('reveal');
  if (props.hidden) return null;
  const button = (
    <Button
      size="compact-sm"
      variant="light"
      color="orange"
      leftSection={<IconEye size={14} />}
      loading={props.revealing}
      onClick={props.onReveal}
      data-testid="reveal-contacts"
    >
      {t('membersUi.contact.reveal')}
    </Button>
  );
  // Without the permission the button says why it is off instead of what it would do.
  if (!props.revealed && !canReveal) return <Permitted permission="reveal">{button}</Permitted>;
  return props.revealed ? (
    <Tooltip label={t('membersUi.contact.revealedHint')} multiline w={240}>
      <Badge
        variant="light"
        color="orange"
        leftSection={<IconEyeCheck size={12} />}
        data-testid="revealed-badge"
      >
        {t('membersUi.contact.revealed')}
      </Badge>
    </Tooltip>
  ) : (
    <Tooltip label={t('membersUi.contact.revealHint')} multiline w={240}>
      {button}
    </Tooltip>
  );
}

function ContactCard(props: RevealProps & { member: MemberDetail }) {
  const { t } = useTranslation();
  const { member, revealed } = props;
  const phone = revealed ? revealed.phone : member.phone;
  const wxid = revealed ? revealed.wxid : member.wxid;
  const none = (
    <Text c="dimmed" span size="sm">
      {t('common.none')}
    </Text>
  );
  const mono = (value: string | null, testId: string) =>
    value === null ? (
      none
    ) : (
      <Text span size="sm" ff="monospace" data-testid={testId}>
        {value}
      </Text>
    );
  const inviter = member.inviter;
  return (
    <SectionCard
      title={t('membersUi.contact.title')}
      icon={<IconAddressBook size={18} />}
      actions={
        <RevealButton
          revealed={revealed !== null}
          revealing={props.revealing}
          onReveal={props.onReveal}
          hidden={member.phone === null && member.wxid === null && member.identities.length === 0}
        />
      }
      testId="contact-card"
    >
      <InfoRow label={t('membersUi.contact.wxid')}>{mono(wxid, 'contact-wxid')}</InfoRow>
      <InfoRow label={t('membersUi.contact.phone')}>{mono(phone, 'contact-phone')}</InfoRow>
      <InfoRow label={t('membersUi.contact.region')}>{member.region ?? none}</InfoRow>
      <InfoRow label={t('membersUi.contact.channel')}>
        <Group gap="xs" wrap="wrap">
          <JoinChannelBadge channel={member.joinChannel} />
          {(inviter.name || inviter.memberId) && (
            <Text size="sm" span>
              {t('membersUi.contact.invitedBy')}{' '}
              {inviter.memberId ? (
                <Anchor href={`#${memberPaths.profile(inviter.memberId)}`} size="sm">
                  {inviter.name ?? `#${inviter.memberId}`}
                </Anchor>
              ) : (
                inviter.name
              )}
            </Text>
          )}
        </Group>
      </InfoRow>
      <InfoRow label={t('membersUi.contact.joinedAt')}>
        {member.joinedAt ? formatDate(member.joinedAt) : none}
      </InfoRow>
      <InfoRow label={t('membersUi.contact.leftAt')}>
        {member.leftAt ? (
          formatDate(member.leftAt)
        ) : member.memberships.length ? (
          <Text span size="sm" c="teal">
            {t('membersUi.contact.stillIn')}
          </Text>
        ) : (
          none
        )}
      </InfoRow>
      <InfoRow label={t('membersUi.contact.createdAt')}>{formatDateTime(member.createdAt)}</InfoRow>
    </SectionCard>
  );
}

function TierHistoryCard({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const groupName = (id: number) =>
    member.memberships.find((membership) => membership.groupId === id)?.groupName ?? `#${id}`;
  return (
    <SectionCard
      title={t('membersUi.tierHistory.title')}
      icon={<IconTimeline size={18} />}
      testId="tier-history"
    >
      {member.tierHistory.length === 0 ? (
        <EmptyLine>{t('membersUi.tierHistory.empty')}</EmptyLine>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {member.tierHistory.slice(0, 12).map((entry, index) => (
            <Timeline.Item
              key={`${entry.at}-${entry.groupId}-${index}`}
              title={
                <Group gap={6} wrap="wrap">
                  {entry.previousTier && (
                    <>
                      <TierBadge tier={entry.previousTier} />
                      <Text size="xs" c="dimmed">
                        →
                      </Text>
                    </>
                  )}
                  <TierBadge tier={entry.tier} />
                  <Text size="xs" c="dimmed">
                    {groupName(entry.groupId)} · {formatDate(entry.at)}
                  </Text>
                </Group>
              }
            >
              <Text size="xs" c="dimmed" mt={2}>
                {t(entry.reason.key, entry.reason.params)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </SectionCard>
  );
}

function NamesCard({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const groupName = (id: number | null) =>
    id === null
      ? null
      : (member.memberships.find((membership) => membership.groupId === id)?.groupName ?? null);
  const names = [...member.names].reverse();
  return (
    <SectionCard title={t('membersUi.names.title')} icon={<IconSignature size={18} />} testId="names-card">
      {names.length === 0 ? (
        <EmptyLine>{t('membersUi.names.empty')}</EmptyLine>
      ) : (
        <Stack gap={8}>
          {names.map((name, index) => (
            <Group key={index} gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={name.to === null ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
                  {name.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`members.nameKinds.${name.kind}`)}
                  {groupName(name.groupId) ? ` · ${groupName(name.groupId)}` : ''}
                </Text>
              </Stack>
              <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }}>
                {name.from ? formatDate(name.from) : '…'} –{' '}
                {name.to ? formatDate(name.to) : t('membersUi.names.now')}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      <Group gap={4} wrap="nowrap" align="flex-start">
        <IconHistory size={12} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0, marginTop: 4 }} />
        <Text size="xs" c="dimmed">
          {t('membersUi.names.hint')}
        </Text>
      </Group>
    </SectionCard>
  );
}
