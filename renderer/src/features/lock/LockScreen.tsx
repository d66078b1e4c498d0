/** The only screen while the app is locked: pick an operator, type the passphrase. Nothing of the workspace shows. */
import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconLock, IconMessages, IconShieldLock } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../../shared/domain/operators';
import { call } from '../../api/client';
import { describeError } from '../../ui/errors';
import { StandaloneScreen } from '../../ui/StandaloneScreen';

/** Whole seconds left until `deadline` (epoch ms), ticking while there are some. */
function useSecondsUntil(deadline: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadline) window.clearInterval(timer);
    }, 500);
    return () => window.clearInterval(timer);
  }, [deadline]);
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

export function LockScreen({
  status,
  onUnlocked,
}: {
  status: SessionStatus;
  onUnlocked(next: SessionStatus): void;
}) {
  const { t } = useTranslation();
  const [operatorId, setOperatorId] = useState<string | null>(() => {
    const preferred =
      status.lastOperatorId ?? (status.operators.length === 1 ? status.operators[0]?.id : null);
    return preferred == null ? null : String(preferred);
  });
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [retryUntil, setRetryUntil] = useState(() => Date.now() + status.retryAfterSeconds * 1000);
  const waiting = useSecondsUntil(retryUntil);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!operatorId || !passphrase || waiting > 0) return;
    setWorking(true);
    setError(null);
    try {
      onUnlocked(await call('session.unlock', { operatorId: Number(operatorId), passphrase }));
    } catch (caught) {
      setPassphrase('');
      setError(describeError(caught));
      const refreshed = await call('session.status').catch(() => null);
      if (refreshed) setRetryUntil(Date.now() + refreshed.retryAfterSeconds * 1000);
    } finally {
      setWorking(false);
    }
  };

  return (
    <StandaloneScreen testId="lock-screen" languageTestId="lock-language">
      <Center mih="calc(100dvh - 140px)" px="md">
        <Paper withBorder shadow="md" p="xl" w="100%" maw={420} radius="lg">
          <form onSubmit={(event) => void submit(event)}>
            <Stack gap="lg">
              <Stack gap="xs" align="center">
                <ThemeIcon
                  size={48}
                  radius="md"
                  variant="gradient"
                  gradient={{ from: 'brand.5', to: 'teal.7', deg: 135 }}
                >
                  <IconMessages size={28} />
                </ThemeIcon>
                <Text fw={700} size="lg">
                  {t('app.name')}
                </Text>
                <Group gap={6} wrap="nowrap">
                  <IconShieldLock size={20} color="var(--mantine-color-dimmed)" />
                  <Title order={2} fz={20}>
                    {t('lock.title')}
                  </Title>
                </Group>
                <Text size="sm" c="dimmed" ta="center">
                  {t('lock.subtitle')}
                </Text>
              </Stack>
              <Select
                label={t('lock.operator')}
                placeholder={t('lock.choose')}
                data={status.operators.map((operator) => ({
                  value: String(operator.id),
                  label: operator.name,
                }))}
                value={operatorId}
                onChange={setOperatorId}
                allowDeselect={false}
                withAsterisk
                data-testid="lock-operator"
                comboboxProps={{ withinPortal: true }}
              />
              <PasswordInput
                label={t('lock.passphrase')}
                leftSection={<IconLock size={16} />}
                value={passphrase}
                onChange={(event) => setPassphrase(event.currentTarget.value)}
                autoComplete="current-password"
                autoFocus
                withAsterisk
                data-testid="lock-passphrase"
              />
              {error && (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertCircle size={18} />}
                  data-testid="lock-error"
                >
                  {error}
                </Alert>
              )}
              <Button
                type="submit"
                size="md"
                loading={working}
                disabled={!operatorId || !passphrase || waiting > 0}
                leftSection={<IconLock size={18} />}
                data-testid="lock-unlock"
              >
                {waiting > 0 ? t('lock.retryIn', { seconds: waiting }) : t('lock.unlock')}
              </Button>
              <Text size="xs" c="dimmed" ta="center">
                {t('lock.privacyNote')}
              </Text>
            </Stack>
          </form>
        </Paper>
      </Center>
    </StandaloneScreen>
  );
}
