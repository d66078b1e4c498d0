/**
 * Settings live in the backend (electron-store in the app, a JSON file in browser mode). The provider loads them
 * before the first screen so the language and theme never flash, and applies every change at once.
 */
import { Center, Loader, useMantineColorScheme } from '@mantine/core';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { call } from '../api/client';
import { defaultSettings, type Settings } from '../../../shared/domain/types';
import { DatesLocale } from '../ui/DateField';
import { notifyError } from '../ui/errors';
import { useDataChanged } from '../ui/useChannel';
import { applyLocale } from './i18n';

interface SettingsContextValue {
  settings: Settings;
  update(patch: Partial<Settings>): Promise<void>;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings outside SettingsProvider');
  return value;
}

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const { setColorScheme } = useMantineColorScheme();

  const accept = (next: Settings) => {
    applyLocale(next.locale);
    setColorScheme(next.colorScheme);
    setSettings(next);
  };

  const load = () => {
    call('settings.get').then(accept, (error: unknown) => {
      notifyError(error);
      accept(defaultSettings);
    });
  };

  // eslint-disable-next-line react-hooks/exhaustive-deps -- loads once; later changes arrive as data.changed
  useEffect(load, []);
  useDataChanged(['settings'], load);

  if (!settings) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }

  const update = async (patch: Partial<Settings>) => {
    // Applied at once so the switch feels instant; the saved value comes back and wins.
    accept({ ...settings, ...patch });
    try {
      accept(await call('settings.update', patch));
    } catch (error) {
      notifyError(error);
      load();
    }
  };

  return (
    <SettingsContext.Provider value={{ settings, update }}>
      <DatesLocale locale={settings.locale}>{children}</DatesLocale>
    </SettingsContext.Provider>
  );
}
