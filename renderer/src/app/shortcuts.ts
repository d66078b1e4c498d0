/** Keyboard shortcuts: one list drives the handlers, the command palette hints and the settings page. */
import type { TFunction } from 'i18next';
import { areas } from './areas';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const modKeyLabel = isMac ? '⌘' : 'Ctrl';

export interface ShortcutInfo {
  /** Mantine hotkey syntax, e.g. `mod+1`. */
  hotkey: string;
  /** Keys as shown to the user, e.g. ['Ctrl', '1']. */
  keys: string[];
  label: string;
}

export const paletteHotkey = 'mod+K';
export const toggleThemeHotkey = 'mod+shift+L';
export const lockHotkey = 'mod+L';

/** The hotkey opening the area at `index` (0-based): mod+1 … mod+9. */
export function areaHotkey(index: number): string | undefined {
  return index < 9 ? `mod+${index + 1}` : undefined;
}

export function hotkeyKeys(hotkey: string): string[] {
  return hotkey
    .split('+')
    .map((key) =>
      key === 'mod' ? modKeyLabel : key === 'shift' ? (isMac ? '⇧' : 'Shift') : key.toUpperCase(),
    );
}

export function shortcutList(t: TFunction): ShortcutInfo[] {
  const list: ShortcutInfo[] = [
    { hotkey: paletteHotkey, keys: hotkeyKeys(paletteHotkey), label: t('shortcuts.palette') },
  ];
  areas.forEach((area, index) => {
    const hotkey = areaHotkey(index);
    if (hotkey)
      list.push({ hotkey, keys: hotkeyKeys(hotkey), label: t('shortcuts.area', { area: t(area.labelKey) }) });
  });
  list.push({
    hotkey: toggleThemeHotkey,
    keys: hotkeyKeys(toggleThemeHotkey),
    label: t('shortcuts.toggleTheme'),
  });
  list.push({ hotkey: lockHotkey, keys: hotkeyKeys(lockHotkey), label: t('shortcuts.lock') });
  return list;
}
