/** 积分: add an entry (reason, amount, source), and the ledger with the balance after each entry. Never edited. */
import { Badge, Button, Grid, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconCoins, IconListDetails } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { manualPointSources, type PointSource } from '../../../../../shared/domain/members';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { notifySuccess } from '../../../ui/errors';
import { formatDateTime } from '../../../ui/format';
import { useChannel } from '../../../ui/useChannel';
import { Permitted } from '../../lock/Permitted';
import { EmptyLine, Pager, SectionCard } from '../parts';
import { useBusy } from '../../../ui/formKit';

const pageSize = 15;

export const pointSourceColors: Record<PointSource, string> = {
  check_in: 'teal',
  speaking: 'blue',
  activity: 'grape',
  redemption: 'orange',
  manual: 'gray',
  transfer: 'indigo',
};

export function PointsTab({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const { data } = useChannel(
    'points.list',
    { memberId: member.id, offset: (page - 1) * pageSize, limit: pageSize },
    ['members'],
  );
  const number = new Intl.NumberFormat(i18n.language);
  const groupName = (id: number | null) =>
    id === null
      ? null
      : (member.memberships.find((membership) => membership.groupId === id)?.groupName ?? `#${id}`);
  return (
    <Grid gap="md">
      {!readOnly && (
        <Grid.Col span={4}>
          <AddPointsCard member={member} />
        </Grid.Col>
      )}
      <Grid.Col span={readOnly ? 12 : 8}>
        <SectionCard
          title={t('membersUi.points.ledger')}
          icon={<IconListDetails size={18} />}
          testId="points-ledger"
          actions={
            <Text size="sm" c="dimmed">
              {t('membersUi.points.balance')}{' '}
              <Text
                span
                fw={700}
                c="var(--mantine-color-text)"
                className="tabular"
                data-testid="points-balance"
              >
                {number.format(data?.balance ?? member.pointsBalance)}
              </Text>
            </Text>
          }
        >
          {data && data.total === 0 ? (
            <EmptyLine>{t('membersUi.points.empty')}</EmptyLine>
          ) : (
            <Table verticalSpacing={6} fz="sm" layout="fixed" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={136}>{t('membersUi.points.when')}</Table.Th>
                  <Table.Th w={88}>{t('membersUi.points.source')}</Table.Th>
                  <Table.Th>{t('membersUi.points.reason')}</Table.Th>
                  <Table.Th w={72} ta="right">
                    {t('membersUi.points.change')}
                  </Table.Th>
                  <Table.Th w={72} ta="right">
                    {t('membersUi.points.after')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(data?.rows ?? []).map((entry) => (
                  <Table.Tr key={entry.id} data-testid="points-entry">
                    <Table.Td className="tabular">
                      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(entry.occurredAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={pointSourceColors[entry.source]} radius="sm">
                        {t(`members.pointSources.${entry.source}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate title={entry.reason}>
                        {entry.reason}
                      </Text>
                      {groupName(entry.groupId) && (
                        <Text size="xs" c="dimmed" truncate>
                          {groupName(entry.groupId)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      <Text size="sm" fw={600} c={entry.amount > 0 ? 'teal' : 'red'}>
                        {entry.amount > 0 ? '+' : ''}
                        {number.format(entry.amount)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {number.format(entry.balanceAfter)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Pager total={data?.total} pageSize={pageSize} page={page} onPage={setPage} />
        </SectionCard>
      </Grid.Col>
    </Grid>
  );
}

function AddPointsCard({ member }: { member: MemberDetail }) {
  const { t, i18n } = useTranslation();
  const [amount, setAmount] = useState<number | string>('');
  const [source, setSource] = useState<string>('manual');
  const [reason, setReason] = useState('');
  const [groupId, setGroupId] = useState<string | null>(null);
  const { busy, run } = useBusy();
  const value = typeof amount === 'number' ? amount : Number.NaN;
  const after = member.pointsBalance + (Number.isFinite(value) ? value : 0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const result = await call('points.add', {
        memberId: member.id,
        amount: value,
        source: source as (typeof manualPointSources)[number],
        reason,
        ...(groupId ? { groupId: Number(groupId) } : {}),
      });
      notifySuccess(t('membersUi.points.added', { balance: result.balance }));
    });
    if (done) {
      setAmount('');
      setReason('');
    }
  };
  return (
    <SectionCard title={t('membersUi.points.add')} icon={<IconCoins size={18} />} testId="points-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <NumberInput
            label={t('membersUi.points.amount')}
            description={t('membersUi.points.amountHint')}
            allowDecimal={false}
            value={amount}
            onChange={setAmount}
            data-testid="points-amount"
          />
          <Select
            label={t('membersUi.points.source')}
            data={manualPointSources.map((key) => ({ value: key, label: t(`members.pointSources.${key}`) }))}
            value={source}
            onChange={(next) => next && setSource(next)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="points-source"
          />
          <TextInput
            label={t('membersUi.points.reason')}
            placeholder={t('membersUi.points.reasonPlaceholder')}
            maxLength={200}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            data-testid="points-reason"
          />
          {member.memberships.length > 0 && (
            <Select
              label={t('membersUi.points.group')}
              placeholder={t('membersUi.points.anyGroup')}
              clearable
              data={member.memberships.map((membership) => ({
                value: String(membership.groupId),
                label: membership.groupName,
              }))}
              value={groupId}
              onChange={setGroupId}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <Text size="xs" c={after < 0 ? 'red' : 'dimmed'} className="tabular">
            {t('membersUi.points.preview', { balance: new Intl.NumberFormat(i18n.language).format(after) })}
          </Text>
          <Permitted>
            <Button
              type="submit"
              loading={busy}
              disabled={!Number.isFinite(value) || value === 0 || reason.trim() === ''}
              data-testid="points-submit"
            >
              {t('membersUi.points.submit')}
            </Button>
          </Permitted>
        </Stack>
      </form>
    </SectionCard>
  );
}
