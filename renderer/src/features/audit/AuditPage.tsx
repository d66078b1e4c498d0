import { Badge, Button, Group, Pagination, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconFilterOff, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditEntry } from '../../../../shared/domain/types';
import { call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { notifyError } from '../../ui/errors';
import { PageHeader } from '../../ui/PageHeader';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { downloadFile } from '../../ui/fileActions';
import { useSession } from '../lock/session';
import { AuditFilters, filterQuery, noFilters, type AuditFilterValues } from './AuditFilters';
import { describeAuditEntry } from './auditText';

const perPage = 50;
function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t, dateTime, relative } = useFormat();
  const { action, actionColor, entity, operator, summary } = describeAuditEntry(entry, t);
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td className="tabular">
        <Tooltip label={relative(entry.at)}>
          <Text size="sm">{dateTime(entry.at)}</Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{operator}</Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" radius="sm" color={actionColor}>
          {action}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {entity}
          {entry.entityId && (
            <Text span c="dimmed" size="xs" ml={4}>
              #{entry.entityId}
            </Text>
          )}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" truncate title={summary}>
          {summary || t('common.none')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function ExportButton({ filters }: { filters: AuditFilterValues }) {
  const { t } = useFormat();
  const [working, setWorking] = useState(false);
  const exportCsv = async () => {
    setWorking(true);
    try {
      downloadFile(await call('audit.export', filterQuery(filters)));
    } catch (error) {
      notifyError(error);
    } finally {
      setWorking(false);
    }
  };
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} />}
      loading={working}
      onClick={() => void exportCsv()}
      data-testid="audit-export"
    >
      {t('auditUi.export')}
    </Button>
  );
}

export function AuditPage() {
  const { t, number } = useFormat();
  const { can } = useSession();
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState<AuditFilterValues>(noFilters);
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);
  const { data } = useChannel(
    'audit.list',
    { offset: (page - 1) * perPage, limit: perPage, ...filterQuery(filters) },
    ['audit'],
  );
  const pages = data ? Math.max(1, Math.ceil(data.total / perPage)) : 1;
  const changeFilters = (next: AuditFilterValues) => {
    setFilters(next);
    setPage(1);
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          can('export') && data && (data.total > 0 || filtered) ? (
            <ExportButton filters={filters} />
          ) : undefined
        }
      />
      {data && data.total === 0 && !filtered && (
        <Paper withBorder>
          <EmptyState
            icon={<IconHistory size={32} />}
            title={t('audit.emptyTitle')}
            text={t('audit.emptyText')}
          />
        </Paper>
      )}
      {data && (data.total > 0 || filtered) && (
        <Stack gap="sm">
          <AuditFilters value={filters} onChange={changeFilters} />
          {data.total === 0 ? (
            <Paper withBorder>
              <Stack align="center" gap="sm" py="xl" data-testid="audit-no-matches">
                <Text c="dimmed">{t('auditUi.noMatches')}</Text>
                <Button
                  variant="light"
                  leftSection={<IconFilterOff size={16} />}
                  onClick={() => changeFilters(noFilters)}
                >
                  {t('auditUi.filters.clear')}
                </Button>
              </Stack>
            </Paper>
          ) : (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={760}>
                <Table
                  layout="fixed"
                  verticalSpacing="xs"
                  horizontalSpacing="md"
                  highlightOnHover
                  data-testid="audit-table"
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={170}>{t('audit.columns.at')}</Table.Th>
                      <Table.Th w={110}>{t('audit.columns.operator')}</Table.Th>
                      <Table.Th w={130}>{t('audit.columns.action')}</Table.Th>
                      <Table.Th w={120}>{t('audit.columns.entity')}</Table.Th>
                      <Table.Th>{t('audit.columns.detail')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.rows.map((entry) => (
                      <AuditRow key={entry.id} entry={entry} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed" data-testid="row-total">
              {t('common.rowsTotal', { count: number(data.total) })}
            </Text>
            {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" />}
          </Group>
        </Stack>
      )}
    </>
  );
}
