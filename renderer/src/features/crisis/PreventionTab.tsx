/**
 * 预防检查: each group audited against every playbook's prevention measures (禁用位置共享, 防刷屏机制, 每日备份…).
 * A measure is never checked, ok, a gap, due again after its interval, or not applicable; each check is kept.
 */
import {
  Badge,
  Button,
  Group,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  preventionStatuses,
  type PreventionItem,
  type PreventionStatus,
} from '../../../../shared/domain/crisis/views';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { EmptyState } from '../../ui/EmptyState';
import { notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';

type ItemState = PreventionItem['state'];
const stateOrder: ItemState[] = ['gap', 'due', 'never', 'ok', 'not_applicable'];
const stateColors: Record<ItemState, string> = {
  never: 'gray',
  ok: 'teal',
  gap: 'red',
  due: 'orange',
  not_applicable: 'gray',
};
const needsAttention = new Set<ItemState>(['never', 'gap', 'due']);

export function PreventionTab() {
  const { t } = useTranslation();
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [filter, setFilter] = useState<'attention' | 'all'>('all');
  const [checking, setChecking] = useState<{ opened: boolean; item: PreventionItem | null }>({
    opened: false,
    item: null,
  });
  const chosenGroupId = groupId ?? groups?.[0]?.id ?? null;
  const { data: items } = useChannel(
    'prevention.status',
    chosenGroupId === null ? {} : { groupId: chosenGroupId },
    ['crisis', 'groups'],
  );

  if (groups && groups.length === 0) {
    return (
      <Paper withBorder>
        <EmptyState
          icon={<IconShieldCheck size={32} />}
          title={t('crisisUi.prevention.noGroupsTitle')}
          text={t('crisisUi.prevention.noGroupsText')}
          actions={
            <Button variant="light" onClick={() => navigate('/groups')}>
              {t('crisisUi.prevention.goToGroups')}
            </Button>
          }
        />
      </Paper>
    );
  }

  const shown = (items ?? []).filter(
    (item) => item.groupId === chosenGroupId && (filter === 'all' || needsAttention.has(item.state)),
  );
  const counts = new Map<ItemState, number>();
  for (const item of items ?? []) {
    if (item.groupId === chosenGroupId) counts.set(item.state, (counts.get(item.state) ?? 0) + 1);
  }
  const byPlaybook = new Map<number, PreventionItem[]>();
  for (const item of shown)
    byPlaybook.set(item.playbookId, [...(byPlaybook.get(item.playbookId) ?? []), item]);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap">
          <Select
            w={240}
            data={(groups ?? []).map((group) => ({ value: String(group.id), label: group.name }))}
            value={chosenGroupId === null ? null : String(chosenGroupId)}
            onChange={(value) => value !== null && setGroupId(Number(value))}
            allowDeselect={false}
            aria-label={t('crisis.report.group')}
            data-testid="prevention-group"
          />
          <SegmentedControl
            value={filter}
            onChange={(value) => setFilter(value as 'attention' | 'all')}
            data={[
              { value: 'all', label: t('crisisUi.prevention.all') },
              { value: 'attention', label: t('crisisUi.prevention.attention') },
            ]}
          />
        </Group>
        <Group gap={6} wrap="wrap" data-testid="prevention-counts">
          {stateOrder.map((state) => (
            <Badge
              key={state}
              color={stateColors[state]}
              variant={state === 'not_applicable' ? 'outline' : 'light'}
            >
              {t(`crisisUi.prevention.states.${state}`)} {counts.get(state) ?? 0}
            </Badge>
          ))}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('crisisUi.prevention.intro')}
      </Text>
      {items && shown.length === 0 && (
        <Paper withBorder>
          <EmptyState
            icon={<IconShieldCheck size={32} />}
            title={t('crisisUi.prevention.allClearTitle')}
            text={t('crisisUi.prevention.allClearText')}
          />
        </Paper>
      )}
      {[...byPlaybook.values()].map((rows) => (
        <Paper key={rows[0]!.playbookId} withBorder radius="md" data-testid="prevention-playbook">
          <Text fw={600} size="sm" px="md" pt="sm">
            {rows[0]!.playbookName}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table layout="fixed" verticalSpacing="xs" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crisisUi.prevention.measure')}</Table.Th>
                  <Table.Th w={150}>{t('crisisUi.prevention.state')}</Table.Th>
                  <Table.Th w={170}>{t('crisisUi.prevention.lastChecked')}</Table.Th>
                  <Table.Th w={120}>{t('crisisUi.prevention.due')}</Table.Th>
                  <Table.Th w={110} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((item) => (
                  <PreventionRow
                    key={item.measureId}
                    item={item}
                    onCheck={() => setChecking({ opened: true, item })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ))}
      <CheckModal
        opened={checking.opened}
        item={checking.item}
        onClose={() => setChecking((previous) => ({ ...previous, opened: false }))}
      />
    </Stack>
  );
}

function PreventionRow({ item, onCheck }: { item: PreventionItem; onCheck(): void }) {
  const { t } = useTranslation();
  const { date, relative } = useFormat();
  return (
    <Table.Tr data-testid="prevention-row" data-measure={item.measureId} data-state={item.state}>
      <Table.Td>
        <Text size="sm" fw={600} truncate>
          {item.title}
        </Text>
        <Text size="xs" c="dimmed" truncate title={item.lastNote || undefined}>
          {item.lastNote || t('crisisUi.detail.checkEvery', { days: item.checkEveryDays })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge
          color={stateColors[item.state]}
          variant={item.state === 'not_applicable' ? 'outline' : 'light'}
        >
          {t(`crisisUi.prevention.states.${item.state}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {item.lastCheckedAt ? (
          <>
            <Text size="sm">{relative(item.lastCheckedAt)}</Text>
            <Text size="xs" c="dimmed" truncate>
              {date(item.lastCheckedAt)} · {item.checkedBy}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('common.never')}
          </Text>
        )}
      </Table.Td>
      <Table.Td className="tabular">
        <Text size="sm" c={item.state === 'due' ? 'orange' : undefined}>
          {item.dueAt ? date(item.dueAt) : '—'}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Button size="compact-sm" variant="light" onClick={onCheck} data-testid="prevention-check">
          {t('crisisUi.prevention.check')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function CheckModal(props: { opened: boolean; item: PreventionItem | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={props.opened}
      onClose={props.onClose}
      title={t('crisisUi.prevention.checkTitle')}
      testId="prevention-check-form"
    >
      {props.item && (
        <CheckForm
          key={`${props.item.groupId}-${props.item.measureId}`}
          item={props.item}
          onClose={props.onClose}
        />
      )}
    </FormModal>
  );
}

function CheckForm({ item, onClose }: { item: PreventionItem; onClose(): void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<PreventionStatus>(item.lastStatus ?? 'ok');
  const [note, setNote] = useState('');
  const { busy: saving, run } = useBusy();
  const submit = () =>
    run(async () => {
      await call('prevention.check', {
        groupId: item.groupId,
        playbookId: item.playbookId,
        measureId: item.measureId,
        status,
        note: note.trim(),
      });
      notifySuccess(t('crisisUi.prevention.checked', { title: item.title }));
      onClose();
    });
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Text fw={600}>{item.title}</Text>
        <Text size="sm" c="dimmed">
          {item.groupName} · {item.playbookName}
        </Text>
      </Stack>
      <Radio.Group value={status} onChange={(value) => setStatus(value as PreventionStatus)}>
        <Stack gap="xs">
          {preventionStatuses.map((candidate) => (
            <Radio
              key={candidate}
              value={candidate}
              label={t(`crisisUi.prevention.statuses.${candidate}`)}
              data-testid={`check-status-${candidate}`}
            />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea
        label={t('crisisUi.prevention.note')}
        placeholder={t('crisisUi.prevention.notePlaceholder')}
        autosize
        minRows={2}
        maxRows={5}
        maxLength={1000}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        data-testid="check-note"
      />
      <ModalActions onCancel={onClose}>
        <Button loading={saving} onClick={() => void submit()} data-testid="check-submit">
          {t('common.save')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
