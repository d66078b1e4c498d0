/** Applications of a group: the pipeline with how many wait in each stage, the list, and the stage editor. */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowRight,
  IconClipboardList,
  IconPlus,
  IconSettings,
  IconTrash,
  IconUserPlus,
} from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import {
  defaultStageKeys,
  type AdmissionConfig,
  type ApplicationStatus,
  type ApplicationView,
  type PipelineStage,
} from '../../../../shared/domain/admission';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';
import { JoinChannelBadge } from '../members/JoinChannelBadge';
import { stageLabel } from './AdmissionTab';
import { ApplicationDrawer } from './ApplicationDrawer';
import { NewApplicationModal } from './NewApplicationModal';
import { CardAction, SectionCard } from './parts';

const filters = ['pending', 'admitted', 'rejected', 'all'] as const;
type Filter = (typeof filters)[number];
/** Enough for any group's admission history on screen; the total says when there are more. */
const listLimit = 500;

export const statusColors: Record<ApplicationStatus, string> = {
  pending: 'blue',
  admitted: 'green',
  rejected: 'red',
};

/** Where an application stands: its stage while pending, else admitted / rejected (at which stage). */
export function useApplicationState() {
  const { t } = useFormat();
  return (application: Pick<ApplicationView, 'stage' | 'status'>, stages: readonly PipelineStage[]) => {
    const stage = stageLabel(
      stages.find((item) => item.key === application.stage),
      application.stage,
      t,
    );
    if (application.status === 'pending') return stage;
    if (application.status === 'admitted') return t('groupsUi.applications.admitted');
    return t('groupsUi.applications.rejectedAt', { stage });
  };
}

export function ScoreBadge({
  application,
}: {
  application: Pick<ApplicationView, 'score' | 'maxScore' | 'questionnairePassed'>;
}) {
  const { t } = useFormat();
  if (application.questionnairePassed === null)
    return (
      <Text size="sm" c="dimmed">
        {t('groupsUi.applications.noQuestionnaire')}
      </Text>
    );
  return (
    <Badge
      variant="light"
      color={application.questionnairePassed ? 'green' : 'orange'}
      radius="sm"
      className="tabular"
    >
      {application.score} / {application.maxScore}
    </Badge>
  );
}

