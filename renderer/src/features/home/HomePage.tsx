import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconDatabaseImport,
  IconFileImport,
  IconLock,
  IconMessages,
  IconSparkles,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Group as GroupRecord, WorkspaceInfo } from '../../../../shared/domain/types';
import { findArea } from '../../app/areas';
import { navigate } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { MemberCapBar } from '../groups/GroupsPage';
import { describeAuditEntry } from '../audit/auditText';
import { GroupTypeBadge } from '../groups/GroupTypeBadge';
import { QrExpiryAlert } from '../groups/QrReminders';
import { JobCard } from '../jobs/JobCard';
import { useJobs } from '../jobs/JobsProvider';
import { Permitted } from '../lock/Permitted';
import { demoJobKind, useLoadDemo } from './useLoadDemo';

const workspaceEntities = ['workspace', 'groups', 'members', 'messages', 'imports'] as const;

const statCards: { key: keyof WorkspaceInfo['counts']; icon: Icon; color: string }[] = [
  { key: 'groups', icon: IconUsersGroup, color: 'brand' },
  { key: 'members', icon: IconUsers, color: 'blue' },
  { key: 'messages', icon: IconMessages, color: 'grape' },
  { key: 'imports', icon: IconDatabaseImport, color: 'orange' },
];

export function HomePage() {
  const { data: info } = useChannel('workspace.info', {}, workspaceEntities);
  if (!info) return null;
  return info.isEmpty ? <Welcome info={info} /> : <Overview info={info} />;
}

function ActionCard(props: {
  icon: Icon;
  color: string;
  title: string;
  text: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Card withBorder padding="xl" radius="lg" data-testid={props.testId}>
      <Stack gap="md" h="100%">
        <ThemeIcon size={52} radius="md" variant="light" color={props.color}>
          <props.icon size={28} />
        </ThemeIcon>
        <Stack gap={6} style={{ flex: 1 }}>
          <Title order={3} fz={20}>
            {props.title}
          </Title>
          <Text c="dimmed" size="sm">
            {props.text}
          </Text>
        </Stack>
        {props.children}
      </Stack>
    </Card>
  );
}

function Welcome({ info }: { info: WorkspaceInfo }) {
  const { t } = useFormat();
  const { running } = useJobs();
  const demo = useLoadDemo();
  const demoJob = running.find((job) => job.kind === demoJobKind);
  const importArea = findArea('import');

  const importButton = (
    <Button
      size="md"
      variant="default"
      leftSection={<IconFileImport size={18} />}
      disabled={!importArea}
      onClick={() => importArea && navigate(importArea.path)}
      data-testid="start-import"
      fullWidth
    >
      {t('home.importButton')}
    </Button>
  );

  return (
    <Stack maw={920} mx="auto" pt={40} gap={36}>
      <Stack gap="sm" align="center">
        <ThemeIcon
          size={72}
          radius={22}
          variant="gradient"
          gradient={{ from: 'brand.5', to: 'teal.7', deg: 135 }}
        >
          <IconMessages size={40} />
        </ThemeIcon>
        <Title order={1} fz={30} ta="center">
          {t('home.welcomeTitle')}
        </Title>
        <Text c="dimmed" ta="center" maw={620}>
          {t('home.welcomeText')}
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <ActionCard
          icon={IconSparkles}
          color="brand"
          title={t('home.demoTitle')}
          text={t('home.demoText')}
          testId="demo-card"
        >
          {demoJob ? (
            <JobCard job={demoJob} />
          ) : (
            <Permitted>
              <Button
                size="md"
                leftSection={<IconSparkles size={18} />}
                loading={demo.starting}
                onClick={() => void demo.start()}
                data-testid="load-demo"
                fullWidth
              >
                {t('home.demoButton')}
              </Button>
            </Permitted>
          )}
        </ActionCard>
        <ActionCard
          icon={IconDatabaseImport}
          color="blue"
          title={t('home.importTitle')}
          text={t('home.importText')}
          testId="import-card"
        >
          {importArea ? (
            importButton
          ) : (
            <Tooltip label={t('home.importUnavailable')}>
              <div>{importButton}</div>
            </Tooltip>
          )}
        </ActionCard>
      </SimpleGrid>
      <Group gap={6} justify="center" wrap="nowrap">
        <IconLock size={14} color="var(--mantine-color-dimmed)" />
        <Text size="xs" c="dimmed" truncate>
          {t('home.privacyNote', { path: info.path })}
        </Text>
      </Group>
    </Stack>
  );
}

