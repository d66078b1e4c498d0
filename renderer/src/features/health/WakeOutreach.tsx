/**
 * 唤醒触达: the outreach to silent members recorded in the range (with how many were silent and how many woke), the
 * form that records one, and the two settings the silent wake-up rate counts with (silence, response window).
 */
import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Popover,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconSettings, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import {
  maxOutreachNoteLength,
  outreachChannels,
  wakeSettingBounds,
  type Outreach,
  type OutreachChannel,
  type OutreachReport,
  type WakeSettings,
} from '../../../../shared/domain/health/wakeUp';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { dateTimeInputValue, formatDateTime } from '../../ui/format';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';
import { useChannel } from '../../ui/useChannel';
import { Permitted } from '../lock/Permitted';
import { useHealthFormat } from './healthFormat';
import { ChartCard, ChartPlaceholder, NumberCell } from './parts';
import { DateTimeField } from '../../ui/DateField';

/** Members offered in the picker at a time (typing narrows them). */
const memberPage = 100;

export function WakeOutreachCard(props: {
  report: OutreachReport | undefined;
  groups: { id: number; name: string }[];
  groupId: number | null;
}) {
  const { t, number } = useHealthFormat();
  const [adding, setAdding] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const { report } = props;
  const rows = report?.outreach ?? [];
  const unknownText = (
    <Tooltip label={t('health.outreach.unknownHint')} multiline w={260}>
      <Text span size="sm" c="dimmed" style={{ cursor: 'help' }}>
        {t('health.outreach.unknown')}
      </Text>
    </Tooltip>
  );
  return (
    <ChartCard
      title={t('health.outreach.title')}
      definition={t('health.outreach.hint')}
      testId="wake-outreach"
      extra={
        <>
          <Tooltip label={t('health.wakeSettings.title')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => setSettingsOpen(true)}
              aria-label={t('health.wakeSettings.title')}
              data-testid="open-wake-settings"
            >
              <IconSettings size={16} />
            </ActionIcon>
          </Tooltip>
          <Permitted>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setAdding(true)}
              disabled={props.groups.length === 0}
              data-testid="add-outreach"
            >
              {t('health.outreach.add')}
            </Button>
          </Permitted>
        </>
      }
    >
      {report && (
        <Text size="xs" c="dimmed" mb="xs" data-testid="wake-settings-summary">
          {t('health.outreach.settings', {
            silence: report.settings.silenceDays,
            response: report.settings.responseDays,
          })}
        </Text>
      )}
      {!report || rows.length === 0 ? (
        <ChartPlaceholder empty={Boolean(report)} text={t('health.outreach.empty')} height={100} />
      ) : (
        <Table.ScrollContainer minWidth={440} mah={280}>
          <Table verticalSpacing={5} horizontalSpacing="xs" highlightOnHover stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('health.outreach.date')}</Table.Th>
                <Table.Th>{t('health.outreach.channel')}</Table.Th>
                <Table.Th ta="right">{t('health.outreach.reached')}</Table.Th>
                <Table.Th ta="right">{t('health.outreach.targeted')}</Table.Th>
                <Table.Th ta="right">{t('health.outreach.woken')}</Table.Th>
                <Table.Th w={36} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id} data-testid="outreach-row">
                  <Table.Td maw={200}>
                    <Text size="sm" className="tabular" truncate>
                      {formatDateTime(row.at)}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {[props.groupId === null ? row.groupName : '', row.note].filter(Boolean).join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {t(`health.outreach.channels.${row.channel}`)}
                    </Text>
                  </Table.Td>
                  <NumberCell>{number(row.reached)}</NumberCell>
                  <NumberCell>{row.targeted === null ? unknownText : number(row.targeted)}</NumberCell>
                  <NumberCell strong>{row.woken === null ? unknownText : number(row.woken)}</NumberCell>
                  <Table.Td>
                    <DeleteOutreach row={row} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <FormModal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('health.outreach.formTitle')}
        size="lg"
        testId="outreach-form"
      >
        <OutreachForm
          groups={props.groups}
          initialGroupId={props.groupId ?? props.groups[0]?.id ?? null}
          onClose={() => setAdding(false)}
        />
      </FormModal>
      <FormModal
        opened={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        title={t('health.wakeSettings.title')}
        size="sm"
        testId="wake-settings-form"
      >
        {report && <WakeSettingsForm settings={report.settings} onClose={() => setSettingsOpen(false)} />}
      </FormModal>
    </ChartCard>
  );
}

