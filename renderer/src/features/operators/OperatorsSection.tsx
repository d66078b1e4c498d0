/** Settings → 操作员与锁定: operators, roles and their permissions, auto-lock minutes and export watermark. */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconDots,
  IconKey,
  IconPencil,
  IconPlus,
  IconTrash,
  IconUserShield,
  IconUsers,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import {
  maxIdleMinutes,
  type LockSettings,
  type OperatorSummary,
  type RoleSummary,
} from '../../../../shared/domain/operators';
import { call } from '../../api/client';
import { hotkeyKeys, lockHotkey } from '../../app/shortcuts';
import { notifyError } from '../../ui/errors';
import { useFormat } from '../../ui/format';
import { useChannel } from '../../ui/useChannel';
import { useSession } from '../lock/session';
import {
  ChangeRoleForm,
  CreateOperatorForm,
  DeleteOperatorForm,
  OperatorModal,
  ResetPassphraseForm,
  RoleForm,
} from './OperatorModals';
import { roleColor, roleLabel } from './operatorText';

type Dialog =
  | { kind: 'create' }
  | { kind: 'reset' | 'role' | 'delete'; operator: OperatorSummary }
  | { kind: 'editRole'; role: RoleSummary | null };

function SubTitle({ children }: { children: ReactNode }) {
  return (
    <Text fw={600} size="sm" mt="md" mb={6}>
      {children}
    </Text>
  );
}

