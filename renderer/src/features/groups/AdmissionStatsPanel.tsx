/** 渠道通过率: per join channel, how many applied, were admitted or rejected, and how the questionnaire went. */
import { Badge, Table, Text } from '@mantine/core';
import type { ChannelAdmissionStats } from '../../../../shared/domain/admission';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { JoinChannelBadge } from '../members/JoinChannelBadge';
import { SectionCard } from './parts';

type Counts = Omit<ChannelAdmissionStats, 'joinChannel'>;

export function AdmissionStatsPanel({ group }: { group: GroupDetail }) {
  const { t, number } = useFormat();
  const { data: stats } = useChannel('admission.stats', { groupId: group.id }, ['groups']);
  if (!stats) return null;
  const rows = stats.channels.filter((row) => row.applications > 0);

  const cells = (row: Counts) => (
    <>
      <Table.Td ta="right" className="tabular">
        {number(row.applications)}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(row.admitted)}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(row.rejected)}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(row.pending)}
      </Table.Td>
      <Table.Td ta="right">
        {row.passRate === null ? (
          <Text size="sm" c="dimmed">
            {t('common.none')}
          </Text>
        ) : (
          <Badge
            variant="light"
            radius="sm"
            color={row.passRate >= 50 ? 'green' : 'orange'}
            className="tabular"
          >
            {row.passRate}%
          </Badge>
        )}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {number(row.questionnairePassed)} / {number(row.questionnaireFailed)}
      </Table.Td>
      <Table.Td ta="right" className="tabular">
        {row.blacklisted > 0 ? (
          <Text size="sm" c="red" fw={600}>
            {number(row.blacklisted)}
          </Text>
        ) : (
          '0'
        )}
      </Table.Td>
    </>
  );

  return (
    <SectionCard title={t('groupsUi.stats.title')} testId="admission-stats">
      <Text size="sm" c="dimmed" mb="sm">
        {t('groupsUi.stats.hint')}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="admission-stats-empty">
          {t('groupsUi.stats.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>{t('groupsUi.stats.channel')}</Table.Th>
                <Table.Th ta="right">{t('groupsUi.stats.applications')}</Table.Th>
                <Table.Th ta="right">{t('groupsUi.stats.admitted')}</Table.Th>
                <Table.Th ta="right">{t('groupsUi.stats.rejected')}</Table.Th>
                <Table.Th ta="right">{t('groupsUi.stats.pending')}</Table.Th>
                <Table.Th ta="right">{t('groupsUi.stats.passRate')}</Table.Th>
                <Table.Th ta="right">{t('groupsUi.stats.questionnaire')}</Table.Th>
                <Table.Th ta="right">{t('groupsUi.stats.blacklisted')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.joinChannel} data-testid={`stats-${row.joinChannel}`}>
                  <Table.Td>
                    <JoinChannelBadge channel={row.joinChannel} />
                  </Table.Td>
                  {cells(row)}
                </Table.Tr>
              ))}
              <Table.Tr fw={600} data-testid="stats-total">
                <Table.Td>{t('groupsUi.stats.total')}</Table.Td>
                {cells(stats.total)}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </SectionCard>
  );
}