function DeleteOutreach({ row }: { row: Outreach }) {
  const { t } = useHealthFormat();
  const [confirming, setConfirming] = useState(false);
  const { busy, run } = useBusy();
  const remove = () =>
    run(async () => {
      await call('health.deleteOutreach', { id: row.id });
      notifySuccess(t('health.outreach.deleted'));
      setConfirming(false);
    });
  return (
    <Popover opened={confirming} onChange={setConfirming} position="left" withArrow shadow="md" width={240}>
      <Popover.Target>
        {/* The target takes a ref; Permitted (a tooltip when not allowed) sits inside it. */}
        <span style={{ display: 'inline-flex' }}>
          <Permitted>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => setConfirming((open) => !open)}
              aria-label={t('health.outreach.delete')}
              data-testid="delete-outreach"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Permitted>
        </span>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">{t('health.outreach.deleteConfirm')}</Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              size="xs"
              color="red"
              loading={busy}
              onClick={() => void remove()}
              data-testid="confirm-delete-outreach"
            >
              {t('health.outreach.delete')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function OutreachForm(props: {
  groups: { id: number; name: string }[];
  initialGroupId: number | null;
  onClose(): void;
}) {
  const { t, number } = useHealthFormat();
  const [groupId, setGroupId] = useState<string | null>(
    props.initialGroupId === null ? null : String(props.initialGroupId),
  );
  const [at, setAt] = useState(() => dateTimeInputValue(Date.now()));
  const [channel, setChannel] = useState<OutreachChannel>('private');
  const [note, setNote] = useState('');
  const [audience, setAudience] = useState<'silent' | 'chosen'>('silent');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const { busy, run } = useBusy();
  const instant = Date.parse(at);
  const { data: members } = useChannel(
    'members.list',
    {
      groupId: groupId === null ? undefined : Number(groupId),
      status: 'current',
      sort: 'name',
      limit: memberPage,
      ...(query.trim() ? { query: query.trim() } : {}),
    },
    ['members'],
  );
  // Chosen members stay in the options while the search shows others.
  const [chosenNames, setChosenNames] = useState<Map<string, string>>(() => new Map());
  const options = new Map(chosenNames);
  for (const member of members?.rows ?? []) options.set(String(member.id), member.displayName);

  const save = () =>
    run(async () => {
      const recorded = await call('health.recordOutreach', {
        groupId: Number(groupId),
        at: new Date(instant).toISOString(),
        channel,
        note,
        ...(audience === 'chosen' ? { memberIds: memberIds.map(Number) } : {}),
      });
      notifySuccess(t('health.outreach.saved', { count: number(recorded.reached) }));
      props.onClose();
    });
  const ready =
    groupId !== null && Number.isFinite(instant) && (audience === 'silent' || memberIds.length > 0);

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('health.outreach.hint')}
      </Text>
      <SimpleGrid cols={2} spacing="sm">
        <Select
          label={t('health.outreach.group')}
          data={props.groups.map((group) => ({ value: String(group.id), label: group.name }))}
          value={groupId}
          onChange={(value) => {
            setGroupId(value);
            setMemberIds([]);
            setChosenNames(new Map());
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="outreach-group"
        />
        <DateTimeField
          label={t('health.outreach.at')}
          value={at}
          onChange={setAt}
          data-testid="outreach-at"
        />
      </SimpleGrid>
      <Select
        label={t('health.outreach.channel')}
        data={outreachChannels.map((value) => ({ value, label: t(`health.outreach.channels.${value}`) }))}
        value={channel}
        onChange={(value) => value && setChannel(value as OutreachChannel)}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        data-testid="outreach-channel"
      />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('health.outreach.audience')}
        </Text>
        <SegmentedControl
          value={audience}
          onChange={(value) => setAudience(value as 'silent' | 'chosen')}
          data={[
            { value: 'silent', label: t('health.outreach.audienceSilent') },
            { value: 'chosen', label: t('health.outreach.audienceChosen') },
          ]}
          data-testid="outreach-audience"
        />
        {audience === 'chosen' && (
          <MultiSelect
            aria-label={t('health.outreach.members')}
            placeholder={t('health.outreach.membersPlaceholder')}
            data={[...options].map(([value, label]) => ({ value, label }))}
            value={memberIds}
            onChange={(values) => {
              setMemberIds(values);
              setChosenNames(new Map(values.map((value) => [value, options.get(value) ?? value])));
            }}
            searchable
            searchValue={query}
            onSearchChange={setQuery}
            filter={({ options: all }) => all}
            comboboxProps={{ withinPortal: true }}
            data-testid="outreach-members"
          />
        )}
      </Stack>
      <TextInput
        label={t('health.outreach.note')}
        placeholder={t('health.outreach.notePlaceholder')}
        maxLength={maxOutreachNoteLength}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        data-testid="outreach-note"
      />
      <ModalActions onCancel={props.onClose}>
        <Button loading={busy} disabled={!ready} onClick={() => void save()} data-testid="outreach-save">
          {t('common.save')}
        </Button>
      </ModalActions>
    </Stack>
  );
}

const wakeSettingFields = ['silenceDays', 'responseDays'] as const;

function WakeSettingsForm(props: { settings: WakeSettings; onClose(): void }) {
  const { t } = useHealthFormat();
  const [values, setValues] = useState<Record<keyof WakeSettings, number | string>>({ ...props.settings });
  const { busy, run } = useBusy();
  const save = () =>
    run(async () => {
      await call('health.updateWakeSettings', {
        silenceDays: Number(values.silenceDays),
        responseDays: Number(values.responseDays),
      });
      notifySuccess(t('health.wakeSettings.saved'));
      props.onClose();
    });
  const valid = wakeSettingFields.every((field) => {
    const value = Number(values[field]);
    const bounds = wakeSettingBounds[field];
    return Number.isInteger(value) && value >= bounds.min && value <= bounds.max;
  });
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('health.wakeSettings.hint')}
      </Text>
      {wakeSettingFields.map((field) => (
        <NumberInput
          key={field}
          label={t(`health.wakeSettings.${field}`)}
          description={t(`health.wakeSettings.${field}Hint`)}
          min={wakeSettingBounds[field].min}
          max={wakeSettingBounds[field].max}
          allowDecimal={false}
          value={values[field]}
          onChange={(value) => setValues((current) => ({ ...current, [field]: value }))}
          data-testid={`wake-${field}`}
        />
      ))}
      <ModalActions onCancel={props.onClose}>
        <Permitted>
          <Button
            loading={busy}
            disabled={!valid}
            onClick={() => void save()}
            data-testid="wake-settings-save"
          >
            {t('common.save')}
          </Button>
        </Permitted>
      </ModalActions>
    </Stack>
  );
}
