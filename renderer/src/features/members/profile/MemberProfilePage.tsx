/**
 * A member's profile (成员档案): the header (name, tier and why, balances, actions), then tabs for the profile
 * itself, the points ledger, the violation ledger, and identities / blacklist / merges. Contacts stay masked until
 * the moderator reveals them (one audited call; the revealed values are kept on this screen only).
 */
import { Alert, Anchor, Badge, Box, Button, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import {
  IconArrowLeft,
  IconCoins,
  IconFingerprint,
  IconGitMerge,
  IconShieldOff,
  IconUserCircle,
  IconUserOff,
  IconUserQuestion,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../app/router';
import { call } from '../../../api/client';
import { EmptyState } from '../../../ui/EmptyState';
import { notifyError } from '../../../ui/errors';
import { formatDateTime } from '../../../ui/format';
import { useChannel } from '../../../ui/useChannel';
import { memberPaths, profileTabs, type ProfileTab } from '../paths';
import { IdentitiesTab } from './IdentitiesTab';
import { PointsTab } from './PointsTab';
import { ProfileHeader } from './ProfileHeader';
import { ProfileOverview } from './ProfileOverview';
import { ViolationsTab } from './ViolationsTab';

/**
 * Contact values shown unmasked after "reveal": the profile's phone and wxid, and each identity by id, as of the
 * profile version they were read from (an edit or an erase since then masks them again).
 */
export interface Revealed {
  updatedAt: string;
  phone: string | null;
  wxid: string | null;
  identities: Record<number, string>;
}

/** What a card showing masked contacts needs to reveal them. */
export interface RevealProps {
  revealed: Revealed | null;
  revealing: boolean;
  onReveal(): void;
}

const tabIcons = {
  profile: IconUserCircle,
  points: IconCoins,
  violations: IconShieldOff,
  identities: IconFingerprint,
} as const;

export function MemberProfilePage({ id, tab }: { id: number; tab: ProfileTab }) {
  const { t, i18n } = useTranslation();
  const { data: member, error } = useChannel('members.get', { id }, ['members']);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [revealing, setRevealing] = useState(false);

  const reveal = async () => {
    setRevealing(true);
    try {
      const full = await call('members.get', { id, reveal: true });
      setRevealed({
        updatedAt: full.updatedAt,
        phone: full.phone,
        wxid: full.wxid,
        identities: Object.fromEntries(full.identities.map((identity) => [identity.id, identity.value])),
      });
    } catch (caught) {
      notifyError(caught);
    } finally {
      setRevealing(false);
    }
  };

  const back = (
    <Anchor
      component="button"
      type="button"
      size="sm"
      c="dimmed"
      onClick={() => navigate(memberPaths.list)}
      mb="sm"
      data-testid="back-to-list"
    >
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={14} />
        {t('membersUi.profile.back')}
      </Group>
    </Anchor>
  );

  if (!member) {
    return (
      <Box h="100%" style={{ overflowY: 'auto' }}>
        {back}
        {error ? (
          <EmptyState
            icon={<IconUserQuestion size={32} />}
            title={t('membersUi.profile.notFoundTitle')}
            text={t('membersUi.profile.notFoundText')}
          />
        ) : (
          <Group justify="center" py={64}>
            <Loader />
          </Group>
        )}
      </Box>
    );
  }

  const readOnly = member.forgottenAt !== null || member.mergedIntoId !== null;
  const current =
    revealed && revealed.updatedAt === member.updatedAt && !member.forgottenAt ? revealed : null;
  const counts: Partial<Record<ProfileTab, number>> = {
    violations: member.violationCount,
    identities: member.identities.length,
  };
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Box h="100%" style={{ overflowY: 'auto', overflowX: 'hidden' }} pr={4} data-testid="member-profile">
      {back}
      <Stack gap="md" pb="xl">
        {member.forgottenAt && (
          <Alert
            color="gray"
            icon={<IconUserOff size={18} />}
            title={t('membersUi.forget.erasedTitle')}
            data-testid="forgotten-banner"
          >
            {t('membersUi.forget.erasedText', { when: formatDateTime(member.forgottenAt) })}
          </Alert>
        )}
        {member.mergedIntoId !== null && (
          <Alert color="blue" icon={<IconGitMerge size={18} />} title={t('membersUi.merge.mergedTitle')}>
            <Group gap="xs">
              <Text size="sm">{t('membersUi.merge.mergedText')}</Text>
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => navigate(memberPaths.profile(member.mergedIntoId!))}
              >
                {t('membersUi.merge.openTarget', { id: member.mergedIntoId })}
              </Button>
            </Group>
          </Alert>
        )}
        <ProfileHeader member={member} readOnly={readOnly} />
        <Tabs
          value={tab}
          onChange={(value) => value && navigate(memberPaths.tab(id, value as ProfileTab))}
          keepMounted={false}
        >
          <Tabs.List mb="md">
            {profileTabs.map((key) => {
              const Icon = tabIcons[key];
              const count = counts[key];
              return (
                <Tabs.Tab
                  key={key}
                  value={key}
                  leftSection={<Icon size={16} />}
                  rightSection={
                    count ? (
                      <Badge
                        size="xs"
                        variant="light"
                        color={key === 'violations' ? 'red' : 'gray'}
                        circle={count < 10}
                      >
                        {number.format(count)}
                      </Badge>
                    ) : null
                  }
                  data-testid={`profile-tab-${key}`}
                >
                  {t(`membersUi.tabs.${key}`)}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
          <Tabs.Panel value="profile">
            <ProfileOverview
              member={member}
              readOnly={readOnly}
              revealed={current}
              revealing={revealing}
              onReveal={reveal}
            />
          </Tabs.Panel>
          <Tabs.Panel value="points">
            <PointsTab member={member} readOnly={readOnly} />
          </Tabs.Panel>
          <Tabs.Panel value="violations">
            <ViolationsTab member={member} readOnly={readOnly} />
          </Tabs.Panel>
          <Tabs.Panel value="identities">
            <IdentitiesTab
              member={member}
              readOnly={readOnly}
              revealed={current}
              revealing={revealing}
              onReveal={reveal}
            />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Box>
  );
}
