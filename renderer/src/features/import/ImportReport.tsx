/** One import's report: counts, sender matches, provenance, the failure, and the rejected rows with reasons. */
import { Alert, Code, Modal, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ImportRecord } from '../../../../shared/ipc/channels/imports';
import { translateKey } from '../../app/i18n';
import { useFormat } from '../../ui/format';
import { Fact, timeRange } from './PreviewDetails';

/** The counts every import keeps, in the order the report shows them. */
const reportCounts = ['read', 'inserted', 'duplicates', 'skipped', 'rejected'] as const;

export function ImportReport(props: { record: ImportRecord | null; onClose(): void }) {
  const { t, number, dateTime } = useFormat();
  const { record } = props;
  return (
    <Modal
      opened={record !== null}
      onClose={props.onClose}
      size="xl"
      title={
        <Text fw={600} truncate>
          {t('importUi.report.title')}
        </Text>
      }
      data-testid="import-report"
    >
      {record && (
        <Stack gap="md">
          <Fact label={t('importUi.report.file')} value={record.filePath ?? record.fileName} />
          <SimpleGrid cols={5} spacing="sm" data-testid="report-counts">
            {reportCounts.map((count) => (
              <Fact
                key={count}
                label={t(`importUi.report.${count}`)}
                value={number(record[count])}
                testId={`report-${count}`}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Fact
              label={t('importUi.report.format')}
              value={`${translateKey(`import.formats.${record.format}`, {}, 'common.none')} · ${record.encoding}`}
            />
            <Fact
              label={t('importUi.report.timeZone')}
              value={record.timeZone ? `UTC${record.timeZone}` : t('common.none')}
            />
            <Fact label={t('importUi.report.group')} value={record.groupName ?? t('common.none')} />
            <Fact
              label={t('importUi.report.range')}
              value={
                record.firstAt
                  ? timeRange(dateTime(record.firstAt), dateTime(record.lastAt))
                  : t('common.none')
              }
            />
            {record.members && (
              <Fact
                label={t('importUi.report.members')}
                value={t('importUi.report.membersValue', {
                  created: number(record.members.created),
                  byId: number(record.members.matchedById),
                  byName: number(record.members.matchedByName),
                })}
              />
            )}
          </SimpleGrid>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('importUi.report.sha256')}
            </Text>
            <Code style={{ overflowWrap: 'anywhere' }}>{record.sha256 || t('common.none')}</Code>
          </Stack>
          {record.error && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('importUi.report.error')}>
              {translateKey(record.error.message, record.error.params)}
            </Alert>
          )}
          {record.rejected > 0 ? (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('importUi.report.rejectedTitle', {
                  count: number(record.rejected),
                  shown: number(record.rejectedRows.length),
                })}
              </Text>
              <ScrollArea.Autosize mah={260}>
                <Table layout="fixed" fz="sm" verticalSpacing={4} data-testid="report-rejected-rows">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={80}>{t('importUi.columns.line')}</Table.Th>
                      <Table.Th>{t('importUi.columns.reason')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {record.rejectedRows.map((row, index) => (
                      <Table.Tr key={index} data-testid="report-rejected-row">
                        <Table.Td className="tabular">{row.line}</Table.Td>
                        <Table.Td>{translateKey(row.reason, row.params)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t('importUi.report.noRejected')}
            </Text>
          )}
        </Stack>
      )}
    </Modal>
  );
}
