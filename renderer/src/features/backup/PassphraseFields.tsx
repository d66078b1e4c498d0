import { PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { minPassphraseLength } from '../../../../shared/ipc/channels/backup';
import { passphraseStrength, strengthColors } from './backupFormat';

export interface PassphraseValues {
  passphrase: string;
  confirm: string;
}

export const emptyPassphrase: PassphraseValues = { passphrase: '', confirm: '' };

/** A passphrase's rules and texts; the vault's unless another feature (operators) brings its own. */
export interface PassphraseRules {
  minLength: number;
  tooShortKey: string;
  mismatchKey: string;
}

const vaultRules: PassphraseRules = {
  minLength: minPassphraseLength,
  tooShortKey: 'backupUi.create.tooShort',
  mismatchKey: 'backupUi.create.mismatch',
};

/** What is wrong with a new passphrase before it goes to the backend, per field. */
export function checkPassphrase(
  values: PassphraseValues,
  t: TFunction,
  rules: PassphraseRules = vaultRules,
): { passphrase?: string; confirm?: string } {
  if ([...values.passphrase].length < rules.minLength)
    return { passphrase: t(rules.tooShortKey, { min: rules.minLength }) };
  if (values.confirm !== values.passphrase) return { confirm: t(rules.mismatchKey) };
  return {};
}

/** A new passphrase (a vault's by default), typed twice, with a strength bar and a hint on what makes a good one. */
export function PassphraseFields(props: {
  label: string;
  values: PassphraseValues;
  errors: { passphrase?: string | undefined; confirm?: string | undefined };
  onChange(values: PassphraseValues): void;
  autoFocus?: boolean;
  /** The hint and the second field's label, when not the vault's. */
  description?: string;
  confirmLabel?: string;
  minLength?: number;
  /** The first field's test id; the second's adds `-confirm`. */
  testId?: string;
}) {
  const { t } = useTranslation();
  const minLength = props.minLength ?? minPassphraseLength;
  const testId = props.testId ?? 'passphrase';
  const strength = passphraseStrength(props.values.passphrase, minLength);
  return (
    <Stack gap="sm">
      <Stack gap={6}>
        <PasswordInput
          label={props.label}
          description={props.description ?? t('backupUi.create.passphraseHint', { min: minLength })}
          leftSection={<IconLock size={16} />}
          withAsterisk
          data-autofocus={props.autoFocus || undefined}
          autoComplete="new-password"
          value={props.values.passphrase}
          onChange={(event) => props.onChange({ ...props.values, passphrase: event.currentTarget.value })}
          error={props.errors.passphrase}
          data-testid={testId}
        />
        {props.values.passphrase && (
          <Stack gap={2} data-testid="passphrase-strength" data-level={strength.level}>
            <Progress value={strength.score} color={strengthColors[strength.level]} size="sm" />
            <Text size="xs" c="dimmed">
              {t('backupUi.strength.label', { level: t(`backupUi.strength.${strength.level}`) })}
            </Text>
          </Stack>
        )}
      </Stack>
      <PasswordInput
        label={props.confirmLabel ?? t('backupUi.create.confirm')}
        leftSection={<IconLock size={16} />}
        withAsterisk
        autoComplete="new-password"
        value={props.values.confirm}
        onChange={(event) => props.onChange({ ...props.values, confirm: event.currentTarget.value })}
        error={props.errors.confirm}
        data-testid={`${testId}-confirm`}
      />
    </Stack>
  );
}
