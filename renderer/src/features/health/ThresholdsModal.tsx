/** Edits the green / amber / red lines of each banded metric, for every group or for one group. */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconArrowBackUp, IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { Bands, BandedMetricId } from '../../../../shared/domain/health/metrics';
import type { ThresholdView } from '../../../../shared/domain/health/types';
import { call } from '../../api/client';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { useHealthFormat } from './healthFormat';

/** Percent as typed ↔ fraction as stored, without float noise (12.3 → 0.123). */
const toPercent = (fraction: number) => Math.round(fraction * 10_000) / 100;
const toFraction = (percent: number) => Math.round(percent * 100) / 10_000;

function PercentInput(props: {
  value: number | string;
  onChange(value: number | string): void;
  label: string;
}) {
  return (
    <NumberInput
      size="xs"
      w={86}
      min={0}
      max={100}
      step={0.5}
      decimalScale={2}
      value={props.value}
      onChange={props.onChange}
      aria-label={props.label}
    />
  );
}

function ThresholdRow(props: { view: ThresholdView; groupId: number | null; onSaved(): void }) {
  const format = useHealthFormat();
  const { t } = format;
  const { view } = props;
  const [amber, setAmber] = useState<number | string>(toPercent(view.bands.amber));
  const [red, setRed] = useState<number | string>(toPercent(view.bands.red));
  const [busy, setBusy] = useState(false);
  const inherited = props.groupId === null ? view.source !== 'workspace' : view.source !== 'group';

  const save = async (bands: Bands | null) => {
    setBusy(true);
    try {
      await call('health.updateThresholds', {
        groupId: props.groupId,
        metric: view.metric as BandedMetricId,
        bands,
      });
      notifySuccess(t('health.thresholds.saved'));
      props.onSaved();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  const changed = Number(amber) !== toPercent(view.bands.amber) || Number(red) !== toPercent(view.bands.red);

  return (
    <Table.Tr data-testid={`threshold-${view.metric}`}>
      <Table.Td>
        <Tooltip label={format.metricDefinition(view.metric)} multiline w={280}>
          <Text size="sm" style={{ cursor: 'help' }}>
            {format.metricName(view.metric)}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <PercentInput value={amber} onChange={setAmber} label={t('health.thresholds.amber')} />
      </Table.Td>
      <Table.Td>
        <PercentInput value={red} onChange={setRed} label={t('health.thresholds.red')} />
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={view.source === 'default' ? 'gray' : 'blue'} radius="sm">
          {t(`health.thresholds.source.${view.source}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t('common.save')}>
            <ActionIcon
              variant="light"
              disabled={!changed}
              loading={busy}
              onClick={() => void save({ amber: toFraction(Number(amber)), red: toFraction(Number(red)) })}
              aria-label={t('common.save')}
            >
              <IconCheck size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('health.thresholds.reset')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={inherited || busy}
              onClick={() => void save(null)}
              aria-label={t('health.thresholds.reset')}
            >
              <IconArrowBackUp size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function ThresholdsModal(props: {
  opened: boolean;
  onClose(): void;
  groups: { id: number; name: string }[];
  initialGroupId: number | null;
}) {
  const { t } = useHealthFormat();
  const [groupId, setGroupId] = useState<number | null>(props.initialGroupId);
  const { data, reload } = useChannel('health.thresholds', groupId === null ? {} : { groupId }, ['audit']);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('health.thresholds.title')} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('health.thresholds.hint')}
        </Text>
        <Select
          label={t('health.thresholds.scope')}
          w={260}
          value={groupId === null ? 'all' : String(groupId)}
          onChange={(value) => setGroupId(value === null || value === 'all' ? null : Number(value))}
          data={[
            { value: 'all', label: t('health.thresholds.allGroups') },
            ...props.groups.map((group) => ({ value: String(group.id), label: group.name })),
          ]}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Table verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.fields.metric')}</Table.Th>
              <Table.Th>{t('health.thresholds.amber')}</Table.Th>
              <Table.Th>{t('health.thresholds.red')}</Table.Th>
              <Table.Th />
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data ?? []).map((view) => (
              // Keyed by scope and values, so switching scope or saving shows the stored numbers again.
              <ThresholdRow
                key={`${groupId ?? 'all'}:${view.metric}:${view.bands.amber}:${view.bands.red}:${view.source}`}
                view={view}
                groupId={groupId}
                onSaved={reload}
              />
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
