/** Workspace-wide member attributes: custom fields (自定义字段) and custom roles (自定义角色), listed and created. */
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import {
  customFieldKinds,
  rolePermissions,
  type CustomFieldKind,
  type RolePermission,
} from '../../../../../shared/domain/members';
import { useChannel } from '../../../ui/useChannel';
import { EmptyLine } from '../parts';
import { useBusy } from '../../../ui/formKit';
import { FormModal } from '../../../ui/formKit';

function AttributeModal(props: { opened: boolean; onClose(): void; title: string; children: ReactNode }) {
  return (
    <FormModal opened={props.opened} onClose={props.onClose} size="lg" title={props.title}>
      <Stack gap="md">{props.children}</Stack>
    </FormModal>
  );
}

function AttributeRow(props: { name: string; children: ReactNode; onDelete(): void; deleteLabel: string }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
        <Text size="sm" fw={600}>
          {props.name}
        </Text>
        {props.children}
      </Group>
      <ActionIcon variant="subtle" color="red" aria-label={props.deleteLabel} onClick={props.onDelete}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

export function FieldsModal(props: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { data: fields } = useChannel('fields.list', {}, ['members']);
  const { busy, run } = useBusy();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CustomFieldKind>('text');
  const [options, setOptions] = useState<string[]>([]);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      call('fields.create', { name, kind, options: kind === 'choice' ? options : [] }),
    );
    if (done) {
      setName('');
      setOptions([]);
    }
  };
  return (
    <AttributeModal opened={props.opened} onClose={props.onClose} title={t('membersUi.fields.manageTitle')}>
      {fields?.length ? (
        fields.map((field) => (
          <AttributeRow
            key={field.id}
            name={field.name}
            deleteLabel={t('membersUi.fields.delete', { name: field.name })}
            onDelete={() => void run(() => call('fields.delete', { id: field.id }))}
          >
            <Badge variant="light" color="gray" size="sm">
              {t(`members.fieldKinds.${field.kind}`)}
            </Badge>
            {field.options.length > 0 && (
              <Text size="xs" c="dimmed">
                {field.options.join(' / ')}
              </Text>
            )}
          </AttributeRow>
        ))
      ) : (
        <EmptyLine>{t('membersUi.fields.none')}</EmptyLine>
      )}
      <Divider label={t('membersUi.fields.new')} labelPosition="left" />
      <form onSubmit={create}>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput
              label={t('membersUi.fields.name')}
              maxLength={40}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              data-testid="new-field-name"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('membersUi.fields.kind')}
              </Text>
              <SegmentedControl
                size="xs"
                value={kind}
                onChange={(value) => setKind(value as CustomFieldKind)}
                data={customFieldKinds.map((value) => ({ value, label: t(`members.fieldKinds.${value}`) }))}
              />
            </Stack>
          </Group>
          {kind === 'choice' && (
            <TagsInput
              label={t('membersUi.fields.options')}
              description={t('membersUi.fields.optionsHint')}
              value={options}
              onChange={setOptions}
            />
          )}
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={busy}
              disabled={name.trim() === '' || (kind === 'choice' && options.length === 0)}
              data-testid="create-field"
            >
              {t('membersUi.fields.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AttributeModal>
  );
}

export function RolesModal(props: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { data: roles } = useChannel('roles.list', {}, ['members']);
  const { busy, run } = useBusy();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<RolePermission[]>([]);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call('roles.create', { name, permissions }))) {
      setName('');
      setPermissions([]);
    }
  };
  return (
    <AttributeModal opened={props.opened} onClose={props.onClose} title={t('membersUi.roles.manageTitle')}>
      <Text size="sm" c="dimmed">
        {t('membersUi.roles.hint')}
      </Text>
      {roles?.length ? (
        roles.map((role) => (
          <AttributeRow
            key={role.id}
            name={role.name}
            deleteLabel={t('membersUi.roles.delete', { name: role.name })}
            onDelete={() => void run(() => call('roles.delete', { id: role.id }))}
          >
            {role.permissions.map((permission) => (
              <Badge key={permission} variant="light" size="sm" tt="none">
                {t(`members.permissions.${permission}`)}
              </Badge>
            ))}
          </AttributeRow>
        ))
      ) : (
        <EmptyLine>{t('membersUi.groups.noRoles')}</EmptyLine>
      )}
      <Divider label={t('membersUi.roles.new')} labelPosition="left" />
      <form onSubmit={create}>
        <Stack gap="sm">
          <TextInput
            label={t('membersUi.roles.name')}
            maxLength={40}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('membersUi.roles.permissions')}
            value={permissions}
            onChange={(value) => setPermissions(value as RolePermission[])}
          >
            <Group gap="md" mt={6}>
              {rolePermissions.map((permission) => (
                <Checkbox
                  key={permission}
                  value={permission}
                  label={t(`members.permissions.${permission}`)}
                />
              ))}
            </Group>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button type="submit" loading={busy} disabled={name.trim() === ''}>
              {t('membersUi.roles.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AttributeModal>
  );
}
