/** Dialogs of the operators section: add an operator, reset a passphrase, change a role, delete an operator. */
import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  customRoleId,
  minOperatorPassphraseLength,
  permissions,
  type OperatorSummary,
  type Permission,
  type RoleKey,
  type RoleSummary,
} from '../../../../shared/domain/operators';
import { call } from '../../api/client';
import { notifySuccess } from '../../ui/errors';
import { ModalActions, useBusy } from '../../ui/formKit';
import {
  PassphraseFields,
  checkPassphrase,
  emptyPassphrase,
  type PassphraseRules,
  type PassphraseValues,
} from '../backup/PassphraseFields';
import { roleLabel } from './operatorText';

export function OperatorModal(props: {
  opened: boolean;
  title: string;
  onClose(): void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={
        <Text fw={700} size="lg">
          {props.title}
        </Text>
      }
      data-testid={props.testId}
    >
      {props.children}
    </Modal>
  );
}

export function DialogButtons(props: {
  onCancel(): void;
  submitLabel: string;
  working: boolean;
  color?: string;
}) {
  return (
    <ModalActions onCancel={props.onCancel}>
      <Button type="submit" loading={props.working} color={props.color} data-testid="dialog-submit">
        {props.submitLabel}
      </Button>
    </ModalActions>
  );
}

const operatorPassphraseRules: PassphraseRules = {
  minLength: minOperatorPassphraseLength,
  tooShortKey: 'operatorsUi.form.tooShort',
  mismatchKey: 'operatorsUi.form.mismatch',
};

function PassphraseInputs(props: {
  values: PassphraseValues;
  errors: { passphrase?: string; confirm?: string };
  onChange(values: PassphraseValues): void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <PassphraseFields
      {...props}
      label={t('operatorsUi.form.passphrase')}
      description={t('operatorsUi.form.passphraseHint', { min: minOperatorPassphraseLength })}
      confirmLabel={t('operatorsUi.form.confirm')}
      minLength={minOperatorPassphraseLength}
      testId="operator-passphrase"
    />
  );
}

/** Runs a dialog's call: notifies errors, says `done` and closes on success. */
/** The busy hook, closing the dialog with a success note when the call worked. */
function useSubmit(onClose: () => void) {
  const { busy, run } = useBusy();
  return {
    working: busy,
    run: async (action: () => Promise<unknown>, done: string) => {
      if (!(await run(action))) return;
      notifySuccess(done);
      onClose();
    },
  };
}

function RoleSelect(props: {
  roles: RoleSummary[];
  value: RoleKey;
  onChange(role: RoleKey): void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('operatorsUi.form.role')}
      data={props.roles.map((candidate) => ({
        value: candidate.key,
        label: roleLabel(candidate.key, props.roles, t),
      }))}
      value={props.value}
      onChange={(value) => value && props.onChange(value as RoleKey)}
      allowDeselect={false}
      disabled={props.disabled}
      data-testid="operator-role"
    />
  );
}

export function CreateOperatorForm(props: { roles: RoleSummary[]; first: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<RoleKey>(props.first ? 'owner' : 'admin');
  const [values, setValues] = useState<PassphraseValues>(emptyPassphrase);
  const [errors, setErrors] = useState<{ name?: string; passphrase?: string; confirm?: string }>({});
  const { working, run } = useSubmit(props.onClose);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      ...(name.trim() ? {} : { name: t('operatorsUi.form.nameRequired') }),
      ...checkPassphrase(values, t, operatorPassphraseRules),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    void run(
      () => call('operators.create', { name: name.trim(), role, passphrase: values.passphrase }),
      t('operatorsUi.created', { name: name.trim() }),
    );
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        {props.first && (
          <Text size="sm" c="dimmed">
            {t('operatorsUi.form.firstHint')}
          </Text>
        )}
        <TextInput
          label={t('operatorsUi.form.name')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={40}
          withAsterisk
          data-autofocus
          error={errors.name}
          data-testid="operator-name"
        />
        <RoleSelect roles={props.roles} value={role} onChange={setRole} disabled={props.first} />
        <PassphraseInputs values={values} errors={errors} onChange={setValues} />
        <DialogButtons onCancel={props.onClose} submitLabel={t('common.create')} working={working} />
      </Stack>
    </form>
  );
}

export function ResetPassphraseForm(props: { operator: OperatorSummary; onClose(): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<PassphraseValues>(emptyPassphrase);
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string }>({});
  const { working, run } = useSubmit(props.onClose);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkPassphrase(values, t, operatorPassphraseRules);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    void run(
      () => call('operators.resetPassphrase', { id: props.operator.id, passphrase: values.passphrase }),
      t('operatorsUi.saved'),
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <PassphraseInputs values={values} errors={errors} onChange={setValues} autoFocus />
        <DialogButtons onCancel={props.onClose} submitLabel={t('common.save')} working={working} />
      </Stack>
    </form>
  );
}

export function ChangeRoleForm(props: { operator: OperatorSummary; roles: RoleSummary[]; onClose(): void }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<RoleKey>(props.operator.role);
  const { working, run } = useSubmit(props.onClose);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => call('operators.update', { id: props.operator.id, patch: { role } }),
      t('operatorsUi.saved'),
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <RoleSelect roles={props.roles} value={role} onChange={setRole} />
        <DialogButtons onCancel={props.onClose} submitLabel={t('common.save')} working={working} />
      </Stack>
    </form>
  );
}

export function DeleteOperatorForm(props: { operator: OperatorSummary; onClose(): void }) {
  const { t } = useTranslation();
  const { working, run } = useSubmit(props.onClose);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => call('operators.delete', { id: props.operator.id }), t('operatorsUi.deleted'));
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text>{t('operatorsUi.form.deleteConfirm', { name: props.operator.name })}</Text>
        <DialogButtons
          onCancel={props.onClose}
          submitLabel={t('common.delete')}
          working={working}
          color="red"
        />
      </Stack>
    </form>
  );
}

/** A custom role: its name and the permissions it grants. Without `role`, creates one. */
export function RoleForm(props: { role: RoleSummary | null; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(props.role?.name ?? '');
  // A new role edits everyday data unless unticked: a read-only role is the exception.
  const [granted, setGranted] = useState<string[]>(props.role?.permissions ?? ['edit']);
  const [nameError, setNameError] = useState<string | null>(null);
  const { working, run } = useSubmit(props.onClose);
  const id = props.role ? customRoleId(props.role.key) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError(t('operatorsUi.form.nameRequired'));
      return;
    }
    void run(
      () =>
        call('operators.saveRole', {
          ...(id === null ? {} : { id }),
          name: name.trim(),
          permissions: granted as Permission[],
        }),
      t('operatorsUi.saved'),
    );
  };
  const remove = () => {
    if (id === null) return;
    void run(() => call('operators.deleteRole', { id }), t('operatorsUi.deleted'));
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <TextInput
          label={t('operatorsUi.form.roleName')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={40}
          withAsterisk
          data-autofocus
          error={nameError}
          data-testid="role-name"
        />
        <Checkbox.Group label={t('operatorsUi.form.rolePermissions')} value={granted} onChange={setGranted}>
          <Stack gap={8} mt={6}>
            {permissions.map((permission) => (
              <Checkbox
                key={permission}
                value={permission}
                label={t(`operators.permissions.${permission}`)}
                data-testid={`role-permission-${permission}`}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="space-between" mt="xs">
          {id !== null ? (
            <Button variant="subtle" color="red" onClick={remove} disabled={working}>
              {t('operatorsUi.form.deleteRole')}
            </Button>
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={working} data-testid="dialog-submit">
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
