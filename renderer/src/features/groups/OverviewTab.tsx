/** 概况: the group's facts, its owner and admins, and its standby group with the announcement ready to copy. */
import { Anchor, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCopy, IconPencil, IconUserCog } from '@tabler/icons-react';
import { useState } from 'react';
import { fillGroupTemplate, type GroupDetail, type GroupPerson } from '../../../../shared/domain/groups';
import { navigate } from '../../app/router';
import { writeClipboard } from '../../ui/clipboard';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { MemberCapBar } from './GroupsPage';
import { GroupInfoModal } from './GroupInfoModal';
import { CardAction, Fact, FilledTemplate, SectionCard } from './parts';
import { groupPaths } from './paths';
import { StaffModal } from './StaffModal';

function personName(person: GroupPerson): string {
  return person.groupNickname && person.groupNickname !== person.displayName
    ? `${person.displayName}（${person.groupNickname}）`
    : person.displayName;
}

export function OverviewTab({ group }: { group: GroupDetail }) {
  const { t, number, date, relative } = useFormat();
  const [infoOpened, setInfoOpened] = useState(false);
  const [staffOpened, setStaffOpened] = useState(false);
  const standby = group.standby;
  const announcement = standby.template
    ? fillGroupTemplate(standby.template, {
        group: group.name,
        standby: standby.name,
        howToJoin: standby.joinMethod,
      })
    : null;

  const copyAnnouncement = async () => {
    if (!announcement?.ok) return;
    if (await writeClipboard(announcement.text)) notifySuccess(t('groupsUi.standby.copied'));
    else notifyError(new Error('clipboard'));
  };

  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <SectionCard
          title={t('groupsUi.overview.facts')}
          testId="group-facts"
          actions={
            <CardAction icon={IconPencil} label={t('common.edit')} onClick={() => setInfoOpened(true)} />
          }
        >
          <Stack gap="sm">
            <Fact label={t('groupsUi.overview.size')}>
              <MemberCapBar group={group} />
            </Fact>
            <Fact label={t('groups.fields.coreGoal')}>
              <Text size="sm">{group.coreGoal || t('common.none')}</Text>
            </Fact>
            <Fact label={t('groupsUi.overview.foundedOn')} testId="group-founded">
              <Text size="sm">{group.foundedOn ?? t('groupsUi.overview.unknown')}</Text>
            </Fact>
            <Fact label={t('groupsUi.overview.recordedAt')}>
              <Text size="sm">{date(group.createdAt)}</Text>
            </Fact>
            <Fact label={t('groupsUi.overview.messages')}>
              <Text size="sm" className="tabular">
                {number(group.messageCount)}
                {group.lastMessageAt && (
                  <Text span size="xs" c="dimmed">
                    {' · '}
                    {t('home.lastActivity', { time: relative(group.lastMessageAt) })}
                  </Text>
                )}
              </Text>
            </Fact>
            <Fact label={t('groupsUi.overview.rules')}>
              <Anchor size="sm" onClick={() => navigate(groupPaths.group(group.id, 'rules'))}>
                {group.rulesVersion === null
                  ? t('groupsUi.overview.noRules')
                  : t('groupsUi.overview.rulesVersion', {
                      version: group.rulesVersion,
                      date: group.rulesAnnouncedOn ?? '',
                    })}
              </Anchor>
            </Fact>
          </Stack>
        </SectionCard>

        <Stack gap="md">
          <SectionCard
            title={t('groupsUi.staff.title')}
            testId="group-staff"
            actions={
              <CardAction
                icon={IconUserCog}
                label={t('groupsUi.staff.edit')}
                onClick={() => setStaffOpened(true)}
                testId="edit-staff"
              />
            }
          >
            <Stack gap="sm">
              <Fact label={t('groupsUi.staff.owner')}>
                <Text size="sm" fw={500}>
                  {group.owner ? personName(group.owner) : t('groupsUi.staff.noOwner')}
                </Text>
              </Fact>
              <Fact label={t('groupsUi.staff.admins')}>
                {group.admins.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('groupsUi.staff.noAdmins')}
                  </Text>
                ) : (
                  <Group gap={6} justify="flex-end">
                    {group.admins.map((admin) => (
                      <Badge key={admin.memberId} variant="light" radius="sm" tt="none">
                        {personName(admin)}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Fact>
            </Stack>
          </SectionCard>

          <SectionCard
            title={t('groupsUi.standby.title')}
            testId="group-standby"
            actions={
              <>
                <CardAction
                  icon={IconPencil}
                  label={t('common.edit')}
                  onClick={() => setInfoOpened(true)}
                  testId="edit-standby"
                />
                <CardAction
                  icon={IconCopy}
                  label={t('groupsUi.standby.copy')}
                  onClick={() => void copyAnnouncement()}
                  variant="light"
                  disabled={!announcement?.ok}
                />
              </>
            }
          >
            <Stack gap="sm">
              <Fact label={t('groupsUi.standby.group')}>
                {standby.groupId !== null ? (
                  <Anchor size="sm" onClick={() => navigate(groupPaths.group(standby.groupId!))}>
                    {standby.name}
                  </Anchor>
                ) : (
                  <Text size="sm">{standby.name ?? t('groupsUi.standby.none')}</Text>
                )}
              </Fact>
              <Fact label={t('groupsUi.standby.joinMethod')}>
                <Text size="sm">{standby.joinMethod || t('common.none')}</Text>
              </Fact>
              {announcement && (
                <FilledTemplate
                  label={t('groupsUi.standby.announcement')}
                  result={announcement}
                  testId="standby-announcement"
                />
              )}
            </Stack>
          </SectionCard>
        </Stack>
      </SimpleGrid>
      <GroupInfoModal opened={infoOpened} group={group} onClose={() => setInfoOpened(false)} />
      <StaffModal opened={staffOpened} group={group} onClose={() => setStaffOpened(false)} />
    </>
  );
}
