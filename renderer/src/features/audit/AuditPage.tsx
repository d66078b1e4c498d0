import { Badge, Group, Pagination, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditEntry } from '../../../../shared/domain/types';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
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

export function AuditPage() {
  const { t, number } = useFormat();
  const [page, setPage] = useState(1);
  const { data } = useChannel('audit.list', { offset: (page - 1) * perPage, limit: perPage }, ['audit']);
  const pages = data ? Math.max(1, Math.ceil(data.total / perPage)) : 1;

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      {data && data.total === 0 && (
        <Paper withBorder>
          <EmptyState
            icon={<IconHistory size={32} />}
            title={t('audit.emptyTitle')}
            text={t('audit.emptyText')}
          />
        </Paper>
      )}
      {data && data.total > 0 && (
        <Stack gap="sm">
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
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('common.rowsTotal', { count: number(data.total) })}
            </Text>
            {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" />}
          </Group>
        </Stack>
      )}
    </>
  );
}
