/** Pure helpers of the backup screens: sizes, periods, times of day, folder paths and passphrase strength. */
import type { TFunction } from 'i18next';

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** `1.4 MB`, `820 KB`: binary steps, one decimal from MB up, digits grouped for the language. */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit >= 2 && value < 100 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${byteUnits[unit]}`;
}

/** The warning threshold as people say it: whole days when it is a multiple of 24 hours, else hours. */
export function formatPeriod(hours: number, t: TFunction): string {
  if (hours >= 24 && hours % 24 === 0) {
    const days = hours / 24;
    return days === 1 ? t('backupUi.period.day') : t('backupUi.period.days', { count: days });
  }
  return hours === 1 ? t('backupUi.period.hour') : t('backupUi.period.hours', { count: hours });
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Minutes after midnight → `21:30`. */
export function minutesToTime(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A backup folder must be an absolute path: the backend resolves a relative one against its own working folder,
 * which is never what the user meant. Windows drives, UNC shares and POSIX paths count.
 */
export function isAbsoluteFolderPath(path: string): boolean {
  return /^(?:[a-zA-Z]:[\\/]|\\\\|\/)/.test(path.trim());
}

/** The last part of a folder path, to name a vault without a label. */
export function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export function vaultName(vault: { label: string; path: string }): string {
  return vault.label.trim() || folderName(vault.path);
}

export type StrengthLevel = 'tooShort' | 'weak' | 'fair' | 'strong' | 'veryStrong';

/**
 * A rough strength estimate for the hint under the passphrase: bits from the character pool times the length,
 * counting repeats only once or twice (`aaaaaaaa` is weak). Chinese characters come from a pool of thousands.
 */
export function passphraseStrength(
  passphrase: string,
  minLength: number,
): { level: StrengthLevel; score: number } {
  const chars = [...passphrase];
  if (chars.length < minLength) return { level: 'tooShort', score: chars.length === 0 ? 0 : 10 };
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/\d/.test(passphrase)) pool += 10;
  if (/[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(passphrase)) pool += 33;
  if (chars.some((char) => char.codePointAt(0)! > 0x7f)) pool += 3000;
  const effectiveLength = Math.min(chars.length, new Set(chars).size * 2);
  const bits = effectiveLength * Math.log2(Math.max(pool, 2));
  if (bits < 40) return { level: 'weak', score: 30 };
  if (bits < 60) return { level: 'fair', score: 55 };
  if (bits < 90) return { level: 'strong', score: 80 };
  return { level: 'veryStrong', score: 100 };
}

export const strengthColors: Record<StrengthLevel, string> = {
  tooShort: 'red',
  weak: 'red',
  fair: 'yellow',
  strong: 'teal',
  veryStrong: 'green',
};
