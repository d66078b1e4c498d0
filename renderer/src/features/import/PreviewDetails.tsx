import { Alert, Badge, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ImportPreview } from '../../../../shared/ipc/channels/imports';
import { translateKey } from '../../app/i18n';
import { useFormat } from '../../ui/format';

/** How many parsed rows and rejected rows the card shows; the rest are only counted. */
const shownRows = 5;
const shownRejected = 3;

/** `2024-05-06 20:00 – 20:05` when both ends fall on the same day. */
export function timeRange(first: string, last: string): string {
  return first.slice(0, 10) === last.slice(0, 10) ? `${first} – ${last.slice(11)}` : `${first} – ${last}`;
}

export function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} className="tabular" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

/** What a preview found: format, counts, time range, the first rows and the first rejected rows. */
export function PreviewDetails({ preview }: { preview: ImportPreview }) {
  const { t, number, dateTime } = useFormat();
  return (
    <>
      {preview.previousImport && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} data-testid="preview-previous">
          {preview.previousImport.finishedAt
            ? t('importUi.previous', {
                time: dateTime(preview.previousImport.finishedAt),
                group: preview.previousImport.groupName ?? t('common.none'),
              })
            : t('importUi.previousNoTime')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Fact
          label={t('importUi.fields.format')}
          value={`${t(`import.formats.${preview.format}`)}${preview.formatDetected ? ` ${t('importUi.detected')}` : ''}`}
          testId="preview-format"
        />
        <Fact
          label={t('importUi.fields.encoding')}
          value={`${preview.encoding}${preview.bom ? ' (BOM)' : ''}`}
          testId="preview-encoding"
        />
        <Fact
          label={t('importUi.fields.timeZone')}
          value={preview.usesTimeZone ? `UTC${preview.timeZone}` : t('importUi.noTimeZone')}
        />
        <Fact label={t('importUi.fields.chatName')} value={preview.chatName ?? t('common.none')} />
        <Fact
          label={t('importUi.fields.senders')}
          value={number(preview.senderCount)}
          testId="preview-senders"
        />
        <Fact
          label={t('importUi.fields.messages')}
          value={
            preview.complete
              ? number(preview.messageCount)
              : t('importUi.estimated', { count: number(preview.estimatedMessages) })
          }
          testId="preview-messages"
        />
        <Fact
          label={t('importUi.fields.rejected')}
          value={number(preview.rejectedCount)}
          testId="preview-rejected"
        />
        <Fact
          label={t('importUi.fields.range')}
          value={
            preview.firstAt
              ? timeRange(dateTime(preview.firstAt), dateTime(preview.lastAt))
              : t('common.none')
          }
        />
      </SimpleGrid>
      {preview.rows.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table layout="fixed" fz="sm" verticalSpacing={4} data-testid="preview-rows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>{t('importUi.columns.time')}</Table.Th>
                <Table.Th w={140}>{t('importUi.columns.sender')}</Table.Th>
                <Table.Th>{t('importUi.columns.content')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.slice(0, shownRows).map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td className="tabular" style={{ whiteSpace: 'nowrap' }}>
                    {dateTime(row.sentAt)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate>
                      {row.systemEvent ? (
                        <Badge variant="light" color="gray" size="sm">
                          {t('importUi.system')}
                        </Badge>
                      ) : (
                        row.senderName
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate title={row.content}>
                      {row.content}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {preview.rejected.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('importUi.rejectedTitle', { count: Math.min(shownRejected, preview.rejected.length) })}
          </Text>
          {preview.rejected.slice(0, shownRejected).map((row) => (
            <Text size="xs" key={row.line} c="orange">
              {t('importUi.columns.line')} {row.line}: {translateKey(row.reason, row.params)}
            </Text>
          ))}
        </Stack>
      )}
    </>
  );
}
