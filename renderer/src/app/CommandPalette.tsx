import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from '@mantine/spotlight';
import { IconLanguage, IconPlus, IconSearch, IconSparkles, IconSunMoon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLoadDemo } from '../features/home/useLoadDemo';
import { newGroupPath } from '../features/groups/GroupsPage';
import { KeyCombo } from '../ui/Shortcuts';
import { useChannel } from '../ui/useChannel';
import { areaHotkey, hotkeyKeys, paletteHotkey, toggleThemeHotkey } from './shortcuts';
import { areas } from './areas';
import { navigate } from './router';
import { useAppActions } from './useAppActions';

const iconSize = 20;

/** Ctrl/⌘+K: every area, plus the app's main actions, searchable in Chinese or English. */
export function CommandPalette() {
  const { t } = useTranslation();
  const { toggleTheme, toggleLanguage } = useAppActions();
  const demo = useLoadDemo();
  const { data: info } = useChannel('workspace.info', {}, ['workspace', 'groups', 'members', 'messages']);

  const hint = (hotkey: string | undefined) => (hotkey ? <KeyCombo keys={hotkeyKeys(hotkey)} /> : undefined);

  const navigation: SpotlightActionGroupData = {
    group: t('palette.navigation'),
    actions: areas.map((area, index) => ({
      id: `go-${area.id}`,
      label: t(area.labelKey),
      description: t('palette.goTo', { area: t(area.labelKey) }),
      keywords: [area.id, area.path],
      leftSection: <area.icon size={iconSize} stroke={1.6} />,
      rightSection: hint(areaHotkey(index)),
      onClick: () => navigate(area.path),
    })),
  };

  const actions: SpotlightActionData[] = [
    {
      id: 'new-group',
      label: t('palette.newGroup'),
      description: t('palette.newGroupHint'),
      keywords: ['group', 'new', 'create', 'xinjian'],
      leftSection: <IconPlus size={iconSize} stroke={1.6} />,
      onClick: () => navigate(newGroupPath),
    },
  ];
  // The demo only goes into an empty workspace, so the action appears only then.
  if (info?.isEmpty && !demo.running) {
    actions.push({
      id: 'load-demo',
      label: t('palette.loadDemo'),
      description: t('palette.loadDemoHint'),
      keywords: ['demo', 'sample'],
      leftSection: <IconSparkles size={iconSize} stroke={1.6} />,
      onClick: () => {
        navigate('/');
        void demo.start();
      },
    });
  }
  actions.push(
    {
      id: 'toggle-theme',
      label: t('palette.toggleTheme'),
      description: t('palette.toggleThemeHint'),
      keywords: ['theme', 'dark', 'light', 'zhuti'],
      leftSection: <IconSunMoon size={iconSize} stroke={1.6} />,
      rightSection: hint(toggleThemeHotkey),
      onClick: toggleTheme,
    },
    {
      id: 'toggle-language',
      label: t('palette.toggleLanguage'),
      description: t('palette.toggleLanguageHint'),
      keywords: ['language', 'english', '中文', 'yuyan'],
      leftSection: <IconLanguage size={iconSize} stroke={1.6} />,
      onClick: toggleLanguage,
    },
  );

  return (
    <Spotlight
      actions={[navigation, { group: t('palette.actions'), actions }]}
      shortcut={[paletteHotkey]}
      nothingFound={t('palette.nothingFound')}
      highlightQuery
      scrollable
      maxHeight={440}
      searchProps={{
        leftSection: <IconSearch size={20} stroke={1.5} />,
        placeholder: t('shell.searchPlaceholder'),
      }}
    />
  );
}
