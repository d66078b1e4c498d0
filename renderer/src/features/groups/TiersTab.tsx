/**
 * 成员分层: each tier's actual share of the group against its target range (core 10–20 %, active 20–35 %, potential
 * 30–50 %, silent 10–20 % by default), with the tiers out of range flagged.
 */
import { Alert, Badge, Box, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconChartBar, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import type { RangeStatus, Tier, TierShare } from '../../../../shared/domain/tiers';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { useBusy } from '../../ui/formKit';
import { CardAction, SectionCard } from './parts';

export const tierColors: Record<Tier, string> = {
  core: 'grape',
  active: 'teal',
  potential: 'blue',
  silent: 'gray',
};

const statusColors: Record<RangeStatus, string> = { below: 'orange', within: 'green', above: 'red' };

/** A 0–100 % track: the target range shaded, the actual share as a bar. */
function ShareBar({ share }: { share: TierShare }) {
  const color = tierColors[share.tier];
  return (
    <Box
      pos="relative"
      h={14}
      style={{ borderRadius: 7, background: 'var(--mantine-color-default-hover)', overflow: 'hidden' }}
    >
      <Box
        pos="absolute"
        top={0}
        bottom={0}
        left={`${share.target.min}%`}
        w={`${share.target.max - share.target.min}%`}
        style={{
          background: `var(--mantine-color-${color}-light)`,
          borderLeft: `2px dashed var(--mantine-color-${color}-filled)`,
          borderRight: `2px dashed var(--mantine-color-${color}-filled)`,
        }}
      />
      <Box
        pos="absolute"
        top={4}
        bottom={4}
        left={0}
        w={`${Math.min(100, share.percent)}%`}
        style={{ background: `var(--mantine-color-${color}-filled)`, borderRadius: 3 }}
      />
    </Box>
  );
}

export function TiersTab({ group }: { group: GroupDetail }) {
  const { t, number } = useFormat();
  const { data } = useChannel('tiers.distribution', { groupId: group.id }, ['members', 'groups']);
  const { busy, run } = useBusy();
  const distribution = data?.[0];

  const recompute = () =>
    run(async () => {
      await call('tiers.recompute', { groupIds: [group.id] });
      notifySuccess(t('groupsUi.tiers.recomputeStarted'));
    });
  const recomputeButton = (
    <CardAction
      icon={IconRefresh}
      label={t('groupsUi.tiers.recompute')}
      variant="light"
      loading={busy}
      onClick={() => void recompute()}
      testId="tiers-recompute"
    />
  );

  if (!data) return null;
  if (!distribution || distribution.total === 0) {
    return (
      <Paper withBorder>
        <EmptyState
          icon={<IconChartBar size={32} />}
          title={t('groupsUi.tiers.emptyTitle')}
          text={t('groupsUi.tiers.emptyText', { unranked: number(distribution?.unranked ?? 0) })}
          actions={recomputeButton}
        />
      </Paper>
    );
  }
  const outOfRange = distribution.shares.filter((share) => share.status !== 'within');

  return (
    <Stack gap="md">
      {outOfRange.length > 0 ? (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} data-testid="tiers-out-of-range">
          {t('groupsUi.tiers.outOfRange', {
            tiers: outOfRange
              .map((share) => `${t(`tiers.names.${share.tier}`)}（${t(`tiers.status.${share.status}`)}）`)
              .join('、'),
          })}
        </Alert>
      ) : (
        <Alert color="green" icon={<IconCircleCheck size={18} />} data-testid="tiers-in-range">
          {t('groupsUi.tiers.allWithin')}
        </Alert>
      )}
      <SectionCard title={t('groupsUi.tiers.title')} testId="tiers-distribution" actions={recomputeButton}>
        <Table verticalSpacing="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={120}>{t('groupsUi.tiers.tier')}</Table.Th>
              <Table.Th w={90} ta="right">
                {t('groupsUi.tiers.members')}
              </Table.Th>
              <Table.Th w={80} ta="right">
                {t('groupsUi.tiers.actual')}
              </Table.Th>
              <Table.Th w={100} ta="right">
                {t('groupsUi.tiers.target')}
              </Table.Th>
              <Table.Th>{t('groupsUi.tiers.chart')}</Table.Th>
              <Table.Th w={130}>{t('groupsUi.tiers.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {distribution.shares.map((share) => (
              <Table.Tr key={share.tier} data-testid={`tier-row-${share.tier}`} data-status={share.status}>
                <Table.Td>
                  <Badge variant="dot" color={tierColors[share.tier]} radius="sm">
                    {t(`tiers.names.${share.tier}`)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {number(share.count)}
                </Table.Td>
                <Table.Td ta="right" className="tabular" fw={600}>
                  {share.percent}%
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  <Text size="sm" c="dimmed">
                    {share.target.min}–{share.target.max}%
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ShareBar share={share} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColors[share.status]} radius="sm">
                    {t(`tiers.status.${share.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between" mt="sm" gap="xs">
          <Text size="xs" c="dimmed">
            {t('groupsUi.tiers.legend')}
          </Text>
          <Text size="xs" c="dimmed" className="tabular">
            {t('groupsUi.tiers.totals', {
              total: number(distribution.total),
              unranked: number(distribution.unranked),
            })}
          </Text>
        </Group>
      </SectionCard>
    </Stack>
  );
}
