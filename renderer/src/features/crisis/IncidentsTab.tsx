/** 事件: open incidents first, then the closed ones; a new incident starts from a playbook. */
import { Badge, Button, Group, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { EmptyState } from '../../ui/EmptyState';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { OpenIncidentModal } from './OpenIncidentModal';
import { crisisPaths } from './paths';
import type { PlaybookCatalog } from './usePlaybooks';
import { Permitted } from '../lock/Permitted';

type StatusFilter = 'open' | 'closed' | 'all';

export function IncidentsTab({ catalog }: { catalog: PlaybookCatalog }) {
  const { t } = useTranslation();
  const { dateTime, relative, number } = useFormat();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [opening, setOpening] = useState(false);
  const { data: page } = useChannel(
    'incidents.list',
    { ...(status !== 'all' ? { status } : {}), limit: 200 },
    ['crisis'],
  );
  const rows = page?.rows ?? [];

  const openButton = (
    <Permitted>
      <Button
        color="red"
        leftSection={<IconFlame size={16} />}
        onClick={() => setOpening(true)}
        data-testid="new-incident"
      >
        {t('crisisUi.incidents.new')}
      </Button>
    </Permitted>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          value={status}
          onChange={(value) => setStatus(value as StatusFilter)}
          data={[
            { value: 'all', label: t('crisisUi.incidents.all') },
            { value: 'open', label: t('crisis.incidentStatus.open') },
            { value: 'closed', label: t('crisis.incidentStatus.closed') },
          ]}
          data-testid="incident-filter"
        />
        {openButton}
      </Group>
      {page && rows.length === 0 ? (
        <Paper withBorder>
          <EmptyState
            icon={<IconFlame size={32} />}
            title={t('crisisUi.incidents.emptyTitle')}
            text={t('crisisUi.incidents.emptyText')}
          />
        </Paper>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table
              layout="fixed"
              verticalSpacing="sm"
              horizontalSpacing="md"
              highlightOnHover
              data-testid="incidents-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crisisUi.incidents.columns.title')}</Table.Th>
                  <Table.Th w={200}>{t('crisis.report.playbook')}</Table.Th>
                  <Table.Th w={96}>{t('crisis.report.status')}</Table.Th>
                  <Table.Th w={150}>{t('crisis.report.opened')}</Table.Th>
                  <Table.Th w={150}>{t('crisis.report.closed')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((incident) => (
                  <Table.Tr
                    key={incident.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate(crisisPaths.incident(incident.id))}
                    data-testid="incident-row"
                  >
                    <Table.Td>
                      <Text fw={600} truncate>
                        {incident.title}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {[
                          incident.groupName,
                          t(`crisis.sourceKinds.${incident.source.kind}`),
                          incident.openedBy,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate>
                        {incident.playbookName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('crisisUi.versionShort', { version: incident.playbookVersion })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={incident.status === 'open' ? 'red' : 'gray'} variant="light">
                        {t(`crisis.incidentStatus.${incident.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className="tabular">
                        {dateTime(incident.openedAt)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {relative(incident.openedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td className="tabular">
                      <Text size="sm">{incident.closedAt ? dateTime(incident.closedAt) : '—'}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {page && page.total > 0 && (
        <Text size="xs" c="dimmed">
          {t('common.rowsTotal', { count: number(page.total) })}
        </Text>
      )}
      <OpenIncidentModal
        opened={opening}
        playbookId={null}
        catalog={catalog}
        onClose={() => setOpening(false)}
      />
    </Stack>
  );
}
