import { CloseButton, Group, Select, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useChannel } from './useChannel';

/** Search box + group filter + result count, shared by the member and message browsers. */
export function ListToolbar(props: {
  search: string;
  onSearch(value: string): void;
  placeholder: string;
  groupId: number | null;
  onGroupId(value: number | null): void;
  total: number | null;
  searchTestId?: string;
}) {
  const { t, i18n } = useTranslation();
  const { data: groups } = useChannel('groups.list', {}, ['groups']);
  return (
    <Group gap="sm" wrap="nowrap" align="center">
      <TextInput
        style={{ flex: 1, maxWidth: 420 }}
        leftSection={<IconSearch size={16} />}
        placeholder={props.placeholder}
        value={props.search}
        onChange={(event) => props.onSearch(event.currentTarget.value)}
        rightSection={
          props.search ? (
            <CloseButton size="sm" aria-label={t('common.close')} onClick={() => props.onSearch('')} />
          ) : null
        }
        aria-label={props.placeholder}
        data-testid={props.searchTestId}
      />
      <Select
        w={220}
        placeholder={t('common.allGroups')}
        clearable
        data={(groups ?? []).map((group) => ({ value: String(group.id), label: group.name }))}
        value={props.groupId === null ? null : String(props.groupId)}
        onChange={(value) => props.onGroupId(value === null ? null : Number(value))}
        aria-label={t('common.allGroups')}
        data-testid="group-filter"
        comboboxProps={{ withinPortal: true }}
      />
      <Text size="sm" c="dimmed" ml="auto" className="tabular" data-testid="row-total">
        {props.total === null
          ? t('common.loadingRows')
          : t('common.rowsTotal', { count: new Intl.NumberFormat(i18n.language).format(props.total) })}
      </Text>
    </Group>
  );
}
