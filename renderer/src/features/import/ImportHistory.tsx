import { Badge, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import type { ImportRecord } from '../../../../shared/ipc/channels/imports';
import { translateKey } from '../../app/i18n';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';

const historyLimit = 100;

const statusColors: Record<ImportRecord['status'], string> = {
  running: 'blue',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
};

/** The last imports, newest first; refetched whenever an import changes. */
export function ImportHistory() {
  const { t, number, dateTime } = useFormat();
  const { data } = useChannel('imports.list', { offset: 0, limit: historyLimit }, ['imports']);

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
                  <Table.Th w={190}>{t('importUi.history.format')}</Table.Th>
                  <Table.Th w={150}>{t('importUi.history.group')}</Table.Th>
                  <Table.Th w={90}>{t('importUi.history.status')}</Table.Th>
                  <Table.Th w={70} ta="right">
                    {t('importUi.history.inserted')}
                  </Table.Th>
                  <Table.Th w={70} ta="right">
                    {t('importUi.history.duplicates')}
                  </Table.Th>
                  <Table.Th w={80} ta="right">
                    {t('importUi.history.rejected')}
                  </Table.Th>
                  <Table.Th w={140}>{t('importUi.history.time')}</Table.Th>
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
                    <Table.Td className="tabular">{dateTime(record.finishedAt ?? record.startedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {data && data.total > data.rows.length && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('common.rowsTotal', { count: number(data.total) })}
        </Text>
      )}
    </>
  );
}
