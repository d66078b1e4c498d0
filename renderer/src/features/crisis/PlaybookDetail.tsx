/**
 * One playbook: severity levels and roles, the response stages with their ordered steps (owner, target time),
 * message templates with a live preview, trigger signals, prevention measures, drill scenarios and the version
 * history (any older version can be viewed and exported).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import {
  IconArrowLeft,
  IconCopyPlus,
  IconFlame,
  IconHistory,
  IconPencil,
  IconSchool,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orderedSteps, type Playbook } from '../../../../shared/domain/crisis/playbook';
import type { PlaybookDetail as PlaybookDetailView } from '../../../../shared/domain/crisis/views';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { formatClock, severityColor, useDurations } from './crisisFormat';
import { ExportMenu } from './ExportMenu';
import { useBusy } from '../../ui/formKit';
import { OpenIncidentModal } from './OpenIncidentModal';
import { crisisPaths } from './paths';
import { RiskBadge } from './PlaybookLibrary';
import { StartDrillModal } from './StartDrillModal';
import { TemplatePreview } from './TemplatePreview';
import type { PlaybookCatalog } from './usePlaybooks';

export function BackLink(props: { label: string; to: string }) {
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      c="dimmed"
      onClick={() => navigate(props.to)}
      data-testid="back-link"
    >
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={14} />
        {props.label}
      </Group>
    </Anchor>
  );
}

export function PlaybookDetail({ id, catalog }: { id: number; catalog: PlaybookCatalog }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState<number | undefined>(undefined);
  const { data: detail } = useChannel(
    'playbooks.get',
    { id, ...(version !== undefined ? { version } : {}) },
    ['crisis'],
  );
  const [incidentOpened, setIncidentOpened] = useState(false);
  const [drillOpened, setDrillOpened] = useState(false);
  const { busy: duplicating, run } = useBusy();

  if (!detail || detail.id !== id) return null;
  const { definition } = detail;
  const isCurrent = detail.version === detail.currentVersion;

  const duplicate = () =>
    run(async () => {
      const copy = await call('playbooks.duplicate', { id });
      notifySuccess(t('crisisUi.detail.duplicated', { name: copy.name }));
      navigate(crisisPaths.playbook(copy.id));
    });

  const exportAs = (format: 'json' | 'md') => () =>
    call('playbooks.export', { id, version: detail.version, format });

  return (
    <Stack gap="md" data-testid="playbook-detail">
      <BackLink label={t('crisisUi.detail.back')} to={crisisPaths.tab('playbooks')} />
      <Stack gap={6}>
        <Group gap={6} wrap="wrap">
          <RiskBadge riskType={definition.riskType} />
          <Badge variant="outline" color="gray">
            {t(`crisisUi.origins.${detail.origin}`)}
          </Badge>
          <Badge variant="default" className="tabular">
            {t('crisisUi.versionShort', { version: detail.version })}
          </Badge>
          <Code>{definition.key}</Code>
        </Group>
        <Title order={3} data-testid="playbook-name">
          {definition.name}
        </Title>
        {definition.summary && (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
            {definition.summary}
          </Text>
        )}
      </Stack>
      <Group gap="sm" wrap="wrap">
        <Button
          color="red"
          leftSection={<IconFlame size={16} />}
          onClick={() => setIncidentOpened(true)}
          data-testid="detail-open-incident"
        >
          {t('crisisUi.library.startIncident')}
        </Button>
        <Button
          variant="light"
          leftSection={<IconSchool size={16} />}
          onClick={() => setDrillOpened(true)}
          disabled={detail.scenarioCount === 0}
          data-testid="detail-start-drill"
        >
          {t('crisisUi.library.startDrill')}
        </Button>
        <Button
          variant="default"
          leftSection={<IconPencil size={16} />}
          onClick={() => navigate(crisisPaths.editPlaybook(id))}
          data-testid="edit-playbook"
        >
          {t('crisisUi.detail.edit')}
        </Button>
        <Button
          variant="default"
          leftSection={<IconCopyPlus size={16} />}
          onClick={() => void duplicate()}
          loading={duplicating}
          data-testid="duplicate-playbook"
        >
          {t('crisisUi.detail.duplicate')}
        </Button>
        <ExportMenu
          testId="export-playbook"
          choices={[
            { id: 'json', label: 'JSON', load: exportAs('json') },
            { id: 'md', label: 'Markdown', load: exportAs('md') },
          ]}
        />
      </Group>
      {!isCurrent && (
        <Alert color="yellow" icon={<IconHistory size={18} />} data-testid="old-version">
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {t('crisisUi.detail.viewingOld', { version: detail.version, current: detail.currentVersion })}
            </Text>
            <Button size="xs" variant="light" color="yellow" onClick={() => setVersion(undefined)}>
              {t('crisisUi.detail.backToCurrent')}
            </Button>
          </Group>
        </Alert>
      )}
      <SeverityAndRoles definition={definition} />
      <Tabs defaultValue="stages" variant="outline" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="stages" data-testid="detail-tab-stages">
            {t('crisisUi.detail.tabs.stages', { count: detail.stepCount })}
          </Tabs.Tab>
          <Tabs.Tab value="templates" data-testid="detail-tab-templates">
            {t('crisisUi.detail.tabs.templates', { count: detail.templateCount })}
          </Tabs.Tab>
          <Tabs.Tab value="signals" data-testid="detail-tab-signals">
            {t('crisisUi.detail.tabs.signals', {
              count: detail.triggerCount + detail.preventionCount,
            })}
          </Tabs.Tab>
          <Tabs.Tab value="scenarios" data-testid="detail-tab-scenarios">
            {t('crisisUi.detail.tabs.scenarios', { count: detail.scenarioCount })}
          </Tabs.Tab>
          <Tabs.Tab value="versions" data-testid="detail-tab-versions">
            {t('crisisUi.detail.tabs.versions', { count: detail.versions.length })}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="stages" pt="md">
          <StagesView definition={definition} />
        </Tabs.Panel>
        <Tabs.Panel value="templates" pt="md">
          <Stack gap="md">
            {definition.templates.length === 0 && <Text c="dimmed">{t('crisisUi.detail.noTemplates')}</Text>}
            {definition.templates.map((template) => (
              <TemplatePreview
                key={`${detail.version}-${template.id}`}
                playbookId={id}
                version={detail.version}
                definition={definition}
                template={template}
              />
            ))}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="signals" pt="md">
          <SignalsView definition={definition} />
        </Tabs.Panel>
        <Tabs.Panel value="scenarios" pt="md">
          <ScenariosView definition={definition} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          <VersionsView detail={detail} onView={setVersion} />
        </Tabs.Panel>
      </Tabs>
      <OpenIncidentModal
        opened={incidentOpened}
        playbookId={id}
        catalog={catalog}
        onClose={() => setIncidentOpened(false)}
      />
      <StartDrillModal
        opened={drillOpened}
        playbookId={id}
        catalog={catalog}
        onClose={() => setDrillOpened(false)}
      />
    </Stack>
  );
}

function SeverityAndRoles({ definition }: { definition: Playbook }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md">
      <Group align="flex-start" gap="xl" wrap="wrap">
        <Stack gap={6} style={{ flex: 3, minWidth: 300 }}>
          <Text fw={600} size="sm">
            {t('crisisUi.detail.severityLevels')}
          </Text>
          {definition.severityLevels.map((level) => (
            <Group key={level.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="severity-level">
              <Badge
                color={severityColor(definition.severityLevels, level.id)}
                variant={level.id === definition.defaultSeverity ? 'filled' : 'light'}
                style={{ flexShrink: 0 }}
                mt={2}
              >
                {level.label}
              </Badge>
              <Text size="sm" c="dimmed">
                {level.description || '—'}
              </Text>
              {level.id === definition.defaultSeverity && (
                <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }} mt={4}>
                  {t('crisisUi.detail.defaultSeverity')}
                </Badge>
              )}
            </Group>
          ))}
        </Stack>
        <Stack gap={6} style={{ flex: 1, minWidth: 180 }}>
          <Text fw={600} size="sm">
            {t('crisisUi.detail.roles')}
          </Text>
          <Group gap={6} wrap="wrap">
            {definition.roles.map((role) => (
              <Badge key={role.id} variant="light" color="gray">
                {role.label}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

function StagesView({ definition }: { definition: Playbook }) {
  const { t } = useTranslation();
  const { target } = useDurations();
  const roleLabel = (id: string) => definition.roles.find((role) => role.id === id)?.label ?? id;
  const templateTitle = (id: string) =>
    definition.templates.find((template) => template.id === id)?.title ?? id;
  const orderOf = new Map(orderedSteps(definition).map((step) => [step.id, step.order + 1]));
  return (
    <Stack gap="md">
      {definition.stages.map((stage, stageIndex) => (
        <Paper key={stage.id} withBorder radius="md" data-testid="stage" style={{ overflow: 'hidden' }}>
          <Group px="md" py="xs" bg="var(--mantine-color-default-hover)" gap="xs">
            <Badge variant="filled" circle>
              {stageIndex + 1}
            </Badge>
            <Text fw={600}>{stage.title}</Text>
          </Group>
          <Table layout="fixed" verticalSpacing="xs" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={44}>#</Table.Th>
                <Table.Th>{t('crisisUi.detail.step')}</Table.Th>
                <Table.Th w={120}>{t('crisis.report.owner')}</Table.Th>
                <Table.Th w={130}>{t('crisis.report.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stage.steps.map((step) => {
                return (
                  <Table.Tr key={step.id} data-testid="playbook-step">
                    <Table.Td className="tabular" c="dimmed">
                      {orderOf.get(step.id)}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="wrap">
                        <Text size="sm" fw={600}>
                          {step.title}
                        </Text>
                        {!step.required && (
                          <Badge size="xs" variant="outline" color="gray">
                            {t('crisisUi.optional')}
                          </Badge>
                        )}
                        {step.templateIds.map((templateId) => (
                          <Badge key={templateId} size="xs" variant="light" color="blue">
                            {templateTitle(templateId)}
                          </Badge>
                        ))}
                      </Group>
                      {step.description && (
                        <Text size="xs" c="dimmed">
                          {step.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{roleLabel(step.ownerRole)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" data-testid="step-target">
                        {target(step.targetSeconds)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
    </Stack>
  );
}

function SignalsView({ definition }: { definition: Playbook }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Text fw={600} mb="xs">
          {t('crisis.fields.triggers')}
        </Text>
        {definition.triggers.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('crisisUi.detail.noTriggers')}
          </Text>
        ) : (
          <Stack gap="xs">
            {definition.triggers.map((trigger) => (
              <Group key={trigger.id} gap="xs" wrap="wrap" data-testid="trigger">
                <Text size="sm" fw={600}>
                  {trigger.label}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('crisisUi.detail.triggerRule', {
                    minutes: trigger.windowMinutes,
                    threshold: trigger.threshold,
                  })}
                </Text>
                {trigger.categories.map((category) => (
                  <Code key={category}>{category}</Code>
                ))}
                <Text size="sm" c="dimmed">
                  →
                </Text>
                <Badge
                  size="sm"
                  color={severityColor(definition.severityLevels, trigger.severity)}
                  variant="light"
                >
                  {definition.severityLevels.find((level) => level.id === trigger.severity)?.label ??
                    trigger.severity}
                </Badge>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('crisis.fields.prevention')}</Text>
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => navigate(crisisPaths.tab('prevention'))}
          >
            {t('crisisUi.detail.goToPrevention')}
          </Anchor>
        </Group>
        {definition.prevention.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('crisisUi.detail.noPrevention')}
          </Text>
        ) : (
          <Stack gap="sm">
            {definition.prevention.map((measure) => (
              <div key={measure.id} data-testid="prevention-measure">
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" fw={600}>
                    {measure.title}
                  </Text>
                  <Badge size="xs" variant="outline" color="gray">
                    {t('crisisUi.detail.checkEvery', { days: measure.checkEveryDays })}
                  </Badge>
                </Group>
                {measure.description && (
                  <Text size="xs" c="dimmed">
                    {measure.description}
                  </Text>
                )}
              </div>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

function ScenariosView({ definition }: { definition: Playbook }) {
  const { t } = useTranslation();
  if (definition.scenarios.length === 0) return <Text c="dimmed">{t('crisisUi.detail.noScenarios')}</Text>;
  return (
    <Stack gap="md">
      {definition.scenarios.map((scenario) => (
        <Paper key={scenario.id} withBorder p="md" radius="md" data-testid="scenario">
          <Text fw={600}>{scenario.title}</Text>
          {scenario.description && (
            <Text size="sm" c="dimmed" mb="xs">
              {scenario.description}
            </Text>
          )}
          <Stack gap={4}>
            {scenario.injects.map((inject, index) => (
              <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
                <Text size="xs" c="dimmed" className="tabular" w={48} style={{ flexShrink: 0 }}>
                  +{formatClock(inject.atSeconds)}
                </Text>
                <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                  {t(`crisis.injectKinds.${inject.kind}`)}
                </Badge>
                <Text size="xs" style={{ minWidth: 0 }}>
                  <Text span size="xs" fw={600}>
                    {inject.from}：
                  </Text>
                  {inject.text}
                </Text>
              </Group>
            ))}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function VersionsView(props: { detail: PlaybookDetailView; onView(version: number): void }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const { detail } = props;
  return (
    <Paper withBorder radius="md">
      <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="versions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={140}>{t('crisisUi.detail.version')}</Table.Th>
            <Table.Th w={180}>{t('crisisUi.detail.savedAt')}</Table.Th>
            <Table.Th w={120}>{t('crisisUi.detail.savedBy')}</Table.Th>
            <Table.Th>{t('crisisUi.detail.note')}</Table.Th>
            <Table.Th w={110} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {detail.versions.map((info) => (
            <Table.Tr key={info.version} data-testid="version-row">
              <Table.Td className="tabular">
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {t('crisisUi.versionShort', { version: info.version })}
                  </Text>
                  {info.version === detail.currentVersion && (
                    <Badge size="xs" variant="light">
                      {t('crisisUi.detail.current')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td className="tabular">{dateTime(info.createdAt)}</Table.Td>
              <Table.Td>{info.createdBy}</Table.Td>
              <Table.Td>
                <Text size="sm" truncate>
                  {info.note || '—'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {info.version !== detail.version && (
                  <Button size="compact-xs" variant="subtle" onClick={() => props.onView(info.version)}>
                    {t('crisisUi.detail.viewVersion')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
