/**
 * 素材库: reusable texts, templates, image references and links, found by words or pinyin (`cj` finds 春节) and by
 * tag; each can be copied, edited or deleted here, and put into a draft from the entry editor.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Chip,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBooks, IconCopy, IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import {
  materialKinds,
  type Material,
  type MaterialKind,
} from '../../../../shared/domain/calendar/materials';
import { EmptyState } from '../../ui/EmptyState';
import { notifyError, notifySuccess } from '../../ui/errors';
import { useChannel } from '../../ui/useChannel';
import { copyText } from '../../ui/fileActions';
import { MaterialEditor, type MaterialTarget } from './MaterialEditor';
import { materialKindColors, materialKindIcons } from './materialKinds';

type KindFilter = MaterialKind | 'all';

/** What copying a material gives: the text, the URL, or the file's name or path. */
function copyable(material: Material): string {
  return material.kind === 'image' || material.kind === 'link' ? material.reference : material.body;
}

export function MaterialsPanel() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [debouncedQuery] = useDebouncedValue(query.trim(), 200);
  const [kind, setKind] = useState<KindFilter>('all');
  const [tag, setTag] = useState<string | null>(null);
  const [editor, setEditor] = useState<{ opened: boolean; target: MaterialTarget | null }>({
    opened: false,
    target: null,
  });
  const filter = {
    ...(debouncedQuery ? { query: debouncedQuery } : {}),
    ...(kind !== 'all' ? { kind } : {}),
    ...(tag ? { tag } : {}),
  };
  const { data: materials } = useChannel('materials.list', filter, ['calendar']);
  const { data: tags } = useChannel('materials.tags', {}, ['calendar']);
  const { data: all } = useChannel('materials.list', {}, ['calendar']);
  const filtering = Object.keys(filter).length > 0;
  const open = (target: MaterialTarget) => setEditor({ opened: true, target });
  const newKind: MaterialKind = kind === 'all' ? 'text' : kind;

  const remove = async (material: Material) => {
    try {
      await call('materials.delete', { id: material.id });
      notifySuccess(t('calendarUi.materials.deleted', { title: material.title }));
    } catch (error) {
      notifyError(error);
    }
  };

  const editorModal = (
    <MaterialEditor
      opened={editor.opened}
      target={editor.target}
      onClose={() => setEditor((previous) => ({ ...previous, opened: false }))}
    />
  );

  if (all && all.length === 0) {
    return (
      <>
        <Paper withBorder>
          <EmptyState
            icon={<IconBooks size={32} />}
            title={t('calendarUi.materials.emptyTitle')}
            text={t('calendarUi.materials.emptyText')}
            actions={
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => open({ mode: 'new', kind: 'text' })}
                data-testid="new-material"
              >
                {t('calendarUi.materials.new')}
              </Button>
            }
          />
        </Paper>
        {editorModal}
      </>
    );
  }

  return (
    <Stack gap="sm" data-testid="materials-panel">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={t('calendarUi.materials.search')}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            style={{ flex: 1, maxWidth: 360 }}
            aria-label={t('calendarUi.materials.search')}
            data-testid="material-search"
          />
          <SegmentedControl
            value={kind}
            onChange={(value) => setKind(value as KindFilter)}
            data={[
              { value: 'all', label: t('calendarUi.materials.allKinds') },
              ...materialKinds.map((value) => ({ value, label: t(`calendar.materialKinds.${value}`) })),
            ]}
            data-testid="material-kind-filter"
          />
        </Group>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => open({ mode: 'new', kind: newKind })}
          data-testid="new-material"
        >
          {t('calendarUi.materials.new')}
        </Button>
      </Group>
      {tags && tags.length > 0 && (
        <Group gap={6} data-testid="material-tag-filter">
          {tags.map((entry) => (
            <Chip
              key={entry.tag}
              size="xs"
              variant="light"
              checked={tag === entry.tag}
              onChange={() => setTag(tag === entry.tag ? null : entry.tag)}
            >
              {entry.tag} · {entry.count}
            </Chip>
          ))}
        </Group>
      )}
      {materials && materials.length === 0 && filtering ? (
        <Paper withBorder p="xl">
          <Text c="dimmed" ta="center">
            {t('calendarUi.materials.noMatch')}
          </Text>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          {(materials ?? []).map((material) => (
            <MaterialCard
              key={material.id}
              material={material}
              onEdit={() => open({ mode: 'edit', material })}
              onDelete={() => void remove(material)}
              onTag={setTag}
            />
          ))}
        </SimpleGrid>
      )}
      {editorModal}
    </Stack>
  );
}

function MaterialCard(props: {
  material: Material;
  onEdit(): void;
  onDelete(): void;
  onTag(tag: string): void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const { material } = props;
  const KindIcon = materialKindIcons[material.kind];
  const color = materialKindColors[material.kind];
  return (
    <Card withBorder padding="sm" radius="md" data-testid="material-card" data-kind={material.kind}>
      <Stack gap={6} h="100%">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge
              size="sm"
              radius="sm"
              variant="light"
              color={color}
              leftSection={<KindIcon size={12} />}
              style={{ flexShrink: 0 }}
            >
              {t(`calendar.materialKinds.${material.kind}`)}
            </Badge>
            <Text fw={600} size="sm" truncate data-testid="material-title">
              {material.title}
            </Text>
          </Group>
          <Group gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Tooltip label={t('calendarUi.materials.copy')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => void copyText(copyable(material))}
                aria-label={t('calendarUi.materials.copy')}
                data-testid="copy-material"
              >
                <IconCopy size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('common.edit')}>
              <ActionIcon variant="subtle" color="gray" onClick={props.onEdit} aria-label={t('common.edit')}>
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('common.delete')}>
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={() => setConfirming(true)}
                aria-label={t('common.delete')}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        {material.reference && (
          <Text size="xs" ff="monospace" c="dimmed" truncate title={material.reference}>
            {material.reference}
          </Text>
        )}
        {material.body.trim() && (
          <Text size="sm" className="cal-material-body">
            {material.body}
          </Text>
        )}
        <Group gap={4} mt="auto">
          {material.tags.map((tag) => (
            <Badge
              key={tag}
              size="xs"
              radius="sm"
              variant="outline"
              color="gray"
              tt="none"
              style={{ cursor: 'pointer' }}
              onClick={() => props.onTag(tag)}
            >
              #{tag}
            </Badge>
          ))}
        </Group>
        {confirming && (
          <Group gap="xs" justify="flex-end">
            <Text size="xs">{t('calendarUi.materials.deleteConfirm')}</Text>
            <Button
              size="compact-xs"
              color="red"
              onClick={props.onDelete}
              data-testid="confirm-delete-material"
            >
              {t('common.delete')}
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
