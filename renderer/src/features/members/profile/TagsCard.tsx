/** 标签: the member's tags (click × to remove), and a picker to add one or create a new tag in a tag group. */
import {
  Autocomplete,
  Badge,
  Button,
  CloseButton,
  Divider,
  Group,
  Popover,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTags } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import type { MemberDetail } from '../../../../../shared/ipc/channels/members';
import { useChannel } from '../../../ui/useChannel';
import { useTagOptions } from '../useTagOptions';
import { Permitted } from '../../lock/Permitted';
import { useCan } from '../../lock/session';
import { EmptyLine, SectionCard } from '../parts';
import { useBusy } from '../../../ui/formKit';

export function TagsCard({ member, readOnly }: { member: MemberDetail; readOnly: boolean }) {
  const { t } = useTranslation();
  const { run } = useBusy();
  const canEdit = useCan('edit');
  const [open, setOpen] = useState(false);
  const { data: tagList } = useChannel('tags.list', {}, ['members']);
  const groupOf = (tagId: number) => {
    const tag = tagList?.tags.find((candidate) => candidate.id === tagId);
    return tagList?.groups.find((group) => group.id === tag?.tagGroupId)?.name ?? null;
  };
  const unassign = (tagId: number) =>
    void run(() => call('tags.unassign', { tagIds: [tagId], memberIds: [member.id] }));
  return (
    <SectionCard
      title={t('membersUi.tags.title')}
      icon={<IconTags size={18} />}
      testId="tags-card"
      actions={
        readOnly ? null : (
          <Popover opened={open} onChange={setOpen} position="bottom-end" width={300} shadow="md" trapFocus>
            <Popover.Target>
              <Permitted>
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setOpen((value) => !value)}
                  data-testid="add-tag"
                >
                  {t('membersUi.tags.add')}
                </Button>
              </Permitted>
            </Popover.Target>
            <Popover.Dropdown>
              <TagPicker member={member} onDone={() => setOpen(false)} />
            </Popover.Dropdown>
          </Popover>
        )
      }
    >
      {member.tags.length === 0 ? (
        <EmptyLine>{t('membersUi.tags.empty')}</EmptyLine>
      ) : (
        <Group gap={6}>
          {member.tags.map((tag) => {
            const group = groupOf(tag.id);
            return (
              <Badge
                key={tag.id}
                variant="light"
                radius="sm"
                size="lg"
                tt="none"
                fw={500}
                rightSection={
                  readOnly || !canEdit ? null : (
                    <CloseButton
                      size="xs"
                      variant="transparent"
                      aria-label={t('membersUi.tags.remove', { name: tag.name })}
                      onClick={() => unassign(tag.id)}
                    />
                  )
                }
                data-testid="member-tag"
              >
                {group ? (
                  <Text span size="xs" c="dimmed" mr={4}>
                    {group} ·
                  </Text>
                ) : null}
                {tag.name}
              </Badge>
            );
          })}
        </Group>
      )}
    </SectionCard>
  );
}

function TagPicker({ member, onDone }: { member: MemberDetail; onDone(): void }) {
  const { t } = useTranslation();
  const options = useTagOptions(member.tags.map((tag) => tag.id));
  const { data: tagList } = useChannel('tags.list', {}, ['members']);
  const [name, setName] = useState('');
  const [groupName, setGroupName] = useState('');
  const { busy, run } = useBusy();
  const assign = async (tagId: number) => {
    if (await run(() => call('tags.assign', { tagIds: [tagId], memberIds: [member.id] }))) onDone();
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const tag = await call('tags.create', {
        name,
        ...(groupName.trim() ? { tagGroupName: groupName.trim() } : {}),
      });
      await call('tags.assign', { tagIds: [tag.id], memberIds: [member.id] });
    });
    if (done) onDone();
  };
  return (
    <Stack gap="sm">
      <Select
        label={t('membersUi.tags.pick')}
        placeholder={options.length ? t('membersUi.tags.pickPlaceholder') : t('membersUi.filters.noTags')}
        disabled={options.length === 0}
        searchable
        data={options}
        value={null}
        onChange={(value) => value && void assign(Number(value))}
        comboboxProps={{ withinPortal: false }}
        data-testid="tag-pick"
      />
      <Divider label={t('membersUi.tags.orCreate')} labelPosition="center" />
      <form onSubmit={create}>
        <Stack gap="xs">
          <TextInput
            label={t('membersUi.tags.newName')}
            placeholder={t('membersUi.tags.newNamePlaceholder')}
            value={name}
            maxLength={40}
            onChange={(event) => setName(event.currentTarget.value)}
            data-testid="new-tag-name"
          />
          <Autocomplete
            label={t('membersUi.tags.group')}
            placeholder={t('membersUi.tags.groupPlaceholder')}
            data={(tagList?.groups ?? []).map((group) => group.name)}
            value={groupName}
            maxLength={40}
            onChange={setGroupName}
            comboboxProps={{ withinPortal: false }}
            data-testid="new-tag-group"
          />
          <Button
            type="submit"
            size="sm"
            loading={busy}
            disabled={name.trim() === ''}
            data-testid="create-tag"
          >
            {t('membersUi.tags.create')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
