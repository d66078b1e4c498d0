import { Badge, Button, Group, Pagination, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconFileReport } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportRecord } from '../../../../shared/ipc/channels/imports';
import { translateKey } from '../../app/i18n';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { ImportReport } from './ImportReport';

/** Imports per history page. */
export const historyPageSize = 10;

const statusColors: Record<ImportRecord['status'], string> = {
  running: 'blue',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
};

/** The imports, newest first, a page at a time; refetched whenever an import changes. Each row opens its report. */
export function ImportHistory() {
  const { t, number, dateTime } = useFormat();
  const [page, setPage] = useState(1);
  const [reportOf, setReportOf] = useState<ImportRecord | null>(null);
  const { data } = useChannel(
    'imports.list',
    { offset: (page - 1) * historyPageSize, limit: historyPageSize },
    ['imports'],
  );
  const pages = data ? Math.max(1, Math.ceil(data.total / historyPageSize)) : 1;
  // Imports removed elsewhere (a restored backup) can leave the page past the end.
  if (page > pages) setPage(pages);

  return (
    <>
      <Title order={3} fz={18} mt="xl" mb="sm">
        {t('importUi.history.title')}
      </Title>
      <Paper withBorder>
        {data && data.rows.length === 0 ? (
          <Text c="dimmed" size="sm" p="md">
            {t('importUi.history.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table layout="fixed" verticalSpacing="xs" highlightOnHover data-testid="import-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('importUi.history.file')}</Table.Th>
                  <Table.Th w={160}>{t('importUi.history.format')}</Table.Th>
                  <Table.Th w={130}>{t('importUi.history.group')}</Table.Th>
                  <Table.Th w={84}>{t('importUi.history.status')}</Table.Th>
                  <Table.Th w={70} ta="right">
                    {t('importUi.history.inserted')}
                  </Table.Th>
                  <Table.Th w={70} ta="right">
                    {t('importUi.history.duplicates')}
                  </Table.Th>
                  <Table.Th w={80} ta="right">
                    {t('importUi.history.rejected')}
                  </Table.Th>
                  <Table.Th w={150}>{t('importUi.history.time')}</Table.Th>
                  <Table.Th w={84} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data?.rows.map((record) => (
                  <Table.Tr key={record.id} data-testid="import-row" data-status={record.status}>
                    <Table.Td>
                      <Text size="sm" truncate title={record.filePath ?? record.fileName}>
                        {record.fileName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate>
                        {translateKey(`import.formats.${record.format}`, {}, 'common.none')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate>
                        {record.groupName ?? t('common.none')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip
                        label={record.error ? translateKey(record.error.message, record.error.params) : ''}
                        disabled={!record.error}
                        multiline
                        w={320}
                      >
                        <Badge
                          variant="light"
                          color={statusColors[record.status]}
                          data-testid="import-status"
                        >
                          {t(`importUi.status.${record.status}`)}
                        </Badge>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td ta="right" className="tabular" data-testid="import-inserted">
                      {number(record.inserted)}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular" data-testid="import-duplicates">
                      {number(record.duplicates)}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {number(record.rejected)}
                    </Table.Td>
                    <Table.Td className="tabular" style={{ whiteSpace: 'nowrap' }}>
                      {dateTime(record.finishedAt ?? record.startedAt)}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        leftSection={<IconFileReport size={14} />}
                        onClick={() => setReportOf(record)}
                        data-testid="import-report-open"
                      >
                        {t('importUi.report.open')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {data && data.total > historyPageSize && (
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed" className="tabular" data-testid="history-page-info">
            {t('importUi.history.pageInfo', {
              from: number((page - 1) * historyPageSize + 1),
              to: number((page - 1) * historyPageSize + data.rows.length),
              total: number(data.total),
            })}
          </Text>
          <Pagination size="sm" total={pages} value={page} onChange={setPage} data-testid="history-pager" />
        </Group>
      )}
      <ImportReport
        record={(reportOf && data?.rows.find((record) => record.id === reportOf.id)) ?? reportOf}
        onClose={() => setReportOf(null)}
      />
    </>
  );
}
