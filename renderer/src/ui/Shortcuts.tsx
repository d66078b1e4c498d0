import { Group, Kbd, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutList } from '../app/shortcuts';

export function KeyCombo({ keys }: { keys: string[] }) {
  return (
    <Group gap={4} wrap="nowrap">
      {keys.map((key, index) => (
        <Fragment key={key}>
          {index > 0 && (
            <Text span size="xs" c="dimmed">
              +
            </Text>
          )}
          <Kbd size="xs">{key}</Kbd>
        </Fragment>
      ))}
    </Group>
  );
}

export function ShortcutTable() {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing={6} data-testid="shortcut-table">
      <Table.Tbody>
        {shortcutList(t).map((shortcut) => (
          <Table.Tr key={shortcut.hotkey}>
            <Table.Td w={160}>
              <KeyCombo keys={shortcut.keys} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{shortcut.label}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
