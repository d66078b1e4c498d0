/** 复核队列: hits to review, filtered and paged, one card each, with bulk confirm / dismiss. */
import {
  Button,
  Checkbox,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { IconChecklist, IconCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import {
  sensitiveCategories,
  severities,
  type SensitiveCategory,
  type Severity,
} from '../../../../shared/domain/sensitive/types';
import type { RiskDecideResult, RiskDecision, RiskHitStatus } from '../../../../shared/ipc/channels/risk';
import { call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { QueueCard } from './QueueCard';

const pageSize = 20;
type StatusFilter = RiskHitStatus | 'all';
const statusFilters: readonly StatusFilter[] = ['open', 'confirmed', 'dismissed', 'all'];

function decisionMessage(
  t: ReturnType<typeof useFormat>['t'],
  decision: RiskDecision,
  result: RiskDecideResult,
): string {
  const parts = [
    t(`riskUi.queue.${decision === 'confirm' ? 'confirmed' : 'dismissed'}`, { count: result.decided }),
  ];
  if (result.violationIds.length > 0)
    parts.push(t('riskUi.queue.violationsAdded', { count: result.violationIds.length }));
  if (result.withoutMember > 0) parts.push(t('riskUi.queue.withoutMember', { count: result.withoutMember }));
  if (result.allowPhrases.length > 0) {
    parts.push(t('riskUi.queue.allowAdded', { phrases: result.allowPhrases.join('、') }));
  }
  return parts.join('；');
}

export function QueuePanel() {
  const { t, number } = useFormat();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [category, setCategory] = useState<SensitiveCategory | null>(null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  const { data, loading } = useChannel(
    'risk.queue',
    {
      status,
      ...(category ? { category } : {}),
      ...(severity ? { severity } : {}),
      ...(groupId !== null ? { groupId } : {}),
      offset: (page - 1) * pageSize,
      limit: pageSize,
    },
    ['risk', 'members', 'groups'],
  );
  const rows = data?.rows ?? [];
  const openIds = rows.filter((row) => row.status === 'open').map((row) => row.id);
  const chosen = openIds.filter((id) => selected.has(id));
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / pageSize));
  const filtered = category !== null || severity !== null || groupId !== null;

  const resetPage = () => {
    setPage(1);
    setSelected(new Set());
  };

  const decide = async (hitIds: number[], decision: RiskDecision, addAllowPhrase?: string) => {
    setBusy(true);
    try {
      const result = await call('risk.decide', {
        hitIds,
        decision,
        ...(addAllowPhrase ? { addAllowPhrase } : {}),
      });
      notifySuccess(decisionMessage(t, decision, result));
      setSelected(new Set());
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={status}
          onChange={(value) => {
            setStatus(value as StatusFilter);
            resetPage();
          }}
          data={statusFilters.map((value) => ({ value, label: t(`riskUi.status.${value}`) }))}
          data-testid="risk-status-filter"
        />
        <Select
          w={190}
          placeholder={t('riskUi.queue.allCategories')}
          clearable
          data={sensitiveCategories.map((value) => ({ value, label: t(`sensitive.category.${value}`) }))}
          value={category}
          onChange={(value) => {
            setCategory(value as SensitiveCategory | null);
            resetPage();
          }}
          aria-label={t('riskUi.columns.category')}
          data-testid="risk-category-filter"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          w={150}
          placeholder={t('riskUi.queue.allSeverities')}
          clearable
          data={severities.map((value) => ({ value, label: t(`sensitive.severity.${value}`) }))}
          value={severity}
          onChange={(value) => {
            setSeverity(value as Severity | null);
            resetPage();
          }}
          aria-label={t('riskUi.columns.severity')}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          w={180}
          placeholder={t('common.allGroups')}
          clearable
          data={(groups ?? []).map((group) => ({ value: String(group.id), label: group.name }))}
          value={groupId === null ? null : String(groupId)}
          onChange={(value) => {
            setGroupId(value === null ? null : Number(value));
            resetPage();
          }}
          aria-label={t('common.allGroups')}
          comboboxProps={{ withinPortal: true }}
        />
        <Text size="sm" c="dimmed" ml="auto" className="tabular" data-testid="risk-queue-total">
          {data ? t('common.rowsTotal', { count: number(data.total) }) : t('common.loadingRows')}
        </Text>
      </Group>

      {openIds.length > 0 && (
        <Paper withBorder px="sm" py={6}>
          <Group gap="sm">
            <Checkbox
              label={t('riskUi.queue.selectPage')}
              checked={chosen.length === openIds.length}
              indeterminate={chosen.length > 0 && chosen.length < openIds.length}
              onChange={(event) => setSelected(new Set(event.currentTarget.checked ? openIds : []))}
              data-testid="risk-select-page"
            />
            <Text size="sm" c="dimmed">
              {t('riskUi.queue.selected', { count: chosen.length })}
            </Text>
            <Group gap={6} ml="auto">
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconCheck size={14} />}
                disabled={chosen.length === 0 || busy}
                onClick={() => void decide(chosen, 'confirm')}
                data-testid="risk-bulk-confirm"
              >
                {t('riskUi.queue.bulkConfirm', { count: chosen.length })}
              </Button>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconX size={14} />}
                disabled={chosen.length === 0 || busy}
                onClick={() => void decide(chosen, 'dismiss')}
                data-testid="risk-bulk-dismiss"
              >
                {t('riskUi.queue.bulkDismiss', { count: chosen.length })}
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      {!data && loading && (
        <Stack gap="sm">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} height={120} radius="md" />
          ))}
        </Stack>
      )}
      {data && data.total === 0 && (
        <Paper withBorder>
          <EmptyState
            icon={<IconChecklist size={32} />}
            title={
              status === 'open' && !filtered ? t('riskUi.queue.emptyTitle') : t('riskUi.queue.noMatchTitle')
            }
            text={
              status === 'open' && !filtered ? t('riskUi.queue.emptyText') : t('riskUi.queue.noMatchText')
            }
          />
        </Paper>
      )}
      <Stack gap="sm" data-testid="risk-queue">
        {rows.map((item) => (
          <QueueCard
            key={item.id}
            item={item}
            busy={busy}
            selected={selected.has(item.id)}
            onSelect={(checked) =>
              setSelected((previous) => {
                const next = new Set(previous);
                if (checked) next.add(item.id);
                else next.delete(item.id);
                return next;
              })
            }
            onDecide={decide}
          />
        ))}
      </Stack>
      {pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={Math.min(page, pages)} onChange={setPage} size="sm" />
        </Group>
      )}
    </Stack>
  );
}
