/** 预案库: one card per playbook, filterable by risk type, with its severity levels and what it contains. */
import { Anchor, Badge, Button, Card, Chip, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconFileImport, IconFlame, IconPlus, IconSchool } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { riskTypes, type RiskType } from '../../../../shared/domain/crisis/playbook';
import type { PlaybookSummary } from '../../../../shared/domain/crisis/views';
import { navigate } from '../../app/router';
import { riskColors, severityColor } from './crisisFormat';
import { ImportPlaybookModal } from './ImportPlaybookModal';
import { OpenIncidentModal } from './OpenIncidentModal';
import { crisisPaths } from './paths';
import { StartDrillModal } from './StartDrillModal';
import type { PlaybookCatalog } from './usePlaybooks';
import { Permitted } from '../lock/Permitted';

export function RiskBadge({ riskType }: { riskType: RiskType }) {
  const { t } = useTranslation();
  return (
    <Badge color={riskColors[riskType]} variant="light" data-testid="risk-badge">
      {t(`crisis.riskTypes.${riskType}`)}
    </Badge>
  );
}

/** A modal that keeps its playbook while it fades out. */
interface ModalTarget {
  opened: boolean;
  playbookId: number | null;
}

const closed: ModalTarget = { opened: false, playbookId: null };

export function PlaybookLibrary({ catalog }: { catalog: PlaybookCatalog }) {
  const { t } = useTranslation();
  const [riskFilter, setRiskFilter] = useState<string>('all');
  const [importing, setImporting] = useState(false);
  const [incident, setIncident] = useState<ModalTarget>(closed);
  const [drill, setDrill] = useState<ModalTarget>(closed);
  const list = catalog.list ?? [];
  const present = riskTypes.filter((risk) => list.some((playbook) => playbook.riskType === risk));
  const shown = list.filter((playbook) => riskFilter === 'all' || playbook.riskType === riskFilter);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Chip.Group value={riskFilter} onChange={(value) => setRiskFilter(value)}>
          <Group gap={6} wrap="wrap">
            <Chip value="all" size="sm" variant="outline">
              {t('crisisUi.library.allRisks')}
            </Chip>
            {present.map((risk) => (
              <Chip key={risk} value={risk} size="sm" variant="outline" color={riskColors[risk]}>
                {t(`crisis.riskTypes.${risk}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Group gap="sm" wrap="nowrap">
          <Permitted>
            <Button
              variant="default"
              leftSection={<IconFileImport size={16} />}
              onClick={() => setImporting(true)}
              data-testid="import-playbook"
            >
              {t('crisisUi.library.import')}
            </Button>
          </Permitted>
          <Permitted>
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => navigate(crisisPaths.newPlaybook)}
              data-testid="new-playbook"
            >
              {t('crisisUi.library.new')}
            </Button>
          </Permitted>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="playbook-cards">
        {shown.map((playbook) => (
          <PlaybookCard
            key={playbook.id}
            playbook={playbook}
            onIncident={() => setIncident({ opened: true, playbookId: playbook.id })}
            onDrill={() => setDrill({ opened: true, playbookId: playbook.id })}
          />
        ))}
      </SimpleGrid>
      <ImportPlaybookModal opened={importing} onClose={() => setImporting(false)} />
      <OpenIncidentModal
        opened={incident.opened}
        playbookId={incident.playbookId}
        catalog={catalog}
        onClose={() => setIncident((previous) => ({ ...previous, opened: false }))}
      />
      <StartDrillModal
        opened={drill.opened}
        playbookId={drill.playbookId}
        catalog={catalog}
        onClose={() => setDrill((previous) => ({ ...previous, opened: false }))}
      />
    </Stack>
  );
}

function PlaybookCard(props: { playbook: PlaybookSummary; onIncident(): void; onDrill(): void }) {
  const { t } = useTranslation();
  const { playbook } = props;
  const levels = playbook.severityLevels;
  const open = () => navigate(crisisPaths.playbook(playbook.id));
  return (
    <Card withBorder radius="md" padding="lg" data-testid="playbook-card" data-key={playbook.key}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
            <RiskBadge riskType={playbook.riskType} />
            <Badge variant="outline" color="gray">
              {t(`crisisUi.origins.${playbook.origin}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }}>
            {t('crisisUi.versionShort', { version: playbook.currentVersion })}
          </Text>
        </Group>
        <Anchor
          component="button"
          type="button"
          onClick={open}
          c="inherit"
          ta="left"
          fw={600}
          fz={17}
          lh={1.4}
          data-testid="open-playbook"
        >
          <span data-testid="playbook-card-title">{playbook.name}</span>
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={3} style={{ flex: 1, whiteSpace: 'pre-line' }}>
          {playbook.summary || t('crisisUi.library.noSummary')}
        </Text>
        {levels.length > 0 && (
          <Group gap={4} wrap="wrap">
            <Text size="xs" c="dimmed">
              {t('crisisUi.library.severities')}
            </Text>
            {levels.map((level) => (
              <Badge
                key={level.id}
                size="sm"
                variant={level.id === playbook.defaultSeverity ? 'filled' : 'light'}
                color={severityColor(levels, level.id)}
              >
                {level.label}
              </Badge>
            ))}
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {t('crisisUi.library.contents', {
            stages: playbook.stageCount,
            steps: playbook.stepCount,
            templates: playbook.templateCount,
            scenarios: playbook.scenarioCount,
          })}
        </Text>
        <Group gap={6} wrap="wrap">
          <Button
            size="compact-sm"
            variant="light"
            color="red"
            leftSection={<IconFlame size={14} />}
            onClick={props.onIncident}
            data-testid="card-open-incident"
          >
            {t('crisisUi.library.startIncident')}
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconSchool size={14} />}
            onClick={props.onDrill}
            disabled={playbook.scenarioCount === 0}
            data-testid="card-start-drill"
          >
            {t('crisisUi.library.startDrill')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
