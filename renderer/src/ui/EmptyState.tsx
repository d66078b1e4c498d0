import { Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHome } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';

/** An empty screen that says what to do next, with the action(s) to do it. */
export function EmptyState(props: { icon: ReactNode; title: string; text: string; actions?: ReactNode }) {
  return (
    <Stack align="center" gap="sm" py={64} px="md" data-testid="empty-state">
      <ThemeIcon size={64} radius="xl" variant="light">
        {props.icon}
      </ThemeIcon>
      <Title order={4} ta="center">
        {props.title}
      </Title>
      <Text c="dimmed" ta="center" maw={460}>
        {props.text}
      </Text>
      {props.actions}
    </Stack>
  );
}

/** For screens that stay empty until there is data: home offers the demo and the import. */
export function GoHomeButton() {
  const { t } = useTranslation();
  return (
    <Button variant="light" leftSection={<IconHome size={16} />} onClick={() => navigate('/')} mt="xs">
      {t('common.goHome')}
    </Button>
  );
}
