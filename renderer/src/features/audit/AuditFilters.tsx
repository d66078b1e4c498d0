/** The audit viewer's filters: operator, action and object (from what the log holds), and a range of local days. */
import { Button, Group, Paper, Select } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { auditLabel } from './auditText';
import { DateField } from '../../ui/DateField';

export interface AuditFilterValues {
  operator: string | null;
  action: string | null;
  entity: string | null;
  /** Local days, 'YYYY-MM-DD' ('' = open). */
  from: string;
  to: string;
}

export const noFilters: AuditFilterValues = { operator: null, action: null, entity: null, from: '', to: '' };

/** The channel's filter fields: a day range becomes instants from local midnight to the end of the last day. */
export function filterQuery(values: AuditFilterValues): ChannelInput<'audit.export'> {
  // A half-typed date in the browser's field is no filter yet.
  const day = (date: string, time: string) => {
    const at = new Date(`${date}T${time}`);
    return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(at.getTime()) ? at.toISOString() : undefined;
  };
  const from = day(values.from, '00:00:00');
  const to = day(values.to, '23:59:59.999');
  return {
    ...(values.operator ? { operator: values.operator } : {}),
    ...(values.action ? { action: values.action } : {}),
    ...(values.entity ? { entity: values.entity } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export function AuditFilters(props: { value: AuditFilterValues; onChange(next: AuditFilterValues): void }) {
  const { t } = useFormat();
  const { data: facets } = useChannel('audit.facets', {}, ['audit']);
  const { value, onChange } = props;
  const options = (kind: 'operators' | 'actions' | 'entities') =>
    (facets?.[kind] ?? [])
      .map((raw) => ({ value: raw, label: auditLabel(t, kind, raw) }))
      .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  const set = (patch: Partial<AuditFilterValues>) => onChange({ ...value, ...patch });
  const any = Object.values(value).some((field) => field !== null && field !== '');

  return (
    <Paper withBorder p="sm" data-testid="audit-filters">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('auditUi.filters.operator')}
          data={options('operators')}
          value={value.operator}
          onChange={(operator) => set({ operator })}
          clearable
          searchable
          w={150}
          data-testid="audit-filter-operator"
        />
        <Select
          label={t('auditUi.filters.action')}
          data={options('actions')}
          value={value.action}
          onChange={(action) => set({ action })}
          clearable
          searchable
          w={150}
          data-testid="audit-filter-action"
        />
        <Select
          label={t('auditUi.filters.entity')}
          data={options('entities')}
          value={value.entity}
          onChange={(entity) => set({ entity })}
          clearable
          searchable
          w={150}
          data-testid="audit-filter-entity"
        />
        <DateField
          label={t('auditUi.filters.from')}
          value={value.from}
          near={value.to}
          onChange={(from) => set({ from })}
          w={150}
          data-testid="audit-filter-from"
        />
        <DateField
          label={t('auditUi.filters.to')}
          value={value.to}
          near={value.from}
          onChange={(to) => set({ to })}
          w={150}
          data-testid="audit-filter-to"
        />
        {any && (
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconFilterOff size={16} />}
            onClick={() => onChange(noFilters)}
            data-testid="audit-filter-clear"
          >
            {t('auditUi.filters.clear')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
