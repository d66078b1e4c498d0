/** The profile's header: who, their tier and why, the balances that matter, and the profile-wide actions. */
import {
  ActionIcon,
  Avatar,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconBan, IconDots, IconEdit, IconInfoCircle, IconUserOff } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { navigate } from '../../../app/router';
import { Permitted } from '../../lock/Permitted';
import { useCan } from '../../lock/session';
import { useFormat } from '../../../ui/format';
import { avatarColor } from '../avatar';
import { JoinChannelBadge } from '../JoinChannelBadge';
import { memberPaths } from '../paths';
import { TierBadge } from '../TierBadge';
import { BlacklistModal } from './BlacklistModal';
import { EditProfileModal } from './EditProfileModal';
import { ForgetModal } from './ForgetModal';

function Stat(props: { label: string; value: ReactNode; testId: string; color?: string }) {
  return (
    <Stack gap={0} miw={88}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} fz={22} className="tabular" c={props.color} data-testid={props.testId}>
        {props.value}
      </Text>
    </Stack>
  );
}

type Dialog = 'edit' | 'blacklist' | 'forget' | null;

export function ProfileHeader({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [dialog, setDialog] = useState<Dialog>(null);
  const canBlacklist = useCan('editLists');
  const canForget = useCan('delete');
  const number = new Intl.NumberFormat(i18n.language);
  const currentGroups = member.memberships.filter((membership) => membership.leftAt === null).length;

  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Group gap="lg" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <Avatar
            size={64}
            radius="xl"
            color={member.forgottenAt ? 'gray' : avatarColor(member.id)}
            variant="light"
            fz={26}
          >
            {member.forgottenAt ? <IconUserOff size={30} /> : [...member.displayName][0]}
          </Avatar>
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Group gap="sm" wrap="wrap" align="center">
              <Title order={2} fz={24} data-testid="profile-name" style={{ overflowWrap: 'anywhere' }}>
                {member.displayName}
              </Title>
              {member.remark && (
                <Text c="dimmed" size="sm">
                  {t('membersUi.profile.remarkShort', { remark: member.remark })}
                </Text>
              )}
            </Group>
            <Group gap={6} wrap="wrap">
              <TierBadge tier={member.tier} left={member.leftAt !== null ? 'all' : null} size="md" />
              <JoinChannelBadge channel={member.joinChannel} />
              {member.blacklisted && (
                <Badge
                  color="red"
                  variant="filled"
                  radius="sm"
                  leftSection={<IconBan size={12} />}
                  data-testid="blacklisted-badge"
                >
                  {t('membersUi.blacklisted')}
                </Badge>
              )}
              {member.forgottenAt && (
                <Badge color="gray" variant="outline" radius="sm">
                  {t('membersUi.forget.erasedBadge')}
                </Badge>
              )}
            </Group>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <IconInfoCircle
                size={16}
                color="var(--mantine-color-dimmed)"
                style={{ flexShrink: 0, marginTop: 3 }}
              />
              <Text size="sm" c="dimmed" data-testid="tier-reason">
                {member.leftAt !== null
                  ? t('membersUi.profile.tierLeft', { date: format.date(member.leftAt) })
                  : member.tierReason
                    ? t(member.tierReason.key, member.tierReason.params)
                    : member.tier === null
                      ? t('membersUi.profile.tierPending')
                      : t('tiers.reasons.unknown')}
              </Text>
            </Group>
          </Stack>
        </Group>
        {!readOnly && (
          <Group gap="xs" wrap="nowrap">
            <Permitted>
              <Button
                variant="default"
                leftSection={<IconEdit size={16} />}
                onClick={() => setDialog('edit')}
                data-testid="edit-profile"
              >
                {t('membersUi.profile.edit')}
              </Button>
            </Permitted>
            <Menu position="bottom-end" shadow="md" width={240}>
              <Menu.Target>
                <Tooltip label={t('membersUi.profile.more')}>
                  <ActionIcon
                    variant="default"
                    size={36}
                    aria-label={t('membersUi.profile.more')}
                    data-testid="profile-menu"
                  >
                    <IconDots size={18} />
                  </ActionIcon>
                </Tooltip>
              </Menu.Target>
              <Menu.Dropdown>
                {member.blacklisted ? (
                  <Menu.Item
                    leftSection={<IconBan size={14} />}
                    onClick={() => navigate(memberPaths.tab(member.id, 'identities'))}
                  >
                    {t('membersUi.blacklist.manage')}
                  </Menu.Item>
                ) : (
                  <Menu.Item
                    leftSection={<IconBan size={14} />}
                    onClick={() => setDialog('blacklist')}
                    disabled={!canBlacklist}
                    data-testid="menu-blacklist"
                  >
                    {t('membersUi.blacklist.add')}
                  </Menu.Item>
                )}
                <Menu.Divider />
                <Menu.Item
                  color="red"
                  leftSection={<IconUserOff size={14} />}
                  onClick={() => setDialog('forget')}
                  disabled={!canForget}
                  data-testid="menu-forget"
                >
                  {t('membersUi.forget.menu')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
      <Group gap="xl" mt="lg" wrap="wrap">
        <Stat
          label={t('membersUi.profile.points')}
          value={number.format(member.pointsBalance)}
          testId="stat-points"
        />
        <Stat
          label={t('membersUi.profile.activeViolationPoints')}
          value={number.format(member.activeViolationPoints)}
          color={member.activeViolationPoints > 0 ? 'red' : undefined}
          testId="stat-violation-points"
        />
        <Stat
          label={t('membersUi.profile.violations')}
          value={number.format(member.violationCount)}
          testId="stat-violations"
        />
        <Stat
          label={t('membersUi.profile.groups')}
          value={number.format(currentGroups)}
          testId="stat-groups"
        />
        <Stat
          label={t('membersUi.profile.tags')}
          value={number.format(member.tags.length)}
          testId="stat-tags"
        />
      </Group>
      <EditProfileModal member={member} opened={dialog === 'edit'} onClose={() => setDialog(null)} />
      <BlacklistModal memberId={member.id} opened={dialog === 'blacklist'} onClose={() => setDialog(null)} />
      <ForgetModal member={member} opened={dialog === 'forget'} onClose={() => setDialog(null)} />
    </Paper>
  );
}
