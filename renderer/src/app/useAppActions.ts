/** Actions shared by the command palette, the keyboard shortcuts and the header. */
import { useComputedColorScheme } from '@mantine/core';
import { useSettings } from './settings';

export function useAppActions() {
  const { settings, update } = useSettings();
  const computed = useComputedColorScheme('light');
  return {
    toggleTheme: () => void update({ colorScheme: computed === 'dark' ? 'light' : 'dark' }),
    toggleLanguage: () => void update({ locale: settings.locale === 'zh-CN' ? 'en' : 'zh-CN' }),
    colorScheme: computed,
  };
}