export function OperatorsSection() {
  const { t, dateTime } = useFormat();
  const { status, can } = useSession();
  const { data } = useChannel('operators.list', {}, ['session']);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const manage = can('manageOperators');
  const roles = data?.roles ?? [];
  const first = data !== undefined && data.operators.length === 0;

  const dialogTitle = (() => {
    if (!dialog) return '';
    if (dialog.kind === 'create')
      return t(first ? 'operatorsUi.form.firstTitle' : 'operatorsUi.form.createTitle');
    if (dialog.kind === 'reset') return t('operatorsUi.form.resetTitle', { name: dialog.operator.name });
    if (dialog.kind === 'role') return t('operatorsUi.form.roleTitle', { name: dialog.operator.name });
    if (dialog.kind === 'editRole') return t(dialog.role ? 'operatorsUi.editRole' : 'operatorsUi.addRole');
    return t('operatorsUi.form.deleteTitle');
  })();

  return (
    <Paper withBorder p="lg" data-testid="operators-section">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Title order={4}>{t('operatorsUi.title')}</Title>
        {manage && !first && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="add-operator"
          >
            {t('operatorsUi.addOperator')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('operatorsUi.intro')}
      </Text>
      {!manage && (
        <Text size="sm" c="orange" mb="sm">
          {t('operatorsUi.needsManage')}
        </Text>
      )}

      {data && first && (
        <Paper withBorder radius="md" p="md" bg="var(--mantine-color-default-hover)">
          <Group justify="space-between" wrap="wrap" gap="md">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
              <ThemeIcon variant="light" size={36} radius="xl">
                <IconUsers size={20} />
              </ThemeIcon>
              <Text size="sm">{t('operatorsUi.noOperators')}</Text>
            </Group>
            {manage && (
              <Button
                leftSection={<IconUserShield size={16} />}
                onClick={() => setDialog({ kind: 'create' })}
                data-testid="create-first-operator"
              >
                {t('operatorsUi.createFirst')}
              </Button>
            )}
          </Group>
        </Paper>
      )}

      {data && !first && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" data-testid="operators-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('operatorsUi.columns.name')}</Table.Th>
                <Table.Th w={150}>{t('operatorsUi.columns.role')}</Table.Th>
                <Table.Th w={170}>{t('operatorsUi.columns.lastSignIn')}</Table.Th>
                {manage && <Table.Th w={60} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.operators.map((operator) => (
                <Table.Tr key={operator.id} data-testid="operator-row">
                  <Table.Td>
                    <Text size="sm" fw={500} span>
                      {operator.name}
                    </Text>
                    {operator.id === status.operator?.id && (
                      <Text size="sm" c="dimmed" span ml={4}>
                        {t('operatorsUi.you')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={roleColor(operator.role)} radius="sm">
                      {roleLabel(operator.role, roles, t)}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="tabular">
                    <Text size="sm" c={operator.lastSignInAt ? undefined : 'dimmed'}>
                      {operator.lastSignInAt ? dateTime(operator.lastSignInAt) : t('operatorsUi.never')}
                    </Text>
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t('operatorsUi.columns.actions')}
                            data-testid="operator-menu"
                          >
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconUserShield size={16} />}
                            onClick={() => setDialog({ kind: 'role', operator })}
                          >
                            {t('operatorsUi.changeRole')}
                          </Menu.Item>
                          <Menu.Item
                            leftSection={<IconKey size={16} />}
                            onClick={() => setDialog({ kind: 'reset', operator })}
                          >
                            {t('operatorsUi.resetPassphrase')}
                          </Menu.Item>
                          <Menu.Item
                            color="red"
                            leftSection={<IconTrash size={16} />}
                            disabled={operator.id === status.operator?.id}
                            onClick={() => setDialog({ kind: 'delete', operator })}
                          >
                            {t('operatorsUi.deleteOperator')}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {data && (
        <>
          <Group justify="space-between" mt="md" mb={6}>
            <Text fw={600} size="sm">
              {t('operatorsUi.rolesTitle')}
            </Text>
            {manage && (
              <Button
                size="compact-xs"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                onClick={() => setDialog({ kind: 'editRole', role: null })}
                data-testid="add-role"
              >
                {t('operatorsUi.addRole')}
              </Button>
            )}
          </Group>
          <Stack gap={0}>
            {roles.map((role) => (
              <RoleRow
                key={role.key}
                role={role}
                roles={roles}
                onEdit={manage && !role.builtin ? () => setDialog({ kind: 'editRole', role }) : undefined}
              />
            ))}
          </Stack>
          <SubTitle>{t('operatorsUi.lockTitle')}</SubTitle>
          <LockSettingsFields
            key={JSON.stringify(data.settings)}
            settings={data.settings}
            disabled={!manage}
          />
        </>
      )}

      <OperatorModal opened={dialog !== null} title={dialogTitle} onClose={close} testId="operator-dialog">
        {dialog?.kind === 'create' && <CreateOperatorForm roles={roles} first={first} onClose={close} />}
        {dialog?.kind === 'reset' && <ResetPassphraseForm operator={dialog.operator} onClose={close} />}
        {dialog?.kind === 'role' && (
          <ChangeRoleForm operator={dialog.operator} roles={roles} onClose={close} />
        )}
        {dialog?.kind === 'delete' && <DeleteOperatorForm operator={dialog.operator} onClose={close} />}
        {dialog?.kind === 'editRole' && <RoleForm role={dialog.role} onClose={close} />}
      </OperatorModal>
    </Paper>
  );
}

function RoleRow(props: { role: RoleSummary; roles: RoleSummary[]; onEdit: (() => void) | undefined }) {
  const { t } = useFormat();
  const { role } = props;
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap="md"
      py={8}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      data-testid="role-row"
    >
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          <Badge variant="light" color={roleColor(role.key)} radius="sm">
            {roleLabel(role.key, props.roles, t)}
          </Badge>
          <Text size="xs" c="dimmed">
            {role.builtin ? t('operatorsUi.builtin') : t('operatorsUi.customRole')} ·{' '}
            {t('operatorsUi.operatorCount', { count: role.operatorCount })}
          </Text>
        </Group>
        <Group gap={4}>
          {role.permissions.length === 0 ? (
            <Text size="xs" c="dimmed">
              {role.builtin ? t(`operators.roleHints.${role.key}`) : t('operatorsUi.noPermissions')}
            </Text>
          ) : (
            role.permissions.map((permission) => (
              <Badge key={permission} variant="outline" color="gray" size="sm" radius="sm">
                {t(`operators.permissions.${permission}`)}
              </Badge>
            ))
          )}
        </Group>
      </Stack>
      {props.onEdit && (
        <ActionIcon
          variant="subtle"
          color="gray"
          onClick={props.onEdit}
          aria-label={t('operatorsUi.editRole')}
        >
          <IconPencil size={16} />
        </ActionIcon>
      )}
    </Group>
  );
}

function LockSettingsFields({ settings, disabled }: { settings: LockSettings; disabled: boolean }) {
  const { t } = useFormat();
  const [idle, setIdle] = useState<number | string>(settings.idleMinutes);
  const save = async (patch: Partial<LockSettings>) => {
    try {
      await call('operators.updateSettings', patch);
    } catch (error) {
      notifyError(error);
    }
  };
  const commitIdle = () => {
    const minutes = typeof idle === 'number' ? idle : Number(idle);
    if (Number.isInteger(minutes) && minutes !== settings.idleMinutes) void save({ idleMinutes: minutes });
    else setIdle(settings.idleMinutes);
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap" gap="lg">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={500}>
            {t('operatorsUi.idleMinutes')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('operatorsUi.idleHint', { keys: hotkeyKeys(lockHotkey).join('+') })}
          </Text>
        </Stack>
        <NumberInput
          w={110}
          min={0}
          max={maxIdleMinutes}
          clampBehavior="strict"
          allowDecimal={false}
          value={idle}
          onChange={setIdle}
          onBlur={commitIdle}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitIdle();
          }}
          disabled={disabled}
          data-testid="idle-minutes"
        />
      </Group>
      <Group justify="space-between" wrap="nowrap" gap="lg">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={500}>
            {t('operatorsUi.watermark')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('operatorsUi.watermarkHint')}
          </Text>
        </Stack>
        <Switch
          checked={settings.watermarkExports}
          onChange={(event) => void save({ watermarkExports: event.currentTarget.checked })}
          disabled={disabled}
          data-testid="watermark-switch"
        />
      </Group>
    </Stack>
  );
}
