/** Header controls once operators exist: who is signed in, and the lock button (also Ctrl/⌘+L). */
import { ActionIcon, Avatar, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { hotkeyKeys, lockHotkey } from '../../app/shortcuts';
import { useSession } from './session';

export function SessionControls() {
  const { t } = useTranslation();
  const { status, lock, can } = useSession();
  const operator = status.operator;
  // Works while typing too: the combination never types text.
  useHotkeys(operator ? [[lockHotkey, () => void lock()]] : [], []);
  if (!operator) return null;
  const roleName = operator.roleName ?? t(`operators.roles.${operator.role}`);

  return (
    <Group gap="xs" wrap="nowrap" data-testid="session-controls">
      <Group gap={8} wrap="nowrap" visibleFrom="md" title={t('lock.signedInAs', { name: operator.name })}>
        <Avatar size={30} radius="xl" color="brand" variant="light">
          {[...operator.name][0]}
        </Avatar>
        <Stack gap={0} maw={140}>
          <Text size="sm" fw={500} truncate data-testid="session-operator">
            {operator.name}
          </Text>
          <Text size="xs" c="dimmed" truncate lh={1.2}>
            {roleName}
          </Text>
        </Stack>
      </Group>
      {!can('edit') && (
        <Tooltip label={t('lock.readOnlyHint')}>
          <Badge variant="light" color="gray" radius="sm" data-testid="read-only-badge">
            {t('lock.readOnly')}
          </Badge>
        </Tooltip>
      )}
      <Tooltip label={t('lock.lockHint', { keys: hotkeyKeys(lockHotkey).join('+') })}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          onClick={() => void lock()}
          aria-label={t('lock.lockNow')}
          data-testid="lock-now"
        >
          <IconLock size={20} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