function StatCard(props: { icon: Icon; color: string; label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group gap="md" wrap="nowrap">
        <ThemeIcon size={44} radius="md" variant="light" color={props.color}>
          <props.icon size={24} />
        </ThemeIcon>
        <Stack gap={0}>
          <Text size="xs" c="dimmed" fw={500}>
            {props.label}
          </Text>
          <Text fz={24} fw={700} className="tabular" lh={1.3} data-testid={props.testId}>
            {props.value}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

function GroupCard({ group }: { group: GroupRecord }) {
  const { t, number, relative } = useFormat();
  return (
    <Card withBorder padding="lg" radius="md" data-testid="home-group-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} truncate>
            {group.name}
          </Text>
          <GroupTypeBadge type={group.type} style={{ flexShrink: 0 }} />
        </Group>
        <Text size="sm" c="dimmed" lineClamp={2} style={{ flex: 1 }} mih={42}>
          {group.positioning || t('groups.noPositioning')}
        </Text>
        <MemberCapBar group={group} />
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" className="tabular" style={{ flexShrink: 0 }}>
            {t('home.messagesCount', { count: number(group.messageCount) })}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {group.lastMessageAt
              ? t('home.lastActivity', { time: relative(group.lastMessageAt) })
              : t('home.noActivity')}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}

function Overview({ info }: { info: WorkspaceInfo }) {
  const { t, number, relative } = useFormat();
  const { data: groups } = useChannel('groups.list', {}, ['groups', 'members', 'messages']);
  const { data: recent } = useChannel('audit.list', { offset: 0, limit: 5 }, ['audit']);
  const latest = (groups ?? [])
    .map((group) => group.lastMessageAt)
    .filter((at): at is string => at !== null)
    .sort()
    .at(-1);

  return (
    <Stack gap="xl">
      <PageHeader
        mb={0}
        title={t('home.overviewTitle')}
        subtitle={
          latest ? t('home.overviewSubtitle', { time: relative(latest) }) : t('home.overviewNoMessages')
        }
      />
      <QrExpiryAlert />
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        {statCards.map((stat) => (
          <StatCard
            key={stat.key}
            icon={stat.icon}
            color={stat.color}
            label={t(`home.stats.${stat.key}`)}
            value={number(info.counts[stat.key])}
            testId={`stat-${stat.key}`}
          />
        ))}
      </SimpleGrid>

      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('home.groupsTitle')}</Title>
          <Anchor size="sm" onClick={() => navigate('/groups')}>
            {t('home.allGroups')}
          </Anchor>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {(groups ?? []).map((group) => (
            <GroupCard key={group.id} group={group} />
          ))}
        </SimpleGrid>
      </Stack>

      {recent && recent.rows.length > 0 && (
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>{t('home.recentTitle')}</Title>
            <Anchor size="sm" onClick={() => navigate('/audit')}>
              {t('home.allAudit')}
            </Anchor>
          </Group>
          <Paper withBorder>
            {recent.rows.map((entry, index) => {
              const described = describeAuditEntry(entry, t);
              return (
                <Group
                  key={entry.id}
                  justify="space-between"
                  px="md"
                  py="sm"
                  wrap="nowrap"
                  style={
                    index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined
                  }
                >
                  <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                    <Badge
                      variant="light"
                      radius="sm"
                      color={described.actionColor}
                      style={{ flexShrink: 0 }}
                    >
                      {described.action}
                    </Badge>
                    <Text size="sm" style={{ flexShrink: 0 }}>
                      {described.entity}
                    </Text>
                    <Text size="sm" c="dimmed" truncate>
                      {described.summary}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                    {relative(entry.at)}
                  </Text>
                </Group>
              );
            })}
          </Paper>
        </Stack>
      )}
    </Stack>
  );
}
