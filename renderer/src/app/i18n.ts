/**
 * i18next over the shared dictionaries (the same texts the CLI and error messages use). Chinese first: it is the
 * default and the fallback for any key missing in English.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { dictionaries } from '../../../shared/i18n';
import { defaultSettings, type Locale } from '../../../shared/domain/types';

export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: dictionaries['zh-CN'] },
    en: { translation: dictionaries.en },
  },
  lng: defaultSettings.locale,
  fallbackLng: 'zh-CN',
  // Message keys are dotted paths only; `:` may appear in texts.
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export function applyLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
  document.title = i18n.t('app.name');
}

/** Translates an error or job message key with its params; unknown keys fall back to the given default key. */
export function translateKey(
  key: string,
  params?: Record<string, string | number>,
  fallbackKey = 'errors.internal',
): string {
  return i18n.exists(key) ? i18n.t(key, params ?? {}) : i18n.t(fallbackKey, params ?? {});
}
