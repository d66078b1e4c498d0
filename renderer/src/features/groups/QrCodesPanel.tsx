/** 入群二维码: the codes posted for a group, each with its expiry (seven days after WeChat generated it). */
import {
  ActionIcon,
  Badge,
  Button,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconQrcode, IconQrcodeOff } from '@tabler/icons-react';
import { useState } from 'react';
import { defaultQrExpiry, type QrCode, type QrStatus } from '../../../../shared/domain/admission';
import type { GroupDetail } from '../../../../shared/domain/groups';
import { joinChannels, type JoinChannel } from '../../../../shared/domain/types';
import { call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { notifySuccess } from '../../ui/errors';
import { dateTimeInputValue, useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { FormModal, ModalActions, useBusy } from '../../ui/formKit';
import { JoinChannelBadge } from '../members/JoinChannelBadge';
import { CardAction, SectionCard } from './parts';
import { QrImageCell } from './QrImageCell';
import { useQrTimeLeft } from './QrReminders';
import { DateTimeField } from '../../ui/DateField';

export const qrStatusColors: Record<QrStatus, string> = {
  active: 'green',
  expiring: 'orange',
  expired: 'red',
  retired: 'gray',
};

export function QrCodesPanel({ group }: { group: GroupDetail }) {
  const { t, dateTime } = useFormat();
  const timeLeft = useQrTimeLeft();
  const { data: codes } = useChannel('qrcodes.list', { groupId: group.id }, ['groups']);
  const [adding, setAdding] = useState(false);
  const { busy, run } = useBusy();
  if (!codes) return null;

  const retire = (code: QrCode) =>
    run(async () => {
      await call('qrcodes.retire', { id: code.id });
      notifySuccess(t('groupsUi.qr.retiredNotice', { label: code.label || t('groupsUi.qr.unlabelled') }));
    });
  const addButton = (
    <CardAction
      icon={IconPlus}
      label={t('groupsUi.qr.add')}
      variant="filled"
      onClick={() => setAdding(true)}
      testId="qr-add"
    />
  );

  return (
    <>
      {codes.length === 0 ? (
        <Paper withBorder>
          <EmptyState
            icon={<IconQrcode size={32} />}
            title={t('groupsUi.qr.emptyTitle')}
            text={t('groupsUi.qr.emptyText')}
            actions={addButton}
          />
        </Paper>
      ) : (
        <SectionCard title={t('groupsUi.qr.title')} testId="qr-codes" actions={addButton}>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs" layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('groupsUi.qr.label')}</Table.Th>
                  <Table.Th w={130}>{t('groupsUi.qr.channel')}</Table.Th>
                  <Table.Th w={150}>{t('groupsUi.qr.generatedAt')}</Table.Th>
                  <Table.Th w={150}>{t('groupsUi.qr.expiresAt')}</Table.Th>
                  <Table.Th w={120}>{t('groupsUi.qr.status')}</Table.Th>
                  <Table.Th w={104}>{t('groupsUi.qr.image')}</Table.Th>
                  <Table.Th w={56} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {codes.map((code) => (
                  <Table.Tr key={code.id} data-testid="qr-row" data-status={code.status}>
                    <Table.Td>
                      <Text size="sm" fw={500} truncate>
                        {code.label || t('groupsUi.qr.unlabelled')}
                      </Text>
                      {code.note && (
                        <Text size="xs" c="dimmed" truncate>
                          {code.note}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {code.joinChannel ? <JoinChannelBadge channel={code.joinChannel} /> : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{dateTime(code.generatedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{dateTime(code.expiresAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={qrStatusColors[code.status]} radius="sm">
                        {timeLeft(code)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <QrImageCell code={code} />
                    </Table.Td>
                    <Table.Td>
                      {code.status !== 'retired' && (
                        <Tooltip label={t('groupsUi.qr.retire')}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t('groupsUi.qr.retire')}
                            loading={busy}
                            onClick={() => void retire(code)}
                            data-testid="qr-retire"
                          >
                            <IconQrcodeOff size={18} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </SectionCard>
      )}
      <FormModal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('groupsUi.qr.add')}
        testId="qr-form"
      >
        <QrForm group={group} codes={codes} onClose={() => setAdding(false)} />
      </FormModal>
    </>
  );
}

function QrForm({ group, codes, onClose }: { group: GroupDetail; codes: QrCode[]; onClose(): void }) {
  const { t, dateTime } = useFormat();
  const [label, setLabel] = useState('');
  const [joinChannel, setJoinChannel] = useState<JoinChannel | null>(null);
  const [generatedAt, setGeneratedAt] = useState(() => dateTimeInputValue(Date.now()));
  const [replacesId, setReplacesId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const { busy, run } = useBusy();
  const generated = Date.parse(generatedAt);
  const live = codes.filter((code) => code.status !== 'retired');

  const save = () =>
    run(async () => {
      await call('qrcodes.add', {
        groupId: group.id,
        label,
        joinChannel,
        generatedAt: new Date(generated).toISOString(),
        note,
        ...(replacesId ? { replacesId: Number(replacesId) } : {}),
      });
      notifySuccess(t('groupsUi.qr.added'));
      onClose();
    });

  return (
    <Stack gap="md">
      <TextInput
        label={t('groupsUi.qr.label')}
        placeholder={t('groupsUi.qr.labelPlaceholder')}
        value={label}
        onChange={(event) => setLabel(event.currentTarget.value)}
        data-testid="qr-label"
      />
      <SimpleGrid cols={2} spacing="sm">
        <Select
          label={t('groupsUi.qr.channel')}
          data={joinChannels.map((channel) => ({ value: channel, label: t(`members.channels.${channel}`) }))}
          value={joinChannel}
          onChange={(value) => setJoinChannel(value as JoinChannel | null)}
          clearable
          comboboxProps={{ withinPortal: true }}
          data-testid="qr-channel"
        />
        <DateTimeField
          label={t('groupsUi.qr.generatedAt')}
          value={generatedAt}
          onChange={setGeneratedAt}
          data-testid="qr-generated-at"
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed" data-testid="qr-expiry-preview">
        {Number.isFinite(generated)
          ? t('groupsUi.qr.expiryPreview', {
              date: dateTime(new Date(defaultQrExpiry(generated)).toISOString()),
            })
          : t('groupsUi.qr.expiryUnknown')}
      </Text>
      {live.length > 0 && (
        <Select
          label={t('groupsUi.qr.replaces')}
          data={live.map((code) => ({
            value: String(code.id),
            label: `${code.label || t('groupsUi.qr.unlabelled')} · ${dateTime(code.expiresAt)}`,
          }))}
          value={replacesId}
          onChange={setReplacesId}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      )}
      <TextInput
        label={t('groupsUi.qr.note')}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
      />
      <ModalActions onCancel={onClose}>
        <Button
          loading={busy}
          disabled={!Number.isFinite(generated)}
          onClick={() => void save()}
          data-testid="qr-save"
        >
          {t('common.save')}
        </Button>
      </ModalActions>
    </Stack>
  );
}
