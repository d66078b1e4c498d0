/**
 * A full-window screen shown instead of the app shell (lock screen, recovery): the page background and, top right,
 * the language and theme switches, which work there too because settings answer in every state.
 */
import { ActionIcon, Box, Button, Group, Tooltip } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppActions } from '../app/useAppActions';

export function StandaloneScreen(props: { testId: string; languageTestId: string; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { toggleTheme, toggleLanguage, colorScheme } = useAppActions();
  return (
    <Box
      h="100dvh"
      style={{ overflow: 'auto', background: 'var(--mantine-color-default-hover)' }}
      data-testid={props.testId}
    >
      <Group justify="flex-end" p="md" gap="xs">
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          onClick={toggleLanguage}
          data-testid={props.languageTestId}
        >
          {i18n.language === 'en' ? '简体中文' : 'English'}
        </Button>
        <Tooltip label={t('shell.toggleTheme')}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={toggleTheme}
            aria-label={t('shell.toggleTheme')}
          >
            {colorScheme === 'dark' ? <IconSun size={20} /> : <IconMoon size={20} />}
          </ActionIcon>
        </Tooltip>
      </Group>
      {props.children}
    </Box>
  );
}
