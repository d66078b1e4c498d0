/** "插入素材" in the entry editor: find a material and put it into the draft (text at the cursor, or an attachment). */
import { Button, Group, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBooks, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Material } from '../../../../shared/domain/calendar/materials';
import { useChannel } from '../../ui/useChannel';
import { materialKindColors, materialKindIcons } from './materialKinds';

export function MaterialPicker(props: { onPick(material: Material): void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width={380}
      position="bottom-start"
      withinPortal
      trapFocus
      shadow="md"
    >
      <Popover.Target>
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconBooks size={14} />}
          onClick={() => setOpened((open) => !open)}
          disabled={props.disabled}
          data-testid="insert-material"
        >
          {t('calendarUi.materials.insert')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="material-picker">
        {opened && (
          <PickerList
            onPick={(material) => {
              setOpened(false);
              props.onPick(material);
            }}
          />
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

function PickerList({ onPick }: { onPick(material: Material): void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const { data: materials } = useChannel('materials.list', debounced ? { query: debounced } : {}, [
    'calendar',
  ]);
  return (
    <Stack gap="xs">
      <TextInput
        size="xs"
        leftSection={<IconSearch size={14} />}
        placeholder={t('calendarUi.materials.search')}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        data-autofocus
        aria-label={t('calendarUi.materials.search')}
        data-testid="material-picker-search"
      />
      <ScrollArea.Autosize mah={280} type="auto">
        <Stack gap={2}>
          {materials && materials.length === 0 && (
            <Text size="xs" c="dimmed" p="xs">
              {debounced ? t('calendarUi.materials.noMatch') : t('calendarUi.materials.pickerEmpty')}
            </Text>
          )}
          {(materials ?? []).map((material) => {
            const KindIcon = materialKindIcons[material.kind];
            return (
              <UnstyledButton
                key={material.id}
                className="cal-picker-row"
                onClick={() => onPick(material)}
                data-testid="material-option"
              >
                <Group gap={8} wrap="nowrap" align="flex-start">
                  <KindIcon
                    size={16}
                    color={`var(--mantine-color-${materialKindColors[material.kind]}-filled)`}
                    style={{ flexShrink: 0, marginTop: 2 }}
                  />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>
                      {material.title}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {material.kind === 'image' || material.kind === 'link'
                        ? material.reference
                        : material.body}
                    </Text>
                  </Stack>
                </Group>
              </UnstyledButton>
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}
