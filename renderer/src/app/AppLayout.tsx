import {
  ActionIcon,
  AppShell,
  Box,
  Burger,
  Group,
  NavLink,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { IconMessages, IconMoon, IconSearch, IconSun } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { BackupBanner } from '../features/backup/BackupBanner';
import { JobsIndicator } from '../features/jobs/JobsIndicator';
import { SessionControls } from '../features/lock/SessionControls';
import { KeyCombo } from '../ui/Shortcuts';
import { useChannel } from '../ui/useChannel';
import { areaOfPath, areas } from './areas';
import { CommandPalette } from './CommandPalette';
import { fullHeightAreas, screens } from './routes';
import { navigate, usePath } from './router';
import { areaHotkey, hotkeyKeys, paletteHotkey, toggleThemeHotkey } from './shortcuts';
import { useAppActions } from './useAppActions';

const headerHeight = 56;
const navbarWidth = 228;

function lastPathPart(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

function PaletteButton() {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      onClick={() => spotlight.open()}
      w={340}
      h={34}
      px="sm"
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        background: 'var(--mantine-color-default)',
      }}
      data-testid="open-palette"
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <IconSearch size={16} color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed" truncate>
            {t('shell.searchPlaceholder')}
          </Text>
        </Group>
        <KeyCombo keys={hotkeyKeys(paletteHotkey)} />
      </Group>
    </UnstyledButton>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const path = usePath();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { toggleTheme, colorScheme } = useAppActions();
  const { data: info } = useChannel('workspace.info', {}, ['workspace']);
  const area = areaOfPath(path);

  const areaHotkeys = areas.flatMap((candidate, index) => {
    const hotkey = areaHotkey(index);
    return hotkey ? [[hotkey, () => navigate(candidate.path)] as [string, () => void]] : [];
  });
  // Work while typing too: these combinations never type text.
  useHotkeys([...areaHotkeys, [toggleThemeHotkey, toggleTheme]], []);

  const Screen = area ? screens[area.id] : screens.home;
  const fullHeight = area ? fullHeightAreas.has(area.id) : false;

  return (
    <AppShell
      header={{ height: headerHeight }}
      navbar={{ width: navbarWidth, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={0}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="sm" wrap="nowrap" w={navbarWidth - 16}>
            <Burger
              opened={navOpened}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNavigation')}
            />
            <ThemeIcon
              size={32}
              radius="md"
              variant="gradient"
              gradient={{ from: 'brand.5', to: 'teal.7', deg: 135 }}
            >
              <IconMessages size={20} />
            </ThemeIcon>
            <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Text>
          </Group>
          <Box visibleFrom="sm" style={{ flex: 1, display: 'flex', justifyContent: 'center' }}>
            <PaletteButton />
          </Box>
          <Group gap="xs" wrap="nowrap">
            <JobsIndicator />
            <Tooltip label={t('shell.toggleTheme')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                onClick={toggleTheme}
                aria-label={t('shell.toggleTheme')}
                data-testid="toggle-theme"
              >
                {colorScheme === 'dark' ? <IconSun size={20} /> : <IconMoon size={20} />}
              </ActionIcon>
            </Tooltip>
            <SessionControls />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow>
          <Stack gap={2} component="nav" aria-label={t('app.name')}>
            {areas.map((candidate, index) => {
              const hotkey = areaHotkey(index);
              return (
                <NavLink
                  key={candidate.id}
                  href={`#${candidate.path}`}
                  label={t(candidate.labelKey)}
                  leftSection={<candidate.icon size={20} stroke={1.6} />}
                  rightSection={
                    hotkey ? <span className="nav-shortcut">{hotkeyKeys(hotkey).join('+')}</span> : null
                  }
                  active={candidate.id === area?.id}
                  onClick={closeNav}
                  variant="light"
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                  data-testid={`nav-${candidate.id}`}
                />
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          {info && (
            <Tooltip
              label={info.path}
              position="top-start"
              multiline
              maw={360}
              style={{ overflowWrap: 'anywhere' }}
            >
              <Stack gap={0} px="sm" py="xs">
                <Text size="xs" c="dimmed">
                  {t('shell.workspace')}
                </Text>
                <Text size="sm" fw={500} truncate>
                  {lastPathPart(info.path)}
                </Text>
              </Stack>
            </Tooltip>
          )}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main style={{ height: '100dvh', display: 'flex', flexDirection: 'column' }}>
        <BackupBanner />
        <Box
          style={{ flex: 1, minHeight: 0, overflow: fullHeight ? 'hidden' : 'auto' }}
          p="xl"
          data-testid={`screen-${area?.id ?? 'home'}`}
        >
          <Box h={fullHeight ? '100%' : undefined} maw={1400} mx="auto">
            <Screen />
          </Box>
        </Box>
      </AppShell.Main>
      <CommandPalette />
    </AppShell>
  );
}
