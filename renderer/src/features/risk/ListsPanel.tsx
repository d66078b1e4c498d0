/** 词表管理: the workspace's word lists with on/off switches, export as TXT/CSV, import, new list, delete. */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Switch,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconDownload, IconPencil, IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import type { RiskListFormat, RiskListSummary } from '../../../../shared/ipc/channels/risk';
import { call } from '../../api/client';
import { navigate } from '../../app/router';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { downloadFile } from '../../ui/fileActions';
import { ImportListModal } from './ImportListModal';
import { riskPaths } from './paths';
import { CategoryBadge, SeverityBadge } from './RiskBadges';
import { Permitted } from '../lock/Permitted';

async function exportList(id: number, format: RiskListFormat): Promise<void> {
  try {
    downloadFile(await call('risk.exportList', { id, format }));
  } catch (error) {
    notifyError(error);
  }
}

function DeleteListModal(props: { list: RiskListSummary | null; onClose(): void }) {
  const { t } = useFormat();
  const [deleting, setDeleting] = useState(false);
  const remove = async () => {
    if (!props.list) return;
    setDeleting(true);
    try {
      await call('risk.deleteList', { id: props.list.id });
      notifySuccess(t('riskUi.lists.deleted', { name: props.list.name }));
      props.onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setDeleting(false);
    }
  };
  return (
    <Modal opened={props.list !== null} onClose={props.onClose} title={t('riskUi.lists.deleteTitle')}>
      <Text size="sm" mb="md">
        {t('riskUi.lists.deleteText', { name: props.list?.name ?? '', count: props.list?.wordCount ?? 0 })}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          color="red"
          loading={deleting}
          onClick={() => void remove()}
          data-testid="risk-delete-confirm"
        >
          {t('common.delete')}
        </Button>
      </Group>
    </Modal>
  );
}

export function ListsPanel() {
  const { t, number, dateTime } = useFormat();
  const { data } = useChannel('risk.lists', {}, ['risk']);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<RiskListSummary | null>(null);
  const [toggling, setToggling] = useState<number | null>(null);

  const toggle = async (list: RiskListSummary, enabled: boolean) => {
    setToggling(list.id);
    try {
      await call('risk.enableList', { id: list.id, enabled });
    } catch (error) {
      notifyError(error);
    } finally {
      setToggling(null);
    }
  };

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {t('riskUi.lists.intro')}
        </Text>
        <Group gap="xs">
          <Permitted permission="editLists">
            <Button
              variant="default"
              leftSection={<IconUpload size={16} />}
              onClick={() => setImporting(true)}
              data-testid="risk-import-list"
            >
              {t('riskUi.lists.import')}
            </Button>
          </Permitted>
          <Permitted permission="editLists">
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => navigate(riskPaths.newList)}
              data-testid="risk-new-list"
            >
              {t('riskUi.lists.new')}
            </Button>
          </Permitted>
        </Group>
      </Group>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="risk-lists">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>{t('riskUi.lists.enabled')}</Table.Th>
                <Table.Th>{t('riskUi.lists.name')}</Table.Th>
                <Table.Th w={110}>{t('riskUi.lists.kind')}</Table.Th>
                <Table.Th w={180}>{t('riskUi.columns.category')}</Table.Th>
                <Table.Th w={110}>{t('riskUi.columns.severity')}</Table.Th>
                <Table.Th w={80} ta="right">
                  {t('riskUi.lists.words')}
                </Table.Th>
                <Table.Th w={150}>{t('riskUi.lists.updated')}</Table.Th>
                <Table.Th w={110} ta="right">
                  {t('riskUi.lists.actions')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(data?.lists ?? []).map((list) => (
                <Table.Tr key={list.id} data-testid="risk-list-row" data-list-name={list.name}>
                  <Table.Td>
                    <Switch
                      checked={list.enabled}
                      disabled={toggling === list.id}
                      onChange={(event) => void toggle(list, event.currentTarget.checked)}
                      aria-label={t('riskUi.lists.enabled')}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text fw={600} size="sm" truncate title={list.name}>
                      {list.name}
                    </Text>
                    <Group gap={6} wrap="nowrap">
                      <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
                        {t(`riskUi.origins.${list.origin}`)}
                      </Badge>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {t('riskUi.lists.version', { version: list.version })}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={list.kind === 'allow' ? 'brand' : 'gray'}>
                      {t(`sensitive.kind.${list.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <CategoryBadge category={list.category} />
                  </Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={list.severity} />
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {number(list.wordCount)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="tabular" style={{ whiteSpace: 'nowrap' }}>
                      {dateTime(list.updatedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label={t('common.edit')}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('common.edit')}
                          onClick={() => navigate(riskPaths.list(list.id))}
                          data-testid="risk-edit-list"
                        >
                          <IconPencil size={18} />
                        </ActionIcon>
                      </Tooltip>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('riskUi.lists.export')}>
                            <IconDownload size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => void exportList(list.id, 'txt')}>
                            {t('riskUi.lists.exportTxt')}
                          </Menu.Item>
                          <Menu.Item onClick={() => void exportList(list.id, 'csv')}>
                            {t('riskUi.lists.exportCsv')}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                      <Tooltip label={t('common.delete')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('common.delete')}
                          onClick={() => setDeleting(list)}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <ImportListModal opened={importing} onClose={() => setImporting(false)} />
      <DeleteListModal list={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