export function ApplicationsPanel({ group }: { group: GroupDetail }) {
  const { t, number, dateTime } = useFormat();
  const { data: config } = useChannel('admission.config', { groupId: group.id }, ['groups']);
  const { data: page } = useChannel('admission.list', { groupId: group.id, limit: listLimit }, [
    'groups',
    'members',
  ]);
  const [filter, setFilter] = useState<Filter>('pending');
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [editingStages, setEditingStages] = useState(false);
  const describe = useApplicationState();
  if (!config || !page) return null;

  const rows = page.rows.filter((row) => filter === 'all' || row.status === filter);
  const waiting = new Map<string, number>();
  for (const row of page.rows)
    if (row.status === 'pending') waiting.set(row.stage, (waiting.get(row.stage) ?? 0) + 1);
  const admitted = page.rows.filter((row) => row.status === 'admitted').length;
  const newButton = (
    <CardAction
      icon={IconUserPlus}
      label={t('groupsUi.applications.new')}
      variant="filled"
      onClick={() => setCreating(true)}
      testId="application-new"
    />
  );

  return (
    <Stack gap="md">
      <SectionCard
        title={t('groupsUi.pipeline.title')}
        testId="pipeline"
        actions={
          <CardAction
            icon={IconSettings}
            label={t('groupsUi.pipeline.edit')}
            onClick={() => setEditingStages(true)}
            testId="stages-edit"
          />
        }
      >
        <Group gap="xs" wrap="wrap">
          {config.stages.map((stage, index) => {
            const last = index === config.stages.length - 1;
            const count = last ? admitted : (waiting.get(stage.key) ?? 0);
            return (
              <Fragment key={stage.key}>
                {index > 0 && <IconArrowRight size={16} color="var(--mantine-color-dimmed)" />}
                <Paper withBorder radius="md" px="sm" py={6} data-testid="pipeline-stage">
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {stageLabel(stage, stage.key, t)}
                    </Text>
                    <Badge
                      size="sm"
                      circle={count < 100}
                      variant={count ? 'filled' : 'light'}
                      color={last ? 'green' : 'blue'}
                    >
                      {count}
                    </Badge>
                  </Group>
                </Paper>
              </Fragment>
            );
          })}
        </Group>
      </SectionCard>

      <SectionCard
        title={t('groupsUi.applications.title')}
        testId="applications"
        actions={
          <>
            <SegmentedControl
              size="xs"
              value={filter}
              onChange={(value) => setFilter(value as Filter)}
              data={filters.map((value) => ({ value, label: t(`groupsUi.applications.filters.${value}`) }))}
              data-testid="applications-filter"
            />
            {newButton}
          </>
        }
      >
        {rows.length === 0 ? (
          <EmptyState
            icon={<IconClipboardList size={32} />}
            title={t('groupsUi.applications.emptyTitle')}
            text={t('groupsUi.applications.emptyText')}
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" highlightOnHover layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('groupsUi.applications.applicant')}</Table.Th>
                  <Table.Th w={130}>{t('groupsUi.applications.channel')}</Table.Th>
                  <Table.Th w={110}>{t('groupsUi.applications.score')}</Table.Th>
                  <Table.Th w={150}>{t('groupsUi.applications.stage')}</Table.Th>
                  <Table.Th w={150}>{t('groupsUi.applications.appliedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr
                    key={row.id}
                    onClick={() => setOpenId(row.id)}
                    style={{ cursor: 'pointer' }}
                    data-testid="application-row"
                  >
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500} truncate>
                          {row.applicantName}
                        </Text>
                        {row.blacklisted && (
                          <Badge
                            size="sm"
                            color="red"
                            variant="filled"
                            radius="sm"
                            style={{ flexShrink: 0 }}
                            data-testid="blacklist-flag"
                          >
                            {t('groupsUi.applications.blacklisted')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <JoinChannelBadge channel={row.joinChannel} />
                    </Table.Td>
                    <Table.Td>
                      <ScoreBadge application={row} />
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        color={statusColors[row.status]}
                        radius="sm"
                        tt="none"
                        maw="100%"
                      >
                        {describe(row, config.stages)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{dateTime(row.appliedAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Text size="xs" c="dimmed" mt="xs">
          {t('common.rowsTotal', { count: number(page.total) })}
        </Text>
      </SectionCard>

      <ApplicationDrawer id={openId} config={config} onClose={() => setOpenId(null)} />
      <NewApplicationModal
        opened={creating}
        group={group}
        config={config}
        onClose={() => setCreating(false)}
      />
      <FormModal
        opened={editingStages}
        onClose={() => setEditingStages(false)}
        title={t('groupsUi.pipeline.edit')}
        testId="stages-form"
      >
        <StagesForm config={config} onClose={() => setEditingStages(false)} />
      </FormModal>
    </Stack>
  );
}

/** Renames stages and adds or removes the ones between the first (申请) and the last (入群). */
function StagesForm({ config, onClose }: { config: AdmissionConfig; onClose(): void }) {
  const { t } = useFormat();
  const [stages, setStages] = useState<PipelineStage[]>(config.stages);
  const { busy, run } = useBusy();
  const isDefault = (key: string) => (defaultStageKeys as readonly string[]).includes(key);

  const addStage = () =>
    setStages((previous) => {
      const used = previous.map((stage) => Number(stage.key.slice(1))).filter(Number.isInteger);
      const stage = { key: `s${Math.max(0, ...used) + 1}`, name: '' };
      return [...previous.slice(0, -1), stage, ...previous.slice(-1)];
    });
  const save = () =>
    run(async () => {
      await call('admission.saveStages', {
        groupId: config.groupId,
        stages: stages.map((stage) => ({ key: stage.key, name: stage.name?.trim() || null })),
      });
      notifySuccess(t('groupsUi.pipeline.saved'));
      onClose();
    });

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('groupsUi.pipeline.hint')}
      </Text>
      {stages.map((stage, index) => {
        const fixed = index === 0 || index === stages.length - 1;
        return (
          <Group key={stage.key} gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" w={20} ta="right">
              {index + 1}
            </Text>
            <TextInput
              style={{ flex: 1 }}
              value={stage.name ?? ''}
              placeholder={
                isDefault(stage.key)
                  ? t(`admission.stages.${stage.key}`)
                  : t('groupsUi.pipeline.namePlaceholder')
              }
              onChange={(event) => {
                const name = event.currentTarget.value;
                setStages((previous) =>
                  previous.map((item, at) => (at === index ? { ...item, name } : item)),
                );
              }}
              error={!isDefault(stage.key) && !stage.name?.trim()}
              data-testid="stage-name"
            />
            <Tooltip label={t('groupsUi.pipeline.fixed')} disabled={!fixed}>
              <ActionIcon
                variant="subtle"
                color="red"
                disabled={fixed}
                onClick={() => setStages((previous) => previous.filter((_, at) => at !== index))}
                aria-label={t('common.delete')}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        );
      })}
      <div>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={stages.length >= 8}
          onClick={addStage}
        >
          {t('groupsUi.pipeline.add')}
        </Button>
      </div>
      <ModalActions onCancel={onClose}>
        <Button loading={busy} onClick={() => void save()} data-testid="stages-save">
          {t('common.save')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
