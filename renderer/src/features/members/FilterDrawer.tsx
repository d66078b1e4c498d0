/** The filter panel: every filter the backend offers, applied as they are set (the count at the bottom follows). */
import {
  Button,
  Chip,
  Divider,
  Drawer,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { identityPlatforms, type IdentityPlatform } from '../../../../shared/domain/members';
import { tiers, type Tier } from '../../../../shared/domain/tiers';
import { joinChannels, type JoinChannel } from '../../../../shared/domain/types';
import { useChannel } from '../../ui/useChannel';
import type { PanelFilter } from './listState';
import { useTagOptions } from './useTagOptions';
import { DateField } from '../../ui/DateField';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {props.label}
      </Text>
      {props.children}
    </Stack>
  );
}

/** An emptied number box clears its bound. */
const numberOrUndefined = (value: number | string) => (typeof value === 'number' ? value : undefined);

export function FilterDrawer(props: {
  opened: boolean;
  onClose(): void;
  panel: PanelFilter;
  onPanel(panel: PanelFilter): void;
  total: number | null;
}) {
  const { t, i18n } = useTranslation();
  const { panel } = props;
  const set = <K extends keyof PanelFilter>(key: K, value: PanelFilter[K]) =>
    props.onPanel({ ...panel, [key]: value });
  const tagOptions = useTagOptions();
  const { data: tagList } = useChannel('tags.list', {}, ['members']);
  const range = (
    label: string,
    minKey: 'pointsMin' | 'violationsMin',
    maxKey: 'pointsMax' | 'violationsMax',
    allowNegative: boolean,
  ) => (
    <Field label={label}>
      <Group grow gap="xs">
        <NumberInput
          size="sm"
          placeholder={t('membersUi.filters.min')}
          aria-label={`${label} ${t('membersUi.filters.min')}`}
          value={panel[minKey] ?? ''}
          onChange={(value) => set(minKey, numberOrUndefined(value))}
          allowNegative={allowNegative}
          allowDecimal={false}
          data-testid={`filter-${minKey}`}
        />
        <NumberInput
          size="sm"
          placeholder={t('membersUi.filters.max')}
          aria-label={`${label} ${t('membersUi.filters.max')}`}
          value={panel[maxKey] ?? ''}
          onChange={(value) => set(maxKey, numberOrUndefined(value))}
          allowNegative={allowNegative}
          allowDecimal={false}
          data-testid={`filter-${maxKey}`}
        />
      </Group>
    </Field>
  );
  const dates = (label: string, fromKey: 'joinedFrom' | 'leftFrom', toKey: 'joinedTo' | 'leftTo') => (
    <Field label={label}>
      <Group grow gap="xs">
        <DateField
          size="sm"
          aria-label={`${label} ${t('membersUi.filters.from')}`}
          value={panel[fromKey] ?? ''}
          near={panel[toKey]}
          onChange={(value) => set(fromKey, value || undefined)}
          data-testid={`filter-${fromKey}`}
        />
        <DateField
          size="sm"
          aria-label={`${label} ${t('membersUi.filters.to')}`}
          value={panel[toKey] ?? ''}
          near={panel[fromKey]}
          onChange={(value) => set(toKey, value || undefined)}
          data-testid={`filter-${toKey}`}
        />
      </Group>
    </Field>
  );

  return (
    <Drawer
      opened={props.opened}
      onClose={props.onClose}
      position="right"
      size={400}
      title={
        <Text fw={700} size="lg">
          {t('membersUi.filters.title')}
        </Text>
      }
      overlayProps={{ backgroundOpacity: 0.2 }}
      styles={{ body: { paddingBottom: 0 } }}
      data-testid="filter-drawer"
    >
      <Stack gap="lg" pb={88}>
        <Field label={t('membersUi.filters.tier')}>
          <SegmentedControl
            fullWidth
            size="xs"
            value={panel.tier ?? 'all'}
            onChange={(value) => set('tier', value === 'all' ? undefined : (value as Tier))}
            data={[
              { value: 'all', label: t('membersUi.filters.any') },
              ...tiers.map((tier) => ({ value: tier, label: t(`tiers.names.${tier}`) })),
            ]}
            data-testid="filter-tier"
          />
        </Field>
        <Field label={t('membersUi.filters.status')}>
          <SegmentedControl
            fullWidth
            size="xs"
            value={panel.status ?? 'all'}
            onChange={(value) => set('status', value as PanelFilter['status'])}
            data={(['all', 'current', 'left'] as const).map((status) => ({
              value: status,
              label: t(`membersUi.filters.statuses.${status}`),
            }))}
            data-testid="filter-status"
          />
        </Field>
        <Field label={t('membersUi.filters.tags')}>
          <MultiSelect
            size="sm"
            searchable
            clearable
            placeholder={tagList?.tags.length ? t('membersUi.filters.anyTag') : t('membersUi.filters.noTags')}
            disabled={!tagList?.tags.length}
            data={tagOptions}
            value={(panel.tagIds ?? []).map(String)}
            onChange={(values) => set('tagIds', values.map(Number))}
            comboboxProps={{ withinPortal: true }}
            aria-label={t('membersUi.filters.tags')}
            data-testid="filter-tags"
          />
        </Field>
        <Field label={t('membersUi.filters.channels')}>
          <Chip.Group
            multiple
            value={panel.joinChannels ?? []}
            onChange={(values) => set('joinChannels', values as JoinChannel[])}
          >
            <Group gap={6}>
              {joinChannels.map((channel) => (
                <Chip key={channel} value={channel} size="xs" variant="outline">
                  {t(`members.channels.${channel}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Field>
        {range(t('membersUi.filters.points'), 'pointsMin', 'pointsMax', true)}
        {range(t('membersUi.filters.violations'), 'violationsMin', 'violationsMax', false)}
        {dates(t('membersUi.filters.joined'), 'joinedFrom', 'joinedTo')}
        {dates(t('membersUi.filters.left'), 'leftFrom', 'leftTo')}
        <Field label={t('membersUi.filters.identity')}>
          <Select
            size="sm"
            clearable
            placeholder={t('membersUi.filters.anyIdentity')}
            data={identityPlatforms.map((platform) => ({
              value: platform,
              label: t(`members.platforms.${platform}`),
            }))}
            value={panel.identityPlatform ?? null}
            onChange={(value) => set('identityPlatform', (value as IdentityPlatform | null) ?? undefined)}
            comboboxProps={{ withinPortal: true }}
            aria-label={t('membersUi.filters.identity')}
            data-testid="filter-identity"
          />
        </Field>
      </Stack>
      <div
        style={{
          position: 'sticky',
          bottom: 0,
          background: 'var(--mantine-color-body)',
          marginInline: 'calc(var(--mantine-spacing-md) * -1)',
        }}
      >
        <Divider />
        <Group justify="space-between" px="md" py="sm" wrap="nowrap">
          <Text size="sm" c="dimmed" className="tabular" data-testid="filter-total">
            {props.total === null
              ? t('common.loadingRows')
              : t('membersUi.filters.matching', {
                  count: new Intl.NumberFormat(i18n.language).format(props.total),
                })}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Button variant="default" size="sm" onClick={() => props.onPanel({})}>
              {t('membersUi.filters.clearAll')}
            </Button>
            <Button size="sm" onClick={props.onClose} data-testid="filters-done">
              {t('membersUi.filters.done')}
            </Button>
          </Group>
        </Group>
      </div>
    </Drawer>
  );
}
